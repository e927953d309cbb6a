/**
 * The price to bring to the table, on the sheet (docs/spec.md#decide-and-negotiate): beside each bid, the
 * price of its main charge (the engine's mainCharge, fixed when the sheet is built) at which it would tie
 * the leader (found live by the decide block)  - at the likely scenario: its monthly total equal to the
 * leader's. More: docs/modules.md#workbook-comparison-blocks-price-to-match.
 */
import { mainCharge, PriceField } from "../../../engine/bid-prices";
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, text } from "../cells";
import { bidCell, ComparisonContext, inputCell, ownSymbols, SCENARIO_NAMES } from "../context";
import { BID_COL, DRAWS_COLUMN, RISK_COL, ROW } from "../keys";
import { whenPriced } from "../priced";
import { aiCostFormula, blendedTotalFormula, leaderIndexCell, monthlyTotalFormula } from "./decide";
import { drawnSymbols } from "./draws";
import { drawsRow } from "./risk";

/**
 * Secant steps towards the P90 price (each a PERCENTILE.INC over the draws): four meet the engine's price
 * within 1e-9 on the tests' bids and keep the sheet's recalculation short (eight took twice as long).
 */
export const P90_STEPS = 4;

export const PTM_ROW = {
  head: "ptm:head",
  note: "ptm:note",
  columns: "ptm:columns",
  bid: (key: string) => `ptm:bid:${key}`,
  /** Bid i's drawn AI cost per conversation with its main charge at 0 (from the draws column). */
  zeroAiCost: (key: string) => `ptm:ai0:${key}`,
  /** Bid i's drawn monthly totals with its main charge at 0 (from the draws column). */
  zero: (key: string) => `ptm:draws0:${key}`,
  space: "space:ptm",
} as const;

export const PTM_COL = {
  name: 0,
  charge: 1,
  stated: 2,
  likely: 3,
  p90: 4,
  stopsPayingOffBelow: 5,
  /** Work: its total with the main charge at 0; with r = 0 and r = 1; the P90 gap at 0 and at the price stated. */
  totalAtZero: 7,
  totalAtRateZero: 8,
  totalAtRateOne: 9,
  gapP90AtZero: 10,
  gapP90AtStated: 11,
  /** Secant step k (1-based): its price at 10 + 2k, its P90 gap at 11 + 2k. */
  step: (k: number) => 10 + 2 * k,
} as const;

/** Bid i's main charge when the sheet can move it (an input cell of its own), else null. */
export function sheetMainCharge(ctx: ComparisonContext, i: number): PriceField | null {
  const bid = ctx.bids[i];
  if (bid.pricing.model === "per-token" && (bid.pricing.contextRows?.length ?? 0) > 0) return null;
  const charge = mainCharge(bid, ctx.scenario);
  if (!charge) return null;
  return ctx.inputs[i].some((r) => r.path === charge.path || r.second?.path === charge.path) ? charge : null;
}

const paysOffModels = new Set(["per-resolution", "outcome-based"]);

/** The leader's cell of a column of the bids table or the risk view. */
function leaders(ctx: ComparisonContext, at: Locator): { total: string; p90: string; L: string } {
  const first = ctx.keys[0];
  const last = ctx.keys[ctx.keys.length - 1];
  const L = leaderIndexCell(at);
  return {
    L,
    total: `INDEX(${at.range(ROW.bid(first), BID_COL.monthlyTotal, ROW.bid(last), BID_COL.monthlyTotal, true)}, ${L})`,
    p90: `INDEX(${at.range(ROW.risk(first), RISK_COL.totalP90, ROW.risk(last), RISK_COL.totalP90, true)}, ${L})`,
  };
}

/** The secant steps towards the price where the P90 of the drawn totals meets the leader's. */
function p90Steps(ctx: ComparisonContext, at: Locator, i: number, line: (PlanCell | null)[], leaderP90: string): void {
  const key = ctx.keys[i];
  const c = (col: number) => at.cell(PTM_ROW.bid(key), col);
  const stated = c(PTM_COL.stated);
  const zero = drawsRow(ctx, at, PTM_ROW.zero(key));
  const totals = drawsRow(ctx, at, ROW.drawsTotal(key));
  // Step k's price and gap; step 0 is the price 0, step "-1"... the price stated: the bracket to start from.
  const price = (k: number) => (k === 0 ? stated : k === -1 ? "0" : c(PTM_COL.step(k)));
  const gap = (k: number) => (k === 0 ? c(PTM_COL.gapP90AtStated) : k === -1 ? c(PTM_COL.gapP90AtZero) : c(PTM_COL.step(k) + 1));
  line[PTM_COL.gapP90AtZero] = formula(`IFERROR(PERCENTILE.INC(${zero}, 0.9)-${leaderP90}, "")`, ctx.formats.monthly, "note");
  line[PTM_COL.gapP90AtStated] = formula(`IFERROR(${at.cell(ROW.risk(key), RISK_COL.totalP90, true)}-${leaderP90}, "")`, ctx.formats.monthly, "note");
  // The steps are taken only where the price lies between 0 and the price stated (above the leader's P90
  // at the price stated, not above it at 0): elsewhere the P90 price is the stated one or none, and they show "".
  const [g0, gs] = [gap(-1), gap(0)];
  const bracketed = `AND(ISNUMBER(${g0}), ${g0}<=0, ISNUMBER(${gs}), ${gs}>0)`;
  for (let k = 1; k <= P90_STEPS; k++) {
    const [p, q, g, h] = [price(k - 1), price(k - 2), gap(k - 1), gap(k - 2)];
    line[PTM_COL.step(k)] = formula(`IF(${bracketed}, IFERROR(IF(OR(${g}=0, ${g}=${h}), ${p}, MIN(${stated}, MAX(0, ${p}-${g}*(${p}-${q})/(${g}-${h})))), ""), "")`, ctx.formats.price, "note");
    // SUMPRODUCT around the one figure: the drawn totals at the step's price are computed as a row in
    // Excel 2016 and LibreOffice too (a plain formula there would take one cell of the rows, not the row).
    const here = c(PTM_COL.step(k));
    const drawnGap = `SUMPRODUCT(PERCENTILE.INC(${zero}+(${totals}-${zero})*(${here}/${stated}), 0.9))-${leaderP90}`;
    // A step that stays at the price before it (the steps have met it) has that step's gap, the same
    // formula of the same price: not drawn again. (Step 1's price before it, the price stated, has its
    // gap from the risk view's P90, a figure of another formula.)
    const gapHere = k === 1 ? drawnGap : `IF(${here}=${p}, ${g}, ${drawnGap})`;
    line[PTM_COL.step(k) + 1] = formula(`IF(${bracketed}, IFERROR(${gapHere}, ""), "")`, ctx.formats.monthly, "note");
  }
}

/** Bid i's row: its main charge, the price stated, the prices to match, where it stops paying off, and the work. */
function bidRow(ctx: ComparisonContext, at: Locator, i: number): (PlanCell | null)[] {
  const formats = ctx.formats;
  const key = ctx.keys[i];
  const c = (col: number) => at.cell(PTM_ROW.bid(key), col);
  const line: (PlanCell | null)[] = [];
  line[PTM_COL.name] = formula(bidCell(ctx, at, i, BID_COL.name));
  const own = ownSymbols(ctx, at, i);
  const { L, total: leaderTotal, p90: leaderP90 } = leaders(ctx, at);
  if (paysOffModels.has(ctx.bids[i].pricing.model)) {
    const H = `${SCENARIO_NAMES.humanCost}*${SCENARIO_NAMES.conversations}`;
    line[PTM_COL.totalAtRateZero] = formula(`IFERROR(${monthlyTotalFormula(ctx, at, i, { ...own, rate: "0" })}, "")`, formats.monthly, "note");
    line[PTM_COL.totalAtRateOne] = formula(`IFERROR(${monthlyTotalFormula(ctx, at, i, { ...own, rate: "1" })}, "")`, formats.monthly, "note");
    const [t0, t1] = [c(PTM_COL.totalAtRateZero), c(PTM_COL.totalAtRateOne)];
    line[PTM_COL.stopsPayingOffBelow] = formula(whenPriced(ctx, at, i, `IFERROR(IF(${t1}-${H}>0, "", IF(${t0}-${H}<=0, 0, (${H}-${t0})/(${t1}-${t0}))), "")`), formats.rate, "figure");
  }
  const charge = sheetMainCharge(ctx, i);
  if (!charge) {
    line[PTM_COL.charge] = text("no one price (tiers or a rate card)", "note");
    return line;
  }
  line[PTM_COL.charge] = text(charge.words);
  line[PTM_COL.stated] = formula(inputCell(ctx, at, i, charge.path), formats.price, "figure");
  const atZero = (path: string) => (path === charge.path ? "0" : inputCell(ctx, at, i, path));
  line[PTM_COL.totalAtZero] = formula(`IFERROR(${monthlyTotalFormula(ctx, at, i, own, atZero)}, "")`, formats.monthly, "note");
  const [stated, t0, ts] = [c(PTM_COL.stated), c(PTM_COL.totalAtZero), bidCell(ctx, at, i, BID_COL.monthlyTotal)];
  // Not the leader, priced, a price above 0: else "".
  const eligible = `AND(${L}<>"", ISNUMBER(${ts}), ISNUMBER(${t0}), ${stated}>0, ${ts}>${leaderTotal})`;
  // A bid not priced shows why, as in every view (../priced.ts).
  line[PTM_COL.likely] = formula(whenPriced(ctx, at, i, `IFERROR(IF(${eligible}, IF(${t0}>${leaderTotal}, "", ${stated}*(${leaderTotal}-${t0})/(${ts}-${t0})), ""), "")`), formats.price, "figure");
  p90Steps(ctx, at, i, line, leaderP90);
  const [g0, gs] = [c(PTM_COL.gapP90AtZero), c(PTM_COL.gapP90AtStated)];
  line[PTM_COL.p90] = formula(whenPriced(ctx, at, i, `IFERROR(IF(AND(${eligible}, ISNUMBER(${gs}), ISNUMBER(${g0})), IF(${gs}<=0, IF(${gs}=0, ${stated}, ""), IF(${g0}>0, "", ${c(PTM_COL.step(P90_STEPS))})), ""), "")`), formats.price, "figure");
  return line;
}

/**
 * Bid i's drawn AI cost per conversation with its main charge at 0 (the draws block's formula with that
 * price), in a row of its own: an edit it does not depend on (a resolution rate, for most bids) leaves it.
 */
function zeroAiCostRow(ctx: ComparisonContext, at: Locator, i: number): (PlanCell | null)[] {
  const line: (PlanCell | null)[] = [text(`AI cost per conversation with the main charge at 0: ${ctx.bids[i].name}`)];
  const charge = sheetMainCharge(ctx, i);
  if (!charge) return line;
  const atZero = (path: string) => (path === charge.path ? "0" : inputCell(ctx, at, i, path));
  line[DRAWS_COLUMN] = formula(aiCostFormula(ctx, at, i, drawnSymbols(ctx, at, i), atZero), ctx.formats.perUnit, "figure", { rows: 1, cols: ctx.draws });
  return line;
}

/** Bid i's drawn totals with its main charge at 0: the draws block's total over the AI cost at 0. */
function zeroRow(ctx: ComparisonContext, at: Locator, i: number): (PlanCell | null)[] {
  const line: (PlanCell | null)[] = [text(`Total per month with the main charge at 0: ${ctx.bids[i].name}`)];
  if (!sheetMainCharge(ctx, i)) return line;
  const s = drawnSymbols(ctx, at, i);
  const aiCost = drawsRow(ctx, at, PTM_ROW.zeroAiCost(ctx.keys[i]));
  line[DRAWS_COLUMN] = formula(blendedTotalFormula(ctx, at, i, aiCost, s), ctx.formats.monthly, "figure", { rows: 1, cols: ctx.draws });
  return line;
}

const HEADS: [number, string][] = [
  [PTM_COL.name, "Bid"],
  [PTM_COL.charge, "Main charge"],
  [PTM_COL.stated, "Price stated"],
  [PTM_COL.likely, "Price to match the leader: likely"],
  [PTM_COL.p90, "at P90 of the drawn scenarios"],
  [PTM_COL.stopsPayingOffBelow, "Stops paying off below a resolution rate of"],
  [PTM_COL.totalAtZero, "Work: total at a price of 0"],
  [PTM_COL.totalAtRateZero, "total at r = 0"],
  [PTM_COL.totalAtRateOne, "total at r = 1"],
  [PTM_COL.gapP90AtZero, "P90 gap at a price of 0"],
  [PTM_COL.gapP90AtStated, "P90 gap at the price stated"],
];

export const priceToMatchBlock: SheetBlock<ComparisonContext> = {
  id: "price-to-match",
  rows: (ctx) => [PTM_ROW.head, PTM_ROW.note, PTM_ROW.columns, ...ctx.keys.map(PTM_ROW.bid), ...ctx.keys.map(PTM_ROW.zeroAiCost), ...ctx.keys.map(PTM_ROW.zero), PTM_ROW.space],
  fill: (ctx, at) => {
    const header: (PlanCell | null)[] = [];
    for (const [col, label] of HEADS) header[col] = text(label, "header");
    for (let k = 1; k <= P90_STEPS; k++) {
      header[PTM_COL.step(k)] = text(`step ${k}: price`, "header");
      header[PTM_COL.step(k) + 1] = text(`step ${k}: P90 gap`, "header");
    }
    return {
      cells: [
        [text("The price to bring to the table", "section")],
        [
          text(
            "For each bid not ranked first: the price of its main charge at which it would tie the leader, at the likely scenario (same monthly total) and at P90 of the drawn scenarios (same bad month). Blank for the leader, and where even at 0 it would cost more. For per-resolution and outcome bids: the resolution rate below which the bid costs more than every conversation going to a human.",
            "note",
          ),
        ],
        header,
        ...ctx.keys.map((_, i) => bidRow(ctx, at, i)),
        ...ctx.keys.map((_, i) => zeroAiCostRow(ctx, at, i)),
        ...ctx.keys.map((_, i) => zeroRow(ctx, at, i)),
        [],
      ],
    };
  },
};
