/**
 * How the command line reads rates and shares, so that no number means two things: a `%` sign is a
 * percentage, a share without one reads as the pane reads it, a rate without one is a fraction (one of
 * 1 or more in size is refused). Each flag's bounds are stated once (RATE_FLAGS, RATE_RULE_HELP).
 * The rule in full: docs/modules.md#rates-on-the-command-line.
 */
import { formatNumber, formatPercent, InputReading, parseNumberInput, parseRate } from "../engine/inputs";
import { UsageError } from "./args";

export interface RateFlag {
  /** What it is, in the messages ("growth per month"). */
  what: string;
  /** The smallest value allowed, as a fraction, and whether it is allowed itself. */
  min: number;
  minIncluded: boolean;
  /** The largest value allowed, as a fraction. */
  max: number;
  /** A share (0 to 100%), read as the pane reads it (parseRate): above 1 without a % sign is a percentage. */
  share: boolean;
  /** An example, as typed. */
  example: string;
}

export const RATE_FLAGS = {
  "resolution-rate": { what: "the resolution rate", min: 0, minIncluded: true, max: 1, share: true, example: "90%, 90 or 0.9" },
  "qualifying-share": { what: "the qualifying share", min: 0, minIncluded: true, max: 1, share: true, example: "80%, 80 or 0.8" },
  growth: { what: "growth per month", min: -1, minIncluded: false, max: 10, share: false, example: "2% or 0.02" },
  escalator: { what: "the escalator per year", min: -1, minIncluded: true, max: 10, share: false, example: "3% or 0.03" },
  "discount-rate": { what: "the discount rate per month", min: 0, minIncluded: true, max: 1, share: false, example: "0.5% or 0.005" },
  ramp: { what: "the ramp's start", min: 0, minIncluded: true, max: 1, share: true, example: "50%, 50 or 0.5" },
} satisfies Record<string, RateFlag>;

export type RateFlagName = keyof typeof RATE_FLAGS;

/** The rule and each flag's bounds, for --help. */
export const RATE_RULE_HELP = `Rates and shares: a % sign always makes a percentage (2% is 0.02, -1.5% is -0.015).
Without one:
  - a share (--resolution-rate, --qualifying-share, --ramp's START), 0% to 100%, is read as the
    pane reads it: 0 to 1 is a fraction (0.9), above 1 a percentage (90);
  - a rate (--growth, --escalator, --discount-rate) is a fraction (0.02 is 2%, -0.02 is -2%), and a
    fraction of 1 or more in size is refused: write it with a % sign (--growth 1 could mean +100%
    a month or 1%).
Bounds: --growth more than -100% and at most 1,000% a month; --escalator -100% to 1,000% a year;
--discount-rate 0% to 100% a month.`;

function range(f: RateFlag): string {
  return f.minIncluded ? `from ${formatPercent(f.min)} to ${formatPercent(f.max)}` : `more than ${formatPercent(f.min)} and at most ${formatPercent(f.max)}`;
}

/** The flag's value as a fraction, by the rule above, or what is wrong and what to type (without the flag's name). */
export function rateReading(name: RateFlagName, raw: string): InputReading {
  const f: RateFlag = RATE_FLAGS[name];
  if (f.share) return parseRate(raw);
  const text = String(raw)
    .trim()
    .replace(/\u2212/g, "-");
  const percent = text.endsWith("%");
  let body = percent ? text.slice(0, -1).trimEnd() : text;
  const negative = body.startsWith("-");
  if (negative || body.startsWith("+")) body = body.slice(1).trimStart();
  if (/^[+-]/.test(body)) return { ok: false, problem: `enter a ${f.share ? "share" : "rate"}, e.g. ${f.example} (you typed ${text})` };
  const n = parseNumberInput(body, { example: f.example });
  if (!n.ok) return n;
  const size = percent ? (/e/i.test(String(n.value)) ? n.value / 100 : Number(`${n.value}e-2`)) : n.value;
  const value = negative && size !== 0 ? -size : size;
  if (!percent && size >= 1) {
    const typed = `${negative ? "-" : ""}${formatNumber(n.value)}`;
    return { ok: false, problem: `${typed} without a % sign is a fraction, ${formatPercent(value)}: write ${typed}% if you mean ${typed} percent (a % sign makes a percentage)` };
  }
  if (value < f.min || (!f.minIncluded && value === f.min) || value > f.max) {
    const bound = `${f.what} must be ${range(f)} (you typed ${text})`;
    return { ok: false, problem: f.min === 0 && value < 0 ? `cannot be negative: ${bound}` : bound };
  }
  return { ok: true, value, understood: formatPercent(value) };
}

/** The flag's value as a fraction; a UsageError names the flag and says what to type. */
export function readRate(name: RateFlagName, raw: string): number {
  const r = rateReading(name, raw);
  if (!r.ok) throw new UsageError(`--${name}: ${r.problem}`);
  return r.value;
}
