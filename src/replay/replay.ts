/**
 * A pilot replayed: the monthly aggregates of a history priced under each bid, with the same engine as
 * the comparison (`vendorMonthly`, `suppliedTotals`), the resolutions under the vendor's and the
 * buyer's definitions, the measured dispute exposure, and the history's spread as P10 / P50 / P90.
 *
 * Pure (no Node, no DOM): the task pane's Web Worker replays with it as the CLI does.
 * docs/replay.md says what each figure includes; the definitions are repeated where they are computed.
 */
import { DEFAULT_QUALIFYING_SHARE } from "../engine/defaults";
import { Bid, checkScenario, Pricing, Scenario, suppliedTotals, vendorMonthly } from "../engine/bid";
import { isPricingProblem } from "../engine/problems";
import { percentilesInc } from "../engine/risk";
import { HistoryAggregate, historyTotals, MonthAggregate } from "./monthly-aggregation";
import type { RowProblem } from "./rows";
import { meteredBid, nudgedQuotient, type MeterSource } from "./meters";

export interface ReplayOptions {
  /**
   * The cost of a conversation a human handles: revenue-share bids are priced on the savings it gives.
   * Without it a revenue-share bid is not priced. Nothing else uses it (the replay prices what the AI
   * costs, not the humans).
   */
  humanCost?: number;
  /**
   * Outcome-based bids: the share of the vendor's resolutions (ai_resolved) that the vendor bills as
   * outcomes; default 1, every one of them (as `aiprice compare`). The buyer's definition is what the
   * bill is then measured against (the dispute exposure).
   */
  qualifyingShare?: number;
  /** Does the history have token columns? Without them per-token bids are not priced. Default true. */
  tokens?: boolean;
}

/** One month of one bid. */
export interface ReplayMonth {
  month: string;
  conversations: number;
  /** What the vendor invoices for the month: usage (allowance, tiers, packages), platform fee, minimum true-up; the vendor's one-time fee in the first month. */
  bill: number;
  /** What the buyer supplies beside the vendor in the month (per conversation, fixed monthly; one-time in the first month). Not on the invoice. */
  supplied: number;
  vendorResolutions: number;
  buyerResolutions: number;
  /**
   * Billed resolutions the buyer's definition rejects, priced: what the bill would be lower by if only
   * the buyer's resolutions were billed (at a plain price, their number times the price). 0 for bids
   * not priced per resolution or outcome.
   */
  disputeExposure: number;
}

/** One bid replayed: the JSON contract's fields (numbers unrounded; null where there is none). */
export interface BidReplay {
  vendor: string;
  name: string;
  model: Pricing["model"];
  currency: string;
  /** Every bill plus everything supplied, over the history's months. */
  total: number | null;
  /** total / conversations. */
  costPerConversation: number | null;
  /** total / the buyer's resolutions (what each resolution the buyer accepts cost); null when there are none. */
  costPerResolution: number | null;
  vendorResolutions: number;
  buyerResolutions: number;
  disputeExposure: number | null;
  months: ReplayMonth[];
  /**
   * A bid by charges: each charge's quantities, counted from the history (where a column gives them)
   * or assumed from the bid (./meters.ts). Absent for a bid in a pricing model.
   */
  meters?: MeterSource[];
  /** Why the bid could not be priced on this history (then the figures are null and months empty). */
  problem?: string;
}

export interface ThreePoint {
  p10: number;
  p50: number;
  p90: number;
}

/** The history's spread over its months: the three-point estimates of the risk view. */
export interface HistorySpread {
  months: number;
  /** Monthly vendor resolutions / conversations. */
  resolutionRate: ThreePoint | null;
  /** Monthly buyer resolutions / conversations. */
  buyerResolutionRate: ThreePoint | null;
  /** Conversations per month. */
  conversations: ThreePoint | null;
  /** Tokens per conversation, month by month. */
  inputTokens: ThreePoint | null;
  cachedInputTokens: ThreePoint | null;
  outputTokens: ThreePoint | null;
}

// ---------------------------------------------------------------------------------------------
// Percentiles.

/** P10 / P50 / P90 as Excel's PERCENTILE.INC gives them (the engine's, the risk view's). */
function threePoint(values: readonly number[]): ThreePoint | null {
  if (values.length === 0) return null;
  const [p10, p50, p90] = percentilesInc(values, [0.1, 0.5, 0.9]);
  return { p10, p50, p90 };
}

export function historySpread(history: HistoryAggregate): HistorySpread {
  const ms = history.months.filter((m) => m.conversations > 0);
  const per = (f: (m: MonthAggregate) => number) => threePoint(ms.map(f));
  return {
    months: ms.length,
    resolutionRate: per((m) => m.vendorResolutions / m.conversations),
    buyerResolutionRate: per((m) => m.buyerResolutions / m.conversations),
    conversations: per((m) => m.conversations),
    inputTokens: per((m) => m.inputTokens / m.conversations),
    cachedInputTokens: per((m) => m.cachedInputTokens / m.conversations),
    outputTokens: per((m) => m.outputTokens / m.conversations),
  };
}

// ---------------------------------------------------------------------------------------------
// Pricing a month.

/** count / total as a rate (at most 1), nudged so that total x rate === count (nudgedQuotient). */
export function exactRate(count: number, total: number): number {
  return nudgedQuotient(count, total, 1);
}

/** The month as the engine's scenario: volume, vendor resolution rate, and the history's own tokens. */
export function monthScenario(m: MonthAggregate, options: ReplayOptions): Scenario {
  const v = m.conversations;
  const scenario: Scenario = {
    conversations: v,
    resolutionRate: exactRate(m.vendorResolutions, v),
    humanCost: options.humanCost ?? 0,
  };
  if (options.qualifyingShare !== undefined) scenario.qualifyingShare = options.qualifyingShare;
  if (options.tokens !== false) {
    scenario.tokens = { input: m.inputTokens / v, output: m.outputTokens / v, cachedInput: m.cachedInputTokens / v };
  }
  return scenario;
}

/**
 * The bid as it is priced on a month of the history:
 * - per token: the history's tokens per conversation replace the bid's own (the history counts every
 *   call, so the attempts are 1);
 * - outcome-based with a service level on CSAT (its metric names CSAT): the month's mean CSAT is the
 *   level measured, when the month has ratings; otherwise the bid's expected level.
 */
function bidForMonth(bid: Bid, m: MonthAggregate): Bid {
  const p = bid.pricing;
  if (p.model === "per-token" && p.tokens) {
    const { tokens: _own, ...rest } = p;
    return { ...bid, pricing: rest };
  }
  if (p.model === "outcome-based" && p.serviceLevel && /csat/i.test(p.serviceLevel.metric) && m.rated > 0) {
    return { ...bid, pricing: { ...p, serviceLevel: { ...p.serviceLevel, expected: m.csatSum / m.rated } } };
  }
  return bid;
}

/** Bids whose invoice counts resolutions (or outcomes): the ones a dispute over a resolution can lower. */
export function billsResolutions(bid: Bid): boolean {
  return bid.pricing.model === "per-resolution" || bid.pricing.model === "outcome-based";
}

/**
 * The month's scenario with only the resolutions the buyer accepts billed: the vendor's resolutions
 * (times the qualifying share, for outcomes) cut down to the buyer's count.
 */
function acceptedScenario(bid: Bid, m: MonthAggregate, scenario: Scenario): Scenario {
  const q = bid.pricing.model === "outcome-based" ? (scenario.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE) : 1;
  const billed = m.vendorResolutions * q;
  if (m.buyerResolutions >= billed) return scenario;
  return { ...scenario, resolutionRate: exactRate(m.buyerResolutions, m.conversations), qualifyingShare: 1 };
}

function problemText(e: unknown): string {
  if (isPricingProblem(e)) return e.message;
  throw e;
}

/** Prices the history under one bid, month by month. Never throws for a bid the engine cannot price: says why in `problem`. */
export function replayBid(bid: Bid, history: HistoryAggregate, options: ReplayOptions = {}): BidReplay {
  const totals = historyTotals(history);
  const base: BidReplay = {
    vendor: bid.vendor,
    name: bid.name,
    model: bid.pricing.model,
    currency: bid.currency,
    total: null,
    costPerConversation: null,
    costPerResolution: null,
    vendorResolutions: totals.vendorResolutions,
    buyerResolutions: totals.buyerResolutions,
    disputeExposure: null,
    months: [],
  };
  const unpriced = (problem: string): BidReplay => ({ ...base, problem });
  if (history.months.length === 0 || totals.conversations === 0) return unpriced("the history has no conversations to price");
  if (bid.pricing.model === "per-token" && options.tokens === false) {
    return unpriced("a per-token bid is priced on the history's tokens, and the history has no input_tokens and output_tokens columns");
  }
  if (bid.pricing.model === "revenue-share" && options.humanCost === undefined) {
    return unpriced("a revenue-share bid is priced on the savings against a human, so it needs the human cost per conversation (--human-cost)");
  }
  let supplied;
  try {
    supplied = suppliedTotals(bid);
  } catch (e) {
    return unpriced(problemText(e));
  }
  const oneTimeFee = bid.charges?.oneTimeFee ?? 0;
  const counts = { counts: history.counts ?? [], tokens: options.tokens !== false };
  let meters: MeterSource[] | undefined;
  const months: ReplayMonth[] = [];
  let total = 0;
  let exposure = 0;
  for (let i = 0; i < history.months.length; i++) {
    const m = history.months[i];
    let bill: number;
    let monthExposure = 0;
    try {
      const scenario = monthScenario(m, options);
      checkScenario(scenario);
      const metered = meteredBid(bidForMonth(bid, m), m, counts);
      if (bid.pricing.model === "charges") meters ??= metered.sources;
      const priced = metered.bid;
      const vendor = vendorMonthly(priced, scenario);
      // As invoiced: the one-time fee in the first month, not spread over the term.
      bill = vendor.total - vendor.oneTimeSpread + (i === 0 ? oneTimeFee : 0);
      // The dispute exposure: what the invoice would be lower by if only the resolutions the buyer
      // accepts were billed. At a plain price that is the rejected resolutions times the price (the
      // engine's disputeExposure); an allowance, tiers, packages, a minimum or a service-level gate
      // apply as they do to the bill (a rejected resolution inside an allowance costs nothing more).
      if (billsResolutions(priced)) {
        const accepted = acceptedScenario(priced, m, scenario);
        if (accepted !== scenario) monthExposure = Math.max(0, vendor.total - vendorMonthly(priced, accepted).total);
      }
    } catch (e) {
      return unpriced(`${m.month}: ${problemText(e)}`);
    }
    const suppliedMonth = supplied.perConversation * m.conversations + supplied.fixedMonthly + (i === 0 ? supplied.oneTime : 0);
    months.push({
      month: m.month,
      conversations: m.conversations,
      bill,
      supplied: suppliedMonth,
      vendorResolutions: m.vendorResolutions,
      buyerResolutions: m.buyerResolutions,
      disputeExposure: monthExposure,
    });
    total += bill + suppliedMonth;
    exposure += monthExposure;
  }
  return {
    ...base,
    total,
    costPerConversation: total / totals.conversations,
    costPerResolution: totals.buyerResolutions > 0 ? total / totals.buyerResolutions : null,
    disputeExposure: exposure,
    months,
    ...(meters ? { meters } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The report: the JSON contract of `aiprice backtest --json` (field names fixed).

export interface RowsSummary {
  /** Rows read and replayed. */
  read: number;
  /** Rows that could not be read (each counted, never dropped silently). */
  skipped: number;
  /** Counts by reason, most frequent first. */
  reasons: { reason: string; count: number }[];
  /** The first unreadable rows, by row number (a bounded list: `problemsListed` of `skipped`). */
  problems: RowProblem[];
}

export interface ReplayReport {
  rows: RowsSummary;
  history: {
    windowDays: number;
    csatThreshold: number;
    months: MonthAggregate[];
  };
  bids: (BidReplay & { file: string })[];
  spread: HistorySpread;
}

export function replayReport(history: HistoryAggregate, rows: RowsSummary, bids: readonly { file: string; bid: Bid }[], options: ReplayOptions = {}): ReplayReport {
  return {
    rows,
    history: { windowDays: history.windowDays, csatThreshold: history.csatThreshold, months: history.months },
    bids: bids.map(({ file, bid }) => ({ file, ...replayBid(bid, history, options) })),
    spread: historySpread(history),
  };
}
