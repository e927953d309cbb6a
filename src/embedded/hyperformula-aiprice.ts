/**
 * Registers the AIPRICE functions in HyperFormula, the embedded formula engine used by the
 * workbench and the tests (GPL-3.0: never part of the add-in bundle users install).
 *
 * The functions come from the same metadata Excel reads (functions.json) and the same
 * implementations Excel calls; this adapter only does what Excel does around them: pass ranges as
 * 2-D arrays and omitted arguments as null, turn errors into Excel errors and back, and spill.
 */
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from "hyperformula";
import { ExcelError, type ExcelErrorCode } from "./custom-functions-shim";
import { MAX_SCHEDULE_MONTHS } from "../engine/schedule";

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: { name: string; description?: string; type?: string; dimensionality?: string; optional?: boolean }[];
  result?: { type?: string; dimensionality?: string };
}
export interface FunctionsMetadata {
  functions: FunctionMetadata[];
}
export type Implementations = Record<string, (...args: unknown[]) => unknown>;

export const NAMESPACE = "AIPRICE";

/** HyperFormula's own message for a call with too many or too few arguments. */
const WRONG_ARGUMENT_COUNT = "Wrong number of arguments.";

/** Parameters read as whole lists: they never make the result spill. */
const READ_WHOLE = new Set(["tier_upper_bounds", "tier_prices", "mode", "resolutions_by_month", "actual_reopen_rates"]);

const TO_EXCEL: Partial<Record<ErrorType, ExcelErrorCode>> = {
  [ErrorType.DIV_BY_ZERO]: "#DIV/0!",
  [ErrorType.NA]: "#N/A",
  [ErrorType.NUM]: "#NUM!",
  [ErrorType.VALUE]: "#VALUE!",
  [ErrorType.REF]: "#REF!",
  [ErrorType.NAME]: "#NAME?",
};
const FROM_EXCEL: Record<string, ErrorType> = {
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#N/A": ErrorType.NA,
  "#NUM!": ErrorType.NUM,
  "#VALUE!": ErrorType.VALUE,
  "#REF!": ErrorType.REF,
  "#NAME?": ErrorType.NAME,
  "#NULL!": ErrorType.ERROR,
};

/** A HyperFormula cell value as Excel would pass it to a custom function. */
function toExcelCell(v: unknown): unknown {
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (v instanceof CellError) return new ExcelError(TO_EXCEL[v.type] ?? "#VALUE!", v.message);
  if (typeof v === "object" && v !== null && "val" in v) return (v as { val: unknown }).val; // formatted numbers
  return v;
}

function toExcelArg(v: unknown): unknown {
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(toExcelCell));
  return toExcelCell(v);
}

function fromExcelCell(v: unknown): number | string | boolean | CellError {
  if (typeof v === "number") return Number.isFinite(v) ? v : new CellError(ErrorType.NUM);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v === null || v === undefined) return 0;
  if (typeof v === "object" && typeof (v as { code?: unknown }).code === "string") {
    const e = v as { code: string; message?: string };
    return new CellError(FROM_EXCEL[e.code] ?? ErrorType.VALUE, e.message || undefined);
  }
  return new CellError(ErrorType.VALUE, "unexpected result");
}

/** A custom function's result as HyperFormula takes it: a value, or a range that spills. */
function fromExcelResult(result: unknown): number | string | boolean | CellError | SimpleRangeValue {
  if (Array.isArray(result)) {
    if (result.length === 1 && Array.isArray(result[0]) && result[0].length === 1) return fromExcelCell(result[0][0]);
    return SimpleRangeValue.onlyValues(result.map((row: unknown[]) => row.map(fromExcelCell)) as never);
  }
  return fromExcelCell(result);
}

function literalNumber(ast: { type: string; value?: unknown } | undefined): number | undefined {
  return ast && ast.type === "NUMBER" && typeof ast.value === "number" ? ast.value : undefined;
}

/**
 * HyperFormula sizes a spill once, when the formula is entered (sizeOfResultArrayMethod); Excel sizes
 * it at every calculation. A result larger than its formula's spill (an EXPENSE_SCHEDULE whose
 * window_days comes from a cell that changed, or from a formula not yet computed when the sheet was
 * loaded) would make HyperFormula throw; it becomes a #SPILL! error that says what to do instead.
 */
function fitSpill(out: SimpleRangeValue, ast: unknown, state: { formulaVertex?: unknown }): SimpleRangeValue | CellError {
  const vertex = state.formulaVertex as { formula?: unknown; width?: unknown; height?: unknown } | undefined;
  if (!vertex || vertex.formula !== ast || typeof vertex.width !== "number" || typeof vertex.height !== "number") return out;
  if (out.width() <= vertex.width && out.height() <= vertex.height) return out;
  return new CellError(
    ErrorType.SPILL,
    `the result needs ${out.height()} rows and ${out.width()} columns, but this formula's spill was sized ${vertex.height} by ${vertex.width} when it was entered; enter the formula again`,
  );
}

/**
 * Builds the HyperFormula plugin for the given metadata and implementations (by function id).
 * Every function is registered as `AIPRICE.<NAME>`.
 */
export function aipricePlugin(metadata: FunctionsMetadata, implementations: Implementations) {
  const implemented: Record<string, object> = {};
  const translations: Record<string, string> = {};
  const methods: Record<string, unknown> = {};
  for (const f of metadata.functions) {
    const impl = implementations[f.id];
    if (typeof impl !== "function") throw new Error(`no implementation for ${f.id}`);
    const fullName = `${NAMESPACE}.${f.name}`;
    const method = `fn_${f.id}`;
    const sizeMethod = `size_${f.id}`;
    implemented[fullName] = {
      method,
      sizeOfResultArrayMethod: sizeMethod,
      vectorizationForbidden: true,
      enableArrayArithmeticForArguments: true,
      parameters: f.parameters.map((p) => ({ argumentType: FunctionArgumentType.ANY, optionalArg: !!p.optional })),
    };
    translations[fullName] = fullName;
    const arity = f.parameters.length;
    let required = 0;
    f.parameters.forEach((p, i) => {
      if (!p.optional) required = i + 1;
    });
    // What FunctionPlugin.runFunction does for parameters of type ANY, without its per-call
    // bookkeeping (these functions are called once per row of a comparison sheet): check the number
    // of arguments, evaluate them in order (as arrays: enableArrayArithmeticForArguments), stop at the
    // first error value (HyperFormula passes no errors into a function), hand the rest over as Excel would.
    methods[method] = function (this: any, ast: any, state: any) {
      const argAsts: any[] = ast.args;
      if (argAsts.length > arity || argAsts.length < required) return new CellError(ErrorType.NA, WRONG_ARGUMENT_COUNT);
      const excelArgs: unknown[] = new Array(arity);
      for (let i = 0; i < arity; i++) {
        if (i >= argAsts.length) {
          excelArgs[i] = null; // omitted: Excel passes null
          continue;
        }
        const value = this.evaluateAst(argAsts[i], state);
        if (value instanceof CellError) return value;
        excelArgs[i] = toExcelArg(value);
      }
      try {
        const out = fromExcelResult(impl(...excelArgs));
        return out instanceof SimpleRangeValue ? fitSpill(out, ast, state) : out;
      } catch (e) {
        // Excel would show a bare #VALUE!; a plugin must return errors, not throw.
        return new CellError(ErrorType.VALUE, `unhandled: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    methods[sizeMethod] = function (this: any, ast: any, outer: any) {
      const args: any[] = ast.args ?? [];
      // Arguments are sized as arrays, as Excel does for a function that takes ranges.
      const state = Object.assign(Object.create(Object.getPrototypeOf(outer)), outer, { arraysFlag: true });
      if (f.result?.dimensionality !== "matrix") return ArraySize.scalar();
      if (f.id === "EXPENSE_SCHEDULE") {
        const months = args[0] ? this.arraySizeForAst(args[0], state) : ArraySize.scalar();
        const n = Math.max(months.width, months.height);
        let windowDays = 30;
        const w = args[4];
        if (w && w.type !== "EMPTY") {
          const lit = literalNumber(w);
          if (lit !== undefined) windowDays = lit;
          else {
            try {
              const v = toExcelCell(this.evaluateAst(w, state));
              if (typeof v === "number" && v >= 0 && Number.isFinite(v)) windowDays = v;
            } catch {
              /* keep the default window */
            }
          }
        }
        const rows = 1 + n + Math.ceil(Math.max(0, windowDays) / 30);
        // Longer than a worksheet: the function answers #NUM! in one cell (never allocate the spill).
        if (!(rows <= MAX_SCHEDULE_MONTHS + 1)) return ArraySize.scalar();
        return new ArraySize(7, rows);
      }
      let width = 1;
      let height = 1;
      args.forEach((a, i) => {
        if (READ_WHOLE.has(f.parameters[i]?.name ?? "") || a.type === "EMPTY") return;
        const s = this.arraySizeForAst(a, state);
        width = Math.max(width, s.width);
        height = Math.max(height, s.height);
      });
      return new ArraySize(width, height);
    };
  }
  class AipricePlugin extends FunctionPlugin {
    static implementedFunctions = implemented as never;
  }
  Object.assign(AipricePlugin.prototype, methods);
  return { plugin: AipricePlugin, translations: { enGB: translations, enUS: translations } };
}

let registered: ReturnType<typeof aipricePlugin>["plugin"] | null = null;

/** Registers (or re-registers) the AIPRICE functions for HyperFormula engines built afterwards. */
export function registerAiprice(metadata: FunctionsMetadata, implementations: Implementations): void {
  if (registered) HyperFormula.unregisterFunctionPlugin(registered);
  const { plugin, translations } = aipricePlugin(metadata, implementations);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  registered = plugin;
}
