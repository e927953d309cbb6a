/**
 * What an analyst types, read the way they mean it: the task pane's fields and the command line's
 * options share these readers, so `90`, `90%` and `0.9` mean the same everywhere. Pure functions of
 * text, no DOM; each returns the value, or a problem in plain words ("enter a number, e.g. 100,000").
 * Problems and warnings do not name the field: the caller puts its own name in front.
 * How numbers, money and rates are read: docs/internals.md#what-an-analyst-types.
 */

export type InputReading = { ok: true; value: number; understood: string; warning?: string } | { ok: false; problem: string };

/** The kinds of input the pane and the CLI read. */
export type InputKind = "count" | "money" | "rate" | "tokens" | "number";

interface NumberText {
  value: number;
  /** The text carried a percent sign. */
  percent: boolean;
  /** The number as typed, without sign, symbol or separators (for messages). */
  digits: string;
}

const SPACES = /[\u00a0\u2007\u2009\u202f]/g;
const PLAIN = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED = /^\d{1,3}([, '_])\d{3}(?:\1\d{3})*(\.\d*)?$/;
/** A currency symbol, with the letters some currencies put before it (US$, HK$, R$, CHF is a code, not read). */
const CURRENCY_BEFORE = /^(?:[A-Z]{1,2})?\p{Sc}\s*/u;
const CURRENCY_AFTER = /\s*\p{Sc}$/u;

/** Reads the number in the text; percent signs and currency symbols only where allowed. */
function readNumber(raw: string, allow: { percent?: boolean; currency?: boolean; example: string }): { ok: true; n: NumberText } | { ok: false; problem: string } {
  const text = String(raw ?? "")
    .replace(SPACES, " ")
    .replace(/\u2212/g, "-")
    .trim();
  const enter = `enter a number, e.g. ${allow.example}`;
  if (text === "") return { ok: false, problem: `is empty: ${enter}` };
  let s = text;
  let percent = false;
  if (allow.percent && s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  let sign = "";
  const signed = /^([+-])\s*/.exec(s);
  if (signed) {
    sign = signed[1];
    s = s.slice(signed[0].length);
  }
  if (allow.currency) {
    const before = CURRENCY_BEFORE.exec(s);
    if (before) s = s.slice(before[0].length);
    else s = s.replace(CURRENCY_AFTER, "");
    if (!sign) {
      // "$-3": the sign after the symbol
      const inner = /^([+-])\s*/.exec(s);
      if (inner) {
        sign = inner[1];
        s = s.slice(inner[0].length);
      }
    }
  }
  let digits: string;
  if (PLAIN.test(s)) digits = s;
  else if (GROUPED.test(s)) digits = s.replace(/[, '_]/g, "");
  else return { ok: false, problem: whyNotANumber(s, text, allow) };
  const value = Number(sign + digits);
  if (!Number.isFinite(value)) return { ok: false, problem: `is too large to be a number (you typed ${text})` };
  return { ok: true, n: { value: value === 0 ? 0 : value, percent, digits } };
}

function whyNotANumber(s: string, text: string, allow: { percent?: boolean; currency?: boolean; example: string }): string {
  if (/^\d+,\d{1,2}$/.test(s) || /^\d{1,3}(,\d{3})*,\d{1,2}$/.test(s) || /^\d+(\.\d{3})+,\d+$/.test(s)) {
    return `write decimals with a point, e.g. ${allow.example} (a comma only separates thousands, as in 100,000; you typed ${text})`;
  }
  if (/^[\d., '_]+$/.test(s)) return `is not a number as written (you typed ${text}): separate thousands in groups of three, e.g. 100,000, and decimals with a point`;
  if (!allow.percent && /%/.test(text)) return `is not a percentage: enter a number, e.g. ${allow.example}`;
  if (/%./.test(text) || /%{2,}/.test(text)) return `put the percent sign once, at the end, e.g. 90%`;
  return `enter a number, e.g. ${allow.example}`;
}

/** A number as the pane shows it back: grouped thousands, at most `decimals` decimals, float noise dropped. */
export function formatNumber(value: number, decimals = 6): string {
  const clean = Number(value.toPrecision(12));
  return clean.toLocaleString("en-US", { maximumFractionDigits: decimals });
}

/** A fraction as a percentage: 0.9 -> "90%", 0.005 -> "0.5%", 1/3 -> "33.3333%". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, 4)}%`;
}

export interface RateOptions {
  /** Values from 0 up to this (a fraction) are accepted with a warning; default 0.01 (1%). */
  plausibleFrom?: number;
}

/** A rate or share from 0% to 100%, read as described at the top; the value is a fraction 0..1. */
export function parseRate(text: string, options: RateOptions = {}): InputReading {
  const read = readNumber(text, { percent: true, example: "90%, 90 or 0.9" });
  if (!read.ok) return { ok: false, problem: read.problem.replace(/^enter a number/, "enter a percentage").replace(/: enter a number/, ": enter a percentage") };
  const { value: n, percent, digits } = read.n;
  const asPercent = percent || n > 1;
  // "0.9%" is the double nearest 0.009 (as Excel stores it), not 0.9 / 100 = 0.009000000000000001.
  const value = !asPercent ? n : /e/i.test(digits) ? n / 100 : Math.abs(Number(`${digits}e-2`)) * Math.sign(n);
  const typed = String(text).trim();
  if (n < 0) return { ok: false, problem: `cannot be negative: enter a percentage from 0 to 100 (you typed ${typed})` };
  if (value > 1) return { ok: false, problem: `enter a percentage from 0 to 100 (${typed} reads as ${formatPercent(value)}, more than all of them)` };
  const understood = formatPercent(value);
  const plausibleFrom = options.plausibleFrom ?? 0.01;
  if (value < plausibleFrom) {
    const floor = formatPercent(plausibleFrom);
    let warning = `${understood} is below ${floor}: is that what you meant?`;
    // "0.9%" was probably meant as the fraction 0.9.
    if (percent && n > 0 && n <= 1) warning += ` For ${formatPercent(n)}, type ${formatNumber(n * 100)} or ${formatNumber(n)}.`;
    return { ok: true, value, understood, warning };
  }
  return { ok: true, value, understood };
}

export interface NumberOptions {
  /** Smallest value allowed (default 0) and the words when below it. */
  min?: number;
  minProblem?: string;
  /** Largest value allowed (default none). */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** An example for the messages, as the analyst would type it. */
  example?: string;
}

/** A plain number, 0 or more unless `min` says otherwise. */
export function parseNumberInput(text: string, options: NumberOptions = {}): InputReading {
  const example = options.example ?? "3";
  const read = readNumber(text, { example });
  if (!read.ok) return read;
  return bounded(read.n.value, options, String(text).trim(), formatNumber(read.n.value));
}

function bounded(value: number, options: NumberOptions, typed: string, understood: string): InputReading {
  const min = options.min ?? 0;
  if (value < min) {
    if (options.minProblem) return { ok: false, problem: options.minProblem };
    return { ok: false, problem: min === 0 ? `cannot be negative (you typed ${typed})` : `enter ${formatNumber(min)} or more (you typed ${typed})` };
  }
  if (options.max !== undefined && value > options.max) return { ok: false, problem: `enter at most ${formatNumber(options.max)} (you typed ${typed})` };
  if (options.integer && !Number.isInteger(value)) return { ok: false, problem: `enter a whole number (you typed ${typed})` };
  return { ok: true, value, understood };
}

/** Conversations per month: 1 or more (costs are spread over them). */
export function parseCount(text: string): InputReading {
  return parseNumberInput(text, { min: 1, minProblem: "enter at least 1 (costs are spread over the conversations)", example: "100,000" });
}

/** Tokens per conversation: 0 or more. */
export function parseTokens(text: string): InputReading {
  return parseNumberInput(text, { example: "20,000" });
}

/** An amount of money, 0 or more, with an optional currency symbol ($3.50, 3.50 €). */
export function parseMoney(text: string): InputReading {
  const read = readNumber(text, { currency: true, example: "3.50" });
  if (!read.ok) return read;
  const value = read.n.value;
  const understood = Number(value.toPrecision(12)).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  return bounded(value, {}, String(text).trim(), understood);
}

/** The reader for a kind of input. */
export const PARSERS: Record<InputKind, (text: string) => InputReading> = {
  count: parseCount,
  money: parseMoney,
  rate: (text) => parseRate(text),
  tokens: parseTokens,
  number: (text) => parseNumberInput(text),
};
