/**
 * The history's spread over its months, as P10 / P50 / P90 (Excel's PERCENTILE.INC over the history
 * block's rows, as aiprice backtest computes it): the risk view's three-point estimates.
 */
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, text } from "../../comparison/cells";
import { allCol, FIRST_MONTH_COL, ReplayContext } from "../context";
import { ROW, SPREAD_COL, SPREAD_ROWS } from "../keys";

const LABELS: Record<(typeof SPREAD_ROWS)[number], string> = {
  conversations: "Conversations per month",
  vendorRate: "Resolution rate, the vendor's",
  buyerRate: "Resolution rate, yours",
  inputPerConversation: "Input tokens per conversation",
  cachedPerConversation: "Cached input tokens per conversation",
  outputPerConversation: "Output tokens per conversation",
};

export const spreadBlock: SheetBlock<ReplayContext> = {
  id: "spread",
  rows: () => [ROW.spreadHead, ROW.spreadColumns, ...SPREAD_ROWS.map(ROW.spread), ROW.spreadNote, ROW.space("spread")],
  fill: (ctx, at) => {
    const last = allCol(ctx) - 1;
    const rows = SPREAD_ROWS.map((key): (PlanCell | null)[] => {
      const months = at.range(ROW.history(key), FIRST_MONTH_COL, ROW.history(key), last, true);
      const fmt = key === "vendorRate" || key === "buyerRate" ? ctx.formats.rate : ctx.formats.count;
      const line: (PlanCell | null)[] = [];
      line[SPREAD_COL.label] = text(LABELS[key]);
      line[SPREAD_COL.p10] = formula(`PERCENTILE.INC(${months}, 0.1)`, fmt, "figure");
      line[SPREAD_COL.p50] = formula(`PERCENTILE.INC(${months}, 0.5)`, fmt, "figure");
      line[SPREAD_COL.p90] = formula(`PERCENTILE.INC(${months}, 0.9)`, fmt, "figure");
      return line;
    });
    return {
      cells: [
        [text("The history's spread over its months: the risk view's three-point estimates", "section")],
        [text("", "header"), text("P10 (low)", "header"), text("P50 (likely)", "header"), text("P90 (high)", "header")],
        ...rows,
        [
          text(
            "PERCENTILE.INC over the months above. The task pane's “Fill the risk view from this history” puts them in the scenario: conversations and the vendor's resolution rate as low / likely / high, tokens per conversation as a factor. The human cost is not in the history.",
            "note",
          ),
        ],
        [],
      ],
    };
  },
};
