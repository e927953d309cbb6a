/**
 * What every block of the comparison sheet plans from: the checked request, the bids' keys, the number
 * formats, each bid's input rows, and helpers that find the cells one block needs of another.
 */
import type { Bid, Scenario } from "../../engine/bid";
import { DEFAULT_DRAWS, DEFAULT_SEED } from "../../engine/bid-risk";
import { DEFAULT_RATE_CORRELATION } from "../../engine/copula";
import { TermSettings, termSettings } from "../../engine/term";
import type { BidTemplate } from "../../templates/template";
import { PricesInEffect, pricesInEffect, templateAt, todayIso } from "../../templates/versions";
import type { Locator } from "../layout";
import { BidFormulas, ScenarioTokenCells, Symbols } from "./bid-formulas";
import { InputRow, inputRows } from "./bid-inputs";
import { Formats, formatsFor } from "./cells";
import { BID_COL, bidKeys, INPUT_COL, ROW } from "./keys";
import type { ComparisonRequest } from "./request";

/** Scenario names (sheet-scoped), in the analyst's words. */
export const SCENARIO_NAMES = {
  conversations: "Conversations",
  conversationsLow: "ConversationsLow",
  conversationsHigh: "ConversationsHigh",
  resolutionRate: "ResolutionRate",
  resolutionRateLow: "ResolutionRateLow",
  resolutionRateHigh: "ResolutionRateHigh",
  humanCost: "HumanCost",
  humanCostLow: "HumanCostLow",
  humanCostHigh: "HumanCostHigh",
  conversationsLowShare: "ConversationsLowShare",
  conversationsHighShare: "ConversationsHighShare",
  resolutionRateLowStep: "ResolutionRateLowStep",
  resolutionRateHighStep: "ResolutionRateHighStep",
  humanCostLowShare: "HumanCostLowShare",
  humanCostHighShare: "HumanCostHighShare",
  qualifyingShare: "QualifyingShare",
  inputTokens: "InputTokens",
  outputTokens: "OutputTokens",
  cachedInputTokens: "CachedInputTokens",
  attempts: "CallsPerConversation",
  reasoningTokens: "ReasoningTokens",
  longPromptShare: "LongPromptShare",
  longPromptInputTokens: "LongPromptInputTokens",
  longPromptCachedInputTokens: "LongPromptCachedInputTokens",
  longPromptOutputTokens: "LongPromptOutputTokens",
  tokensLow: "TokensLow",
  tokensHigh: "TokensHigh",
  seed: "Seed",
  rateCorrelation: "RateCorrelation",
  termMonths: "TermMonths",
  growth: "MonthlyGrowth",
  discountRate: "MonthlyDiscountRate",
  rampStart: "RampStart",
  rampMonths: "RampMonths",
  escalator: "Escalator",
} as const;

export interface ComparisonContext {
  scenario: Scenario;
  /** The comparison date, YYYY-MM-DD: each bid is priced at the version of its prices in effect then. */
  asOf: string;
  /** Each template as of the comparison date (one version of its prices, that version's sources). */
  templates: BidTemplate[];
  /** Each template as requested, with all its dated versions (the term prices each month at the version in effect). */
  requested: BidTemplate[];
  /** Which version of each template's prices is used, when it was read, whether it is stale. */
  prices: PricesInEffect[];
  bids: Bid[];
  /** Each bid's key on the sheet (its rows are keyed by it). */
  keys: string[];
  currency: string;
  formats: Formats;
  /** Each bid's input rows in the inputs block. */
  inputs: InputRow[][];
  /** Drawn scenarios of the risk view (a constant of the plan: ranges over the draws have this width). */
  draws: number;
  /** The seed the drawn rates are ordered with: the sheet's typed one on an update (see RiskSettings.seedOnSheet). */
  seed: number;
  /** The seed the pane asked for (written in the scenario's cell). */
  requestedSeed: number;
  /** The rank correlation of the bids' resolution rates the draws are ordered by (a constant of the plan). */
  rateCorrelation: number;
  /** The correlation the pane asked for (written in the scenario's cell; the sheet's typed value may differ). */
  requestedRateCorrelation: number;
  /** The contract term's inputs as requested, defaults filled in. */
  term: TermSettings;
}

export function comparisonContext(request: ComparisonRequest): ComparisonContext {
  const { scenario } = request;
  const asOf = request.asOf ?? todayIso();
  const templates = request.templates.map((t) => templateAt(t, asOf));
  const bids = templates.map((t) => t.bid);
  const currency = bids[0].currency;
  const formats = formatsFor(currency);
  return {
    scenario,
    asOf,
    templates,
    requested: request.templates,
    prices: request.templates.map((t) => pricesInEffect(t, asOf)),
    bids,
    keys: bidKeys(templates.map((t) => (typeof t.id === "string" ? t.id : ""))),
    currency,
    formats,
    inputs: bids.map((bid) => inputRows(bid, formats)),
    draws: request.risk?.draws ?? DEFAULT_DRAWS,
    seed: request.risk?.seedOnSheet ?? request.risk?.seed ?? DEFAULT_SEED,
    requestedSeed: request.risk?.seed ?? DEFAULT_SEED,
    rateCorrelation: request.risk?.rateCorrelationOnSheet ?? request.risk?.rateCorrelation ?? DEFAULT_RATE_CORRELATION,
    requestedRateCorrelation: request.risk?.rateCorrelation ?? DEFAULT_RATE_CORRELATION,
    term: termSettings(request.term),
  };
}

/** The scenario's token cells, when the scenario states tokens. */
export function scenarioTokenCells(ctx: ComparisonContext): ScenarioTokenCells | null {
  const t = ctx.scenario.tokens;
  if (!t) return null;
  const cells: ScenarioTokenCells = { input: SCENARIO_NAMES.inputTokens, output: SCENARIO_NAMES.outputTokens, cachedInput: SCENARIO_NAMES.cachedInputTokens, attempts: SCENARIO_NAMES.attempts, usage: t };
  if (t.reasoning !== undefined) cells.reasoning = SCENARIO_NAMES.reasoningTokens;
  if (t.longPrompts) {
    cells.longPrompts = {
      share: SCENARIO_NAMES.longPromptShare,
      input: SCENARIO_NAMES.longPromptInputTokens,
      ...(t.longPrompts.cachedInput !== undefined ? { cachedInput: SCENARIO_NAMES.longPromptCachedInputTokens } : {}),
      ...(t.longPrompts.output !== undefined ? { output: SCENARIO_NAMES.longPromptOutputTokens } : {}),
    };
  }
  return cells;
}

/** The absolute address of bid i's input (a field path of its inputs block). */
export function inputCell(ctx: ComparisonContext, at: Locator, i: number, path: string): string {
  const key = ctx.keys[i];
  const row = ctx.inputs[i].find((r) => r.path === path || r.second?.path === path);
  if (!row) throw new Error(`internal: bid ${key} has no input ${path}`);
  return at.cell(ROW.input(key, row.path), row.path === path ? INPUT_COL.value : INPUT_COL.second, true);
}

/** Bid i's cell in the bids table. */
export function bidCell(ctx: ComparisonContext, at: Locator, i: number, col: number, absolute = true): string {
  return at.cell(ROW.bid(ctx.keys[i]), col, absolute);
}

/** The symbols of bid i's own row: its own rate and qualifying share, the scenario's V and h. */
export function ownSymbols(ctx: ComparisonContext, at: Locator, i: number): Symbols {
  return {
    rate: bidCell(ctx, at, i, BID_COL.resolutionRate),
    qualifyingShare: bidCell(ctx, at, i, BID_COL.qualifyingShare),
    conversations: SCENARIO_NAMES.conversations,
    humanCost: SCENARIO_NAMES.humanCost,
    tokenFactor: null,
    arrayed: false,
  };
}

/** Bid i's formulas over its input cells and the supplied sums on its row. */
export function bidFormulas(ctx: ComparisonContext, at: Locator, i: number, ref: (path: string) => string = (path) => inputCell(ctx, at, i, path)): BidFormulas {
  return new BidFormulas(
    ctx.bids[i],
    ref,
    {
      perConversation: bidCell(ctx, at, i, BID_COL.suppliedPerConversation, false),
      fixedMonthly: bidCell(ctx, at, i, BID_COL.suppliedFixedMonthly, false),
      oneTime: bidCell(ctx, at, i, BID_COL.suppliedOneTime, false),
    },
    scenarioTokenCells(ctx),
  );
}
