/**
 * Token rate cards as real price lists carry them (docs/spec.md#dated-prices), and credits: the
 * arithmetic of a per-token bid's fee per conversation and of a credit bid's.
 * The formula, its terms and how the sheet writes it: docs/internals.md#token-rate-cards.
 */
import type { Pricing, TokenUsage } from "./bid";
import { ContextRateCard, contextRateCard, priceOnRateCard } from "./measures";
import { fraction, nonNegative, nonNegativeNamed, nonZeroDivisor, PricingProblem } from "./problems";

export type PerTokenPricing = Extract<Pricing, { model: "per-token" }>;
export type CreditPricing = Extract<Pricing, { model: "credits" }>;

/** The prompt-size rate card of a per-token bid: its own prices from 0 tokens, then its context rows. */
export function rateCardOf(p: PerTokenPricing): ContextRateCard {
  const rows = p.contextRows ?? [];
  return contextRateCard(
    [0, ...rows.map((r) => r.fromInputTokens)],
    [p.inputPricePerMTok, ...rows.map((r) => r.inputPricePerMTok)],
    [p.outputPricePerMTok, ...rows.map((r) => r.outputPricePerMTok)],
    [p.cachedInputPricePerMTok ?? null, ...rows.map((r) => r.cachedInputPricePerMTok ?? null)],
  );
}

/** The surcharge of cache writes as a multiple of the input tokens' cost at the row's input price, and the share of input written. */
export function cacheWriteTerms(p: PerTokenPricing): { surcharge: number; share: number } {
  let surcharge = 0;
  let share = 0;
  if (!p.cacheWrites) return { surcharge, share };
  for (const [name, w] of [
    ["5-minute", p.cacheWrites.fiveMinute],
    ["1-hour", p.cacheWrites.oneHour],
  ] as const) {
    if (!w) continue;
    nonNegative(`${name} cache write multiplier`, w.multiplier);
    fraction(`${name} cache write share`, w.share);
    surcharge += w.share * (w.multiplier - 1);
    share += w.share;
  }
  if (share > 1 + 1e-12) {
    throw new PricingProblem("num", "cache writes", `the shares of input tokens written to the caches add up to more than all of them (${share})`);
  }
  return { surcharge, share };
}

/** T: the mix of service tiers, as a factor on the standard token cost. */
export function tierFactor(p: PerTokenPricing): number {
  const b = p.batch;
  const q = p.priority;
  if (b) {
    fraction("batch discount", b.discount);
    fraction("batch share", b.share);
  }
  if (q) {
    nonNegative("priority multiplier", q.multiplier);
    fraction("priority share", q.share);
  }
  const bs = b?.share ?? 0;
  const ps = q?.share ?? 0;
  if (bs + ps > 1 + 1e-12) {
    throw new PricingProblem("num", "batch share", `the calls sent in batch (${bs}) and at priority (${ps}) add up to more than all of them: a call is one or the other`);
  }
  return 1 - bs * (b?.discount ?? 0) + ps * ((q?.multiplier ?? 1) - 1);
}

/** G: the regional uplift (data residency), as a factor on the token cost. */
export function regionalFactor(p: PerTokenPricing): number {
  const g = p.regional;
  if (!g) return 1;
  nonNegative("regional multiplier", g.multiplier);
  fraction("regional share", g.share);
  return 1 + g.share * (g.multiplier - 1);
}

/** Per-call fees (search, tools) per conversation: sum of calls per conversation x price per call. */
export function callFeesPerConversation(p: PerTokenPricing): number {
  let total = 0;
  for (const fee of p.callFees ?? []) {
    total += nonNegative(`"${fee.label}" calls per conversation`, fee.callsPerConversation) * nonNegative(`"${fee.label}" price per call`, fee.pricePerCall);
  }
  return total;
}

/** The usage scaled by a factor on tokens per conversation (the risk view's draws): every token count scales, calls do not. */
export function scaleUsage(t: TokenUsage, factor: number): TokenUsage {
  if (factor === 1) return t;
  const s = (x: number | undefined) => (x === undefined ? undefined : x * factor);
  const out: TokenUsage = { input: t.input * factor, output: t.output * factor, cachedInput: s(t.cachedInput), attempts: t.attempts };
  if (t.reasoning !== undefined) out.reasoning = t.reasoning * factor;
  if (t.longPrompts) out.longPrompts = { share: t.longPrompts.share, input: t.longPrompts.input * factor, cachedInput: s(t.longPrompts.cachedInput), output: s(t.longPrompts.output) };
  return out;
}

/** A per-token bid's fee per conversation for the usage given (already scaled), as described above. */
export function perTokenFee(p: PerTokenPricing, usage: TokenUsage): number {
  const card = rateCardOf(p);
  const writes = cacheWriteTerms(p);
  const reasoning = nonNegative("reasoning tokens", usage.reasoning ?? 0);
  const calls = usage.attempts ?? 1;
  const group = (input: number, output: number, cached: number, which: string): number => {
    nonNegativeNamed(which, "input tokens", input);
    nonNegativeNamed(which, "cached input tokens", cached);
    if (cached + writes.share * input > input * (1 + 1e-12)) {
      throw new PricingProblem("num", "cache writes", `${which}cached input tokens (${cached}) and the tokens written to the caches (${writes.share * input}) add up to more than the input tokens (${input})`);
    }
    const base = priceOnRateCard(card, input, output + reasoning, cached, calls);
    return writes.surcharge === 0 ? base : base + writes.surcharge * priceOnRateCard(card, input, 0, 0, calls);
  };
  let tokens = group(usage.input, usage.output, usage.cachedInput ?? 0, "");
  const long = usage.longPrompts;
  if (long) {
    const l = fraction("long prompts share", long.share);
    const longCost = group(long.input, long.output ?? usage.output, long.cachedInput ?? 0, "long prompts' ");
    tokens = (1 - l) * tokens + l * longCost;
  }
  return tokens * tierFactor(p) * regionalFactor(p) + callFeesPerConversation(p);
}

/** Is this per-token bid priced by TOKEN_COST alone (one row, none of the rate card's extras)? */
export function isPlainTokenPricing(p: PerTokenPricing, usage: TokenUsage | undefined): boolean {
  return (p.contextRows ?? []).length === 0 && !p.cacheWrites?.fiveMinute && !p.cacheWrites?.oneHour && !p.batch && !p.priority && !p.regional && (p.callFees ?? []).length === 0 && usage?.reasoning === undefined && usage?.longPrompts === undefined;
}

/** The price of one credit: pack price / credits per pack. */
export function pricePerCredit(p: CreditPricing): number {
  const pack = nonNegative("credits per pack", p.creditsPerPack);
  nonZeroDivisor("credits per pack", pack, "the price of a credit");
  return nonNegative("pack price", p.packPrice) / pack;
}

/** Credits one conversation uses: actions per conversation x credits per action. */
export function creditsPerConversation(p: CreditPricing): number {
  return nonNegative("actions per conversation", p.actionsPerConversation) * nonNegative("credits per action", p.creditsPerAction);
}

/** A credit bid's fee per conversation: actions x credits per action x pack price / credits per pack. */
export function creditFee(p: CreditPricing): number {
  return (creditsPerConversation(p) * nonNegative("pack price", p.packPrice)) / nonZeroDivisor("credits per pack", nonNegative("credits per pack", p.creditsPerPack), "the price of a credit");
}
