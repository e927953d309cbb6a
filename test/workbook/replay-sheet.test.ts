/**
 * The "Pilot replay" sheet in the embedded formula engine (HyperFormula with the built AIPRICE
 * functions): every bill, total, cost per conversation and per resolution, resolution count, dispute
 * exposure and spread it shows equals `aiprice backtest --json` on the same history and bids; the
 * figures that derive from others are formulas; text from the file stays text; the sheet is never the
 * add-in's own comparison; a second replay takes a free name.
 */
import * as fs from "fs";
import * as path from "path";
import { MonthlyAggregator } from "../../src/replay/monthly-aggregation";
import { mapColumns, mappingByName } from "../../src/replay/columns";
import { aggregateCsv } from "../../src/replay/history-node";
import { RowReader } from "../../src/replay/rows";
import { replayReport, RowsSummary } from "../../src/replay/replay";
import { gallery } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { comparisonSheets } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { isCellError } from "../../src/workbook/port";
import { buildReplaySheet, planReplaySheet, ReplayProblem, ReplaySheetRequest } from "../../src/workbook/replay-sheet";
import { planCells } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, handMadeTemplates } from "./fixtures";

const SAMPLE = path.join(__dirname, "../../samples/pilot-history.csv");
const D7T4 = { windowDays: 7, csatThreshold: 4 };

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const value = (wb: EmbeddedWorkbook, sheet: string, a: string) => wb.value(sheet, a);
function num(wb: EmbeddedWorkbook, sheet: string, a: string): number {
  const v = value(wb, sheet, a);
  if (typeof v !== "number") throw new Error(`${a} holds ${JSON.stringify(v)}`);
  return v;
}
function close(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what}: the sheet shows ${actual}, the replay says ${expected}`);
}

async function sampleRequest(templates: BidTemplate[], options: ReplaySheetRequest["options"] = {}): Promise<ReplaySheetRequest> {
  const read = await aggregateCsv(SAMPLE, { definition: D7T4 });
  const rows: RowsSummary = { read: read.read, skipped: read.problems.skipped, reasons: read.problems.reasons(), problems: read.problems.listed };
  return { file: "pilot-history.csv", history: read.history, rows, columns: mappingByName(read.mapping, read.headers), templates, options, date: "2026-01-31" };
}

let wb: EmbeddedWorkbook;
beforeEach(() => {
  wb = workbook();
});
afterEach(() => wb.destroy());

test("every gallery bid and every hand-made one: the sheet's figures are the CLI's", async () => {
  const templates = [...gallery, ...handMadeTemplates()];
  const request = await sampleRequest(templates, { humanCost: 3.1, qualifyingShare: 0.9 });
  const { sheetName, layout } = await buildReplaySheet(wb, request);
  expect(sheetName).toBe("Pilot replay");
  // What aiprice backtest --json --human-cost 3.1 --qualifying-share 0.9 computes for the same history.
  const report = replayReport(
    request.history,
    request.rows,
    templates.map((t) => ({ file: t.id, bid: t.bid })),
    { humanCost: 3.1, qualifyingShare: 0.9, tokens: true },
  );
  const t = report.history.months.reduce((s, m) => ({ conv: s.conv + m.conversations, v: s.v + m.vendorResolutions, b: s.b + m.buyerResolutions }), { conv: 0, v: 0, b: 0 });
  expect(num(wb, sheetName, layout.history.conversations)).toBe(t.conv);
  expect(num(wb, sheetName, layout.history.vendorResolutions)).toBe(t.v);
  expect(num(wb, sheetName, layout.history.buyerResolutions)).toBe(t.b);
  let priced = 0;
  layout.bids.forEach((b, i) => {
    const r = report.bids[i];
    expect(num(wb, sheetName, b.vendorResolutions)).toBe(r.vendorResolutions);
    expect(num(wb, sheetName, b.buyerResolutions)).toBe(r.buyerResolutions);
    expect(b.priced).toBe(r.problem === undefined);
    if (!b.priced) {
      expect(value(wb, sheetName, b.total)).toBe("not priced");
      expect(value(wb, sheetName, b.rank)).toBe("not priced");
      return;
    }
    priced++;
    b.bills.forEach((cell, k) => close(num(wb, sheetName, cell), r.months[k].bill, `${r.name} ${r.months[k].month} bill`));
    close(num(wb, sheetName, b.total), r.total!, `${r.name} total`);
    close(num(wb, sheetName, b.perConversation), r.costPerConversation!, `${r.name} cost per conversation`);
    close(num(wb, sheetName, b.perResolution), r.costPerResolution!, `${r.name} cost per resolution`);
    close(num(wb, sheetName, b.exposure), r.disputeExposure!, `${r.name} dispute exposure`);
    expect(wb.cell(sheetName, b.total).formula).toMatch(/^=/);
    expect(wb.cell(sheetName, b.perResolution).formula).toMatch(/^=IF\(/);
  });
  expect(priced).toBeGreaterThan(10);
  // The rank: 1 for the lowest total among the priced bids.
  const totals = layout.bids.filter((b) => b.priced).map((b) => ({ b, total: num(wb, sheetName, b.total) }));
  const lowest = totals.reduce((a, c) => (c.total < a.total ? c : a));
  expect(value(wb, sheetName, lowest.b.rank)).toBe(1);
  // The spread: PERCENTILE.INC over the history block, as the CLI's.
  const spread = report.spread as unknown as Record<string, { p10: number; p50: number; p90: number }>;
  const names: Record<string, string> = {
    conversations: "conversations",
    vendorRate: "resolutionRate",
    buyerRate: "buyerResolutionRate",
    inputPerConversation: "inputTokens",
    cachedPerConversation: "cachedInputTokens",
    outputPerConversation: "outputTokens",
  };
  for (const [row, cells] of Object.entries(layout.spread)) {
    for (const p of ["p10", "p50", "p90"] as const) close(num(wb, sheetName, cells[p]), spread[names[row]][p], `spread ${row} ${p}`);
  }
  // A line chart of each priced bid's monthly cost over the months.
  const [chart] = wb.charts(sheetName);
  expect(chart.type).toBe("line");
  expect(chart.data.categories).toEqual(report.history.months.map((m) => m.month));
  expect(chart.data.series.length).toBe(priced);
  expect(chart.data.series.every((s) => s.values.every((v) => typeof v === "number"))).toBe(true);
  // Not the add-in's comparison: never offered for an update or an export.
  expect(await comparisonSheets(wb)).toEqual([]);
  // No cell of the sheet is an error.
  const errors = wb.usedCells(sheetName).filter((c) => isCellError(c.value));
  expect(errors).toEqual([]);
});

test("the dispute exposure of a plain per-resolution bid is the rejected resolutions times its price", async () => {
  const price = 0.99;
  const plain = asTemplate("plain-per-resolution", { vendor: "V", name: "Plain", currency: "EUR", pricing: { model: "per-resolution", pricePerResolution: price } });
  const request = await sampleRequest([plain]);
  const { sheetName, layout } = await buildReplaySheet(wb, request);
  const b = layout.bids[0];
  const rejected = num(wb, sheetName, b.vendorResolutions) - num(wb, sheetName, b.buyerResolutions);
  expect(rejected).toBeGreaterThan(100);
  close(num(wb, sheetName, b.exposure), rejected * price, "exposure");
  // Billed on the vendor's resolutions: the total is vendor resolutions times the price.
  close(num(wb, sheetName, b.total), num(wb, sheetName, b.vendorResolutions) * price, "total");
  expect(wb.cell(sheetName, b.total).numberFormat).toContain("€");
});

test("text from the file stays text: its name, its headers and the values of unreadable rows", async () => {
  const evil = '=HYPERLINK("https://evil.example")';
  const lines = [`id,${evil},ai_resolved,+csat`, "c1,2025-01-03T10:00:00Z,true,5", `c2,2025-01-04T10:00:00Z,=1+1,4`, `c3,@SUM(A1),true,3`];
  const headers = lines[0].split(",");
  const m = mapColumns(headers, { started_at: evil, csat: "+csat" });
  if (!m.ok) throw new Error(m.message);
  const reader = new RowReader(m.mapping, headers.length);
  const agg = new MonthlyAggregator(D7T4);
  lines.slice(1).forEach((l, i) => {
    const r = reader.read(l.split(","), i + 2);
    if (r) agg.add(r);
  });
  const request: ReplaySheetRequest = {
    file: "-2+3.csv",
    history: agg.result(),
    rows: { read: 1, skipped: reader.problems.skipped, reasons: reader.problems.reasons(), problems: reader.problems.listed },
    columns: mappingByName(m.mapping, headers),
    templates: [gallery[0]],
  };
  const { plan } = planReplaySheet(request, []);
  const formulas = [...planCells(plan)].filter((c) => c.cell.kind === "formula").map((c) => (c.cell as { formula: string }).formula);
  for (const f of formulas) {
    expect(f).not.toContain("evil");
    expect(f).not.toContain("-2+3");
    expect(f).not.toContain("1+1");
  }
  await wb.apply(plan);
  const texts = wb
    .usedCells("Pilot replay")
    .filter((c) => c.formula === null && typeof c.value === "string")
    .map((c) => c.value);
  expect(texts).toEqual(expect.arrayContaining([evil, "-2+3.csv", "=1+1", "@SUM(A1)", "+csat"]));
});

test("a second replay takes a free name; nothing to price is refused in words", async () => {
  const request = await sampleRequest([gallery[1]]);
  expect((await buildReplaySheet(wb, request)).sheetName).toBe("Pilot replay");
  expect((await buildReplaySheet(wb, request)).sheetName).toBe("Pilot replay 2");
  expect(() => planReplaySheet({ ...request, templates: [] }, [])).toThrow(ReplayProblem);
  expect(() => planReplaySheet({ ...request, history: { ...request.history, months: [] } }, [])).toThrow(/nothing to replay/);
});

test("a history without token columns: per-token bids are listed as not priced, with the reason", async () => {
  const request = await sampleRequest(
    gallery
      .filter((t) => t.bid.pricing.model === "per-token")
      .slice(0, 1)
      .concat(gallery.filter((t) => t.bid.pricing.model === "per-resolution").slice(0, 1)),
  );
  const { sheetName, layout, report } = await buildReplaySheet(wb, { ...request, columns: { ...request.columns, input_tokens: null, output_tokens: null } });
  expect(report.bids[0].problem).toMatch(/no input_tokens and output_tokens columns/);
  expect(layout.bids[0].priced).toBe(false);
  const note = wb.usedCells(sheetName).find((c) => typeof c.value === "string" && c.value.startsWith("Not priced on this history"));
  expect(note?.value).toMatch(/per-token bid is priced on the history's tokens/);
  expect(layout.bids[1].priced).toBe(true);
  expect(fs.existsSync(SAMPLE)).toBe(true);
});
