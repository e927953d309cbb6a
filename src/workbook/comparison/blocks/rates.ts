/**
 * The bids as the resolution rate varies (every bid at the same rate, 0% to 100%): each bid's blended cost
 * per conversation and cost per resolution at each rate, the cheapest bid at each rate, the rate at which
 * the winner changes (where the two bids' costs cross, by linear interpolation between the two rates
 * around it. More: docs/modules.md#workbook-comparison-blocks-rates.
 */
import { RATE_GRID, resolvesNothing } from "../../../engine/compare";
import type { Locator, SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell } from "../../sheet-plan";
import { formula, text } from "../cells";
import { bidCell, bidFormulas, ComparisonContext, SCENARIO_NAMES } from "../context";
import { BID_COL, RATES_COL, ROW } from "../keys";
import { NONE_PRICED } from "./term";
import { ratesChartSeries } from "./rates-chart";

export function ratesChartRows(n: number): number {
  return Math.max(18, Math.ceil(n * 0.4) + 16);
}

const COUNT = RATE_GRID.count;
/** Where the winner changes: a short stretch shows its digits (0.048%), never "from 0.0% to 0.0%". */
const STRETCH_FORMAT = "0.0##%";
/** Above this many bids the chart draws only the bids that are ever the cheapest. */
export const RATES_CHART_ALL_BIDS = 8;

const LAST = RATES_COL.first + COUNT - 1;

/** The row of rates (absolute), from the k-th rate (0-based) to the last. */
function ratesRow(at: Locator, from = 0): string {
  return at.range(ROW.ratesColumns, RATES_COL.first + from, ROW.ratesColumns, LAST, true);
}

/** The chart of blended cost by rate: every bid, or at more than RATES_CHART_ALL_BIDS the bids ever the cheapest. */
function ratesChart(ctx: ComparisonContext, at: Locator, rates: string): ChartPlan {
  const formats = ctx.formats;
  const n = ctx.keys.length;
  const shown = ratesChartSeries(ctx, RATES_CHART_ALL_BIDS);
  const left = n - shown.length;
  return {
    id: "blended-by-rate",
    type: "line",
    title: `Blended cost per conversation as the resolution rate varies (${ctx.currency}): the lowest line is the cheapest bid${left > 0 ? `; the ${shown.length} bids ever the cheapest as built (${left} others left out)` : ""}`,
    categories: rates.replace(/\$/g, ""),
    series: shown.map((i) => ({ name: ctx.templates[i].bid.name, values: at.range(ROW.ratesBlended(ctx.keys[i]), RATES_COL.first, ROW.ratesBlended(ctx.keys[i]), LAST) })),
    valueFormat: formats.perUnit,
    categoryFormat: formats.share,
    topLeft: at.cell(ROW.chart("rates", 0), 0),
    bottomRight: at.cell(ROW.chart("rates", ratesChartRows(n) - 1), 10),
  };
}

/**
 * Each bid's blended cost at each rate where the bids table prices the bid, else blank: one cell per bid
 * and rate (no array arithmetic), so the cheapest at each rate computes alike in every Excel since 2016.
 */
function pricedBlendedRows(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  return ctx.keys.map((key, i) => {
    const tableCell = at.cell(ROW.bid(key), BID_COL.blended, true);
    const row: (PlanCell | null)[] = [formula(bidCell(ctx, at, i, BID_COL.name), undefined, "note")];
    for (let k = 0; k < COUNT; k++) {
      row[RATES_COL.first + k] = formula(`IF(ISNUMBER(${tableCell}), IFERROR(${at.cell(ROW.ratesBlended(key), RATES_COL.first + k, true)}, ""), "")`, ctx.formats.perUnit, "note");
    }
    return row;
  });
}

export const ratesBlock: SheetBlock<ComparisonContext> = {
  id: "rates",
  rows: (ctx) => [
    ROW.ratesHead,
    ROW.ratesColumns,
    ...ctx.keys.map(ROW.ratesBlended),
    ...ctx.keys.map(ROW.ratesPriced),
    ROW.ratesWinnerIndex,
    ROW.ratesCheapest,
    ROW.ratesChanges,
    ROW.ratesRangesHead,
    ROW.ratesRangeFrom,
    ROW.ratesRangeTo,
    ROW.ratesRangeBid,
    ROW.ratesCprHead,
    ...ctx.keys.map(ROW.ratesCpr),
    ...Array.from({ length: ratesChartRows(ctx.keys.length) }, (_, i) => ROW.chart("rates", i)),
    ROW.space("rates"),
  ],
  fill: (ctx, at) => {
    const formats = ctx.formats;
    const n = ctx.keys.length;
    const rates = ratesRow(at);
    const rate = (k: number) => at.cell(ROW.ratesColumns, RATES_COL.first + k, true);
    const first = ROW.ratesBlended(ctx.keys[0]);
    const last = ROW.ratesBlended(ctx.keys[n - 1]);
    const column = (k: number) => at.range(first, RATES_COL.first + k, last, RATES_COL.first + k, true);
    // Only the bids priced in the table count (a bid not priced is never the cheapest), and only numbers.
    // One cell per bid and rate (no array arithmetic, so Excel 2016 and LibreOffice compute it as Excel 365 does).
    const pricedColumn = (k: number) => at.range(ROW.ratesPriced(ctx.keys[0]), RATES_COL.first + k, ROW.ratesPriced(ctx.keys[n - 1]), RATES_COL.first + k, true);
    const lowest = (k: number) => at.cell(ROW.ratesWinnerIndex, RATES_COL.first + k, true);
    const idx = (k: number) => `MATCH(${lowest(k)}, ${pricedColumn(k)}, 0)`;
    const cheapest = (k: number) => at.cell(ROW.ratesCheapest, RATES_COL.first + k, true);
    const changes = at.range(ROW.ratesChanges, RATES_COL.first, ROW.ratesChanges, LAST, true);
    // The bids' names beside their own rows of this block (not the table's), so that the position MATCH
    // finds in a column of this block is the position of the same bid's name.
    const names = at.range(first, RATES_COL.label, last, RATES_COL.label, true);

    const head: (PlanCell | null)[] = [text("Resolution rate (every bid at the same rate)", "header")];
    head[RATES_COL.first] = formula(`SEQUENCE(1, ${COUNT}, ${RATE_GRID.first}, ${RATE_GRID.step})`, formats.share, "header", { rows: 1, cols: COUNT });

    const blended = ctx.templates.map((t, i) => {
      const fx = bidFormulas(ctx, at, i);
      // A bid that resolves nothing (an assist tool) stays at its own rate over the whole row: a flat line.
      const r = resolvesNothing(t.bid) ? `(0*${rates}+${bidCell(ctx, at, i, BID_COL.resolutionRate)})` : rates;
      const symbols = { rate: r, qualifyingShare: bidCell(ctx, at, i, BID_COL.qualifyingShare), conversations: SCENARIO_NAMES.conversations, humanCost: SCENARIO_NAMES.humanCost, tokenFactor: null, arrayed: true };
      const row: (PlanCell | null)[] = [formula(bidCell(ctx, at, i, BID_COL.name))];
      row[RATES_COL.first] = formula(`AIPRICE.BLENDED_COST(${fx.aiCost(symbols)}, ${r}, ${SCENARIO_NAMES.humanCost}*(1-${bidCell(ctx, at, i, BID_COL.assist)}))`, formats.perUnit, "figure", { rows: 1, cols: COUNT });
      return row;
    });
    const pricedRows = pricedBlendedRows(ctx, at);
    const perResolution = ctx.templates.map((t, i) => {
      const fx = bidFormulas(ctx, at, i);
      const from1 = ratesRow(at, 1);
      const symbols = { rate: from1, qualifyingShare: bidCell(ctx, at, i, BID_COL.qualifyingShare), conversations: SCENARIO_NAMES.conversations, humanCost: SCENARIO_NAMES.humanCost, tokenFactor: null, arrayed: true };
      const row: (PlanCell | null)[] = [formula(bidCell(ctx, at, i, BID_COL.name))];
      row[RATES_COL.first] = text("n/a at 0%", "note");
      row[RATES_COL.first + 1] = formula(`AIPRICE.COST_PER_RESOLUTION(${fx.aiCost(symbols)}, ${from1})`, formats.perUnit, "figure", { rows: 1, cols: COUNT - 1 });
      return row;
    });

    const winnerIndex: (PlanCell | null)[] = [text("Lowest blended cost at this rate (bids priced)", "note")];
    const cheapestRow: (PlanCell | null)[] = [text("Cheapest bid at this rate", "header")];
    const changeRow: (PlanCell | null)[] = [text("The winner changes at r =", "header")];
    const from: (PlanCell | null)[] = [text("Cheapest from r =", "header")];
    const to: (PlanCell | null)[] = [text("to r =", "header")];
    const who: (PlanCell | null)[] = [text("the cheapest bid", "header")];
    const count = `COUNT(${changes})`;
    for (let k = 0; k < COUNT; k++) {
      const col = RATES_COL.first + k;
      winnerIndex[col] = formula(`IF(COUNT(${pricedColumn(k)})=0, "", MIN(${pricedColumn(k)}))`, formats.perUnit, "note");
      cheapestRow[col] = formula(`IF(${lowest(k)}="", "${NONE_PRICED}", INDEX(${names}, ${idx(k)}))`, undefined, "figure");
      if (k === 0) changeRow[col] = text("", "figure");
      else {
        const at0 = (b: string) => `INDEX(${column(k - 1)}, ${b})`;
        const at1 = (b: string) => `INDEX(${column(k)}, ${b})`;
        const before = `(${at0(idx(k - 1))}-${at0(idx(k))})`;
        const after = `(${at1(idx(k - 1))}-${at1(idx(k))})`;
        const x = `${rate(k - 1)}+(${rate(k)}-${rate(k - 1)})*-${before}/(${after}-${before})`;
        changeRow[col] = formula(`IF(OR(${lowest(k)}="", ${lowest(k - 1)}=""), "", IF(${idx(k)}=${idx(k - 1)}, "", MIN(${rate(k)}, MAX(${rate(k - 1)}, ${x}))))`, STRETCH_FORMAT, "figure");
      }
      const j = k + 1; // the j-th stretch
      from[col] = formula(j === 1 ? rate(0) : `IF(${j - 1}<=${count}, SMALL(${changes}, ${j - 1}), "")`, STRETCH_FORMAT, "figure");
      to[col] = formula(`IF(${j}<=${count}, SMALL(${changes}, ${j}), IF(${j}=${count}+1, ${rate(COUNT - 1)}, ""))`, STRETCH_FORMAT, "figure");
      const fromCell = at.cell(ROW.ratesRangeFrom, col, true);
      who[col] = formula(j === 1 ? cheapest(0) : `IF(${fromCell}="", "", INDEX(${at.range(ROW.ratesCheapest, RATES_COL.first, ROW.ratesCheapest, LAST, true)}, 1, MATCH(${fromCell}, ${changes}, 0)))`, undefined, "figure");
    }
    const charts: ChartPlan[] = [ratesChart(ctx, at, rates)];
    return {
      cells: [
        [text("Cheapest bid by resolution rate", "section"), null, null, null, null, null, text("every bid at the same rate; each row is one formula, the bid's own, spilled over the rates", "note")],
        head,
        ...blended,
        ...pricedRows,
        winnerIndex,
        cheapestRow,
        changeRow,
        [text("Where each bid is the cheapest", "section")],
        from,
        to,
        who,
        [text("Cost per resolution as the rate varies", "header")],
        ...perResolution,
        ...Array.from({ length: ratesChartRows(n) }, () => []),
        [],
      ],
      charts,
    };
  },
};
