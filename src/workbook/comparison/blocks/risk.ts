/**
 * Who bears the risk: per bid, the three-point estimate of its resolution rate, the P10 / P50 / P90 of
 * its monthly total and of its cost per resolution over the drawn scenarios, the chance that it is the
 * cheapest, and the buyer's exposure (P90 - P50), with a chart of each bid's range. Every figure is a
 * formula over the draws (the draws block) and Excel's own PERCENTILE.INC.
 */
import type { SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { bidCell, ComparisonContext, SCENARIO_NAMES as N } from "../context";
import { BID_COL, DRAWS_COLUMN, RISK_COL as C, ROW } from "../keys";
import { RESOLVES_NOTHING } from "./bids";
import { isPriced, NOT_PRICED, notPricedReason } from "../priced";

export function riskChartRows(n: number): number {
  return Math.max(14, Math.ceil(n * 1.2) + 6);
}

/** A row of bid i's draws, absolute. */
export function drawsRow(ctx: ComparisonContext, at: import("../../layout").Locator, key: string): string {
  return at.range(key, DRAWS_COLUMN, key, DRAWS_COLUMN + ctx.draws - 1, true);
}

/** The risk view's column headings. */
const HEADS: [number, string][] = [
  [C.name, "Bid"],
  [C.rateLow, "Resolution rate: low"],
  [C.rateLikely, "likely (the bid's r)"],
  [C.rateHigh, "high"],
  [C.totalP10, "Total per month: P10"],
  [C.totalP50, "P50"],
  [C.totalP90, "P90"],
  [C.cprP10, "Cost per resolution: P10"],
  [C.cprP50, "P50"],
  [C.cprP90, "P90"],
  [C.chance, "Chance of being the cheapest"],
  [C.exposure, "Exposure: P90 - P50 per month"],
  [C.lowerSpan, "Chart: P10 to P50"],
  [C.upperSpan, "Chart: P50 to P90"],
  [C.status, "Not priced because"],
];

export const riskBlock: SheetBlock<ComparisonContext> = {
  id: "risk",
  rows: (ctx) => [
    ROW.riskHead,
    ROW.riskColumns,
    ...ctx.keys.map(ROW.risk),
    ROW.riskNote,
    ...Array.from({ length: riskChartRows(ctx.keys.length) }, (_, i) => ROW.chart("risk", i)),
    ROW.space("risk"),
  ],
  fill: (ctx, at) => {
    const F = ctx.F;
    const n = ctx.keys.length;
    const inputs: PlannedInput[] = [];
    const header: (PlanCell | null)[] = [];
    for (const [col, label] of HEADS) header[col] = text(label, "header");
    const first = ctx.keys[0];
    const last = ctx.keys[n - 1];
    const totals = at.range(ROW.drawsTotal(first), DRAWS_COLUMN, ROW.drawsTotal(last), DRAWS_COLUMN + ctx.draws - 1, true);
    const rows = ctx.templates.map((t, i) => {
      const key = ctx.keys[i];
      const row = ROW.risk(key);
      const c = (col: number) => at.cell(row, col);
      const likely = bidCell(ctx, at, i, BID_COL.resolutionRate);
      const own = t.bid.performance?.resolutionRate;
      const line: (PlanCell | null)[] = [];
      line[C.name] = formula(bidCell(ctx, at, i, BID_COL.name));
      const ends: [number, "low" | "high", string][] = [
        [C.rateLow, "low", `=IF(${likely}=0, 0, MAX(0, ${likely}-(${N.resolutionRate}-${N.resolutionRateLow})))`],
        [C.rateHigh, "high", `=IF(${likely}=0, 0, MIN(1, ${likely}+(${N.resolutionRateHigh}-${N.resolutionRate})))`],
      ];
      for (const [col, end, follow] of ends) {
        const given = own !== undefined && typeof own !== "number" ? own[end] : undefined;
        line[col] = given !== undefined ? num(given, F.rate, "input") : formula(follow, F.rate, "input");
        inputs.push({ path: `performance.resolutionRate.${end}`, bid: key, row, col, kind: "number-or-formula", written: given !== undefined ? given : follow });
      }
      line[C.rateLikely] = formula(likely, F.rate, "figure");
      const total = drawsRow(ctx, at, ROW.drawsTotal(key));
      const cpr = drawsRow(ctx, at, ROW.drawsPerResolution(key));
      // Not priced (in the table, or in a draw): its reason instead of every figure; the other bids still compute.
      const status = c(C.status);
      line[C.status] = formula(
        `IF(${isPriced(ctx, at, i)}, IF(ISNUMBER(SUM(${total})), "", "${NOT_PRICED} in the drawn scenarios: a draw is an error (is its range low <= likely <= high?)"), ${notPricedReason(ctx, at, i)})`,
        undefined,
        "warning",
      );
      const priced = (f: string) => `IF(${status}="", ${f}, ${status})`;
      line[C.totalP10] = formula(priced(`PERCENTILE.INC(${total}, 0.1)`), F.monthly, "figure");
      line[C.totalP50] = formula(priced(`PERCENTILE.INC(${total}, 0.5)`), F.monthly, "figure");
      line[C.totalP90] = formula(priced(`PERCENTILE.INC(${total}, 0.9)`), F.monthly, "figure");
      for (const [col, p] of [
        [C.cprP10, "0.1"],
        [C.cprP50, "0.5"],
        [C.cprP90, "0.9"],
      ] as const) {
        line[col] = formula(priced(`IF(${c(C.rateHigh)}=0, "${RESOLVES_NOTHING}", PERCENTILE.INC(${cpr}, ${p}))`), F.perUnit, "figure");
      }
      // The chance of being the cheapest among the bids priced: a bid not priced never wins a draw (its
      // draws are set above every other bid's), and shows its reason.
      if (i === 0) {
        const statuses = at.range(ROW.risk(first), C.status, ROW.risk(last), C.status, true);
        const never = `MAX(IFERROR(${totals}, 0))+1`;
        line[C.chance] = formula(`IF(${statuses}="", TRANSPOSE(AIPRICE.CHANCE_CHEAPEST(TRANSPOSE(IF(${statuses}="", IFERROR(${totals}, 0), ${never})))), ${statuses})`, F.share, "figure", { rows: n, cols: 1 });
      }
      line[C.exposure] = formula(priced(`${c(C.totalP90)}-${c(C.totalP50)}`), F.monthly, "figure");
      line[C.lowerSpan] = formula(`IF(${status}="", ${c(C.totalP50)}-${c(C.totalP10)}, "")`, F.monthly, "note");
      line[C.upperSpan] = formula(`IF(${status}="", ${c(C.totalP90)}-${c(C.totalP50)}, "")`, F.monthly, "note");
      return line;
    });
    const col = (k: number) => at.range(ROW.risk(first), k, ROW.risk(last), k);
    const charts: ChartPlan[] = [
      {
        id: "risk-ranges",
        type: "bar-stacked",
        title: `Total per month: P10 to P90 of the drawn scenarios, P50 where the colours meet (${ctx.currency})`,
        categories: col(C.name),
        series: [
          { name: "P10", values: col(C.totalP10), hidden: true },
          { name: "P10 to P50", values: col(C.lowerSpan) },
          { name: "P50 to P90", values: col(C.upperSpan) },
        ],
        valueFormat: F.monthly,
        topLeft: at.cell(ROW.chart("risk", 0), 0),
        bottomRight: at.cell(ROW.chart("risk", riskChartRows(n) - 1), 7),
      },
    ];
    return {
      cells: [
        [text("Who bears the risk", "section"), null, null, null, text(`${ctx.draws.toLocaleString("en-US")} scenarios drawn from the three-point estimates (PERT), the same draws for every bid`, "note")],
        header,
        ...rows,
        [
          text(
            "P10 / P50 / P90: a month costs less than this in 10% / 50% / 90% of the drawn scenarios. Exposure is what a bad month (P90) costs beyond a typical one (P50): the risk the buyer bears. The draws are on the calculation sheet beside this one.",
            "note",
          ),
        ],
        ...Array.from({ length: riskChartRows(n) }, () => []),
        [],
      ],
      charts,
      inputs,
    };
  },
};
