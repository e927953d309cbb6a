/**
 * Each bid over the whole history: the total (a formula: the sum of its months), the cost per
 * conversation and per resolution your definition accepts (formulas over the history block), the
 * resolutions by both definitions, and the measured dispute exposure (the engine's figure: what the
 * invoices would be lower by if only your resolutions were billed), with the rank by total.
 */
import type { SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../../comparison/cells";
import { allCol, modelName, ReplayContext } from "../context";
import { ROW, SUMMARY_COL as C } from "../keys";
import { costRow, moneyFormat } from "./bills";
import type { MeterSource } from "../../../replay/meters";

/** A bid by charges: which of its charges' quantities were counted from the history, and which were the bid's own figures. */
export function meterNote(meters: readonly MeterSource[]): string {
  const of = (from: MeterSource["from"]) => meters.filter((m) => m.from === from).map((m) => `${m.charge} (${m.what})`);
  const counted = of("history");
  const assumed = of("bid");
  return [counted.length ? `Counted from your history: ${counted.join(", ")}.` : "", assumed.length ? `The bid's own figures (no column for them): ${assumed.join(", ")}.` : ""].filter(Boolean).join(" ");
}

export const NONE_ACCEPTED = "none accepted";
export const NOT_PRICED = "not priced";

const HEADER: [number, string][] = [
  [C.name, "Bid"],
  [C.vendor, "Vendor"],
  [C.model, "Pricing model"],
  [C.total, "Total cost over the history"],
  [C.perConversation, "Cost per conversation"],
  [C.perResolution, "Cost per resolution (yours)"],
  [C.vendorResolutions, "Resolutions billed (vendor's)"],
  [C.buyerResolutions, "Resolutions you accept"],
  [C.rejected, "Rejected by you"],
  [C.exposure, "Dispute exposure"],
  [C.rank, "Rank (1 = lowest total)"],
  [C.note, "Note"],
];

export const summaryBlock: SheetBlock<ReplayContext> = {
  id: "summary",
  rows: (ctx) => [ROW.summaryHead, ROW.summaryColumns, ...ctx.bids.map((b) => ROW.summary(b.key)), ROW.summaryNote, ROW.space("summary")],
  fill: (ctx, at) => {
    const all = allCol(ctx);
    const header: (PlanCell | null)[] = [];
    for (const [col, label] of HEADER) header[col] = text(label, "header");
    const history = (row: string) => at.cell(ROW.history(row), all, true);
    const first = ROW.summary(ctx.bids[0].key);
    const last = ROW.summary(ctx.bids[ctx.bids.length - 1].key);
    const totals = at.range(first, C.total, last, C.total, true);
    const rows = ctx.bids.map((b) => {
      const row = ROW.summary(b.key);
      const c = (col: number) => at.cell(row, col);
      const line: (PlanCell | null)[] = [];
      const bid = b.template.bid;
      line[C.name] = text(bid.name);
      line[C.vendor] = text(bid.vendor);
      line[C.model] = text(modelName(b));
      line[C.vendorResolutions] = formula(history("vendorResolutions"), ctx.F.count, "figure");
      line[C.buyerResolutions] = formula(history("buyerResolutions"), ctx.F.count, "figure");
      line[C.rejected] = formula(`${c(C.vendorResolutions)}-${c(C.buyerResolutions)}`, ctx.F.count, "figure");
      line[C.rank] = formula(`IF(ISNUMBER(${c(C.total)}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${totals})*(${totals}<${c(C.total)}), 0)), "${NOT_PRICED}")`, ctx.F.plain, "figure");
      if (!b.priced) {
        line[C.total] = text(NOT_PRICED, "warning");
        line[C.note] = text(`Not priced on this history: ${b.replay.problem ?? "the engine cannot price it"}.`, "warning");
        return line;
      }
      const money = moneyFormat(b);
      line[C.total] = formula(at.cell(costRow(ctx, b), all), money, "figure");
      line[C.perConversation] = formula(`${c(C.total)}/${history("conversations")}`, b.F.perUnit, "figure");
      line[C.perResolution] = formula(`IF(${c(C.buyerResolutions)}=0, "${NONE_ACCEPTED}", ${c(C.total)}/${c(C.buyerResolutions)})`, b.F.perUnit, "figure");
      line[C.exposure] = num(b.replay.disputeExposure ?? 0, money, "figure");
      const model = bid.pricing.model;
      if (model === "per-resolution" || model === "outcome-based") {
        line[C.note] = text("Dispute exposure: what its invoices would be lower by if only the resolutions you accept were billed, month by month.", "note");
      } else if (b.replay.meters) {
        line[C.note] = text(meterNote(b.replay.meters), "note");
      } else {
        line[C.note] = text("Not billed per resolution: a disputed resolution does not change its invoice.", "note");
      }
      return line;
    });
    return {
      cells: [
        [text("Each bid over the whole history", "section")],
        header,
        ...rows,
        [
          text(
            "Total = every bill plus what you supply. Cost per resolution = total / the resolutions your definition accepts: what each one you accept really cost. Dispute exposure, from the pricing engine: at a plain price, the rejected resolutions times the price; inside an allowance or below a minimum, a rejected resolution costs nothing more.",
            "note",
          ),
        ],
        [],
      ],
    };
  },
};
