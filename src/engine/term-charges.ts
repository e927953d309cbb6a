/**
 * A bid by charges over the contract term: each charge's own escalator, prepaid packs of its units and
 * spend commitment (./meters/term-shapes.ts), month by month at the prices in effect that month; their
 * true-ups add to the month's commitment true-up. The formulas: docs/modules.md#charges-over-the-term.
 */
import { chargeFigures, type Scenario } from "./bid";
import { commitTrueUp, creditBurn, DEFAULT_ESCALATION_MONTHS, DEFAULT_PERIOD_MONTHS, escalatedPrice } from "./commitments";
import { discountOf, type Charge } from "./meters";
import type { Bid } from "./bid";

/** One charge with a term shape, month by month. */
export interface ChargeTerm {
  label: string;
  /** What the charge bills each month: escalated by its own factor, its prepaid packs in. */
  spend: number[];
  /** Its commitment's true-up each month (0 without one). */
  trueUp: number[];
  /** Its commitment left unused over the term. */
  unusedCommitment: number;
  /** Its prepaid units left to expire. */
  expiredUnits: number;
}

/** What the term gives this module each month: the month's bid (its prices), scenario, and the bid's escalator factor. */
export interface ChargeMonth {
  bid: Bid;
  scenario: Scenario;
  bidFactor: number;
}

/** The unit price of one unit of a charge, after its discount (what a prepaid unit replaces). */
function netUnitPrice(c: Charge, bidDiscount: number | undefined): number {
  const list = c.creditPack ? (c.creditPack.price / c.creditPack.credits) * (c.creditsPerUnit ?? 1) : (c.unitPrice ?? 0);
  return list * (1 - discountOf(c, bidDiscount));
}

/** The charge's fee, units and net unit price in one month, found by label among the month's charges. */
function monthOfCharge(label: string, m: ChargeMonth): { fee: number; units: number; unitPrice: number } {
  const p = m.bid.pricing;
  if (p.model !== "charges") return { fee: 0, units: 0, unitPrice: 0 };
  const k = p.charges.findIndex((c) => c.label === label);
  if (k < 0) return { fee: 0, units: 0, unitPrice: 0 };
  const f = chargeFigures(p, m.scenario)[k];
  return { fee: f.fee, units: f.units, unitPrice: netUnitPrice(p.charges[k], p.discount) };
}

/** One charge over the term; `extra[m]` receives what its term shapes add to month m's vendor fee. */
function chargeTerm(c: Charge, months: readonly ChargeMonth[], extra: number[]): ChargeTerm {
  const T = months.length;
  const spend = new Array<number>(T).fill(0);
  const unitsUsed = new Array<number>(T).fill(0);
  const figures = months.map((m) => monthOfCharge(c.label, m));
  const factor = (i: number) => (c.escalator ? escalatedPrice(1, c.escalator.annualRate, i + 1, c.escalator.everyMonths ?? DEFAULT_ESCALATION_MONTHS) : months[i].bidFactor);
  figures.forEach((f, i) => {
    spend[i] = factor(i) * f.fee;
    unitsUsed[i] = f.units;
    extra[i] += (factor(i) - months[i].bidFactor) * f.fee;
  });
  let expiredUnits = 0;
  const p = c.prepaid;
  if (p) {
    const bought = months.map((_, i) => (p.boughtInMonths.includes(i + 1) ? p.packs * p.creditsPerPack : 0));
    creditBurn(unitsUsed, bought, p.expiryMonths).forEach((row, i) => {
      const packs = bought[i] > 0 ? p.packs * p.pricePerPack : 0;
      const adjustment = factor(i) * (packs - row.fromCredits * figures[i].unitPrice);
      spend[i] += adjustment;
      extra[i] += adjustment;
      expiredUnits += row.expired;
    });
  }
  const trueUp = new Array<number>(T).fill(0);
  let unusedCommitment = 0;
  if (c.commitment) {
    commitTrueUp(spend, c.commitment.amount, c.commitment.periodMonths ?? DEFAULT_PERIOD_MONTHS).forEach((row, i) => {
      trueUp[i] = row.trueUp;
      unusedCommitment += row.trueUp;
    });
  }
  return { label: c.label, spend, trueUp, unusedCommitment, expiredUnits };
}

/**
 * The charges of a bid by charges that have a term shape, over the term's months: each one's figures,
 * and month by month what they add to the vendor fee (extra) and to the commitment true-up.
 */
export function chargeTerms(bid: Bid, months: readonly ChargeMonth[]): { charges: ChargeTerm[]; extraFee: number[]; trueUp: number[] } {
  const T = months.length;
  const extraFee = new Array<number>(T).fill(0);
  const trueUp = new Array<number>(T).fill(0);
  if (bid.pricing.model !== "charges") return { charges: [], extraFee, trueUp };
  const shaped = bid.pricing.charges.filter((c) => c.commitment !== undefined || c.escalator !== undefined || c.prepaid !== undefined);
  const charges = shaped.map((c) => chargeTerm(c, months, extraFee));
  for (const c of charges) c.trueUp.forEach((x, i) => (trueUp[i] += x));
  return { charges, extraFee, trueUp };
}
