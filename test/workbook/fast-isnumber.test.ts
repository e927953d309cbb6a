/**
 * The embedded engine's ISNUMBER (src/embedded/fast-isnumber.ts) gives HyperFormula's own results: over
 * random sheets (numbers, percents and dates typed as text, texts, booleans, blanks, errors) and random
 * arguments (ranges of every shape, one cell, literals, expressions over ranges), spilled and inside
 * another function. Both run in one engine: ours under another name.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { ownAndFast } from "../support/own-and-fast";
import { fastIsNumberPlugin, registerFastIsNumber } from "../../src/embedded/fast-isnumber";

HyperFormula.registerFunctionPlugin(fastIsNumberPlugin("FAST.ISNUMBER"), { enGB: { "FAST.ISNUMBER": "FAST.ISNUMBER" }, enUS: { "FAST.ISNUMBER": "FAST.ISNUMBER" } });

const SIZE = 6;
const letters = "ABCDEF";

const cell: fc.Arbitrary<RawCellContent> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  fc.double({ min: -100, max: 100, noNaN: true }),
  fc.boolean(),
  fc.constantFrom("5%", "05/01/2026", "TRUE", "x", "", "=1/0", "=NA()", '=""'),
  fc.constant(null),
);

const argument: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(([r, c, h, w]) => `Data!$${letters[c]}$${r + 1}:$${letters[Math.min(SIZE - 1, c + w - 1)]}$${Math.min(SIZE, r + h)}`),
  },
  fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1)).map(([r, c]) => `Data!$${letters[c]}$${r + 1}`),
  fc.constantFrom("1", '"1"', "TRUE()", "1/0", "Data!$A$1:$F$1>0", "Data!$A$1:$A$6*2", '{1,"a";TRUE(),2}', "Data!$A$1:$A$1", "5%"),
);

/** A formula with ISNUMBER in it, under the given name. */
const formula = fc.tuple(argument, fc.constantFrom("", "SUM", "COUNT", "SUMPRODUCT")).map(
  ([a, wrap]) =>
    (name: string) =>
      wrap === "SUMPRODUCT" ? `=SUMPRODUCT(${name}(${a})*1)` : `=${wrap ? `${wrap}(${name}(${a}))` : `${name}(${a})`}`,
);

afterAll(() => registerFastIsNumber());

describe("the embedded ISNUMBER", () => {
  test("gives HyperFormula's own results over random ranges, cells, literals and expressions", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: SIZE, maxLength: SIZE }), { minLength: SIZE, maxLength: SIZE }), fc.array(formula, { minLength: 1, maxLength: 6 }), (data, formulas) => {
        const { own, fast } = ownAndFast(data, formulas, "ISNUMBER", "FAST.ISNUMBER");
        expect(fast).toEqual(own);
      }),
      { numRuns: 150 },
    );
  });

  test("a number or a formatted one is TRUE; text, a blank, a boolean and an error FALSE; the wrong number of arguments is HyperFormula's error", () => {
    const data: RawCellContent[][] = [[1, "5%", "05/01/2026", "x", null, true, "=1/0"]];
    const { own, fast } = ownAndFast(data, [(n: string) => `=${n}(Data!A1:G1)`, (n: string) => `=${n}()`, (n: string) => `=${n}(1, 2)`], "ISNUMBER", "FAST.ISNUMBER");
    expect(fast).toEqual(own);
    expect(fast[0]).toEqual([true, true, true, false, false, false, false]);
    expect(String(fast[8][0])).toMatch(/^NA/);
  });
});
