/**
 * Invariants of the engine, checked with fast-check over generated inputs (each property runs many
 * cases; a failure prints the smallest counterexample found).
 */
import fc from "fast-check";
import {
  allowanceCost,
  Bid,
  bidFigures,
  blendedCost,
  breakevenResolutionRate,
  breakevenVolume,
  compareBids,
  costPerResolution,
  expenseSchedule,
  resolutionFee,
  revshareFee,
  revshareNet,
  Scenario,
  tcoPerConversation,
  Tier,
  tieredCost,
  tokenCost,
} from "../../src/engine";

const RUNS = { numRuns: 2000 };

/**
 * |a - b| within a relative tolerance (the engine's results are sums of a few products). `scale` is
 * the size of the amounts that were added up to get a and b, where they cancel out (a true-up that
 * undoes an accrual): floating point is exact relative to those, not to what is left.
 */
function near(a: number, b: number, rel = 1e-9, scale = 0): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b), scale);
}

const money = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
const price = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
const rate = fc.double({ min: 0, max: 1, noNaN: true });
const positiveRate = fc.double({ min: 1e-6, max: 1, noNaN: true });
const count = fc.integer({ min: 0, max: 10_000_000 });

/** Ascending tiers with an open last tier; prices as given. */
function tiersFrom(widths: number[], prices: number[]): Tier[] {
  let bound = 0;
  return prices.map((p, i) => {
    if (i === prices.length - 1) return { upTo: null, price: p };
    bound += widths[i];
    return { upTo: bound, price: p };
  });
}
/** 1 to 6 tiers, bounds ascending, prices descending. */
const descendingTiers = fc.array(fc.tuple(fc.integer({ min: 1, max: 100000 }), price), { minLength: 1, maxLength: 6 }).map((pairs) => {
  const prices = pairs.map(([, p]) => p).sort((a, b) => b - a);
  return tiersFrom(
    pairs.map(([w]) => w),
    prices,
  );
});
/** 1 to 6 tiers with prices in any order. */
const anyTiers = fc.array(fc.tuple(fc.integer({ min: 1, max: 100000 }), price), { minLength: 1, maxLength: 6 }).map((pairs) =>
  tiersFrom(
    pairs.map(([w]) => w),
    pairs.map(([, p]) => p),
  ),
);

describe("normalized figures", () => {
  test("cost per resolution x resolution rate = cost per conversation", () => {
    fc.assert(
      fc.property(money, positiveRate, (cost, r) => near(costPerResolution(cost, r) * r, cost)),
      RUNS,
    );
  });

  test("blended cost lies between the AI cost and the AI cost plus a human for every conversation", () => {
    fc.assert(
      fc.property(money, rate, money, (a, r, h) => {
        const b = blendedCost(a, r, h);
        return b >= a && b <= a + h * (1 + 1e-15);
      }),
      RUNS,
    );
  });

  test("TCO x conversations = the month's spend: (vendor + supplied) x V + fixed + one-time / term", () => {
    fc.assert(
      fc.property(price, price, money, fc.integer({ min: 1, max: 1e7 }), money, fc.integer({ min: 1, max: 120 }), (f, s, F, V, I, M) => near(tcoPerConversation(f, s, F, V, I, M) * V, (f + s) * V + F + I / M, 1e-9)),
      RUNS,
    );
  });

  test("a bid's monthly total = its AI cost + the humans for what it does not resolve; savings = all-human - total", () => {
    fc.assert(
      fc.property(price, price, fc.integer({ min: 1, max: 1e7 }), rate, price, (p, s, V, r, h) => {
        const bid: Bid = {
          vendor: "V",
          name: "N",
          currency: "USD",
          pricing: { model: "per-conversation", pricePerConversation: p },
          supplied: [{ label: "review", perConversation: s }],
        };
        const f = bidFigures(bid, { conversations: V, resolutionRate: r, humanCost: h });
        return near(f.monthlyTotal, f.monthlyAiCost + (1 - r) * h * V, 1e-9) && near(f.monthlySavings, h * V - f.monthlyTotal, 1e-9, h * V);
      }),
      RUNS,
    );
  });
});

describe("tiers", () => {
  test("graduated tiers with descending prices never cost more than every unit at the first tier's price", () => {
    fc.assert(
      fc.property(descendingTiers, fc.integer({ min: 0, max: 1_000_000 }), (tiers, q) => tieredCost(q, tiers) <= q * tiers[0].price * (1 + 1e-12)),
      RUNS,
    );
  });

  test("with descending prices, graduated never costs less than volume (every unit at the quantity's tier price)", () => {
    fc.assert(
      fc.property(descendingTiers, fc.integer({ min: 0, max: 1_000_000 }), (tiers, q) => tieredCost(q, tiers, "graduated") >= tieredCost(q, tiers, "volume") * (1 - 1e-12)),
      RUNS,
    );
  });

  test("graduated cost never falls as the quantity rises (prices are never negative)", () => {
    fc.assert(
      fc.property(anyTiers, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100000 }), (tiers, q, more) => tieredCost(q + more, tiers) >= tieredCost(q, tiers) * (1 - 1e-12)),
      RUNS,
    );
  });

  test("graduated cost is the sum of what each tier holds at its price", () => {
    fc.assert(
      fc.property(anyTiers, fc.integer({ min: 0, max: 1_000_000 }), (tiers, q) => {
        let floor = 0;
        let expected = 0;
        for (const t of tiers) {
          const ceiling = t.upTo ?? Infinity;
          expected += Math.max(0, Math.min(q, ceiling) - floor) * t.price;
          floor = ceiling;
        }
        return near(tieredCost(q, tiers), expected, 1e-12);
      }),
      RUNS,
    );
  });

  test("one open tier: both modes are quantity x price", () => {
    fc.assert(
      fc.property(price, fc.integer({ min: 0, max: 1e9 }), (p, q) => {
        const tiers = [{ upTo: null, price: p }];
        return tieredCost(q, tiers) === q * p && tieredCost(q, tiers, "volume") === q * p;
      }),
      RUNS,
    );
  });
});

describe("the expense schedule", () => {
  const months = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 36 });
  const scheduleCase = months.chain((ms) =>
    fc.record({
      months: fc.constant(ms),
      price,
      expected: rate,
      actual: fc.array(fc.option(rate, { nil: null }), { maxLength: ms.length }),
      window: fc.oneof(fc.constantFrom(0, 1, 30, 31, 60, 90, 365), fc.integer({ min: 0, max: 400 })),
    }),
  );

  test("the recognized amounts sum to the final billable amounts", () => {
    fc.assert(
      fc.property(scheduleCase, (c) => {
        const rows = expenseSchedule(c.months, c.price, c.expected, c.actual, c.window);
        const recognized = rows.reduce((t, r) => t + r.recognized, 0);
        const billable = rows.reduce((t, r) => t + r.finalBillable, 0);
        const gross = rows.reduce((t, r) => t + Math.abs(r.accrued) + Math.abs(r.trueUp), 0);
        return near(recognized, billable, 1e-9, gross);
      }),
      RUNS,
    );
  });

  test("N + ceil(window / 30) rows; the last cumulative figure is the total recognized", () => {
    fc.assert(
      fc.property(scheduleCase, (c) => {
        const rows = expenseSchedule(c.months, c.price, c.expected, c.actual, c.window);
        const total = rows.reduce((t, r) => t + r.recognized, 0);
        return rows.length === c.months.length + Math.ceil(c.window / 30) && near(rows[rows.length - 1].cumulativeRecognized, total, 1e-9);
      }),
      RUNS,
    );
  });

  test("with no actual rates known, every true-up is zero and each month recognizes its accrual", () => {
    fc.assert(
      fc.property(scheduleCase, (c) => expenseSchedule(c.months, c.price, c.expected, [], c.window).every((r) => r.trueUp === 0 && r.recognized === r.accrued)),
      RUNS,
    );
  });
});

describe("contract arithmetic", () => {
  test("a revenue share never lowers the buyer's cost below the AI run cost it pays", () => {
    fc.assert(
      fc.property(price, price, rate, rate, (h, ai, r, share) => revshareNet(h, ai, r, share) >= ai),
      RUNS,
    );
  });

  test("the revenue-share fee is never more than the share of the whole baseline, nor negative", () => {
    fc.assert(
      fc.property(price, price, rate, rate, (h, ai, r, share) => {
        const fee = revshareFee(h, ai, r, share);
        return fee >= 0 && fee <= share * h * r * (1 + 1e-12);
      }),
      RUNS,
    );
  });

  test("at the break-even resolution rate, the per-resolution fee equals the per-conversation price", () => {
    fc.assert(
      fc.property(price, fc.double({ min: 0.01, max: 100, noNaN: true }), (perConversation, perResolution) => {
        fc.pre(perConversation <= perResolution);
        const r = breakevenResolutionRate(perConversation, perResolution);
        return near(resolutionFee(perResolution, r), perConversation, 1e-12);
      }),
      RUNS,
    );
  });

  test("at the break-even volume, fixed + variable x V = alternative x V", () => {
    fc.assert(
      fc.property(money, price, price, (fixed, variable, alternative) => {
        fc.pre(alternative > variable + 1e-6);
        const v = breakevenVolume(fixed, variable, alternative);
        return near(fixed + variable * v, alternative * v, 1e-9);
      }),
      RUNS,
    );
  });

  test("tokens: caching at a lower price never costs more, and attempts scale the cost", () => {
    fc.assert(
      fc.property(count, count, price, price, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10 }), (input, output, pin, pout, cachedShare, attempts) => {
        const cached = Math.floor(input * cachedShare);
        const cheaper = pin / 10;
        const once = tokenCost(input, output, pin, pout);
        return tokenCost(input, output, pin, pout, cached, cheaper) <= once * (1 + 1e-12) && near(tokenCost(input, output, pin, pout, 0, pin, attempts), attempts * once, 1e-12);
      }),
      RUNS,
    );
  });

  test("an allowance plan costs at least its platform fee and never less for more usage", () => {
    fc.assert(
      fc.property(count, count, count, price, money, (q, more, included, overage, fee) => {
        const c = allowanceCost(q, included, overage, fee);
        return c >= fee && allowanceCost(q + more, included, overage, fee) >= c;
      }),
      RUNS,
    );
  });
});

describe("ranking", () => {
  const bidArb = fc.oneof(
    price.map((p): Bid => ({ vendor: "conv", name: String(p), currency: "USD", pricing: { model: "per-conversation", pricePerConversation: p } })),
    price.map((p): Bid => ({ vendor: "res", name: String(p), currency: "USD", pricing: { model: "per-resolution", pricePerResolution: p } })),
    fc.tuple(rate, price).map(([s, ai]): Bid => ({ vendor: "share", name: `${s}/${ai}`, currency: "USD", pricing: { model: "revenue-share", share: s, aiRunCost: ai, buyerPaysAiCost: true } })),
  );
  const scenarioArb = fc.record({ conversations: fc.integer({ min: 1, max: 1e7 }), resolutionRate: rate, humanCost: price }) as fc.Arbitrary<Scenario>;

  test("rank 1 goes to the cheapest blended cost, and ranks do not depend on the order of the bids", () => {
    fc.assert(
      fc.property(fc.array(bidArb, { minLength: 1, maxLength: 8 }), scenarioArb, (bids, s) => {
        const ranked = compareBids(bids, s);
        const cheapest = Math.min(...ranked.map((r) => r.figures!.blendedCostPerConversation));
        const firsts = ranked.filter((r) => r.rank === 1);
        const reversed = compareBids([...bids].reverse(), s).reverse();
        return firsts.length >= 1 && firsts.every((r) => r.figures!.blendedCostPerConversation === cheapest) && reversed.every((r, i) => r.rank === ranked[i].rank);
      }),
      { numRuns: 500 },
    );
  });
});
