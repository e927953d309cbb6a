/**
 * Token rate cards as price lists carry them, and credits (src/engine/rate-card.ts, through bid.ts):
 * every item checked against a hand computation written out here.
 */
import { DONE_WHEN, doneWhenByHand } from "../support/rate-card-bid";
import { Bid, bidFigures, contextTokenCost, modelFeePerConversation, monthlyCredits, Pricing, PricingProblem, Scenario, tokenCost, vendorMonthly } from "../../src/engine";

const DIGITS = 12;
const usd = (name: string, pricing: Pricing, rest: Partial<Bid> = {}): Bid => ({ vendor: "V", name, currency: "USD", pricing, ...rest });
const S: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3 };

describe("a full token rate card", () => {
  test("the full-rate-card bid: cache writes, batch share and long prompts, against the hand computation (0.284736)", () => {
    expect(doneWhenByHand()).toBeCloseTo(0.284736, DIGITS);
    expect(modelFeePerConversation(DONE_WHEN, S)).toBeCloseTo(0.284736, DIGITS);
    const f = bidFigures(usd("done", DONE_WHEN), S);
    expect(f.aiCostPerConversation).toBeCloseTo(0.284736, DIGITS);
    expect(f.monthlyAiCost).toBeCloseTo(28473.6, 6);
  });

  test("a bid with none of the extras costs what TOKEN_COST says, as before", () => {
    const p: Pricing = { model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15, cachedInputPricePerMTok: 0.3, tokens: { input: 20000, output: 3000, cachedInput: 8000, attempts: 2 } };
    expect(modelFeePerConversation(p, S)).toBe(tokenCost(20000, 3000, 3, 15, 8000, 0.3, 2));
  });

  test("prompt-size rows price the whole request on the row its input reaches (the contract's 3.09 and 1.06)", () => {
    const card: Pricing = { model: "per-token", inputPricePerMTok: 5, outputPricePerMTok: 30, contextRows: [{ fromInputTokens: 272000, inputPricePerMTok: 10, outputPricePerMTok: 45 }] };
    expect(modelFeePerConversation({ ...card, tokens: { input: 300000, output: 2000 } }, S)).toBeCloseTo(3.09, DIGITS);
    expect(modelFeePerConversation({ ...card, tokens: { input: 200000, output: 2000 } }, S)).toBeCloseTo(1.06, DIGITS);
    // A long-prompt share crosses the row for its conversations only: 0.75 x 1.06 + 0.25 x 3.09.
    const mix = modelFeePerConversation({ ...card, tokens: { input: 200000, output: 2000, longPrompts: { share: 0.25, input: 300000 } } }, S);
    expect(mix).toBeCloseTo(0.75 * 1.06 + 0.25 * 3.09, DIGITS);
    // A row without its own cached price prices cached tokens at its input price (CONTEXT_TOKEN_COST's rule).
    expect(modelFeePerConversation({ ...card, cachedInputPricePerMTok: 0.5, tokens: { input: 300000, output: 0, cachedInput: 100000 } }, S)).toBeCloseTo(contextTokenCost(300000, 0, [0, 272000], [5, 10], [30, 45], 100000, [0.5, null]), DIGITS);
    expect(modelFeePerConversation({ ...card, cachedInputPricePerMTok: 0.5, tokens: { input: 300000, output: 0, cachedInput: 100000 } }, S)).toBeCloseTo(3, DIGITS);
  });

  test("reasoning tokens are billed as output: 1,000 in at $2, 500 out + 2,000 reasoning at $8 = 0.022", () => {
    const p: Pricing = { model: "per-token", inputPricePerMTok: 2, outputPricePerMTok: 8, tokens: { input: 1000, output: 500, reasoning: 2000 } };
    expect(modelFeePerConversation(p, S)).toBeCloseTo((1000 * 2 + 2500 * 8) / 1e6, DIGITS);
  });

  test("priority and regional uplifts multiply the token cost; per-call fees add calls x price", () => {
    const plain = tokenCost(20000, 3000, 5, 30); // 0.19
    const p: Pricing = {
      model: "per-token",
      inputPricePerMTok: 5,
      outputPricePerMTok: 30,
      priority: { multiplier: 2.5, share: 0.2 },
      batch: { discount: 0.5, share: 0.3 },
      regional: { multiplier: 1.1, share: 1 },
      callFees: [
        { label: "Web search", pricePerCall: 0.01, callsPerConversation: 1.5 },
        { label: "Code execution", pricePerCall: 0.05, callsPerConversation: 0.2 },
      ],
      tokens: { input: 20000, output: 3000 },
    };
    // 50% of calls standard, 30% batch at half price, 20% at 2.5 x: 0.5 + 0.15 + 0.5 = 1.15; x 1.1 in region.
    const byHand = plain * (0.5 + 0.3 * 0.5 + 0.2 * 2.5) * 1.1 + 1.5 * 0.01 + 0.2 * 0.05;
    expect(byHand).toBeCloseTo(0.19 * 1.15 * 1.1 + 0.025, DIGITS);
    expect(modelFeePerConversation(p, S)).toBeCloseTo(byHand, DIGITS);
  });

  test("the risk view's factor on tokens scales every count of the usage, the long prompts' too, not the calls", () => {
    const scaled: Pricing = {
      ...DONE_WHEN,
      tokens: { input: 30000, cachedInput: 12000, output: 2250, attempts: 2, longPrompts: { share: 0.1, input: 375000, cachedInput: 150000, output: 4500 } },
    };
    expect(modelFeePerConversation(DONE_WHEN, S, 1.5)).toBeCloseTo(modelFeePerConversation(scaled, S), DIGITS);
  });

  test("the scenario's usage prices a bid without its own, long prompts and reasoning included", () => {
    const { tokens: _own, ...card } = DONE_WHEN;
    expect(modelFeePerConversation(card, { ...S, tokens: DONE_WHEN.tokens })).toBeCloseTo(0.284736, DIGITS);
  });

  test.each<[string, Partial<Extract<Pricing, { model: "per-token" }>>, RegExp]>([
    ["batch and priority together above all the calls", { batch: { discount: 0.5, share: 0.7 }, priority: { multiplier: 2, share: 0.4 } }, /add up to more than all of them/],
    ["cache writes and cached reads above the input", { cacheWrites: { fiveMinute: { multiplier: 1.25, share: 0.7 } } }, /add up to more than the input tokens/],
    ["a share above 1", { batch: { discount: 0.5, share: 1.2 } }, /batch share must be a fraction/],
    ["rows out of order", { contextRows: [{ fromInputTokens: 0, inputPricePerMTok: 1, outputPricePerMTok: 1 }] }, /must ascend/],
  ])("%s is a problem, never a figure", (_what, extra, message) => {
    const p = { model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15, tokens: { input: 20000, cachedInput: 8000, output: 1000 }, ...extra } as Pricing;
    expect(() => modelFeePerConversation(p, S)).toThrow(PricingProblem);
    expect(() => modelFeePerConversation(p, S)).toThrow(message);
  });
});

describe("credits", () => {
  // Salesforce Agentforce Flex Credits as reported: $500 per 100,000 credits, 20 credits per standard action.
  const flex: Pricing = { model: "credits", creditsPerAction: 20, actionsPerConversation: 6, packPrice: 500, creditsPerPack: 100000 };

  test("6 actions of 20 credits at $500 per 100,000 credits: $0.60 per conversation, compared like any other bid", () => {
    expect(modelFeePerConversation(flex, S)).toBeCloseTo((6 * 20 * 500) / 100000, DIGITS);
    const f = bidFigures(usd("flex", flex), S);
    expect(f.aiCostPerConversation).toBeCloseTo(0.6, DIGITS);
    expect(f.costPerResolution).toBeCloseTo(0.6 / 0.9, DIGITS);
    expect(f.blendedCostPerConversation).toBeCloseTo(0.6 + 0.1 * 3, DIGITS);
  });

  test("monthlyCredits: the credits a month uses (V x actions x credits per action); null for other models", () => {
    expect(monthlyCredits(usd("flex", flex), S)).toBe(100000 * 120);
    expect(monthlyCredits(usd("res", { model: "per-resolution", pricePerResolution: 1 }), S)).toBeNull();
  });

  test("credits bought in whole packs: the package charge rounds the month's credits up", () => {
    const s = { ...S, conversations: 1001 }; // 120,120 credits: 2 packs
    const m = vendorMonthly(usd("flex", flex, { charges: { package: { size: 100000, price: 500 } } }), s);
    expect(m.usage).toBe(1000);
  });

  test("an allowance of credits in a platform fee, the rest at an overage price per credit", () => {
    const m = vendorMonthly(usd("flex", flex, { charges: { platformFeeMonthly: 5000, allowance: { included: 1_000_000, overagePrice: 0.006 } } }), S);
    expect(m.usage).toBeCloseTo((12_000_000 - 1_000_000) * 0.006, 6);
    expect(m.total).toBeCloseTo(5000 + 66000, 6);
  });

  test("a pack of no credits cannot price a credit", () => {
    expect(() => modelFeePerConversation({ ...flex, creditsPerPack: 0 }, S)).toThrow(/credits per pack is 0/);
  });
});
