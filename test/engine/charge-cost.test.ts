/**
 * CHARGE_COST (docs/spec.md#charge-cost): the contract's examples, the package rounding, the checks, and
 * its properties (never below the minimum, never negative, never less for more units).
 */
import fc from "fast-check";
import { chargeCost, allowanceCost, wholePackages } from "../../src/engine/measures";
import { problemOf } from "../support/problem-of";

describe("CHARGE_COST: the contract's examples", () => {
  test.each([
    ["CHARGE_COST(120, 0.99, 50)", () => chargeCost(120, 0.99, 50), 69.3],
    ["CHARGE_COST(40, 0.99, 50)", () => chargeCost(40, 0.99, 50), 0],
    ["CHARGE_COST(1234, 49, 0, 100)", () => chargeCost(1234, 49, 0, 100), 637],
    ["CHARGE_COST(1200, 49, 0, 100)", () => chargeCost(1200, 49, 0, 100), 588],
    ["CHARGE_COST(10, 2, , , 100)", () => chargeCost(10, 2, undefined, undefined, 100), 100],
  ])("%s", (_name, f, expected) => {
    expect(f()).toBeCloseTo(expected, 12);
  });
});

describe("CHARGE_COST: packages", () => {
  test("a quantity within 1e-9 relative of a whole number of packages needs exactly that many", () => {
    expect(wholePackages(1200 * (1 - 1e-12), 100)).toBe(12);
    expect(wholePackages(1200, 100)).toBe(12);
    expect(wholePackages(0.3 * 3, 0.3)).toBe(3); // 0.8999999999999999 / 0.3 is not exactly 3
    expect(wholePackages(1200 * (1 + 5e-10), 100)).toBe(12);
    expect(wholePackages(1200 * (1 + 1e-8), 100)).toBe(13);
    expect(wholePackages(1201, 100)).toBe(13);
    expect(wholePackages(0, 100)).toBe(0);
    expect(wholePackages(1e-12, 100)).toBe(1);
  });
  test("packages apply to the units above the included ones", () => {
    expect(chargeCost(150, 49, 50, 100)).toBe(49);
    expect(chargeCost(151, 49, 50, 100)).toBe(98);
    expect(chargeCost(50, 49, 50, 100)).toBe(0);
  });
  test("the minimum applies to the charge after the allowance and packages", () => {
    expect(chargeCost(120, 0.99, 50, undefined, 100)).toBe(100);
    expect(chargeCost(1234, 49, 0, 100, 600)).toBe(637);
  });
});

describe("CHARGE_COST: bad input is #NUM! naming the argument", () => {
  test.each([
    [() => chargeCost(-1, 1), "units"],
    [() => chargeCost(1, -1), "unit_price"],
    [() => chargeCost(1, 1, -1), "included_units"],
    [() => chargeCost(1, 1, 0, 0), "package_size"],
    [() => chargeCost(1, 1, 0, -100), "package_size"],
    [() => chargeCost(1, 1, 0, undefined, -5), "minimum_charge"],
    [() => chargeCost(NaN, 1), "units"],
    [() => chargeCost(1, 1, 0, NaN), "package_size"],
  ])("%#: %s", (f, argument) => {
    const p = problemOf(f);
    expect(p.kind).toBe("num");
    expect(p.argument).toBe(argument);
  });
});

describe("CHARGE_COST: properties", () => {
  const amount = fc.double({ min: 0, max: 1e7, noNaN: true });
  const size = fc.double({ min: 0.01, max: 1e4, noNaN: true });
  test("never below the minimum, never negative, never less for more units", () => {
    fc.assert(
      fc.property(amount, amount, amount, fc.option(size, { nil: undefined }), amount, amount, (u, pr, inc, s, min, more) => {
        const c = chargeCost(u, pr, inc, s, min);
        return c >= 0 && c >= min && chargeCost(u + more, pr, inc, s, min) >= c;
      }),
    );
  });
  test("without packages or a minimum it is ALLOWANCE_COST without a platform fee", () => {
    fc.assert(fc.property(amount, amount, amount, (u, pr, inc) => chargeCost(u, pr, inc) === allowanceCost(u, inc, pr)));
  });
  test("packages: the charge covers the billable units and one package fewer would not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1000 }), (u, s) => {
        const n = chargeCost(u, 1, 0, s);
        return n * s >= u && (n - 1) * s < u;
      }),
    );
  });
});
