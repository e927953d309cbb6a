/**
 * `aiprice compare`'s negotiation (docs/spec.md#decide-and-negotiate): the correlation of the bids'
 * resolution rates, what decides the winner (the tornado of the gap between a pair), the price to bring
 * to the table, and the trials CSV. Kept apart from compare.ts so that the comparison's own reading and
 * printing stay as they are.
 */
import { Bid, Scenario } from "../engine/bid";
import { assessRisk, BidRisk, Trials } from "../engine/bid-risk";
import { DEFAULT_RATE_CORRELATION } from "../engine/copula";
import { Decides, whatDecides } from "../engine/decide";
import { parseNumberInput } from "../engine/inputs";
import { PriceToMatch, pricesToMatch, stopsPayingOffBelow } from "../engine/price-to-match";
import { UsageError } from "./args";

export { trialsCsv } from "../engine/trials";

export const NEGOTIATE_OPTIONS = ["rate-correlation", "pair", "trials-csv"] as const;

export const NEGOTIATE_HELP = `
Decide and negotiate (see docs/negotiate.md):
  --rate-correlation RHO     rank correlation of the bids' resolution rates in the drawn
                             scenarios, a fraction from 0 to 1 (default ${DEFAULT_RATE_CORRELATION}: a hard month is
                             equally hard for every vendor; 0: each vendor's month is its own)
  --pair LEADER,RIVAL        the two bids (their ids) whose gap "what decides it" explains
                             (default: rank 1 and its closest rival)
  --trials-csv FILE          writes the drawn scenarios to FILE as CSV, one row per trial: every
                             drawn input and every priced bid's monthly total; an existing FILE
                             is replaced
The comparison shows, for the pair, each input moved alone from its low to its high (prices by
10% either way) and where the winner changes; and for each bid behind the leader the price of
its main charge at which it would tie the leader, at the likely scenario and at P90.`;

/** --rate-correlation RHO: a fraction from 0 to 1, default 1. */
export function rateCorrelationOption(options: Map<string, string>): number {
  const raw = options.get("rate-correlation");
  if (raw === undefined) return DEFAULT_RATE_CORRELATION;
  const r = parseNumberInput(raw, { min: 0, max: 1, example: "0.5" });
  if (!r.ok) throw new UsageError(`--rate-correlation: ${r.problem} (a fraction from 0 to 1, e.g. 0.5; got "${raw}")`);
  return r.value;
}

/** --pair LEADER,RIVAL (as typed; undefined when not given): two different bid ids of the comparison, as indexes. */
export function pairOption(raw: string | undefined, labels: readonly string[]): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length !== 2 || parts[0] === parts[1]) throw new UsageError(`--pair takes two different bid ids, LEADER,RIVAL (got "${raw}")`);
  const missing = parts.filter((p) => !labels.includes(p));
  if (missing.length) throw new UsageError(`--pair: no bid has the id "${missing[0]}" (the ids: ${labels.join(", ")})`);
  return [labels.indexOf(parts[0]), labels.indexOf(parts[1])];
}

/** What `compare --json` adds: `decides`, and per bid `priceToMatch`, `stopsPayingOffBelow` and the chance of being cheapest with independent rates. */
export interface NegotiationJson {
  decides: { pair: [string, string]; gap: number; inputs: { input: string; low: number; high: number; gapAtLow: number; gapAtHigh: number; flipsAt: number | null }[] } | null;
  bids: {
    priceToMatch: { charge: string; likely: number | null; p90: number | null } | null;
    stopsPayingOffBelow: number | null;
    chanceCheapestIndependent: number | null;
  }[];
}

export interface Negotiation {
  decides: Decides | null;
  prices: (PriceToMatch | null)[];
  paysOff: (number | null)[];
  /** Each bid's risk with the bids' rates independent (correlation 0). */
  independent: (BidRisk | null)[];
}

/** The figures of the negotiation, from the comparison's own trials. */
export function negotiate(bids: readonly Bid[], scenario: Scenario, trials: Trials, risk: { draws: number; seed: number; rateCorrelation: number }, pair: [number, number] | undefined, labels: readonly string[]): Negotiation {
  return {
    decides: whatDecides(bids, scenario, { pair, labels }),
    prices: pricesToMatch(bids, scenario, trials),
    paysOff: bids.map((b) => stopsPayingOffBelow(b, scenario)),
    independent: assessRisk(bids, scenario, { ...risk, rateCorrelation: 0 }),
  };
}

export function negotiationJson(n: Negotiation, labels: readonly string[]): NegotiationJson {
  const d = n.decides;
  return {
    decides: d ? { pair: [labels[d.pair[0]], labels[d.pair[1]]], gap: d.gap, inputs: d.inputs.map((x) => ({ input: x.input, low: x.low, high: x.high, gapAtLow: x.gapAtLow, gapAtHigh: x.gapAtHigh, flipsAt: x.flipsAt })) } : null,
    bids: labels.map((_, i) => {
      const p = n.prices[i];
      return {
        priceToMatch: p ? { charge: p.charge, likely: p.likely, p90: p.p90 } : null,
        stopsPayingOffBelow: n.paysOff[i],
        chanceCheapestIndependent: n.independent[i]?.chanceCheapest ?? null,
      };
    }),
  };
}

const num = (x: number, decimals: number) => x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
const pct = (x: number) => `${(x * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
/** An input's value in its own unit: rates and factors as percentages, money and counts as numbers. */
const valueOf = (input: string, x: number) => (/resolution rate|factor|share/.test(input) ? pct(x) : num(x, Math.abs(x) >= 1000 ? 0 : 4));

/** The negotiation in words, after the comparison's tables. */
export function negotiationText(n: Negotiation, labels: readonly string[], risks: readonly (BidRisk | null)[], rho: number): string {
  const lines: string[] = [];
  if (rho !== 0 && n.independent.some((r) => r)) {
    lines.push(`\nChance of being cheapest with the bids' rates correlated ${num(rho, 2)}, and with them independent (0):`);
    labels.forEach((l, i) => {
      if (risks[i] && n.independent[i]) lines.push(`  ${l}: ${pct(risks[i]!.chanceCheapest)} (independent: ${pct(n.independent[i]!.chanceCheapest)})`);
    });
  }
  const d = n.decides;
  if (d) {
    const [a, b] = [labels[d.pair[0]], labels[d.pair[1]]];
    lines.push(`\nWhat decides it: the gap ${b} minus ${a} in monthly total, ${num(d.gap, 0)} at the likely scenario; each input alone from its low to its high:`);
    if (!d.inputs.length) lines.push("  no input has a range: give three-point values (LOW,LIKELY,HIGH)");
    for (const x of d.inputs) {
      const flip = x.flipsAt === null ? "" : `; the winner changes at ${valueOf(x.input, x.flipsAt)}`;
      lines.push(`  ${x.input}: ${valueOf(x.input, x.low)} to ${valueOf(x.input, x.high)}, gap ${num(x.gapAtLow, 0)} to ${num(x.gapAtHigh, 0)}${flip}`);
    }
  }
  const asks = labels.map((l, i) => ({ l, p: n.prices[i], r: n.paysOff[i] })).filter((x) => x.p || x.r !== null);
  if (asks.length) {
    lines.push("\nThe price to bring to the table (the price of each bid's main charge at which it ties the leader):");
    for (const { l, p, r } of asks) {
      const parts: string[] = [];
      if (p) parts.push(`${p.charge} ${valueOf(p.charge, p.price)} now; ties at ${p.likely === null ? "no price (even free it costs more)" : valueOf(p.charge, p.likely)}, at P90 ${p.p90 === null ? "no price" : valueOf(p.charge, p.p90)}`);
      if (r !== null) parts.push(`stops paying off below a resolution rate of ${pct(r)}`);
      lines.push(`  ${l}: ${parts.join("; ")}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
