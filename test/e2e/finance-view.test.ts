/**
 * The pane's finance view in the workbench (Chromium, the built dist/): the guide's bids over a 24-month
 * term growing 2% a month; the finance sheet is built (recognition, journal entries, bid B's expense
 * schedule computed by AIPRICE.EXPENSE_SCHEDULE, the monthly plan) and its screenshot saved for a finance
 * reader to judge; the monthly plan downloads as CSV that parses back to the engine's term totals. Once a
 * comparison is built, the finance figures follow its sheet as it stands (a volume typed there).
 */
import * as fs from "fs";
import { parse } from "csv-parse/sync";
import { compareTerm } from "../../src/engine";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { artifactPath } from "./browser";
import { useServedBrowser } from "./served-browser";
import { chooseGuideBids, expectClean, find, shown, typeInto } from "./workbench-page";

const e2e = useServedBrowser();

test("the finance sheet and the monthly plan's CSV, from the pane", async () => {
  const w = await e2e.openWorkbench();
  const { page } = w;
  // Nothing chosen: the view says what to do first, and makes nothing.
  await page.click('button[data-action="finance-sheet"]');
  expect(await page.textContent('[data-role="finance"] .ap-message-error')).toMatch(/Choose at least one bid/);
  await chooseGuideBids(page);
  await page.fill('[data-field="term-months"]', "24");
  await page.fill('[data-field="term-growth"]', "2%");
  await page.fill('[data-field="first-month"]', "2027-01");
  await page.click('button[data-action="finance-sheet"]');
  await page.waitForSelector('.wb-tab-active[data-sheet="Finance view"]');
  expect(await page.textContent('[data-role="finance"] .ap-message-success')).toMatch(/“Finance view” from the pane's scenario and bids: 3 bids, 100,000 conversations in month 1, 24 months, 1 expense schedule/);
  // Bid B's schedule is a formula; its header and first month are on the grid.
  const header = await find(page, "final billable");
  expect(await shown(page, header)).toBe("final billable");
  expect(await find(page, "accrued with a true-up")).toBeTruthy();
  expect(await find(page, "measured savings with controls")).toBeTruthy();
  await page.evaluate(() => window.aipriceWorkbench!.grid.reveal("A1"));
  await page.screenshot({ path: artifactPath("finance-view.png") });

  const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[data-action="finance-csv"]')]);
  expect(download.suggestedFilename()).toBe("aiprice-monthly-plan-2027-01-24m.csv");
  const records: Record<string, string>[] = parse(fs.readFileSync((await download.path())!, "utf8"), { columns: true });
  expect(records).toHaveLength(3 * 24);
  const templates = GUIDE_BID_IDS.map((id) => galleryTemplate(id)!);
  const { DEFAULT_SCENARIO } = await import("../../src/engine/defaults");
  const term = compareTerm(
    templates.map((t) => t.bid),
    DEFAULT_SCENARIO,
    { months: 24, growth: 0.02 },
  );
  templates.forEach((t, b) => {
    const own = records.filter((r) => r.ServiceName === t.bid.name);
    expect(own).toHaveLength(24);
    const total = own.reduce((a, r) => a + Number(r.x_TotalCost), 0);
    expect(total).toBeCloseTo(term.bids[b]!.total, 6);
  });
  expect(await page.textContent('[data-role="finance"] .ap-message-success')).toMatch(/72 rows/);

  // A comparison built (the pane's 24-month term goes into it), then 110,000 typed on its sheet: the
  // finance figures come from the sheet as it stands, not from the pane's 100,000.
  await page.click('button[data-action="build"]');
  await page.waitForSelector('.wb-tab-active[data-sheet="Bid comparison"]');
  const volume = await page.evaluate(() => {
    const n = window.aipriceWorkbench!.workbook.names().find((x) => x.sheet === "Bid comparison" && x.name === "Conversations")!;
    return n.expression.replace(/^.*!/, "").replace(/\$/g, "");
  });
  await typeInto(page, volume, "110000");
  expect(await page.$eval('select[data-role="finance-source"]', (s) => (s as HTMLSelectElement).value)).toBe("Bid comparison");
  const [fromSheet] = await Promise.all([page.waitForEvent("download"), page.click('button[data-action="finance-csv"]')]);
  expect(await page.textContent('[data-role="finance"] .ap-message-success')).toMatch(/from sheet “Bid comparison” as it stands: 72 rows/);
  const rows: Record<string, string>[] = parse(fs.readFileSync((await fromSheet.path())!, "utf8"), { columns: true });
  const onSheet = compareTerm(
    templates.map((t) => t.bid),
    { ...DEFAULT_SCENARIO, conversations: 110000 },
    { months: 24, growth: 0.02 },
  );
  templates.forEach((t, b) => {
    const total = rows.filter((r) => r.ServiceName === t.bid.name).reduce((a, r) => a + Number(r.x_TotalCost), 0);
    expect(total).toBeCloseTo(onSheet.bids[b]!.total, 6);
  });
  await page.click('button[data-action="finance-sheet"]');
  await page.waitForFunction(() => /from sheet “Bid comparison” as it stands: 3 bids, 110,000 conversations in month 1, 24 months/.test(document.querySelector('[data-role="finance"] .ap-message-success')?.textContent ?? ""));
  // Built from the comparison, the finance sheet's figures are formulas of it: they follow its edits.
  expect(await page.textContent('[data-role="finance"] .ap-message-success')).toMatch(/Its figures are formulas of “Bid comparison”: they follow your edits there/);
  // The plan's first conversations follow the volume typed on the comparison, live: read once they are
  // `want` (at once, when not given).
  const consumed = async (want?: number): Promise<unknown> => {
    const found = await page.waitForFunction((w) => {
      const wb = window.aipriceWorkbench!.workbook;
      const sheet = wb
        .sheetNames()
        .filter((n) => n.startsWith("Finance view"))
        .pop()!;
      const grid = wb.values(sheet, "A1:AK300");
      const r = grid.findIndex((row) => row.includes("ConsumedQuantity"));
      const v = grid[r + 1][grid[r].indexOf("ConsumedQuantity")];
      return w === undefined || v === w ? { v } : null;
    }, want);
    return ((await found.jsonValue()) as { v: unknown }).v;
  };
  expect(await consumed()).toBeCloseTo(110000, 6);
  await page.click('.wb-tab[data-sheet="Bid comparison"]');
  await page.waitForSelector('.wb-tab-active[data-sheet="Bid comparison"]');
  await typeInto(page, volume, "120000");
  expect(await consumed(120000)).toBe(120000);
  expectClean(w);
});
