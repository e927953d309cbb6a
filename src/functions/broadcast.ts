/**
 * Broadcasting, written once for every AIPRICE function that computes cell by cell: each argument a value
 * or a range, the result one value per cell of the broadcast shape, as Excel's own functions broadcast (a
 * single value, row or column stretches; cells beyond a shorter range get #N/A; an error stays in its
 * cell), each cell's problem an Excel error naming the argument. Never throws.
 */
import { setStackTraceLimit } from "../engine/problems";
import { Arg, Cell, coerce, isErrorValue, Param, SharedErrors, spillTooLarge, toExcelError, Grid } from "./cells";

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
      const answers = new Answers(compute, errors);
      const cell = cellComputer(params, numeric, answers, args, shape, errors);
      const safe = (i: number, j: number): number | CustomFunctions.Error => {
        try {
          return cell(i, j);
        } catch (e) {
          return errors.of(e);
        }
      };
      if (!shape.ranged) return [[safe(0, 0)]];
      const rowOfNumbers = shape.rows === 1 ? oneRowOfNumbers(numeric, args, shape, answers, safe) : null;
      return rowOfNumbers ? withoutStackTraces(() => [rowOfNumbers()]) : fillGrid(shape.rows, shape.cols, safe);
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

/**
 * The engine's answer for one cell's arguments, its problem as an error value. The arguments it refused
 * last are kept: the same arguments again get the same error without asking again (a column of 150%
 * rates is a million identical problems).
 */
class Answers {
  private refused: unknown[] | null = null;
  private refusal: CustomFunctions.Error | undefined;
  constructor(
    private readonly compute: Compute,
    private readonly errors: SharedErrors,
  ) {}

  of(values: unknown[], n: number): number | CustomFunctions.Error {
    if (this.refused !== null && sameValues(values, this.refused, n)) return this.refusal!;
    let result: number;
    try {
      result = apply(this.compute, values, n);
    } catch (e) {
      this.refused = values.slice();
      return (this.refusal = this.errors.of(e));
    }
    return Number.isFinite(result) ? result : this.errors.get("num", TOO_LARGE);
  }
}

/** The function computing one cell of the result: its arguments read in order, the first problem wins. */
function cellComputer(params: readonly Param[], numeric: boolean[], answers: Answers, args: Arg[], shape: ArgumentShape, errors: SharedErrors): (i: number, j: number) => number | CustomFunctions.Error {
  const n = params.length;
  const { how, fixed, stop } = shape;
  let beyond: CustomFunctions.Error | undefined;
  const NA = (): CustomFunctions.Error => beyond || (beyond = errors.get("na", BEYOND));
  const values: unknown[] = new Array(n);
  const badCell: unknown[] = new Array(n).fill(NOTHING);
  const badCellError: (CustomFunctions.Error | undefined)[] = new Array(n);
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
    return answers.of(values, n);
  };
}

/**
 * The result of one row (a row of 2,000 drawn scenarios) whose ranges are each one row, as wide as the
 * result or one cell, and whose values stop no cell: a function computing it (null for any other call).
 * A cell whose arguments are all numbers where numbers belong is computed straight from the rows; any
 * other cell (text, a blank, an error value) as cellComputer computes it. The same answers: the cells
 * read the same values in the same order, and share the engine's answers (its refusals) with cellComputer.
 */
function oneRowOfNumbers(numeric: boolean[], args: Arg[], shape: ArgumentShape, answers: Answers, safe: (i: number, j: number) => number | CustomFunctions.Error): (() => (number | CustomFunctions.Error)[]) | null {
  const n = numeric.length;
  const cols = shape.cols;
  const values: unknown[] = new Array(n);
  const ranged: number[] = [];
  const rows: Cell[][] = [];
  for (let k = 0; k < n; k++) {
    if (shape.how[k] === SCALAR) {
      if (shape.stop[k] !== undefined) return null;
      values[k] = shape.fixed[k];
      continue;
    }
    const range = args[k] as Cell[][];
    const row = range.length === 1 ? range[0] : undefined;
    if (!Array.isArray(row) || (row.length !== 1 && row.length !== cols)) return null;
    ranged.push(k);
    rows.push(row);
  }
  return () => {
    const line: (number | CustomFunctions.Error)[] = new Array(cols);
    for (let j = 0; j < cols; j++) {
      let plain = true;
      for (let r = 0; r < ranged.length; r++) {
        const row = rows[r];
        const v = row.length === 1 ? row[0] : row[j];
        const k = ranged[r];
        if (typeof v !== "number" || !numeric[k]) {
          plain = false;
          break;
        }
        values[k] = v;
      }
      line[j] = plain ? answers.of(values, n) : safe(0, j);
    }
    return line;
  };
}

/**
 * Runs `make` with error values recording no stack trace: a spill may hold a million error values, made
 * by Excel's own CustomFunctions.Error, and each would capture a stack trace that nobody reads (most of
 * an error's cost; a PricingProblem records none of its own). The cells are computed synchronously, so
 * no other code runs while the limit is lowered; setStackTraceLimit never throws, where Error cannot be
 * changed either.
 */
function withoutStackTraces<T>(make: () => T): T {
  const stackTraceLimit = setStackTraceLimit(0);
  try {
    return make();
  } finally {
    setStackTraceLimit(stackTraceLimit);
  }
}

/** The spilled result, cell by cell. */
function fillGrid(rows: number, cols: number, safe: (i: number, j: number) => number | CustomFunctions.Error): Grid {
  return withoutStackTraces(() => {
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
  });
}

/** Runs a function whose result is a whole table (it does not broadcast); never throws. */
export function whole(run: () => Grid): Grid {
  try {
    return run();
  } catch (e) {
    return [[toExcelError(e)]];
  }
}
