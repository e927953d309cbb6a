/**
 * The template format's token rate cards and credits: valid files read back equal, and each field's
 * problems are named by their path in plain words.
 */
import { validateTemplate } from "../../src/templates/validate";

import type { Json } from "../support/json";

function rateCard(): Json {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "full-rate-card",
    bid: {
      vendor: "ModelCo",
      name: "Model via the API",
      currency: "USD",
      pricing: {
        model: "per-token",
        inputPricePerMTok: 5,
        cachedInputPricePerMTok: 0.5,
        outputPricePerMTok: 30,
        cacheWrites: { fiveMinute: { multiplier: 1.25, share: 0.1 }, oneHour: { multiplier: 2, share: 0.05 } },
        contextRows: [{ fromInputTokens: 272000, inputPricePerMTok: 10, cachedInputPricePerMTok: 1, outputPricePerMTok: 45 }],
        batch: { discount: 0.5, share: 0.3 },
        priority: { multiplier: 2.5, share: 0.1 },
        regional: { multiplier: 1.1, share: 1 },
        callFees: [{ label: "Web search", pricePerCall: 0.01, callsPerConversation: 1.5 }],
        tokens: { input: 20000, cachedInput: 8000, output: 1500, attempts: 2, reasoning: 3000, longPrompts: { share: 0.05, input: 300000, cachedInput: 100000, output: 2000 } },
      },
    },
    sources: [{ field: "pricing.contextRows[0].inputPricePerMTok", title: "ModelCo pricing", url: "https://modelco.example.com/pricing", asOf: "2026-11-20" }],
    questions: [],
  };
}

function credits(): Json {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "flex-credits",
    bid: { vendor: "AgentCo", name: "Agent on credits", currency: "USD", pricing: { model: "credits", creditsPerAction: 20, actionsPerConversation: 6, packPrice: 500, creditsPerPack: 100000 }, charges: { package: { size: 100000, price: 500 } } },
    sources: [{ field: "pricing.packPrice", title: "AgentCo rate card", asOf: "2026-11-20" }],
    questions: [],
  };
}

const problems = (t: unknown) => {
  const r = validateTemplate(t);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
};

test("a full rate card and a credit bid are valid and read back equal", () => {
  for (const t of [rateCard(), credits()]) {
    const r = validateTemplate(t);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
    expect(r.template).toEqual(t);
  }
});

test.each<[string, (t: Json) => void, string[]]>([
  [
    "rows out of order",
    (t) => t.bid.pricing.contextRows.push({ fromInputTokens: 100000, inputPricePerMTok: 1, outputPricePerMTok: 1 }),
    ["bid.pricing.contextRows[1].fromInputTokens: must be above the previous row's (272000): rows ascend by prompt size (got 100000)"],
  ],
  ["a row from 0 tokens", (t) => (t.bid.pricing.contextRows[0].fromInputTokens = 0), ["bid.pricing.contextRows[0].fromInputTokens: must be 1 or more (got 0)"]],
  ["an empty list of rows", (t) => ((t.bid.pricing.contextRows = []), (t.sources = [])), ["bid.pricing.contextRows: must list at least 1 entry"]],
  ["batch and priority above all the calls", (t) => (t.bid.pricing.priority.share = 0.8), ["bid.pricing.priority.share: and the batch share (0.3) add up to more than all of the calls (0.8 + 0.3): a call is sent in batch or at priority, not both"]],
  ["cache writes above all the input", (t) => (t.bid.pricing.cacheWrites.oneHour.share = 0.95), ["bid.pricing.cacheWrites: write more than all of the input tokens: the shares add up to 1.05"]],
  ["cached reads and writes above the input", (t) => (t.bid.pricing.tokens.cachedInput = 18000), ["bid.pricing.tokens.cachedInput: (18000) and the tokens written to the caches (3000) add up to more than the input tokens (20000)"]],
  [
    "long prompts' cached tokens above their input",
    (t) => (t.bid.pricing.tokens.longPrompts.cachedInput = 400000),
    ["bid.pricing.tokens.longPrompts.cachedInput: must not be more than their input tokens (300000): cached tokens are part of the input tokens (got 400000)"],
  ],
  ["a share above 1", (t) => (t.bid.pricing.batch.share = 1.5), ["bid.pricing.batch.share: must be a fraction from 0 to 1, e.g. 0.9 for 90% (got 1.5)"]],
  ["a negative multiplier", (t) => (t.bid.pricing.regional.multiplier = -1), ["bid.pricing.regional.multiplier: must be 0 or more (got -1)"]],
  ["a misspelt field", (t) => (t.bid.pricing.cacheWrites.fiveMinutes = { ...t.bid.pricing.cacheWrites.fiveMinute }), ['bid.pricing.cacheWrites.fiveMinutes: is not a field of this format; did you mean "fiveMinute"?']],
  ["a call fee without its calls", (t) => delete t.bid.pricing.callFees[0].callsPerConversation, ["bid.pricing.callFees[0].callsPerConversation: is missing: this field is required"]],
  ["long prompts without their input", (t) => delete t.bid.pricing.tokens.longPrompts.input, ["bid.pricing.tokens.longPrompts.input: is missing: this field is required"]],
  ["reasoning as text", (t) => (t.bid.pricing.tokens.reasoning = "3000"), ['bid.pricing.tokens.reasoning: must be a number (got text "3000")']],
])("rate card, %s", (_what, change, expected) => {
  const t = rateCard();
  change(t);
  expect(problems(t)).toEqual(expected);
});

test.each<[string, (t: Json) => void, string[]]>([
  ["a pack of no credits", (t) => (t.bid.pricing.creditsPerPack = 0), ["bid.pricing.creditsPerPack: must be 1 or more (got 0)"]],
  ["no credits per action", (t) => delete t.bid.pricing.creditsPerAction, ["bid.pricing.creditsPerAction: is missing: this field is required"]],
  ["a token price on a credit bid", (t) => (t.bid.pricing.inputPricePerMTok = 3), ["bid.pricing.inputPricePerMTok: is not a field of this format; the fields here are: model, creditsPerAction, actionsPerConversation, packPrice, creditsPerPack"]],
  [
    "an unknown model",
    (t) => (t.bid.pricing.model = "credit"),
    ['bid.pricing.model: must be one of the pricing models "per-token", "per-seat", "per-conversation", "per-resolution", "outcome-based", "revenue-share", "credits", "charges" (got text "credit")'],
  ],
])("credits, %s", (_what, change, expected) => {
  const t = credits();
  change(t);
  expect(problems(t)).toEqual(expected);
});
