/**
 * What the term's chart draws (docs/spec.md "The workbook reads like a model": the charts follow the
 * term): each bid's running total over the 60 months of the longest term, #N/A past the term typed on
 * the sheet (TermMonths), so that a line stops at the term's last month whatever term the sheet was
 * built with. Rows of the calculation sheet (keys "term:"), beside the months they chart.
 */
import { MAX_TERM_MONTHS } from "../../../engine/term";
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, text } from "../cells";
import type { ComparisonContext } from "../context";
import { ROW, TERM_MONTH_COL } from "../keys";
import { monthRow } from "./term";

/** The row the term chart draws for a bid. */
export const TERM_CHART_ROW = (bid: string): string => `term:chart-line:${bid}`;

export const termChartLinesBlock: SheetBlock<ComparisonContext> = {
  id: "term-chart",
  rows: (ctx) => ctx.keys.map(TERM_CHART_ROW),
  fill: (ctx, at) => ({
    cells: ctx.keys.map((key, i) => {
      const line: (PlanCell | null)[] = [text(`Chart: ${ctx.templates[i].bid.name} (its running total; #N/A past the term, where the line stops)`, "note")];
      const cumulative = monthRow(at, ROW.termCumulative(key));
      line[TERM_MONTH_COL.first] = formula(`IF(ISNUMBER(${cumulative}), ${cumulative}, NA())`, ctx.formats.monthly, "note", { rows: 1, cols: MAX_TERM_MONTHS });
      return line;
    }),
  }),
};
