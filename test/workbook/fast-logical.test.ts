/**
 * The embedded engine's AND and OR (src/embedded/fast-logical.ts) give HyperFormula's own results: over
 * random sheets (numbers, booleans, texts that read as conditions and texts that do not, blanks, errors)
 * and random arguments (ranges of every shape, cells, literals, comparisons, arrays), one to four of them,
 * alone and inside another function. Both run in one engine: ours under other names.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { ownAndFast } from "../support/own-and-fast";
import { fastLogicalPlugin, registerFastLogical } from "../../src/embedded/fast-logical";

const FAST = { and: "FAST.AND", or: "FAST.OR" };
HyperFormula.registerFunctionPlugin(fastLogicalPlugin(FAST), { enGB: { "FAST.AND": "FAST.AND", "FAST.OR": "FAST.OR" }, enUS: { "FAST.AND": "FAST.AND", "FAST.OR": "FAST.OR" } });

const SIZE = 6;
const letters = "ABCDEF";

const cell: fc.Arbitrary<RawCellContent> = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -2, max: 2 }) }, fc.boolean(), fc.constantFrom("TRUE", "false", "", "x", "=1/0", "=NA()", '=""', "5%"), fc.constant(null));

const argument: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([r, c, h, w]) => `Data!$${letters[c]}$${r + 1}:$${letters[Math.min(SIZE - 1, c + w - 1)]}$${Math.min(SIZE, r + h)}`),
  },
  { weight: 3, arbitrary: fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1)).map(([r, c]) => `Data!$${letters[c]}$${r + 1}`) },
  fc.tuple(fc.nat(SIZE - 1), fc.nat(SIZE - 1), fc.constantFrom(">=0", "<=1", "=0", '<>""')).map(([r, c, op]) => `Data!$${letters[c]}$${r + 1}${op}`),
  fc.constantFrom("1", "0", "TRUE()", "FALSE()", '"no"', '"TRUE"', '""', "1/0", "Data!$A$1:$F$1>0", '{1,0;TRUE(),"x"}', "ISNUMBER(Data!$A$1)"),
);

const formula = fc.tuple(fc.constantFrom("and", "or"), fc.array(argument, { minLength: 1, maxLength: 4 }), fc.constantFrom("", "NOT", "IF")).map(([which, args, wrap]) => (names: { and: string; or: string }) => {
  const call = `${which === "and" ? names.and : names.or}(${args.join(", ")})`;
  return wrap === "IF" ? `=IF(${call}, 1, 2)` : `=${wrap ? `${wrap}(${call})` : call}`;
});

afterAll(() => registerFastLogical());

describe("the embedded AND and OR", () => {
  test("give HyperFormula's own results over random ranges, cells, literals and comparisons", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: SIZE, maxLength: SIZE }), { minLength: SIZE, maxLength: SIZE }), fc.array(formula, { minLength: 1, maxLength: 8 }), (data, formulas) => {
        const { own, fast } = ownAndFast(data, formulas, { and: "AND", or: "OR" }, FAST);
        expect(fast).toEqual(own);
      }),
      { numRuns: 200 },
    );
  });

  test("the first error wins, even after a FALSE; a text that is no condition is #VALUE!, in a range it is left out; no arguments is HyperFormula's error", () => {
    const data: RawCellContent[][] = [[1, 0, "=1/0", "x", "TRUE"]];
    const f = [(n: { and: string }) => `=${n.and}(Data!B1, Data!C1)`, (n: { and: string }) => `=${n.and}(Data!A1, "x")`, (n: { and: string }) => `=${n.and}(Data!A1, Data!D1:E1)`, (n: { and: string }) => `=${n.and}()`];
    const { own, fast } = ownAndFast(data, f as never, { and: "AND", or: "OR" }, FAST);
    expect(fast).toEqual(own);
    expect(fast.filter((_, i) => i % 8 === 0).map((r) => String(r[0]))).toEqual(["DIV_BY_ZERO: ", "VALUE: Wrong type of argument.", "true", expect.stringMatching(/^NA/)]);
  });
});
