/** Graduated and volume tiers (src/engine/tiers.ts). */
import { checkTiers, parseTierMode, PricingProblem, Tier, tieredCost } from "../../src/engine";
import { problemOf } from "../support/problem-of";

const SPEC_TIERS: Tier[] = [
  { upTo: 1000, price: 1 },
  { upTo: 10000, price: 0.8 },
  { upTo: null, price: 0.5 },
];

describe("SPEC's example: bounds {1000, 10000, blank}, prices {1, 0.8, 0.5}", () => {
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
    const p = problemOf(() => tieredCost(5, [{ upTo: 10, price: 1 }, { upTo: 10, price: 0.5 }]));
    expect(p.kind).toBe("num");
    expect(p.argument).toBe("tier_upper_bounds");
  });
  test("a blank bound before the last is #VALUE!", () => {
    expect(problemOf(() => checkTiers([{ upTo: null, price: 1 }, { upTo: 10, price: 0.5 }])).kind).toBe("value");
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
