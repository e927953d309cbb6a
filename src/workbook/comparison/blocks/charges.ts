/**
 * Charges by bid: each charge of a bid priced by charges is a row of formulas over its input cells,
 * labelled with the charge's label (text, never a formula): its units of the month (the meter's formula
 * twin), its fee for the month (CHARGE_COST, TIERED_COST, the token and credit functions, as the meter's
 * twin says: src/engine/meters) and that fee per conversation. The bid's vendor fee in the bids table is
 * the SUM of its rows' fees. A comparison without a bid by charges has no such rows.
 */
import type { Bid } from "../../../engine/bid";
import { meterOf } from "../../../engine/meters";
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import type { BidFormulas } from "../bid-formulas";
import { formula, text } from "../cells";
import { bidFormulas, ComparisonContext, ownSymbols, SCENARIO_NAMES } from "../context";
import { CHARGE_COL, ROW } from "../keys";

type ChargesPricing = Extract<Bid["pricing"], { model: "charges" }>;

/** The charges of bid i when it is priced by charges, else null. */
function chargesOf(ctx: ComparisonContext, i: number): ChargesPricing["charges"] | null {
  const p = ctx.bids[i].pricing;
  return p.model === "charges" ? p.charges : null;
}

/** The rows of bid i's charges (none when it is not priced by charges). */
function bidRows(ctx: ComparisonContext, i: number): string[] {
  const charges = chargesOf(ctx, i);
  if (!charges) return [];
  const key = ctx.keys[i];
  return [ROW.chargesTitle(key), ...charges.map((_, k) => ROW.charge(key, k))];
}

/** The range of bid i's charge rows' fees, absolute (the bids table's vendor fee sums it). */
export function chargeFeesRange(ctx: ComparisonContext, at: Locator, i: number): string {
  const charges = chargesOf(ctx, i) ?? [];
  const key = ctx.keys[i];
  return at.range(ROW.charge(key, 0), CHARGE_COL.fee, ROW.charge(key, charges.length - 1), CHARGE_COL.fee, true);
}

/**
 * Bid i's formulas for its own row in the bids table: a bid by charges reads its fees from its charge
 * rows (where the sheet has them: a sheet without this block writes them inline, as before).
 */
export function ownRowFormulas(ctx: ComparisonContext, at: Locator, i: number): BidFormulas {
  const fx = bidFormulas(ctx, at, i);
  return chargesOf(ctx, i) && at.has(ROW.charge(ctx.keys[i], 0)) ? fx.overChargeRows(chargeFeesRange(ctx, at, i), outcomeSharesOver(ctx, at, i)) : fx;
}

/**
 * The formula test "bid i's outcome types' shares of conversations add up to more than 100%" (at most
 * one outcome per conversation: the engine's checkOutcomeShares), over its outcome charges' rows of units
 * (false where they cannot be read: another check names that); null when it has no outcome charge rows.
 */
export function outcomeSharesOver(ctx: ComparisonContext, at: Locator, i: number): string | null {
  const charges = chargesOf(ctx, i);
  const key = ctx.keys[i];
  if (!charges || !at.has(ROW.charge(key, 0))) return null;
  const units = charges.flatMap((c, k) => (c.meter === "outcomes" ? [at.cell(ROW.charge(key, k), CHARGE_COL.units, true)] : []));
  if (units.length === 0) return null;
  return `IFERROR(ROUND(SUM(${units.join(", ")})/${SCENARIO_NAMES.conversations}, 12)>1, FALSE)`;
}

/** The words "not priced" gives when the outcome shares add up to more than 100%. */
export const OUTCOME_SHARES_OVER = "its outcome types' shares of conversations add up to more than 100% (at most one outcome per conversation)";

/** One charge's row: label, meter, units of the month, unit, fee for the month, fee per conversation. */
function chargeLine(ctx: ComparisonContext, at: Locator, i: number, k: number): (PlanCell | null)[] {
  const formats = ctx.formats;
  const charge = (chargesOf(ctx, i) as ChargesPricing["charges"])[k];
  const meter = meterOf(charge);
  const fx = bidFormulas(ctx, at, i);
  const own = ownSymbols(ctx, at, i);
  const row = ROW.charge(ctx.keys[i], k);
  const line: (PlanCell | null)[] = [];
  line[CHARGE_COL.label] = text(charge.label);
  line[CHARGE_COL.meter] = text(meter.name);
  line[CHARGE_COL.units] = formula(fx.chargeUnits(k, own), formats.count, "figure");
  line[CHARGE_COL.unit] = text(meter.unitName(charge), "note");
  line[CHARGE_COL.fee] = formula(fx.chargeFee(k, own, at.cell(row, CHARGE_COL.units)), formats.price, "figure");
  line[CHARGE_COL.perConversation] = formula(`${at.cell(row, CHARGE_COL.fee)}/${SCENARIO_NAMES.conversations}`, formats.perUnit, "figure");
  return line;
}

export const chargesBlock: SheetBlock<ComparisonContext> = {
  id: "charges",
  rows: (ctx) => {
    const rows = ctx.keys.flatMap((_, i) => bidRows(ctx, i));
    return rows.length === 0 ? [] : [ROW.chargesHead, ROW.chargesColumns, ...rows, ROW.space("charges")];
  },
  fill: (ctx, at) => {
    if (!ctx.bids.some((_, i) => chargesOf(ctx, i))) return { cells: [] };
    const header: (PlanCell | null)[] = [];
    const columns: [number, string][] = [
      [CHARGE_COL.label, "Charge"],
      [CHARGE_COL.meter, "Meter (what is counted)"],
      [CHARGE_COL.units, "Units per month"],
      [CHARGE_COL.unit, "Unit"],
      [CHARGE_COL.fee, "Fee per month"],
      [CHARGE_COL.perConversation, "Fee per conversation"],
    ];
    for (const [col, label] of columns) header[col] = text(label, "header");
    const cells: (PlanCell | null)[][] = [[text("Charges by bid", "section"), null, null, text("each charge a row of formulas over its prices and inputs below; a bid's vendor fee is the sum of its charges' fees", "note")], header];
    ctx.bids.forEach((bid, i) => {
      const charges = chargesOf(ctx, i);
      if (!charges) return;
      cells.push([text(`${bid.name} - ${bid.vendor}`, "header")]);
      charges.forEach((_, k) => cells.push(chargeLine(ctx, at, i, k)));
    });
    cells.push([]);
    return { cells };
  },
};
