/**
 * The embedded engine's INDEX (src/embedded/one-cell-index.ts) gives HyperFormula's own results: over
 * random sheets (numbers, text, blanks, errors, a spill, cells beyond the sheet's last row) and random
 * INDEX formulas (ranges of cells, whole columns, arrays and expressions, rows and columns of 0, negative,
 * beyond the range, several at once), before and after a cell of the sheet changes.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { OneCellIndexPlugin, registerOneCellIndex } from "../../src/embedded/one-cell-index";
import { patchEngine } from "../../src/workbook/embedded-engine-patches";

const builtIn = HyperFormula.getFunctionPlugin("INDEX")!;
const NAMES = { INDEX: "INDEX" };
const col = (c: number) => String.fromCharCode(65 + c);

/** The values of the sheet's formulas under one INDEX or the other, before the edit and after. */
function compute(plugin: typeof builtIn, data: RawCellContent[][], formulas: string[], edit: { row: number; col: number; value: RawCellContent }): unknown[][] {
  HyperFormula.registerFunction("INDEX", plugin, { enGB: NAMES, enUS: NAMES });
  expect(HyperFormula.getFunctionPlugin("INDEX")).toBe(plugin);
  // Patched before the sheets are written, as the embedded workbook's engine is (a blocked spill read as
  // cells, not a throw).
  const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
  patchEngine(hf);
  hf.setSheetContent(hf.getSheetId(hf.addSheet("Data"))!, data);
  hf.setSheetContent(
    hf.getSheetId(hf.addSheet("Read"))!,
    formulas.map((f) => [f]),
  );
  const shown = () => hf.getSheetValues(hf.getSheetId("Read")!).map((row) => row.map((v) => (v instanceof Object && "type" in v ? `${v.type}: ${v.message}` : v)));
  try {
    const before = shown();
    hf.setCellContents({ sheet: hf.getSheetId("Data")!, row: edit.row, col: edit.col }, [[edit.value]]);
    return [...before, ...shown()];
  } finally {
    hf.destroy();
  }
}

afterAll(() => registerOneCellIndex());

const cell = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -9, max: 9 }) }, fc.constant(null), fc.constant("text"), fc.constant("=1/0"), fc.constant("=SEQUENCE(2, 2)"));
const index = fc.record({
  row: fc.nat(5),
  col: fc.nat(4),
  h: fc.integer({ min: 1, max: 8 }),
  w: fc.integer({ min: 1, max: 4 }),
  at: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constantFrom("{1;2}", "A1", "1/0", '"x"')),
  atCol: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
  shape: fc.constantFrom("cells", "column", "expression", "array"),
});

function formula(i: { row: number; col: number; h: number; w: number; at: number | string; atCol?: number; shape: string }): string {
  const cells = `Data!$${col(i.col)}$${i.row + 1}:$${col(i.col + i.w - 1)}$${i.row + i.h}`;
  const range = i.shape === "column" ? `Data!${col(i.col)}:${col(i.col)}` : i.shape === "expression" ? `${cells}*1` : i.shape === "array" ? "{1,2;3,4}" : cells;
  return `=INDEX(${range}, ${i.at}${i.atCol === undefined ? "" : `, ${i.atCol}`})`;
}

describe("the embedded INDEX", () => {
  test("gives HyperFormula's results, before and after a cell of the sheet changes", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 6 }), fc.array(index, { minLength: 1, maxLength: 6 }), fc.nat(7), fc.nat(4), cell, (data, indexes, row, c, value) => {
        const formulas = indexes.map(formula);
        const edit = { row, col: c, value };
        expect(compute(OneCellIndexPlugin as unknown as typeof builtIn, data, formulas, edit)).toEqual(compute(builtIn, data, formulas, edit));
      }),
      { numRuns: 300 },
    );
  });

  test("the one cell asked for, a cell of a spill, an empty cell, and HyperFormula's errors", () => {
    const data = [[1, "a", null], ["=SEQUENCE(2, 2)"], [], [3]];
    const formulas = ["=INDEX(Data!A1:C4, 1, 2)", "=INDEX(Data!A1:C4, 4, 1)", "=INDEX(Data!A1:C4, 2, 2)", "=INDEX(Data!A1:C4, 1, 3)", "=INDEX(Data!A1:C4, 0, 1)", "=INDEX(Data!A1:C4, 5, 1)", "=INDEX(Data!A1:A9, 9)"];
    const ours = compute(OneCellIndexPlugin as unknown as typeof builtIn, data, formulas, { row: 0, col: 0, value: 5 });
    expect(ours).toEqual(compute(builtIn, data, formulas, { row: 0, col: 0, value: 5 }));
    expect(ours.slice(0, 4).map((r) => r[0] ?? null)).toEqual(["a", 3, 2, null]); // B1, A4, B2 of the spill, an empty C1
    expect(String(ours[4][0])).toMatch(/^VALUE/);
    expect(String(ours[5][0])).toMatch(/^NUM/);
  });
});
