/**
 * Bids as data (src/engine/bid.ts): the guide's three bids A, B and C on one footing (docs/spec.md#worked-example), each
 * pricing model, and the charge shapes on top of them.
 */
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";
import { allowanceCost, Bid, bidFigures, modelFeePerConversation, PricingProblem, Scenario, tieredCost, vendorMonthly } from "../../src/engine";

const DIGITS = 12;

describe("the guide's worked example (its table of figures)", () => {
  test.each([
    ["A", BID_A, 0.46, 0.46 / 0.9, 0.76],
    ["B", BID_B, 0.891, 0.99, 1.191],
    ["C", BID_C, 0.8375, 0.8375 / 0.9, 1.1375],
  ])("bid %s: AI cost %d, cost per resolution %d, blended %d", (_name, bid, a, perResolution, blended) => {
    const f = bidFigures(bid, GUIDE_SCENARIO);
    expect(f.aiCostPerConversation).toBeCloseTo(a, DIGITS);
    expect(f.costPerResolution).toBeCloseTo(perResolution, DIGITS);
    expect(f.blendedCostPerConversation).toBeCloseTo(blended, DIGITS);
  });

  test("to four places, as the worked example prints them: 0.5111, 0.99, 0.9306", () => {
    const round4 = (x: number | null) => Math.round((x as number) * 1e4) / 1e4;
    expect(round4(bidFigures(BID_A, GUIDE_SCENARIO).costPerResolution)).toBe(0.5111);
    expect(round4(bidFigures(BID_B, GUIDE_SCENARIO).costPerResolution)).toBe(0.99);
    expect(round4(bidFigures(BID_C, GUIDE_SCENARIO).costPerResolution)).toBe(0.9306);
  });

  test("bid A's tokens: 20000 input at 2.5 and 6000 output at 10 per million are 0.11", () => {
    expect(modelFeePerConversation(BID_A.pricing, GUIDE_SCENARIO)).toBeCloseTo(0.11, DIGITS);
  });

  test("bid C is 0.8375, not the guide's 0.16: the vendor's fee adds to the buyer's cost", () => {
    const c = bidFigures(BID_C, GUIDE_SCENARIO).aiCostPerConversation;
    expect(c).toBeCloseTo(0.5 + 0.3375, DIGITS);
    expect(c).not.toBeCloseTo(0.16, 2);
  });

  test("monthly figures: a x V, blended x V and the savings against all-human", () => {
    const f = bidFigures(BID_A, GUIDE_SCENARIO);
    expect(f.monthlyAiCost).toBeCloseTo(46000, 6);
    expect(f.monthlyTotal).toBeCloseTo(76000, 6);
    expect(f.monthlySavings).toBeCloseTo(300000 - 76000, 6);
  });
});

describe("each pricing model's fee per conversation", () => {
  const s: Scenario = { conversations: 50000, resolutionRate: 0.8, humanCost: 4, qualifyingShare: 0.75, tokens: { input: 20000, output: 3000 } };
  test("per-token takes the scenario's tokens when the bid states none", () => {
    expect(modelFeePerConversation({ model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15 }, s)).toBeCloseTo(0.105, DIGITS);
  });
  test("per-token with no tokens anywhere is #VALUE!", () => {
    expect(() => modelFeePerConversation({ model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15 }, { ...s, tokens: undefined })).toThrow(PricingProblem);
  });
  test("per-seat: seats x price / V", () => {
    expect(modelFeePerConversation({ model: "per-seat", pricePerSeat: 500, seats: 100 }, s)).toBeCloseTo(1, DIGITS);
  });
  test("per-conversation: the price", () => {
    expect(modelFeePerConversation({ model: "per-conversation", pricePerConversation: 0.7 }, s)).toBe(0.7);
  });
  test("outcome-based: price x r x q", () => {
    expect(modelFeePerConversation({ model: "outcome-based", pricePerOutcome: 2 }, s)).toBeCloseTo(1.2, DIGITS);
  });
  test("outcome-based with a service level the buyer expects to miss pays the credited share", () => {
    const gated = {
      model: "outcome-based" as const,
      pricePerOutcome: 2,
      serviceLevel: { metric: "CSAT (1-5)", threshold: 4, higherIsBetter: true, creditShare: 0.5, expected: 3.8 },
    };
    expect(modelFeePerConversation(gated, s)).toBeCloseTo(0.6, DIGITS);
    expect(modelFeePerConversation({ ...gated, serviceLevel: { ...gated.serviceLevel, expected: 4.2 } }, s)).toBeCloseTo(1.2, DIGITS);
  });
  test("revenue share where the vendor carries the AI cost: the share alone", () => {
    expect(modelFeePerConversation({ model: "revenue-share", share: 0.1, aiRunCost: 1, buyerPaysAiCost: false }, s)).toBeCloseTo(0.1 * 3 * 0.8, DIGITS);
  });
});

describe("charge shapes", () => {
  const base: Scenario = { conversations: 12000, resolutionRate: 0.5, humanCost: 3 };
  const perConversation = (charges: Bid["charges"]): Bid => ({
    vendor: "V",
    name: "N",
    currency: "USD",
    pricing: { model: "per-conversation", pricePerConversation: 1 },
    charges,
  });

  test("an allowance on resolutions: ALLOWANCE_COST(120, 50, 0.99, 49) = 118.3 a month", () => {
    const bid: Bid = {
      vendor: "V",
      name: "N",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: { platformFeeMonthly: 49, allowance: { included: 50, overagePrice: 0.99 } },
    };
    const m = vendorMonthly(bid, { conversations: 1000, resolutionRate: 0.12, humanCost: 3 });
    expect(m.usage + m.platformFee).toBeCloseTo(allowanceCost(120, 50, 0.99, 49), DIGITS);
    expect(m.total).toBeCloseTo(118.3, DIGITS);
  });
  test("graduated tiers on conversations: 12000 cost 9200", () => {
    const tiers = [
      { upTo: 1000, price: 1 },
      { upTo: 10000, price: 0.8 },
      { upTo: null, price: 0.5 },
    ];
    expect(vendorMonthly(perConversation({ tiers: { mode: "graduated", tiers } }), base).usage).toBe(9200);
    expect(vendorMonthly(perConversation({ tiers: { mode: "volume", tiers } }), base).usage).toBe(tieredCost(12000, tiers, "volume"));
  });
  test("packages are rounded up: 12000 conversations in packages of 5000 at 400 are 3 packages", () => {
    expect(vendorMonthly(perConversation({ package: { size: 5000, price: 400 } }), base).usage).toBe(1200);
  });
  test("a minimum commitment trues up to the minimum, and only when usage falls short", () => {
    const short = vendorMonthly(perConversation({ minimumMonthly: 15000 }), base);
    expect(short.commitmentTrueUp).toBe(3000);
    expect(short.total).toBe(15000);
    expect(vendorMonthly(perConversation({ minimumMonthly: 10000 }), base).commitmentTrueUp).toBe(0);
  });
  test("a one-time fee is spread over the term (default 12 months)", () => {
    expect(vendorMonthly(perConversation({ oneTimeFee: 24000 }), base).oneTimeSpread).toBe(2000);
    expect(vendorMonthly({ ...perConversation({ oneTimeFee: 24000 }), termMonths: 24 }, base).oneTimeSpread).toBe(1000);
  });
  test("two unit shapes at once are #VALUE!", () => {
    expect(() => vendorMonthly(perConversation({ allowance: { included: 1, overagePrice: 1 }, package: { size: 1, price: 1 } }), base)).toThrow(/not several/);
  });
  test("unit shapes on a per-token bid are #VALUE!", () => {
    expect(() => vendorMonthly({ ...BID_A, charges: { allowance: { included: 1, overagePrice: 1 } } }, base)).toThrow(PricingProblem);
  });
  test("the buyer's fixed and one-time costs are spread per conversation: a = f + s + (F + I/M) / V", () => {
    const bid: Bid = { ...BID_A, supplied: [{ label: "all", perConversation: 0.35, fixedMonthly: 2000, oneTime: 24000 }] };
    const f = bidFigures(bid, { conversations: 10000, resolutionRate: 0.9, humanCost: 3 });
    expect(f.aiCostPerConversation).toBeCloseTo(0.86, DIGITS);
  });
});

describe("scenarios", () => {
  test("no conversations is #DIV/0!", () => {
    expect(() => bidFigures(BID_B, { ...GUIDE_SCENARIO, conversations: 0 })).toThrow(/conversations/);
  });
  test("a resolution rate of 0: no cost per resolution (it resolves nothing), blended is all human", () => {
    const f = bidFigures(BID_A, { ...GUIDE_SCENARIO, resolutionRate: 0 });
    expect(f.costPerResolution).toBeNull();
    expect(f.blendedCostPerConversation).toBeCloseTo(3.46, DIGITS);
  });
  test("a resolution rate above 1 is #NUM!", () => {
    expect(() => bidFigures(BID_B, { ...GUIDE_SCENARIO, resolutionRate: 90 })).toThrow(/resolution_rate/);
  });
});
