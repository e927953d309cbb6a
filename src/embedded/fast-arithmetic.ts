/**
 * Element-wise `+ - * /` and unary minus for the embedded formula engine (HyperFormula), with the same
 * results as its own, made cheaper over arrays. A scenario edit on a 60-bid comparison recomputes some
 * 480,000 drawn cells, most of them products and sums of rows of 2,000 draws; HyperFormula computes each
 * element through its whole number machinery (each operand coerced to a number or an error, the pair
 * checked for errors, the kind of number of the result inferred from both operands' kinds with two
 * objects made, the result built by a factory): a tenth of the edit.
 *
 * Here HyperFormula's own array walk (Interpreter.binaryRangeWrapper and unaryRangeWrapper: which
 * operand's array is reused, how a scalar, a row or a column is broadcast, #N/A past a smaller operand's
 * end) is kept step for step, and only the element is computed differently:
 *  - two plain numbers (`typeof number`, so not a percent, currency or date number) are computed in place,
 *    exactly as HyperFormula computes two plain numbers: `a * b`; `a / b` unless b is 0; `a + b` and
 *    `a - b` set to 0 when within the engine's epsilon of 0 relative to `a` (ArithmeticHelper.actualEps:
 *    the precision epsilon with smart rounding, 0 without); `-a`. A plain number with a plain number stays
 *    a plain number, and HyperFormula leaves an array's elements as computed (no overflow or -0 fix there);
 *  - any other element (a formatted number, text, a boolean, a blank, an error, a division by 0) is
 *    computed by HyperFormula's own operator.
 * Scalars with scalars, and ranges outside an array formula (read as one cell), go to HyperFormula's own.
 *
 * The interpreter is an engine's own (not shared between engines), so the patch is made on the engine's
 * instance, once; an engine whose internals are not as expected is left as it is.
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own arithmetic.
 */
import { CellError, ErrorType, HyperFormula, SimpleRangeValue } from "hyperformula";

type Op = (a: unknown, b: unknown) => unknown;
type UnaryOp = (a: unknown) => unknown;
type Cells = unknown[][];

interface State {
  arraysFlag: boolean;
}

interface Interpreter {
  plusOp: Op;
  minusOp: Op;
  timesOp: Op;
  divOp: Op;
  unaryMinusOp: UnaryOp;
  arithmeticHelper: { actualEps: number };
  binaryRangeWrapper(op: Op, arg1: unknown, arg2: unknown, state: State): unknown;
  unaryRangeWrapper(op: UnaryOp, arg: unknown, state: State): unknown;
  fastArithmetic?: boolean;
}

const enum Kind {
  Plus,
  Minus,
  Times,
  Divide,
}

/** Two plain numbers computed as HyperFormula computes them (a division by 0 excepted: see `plain`). */
function numeric(kind: Kind, a: number, b: number, eps: number): number {
  switch (kind) {
    case Kind.Times:
      return a * b;
    case Kind.Plus: {
      const sum = a + b;
      return Math.abs(sum) < eps * Math.abs(a) ? 0 : sum;
    }
    case Kind.Minus: {
      const difference = a - b;
      return Math.abs(difference) < eps * Math.abs(a) ? 0 : difference;
    }
    default:
      return a / b;
  }
}

/** Whether two operands are computed here: plain numbers (and no division by 0, an error); else HyperFormula's own operator computes them. */
function plain(kind: Kind, a: unknown, b: unknown): boolean {
  return typeof a === "number" && typeof b === "number" && (kind !== Kind.Divide || b !== 0);
}

/** One element: here (plain numbers) or by HyperFormula's own operator. */
function element(kind: Kind, op: Op, eps: number, a: unknown, b: unknown): unknown {
  return plain(kind, a, b) ? numeric(kind, a as number, b as number, eps) : op(a, b);
}

/** A scalar with each element of an array HyperFormula made for this formula (it reuses the array): `scalar op element` or `element op scalar`. */
function withScalarInPlace(kind: Kind, op: Op, eps: number, cells: Cells, scalar: unknown, scalarFirst: boolean): SimpleRangeValue {
  const width = cells.length > 0 ? cells[0].length : 0;
  for (let i = 0; i < cells.length; i++) {
    const row = cells[i];
    for (let j = 0; j < width; j++) row[j] = scalarFirst ? element(kind, op, eps, scalar, row[j]) : element(kind, op, eps, row[j], scalar);
  }
  return SimpleRangeValue.onlyValues(cells as never);
}

/** Two arrays of one size, one of them HyperFormula's own for this formula (`into`, reused for the result). */
function sameSizeInPlace(kind: Kind, op: Op, eps: number, left: Cells, right: Cells, into: Cells): SimpleRangeValue {
  const width = left.length > 0 ? left[0].length : 0;
  for (let i = 0; i < left.length; i++) {
    const l = left[i];
    const r = right[i];
    const out = into[i];
    for (let j = 0; j < width; j++) out[j] = element(kind, op, eps, l[j], r[j]);
  }
  return SimpleRangeValue.onlyValues(into as never);
}

/** Two arrays as HyperFormula broadcasts them: a single row or column along the other; #N/A past the end of the smaller. */
function broadcast(kind: Kind, op: Op, eps: number, left: SimpleRangeValue, right: SimpleRangeValue): SimpleRangeValue {
  const h1 = left.height();
  const w1 = left.width();
  const h2 = right.height();
  const w2 = right.width();
  const height = Math.max(h1, h2);
  const width = Math.max(w1, w2);
  const l = left.data as Cells;
  const r = right.data as Cells;
  const result: Cells = new Array(height);
  for (let i = 0; i < height; i++) {
    const i1 = h1 !== 1 ? i : 0;
    const i2 = h2 !== 1 ? i : 0;
    const row1 = i1 < h1 ? l[i1] : undefined;
    const row2 = i2 < h2 ? r[i2] : undefined;
    const out: unknown[] = new Array(width);
    for (let j = 0; j < width; j++) {
      const j1 = w1 !== 1 ? j : 0;
      const j2 = w2 !== 1 ? j : 0;
      out[j] = row1 !== undefined && row2 !== undefined && j1 < w1 && j2 < w2 ? element(kind, op, eps, row1[j1], row2[j2]) : new CellError(ErrorType.NA);
    }
    result[i] = out;
  }
  return SimpleRangeValue.onlyValues(result as never);
}

/** HyperFormula's binaryRangeWrapper, in an array formula with an array operand, for one of the four operators. */
function arrays(kind: Kind, op: Op, eps: number, arg1: unknown, arg2: unknown): unknown {
  if (arg1 instanceof CellError) return arg1;
  if (arg2 instanceof CellError) return arg2;
  let left = arg1;
  let right = arg2;
  if (!(left instanceof SimpleRangeValue)) {
    const r = right as SimpleRangeValue;
    if (r.isAdHoc()) return withScalarInPlace(kind, op, eps, r.data as Cells, left, true);
    left = SimpleRangeValue.fromScalar(left as never);
  }
  if (!(right instanceof SimpleRangeValue)) {
    const l = left as SimpleRangeValue;
    if (l.isAdHoc()) return withScalarInPlace(kind, op, eps, l.data as Cells, right, false);
    right = SimpleRangeValue.fromScalar(right as never);
  }
  const l = left as SimpleRangeValue;
  const r = right as SimpleRangeValue;
  if (l.width() === r.width() && l.height() === r.height()) {
    if (l.isAdHoc()) return sameSizeInPlace(kind, op, eps, l.data as Cells, r.data as Cells, l.data as Cells);
    if (r.isAdHoc()) return sameSizeInPlace(kind, op, eps, l.data as Cells, r.data as Cells, r.data as Cells);
  }
  return broadcast(kind, op, eps, l, r);
}

/** The engine's interpreter, if it has the parts the patch replaces. */
function interpreterOf(hf: HyperFormula): Interpreter | undefined {
  const interpreter = (hf as unknown as { _evaluator?: { interpreter?: Partial<Interpreter> } })._evaluator?.interpreter;
  if (!interpreter) return undefined;
  const ops = [interpreter.plusOp, interpreter.minusOp, interpreter.timesOp, interpreter.divOp, interpreter.unaryMinusOp];
  if (ops.some((op) => typeof op !== "function")) return undefined;
  if (typeof interpreter.binaryRangeWrapper !== "function" || typeof interpreter.unaryRangeWrapper !== "function") return undefined;
  if (typeof interpreter.arithmeticHelper?.actualEps !== "number") return undefined;
  return interpreter as Interpreter;
}

/** Makes the engine's `+ - * /` and unary minus over arrays cheaper (once per engine; the same results). */
export function fastArithmetic(hf: HyperFormula): void {
  const interpreter = interpreterOf(hf);
  if (!interpreter || interpreter.fastArithmetic) return;
  const kinds = new Map<Op, Kind>([
    [interpreter.plusOp, Kind.Plus],
    [interpreter.minusOp, Kind.Minus],
    [interpreter.timesOp, Kind.Times],
    [interpreter.divOp, Kind.Divide],
  ]);
  const unaryMinus = interpreter.unaryMinusOp;
  const ownBinary = interpreter.binaryRangeWrapper;
  const ownUnary = interpreter.unaryRangeWrapper;
  interpreter.binaryRangeWrapper = function (op, arg1, arg2, state) {
    const kind = kinds.get(op);
    if (kind === undefined || !state.arraysFlag || !(arg1 instanceof SimpleRangeValue || arg2 instanceof SimpleRangeValue)) return ownBinary.call(this, op, arg1, arg2, state);
    return arrays(kind, op, this.arithmeticHelper.actualEps, arg1, arg2);
  };
  interpreter.unaryRangeWrapper = function (op, arg, state) {
    if (op !== unaryMinus || !state.arraysFlag || !(arg instanceof SimpleRangeValue)) return ownUnary.call(this, op, arg, state);
    const cells = (arg.data as Cells).map((row) => row.map((v) => (typeof v === "number" ? -v : op(v))));
    return SimpleRangeValue.onlyValues(cells as never);
  };
  interpreter.fastArithmetic = true;
}
