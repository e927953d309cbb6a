/**
 * The order of the bids' drawn resolution rates (docs/spec.md#decide-and-negotiate: vendors' performance
 * moves together, to a degree). More: docs/modules.md#workbook-comparison-blocks-rate-order.
 */
import { correlatedRanks } from "../../../engine/copula";
import { pertRanks } from "../../../engine/risk";
import { SEED_OFFSETS } from "../../../engine/bid-risk";
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { ComparisonContext, SCENARIO_NAMES as N } from "../context";
import { DRAWS_COLUMN } from "../keys";

export const ORDER_ROW = {
  head: "order:head",
  note: "order:note",
  status: "order:status",
  bid: (bid: string) => `draws:order:${bid}`,
} as const;

/** The status row's columns: the label, the correlation and seed the order was written for, the verdict. */
export const ORDER_COL = { label: 0, correlation: 1, seed: 2, status: 3 } as const;

/** Bid i's row of positions, absolute. */
export function orderRow(ctx: ComparisonContext, at: Locator, i: number): string {
  const key = ORDER_ROW.bid(ctx.keys[i]);
  return at.range(key, DRAWS_COLUMN, key, DRAWS_COLUMN + ctx.draws - 1, true);
}

/**
 * For each bid, the 1-based column of today's PERT_DRAWS row (common random numbers, seed `seed`) that
 * drawn scenario i takes under the copula of rank correlation rho; null at rho = 1 (every position is its own).
 */
export function ratePositions(count: number, bids: number, rho: number, seed: number): Int32Array[] | null {
  if (rho >= 1) return null;
  const today = pertRanks(count, seed);
  const columnOfRank = new Int32Array(count);
  today.forEach((rank, column) => (columnOfRank[rank - 1] = column + 1));
  return correlatedRanks(count, bids, rho, seed).map((ranks) => ranks.map((rank) => columnOfRank[rank - 1]));
}

export const rateOrderBlock: SheetBlock<ComparisonContext> = {
  id: "rate-order",
  rows: (ctx) => [ORDER_ROW.head, ORDER_ROW.note, ORDER_ROW.status, ...ctx.keys.map(ORDER_ROW.bid)],
  fill: (ctx, at) => {
    const positions = ratePositions(ctx.draws, ctx.keys.length, ctx.rateCorrelation, ctx.seed + SEED_OFFSETS.resolutionRate);
    const writtenFor = at.cell(ORDER_ROW.status, ORDER_COL.correlation, true);
    const seedFor = at.cell(ORDER_ROW.status, ORDER_COL.seed, true);
    const statusRow: (PlanCell | null)[] = [];
    statusRow[ORDER_COL.label] = text("Written for the correlation and seed");
    statusRow[ORDER_COL.correlation] = num(ctx.rateCorrelation, ctx.F.rate, "figure");
    statusRow[ORDER_COL.seed] = num(ctx.seed, ctx.F.plain, "figure");
    statusRow[ORDER_COL.status] = formula(
      `IF(OR(${N.rateCorrelation}<>${writtenFor}, AND(${writtenFor}<1, ${N.seed}<>${seedFor})), "Out of date: the correlation (or the seed) changed since the order was written. Update the sheet to reorder the draws.", "Current: the draws are in the order of the correlation above.")`,
      undefined,
      "note",
    );
    const names = ctx.templates.map((t) => t.bid.name);
    const rows: (PlanCell | null)[][] = [
      [text("Order of the bids' drawn resolution rates", "section")],
      [
        text(
          `Each bid keeps its own drawn rates; a row here says which of them each drawn scenario takes (the column of the PERT_DRAWS row, from column ${at.letters(DRAWS_COLUMN, ORDER_ROW.head)}). Ordered by a Gaussian copula with the rank correlation ${N.rateCorrelation} (Iman-Conover); at 1 every scenario takes its own column: a hard month is hard for every vendor alike.`,
          "note",
        ),
      ],
      statusRow,
    ];
    // The count of draws is a constant of the plan (as in PERT_DRAWS's own count on the draws rows).
    const width = String(ctx.draws);
    ctx.keys.forEach((_, i) => {
      const row: (PlanCell | null)[] = [text(`Order of the drawn rates: ${names[i]}`)];
      if (positions) positions[i].forEach((p, k) => (row[DRAWS_COLUMN + k] = num(p, ctx.F.plain, "figure")));
      else row[DRAWS_COLUMN] = formula(`SEQUENCE(1, ${width})`, ctx.F.plain, "figure", { rows: 1, cols: ctx.draws });
      rows.push(row);
    });
    return { cells: rows };
  },
};
