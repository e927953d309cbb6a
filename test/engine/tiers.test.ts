/** Graduated and volume tiers (src/engine/tiers.ts). */
import fc from "fast-check";
import { checkTiers, parseTierMode, Tier, tieredCost, TierMode, tierPricer } from "../../src/engine";
import { problemOf } from "../support/problem-of";

const SPEC_TIERS: Tier[] = [
  { upTo: 1000, price: 1 },
  { upTo: 10000, price: 0.8 },
  { upTo: null, price: 0.5 },
];

describe("The contract's example: bounds {1000, 10000, blank}, prices {1, 0.8, 0.5}", () => {
  test("12000 units cost 9200 graduated (1000 x 1 + 9000 x 0.8 + 2000 x 0.5)", () => {
    expect(tieredCost(12000, SPEC_TIERS)).toBe(9200);
    expect(tieredCost(12000, SPEC_TIERS, "graduated")).toBe(9200);
  });
  test("12000 units cost 6000 by volume (all at 0.5)", () => {
    expect(tieredCost(12000, SPEC_TIERS, "volume")).toBe(6000);
  });
});

describe("bounds are inclusive", () => {
  test("a quantity on a bound stays in that tier", () => {
    expect(tieredCost(1000, SPEC_TIERS, "volume")).toBe(1000);
    expect(tieredCost(1001, SPEC_TIERS, "volume")).toBeCloseTo(800.8, 10);
    expect(tieredCost(10000, SPEC_TIERS, "volume")).toBe(8000);
    expect(tieredCost(10000, SPEC_TIERS, "graduated")).toBe(8200);
  });
  test("graduated cost has no jump at a bound", () => {
    expect(tieredCost(1000, SPEC_TIERS)).toBe(1000);
    expect(tieredCost(1000.5, SPEC_TIERS)).toBeCloseTo(1000.4, 10);
  });
  test("zero units cost nothing", () => {
    expect(tieredCost(0, SPEC_TIERS)).toBe(0);
    expect(tieredCost(0, SPEC_TIERS, "volume")).toBe(0);
  });
});

describe("bad tiers", () => {
  test("bounds that do not ascend are #NUM!", () => {
    const p = problemOf(() =>
      tieredCost(5, [
        { upTo: 10, price: 1 },
        { upTo: 10, price: 0.5 },
      ]),
    );
    expect(p.kind).toBe("num");
    expect(p.argument).toBe("tier_upper_bounds");
  });
  test("a blank bound before the last is #VALUE!", () => {
    expect(
      problemOf(() =>
        checkTiers([
          { upTo: null, price: 1 },
          { upTo: 10, price: 0.5 },
        ]),
      ).kind,
    ).toBe("value");
  });
  test("no tiers is #VALUE!", () => {
    expect(problemOf(() => checkTiers([])).kind).toBe("value");
  });
  test("a negative price is #NUM! naming the tier", () => {
    expect(problemOf(() => checkTiers([{ upTo: null, price: -1 }])).argument).toBe("tier_prices[1]");
  });
  test("a quantity above a bounded last tier is #NUM! (leave the last bound blank for no limit)", () => {
    const p = problemOf(() => tieredCost(20, [{ upTo: 10, price: 1 }]));
    expect(p.kind).toBe("num");
    expect(p.argument).toBe("quantity");
    expect(problemOf(() => tieredCost(20, [{ upTo: 10, price: 1 }], "volume")).argument).toBe("quantity");
  });
});

describe("mode", () => {
  test("graduated is the default; case and spaces do not matter", () => {
    expect(parseTierMode(undefined)).toBe("graduated");
    expect(parseTierMode(" Volume ")).toBe("volume");
    expect(parseTierMode("GRADUATED")).toBe("graduated");
  });
  test("an unknown mode is #VALUE! naming mode", () => {
    const p = problemOf(() => parseTierMode("tiered"));
    expect(p.kind).toBe("value");
    expect(p.argument).toBe("mode");
  });
});

describe("tierPricer: the tiers checked once, each quantity priced by a binary search", () => {
  /** Tiers whose every read is counted (a Proxy over the array and each tier). */
  function countedTiers(n: number): { tiers: Tier[]; reads: () => number } {
    let reads = 0;
    const plain: Tier[] = Array.from({ length: n }, (_, i) => ({ upTo: i === n - 1 ? null : (i + 1) * 10, price: 1 / (i + 1) }));
    const counted = plain.map(
      (t) =>
        new Proxy(t, {
          get(target, key) {
            reads++;
            return target[key as keyof Tier];
          },
        }),
    );
    return { tiers: counted, reads: () => reads };
  }

  test("pricing 2,000 quantities over 2,000 tiers reads the tiers once, not once per quantity", () => {
    const { tiers, reads } = countedTiers(2000);
    const price = tierPricer(tiers);
    const afterCheck = reads();
    expect(afterCheck).toBeLessThan(10 * 2000);
    for (let q = 0; q < 2000; q++) price(q * 10.5);
    // Re-checking the tiers for each quantity would read them millions of times.
    expect(reads()).toBe(afterCheck);
  });

  test("gives tieredCost's figures, to the last bit, graduated and volume", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 20000, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom<TierMode>("graduated", "volume"),
        (pairs, open, quantities, mode) => {
          let bound = 0;
          const tiers: Tier[] = pairs.map(([w, p], i) => {
            bound += w;
            return { upTo: open && i === pairs.length - 1 ? null : bound, price: p };
          });
          const price = tierPricer(tiers, mode);
          return quantities.every((q) => {
            const naive = naiveTieredCost(q, tiers, mode);
            if (naive === "beyond") return problemOf(() => price(q)).argument === "quantity";
            return price(q) === naive && tieredCost(q, tiers, mode) === naive;
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("checks the tiers when it is made, and each quantity when it is priced", () => {
    expect(
      problemOf(() =>
        tierPricer([
          { upTo: 10, price: 1 },
          { upTo: 5, price: 1 },
        ]),
      ).kind,
    ).toBe("num");
    const price = tierPricer(SPEC_TIERS);
    expect(problemOf(() => price(-1)).argument).toBe("quantity");
    expect(problemOf(() => price(NaN)).argument).toBe("quantity");
    expect(price(12000)).toBe(9200);
  });
});

/** The first edition's walk through the tiers, kept as the reference. */
function naiveTieredCost(quantity: number, tiers: readonly Tier[], mode: TierMode): number | "beyond" {
  if (mode === "volume") {
    for (const tier of tiers) if (tier.upTo === null || quantity <= tier.upTo) return quantity * tier.price;
    return "beyond";
  }
  let total = 0;
  let floor = 0;
  for (const tier of tiers) {
    const ceiling = tier.upTo === null ? Infinity : tier.upTo;
    if (quantity <= ceiling) return total + (quantity - floor) * tier.price;
    total += (ceiling - floor) * tier.price;
    floor = ceiling;
  }
  return "beyond";
}
