/**
 * "Fill the risk view from this history": the scenario's three-point estimates from the history's
 * spread (src/taskpane/replay-fill.ts), and what they do to the risk block. The comparison is built
 * with the pane's starting scenario and again with the estimates filled; the risk block's figures equal
 * the engine's for each, and with the history's estimates every bid's P10 / P50 / P90 of the monthly
 * total lie between its totals at the corners of the filled ranges (the scenarios the history allows),
 * where the starting scenario's do not.
 */
import * as path from "path";
import { assessRisk, bidResolutionRange, bidScenario, checkScenario, DEFAULT_SCENARIO, defaultRanges, figuresAt, Scenario, suppliedTotals } from "../../src/engine";
import { aggregateCsv } from "../../src/replay/history-node";
import { historySpread } from "../../src/replay/replay";
import { estimatesFromHistory, FilledEstimates } from "../../src/taskpane/replay-fill";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { builtFunctions } from "../support/load-functions";

const SAMPLE = path.join(__dirname, "../../samples/pilot-history.csv");
const START: Scenario = { ...DEFAULT_SCENARIO, tokens: { ...DEFAULT_SCENARIO.tokens }, ranges: defaultRanges(DEFAULT_SCENARIO) };
const templates = [...GUIDE_BID_IDS, "decagon-per-conversation", "intercom-fin-allowance"].map((id) => galleryTemplate(id)!);

async function filled(): Promise<{ result: FilledEstimates; history: Awaited<ReturnType<typeof aggregateCsv>>["history"] }> {
  const read = await aggregateCsv(SAMPLE, { definition: { windowDays: 7, csatThreshold: 4 } });
  const result = estimatesFromHistory(read.history, START, true);
  if ("problem" in result) throw new Error(result.problem);
  return { result, history: read.history };
}

test("the estimates are the history's spread; the human cost and the qualifying share stay; the words say so", async () => {
  const { result, history } = await filled();
  const s = result.scenario;
  const spread = historySpread(history);
  expect(s.conversations).toBe(Math.round(spread.conversations!.p50));
  expect(s.ranges!.conversations).toEqual({ low: Math.round(spread.conversations!.p10), high: Math.round(spread.conversations!.p90) });
  expect(s.resolutionRate).toBeCloseTo(spread.resolutionRate!.p50, 4);
  expect(s.ranges!.resolutionRate!.low).toBeCloseTo(spread.resolutionRate!.p10, 4);
  expect(s.ranges!.resolutionRate!.high).toBeCloseTo(spread.resolutionRate!.p90, 4);
  expect(s.tokens).toEqual({ input: Math.round(spread.inputTokens!.p50), output: Math.round(spread.outputTokens!.p50), cachedInput: Math.round(spread.cachedInputTokens!.p50) });
  expect(s.ranges!.tokens!.low).toBeLessThan(1);
  expect(s.ranges!.tokens!.high).toBeGreaterThan(1);
  expect(s.humanCost).toBe(START.humanCost);
  expect(s.ranges!.humanCost).toEqual(START.ranges!.humanCost);
  expect(s.qualifyingShare).toBe(START.qualifyingShare);
  expect(() => checkScenario(s)).not.toThrow();
  const words = result.said.join(" ");
  expect(words).toMatch(/The human cost is not in the history/);
  expect(words).toMatch(/From 9 months of history/);
  // Without token columns the tokens stay; with no month, nothing is filled.
  const noTokens = estimatesFromHistory(history, START, false) as FilledEstimates;
  expect(noTokens.scenario.tokens).toEqual(START.tokens);
  expect(noTokens.scenario.ranges!.tokens).toEqual(START.ranges!.tokens);
  expect(noTokens.said.join(" ")).toMatch(/no token columns/);
  expect(estimatesFromHistory({ ...history, months: [] }, START, true)).toEqual({ problem: expect.stringMatching(/nothing to fill/) });
  const one = estimatesFromHistory({ ...history, months: history.months.slice(0, 1) }, START, true) as FilledEstimates;
  expect(one.said.join(" ")).toMatch(/only 1 month/);
});

/** Each bid's monthly total at the corners of the scenario's ranges (the risk view draws between them). */
function cornerBand(scenario: Scenario, i: number): { min: number; max: number } {
  const bid = templates[i].bid;
  const r = scenario.ranges!;
  const rates = bidResolutionRange(bid, scenario);
  const supplied = suppliedTotals(bid);
  const q = bidScenario(bid, scenario).qualifyingShare;
  let min = Infinity;
  let max = -Infinity;
  for (const v of [r.conversations!.low, r.conversations!.high])
    for (const rate of [rates.low, rates.high])
      for (const h of [r.humanCost!.low, r.humanCost!.high])
        for (const t of [r.tokens!.low, r.tokens!.high]) {
          const total = figuresAt(bid, { conversations: v, resolutionRate: rate, humanCost: h, qualifyingShare: q, tokens: scenario.tokens }, supplied, t).monthlyTotal;
          min = Math.min(min, total);
          max = Math.max(max, total);
        }
  return { min, max };
}

test("the risk block's figures move with the filled estimates: built without and with them", async () => {
  const { result } = await filled();
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const risk = { draws: 500, seed: 3 };
  const sheetFigures = async (scenario: Scenario) => {
    const { sheetName, layout } = await buildComparison(wb, { scenario, templates, risk });
    return layout.bids.map((b) => ({
      p10: wb.value(sheetName, b.risk.totalP10) as number,
      p50: wb.value(sheetName, b.risk.totalP50) as number,
      p90: wb.value(sheetName, b.risk.totalP90) as number,
      chance: wb.value(sheetName, b.risk.chanceCheapest) as number,
    }));
  };
  const before = await sheetFigures(START);
  const after = await sheetFigures(result.scenario);
  for (const [scenario, figures] of [
    [START, before],
    [result.scenario, after],
  ] as const) {
    const engine = assessRisk(
      templates.map((t) => t.bid),
      scenario,
      risk,
    );
    figures.forEach((f, i) => {
      const e = engine[i]!;
      for (const p of ["p10", "p50", "p90"] as const) expect(f[p]).toBeCloseTo(e.monthlyTotal[p], 6);
      expect(f.chance).toBeCloseTo(e.chanceCheapest, 9);
    });
  }
  for (let i = 0; i < templates.length; i++) {
    const band = cornerBand(result.scenario, i);
    const a = after[i];
    const b = before[i];
    // With the history's estimates: inside the band the history allows, and not where the start was.
    for (const p of [a.p10, a.p50, a.p90]) {
      expect(p).toBeGreaterThanOrEqual(band.min * (1 - 1e-9));
      expect(p).toBeLessThanOrEqual(band.max * (1 + 1e-9));
    }
    expect(b.p50 > band.max || b.p50 < band.min).toBe(true);
    expect(a.p10).toBeLessThan(a.p90);
  }
  wb.destroy();
});
