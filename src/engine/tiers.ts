/**
 * Tiered prices, as usage-billing engines define them.
 * A tier covers quantities up to and including its upper bound; the last tier may have no bound.
 *  - graduated: each unit is priced at the tier it falls in;
 *  - volume: every unit is priced at the tier the whole quantity falls in.
 */
import { nonNegative, nonNegativeItem, PricingProblem } from "./problems";

export type TierMode = "graduated" | "volume";
export const TIER_MODES: readonly TierMode[] = ["graduated", "volume"];

export interface Tier {
  /** Inclusive upper bound in units; `null` means no limit (last tier only). */
  upTo: number | null;
  /** Price per unit in this tier. */
  price: number;
}

/** Checks tiers the way the TIERED_COST function and templates need them; throws a PricingProblem. */
export function checkTiers(tiers: readonly Tier[], boundsName = "tier_upper_bounds", pricesName = "tier_prices"): void {
  if (tiers.length === 0) throw new PricingProblem("value", boundsName, `${boundsName} must list at least one tier`);
  let previous = -Infinity;
  tiers.forEach((tier, i) => {
    nonNegativeItem(pricesName, i, tier.price);
    if (tier.upTo === null) {
      if (i !== tiers.length - 1) {
        throw new PricingProblem("value", boundsName, `${boundsName}: only the last bound may be blank (no limit); bound ${i + 1} is blank`);
      }
      return;
    }
    nonNegativeItem(boundsName, i, tier.upTo);
    if (!(tier.upTo > previous)) {
      throw new PricingProblem("num", boundsName, `${boundsName} must ascend: bound ${i + 1} (${tier.upTo}) is not above bound ${i} (${previous})`);
    }
    previous = tier.upTo;
  });
}

export function parseTierMode(mode: string | undefined, name = "mode"): TierMode {
  if (mode === undefined) return "graduated";
  const m = mode.trim().toLowerCase();
  const known = TIER_MODES.find((t) => t === m);
  if (known) return known;
  throw new PricingProblem("value", name, `${name} must be "graduated" or "volume" (got "${mode}")`);
}

function beyondLastTier(quantity: number, tiers: readonly Tier[]): never {
  const last = tiers[tiers.length - 1].upTo;
  throw new PricingProblem("num", "quantity", `quantity ${quantity} is above the last tier's bound (${last}); leave the last bound blank for no limit`);
}

/**
 * Prices quantities under tiers checked once: the tiers are checked here, and each quantity then costs
 * O(log tiers) (a binary search over the bounds, with the graduated totals below each tier summed
 * once). TIERED_COST uses it to price a whole column of quantities in one call.
 */
export function tierPricer(tiers: readonly Tier[], mode: TierMode = "graduated"): (quantity: number) => number {
  checkTiers(tiers);
  const n = tiers.length;
  const bounds = new Float64Array(n);
  const prices = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const upTo = tiers[i].upTo;
    bounds[i] = upTo === null ? Infinity : upTo;
    prices[i] = tiers[i].price;
  }
  // below[i]: the graduated price of every unit under tier i's floor, summed in the order the units climb.
  const below = new Float64Array(n);
  for (let i = 1; i < n; i++) below[i] = below[i - 1] + (bounds[i - 1] - (i > 1 ? bounds[i - 2] : 0)) * prices[i - 1];
  return (quantity: number): number => {
    nonNegative("quantity", quantity);
    // The first tier whose bound holds the quantity (bounds are inclusive).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (quantity <= bounds[mid]) hi = mid;
      else lo = mid + 1;
    }
    if (lo === n) return beyondLastTier(quantity, tiers);
    if (mode === "volume") return quantity * prices[lo];
    return below[lo] + (quantity - (lo > 0 ? bounds[lo - 1] : 0)) * prices[lo];
  };
}

/** Total price of `quantity` units under the tiers. */
export function tieredCost(quantity: number, tiers: readonly Tier[], mode: TierMode = "graduated"): number {
  nonNegative("quantity", quantity);
  return tierPricer(tiers, mode)(quantity);
}
