/** Ranking bids and the cheapest bid by resolution rate (src/engine/compare.ts). */
import { Bid, cheapestByResolutionRate, compareBids, bidFigures, ranksAscending, Scenario } from "../../src/engine";
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
  test("the cheapest bid by resolution rate: B below 0.46 / 0.99, then A (A and C never cross)", () => {
    const view = cheapestByResolutionRate([BID_A, BID_B, BID_C], GUIDE_SCENARIO);
    expect(view.rates).toHaveLength(21);
    expect(view.rates[0]).toBe(0);
    expect(view.rates[20]).toBeCloseTo(1, 12);
    // B costs 0.99 r, A a flat 0.46 (blended adds the same (1 - r) h to both): they cross at 0.46 / 0.99.
    expect(view.ranges).toEqual([
      { from: 0, to: expect.closeTo(0.46 / 0.99, 12), bid: 1 },
      { from: expect.closeTo(0.46 / 0.99, 12), to: view.rates[20], bid: 0 },
    ]);
    expect(view.crossings.filter((x) => x !== null)).toEqual([expect.closeTo(0.46 / 0.99, 12)]);
    expect(view.winners.slice(0, 10)).toEqual(Array(10).fill(1));
    expect(view.winners.slice(10)).toEqual(Array(11).fill(0));
  });
});

describe("each bid performs differently", () => {
  test("with one shared r the guide's figures and order are unchanged", () => {
    expect(compareBids([BID_A, BID_B, BID_C], GUIDE_SCENARIO).map((r) => r.rank)).toEqual([1, 3, 2]);
  });
  test("a bid's own resolution rate prices it: B at 0.6 costs 0.594 per conversation, 0.99 per resolution, and 0.594 + 0.4 x 3 blended", () => {
    const own: Bid = { ...BID_B, performance: { resolutionRate: 0.6 } };
    const f = bidFigures(own, GUIDE_SCENARIO);
    expect(f.resolutionRate).toBe(0.6);
    expect(f.aiCostPerConversation).toBeCloseTo(0.594, 12);
    expect(f.costPerResolution).toBeCloseTo(0.99, 12);
    expect(f.blendedCostPerConversation).toBeCloseTo(0.594 + 0.4 * 3, 12);
  });
  test("a three-point estimate's likely value is the bid's rate", () => {
    const own: Bid = { ...BID_A, performance: { resolutionRate: { low: 0.3, likely: 0.6, high: 0.8 } } };
    expect(bidFigures(own, GUIDE_SCENARIO).resolutionRate).toBe(0.6);
    expect(bidFigures(own, GUIDE_SCENARIO).blendedCostPerConversation).toBeCloseTo(0.46 + 0.4 * 3, 12);
  });
  test("the ranking is by blended cost: A operated at 60% loses to B and C at 90%", () => {
    const a: Bid = { ...BID_A, performance: { resolutionRate: 0.6 } };
    const ranked = compareBids([a, BID_B, BID_C], GUIDE_SCENARIO);
    // A: 0.46 + 0.4 x 3 = 1.66; B: 1.191; C: 1.1375
    expect(ranked.map((r) => r.rank)).toEqual([3, 2, 1]);
    // ... while A is still the cheapest per resolution (0.46 / 0.6 = 0.767 < 0.93 < 0.99).
    expect(ranked[0].figures!.costPerResolution).toBeCloseTo(0.46 / 0.6, 12);
  });
  test("an outcome bid at its own qualifying share", () => {
    const outcome: Bid = { vendor: "O", name: "outcomes", currency: "USD", pricing: { model: "outcome-based", pricePerOutcome: 1 }, performance: { qualifyingShare: 0.5 } };
    expect(bidFigures(outcome, { ...GUIDE_SCENARIO, qualifyingShare: 0.8 }).vendorFeePerConversation).toBeCloseTo(0.9 * 0.5, 12);
  });
  test("an agent-assist seat offer resolves nothing: no cost per resolution, still ranked by blended cost", () => {
    const assist: Bid = { vendor: "S", name: "assist", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 50, seats: 200 }, performance: { resolutionRate: 0, assist: 0.2 } };
    const f = bidFigures(assist, GUIDE_SCENARIO);
    expect(f.costPerResolution).toBeNull();
    // 50 x 200 / 100,000 = 0.10 per conversation; every conversation goes to a human, at 80% of the cost.
    expect(f.blendedCostPerConversation).toBeCloseTo(0.1 + 3 * 0.8, 12);
    const ranked = compareBids([assist, BID_B], GUIDE_SCENARIO);
    expect(ranked.map((r) => r.rank)).toEqual([2, 1]);
  });
  test("a bid's performance outside 0..1 or out of order is #NUM!", () => {
    expect(() => bidFigures({ ...BID_B, performance: { resolutionRate: 1.2 } }, GUIDE_SCENARIO)).toThrow(/resolution_rate/);
    expect(() => bidFigures({ ...BID_B, performance: { resolutionRate: { low: 0.8, likely: 0.6, high: 0.9 } } }, GUIDE_SCENARIO)).toThrow(/low <= likely <= high/);
    expect(() => bidFigures({ ...BID_B, performance: { assist: -0.1 } }, GUIDE_SCENARIO)).toThrow(/assist/);
  });
  test("ranking 9,000 bids is linear (sorted once)", () => {
    const many = Array.from({ length: 9000 }, (_, i) => ({ ...BID_B, name: `b${i}`, pricing: { model: "per-resolution" as const, pricePerResolution: (i % 97) / 10 } }));
    const ranked = compareBids(many, GUIDE_SCENARIO);
    expect(ranked[0].rank).toBe(1);
    expect(ranked[96].rank).toBe(9000 - Math.floor(9000 / 97) + 1);
  });
});

describe("ranks", () => {
  test("RANK.EQ ascending: ties share the lower rank, nulls stay unranked", () => {
    expect(ranksAscending([3, 1, null, 3, 2])).toEqual([3, 1, null, 3, 2]);
    expect(ranksAscending([5, 5, 1])).toEqual([2, 2, 1]);
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
