/**
 * A charge's shape (./types.ts ChargeShape): how the units of its meter become the month's fee, in the
 * engine and as formula text (CHARGE_COST, TIERED_COST), the same arithmetic in the same order.
 */
import { chargeCost } from "../measures";
import { fraction, nonNegative, PricingProblem } from "../problems";
import { checkTiers, tieredCost } from "../tiers";
import type { Charge, ChargeCells, MeterInput } from "./types";

/** The name a problem with a field of a charge goes by: the charge's label and the field. */
export function chargeField(c: Pick<Charge, "label">, field: string): string {
  return `charge "${c.label}" ${field}`;
}

/** The discount that applies to a charge: its own, else the bid's, else none. */
export function discountOf(c: Charge, bidDiscount: number | undefined): number {
  return c.discount ?? bidDiscount ?? 0;
}

/** Checks the shape's fields: one price (unit price, tiers or credits), and each field in range. */
export function checkShape(c: Charge, needsPrice: boolean): void {
  const prices = [c.unitPrice !== undefined, c.tiers !== undefined, c.creditPack !== undefined].filter(Boolean).length;
  if (needsPrice && prices !== 1) {
    throw new PricingProblem("value", chargeField(c, "unitPrice"), `charge "${c.label}" needs one price: a unitPrice, tiers or a creditPack (it has ${prices})`);
  }
  if (!needsPrice && prices + [c.includedUnits, c.packageSize, c.minimumMonthly, c.creditsPerUnit].filter((x) => x !== undefined).length > 0) {
    throw new PricingProblem("value", chargeField(c, "unitPrice"), `charge "${c.label}" is priced by its rate card: it takes a discount but no unit price, tiers, credits, allowance, packages or minimum`);
  }
  const n = (field: keyof Charge & string, x: number | undefined) => x !== undefined && nonNegative(chargeField(c, field), x);
  n("unitPrice", c.unitPrice);
  n("includedUnits", c.includedUnits);
  n("minimumMonthly", c.minimumMonthly);
  n("creditsPerUnit", c.creditsPerUnit);
  if (c.packageSize !== undefined && !(c.packageSize > 0)) {
    throw new PricingProblem("num", chargeField(c, "packageSize"), `charge "${c.label}" packageSize must be above 0 (got ${c.packageSize})`);
  }
  if (c.packageSize !== undefined && c.tiers) throw new PricingProblem("value", chargeField(c, "packageSize"), `charge "${c.label}" cannot take both tiers and packages`);
  if (c.creditsPerUnit !== undefined && !c.creditPack) throw new PricingProblem("value", chargeField(c, "creditsPerUnit"), `charge "${c.label}" has credits per unit but no creditPack to price them`);
  if (c.creditPack) {
    nonNegative(chargeField(c, "creditPack.price"), c.creditPack.price);
    if (!(c.creditPack.credits > 0)) throw new PricingProblem("num", chargeField(c, "creditPack.credits"), `charge "${c.label}" creditPack.credits must be above 0`);
  }
  if (c.tiers) checkTiers(c.tiers.tiers, chargeField(c, "tiers upTo"), chargeField(c, "tiers price"));
  if (c.discount !== undefined) fraction(chargeField(c, "discount"), c.discount);
}

/** The list price of one unit: the unit price, or credits per unit x the pack's price / its credits. */
function listPrice(c: Charge): number {
  if (c.creditPack) return (c.creditPack.price / c.creditPack.credits) * (c.creditsPerUnit ?? 1);
  return c.unitPrice ?? 0;
}

/** The month's fee for `units` of the charge's meter, at a discount off list. */
export function shapedFee(units: number, c: Charge, discount: number): number {
  const min = c.minimumMonthly ?? 0;
  if (c.tiers) {
    const over = units - (c.includedUnits ?? 0);
    const fee = tieredCost(over < 0 ? 0 : over, c.tiers.tiers, c.tiers.mode) * (1 - discount);
    return fee < min ? min : fee;
  }
  return chargeCost(units, listPrice(c) * (1 - discount), c.includedUnits ?? 0, c.packageSize, min);
}

/** `x` when a in [0, ..): MAX(lo, x), or IF when the symbols are ranges (MAX would collapse them). */
export function atLeast(lo: string, x: string, arrayed: boolean): string {
  return arrayed ? `IF(${x}<${lo}, ${lo}, ${x})` : `MAX(${lo}, ${x})`;
}

/** The formula twin of shapedFee; `discount` is the cell of the discount that applies, or null for none. */
export function shapedFeeFormula(units: string, c: Charge, x: ChargeCells, discount: string | null): string {
  const off = discount ? `*(1-${discount})` : "";
  const inc = c.includedUnits !== undefined ? x.cell("includedUnits") : "0";
  const min = c.minimumMonthly !== undefined ? x.cell("minimumMonthly") : null;
  if (c.tiers) {
    const n = c.tiers.tiers.length;
    const billable = atLeast("0", `${units}-${inc}`, x.symbols.arrayed);
    const fee = `AIPRICE.TIERED_COST(${billable}, ${x.column("tiers.tiers.0.upTo", n)}, ${x.column("tiers.tiers.0.upTo", n, 1)}, ${x.cell("tiers.mode")})${off}`;
    return min ? atLeast(min, fee, x.symbols.arrayed) : fee;
  }
  const price = c.creditPack ? `${x.cell("creditPack.price")}/${x.cell("creditPack.credits")}${c.creditsPerUnit !== undefined ? `*${x.cell("creditsPerUnit")}` : ""}` : x.cell("unitPrice");
  const args = [units, discount ? `(${price})${off}` : price, inc, c.packageSize !== undefined ? x.cell("packageSize") : "", min ?? ""];
  while (args[args.length - 1] === "") args.pop();
  return `AIPRICE.CHARGE_COST(${args.join(", ")})`;
}

/** The shape's input cells, in the unit the meter counts. */
export function shapeInputs(c: Charge, unit: string): MeterInput[] {
  const rows: MeterInput[] = [];
  const one = unit.replace(/s$/, "");
  if (c.unitPrice !== undefined) {
    rows.push({ field: "unitPrice", label: c.packageSize !== undefined ? `Price per package of ${unit}` : `Price per ${one}`, value: c.unitPrice, format: "price", help: "list price, before any discount" });
  }
  if (c.creditPack) {
    rows.push({ field: "creditPack.price", label: "Price of a pack of credits", value: c.creditPack.price, format: "price", help: "list price of one pack" });
    rows.push({ field: "creditPack.credits", label: "Credits per pack", value: c.creditPack.credits, format: "count", help: "credits in one pack" });
    if (c.creditsPerUnit !== undefined) rows.push({ field: "creditsPerUnit", label: `Credits per ${one}`, value: c.creditsPerUnit, format: "plain", help: "credits one unit uses" });
  }
  if (c.tiers) {
    rows.push({ field: "tiers.mode", label: "Tiers: mode", value: c.tiers.mode, format: "plain", help: "graduated: each unit at its tier's price; volume: all units at one tier's price", kind: "tier-mode" });
    c.tiers.tiers.forEach((t, i) =>
      rows.push({
        field: `tiers.tiers.${i}.upTo`,
        label: `Tier ${i + 1}: up to (${unit}; blank = no limit) | price per unit`,
        value: t.upTo,
        format: "count",
        help: "inclusive upper bound, then the unit price",
        kind: "number-or-blank",
        second: { field: `tiers.tiers.${i}.price`, value: t.price, format: "price" },
      }),
    );
  }
  if (c.includedUnits !== undefined) rows.push({ field: "includedUnits", label: `${unit[0].toUpperCase()}${unit.slice(1)} included per month`, value: c.includedUnits, format: "count", help: "free each month; the rest are billed" });
  if (c.packageSize !== undefined) rows.push({ field: "packageSize", label: `Package size (${unit})`, value: c.packageSize, format: "count", help: "units are bought in whole packages, rounded up" });
  if (c.minimumMonthly !== undefined) rows.push({ field: "minimumMonthly", label: "Minimum charge per month", value: c.minimumMonthly, format: "monthly", help: "the charge is at least this" });
  if (c.discount !== undefined) rows.push({ field: "discount", label: "Discount off list", value: c.discount, format: "rate", help: "negotiated, on this charge's prices" });
  return rows;
}

const money = { $ref: "#/definitions/money" };

/** The JSON Schema properties of the shape, common to every charge. */
export const SHAPE_SCHEMA: Record<string, unknown> = {
  label: { type: "string", allOf: [{ $ref: "#/definitions/line" }], minLength: 1, maxLength: 100, description: 'The charge in the price list\'s words, e.g. "Fin outcomes"; unique within the bid.' },
  unitPrice: { ...money, description: "Price of one unit (of one package when packageSize is given); for a revenue charge, the vendor's share (0.15 for 15%)." },
  tiers: { $ref: "#/definitions/charges/properties/tiers", description: "Tiered unit prices, in place of the unit price." },
  creditPack: {
    type: "object",
    additionalProperties: false,
    required: ["price", "credits"],
    description: "Units priced through credits bought in packs, in place of the unit price.",
    properties: {
      price: { ...money, description: "Price of one pack, e.g. 500." },
      credits: { type: "number", minimum: 1, maximum: 1000000000000, description: "Credits in one pack, e.g. 100000." },
    },
  },
  creditsPerUnit: { type: "number", minimum: 0, maximum: 10000000, description: "Credits one unit uses, with a creditPack; 1 when absent (the units are credits)." },
  includedUnits: { $ref: "#/definitions/count", description: "Units included free each month (an allowance, free units per month)." },
  packageSize: { type: "number", exclusiveMinimum: 0, maximum: 1000000000000, description: "Units are bought in whole packages of this size, rounded up; the unit price is the price of a package." },
  minimumMonthly: { ...money, description: "The least the charge comes to in a month." },
  discount: { $ref: "#/definitions/fraction", description: "Negotiated discount off this charge's list prices, 0..1; the bid's discount when absent." },
};
