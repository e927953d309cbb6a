/**
 * The bids on one footing: one row per bid, each figure a formula over the bid's inputs and the
 * scenario's names, the bid's own performance (resolution rate, qualifying share, assist) as inputs on
 * its row, the rank by blended cost per conversation, and a chart of cost per resolution.
 */
import { PRICING_MODEL_NAMES } from "../../../engine/bid";
import type { SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { bidCell, ComparisonContext, ownSymbols, SCENARIO_NAMES as N } from "../context";
import { ownRowFormulas } from "./charges";
import { BID_COL as C, ROW } from "../keys";
import { statusFormula } from "../priced";

export const RESOLVES_NOTHING = "resolves nothing";

const HEADER: [number, string][] = [
  [C.rank, "Rank (1 = lowest blended cost)"],
  [C.name, "Bid"],
  [C.vendor, "Vendor"],
  [C.model, "Pricing model"],
  [C.resolutionRate, "Resolution rate (r)"],
  [C.qualifyingShare, "Qualifying share (q)"],
  [C.assist, "Assist: human cost saved"],
  [C.vendorFee, "Vendor fee (f)"],
  [C.suppliedPerConversation, "Supplied per conversation (s)"],
  [C.suppliedFixedMonthly, "Supplied fixed per month (F)"],
  [C.suppliedOneTime, "Supplied one-time (I)"],
  [C.aiCost, "AI cost per conversation (a)"],
  [C.costPerResolution, "Cost per resolution (a / r)"],
  [C.blended, "Blended cost per conversation"],
  [C.monthlyAiCost, "AI cost per month"],
  [C.monthlyTotal, "Total per month (AI + humans)"],
  [C.monthlySavings, "Savings per month vs all-human"],
  [C.reference, "Figure stated by the source"],
  [C.referenceNote, "Why our figure differs"],
  [C.prices, "Prices read on (stale after 90 days)"],
  [C.status, "Not priced because"],
];

/** Rows the chart of cost per resolution takes below the table. */
export function chartRows(n: number): number {
  return Math.max(16, Math.ceil(n * 1.3) + 6);
}

export const bidsBlock: SheetBlock<ComparisonContext> = {
  id: "bids",
  rows: (ctx) => [
    ROW.bidsHead,
    ROW.bidsColumns,
    ...ctx.keys.map(ROW.bid),
    ROW.bidsNote,
    ...Array.from({ length: chartRows(ctx.keys.length) }, (_, i) => ROW.chart("bids", i)),
    ROW.space("bids"),
  ],
  fill: (ctx, at) => {
    const F = ctx.F;
    const n = ctx.keys.length;
    const inputs: PlannedInput[] = [];
    const blendedRange = `${bidCell(ctx, at, 0, C.blended)}:${bidCell(ctx, at, n - 1, C.blended)}`;
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
        [C.resolutionRate, "performance.resolutionRate", ownRate, `=${N.resolutionRate}`, F.rate],
        [C.qualifyingShare, "performance.qualifyingShare", perf.qualifyingShare, `=${N.qualifyingShare}`, F.rate],
        [C.assist, "performance.assist", perf.assist, "", F.rate],
      ];
      for (const [col, path, value, follow, format] of performance) {
        const cell = value !== undefined || follow === "" ? num(value ?? 0, format, "input") : formula(follow, format, "input");
        line[col] = cell;
        inputs.push({ path, bid: key, row: ROW.bid(key), col, kind: "number-or-formula", written: value !== undefined || follow === "" ? (value ?? 0) : follow });
      }
      const supplied = (what: "perConversation" | "fixedMonthly" | "oneTime"): PlanCell => {
        const cells = (bid.supplied ?? []).map((s, k) => (s[what] !== undefined ? at.cell(ROW.input(key, `supplied.${k}.${what}`), 1, true) : null)).filter((x): x is string => x !== null);
        const fmt = what === "perConversation" ? F.perUnit : F.monthly;
        return cells.length === 0 ? num(0, fmt, "figure") : formula(`SUM(${cells.join(", ")})`, fmt, "figure");
      };
      // Only numbers count: a row the analyst inserts in the table (blank) or a bid not priced is not a bid that is cheaper.
      line[C.rank] = formula(`IF(ISNUMBER(${c(C.blended)}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${blendedRange})*(${blendedRange}<${c(C.blended)}), 0)), "not priced")`, F.plain, "figure");
      line[C.name] = text(bid.name);
      line[C.vendor] = text(bid.vendor);
      line[C.model] = text(PRICING_MODEL_NAMES[bid.pricing.model]);
      line[C.vendorFee] = formula(fx.vendorFee(own), F.perUnit, "figure");
      line[C.suppliedPerConversation] = supplied("perConversation");
      line[C.suppliedFixedMonthly] = supplied("fixedMonthly");
      line[C.suppliedOneTime] = supplied("oneTime");
      line[C.aiCost] = formula(fx.tco(c(C.vendorFee), own), F.perUnit, "figure");
      line[C.costPerResolution] = formula(`IF(${c(C.resolutionRate)}=0, "${RESOLVES_NOTHING}", AIPRICE.COST_PER_RESOLUTION(${c(C.aiCost)}, ${c(C.resolutionRate)}))`, F.perUnit, "figure");
      line[C.blended] = formula(`AIPRICE.BLENDED_COST(${c(C.aiCost)}, ${c(C.resolutionRate)}, ${N.humanCost}*(1-${c(C.assist)}))`, F.perUnit, "figure");
      line[C.monthlyAiCost] = formula(`${c(C.aiCost)}*${N.conversations}`, F.monthly, "figure");
      line[C.monthlyTotal] = formula(`${c(C.blended)}*${N.conversations}`, F.monthly, "figure");
      line[C.monthlySavings] = formula(`(${N.humanCost}-${c(C.blended)})*${N.conversations}`, F.monthly, "figure");
      line[C.status] = formula(statusFormula(ctx, at, i), undefined, "warning");
      const prices = ctx.prices[i];
      line[C.prices] = prices.readOn === null ? text("private quote", "note") : text(prices.stale ? `${prices.readOn}: stale` : prices.readOn, prices.stale ? "warning" : undefined);
      if (t.reference) {
        line[C.reference] = num(t.reference.value, F.perUnit);
        line[C.referenceNote] = text(`${t.reference.label}: ${t.reference.note}`, "warning");
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
        categories: at.range(first, C.name, last, C.name),
        series: [{ name: "Cost per resolution", values: at.range(first, C.costPerResolution, last, C.costPerResolution) }],
        valueFormat: F.perUnit,
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
