/**
 * The bids on one footing: one row per bid, each figure a formula over the bid's inputs and the
 * scenario's names, the bid's own performance (resolution rate, qualifying share, assist) as inputs on
 * its row, the rank by blended cost per conversation, and a chart of cost per resolution.
 */
import { PRICING_MODEL_NAMES } from "../../../engine/bid";
import type { SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { bidCell, ComparisonContext, ownSymbols, SCENARIO_NAMES } from "../context";
import { ownRowFormulas } from "./charges";
import { BID_COL, ROW } from "../keys";
import { statusFormula } from "../priced";

export const RESOLVES_NOTHING = "resolves nothing";

const HEADER: [number, string][] = [
  [BID_COL.rank, "Rank (1 = lowest blended cost)"],
  [BID_COL.name, "Bid"],
  [BID_COL.vendor, "Vendor"],
  [BID_COL.model, "Pricing model"],
  [BID_COL.resolutionRate, "Resolution rate (r)"],
  [BID_COL.qualifyingShare, "Qualifying share (q)"],
  [BID_COL.assist, "Assist: human cost saved"],
  [BID_COL.vendorFee, "Vendor fee (f)"],
  [BID_COL.suppliedPerConversation, "Supplied per conversation (s)"],
  [BID_COL.suppliedFixedMonthly, "Supplied fixed per month (F)"],
  [BID_COL.suppliedOneTime, "Supplied one-time (I)"],
  [BID_COL.aiCost, "AI cost per conversation (a)"],
  [BID_COL.costPerResolution, "Cost per resolution (a / r)"],
  [BID_COL.blended, "Blended cost per conversation"],
  [BID_COL.monthlyAiCost, "AI cost per month"],
  [BID_COL.monthlyTotal, "Total per month (AI + humans)"],
  [BID_COL.monthlySavings, "Savings per month vs all-human"],
  [BID_COL.reference, "Figure stated by the source"],
  [BID_COL.referenceNote, "Why our figure differs"],
  [BID_COL.prices, "Prices read on (stale after 90 days)"],
  [BID_COL.status, "Not priced because"],
];

/** Rows the chart of cost per resolution takes below the table. */
export function chartRows(n: number): number {
  return Math.max(16, Math.ceil(n * 1.3) + 6);
}

export const bidsBlock: SheetBlock<ComparisonContext> = {
  id: "bids",
  rows: (ctx) => [ROW.bidsHead, ROW.bidsColumns, ...ctx.keys.map(ROW.bid), ROW.bidsNote, ...Array.from({ length: chartRows(ctx.keys.length) }, (_, i) => ROW.chart("bids", i)), ROW.space("bids")],
  fill: (ctx, at) => {
    const formats = ctx.formats;
    const n = ctx.keys.length;
    const inputs: PlannedInput[] = [];
    const blendedRange = `${bidCell(ctx, at, 0, BID_COL.blended)}:${bidCell(ctx, at, n - 1, BID_COL.blended)}`;
    const header: (PlanCell | null)[] = [];
    for (const [col, label] of HEADER) header[col] = text(label, "header");
    const rows = ctx.templates.map((t, i) => {
      const bid = t.bid;
      const key = ctx.keys[i];
      const c = (col: number) => bidCell(ctx, at, i, col, false);
      // A bid by charges: its vendor fee sums its charge rows (./charges.ts).
      const fx = ownRowFormulas(ctx, at, i);
      const own = ownSymbols(ctx, at, i);
      const perf = bid.performance ?? {};
      const line: (PlanCell | null)[] = [];
      // The bid's own performance: a number where it states one, else the scenario's cell.
      const ownRate = perf.resolutionRate === undefined ? undefined : typeof perf.resolutionRate === "number" ? perf.resolutionRate : perf.resolutionRate.likely;
      const performance: [number, string, number | undefined, string, string][] = [
        [BID_COL.resolutionRate, "performance.resolutionRate", ownRate, `=${SCENARIO_NAMES.resolutionRate}`, formats.rate],
        [BID_COL.qualifyingShare, "performance.qualifyingShare", perf.qualifyingShare, `=${SCENARIO_NAMES.qualifyingShare}`, formats.rate],
        [BID_COL.assist, "performance.assist", perf.assist, "", formats.rate],
      ];
      for (const [col, path, value, follow, format] of performance) {
        const cell = value !== undefined || follow === "" ? num(value ?? 0, format, "input") : formula(follow, format, "input");
        line[col] = cell;
        inputs.push({ path, bid: key, row: ROW.bid(key), col, kind: "number-or-formula", written: value !== undefined || follow === "" ? (value ?? 0) : follow });
      }
      const supplied = (what: "perConversation" | "fixedMonthly" | "oneTime"): PlanCell => {
        const cells = (bid.supplied ?? []).map((s, k) => (s[what] !== undefined ? at.cell(ROW.input(key, `supplied.${k}.${what}`), 1, true) : null)).filter((x): x is string => x !== null);
        const fmt = what === "perConversation" ? formats.perUnit : formats.monthly;
        return cells.length === 0 ? num(0, fmt, "figure") : formula(`SUM(${cells.join(", ")})`, fmt, "figure");
      };
      // Only numbers count: a row the analyst inserts in the table (blank) or a bid not priced is not a bid that is cheaper.
      line[BID_COL.rank] = formula(`IF(ISNUMBER(${c(BID_COL.blended)}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${blendedRange})*(${blendedRange}<${c(BID_COL.blended)}), 0)), "not priced")`, formats.plain, "figure");
      line[BID_COL.name] = text(bid.name);
      line[BID_COL.vendor] = text(bid.vendor);
      line[BID_COL.model] = text(PRICING_MODEL_NAMES[bid.pricing.model]);
      line[BID_COL.vendorFee] = formula(fx.vendorFee(own), formats.perUnit, "figure");
      line[BID_COL.suppliedPerConversation] = supplied("perConversation");
      line[BID_COL.suppliedFixedMonthly] = supplied("fixedMonthly");
      line[BID_COL.suppliedOneTime] = supplied("oneTime");
      line[BID_COL.aiCost] = formula(fx.tco(c(BID_COL.vendorFee), own), formats.perUnit, "figure");
      line[BID_COL.costPerResolution] = formula(`IF(${c(BID_COL.resolutionRate)}=0, "${RESOLVES_NOTHING}", AIPRICE.COST_PER_RESOLUTION(${c(BID_COL.aiCost)}, ${c(BID_COL.resolutionRate)}))`, formats.perUnit, "figure");
      line[BID_COL.blended] = formula(`AIPRICE.BLENDED_COST(${c(BID_COL.aiCost)}, ${c(BID_COL.resolutionRate)}, ${SCENARIO_NAMES.humanCost}*(1-${c(BID_COL.assist)}))`, formats.perUnit, "figure");
      line[BID_COL.monthlyAiCost] = formula(`${c(BID_COL.aiCost)}*${SCENARIO_NAMES.conversations}`, formats.monthly, "figure");
      line[BID_COL.monthlyTotal] = formula(`${c(BID_COL.blended)}*${SCENARIO_NAMES.conversations}`, formats.monthly, "figure");
      line[BID_COL.monthlySavings] = formula(`(${SCENARIO_NAMES.humanCost}-${c(BID_COL.blended)})*${SCENARIO_NAMES.conversations}`, formats.monthly, "figure");
      line[BID_COL.status] = formula(statusFormula(ctx, at, i), undefined, "warning");
      const prices = ctx.prices[i];
      line[BID_COL.prices] = prices.readOn === null ? text("private quote", "note") : text(prices.stale ? `${prices.readOn}: stale` : prices.readOn, prices.stale ? "warning" : undefined);
      if (t.reference) {
        line[BID_COL.reference] = num(t.reference.value, formats.perUnit);
        line[BID_COL.referenceNote] = text(`${t.reference.label}: ${t.reference.note}`, "warning");
      }
      return line;
    });
    const first = ROW.bid(ctx.keys[0]);
    const last = ROW.bid(ctx.keys[n - 1]);
    const charts: ChartPlan[] = [
      {
        id: "cost-per-resolution",
        type: "bar-clustered",
        title: `Cost per resolution by bid (${ctx.currency})`,
        categories: at.range(first, BID_COL.name, last, BID_COL.name),
        series: [{ name: "Cost per resolution", values: at.range(first, BID_COL.costPerResolution, last, BID_COL.costPerResolution) }],
        valueFormat: formats.perUnit,
        topLeft: at.cell(ROW.chart("bids", 0), 0),
        bottomRight: at.cell(ROW.chart("bids", chartRows(n) - 1), 6),
      },
    ];
    return {
      cells: [
        [text("Bids on one footing", "section")],
        header,
        ...rows,
        [
          text(
            "Rank 1 has the lowest blended cost per conversation: what the buyer pays for every conversation, the AI's and the humans' who take what it does not resolve. Each bid is priced at its own resolution rate (orange: type the vendor's claim, a reference customer's or your pilot's). Every figure is a formula: select a cell to read it.",
            "note",
          ),
        ],
        ...Array.from({ length: chartRows(n) }, () => []),
        [],
      ],
      charts,
      inputs,
    };
  },
};
