/**
 * Each bid's billable units month by month (the engine: TermMonth.billableUnits in src/engine/term.ts,
 * monthlyUnits in src/engine/bid.ts): one row on the calculation sheet under the bid's month by month,
 * for the models that bill units one by one (conversations, resolutions, qualifying outcomes, seats,
 * credits). The finance sheet's expense schedules and the monthly plan's quantities refer to it, so an
 * edit on the comparison flows into them. It adds a row and changes no other figure.
 */
import { MAX_TERM_MONTHS } from "../../../engine/term";
import type { PlanCell } from "../../sheet-plan";
import { formula, text } from "../cells";
import { bidCell, ComparisonContext, inputCell } from "../context";
import { BID_COL, TERM_MONTH_COL } from "../keys";
import { NOT_PRICED } from "../priced";
import type { TermChargeCells } from "./term-charges";
import { bidVersions } from "./term-prices";

/** The row of bid i's billable units over the term, on the calculation sheet. */
export const TERM_UNITS_ROW = (bid: string) => `term:units:${bid}`;

/** The rows of a bid's prepaid credit packs over the term: credits bought, drawn from the packs, expired. */
export const TERM_CREDITS_ROW = {
  bought: (bid: string) => `term:credits-bought:${bid}`,
  used: (bid: string) => `term:credits-used:${bid}`,
  expired: (bid: string) => `term:credits-expired:${bid}`,
} as const;

/** Those rows: their label and CREDIT_BURN's column (month, bought, used, from_credits, overage, expired, balance). */
const CREDIT_LINES: [keyof typeof TERM_CREDITS_ROW, string, number][] = [
  ["bought", "Credits bought (prepaid packs)", 2],
  ["used", "Units drawn from the credits", 4],
  ["expired", "Credits expired", 6],
];

/** What the units are, in the analyst's words, by pricing model. */
const UNIT_WORDS: Record<string, string> = {
  "per-conversation": "conversations",
  "per-resolution": "resolutions",
  "outcome-based": "qualifying outcomes",
  "per-seat": "seats",
  credits: "credits",
};

/**
 * A per-seat bid's seats over a row of a month's figures (`row`, the conversations of each month): the
 * seat count in each month that has a number, the row's own error where it has one.
 */
export function seatsAlong(row: string, seats: string): string {
  return `IF(ISNUMBER(${row}), ${seats}, ${row})`;
}

/** The formula of bid i's billable units over a row of months (a bid with a units row). */
function unitsFormula(x: TermChargeCells, i: number): string {
  const { ctx, at, conversations } = x;
  const rate = x.detail(ctx.keys[i], "rate");
  switch (ctx.bids[i].pricing.model) {
    case "per-conversation":
      return conversations;
    case "per-resolution":
      return `${conversations}*${rate}`;
    case "outcome-based":
      return `${conversations}*${rate}*${bidCell(ctx, at, i, BID_COL.qualifyingShare)}`;
    case "per-seat":
      return seatsAlong(conversations, inputCell(ctx, at, i, "pricing.seats"));
    case "credits":
      return `${conversations}*${inputCell(ctx, at, i, "pricing.actionsPerConversation")}*${inputCell(ctx, at, i, "pricing.creditsPerAction")}`;
    default:
      throw new Error(`internal: a ${ctx.bids[i].pricing.model} bid has no units row`);
  }
}

/**
 * Does bid i have a row of billable units? A model that bills units one by one, unless dated versions of
 * its prices may change what it counts (its model, its seats, its credits per action).
 */
export function hasUnitsRow(ctx: ComparisonContext, i: number): boolean {
  const model = ctx.bids[i].pricing.model;
  if (!(model in UNIT_WORDS)) return false;
  const versions = bidVersions(ctx)[i];
  if (!versions) return true;
  if (versions.some((v) => v.bid.pricing.model !== model)) return false;
  return model !== "per-seat" && model !== "credits";
}

/** Does bid i have rows of prepaid credits (credit packs on a model that bills units one by one)? */
function hasCreditRows(ctx: ComparisonContext, i: number): boolean {
  return ctx.bids[i].charges?.creditPacks !== undefined && ctx.bids[i].pricing.model in UNIT_WORDS;
}

/** The rows bid i adds under its month by month: its billable units, when it has them; its credits, when it buys packs. */
export function termUnitsRowKeys(ctx: ComparisonContext, i: number): string[] {
  const key = ctx.keys[i];
  return [...(hasUnitsRow(ctx, i) ? [TERM_UNITS_ROW(key)] : []), ...(hasCreditRows(ctx, i) ? CREDIT_LINES.map(([what]) => TERM_CREDITS_ROW[what](key)) : [])];
}

/** A row of 60 months of counts: a bid not priced is "not priced" in every month of the term. */
function countLine(x: TermChargeCells, i: number, label: string, f: string): (PlanCell | null)[] {
  const line: (PlanCell | null)[] = [];
  line[TERM_MONTH_COL.label] = text(label);
  line[TERM_MONTH_COL.first] = formula(x.inTerm(`IF(${x.priced(i)}, ${f}, "${NOT_PRICED}")`), x.ctx.formats.count, "figure", { rows: 1, cols: MAX_TERM_MONTHS });
  return line;
}

/**
 * Bid i's rows: its billable units, and its credits (`burn`: the term block's CREDIT_BURN of its packs,
 * a column of it month by month), as termUnitsRowKeys names them.
 */
export function termUnitsLines(x: TermChargeCells, i: number, burn: { monthly: (col: number) => string } | null): (PlanCell | null)[][] {
  const lines: (PlanCell | null)[][] = [];
  if (hasUnitsRow(x.ctx, i)) lines.push(countLine(x, i, `Billable units (${UNIT_WORDS[x.ctx.bids[i].pricing.model]})`, unitsFormula(x, i)));
  if (hasCreditRows(x.ctx, i)) {
    if (!burn) throw new Error(`internal: bid ${x.ctx.keys[i]} buys credit packs the term block does not burn`);
    for (const [, label, col] of CREDIT_LINES) lines.push(countLine(x, i, label, burn.monthly(col)));
  }
  return lines;
}
