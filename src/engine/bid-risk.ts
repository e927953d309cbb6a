/**
 * Who bears the risk (SPEC "Who bears the risk"): every bid priced in N drawn scenarios, from PERT
 * distributions over the three-point estimates, and per bid the P10 / P50 / P90 of its monthly total
 * and of its cost per resolution, the chance that it is the cheapest, and the buyer's exposure
 * (P90 - P50 of the monthly total).
 *
 * The draws are the ones PERT_DRAWS gives, so that the comparison sheet, whose risk block is formulas
 * over PERT_DRAWS, CHANCE_CHEAPEST and PERCENTILE.INC, shows the same figures:
 *  - each bid's resolution rate: PERT_DRAWS(low_b, r_b, high_b, N, seed), the same seed for every bid
 *    (common random numbers: draw i is a hard month for every vendor alike);
 *  - conversations: seed + 1; human cost: seed + 2; the factor on tokens per conversation: seed + 3.
 */
import { Bid, bidFigures, bidResolutionRange, bidScenario, figuresAt, Scenario, suppliedTotals, ThreePoint } from "./bid";
import { checkFigures } from "./compare";
import { isPricingProblem } from "./problems";
import { chanceCheapest, pertDraws, percentilesInc } from "./risk";

export { DEFAULT_DRAWS, DEFAULT_SEED, MAX_SHEET_DRAWS } from "./defaults";
import { DEFAULT_DRAWS, DEFAULT_SEED } from "./defaults";

/** Seeds of the drawn inputs, as offsets from the analysis' seed. */
export const SEED_OFFSETS = { resolutionRate: 0, conversations: 1, humanCost: 2, tokens: 3 } as const;

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface BidRisk {
  monthlyTotal: Percentiles;
  /** null when the bid resolves nothing in every draw (it has no cost per resolution). */
  costPerResolution: Percentiles | null;
  /** Share of the drawn scenarios in which its monthly total is the lowest (ties share). */
  chanceCheapest: number;
  /** P90 - P50 of the monthly total: what a bad month costs beyond a typical one. */
  exposure: number;
}

export interface RiskOptions {
  draws?: number;
  seed?: number;
}

/** The three-point estimates of the scenario's inputs (a point where it gives no range). */
export function scenarioEstimates(scenario: Scenario): { conversations: ThreePoint; humanCost: ThreePoint; tokens: ThreePoint } {
  const r = scenario.ranges ?? {};
  const around = (likely: number, range?: { low: number; high: number }): ThreePoint => (range ? { low: range.low, likely, high: range.high } : { low: likely, likely, high: likely });
  return {
    conversations: around(scenario.conversations, r.conversations),
    humanCost: around(scenario.humanCost, r.humanCost),
    tokens: around(1, r.tokens),
  };
}

const draw = (t: ThreePoint, n: number, seed: number) => pertDraws(t.low, t.likely, t.high, n, seed);

/**
 * The risk figures of every bid; null for a bid that cannot be priced in the scenario or in some drawn
 * scenario ("not priced", as in the ranking). Bids that cannot be priced take no part in the chance of
 * being cheapest: it is computed over the priced bids only.
 */
export function assessRisk(bids: readonly Bid[], scenario: Scenario, options: RiskOptions = {}): (BidRisk | null)[] {
  const n = options.draws ?? DEFAULT_DRAWS;
  const seed = options.seed ?? DEFAULT_SEED;
  const est = scenarioEstimates(scenario);
  const volumes = draw(est.conversations, n, seed + SEED_OFFSETS.conversations);
  const humanCosts = draw(est.humanCost, n, seed + SEED_OFFSETS.humanCost);
  const factors = draw(est.tokens, n, seed + SEED_OFFSETS.tokens);
  const totals: (number[] | null)[] = [];
  const perResolution: ((number | null)[] | null)[] = [];
  for (const bid of bids) {
    const total = new Array<number>(n);
    const cpr = new Array<number | null>(n);
    let ok = true;
    try {
      // Not priced in the scenario is not priced in the risk view (the reason is the ranking's).
      checkFigures(bidFigures(bid, scenario));
      const rates = draw(bidResolutionRange(bid, scenario), n, seed + SEED_OFFSETS.resolutionRate);
      const supplied = suppliedTotals(bid);
      const q = bidScenario(bid, scenario).qualifyingShare;
      for (let i = 0; i < n; i++) {
        const drawn: Scenario = { conversations: volumes[i], resolutionRate: rates[i], humanCost: humanCosts[i], qualifyingShare: q, tokens: scenario.tokens };
        const f = checkFigures(figuresAt(bid, drawn, supplied, factors[i]));
        total[i] = f.monthlyTotal;
        cpr[i] = f.costPerResolution;
      }
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      ok = false;
    }
    totals.push(ok ? total : null);
    perResolution.push(ok ? cpr : null);
  }
  const priced = totals.map((t, b) => (t ? b : -1)).filter((b) => b >= 0);
  const chances = priced.length ? chanceCheapest(Array.from({ length: n }, (_, i) => priced.map((b) => (totals[b] as number[])[i]))) : [];
  const percentiles = (values: number[]): Percentiles => {
    const [p10, p50, p90] = percentilesInc(values, [0.1, 0.5, 0.9]);
    return { p10, p50, p90 };
  };
  return totals.map((total, b) => {
    if (!total) return null;
    const monthlyTotal = percentiles(total);
    const cpr = perResolution[b] as (number | null)[];
    return {
      monthlyTotal,
      // None where it resolves nothing in some draw, or resolves so little that a resolution costs beyond any number.
      costPerResolution: cpr.some((x) => x === null || !Number.isFinite(x)) ? null : percentiles(cpr as number[]),
      chanceCheapest: chances[priced.indexOf(b)],
      exposure: monthlyTotal.p90 - monthlyTotal.p50,
    };
  });
}
