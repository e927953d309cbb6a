/** The formula parser and printer (src/workbook/shareable/formula.ts). */
import fc from "fast-check";
import { aipriceName, bin, bool, call, callsAiprice, Expr, FormulaSyntaxError, MAX_FORMULA_DEPTH, neg, num, parseFormula, printFormula, rangeRef, str, treeDepth } from "../../src/workbook/shareable/formula";

const roundTrip = (f: string) => printFormula(parseFormula(f));

describe("parsing the formulas the comparison sheet writes", () => {
  test.each([
    ["=AIPRICE.COST_PER_RESOLUTION(0.46, B1)", "AIPRICE.COST_PER_RESOLUTION(0.46, B1)"],
    ['=IF($E$16=0, "resolves nothing", AIPRICE.COST_PER_RESOLUTION($L$16, $E$16))', 'IF($E$16=0, "resolves nothing", AIPRICE.COST_PER_RESOLUTION($L$16, $E$16))'],
    ["=AIPRICE.BLENDED_COST(L16, E16, HumanCost*(1-G16))", "AIPRICE.BLENDED_COST(L16, E16, HumanCost*(1-G16))"],
    ["=TRANSPOSE(AIPRICE.PERT_DRAWS(ConversationsLow, Conversations, ConversationsHigh, 2000, Seed+11))", "TRANSPOSE(AIPRICE.PERT_DRAWS(ConversationsLow, Conversations, ConversationsHigh, 2000, Seed+11))"],
    ["=SEQUENCE(1, 21, 0, 0.05)", "SEQUENCE(1, 21, 0, 0.05)"],
    ["='Bid comparison'!$B$6*Sheet1!A1:B2", "'Bid comparison'!$B$6*Sheet1!A1:B2"],
    ["=SUM(A:A, 3:3)", "SUM(A:A, 3:3)"],
    ["=-2^2+5%-(-3)", "-2^2+5%-(-3)"],
    ['="a ""quoted"" text"&"x"', '"a ""quoted"" text"&"x"'],
    ["={1,2;3,-4}", "{1,2;3,-4}"],
    ["=IF(A1<>B2, #N/A, #DIV/0!)", "IF(A1<>B2, #N/A, #DIV/0!)"],
    ["=AIPRICE.TOKEN_COST(1, 2, 3, 4, , , 2)", "AIPRICE.TOKEN_COST(1, 2, 3, 4, , , 2)"],
    ["=1e-7+1.5e+21", "1e-7+1.5e+21"],
    ["=TRUE", "TRUE()"],
  ])("%s", (formula, printed) => {
    expect(roundTrip(formula)).toBe(printed);
  });

  test("the tree: references, names, calls and precedence", () => {
    const e = parseFormula("=1+2*A1^2-Rate");
    expect(e).toEqual(bin("-", bin("+", num(1), bin("*", num(2), bin("^", { type: "ref", sheet: null, start: { row: 0, col: 0, absRow: false, absCol: false }, end: null }, num(2)))), { type: "name", sheet: null, name: "Rate" }));
    expect(parseFormula("=$BT$45:$CW$45")).toEqual(rangeRef(44, 71, 44, 100, { row: true, col: true }));
    expect(parseFormula("=-2^2")).toEqual(bin("^", neg(num(2)), num(2))); // Excel: (-2)^2 = 4
    expect(aipriceName(parseFormula("=aiprice.seat_cost(1,2,3)"))).toBe("SEAT_COST");
    expect(callsAiprice(parseFormula("=IF(A1, 1, SUM(AIPRICE.RESOLUTION_FEE(1, 0.5)))"))).toBe(true);
    expect(callsAiprice(parseFormula("=SUM(A1:A3)"))).toBe(false);
  });

  test("trees built by code print with the parentheses their meaning needs", () => {
    expect(printFormula(bin("-", num(1), bin("-", num(2), num(3))))).toBe("1-(2-3)");
    expect(printFormula(bin("*", bin("+", num(1), num(2)), num(3)))).toBe("(1+2)*3");
    expect(printFormula(neg(bin("^", num(2), num(2))))).toBe("-(2^2)");
    expect(printFormula(bin("^", num(-2), num(2)))).toBe("-2^2");
    expect(printFormula(bin("-", num(1), num(-2)))).toBe("1--2");
    expect(printFormula(call("IF", bool(true), str('say "hi"'), num(-0)))).toBe('IF(TRUE(), "say ""hi""", 0)');
  });

  test("printing and parsing again gives the same tree (random trees)", () => {
    const leaf: fc.Arbitrary<Expr> = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => num(Math.abs(x) < 1e-300 ? 0 : x)),
      fc.integer({ min: 0, max: 200 }).map((r) => rangeRef(r, r % 30, r, r % 30)),
      fc.constantFrom(str("a"), str(""), { type: "name", sheet: null, name: "Rate" } as Expr),
    );
    const tree = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(fc.constantFrom("+", "-", "*", "/", "^", "&", "=", "<", ">=") as fc.Arbitrary<"+">, tie("e"), tie("e")).map(([op, a, b]) => bin(op, a, b)),
        tie("e").map((a) => neg(a)),
        fc.array(tie("e"), { maxLength: 3 }).map((args) => call("SUM", ...args)),
      ),
    })).e;
    fc.assert(
      fc.property(tree, (e) => {
        const text = printFormula(e);
        expect(printFormula(parseFormula(text))).toBe(text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test.each(["=SUM(1,", '="open', "=1+", "=#OOPS!", "=A1 B1)", "={1,A1}"])("%s is a syntax error, never a guess", (f) => {
    expect(() => parseFormula(f)).toThrow(FormulaSyntaxError);
  });
});

describe("formula text is read to a bounded depth", () => {
  const DEEP = `=${"-".repeat(3998)}1`;
  test("= followed by 3,998 - and 1 is a FormulaSyntaxError that names the limit, not a stack overflow", () => {
    expect(() => parseFormula(DEEP)).toThrow(FormulaSyntaxError);
    expect(() => parseFormula(DEEP)).toThrow(`more than ${MAX_FORMULA_DEPTH} levels deep`);
  });

  test.each([
    ["3,000 additions in a row", `=${Array.from({ length: 3000 }, () => "1").join("+")}`],
    ["1,000 nested parentheses", `=${"(".repeat(1000)}1${")".repeat(1000)}`],
    ["1,000 nested calls", `=${"ABS(".repeat(1000)}1${")".repeat(1000)}`],
    ["1,000 percent signs", `=1${"%".repeat(1000)}`],
  ])("%s: the same clear error", (_, f) => {
    expect(() => parseFormula(f)).toThrow(`more than ${MAX_FORMULA_DEPTH} levels deep`);
  });

  test("formulas up to the limit are read, and their depth is counted without recursion", () => {
    const signs = `=${"-".repeat(MAX_FORMULA_DEPTH - 1)}1`;
    expect(treeDepth(parseFormula(signs))).toBe(MAX_FORMULA_DEPTH);
    const sums = `=${Array.from({ length: 100 }, () => "A1").join("+")}`;
    expect(printFormula(parseFormula(sums))).toBe(sums.slice(1));
    expect(treeDepth(parseFormula("=SUM(1,2*(3+4))"))).toBe(5);
  });
});
