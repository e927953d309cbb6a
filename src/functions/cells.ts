/**
 * The shared layer between Excel and the pricing engine, written once for every AIPRICE function:
 *  - coerces what Excel passes (numbers, text, booleans, blanks, error values; ranges as 2-D arrays;
 *    `null` for an omitted optional argument) into the engine's numbers, flags and words;
 *  - maps every problem to an Excel error with a message naming the argument.
 * Broadcasting ranges cell by cell is ./broadcast.ts.
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

/**
 * Excel errors shared within one call: one object per distinct kind and message, however many cells
 * show it (a million #N/A cells beyond a shorter range are one error value, not a million).
 */
export class SharedErrors {
  private readonly made = new Map<string, CustomFunctions.Error>();
  // The last one asked for: errors come in runs (a column of the same problem).
  private lastKind: ProblemKind | undefined;
  private lastMessage = "";
  private last: CustomFunctions.Error | undefined;
  get(kind: ProblemKind, message: string): CustomFunctions.Error {
    if (kind === this.lastKind && message === this.lastMessage) return this.last!;
    const key = kind + "\u0000" + message;
    let e = this.made.get(key);
    if (e === undefined) {
      e = excelError(kind, message);
      this.made.set(key, e);
    }
    this.lastKind = kind;
    this.lastMessage = message;
    return (this.last = e);
  }
  /** toExcelError, sharing the errors it makes. */
  of(e: unknown): CustomFunctions.Error {
    if (isPricingProblem(e)) return this.get(e.kind, e.message);
    return toExcelError(e);
  }
}

/** The rows and columns of a worksheet: no spill can be larger. */
export const SHEET_ROWS = 1048576;
export const SHEET_COLUMNS = 16384;
/**
 * The most cells a function returns in one spill (ten million). Shapes that broadcast to more (a whole
 * row against a whole column) give one #NUM! cell that says so, instead of exhausting memory.
 */
export const MAX_SPILL_CELLS = 10_000_000;

/** One #NUM! when a result of rows x cols would not fit a worksheet or exceeds MAX_SPILL_CELLS; else null. */
export function spillTooLarge(rows: number, cols: number): CustomFunctions.Error | null {
  if (rows <= SHEET_ROWS && cols <= SHEET_COLUMNS && rows * cols <= MAX_SPILL_CELLS) return null;
  const size = `${rows.toLocaleString("en-US")} rows x ${cols.toLocaleString("en-US")} columns`;
  const why =
    rows > SHEET_ROWS || cols > SHEET_COLUMNS
      ? `more than a worksheet holds (${SHEET_ROWS.toLocaleString("en-US")} x ${SHEET_COLUMNS.toLocaleString("en-US")})`
      : `${(rows * cols).toLocaleString("en-US")} cells, more than the ${MAX_SPILL_CELLS.toLocaleString("en-US")} a spill may hold`;
  return excelError("num", `the result would be ${size}: ${why}; check that the ranges have matching shapes`);
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

/**
 * One cell coerced to what the engine takes: a number, a flag, a word, or `undefined` for an empty
 * optional argument (its default). Throws a PricingProblem; error values are handled by the caller.
 */
export function coerce(v: Cell, p: Param): number | boolean | string | undefined {
  if (isBlank(v)) {
    if (p.optional) return undefined;
    return p.kind === "number" ? 0 : p.kind === "flag" ? false : "";
  }
  switch (p.kind) {
    case "number": {
      if (typeof v === "number") return v;
      if (typeof v === "boolean") return v ? 1 : 0;
      // Text is never read as a number (docs/spec.md#error-rules: text where a number belongs is #VALUE!): "1.000" is a
      // thousand in some locales and one in others, and a guess would be a wrong figure.
      if (typeof v === "string") {
        throw new PricingProblem("value", p.name, `${p.name} must be a number, not text (got ${describe(v)}); type it as a number, or use VALUE()`);
      }
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
