/** Ranking bids and finding break-even points (src/engine/compare.ts). */
import { Bid, breakEvenResolutionRates, breakEvenVolumes, breakevenVolume, compareBids, bidFigures, Scenario } from "../../src/engine";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

describe("the guide's three bids", () => {
  test("ranked by cost: A, then C, then B", () => {
    const ranked = compareBids([BID_B, BID_C, BID_A], GUIDE_SCENARIO);
    expect(ranked.map((r) => [r.bid.vendor, r.rank])).toEqual([
      ["Intercom", 3],
      ["Klarna", 2],
      ["OpenAI", 1],
    ]);
  });
  test("A (0.46 flat) and B (0.99 x r) cost the same at r = 0.46 / 0.99", () => {
    const rates = breakEvenResolutionRates(BID_A, BID_B, GUIDE_SCENARIO);
    expect(rates).toHaveLength(1);
    expect(rates[0]).toBeCloseTo(0.46 / 0.99, 9);
  });
  test("B (0.99 r) and C (0.50 + 0.15 x 2.5 x r) cross at r = 0.5 / 0.615", () => {
    const rates = breakEvenResolutionRates(BID_B, BID_C, GUIDE_SCENARIO);
    expect(rates).toHaveLength(1);
    expect(rates[0]).toBeCloseTo(0.5 / 0.615, 9);
  });
  test("A and C never cross: C costs at least its 0.50 run cost, A 0.46 at any rate", () => {
    expect(breakEvenResolutionRates(BID_A, BID_C, GUIDE_SCENARIO)).toEqual([]);
  });
  test("per-conversation bids do not depend on volume: no break-even volume", () => {
    expect(breakEvenVolumes(BID_A, BID_B, GUIDE_SCENARIO)).toEqual([]);
  });
});

describe("break-even volume between a platform fee and a purely variable price", () => {
  const platform: Bid = {
    vendor: "P",
    name: "platform",
    currency: "USD",
    pricing: { model: "per-conversation", pricePerConversation: 0.1 },
    charges: { platformFeeMonthly: 2000 },
  };
  const variable: Bid = { vendor: "Q", name: "variable", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.5 } };
  test("agrees with BREAKEVEN_VOLUME(2000, 0.1, 0.5) = 5000", () => {
    const volumes = breakEvenVolumes(platform, variable, GUIDE_SCENARIO);
    expect(volumes).toHaveLength(1);
    expect(volumes[0]).toBeCloseTo(breakevenVolume(2000, 0.1, 0.5), 6);
  });
});

describe("bids that cannot be priced", () => {
  const broken: Bid = { vendor: "X", name: "no tokens", currency: "USD", pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 1 } };
  test("are listed with their problem and no rank; the others are ranked among themselves", () => {
    const ranked = compareBids([broken, BID_B, BID_A], GUIDE_SCENARIO);
    expect(ranked[0].figures).toBeNull();
    expect(ranked[0].rank).toBeNull();
    expect(ranked[0].problem?.argument).toBe("tokens");
    expect(ranked[1].rank).toBe(2);
    expect(ranked[2].rank).toBe(1);
  });
  test("ties share a rank", () => {
    const twin: Bid = { ...BID_B, vendor: "Twin" };
    const s: Scenario = GUIDE_SCENARIO;
    expect(compareBids([BID_B, twin, BID_A], s).map((r) => r.rank)).toEqual([2, 2, 1]);
    expect(bidFigures(twin, s).blendedCostPerConversation).toBe(bidFigures(BID_B, s).blendedCostPerConversation);
  });
});
