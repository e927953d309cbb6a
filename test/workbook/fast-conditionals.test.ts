/**
 * The embedded engine's IF and IFERROR (src/embedded/fast-conditionals.ts) give HyperFormula's own
 * results: over random ranges and scalars of random shapes (numbers, booleans, texts that read as
 * conditions and texts that do not, blanks, errors), spilled and inside another function, with two and
 * three arguments; a branch they leave uncomputed (one condition, the other branch one value) never
 * changes a result or its size. Both run in one engine: ours under other names.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { ownAndFast } from "../support/own-and-fast";
import { asCondition, fastConditionalsPlugin } from "../../src/embedded/fast-conditionals";

const FAST = { if: "FAST.IF", iferror: "FAST.IFERROR" };
HyperFormula.registerFunctionPlugin(fastConditionalsPlugin(FAST), { enGB: { "FAST.IF": "FAST.IF", "FAST.IFERROR": "FAST.IFERROR" }, enUS: { "FAST.IF": "FAST.IF", "FAST.IFERROR": "FAST.IFERROR" } });

const SIZE = 6;
const letters = "ABCDEF";

const cell: fc.Arbitrary<RawCellContent> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  fc.boolean(),
  fc.constantFrom("TRUE", "false", "", "x", "=1/0", "=NA()", '=""'),
  fc.constant(null),
);

/** An argument: a range of the data (any shape), one cell, or a literal. */
const argument: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(([r, c, h, w]) => `Data!$${letters[c]}$${r + 1}:$${letters[Math.min(SIZE - 1, c + w - 1)]}$${Math.min(SIZE, r + h)}`),
  },
  fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1)).map(([r, c]) => `Data!$${letters[c]}$${r + 1}`),
  fc.constantFrom("1", "0", "TRUE()", '"no"', '""', "1/0", "Data!$A$1:$F$1>0", "Data!$A$1:$A$6*2"),
);

/** A formula with IF or IFERROR in it, under the given names. */
const formula = fc.tuple(fc.constantFrom("if", "iferror", "if2"), fc.array(argument, { minLength: 3, maxLength: 3 }), fc.constantFrom("", "SUM", "COUNT")).map(([which, [a, b, c], wrap]) => (names: { if: string; iferror: string }) => {
  const call = which === "iferror" ? `${names.iferror}(${a}, ${b})` : which === "if2" ? `${names.if}(${a}, ${b})` : `${names.if}(${a}, ${b}, ${c})`;
  return `=${wrap ? `${wrap}(${call})` : call}`;
});

describe("the embedded IF and IFERROR", () => {
  test("give HyperFormula's own results over random ranges, scalars and shapes", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: SIZE, maxLength: SIZE }), { minLength: SIZE, maxLength: SIZE }), fc.array(formula, { minLength: 1, maxLength: 6 }), (data, formulas) => {
        const { own, fast } = ownAndFast(data, formulas, { if: "IF", iferror: "IFERROR" }, FAST);
        expect(fast).toEqual(own);
      }),
      { numRuns: 150 },
    );
  });

  test("IF over a column of conditions (one per row, taken a row at a time) gives HyperFormula's own results", () => {
    // A column of conditions against branches of every shape: scalars, columns, rows, ranges as wide as
    // the result or narrower, shorter or longer than the column.
    const column = fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.integer({ min: 1, max: 6 })).map(([r, c, h]) => `Data!$${letters[c]}$${r + 1}:$${letters[c]}$${Math.min(SIZE, r + h)}`);
    const ifOverColumn = fc.tuple(column, argument, fc.option(argument, { nil: undefined }), fc.constantFrom("", "SUM", "COUNT")).map(([a, b, c, wrap]) => (names: { if: string; iferror: string }) => {
      const call = c === undefined ? `${names.if}(${a}, ${b})` : `${names.if}(${a}, ${b}, ${c})`;
      return `=${wrap ? `${wrap}(${call})` : call}`;
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: SIZE, maxLength: SIZE }), { minLength: SIZE, maxLength: SIZE }), fc.array(ifOverColumn, { minLength: 1, maxLength: 6 }), (data, formulas) => {
        const { own, fast } = ownAndFast(data, formulas, { if: "IF", iferror: "IFERROR" }, FAST);
        expect(fast).toEqual(own);
      }),
      { numRuns: 150 },
    );
  });

  test("the branch not taken is ignored, errors included; a text that is no condition is #VALUE!", () => {
    const data = [
      [1, 0, "x", "=1/0", "TRUE", null],
      [5, 6, 7, 8, 9, 10],
    ];
    const formulas = [(n: { if: string }) => `=${n.if}(Data!A1:F1, Data!A2:F2, 1/0)`];
    const { own, fast } = ownAndFast(data, formulas, { if: "IF", iferror: "IFERROR" }, FAST);
    expect(fast).toEqual(own);
    expect(fast[0].slice(0, 6)).toEqual([5, "DIV_BY_ZERO: ", "VALUE: Wrong type of argument.", "DIV_BY_ZERO: ", 9, "DIV_BY_ZERO: "]);
  });

  test("reads conditions as HyperFormula does", () => {
    expect([0, 2, -1, true, false, "TRUE", "false", "", "x"].map(asCondition)).toEqual([false, true, true, true, false, true, false, false, undefined]);
  });
});
