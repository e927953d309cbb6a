/**
 * The embedded engine's PERCENTILE.INC (src/embedded/sorted-percentile.ts) gives HyperFormula's own
 * figures: over random rows (ties, negatives, blanks, text) at random k, on a range of cells and on an
 * expression, and again after a cell of the range changes (its kept sorted values are then stale).
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { registerSortedPercentile, SortedPercentilePlugin } from "../../src/embedded/sorted-percentile";
import { percentileIncInPlace } from "../../src/engine/risk";

const builtIn = HyperFormula.getFunctionPlugin("PERCENTILE.INC")!;
const NAMES = { "PERCENTILE.INC": "PERCENTILE.INC" };

/** The figures of the sheet's formulas under one PERCENTILE.INC or the other. */
function compute(plugin: typeof builtIn, row: RawCellContent[], ks: number[], edit?: { col: number; value: RawCellContent }): unknown[] {
  HyperFormula.registerFunctionPlugin(plugin, { enGB: NAMES, enUS: NAMES });
  expect(HyperFormula.getFunctionPlugin("PERCENTILE.INC")).toBe(plugin);
  const last = row.length;
  const range = `$A$1:$${String.fromCharCode(64 + last)}$1`;
  const formulas = ks.flatMap((k) => [`=PERCENTILE.INC(${range}, ${k})`, `=PERCENTILE.INC(${range}*2-1, ${k})`]);
  const hf = HyperFormula.buildFromArray([row, formulas], { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
  try {
    if (edit) hf.setCellContents({ sheet: 0, row: 0, col: edit.col }, [[edit.value]]);
    return hf.getSheetValues(0)[1].map((v) => (v instanceof Object && "type" in v ? `${v.type}: ${v.message}` : v));
  } finally {
    hf.destroy();
  }
}

afterAll(() => registerSortedPercentile());

const cell = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, fc.integer({ min: -3, max: 3 }), fc.constant(null), fc.constant("text"));

describe("the embedded PERCENTILE.INC", () => {
  test("gives HyperFormula's figures, before and after a cell of the range changes", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 20 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), fc.nat(), cell, (row, ks, at, value) => {
        const edit = { col: at % row.length, value };
        expect(compute(SortedPercentilePlugin as unknown as typeof builtIn, row, ks)).toEqual(compute(builtIn, row, ks));
        expect(compute(SortedPercentilePlugin as unknown as typeof builtIn, row, ks, edit)).toEqual(compute(builtIn, row, ks, edit));
      }),
      { numRuns: 60 },
    );
  });

  test("an error in the range is the result; a range without a number is #NUM!; k out of 0..1 is #NUM!", () => {
    const ours = compute(SortedPercentilePlugin as unknown as typeof builtIn, [1, "=1/0", 3], [0.5]);
    expect(ours).toEqual(compute(builtIn, [1, "=1/0", 3], [0.5]));
    expect(String(ours[0])).toMatch(/^DIV_BY_ZERO/);
    expect(compute(SortedPercentilePlugin as unknown as typeof builtIn, ["a", null], [0.5])).toEqual(compute(builtIn, ["a", null], [0.5]));
    expect(compute(SortedPercentilePlugin as unknown as typeof builtIn, [1, 2], [1.5])).toEqual(compute(builtIn, [1, 2], [1.5]));
  });

  test("interpolates between neighbours at rank k x (n - 1)", () => {
    expect(percentileIncInPlace(Float64Array.from([4, 1, 5, 2, 3]), 0.1)).toBeCloseTo(1.4, 12);
    expect(percentileIncInPlace(Float64Array.from([10]), 0.9)).toBe(10);
    expect(percentileIncInPlace(Float64Array.from([3, 1]), 1)).toBe(3);
  });
});
