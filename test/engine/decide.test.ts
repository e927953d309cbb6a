/** What decides it: the tornado of the gap between two bids' monthly totals (src/engine/decide.ts). */
import fc from "fast-check";
import { Bid, bidFigures, Scenario } from "../../src/engine";
import { crossing, leaderAndRival, monthlyTotalAt, whatDecides } from "../../src/engine/decide";
import { withPrice } from "../../src/engine/bid-prices";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

/** The guide's scenario with a range on r: every bid from 0.70 to 0.95 around its likely 0.90. */
const RANGED: Scenario = { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.7, high: 0.95 } } };
const BIDS: Bid[] = [BID_A, BID_B, BID_C];
const LABELS = ["A", "B", "C"];

describe("the guide's bids A, B, C with ranges on r", () => {
  test("the pair by default: the leader A and its closest rival C", () => {
    expect(leaderAndRival(BIDS, RANGED)).toEqual([0, 2]);
    const d = whatDecides(BIDS, RANGED, { labels: LABELS })!;
    expect(d.pair).toEqual([0, 2]);
    // C - A at the likely scenario: (1.1375 - 0.76) x 100,000.
    expect(d.gap).toBeCloseTo(37750, 6);
  });

  const d = whatDecides(BIDS, RANGED, { labels: LABELS, pair: [0, 1] })!;
  test("A's resolution rate moves the gap B - A most, and B overtakes A when A resolves 75.63%", () => {
    expect(d.inputs[0].input).toBe("resolution rate of A");
    expect(d.inputs[0]).toMatchObject({ low: 0.7, high: 0.95 });
    // A costs 0.46 + 3 (1 - r) per conversation, B 1.191: they tie at r = 1 - 0.731 / 3.
    expect(d.inputs[0].flipsAt).toBeCloseTo(1 - 0.731 / 3, 9);
    expect(d.inputs[0].gapAtLow).toBeLessThan(0);
    expect(d.inputs[0].gapAtHigh).toBeGreaterThan(0);
    // Checked by hand: re-priced at that rate, A and B cost the same.
    const r = d.inputs[0].flipsAt!;
    const a = bidFigures({ ...BID_A, performance: { resolutionRate: r } }, GUIDE_SCENARIO).monthlyTotal;
    expect(a).toBeCloseTo(bidFigures(BID_B, GUIDE_SCENARIO).monthlyTotal, 6);
  });
  test("the bars are sorted by |gapAtHigh - gapAtLow|, and B's rate and the prices never flip the winner", () => {
    const effects = d.inputs.map((x) => Math.abs(x.gapAtHigh - x.gapAtLow));
    expect(effects).toEqual([...effects].sort((x, y) => y - x));
    expect(d.inputs.map((x) => x.input)).toEqual(["resolution rate of A", "resolution rate of B", "price per resolution of B", "output price per million tokens of A", "input price per million tokens of A"]);
    // B: 3 - 2.01 r against A's 0.76, from r = 0.70 to 0.95; B's price ±10%: ±0.099 x 0.9 per conversation.
    expect(d.inputs[1]).toMatchObject({ gapAtLow: expect.closeTo((3 - 2.01 * 0.7 - 0.76) * 1e5, 6), gapAtHigh: expect.closeTo((3 - 2.01 * 0.95 - 0.76) * 1e5, 6), flipsAt: null });
    expect(d.inputs[2]).toMatchObject({ low: expect.closeTo(0.891, 12), high: expect.closeTo(1.089, 12), flipsAt: null });
    expect(d.inputs[2].gapAtHigh - d.inputs[2].gapAtLow).toBeCloseTo(0.198 * 0.9 * 1e5, 6);
  });
  test("volume, human cost and tokens join the tornado when they have ranges", () => {
    const wide: Scenario = { ...RANGED, ranges: { ...RANGED.ranges, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2, high: 4 }, tokens: { low: 0.5, high: 3 } } };
    const names = whatDecides(BIDS, wide, { labels: LABELS, pair: [0, 1] })!.inputs.map((x) => x.input);
    expect(names).toEqual(expect.arrayContaining(["conversations per month", "human cost per conversation", "tokens per conversation (factor)"]));
  });
  test("fewer than two priced bids: nothing to decide", () => {
    expect(whatDecides([BID_A], RANGED)).toBeNull();
  });
});

describe("where the winner changes", () => {
  test("property: for a per-resolution rival against a per-conversation leader, flipsAt on the rival's price re-prices to a tie", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 2, noNaN: true }), fc.double({ min: 0.2, max: 2, noNaN: true }), (perConv, perRes) => {
        const leader: Bid = { vendor: "L", name: "l", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: perConv } };
        const rival: Bid = { vendor: "R", name: "r", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: perRes } };
        const d = whatDecides([leader, rival], GUIDE_SCENARIO, { pair: [0, 1], priceSwing: 0.5 })!;
        const price = d.inputs.find((x) => x.input.startsWith("price per resolution"))!;
        if (price.flipsAt === null) {
          expect(Math.sign(price.gapAtLow)).toBe(Math.sign(price.gapAtHigh));
        } else {
          const tied = monthlyTotalAt(withPrice(rival, "pricing.pricePerResolution", price.flipsAt), GUIDE_SCENARIO) - monthlyTotalAt(leader, GUIDE_SCENARIO);
          expect(Math.abs(tied)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 50 },
    );
  });
  test("crossing: exact on a line, to 1e-9 on a curve, null without a change of sign", () => {
    expect(crossing((x) => 2 * x - 1, 0, 1, -1, 1)).toBe(0.5);
    const root = crossing((x) => x ** 3 - 2, 0, 2, -2, 6)!;
    expect(Math.abs(root - Math.cbrt(2))).toBeLessThan(1e-9);
    expect(crossing((x) => x + 1, 0, 1, 1, 2)).toBeNull();
  });
});
