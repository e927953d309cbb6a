/**
 * Comparing bids: the ranking, and which bid is the cheapest as the resolution rate varies.
 */
import { Bid, BidFigures, bidFigures, Scenario } from "./bid";
import { isPricingProblem, PricingProblem } from "./problems";

export interface RankedBid {
  bid: Bid;
  /** The figures, or the problem that stops this bid from being priced in the scenario. */
  figures: BidFigures | null;
  problem: PricingProblem | null;
  /**
   * 1 = the lowest blended cost per conversation (what the buyer pays for every conversation, AI and
   * human); ties share a rank (as RANK.EQ); null when unpriced.
   */
  rank: number | null;
}

/**
 * A figure that is not a finite number of 0 or more (an overflow of huge inputs) is an error, not a
 * figure: the bid is not priced, with the reason named.
 */
export function checkFigures(f: BidFigures): BidFigures {
  checkFigure("blended cost per conversation", f.blendedCostPerConversation);
  checkFigure("monthly total", f.monthlyTotal);
  checkFigure("AI cost per conversation", f.aiCostPerConversation);
  return f;
}

function checkFigure(name: string, x: number): void {
  if (!(x >= 0 && Number.isFinite(x))) throw new PricingProblem("num", "figures", `the bid's ${name} cannot be computed from its inputs (got ${x}): check its prices and quantities`);
}

function tryFigures(bid: Bid, scenario: Scenario): { figures: BidFigures | null; problem: PricingProblem | null } {
  try {
    return { figures: checkFigures(bidFigures(bid, scenario)), problem: null };
  } catch (e) {
    if (isPricingProblem(e)) return { figures: null, problem: e };
    throw e;
  }
}

/**
 * Ranks of values, 1 for the lowest, ties sharing the lower rank (RANK.EQ ascending); null stays
 * unranked. Sorting once keeps it O(n log n) for any number of bids.
 */
export function ranksAscending(values: readonly (number | null)[]): (number | null)[] {
  const order = values.map((v, i) => [v, i] as const).filter((p): p is readonly [number, number] => p[0] !== null);
  order.sort((x, y) => x[0] - y[0]);
  const ranks: (number | null)[] = values.map(() => null);
  for (let k = 0; k < order.length; k++) {
    const [v, i] = order[k];
    ranks[i] = k > 0 && order[k - 1][0] === v ? ranks[order[k - 1][1]] : k + 1;
  }
  return ranks;
}

/**
 * Every bid on one footing, each at its own performance, ranked by blended cost per conversation
 * (docs/spec.md#per-bid-performance: with one shared r this is also the order of cost per resolution).
 */
export function compareBids(bids: readonly Bid[], scenario: Scenario): RankedBid[] {
  const rows = bids.map((bid) => ({ bid, ...tryFigures(bid, scenario), rank: null as number | null }));
  const ranks = ranksAscending(rows.map((r) => (r.figures ? r.figures.blendedCostPerConversation : null)));
  rows.forEach((r, i) => (r.rank = ranks[i]));
  return rows;
}

/** The resolution rates of the "cheapest bid by resolution rate" view: 0% to 100% in steps of 5%. */
export const RATE_GRID = { first: 0, step: 0.05, count: 21 } as const;

/** The grid's rates, computed as the sheet's SEQUENCE computes them (first + k x step). */
export function gridRates(grid: { first: number; step: number; count: number } = RATE_GRID): number[] {
  return Array.from({ length: grid.count }, (_, k) => grid.first + k * grid.step);
}

/** A stretch of resolution rates over which one bid is the cheapest. */
export interface CheapestRange {
  from: number;
  to: number;
  /** Index of the bid in the list compared. */
  bid: number;
}

export interface CheapestByRate {
  rates: number[];
  /** blended[b][k]: bid b's blended cost per conversation at rates[k], every bid at that rate; null where it cannot be priced. */
  blended: (number | null)[][];
  /** The cheapest bid at each rate (the first listed among equals); null where no bid can be priced. */
  winners: (number | null)[];
  /**
   * Where the winner changes between two rates of the grid, the rate at which the two bids cost the
   * same, by linear interpolation of their blended costs (exact where both are straight lines in r).
   * crossings[k] is between rates[k - 1] and rates[k]; null where the winner does not change.
   */
  crossings: (number | null)[];
  ranges: CheapestRange[];
}

/**
 * A bid that resolves nothing of its own: its own resolution rate r_b is 0 (an agent-assist tool, seats
 * for human agents). It has no resolution rate to vary (docs/spec.md#one-model-one-answer).
 */
export function resolvesNothing(bid: Bid): boolean {
  const r = bid.performance?.resolutionRate;
  if (r === undefined) return false;
  return (typeof r === "number" ? r : r.likely) === 0;
}

/**
 * The bid with r_b replaced by r (every bid at the same rate); its other performance stays. A bid that
 * resolves nothing stays as it is, at r_b = 0, whatever r the other bids are drawn at.
 */
export function atResolutionRate(bid: Bid, r: number): Bid {
  if (resolvesNothing(bid)) return bid;
  return { ...bid, performance: { ...bid.performance, resolutionRate: r } };
}

/**
 * docs/spec.md#cheapest-by-resolution-rate: over the grid of rates (every bid at the same r; a bid that
 * resolves nothing stays flat at its own blended cost, docs/spec.md#one-model-one-answer), the cheapest bid at each rate and the stretches of r over which each bid is the cheapest, with the rate at each
 * change of winner. Linear in the number of bids.
 */
export function cheapestByResolutionRate(bids: readonly Bid[], scenario: Scenario, grid = RATE_GRID): CheapestByRate {
  const rates = gridRates(grid);
  // A bid not priced in the scenario (an input out of its domain) is drawn at no rate: not priced is
  // not priced in every view, even where putting every bid at the same rate would hide its bad rate.
  const blended = bids.map((bid) => {
    if (tryFigures(bid, scenario).problem) return rates.map(() => null);
    return rates.map((r) => {
      const { figures } = tryFigures(atResolutionRate(bid, r), scenario);
      return figures ? figures.blendedCostPerConversation : null;
    });
  });
  const winners = rates.map((_, k) => {
    let best: number | null = null;
    for (let b = 0; b < bids.length; b++) {
      const c = blended[b][k];
      if (c !== null && (best === null || c < (blended[best][k] as number))) best = b;
    }
    return best;
  });
  const crossings: (number | null)[] = rates.map(() => null);
  const ranges: CheapestRange[] = [];
  let open: CheapestRange | null = null;
  for (let k = 0; k < rates.length; k++) {
    const w = winners[k];
    if (w === null) {
      if (open) ranges.push(open);
      open = null;
      continue;
    }
    if (open && open.bid === w) {
      open.to = rates[k];
      continue;
    }
    let from = rates[k];
    const previous = k > 0 ? winners[k - 1] : null;
    if (open && previous !== null) {
      // Both bids are priced at both rates (the previous winner was, and the new one is cheapest now).
      const before = (blended[previous][k - 1] as number) - (blended[w][k - 1] as number);
      const after = (blended[previous][k] ?? Infinity) - (blended[w][k] as number);
      const x = Number.isFinite(after) && after !== before ? rates[k - 1] + ((rates[k] - rates[k - 1]) * -before) / (after - before) : rates[k];
      from = Math.min(rates[k], Math.max(rates[k - 1], x));
      crossings[k] = from;
      open.to = from;
      ranges.push(open);
    } else if (open) ranges.push(open);
    open = { from, to: rates[k], bid: w };
  }
  if (open) ranges.push(open);
  return { rates, blended, winners, crossings, ranges };
}
