/** The sheet's title and what it is. */
import type { SheetBlock } from "../../layout";
import { text } from "../cells";
import type { ComparisonContext } from "../context";
import { ROW } from "../keys";

export const titleBlock: SheetBlock<ComparisonContext> = {
  id: "title",
  rows: () => [ROW.title, ROW.subtitle, ROW.space("title")],
  fill: (ctx) => {
    const n = ctx.bids.length;
    return {
      cells: [
        [text("AI vendor bids on one footing", "title")],
        [
          text(
            `Built by the AIPRICE add-in from ${n} bid${n === 1 ? "" : "s"}. Orange cells are inputs: change any of them and every figure recomputes. Money in ${ctx.currency}; figures are per conversation unless named.`,
            "subtitle",
          ),
        ],
        [],
      ],
    };
  },
};
