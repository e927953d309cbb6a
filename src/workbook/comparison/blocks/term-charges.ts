/**
 * A bid by charges over the term, on the sheet (the engine: src/engine/term-charges.ts, the same
 * arithmetic): for each charge with a term shape (its own escalator, prepaid units, a spend commitment)
 * three month rows under the bid's month by month. More:
 * docs/modules.md#workbook-comparison-blocks-term-charges.
 */
import { MAX_TERM_MONTHS } from "../../../engine/term";
import type { Bid } from "../../../engine/bid";
import type { Charge } from "../../../engine/meters";
import type { Locator } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import type { Symbols } from "../bid-formulas";
import { formula, text } from "../cells";
import { bidCell, bidFormulas, ComparisonContext, inputCell, SCENARIO_NAMES } from "../context";
import { BID_COL, TERM_COL, TERM_MONTH_COL } from "../keys";

/** The rows of charge k of a bid over the term. */
export const TERM_CHARGE_ROW = {
  units: (bid: string, k: number) => `term:charge-units:${bid}:${k}`,
  fee: (bid: string, k: number) => `term:charge-fee:${bid}:${k}`,
  billed: (bid: string, k: number) => `term:charge-billed:${bid}:${k}`,
} as const;

const LAST = TERM_MONTH_COL.first + MAX_TERM_MONTHS - 1;

/** What the term block shares with this module: its month rows and the cells of bid i's term. */
export interface TermChargeCells {
  ctx: ComparisonContext;
  at: Locator;
  T: string;
  months: string;
  conversations: string;
  inTerm: (f: string) => string;
  /**
   * Each month of the row, or the term's last month past the term: for a function of the month whose
   * figures past the term are not shown (they would be errors computed and thrown away on every edit).
   */
  monthOrLast: string;
  detail: (key: string, what: "rate") => string;
  summary: (i: number, col: number) => string;
  priced: (i: number) => string;
}

/** The charges of bid i that have a term shape, with their index among its charges. */
export function termShapedCharges(ctx: ComparisonContext, i: number): { charge: Charge; k: number }[] {
  const p = ctx.bids[i].pricing;
  if (p.model !== "charges") return [];
  return p.charges.map((charge, k) => ({ charge, k })).filter(({ charge: c }) => c.commitment !== undefined || c.escalator !== undefined || c.prepaid !== undefined);
}

/** The rows bid i adds under its month by month. */
export function termChargeRowKeys(ctx: ComparisonContext, i: number): string[] {
  const key = ctx.keys[i];
  return termShapedCharges(ctx, i).flatMap(({ k }) => [TERM_CHARGE_ROW.units(key, k), TERM_CHARGE_ROW.fee(key, k), TERM_CHARGE_ROW.billed(key, k)]);
}

const row = (at: Locator, key: string) => at.range(key, TERM_MONTH_COL.first, key, LAST, true);

/** The bid's own escalator factor, month by month (a row of 60). */
function bidFactor(x: TermChargeCells, i: number): string {
  return `AIPRICE.ESCALATED_PRICE(1, ${x.summary(i, TERM_COL.escalator)}, ${x.monthOrLast}, ${x.summary(i, TERM_COL.escalatorEvery)})`;
}

/** Charge k's own factor, else the bid's. */
function chargeFactor(x: TermChargeCells, i: number, c: Charge, k: number): string {
  if (!c.escalator) return bidFactor(x, i);
  const cell = (f: string) => inputCell(x.ctx, x.at, i, `pricing.charges.${k}.${f}`);
  return `AIPRICE.ESCALATED_PRICE(1, ${cell("escalator.annualRate")}, ${x.monthOrLast}, ${cell("escalator.everyMonths")})`;
}

/** The net price of one unit of charge k (what a prepaid unit replaces): list x (1 - its discount). */
function netUnitPrice(x: TermChargeCells, i: number, c: Charge, k: number): string {
  const cell = (f: string) => inputCell(x.ctx, x.at, i, `pricing.charges.${k}.${f}`);
  const p = x.ctx.bids[i].pricing as Extract<Bid["pricing"], { model: "charges" }>;
  const list = c.creditPack ? `${cell("creditPack.price")}/${cell("creditPack.credits")}${c.creditsPerUnit !== undefined ? `*${cell("creditsPerUnit")}` : ""}` : cell("unitPrice");
  const discount = c.discount !== undefined ? cell("discount") : p.discount !== undefined ? inputCell(x.ctx, x.at, i, "pricing.discount") : null;
  return discount ? `(${list})*(1-${discount})` : list;
}

/** Charge k's prepaid packs month by month: packs billed when bought less units drawn from them (CREDIT_BURN), and the units expired. */
function prepaidFormulas(x: TermChargeCells, i: number, c: Charge, k: number, units: string): { adjustment: string; expired: string } | null {
  const p = c.prepaid;
  if (!p) return null;
  const { T, months } = x;
  const cell = (f: string) => inputCell(x.ctx, x.at, i, `pricing.charges.${k}.prepaid.${f}`);
  const boughtIn = (m: string) => `(${p.boughtInMonths.map((_, j) => `(${m}=${cell(`boughtInMonths.${j}`)})`).join("+")})`;
  const bought = `FILTER(${boughtIn(months)}*${cell("packs")}*${cell("creditsPerPack")}, ${months}<=${T})`;
  const burn = `AIPRICE.CREDIT_BURN(FILTER(${units}, ${months}<=${T}), ${bought}${p.expiryMonths !== undefined ? `, ${cell("expiryMonths")}` : ""})`;
  return {
    adjustment: `${boughtIn(months)}*${cell("packs")}*${cell("pricePerPack")}-INDEX(${burn}, ${x.monthOrLast}+1, 4)*${netUnitPrice(x, i, c, k)}`,
    expired: `SUM(INDEX(${burn}, SEQUENCE(${T})+1, 6))`,
  };
}

/** Bid i's charges with a term shape: three rows each (units, fee at list, billed). */
export function termChargeLines(x: TermChargeCells, i: number): (PlanCell | null)[][] {
  const { ctx, at } = x;
  const key = ctx.keys[i];
  const fx = bidFormulas(ctx, at, i);
  const s: Symbols = { rate: x.detail(key, "rate"), qualifyingShare: bidCell(ctx, at, i, BID_COL.qualifyingShare), conversations: x.conversations, humanCost: SCENARIO_NAMES.humanCost, tokenFactor: null, arrayed: true };
  const line = (label: string, f: string, format: string): (PlanCell | null)[] => {
    const r: (PlanCell | null)[] = [];
    r[TERM_MONTH_COL.first] = formula(x.inTerm(`IF(${x.priced(i)}, ${f}, "not priced")`), format, "figure", { rows: 1, cols: MAX_TERM_MONTHS });
    r[TERM_MONTH_COL.label] = text(label);
    return r;
  };
  return termShapedCharges(ctx, i).flatMap(({ charge: c, k }) => {
    const units = row(at, TERM_CHARGE_ROW.units(key, k));
    const fee = row(at, TERM_CHARGE_ROW.fee(key, k));
    const prepaid = prepaidFormulas(x, i, c, k, units);
    return [
      // The charge's label is text from the file: in a text cell of its own, never in a formula.
      line(`${c.label}: units of the month`, fx.chargeUnits(k, s), ctx.formats.count),
      line(`${c.label}: fee at list (before its escalator)`, fx.chargeFee(k, s, units), ctx.formats.monthly),
      line(`${c.label}: billed (its escalator${prepaid ? ", prepaid packs" : ""})`, `${chargeFactor(x, i, c, k)}*(${fee}${prepaid ? `+${prepaid.adjustment}` : ""})`, ctx.formats.monthly),
    ];
  });
}

/** What bid i's charges with a term shape add to its vendor fee, month by month: billed less the fee at the bid's factor. */
export function termChargeVendorExtra(x: TermChargeCells, i: number): string {
  const key = x.ctx.keys[i];
  return termShapedCharges(x.ctx, i)
    .map(({ k }) => `+(${row(x.at, TERM_CHARGE_ROW.billed(key, k))}-${bidFactor(x, i)}*${row(x.at, TERM_CHARGE_ROW.fee(key, k))})`)
    .join("");
}

/** What bid i's charges' commitments add to its true-ups, month by month (COMMIT_TRUE_UP over what each bills). */
export function termChargeTrueUps(x: TermChargeCells, i: number): string {
  const key = x.ctx.keys[i];
  const { T, months } = x;
  return termShapedCharges(x.ctx, i)
    .filter(({ charge: c }) => c.commitment !== undefined)
    .map(({ k }) => {
      const cell = (f: string) => inputCell(x.ctx, x.at, i, `pricing.charges.${k}.commitment.${f}`);
      const billed = row(x.at, TERM_CHARGE_ROW.billed(key, k));
      return `+INDEX(AIPRICE.COMMIT_TRUE_UP(FILTER(${billed}, ${months}<=${T}), ${cell("amount")}, ${cell("periodMonths")}), ${x.monthOrLast}+1, 3)`;
    })
    .join("");
}

/** Bid i's charges' prepaid units expired over the term (a sum), or null without prepaid units. */
export function termChargeExpired(x: TermChargeCells, i: number): string | null {
  const key = x.ctx.keys[i];
  const parts = termShapedCharges(x.ctx, i).flatMap(({ charge: c, k }) => {
    const p = prepaidFormulas(x, i, c, k, row(x.at, TERM_CHARGE_ROW.units(key, k)));
    return p ? [p.expired] : [];
  });
  return parts.length ? parts.join("+") : null;
}
