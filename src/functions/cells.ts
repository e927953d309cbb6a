/**
 * The shared layer between Excel and the pricing engine, written once for every AIPRICE function:
 *  - coerces what Excel passes (numbers, text, booleans, blanks, error values; ranges as 2-D arrays;
 *    `null` for an omitted optional argument) into the engine's numbers, flags and words;
 *  - broadcasts ranges as Excel's own functions do (a single value, row or column stretches; cells
 *    beyond a shorter range get #N/A; an error stays in its cell);
 *  - maps every problem to an Excel error with a message naming the argument. It never throws.
 */
import { isPricingProblem, ProblemKind, PricingProblem, setStackTraceLimit } from "../engine/problems";

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
function coerce(v: Cell, p: Param): number | boolean | string | undefined {
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

const BEYOND = "this cell is beyond the end of a shorter range";
const TOO_LARGE = "the result is too large to show";

/** How one argument is read for every cell of the result (worked out once per call, not per cell). */
const SCALAR = 0; // a value: the same for every cell, coerced once
const RANGE = 1; // a range: read cell by cell

/** Matches no cell (not even undefined). */
const NOTHING = Symbol("nothing");

function sameValues(a: readonly unknown[], b: readonly unknown[], n: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** An engine function: it takes the coerced arguments, whatever their types, and returns a number. */
type Compute = (...args: never[]) => number;

/** Calls `compute` with the coerced arguments; fixed arities avoid a spread call per cell. */
function apply(engineFunction: Compute, v: unknown[], n: number): number {
  const compute = engineFunction as (...args: unknown[]) => number;
  switch (n) {
    case 1:
      return compute(v[0]);
    case 2:
      return compute(v[0], v[1]);
    case 3:
      return compute(v[0], v[1], v[2]);
    case 4:
      return compute(v[0], v[1], v[2], v[3]);
    case 5:
      return compute(v[0], v[1], v[2], v[3], v[4]);
    default:
      return compute(...v);
  }
}

/**
 * Makes an Excel-facing function from an engine function: every argument may be a value or a range;
 * the result is one value per cell of the broadcast shape (a 1x1 array for plain values).
 * `compute` receives the coerced arguments positionally (`undefined` for omitted optionals).
 *
 * Per cell, arguments are read in order and the first problem wins: an error value passed in, a cell
 * beyond a shorter range (#N/A), or a value that cannot be coerced. Plain values are coerced once per
 * call; that is the same as coercing them per cell, since they are the same for every cell.
 */
export function cellwise(params: readonly Param[], compute: Compute): (...args: Arg[]) => Grid {
  const numeric = params.map((p) => p.kind === "number");
  return (...args: Arg[]): Grid => {
    try {
      const shape = readArguments(params, args);
      if (shape.ranged) {
        const tooLarge = spillTooLarge(shape.rows, shape.cols);
        if (tooLarge) return [[tooLarge]];
      }
      const errors = new SharedErrors();
      const cell = cellComputer(params, numeric, compute, args, shape, errors);
      const safe = (i: number, j: number): number | CustomFunctions.Error => {
        try {
          return cell(i, j);
        } catch (e) {
          return errors.of(e);
        }
      };
      if (!shape.ranged) return [[safe(0, 0)]];
      return fillGrid(shape.rows, shape.cols, safe);
    } catch (e) {
      return [[toExcelError(e)]];
    }
  };
}

/** The arguments read once per call: the broadcast shape, and each plain value coerced (or its problem). */
interface ArgumentShape {
  rows: number;
  cols: number;
  ranged: boolean;
  how: number[];
  /** For a value: its coerced form, or what it stops every cell with (an error value or a problem). */
  fixed: unknown[];
  stop: unknown[];
}

function readArguments(params: readonly Param[], args: Arg[]): ArgumentShape {
  const n = params.length;
  const shape: ArgumentShape = { rows: 1, cols: 1, ranged: false, how: new Array(n), fixed: new Array(n), stop: new Array(n) };
  for (let k = 0; k < n; k++) {
    const a = args[k];
    if (Array.isArray(a)) {
      shape.ranged = true;
      shape.how[k] = RANGE;
      if (a.length > shape.rows) shape.rows = a.length;
      const w = Array.isArray(a[0]) ? a[0].length : 0;
      if (w > shape.cols) shape.cols = w;
    } else {
      shape.how[k] = SCALAR;
      if (isErrorValue(a)) shape.stop[k] = a;
      else {
        try {
          shape.fixed[k] = coerce(a as Cell, params[k]);
        } catch (e) {
          shape.stop[k] = e;
        }
      }
    }
  }
  return shape;
}

/** The function computing one cell of the result: its arguments read in order, the first problem wins. */
function cellComputer(params: readonly Param[], numeric: boolean[], compute: Compute, args: Arg[], shape: ArgumentShape, errors: SharedErrors): (i: number, j: number) => number | CustomFunctions.Error {
  const n = params.length;
  const { how, fixed, stop } = shape;
  let beyond: CustomFunctions.Error | undefined;
  const NA = (): CustomFunctions.Error => beyond || (beyond = errors.get("na", BEYOND));
  const values: unknown[] = new Array(n);
  const badCell: unknown[] = new Array(n).fill(NOTHING);
  const badCellError: (CustomFunctions.Error | undefined)[] = new Array(n);
  let refused: unknown[] | null = null;
  let refusal: CustomFunctions.Error | undefined;
  return (i: number, j: number): number | CustomFunctions.Error => {
    for (let k = 0; k < n; k++) {
      if (how[k] === SCALAR) {
        const problem = stop[k];
        if (problem !== undefined) {
          if (isErrorValue(problem)) return problem;
          throw problem;
        }
        values[k] = fixed[k];
        continue;
      }
      const range = args[k] as Cell[][];
      const h = range.length;
      const row = h === 1 ? range[0] : i < h ? range[i] : undefined;
      let v: unknown;
      if (Array.isArray(row) && row.length !== 0) {
        const w = row.length;
        if (w === 1) v = row[0];
        else if (j < w) v = row[j];
        else return NA(); // beyond a shorter row
      } else if (h === 0 || Array.isArray(row)) {
        v = null; // an empty range or row: a blank
      } else {
        return NA(); // beyond a shorter column
      }
      if (typeof v === "number" && numeric[k]) {
        values[k] = v; // the common case: a number where a number belongs
        continue;
      }
      if (isErrorValue(v)) return v;
      if (v === badCell[k]) return badCellError[k]!; // the same text as the cell before (a column of "n/a")
      try {
        values[k] = coerce(v as Cell, params[k]);
      } catch (e) {
        badCell[k] = v;
        return (badCellError[k] = errors.of(e));
      }
    }
    // The same arguments as the last cell the engine refused: the same error, without asking again
    // (a column of 150% rates is a million identical problems).
    if (refused !== null && sameValues(values, refused, n)) return refusal!;
    let result: number;
    try {
      result = apply(compute, values, n);
    } catch (e) {
      refused = values.slice();
      return (refusal = errors.of(e));
    }
    return Number.isFinite(result) ? result : errors.get("num", TOO_LARGE);
  };
}

/** The spilled result, cell by cell. */
function fillGrid(rows: number, cols: number, safe: (i: number, j: number) => number | CustomFunctions.Error): Grid {
  // A spill may hold a million error values, made by Excel's own CustomFunctions.Error, and each would
  // capture a stack trace that nobody reads (most of an error's cost; a PricingProblem records none of
  // its own). The cells are computed synchronously, so no other code runs while the limit is lowered;
  // setStackTraceLimit never throws, where Error cannot be changed either.
  const stackTraceLimit = setStackTraceLimit(0);
  try {
    const out: Grid = new Array(rows);
    if (cols === 1) {
      // A column: one-element rows made as literals (no resizing or boxing of the row's number).
      for (let i = 0; i < rows; i++) out[i] = [safe(i, 0)];
      return out;
    }
    for (let i = 0; i < rows; i++) {
      const line: (number | CustomFunctions.Error)[] = [];
      for (let j = 0; j < cols; j++) line.push(safe(i, j));
      out[i] = line;
    }
    return out;
  } finally {
    setStackTraceLimit(stackTraceLimit);
  }
}

/** Runs a function whose result is a whole table (it does not broadcast); never throws. */
export function whole(run: () => Grid): Grid {
  try {
    return run();
  } catch (e) {
    return [[toExcelError(e)]];
  }
}
