/**
 * A per-token bid with the full rate card (cache writes, a batch share and a long-prompt share) and its fee
 * per conversation computed by hand, shared by the engine, sheet and CLI tests.
 */
import type { Pricing } from "../../src/engine";

/**
 * The full-rate-card bid: cache writes, a batch share and a long-context share.
 *   rate card: from 0 tokens $3 input / $0.30 cached / $15 output; from 200,000 tokens $6 / $0.60 / $22.50
 *   cache writes: 5-minute at 1.25 x input for 20% of input tokens, 1-hour at 2 x input for 5%
 *   batch: 50% off for 40% of the calls
 *   tokens per call: 20,000 input (8,000 cached), 1,500 output, 2 calls per conversation;
 *   10% of conversations have long prompts: 250,000 input (100,000 cached), 3,000 output.
 */
export const DONE_WHEN: Extract<Pricing, { model: "per-token" }> = {
  model: "per-token",
  inputPricePerMTok: 3,
  cachedInputPricePerMTok: 0.3,
  outputPricePerMTok: 15,
  contextRows: [{ fromInputTokens: 200000, inputPricePerMTok: 6, cachedInputPricePerMTok: 0.6, outputPricePerMTok: 22.5 }],
  cacheWrites: { fiveMinute: { multiplier: 1.25, share: 0.2 }, oneHour: { multiplier: 2, share: 0.05 } },
  batch: { discount: 0.5, share: 0.4 },
  tokens: { input: 20000, cachedInput: 8000, output: 1500, attempts: 2, longPrompts: { share: 0.1, input: 250000, cachedInput: 100000, output: 3000 } },
};

/** The hand computation of DONE_WHEN's fee per conversation, step by step. */
export function doneWhenByHand(): number {
  // Short prompts (20,000 < 200,000: row 1), 2 calls:
  const base = (2 * ((20000 - 8000) * 3 + 8000 * 0.3 + 1500 * 15)) / 1e6; // 2 x 60,900 / 1e6 = 0.1218
  const w = 0.2 * (1.25 - 1) + 0.05 * (2 - 1); // 0.1: the written tokens' extra over the input price
  const writes = (w * 2 * 20000 * 3) / 1e6; // 0.012
  const short = base + writes; // 0.1338
  // Long prompts (250,000 >= 200,000: row 2 for every token of the request):
  const longBase = (2 * ((250000 - 100000) * 6 + 100000 * 0.6 + 3000 * 22.5)) / 1e6; // 2.055
  const longWrites = (w * 2 * 250000 * 6) / 1e6; // 0.3
  const long = longBase + longWrites; // 2.355
  const tokens = 0.9 * short + 0.1 * long; // 0.35592
  return tokens * (1 - 0.4 * 0.5); // 0.284736
}
