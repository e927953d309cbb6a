/*
 * The AIPRICE custom functions, the Excel face of the engine, and the single source of their metadata
 * (custom-functions-metadata-plugin reads these JSDoc comments to write functions.json). Each states its
 * own arithmetic only; conventions: docs/architecture.md ("Excel conventions of the functions").
 */
import * as engine from "../engine/measures";
import { checkTiers, parseTierMode, Tier, tierPricer } from "../engine/tiers";
import { expenseSchedule, SCHEDULE_COLUMNS } from "../engine/schedule";
import { chanceCheapest, pertDraws } from "../engine/risk";
import { COMMIT_COLUMNS, commitTrueUp, CREDIT_COLUMNS, creditBurn, escalatedPrice } from "../engine/commitments";
import { PricingProblem } from "../engine/problems";
import { cellwise, whole } from "./broadcast";
import { Arg, Cell, Grid, list, number, optionalFlag, optionalNumber, optionalText, single } from "./cells";

const tokenCost = cellwise(
  [number("input_tokens"), number("output_tokens"), number("input_price_per_mtok"), number("output_price_per_mtok"), optionalNumber("cached_input_tokens"), optionalNumber("cached_input_price_per_mtok"), optionalNumber("attempts")],
  engine.tokenCost,
);
/**
 * Vendor cost of one conversation priced per token: attempts x (uncached input, cached input and output tokens at their prices per million).
 * @customfunction TOKEN_COST
 * @helpurl https://localhost:3000/help.html#token_cost
 * @param input_tokens Input tokens per conversation, cached ones included.
 * @param output_tokens Output tokens per conversation.
 * @param input_price_per_mtok List price per million input tokens.
 * @param output_price_per_mtok List price per million output tokens.
 * @param [cached_input_tokens] How many of the input tokens are cached. Default 0.
 * @param [cached_input_price_per_mtok] Price per million cached input tokens. Default: the input price.
 * @param [attempts] Model calls per conversation (retries, agent steps). Default 1.
 * @returns Token cost per conversation.
 */
export function TOKEN_COST(input_tokens: any[][], output_tokens: any[][], input_price_per_mtok: any[][], output_price_per_mtok: any[][], cached_input_tokens?: any[][], cached_input_price_per_mtok?: any[][], attempts?: any[][]): any[][] {
  return tokenCost(input_tokens, output_tokens, input_price_per_mtok, output_price_per_mtok, cached_input_tokens, cached_input_price_per_mtok, attempts);
}

const seatCost = cellwise([number("price_per_seat"), number("seats"), number("conversations")], engine.seatCost);
/**
 * Seat licences per conversation: price per seat x seats / conversations per month.
 * @customfunction SEAT_COST
 * @helpurl https://localhost:3000/help.html#seat_cost
 * @param price_per_seat Monthly price of one seat.
 * @param seats Number of seats bought.
 * @param conversations Conversations per month.
 * @returns Seat cost per conversation.
 */
export function SEAT_COST(price_per_seat: any[][], seats: any[][], conversations: any[][]): any[][] {
  return seatCost(price_per_seat, seats, conversations);
}

const resolutionFee = cellwise([number("price_per_resolution"), number("resolution_rate")], engine.resolutionFee);
/**
 * A per-resolution price as a fee per conversation: price x resolution rate.
 * @customfunction RESOLUTION_FEE
 * @helpurl https://localhost:3000/help.html#resolution_fee
 * @param price_per_resolution Price the vendor charges for each resolution.
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1 (0.9 = 90%).
 * @returns Vendor fee per conversation.
 */
export function RESOLUTION_FEE(price_per_resolution: any[][], resolution_rate: any[][]): any[][] {
  return resolutionFee(price_per_resolution, resolution_rate);
}

const outcomeFee = cellwise([number("price_per_outcome"), number("resolution_rate"), number("qualifying_share")], engine.outcomeFee);
/**
 * An outcome price as a fee per conversation: price x resolution rate x qualifying share.
 * @customfunction OUTCOME_FEE
 * @helpurl https://localhost:3000/help.html#outcome_fee
 * @param price_per_outcome Price for each qualifying outcome (e.g. a resolution with CSAT 4+).
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1.
 * @param qualifying_share Share of AI resolutions that meet the outcome condition, 0 to 1.
 * @returns Vendor fee per conversation.
 */
export function OUTCOME_FEE(price_per_outcome: any[][], resolution_rate: any[][], qualifying_share: any[][]): any[][] {
  return outcomeFee(price_per_outcome, resolution_rate, qualifying_share);
}

const slaGate = cellwise([number("amount"), number("measured"), number("threshold"), optionalFlag("higher_is_better"), optionalNumber("credit_share")], engine.slaGate);
/**
 * A fee gated on a service level: the amount when the level is met, else amount x (1 - credit share).
 * @customfunction SLA_GATE
 * @helpurl https://localhost:3000/help.html#sla_gate
 * @param amount The fee due when the service level is met.
 * @param measured The measured level (e.g. CSAT 4.2, or an error rate of 0.015).
 * @param threshold The contract's level (e.g. 4, or 0.02).
 * @param [higher_is_better] TRUE (default): met when measured >= threshold. FALSE: met when measured < threshold.
 * @param [credit_share] Share of the fee credited when the level is missed, 0 to 1. Default 1: nothing is paid.
 * @returns The fee payable.
 */
export function SLA_GATE(amount: any[][], measured: any[][], threshold: any[][], higher_is_better?: any[][], credit_share?: any[][]): any[][] {
  return slaGate(amount, measured, threshold, higher_is_better, credit_share);
}

const revshareFee = cellwise([number("baseline_cost"), number("ai_cost"), number("resolution_rate"), number("share")], engine.revshareFee);
/**
 * The vendor's revenue share per conversation: share x max(0, (baseline - AI cost) x resolution rate).
 * @customfunction REVSHARE_FEE
 * @helpurl https://localhost:3000/help.html#revshare_fee
 * @param baseline_cost Cost of a conversation handled by a human (the baseline).
 * @param ai_cost AI run cost per conversation.
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1.
 * @param share Vendor's share of the savings, 0 to 1 (0.15 = 15%).
 * @returns Fee to the vendor per conversation.
 */
export function REVSHARE_FEE(baseline_cost: any[][], ai_cost: any[][], resolution_rate: any[][], share: any[][]): any[][] {
  return revshareFee(baseline_cost, ai_cost, resolution_rate, share);
}

const revshareNet = cellwise([number("baseline_cost"), number("ai_cost"), number("resolution_rate"), number("share"), optionalFlag("buyer_pays_ai_cost")], engine.revshareNet);
/**
 * Buyer's net AI cost per conversation under a revenue share: the AI run cost (if the buyer pays it) plus the vendor's share. The fee adds to cost.
 * @customfunction REVSHARE_NET
 * @helpurl https://localhost:3000/help.html#revshare_net
 * @param baseline_cost Cost of a conversation handled by a human (the baseline).
 * @param ai_cost AI run cost per conversation.
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1.
 * @param share Vendor's share of the savings, 0 to 1.
 * @param [buyer_pays_ai_cost] TRUE (default) when the buyer pays the AI run cost on top of the share.
 * @returns Net AI cost per conversation.
 */
export function REVSHARE_NET(baseline_cost: any[][], ai_cost: any[][], resolution_rate: any[][], share: any[][], buyer_pays_ai_cost?: any[][]): any[][] {
  return revshareNet(baseline_cost, ai_cost, resolution_rate, share, buyer_pays_ai_cost);
}

const tcoPerConversation = cellwise(
  [number("vendor_cost"), optionalNumber("supplied_cost"), optionalNumber("fixed_monthly_cost"), optionalNumber("conversations"), optionalNumber("one_time_cost"), optionalNumber("term_months")],
  engine.tcoPerConversation,
);
/**
 * Total cost of ownership per conversation: vendor + supplied + (fixed monthly + one-time / term) / conversations.
 * @customfunction TCO_PER_CONVERSATION
 * @helpurl https://localhost:3000/help.html#tco_per_conversation
 * @param vendor_cost Vendor fee per conversation.
 * @param [supplied_cost] What the buyer supplies per conversation (infrastructure, human review). Default 0.
 * @param [fixed_monthly_cost] The buyer's fixed costs per month. Default 0.
 * @param [conversations] Conversations per month; needed to spread fixed and one-time costs.
 * @param [one_time_cost] One-time costs (integration, implementation). Default 0.
 * @param [term_months] Contract months over which one-time costs are spread. Default 12.
 * @returns AI cost per conversation.
 */
export function TCO_PER_CONVERSATION(vendor_cost: any[][], supplied_cost?: any[][], fixed_monthly_cost?: any[][], conversations?: any[][], one_time_cost?: any[][], term_months?: any[][]): any[][] {
  return tcoPerConversation(vendor_cost, supplied_cost, fixed_monthly_cost, conversations, one_time_cost, term_months);
}

const costPerResolution = cellwise([number("cost_per_conversation"), number("resolution_rate")], engine.costPerResolution);
/**
 * What each AI resolution really costs: cost per conversation / resolution rate.
 * @customfunction COST_PER_RESOLUTION
 * @helpurl https://localhost:3000/help.html#cost_per_resolution
 * @param cost_per_conversation AI cost per conversation.
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1 (0.9 = 90%).
 * @returns Cost per resolution.
 */
export function COST_PER_RESOLUTION(cost_per_conversation: any[][], resolution_rate: any[][]): any[][] {
  return costPerResolution(cost_per_conversation, resolution_rate);
}

const blendedCost = cellwise([number("ai_cost_per_conversation"), number("resolution_rate"), number("human_cost")], engine.blendedCost);
/**
 * Blended cost per conversation: AI cost + (1 - resolution rate) x human cost, since unresolved conversations still go to a human.
 * @customfunction BLENDED_COST
 * @helpurl https://localhost:3000/help.html#blended_cost
 * @param ai_cost_per_conversation AI cost per conversation.
 * @param resolution_rate Share of conversations the AI resolves, 0 to 1.
 * @param human_cost Fully loaded cost of a conversation handled by a human.
 * @returns Blended cost per conversation.
 */
export function BLENDED_COST(ai_cost_per_conversation: any[][], resolution_rate: any[][], human_cost: any[][]): any[][] {
  return blendedCost(ai_cost_per_conversation, resolution_rate, human_cost);
}

const breakevenResolutionRate = cellwise([number("price_per_conversation"), number("price_per_resolution")], engine.breakevenResolutionRate);
/**
 * Resolution rate at which a per-conversation and a per-resolution price cost the same. Above it the per-resolution bid costs more.
 * @customfunction BREAKEVEN_RESOLUTION_RATE
 * @helpurl https://localhost:3000/help.html#breakeven_resolution_rate
 * @param price_per_conversation Price per conversation of one bid.
 * @param price_per_resolution Price per resolution of the other bid.
 * @returns Break-even resolution rate (above 1: the per-resolution bid is cheaper at any rate).
 */
export function BREAKEVEN_RESOLUTION_RATE(price_per_conversation: any[][], price_per_resolution: any[][]): any[][] {
  return breakevenResolutionRate(price_per_conversation, price_per_resolution);
}

const breakevenVolume = cellwise([number("fixed_cost"), number("variable_cost"), number("alternative_variable_cost")], engine.breakevenVolume);
/**
 * Conversations per month at which a fixed-plus-variable price equals a purely variable one.
 * @customfunction BREAKEVEN_VOLUME
 * @helpurl https://localhost:3000/help.html#breakeven_volume
 * @param fixed_cost Fixed monthly cost of the first price (platform fee, seats).
 * @param variable_cost Its cost per conversation.
 * @param alternative_variable_cost Cost per conversation of the purely variable price.
 * @returns Break-even conversations per month.
 */
export function BREAKEVEN_VOLUME(fixed_cost: any[][], variable_cost: any[][], alternative_variable_cost: any[][]): any[][] {
  return breakevenVolume(fixed_cost, variable_cost, alternative_variable_cost);
}

/** How many items remain of lists read side by side once the rows blank in every list at the end are dropped. */
function filledLength(...lists: readonly (number | null)[][]): number {
  let n = 0;
  for (const l of lists) if (l.length > n) n = l.length;
  while (n > 0 && lists.every((l) => (l[n - 1] ?? null) === null)) n--;
  return n;
}

/** Months read as a whole list: blanks inside count as 0, blanks at the end are ignored (at least one month). */
function monthsOf(arg: Arg, name: string): number[] {
  const months = list(arg, name);
  const n = Math.max(1, filledLength(months));
  return months.slice(0, n).map((m) => m ?? 0);
}

/** A table with its header row; every amount must be finite (else #NUM! naming `blame`). */
function table(columns: readonly string[], rows: number[][], blame: string): Grid {
  const out: Grid = new Array(rows.length + 1);
  out[0] = [...columns];
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i];
    for (const x of line) if (!Number.isFinite(x)) throw new PricingProblem("num", blame, "the table's amounts are too large to show");
    out[i + 1] = line;
  }
  return out;
}

/** Tier bounds and prices read as whole lists; trailing rows blank in both are ignored. */
function readTiers(bounds: Arg, prices: Arg): Tier[] {
  const ups = list(bounds, "tier_upper_bounds");
  const ps = list(prices, "tier_prices");
  let n = Math.max(ups.length, ps.length);
  while (n > 0 && (ups[n - 1] ?? null) === null && (ps[n - 1] ?? null) === null) n--;
  if (ups.length !== ps.length && !(ups.length >= n && ps.length >= n)) {
    throw new PricingProblem("value", "tier_prices", `tier_upper_bounds has ${ups.length} items but tier_prices has ${ps.length}; they must match`);
  }
  const tiers: Tier[] = [];
  for (let i = 0; i < n; i++) {
    const price = ps[i];
    if (price === null) throw new PricingProblem("value", "tier_prices", `tier_prices, item ${i + 1} is blank`);
    tiers.push({ upTo: ups[i], price });
  }
  checkTiers(tiers);
  return tiers;
}

/**
 * Total price of a quantity under tiers. Graduated (default): each unit at its own tier's price. Volume: every unit at the price of the tier the quantity falls in.
 * @customfunction TIERED_COST
 * @helpurl https://localhost:3000/help.html#tiered_cost
 * @param quantity Units in the month (conversations, resolutions, seats).
 * @param tier_upper_bounds Inclusive upper bound of each tier, ascending; leave the last blank for no limit. A row or a column.
 * @param tier_prices Price per unit in each tier; the same length as the bounds.
 * @param [mode] "graduated" (default) or "volume".
 * @returns Total price of the quantity.
 */
export function TIERED_COST(quantity: any[][], tier_upper_bounds: any[][], tier_prices: any[][], mode?: any[][]): any[][] {
  return whole(() => {
    const tiers = readTiers(tier_upper_bounds, tier_prices);
    const m = parseTierMode(single(mode, optionalText("mode")) as string | undefined);
    // The tiers are checked once here; each quantity then costs a binary search over them.
    return cellwise([number("quantity")], tierPricer(tiers, m))(quantity);
  });
}

const allowanceCost = cellwise([number("quantity"), number("included"), number("overage_price"), optionalNumber("platform_fee")], engine.allowanceCost);
/**
 * A plan with an included allowance: platform fee + units above the allowance x overage price.
 * @customfunction ALLOWANCE_COST
 * @helpurl https://localhost:3000/help.html#allowance_cost
 * @param quantity Units used in the month (e.g. resolutions).
 * @param included Units included in the plan.
 * @param overage_price Price of each unit above the allowance.
 * @param [platform_fee] The plan's monthly fee. Default 0.
 * @returns Monthly cost of the plan.
 */
export function ALLOWANCE_COST(quantity: any[][], included: any[][], overage_price: any[][], platform_fee?: any[][]): any[][] {
  return allowanceCost(quantity, included, overage_price, platform_fee);
}

const chargeCost = cellwise([number("units"), number("unit_price"), optionalNumber("included_units"), optionalNumber("package_size"), optionalNumber("minimum_charge")], engine.chargeCost);
/**
 * One charge for a month: units above the included ones at the unit price, or in whole packages rounded up; at least the minimum charge.
 * @customfunction CHARGE_COST
 * @helpurl https://localhost:3000/help.html#charge_cost
 * @param units Units of the meter in the month (outcomes, actions, minutes, sessions, seats).
 * @param unit_price Price of one unit, or of one package when a package size is given.
 * @param [included_units] Units included free (an allowance, free units per month). Default 0.
 * @param [package_size] Units per package: the charge is the fewest whole packages that cover the billable units. Blank: no packages.
 * @param [minimum_charge] The least the charge comes to in a month. Default 0.
 * @returns The charge for the month.
 */
export function CHARGE_COST(units: any[][], unit_price: any[][], included_units?: any[][], package_size?: any[][], minimum_charge?: any[][]): any[][] {
  return chargeCost(units, unit_price, included_units, package_size, minimum_charge);
}

const disputeExposure = cellwise([number("billed_resolutions"), number("verified_share"), number("price_per_resolution")], engine.disputeExposure);
/**
 * What is billed for resolutions that an audit does not confirm: billed x (1 - verified share) x price.
 * @customfunction DISPUTE_EXPOSURE
 * @helpurl https://localhost:3000/help.html#dispute_exposure
 * @param billed_resolutions Resolutions the vendor billed.
 * @param verified_share Share of them the audit confirms, 0 to 1.
 * @param price_per_resolution Price per resolution.
 * @returns Amount in dispute.
 */
export function DISPUTE_EXPOSURE(billed_resolutions: any[][], verified_share: any[][], price_per_resolution: any[][]): any[][] {
  return disputeExposure(billed_resolutions, verified_share, price_per_resolution);
}

/**
 * Month-by-month expense schedule of a per-resolution contract whose resolutions become final when a reopen window closes. Spills a table with a header row.
 * @customfunction EXPENSE_SCHEDULE
 * @helpurl https://localhost:3000/help.html#expense_schedule
 * @param resolutions_by_month Resolutions closed in each month: a row or a column.
 * @param price_per_resolution Price per resolution.
 * @param expected_reopen_rate Share of resolutions expected to be reopened within the window, 0 to 1.
 * @param [actual_reopen_rates] Actual reopen rate of each month, once known; blank = not yet known.
 * @param [window_days] Reopen window in days. Default 30.
 * @returns Month, resolutions, accrued, true-up, recognized, cumulative recognized, final billable.
 */
export function EXPENSE_SCHEDULE(resolutions_by_month: any[][], price_per_resolution: any[][], expected_reopen_rate: any[][], actual_reopen_rates?: any[][], window_days?: any[][]): any[][] {
  return whole(() => {
    const months = monthsOf(resolutions_by_month, "resolutions_by_month");
    const actual = actual_reopen_rates === null || actual_reopen_rates === undefined ? [] : list(actual_reopen_rates, "actual_reopen_rates");
    while (actual.length > 0 && actual[actual.length - 1] === null) actual.pop();
    const rows = expenseSchedule(
      months,
      single(price_per_resolution, number("price_per_resolution")) as number,
      single(expected_reopen_rate, number("expected_reopen_rate")) as number,
      actual,
      single(window_days, optionalNumber("window_days")) as number | undefined,
    );
    return table(
      SCHEDULE_COLUMNS,
      rows.map((r) => [r.month, r.resolutions, r.accrued, r.trueUp, r.recognized, r.cumulativeRecognized, r.finalBillable]),
      "price_per_resolution",
    );
  });
}

/**
 * A column of stratified draws from a PERT distribution (a three-point estimate), the same for the same arguments. Columns with the same seed and count share their ranks (common random numbers).
 * @customfunction PERT_DRAWS
 * @helpurl https://localhost:3000/help.html#pert_draws
 * @param low The lowest plausible value (e.g. a resolution rate of 0.3).
 * @param likely The most likely value, between low and high.
 * @param high The highest plausible value.
 * @param count How many draws: a whole number from 1 to 100,000.
 * @param [seed] A whole number from 0 to 4,294,967,295 that fixes the order of the draws. Default 1.
 * @returns A column of count draws.
 */
export function PERT_DRAWS(low: any[][], likely: any[][], high: any[][], count: any[][], seed?: any[][]): any[][] {
  return whole(() => {
    const draws = pertDraws(
      single(low, number("low")) as number,
      single(likely, number("likely")) as number,
      single(high, number("high")) as number,
      single(count, number("count")) as number,
      single(seed, optionalNumber("seed")) as number | undefined,
    );
    const out: Grid = new Array(draws.length);
    for (let i = 0; i < draws.length; i++) out[i] = [draws[i]];
    return out;
  });
}

/** A number in a range read as a whole, or null for a cell that holds no number (error, text, blank, TRUE/FALSE). */
const isNumber = (c: Cell): boolean => typeof c === "number";

function numberOrNull(c: Cell): number | null {
  return typeof c === "number" ? c : null;
}

/**
 * For each bid (column), the share of scenarios (rows) in which it costs the least; ties share a row equally. Rows holding an error or text are left out.
 * @customfunction CHANCE_CHEAPEST
 * @helpurl https://localhost:3000/help.html#chance_cheapest
 * @param costs One row per scenario and one column per bid: each bid's cost (e.g. monthly total) in each drawn scenario.
 * @returns One row: each bid's chance of being the cheapest, 0 to 1; they sum to 1.
 */
export function CHANCE_CHEAPEST(costs: any[][]): any[][] {
  return whole(() => {
    const rows: Cell[][] = Array.isArray(costs) ? (costs as Cell[][]) : [[costs as Cell]];
    const grid: (number | null)[][] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      // A row of numbers as it came (chanceCheapest only reads it); else its numbers, null for the rest.
      grid[i] = Array.isArray(r) ? (r.every(isNumber) ? (r as number[]) : r.map(numberOrNull)) : [numberOrNull(r as Cell)];
    }
    return [chanceCheapest(grid)];
  });
}

/**
 * A spend commitment trued up at the end of each period: spills a table with a header row (month, spend, true_up, billed, cumulative_billed).
 * @customfunction COMMIT_TRUE_UP
 * @helpurl https://localhost:3000/help.html#commit_true_up
 * @param spend_by_month Spend in each month of the term: a row or a column.
 * @param commitment The spend committed for each full period.
 * @param [period_months] Months in a commitment period. Default 12 (an annual commitment).
 * @returns Month, spend, true-up, billed and cumulative billed, one row per month.
 */
export function COMMIT_TRUE_UP(spend_by_month: any[][], commitment: any[][], period_months?: any[][]): any[][] {
  return whole(() => {
    const rows = commitTrueUp(monthsOf(spend_by_month, "spend_by_month"), single(commitment, number("commitment")) as number, single(period_months, optionalNumber("period_months")) as number | undefined);
    return table(
      COMMIT_COLUMNS,
      rows.map((r) => [r.month, r.spend, r.trueUp, r.billed, r.cumulativeBilled]),
      "spend_by_month",
    );
  });
}

/**
 * Prepaid credits month by month, oldest used first, unused credits expiring: spills a table with a header row (month, bought, used, from_credits, overage, expired, balance).
 * @customfunction CREDIT_BURN
 * @helpurl https://localhost:3000/help.html#credit_burn
 * @param credits_used_by_month Credits used in each month: a row or a column.
 * @param credits_bought_by_month Credits bought in each month; the same length as the credits used.
 * @param [expiry_months] Months in which credits can be used, counting the month bought. Blank: they never expire.
 * @returns Month, bought, used, from credits, overage, expired and balance, one row per month.
 */
export function CREDIT_BURN(credits_used_by_month: any[][], credits_bought_by_month: any[][], expiry_months?: any[][]): any[][] {
  return whole(() => {
    const used = list(credits_used_by_month, "credits_used_by_month");
    const bought = list(credits_bought_by_month, "credits_bought_by_month");
    const n = Math.max(1, filledLength(used, bought));
    const months = (xs: (number | null)[]) => (xs.length >= n ? xs.slice(0, n) : xs).map((x) => x ?? 0);
    const rows = creditBurn(months(used), months(bought), single(expiry_months, optionalNumber("expiry_months")) as number | undefined);
    return table(
      CREDIT_COLUMNS,
      rows.map((r) => [r.month, r.bought, r.used, r.fromCredits, r.overage, r.expired, r.balance]),
      "credits_bought_by_month",
    );
  });
}

const escalated = cellwise([number("price"), number("annual_rate"), number("month"), optionalNumber("every_months")], escalatedPrice);
/**
 * The price in a given month of the contract under an annual escalator: price x (1 + annual rate)^floor((month - 1) / every months).
 * @customfunction ESCALATED_PRICE
 * @helpurl https://localhost:3000/help.html#escalated_price
 * @param price The price in the first month.
 * @param annual_rate The rise at each step, as a fraction (0.05 = 5%); negative for a scheduled discount, down to -1.
 * @param month The contract month: 1, 2, 3, ...
 * @param [every_months] Months between steps. Default 12.
 * @returns The price in that month.
 */
export function ESCALATED_PRICE(price: any[][], annual_rate: any[][], month: any[][], every_months?: any[][]): any[][] {
  return escalated(price, annual_rate, month, every_months);
}

/** A list of prices read as a whole, blanks not allowed (each threshold has its price). */
function pricesOf(xs: (number | null)[], n: number, name: string): number[] {
  const out = xs.length >= n ? xs.slice(0, n) : xs;
  return out.map((x, i) => {
    if (x === null) throw new PricingProblem("value", name, `${name}, item ${i + 1} is blank`);
    return x;
  });
}

/**
 * Token cost of a request under a rate card whose row is chosen by the prompt size: the last row whose threshold <= input tokens prices every token of the request.
 * @customfunction CONTEXT_TOKEN_COST
 * @helpurl https://localhost:3000/help.html#context_token_cost
 * @param input_tokens Input tokens of the request, cached ones included: they choose the row.
 * @param output_tokens Output tokens of the request (reasoning tokens included).
 * @param context_thresholds Prompt size from which each row applies, ascending from 0: a row or a column.
 * @param input_prices Price per million input tokens in each row.
 * @param output_prices Price per million output tokens in each row.
 * @param [cached_input_tokens] How many of the input tokens are cached. Default 0.
 * @param [cached_input_prices] Price per million cached input tokens in each row; blank: the row's input price.
 * @param [attempts] Model calls per conversation (retries, agent steps). Default 1.
 * @returns Token cost per request.
 */
export function CONTEXT_TOKEN_COST(input_tokens: any[][], output_tokens: any[][], context_thresholds: any[][], input_prices: any[][], output_prices: any[][], cached_input_tokens?: any[][], cached_input_prices?: any[][], attempts?: any[][]): any[][] {
  return whole(() => {
    const thresholds = list(context_thresholds, "context_thresholds");
    const inputs = list(input_prices, "input_prices");
    const outputs = list(output_prices, "output_prices");
    let cached = cached_input_prices === null || cached_input_prices === undefined ? [] : list(cached_input_prices, "cached_input_prices");
    // Omitted, or blank throughout (a blank cell): every row's cached price is its input price.
    const omitted = cached.every((c) => c === null);
    if (omitted) cached = [];
    const n = filledLength(thresholds, inputs, outputs, cached);
    const card = engine.contextRateCard(pricesOf(thresholds, n, "context_thresholds"), pricesOf(inputs, n, "input_prices"), pricesOf(outputs, n, "output_prices"), omitted ? undefined : cached.length >= n ? cached.slice(0, n) : cached);
    const price = (i: number, o: number, c?: number, a?: number) => engine.priceOnRateCard(card, i, o, c, a);
    return cellwise([number("input_tokens"), number("output_tokens"), optionalNumber("cached_input_tokens"), optionalNumber("attempts")], price)(input_tokens, output_tokens, cached_input_tokens, attempts);
  });
}
