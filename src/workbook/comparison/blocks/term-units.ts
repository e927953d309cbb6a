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

/** What the units are, in the analyst's words, by pricing model. */
const UNIT_WORDS: Record<string, string> = {
  "per-conversation": "conversations",
  "per-resolution": "resolutions",
  "outcome-based": "qualifying outcomes",
  "per-seat": "seats",
  credits: "credits",
};

/** The formula of bid i's billable units over a row of months (a bid with a units row). */
function unitsFormula(x: TermChargeCells, i: number): string | null {
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
      return `${conversations}*0+${inputCell(ctx, at, i, "pricing.seats")}`;
    case "credits":
      return `${conversations}*${inputCell(ctx, at, i, "pricing.actionsPerConversation")}*${inputCell(ctx, at, i, "pricing.creditsPerAction")}`;
    default:
      return null;
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

/** The rows bid i adds under its month by month: its billable units, when it has them. */
export function termUnitsRowKeys(ctx: ComparisonContext, i: number): string[] {
  return hasUnitsRow(ctx, i) ? [TERM_UNITS_ROW(ctx.keys[i])] : [];
}

/** Bid i's row of billable units (a bid not priced: "not priced" in every month of the term). */
export function termUnitsLines(x: TermChargeCells, i: number): (PlanCell | null)[][] {
  if (!hasUnitsRow(x.ctx, i)) return [];
  const f = unitsFormula(x, i);
  if (f === null) return [];
  const line: (PlanCell | null)[] = [];
  line[TERM_MONTH_COL.label] = text(`Billable units (${UNIT_WORDS[x.ctx.bids[i].pricing.model]})`);
  line[TERM_MONTH_COL.first] = formula(x.inTerm(`IF(${x.priced(i)}, ${f}, "${NOT_PRICED}")`), x.ctx.formats.count, "figure", { rows: 1, cols: MAX_TERM_MONTHS });
  return [line];
}
