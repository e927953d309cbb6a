import { PricingProblem } from "../../src/engine";

/** Runs `f` and returns the PricingProblem it throws (fails the test if it throws anything else, or nothing). */
export function problemOf(f: () => unknown): PricingProblem {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PricingProblem);
    return e as PricingProblem;
  }
  throw new Error("expected a PricingProblem, but nothing was thrown");
}
