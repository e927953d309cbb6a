/**
 * The pane's Office.js port loaded on demand (src/taskpane/office-port.ts): every call reaches the
 * Office.js port once it is loaded, so a build, an update and the pane's reads land in Excel exactly as
 * they do through the port itself (the same fake Excel, office-addin-mock, on both sides).
 */
import { officePortOnDemand } from "../../src/taskpane/office-port";
import { applyUpdate, buildComparison, prepareUpdate } from "../../src/workbook/builder";
import { OfficeWorkbook } from "../../src/workbook/office-workbook";
import type { WorkbookPort } from "../../src/workbook/port";
import { FakeExcel } from "../workbook/fake-excel";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";

const added = asTemplate("added-per-conversation", { vendor: "Decagon", name: "Added later", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.4 } });

/** Builds the guide's comparison, updates it with a bid more, and reads it back through the port. */
async function session(port: WorkbookPort) {
  const built = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
  const update = await prepareUpdate(port, built.sheetName, { scenario: { ...GUIDE_SCENARIO, conversations: 110_000 }, templates: [...guideTemplates(), added] });
  await applyUpdate(port, update);
  const read = {
    sheets: await port.sheets(),
    values: await port.readValues(built.sheetName, "A1:H40"),
    formulas: await port.readFormulas(built.sheetName, "A1:H40"),
    cells: await port.readCells(built.sheetName, "A1:H40"),
    snapshot: await port.snapshot(built.sheetName),
    inspected: await port.inspectCell(built.sheetName, "B7"),
  };
  // Each comparison's id is its own (made when it is built): the rest must be the same.
  return JSON.parse(
    JSON.stringify(read)
      .replace(/AIPRICE_Comparison_[a-z0-9]+/g, "AIPRICE_Comparison_id")
      .replace(/"id":"[a-z0-9]+"/g, '"id":"id"'),
  );
}

describe("the Office.js port loaded on demand", () => {
  const global = globalThis as unknown as { Excel?: unknown };
  afterEach(() => delete global.Excel);

  test("a build, an update and every read give what the Office.js port itself gives", async () => {
    const direct = new FakeExcel();
    const expected = await session(new OfficeWorkbook(direct));
    const excel = new FakeExcel();
    global.Excel = excel;
    const got = await session(officePortOnDemand());
    expect(got).toEqual(expected);
    expect(excel.sheets.map((s) => s.name)).toEqual(direct.sheets.map((s) => s.name));
    expect(excel.syncs).toBe(direct.syncs);
  });

  test("has every call of a workbook port", () => {
    const port = officePortOnDemand();
    const calls = Object.getOwnPropertyNames(OfficeWorkbook.prototype).filter((k) => k !== "constructor" && typeof (OfficeWorkbook.prototype as unknown as Record<string, unknown>)[k] === "function");
    for (const k of ["sheets", "apply", "readValues", "snapshot", "update", "selection", "inspectCell", "readFormulas", "readCells"]) expect(calls).toContain(k);
    expect(Object.keys(port).sort()).toEqual(["apply", "inspectCell", "readCells", "readFormulas", "readValues", "selection", "sheets", "snapshot", "update"]);
  });
});
