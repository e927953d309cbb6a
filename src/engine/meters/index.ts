/**
 * The meters, one unit each, in one table typed by MeterKind (a meter half-added does not compile),
 * and a bid's charges priced through them: in the engine and as formula text.
 */
import { PricingProblem } from "../problems";
import { actions } from "./actions";
import { conversations } from "./conversations";
import { handoffs } from "./handoffs";
import { outcomes, outcomesPerConversation } from "./outcomes";
import { resolutions } from "./resolutions";
import { revenue } from "./revenue";
import { seats } from "./seats";
import { sessions } from "./sessions";
import { checkShape, discountOf, shapedFee, shapedFeeFormula, shapeInputs } from "./shape";
import { checkChargeTerm, termShapeInputs } from "./term-shapes";
import { tokens } from "./tokens";
import type { Charge, ChargeCells, ChargeOf, MeterContext, MeterInput, MeterKind, MeterUnit } from "./types";
import { voiceMinutes } from "./voice-minutes";

export * from "./types";
export { chargeField, discountOf, SHAPE_SCHEMA } from "./shape";
export { outcomeShare } from "./outcomes";
export { checkChargeTerm, hasChargeTerms, TERM_SHAPE_SCHEMA, type ChargeTermShapes } from "./term-shapes";

export const METERS: { readonly [K in MeterKind]: MeterUnit<ChargeOf<K>> } = {
  conversations,
  resolutions,
  outcomes,
  handoffs,
  sessions,
  "voice-minutes": voiceMinutes,
  actions,
  tokens,
  seats,
  revenue,
};

export const METER_KINDS = Object.keys(METERS) as MeterKind[];

/** The unit of a charge's meter. */
export function meterOf<C extends Charge>(c: C): MeterUnit<C> {
  const unit = (METERS as Record<string, MeterUnit<Charge> | undefined>)[c.meter];
  if (!unit) throw new PricingProblem("value", `charge "${c.label}" meter`, `charge "${c.label}" has an unknown meter "${String(c.meter)}"`);
  return unit as unknown as MeterUnit<C>;
}

/** Does the meter price a conversation by its own rate card (tokens) rather than units x a shape? */
const byRateCard = (c: Charge) => meterOf(c).feePerConversation !== undefined;

/** Checks a bid's charges: labels present and unique, each meter's fields and shape, the bid's discount. */
export function checkCharges(charges: readonly Charge[], bidDiscount?: number): void {
  if (charges.length === 0) throw new PricingProblem("value", "charges", "a bid priced by charges needs at least one charge");
  const seen = new Set<string>();
  for (const c of charges) {
    if (!c.label) throw new PricingProblem("value", "charges label", "every charge needs a label");
    if (seen.has(c.label)) throw new PricingProblem("value", `charge "${c.label}" label`, `two charges are labelled "${c.label}": labels must be unique within a bid`);
    seen.add(c.label);
    meterOf(c).check(c);
    checkShape(c, !byRateCard(c));
    checkChargeTerm(c, byRateCard(c));
  }
  if (bidDiscount !== undefined && !(bidDiscount >= 0 && bidDiscount <= 1)) {
    throw new PricingProblem("num", "discount", `the bid's discount must be a fraction from 0 to 1 (got ${bidDiscount})`);
  }
}

/** One charge's figures for a month. */
export interface ChargeFigure {
  label: string;
  meter: MeterKind;
  /** Units of the month, in the meter's unit (conversations for tokens). */
  units: number;
  unitName: string;
  /** The month's fee for the charge. */
  fee: number;
}

/** One charge's fee for the month in the bid's context. */
export function chargeMonthly(c: Charge, ctx: MeterContext, bidDiscount?: number): ChargeFigure {
  const unit = meterOf(c);
  const d = discountOf(c, bidDiscount);
  const units = unit.units(c, ctx);
  let fee: number;
  if (unit.feePerConversation) fee = unit.feePerConversation(c, ctx) * (1 - d) * ctx.conversations;
  else fee = shapedFee(units, c, d) + (unit.extraFee ? unit.extraFee(c, ctx, d) : 0);
  return { label: c.label, meter: c.meter, units, unitName: unit.unitName(c), fee };
}

/** At most one outcome per conversation: the shares of the bid's outcome charges sum to at most 1. */
export function checkOutcomeShares(charges: readonly Charge[], ctx: MeterContext): void {
  let total = 0;
  for (const c of charges) if (c.meter === "outcomes") total += outcomesPerConversation(c, ctx);
  if (total > 1 + 1e-12) {
    throw new PricingProblem("num", "outcomes", `the outcome types' shares of conversations add up to ${total}: at most one outcome per conversation, so they may add up to at most 1`);
  }
}

/** Every charge's figures for the month (checked first). */
export function chargesMonthly(charges: readonly Charge[], ctx: MeterContext, bidDiscount?: number): ChargeFigure[] {
  checkCharges(charges, bidDiscount);
  checkOutcomeShares(charges, ctx);
  return charges.map((c) => chargeMonthly(c, ctx, bidDiscount));
}

/** The sum of the charges' fees for the month, in order. */
export function chargesTotal(figures: readonly ChargeFigure[]): number {
  let total = 0;
  for (const f of figures) total = total + f.fee;
  return total;
}

/**
 * The formula twin of chargeMonthly's fee; `discount` is the cell of the discount that applies (the
 * charge's or the bid's), or null; `units` the cell holding the charge's units of the month, when a
 * row of the sheet holds them (else they are written inline).
 */
export function chargeFeeFormula(c: Charge, x: ChargeCells, discount: string | null, units?: string): string {
  const unit = meterOf(c);
  const V = x.symbols.conversations;
  if (unit.feePerConversationFormula) return `${unit.feePerConversationFormula(c, x)}${discount ? `*(1-${discount})` : ""}*${V}`;
  const shaped = shapedFeeFormula(units ?? unit.unitsFormula(c, x), c, x, discount);
  const extra = unit.extraFeeFormula ? unit.extraFeeFormula(c, x, discount) : null;
  return extra ? `${shaped}+${extra}` : shaped;
}

/** The formula of a charge's units of the month. */
export function chargeUnitsFormula(c: Charge, x: ChargeCells): string {
  return meterOf(c).unitsFormula(c, x);
}

/** A charge's input cells: the meter's own, then its shape's. */
export function chargeInputs(c: Charge): MeterInput[] {
  const unit = meterOf(c);
  return [...unit.inputs(c), ...shapeInputs(c, unit.unitName(c)), ...termShapeInputs(c, unit.unitName(c))];
}
