/**
 * What can be wrong with a pricing input, in the analyst's words.
 *
 * The engine throws a `PricingProblem`; the Excel face turns it into the matching Excel error
 * (`#NUM!`, `#VALUE!`, `#DIV/0!`, `#N/A`) with the same message, and the CLI prints it.
 */
export type ProblemKind = "num" | "value" | "div0" | "na";

/**
 * A pricing input that cannot be priced. It is an answer, not a fault of the program: it becomes a cell's
 * error value or the CLI's message, and its call stack is never shown, so none is recorded (a sheet's
 * functions may raise thousands per recalculation, one per month past the term or per drawn scenario).
 */
export class PricingProblem extends Error {
  readonly kind: ProblemKind;
  /** The argument or field at fault, e.g. `resolution_rate`. */
  readonly argument: string;
  constructor(kind: ProblemKind, argument: string, message: string) {
    const limit = setStackTraceLimit(0);
    try {
      super(message);
    } finally {
      setStackTraceLimit(limit);
    }
    this.kind = kind;
    this.argument = argument;
    this.name = "PricingProblem";
  }
}

/**
 * Sets how many calls an Error made from now records (V8's Error.stackTraceLimit; a property other engines
 * ignore) and returns the setting before. Never throws: where Error cannot be changed (frozen), errors
 * record their calls as before.
 */
export function setStackTraceLimit(limit: number | undefined): number | undefined {
  const before = (Error as { stackTraceLimit?: number }).stackTraceLimit;
  try {
    (Error as { stackTraceLimit?: number }).stackTraceLimit = limit;
  } catch {
    // A frozen Error: nothing to change.
  }
  return before;
}

export function isPricingProblem(e: unknown): e is PricingProblem {
  return e instanceof PricingProblem;
}

function show(x: number): string {
  return Number.isNaN(x) ? "not a number" : String(x);
}

/** Is x a finite number of 0 or more (what nonNegative accepts)? */
function isNonNegative(x: number): boolean {
  return x >= 0 && x !== Infinity;
}

/** A finite amount, price, count or cost that may not be negative. */
export function nonNegative(name: string, x: number): number {
  if (!isNonNegative(x)) {
    throw new PricingProblem("num", name, `${name} must be a number of 0 or more (got ${show(x)})`);
  }
  return x;
}

/**
 * nonNegative for a name in two parts, `${prefix}${name}`: the name is made only when the check fails
 * (these checks run for every drawn scenario of the risk view).
 */
export function nonNegativeNamed(prefix: string, name: string, x: number): number {
  return isNonNegative(x) ? x : nonNegative(`${prefix}${name}`, x);
}

/** nonNegative for item i (from 0) of a list, named `${list}[${i + 1}]` only when the check fails. */
export function nonNegativeItem(list: string, i: number, x: number): number {
  return isNonNegative(x) ? x : nonNegative(`${list}[${i + 1}]`, x);
}

/** A finite number of any sign (a measured service level, for instance). */
export function finite(name: string, x: number): number {
  if (!Number.isFinite(x)) {
    throw new PricingProblem("num", name, `${name} must be a finite number (got ${show(x)})`);
  }
  return x;
}

/** A rate or share: a fraction from 0 to 1 (90% is 0.9). */
export function fraction(name: string, x: number): number {
  if (!(x >= 0 && x <= 1)) {
    throw new PricingProblem("num", name, `${name} must be a fraction from 0 to 1, e.g. 0.9 for 90% (got ${show(x)})`);
  }
  return x;
}

/** A divisor that must not be zero (checked after its own range check). */
export function nonZeroDivisor(name: string, x: number, what: string): number {
  if (x === 0) throw zeroDivisorProblem(name, what);
  return x;
}

/**
 * The problems of zero divisors, by divisor and figure: each made once, since its words never change (an
 * assist tool's rate of 0 raises the same problem for every one of its 2,000 drawn scenarios). The names
 * and figures are the engine's own words, so the list stays short.
 */
const zeroDivisorProblems = new Map<string, Map<string, PricingProblem>>();

function zeroDivisorProblem(name: string, what: string): PricingProblem {
  let byFigure = zeroDivisorProblems.get(name);
  if (!byFigure) zeroDivisorProblems.set(name, (byFigure = new Map()));
  let problem = byFigure.get(what);
  if (!problem) byFigure.set(what, (problem = new PricingProblem("div0", name, `${name} is 0, so ${what} cannot be computed`)));
  return problem;
}
