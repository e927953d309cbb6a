/**
 * AND and OR for the embedded formula engine (HyperFormula), with the same results as their own, made
 * cheaper: a comparison asks "is this bid priced, its rate from 0 to 1?" as AND(ISNUMBER(...), ...) in
 * nearly every formula, across every month of the term (thousands of times per edit of 60 bids), and
 * HyperFormula answers each through its whole function machinery. Here each argument is evaluated in
 * order and read as HyperFormula reads it (asCondition: a number is TRUE unless 0, a blank FALSE, the
 * texts TRUE and FALSE): the first error, or a value that cannot be read (#VALUE!), is the result;
 * a range's cells are each an argument, and those that cannot be read are left out. Then AND is TRUE
 * when no argument is FALSE, OR when one is TRUE. No arguments at all go to HyperFormula's own.
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own AND and OR.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from "hyperformula";
import { asCondition } from "./fast-conditionals";
import { keepOwnMethods, registerInPlaceOfOwn } from "./own-functions";

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */

/** HyperFormula's message for an argument of the wrong type (ErrorMessage.WrongType). */
const WRONG_TYPE = "Wrong type of argument.";

/** HyperFormula's own parameters of AND and OR. */
const PARAMETERS = { parameters: [{ argumentType: FunctionArgumentType.BOOLEAN }], repeatLastArgs: 1, expandRanges: true };

/**
 * The arguments read in order: the first error (or #VALUE! for a value that is not a range's cell and
 * cannot be read), else whether any was TRUE and whether any was FALSE.
 */
function readAll(plugin: { evaluateAst(ast: unknown, state: unknown): unknown }, args: unknown[], state: unknown): CellError | { someTrue: boolean; someFalse: boolean } {
  let someTrue = false;
  let someFalse = false;
  const take = (reading: boolean) => (reading ? (someTrue = true) : (someFalse = true));
  for (const arg of args) {
    const value = plugin.evaluateAst(arg, state);
    if (value instanceof SimpleRangeValue) {
      for (const cell of value.valuesFromTopLeftCorner()) {
        const reading = asCondition(cell);
        if (reading instanceof CellError) return reading;
        if (reading !== undefined) take(reading);
      }
      continue;
    }
    const reading = asCondition(value);
    if (reading === undefined) return new CellError(ErrorType.VALUE, WRONG_TYPE);
    if (reading instanceof CellError) return reading;
    take(reading);
  }
  return { someTrue, someFalse };
}

/** The plugin, its functions under the given names (AND and OR in the workbook; others let a test compare them with HyperFormula's own). */
export function fastLogicalPlugin(names: { and: string; or: string } = { and: "AND", or: "OR" }) {
  const own = (HyperFormula.getFunctionPlugin("AND") as any)?.prototype;
  class FastLogical extends FunctionPlugin {
    static implementedFunctions = {
      [names.and]: { method: "fastAnd", ...PARAMETERS },
      [names.or]: { method: "fastOr", ...PARAMETERS },
    } as never;

    fastAnd(ast: any, state: any): unknown {
      if (ast.args.length === 0) return own.and.call(this, ast, state);
      const read = readAll(this as any, ast.args, state);
      return read instanceof CellError ? read : !read.someFalse;
    }

    fastOr(ast: any, state: any): unknown {
      if (ast.args.length === 0) return own.or.call(this, ast, state);
      const read = readAll(this as any, ast.args, state);
      return read instanceof CellError ? read : read.someTrue;
    }
  }
  // HyperFormula's own methods answer the calls handed back.
  keepOwnMethods(FastLogical, own, ["and", "or"], { AND: names.and, OR: names.or });
  return FastLogical;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Registers the plugin in place of HyperFormula's AND and OR (once; engines built afterwards use it). */
export function registerFastLogical(): void {
  registerInPlaceOfOwn(["AND", "OR"], () => fastLogicalPlugin());
}
