/**
 * The embedded engine's element-wise `+ - * /` and unary minus (src/embedded/fast-arithmetic.ts) give
 * HyperFormula's own results: random formulas over ranges of random shapes (rows, columns, blocks, single
 * cells, a row against a column, sizes that do not match), cells and literals, whose cells hold numbers
 * (tiny, huge, ones that cancel, 0), blanks, booleans, numeric and other texts, errors, and percent,
 * currency and date numbers; spilled and inside SUM, with and without smart rounding (its epsilon). Two
 * engines compute the same sheets, one of them patched; every cell's value (errors by type and message),
 * kind of number and format are compared.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { fastArithmetic } from "../../src/embedded/fast-arithmetic";

const SIZE = 6;
const letters = "ABCDEF";

const cell: fc.Arbitrary<RawCellContent> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  // Values that cancel to within the precision epsilon (0.1 + 0.2 - 0.3), tiny and huge ones.
  { weight: 4, arbitrary: fc.constantFrom(0.1, 0.2, 0.3, -0.3, 0.30000000000000004, -0.30000000000000004, 1 + 1e-15, -1) },
  { weight: 2, arbitrary: fc.constantFrom(1e-300, -1e-300, 1e300, -1e300, 1.7e308, 5e-324) },
  fc.boolean(),
  fc.constantFrom("'3", '="-2.5"', "x", "", '=""', "5%", "-$5", "$2.50", "01/02/2020", "=1/0", "=NA()", "=5%", "=-0"),
  fc.constant(null),
);

/** A range of the data (any shape: a row, a column, a block, one cell). */
const range = fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(([r, c, h, w]) => `Data!$${letters[c]}$${r + 1}:$${letters[Math.min(SIZE - 1, c + w - 1)]}$${Math.min(SIZE, r + h)}`);

/** An operand: a range, a row or column of the data, a cell, or a literal. */
const operand: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: range },
  fc.nat(SIZE - 1).map((r) => `Data!$A$${r + 1}:$F$${r + 1}`),
  fc.nat(SIZE - 1).map((c) => `Data!$${letters[c]}$1:$${letters[c]}$6`),
  fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1)).map(([r, c]) => `Data!$${letters[c]}$${r + 1}`),
  fc.constantFrom("0", "2", "0.1", "0.3", "-0.3", "1E+300", "TRUE", '"3"', '"x"', '""', "5%", "NA()", "{1,2;3,4}", "{1;0;2}"),
);

/** An expression of `+ - * /` and unary minus over operands. */
const { expression } = fc.letrec((tie) => ({
  expression: fc.oneof({ maxDepth: 3, depthIdentifier: "expression" }, operand, tie("negated"), tie("binary")),
  negated: tie("expression").map((e) => `-${e}`),
  binary: fc.tuple(tie("expression"), fc.constantFrom("+", "-", "*", "/"), tie("expression")).map(([a, op, b]) => `(${a}${op}${b})`),
}));

const formula = fc.tuple(expression as fc.Arbitrary<string>, fc.constantFrom("", "", "SUM")).map(([e, wrap]) => `=${wrap ? `${wrap}(${e})` : e}`);

/** A value as compared: errors by type and message. */
function shown(v: unknown): unknown {
  return v !== null && typeof v === "object" && "type" in v ? `${(v as { type: string }).type}: ${(v as { message?: string }).message ?? ""}` : v;
}

interface Computed {
  values: unknown[][];
  kinds: string[][];
  formats: unknown[][];
}

/** The sheets computed by one engine, patched or not: every cell of the formulas' sheet. */
function computed(data: RawCellContent[][], formulas: string[], smartRounding: boolean, patched: boolean): Computed {
  const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding, undoLimit: 0 });
  try {
    if (patched) fastArithmetic(hf);
    const dataSheet = hf.getSheetId(hf.addSheet("Data"))!;
    const sheet = hf.getSheetId(hf.addSheet("Formulas"))!;
    hf.setSheetContent(dataSheet, data);
    // One formula every 8 rows, so that spills up to 6 x 6 never meet.
    hf.setSheetContent(
      sheet,
      formulas.flatMap((f) => [[f], ...Array.from({ length: 7 }, () => [])]),
    );
    const values = hf.getSheetValues(sheet).map((row) => row.map(shown));
    const at = (row: number, col: number) => ({ sheet, row, col });
    return {
      values,
      kinds: values.map((row, r) => row.map((_, c) => hf.getCellValueDetailedType(at(r, c)))),
      formats: values.map((row, r) => row.map((_, c) => hf.getCellValueFormat(at(r, c)))),
    };
  } finally {
    hf.destroy();
  }
}

const data = fc.array(fc.array(cell, { minLength: SIZE, maxLength: SIZE }), { minLength: SIZE, maxLength: SIZE });

describe("the embedded engine's element-wise arithmetic", () => {
  test("gives HyperFormula's own results over random formulas, ranges and shapes", () => {
    fc.assert(
      fc.property(data, fc.array(formula, { minLength: 1, maxLength: 6 }), fc.boolean(), (cells, formulas, smartRounding) => {
        expect(computed(cells, formulas, smartRounding, true)).toEqual(computed(cells, formulas, smartRounding, false));
      }),
      { numRuns: 200 },
    );
  });

  test("keeps HyperFormula's rules at the edges: division by 0, broadcasting, sizes that do not match, -0, epsilon, formatted numbers", () => {
    const cells: RawCellContent[][] = [
      [1, 2, 0, "5%", "$2", 0.3],
      [0.1, 0.2, 1e308, "x", true, null],
      [3, 4, 5, 6, 7, 8],
    ];
    const formulas = [
      "=Data!A1:C1/Data!A3:C3",
      "=Data!A1:F1/Data!C1",
      "=Data!A1:C1*Data!A1:A3",
      "=Data!A1:C1+Data!A1:B2",
      "=-Data!C1:C2*0",
      "=Data!C2:C2*Data!A3:F3",
      "=(Data!A2:B2+Data!B2)-Data!F1",
      "=Data!D1:E1*Data!A3:B3",
      "=-Data!A1:F2",
      "=(Data!A2:B2+Data!B2)+-Data!F1",
    ];
    for (const smartRounding of [false, true]) {
      const fast = computed(cells, formulas, smartRounding, true);
      expect(fast).toEqual(computed(cells, formulas, smartRounding, false));
      expect(fast.values[0].slice(0, 3)).toEqual([smartRounding ? 0.33333333333 : 1 / 3, 0.5, 0]);
      expect(fast.values[8]).toEqual(Array(6).fill("DIV_BY_ZERO: "));
      expect(fast.values.slice(16, 19).map((row) => row.slice(0, 3))).toEqual([
        [1, 2, 0],
        [0.1, 0.2, 0],
        [3, 6, 0],
      ]);
      expect(fast.values[24].slice(0, 3)).toEqual([2, 4, "NA: "]);
      expect([fast.values[32][0], fast.values[33][0]]).toEqual([-0, -0]);
      expect(fast.values[40][0]).toBe(smartRounding ? NaN : Infinity); // overflow is left in an array (smart rounding exports it as NaN)
      // 0.1 + 0.2 - 0.3 is within the precision epsilon of 0 (relative to 0.1 + 0.2) only with smart rounding.
      expect(fast.values[48][0]).toBe(smartRounding ? 0 : 5.551115123125783e-17);
      expect(fast.values[72][0]).toBe(smartRounding ? 0 : 5.551115123125783e-17);
      // A percent times a number is a plain number, a currency times a number a currency.
      expect(fast.kinds[56].slice(0, 2)).toEqual(["NUMBER_RAW", "NUMBER_CURRENCY"]);
      expect(fast.kinds[64].slice(3, 5)).toEqual(["NUMBER_PERCENT", "NUMBER_CURRENCY"]);
      expect(fast.values[65].slice(3)).toEqual(["VALUE: Value cannot be coerced to number.", -1, -0]);
    }
  });

  test("is made once per engine, and an engine without the expected internals is left as it is", () => {
    const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
    try {
      fastArithmetic(hf);
      fastArithmetic(hf);
      const sheet = hf.getSheetId(hf.addSheet("S"))!;
      hf.setSheetContent(sheet, [[1, 2, 3], ["=A1:C1*2-A1:C1/4"]]);
      expect(hf.getSheetValues(sheet)[1]).toEqual([1.75, 3.5, 5.25]);
    } finally {
      hf.destroy();
    }
    expect(() => fastArithmetic({} as HyperFormula)).not.toThrow();
  });
});
