/**
 * The price to bring to the table (docs/spec.md#decide-and-negotiate): for each bid not ranked first, the
 * price of its main charge at which it ties the leader, at the likely scenario and at P90 (null where even
 * free it costs more), and for per-resolution and outcome bids the resolution rate below which it stops
 * paying off. The method: docs/negotiate.md ("The price to bring to the table").
 */
import { Bid, Scenario } from "./bid";
import { priceTrials, Trials } from "./bid-risk";
import { mainCharge, priceAt, withPrice } from "./bid-prices";
import { compareBids } from "./compare";
import { crossing, monthlyTotalAt } from "./decide";
import { isPricingProblem } from "./problems";
import { percentilesInc } from "./risk";

export interface PriceToMatch {
  /** The main charge, in the analyst's words, e.g. "price per resolution". */
  charge: string;
  /** Its path in the bid, e.g. "pricing.pricePerResolution". */
  path: string;
  /** The price stated. */
  price: number;
  likely: number | null;
  p90: number | null;
}

/**
 * Solves g(price) = 0 for a price from 0 to the one stated, g rising with the price; null when g(0) > 0.
 * tolerance 0 refines until g is 0 to rounding; the P90 (piecewise linear in the price) stops at 1e-9.
 */
function solvePrice(g: (price: number) => number, stated: number, tolerance: number): number | null {
  const atStated = g(stated);
  if (atStated <= 0) return atStated === 0 ? stated : null;
  const atZero = g(0);
  if (atZero > 0) return null;
  return crossing(g, 0, stated, atZero, atStated, tolerance);
}

/** g(price) that is never thrown out of: a price the bid cannot be priced at counts as costing more. */
function guarded(g: (price: number) => number): (price: number) => number {
  return (price) => {
    try {
      return g(price);
    } catch (e) {
      if (isPricingProblem(e)) return Infinity;
      throw e;
    }
  };
}

const p90 = (values: number[]) => percentilesInc(values, [0.9])[0];

/**
 * The price to match the leader for every bid; null for the leader (and bids tied with it), a bid that
 * cannot be priced, and a bid without one main charge (tiers). `trials` (drawTrials of the same bids
 * and scenario) gives the P90 price; without it, p90 is null.
 */
export function pricesToMatch(bids: readonly Bid[], scenario: Scenario, trials: Trials | null = null): (PriceToMatch | null)[] {
  const rows = compareBids(bids, scenario);
  const leader = rows.findIndex((r) => r.rank === 1);
  if (leader < 0) return bids.map(() => null);
  const leaderTotal = rows[leader].figures!.monthlyTotal;
  const leaderTrials = trials?.totals[leader] ?? null;
  const leaderP90 = leaderTrials ? p90(leaderTrials) : null;
  return rows.map((row, b) => {
    if (row.rank === null || row.rank === 1) return null;
    const charge = mainCharge(row.bid, scenario);
    if (!charge) return null;
    const stated = priceAt(row.bid, charge.path);
    if (stated === undefined) return null;
    const at = (price: number) => withPrice(row.bid, charge.path, price);
    const likely = solvePrice(
      guarded((price) => monthlyTotalAt(at(price), scenario) - leaderTotal),
      stated,
      0,
    );
    let atP90: number | null = null;
    const rates = trials?.rates[b];
    if (trials && rates && leaderP90 !== null) {
      atP90 = solvePrice(
        guarded((price) => p90(priceTrials(at(price), scenario, trials, rates).total) - leaderP90),
        stated,
        1e-9,
      );
    }
    return { charge: charge.words, path: charge.path, price: stated, likely, p90: atP90 };
  });
}

/**
 * For a per-resolution or outcome bid: its own resolution rate below which it saves nothing against
 * every conversation going to a human (blended cost = h at the likely scenario otherwise). 0 when it
 * pays off at any rate; null when it does not pay off even at 100%, or for other pricing models.
 */
export function stopsPayingOffBelow(bid: Bid, scenario: Scenario): number | null {
  if (bid.pricing.model !== "per-resolution" && bid.pricing.model !== "outcome-based") return null;
  const above = guarded((r: number) => monthlyTotalAt({ ...bid, performance: { ...bid.performance, resolutionRate: r } }, scenario) - scenario.humanCost * scenario.conversations);
  const atZero = above(0);
  const atOne = above(1);
  // above(r): the monthly total above all-human; the bid pays off where it is below 0.
  if (atOne > 0 || !Number.isFinite(atOne)) return null;
  if (atZero <= 0) return 0;
  return crossing(above, 0, 1, atZero, atOne, 0);
}
