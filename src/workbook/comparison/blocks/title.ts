/** The sheet's title and what it is. */
import type { SheetBlock } from "../../layout";
import { STALE_AFTER_DAYS } from "../../../templates/versions";
import { text } from "../cells";
import type { ComparisonContext } from "../context";
import { ROW } from "../keys";

export const titleBlock: SheetBlock<ComparisonContext> = {
  id: "title",
  rows: () => [ROW.title, ROW.subtitle, ROW.asOf, ROW.space("title")],
  fill: (ctx) => {
    const n = ctx.bids.length;
    const stale = ctx.prices.filter((p) => p.stale).length;
    return {
      cells: [
        [text("AI vendor bids on one footing", "title")],
        [text(`Built by the AIPRICE add-in from ${n} bid${n === 1 ? "" : "s"}. Orange cells are inputs: change any of them and every figure recomputes. Money in ${ctx.currency}; figures are per conversation unless named.`, "subtitle")],
        [
          text(
            `Prices as of ${ctx.asOf}: each bid is priced at the version of its prices in effect that day. ${
              stale === 0
                ? `No price was read more than ${STALE_AFTER_DAYS} days before it.`
                : `${stale === 1 ? "1 bid has prices" : `${stale} bids have prices`} read more than ${STALE_AFTER_DAYS} days before it, marked stale: check them before you rely on them.`
            }`,
            stale === 0 ? "subtitle" : "warning",
          ),
        ],
        [],
      ],
    };
  },
};
