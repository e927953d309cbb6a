/**
 * Who bears the risk (docs/spec.md#risk): every bid priced in N drawn scenarios; per bid the P10 / P50 /
 * P90 of its monthly total and cost per resolution, its chance of being the cheapest, and the buyer's
 * exposure (P90 - P50 of the monthly total). The draws are seeded as the sheet's risk block seeds them:
 * docs/modules.md#risk-draws.
 */
import { Bid, bidFigures, bidResolutionRange, bidScenario, figuresAt, Scenario, suppliedTotals, ThreePoint } from "./bid";
import { checkFigures } from "./compare";
import { isPricingProblem } from "./problems";
import { checkRateCorrelation, correlatedRanks, DEFAULT_RATE_CORRELATION } from "./copula";
import { chanceCheapest, pertDraws, pertDrawsInOrder, percentilesInc } from "./risk";

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
  /** The rank correlation of the bids' resolution rates, 0..1 (default 1: common random numbers). */
  rateCorrelation?: number;
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

/** The drawn scenarios (trials): every drawn input and every bid's monthly total, row by row. */
export interface Trials {
  count: number;
  /** Conversations per month, human cost, and the factor on tokens per conversation, per trial. */
  conversations: number[];
  humanCost: number[];
  tokenFactor: number[];
  /** rates[b][i]: bid b's resolution rate in trial i; null for a bid that cannot be priced. */
  rates: (number[] | null)[];
  /** totals[b][i]: bid b's monthly total in trial i; null for a bid that cannot be priced in some trial. */
  totals: (number[] | null)[];
  /** perResolution[b][i]: its cost per resolution (null in a trial where it resolves nothing). */
  perResolution: ((number | null)[] | null)[];
}

/**
 * Draws the scenarios and prices every bid in each. The bids' rates are ordered by a Gaussian copula
 * with rank correlation options.rateCorrelation (default 1: every bid's rate drawn with the same ranks).
 */
export function drawTrials(bids: readonly Bid[], scenario: Scenario, options: RiskOptions = {}): Trials {
  const n = options.draws ?? DEFAULT_DRAWS;
  const seed = options.seed ?? DEFAULT_SEED;
  const est = scenarioEstimates(scenario);
  const conversations = draw(est.conversations, n, seed + SEED_OFFSETS.conversations);
  const humanCost = draw(est.humanCost, n, seed + SEED_OFFSETS.humanCost);
  const tokenFactor = draw(est.tokens, n, seed + SEED_OFFSETS.tokens);
  const rho = options.rateCorrelation ?? DEFAULT_RATE_CORRELATION;
  checkRateCorrelation(rho);
  const orders = rho === 1 ? null : correlatedRanks(n, bids.length, rho, seed + SEED_OFFSETS.resolutionRate);
  const trials: Trials = { count: n, conversations, humanCost, tokenFactor, rates: [], totals: [], perResolution: [] };
  bids.forEach((bid, b) => {
    let rates: number[] | null = null;
    try {
      // Not priced in the scenario is not priced in the risk view (the reason is the ranking's).
      checkFigures(bidFigures(bid, scenario));
      const range = bidResolutionRange(bid, scenario);
      rates = orders ? pertDrawsInOrder(range.low, range.likely, range.high, orders[b]) : draw(range, n, seed + SEED_OFFSETS.resolutionRate);
      const priced = priceTrials(bid, scenario, trials, rates);
      trials.totals.push(priced.total);
      trials.perResolution.push(priced.cpr);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      trials.totals.push(null);
      trials.perResolution.push(null);
    }
    trials.rates.push(rates);
  });
  return trials;
}

export function priceTrials(bid: Bid, scenario: Scenario, t: Trials, rates: number[]): { total: number[]; cpr: (number | null)[] } {
  const n = t.count;
  const total = new Array<number>(n);
  const cpr = new Array<number | null>(n);
  const supplied = suppliedTotals(bid);
  const q = bidScenario(bid, scenario).qualifyingShare;
  for (let i = 0; i < n; i++) {
    const drawn: Scenario = { conversations: t.conversations[i], resolutionRate: rates[i], humanCost: t.humanCost[i], qualifyingShare: q, tokens: scenario.tokens };
    const f = checkFigures(figuresAt(bid, drawn, supplied, t.tokenFactor[i]));
    total[i] = f.monthlyTotal;
    cpr[i] = f.costPerResolution;
  }
  return { total, cpr };
}

/**
 * The risk figures of every bid; null for a bid that cannot be priced in the scenario or in some drawn
 * scenario ("not priced", as in the ranking). Bids that cannot be priced take no part in the chance of
 * being cheapest: it is computed over the priced bids only.
 */
export function assessRisk(bids: readonly Bid[], scenario: Scenario, options: RiskOptions = {}): (BidRisk | null)[] {
  return summarizeTrials(drawTrials(bids, scenario, options));
}

/** P10 / P50 / P90, the chance of being cheapest and the exposure of every bid over the trials. */
export function summarizeTrials(trials: Trials): (BidRisk | null)[] {
  const n = trials.count;
  const { totals, perResolution } = trials;
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
