/**
 * Charges on meters in the engine: worked figures by hand, every meter kind's figure
 * against a hand computation, the shapes and discounts, the checks (a problem names the charge and the
 * field), and every meter unit registered whole.
 */
import fc from "fast-check";
import { bidFigures, bidPrices, chargeFigures, mainCharge, vendorMonthly, withPrice, type Bid, type Scenario } from "../../src/engine";
import { chargesMonthly, METER_KINDS, METERS, meterOf, type Charge, type MeterKind } from "../../src/engine/meters";
import { problemOf } from "../support/problem-of";
import { AGENTFORCE, AGENTFORCE_BY_HAND, FIN, FIN_BY_HAND, METER_BIDS, METER_SCENARIO, SEAT_POOL, seatPoolByHand, usd } from "../support/meter-bids";

const V100K: Scenario = { conversations: 100000, resolutionRate: 0.7, humanCost: 3 };
const charges = (b: Bid) => b.pricing as Extract<Bid["pricing"], { model: "charges" }>;

describe("worked figures, by hand", () => {
  test("Intercom Fin: 0.99 x 70,000 + 9.99 x 2,000 = 89,280 a month in fees at 100,000 conversations", () => {
    expect(FIN_BY_HAND).toBeCloseTo(89280, 9);
    expect(vendorMonthly(FIN, V100K).total).toBeCloseTo(89280, 9);
    const figures = chargeFigures(charges(FIN), V100K);
    expect(figures.map((f) => [f.label, f.units, f.fee])).toEqual([
      ["Fin outcomes", expect.closeTo(70000, 9), expect.closeTo(69300, 9)],
      ["Qualified leads", expect.closeTo(2000, 9), expect.closeTo(19980, 9)],
    ]);
  });
  test("Agentforce: (2 x 20 + 0.5 x 30) x 0.005 = 0.275 per conversation", () => {
    expect(AGENTFORCE_BY_HAND).toBeCloseTo(0.275, 12);
    expect(bidFigures(AGENTFORCE, V100K).vendorFeePerConversation).toBeCloseTo(0.275, 12);
    expect(chargeFigures(charges(AGENTFORCE), V100K)[0].units).toBeCloseTo(5.5e6, 6);
    expect(chargeFigures(charges(AGENTFORCE), V100K)[0].unitName).toBe("credits");
  });
  test("seats with assists pooled across them: below the pool the seats alone, above it the top-ups too", () => {
    // 100 seats x 100 assists = a pool of 10,000; 0.5 assists per conversation.
    expect(vendorMonthly(SEAT_POOL, { ...V100K, conversations: 15000 }).total).toBeCloseTo(5000, 9); // 7,500 assists: within the pool
    expect(seatPoolByHand(15000)).toBe(5000);
    expect(vendorMonthly(SEAT_POOL, { ...V100K, conversations: 30000 }).total).toBeCloseTo(6000, 9); // 15,000 assists: 5,000 x 0.20 beyond
    expect(seatPoolByHand(30000)).toBeCloseTo(6000, 9);
  });
});

/** Each meter bid's month by hand (METER_SCENARIO: V 100,000, r 0.7, q 0.8, h 3). */
const BY_HAND: Record<MeterKind, number> = {
  conversations: Math.max(100, (100000 - 1000) * 0.5),
  // 69,500 billable graduated: 5,000 x 1 + 15,000 x 0.8 + 49,500 x 0.5, then 10% off.
  resolutions: (5000 + 12000 + 24750) * 0.9,
  // 0.7 x 0.8 + 0.05 = 0.61 per conversation at 0.99 x 0.8.
  outcomes: 100000 * 0.61 * 0.99 * 0.8,
  handoffs: 30000 * 0.25 + (70000 - 2000) * 1.5,
  sessions: Math.ceil(120000 / 100) * 49,
  "voice-minutes": (150000 - 500) * 0.06,
  // 100000 x (1.5 x 2 + 0.5 x 5) = 550,000 credits, above 100,000: all at 0.008.
  actions: 550000 * 0.008,
  // 2 x ((15,000 x 3 + 5,000 x 0.3 + 3,000 x 15) / 1e6) = 0.183 per conversation, + 0.02.
  tokens: 100000 * 0.183 + 100000 * 0.02,
  seats: seatPoolByHand(100000),
  // 0.15 x (3 - 0.5) x 0.7 per conversation; 0.1 x (250,000 - 1,000).
  revenue: 100000 * 0.15 * 2.5 * 0.7 + 0.1 * 249000,
};

describe("every meter kind: the engine's month equals the hand computation", () => {
  test.each(METER_KINDS)("%s", (kind) => {
    expect(vendorMonthly(METER_BIDS[kind], METER_SCENARIO).total).toBeCloseTo(BY_HAND[kind], 6);
  });
  test("the table of meters holds every kind, each a whole unit", () => {
    expect(METER_KINDS.sort()).toEqual(["actions", "conversations", "handoffs", "outcomes", "resolutions", "revenue", "seats", "sessions", "tokens", "voice-minutes"]);
    for (const kind of METER_KINDS) {
      const unit = METERS[kind];
      expect(unit.kind).toBe(kind);
      expect(unit.docs.example.meter).toBe(kind);
      expect(unit.questions.length).toBeGreaterThan(0);
      // The docs' example prices.
      const fee = chargesMonthly([unit.docs.example], { conversations: 10000, resolutionRate: 0.7, qualifyingShare: 0.8, humanCost: 3, tokenFactor: 1 })[0].fee;
      expect(Number.isFinite(fee) && fee >= 0).toBe(true);
    }
  });
});

describe("discounts", () => {
  const base: Charge = { label: "R", meter: "resolutions", unitPrice: 1 };
  test("a charge's own discount, else the bid's, off the list price; the minimum is not discounted", () => {
    const s = { ...V100K, resolutionRate: 0.5 };
    expect(vendorMonthly(usd("x", [base], 0.1), s).total).toBeCloseTo(45000, 9);
    expect(vendorMonthly(usd("x", [{ ...base, discount: 0.2 }], 0.1), s).total).toBeCloseTo(40000, 9);
    expect(vendorMonthly(usd("x", [{ ...base, discount: 0.5, minimumMonthly: 30000 }]), s).total).toBe(30000);
  });
});

describe("checks name the charge by its label and the field", () => {
  const bad = (c: Partial<Charge>, discount?: number) => problemOf(() => vendorMonthly(usd("x", [{ label: "Leads", meter: "resolutions", unitPrice: 1, ...c } as Charge], discount), V100K));
  test.each([
    [{ unitPrice: -1 }, 'charge "Leads" unitPrice', "num"],
    [{ unitPrice: undefined }, 'charge "Leads" unitPrice', "value"],
    [{ packageSize: 0 }, 'charge "Leads" packageSize', "num"],
    [{ discount: 1.5 }, 'charge "Leads" discount', "num"],
    [{ creditsPerUnit: 2 }, 'charge "Leads" creditsPerUnit', "value"],
    [{ tiers: { mode: "graduated", tiers: [{ upTo: null, price: 1 }] }, unitPrice: undefined, packageSize: 10 }, 'charge "Leads" packageSize', "value"],
  ] as [Partial<Charge>, string, string][])("%j", (c, argument, kind) => {
    const p = bad(c);
    expect(p.argument).toBe(argument);
    expect(p.kind).toBe(kind);
    expect(p.message).toContain('"Leads"');
  });
  test("outcome shares over 1 across the bid's charges: at most one outcome per conversation", () => {
    const o = (label: string, share: number): Charge => ({ label, meter: "outcomes", outcomes: [{ type: label, share }], unitPrice: 1 });
    expect(problemOf(() => vendorMonthly(usd("x", [o("a", 0.6), o("b", 0.5)]), V100K)).argument).toBe("outcomes");
    expect(vendorMonthly(usd("x", [o("a", 0.6), o("b", 0.4)]), V100K).total).toBeCloseTo(100000, 6);
  });
  test("two charges with one label", () => {
    expect(
      problemOf(() =>
        vendorMonthly(
          usd("x", [
            { label: "A", meter: "conversations", unitPrice: 1 },
            { label: "A", meter: "resolutions", unitPrice: 1 },
          ]),
          V100K,
        ),
      ).argument,
    ).toBe('charge "A" label');
  });
  test("actions with credits for some types but not all", () => {
    const c: Charge = {
      label: "Acts",
      meter: "actions",
      actions: [
        { type: "a", perConversation: 1, creditsPerAction: 2 },
        { type: "b", perConversation: 1 },
      ],
      unitPrice: 1,
    };
    expect(problemOf(() => vendorMonthly(usd("x", [c]), V100K)).argument).toBe('charge "Acts" actions');
  });
  test("an unknown meter (data not checked by the schema) is a problem, not a crash", () => {
    const c = { label: "Odd", meter: "odd", unitPrice: 1 } as unknown as Charge;
    expect(problemOf(() => meterOf(c)).argument).toBe('charge "Odd" meter');
  });
});

describe("properties", () => {
  const rate = fc.double({ min: 0, max: 1, noNaN: true });
  const volume = fc.integer({ min: 1, max: 1e7 });
  test("every meter bid: never negative, and its fees are the sum of its charges' fees", () => {
    fc.assert(
      fc.property(fc.constantFrom(...METER_KINDS), volume, rate, (kind, v, r) => {
        const s = { ...METER_SCENARIO, conversations: v, resolutionRate: r };
        const bid = METER_BIDS[kind];
        const figures = chargeFigures(charges(bid), s);
        const total = vendorMonthly(bid, s).total;
        const sum = figures.reduce((a, f) => a + f.fee, 0);
        return total >= 0 && figures.every((f) => f.fee >= 0 && f.units >= 0) && Math.abs(total - sum) <= 1e-9 * Math.max(1, sum);
      }),
    );
  });
  test("a bid by charges on one per-resolution charge prices as the per-resolution bid (the shorthand)", () => {
    fc.assert(
      fc.property(volume, rate, fc.double({ min: 0, max: 100, noNaN: true }), (v, r, price) => {
        const s = { ...V100K, conversations: v, resolutionRate: r };
        const short: Bid = { vendor: "v", name: "n", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: price } };
        const long = usd("n", [{ label: "Resolutions", meter: "resolutions", unitPrice: price }]);
        const a = bidFigures(short, s).monthlyTotal;
        const b = bidFigures(long, s).monthlyTotal;
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
      }),
    );
  });
});

describe("the prices of a bid by charges (the tornado, the price to match)", () => {
  test("each charge's price by its label; the main charge is the one with the largest fee; a changed copy keeps the list", () => {
    expect(bidPrices(FIN).map((p) => [p.path, p.words])).toEqual([
      ["pricing.charges.0.unitPrice", "Fin outcomes: price per unit"],
      ["pricing.charges.1.unitPrice", "Qualified leads: price per unit"],
    ]);
    expect(mainCharge(FIN, V100K)?.path).toBe("pricing.charges.0.unitPrice");
    expect(mainCharge(AGENTFORCE, V100K)?.path).toBe("pricing.charges.0.creditPack.price");
    const cheaper = withPrice(FIN, "pricing.charges.1.unitPrice", 5);
    expect(Array.isArray(charges(cheaper).charges)).toBe(true);
    expect(vendorMonthly(cheaper, V100K).total).toBeCloseTo(0.99 * 70000 + 5 * 2000, 6);
    expect(charges(FIN).charges[1].unitPrice).toBe(9.99);
  });
});
