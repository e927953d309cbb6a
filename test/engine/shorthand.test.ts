/**
 * The pricing models as shorthand of charges (src/engine/meters/shorthand.ts): each model expanded into
 * its charges gives the same figures, the guide's three bids and every gallery template included, and a
 * bid by charges that the previous format can hold is written back in its model.
 */
import fc from "fast-check";
import { bidFigures, type Bid, type BidFigures, type Charges, type Pricing, type Scenario } from "../../src/engine";
import { isPricingProblem } from "../../src/engine/problems";
import { chargesOfShorthand, shorthandOfCharges, whyNotCharges } from "../../src/engine/meters/shorthand";
import { gallery as GALLERY } from "../../src/templates/gallery";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";
import { FIN, METER_BIDS } from "../support/meter-bids";

/**
 * The figures to compare: equal to the last bit where the arithmetic is the same, within a few units in
 * the last place where the charge counts units before pricing them (V x r x p against p x r x V).
 */
const ULPS = 1e-13;
function sameFigures(a: BidFigures, b: BidFigures): void {
  for (const k of Object.keys(a) as (keyof BidFigures)[]) {
    const x = a[k];
    const y = b[k];
    if (x === null || y === null) {
      expect([k, y]).toEqual([k, x]);
      continue;
    }
    // Savings are the human baseline less the blended cost, times V: a difference of two figures as large
    // as the baseline, so its last places are the baseline's (a saving of 1.8 against a baseline of 1,400).
    const baseline = k === "monthlySavings" ? Math.abs(a.monthlySavings + a.monthlyTotal) : 0;
    const scale = Math.max(1, Math.abs(x), Math.abs(y), baseline);
    if (Math.abs(x - y) > ULPS * scale) expect([k, y]).toEqual([k, x]);
  }
}

/** Figures or the problem's message: a bid is priced by both, or by neither. */
function figuresOrProblem(bid: Bid, s: Scenario): BidFigures | string {
  try {
    return bidFigures(bid, s);
  } catch (e) {
    if (isPricingProblem(e)) return "not priced";
    throw e;
  }
}

describe("the guide's three bids as charges", () => {
  test.each([
    ["A (per token)", BID_A, 0.5111],
    ["B (per resolution)", BID_B, 0.99],
    ["C (revenue share)", BID_C, 0.9306],
  ] as const)("%s costs the same per resolution", (_name, bid, perResolution) => {
    const expanded = chargesOfShorthand(bid);
    expect(expanded.pricing.model).toBe("charges");
    const f = bidFigures(expanded, GUIDE_SCENARIO);
    expect(f.costPerResolution).toBeCloseTo(perResolution, 4);
    if (bid === BID_C) sameFigures(bidFigures(bid, GUIDE_SCENARIO), f);
    else expect(f).toEqual(bidFigures(bid, GUIDE_SCENARIO)); // to the last bit
    // Back to its model, as it was.
    expect(shorthandOfCharges(expanded)).toEqual({ ok: true, bid });
  });

  test("the charges by hand: B is one charge on resolutions, C the AI run cost per conversation then 15% of the savings", () => {
    expect(chargesOfShorthand(BID_B).pricing).toEqual({ model: "charges", charges: [{ label: "Resolutions", meter: "resolutions", unitPrice: 0.99 }] });
    expect(chargesOfShorthand(BID_C).pricing).toEqual({
      model: "charges",
      charges: [
        { label: "AI run cost", meter: "conversations", unitPrice: 0.5 },
        { label: "Share of savings", meter: "revenue", basis: "savings", aiRunCost: 0.5, unitPrice: 0.15 },
      ],
    });
    // 0.5 + 0.15 x (3 - 0.5) x 0.9 = 0.8375 per conversation.
    expect(bidFigures(chargesOfShorthand(BID_C), GUIDE_SCENARIO).vendorFeePerConversation).toBeCloseTo(0.8375, 12);
  });
});

describe("every gallery template in a pricing model gives the same figures as its charges", () => {
  const scenarios: Scenario[] = [
    { ...GUIDE_SCENARIO, tokens: { input: 12000, output: 800, cachedInput: 4000 } },
    { conversations: 7, resolutionRate: 0.31, humanCost: 4.5, qualifyingShare: 0.6, tokens: { input: 3000, output: 200 } },
    { conversations: 2_500_000, resolutionRate: 0, humanCost: 2, tokens: { input: 250000, output: 9000 } },
  ];
  const priced = GALLERY.filter((t) => t.bid.pricing.model !== "charges");
  test("the gallery has bids in the pricing models", () => expect(priced.length).toBeGreaterThan(10));
  test.each(priced.map((t) => [t.id, t.bid] as const))("%s", (_id, bid) => {
    const why = whyNotCharges(bid);
    if (why) {
      expect(() => chargesOfShorthand(bid)).toThrow(why);
      return;
    }
    const expanded = chargesOfShorthand(bid);
    // To the last bit, but for a revenue share whose buyer pays the AI run cost: two charges, summed
    // (V x ai + V x fee against V x (ai + fee)), within a few units in the last place.
    const twoCharges = bid.pricing.model === "revenue-share" && bid.pricing.buyerPaysAiCost;
    for (const s of scenarios) {
      const a = figuresOrProblem(bid, s);
      const b = figuresOrProblem(expanded, s);
      if (typeof a === "string" || typeof b === "string" || !twoCharges) expect(b).toEqual(a);
      else sameFigures(a, b);
    }
    const back = shorthandOfCharges(expanded);
    if (bid.pricing.model === "credits" && bid.charges?.tiers) expect(back.ok).toBe(false);
    else expect(back).toEqual({ ok: true, bid: withoutShadowedPrice(bid) });
  });
});

// ---------------------------------------------------------------------------------------------
// The property: any bid in a pricing model, with any usage shape, and its charges.

/**
 * A double from the given range, a subnormal one (under 1e-300) read as 0: no price or rate is that small,
 * and a rate of 5e-324 turns two orders of the same arithmetic on a few subnormal units into a cost per
 * resolution of 3 against 4 (a fast-check seed found it).
 */
function double(constraints: Parameters<typeof fc.double>[0]): fc.Arbitrary<number> {
  return fc.double(constraints).map((x) => (Math.abs(x) < 1e-300 ? 0 : x));
}

const price = double({ min: 0, max: 50, noNaN: true, noDefaultInfinity: true });
const share = double({ min: 0, max: 1, noNaN: true });
const tokens = fc.integer({ min: 0, max: 400000 });

const tierList = fc.array(fc.tuple(fc.integer({ min: 1, max: 50000 }), price), { minLength: 1, maxLength: 4 }).map((rows) => {
  let bound = 0;
  return rows.map(([step, p], i) => ({ upTo: i === rows.length - 1 ? null : (bound += step), price: p }));
});
const usageShape: fc.Arbitrary<Charges> = fc.oneof(
  fc.constant({}),
  fc.record({ allowance: fc.record({ included: fc.integer({ min: 0, max: 200000 }), overagePrice: price }) }),
  fc.record({ tiers: fc.record({ mode: fc.constantFrom("graduated" as const, "volume" as const), tiers: tierList }) }),
  fc.record({ package: fc.record({ size: fc.integer({ min: 1, max: 10000 }), price: double({ min: 0, max: 5000, noNaN: true }) }) }),
);
const otherShapes = fc.record({ platformFeeMonthly: double({ min: 0, max: 10000, noNaN: true }), minimumMonthly: double({ min: 0, max: 50000, noNaN: true }), oneTimeFee: double({ min: 0, max: 100000, noNaN: true }) }, { requiredKeys: [] });

const unitPricing: fc.Arbitrary<Pricing> = fc.oneof(
  price.map((p) => ({ model: "per-conversation" as const, pricePerConversation: p })),
  price.map((p) => ({ model: "per-resolution" as const, pricePerResolution: p })),
  price.map((p) => ({ model: "outcome-based" as const, pricePerOutcome: p })),
  fc.record({ model: fc.constant("per-seat" as const), pricePerSeat: double({ min: 0, max: 2000, noNaN: true }), seats: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({
    model: fc.constant("credits" as const),
    creditsPerAction: fc.integer({ min: 0, max: 50 }),
    actionsPerConversation: double({ min: 0, max: 10, noNaN: true }),
    packPrice: double({ min: 0, max: 5000, noNaN: true }),
    creditsPerPack: fc.integer({ min: 1, max: 1_000_000 }),
  }),
);
const plainPricing: fc.Arbitrary<Pricing> = fc.oneof(
  fc.record({ model: fc.constant("revenue-share" as const), share, aiRunCost: price, buyerPaysAiCost: fc.boolean() }),
  fc.record(
    {
      model: fc.constant("per-token" as const),
      inputPricePerMTok: price,
      outputPricePerMTok: price,
      cachedInputPricePerMTok: price,
      tokens: fc.record({ input: tokens, output: tokens }),
      batch: fc.record({ discount: share, share }),
    },
    { requiredKeys: ["model", "inputPricePerMTok", "outputPricePerMTok"] },
  ),
);
const shorthandBid: fc.Arbitrary<Bid> = fc.tuple(fc.oneof(fc.tuple(unitPricing, usageShape), fc.tuple(plainPricing, fc.constant({}))), otherShapes, fc.option(share, { nil: undefined })).map(([[pricing, usage], other, r]) => {
  const charges = { ...usage, ...other };
  return {
    vendor: "V",
    name: "bid",
    currency: "USD",
    pricing,
    ...(Object.keys(charges).length ? { charges } : {}),
    ...(r !== undefined ? { performance: { resolutionRate: r } } : {}),
  };
});
const scenario: fc.Arbitrary<Scenario> = fc.record({
  conversations: fc.integer({ min: 1, max: 5_000_000 }),
  resolutionRate: share,
  humanCost: double({ min: 0, max: 20, noNaN: true }),
  qualifyingShare: share,
  tokens: fc.record({ input: tokens, output: tokens }),
});

/** The unit price a usage shape replaces is not part of the figures: the expansion drops it, so does the round trip. */
function withoutShadowedPrice(bid: Bid): Bid {
  const c = bid.charges;
  if (!c?.allowance && !c?.tiers && !c?.package) return bid;
  const p = bid.pricing;
  switch (p.model) {
    case "per-conversation":
      return { ...bid, pricing: { ...p, pricePerConversation: 0 } };
    case "per-resolution":
      return { ...bid, pricing: { ...p, pricePerResolution: 0 } };
    case "outcome-based":
      return { ...bid, pricing: { ...p, pricePerOutcome: 0 } };
    case "per-seat":
      return { ...bid, pricing: { ...p, pricePerSeat: 0 } };
    default:
      return bid;
  }
}

describe("property: a pricing model and its charges give the same figures", () => {
  test("any bid in a pricing model, any scenario: the same figures (or not priced by both)", () => {
    fc.assert(
      fc.property(shorthandBid, scenario, (bid, s) => {
        const a = figuresOrProblem(bid, s);
        const b = figuresOrProblem(chargesOfShorthand(bid), s);
        if (typeof a === "string" || typeof b === "string") expect(b).toEqual(a);
        else sameFigures(a, b);
      }),
      { numRuns: 400 },
    );
  });

  test("the charges read back as the model they stand for", () => {
    fc.assert(
      fc.property(shorthandBid, (bid) => {
        const back = shorthandOfCharges(chargesOfShorthand(bid));
        // A credit bid with a usage shape prices credits by the shape: its pack is not kept, and the
        // previous format has no credit bid without one.
        if (bid.pricing.model === "credits" && Object.keys(bid.charges ?? {}).some((k) => k === "allowance" || k === "tiers" || k === "package")) {
          expect(back).toMatchObject({ ok: false, reason: expect.stringContaining("without a credit pack") });
          return;
        }
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(back.bid).toEqual(withoutShadowedPrice(bid));
      }),
      { numRuns: 300 },
    );
  });
});

describe("bids by charges the previous format cannot hold say why", () => {
  test("Intercom Fin's two outcome charges", () => {
    expect(shorthandOfCharges(FIN)).toEqual({ ok: false, reason: "the bid has 2 charges; the previous format holds one price" });
  });
  test("each meter bid: written back in a model with the same figures, or a reason naming a charge or the bid", () => {
    const s: Scenario = { conversations: 100000, resolutionRate: 0.7, humanCost: 3, qualifyingShare: 0.8, tokens: { input: 1000, output: 100 } };
    let written = 0;
    for (const bid of Object.values(METER_BIDS)) {
      const back = shorthandOfCharges(bid);
      if (!back.ok) {
        expect(back.reason).toMatch(/charge "|the bid /);
        continue;
      }
      written++;
      expect(back.bid.pricing.model).not.toBe("charges");
      sameFigures(bidFigures(bid, s), bidFigures(back.bid, s));
    }
    expect(written).toBeGreaterThan(0);
  });
  test("a single charge per conversation with units included is a per-conversation bid with an allowance; its minimum is the bid's", () => {
    const bid: Bid = { vendor: "V", name: "n", currency: "USD", pricing: { model: "charges", charges: [{ label: "Conversations", meter: "conversations", unitPrice: 0.5, includedUnits: 1000, minimumMonthly: 100 }] } };
    expect(shorthandOfCharges(bid)).toEqual({
      ok: true,
      bid: { ...bid, pricing: { model: "per-conversation", pricePerConversation: 0 }, charges: { allowance: { included: 1000, overagePrice: 0.5 }, minimumMonthly: 100 } },
    });
  });
  test("a discount off list, a seat pool and an outcome share of the analyst's are named", () => {
    const one = (c: Extract<Pricing, { model: "charges" }>["charges"][number], discount?: number): Bid => ({ vendor: "V", name: "n", currency: "USD", pricing: { model: "charges", charges: [c], ...(discount !== undefined ? { discount } : {}) } });
    expect(shorthandOfCharges(one({ label: "R", meter: "resolutions", unitPrice: 1 }, 0.1))).toEqual({ ok: false, reason: "the bid has a discount off list, which the previous format cannot hold" });
    expect(shorthandOfCharges(one({ label: "R", meter: "resolutions", unitPrice: 1, discount: 0.2 }))).toMatchObject({ ok: false, reason: expect.stringContaining('charge "R" has a discount') });
    expect(shorthandOfCharges(one({ label: "S", meter: "seats", seats: 3, unitPrice: 1, pool: { counts: "assists", unitsPerSeat: 1, unitsPerConversation: 1, topUpPrice: 1 } }))).toMatchObject({
      ok: false,
      reason: 'charge "S" pools assists across seats',
    });
    expect(shorthandOfCharges(one({ label: "O", meter: "outcomes", outcomes: [{ type: "lead", share: 0.1 }], unitPrice: 1 }))).toMatchObject({ ok: false, reason: expect.stringContaining('charge "O" bills outcome types') });
    expect(shorthandOfCharges(one({ label: "M", meter: "voice-minutes", minutesPerConversation: 2, unitPrice: 0.05 }))).toMatchObject({ ok: false, reason: 'charge "M" is on voice-minutes, a meter the previous format does not have' });
  });
  test("an outcome bid gated by a service level cannot be written as charges", () => {
    const gated: Bid = { vendor: "V", name: "n", currency: "USD", pricing: { model: "outcome-based", pricePerOutcome: 1, serviceLevel: { metric: "CSAT", threshold: 4, higherIsBetter: true, creditShare: 1, expected: 4.2 } } };
    expect(whyNotCharges(gated)).toMatch(/service-level gate/);
    expect(() => chargesOfShorthand(gated)).toThrow(/cannot be written as charges/);
  });
});
