/**
 * A charge over the contract term (docs/spec.md#charges-on-meters, "the term (commitments, credits,
 * escalators per charge)"): a spend commitment on the charge's fees trued up at the end of each period,
 * the charge's own price escalator, and prepaid packs of its units that expire. The term
 * (src/engine/term.ts, and the sheet's term block) prices them month by month; a month's figures
 * (bidFigures) do not use them.
 */
import type { CreditPacks, Escalator, SpendCommitment } from "../bid";
import { nonNegative, PricingProblem } from "../problems";
import type { Charge, MeterInput } from "./types";

/** The fields of a charge that shape it over the term. */
export interface ChargeTermShapes {
  /** A spend commitment on this charge's fees: at least `amount` per period, the shortfall trued up in the period's last month. */
  commitment?: SpendCommitment;
  /** This charge's prices rise by it, in place of the bid's escalator. */
  escalator?: Escalator;
  /** Prepaid packs of this charge's units (in the unit its meter counts), bought on a schedule; units drawn from them are not billed. */
  prepaid?: CreditPacks;
}

const field = (c: Pick<Charge, "label">, f: string) => `charge "${c.label}" ${f}`;

function wholeMonths(c: Charge, f: string, x: number | undefined, min: number): void {
  if (x === undefined) return;
  if (!(Number.isInteger(x) && x >= min && x <= 1200)) {
    throw new PricingProblem("num", field(c, f), `charge "${c.label}" ${f} must be a whole number of months from ${min} to 1200 (got ${x})`);
  }
}

/** Can the charge's prepaid units replace billed units one for one (a unit price, no tiers, allowance, packages or minimum)? */
function prepaidFits(c: Charge): boolean {
  return (c.unitPrice !== undefined || c.creditPack !== undefined) && !c.tiers && c.includedUnits === undefined && c.packageSize === undefined && c.minimumMonthly === undefined;
}

/** Checks a charge's term shapes, each problem naming the charge and the field. */
export function checkChargeTerm(c: Charge, byRateCard: boolean): void {
  if (c.commitment) {
    nonNegative(field(c, "commitment.amount"), c.commitment.amount);
    wholeMonths(c, "commitment.periodMonths", c.commitment.periodMonths, 1);
  }
  if (c.escalator) {
    const rate = c.escalator.annualRate;
    if (!(Number.isFinite(rate) && rate >= -1)) throw new PricingProblem("num", field(c, "escalator.annualRate"), `charge "${c.label}" escalator.annualRate must be -100% or more (got ${rate})`);
    wholeMonths(c, "escalator.everyMonths", c.escalator.everyMonths, 1);
  }
  const p = c.prepaid;
  if (p) {
    if (byRateCard || c.meter === "seats" || !prepaidFits(c)) {
      throw new PricingProblem(
        "value",
        field(c, "prepaid"),
        `charge "${c.label}" prepaid units need a charge billed unit by unit at a unit price (no tiers, included units, packages, minimum, seat pool or rate card): which units they replace would not be defined`,
      );
    }
    nonNegative(field(c, "prepaid.creditsPerPack"), p.creditsPerPack);
    nonNegative(field(c, "prepaid.pricePerPack"), p.pricePerPack);
    nonNegative(field(c, "prepaid.packs"), p.packs);
    if (!Array.isArray(p.boughtInMonths) || p.boughtInMonths.length === 0) throw new PricingProblem("value", field(c, "prepaid.boughtInMonths"), `charge "${c.label}" prepaid.boughtInMonths needs at least one month`);
    p.boughtInMonths.forEach((m, k) => wholeMonths(c, `prepaid.boughtInMonths[${k + 1}]`, m, 1));
    wholeMonths(c, "prepaid.expiryMonths", p.expiryMonths, 1);
  }
}

/** Does any charge of the list have a term shape? */
export function hasChargeTerms(charges: readonly Charge[]): boolean {
  return charges.some((c) => c.commitment !== undefined || c.escalator !== undefined || c.prepaid !== undefined);
}

const money = { $ref: "#/definitions/money" };
const months = { type: "integer", minimum: 1, maximum: 1200 };

/** The JSON Schema properties of the term shapes, common to every charge. */
export const TERM_SHAPE_SCHEMA: Record<string, unknown> = {
  commitment: {
    type: "object",
    additionalProperties: false,
    required: ["amount"],
    description: "Over the contract term: a spend commitment on this charge's fees, the shortfall trued up in the last month of each period.",
    properties: {
      amount: { ...money, description: "The spend committed per period on this charge." },
      periodMonths: { ...months, description: "Months per period; 12 (an annual commitment) when absent." },
    },
  },
  escalator: {
    type: "object",
    additionalProperties: false,
    required: ["annualRate"],
    description: "Over the contract term: this charge's prices rise by annualRate every everyMonths months, in place of the bid's escalator.",
    properties: {
      annualRate: { type: "number", minimum: -1, maximum: 10, description: "The rise per step, e.g. 0.05 for 5%; negative for a scheduled discount." },
      everyMonths: { ...months, description: "Months between rises; 12 when absent." },
    },
  },
  prepaid: {
    type: "object",
    additionalProperties: false,
    required: ["creditsPerPack", "pricePerPack", "packs", "boughtInMonths"],
    description: "Over the contract term: prepaid packs of this charge's units (in the unit its meter counts), bought in the given months; units drawn from them are not billed, and units left when they expire are lost.",
    properties: {
      creditsPerPack: { type: "number", minimum: 0, maximum: 1000000000000, description: "Units in one pack." },
      pricePerPack: { ...money, description: "Price of one pack, billed in the month it is bought." },
      packs: { type: "number", minimum: 0, maximum: 1000000, description: "Packs bought each time." },
      boughtInMonths: { type: "array", minItems: 1, maxItems: 60, items: months, description: "The contract months in which packs are bought, e.g. [1] or [1, 13, 25]." },
      expiryMonths: { ...months, description: "Units of a pack can be used in the month bought and the expiryMonths - 1 months after; they never expire when absent." },
    },
  },
};

/** The input cells of a charge's term shapes (after its shape's), in the unit its meter counts. */
export function termShapeInputs(c: Charge, unit: string): MeterInput[] {
  const rows: MeterInput[] = [];
  if (c.commitment) {
    rows.push({ field: "commitment.amount", label: "Spend commitment on this charge per period", value: c.commitment.amount, format: "monthly", help: "over the term: the shortfall is trued up in the period's last month" });
    rows.push({ field: "commitment.periodMonths", label: "Commitment period (months)", value: c.commitment.periodMonths ?? 12, format: "count", help: "12: an annual commitment" });
  }
  if (c.escalator) {
    rows.push({ field: "escalator.annualRate", label: "Price escalator of this charge per step", value: c.escalator.annualRate, format: "rate", help: "over the term, in place of the bid's escalator" });
    rows.push({ field: "escalator.everyMonths", label: "Escalator: months between rises", value: c.escalator.everyMonths ?? 12, format: "count", help: "12: once a year, from month 13" });
  }
  const p = c.prepaid;
  if (p) {
    rows.push({ field: "prepaid.creditsPerPack", label: `Prepaid: ${unit} per pack`, value: p.creditsPerPack, format: "count", help: "units drawn from packs are not billed" });
    rows.push({ field: "prepaid.pricePerPack", label: "Prepaid: price per pack", value: p.pricePerPack, format: "price", help: "billed in the month the packs are bought" });
    rows.push({ field: "prepaid.packs", label: "Prepaid: packs bought each time", value: p.packs, format: "count", help: "in each buying month" });
    p.boughtInMonths.forEach((m, k) => rows.push({ field: `prepaid.boughtInMonths.${k}`, label: `Prepaid: bought in month (${k + 1} of ${p.boughtInMonths.length})`, value: m, format: "count", help: "a month of the contract term" }));
    if (p.expiryMonths !== undefined) rows.push({ field: "prepaid.expiryMonths", label: "Prepaid: months before units expire", value: p.expiryMonths, format: "count", help: "usable in the month bought and the months after, this many in all" });
  }
  return rows;
}
