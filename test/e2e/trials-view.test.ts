/**
 * The pane's drawn-scenarios download in the workbench (Chromium, the built dist/): the guide's bids,
 * the default scenario, rates correlated 0.5; the CSV parses back with every cell below the header a
 * number, and its monthly totals are the engine's drawTrials at the same settings.
 */
import * as fs from "fs";
import { parse } from "csv-parse/sync";
import { drawTrials } from "../../src/engine";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { useServedBrowser } from "./served-browser";
import { chooseGuideBids, expectClean } from "./workbench-page";

const e2e = useServedBrowser();

test("the drawn scenarios download as CSV, the engine's trials at the correlation typed", async () => {
  const w = await e2e.openWorkbench();
  const { page } = w;
  await page.click('button[data-action="trials-csv"]');
  expect(await page.textContent('[data-role="trials"] .ap-message-error')).toMatch(/Choose at least one bid/);
  await chooseGuideBids(page);
  await page.fill('[data-field="rate-correlation"]', "1.5");
  await page.click('button[data-action="trials-csv"]');
  expect(await page.textContent('[data-role="trials"] .ap-message-error')).toMatch(/Rate correlation/);
  await page.fill('[data-field="rate-correlation"]', "0.5");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[data-action="trials-csv"]')]);
  expect(download.suggestedFilename()).toBe("aiprice-drawn-scenarios-2000.csv");
  const rows = parse(fs.readFileSync((await download.path())!, "utf8")) as string[][];
  expect(rows[0]).toEqual(["trial", "conversations", "human_cost", "token_factor", ...GUIDE_BID_IDS.flatMap((id) => [`${id} resolution_rate`, `${id} monthly_total`])]);
  expect(rows).toHaveLength(2001);
  for (const row of rows.slice(1)) for (const cell of row) expect(Number.isFinite(Number(cell)) && cell !== "").toBe(true);
  const { DEFAULT_SCENARIO, defaultRanges } = await import("../../src/engine/defaults");
  const bids = GUIDE_BID_IDS.map((id) => galleryTemplate(id)!.bid);
  const trials = drawTrials(bids, { ...DEFAULT_SCENARIO, ranges: defaultRanges(DEFAULT_SCENARIO) }, { draws: 2000, seed: 1, rateCorrelation: 0.5 });
  // The same draws and arithmetic; the browser's own Math may differ from Node's in the last bit.
  rows.slice(1).forEach((r, i) => {
    expect(Math.abs(Number(r[5]) - trials.totals[0]![i])).toBeLessThan(1e-9 * trials.totals[0]![i]);
    expect(Math.abs(Number(r[8]) - trials.rates[2]![i])).toBeLessThan(1e-12);
  });
  expect(await page.textContent('[data-role="trials"] .ap-message-success')).toMatch(/2,000 drawn scenarios, 3 priced bids, rates correlated 0\.5/);
  expectClean(w);
});
