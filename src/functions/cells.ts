/**
 * The shared layer between Excel and the pricing engine, written once for every AIPRICE function:
 *  - coerces what Excel passes (numbers, text, booleans, blanks, error values; ranges as 2-D arrays;
 *    `null` for an omitted optional argument) into the engine's numbers, flags and words;
 *  - broadcasts ranges as Excel's own functions do (a single value, row or column stretches; cells
 *    beyond a shorter range get #N/A; an error stays in its cell);
 *  - maps every problem to an Excel error with a message naming the argument. It never throws.
 */
import { isPricingProblem, ProblemKind, PricingProblem } from "../engine/problems";

/** One cell as Excel hands it to a custom function. */
export type Cell = number | string | boolean | null | undefined | CustomFunctions.Error;
/** A value or a range (Excel passes matrix parameters as 2-D arrays). */
export type Arg = Cell | Cell[][];
export type Grid = (number | string | CustomFunctions.Error)[][];

type Kind = "number" | "flag" | "text";
export interface Param {
  name: string;
  kind: Kind;
  optional: boolean;
}

export const number = (name: string): Param => ({ name, kind: "number", optional: false });
export const optionalNumber = (name: string): Param => ({ name, kind: "number", optional: true });
export const optionalFlag = (name: string): Param => ({ name, kind: "flag", optional: true });
export const optionalText = (name: string): Param => ({ name, kind: "text", optional: true });

const CODES: Record<ProblemKind, CustomFunctions.ErrorCode> = {
  num: "#NUM!" as CustomFunctions.ErrorCode.invalidNumber,
  value: "#VALUE!" as CustomFunctions.ErrorCode.invalidValue,
  div0: "#DIV/0!" as CustomFunctions.ErrorCode.divisionByZero,
  na: "#N/A" as CustomFunctions.ErrorCode.notAvailable,
};

export function excelError(kind: ProblemKind, message?: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CODES[kind], message);
}

/** An Excel error value passed in (it goes back out unchanged). */
export function isErrorValue(v: unknown): v is CustomFunctions.Error {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { code?: unknown }).code === "string";
}

/** Turns anything thrown into an Excel error; engine problems keep their kind and message. */
export function toExcelError(e: unknown): CustomFunctions.Error {
  if (isPricingProblem(e)) return excelError(e.kind, e.message);
  if (isErrorValue(e)) return e;
  return excelError("value", `unexpected problem: ${e instanceof Error ? e.message : String(e)}`);
}

const isBlank = (v: unknown): boolean => v === null || v === undefined || v === "";

function parseNumberText(text: string): number {
  const t = text.trim();
  if (t === "") return NaN;
  if (t.endsWith("%")) return Number(t.slice(0, -1)) / 100;
  return Number(t);
}

/**
 * One cell coerced to what the engine takes: a number, a flag, a word, or `undefined` for an empty
 * optional argument (its default). Throws a PricingProblem; error values are handled by the caller.
 */
function coerce(v: Cell, p: Param): number | boolean | string | undefined {
  if (isBlank(v)) {
    if (p.optional) return undefined;
    return p.kind === "number" ? 0 : p.kind === "flag" ? false : "";
  }
  switch (p.kind) {
    case "number": {
      if (typeof v === "number") return v;
      if (typeof v === "boolean") return v ? 1 : 0;
      const n = typeof v === "string" ? parseNumberText(v) : NaN;
      if (Number.isFinite(n)) return n;
      throw new PricingProblem("value", p.name, `${p.name} must be a number (got ${describe(v)})`);
    }
    case "flag": {
      if (typeof v === "boolean") return v;
      if (typeof v === "number" && Number.isFinite(v)) return v !== 0;
      if (typeof v === "string") {
        const t = v.trim().toUpperCase();
        if (t === "TRUE") return true;
        if (t === "FALSE") return false;
      }
      throw new PricingProblem("value", p.name, `${p.name} must be TRUE or FALSE (got ${describe(v)})`);
    }
    case "text":
      if (typeof v === "string") return v;
      throw new PricingProblem("value", p.name, `${p.name} must be text (got ${describe(v)})`);
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "..." : v}"`;
  if (typeof v === "object" && v !== null) return Array.isArray(v) ? "a range" : "an object";
  return String(v);
}

/** Coerces one argument read as a single value; a 1x1 range counts as that value. */
export function single(arg: Arg, p: Param): number | boolean | string | undefined {
  let v: unknown = arg;
  if (Array.isArray(arg)) {
    if (arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 1) v = arg[0][0];
    else if (arg.length === 0 || (arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 0)) v = null;
    else throw new PricingProblem("value", p.name, `${p.name} must be a single value, not a range`);
  }
  if (isErrorValue(v)) throw v;
  return coerce(v as Cell, p);
}

/**
 * A range read as a whole list (tier bounds, months of a schedule): one row or one column,
 * numbers or blanks (`null`). Never broadcasts.
 */
export function list(arg: Arg, name: string): (number | null)[] {
  const rows: Cell[][] = Array.isArray(arg) ? arg : [[arg]];
  const height = rows.length;
  let width = 0; // a loop, not Math.max(...): a whole column (A:A) has more rows than call arguments fit
  for (const r of rows) if (Array.isArray(r) && r.length > width) width = r.length;
  if (height > 1 && width > 1) throw new PricingProblem("value", name, `${name} must be one row or one column, not a ${height}x${width} block`);
  const cells: Cell[] = height === 1 ? (Array.isArray(rows[0]) ? rows[0] : []) : rows.map((r) => (Array.isArray(r) ? r[0] : undefined));
  const p: Param = { name, kind: "number", optional: true };
  return cells.map((c, i) => {
    if (isErrorValue(c)) throw c;
    try {
      const n = coerce(c, p);
      return n === undefined ? null : (n as number);
    } catch (e) {
      throw isPricingProblem(e) ? new PricingProblem(e.kind, name, `${name}, item ${i + 1}: ${e.message}`) : e;
    }
  });
}

const NA = (): CustomFunctions.Error => excelError("na", "this cell is beyond the end of a shorter range");

/**
 * Makes an Excel-facing function from an engine function: every argument may be a value or a range;
 * the result is one value per cell of the broadcast shape (a 1x1 array for plain values).
 * `compute` receives the coerced arguments positionally (`undefined` for omitted optionals).
 */
export function cellwise(params: readonly Param[], compute: (...args: any[]) => number): (...args: Arg[]) => Grid {
  const n = params.length;
  return (...args: Arg[]): Grid => {
    try {
      let rows = 1;
      let cols = 1;
      let ranged = false;
      for (let k = 0; k < n; k++) {
        const a = args[k];
        if (Array.isArray(a)) {
          ranged = true;
          if (a.length > rows) rows = a.length;
          const w = Array.isArray(a[0]) ? a[0].length : 0;
          if (w > cols) cols = w;
        }
      }
      const values: unknown[] = new Array(n);
      const one = (i: number, j: number): number | CustomFunctions.Error => {
        for (let k = 0; k < n; k++) {
          let v: unknown = args[k];
          if (Array.isArray(v)) {
            const h = v.length;
            const row = h === 0 ? undefined : v[h === 1 ? 0 : i];
            if (!Array.isArray(row) || (h !== 1 && i >= h)) {
              if (h === 0 || (h === 1 && Array.isArray(row) && row.length === 0)) v = null;
              else return NA();
            } else {
              const w = row.length;
              if (w === 0) v = null;
              else if (w !== 1 && j >= w) return NA();
              else v = row[w === 1 ? 0 : j];
            }
          }
          if (isErrorValue(v)) return v;
          values[k] = coerce(v as Cell, params[k]);
        }
        const result = compute(...values);
        return Number.isFinite(result) ? result : excelError("num", "the result is too large to show");
      };
      if (!ranged) {
        try {
          return [[one(0, 0)]];
        } catch (e) {
          return [[toExcelError(e)]];
        }
      }
      const out: Grid = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const line: (number | CustomFunctions.Error)[] = new Array(cols);
        for (let j = 0; j < cols; j++) {
          try {
            line[j] = one(i, j);
          } catch (e) {
            line[j] = toExcelError(e);
          }
        }
        out[i] = line;
      }
      return out;
    } catch (e) {
      return [[toExcelError(e)]];
    }
  };
}

/** Runs a function whose result is a whole table (it does not broadcast); never throws. */
export function whole(run: () => Grid): Grid {
  try {
    return run();
  } catch (e) {
    return [[toExcelError(e)]];
  }
}
