/**
 * The risk view as an analyst uses it in the workbench (a ranged answer that differs from the point estimate): the guide's three bids, bid
 * A's resolution rate typed as 30% / 60% / 80% on its rows (the buyer must operate it), B and C at their
 * vendors' claim. The answer differs from the point estimate, and it can be read off the risk block and
 * its chart. Screenshots go to test-artifacts/ for a person to look at.
 */
import { artifactPath } from "./browser";
import { useServedBrowser } from "./served-browser";
import { chooseGuideBids, expectClean, SHEET } from "./workbench-page";

const e2e = useServedBrowser();

test("bid A at 30% / 60% / 80%: it ranks last, carries the widest range and the largest exposure, and the chart shows it", async () => {
  const w = await e2e.openWorkbench({ width: 1440, height: 960 });
  const { page } = w;
  await chooseGuideBids(page);
  await page.click('button[data-action="build"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
  const layout = await page.evaluate(() => {
    const wb = window.aipriceWorkbench!.workbook;
    const values = wb.values("Bid comparison", "A1:A200").map((r) => r[0]);
    return { rows: values };
  });
  const rowOf = (label: string) => layout.rows.findIndex((v) => v === label) + 1;
  // The bids table's first bid row and the risk block's: found by their labels, as an analyst would.
  const tableHead = rowOf("Rank (1 = lowest blended cost)");
  const riskHead = rowOf("Bid") > 0 ? layout.rows.findIndex((v, i) => v === "Bid" && i + 1 > tableHead) + 1 : -1;
  expect(tableHead).toBeGreaterThan(0);
  expect(riskHead).toBeGreaterThan(tableHead);
  const set = (address: string, value: number) => page.evaluate(([a, v]) => window.aipriceWorkbench!.workbook.setCellInput("Bid comparison", a as string, v as number), [address, value] as const);
  await set(`E${tableHead + 1}`, 0.6); // A's own resolution rate
  await set(`B${riskHead + 1}`, 0.3); // its low
  await set(`D${riskHead + 1}`, 0.8); // its high
  const read = (address: string) => page.evaluate((a) => window.aipriceWorkbench!.workbook.value("Bid comparison", a), address);
  // At the point estimate A is now the dearest; per resolution it is still the cheapest.
  expect(await read(`A${tableHead + 1}`)).toBe(3);
  const exposure = await Promise.all([1, 2, 3].map((k) => read(`L${riskHead + k}`)));
  expect(exposure[0] as number).toBeGreaterThan(Math.max(exposure[1] as number, exposure[2] as number));
  const chances = await Promise.all([1, 2, 3].map((k) => read(`K${riskHead + k}`)));
  expect((chances as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  // The risk block and its chart in view (the chart's last row at the bottom of the grid).
  await page.evaluate((a) => window.aipriceWorkbench!.grid.reveal(a), `A${riskHead + 22}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifactPath("risk-block-bid-a-operated.png") });
  const ratesHead = layout.rows.findIndex((v) => v === "Resolution rate (every bid at the same rate)") + 1;
  await page.evaluate((a) => window.aipriceWorkbench!.grid.reveal(a), `A${ratesHead + 30}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifactPath("rates-block.png") });
  expectClean(w);
});
