/**
 * What decides it (docs/spec.md#decide-and-negotiate): a tornado of the gap between the leader's and a
 * rival's monthly totals, each input moved alone from its low to its high (a price by ±priceSwing),
 * sorted by how much the gap moves, with the value at which the winner changes (flipsAt). The method:
 * docs/negotiate.md ("What decides it: the tornado").
 */
import { Bid, bidResolutionRange, bidScenario, checkPerformance, figuresAt, Scenario, suppliedTotals } from "./bid";
import { bidPrices, priceAt, withPrice } from "./bid-prices";
import { checkFigures, compareBids } from "./compare";
import { isPricingProblem } from "./problems";

/** How far each price moves either way in the tornado, as a fraction of itself. */
export const DEFAULT_PRICE_SWING = 0.1;

export interface TornadoBar {
  input: string;
  low: number;
  high: number;
  /** The rival's monthly total minus the leader's with this input at its low (and at its high). */
  gapAtLow: number;
  gapAtHigh: number;
  /** The input's value at which the gap is 0, when it changes sign between low and high; else null. */
  flipsAt: number | null;
}

export interface Decides {
  /** Indexes of the leader and the rival in the bids compared. */
  pair: [number, number];
  /** The gap at every input's likely value. */
  gap: number;
  inputs: TornadoBar[];
}

export interface DecideOptions {
  /** The pair to explain (indexes of leader and rival); default: rank 1 and the closest other priced bid. */
  pair?: [number, number];
  /** Labels of the bids, for the inputs' names (default "bid 1", "bid 2", ...). */
  labels?: readonly string[];
  priceSwing?: number;
}

/** One scenario of the pair: the two bids as priced, the scenario, and the factor on tokens. */
interface World {
  leader: Bid;
  rival: Bid;
  scenario: Scenario;
  tokenFactor: number;
}

interface Move {
  input: string;
  low: number;
  high: number;
  at: (x: number) => World;
}

/** A bid's monthly total in a scenario, tokens scaled by `factor`; a figure that cannot be computed is a PricingProblem (not priced). */
export function monthlyTotalAt(bid: Bid, scenario: Scenario, factor = 1): number {
  checkPerformance(bid.performance);
  return checkFigures(figuresAt(bid, bidScenario(bid, scenario), suppliedTotals(bid), factor)).monthlyTotal;
}

function gapIn(w: World): number {
  return monthlyTotalAt(w.rival, w.scenario, w.tokenFactor) - monthlyTotalAt(w.leader, w.scenario, w.tokenFactor);
}

/** The bid with its resolution rate fixed at r (its qualifying share and assist kept). */
function atRate(bid: Bid, r: number): Bid {
  return { ...bid, performance: { ...bid.performance, resolutionRate: r } };
}

/** The inputs that have a range, each as a function from its value to the world it makes. */
function moves(base: World, labels: [string, string], swing: number): Move[] {
  const out: Move[] = [];
  const s = base.scenario;
  const ranges = s.ranges ?? {};
  if (ranges.conversations) out.push({ input: "conversations per month", ...ranges.conversations, at: (x) => ({ ...base, scenario: { ...s, conversations: x } }) });
  if (ranges.humanCost) out.push({ input: "human cost per conversation", ...ranges.humanCost, at: (x) => ({ ...base, scenario: { ...s, humanCost: x } }) });
  if (ranges.tokens) out.push({ input: "tokens per conversation (factor)", ...ranges.tokens, at: (x) => ({ ...base, tokenFactor: x }) });
  const sides = [
    { key: "leader" as const, label: labels[0] },
    { key: "rival" as const, label: labels[1] },
  ];
  for (const { key, label } of sides) {
    const bid = base[key];
    const range = bidResolutionRange(bid, s);
    if (range.low < range.high) out.push({ input: `resolution rate of ${label}`, low: range.low, high: range.high, at: (x) => ({ ...base, [key]: atRate(bid, x) }) });
  }
  for (const { key, label } of sides) {
    const bid = base[key];
    for (const price of bidPrices(bid)) {
      const v = priceAt(bid, price.path) as number;
      out.push({ input: `${price.words} of ${label}`, low: v * (1 - swing), high: Math.min(price.max, v * (1 + swing)), at: (x) => ({ ...base, [key]: withPrice(bid, price.path, x) }) });
    }
  }
  return out.filter((m) => m.low < m.high);
}

/**
 * Where f crosses 0 between lo and hi, given f(lo) and f(hi) of opposite signs (or one of them 0):
 * regula falsi (Illinois), exact for a straight line, kept inside a bracket that shrinks to `tolerance`.
 */
export function crossing(f: (x: number) => number, lo: number, hi: number, flo: number, fhi: number, tolerance = 1e-9): number | null {
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi) || !Number.isFinite(flo) || !Number.isFinite(fhi)) return null;
  let side = 0;
  let x = lo;
  for (let i = 0; i < 200; i++) {
    x = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const fx = f(x);
    if (fx === 0 || hi - lo <= tolerance) return x;
    if (Math.sign(fx) === Math.sign(flo)) {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    }
    if (Math.abs(fx) <= 1e-12 * (1 + Math.abs(flo) + Math.abs(fhi))) return x;
  }
  return x;
}

/** The leader (rank 1, the first listed among equals) and the closest other priced bid; null when fewer than two are priced. */
export function leaderAndRival(bids: readonly Bid[], scenario: Scenario): [number, number] | null {
  const rows = compareBids(bids, scenario);
  const priced = rows.map((r, i) => ({ i, cost: r.figures?.blendedCostPerConversation ?? null })).filter((r): r is { i: number; cost: number } => r.cost !== null);
  priced.sort((x, y) => x.cost - y.cost || x.i - y.i);
  return priced.length >= 2 ? [priced[0].i, priced[1].i] : null;
}

/**
 * The tornado of the gap between the pair's monthly totals. null when there is no pair (fewer than two
 * bids priced) or a bid of the pair cannot be priced at the likely scenario.
 */
export function whatDecides(bids: readonly Bid[], scenario: Scenario, options: DecideOptions = {}): Decides | null {
  const pair = options.pair ?? leaderAndRival(bids, scenario);
  if (!pair) return null;
  const label = (i: number) => options.labels?.[i] ?? `bid ${i + 1}`;
  const base: World = { leader: bids[pair[0]], rival: bids[pair[1]], scenario, tokenFactor: 1 };
  try {
    const gap = gapIn(base);
    const inputs = moves(base, [label(pair[0]), label(pair[1])], options.priceSwing ?? DEFAULT_PRICE_SWING).map((m) => bar(m));
    inputs.sort((x, y) => Math.abs(y.gapAtHigh - y.gapAtLow) - Math.abs(x.gapAtHigh - x.gapAtLow));
    return { pair, gap, inputs };
  } catch (e) {
    if (isPricingProblem(e)) return null;
    throw e;
  }
}

function bar(m: Move): TornadoBar {
  const f = (x: number) => gapIn(m.at(x));
  const gapAtLow = f(m.low);
  const gapAtHigh = f(m.high);
  return { input: m.input, low: m.low, high: m.high, gapAtLow, gapAtHigh, flipsAt: crossing(f, m.low, m.high, gapAtLow, gapAtHigh) };
}
