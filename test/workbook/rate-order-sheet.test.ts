/**
 * The correlation of the bids' resolution rates on the comparison sheet (docs/spec.md#decide-and-negotiate),
 * computed by the formula engine (HyperFormula with the built AIPRICE functions): the order rows are the
 * engine's copula ranks as constants, the draws block's rate rows take the bids' own PERT draws in that
 * order, and every risk figure equals the engine's drawTrials / summarizeTrials at that correlation. At 1
 * the figures are today's exactly.
 */
import { assessRisk, Scenario } from "../../src/engine";
import { drawTrials } from "../../src/engine/bid-risk";
import { rankCorrelation } from "../../src/engine/copula";
import { pertDraws } from "../../src/engine/risk";
import { ratePositions } from "../../src/workbook/comparison/blocks/rate-order";
import { breaksRule, ruleForInput } from "../../src/workbook/input-rules";
import { buildComparison, ComparisonProblem } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 }, tokens: { low: 0.8, high: 1.5 } },
};

const DRAWS = 2000;

function numbers(wb: EmbeddedWorkbook, sheet: string, range: string): number[] {
  return wb.values(sheet, range)[0].map((v) => {
    if (typeof v !== "number") throw new Error(`${range} holds ${JSON.stringify(v)}`);
    return v;
  });
}

function close(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what} on the sheet is ${actual}, the engine says ${expected}`);
}

/** Every drawn rate and every risk figure on the sheet equals the engine's at correlation rho. */
function expectRiskAt(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, rho: number, seed = 1): void {
  const bids = guideTemplates().map((t) => t.bid);
  const trials = drawTrials(bids, RANGED, { draws: DRAWS, seed, rateCorrelation: rho });
  const risks = assessRisk(bids, RANGED, { draws: DRAWS, seed, rateCorrelation: rho });
  layout.bids.forEach((b, i) => {
    const rates = numbers(wb, sheet, b.risk.draws.rate);
    expect(rates).toEqual(trials.rates[i]);
    const totals = numbers(wb, sheet, b.risk.draws.total);
    totals.forEach((x, k) => close(x, trials.totals[i]![k], `bid ${i} total in draw ${k}`));
    const k = risks[i]!;
    const v = (a: string) => wb.value(sheet, a) as number;
    close(v(b.risk.totalP10), k.monthlyTotal.p10, "P10");
    close(v(b.risk.totalP50), k.monthlyTotal.p50, "P50");
    close(v(b.risk.totalP90), k.monthlyTotal.p90, "P90");
    close(v(b.risk.chanceCheapest), k.chanceCheapest, "chance of being cheapest");
  });
}

describe("the correlation of the bids' rates on the sheet", () => {
  let wb: EmbeddedWorkbook;
  afterEach(() => wb?.destroy());

  test("at the default of 1: the order is every scenario's own column, the rates are today's PERT_DRAWS exactly, even after a change of seed", async () => {
    wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates: guideTemplates() });
    expect(wb.value(sheet, layout.scenario.RateCorrelation)).toBe(1);
    expect(wb.cell(sheet, layout.scenario.RateCorrelation).styleName).toBe("input");
    expect(breaksRule(ruleForInput("risk.rateCorrelation", 1)!, 1.2)).toMatch(/correlation from 0 to 1/);
    expect(breaksRule(ruleForInput("risk.rateCorrelation", 1)!, 0.3)).toBeNull();
    const order = layout.draws.order!;
    expect(numbers(wb, sheet, order.positions[0])).toEqual(Array.from({ length: DRAWS }, (_, k) => k + 1));
    expect(wb.value(sheet, order.status)).toMatch(/^Current/);
    const b = layout.bids[1];
    const range = { low: wb.value(sheet, b.risk.rateLow) as number, high: wb.value(sheet, b.risk.rateHigh) as number };
    expect(numbers(wb, sheet, b.risk.draws.rate)).toEqual(pertDraws(range.low, 0.9, range.high, DRAWS, 1));
    expectRiskAt(wb, sheet, layout, 1);
    wb.setCellInput(sheet, layout.scenario.Seed, 7);
    expect(wb.value(sheet, order.status)).toMatch(/^Current/);
    expectRiskAt(wb, sheet, layout, 1, 7);
  });

  test.each([0, 0.5])("at %p: the order rows are the engine's copula as constants and every risk figure equals drawTrials / summarizeTrials", async (rho) => {
    wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates: guideTemplates(), risk: { rateCorrelation: rho } });
    expect(wb.value(sheet, layout.scenario.RateCorrelation)).toBe(rho);
    const order = layout.draws.order!;
    const positions = ratePositions(DRAWS, 3, rho, 1)!;
    layout.bids.forEach((_, i) => {
      expect(wb.cell(sheet, order.positions[i].split(":")[0]).formula).toBeNull();
      expect(numbers(wb, sheet, order.positions[i])).toEqual(Array.from(positions[i]));
    });
    expectRiskAt(wb, sheet, layout, rho);
    // Each bid keeps its own draws: only their order changes.
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const a = numbers(wb, sheet, layout.bids[1].risk.draws.rate);
    const c = numbers(wb, sheet, layout.bids[2].risk.draws.rate);
    expect(sorted(a)).toEqual(
      sorted(
        drawTrials(
          guideTemplates().map((t) => t.bid),
          RANGED,
          { draws: DRAWS },
        ).rates[1]!,
      ),
    );
    if (rho === 0) expect(Math.abs(rankCorrelation(a, c))).toBeLessThan(0.05);
    else expect(rankCorrelation(a, c)).toBeCloseTo(rho, 1);
  });

  test("the analyst changes the correlation on the sheet: the status cell says the order is out of date until the sheet is updated", async () => {
    wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates: guideTemplates(), risk: { rateCorrelation: 0.5 } });
    const order = layout.draws.order!;
    expect(wb.value(sheet, order.status)).toMatch(/^Current/);
    wb.setCellInput(sheet, layout.scenario.RateCorrelation, 0.2);
    expect(wb.value(sheet, order.status)).toMatch(/^Out of date.*Update the sheet/);
    wb.setCellInput(sheet, layout.scenario.RateCorrelation, 0.5);
    wb.setCellInput(sheet, layout.scenario.Seed, 3);
    expect(wb.value(sheet, order.status)).toMatch(/^Out of date/);
  });

  test("a correlation outside 0..1 is refused before anything is written", async () => {
    wb = workbook();
    await expect(buildComparison(wb, { scenario: RANGED, templates: guideTemplates(), risk: { rateCorrelation: 1.5 } })).rejects.toThrow(ComparisonProblem);
    await expect(buildComparison(wb, { scenario: RANGED, templates: guideTemplates(), risk: { rateCorrelation: 1.5 } })).rejects.toThrow(/correlation of the bids' resolution rates/);
    expect(wb.sheetNames()).toEqual([]);
  });
});
