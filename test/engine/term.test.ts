/** Every bid over the contract term (src/engine/term.ts). */
import fc from "fast-check";
import { Bid, bidFigures, bidTerm, compareTerm, DEFAULT_TERM, escalatedPrice, MAX_TERM_MONTHS, rampedRate, Scenario, termConversations, termSettings } from "../../src/engine";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";
import { problemOf } from "../support/problem-of";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const usd = (name: string, rest: Omit<Bid, "vendor" | "name" | "currency">): Bid => ({ vendor: "V", name, currency: "USD", ...rest });

/** Excel's NPV: the first value discounted once. */
const excelNpv = (rate: number, values: number[]) => sum(values.map((v, i) => v / Math.pow(1 + rate, i + 1)));

describe("a term with no growth, ramp or escalator is the steady month again and again", () => {
  const bids: Bid[] = [
    BID_A,
    BID_B,
    BID_C,
    usd("platform, allowance, one-time, supplied", {
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: { platformFeeMonthly: 29000, allowance: { included: 60000, overagePrice: 0.89 }, oneTimeFee: 24000 },
      supplied: [{ label: "integration", oneTime: 36000, fixedMonthly: 1500, perConversation: 0.02 }],
    }),
    usd("seats with a monthly minimum", { pricing: { model: "per-seat", pricePerSeat: 90, seats: 150 }, charges: { minimumMonthly: 20000 }, performance: { resolutionRate: 0, assist: 0.2 } }),
  ];
  test.each(bids.map((b) => [b.name, b] as const))("%s: the total of 12 months is 12 steady months, month by month", (_, bid) => {
    const t = bidTerm(bid, GUIDE_SCENARIO);
    const f = bidFigures(bid, GUIDE_SCENARIO);
    expect(t.months).toHaveLength(12);
    expect(near(t.total, 12 * f.monthlyTotal)).toBe(true);
    // Every month but the first (which carries the one-time costs) costs the same.
    const oneTime = (bid.charges?.oneTimeFee ?? 0) + sum((bid.supplied ?? []).map((s) => s.oneTime ?? 0));
    for (const m of t.months.slice(1)) expect(near(m.total, f.monthlyTotal - oneTime / 12)).toBe(true);
    expect(near(t.months[0].total, f.monthlyTotal - oneTime / 12 + oneTime)).toBe(true);
    expect(
      near(
        t.npv,
        excelNpv(
          DEFAULT_TERM.discountRate,
          t.months.map((m) => m.total),
        ),
      ),
    ).toBe(true);
    expect(t.unusedCommitment).toBe(0);
    expect(t.expiredCredits).toBe(0);
    expect(t.months[11].cumulative).toBe(t.total);
  });
});

describe("volumes, ramps and escalators", () => {
  test("conversations grow month on month, or follow twelve seasonal factors relative to month 1", () => {
    const s = termSettings({ months: 24, growth: 0.02 });
    expect(termConversations(GUIDE_SCENARIO, s, 1)).toBe(100000);
    expect(termConversations(GUIDE_SCENARIO, s, 13)).toBeCloseTo(100000 * 1.02 ** 12, 6);
    const seasonal = [1, 1, 1.2, 1, 1, 0.8, 0.8, 1, 1, 1.1, 1.3, 1.5].map((x) => x * 2);
    const t = termSettings({ months: 24, seasonal });
    expect(termConversations(GUIDE_SCENARIO, t, 1)).toBe(100000);
    expect(termConversations(GUIDE_SCENARIO, t, 12)).toBeCloseTo(150000, 6);
    expect(termConversations(GUIDE_SCENARIO, t, 15)).toBeCloseTo(120000, 6);
  });

  test("the ramp: a bid at 80% starting at half of it over 4 months resolves 40%, 50%, 60%, 70%, then 80%", () => {
    const bid = { ...BID_B, performance: { resolutionRate: 0.8 } };
    const t = bidTerm(bid, GUIDE_SCENARIO, { months: 6, rampStart: 0.5, rampMonths: 4 });
    expect(t.months.map((m) => m.resolutionRate)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.8].map((x) => expect.closeTo(x, 12)));
    // A per-resolution fee follows the rate, and so do the humans who take the rest.
    expect(t.months[0].vendorFee).toBeCloseTo(100000 * 0.4 * 0.99, 6);
    expect(t.months[0].humanFallback).toBeCloseTo(100000 * 0.6 * 3, 6);
    expect(rampedRate(0.3, 0.9, 0, 1)).toBe(0.9);
  });

  test("the bid's own ramp and escalator come first, then its contract's, then the term's", () => {
    const contract: Bid = { ...BID_B, charges: { escalator: { annualRate: 0.07, everyMonths: 6 } } };
    expect(bidTerm(contract, GUIDE_SCENARIO, { escalator: 0.03 }).inputs).toMatchObject({ escalator: 0.07, escalatorEvery: 6 });
    expect(bidTerm(BID_B, GUIDE_SCENARIO, { escalator: 0.03 }).inputs).toMatchObject({ escalator: 0.03, escalatorEvery: 12 });
    expect(bidTerm(contract, GUIDE_SCENARIO, {}, { escalator: 0, rampStartRate: 0.2, rampMonths: 2 }).inputs).toEqual({ escalator: 0, escalatorEvery: 6, rampStartRate: 0.2, rampMonths: 2 });
  });

  test("an escalator raises every vendor price from month 13 (ESCALATED_PRICE), not what the buyer supplies", () => {
    const bid: Bid = { ...BID_B, charges: { platformFeeMonthly: 1000, escalator: { annualRate: 0.05 } }, supplied: [{ label: "review", perConversation: 0.1 }] };
    const t = bidTerm(bid, GUIDE_SCENARIO, { months: 25 });
    const year1 = t.months[11];
    expect(t.months[12].priceFactor).toBe(escalatedPrice(1, 0.05, 13));
    expect(t.months[12].vendorFee).toBeCloseTo(year1.vendorFee * 1.05, 6);
    expect(t.months[24].vendorFee).toBeCloseTo(year1.vendorFee * 1.05 ** 2, 6);
    expect(t.months[12].supplied).toBe(year1.supplied);
    expect(t.months[12].humanFallback).toBe(year1.humanFallback);
  });
});

describe("a spend commitment over the term", () => {
  // 0.99 per resolution, committed to 1,000,000 a year; volume starts at 60,000 and grows 5% a month.
  const bid: Bid = { ...BID_B, charges: { commitment: { amount: 1000000, periodMonths: 12 } } };
  const scenario: Scenario = { ...GUIDE_SCENARIO, conversations: 60000 };
  const t = bidTerm(bid, scenario, { months: 24, growth: 0.05 });

  test("the volume ramp leaves year 1 short of the commitment: the true-up is billed in month 12", () => {
    const year1 = sum(t.months.slice(0, 12).map((m) => m.vendorFee));
    expect(year1).toBeLessThan(1000000);
    expect(t.months[11].commitmentTrueUp).toBeCloseTo(1000000 - year1, 6);
    expect(t.months.filter((m) => m.commitmentTrueUp > 0).map((m) => m.month)).toEqual([12]);
    expect(t.unusedCommitment).toBeCloseTo(1000000 - year1, 6);
    // Year 2 spends more than the commitment: nothing more.
    expect(sum(t.months.slice(12).map((m) => m.vendorFee))).toBeGreaterThan(1000000);
    expect(t.months[11].total).toBeCloseTo(t.months[11].vendorFee + t.months[11].commitmentTrueUp + t.months[11].humanFallback, 6);
  });

  test("a term that ends mid-period commits the period's share (18 of 24 months: half a year)", () => {
    const short = bidTerm(bid, scenario, { months: 18, growth: 0 });
    const spend = short.months.map((m) => m.vendorFee);
    expect(short.months[17].commitmentTrueUp).toBeCloseTo(Math.max(0, 500000 - sum(spend.slice(12))), 6);
  });
});

describe("the cheapest from which month", () => {
  // X: a large one-time fee, cheap per conversation; Y: nothing up front, dearer per conversation.
  const X = usd("X", { pricing: { model: "per-conversation", pricePerConversation: 0.3 }, charges: { oneTimeFee: 200000 } });
  const Y = usd("Y", { pricing: { model: "per-conversation", pricePerConversation: 0.6 } });
  const Z = usd("Z", { pricing: { model: "per-conversation", pricePerConversation: 0.9 } });

  test("X overtakes Y when its savings (30,000 a month) pay back its 200,000: from month 7 on", () => {
    const c = compareTerm([X, Y, Z], GUIDE_SCENARIO, { months: 12 });
    expect(c.cheapestFromMonth).toEqual([7, null, null]);
    expect(c.cheapestToDate).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const [x, y] = c.bids;
    expect(x!.months[5].cumulative).toBeGreaterThan(y!.months[5].cumulative);
    expect(x!.months[6].cumulative).toBeLessThan(y!.months[6].cumulative);
    expect(c.lowestCumulative[0]).toBe(y!.months[0].cumulative);
  });

  test("over a short term X never becomes the cheapest; Y is the cheapest from month 1", () => {
    expect(compareTerm([X, Y, Z], GUIDE_SCENARIO, { months: 6 }).cheapestFromMonth).toEqual([null, 1, null]);
  });

  test("equal bids are both the cheapest (ties count as lowest); a bid that cannot be priced takes no part", () => {
    const broken = usd("tokens missing", { pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 2 } });
    const c = compareTerm([Y, broken, { ...Y, name: "Y again" }], GUIDE_SCENARIO, { months: 3 });
    expect(c.bids[1]).toBeNull();
    expect(c.problems[1]?.argument).toBe("tokens");
    expect(c.cheapestFromMonth).toEqual([1, null, 1]);
    expect(c.cheapestToDate).toEqual([0, 0, 0]);
  });

  test("property: the cheapest-from month is the first month of the last run in which the bid is the lowest, and only the lowest total has one", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ price: fc.double({ min: 0, max: 2, noNaN: true }), fee: fc.double({ min: 0, max: 500000, noNaN: true }) }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 36 }), (offers, months) => {
        const bids = offers.map((o, i) => usd(`b${i}`, { pricing: { model: "per-conversation", pricePerConversation: o.price }, charges: { oneTimeFee: o.fee } }));
        const c = compareTerm(bids, GUIDE_SCENARIO, { months });
        const totals = c.bids.map((t) => t!.total);
        const lowest = Math.min(...totals);
        c.cheapestFromMonth.forEach((from, b) => {
          const cum = c.bids[b]!.months.map((m) => m.cumulative);
          if (totals[b] > lowest) return expect(from).toBeNull();
          expect(from).not.toBeNull();
          for (let m = from! - 1; m < months; m++) expect(cum[m]).toBeLessThanOrEqual(c.lowestCumulative[m]);
          if (from! > 1) expect(cum[from! - 2]).toBeGreaterThan(c.lowestCumulative[from! - 2]);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("at the sizes users reach", () => {
  test("60 bids over 60 months: every total is the sum of its months, every NPV Excel's", () => {
    const bids = Array.from({ length: 60 }, (_, i) =>
      usd(`bid ${i}`, {
        pricing: i % 2 ? { model: "per-resolution", pricePerResolution: 0.5 + i / 100 } : { model: "per-conversation", pricePerConversation: 0.3 + i / 200 },
        charges: { oneTimeFee: 1000 * i, escalator: { annualRate: 0.03 }, ...(i % 3 === 0 ? { commitment: { amount: 600000 + 10000 * i } } : {}) },
      }),
    );
    const c = compareTerm(bids, GUIDE_SCENARIO, { months: MAX_TERM_MONTHS, growth: 0.01, rampStart: 0.6, rampMonths: 6, discountRate: 0.006 });
    for (const t of c.bids) {
      expect(t!.months).toHaveLength(60);
      expect(near(t!.total, sum(t!.months.map((m) => m.total)))).toBe(true);
      expect(
        near(
          t!.npv,
          excelNpv(
            0.006,
            t!.months.map((m) => m.total),
          ),
        ),
      ).toBe(true);
    }
    expect(c.cheapestFromMonth.filter((m) => m !== null).length).toBeGreaterThanOrEqual(1);
  });
});

describe("bad term inputs are named", () => {
  test.each([
    [{ months: 0 }, "term_months"],
    [{ months: 61 }, "term_months"],
    [{ months: 2.5 }, "term_months"],
    [{ growth: -1 }, "growth"],
    [{ seasonal: [1, 2, 3] }, "seasonal"],
    [{ seasonal: Array(12).fill(0) }, "seasonal"],
    [{ discountRate: -0.01 }, "discount_rate"],
    [{ rampStart: 1.2 }, "ramp_start"],
    [{ rampMonths: -1 }, "ramp_months"],
    [{ escalator: -2 }, "escalator"],
  ])("%p", (settings, argument) => {
    expect(problemOf(() => termSettings(settings as never)).argument).toBe(argument);
  });
  test("credit packs need a bid billed unit by unit: a clear problem, never a silent zero", () => {
    const packs = { creditsPerPack: 1000, pricePerPack: 900, packs: 10, boughtInMonths: [1], expiryMonths: 12 };
    expect(problemOf(() => bidTerm({ ...BID_A, charges: { creditPacks: packs } }, GUIDE_SCENARIO)).message).toMatch(/bills units one by one/);
    expect(problemOf(() => bidTerm({ ...BID_B, charges: { creditPacks: packs, allowance: { included: 10, overagePrice: 1 } } }, GUIDE_SCENARIO)).message).toMatch(/cannot be combined with tiers/);
    expect(problemOf(() => bidTerm({ ...BID_B, charges: { creditPacks: { ...packs, expiryMonths: 0 } } }, GUIDE_SCENARIO)).argument).toBe("expiry months");
  });
});

describe("credits bought up front and left to expire show as expired", () => {
  // 1,000,000 prepaid resolutions bought in month 1 for 800,000, usable for 12 months; the ramp and a
  // small volume use far fewer: the rest expire at the end of month 12, and month 13 on is billed per resolution.
  const packs = { creditsPerPack: 100000, pricePerPack: 80000, packs: 10, boughtInMonths: [1], expiryMonths: 12 };
  const prepaid: Bid = { ...BID_B, name: "Prepaid resolutions", charges: { creditPacks: packs } };
  const scenario: Scenario = { ...GUIDE_SCENARIO, conversations: 50000 };
  const settings = { months: 18, rampStart: 0.5, rampMonths: 6 };

  test("CREDIT_BURN over the term's resolutions: the packs billed in month 1, use drawn from them, the rest expired in month 12, overage billed after", () => {
    const t = bidTerm(prepaid, scenario, settings);
    const plain = bidTerm(BID_B, scenario, settings);
    const used12 = sum(plain.months.slice(0, 12).map((m) => m.billableUnits!));
    expect(used12).toBeLessThan(1000000);
    expect(t.expiredCredits).toBeCloseTo(1000000 - used12, 6);
    expect(t.months.map((m) => (m.creditsExpired > 0 ? m.month : 0)).filter((m) => m > 0)).toEqual([12]);
    expect(t.months[0].creditsBought).toBe(1000000);
    expect(sum(t.months.map((m) => m.creditsBought))).toBe(1000000);
    // Month 1 bills the packs, and no resolution (all drawn from credits); months 2-12 bill nothing.
    expect(t.months[0].vendorFee).toBeCloseTo(800000, 6);
    for (const m of t.months.slice(1, 12)) expect(m.vendorFee).toBeCloseTo(0, 6);
    // From month 13 the credits are gone: every resolution is billed as without packs.
    for (let k = 12; k < 18; k++) expect(near(t.months[k].vendorFee, plain.months[k].vendorFee)).toBe(true);
    for (let k = 0; k < 18; k++) expect(near(t.months[k].creditsUsed, k < 12 ? plain.months[k].billableUnits! : 0)).toBe(true);
    expect(near(t.total - plain.total, 800000 - 0.99 * used12)).toBe(true);
  });

  test("packs that never expire leave nothing expired; packs bought each year expire each year; an escalator raises the packs' price too", () => {
    expect(bidTerm({ ...prepaid, charges: { creditPacks: { ...packs, expiryMonths: undefined } } }, scenario, settings).expiredCredits).toBe(0);
    const yearly = bidTerm({ ...prepaid, charges: { creditPacks: { ...packs, packs: 6, boughtInMonths: [1, 13, 25] } } }, scenario, { months: 36 });
    expect(yearly.months.filter((m) => m.creditsExpired > 0).map((m) => m.month)).toEqual([12, 24, 36]);
    const escalated = bidTerm({ ...prepaid, charges: { creditPacks: { ...packs, packs: 3, boughtInMonths: [1, 13] }, escalator: { annualRate: 0.1 } } }, scenario, { months: 24 });
    expect(escalated.months[12].vendorFee).toBeCloseTo(1.1 * 240000, 6);
  });
});
