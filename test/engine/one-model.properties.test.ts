/**
 * docs/spec.md#one-model-one-answer: the views of one comparison (the ranking, who bears the
 * risk, cheapest by resolution rate, the contract term) tell the same story, for any set of bids.
 * Checked with fast-check over random bid sets that include the edge bids: an assist tool (resolves
 * nothing), zero prices, a bid out of its domain (rate 150%, a negative price, a range out of order),
 * ties, and 60 bids.
 */
import fc from "fast-check";
import { assessRisk, Bid, bidFigures, cheapestByResolutionRate, compareBids, compareTerm, gridRates, Scenario } from "../../src/engine";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { bidSet, outOfDomain, scenario } from "../support/one-model-bids";

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) };

/** Everything a comparison shows, computed once per case. */
function views(bids: Bid[], s: Scenario, months = 12) {
  return { ranking: compareBids(bids, s), risk: assessRisk(bids, s, { draws: 50 }), rates: cheapestByResolutionRate(bids, s), term: compareTerm(bids, s, { months }) };
}

function expectOneTruth(bids: Bid[], s: Scenario): void {
  const v = views(bids, s);
  bids.forEach((bid, i) => {
    const priced = v.ranking[i].figures !== null;
    // Not priced means not priced everywhere, the reason named in the ranking.
    expect(v.ranking[i].rank === null).toBe(!priced);
    expect(v.ranking[i].problem === null).toBe(priced);
    expect(v.risk[i] === null).toBe(!priced);
    expect(v.term.bids[i] === null).toBe(!priced);
    if (!priced) {
      expect(v.rates.blended[i].every((x) => x === null)).toBe(true);
      expect(v.rates.winners).not.toContain(i);
      expect(v.term.cheapestFromMonth[i]).toBeNull();
      expect(v.term.cheapestToDate).not.toContain(i);
      return;
    }
    // Never a negative cost, in any view.
    const f = v.ranking[i].figures!;
    expect(f.monthlyTotal).toBeGreaterThanOrEqual(0);
    expect(v.risk[i]!.monthlyTotal.p10).toBeGreaterThanOrEqual(0);
    for (const x of v.rates.blended[i]) expect(x === null || x >= 0).toBe(true);
    for (const m of v.term.bids[i]!.months) expect(m.total).toBeGreaterThanOrEqual(0);
    expect(v.term.bids[i]!.total).toBeGreaterThanOrEqual(0);
    // A bid that resolves nothing stays at r = 0: flat at its own blended cost.
    if (bid.performance?.resolutionRate === 0) for (const x of v.rates.blended[i]) expect(x).toBe(f.blendedCostPerConversation);
  });
  // The chance of being cheapest is over the priced bids only: it sums to 1 when any bid is priced.
  const chances = v.risk.filter((r) => r !== null).map((r) => r!.chanceCheapest);
  if (chances.length) expect(chances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  // The priced bids are ranked 1.. among themselves.
  const ranks = v.ranking.map((r) => r.rank).filter((r): r is number => r !== null);
  if (ranks.length) expect(Math.min(...ranks)).toBe(1);
}

describe("not priced means not priced everywhere; no cost is ever negative; an assist tool stays flat", () => {
  test("over random bid sets with edge bids", () => {
    fc.assert(
      fc.property(bidSet(1, 8), scenario, (bids, s) => expectOneTruth(bids, s)),
      RUNS,
    );
  });

  test("at 60 bids", () => {
    fc.assert(
      fc.property(bidSet(57, 57), scenario, (bids, s) => expectOneTruth(bids, s)),
      { numRuns: 8 },
    );
  });

  test("a bid out of its domain changes nothing for the others", () => {
    fc.assert(
      fc.property(bidSet(1, 6), outOfDomain, fc.nat(), scenario, (bids, bad, at, s) => {
        const k = at % (bids.length + 1);
        const withBad = [...bids.slice(0, k), bad, ...bids.slice(k)];
        const a = compareBids(bids, s);
        const b = compareBids(withBad, s);
        expect(b[k].figures).toBeNull();
        expect(b[k].problem?.message).toBeTruthy();
        expect([...b.slice(0, k), ...b.slice(k + 1)].map((r) => r.rank)).toEqual(a.map((r) => r.rank));
      }),
      RUNS,
    );
  });
});

describe("the views agree where they must", () => {
  test("no ranges: P10 = P50 = P90 = the monthly total; rank 1 has the whole chance of being cheapest (ties share it)", () => {
    fc.assert(
      fc.property(bidSet(1, 8), scenario, (bids, s) => {
        const ranking = compareBids(bids, s);
        const risk = assessRisk(bids, s, { draws: 40 });
        const firsts = ranking.filter((r) => r.rank === 1).length;
        ranking.forEach((r, i) => {
          if (!r.figures) return;
          const k = risk[i]!;
          for (const p of [k.monthlyTotal.p10, k.monthlyTotal.p50, k.monthlyTotal.p90]) expect(p).toBeCloseTo(r.figures.monthlyTotal, 6);
          expect(k.chanceCheapest).toBeCloseTo(r.rank === 1 ? 1 / firsts : 0, 12);
        });
      }),
      RUNS,
    );
  });

  test("every bid at the scenario's r: cheapest by resolution rate names rank 1 at that r", () => {
    const noOwnRate = bidSet(1, 8).map((bids) => bids.map((b) => (b.performance?.resolutionRate === 0 || b.name.startsWith("triple") || b.name.startsWith("rate 150") ? b : { ...b, performance: undefined })));
    fc.assert(
      fc.property(noOwnRate, fc.integer({ min: 0, max: gridRates().length - 1 }), scenario, (bids, k, s0) => {
        const s = { ...s0, resolutionRate: gridRates()[k] };
        const ranking = compareBids(bids, s);
        const winner = cheapestByResolutionRate(bids, s).winners[k];
        if (ranking.every((r) => r.rank === null)) expect(winner).toBeNull();
        else expect(ranking[winner as number].rank).toBe(1);
      }),
      RUNS,
    );
  });

  test("a one-month term with nothing else: each bid's total contract value is its monthly total", () => {
    fc.assert(
      fc.property(bidSet(1, 8), scenario, (bids, s) => {
        const ranking = compareBids(bids, s);
        const term = compareTerm(bids, s, { months: 1 });
        ranking.forEach((r, i) => {
          if (!r.figures) return expect(term.bids[i]).toBeNull();
          expect(term.bids[i]!.total).toBeCloseTo(r.figures.monthlyTotal, 6);
          expect(term.cheapestFromMonth[i] === 1).toBe(r.rank === 1);
        });
      }),
      RUNS,
    );
  });
});

describe("the seed's three bids and the Fin AI Copilot add-on", () => {
  const bids = [...GUIDE_BID_IDS, "intercom-fin-ai-copilot"].map((id) => galleryTemplate(id)!.bid);
  const s: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3 };

  test("bid A is the cheapest at r = 100%; the add-on's line is flat at its own blended cost", () => {
    const view = cheapestByResolutionRate(bids, s);
    expect(view.winners[view.winners.length - 1]).toBe(0);
    const own = bidFigures(bids[3], s).blendedCostPerConversation;
    expect(own).toBeCloseTo(2.7175, 12);
    expect(view.blended[3].every((x) => x === own)).toBe(true);
    // Cheapest only where the others resolve too little to beat it (at r = 0 every AI bid pays a human for every conversation).
    expect(view.ranges[view.ranges.length - 1].bid).toBe(0);
    expect(view.winners[0]).toBe(3);
  });
});
