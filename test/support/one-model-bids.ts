/**
 * Random bids for the "One model, one answer" properties (engine and CLI): ordinary bids of every model
 * and the edge bids (an assist tool, zero prices, a bid out of its domain), in sets with ties.
 */
import fc from "fast-check";
import type { Bid, Pricing, Scenario } from "../../src/engine";

/**
 * An amount of money up to `max`: 0, or at least a millionth of a currency unit. No price list holds a
 * smaller positive amount, and below it (down to 5e-324) a bid's figures are only rounding: a blended
 * cost of 5e-324 / 2 is 0 while the month's total is 5e-324, which no analyst could ever be shown.
 */
export const money = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max, noNaN: true }));
/** A share or rate: 0, 1, or from a billionth up (the same reason: smaller ones only multiply rounding). */
export const share = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 1e-9, max: 1, noNaN: true }));
export const price = money(5);

export const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  fc.record({ model: fc.constant("per-token" as const), inputPricePerMTok: price, outputPricePerMTok: price, tokens: fc.record({ input: fc.integer({ min: 0, max: 50000 }), output: fc.integer({ min: 0, max: 10000 }) }) }),
  fc.record({ model: fc.constant("per-seat" as const), pricePerSeat: money(200), seats: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ model: fc.constant("per-conversation" as const), pricePerConversation: price }),
  fc.record({ model: fc.constant("per-resolution" as const), pricePerResolution: price }),
  fc.record({ model: fc.constant("outcome-based" as const), pricePerOutcome: price }),
  fc.record({ model: fc.constant("revenue-share" as const), share, aiRunCost: price, buyerPaysAiCost: fc.boolean() }),
  fc.record({
    model: fc.constant("credits" as const),
    creditsPerAction: fc.integer({ min: 0, max: 50 }),
    actionsPerConversation: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 5, noNaN: true })),
    packPrice: money(1000),
    creditsPerPack: fc.integer({ min: 1, max: 100000 }),
  }),
  // A bid by charges: outcomes by share, handoffs in packages, seats with a pool, a discount.
  fc
    .record({ outcome: share, p1: price, p2: price, size: fc.integer({ min: 1, max: 1000 }), seats: fc.integer({ min: 0, max: 50 }), topUp: price, discount: fc.option(share, { nil: undefined }) })
    .map(({ outcome, p1, p2, size, seats, topUp, discount }): Pricing => ({
      model: "charges",
      ...(discount !== undefined ? { discount } : {}),
      charges: [
        { label: "Outcomes", meter: "outcomes", outcomes: [{ type: "outcome", share: outcome }], unitPrice: p1, includedUnits: 100 },
        { label: "Handoffs", meter: "handoffs", unitPrice: p2 * 50, packageSize: size },
        { label: "Seats", meter: "seats", seats, unitPrice: 40, pool: { counts: "assists", unitsPerSeat: 200, unitsPerConversation: 0.5, topUpPrice: topUp } },
      ],
    })),
);

/** An ordinary bid: any model, maybe a platform fee, a minimum, something supplied, its own rate. */
export const ordinaryBid: fc.Arbitrary<Bid> = fc
  .record({
    pricing,
    platform: fc.option(money(5000), { nil: undefined }),
    minimum: fc.option(money(50000), { nil: undefined }),
    supplied: fc.option(price, { nil: undefined }),
    ownRate: fc.option(share, { nil: undefined }),
  })
  .map(({ pricing, platform, minimum, supplied, ownRate }) => {
    const bid: Bid = { vendor: "V", name: "ordinary", currency: "USD", pricing };
    if (platform !== undefined || minimum !== undefined) bid.charges = { platformFeeMonthly: platform, minimumMonthly: minimum };
    if (supplied !== undefined) bid.supplied = [{ label: "infrastructure", perConversation: supplied }];
    if (ownRate !== undefined) bid.performance = { resolutionRate: ownRate };
    return bid;
  });

/** An agent-assist tool: seats for human agents, resolves nothing, saves a share of each human's cost. */
export const assistTool: fc.Arbitrary<Bid> = fc.record({ seats: fc.integer({ min: 0, max: 500 }), price: money(100), assist: share }).map(({ seats, price, assist }) => ({
  vendor: "S",
  name: "assist",
  currency: "USD",
  pricing: { model: "per-seat", pricePerSeat: price, seats },
  performance: { resolutionRate: 0, assist },
}));

/** Every price zero. */
export const zeroBid: fc.Arbitrary<Bid> = fc
  .constantFrom<Pricing>({ model: "per-conversation", pricePerConversation: 0 }, { model: "per-resolution", pricePerResolution: 0 }, { model: "per-token", inputPricePerMTok: 0, outputPricePerMTok: 0, tokens: { input: 1000, output: 100 } })
  .map((p) => ({ vendor: "Z", name: "zero", currency: "USD", pricing: p }));

/** A bid with an input outside its domain: it must be "not priced" in every view. */
export const outOfDomain: fc.Arbitrary<Bid> = fc.constantFrom<Bid>(
  { vendor: "X", name: "rate 150%", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.1 }, performance: { resolutionRate: 1.5 } },
  { vendor: "X", name: "negative price", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: -2 } },
  { vendor: "X", name: "triple out of order", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.5 }, performance: { resolutionRate: { low: 0.9, likely: 0.5, high: 0.7 } } },
  { vendor: "X", name: "negative seats", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 10, seats: -100 } },
  { vendor: "X", name: "huge", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 1e308 }, supplied: [{ label: "x", perConversation: 1e308 }] },
);

export const anyBid = fc.oneof({ weight: 6, arbitrary: ordinaryBid }, { weight: 1, arbitrary: assistTool }, { weight: 1, arbitrary: zeroBid }, { weight: 1, arbitrary: outOfDomain });

/** A set of bids, some of them copies of others (ties). */
export function bidSet(min: number, max: number): fc.Arbitrary<Bid[]> {
  return fc.tuple(fc.array(anyBid, { minLength: min, maxLength: max }), fc.array(fc.nat(), { maxLength: 3 })).map(([bids, copies]) => {
    const out = bids.map((b, i) => ({ ...b, name: `${b.name} ${i + 1}` }));
    for (const c of copies) if (out.length < max) out.push({ ...out[c % out.length], name: `copy of ${out[c % out.length].name}` });
    return out;
  });
}

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  conversations: fc.integer({ min: 1, max: 1_000_000 }),
  resolutionRate: share,
  humanCost: money(20),
  qualifyingShare: share,
});
