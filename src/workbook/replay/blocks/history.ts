/**
 * The history month by month, as the reader aggregated it: one column per month and one for all
 * months. Counts are values; what derives from them (rejected resolutions, rates, tokens per
 * conversation, the sums over the months) are formulas.
 */
import type { MonthAggregate } from "../../../replay/monthly-aggregation";
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../../comparison/cells";
import { allCol, FIRST_MONTH_COL, LABEL_COL, monthCol, ReplayContext } from "../context";
import { HISTORY_ROWS, HistoryRow, ROW } from "../keys";

type Kind = { count: keyof MonthAggregate } | { difference: [HistoryRow, HistoryRow] } | { ratio: [HistoryRow, HistoryRow]; rate: boolean } | { meanCsat: true };

const ROWS: Record<HistoryRow, { label: string; kind: Kind }> = {
  conversations: { label: "Conversations", kind: { count: "conversations" } },
  vendorResolutions: { label: "Resolutions, the vendor's definition (ai_resolved)", kind: { count: "vendorResolutions" } },
  buyerResolutions: { label: "Resolutions, your definition", kind: { count: "buyerResolutions" } },
  rejected: { label: "Billed resolutions your definition rejects", kind: { difference: ["vendorResolutions", "buyerResolutions"] } },
  reopenedWithinWindow: { label: "Resolutions reopened within D days", kind: { count: "reopenedWithinWindow" } },
  ratedBelowThreshold: { label: "Resolutions rated below T", kind: { count: "ratedBelowThreshold" } },
  vendorRate: { label: "Resolution rate, the vendor's", kind: { ratio: ["vendorResolutions", "conversations"], rate: true } },
  buyerRate: { label: "Resolution rate, yours", kind: { ratio: ["buyerResolutions", "conversations"], rate: true } },
  humanHandled: { label: "Handled by a human", kind: { count: "humanHandled" } },
  rated: { label: "Rated (with a CSAT)", kind: { count: "rated" } },
  meanCsat: { label: "Mean CSAT where rated", kind: { meanCsat: true } },
  inputTokens: { label: "AI input tokens", kind: { count: "inputTokens" } },
  cachedInputTokens: { label: "AI input tokens read from the cache", kind: { count: "cachedInputTokens" } },
  outputTokens: { label: "AI output tokens", kind: { count: "outputTokens" } },
  inputPerConversation: { label: "Input tokens per conversation", kind: { ratio: ["inputTokens", "conversations"], rate: false } },
  cachedPerConversation: { label: "Cached input tokens per conversation", kind: { ratio: ["cachedInputTokens", "conversations"], rate: false } },
  outputPerConversation: { label: "Output tokens per conversation", kind: { ratio: ["outputTokens", "conversations"], rate: false } },
};

export const historyBlock: SheetBlock<ReplayContext> = {
  id: "history",
  rows: () => [ROW.historyHead, ROW.historyMonths, ...HISTORY_ROWS.map(ROW.history), ROW.historyNote, ROW.space("history")],
  fill: (ctx, at) => {
    const formats = ctx.formats;
    const all = allCol(ctx);
    const months: (PlanCell | null)[] = [text("Month", "header"), ...ctx.months.map((m) => text(m.month, "header")), text("All months", "header")];
    const rows = HISTORY_ROWS.map((key): (PlanCell | null)[] => {
      const { label, kind } = ROWS[key];
      const line: (PlanCell | null)[] = [];
      line[LABEL_COL] = text(label);
      const c = (row: HistoryRow, col: number) => at.cell(ROW.history(row), col);
      const columns = [...ctx.months.map((_, k) => monthCol(k)), all];
      for (const col of columns) {
        const k = col - FIRST_MONTH_COL;
        const isAll = col === all;
        if ("count" in kind) {
          const fmt = formats.count;
          line[col] = isAll ? formula(`SUM(${at.range(ROW.history(key), FIRST_MONTH_COL, ROW.history(key), all - 1)})`, fmt, "figure") : num(ctx.months[k][kind.count] as number, fmt);
        } else if ("difference" in kind) {
          line[col] = formula(`${c(kind.difference[0], col)}-${c(kind.difference[1], col)}`, formats.count, "figure");
        } else if ("ratio" in kind) {
          line[col] = formula(`${c(kind.ratio[0], col)}/${c(kind.ratio[1], col)}`, kind.rate ? formats.rate : formats.tokens, "figure");
        } else {
          const rated = isAll ? ctx.totals.rated : ctx.months[k].rated;
          const sum = isAll ? ctx.totals.csatSum : ctx.months[k].csatSum;
          line[col] = rated > 0 ? num(sum / rated, "0.00") : text("none rated", "note");
        }
      }
      return line;
    });
    return {
      cells: [
        [text("The history month by month", "section")],
        months,
        ...rows,
        [
          text(
            "Your definition: resolved by the AI (ai_resolved), not reopened within D days, and CSAT at least T where rated (a resolution both reopened and rated low is counted in both rows). Rates and tokens per conversation are formulas over the counts; a conversation is in the UTC month of its started_at.",
            "note",
          ),
        ],
        [],
      ],
    };
  },
};
