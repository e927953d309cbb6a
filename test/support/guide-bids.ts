/**
 * The pricing guide's three bids (docs/spec.md#worked-example) as engine Bids, and its scenario.
 * Shared by the engine tests and anyone who needs the worked example as data.
 */
import type { Bid, Scenario } from "../../src/engine";

/** The guide's scenario: r = 0.90, h = 3.00 (volume does not change these per-conversation figures). */
export const GUIDE_SCENARIO: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3 };

/** A: GPT-4 via the API: 0.11 of tokens (20000 in at 2.5, 6000 out at 10 per million) + 0.20 infrastructure + 0.15 human review. */
export const BID_A: Bid = {
  vendor: "OpenAI",
  name: "GPT-4 via the API",
  currency: "USD",
  pricing: { model: "per-token", inputPricePerMTok: 2.5, outputPricePerMTok: 10, tokens: { input: 20000, output: 6000 } },
  supplied: [
    { label: "infrastructure", perConversation: 0.2 },
    { label: "human review", perConversation: 0.15 },
  ],
};
/** B: Intercom Fin at 0.99 per resolution. */
export const BID_B: Bid = { vendor: "Intercom", name: "Fin", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.99 } };
/** C: Klarna, 15% of the savings, AI run cost 0.50 paid by the buyer. */
export const BID_C: Bid = {
  vendor: "Klarna",
  name: "Custom deployment",
  currency: "USD",
  pricing: { model: "revenue-share", share: 0.15, aiRunCost: 0.5, buyerPaysAiCost: true },
};
