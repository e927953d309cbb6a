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
import { ROW, SUMMARY_COL } from "../keys";
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
  [SUMMARY_COL.name, "Bid"],
  [SUMMARY_COL.vendor, "Vendor"],
  [SUMMARY_COL.model, "Pricing model"],
  [SUMMARY_COL.total, "Total cost over the history"],
  [SUMMARY_COL.perConversation, "Cost per conversation"],
  [SUMMARY_COL.perResolution, "Cost per resolution (yours)"],
  [SUMMARY_COL.vendorResolutions, "Resolutions billed (vendor's)"],
  [SUMMARY_COL.buyerResolutions, "Resolutions you accept"],
  [SUMMARY_COL.rejected, "Rejected by you"],
  [SUMMARY_COL.exposure, "Dispute exposure"],
  [SUMMARY_COL.rank, "Rank (1 = lowest total)"],
  [SUMMARY_COL.note, "Note"],
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
    const totals = at.range(first, SUMMARY_COL.total, last, SUMMARY_COL.total, true);
    const rows = ctx.bids.map((b) => {
      const row = ROW.summary(b.key);
      const c = (col: number) => at.cell(row, col);
      const line: (PlanCell | null)[] = [];
      const bid = b.template.bid;
      line[SUMMARY_COL.name] = text(bid.name);
      line[SUMMARY_COL.vendor] = text(bid.vendor);
      line[SUMMARY_COL.model] = text(modelName(b));
      line[SUMMARY_COL.vendorResolutions] = formula(history("vendorResolutions"), ctx.formats.count, "figure");
      line[SUMMARY_COL.buyerResolutions] = formula(history("buyerResolutions"), ctx.formats.count, "figure");
      line[SUMMARY_COL.rejected] = formula(`${c(SUMMARY_COL.vendorResolutions)}-${c(SUMMARY_COL.buyerResolutions)}`, ctx.formats.count, "figure");
      line[SUMMARY_COL.rank] = formula(`IF(ISNUMBER(${c(SUMMARY_COL.total)}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${totals})*(${totals}<${c(SUMMARY_COL.total)}), 0)), "${NOT_PRICED}")`, ctx.formats.plain, "figure");
      if (!b.priced) {
        line[SUMMARY_COL.total] = text(NOT_PRICED, "warning");
        line[SUMMARY_COL.note] = text(`Not priced on this history: ${b.replay.problem ?? "the engine cannot price it"}.`, "warning");
        return line;
      }
      const money = moneyFormat(b);
      line[SUMMARY_COL.total] = formula(at.cell(costRow(ctx, b), all), money, "figure");
      line[SUMMARY_COL.perConversation] = formula(`${c(SUMMARY_COL.total)}/${history("conversations")}`, b.formats.perUnit, "figure");
      line[SUMMARY_COL.perResolution] = formula(`IF(${c(SUMMARY_COL.buyerResolutions)}=0, "${NONE_ACCEPTED}", ${c(SUMMARY_COL.total)}/${c(SUMMARY_COL.buyerResolutions)})`, b.formats.perUnit, "figure");
      line[SUMMARY_COL.exposure] = num(b.replay.disputeExposure ?? 0, money, "figure");
      const model = bid.pricing.model;
      if (model === "per-resolution" || model === "outcome-based") {
        line[SUMMARY_COL.note] = text("Dispute exposure: what its invoices would be lower by if only the resolutions you accept were billed, month by month.", "note");
      } else if (b.replay.meters) {
        line[SUMMARY_COL.note] = text(meterNote(b.replay.meters), "note");
      } else {
        line[SUMMARY_COL.note] = text("Not billed per resolution: a disputed resolution does not change its invoice.", "note");
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
