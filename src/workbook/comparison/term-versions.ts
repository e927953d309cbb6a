/**
 * Prices over the term are the prices in effect each month (docs/spec.md#one-model-one-answer), on the
 * sheet. More: docs/modules.md#workbook-comparison-term-versions.
 */
import type { Bid } from "../../engine/bid";
import { MAX_TERM_MONTHS } from "../../engine/term";
import type { BidTemplate, PriceVersion } from "../../templates/template";
import { termPrices, UNDATED, versionAt } from "../../templates/versions";
import { InputRow, inputRows } from "./bid-inputs";
import type { Formats } from "./cells";

/** The number format of a yyyymmdd date; 0 (the undated prices' key) shows as "undated". */
export const DAY_FORMAT = '0000-00-00;;"undated"';

/** A date YYYY-MM-DD as the sheet's whole number yyyymmdd. */
export function dayNumber(iso: string): number {
  return Number(iso.replace(/-/g, ""));
}

/** The paths of a version's input cells (never fields of the bid as exported: export leaves term.* out). */
export const VERSION_PATH = {
  from: (v: string) => `term.prices.${v}.effectiveFrom`,
  until: (v: string) => `term.prices.${v}.effectiveUntil`,
  field: (v: string, path: string) => `term.prices.${v}.${path}`,
  start: "term.startDate",
} as const;

/** The bid fields a month's bill reads (BidFormulas.monthlyBill): its pricing, and the charges of a month. */
const MONTHLY = /^(pricing\.|charges\.(platformFeeMonthly|allowance|tiers|package|minimumMonthly)(\.|$))/;

/** One version of a bid's prices that prices some month of a term of up to 60 months. */
export interface TermVersion {
  /** UNDATED or its first day (unique in a template), as the engine's MonthPrices.version. */
  id: string;
  /** Its words on the sheet, e.g. "Launch promotion" or "the file's undated prices". */
  label: string;
  /** Its first and last day, YYYY-MM-DD; null for the undated prices (and for no last day). */
  from: string | null;
  until: string | null;
  /** The bid priced at this version. */
  bid: Bid;
  /** In effect on the comparison date: its prices are the bid's own input cells (the inputs block). */
  atStart: boolean;
  /** Its own input rows (none for the version in effect on the comparison date). */
  rows: InputRow[];
}

/**
 * The versions of one template's prices over a term of up to 60 months from the comparison date, in
 * the order they first price a month; null when one version prices every month (the sheet as without dates).
 */
export function termVersions(template: BidTemplate, asOf: string, F: Formats): TermVersion[] | null {
  if (!Array.isArray(template.versions) || template.versions.length === 0) return null;
  const months = termPrices(template, asOf, MAX_TERM_MONTHS);
  const ids = [...new Set(months.map((m) => m.version))];
  if (ids.length < 2) return null;
  const start = versionAt(template, asOf);
  const startId = start === null ? UNDATED : (template.versions as PriceVersion[])[start].effectiveFrom;
  return ids.map((id) => {
    const bid = months.find((m) => m.version === id)!.bid;
    const v = id === UNDATED ? null : (template.versions as PriceVersion[]).find((x) => x.effectiveFrom === id)!;
    const atStart = id === startId;
    return {
      id,
      label: v ? (typeof v.label === "string" && v.label.trim() !== "" ? v.label : `the prices from ${v.effectiveFrom}`) : "the file's undated prices",
      from: v ? v.effectiveFrom : null,
      until: v?.effectiveUntil ?? null,
      bid,
      atStart,
      rows: atStart ? [] : inputRows(bid, F).filter((r) => MONTHLY.test(r.path)),
    };
  });
}

/** Month m's day (1-based, a cell or a row of months) from the term's first day S, both yyyymmdd: termMonthDay. */
export function monthDayFormula(start: string, month: string): string {
  const k = `(INT(${start}/10000)*12+MOD(INT(${start}/100), 100)-1+${month}-1)`;
  return `IF(${month}=1, ${start}, INT(${k}/12)*10000+(MOD(${k}, 12)+1)*100+1)`;
}

/** The cells of one version on the sheet: its first and last day (absent for the undated prices) and its label. */
export interface VersionCells {
  from: string | null;
  until: string | null;
  label: string;
}

/** The key of a version on the sheet: its first day's cell, or 0 for the undated prices. */
export function versionKey(c: VersionCells): string {
  return c.from ?? "0";
}

/**
 * The first day of the version in effect on the day (a cell): among the dated versions in effect that
 * day (from its first to its last day, both included), the one that took effect last; 0 when none is
 * (the undated prices). As the engine's versionAt.
 */
export function inEffectFormula(day: string, cells: readonly VersionCells[]): string {
  const dated = cells.filter((c) => c.from !== null);
  const terms = dated.map((c) => `IF(AND(${c.from}<=${day}, OR(${c.until}="", ${day}<=${c.until})), ${c.from}, 0)`);
  return `IF(${day}="", "", MAX(0, ${terms.join(", ")}))`;
}

/**
 * Picks by the version in effect (a cell or a row of keys) one of the versions' expressions (each a
 * figure or a row of them): the one whose key matches, else the last (the version in effect on the
 * comparison date, or the undated prices).
 */
export function pickFormula(chosen: string, cells: readonly VersionCells[], picks: readonly string[], fallback: number): string {
  let f = picks[fallback];
  for (let j = cells.length - 1; j >= 0; j--) {
    if (j === fallback) continue;
    f = `IF(${chosen}=${versionKey(cells[j])}, ${picks[j]}, ${f})`;
  }
  return f;
}
