/**
 * IF and IFERROR for the embedded formula engine (HyperFormula), with the same results as its own, made
 * cheaper over arrays. HyperFormula computes IF over an array one element at a time through its whole
 * function machinery (argument metadata, broadcasting and coercion per element): the chance of being the
 * cheapest takes IF over 60 bids x 2,000 drawn totals, and the timeline IF over every month, on each edit.
 * Here the arguments are evaluated once, and the result is built in one loop with HyperFormula's rules
 * per element (a row at a time where IF's condition is one column: one condition per row). Like Excel (not HyperFormula), a branch that cannot change the result is not computed:
 * with one condition (not an array), the branch not taken when it is one value (its size, as HyperFormula
 * sizes it, 1 x 1); IFERROR's fallback when the value is one value and no error. The rules per element:
 *  - the result is as large as the largest argument (a row or column broadcast along the other side; an
 *    element past a smaller argument's end is missing);
 *  - IF: the condition is read as a boolean (a number is TRUE unless 0, blank is FALSE, the texts "TRUE"
 *    and "FALSE" in any case, "" FALSE, any other text #VALUE!), an error condition is the result, a
 *    missing condition is FALSE, a missing third argument FALSE; the branch taken is passed as it is
 *    (errors included), the other is ignored;
 *  - IFERROR: the value unless it is an error, else the second argument.
 * Anything else (another number of arguments, a formula without array arithmetic) goes to HyperFormula's own.
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own IF and IFERROR.
 */
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from "hyperformula";
import { isFormattedNumber } from "./hyperformula-aiprice";
import { keepOwnMethods, registerInPlaceOfOwn } from "./own-functions";

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */

/** HyperFormula's message for an argument of the wrong type (ErrorMessage.WrongType). */
const WRONG_TYPE = "Wrong type of argument.";

/** HyperFormula's kinds of range in a formula (a range of one cell is one value). */
const RANGES = new Set(["CELL_RANGE", "COLUMN_RANGE", "ROW_RANGE"]);

/** The missing element of an argument (past its end when broadcast). */
const MISSING = undefined;

/** HyperFormula's reading of a value as a condition (coerceScalarToBoolean): undefined when it cannot be one. */
export function asCondition(v: unknown): boolean | CellError | undefined {
  if (v instanceof CellError || typeof v === "boolean") return v;
  if (v === EmptyValue) return false;
  if (typeof v === "number") return v !== 0;
  if (isFormattedNumber(v)) return v.val !== 0;
  if (typeof v !== "string") return undefined;
  const upper = v.toUpperCase();
  if (upper === "TRUE") return true;
  if (upper === "FALSE" || upper === "") return false;
  return undefined;
}

/** Reads element (row, col) of an argument as HyperFormula broadcasts it; MISSING past its end. */
function reader(v: unknown): (row: number, col: number) => unknown {
  if (!(v instanceof SimpleRangeValue)) return () => v;
  const data = v.data as unknown[][];
  const oneRow = v.height() === 1;
  const oneCol = v.width() === 1;
  return (row, col) => data[oneRow ? 0 : row]?.[oneCol ? 0 : col];
}

/** The size of the result: the largest argument's rows and columns (1 x 1 for scalars). */
function resultSize(values: unknown[]): [number, number] {
  let height = 1;
  let width = 1;
  for (const v of values) {
    if (!(v instanceof SimpleRangeValue)) continue;
    height = Math.max(height, v.height());
    width = Math.max(width, v.width());
  }
  return [height, width];
}

/** Element by element over arguments of any size, with one call per element of the result. */
function elementwise(values: unknown[], element: (read: (k: number) => unknown) => unknown): unknown {
  const [height, width] = resultSize(values);
  const readers = values.map(reader);
  if (height === 1 && width === 1) return element((k) => readers[k](0, 0));
  const rows: unknown[][] = new Array(height);
  let row = 0;
  let col = 0;
  const read = (k: number) => readers[k](row, col);
  for (row = 0; row < height; row++) {
    const line: unknown[] = new Array(width);
    for (col = 0; col < width; col++) line[col] = element(read);
    rows[row] = line;
  }
  return SimpleRangeValue.onlyValues(rows as never);
}

/**
 * An argument along one row of the result (width `width`): one value for the whole row (a scalar, a
 * column, MISSING past a column's end), or the row's elements; undefined when it is neither (a range
 * narrower than the result but wider than one column).
 */
type AlongRow = (row: number) => { one: unknown } | { each: readonly unknown[] };

function alongRow(v: unknown, width: number): AlongRow | undefined {
  if (!(v instanceof SimpleRangeValue)) return () => ({ one: v });
  const data = v.data as unknown[][];
  const oneRow = v.height() === 1;
  if (v.width() === 1) return (row) => ({ one: data[oneRow ? 0 : row]?.[0] });
  if (v.width() !== width) return undefined;
  const none: unknown[] = new Array(width).fill(MISSING);
  return (row) => ({ each: data[oneRow ? 0 : row] ?? none });
}

/**
 * IF whose condition is one column (one condition per row: the chance of being the cheapest's "is this
 * bid priced" over its 2,000 drawn totals): built a row at a time, each row the taken branch's row, with
 * ifElement's rules (its result element for element). Undefined when an argument does not run along rows.
 */
function ifByRows(values: unknown[]): unknown {
  const condition = values[0];
  if (!(condition instanceof SimpleRangeValue) || condition.width() !== 1) return undefined;
  const [height, width] = resultSize(values);
  if (height === 1 && width === 1) return undefined; // one element: elementwise gives it as a value
  const sources = values.map((v) => alongRow(v, width));
  if (sources.some((a) => a === undefined)) return undefined;
  const [readCondition, whenTrue, whenFalse] = sources as AlongRow[];
  const rows: unknown[][] = new Array(height);
  for (let row = 0; row < height; row++) {
    const raw = (readCondition(row) as { one: unknown }).one;
    const reading = raw === MISSING ? undefined : asCondition(raw);
    const line: unknown[] = new Array(width);
    if (raw !== MISSING && reading === undefined) {
      for (let col = 0; col < width; col++) line[col] = new CellError(ErrorType.VALUE, WRONG_TYPE);
    } else if (reading instanceof CellError) {
      line.fill(reading);
    } else if (reading || values.length < 3) {
      const taken = reading ? whenTrue(row) : { one: false };
      if ("one" in taken) line.fill(taken.one);
      else for (let col = 0; col < width; col++) line[col] = taken.each[col];
    } else {
      const taken = whenFalse(row);
      if ("one" in taken) line.fill(taken.one === MISSING ? false : taken.one);
      else for (let col = 0; col < width; col++) line[col] = taken.each[col] === MISSING ? false : taken.each[col];
    }
    rows[row] = line;
  }
  return SimpleRangeValue.onlyValues(rows as never);
}

/** IF for one element: the condition read, then the branch it takes. */
function ifElement(read: (k: number) => unknown, arity: number): unknown {
  const raw = read(0);
  const condition = raw === MISSING ? undefined : asCondition(raw);
  if (raw !== MISSING && condition === undefined) return new CellError(ErrorType.VALUE, WRONG_TYPE);
  if (condition instanceof CellError) return condition;
  if (condition) return read(1);
  if (arity < 3) return false;
  const otherwise = read(2);
  return otherwise === MISSING ? false : otherwise;
}

/** IFERROR for one element. */
function ifErrorElement(read: (k: number) => unknown): unknown {
  const value = read(0);
  return value instanceof CellError ? read(1) : value;
}

/** HyperFormula's own parameters of IF and IFERROR (the array sizes it predicts follow them). */
const IF_PARAMETERS = [{ argumentType: FunctionArgumentType.BOOLEAN }, { argumentType: FunctionArgumentType.SCALAR, passSubtype: true }, { argumentType: FunctionArgumentType.SCALAR, defaultValue: false, passSubtype: true }];
const IFERROR_PARAMETERS = [
  { argumentType: FunctionArgumentType.SCALAR, passSubtype: true },
  { argumentType: FunctionArgumentType.SCALAR, passSubtype: true },
];

/**
 * The plugin, its functions under the given names (IF and IFERROR in the workbook; other names let a
 * test compare them with HyperFormula's own in one engine).
 */
export function fastConditionalsPlugin(names: { if: string; iferror: string } = { if: "IF", iferror: "IFERROR" }) {
  const own = (HyperFormula.getFunctionPlugin("IF") as any)?.prototype;
  class FastConditionals extends FunctionPlugin {
    static implementedFunctions = {
      [names.if]: { method: "fastIf", parameters: IF_PARAMETERS },
      [names.iferror]: { method: "fastIfError", parameters: IFERROR_PARAMETERS },
    } as never;

    /** Can this formula use array arithmetic here, with between `least` and `most` arguments? Else HyperFormula's own computes it. */
    private handled(ast: any, state: any, least: number, most: number): boolean {
      const args: any[] = ast.args;
      return !!state.arraysFlag && args.length >= least && args.length <= most;
    }

    /** Is the argument a single value, never an array, whatever its cells hold (HyperFormula's size of it)? */
    private single(arg: any, state: any): boolean {
      try {
        const size = this.arraySizeForAst(arg, state);
        // HyperFormula marks a size it could not predict (an error) as a reference: not known to be one value.
        return size.width === 1 && size.height === 1 && (!size.isRef || RANGES.has(arg.type));
      } catch {
        return false;
      }
    }

    /** The arguments' values, the first given (evaluated already), the others evaluated now. */
    private values(ast: any, state: any, first: unknown): unknown[] {
      return ast.args.map((a: any, k: number) => (k === 0 ? first : this.evaluateAst(a, state)));
    }

    fastIf(ast: any, state: any): unknown {
      if (!this.handled(ast, state, 2, 3)) return own.conditionalIf.call(this, ast, state);
      const args: any[] = ast.args;
      const condition = this.evaluateAst(args[0], state);
      // One condition, and a branch not taken that is one value: that branch cannot change the result
      // (not even its size), so it is not computed.
      if (!(condition instanceof SimpleRangeValue)) {
        const reading = asCondition(condition);
        if (reading === undefined) return new CellError(ErrorType.VALUE, WRONG_TYPE);
        if (reading instanceof CellError) return reading;
        const taken = reading ? 1 : 2;
        const other = args[reading ? 2 : 1];
        if (other === undefined || this.single(other, state)) {
          if (taken >= args.length) return false;
          const value = this.evaluateAst(args[taken], state);
          if (!(value instanceof SimpleRangeValue)) return value;
        }
      }
      const values = this.values(ast, state, condition);
      return ifByRows(values) ?? elementwise(values, (read) => ifElement(read, values.length));
    }

    fastIfError(ast: any, state: any): unknown {
      if (!this.handled(ast, state, 2, 2)) return own.iferror.call(this, ast, state);
      const args: any[] = ast.args;
      const value = this.evaluateAst(args[0], state);
      // A value that is no error, and a fallback that is one value: the fallback is not computed.
      if (!(value instanceof SimpleRangeValue) && !(value instanceof CellError) && this.single(args[1], state)) return value;
      const values = this.values(ast, state, value);
      return elementwise(values, ifErrorElement);
    }
  }
  // HyperFormula's own methods answer the rare calls handed back.
  keepOwnMethods(FastConditionals, own, ["conditionalIf", "iferror"], { IF: names.if, IFERROR: names.iferror });
  return FastConditionals;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Registers the plugin in place of HyperFormula's IF and IFERROR (once; engines built afterwards use it). */
export function registerFastConditionals(): void {
  registerInPlaceOfOwn(["IF", "IFERROR"], () => fastConditionalsPlugin());
}
