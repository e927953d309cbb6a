/**
 * The rows that could not be read: never dropped silently. Their count by reason, then the first ones
 * by row number, with the column at fault and the value found (text from the file: written as text).
 */
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { num, text } from "../../comparison/cells";
import type { ReplayContext } from "../context";
import { ROW } from "../keys";

export const problemsBlock: SheetBlock<ReplayContext> = {
  id: "problems",
  rows: (ctx) => {
    const r = ctx.report.rows;
    if (r.skipped === 0) return [ROW.problemsHead];
    return [
      ROW.problemsHead,
      ROW.problemsColumns,
      ...r.reasons.map((_, k) => ROW.reason(k)),
      ROW.space("reasons"),
      ROW.listHead,
      ROW.listColumns,
      ...r.problems.map((_, k) => ROW.problem(k)),
      ...(r.skipped > r.problems.length ? [ROW.problemsMore] : []),
    ];
  },
  fill: (ctx) => {
    const r = ctx.report.rows;
    const formats = ctx.formats;
    if (r.skipped === 0) return { cells: [[text("Rows that could not be read: none, every row was read", "section")]] };
    const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;
    return {
      cells: [
        [text(`Rows that could not be read: ${plural(r.skipped, "row")}, left out of every figure above`, "section")],
        [text("Why", "header"), text("Rows", "header")],
        ...r.reasons.map((x): (PlanCell | null)[] => [text(x.reason), num(x.count, formats.count)]),
        [],
        [text(r.problems.length === r.skipped ? "Each of them, by row number (the header is row 1)" : `The first ${plural(r.problems.length, "row")}, by row number (the header is row 1)`, "section")],
        [text("Why", "header"), text("Row", "header"), text("Column", "header"), text("Value found", "header")],
        ...r.problems.map((p): (PlanCell | null)[] => [text(p.reason), num(p.row, "0"), text(p.column ?? "(the whole row)"), text(p.value)]),
        ...(r.skipped > r.problems.length ? [[text(`… and ${plural(r.skipped - r.problems.length, "more row")} (counted above, not listed).`, "note")]] : []),
      ],
    };
  },
};
