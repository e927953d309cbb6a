/**
 * Who bears the risk: per bid, the three-point estimate of its resolution rate, the P10 / P50 / P90 of
 * its monthly total and of its cost per resolution over the drawn scenarios, the chance that it is the
 * cheapest, and the buyer's exposure (P90 - P50), with a chart of each bid's range. Every figure is a
 * formula over the draws (the draws block) and Excel's own PERCENTILE.INC.
 */
import type { SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { bidCell, ComparisonContext, SCENARIO_NAMES } from "../context";
import { BID_COL, DRAWS_COLUMN, RISK_COL, ROW } from "../keys";
import { RESOLVES_NOTHING } from "./bids";
import { isPriced, NOT_PRICED, notPricedReason } from "../priced";

export function riskChartRows(n: number): number {
  return Math.max(14, Math.ceil(n * 1.2) + 6);
}

/** A total per month no bid reaches, which a bid not priced takes in every drawn scenario (the chance of being the cheapest); written in the draws block. */
export const NEVER_CHEAPEST = 1e300;

/** The cell of the draws block holding NEVER_CHEAPEST, absolute. */
export function neverCheapestCell(at: import("../../layout").Locator): string {
  return at.cell(ROW.drawsHead, 1, true);
}

/** A row of bid i's draws, absolute. */
export function drawsRow(ctx: ComparisonContext, at: import("../../layout").Locator, key: string): string {
  return at.range(key, DRAWS_COLUMN, key, DRAWS_COLUMN + ctx.draws - 1, true);
}

/** The risk view's column headings. */
const HEADS: [number, string][] = [
  [RISK_COL.name, "Bid"],
  [RISK_COL.rateLow, "Resolution rate: low"],
  [RISK_COL.rateLikely, "likely (the bid's r)"],
  [RISK_COL.rateHigh, "high"],
  [RISK_COL.totalP10, "Total per month: P10"],
  [RISK_COL.totalP50, "P50"],
  [RISK_COL.totalP90, "P90"],
  [RISK_COL.cprP10, "Cost per resolution: P10"],
  [RISK_COL.cprP50, "P50"],
  [RISK_COL.cprP90, "P90"],
  [RISK_COL.chance, "Chance of being the cheapest"],
  [RISK_COL.exposure, "Exposure: P90 - P50 per month"],
  [RISK_COL.lowerSpan, "Chart: P10 to P50"],
  [RISK_COL.upperSpan, "Chart: P50 to P90"],
  [RISK_COL.status, "Not priced because"],
];

export const riskBlock: SheetBlock<ComparisonContext> = {
  id: "risk",
  rows: (ctx) => [ROW.riskHead, ROW.riskColumns, ...ctx.keys.map(ROW.risk), ROW.riskNote, ...Array.from({ length: riskChartRows(ctx.keys.length) }, (_, i) => ROW.chart("risk", i)), ROW.space("risk")],
  fill: (ctx, at) => {
    const formats = ctx.formats;
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
      line[RISK_COL.name] = formula(bidCell(ctx, at, i, BID_COL.name));
      const ends: [number, "low" | "high", string][] = [
        [RISK_COL.rateLow, "low", `=IF(${likely}=0, 0, MAX(0, ${likely}-(${SCENARIO_NAMES.resolutionRate}-${SCENARIO_NAMES.resolutionRateLow})))`],
        [RISK_COL.rateHigh, "high", `=IF(${likely}=0, 0, MIN(1, ${likely}+(${SCENARIO_NAMES.resolutionRateHigh}-${SCENARIO_NAMES.resolutionRate})))`],
      ];
      for (const [col, end, follow] of ends) {
        const given = own !== undefined && typeof own !== "number" ? own[end] : undefined;
        line[col] = given !== undefined ? num(given, formats.rate, "input") : formula(follow, formats.rate, "input");
        inputs.push({ path: `performance.resolutionRate.${end}`, bid: key, row, col, kind: "number-or-formula", written: given !== undefined ? given : follow });
      }
      line[RISK_COL.rateLikely] = formula(likely, formats.rate, "figure");
      const total = drawsRow(ctx, at, ROW.drawsTotal(key));
      const cpr = drawsRow(ctx, at, ROW.drawsPerResolution(key));
      // Not priced (in the table, or in a draw): its reason instead of every figure; the other bids still compute.
      // A draw that is an error makes the P50 that error; asked of the draws as P10 / P50 / P90 are, it reads
      // them once where a formula engine keeps a range's numbers (not a SUM reading them again).
      const status = c(RISK_COL.status);
      line[RISK_COL.status] = formula(
        `IF(${isPriced(ctx, at, i)}, IF(ISNUMBER(PERCENTILE.INC(${total}, 0.5)), "", "${NOT_PRICED} in the drawn scenarios: a draw is an error (is its range low <= likely <= high?)"), ${notPricedReason(ctx, at, i)})`,
        undefined,
        "warning",
      );
      const priced = (f: string) => `IF(${status}="", ${f}, ${status})`;
      line[RISK_COL.totalP10] = formula(priced(`PERCENTILE.INC(${total}, 0.1)`), formats.monthly, "figure");
      line[RISK_COL.totalP50] = formula(priced(`PERCENTILE.INC(${total}, 0.5)`), formats.monthly, "figure");
      line[RISK_COL.totalP90] = formula(priced(`PERCENTILE.INC(${total}, 0.9)`), formats.monthly, "figure");
      for (const [col, p] of [
        [RISK_COL.cprP10, "0.1"],
        [RISK_COL.cprP50, "0.5"],
        [RISK_COL.cprP90, "0.9"],
      ] as const) {
        line[col] = formula(priced(`IF(${c(RISK_COL.rateHigh)}=0, "${RESOLVES_NOTHING}", PERCENTILE.INC(${cpr}, ${p}))`), formats.perUnit, "figure");
      }
      // The chance of being the cheapest among the bids priced: a bid not priced never wins a draw (its
      // draws are set above every other bid's), and shows its reason.
      if (i === 0) {
        const statuses = at.range(ROW.risk(first), RISK_COL.status, ROW.risk(last), RISK_COL.status, true);
        // A priced bid's draws are all numbers (its status says so), so they go in as they are; a bid not
        // priced takes a total no bid reaches (a cell of the draws block), not the draws' MAX through
        // IFERROR, which a formula engine computes cell by cell (the 60 x 2,000 draws of 60 bids).
        const never = neverCheapestCell(at);
        line[RISK_COL.chance] = formula(`IF(${statuses}="", TRANSPOSE(AIPRICE.CHANCE_CHEAPEST(TRANSPOSE(IF(${statuses}="", ${totals}, ${never})))), ${statuses})`, formats.share, "figure", { rows: n, cols: 1 });
      }
      line[RISK_COL.exposure] = formula(priced(`${c(RISK_COL.totalP90)}-${c(RISK_COL.totalP50)}`), formats.monthly, "figure");
      line[RISK_COL.lowerSpan] = formula(`IF(${status}="", ${c(RISK_COL.totalP50)}-${c(RISK_COL.totalP10)}, "")`, formats.monthly, "note");
      line[RISK_COL.upperSpan] = formula(`IF(${status}="", ${c(RISK_COL.totalP90)}-${c(RISK_COL.totalP50)}, "")`, formats.monthly, "note");
      return line;
    });
    const col = (k: number) => at.range(ROW.risk(first), k, ROW.risk(last), k);
    const charts: ChartPlan[] = [
      {
        id: "risk-ranges",
        type: "bar-stacked",
        title: `Total per month: P10 to P90 of the drawn scenarios, P50 where the colours meet (${ctx.currency})`,
        categories: col(RISK_COL.name),
        series: [
          { name: "P10", values: col(RISK_COL.totalP10), hidden: true },
          { name: "P10 to P50", values: col(RISK_COL.lowerSpan) },
          { name: "P50 to P90", values: col(RISK_COL.upperSpan) },
        ],
        valueFormat: formats.monthly,
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
