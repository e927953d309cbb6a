/**
 * One truth for "not priced" on the comparison sheet (docs/spec.md#one-model-one-answer): a bid is priced when
 * its blended cost per conversation in the bids table is a number. Its reason, when it is not, is written
 * once, in the table's "Priced?" column, in the analyst's words; every other block (risk, rates, term,
 * summary) asks the same question of the same cell and shows that reason instead of a figure: no view
 * ranks a bid that is not priced, charts it, or totals it.
 */
import type { Locator } from "../layout";
import { bidCell, ComparisonContext } from "./context";
import { BID_COL, INPUT_COL, ROW } from "./keys";
import { OUTCOME_SHARES_OVER, outcomeSharesOver } from "./blocks/charges";

export const NOT_PRICED = "not priced";

/** The formula test "bid i is priced" (its blended cost is a number). */
export function isPriced(ctx: ComparisonContext, at: Locator, i: number): string {
  return `ISNUMBER(${bidCell(ctx, at, i, BID_COL.blended)})`;
}

/** The cell that says why bid i is not priced ("" when it is). */
export function notPricedReason(ctx: ComparisonContext, at: Locator, i: number): string {
  return bidCell(ctx, at, i, BID_COL.status);
}

/** A figure of bid i, or its reason when the bid is not priced. */
export function whenPriced(ctx: ComparisonContext, at: Locator, i: number, figure: string): string {
  return `IF(${isPriced(ctx, at, i)}, ${figure}, ${notPricedReason(ctx, at, i)})`;
}

/** A share typed outside 0..1 (or not a number). */
function outsideShare(cell: string): string {
  return `NOT(AND(ISNUMBER(${cell}), ${cell}>=0, ${cell}<=1))`;
}

/**
 * The "Priced?" column: blank when the bid is priced; otherwise "not priced: " and the first input out of
 * its domain (its rates and shares, then a negative number among its prices and quantities), or, when
 * every input is in its domain, the figure that is an error.
 */
export function statusFormula(ctx: ComparisonContext, at: Locator, i: number): string {
  const key = ctx.keys[i];
  const c = (col: number) => bidCell(ctx, at, i, col, false);
  const rows = ctx.inputs[i];
  const checks: [string, string][] = [
    [outsideShare(c(BID_COL.resolutionRate)), "its resolution rate is outside 0% to 100%"],
    [outsideShare(c(BID_COL.qualifyingShare)), "its qualifying share is outside 0% to 100%"],
    [outsideShare(c(BID_COL.assist)), "its assist share is outside 0% to 100%"],
  ];
  if (rows.length > 0) {
    const inputs = at.range(ROW.input(key, rows[0].path), INPUT_COL.value, ROW.input(key, rows[rows.length - 1].path), INPUT_COL.second, true);
    checks.push([`COUNTIF(${inputs}, "<0")>0`, "a price or quantity among its inputs is negative"]);
    checks.push([`SUMPRODUCT(ISERROR(${inputs})*1)>0`, "one of its inputs is an error"]);
  }
  const sharesOver = outcomeSharesOver(ctx, at, i);
  if (sharesOver) checks.push([sharesOver, OUTCOME_SHARES_OVER]);
  let reason = `"${NOT_PRICED}: a figure of its row is an error (select it to read why)"`;
  for (let k = checks.length - 1; k >= 0; k--) reason = `IF(${checks[k][0]}, "${NOT_PRICED}: ${checks[k][1]}", ${reason})`;
  return `IF(ISNUMBER(${c(BID_COL.blended)}), "", ${reason})`;
}
