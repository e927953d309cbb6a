/**
 * ISNUMBER for the embedded formula engine (HyperFormula), with the same results as its own, made cheaper:
 * nearly every formula of a comparison asks it (a bid is priced when its figures are numbers), 10,000
 * times per edit of 60 bids, and the ranks ask it of a column of 60 bids each. HyperFormula answers each
 * through its whole function machinery (argument metadata, broadcasting, coercion); here the argument is
 * evaluated and read as HyperFormula reads it: a number, or a formatted number (a percent, a date), is
 * TRUE; anything else (text, a blank, a boolean, an error) FALSE; over an array, element by element, a
 * 1 x 1 array as one value. Anything else (no argument or several, a formula without array arithmetic)
 * goes to HyperFormula's own.
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own ISNUMBER.
 */
import { FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from "hyperformula";
import { isFormattedNumber } from "./hyperformula-aiprice";
import { keepOwnMethods, registerInPlaceOfOwn } from "./own-functions";

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */

/** HyperFormula's isExtendedNumber: a number, or a formatted number (its RichNumber, which holds `val`). */
export function isNumberValue(v: unknown): boolean {
  return typeof v === "number" || (isFormattedNumber(v) && typeof v.val === "number");
}

/** HyperFormula's kind of an argument left empty (ISNUMBER(,)). */
const EMPTY = "EMPTY";

/** The plugin, its function under the given name (ISNUMBER in the workbook; another lets a test compare it with HyperFormula's own). */
export function fastIsNumberPlugin(name = "ISNUMBER") {
  const own = (HyperFormula.getFunctionPlugin("ISNUMBER") as any)?.prototype;
  class FastIsNumber extends FunctionPlugin {
    static implementedFunctions = { [name]: { method: "fastIsNumber", parameters: [{ argumentType: FunctionArgumentType.SCALAR }] } } as never;

    fastIsNumber(ast: any, state: any): unknown {
      const args: any[] = ast.args;
      if (args.length !== 1 || args[0]?.type === EMPTY || !state.arraysFlag) return own.isnumber.call(this, ast, state);
      const value = this.evaluateAst(args[0], state);
      if (!(value instanceof SimpleRangeValue)) return isNumberValue(value);
      const data = value.data as unknown[][];
      if (value.width() === 1 && value.height() === 1) return isNumberValue(data[0]?.[0]);
      return SimpleRangeValue.onlyValues(data.map((row) => row.map(isNumberValue)) as never);
    }
  }
  // HyperFormula's own method answers the calls handed back.
  keepOwnMethods(FastIsNumber, own, ["isnumber"], { ISNUMBER: name });
  return FastIsNumber;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Registers the plugin in place of HyperFormula's ISNUMBER (once; engines built afterwards use it). */
export function registerFastIsNumber(): void {
  registerInPlaceOfOwn(["ISNUMBER"], () => fastIsNumberPlugin());
}
