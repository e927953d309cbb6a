/**
 * Charges on meters (docs/spec.md#charges-on-meters): a bid is a list of charges, each pricing one meter
 * (what is counted) with a shape. Each meter kind is one unit of code registered in ./index.ts
 * (docs/modules.md#meters-one-unit-of-code-each).
 */
import type { Tier, TierMode } from "../tiers";
import type { TokenUsage } from "../bid";
import type { PerTokenPricing } from "../rate-card";
import type { ChargeTermShapes } from "./term-shapes";

export type MeterKind = "conversations" | "resolutions" | "outcomes" | "handoffs" | "sessions" | "voice-minutes" | "actions" | "tokens" | "seats" | "revenue";

/** A pack of credits: its price and the credits in it (Salesforce: $500 per 100,000 Flex Credits). */
export interface CreditPack {
  price: number;
  credits: number;
}

/** How a charge turns its meter's units into money. All monthly. */
export interface ChargeShape {
  /** Price of one unit (of one package when packageSize is given). */
  unitPrice?: number;
  /** Tiered unit prices, in place of the unit price. */
  tiers?: { mode: TierMode; tiers: Tier[] };
  /** Units priced through credits bought in packs, in place of the unit price. */
  creditPack?: CreditPack;
  /** Credits one unit uses, with a credit pack; 1 when absent (the units are credits). */
  creditsPerUnit?: number;
  /** Units included free each month (an allowance, free units per month). */
  includedUnits?: number;
  /** Units bought in whole packages (rounded up); the unit price is the price of a package. */
  packageSize?: number;
  /** The least the charge comes to in a month. */
  minimumMonthly?: number;
  /** Negotiated discount off the list prices of this charge, 0..1; the bid's discount when absent. */
  discount?: number;
}

interface ChargeBase extends ChargeShape, ChargeTermShapes {
  /** The charge in the price list's words, e.g. "Fin outcomes"; unique within the bid. */
  label: string;
}

/** Every conversation. */
export interface ConversationsCharge extends ChargeBase {
  meter: "conversations";
}
/** Conversations the AI resolves (r_b). */
export interface ResolutionsCharge extends ChargeBase {
  meter: "resolutions";
}
/** Where an outcome type's share of conversations comes from. */
export type OutcomeBasis = "resolutions" | "qualifying-resolutions" | "handoffs";
/** One type of outcome: its share of conversations, the analyst's figure or derived from the bid's performance. */
export interface OutcomeType {
  type: string;
  /** The analyst's figure: the share of conversations that end in this outcome, 0..1. */
  share?: number;
  /** Or derived: r_b (resolutions), r_b x q_b (qualifying resolutions) or 1 - r_b (handoffs). */
  of?: OutcomeBasis;
}
/** Outcomes of one or more types (at most one outcome per conversation across the bid). */
export interface OutcomesCharge extends ChargeBase {
  meter: "outcomes";
  outcomes: OutcomeType[];
}
/** Conversations handed to a human (1 - r_b). */
export interface HandoffsCharge extends ChargeBase {
  meter: "handoffs";
}
/** Sessions, messages or requests: the bid's figure per conversation. */
export interface SessionsCharge extends ChargeBase {
  meter: "sessions";
  /** What is counted, in the price list's words. */
  counts: "sessions" | "messages" | "requests";
  perConversation: number;
}
/** Voice minutes: minutes per conversation (averaged over every conversation). */
export interface VoiceMinutesCharge extends ChargeBase {
  meter: "voice-minutes";
  minutesPerConversation: number;
}
/** One type of action: how many per conversation, and the credits one uses. */
export interface ActionType {
  type: string;
  perConversation: number;
  /** Credits one action uses (all the charge's types, or none). With them the units are credits. */
  creditsPerAction?: number;
}
/** Actions of one or more types; with credits per action, priced through credits. */
export interface ActionsCharge extends ChargeBase {
  meter: "actions";
  actions: ActionType[];
}
/**
 * Tokens: the full rate card of a per-token bid (its fields, tokens per conversation the charge's own
 * or the scenario's), priced per conversation; the shape's discount applies, its other fields do not.
 */
export interface TokensCharge extends ChargeBase, Omit<PerTokenPricing, "model"> {
  meter: "tokens";
}
/** Units pooled across seats: each seat brings some, the month's use draws on the pool, the rest at a top-up price. */
export interface SeatPool {
  /** What is pooled, e.g. "assists". */
  counts: string;
  unitsPerSeat: number;
  unitsPerConversation: number;
  /** Price of a unit (of a package) beyond the pool. */
  topUpPrice: number;
  /** Top-ups bought in packages of this many units. */
  topUpPackageSize?: number;
}
/** Seats: a count per month, not per conversation; may pool units across them. */
export interface SeatsCharge extends ChargeBase {
  meter: "seats";
  seats: number;
  pool?: SeatPool;
}
/** A share of savings (revenue share) or of revenue attributed to the AI (commission on sales). */
export interface RevenueCharge extends ChargeBase {
  meter: "revenue";
  basis: "savings" | "revenue";
  /** savings: the AI run cost per conversation counted against the human cost (default 0). */
  aiRunCost?: number;
  /** revenue: revenue attributed to the AI per conversation. */
  revenuePerConversation?: number;
}

export type Charge = ConversationsCharge | ResolutionsCharge | OutcomesCharge | HandoffsCharge | SessionsCharge | VoiceMinutesCharge | ActionsCharge | TokensCharge | SeatsCharge | RevenueCharge;

export type ChargeOf<K extends MeterKind> = Extract<Charge, { meter: K }>;

/** The scenario as one bid sees it, for counting its meters. */
export interface MeterContext {
  /** V: conversations per month. */
  conversations: number;
  /** r_b */
  resolutionRate: number;
  /** q_b */
  qualifyingShare: number;
  /** h */
  humanCost: number;
  /** The scenario's tokens per conversation (for token charges without their own). */
  tokens?: TokenUsage;
  /** A factor on tokens per conversation (the risk view's draws); 1 for none. */
  tokenFactor: number;
}

/** The scenario's quantities in formulas: cells, names or ranges (the sheet's Symbols). */
export interface FormulaSymbols {
  rate: string;
  qualifyingShare: string;
  conversations: string;
  humanCost: string;
  tokenFactor: string | null;
  /** Is any symbol a range (so MAX, which would collapse it, is written as IF)? */
  arrayed: boolean;
}

/** Formula text of a charge over its input cells: `cell(field)` is the cell of a field of the charge. */
export interface ChargeCells {
  cell(field: string): string;
  /** The range of `rows` cells down from the cell of `field`, `offset` columns to its right (a tier table's column). */
  column(field: string, rows: number, offset?: number): string;
  symbols: FormulaSymbols;
}

export type InputFormat = "price" | "count" | "rate" | "plain" | "tokens" | "monthly";

/** One input cell of a charge: a field of the charge (a path inside it), in the analyst's words. */
export interface MeterInput {
  field: string;
  label: string;
  value: number | string | null;
  format: InputFormat;
  help: string;
  /** How the cell is read back: a number (default), a number or a blank (a tier's bound), a tier mode. */
  kind?: "number" | "number-or-blank" | "tier-mode";
  /** A second input in the next column (a tier's price). */
  second?: { field: string; value: number; format: InputFormat };
}

/** Docs of a meter: what it counts, and one complete example charge. */
export interface MeterDocs {
  summary: string;
  example: Charge;
}

/**
 * One meter kind, as a unit. `units` and `unitsFormula` are twins: the same arithmetic in the same
 * order, so the engine and the sheet give the same figure.
 */
export interface MeterUnit<C extends Charge> {
  kind: C["meter"];
  /** In the analyst's words, e.g. "outcomes of a type". */
  name: string;
  /** The unit counted, plural, e.g. "outcomes"; for charges in credits, "credits". */
  unitName(c: C): string;
  /** The JSON Schema properties of the meter's own fields, and which are required. */
  schema: { properties: Record<string, unknown>; required: string[]; description: string };
  /** Checks the meter's own fields, throwing a PricingProblem naming the field. */
  check(c: C): void;
  /** Units of the month. */
  units(c: C, ctx: MeterContext): number;
  unitsFormula(c: C, x: ChargeCells): string;
  /** The meter's own input cells (the shape's come from ./shape.ts). */
  inputs(c: C): MeterInput[];
  /**
   * A fee beside the shaped units (the top-up of units pooled across seats); engine and formula.
   * Absent: none.
   */
  extraFee?(c: C, ctx: MeterContext, discount: number): number;
  extraFeeFormula?(c: C, x: ChargeCells, discount: string | null): string | null;
  /** A charge whose fee is not units x a shape (tokens): its fee per conversation, engine and formula. */
  feePerConversation?(c: C, ctx: MeterContext): number;
  feePerConversationFormula?(c: C, x: ChargeCells): string;
  /** Questions to settle before signing a charge on this meter. */
  questions: string[];
  docs: MeterDocs;
}
