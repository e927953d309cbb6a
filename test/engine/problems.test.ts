/**
 * A PricingProblem (and a function's error value in the embedded workbook) records no call stack, and
 * leaves Error's setting as it found it: also where that setting cannot be changed.
 */
import { ExcelError } from "../../src/embedded/custom-functions-shim";
import { isPricingProblem, nonNegative, nonNegativeItem, nonNegativeNamed, PricingProblem } from "../../src/engine/problems";

describe("pricing problems", () => {
  test("carry their kind, argument and message; record no calls; leave Error.stackTraceLimit as it was", () => {
    const before = Error.stackTraceLimit;
    const p = new PricingProblem("num", "month", "month must be a whole number of months");
    expect([p.kind, p.argument, p.message, p.name]).toEqual(["num", "month", "month must be a whole number of months", "PricingProblem"]);
    expect(p).toBeInstanceOf(Error);
    expect(isPricingProblem(p)).toBe(true);
    expect(p.stack ?? "").not.toMatch(/\n\s+at /);
    const e = new ExcelError("#NUM!", "too high");
    expect([e.code, e.message]).toEqual(["#NUM!", "too high"]);
    expect(e.stack ?? "").not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("a fault").stack).toMatch(/\n\s+at /); // other errors still record their calls
  });

  test("are made where Error's setting is read-only", () => {
    const before = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
    Object.defineProperty(Error, "stackTraceLimit", { value: 10, writable: false, configurable: true });
    try {
      const p = new PricingProblem("value", "tokens", "a per-token bid needs tokens");
      expect(p.message).toBe("a per-token bid needs tokens");
      expect(new ExcelError("#N/A").code).toBe("#N/A");
    } finally {
      if (before) Object.defineProperty(Error, "stackTraceLimit", before);
    }
  });

  test("checks whose names are made on failure say what the named checks say", () => {
    expect(nonNegativeItem("input_prices", 2, 4)).toBe(4);
    expect(nonNegativeNamed("long prompts' ", "input tokens", 0)).toBe(0);
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as PricingProblem).message;
      }
      return null;
    };
    expect(message(() => nonNegativeItem("input_prices", 2, -1))).toBe(message(() => nonNegative("input_prices[3]", -1)));
    expect(message(() => nonNegativeNamed("long prompts' ", "input tokens", Infinity))).toBe(message(() => nonNegative("long prompts' input tokens", Infinity)));
    expect(message(() => nonNegativeItem("tier_prices", 0, NaN))).toMatch(/^tier_prices\[1\] must be a number of 0 or more \(got not a number\)/);
  });
});
