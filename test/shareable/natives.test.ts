/**
 * Each cellwise AIPRICE function's native form (src/workbook/shareable/natives.ts), computed by a real
 * formula engine (HyperFormula), against the BUILT function called with the values as Excel passes
 * them (an error value as an error object, a blank as null):
 * random arguments, numbers in and out of range, blanks, "", text, TRUE/FALSE and error values, as
 * cell references and as literals, optional arguments omitted; the same number (1e-12 relative) or the
 * same error value in every case. Then the same over ranges in array formulas: the native form
 * broadcasts as the function does (a single value or row stretches, #N/A beyond a shorter range).
 */
import fc from "fast-check";
import type { HyperFormula, RawCellContent } from "hyperformula";
import { cellwiseNative, CELLWISE, NativeArg } from "../../src/workbook/shareable/natives";
import { cellRef, parseFormula, printFormula, rangeRef } from "../../src/workbook/shareable/formula";
import { aipriceSheet } from "../support/formula-engine";
import { builtFunctions } from "../support/load-functions";

type Raw = RawCellContent;

/** A cell as the analyst may leave it. */
const special: Raw[] = [null, '=""', "'abc", "'1.5", true, false, "=NA()", "=1/0", "=SQRT(-1)"];
const anyNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, -1, 0.5, 0.9, 2, 12, 1e6, 0.000001) },
  { weight: 4, arbitrary: fc.double({ min: -2, max: 3, noNaN: true, noDefaultInfinity: true }).map((x) => (Math.abs(x) < 1e-300 ? 0 : x)) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 300000 }) },
);
const cellArb = fc.oneof({ weight: 8, arbitrary: anyNumber as fc.Arbitrary<Raw> }, { weight: 2, arbitrary: fc.constantFrom(...special) });
const flagCell = fc.constantFrom<Raw>(true, false, 0, 1, 2, "'TRUE", "'false ", "'yes", null, '=""', "=NA()");

interface Case {
  cells: Raw[];
  /** How each argument is written: a reference to its cell, a literal, or omitted. */
  how: ("ref" | "literal" | "omit")[];
}

function caseArb(name: string): fc.Arbitrary<Case> {
  const params = CELLWISE[name].params;
  return fc
    .record({
      cells: fc.tuple(...params.map((p) => (p.kind === "flag" ? flagCell : cellArb))),
      how: fc.tuple(...params.map((p) => fc.constantFrom<"ref" | "literal" | "omit">(...(p.optional ? (["ref", "ref", "literal", "omit"] as const) : (["ref", "ref", "literal"] as const))))),
    })
    .map(({ cells, how }) => {
      // Omitted arguments only at the end (Excel's F(a, , c) passes a blank; covered by blank cells).
      const h = [...how];
      let last = h.length;
      while (last > 0 && h[last - 1] === "omit") last--;
      for (let k = 0; k < last; k++) if (h[k] === "omit") h[k] = "ref";
      return { cells, how: h };
    });
}

function literal(v: Raw): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "TRUE()" : "FALSE()";
  if (typeof v === "string" && v.startsWith("=")) return v.slice(1);
  return `"${String(v).replace(/^'/, "").replace(/"/g, '""')}"`;
}

const built = builtFunctions();
const ERRORS: Record<string, string> = { "=NA()": "#N/A", "=1/0": "#DIV/0!", "=SQRT(-1)": "#NUM!" };

/** A cell's value as Excel passes it to a custom function. */
function passed(v: Raw): unknown {
  if (typeof v === "string" && v in ERRORS) return new built.shim.Error(ERRORS[v] as never);
  if (v === '=""') return "";
  if (typeof v === "string" && v.startsWith("'")) return v.slice(1);
  return v;
}

/** What the function itself gives for one case (a value or an error code). */
function expected(name: string, c: Case): unknown {
  const used = c.how.filter((h) => h !== "omit").length;
  const args = c.cells.slice(0, used).map(passed);
  const out = built.implementations[name](...args) as unknown[][];
  const v = out[0][0] as { code?: string };
  return typeof v === "object" && v !== null && typeof v.code === "string" ? v.code : v;
}

const show = (v: unknown) => (typeof v === "object" && v !== null && "value" in (v as object) ? (v as { value: unknown }).value : v);

function same(a: unknown, b: unknown): boolean {
  const x = show(a);
  const y = show(b);
  if (typeof x === "number" && typeof y === "number") return Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x));
  return x === y;
}

describe("each cellwise AIPRICE function's native form equals the function", () => {
  test.each(Object.keys(CELLWISE))("%s on random single values", (name) => {
    const cases = fc.sample(caseArb(name), { numRuns: 120, seed: 42 });
    const width = CELLWISE[name].params.length;
    const rows: Raw[][] = [];
    const formulas: { aiprice: string; native: string }[] = [];
    cases.forEach((c, i) => {
      rows.push([...c.cells]);
      const used = c.how.filter((h) => h !== "omit").length;
      const argText = c.how.slice(0, used).map((h, k) => (h === "literal" ? literal(c.cells[k]) : printFormula(cellRef(i, k))));
      const args: NativeArg[] = c.how.slice(0, used).map((h, k) => ({ expr: argText[k] === "" ? null : parseFormula(argText[k]), numeric: false }));
      const aiprice = `=AIPRICE.${name}(${argText.join(", ")})`;
      const native = `=${printFormula(cellwiseNative(name, args))}`;
      formulas.push({ aiprice, native });
      rows[i][width] = aiprice;
      rows[i][width + 1] = native;
    });
    const hf: HyperFormula = aipriceSheet(rows, { smartRounding: false });
    try {
      const bad: string[] = [];
      cases.forEach((c, i) => {
        const want = expected(name, c);
        // The function as HyperFormula calls it agrees, except where it stops at an error value before
        // an earlier argument's text (Excel hands every argument over; HyperFormula passes no errors in).
        const inEngine = show(hf.getCellValue({ sheet: 0, row: i, col: width }));
        if (!same(want, inEngine) && !(want === "#VALUE!" && typeof inEngine === "string" && inEngine.startsWith("#"))) bad.push(`engine ${formulas[i].aiprice} = ${String(inEngine)}, called ${String(want)}`);
        const got = hf.getCellValue({ sheet: 0, row: i, col: width + 1 });
        if (!same(want, got)) bad.push(`${JSON.stringify(c.cells)} ${formulas[i].aiprice} = ${String(show(want))}, native ${String(show(got))}: ${formulas[i].native}`);
      });
      expect(bad.slice(0, 5)).toEqual([]);
      // The cases reach numbers and every error the function gives.
      const outcomes = new Set(cases.map((c) => expected(name, c)).map((v) => (typeof v === "number" ? "number" : String(v))));
      expect(outcomes.has("number")).toBe(true);
      expect(outcomes.has("#VALUE!")).toBe(true);
      expect(outcomes.has("#NUM!") || name === "SLA_GATE").toBe(true);
    } finally {
      hf.destroy();
    }
  });

  test("over ranges in array formulas: rows, a single value, a column against a row, #N/A beyond a shorter range", () => {
    // A: the first argument's row of 6; B: the second's row of 4 (shorter); C: a column of 3.
    const rows: Raw[][] = [[0.46, "x", 1.2, -1, 0.9, 0.3], [0.9, 0.5, 0, 1.5], [0.8], [0.7], [0.95]];
    const first = rangeRef(0, 0, 0, 5, { row: true, col: true });
    const second = rangeRef(1, 0, 1, 3, { row: true, col: true });
    const column = rangeRef(2, 0, 4, 0, { row: true, col: true });
    const pairs: [string, NativeArg[], string][] = [
      [
        "COST_PER_RESOLUTION",
        [
          { expr: first, numeric: false },
          { expr: second, numeric: false },
        ],
        `${printFormula(first)}, ${printFormula(second)}`,
      ],
      [
        "COST_PER_RESOLUTION",
        [
          { expr: first, numeric: false },
          { expr: cellRef(2, 0), numeric: false },
        ],
        `${printFormula(first)}, A3`,
      ],
      [
        "BLENDED_COST",
        [
          { expr: first, numeric: false },
          { expr: column, numeric: false },
          { expr: parseFormula("3"), numeric: false },
        ],
        `${printFormula(first)}, ${printFormula(column)}, 3`,
      ],
    ];
    let r = 6;
    for (let k = 5; k < 6 + pairs.length * 8; k++) rows[k] ??= [];
    const at: { row: number; aiprice: string; native: string }[] = [];
    for (const [name, args, text] of pairs) {
      rows[r] = [`=AIPRICE.${name}(${text})`];
      rows[r + 4] = [`=${printFormula(cellwiseNative(name, args))}`];
      at.push({ row: r, aiprice: rows[r][0] as string, native: rows[r + 4][0] as string });
      r += 8;
    }
    const hf = aipriceSheet(rows, { useArrayArithmetic: true, smartRounding: false });
    try {
      for (const { row } of at) {
        const want = hf.getRangeValues({ start: { sheet: 0, row, col: 0 }, end: { sheet: 0, row: row + 2, col: 5 } });
        const got = hf.getRangeValues({ start: { sheet: 0, row: row + 4, col: 0 }, end: { sheet: 0, row: row + 6, col: 5 } });
        const differ: string[] = [];
        want.forEach((line, i) => line.forEach((w, j) => !same(w, got[i][j]) && differ.push(`row ${row + i + 1}, column ${j + 1}: ${String(show(w))} against ${String(show(got[i][j]))}`)));
        expect(differ).toEqual([]);
        expect(want.flat().filter((w) => typeof w === "number").length).toBeGreaterThan(0);
      }
      // The shorter row leaves #N/A beyond it; the column against the row makes a 3 x 6 block.
      expect(show(hf.getCellValue({ sheet: 0, row: 10, col: 4 }))).toBe("#N/A");
      expect(show(hf.getCellValue({ sheet: 0, row: 10, col: 1 }))).toBe("#VALUE!");
      expect(show(hf.getCellValue({ sheet: 0, row: 10, col: 2 }))).toBe("#DIV/0!");
      expect(show(hf.getCellValue({ sheet: 0, row: 28, col: 3 }))).toBe("#NUM!");
      expect(hf.getCellValue({ sheet: 0, row: 28, col: 0 })).toBeCloseTo(0.46 + 0.05 * 3, 12);
    } finally {
      hf.destroy();
    }
  });
});
