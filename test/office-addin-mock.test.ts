// office-addin-mock loads under jest through the office-addin-manifest stub (see jest.config.js).
import { OfficeMockObject } from "office-addin-mock";

test("office-addin-mock works with the stubbed office-addin-manifest", async () => {
  const context = new OfficeMockObject({ host: "excel", workbook: { range: { address: "A1" } } });
  context.workbook.range.load("address");
  await context.sync();
  expect(context.workbook.range.address).toBe("A1");
});
