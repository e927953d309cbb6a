/**
 * SPEC third edition, "One model, one answer", on the BUILT SHEET in a real formula engine (HyperFormula
 * with the built AIPRICE functions): over random bid sets with edge bids (an assist tool, zero prices,
 * ties, a bid forced out of its domain through a cell), the sheet says "not priced" exactly where the
 * engine does, shows no negative monthly cost or total, names the engine's rank 1; with no ranges its
 * P10 = P50 = P90 = the monthly total and the chance of being cheapest is 1 for rank 1 (shared by ties);
 * at the scenario's r the rates block names rank 1; an assist tool's rates line is flat; a one-month
 * term's total is the monthly total. Few runs: every case builds a sheet.
 */
import fc from "fast-check";
import { Bid, compareBids, gridRates, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { assistTool, ordinaryBid, zeroBid } from "../support/one-model-bids";
import { asTemplate } from "./fixtures";

const RATES = gridRates();

/** Bids that every view prices at the scenario's r: no rate of their own, except an assist tool's 0. */
const atScenarioRate = (b: Bid): Bid => (b.performance?.resolutionRate === 0 ? b : { ...b, performance: undefined });
/** A build refuses a bid of no seats (a whole number, 1 or more, as the bid file's schema says): at least one. */
const buildable = (b: Bid): Bid => {
  const p = b.pricing;
  if (p.model === "per-seat") return { ...b, pricing: { ...p, seats: Math.max(1, p.seats) } };
  if (p.model === "charges") return { ...b, pricing: { ...p, charges: p.charges.map((c) => (c.meter === "seats" ? { ...c, seats: Math.max(1, c.seats ?? 1) } : c)) } };
  return b;
};
const sheetBid = fc.oneof({ weight: 5, arbitrary: ordinaryBid }, { weight: 1, arbitrary: assistTool }, { weight: 1, arbitrary: zeroBid }).map((b) => buildable(atScenarioRate(b)));

/** A set of bids with copies (ties), each named apart. */
function bidSet(min: number, max: number): fc.Arbitrary<Bid[]> {
  return fc.tuple(fc.array(sheetBid, { minLength: min, maxLength: max }), fc.array(fc.nat(), { maxLength: 2 })).map(([bids, copies]) => {
    const out = bids.map((b, i) => ({ ...b, name: `${b.name} ${i + 1}` }));
    for (const c of copies) out.push({ ...out[c % out.length], name: `copy of ${out[c % out.length].name}` });
    return out;
  });
}

/** A scenario with no ranges whose r is on the rates block's grid. */
const scenario: fc.Arbitrary<Scenario> = fc.record({
  conversations: fc.integer({ min: 1000, max: 500_000 }),
  resolutionRate: fc.constantFrom(...RATES),
  humanCost: fc.double({ min: 0.5, max: 12, noNaN: true }),
  qualifyingShare: fc.double({ min: 0, max: 1, noNaN: true }),
});

async function build(bids: Bid[], s: Scenario): Promise<{ wb: EmbeddedWorkbook; sheet: string; layout: ComparisonLayout }> {
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const templates = bids.map((b, i) => asTemplate(`bid-${i + 1}`, b));
  const { sheetName, layout } = await buildComparison(wb, { scenario: s, templates, risk: { draws: 20 }, term: { months: 1 } });
  return { wb, sheet: sheetName, layout };
}

/** Every view of the built sheet against the engine, with bid `forced` (if any) at a rate of 150%. */
function expectOneAnswer(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, bids: Bid[], s: Scenario): void {
  const value = (a: string) => wb.value(sheet, a);
  const ranking = compareBids(bids, s);
  const priced = ranking.map((r) => r.figures !== null);
  const firsts = ranking.flatMap((r, i) => (r.rank === 1 ? [i] : []));
  layout.bids.forEach((b, i) => {
    const rank = value(b.cells.rank);
    // Not priced on the sheet exactly where the engine says not priced.
    expect(rank === "not priced").toBe(!priced[i]);
    if (!priced[i]) {
      expect(value(b.cells.status)).toMatch(/not priced/);
      expect(value(b.risk.totalP50)).toMatch(/not priced/);
      expect(value(b.term!.total)).toMatch(/not priced/);
      return;
    }
    expect(value(b.cells.status)).toBe("");
    // Never a negative monthly cost or total.
    const monthly = value(b.cells.monthlyTotal) as number;
    expect(monthly).toBeGreaterThanOrEqual(0);
    expect(monthly).toBeCloseTo(ranking[i].figures!.monthlyTotal, 6);
    // Rank 1 on the sheet is the engine's rank 1 (ties share it).
    expect(rank === 1).toBe(firsts.includes(i));
    // No ranges: every percentile is the monthly total; rank 1 is the cheapest in every draw.
    for (const p of [b.risk.totalP10, b.risk.totalP50, b.risk.totalP90]) expect(value(p)).toBeCloseTo(monthly, 6);
    expect(value(b.risk.chanceCheapest)).toBeCloseTo(firsts.includes(i) ? 1 / firsts.length : 0, 9);
    // One month, no growth, ramp, escalator, commitment, credits or one-time fee: the total is the month's.
    const total = value(b.term!.total) as number;
    expect(total).toBeGreaterThanOrEqual(0);
    expect(total).toBeCloseTo(monthly, 6);
    // An assist tool's rates line is flat at its own blended cost.
    if (bids[i].performance?.resolutionRate === 0) {
      const line = wb.values(sheet, b.rates.blended)[0];
      const own = value(b.cells.blended) as number;
      line.forEach((x) => expect(x as number).toBeCloseTo(own, 12));
    }
  });
  // At the scenario's r the rates block names a bid of rank 1.
  const k = RATES.findIndex((r) => Math.abs(r - s.resolutionRate) < 1e-12);
  const cheapest = wb.values(sheet, layout.rates.cheapest)[0][k];
  if (firsts.length) expect(firsts.map((i) => bids[i].name)).toContain(cheapest);
  else expect(cheapest).not.toEqual(expect.stringMatching(/\S/));
}

describe("the built sheet tells the engine's story", () => {
  test("over random bid sets with an assist tool, zero prices and ties", async () => {
    await fc.assert(
      fc.asyncProperty(bidSet(1, 5), scenario, async (bids, s) => {
        const { wb, sheet, layout } = await build(bids, s);
        try {
          expectOneAnswer(wb, sheet, layout, bids, s);
        } finally {
          wb.destroy();
        }
      }),
      { numRuns: 10 },
    );
  });

  test("a bid forced out of its domain through a cell is not priced where the engine says so", async () => {
    await fc.assert(
      fc.asyncProperty(bidSet(2, 5), scenario, fc.nat(), async (bids, s, at) => {
        const { wb, sheet, layout } = await build(bids, s);
        try {
          const k = at % bids.length;
          wb.setCellInput(sheet, layout.bids[k].cells.resolutionRate, "=1.5");
          const forced = bids.map((b, i) => (i === k ? { ...b, performance: { ...b.performance, resolutionRate: 1.5 } } : b));
          expectOneAnswer(wb, sheet, layout, forced, s);
        } finally {
          wb.destroy();
        }
      }),
      { numRuns: 8 },
    );
  });

  test("60 bids", async () => {
    const sample = fc.sample(bidSet(58, 58), { numRuns: 1, seed: 15 })[0];
    const s: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 0.8 };
    const { wb, sheet, layout } = await build(sample, s);
    try {
      expect(layout.bids.length).toBeGreaterThanOrEqual(58);
      expectOneAnswer(wb, sheet, layout, sample, s);
    } finally {
      wb.destroy();
    }
  });
});
