/** The price to bring to the table (src/engine/price-to-match.ts). */
import fc from "fast-check";
import { assessRisk, Bid, bidFigures, drawTrials, Scenario } from "../../src/engine";
import { withPrice } from "../../src/engine/bid-prices";
import { pricesToMatch, stopsPayingOffBelow } from "../../src/engine/price-to-match";
import { whatDecides } from "../../src/engine/decide";
import { trialsCsv } from "../../src/engine/trials";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

const BIDS: Bid[] = [BID_A, BID_B, BID_C];
const RANGED: Scenario = { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.7, high: 0.95 }, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 4 } } };

describe("the guide's bids", () => {
  const likely = pricesToMatch(BIDS, GUIDE_SCENARIO);
  test("the leader A has none; B ties A at 0.46 / 0.9 per resolution; C cannot tie even at a share of 0", () => {
    expect(likely[0]).toBeNull();
    expect(likely[1]).toMatchObject({ charge: "price per resolution", path: "pricing.pricePerResolution", price: 0.99, likely: expect.closeTo(0.46 / 0.9, 12) });
    // C at a share of 0 still pays the AI run cost 0.50 and 10% of conversations to humans: 0.80 > 0.76.
    expect(likely[2]).toMatchObject({ charge: "share of savings", likely: null });
  });
  test("re-pricing B at priceToMatch.likely makes its blended cost equal A's within 1e-9", () => {
    const b = withPrice(BID_B, "pricing.pricePerResolution", likely[1]!.likely!);
    expect(Math.abs(bidFigures(b, GUIDE_SCENARIO).blendedCostPerConversation - bidFigures(BID_A, GUIDE_SCENARIO).blendedCostPerConversation)).toBeLessThan(1e-9);
  });
  test("at P90: re-pricing B at priceToMatch.p90 makes its P90 monthly total the leader's", () => {
    const trials = drawTrials(BIDS, RANGED, { draws: 2000 });
    const ptm = pricesToMatch(BIDS, RANGED, trials);
    const p = ptm[1]!.p90!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.99);
    const risk = assessRisk([BID_A, withPrice(BID_B, "pricing.pricePerResolution", p)], RANGED, { draws: 2000 });
    expect(risk[1]!.monthlyTotal.p90).toBeCloseTo(risk[0]!.monthlyTotal.p90, 4);
  });
});

describe("any per-resolution or per-conversation rival", () => {
  test("property: re-pricing at priceToMatch.likely ties the leader's blended cost within 1e-9", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (perConv, perRes, r, supplied) => {
        const bids: Bid[] = [
          { vendor: "C", name: "c", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: perConv } },
          { vendor: "R", name: "r", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: perRes }, performance: { resolutionRate: r }, supplied: [{ label: "infra", perConversation: supplied }] },
        ];
        const ptm = pricesToMatch(bids, GUIDE_SCENARIO);
        const follower = ptm.findIndex((x) => x !== null);
        if (follower < 0) return; // tied
        const x = ptm[follower]!;
        if (x.likely === null) return;
        const re = bids.map((b, i) => (i === follower ? withPrice(b, x.path, x.likely!) : b));
        const [c0, c1] = re.map((b) => bidFigures(b, GUIDE_SCENARIO).blendedCostPerConversation);
        expect(Math.abs(c0 - c1)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the rate below which a per-resolution or outcome bid stops paying off", () => {
  test("B pays off at any rate; with 0.20 of the buyer's own cost per conversation, from 0.2 / 2.01", () => {
    expect(stopsPayingOffBelow(BID_B, GUIDE_SCENARIO)).toBe(0);
    const own: Bid = { ...BID_B, supplied: [{ label: "infrastructure", perConversation: 0.2 }] };
    const r = stopsPayingOffBelow(own, GUIDE_SCENARIO)!;
    expect(r).toBeCloseTo(0.2 / 2.01, 12);
    expect(bidFigures({ ...own, performance: { resolutionRate: r } }, GUIDE_SCENARIO).blendedCostPerConversation).toBeCloseTo(3, 12);
  });
  test("an outcome price above the human cost never pays off; other models have no such rate", () => {
    const dear: Bid = { vendor: "O", name: "o", currency: "USD", pricing: { model: "outcome-based", pricePerOutcome: 3.5 }, supplied: [{ label: "x", perConversation: 0.1 }] };
    expect(stopsPayingOffBelow(dear, GUIDE_SCENARIO)).toBeNull();
    expect(stopsPayingOffBelow(BID_A, GUIDE_SCENARIO)).toBeNull();
    expect(stopsPayingOffBelow(BID_C, GUIDE_SCENARIO)).toBeNull();
  });
});

describe("not priced is not priced in the negotiation too", () => {
  const broken: Bid = { ...BID_B, performance: { resolutionRate: 1.5 } };
  test("a bid that cannot be priced has no price to match, no tornado, and no columns in the trials", () => {
    const bids = [BID_A, broken, BID_C];
    const trials = drawTrials(bids, RANGED, { draws: 50 });
    expect(pricesToMatch(bids, RANGED, trials)[1]).toBeNull();
    expect(pricesToMatch(bids, RANGED, trials)[2]).not.toBeNull();
    expect(trials.totals[1]).toBeNull();
    expect(trialsCsv(trials, ["A", "B", "C"]).split("\r\n")[0]).toBe('"trial","conversations","human_cost","token_factor","A resolution_rate","A monthly_total","C resolution_rate","C monthly_total"');
    expect(whatDecides([BID_A, broken], RANGED)).toBeNull();
    expect(whatDecides(bids, RANGED)!.pair).toEqual([0, 2]);
  });
});
