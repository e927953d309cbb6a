/**
 * Comparing bids: the ranking and the break-even points between pairs of bids.
 */
import { Bid, BidFigures, bidFigures, Scenario } from "./bid";
import { isPricingProblem, PricingProblem } from "./problems";

export interface RankedBid {
  bid: Bid;
  /** The figures, or the problem that stops this bid from being priced in the scenario. */
  figures: BidFigures | null;
  problem: PricingProblem | null;
  /** 1 = cheapest per resolution; ties share a rank (as RANK.EQ); null when unpriced. */
  rank: number | null;
}

function tryFigures(bid: Bid, scenario: Scenario): { figures: BidFigures | null; problem: PricingProblem | null } {
  try {
    return { figures: bidFigures(bid, scenario), problem: null };
  } catch (e) {
    if (isPricingProblem(e)) return { figures: null, problem: e };
    throw e;
  }
}

/** Every bid on one footing, ranked by cost per resolution (equivalently blended cost: r is shared). */
export function compareBids(bids: readonly Bid[], scenario: Scenario): RankedBid[] {
  const rows = bids.map((bid) => ({ bid, ...tryFigures(bid, scenario), rank: null as number | null }));
  for (const row of rows) {
    if (!row.figures) continue;
    const mine = row.figures.blendedCostPerConversation;
    row.rank = 1 + rows.filter((o) => o.figures && o.figures.blendedCostPerConversation < mine).length;
  }
  return rows;
}

/** AI cost per conversation of a bid as the scenario varies; NaN where the bid cannot be priced. */
function aiCost(bid: Bid, scenario: Scenario): number {
  const { figures } = tryFigures(bid, scenario);
  return figures ? figures.aiCostPerConversation : NaN;
}

/** Finds the x in [lo, hi] where f changes sign, by bisection. */
function bisect(f: (x: number) => number, lo: number, hi: number, flo: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Every point of a grid where f crosses zero, refined by bisection. */
function crossings(f: (x: number) => number, grid: readonly number[]): number[] {
  const found: number[] = [];
  let prevX = grid[0];
  let prev = f(prevX);
  if (prev === 0) found.push(prevX);
  for (let i = 1; i < grid.length; i++) {
    const x = grid[i];
    const y = f(x);
    if (Number.isNaN(y) || Number.isNaN(prev)) {
      // no crossing across a gap where a bid cannot be priced
    } else if (y === 0) found.push(x);
    else if (prev !== 0 && Math.sign(y) !== Math.sign(prev)) found.push(bisect(f, prevX, x, prev));
    prevX = x;
    prev = y;
  }
  return found;
}

/**
 * Resolution rates in 0..1 at which two bids cost the buyer the same per conversation
 * (AI cost and blended cost cross at the same r, since the human share is common).
 */
export function breakEvenResolutionRates(first: Bid, second: Bid, scenario: Scenario): number[] {
  const f = (r: number) => aiCost(first, { ...scenario, resolutionRate: r }) - aiCost(second, { ...scenario, resolutionRate: r });
  const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
  return crossings(f, grid);
}

/** Monthly conversation volumes (1 to 100 million) at which two bids cost the same per conversation. */
export function breakEvenVolumes(first: Bid, second: Bid, scenario: Scenario): number[] {
  const f = (v: number) => aiCost(first, { ...scenario, conversations: v }) - aiCost(second, { ...scenario, conversations: v });
  const grid = Array.from({ length: 801 }, (_, i) => 10 ** (i / 100));
  return crossings(f, grid);
}
