/**
 * A bid as data: one vendor's price in one of the pricing models, the charge shapes on top of it and
 * what the buyer must supply beside it. `bidFigures` puts any bid on one footing (docs/spec.md#cost-model) for a scenario.
 */
import { allowanceCost, blendedCost, costPerResolution, outcomeFee, resolutionFee, revshareNet, seatCost, slaGate, tcoPerConversation } from "./measures";
import { DEFAULT_QUALIFYING_SHARE } from "./defaults";
import { fraction, nonNegative, nonZeroDivisor, PricingProblem } from "./problems";
import { creditFee, creditsPerConversation, perTokenFee, pricePerCredit, scaleUsage } from "./rate-card";
import { Tier, TierMode, tieredCost } from "./tiers";
import { chargesMonthly, chargesTotal, type Charge, type ChargeFigure, type MeterContext } from "./meters";

export { PRICING_MODEL_NAMES, PRICING_MODELS } from "./models";
export type { PricingModel } from "./models";
import type { PricingModel } from "./models";

/**
 * Tokens one model call uses (a conversation makes `attempts` calls). Cached input tokens are part of
 * the input tokens.
 */
export interface TokenUsage {
  input: number;
  output: number;
  cachedInput?: number;
  /** Calls per conversation (retries, agent steps); default 1. */
  attempts?: number;
  /** Reasoning tokens per call, billed as output tokens, on top of `output`; default 0. */
  reasoning?: number;
  /**
   * A share of conversations whose prompts are long (they may cross a prompt-size row of the rate
   * card), with their own tokens per call: input (cached ones included), cached input (default 0) and
   * output (default the usage's output). The other conversations use the tokens above.
   */
  longPrompts?: LongPrompts;
}

export interface LongPrompts {
  /** Share of conversations, 0..1. */
  share: number;
  input: number;
  cachedInput?: number;
  output?: number;
}

/** Prompt tokens written to a cache, priced at a multiple of the input price of the request's row. */
export interface CacheWrite {
  /** The write price as a multiple of the input price, e.g. 1.25 (5-minute writes) or 2 (1-hour writes). */
  multiplier: number;
  /** Share of the input tokens written to this cache, 0..1. */
  share: number;
}

/** A prompt-size row of a token rate card: from this many input tokens, every token of the request at these prices. */
export interface ContextRow {
  fromInputTokens: number;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  /** The row's cached input price; the row's input price when absent. */
  cachedInputPricePerMTok?: number;
}

/** An uplift on token prices for a share of the calls (priority tier, regional processing). */
export interface Uplift {
  /** The price as a multiple of the standard price, e.g. 2.5 or 1.1. */
  multiplier: number;
  /** Share of the calls it applies to, 0..1. */
  share: number;
}

/** A fee per call of a tool (web search, code execution), beside the tokens. */
export interface CallFee {
  label: string;
  pricePerCall: number;
  callsPerConversation: number;
}

/** A fee paid only when a service level is met (e.g. CSAT 4+, error rate below 2%). */
export interface ServiceLevel {
  /** What is measured, in the contract's words, e.g. "CSAT (1-5)". */
  metric: string;
  threshold: number;
  /** true: met when measured >= threshold; false: met when measured < threshold. */
  higherIsBetter: boolean;
  /** Share of the fee credited back when the level is missed; 1 = nothing is paid. */
  creditShare: number;
  /** The level the buyer expects to be measured: an assumption of the comparison. */
  expected: number;
}

export type Pricing =
  | {
      model: "per-token";
      inputPricePerMTok: number;
      outputPricePerMTok: number;
      cachedInputPricePerMTok?: number;
      /** Cache writes, 5-minute and 1-hour: their price and the share of input tokens written. */
      cacheWrites?: { fiveMinute?: CacheWrite; oneHour?: CacheWrite };
      /** Prompt-size rows above the first (which starts at 0 tokens with the prices above), ascending. */
      contextRows?: ContextRow[];
      /** The batch discount on token prices and the share of calls sent in batch. */
      batch?: { discount: number; share: number };
      /** The priority tier: its price as a multiple of standard, and the share of calls sent at it. */
      priority?: Uplift;
      /** A regional uplift (data residency) and the share of calls it applies to. */
      regional?: Uplift;
      /** Per-call fees for search and tools. */
      callFees?: CallFee[];
      /** Tokens per conversation for this bid; the scenario's when absent. */
      tokens?: TokenUsage;
    }
  | { model: "per-seat"; pricePerSeat: number; seats: number }
  | { model: "per-conversation"; pricePerConversation: number }
  | { model: "per-resolution"; pricePerResolution: number }
  | { model: "outcome-based"; pricePerOutcome: number; serviceLevel?: ServiceLevel }
  | {
      model: "revenue-share";
      /** Vendor's share of the savings, 0..1. */
      share: number;
      /** AI run cost per conversation. */
      aiRunCost: number;
      /** Does the buyer pay the AI run cost on top of the share? */
      buyerPaysAiCost: boolean;
    }
  | {
      model: "credits";
      /** Credits one action uses, e.g. 20. */
      creditsPerAction: number;
      /** Actions per conversation, on average. */
      actionsPerConversation: number;
      /** Price of one pack of credits, e.g. 500. */
      packPrice: number;
      /** Credits in one pack, e.g. 100000. */
      creditsPerPack: number;
    }
  | {
      /** A list of charges, each pricing one meter (docs/spec.md#charges-on-meters). */
      model: "charges";
      charges: Charge[];
      /** A negotiated discount off list on every charge without one of its own, 0..1. */
      discount?: number;
    };

/** Charge shapes on top of the pricing model (usage-billing vocabulary). All monthly unless named. */
export interface Charges {
  platformFeeMonthly?: number;
  /** Units included in the platform fee; the rest at the overage price (replaces the unit price). */
  allowance?: { included: number; overagePrice: number };
  /** Tiered unit prices (replace the unit price). */
  tiers?: { mode: TierMode; tiers: Tier[] };
  /** Units bought in packages, rounded up (replaces the unit price). */
  package?: { size: number; price: number };
  /** Minimum monthly commitment: the vendor bills at least this (true-up). */
  minimumMonthly?: number;
  /** One-time vendor fee (implementation, onboarding), spread over the term. */
  oneTimeFee?: number;
  /**
   * Over the contract term (docs/spec.md#contract-term; not part of one month's figures): a spend
   * commitment trued up at the end of each period, as COMMIT_TRUE_UP computes it.
   */
  commitment?: SpendCommitment;
  /** Over the contract term: every price the vendor charges rises by the escalator (ESCALATED_PRICE). */
  escalator?: Escalator;
  /**
   * Over the contract term: prepaid credit packs that expire (CREDIT_BURN). Only a bid priced in credits
   * burns them; the term does not burn them yet (docs/term.md).
   */
  creditPacks?: CreditPacks;
  /**
   * Per-resolution and outcome-based bids: a resolution reopened within this many days is not billed (it
   * is credited back), so its fee becomes final only when the window closes (EXPENSE_SCHEDULE's window).
   */
  reopenWindowDays?: number;
}

/** A spend commitment: the vendor bills at least `amount` for each period of `periodMonths` months. */
export interface SpendCommitment {
  /** The spend committed per period, in the bid's currency. */
  amount: number;
  /** Months per period (12: an annual commitment); 12 when absent. */
  periodMonths?: number;
}

/** A price escalator: every price rises by `annualRate` every `everyMonths` months (from month 1). */
export interface Escalator {
  /** The rise per step, e.g. 0.05 for 5% a year; negative for a scheduled discount, down to -1. */
  annualRate: number;
  /** Months between rises; 12 when absent. */
  everyMonths?: number;
}

/** Prepaid credit packs bought on a schedule; the credits of a pack expire some months after it is bought. */
export interface CreditPacks {
  creditsPerPack: number;
  pricePerPack: number;
  /** Packs bought each time. */
  packs: number;
  /** The contract months in which packs are bought, e.g. [1] (all up front) or [1, 13, 25]. */
  boughtInMonths: number[];
  /** A pack's credits can be used in the month bought and the expiryMonths - 1 months after; never expire when absent. */
  expiryMonths?: number;
}

/** What the buyer supplies beside the vendor (infrastructure, observability, human review, integration). */
export interface SuppliedItem {
  label: string;
  perConversation?: number;
  fixedMonthly?: number;
  oneTime?: number;
}

/** A three-point estimate: the lowest plausible value, the most likely one and the highest plausible one. */
export interface ThreePoint {
  low: number;
  likely: number;
  high: number;
}

/**
 * How this vendor's AI performs (docs/spec.md#per-bid-performance). Every field that is absent is
 * the scenario's.
 */
export interface Performance {
  /**
   * r_b: the share of conversations this vendor's AI resolves (its claim, a reference customer, a
   * pilot): a single value, or a three-point estimate whose likely value is r_b.
   */
  resolutionRate?: number | ThreePoint;
  /** q_b: the share of its resolutions that meet the outcome condition. */
  qualifyingShare?: number;
  /**
   * assist_b, for agent-assist tools (seats for human agents): the share of a human's handling cost
   * saved on the conversations humans still handle; 0 for autonomous agents.
   */
  assist?: number;
}

export interface Bid {
  vendor: string;
  /** A short name for the offer, e.g. "Fin AI Agent, Essential plan". */
  name: string;
  currency: string;
  pricing: Pricing;
  charges?: Charges;
  supplied?: SuppliedItem[];
  /** Contract term in months, over which one-time costs are spread; default 12. */
  termMonths?: number;
  /** This vendor's own performance; the scenario's where absent. */
  performance?: Performance;
}

export interface Scenario {
  /** V: conversations per month. */
  conversations: number;
  /** r: share the AI resolves without a human, 0..1. */
  resolutionRate: number;
  /** h: fully loaded cost of a conversation handled by a human. */
  humanCost: number;
  /** q: share of AI resolutions that meet the outcome condition, 0..1; default 1. */
  qualifyingShare?: number;
  /** Tokens per conversation for per-token bids that do not state their own. */
  tokens?: TokenUsage;
  /**
   * How far each input may plausibly fall below or rise above its value here (the likely one), for the
   * risk view. Absent: the input is taken as certain.
   */
  ranges?: ScenarioRanges;
}

/** The low and high ends of a three-point estimate whose likely value is given elsewhere. */
export interface LowHigh {
  low: number;
  high: number;
}

/**
 * The scenario's three-point estimates. Their likely values are the scenario's own (V, r, h); for
 * tokens, the range is a factor on every bid's tokens per conversation (likely 1: as stated).
 */
export interface ScenarioRanges {
  conversations?: LowHigh;
  /** Applies to every bid without a range of its own, shifted to the bid's own likely rate. */
  resolutionRate?: LowHigh;
  humanCost?: LowHigh;
  /** Factor on tokens per conversation, e.g. { low: 0.8, high: 1.5 }. */
  tokens?: LowHigh;
}

export const DEFAULT_TERM_MONTHS = 12;

/** Can usage of this model be priced by an allowance, tiers or packages? (A bid by charges shapes each charge.) */
export function takesUnitCharges(model: PricingModel): boolean {
  return model !== "per-token" && model !== "revenue-share" && model !== "charges";
}

export type UnitChargeShape = "allowance" | "tiers" | "package";
const UNIT_CHARGE_SHAPES: readonly UnitChargeShape[] = ["allowance", "tiers", "package"];

/** The charge shapes present that price usage in place of the unit price. */
export function unitChargeShapes(charges: Charges | undefined): UnitChargeShape[] {
  return UNIT_CHARGE_SHAPES.filter((s) => charges?.[s] !== undefined);
}

/** How many of the charge shapes are present (unitChargeShapes' length, without making the list). */
function unitChargeShapeCount(charges: Charges | undefined): number {
  let n = 0;
  for (const s of UNIT_CHARGE_SHAPES) if (charges?.[s] !== undefined) n++;
  return n;
}

/** Usage is priced by at most one of allowance, tiers or package, and only where the model counts units. */
export function checkUnitCharges(pricing: Pricing, charges: Charges | undefined): void {
  // Counted, not listed: this runs for every drawn scenario of the risk view.
  const shapes = unitChargeShapeCount(charges);
  if (shapes > 1) {
    throw new PricingProblem("value", "charges", "use one of allowance, tiers or package to price usage, not several");
  }
  if (shapes === 1 && !takesUnitCharges(pricing.model)) {
    throw new PricingProblem("value", "charges", `a ${pricing.model} bid cannot take an allowance, tiers or packages`);
  }
}

/** The scenario's values as one month is priced at them (not its ranges). */
export function checkScenarioValues(s: Scenario): void {
  nonNegative("conversations", s.conversations);
  nonZeroDivisor("conversations", s.conversations, "a cost per conversation");
  fraction("resolution_rate", s.resolutionRate);
  nonNegative("human_cost", s.humanCost);
  if (s.qualifyingShare !== undefined) fraction("qualifying_share", s.qualifyingShare);
}

/** The scenario as the analyst gives it: its values and its three-point estimates around them. */
export function checkScenario(s: Scenario): void {
  checkScenarioValues(s);
  const ranges = s.ranges;
  if (ranges) {
    checkLowHigh("conversations", ranges.conversations, s.conversations, nonNegative);
    checkLowHigh("resolution_rate", ranges.resolutionRate, s.resolutionRate, fraction);
    checkLowHigh("human_cost", ranges.humanCost, s.humanCost, nonNegative);
    checkLowHigh("tokens", ranges.tokens, 1, nonNegative);
  }
}

/** low <= likely <= high, each a valid value of its kind. */
function checkLowHigh(name: string, range: LowHigh | undefined, likely: number, valid: (name: string, x: number) => number): void {
  if (!range) return;
  valid(`${name} (low)`, range.low);
  valid(`${name} (high)`, range.high);
  if (!(range.low <= likely && likely <= range.high)) {
    throw new PricingProblem("num", name, `${name}: the low estimate (${range.low}) must not exceed the likely value (${likely}), nor the likely value the high estimate (${range.high})`);
  }
}

/** The bid's own performance checked: rates and shares are fractions, a three-point estimate is ordered. */
export function checkPerformance(p: Performance | undefined): void {
  if (!p) return;
  const r = p.resolutionRate;
  if (typeof r === "number") fraction("performance resolution_rate", r);
  else if (r !== undefined) {
    fraction("performance resolution_rate (low)", r.low);
    fraction("performance resolution_rate (likely)", r.likely);
    fraction("performance resolution_rate (high)", r.high);
    if (!(r.low <= r.likely && r.likely <= r.high)) {
      throw new PricingProblem("num", "performance resolution_rate", `the bid's resolution rate estimate must have low <= likely <= high (got ${r.low}, ${r.likely}, ${r.high})`);
    }
  }
  if (p.qualifyingShare !== undefined) fraction("performance qualifying_share", p.qualifyingShare);
  if (p.assist !== undefined) fraction("performance assist", p.assist);
}

/** r_b: the bid's own likely resolution rate, or the scenario's. */
export function bidResolutionRate(bid: Bid, scenario: Scenario): number {
  const r = bid.performance?.resolutionRate;
  if (r === undefined) return scenario.resolutionRate;
  return typeof r === "number" ? r : r.likely;
}

/** assist_b: 0 unless the bid states it. */
export function bidAssist(bid: Bid): number {
  return bid.performance?.assist ?? 0;
}

/**
 * The three-point estimate of the bid's resolution rate: its own when it states one; otherwise the
 * scenario's range shifted to the bid's likely rate (the same distance below and above it), kept
 * within 0..1; a point when the scenario gives no range, or when the bid resolves nothing (rate 0).
 */
export function bidResolutionRange(bid: Bid, scenario: Scenario): ThreePoint {
  const own = bid.performance?.resolutionRate;
  if (own !== undefined && typeof own !== "number") return { ...own };
  const likely = bidResolutionRate(bid, scenario);
  const range = scenario.ranges?.resolutionRate;
  // A bid that resolves nothing (an assist tool) resolves nothing in any month.
  if (!range || likely === 0) return { low: likely, likely, high: likely };
  return {
    low: Math.max(0, likely - (scenario.resolutionRate - range.low)),
    likely,
    high: Math.min(1, likely + (range.high - scenario.resolutionRate)),
  };
}

/**
 * The scenario as this bid sees it: its own resolution rate, qualifying share and tokens where it
 * states them (docs/spec.md#per-bid-performance).
 */
export function bidScenario(bid: Bid, scenario: Scenario): Scenario {
  const p = bid.performance;
  if (!p || (p.resolutionRate === undefined && p.qualifyingShare === undefined)) return scenario;
  return {
    ...scenario,
    resolutionRate: bidResolutionRate(bid, scenario),
    qualifyingShare: p.qualifyingShare ?? scenario.qualifyingShare,
  };
}

function tokensFor(pricing: Extract<Pricing, { model: "per-token" }>, scenario: Scenario, factor = 1): TokenUsage {
  // Tokens per conversation drawn above or below what is stated (the risk view): every count scales.
  return scaleUsage(ownTokens(pricing, scenario), factor);
}

/** The tokens a per-token bid is priced at: its own, or the scenario's. */
export function ownTokens(pricing: Extract<Pricing, { model: "per-token" }>, scenario: Scenario): TokenUsage {
  const tokens = pricing.tokens ?? scenario.tokens;
  if (!tokens) {
    throw new PricingProblem("value", "tokens", "a per-token bid needs tokens per conversation, from the bid or the scenario");
  }
  return tokens;
}

/** Vendor fee per conversation of the pricing model alone, before charge shapes (f in docs/spec.md#cost-model). */
export function modelFeePerConversation(pricing: Pricing, scenario: Scenario, tokenFactor = 1): number {
  const r = scenario.resolutionRate;
  switch (pricing.model) {
    case "per-token":
      return perTokenFee(pricing, tokensFor(pricing, scenario, tokenFactor));
    case "credits":
      return creditFee(pricing);
    case "per-seat":
      return seatCost(pricing.pricePerSeat, pricing.seats, scenario.conversations);
    case "per-conversation":
      return nonNegative("price_per_conversation", pricing.pricePerConversation);
    case "per-resolution":
      return resolutionFee(pricing.pricePerResolution, r);
    case "outcome-based": {
      const fee = outcomeFee(pricing.pricePerOutcome, r, scenario.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE);
      const sl = pricing.serviceLevel;
      return sl ? slaGate(fee, sl.expected, sl.threshold, sl.higherIsBetter, sl.creditShare) : fee;
    }
    case "revenue-share":
      return revshareNet(scenario.humanCost, pricing.aiRunCost, r, pricing.share, pricing.buyerPaysAiCost);
    case "charges":
      return chargesTotal(chargeFigures(pricing, scenario, tokenFactor)) / scenario.conversations;
  }
}

/** The scenario as a bid's meters count it (its own rate and qualifying share already in place). */
export function meterContext(scenario: Scenario, tokenFactor = 1): MeterContext {
  return {
    conversations: scenario.conversations,
    resolutionRate: scenario.resolutionRate,
    qualifyingShare: scenario.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE,
    humanCost: scenario.humanCost,
    tokens: scenario.tokens,
    tokenFactor,
  };
}

/** Each charge of a bid by charges for the scenario's month (its units and fee). */
export function chargeFigures(pricing: Extract<Pricing, { model: "charges" }>, scenario: Scenario, tokenFactor = 1): ChargeFigure[] {
  return chargesMonthly(pricing.charges, meterContext(scenario, tokenFactor), pricing.discount);
}

/** Billable units of the month and the unit price, for the models that take unit charges. */
export function monthlyUnits(pricing: Pricing, scenario: Scenario): { units: number; unitPrice: number } | null {
  const v = scenario.conversations;
  const r = scenario.resolutionRate;
  switch (pricing.model) {
    case "per-conversation":
      return { units: v, unitPrice: pricing.pricePerConversation };
    case "per-resolution":
      return { units: v * r, unitPrice: pricing.pricePerResolution };
    case "outcome-based":
      return { units: v * r * (scenario.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE), unitPrice: pricing.pricePerOutcome };
    case "per-seat":
      return { units: pricing.seats, unitPrice: pricing.pricePerSeat };
    case "credits":
      return { units: v * creditsPerConversation(pricing), unitPrice: pricePerCredit(pricing) };
    default:
      return null;
  }
}

/**
 * Credits the scenario's month uses under a credit bid (V x actions per conversation x credits per
 * action), for burning them down over a term; null for a bid of another pricing model.
 */
export function monthlyCredits(bid: Bid, scenario: Scenario): number | null {
  const p = bid.pricing;
  if (p.model !== "credits") return null;
  return nonNegative("conversations", scenario.conversations) * creditsPerConversation(p);
}

export interface VendorMonthly {
  /** Usage fees of the month (the model's fee, or its allowance, tiers or packages). */
  usage: number;
  platformFee: number;
  /** What a minimum commitment adds to reach the minimum. */
  commitmentTrueUp: number;
  /** The vendor's one-time fees spread over the term. */
  oneTimeSpread: number;
  total: number;
}

/** Everything the vendor bills in the scenario's month. */
export function vendorMonthly(bid: Bid, scenario: Scenario, tokenFactor = 1): VendorMonthly {
  checkScenarioValues(scenario);
  const charges = bid.charges ?? {};
  const term = nonNegative("term_months", bid.termMonths ?? DEFAULT_TERM_MONTHS);
  const v = scenario.conversations;
  checkUnitCharges(bid.pricing, bid.charges);
  let usage: number;
  const counted = monthlyUnits(bid.pricing, scenario);
  if (counted && charges.allowance) {
    usage = allowanceCost(counted.units, charges.allowance.included, charges.allowance.overagePrice);
  } else if (counted && charges.tiers) {
    usage = tieredCost(counted.units, charges.tiers.tiers, charges.tiers.mode);
  } else if (counted && charges.package) {
    const size = nonNegative("package size", charges.package.size);
    nonZeroDivisor("package size", size, "the number of packages");
    usage = Math.ceil(counted.units / size) * nonNegative("package price", charges.package.price);
  } else {
    usage = modelFeePerConversation(bid.pricing, scenario, tokenFactor) * v;
  }
  const platformFee = nonNegative("platform fee", charges.platformFeeMonthly ?? 0);
  const billed = usage + platformFee;
  const minimum = nonNegative("minimum commitment", charges.minimumMonthly ?? 0);
  const commitmentTrueUp = Math.max(0, minimum - billed);
  const oneTime = nonNegative("one-time fee", charges.oneTimeFee ?? 0);
  const oneTimeSpread = oneTime === 0 ? 0 : oneTime / nonZeroDivisor("term_months", term, "one-time fees cannot be spread");
  return { usage, platformFee, commitmentTrueUp, oneTimeSpread, total: billed + commitmentTrueUp + oneTimeSpread };
}

export interface Supplied {
  perConversation: number;
  fixedMonthly: number;
  oneTime: number;
}

export function suppliedTotals(bid: Bid): Supplied {
  const total: Supplied = { perConversation: 0, fixedMonthly: 0, oneTime: 0 };
  for (const item of bid.supplied ?? []) {
    total.perConversation += nonNegative(`supplied "${item.label}" per conversation`, item.perConversation ?? 0);
    total.fixedMonthly += nonNegative(`supplied "${item.label}" fixed monthly`, item.fixedMonthly ?? 0);
    total.oneTime += nonNegative(`supplied "${item.label}" one-time`, item.oneTime ?? 0);
  }
  return total;
}

/** The normalized figures of docs/spec.md#cost-model, the same for every bid. */
export interface BidFigures {
  /** r_b: the resolution rate this bid is priced at (its own, or the scenario's). */
  resolutionRate: number;
  /** assist_b: the share of the human cost saved on the conversations humans still handle. */
  assist: number;
  /** f: everything the vendor bills, per conversation. */
  vendorFeePerConversation: number;
  /** s: what the buyer supplies per conversation. */
  suppliedPerConversation: number;
  /** F: what the buyer supplies per month, fixed. */
  suppliedFixedMonthly: number;
  /** I: what the buyer supplies once, spread over the term. */
  suppliedOneTime: number;
  termMonths: number;
  /** a = f + s + (F + I/M) / V */
  aiCostPerConversation: number;
  /** a / r_b; null when the bid resolves nothing (r_b = 0): it has no cost per resolution. */
  costPerResolution: number | null;
  /** a + (1 - r_b) x h x (1 - assist_b) */
  blendedCostPerConversation: number;
  /** a x V */
  monthlyAiCost: number;
  /** blended x V: AI plus the humans who take what the AI does not resolve. */
  monthlyTotal: number;
  /** (h - blended) x V: against every conversation going to a human. */
  monthlySavings: number;
}

export function bidFigures(bid: Bid, scenario: Scenario): BidFigures {
  checkPerformance(bid.performance);
  return figuresAt(bid, bidScenario(bid, scenario), suppliedTotals(bid));
}

/**
 * The figures of a bid in a scenario already made its own (its rate and qualifying share in place),
 * with what it supplies summed, and tokens scaled by `tokenFactor`: the same arithmetic as bidFigures,
 * for the risk view's thousands of drawn scenarios without re-reading the bid each time.
 */
export function figuresAt(bid: Bid, own: Scenario, supplied: Supplied, tokenFactor = 1): BidFigures {
  const vendor = vendorMonthly(bid, own, tokenFactor);
  const v = own.conversations;
  const f = vendor.total / v;
  const term = bid.termMonths ?? DEFAULT_TERM_MONTHS;
  const a = tcoPerConversation(f, supplied.perConversation, supplied.fixedMonthly, v, supplied.oneTime, term);
  const r = own.resolutionRate;
  const assist = bidAssist(bid);
  const blended = blendedCost(a, r, own.humanCost * (1 - assist));
  return {
    resolutionRate: r,
    assist,
    vendorFeePerConversation: f,
    suppliedPerConversation: supplied.perConversation,
    suppliedFixedMonthly: supplied.fixedMonthly,
    suppliedOneTime: supplied.oneTime,
    termMonths: term,
    aiCostPerConversation: a,
    costPerResolution: r === 0 ? null : costPerResolution(a, r),
    blendedCostPerConversation: blended,
    monthlyAiCost: a * v,
    monthlyTotal: blended * v,
    monthlySavings: (own.humanCost - blended) * v,
  };
}
