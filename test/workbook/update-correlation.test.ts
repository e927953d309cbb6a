/**
 * The rate correlation (and the seed) are shared inputs of the pane and the sheet: the request carries them onto
 * the sheet; an Update keeps a correlation the analyst typed in the sheet's cell (their cell is not
 * written) and orders the drawn rates at that value, so the order is current and every risk figure is
 * the engine's at the sheet's correlation; without a typed value the pane's correlation is used.
 */
import type { Scenario } from "../../src/engine";
import { assessRisk } from "../../src/engine";
import { drawTrials, SEED_OFFSETS } from "../../src/engine/bid-risk";
import { ratePositions } from "../../src/workbook/comparison/blocks/rate-order";
import { applyUpdate, buildComparison, ComparisonRequest, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { readSheetInputs, withSheetRiskValues } from "../../src/workbook/sheet-inputs";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const DRAWS = 200;
const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 }, tokens: { low: 0.8, high: 1.5 } },
};
const request = (rateCorrelation: number): ComparisonRequest => ({ scenario: RANGED, templates: guideTemplates(), risk: { draws: DRAWS, rateCorrelation } });

function numbers(wb: EmbeddedWorkbook, sheet: string, range: string): number[] {
  return wb.values(sheet, range)[0].map((v) => {
    if (typeof v !== "number") throw new Error(`${range} holds ${JSON.stringify(v)}`);
    return v;
  });
}

/** The order rows are the copula's at rho, and every bid's P50 and chance of being cheapest is the engine's at rho. */
function expectOrderedAt(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, rho: number, seed = 1): void {
  const order = layout.draws.order!;
  expect(wb.value(sheet, order.status)).toMatch(/^Current/);
  const positions = ratePositions(DRAWS, 3, rho, seed + SEED_OFFSETS.resolutionRate);
  const bids = guideTemplates().map((t) => t.bid);
  const trials = drawTrials(bids, RANGED, { draws: DRAWS, seed, rateCorrelation: rho });
  const risks = assessRisk(bids, RANGED, { draws: DRAWS, seed, rateCorrelation: rho });
  layout.bids.forEach((b, i) => {
    if (positions) expect(numbers(wb, sheet, order.positions[i])).toEqual(Array.from(positions[i]));
    expect(numbers(wb, sheet, b.risk.draws.rate)).toEqual(trials.rates[i]);
    expect(wb.value(sheet, b.risk.totalP50) as number).toBeCloseTo(risks[i]!.monthlyTotal.p50, 6);
    expect(wb.value(sheet, b.risk.chanceCheapest) as number).toBeCloseTo(risks[i]!.chanceCheapest, 9);
  });
}

test("the request's correlation is the sheet's correlation cell, and the draws are ordered at it", async () => {
  const wb = workbook();
  const { sheetName, layout } = await buildComparison(wb, request(0.4));
  expect(wb.value(sheetName, layout.scenario.RateCorrelation)).toBe(0.4);
  expectOrderedAt(wb, sheetName, layout, 0.4);
  const inputs = await readSheetInputs(wb, sheetName);
  expect(inputs.find((i) => i.path === "risk.rateCorrelation")).toMatchObject({ value: 0.4, edited: false, address: layout.scenario.RateCorrelation });
});

test("Update keeps a correlation typed on the sheet and orders the draws at it; the pane's value is kept in the notes", async () => {
  const wb = workbook();
  const { sheetName, layout } = await buildComparison(wb, request(1));
  wb.setCellInput(sheetName, layout.scenario.RateCorrelation, 0.3);
  expect(wb.value(sheetName, layout.draws.order!.status)).toMatch(/^Out of date/);

  const preview = await prepareUpdate(wb, sheetName, request(1), "2026-11-29");
  expect(preview.kept.map((k) => [k.cell, k.now, k.written])).toEqual([[layout.scenario.RateCorrelation, 0.3, 1]]);
  expect(preview.conflicts).toEqual([]);
  const after = await applyUpdate(wb, preview);
  expect(wb.value(sheetName, after.layout.scenario.RateCorrelation)).toBe(0.3);
  expectOrderedAt(wb, sheetName, after.layout, 0.3);

  // A second update still sees the analyst's 0.3 as theirs: kept again, and the order stays at 0.3.
  const again = await prepareUpdate(wb, sheetName, request(1), "2026-11-30");
  expect(again.kept.map((k) => k.now)).toEqual([0.3]);
  const last = await applyUpdate(wb, again);
  expect(wb.value(sheetName, last.layout.scenario.RateCorrelation)).toBe(0.3);
  expectOrderedAt(wb, sheetName, last.layout, 0.3);
});

test("without a typed value, Update writes the pane's new correlation and orders the draws at it", async () => {
  const wb = workbook();
  const { sheetName } = await buildComparison(wb, request(1));
  const preview = await prepareUpdate(wb, sheetName, request(0.6), "2026-11-29");
  expect(preview.kept).toEqual([]);
  const after = await applyUpdate(wb, preview);
  expect(wb.value(sheetName, after.layout.scenario.RateCorrelation)).toBe(0.6);
  expectOrderedAt(wb, sheetName, after.layout, 0.6);
});

test("Update keeps a seed typed on the sheet and orders the draws with it (below a correlation of 1 the order depends on the seed)", async () => {
  const wb = workbook();
  const { sheetName, layout } = await buildComparison(wb, request(0.5));
  wb.setCellInput(sheetName, layout.scenario.Seed, 7);
  expect(wb.value(sheetName, layout.draws.order!.status)).toMatch(/^Out of date/);
  const preview = await prepareUpdate(wb, sheetName, request(0.5), "2026-11-29");
  expect(preview.kept.map((k) => [k.cell, k.now, k.written])).toEqual([[layout.scenario.Seed, 7, 1]]);
  const after = await applyUpdate(wb, preview);
  expect(wb.value(sheetName, after.layout.scenario.Seed)).toBe(7);
  expectOrderedAt(wb, sheetName, after.layout, 0.5, 7);
});

test("the correlation in effect: the sheet's typed number from 0 to 1, else the pane's", () => {
  const cell = (value: unknown, edited: boolean) => [{ path: "risk.rateCorrelation", address: "C20", value: value as number, content: value as number, edited }];
  const req = request(0.8);
  expect(withSheetRiskValues(req, cell(0.3, true)).risk).toEqual({ draws: DRAWS, rateCorrelation: 0.8, rateCorrelationOnSheet: 0.3 });
  expect(withSheetRiskValues(req, cell(0.3, false))).toBe(req);
  expect(withSheetRiskValues(req, cell(0.8, true))).toBe(req);
  expect(withSheetRiskValues(req, cell(1.5, true))).toBe(req);
  expect(withSheetRiskValues(req, cell({ error: "#NUM!" }, true))).toBe(req);
  expect(withSheetRiskValues(req, [])).toBe(req);
  // The seed likewise: a whole number of 0 or more typed on the sheet.
  const seed = (value: number) => [{ path: "risk.seed", address: "C19", value, content: value, edited: true }];
  expect(withSheetRiskValues(req, seed(7)).risk).toEqual({ draws: DRAWS, rateCorrelation: 0.8, seedOnSheet: 7 });
  expect(withSheetRiskValues(req, seed(1))).toBe(req);
  expect(withSheetRiskValues(req, seed(2.5))).toBe(req);
  // A value carried from an earlier look at the sheet is dropped when the sheet no longer holds it.
  expect(withSheetRiskValues({ ...req, risk: { ...req.risk, rateCorrelationOnSheet: 0.3 } }, cell(0.8, false)).risk).toEqual({ draws: DRAWS, rateCorrelation: 0.8 });
});
