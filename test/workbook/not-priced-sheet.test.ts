/**
 * Not priced means not priced everywhere, on the comparison sheet in a real formula engine (HyperFormula
 * with the BUILT AIPRICE functions): a bid whose input is out of its domain (a rate of 150% forced in
 * through a formula, a negative price) shows "not priced" and its reason in the table, the risk view and
 * the term; it is never ranked, never the cheapest at any rate or to any month, never totalled; the other
 * bids' figures (their P10 / P50 / P90 and their chances of being the cheapest) still compute and equal
 * the engine's for the bids priced; no monthly cost anywhere is negative.
 */
import { assessRisk, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 } },
};
const DRAWS = 500;

/** Every number of a range. */
function numbers(wb: EmbeddedWorkbook, sheet: string, range: string): number[] {
  return wb
    .values(sheet, range)
    .flat()
    .filter((v): v is number => typeof v === "number");
}

describe("a bid out of its domain is not priced in every view", () => {
  const templates = guideTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  const value = (a: string) => wb.value(sheet, a);

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates, risk: { draws: DRAWS }, term: { months: 12 } }));
  });
  afterAll(() => wb.destroy());

  /** The views as they stand agree that bid `out` is not priced, and the others are. */
  function expectNotPricedEverywhere(out: number, reason: RegExp): void {
    const b = layout.bids[out];
    const others = layout.bids.filter((_, i) => i !== out);
    expect(value(b.cells.rank)).toBe("not priced");
    expect(value(b.cells.status)).toMatch(reason);
    expect(others.map((o) => value(o.cells.rank)).sort()).toEqual([1, 2]);
    others.forEach((o) => expect(value(o.cells.status)).toBe(""));
    // Risk: the reason instead of its figures; the others' percentiles and chances compute.
    for (const cell of [b.risk.totalP10, b.risk.totalP50, b.risk.totalP90, b.risk.chanceCheapest, b.risk.exposure]) expect(value(cell)).toMatch(reason);
    const chances = others.map((o) => value(o.risk.chanceCheapest));
    chances.forEach((c) => expect(typeof c).toBe("number"));
    expect((chances as number[]).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    others.forEach((o) => expect(typeof value(o.risk.totalP50)).toBe("number"));
    // Rates: never the cheapest at any rate.
    const name = templates[out].bid.name;
    expect(wb.values(sheet, layout.rates.cheapest)[0]).not.toContain(name);
    // Term: never ranked, never totalled, never the cheapest; no negative cost in any month.
    const t = b.term!;
    expect(value(t.rank)).toBe("not priced");
    for (const cell of [t.total, t.npv, t.cheapestFrom]) expect(value(cell)).toMatch(/not priced/);
    expect(wb.values(sheet, layout.term!.cheapestToDate)[0]).not.toContain(name);
    for (const bid of layout.bids) {
      for (const range of Object.values(bid.term!.months)) expect(numbers(wb, sheet, range).every((x) => x >= 0)).toBe(true);
      for (const cell of [bid.cells.monthlyTotal, bid.risk.totalP10, bid.term!.total]) {
        const v = value(cell);
        if (typeof v === "number") expect(v).toBeGreaterThanOrEqual(0);
      }
    }
    expect(others.map((o) => value(o.term!.rank)).sort()).toEqual([1, 2]);
  }

  test("150% forced into bid A's resolution rate through a formula", () => {
    const a = layout.bids[0];
    wb.setCellInput(sheet, a.cells.resolutionRate, "=ResolutionRate+0.6");
    expectNotPricedEverywhere(0, /not priced: its resolution rate is outside 0% to 100%/);
    // The chances of the bids priced are the engine's over the same draws, for those bids alone.
    const risks = assessRisk(
      templates.slice(1).map((t) => t.bid),
      RANGED,
      { draws: DRAWS },
    );
    layout.bids.slice(1).forEach((b, k) => {
      expect(value(b.risk.chanceCheapest)).toBeCloseTo(risks[k]!.chanceCheapest, 12);
      expect(value(b.risk.totalP50)).toBeCloseTo(risks[k]!.monthlyTotal.p50, 6);
    });
    wb.setCellInput(sheet, a.cells.resolutionRate, "=ResolutionRate");
    expect(value(a.cells.rank)).toBe(1);
    expect(value(a.cells.status)).toBe("");
    expect(value(a.term!.rank)).toBe(1);
  });

  test("a negative price typed into bid B", () => {
    const b = layout.bids[1];
    const price = b.inputs["pricing.pricePerResolution"];
    const was = value(price);
    wb.setCellInput(sheet, price, -0.99);
    expectNotPricedEverywhere(1, /not priced: a price or quantity among its inputs is negative/);
    wb.setCellInput(sheet, price, was as number);
    expect(typeof value(b.cells.rank)).toBe("number");
  });

  test("every bid not priced: no winner is named, nothing is an error across the board", () => {
    layout.bids.forEach((b) => wb.setCellInput(sheet, b.cells.resolutionRate, "=1.5"));
    expect(wb.values(sheet, layout.term!.cheapestToDate)[0][0]).toBe("no bid priced");
    layout.bids.forEach((b) => {
      expect(value(b.cells.rank)).toBe("not priced");
      expect(value(b.risk.chanceCheapest)).toMatch(/not priced/);
    });
    layout.bids.forEach((b) => wb.setCellInput(sheet, b.cells.resolutionRate, "=ResolutionRate"));
    expect(layout.bids.map((b) => value(b.cells.rank))).toEqual([1, 3, 2]);
  });
});

describe("an assist tool beside the guide's bids", () => {
  test("its month-by-month costs are never negative and it is ranked by blended cost", async () => {
    const assist = asTemplate("assist", { vendor: "S", name: "Assist seats", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 50, seats: 200 }, performance: { resolutionRate: 0, assist: 0.2 } });
    const wb = workbook();
    const { sheetName, layout } = await buildComparison(wb, { scenario: RANGED, templates: [...guideTemplates(), assist], risk: { draws: 200 } });
    expect(wb.value(sheetName, layout.bids[3].cells.status)).toBe("");
    expect(typeof wb.value(sheetName, layout.bids[3].risk.chanceCheapest)).toBe("number");
    for (const bid of layout.bids) for (const range of Object.values(bid.term!.months)) expect(numbers(wb, sheetName, range).every((x) => x >= 0)).toBe(true);
    wb.destroy();
  });
});
