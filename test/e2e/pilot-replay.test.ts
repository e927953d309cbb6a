/**
 * The pilot replay as an analyst uses it in the workbench (in the task pane, docs/spec.md#pilot-replay):
 * pick samples/pilot-history.csv, see the mapping the reader found, change one column (csat: not in
 * the file), read it in the pane's Web Worker, see the unreadable rows listed, build the "Pilot replay"
 * sheet and check its figures against `aiprice backtest --json` for the same bids and the same column
 * (vendor and buyer resolutions, totals, costs, dispute exposure = difference x price), the chart, then
 * fill the risk view from the history and build the comparison with it. Then a large history made in
 * the page shows progress while the page keeps answering clicks, and Cancel stops it. Screenshots go to
 * test-artifacts/ for a person to look at.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import type { Page } from "playwright-core";
import { galleryTemplate } from "../../src/templates/gallery";
import { artifactPath, recordViolations, violations } from "./browser";
import { useServedBrowser } from "./served-browser";
import { expectClean } from "./workbench-page";

const ROOT = path.join(__dirname, "../..");
const SAMPLE = path.join(ROOT, "samples/pilot-history.csv");
const BIDS = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share", "intercom-fin-allowance", "zendesk-automated-resolutions-committed"];
const SHEET = "Pilot replay";

const e2e = useServedBrowser();

interface CliBid {
  name: string;
  total: number;
  costPerConversation: number;
  costPerResolution: number | null;
  vendorResolutions: number;
  buyerResolutions: number;
  disputeExposure: number;
}
interface CliJson {
  rows: { read: number; skipped: number; problems: { row: number; reason: string }[] };
  bids: CliBid[];
  spread: { conversations: { p10: number; p50: number; p90: number }; resolutionRate: { p10: number; p50: number; p90: number } };
}

/**
 * `aiprice backtest` on the sample for the same bids, with csat read from no column, as in the pane
 * (its streaming reader: test/replay holds DuckDB to the same figures).
 */
function backtest(): CliJson {
  const files = BIDS.map((id) => path.join(ROOT, "src/templates/gallery", `${id}.json`));
  const out = execFileSync(process.execPath, [path.join(ROOT, "bin/aiprice.js"), "backtest", SAMPLE, ...files, "--json", "--column", "csat=", "--human-cost", "3", "--qualifying-share", "1", "--engine", "js"], { encoding: "utf8" });
  return JSON.parse(out) as CliJson;
}

/** The sheet's values, A1:Z250, as the grid's workbook computes them. */
const sheetValues = (page: Page) => page.evaluate((s) => window.aipriceWorkbench!.workbook.values(s, "A1:Z250"), SHEET);

function close(actual: unknown, expected: number, what: string): void {
  if (typeof actual !== "number" || !(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what}: the sheet shows ${JSON.stringify(actual)}, aiprice backtest says ${expected}`);
}

test("pick, map, read, see the bad rows, build the sheet (the CLI's figures), fill the risk view; a large history shows progress and cancels", async () => {
  const cli = backtest();
  const w = await e2e.open({ width: 1440, height: 1000 });
  const { page } = w;
  await recordViolations(page);
  await page.goto(`${e2e.served.url}/workbench.html`);
  await page.waitForSelector(".ap-card");
  await page.waitForFunction(() => !!window.aipriceWorkbench);
  for (const id of BIDS) await page.check(`input[data-template-id="${id}"]`);

  // 1. The file: its mapping, as the reader found it (the sample has the canonical headers).
  await page.setInputFiles('input[data-role="history-file"]', SAMPLE);
  await page.waitForSelector('select[data-column="csat"]');
  expect(await page.textContent('[data-role="history-name"]')).toMatch(/^pilot-history\.csv \(24\d KB\)$/);
  for (const column of ["conversation_id", "started_at", "ai_resolved", "reopened_at", "csat", "human_handled"]) {
    expect(await page.$eval(`select[data-column="${column}"]`, (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).toBe(column);
  }
  // Required columns offer no "not in the file"; optional ones do.
  expect(await page.$$eval('select[data-column="started_at"] option', (o) => o.map((x) => x.textContent))).not.toContain("not in the file");
  // 2. The analyst changes one: csat is not to be used.
  await page.selectOption('select[data-column="csat"]', "none");
  expect(await page.textContent('select[data-column="csat"] ~ .ap-hint')).toBe("Not in the file: every conversation counts as unrated.");
  await page.locator('[data-role="mapping"]').screenshot({ path: artifactPath("pilot-replay-mapping.png") });

  // 3. Read: the result, the unreadable rows by reason and by row number (the CLI's).
  await page.click('button[data-action="read-history"]');
  await page.waitForSelector('[data-role="replay-actions"]:not([hidden])');
  const result = (await page.textContent('[data-role="history-result"]')) ?? "";
  expect(result).toContain(`Read ${cli.rows.read.toLocaleString("en-US")} conversations over 9 months (2025-04 to 2025-12, UTC)`);
  expect(result).toContain(`${cli.rows.skipped} rows could not be read`);
  await page.click('[data-role="bad-rows"] summary');
  const listed = await page.$$eval('[data-role="bad-rows"] li', (items) => items.map((li) => li.textContent ?? ""));
  expect(listed.map((t) => Number(/^Row ([\d,]+)/.exec(t)![1].replace(/,/g, "")))).toEqual(cli.rows.problems.map((p) => p.row));
  expect(listed[0]).toBe(`Row ${cli.rows.problems[0].row}: started_at is blank: blank`);
  await page.locator('[data-role="history-result"]').screenshot({ path: artifactPath("pilot-replay-read.png") });

  // 4. The sheet, built from the chosen bids: every figure is the CLI's.
  await page.click('button[data-action="build-replay"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
  expect(await page.textContent('[aria-label="Replay result"]')).toContain(`Built “${SHEET}”: the history priced under 5 bids`);
  const values = await sheetValues(page);
  const head = values.findIndex((r) => r[3] === "Total cost over the history");
  expect(head).toBeGreaterThan(0);
  const header = values[head];
  const col = (label: string) => header.indexOf(label);
  for (const bid of cli.bids) {
    const row = values.slice(head + 1, head + 1 + BIDS.length).find((r) => r[0] === bid.name);
    if (!row) throw new Error(`no summary row for ${bid.name}`);
    close(row[col("Total cost over the history")], bid.total, `${bid.name} total`);
    close(row[col("Cost per conversation")], bid.costPerConversation, `${bid.name} cost per conversation`);
    close(row[col("Cost per resolution (yours)")], bid.costPerResolution!, `${bid.name} cost per resolution`);
    expect(row[col("Resolutions billed (vendor's)")]).toBe(bid.vendorResolutions);
    expect(row[col("Resolutions you accept")]).toBe(bid.buyerResolutions);
    close(row[col("Dispute exposure")], bid.disputeExposure, `${bid.name} dispute exposure`);
  }
  // Dispute exposure = the difference times the price, for the plain per-resolution bid.
  const b = cli.bids.find((x) => x.name === galleryTemplate("guide-bid-b-per-resolution")!.bid.name)!;
  const price = (galleryTemplate("guide-bid-b-per-resolution")!.bid.pricing as { pricePerResolution: number }).pricePerResolution;
  close(b.disputeExposure, (b.vendorResolutions - b.buyerResolutions) * price, "the CLI's exposure");
  const bRow = values.slice(head + 1).find((r) => r[0] === b.name)!;
  close(bRow[col("Dispute exposure")], ((bRow[col("Resolutions billed (vendor's)")] as number) - (bRow[col("Resolutions you accept")] as number)) * price, "the sheet's exposure");
  // The columns as read: csat from no column, written as the pane said.
  const csatRow = values.find((r) => r[0] === "csat");
  expect(csatRow?.[1]).toBe("not in the file");
  // The chart of monthly cost per bid, and nothing marks the sheet as a comparison.
  const charts = await page.evaluate((s) => window.aipriceWorkbench!.workbook.charts(s).map((c) => ({ type: c.type, categories: c.data.categories, series: c.data.series.length })), SHEET);
  expect(charts).toEqual([{ type: "line", categories: ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"], series: 5 }]);
  expect(await page.locator(".wb-chart").count()).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifactPath("pilot-replay-sheet.png") });
  expect(await page.$$eval('[data-role="export-sheet"] option, select option', (o) => o.map((x) => x.textContent))).not.toContain(SHEET);

  // 5. One click fills the risk view from the history; the comparison is then built with it.
  await page.click('button[data-action="fill-risk"]');
  const filled = (await page.textContent('[aria-label="Risk view estimates"]')) ?? "";
  expect(filled).toMatch(/The human cost is not in the history/);
  const field = (key: string) => page.$eval(`input[data-field="${key}"]`, (i) => (i as HTMLInputElement).value);
  const count = (x: number) => Math.round(x).toLocaleString("en-US");
  expect(await field("conversations")).toBe(count(cli.spread.conversations.p50));
  expect(await field("conversations-low")).toBe(count(cli.spread.conversations.p10));
  expect(await field("conversations-high")).toBe(count(cli.spread.conversations.p90));
  expect(parseFloat(await field("resolutionRate")) / 100).toBeCloseTo(cli.spread.resolutionRate.p50, 4);
  expect(parseFloat(await field("resolutionRate-low")) / 100).toBeCloseTo(cli.spread.resolutionRate.p10, 4);
  expect(await field("humanCost")).toBe("3.00");
  await page.locator('[data-role="replay-actions"]').screenshot({ path: artifactPath("pilot-replay-actions.png") });
  await page.fill('input[data-field="draws"]', "200");
  await page.click('button[data-action="build"]');
  await page.waitForSelector('.wb-tab-active[data-sheet="Bid comparison"]');
  const scenario = await page.evaluate(() => {
    const wb = window.aipriceWorkbench!.workbook;
    const cell = (name: string) => {
      const n = wb.names().find((x) => x.sheet === "Bid comparison" && x.name === name)!;
      return wb.value("Bid comparison", n.expression.replace(/^.*!/, "").replace(/\$/g, ""));
    };
    return { v: cell("Conversations"), low: cell("ConversationsLow"), high: cell("ConversationsHigh") };
  });
  expect(scenario).toEqual({ v: Math.round(cli.spread.conversations.p50), low: Math.round(cli.spread.conversations.p10), high: Math.round(cli.spread.conversations.p90) });

  // 6. A large history: progress shows while the page answers clicks, and Cancel stops the reading.
  // 1,000,000 rows made in the page (about 60 MB), handed to the file input as a picked file.
  await page.evaluate(() => {
    const lines = ["conversation_id,started_at,input_tokens,cached_input_tokens,output_tokens,ai_resolved,reopened_at,csat,human_handled"];
    for (let i = 0; i < 1_000_000; i++) lines.push(`c-${i},2025-0${1 + (i % 9)}-1${i % 10}T10:00:00Z,3000,1000,400,${i % 3 ? "true" : "false"},,${i % 5 === 0 ? 4 : ""},false`);
    const file = new File([lines.join("\n")], "big-history.csv", { type: "text/csv" });
    const dt = new DataTransfer();
    dt.items.add(file);
    const input = document.querySelector<HTMLInputElement>('input[data-role="history-file"]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event("change"));
  });
  await page.waitForSelector('select[data-column="csat"]');
  await page.click('button[data-action="read-history"]');
  await page.waitForSelector('[data-role="progress"]:not([hidden])');
  await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>(".ap-progress")!.value) > 0);
  const text = (await page.textContent('[data-role="progress-text"]')) ?? "";
  expect(text).toMatch(/^[\d.]+ MB of 5\d(\.\d)? MB read \(\d+%\): [\d,]+ rows so far$/);
  // The page answers while the worker reads: a bid is chosen, a scenario field takes a value.
  await page.check('input[data-template-id="decagon-per-conversation"]');
  await page.fill('input[data-field="conversations"]', "12345");
  expect(await page.isChecked('input[data-template-id="decagon-per-conversation"]')).toBe(true);
  expect(await page.isVisible('[data-role="progress"]')).toBe(true);
  await page.locator('[data-role="progress"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifactPath("pilot-replay-progress.png") });
  await page.click('button[data-action="cancel-reading"]');
  await page.waitForSelector('[data-role="progress"][hidden]', { state: "attached" });
  expect(await page.textContent('[data-role="history-result"]')).toMatch(/Reading cancelled: nothing was replayed/);
  expect(await page.isVisible('[data-role="replay-actions"]')).toBe(false);
  expect(await violations(page)).toEqual([]);
  expectClean(w);
});
