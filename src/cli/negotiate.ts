/**
 * `aiprice compare`'s negotiation options (SPEC "Decide and negotiate"): the correlation of the bids'
 * resolution rates, the pair whose gap the tornado explains, and the trials CSV. Kept apart from
 * compare.ts so that the comparison's own reading and printing stay as they are.
 */
import { DEFAULT_RATE_CORRELATION } from "../engine/copula";
import { parseNumberInput } from "../engine/inputs";
import { UsageError } from "./args";

export const NEGOTIATE_OPTIONS = ["rate-correlation"] as const;

export const NEGOTIATE_HELP = `
Decide and negotiate (see docs/negotiate.md):
  --rate-correlation RHO     rank correlation of the bids' resolution rates in the drawn
                             scenarios, a fraction from 0 to 1 (default ${DEFAULT_RATE_CORRELATION}: a hard month is
                             equally hard for every vendor; 0: each vendor's month is its own)`;

/** --rate-correlation RHO: a fraction from 0 to 1, default 1. */
export function rateCorrelationOption(options: Map<string, string>): number {
  const raw = options.get("rate-correlation");
  if (raw === undefined) return DEFAULT_RATE_CORRELATION;
  const r = parseNumberInput(raw, { min: 0, max: 1, example: "0.5" });
  if (!r.ok) throw new UsageError(`--rate-correlation: ${r.problem} (a fraction from 0 to 1, e.g. 0.5; got "${raw}")`);
  return r.value;
}
