/**
 * The arithmetic of the AIPRICE function contract (docs/spec.md#functions), one small pure function each.
 * Arguments are named and ordered as the Excel functions are; an omitted optional argument is
 * `undefined` and takes its default here. Every check throws a PricingProblem naming the argument.
 */
import { finite, fraction, nonNegative, nonNegativeItem, nonZeroDivisor, PricingProblem } from "./problems";

const PER_MILLION = 1e6;

/** Vendor cost of one conversation priced per token (prices per million tokens). */
export function tokenCost(input_tokens: number, output_tokens: number, input_price_per_mtok: number, output_price_per_mtok: number, cached_input_tokens = 0, cached_input_price_per_mtok: number = input_price_per_mtok, attempts = 1): number {
  nonNegative("input_tokens", input_tokens);
  nonNegative("output_tokens", output_tokens);
  nonNegative("input_price_per_mtok", input_price_per_mtok);
  nonNegative("output_price_per_mtok", output_price_per_mtok);
  nonNegative("cached_input_tokens", cached_input_tokens);
  nonNegative("cached_input_price_per_mtok", cached_input_price_per_mtok);
  nonNegative("attempts", attempts);
  if (cached_input_tokens > input_tokens) {
    throw new PricingProblem("num", "cached_input_tokens", `cached_input_tokens (${cached_input_tokens}) are part of input_tokens and cannot exceed them (${input_tokens})`);
  }
  const once = (input_tokens - cached_input_tokens) * input_price_per_mtok + cached_input_tokens * cached_input_price_per_mtok + output_tokens * output_price_per_mtok;
  return (attempts * once) / PER_MILLION;
}

/** Seat licences spread over the month's conversations. */
export function seatCost(price_per_seat: number, seats: number, conversations: number): number {
  nonNegative("price_per_seat", price_per_seat);
  nonNegative("seats", seats);
  nonNegative("conversations", conversations);
  nonZeroDivisor("conversations", conversations, "the seat cost per conversation");
  return (price_per_seat * seats) / conversations;
}

/** Per-resolution price as a fee per conversation: price x r. */
export function resolutionFee(price_per_resolution: number, resolution_rate: number): number {
  nonNegative("price_per_resolution", price_per_resolution);
  fraction("resolution_rate", resolution_rate);
  return price_per_resolution * resolution_rate;
}

/** Per-outcome price as a fee per conversation: price x r x q. */
export function outcomeFee(price_per_outcome: number, resolution_rate: number, qualifying_share: number): number {
  nonNegative("price_per_outcome", price_per_outcome);
  fraction("resolution_rate", resolution_rate);
  fraction("qualifying_share", qualifying_share);
  return price_per_outcome * resolution_rate * qualifying_share;
}

/** Is the service level met? higher_is_better: measured >= threshold; otherwise measured < threshold. */
export function serviceLevelMet(measured: number, threshold: number, higher_is_better = true): boolean {
  finite("measured", measured);
  finite("threshold", threshold);
  return higher_is_better ? measured >= threshold : measured < threshold;
}

/** A fee gated on a service level: the amount when met, else amount x (1 - credit_share). */
export function slaGate(amount: number, measured: number, threshold: number, higher_is_better = true, credit_share = 1): number {
  nonNegative("amount", amount);
  fraction("credit_share", credit_share);
  return serviceLevelMet(measured, threshold, higher_is_better) ? amount : amount * (1 - credit_share);
}

/** The vendor's share of the savings: share x max(0, (baseline - ai_cost) x r). */
export function revshareFee(baseline_cost: number, ai_cost: number, resolution_rate: number, share: number): number {
  nonNegative("baseline_cost", baseline_cost);
  nonNegative("ai_cost", ai_cost);
  fraction("resolution_rate", resolution_rate);
  fraction("share", share);
  return share * Math.max(0, (baseline_cost - ai_cost) * resolution_rate);
}

/** Buyer's net AI cost per conversation under a revenue share: the fee is added, never subtracted. */
export function revshareNet(baseline_cost: number, ai_cost: number, resolution_rate: number, share: number, buyer_pays_ai_cost = true): number {
  const fee = revshareFee(baseline_cost, ai_cost, resolution_rate, share);
  return (buyer_pays_ai_cost ? ai_cost : 0) + fee;
}

/** Total cost of ownership per conversation: vendor + supplied + (fixed + one_time / term) / conversations. */
export function tcoPerConversation(vendor_cost: number, supplied_cost = 0, fixed_monthly_cost = 0, conversations?: number, one_time_cost = 0, term_months = 12): number {
  nonNegative("vendor_cost", vendor_cost);
  nonNegative("supplied_cost", supplied_cost);
  nonNegative("fixed_monthly_cost", fixed_monthly_cost);
  if (conversations !== undefined) nonNegative("conversations", conversations);
  nonNegative("one_time_cost", one_time_cost);
  nonNegative("term_months", term_months);
  if (fixed_monthly_cost === 0 && one_time_cost === 0) return vendor_cost + supplied_cost;
  if (conversations === undefined || conversations === 0) {
    throw new PricingProblem("div0", "conversations", "conversations is missing or 0, so fixed_monthly_cost and one_time_cost cannot be spread per conversation");
  }
  let monthly = fixed_monthly_cost;
  if (one_time_cost > 0) monthly += one_time_cost / nonZeroDivisor("term_months", term_months, "one_time_cost cannot be spread over the term");
  return vendor_cost + supplied_cost + monthly / conversations;
}

/** What each AI resolution really costs: cost per conversation / r. */
export function costPerResolution(cost_per_conversation: number, resolution_rate: number): number {
  nonNegative("cost_per_conversation", cost_per_conversation);
  fraction("resolution_rate", resolution_rate);
  nonZeroDivisor("resolution_rate", resolution_rate, "the cost per resolution");
  return cost_per_conversation / resolution_rate;
}

/** Blended cost per conversation: unresolved conversations still go to a human. */
export function blendedCost(ai_cost_per_conversation: number, resolution_rate: number, human_cost: number): number {
  nonNegative("ai_cost_per_conversation", ai_cost_per_conversation);
  fraction("resolution_rate", resolution_rate);
  nonNegative("human_cost", human_cost);
  return ai_cost_per_conversation + (1 - resolution_rate) * human_cost;
}

/** The resolution rate at which a per-conversation and a per-resolution price cost the same. */
export function breakevenResolutionRate(price_per_conversation: number, price_per_resolution: number): number {
  nonNegative("price_per_conversation", price_per_conversation);
  nonNegative("price_per_resolution", price_per_resolution);
  nonZeroDivisor("price_per_resolution", price_per_resolution, "the break-even resolution rate");
  return price_per_conversation / price_per_resolution;
}

/** Conversations per month at which fixed + variable equals a purely variable price. */
export function breakevenVolume(fixed_cost: number, variable_cost: number, alternative_variable_cost: number): number {
  nonNegative("fixed_cost", fixed_cost);
  nonNegative("variable_cost", variable_cost);
  nonNegative("alternative_variable_cost", alternative_variable_cost);
  if (!(alternative_variable_cost > variable_cost)) {
    throw new PricingProblem("num", "alternative_variable_cost", `alternative_variable_cost (${alternative_variable_cost}) is not dearer per conversation than variable_cost (${variable_cost}), so there is no break-even volume`);
  }
  return fixed_cost / (alternative_variable_cost - variable_cost);
}

/** A plan with an included allowance: platform_fee + max(0, quantity - included) x overage_price. */
export function allowanceCost(quantity: number, included: number, overage_price: number, platform_fee = 0): number {
  nonNegative("quantity", quantity);
  nonNegative("included", included);
  nonNegative("overage_price", overage_price);
  nonNegative("platform_fee", platform_fee);
  return platform_fee + Math.max(0, quantity - included) * overage_price;
}

/** How close (relative) a count of packages must be to a whole number to need exactly that many. */
export const PACKAGE_TOLERANCE = 1e-9;

/**
 * The fewest whole packages that cover a quantity (docs/spec.md#charge-cost): with n the whole number nearest
 * q, q within 1e-9 relative above n needs exactly n (so 1200 / 100 is 12 whatever the floating point),
 * and q further above n needs n + 1; q below n needs n. Written as the native formula is
 * (n = INT(q + 0.5); n + (q - n > 1e-9 x n)) so both give the same figure.
 */
export function wholePackages(quantity: number, package_size: number): number {
  const q = quantity / package_size;
  const n = Math.floor(q + 0.5);
  return q - n > PACKAGE_TOLERANCE * n ? n + 1 : n;
}

/**
 * One charge for a month (docs/spec.md#charge-cost): billable = max(0, units - included_units); billable x
 * unit_price, or with a package size the whole packages that cover billable x unit_price (the price of
 * a package); at least minimum_charge.
 */
export function chargeCost(units: number, unit_price: number, included_units = 0, package_size?: number, minimum_charge = 0): number {
  nonNegative("units", units);
  nonNegative("unit_price", unit_price);
  nonNegative("included_units", included_units);
  if (package_size !== undefined && !(package_size > 0 && package_size !== Infinity)) {
    throw new PricingProblem("num", "package_size", `package_size must be a number above 0 (got ${package_size}); leave it blank for no packages`);
  }
  nonNegative("minimum_charge", minimum_charge);
  const over = units - included_units;
  const billable = over < 0 ? 0 : over;
  const charge = package_size === undefined ? billable * unit_price : wholePackages(billable, package_size) * unit_price;
  return charge < minimum_charge ? minimum_charge : charge;
}

/** What is billed for resolutions an audit does not confirm: billed x (1 - verified) x price. */
export function disputeExposure(billed_resolutions: number, verified_share: number, price_per_resolution: number): number {
  nonNegative("billed_resolutions", billed_resolutions);
  fraction("verified_share", verified_share);
  nonNegative("price_per_resolution", price_per_resolution);
  return billed_resolutions * (1 - verified_share) * price_per_resolution;
}

/**
 * A token rate card whose row is chosen by the request's prompt size (docs/spec.md#more-functions), checked
 * once: thresholds ascend strictly from 0; one input and one output price per threshold; cached prices
 * per threshold, blank (`null`) meaning the row's input price.
 */
export interface ContextRateCard {
  thresholds: readonly number[];
  inputPrices: readonly number[];
  outputPrices: readonly number[];
  cachedInputPrices: readonly number[];
}

/** Checks a prompt-size rate card (thresholds from 0, ascending; prices per row) and returns it ready to price. */
export function contextRateCard(context_thresholds: readonly number[], input_prices: readonly number[], output_prices: readonly number[], cached_input_prices?: readonly (number | null)[]): ContextRateCard {
  const n = context_thresholds.length;
  if (n === 0) throw new PricingProblem("value", "context_thresholds", "context_thresholds must list at least one threshold (the first is 0)");
  const sameLength = (name: string, xs: readonly unknown[]) => {
    if (xs.length !== n) {
      throw new PricingProblem("value", name, `${name} has ${xs.length} items but context_thresholds has ${n}; they must match`);
    }
  };
  sameLength("input_prices", input_prices);
  sameLength("output_prices", output_prices);
  if (cached_input_prices !== undefined) sameLength("cached_input_prices", cached_input_prices);
  context_thresholds.forEach((t, i) => {
    nonNegativeItem("context_thresholds", i, t);
    if (i === 0 && t !== 0) {
      throw new PricingProblem("num", "context_thresholds", `context_thresholds must start at 0, so that every prompt size has a row (got ${t})`);
    }
    if (i > 0 && !(t > context_thresholds[i - 1])) {
      throw new PricingProblem("num", "context_thresholds", `context_thresholds must ascend: threshold ${i + 1} (${t}) is not above threshold ${i} (${context_thresholds[i - 1]})`);
    }
  });
  input_prices.forEach((p, i) => nonNegativeItem("input_prices", i, p));
  output_prices.forEach((p, i) => nonNegativeItem("output_prices", i, p));
  const cached = input_prices.map((p, i) => {
    const c = cached_input_prices?.[i];
    return c === null || c === undefined ? p : nonNegativeItem("cached_input_prices", i, c);
  });
  return { thresholds: context_thresholds, inputPrices: input_prices, outputPrices: output_prices, cachedInputPrices: cached };
}

/** The row of a rate card that prices a prompt of `input_tokens`: the last whose threshold <= input_tokens. */
export function contextRow(card: ContextRateCard, input_tokens: number): number {
  const t = card.thresholds;
  let lo = 0; // t[0] = 0 <= input_tokens
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid] <= input_tokens) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** One request (conversation) priced on a checked rate card: TOKEN_COST at the row its prompt size selects. */
export function priceOnRateCard(card: ContextRateCard, input_tokens: number, output_tokens: number, cached_input_tokens = 0, attempts = 1): number {
  nonNegative("input_tokens", input_tokens);
  const row = contextRow(card, input_tokens);
  return tokenCost(input_tokens, output_tokens, card.inputPrices[row], card.outputPrices[row], cached_input_tokens, card.cachedInputPrices[row], attempts);
}

/**
 * TOKEN_COST under a rate card whose row is chosen by the prompt size (cached tokens included): the row
 * is the last whose threshold <= input_tokens, and every token of the request is priced at that row
 * (not graduated bands). Thresholds {0, 272000}, input {5, 10}, output {30, 45}: (300000, 2000) costs
 * 3.09, (200000, 2000) costs 1.06.
 */
export function contextTokenCost(input_tokens: number, output_tokens: number, context_thresholds: number[], input_prices: number[], output_prices: number[], cached_input_tokens = 0, cached_input_prices?: (number | null)[], attempts = 1): number {
  const card = contextRateCard(context_thresholds, input_prices, output_prices, cached_input_prices);
  return priceOnRateCard(card, input_tokens, output_tokens, cached_input_tokens, attempts);
}
