/** Correlated performance: the bids' rates ordered by a Gaussian copula (src/engine/copula.ts, bid-risk.ts). */
import fc from "fast-check";
import { assessRisk, Bid, correlatedRanks, drawTrials, normalQuantile, pertDraws, pertRanks, percentilesInc, rankCorrelation, Scenario } from "../../src/engine";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { resolutionRate: { low: 0.7, high: 0.95 }, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 4 } },
};
const withRange = (bid: Bid, low: number, likely: number, high: number): Bid => ({ ...bid, performance: { ...bid.performance, resolutionRate: { low, likely, high } } });
const BIDS = [withRange(BID_A, 0.6, 0.85, 0.95), withRange(BID_B, 0.5, 0.8, 0.9), BID_C];

describe("the normal scores", () => {
  test("Φ⁻¹ at known points", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
  });
});

describe("rank correlation 1: today's figures exactly", () => {
  test("every bid gets the common ranks", () => {
    const ranks = correlatedRanks(500, 4, 1, 7);
    const common = pertRanks(500, 7);
    for (const r of ranks) expect(Array.from(r)).toEqual(common);
  });
  test("the risk figures with rateCorrelation 1 equal the default's and the hand-drawn common random numbers", () => {
    const byDefault = assessRisk(BIDS, RANGED, { draws: 2000, seed: 3 });
    const atOne = assessRisk(BIDS, RANGED, { draws: 2000, seed: 3, rateCorrelation: 1 });
    expect(atOne).toEqual(byDefault);
    const trials = drawTrials(BIDS, RANGED, { draws: 2000, seed: 3, rateCorrelation: 1 });
    // Bid B's rates are PERT_DRAWS(0.5, 0.8, 0.9, 2000, seed): the same seed as every other bid.
    expect(trials.rates[1]).toEqual(pertDraws(0.5, 0.8, 0.9, 2000, 3));
    expect(trials.rates[0]).toEqual(pertDraws(0.6, 0.85, 0.95, 2000, 3));
    // B's monthly total in trial i is V_i x (0.99 r_i + (1 - r_i) h_i).
    const v = pertDraws(80000, 100000, 130000, 2000, 4);
    const h = pertDraws(2.5, 3, 4, 2000, 5);
    const r = trials.rates[1]!;
    trials.totals[1]!.forEach((t, i) => expect(t).toBeCloseTo(v[i] * (0.99 * r[i] + (1 - r[i]) * h[i]), 6));
  });
});

describe("rank correlation 0: independent rates", () => {
  const trials = drawTrials(BIDS, RANGED, { draws: 2000, seed: 1, rateCorrelation: 0 });
  const common = drawTrials(BIDS, RANGED, { draws: 2000, seed: 1 });
  test("the bids' drawn rates have a rank correlation within 0.05 of 0 over 2,000 draws", () => {
    for (const [x, y] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      expect(Math.abs(rankCorrelation(trials.rates[x]!, trials.rates[y]!))).toBeLessThan(0.05);
    }
    // ... where with the default they move together perfectly.
    expect(rankCorrelation(common.rates[0]!, common.rates[1]!)).toBeCloseTo(1, 12);
  });
  test("each bid's P10 / P50 / P90 of its own rate is unchanged (the same draws, in another order)", () => {
    for (let b = 0; b < BIDS.length; b++) {
      expect(percentilesInc(trials.rates[b]!, [0.1, 0.5, 0.9])).toEqual(percentilesInc(common.rates[b]!, [0.1, 0.5, 0.9]));
      expect([...trials.rates[b]!].sort()).toEqual([...common.rates[b]!].sort());
    }
  });
  test("the other inputs are the same draws in the same rows", () => {
    expect(trials.conversations).toEqual(common.conversations);
    expect(trials.humanCost).toEqual(common.humanCost);
  });
  test("reproducible: the same seed gives the same ranks; another seed other ranks", () => {
    expect(correlatedRanks(300, 3, 0.4, 9)).toEqual(correlatedRanks(300, 3, 0.4, 9));
    expect(correlatedRanks(300, 3, 0.4, 9)).not.toEqual(correlatedRanks(300, 3, 0.4, 10));
  });
});

describe("any correlation", () => {
  test("property: the bids' rank correlation is within 0.05 of the one asked for (2,000 draws), ranks a permutation", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (rho, seed) => {
        const ranks = correlatedRanks(2000, 3, rho, seed);
        for (const r of ranks) expect([...r].sort((x, y) => x - y)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
        const got = rankCorrelation(Array.from(ranks[0]), Array.from(ranks[2]));
        expect(Math.abs(got - rho)).toBeLessThan(0.05);
      }),
      { numRuns: 15 },
    );
  });
  test("a correlation outside 0..1 is refused", () => {
    expect(() => correlatedRanks(10, 2, 1.5, 1)).toThrow(/from 0 to 1/);
    expect(() => assessRisk(BIDS, RANGED, { draws: 10, rateCorrelation: -0.1 })).toThrow(/from 0 to 1/);
  });
  test("the chance of being cheapest moves with the correlation: at 0 the bids share it more", () => {
    const two = [withRange(BID_A, 0.7, 0.85, 0.95), withRange({ ...BID_A, vendor: "twin" }, 0.7, 0.85, 0.95)];
    const one = assessRisk(two, RANGED, { draws: 2000, rateCorrelation: 1 });
    const zero = assessRisk(two, RANGED, { draws: 2000, rateCorrelation: 0 });
    // Identical bids drawn together always tie; drawn apart each is cheaper in about half the trials.
    expect(one[0]!.chanceCheapest).toBeCloseTo(0.5, 12);
    expect(Math.abs(zero[0]!.chanceCheapest - 0.5)).toBeLessThan(0.05);
  });
});
