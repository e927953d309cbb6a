/**
 * Prices have dates (docs/spec.md#dated-prices): the version of a template's prices in effect on a date,
 * the template as of that date, and when its prices were read (stale after STALE_AFTER_DAYS). Pure;
 * dates are calendar days, YYYY-MM-DD. The rules: docs/templates.md ("Prices that change on a date").
 */
import type { Bid } from "../engine/bid";
import type { MonthPrices } from "../engine/term";
import { localDate } from "../engine/today";
import type { BidTemplate, PriceSource, PriceVersion } from "./template";

/** A price read more than this many days before the comparison date is stale. */
export const STALE_AFTER_DAYS = 90;

/** The id of a template's undated prices (its `bid`), in the CLI's JSON and the sheet. */
export const UNDATED = "undated";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is the text a calendar date written YYYY-MM-DD (a day that exists, from 1900)? */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== "string") return false;
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900;
}

/** Days from `from` to `to` (negative when `to` is earlier). Both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d) / 86400000;
  };
  return Math.round(day(to) - day(from));
}

/** Today as YYYY-MM-DD: the analyst's local date (src/engine/today.ts), not the UTC one. */
export function todayIso(now: Date = new Date()): string {
  return localDate(now);
}

/** Is a dated version in effect on the day? From its first day to its last (`effectiveUntil`), both included. */
export function inEffect(v: Pick<PriceVersion, "effectiveFrom" | "effectiveUntil">, asOf: string): boolean {
  return v.effectiveFrom <= asOf && (v.effectiveUntil === undefined || asOf <= v.effectiveUntil);
}

/** The index of the dated version in effect on the day (the latest to take effect), or null: the undated prices. */
export function versionAt(template: Pick<BidTemplate, "versions">, asOf: string): number | null {
  let best: number | null = null;
  (template.versions ?? []).forEach((v, k) => {
    if (!inEffect(v, asOf)) return;
    if (best === null || v.effectiveFrom > (template.versions as PriceVersion[])[best].effectiveFrom) best = k;
  });
  return best;
}

/**
 * The template as of the day: a template of one version (no `versions`), whose bid carries the prices
 * of the version in effect and whose sources are that version's. The template's own `bid` otherwise.
 */
export function templateAt(template: BidTemplate, asOf: string): BidTemplate {
  const k = versionAt(template, asOf);
  const { versions: _all, ...rest } = template;
  if (k === null) return rest;
  const v = (template.versions as PriceVersion[])[k];
  const bid: Bid = { ...template.bid, pricing: v.pricing };
  if (v.charges !== undefined) bid.charges = v.charges;
  else delete bid.charges;
  const notes = [v.notes, template.notes].filter((n): n is string => typeof n === "string" && n.trim() !== "").join(" ");
  const out: BidTemplate = { ...rest, bid, sources: v.sources ?? [] };
  if (notes) out.notes = notes;
  else delete out.notes;
  return out;
}

/** Which prices a comparison uses for a template, and how fresh they are. */
export interface PricesInEffect {
  /** UNDATED, or the date the version in effect took effect (unique in a template). */
  version: string;
  /** The version in words, e.g. "Outcomes billing, in effect from 2026-03-12", or "the file's prices". */
  words: string;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  /** The oldest date its sources were read; null when it lists none (a private quote). */
  readOn: string | null;
  /** Days from readOn to the comparison date; null without a reading date. */
  daysSinceRead: number | null;
  /** Read more than STALE_AFTER_DAYS before the comparison date. */
  stale: boolean;
}

/**
 * When a set of prices was read: for each field its sources back, the latest date it was read (a price
 * confirmed again is as fresh as its latest reading); then the oldest of those, the price read longest
 * ago. Null when no source has a valid date (a private quote).
 */
export function oldestReading(sources: readonly Partial<PriceSource>[] | undefined): string | null {
  const latest = new Map<string, string>();
  for (const s of sources ?? []) {
    if (!s || !isIsoDate(s.asOf)) continue;
    const field = typeof s.field === "string" ? s.field : "";
    const seen = latest.get(field);
    if (seen === undefined || s.asOf > seen) latest.set(field, s.asOf);
  }
  let oldest: string | null = null;
  for (const d of latest.values()) if (oldest === null || d < oldest) oldest = d;
  return oldest;
}

/** The prices a comparison as of the day uses for the template, when they were read and whether they are stale. */
export function pricesInEffect(template: BidTemplate, asOf: string): PricesInEffect {
  const k = versionAt(template, asOf);
  const v = k === null ? null : (template.versions as PriceVersion[])[k];
  const readOn = oldestReading(v ? v.sources : template.sources);
  const daysSinceRead = readOn === null ? null : daysBetween(readOn, asOf);
  let words: string;
  if (v) words = `${v.label ? `${v.label}, ` : ""}in effect from ${v.effectiveFrom}${v.effectiveUntil ? ` to ${v.effectiveUntil}` : ""}`;
  else words = (template.versions ?? []).length ? "the file's undated prices (no dated version in effect)" : "the file's prices";
  return {
    version: v ? v.effectiveFrom : UNDATED,
    words,
    effectiveFrom: v ? v.effectiveFrom : null,
    effectiveUntil: v?.effectiveUntil ?? null,
    readOn,
    daysSinceRead,
    stale: daysSinceRead !== null && daysSinceRead > STALE_AFTER_DAYS,
  };
}

/** One line on how fresh the prices are: "read 2026-04-12", with the warning when stale. */
export function freshnessWords(p: PricesInEffect, asOf: string): string {
  if (p.readOn === null) return "no public source listed (a private quote)";
  if (!p.stale) return `read ${p.readOn}`;
  return `stale: read ${p.readOn}, ${p.daysSinceRead} days before ${asOf} (more than ${STALE_AFTER_DAYS}): check the price`;
}

/**
 * The day whose prices price month m (1-based) of a contract term that starts on the comparison date:
 * month 1 is priced as of that date; month m from the first day of the (m - 1)-th calendar month after it.
 */
export function termMonthDay(asOf: string, m: number): string {
  if (m <= 1) return asOf;
  const [y, mo] = asOf.split("-").map(Number);
  const k = y * 12 + (mo - 1) + (m - 1);
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * docs/spec.md#one-model-one-answer, "Prices over the term are the prices in effect each month": for each month of a
 * term starting on the comparison date, the template's bid at the version of its prices in effect that
 * month (termMonthDay) and which version it is. The engine's compareTerm prices each month with it.
 */
export function termPrices(template: BidTemplate, asOf: string, months: number): MonthPrices[] {
  const seen = new Map<number | null, MonthPrices>();
  return Array.from({ length: months }, (_, i) => {
    const day = termMonthDay(asOf, i + 1);
    const k = versionAt(template, day);
    let prices = seen.get(k);
    if (!prices) {
      prices = { bid: templateAt(template, day).bid, version: k === null ? UNDATED : (template.versions as PriceVersion[])[k].effectiveFrom };
      seen.set(k, prices);
    }
    return prices;
  });
}
