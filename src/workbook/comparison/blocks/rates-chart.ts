/**
 * Which bids the chart of blended cost by resolution rate draws: every bid when there are few; with
 * more, only the bids that are ever the cheapest at some rate (the engine's cheapestByResolutionRate on
 * the bids as built), so that 60 lines do not hide the few that matter. The chart's title says how many
 * it leaves out.
 */
import { cheapestByResolutionRate } from "../../../engine/compare";
import type { ComparisonContext } from "../context";

/** The indexes of the bids to draw, in the bids' order. */
export function ratesChartSeries(ctx: ComparisonContext, allUpTo: number): number[] {
  const all = ctx.bids.map((_, i) => i);
  if (ctx.bids.length <= allUpTo) return all;
  let winners: Set<number>;
  try {
    winners = new Set(cheapestByResolutionRate(ctx.bids, ctx.scenario).ranges.map((r) => r.bid));
  } catch {
    return all;
  }
  return winners.size === 0 ? all : all.filter((i) => winners.has(i));
}
