/**
 * PERCENTILE.INC by selection (src/engine/risk.ts percentilesInc): at every p, the value that sorting
 * all the values and interpolating gives, for any values (ties, few distinct values, sorted or reversed
 * input, thousands of draws), and the values passed are left as they were.
 */
import fc from "fast-check";
import { percentileInc, percentilesInc } from "../../src/engine";

/** PERCENTILE.INC as Excel documents it: sort, then interpolate at rank p x (n - 1). */
function bySorting(values: readonly number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  return lower + 1 < sorted.length ? sorted[lower] + (rank - lower) * (sorted[lower + 1] - sorted[lower]) : sorted[lower];
}

const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 }));
const ps = fc.array(fc.oneof(fc.constantFrom(0, 0.1, 0.5, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 });

test("the figures of sorting, at every p, for any values; the values are not changed", () => {
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), ps, (values, at) => {
      const before = [...values];
      expect(percentilesInc(values, at)).toEqual(at.map((p) => bySorting(values, p)));
      expect(values).toEqual(before);
    }),
    { numRuns: 400 },
  );
});

test("thousands of draws, in order, reversed and with many ties", () => {
  const draws = Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
  const ascending = [...draws].sort((a, b) => a - b);
  const ties = draws.map((d) => Math.round(d * 4));
  for (const values of [draws, ascending, [...ascending].reverse(), ties, new Array(2000).fill(7)]) {
    expect(percentilesInc(values, [0.1, 0.5, 0.9])).toEqual([0.1, 0.5, 0.9].map((p) => bySorting(values, p)));
    expect(percentileInc(values, 0.37)).toBe(bySorting(values, 0.37));
  }
});
