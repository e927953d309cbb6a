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
import { MAX_DRAWS } from "../engine/risk";
import { MAX_SPILL_CELLS, SHEET_COLUMNS, SHEET_ROWS } from "../functions/cells";

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

/** What a size rule knows of one argument: its shape, and its value when that is known for sure. */
export interface SizedArgument {
  /** Rows and columns of the argument (a value is 1 x 1). */
  size: ArraySize;
  /** The value as Excel passes it (a 2-D array for a range), or undefined when it is not known yet. */
  value(): { value: unknown } | undefined;
}

/**
 * How the result of each function that does not simply broadcast is sized. HyperFormula sizes a spill
 * once, when the formula is entered; Excel sizes it at every calculation. So a function whose arguments
 * are all known then (literals, and cells or names holding values, not formulas) is sized by calling
 * it: a result of one cell (an error for bad input, as docs/spec.md#error-rules promises) spills nothing. Otherwise `table`
 * sizes it from the arguments' shapes (and whatever values are known), and the parameters in `whole`,
 * read as whole lists, never make it spill. Functions not listed broadcast over every argument.
 */
export const SIZING: Record<string, { whole?: readonly string[]; table?: (args: SizedArgument[]) => ArraySize }> = {
  TIERED_COST: { whole: ["tier_upper_bounds", "tier_prices", "mode"] },
  CONTEXT_TOKEN_COST: { whole: ["context_thresholds", "input_prices", "output_prices", "cached_input_prices"] },
  EXPENSE_SCHEDULE: {
    table: ([months, , , , windowDays]) => {
      let days = 30;
      const w = windowDays?.value()?.value;
      const v = Array.isArray(w) && w.length === 1 && Array.isArray(w[0]) && w[0].length === 1 ? w[0][0] : w;
      if (typeof v === "number" && v >= 0 && Number.isFinite(v)) days = v;
      const rows = 1 + length(months) + Math.ceil(days / 30);
      // Longer than a worksheet: the function answers #NUM! in one cell (never allocate the spill).
      return rows <= MAX_SCHEDULE_MONTHS + 1 ? new ArraySize(7, rows) : ArraySize.scalar();
    },
  },
  COMMIT_TRUE_UP: { table: ([spend]) => new ArraySize(5, 1 + length(spend)) },
  CREDIT_BURN: { table: ([used, bought]) => new ArraySize(7, 1 + Math.max(length(used), length(bought))) },
  PERT_DRAWS: {
    table: ([, , , count]) => {
      const c = count?.value()?.value;
      const n = Array.isArray(c) && c.length === 1 && Array.isArray(c[0]) && c[0].length === 1 ? c[0][0] : c;
      // An unknown or bad count: one cell (#NUM!, or #SPILL! asking to enter the formula again).
      return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_DRAWS ? new ArraySize(1, n) : ArraySize.scalar();
    },
  },
  CHANCE_CHEAPEST: { table: ([costs]) => new ArraySize(costs ? costs.size.width : 1, 1) },
};

/** Items in a list argument (a row or a column; the longer side of a block). */
function length(a: SizedArgument | undefined): number {
  return a ? Math.max(a.size.width, a.size.height) : 1;
}

/** Ranges larger than this are not read at sizing time (the size then comes from the shapes). */
const MAX_KNOWN_RANGE = 100_000;

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

/** Is v one of HyperFormula's formatted numbers (a percent, a date, a currency: a RichNumber, which holds `val`)? */
export function isFormattedNumber(v: unknown): v is { val: unknown } {
  return typeof v === "object" && v !== null && "val" in v;
}

/** A HyperFormula cell value as Excel would pass it to a custom function. */
function toExcelCell(v: unknown): unknown {
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (v instanceof CellError) return new ExcelError(TO_EXCEL[v.type] ?? "#VALUE!", v.message);
  if (isFormattedNumber(v)) return v.val;
  return v;
}

/** Is every cell of the row a plain number (then Excel passes it as it is)? */
export function allNumbers(row: readonly unknown[]): boolean {
  for (let i = 0; i < row.length; i++) if (typeof row[i] !== "number") return false;
  return true;
}

function toExcelArg(v: unknown): unknown {
  if (v instanceof SimpleRangeValue) {
    // One Excel error per distinct error in the range, not one per cell.
    const shared = new Map<string, unknown>();
    const cell = (c: unknown) => {
      if (!(c instanceof CellError)) return toExcelCell(c);
      const key = `${c.type}\u0000${c.message ?? ""}`;
      let e = shared.get(key);
      if (e === undefined) shared.set(key, (e = toExcelCell(c)));
      return e;
    };
    // A row of numbers (2,000 drawn figures) is copied whole, not cell by cell.
    return v.rawData().map((row) => (allNumbers(row) ? row.slice() : row.map(cell)));
  }
  return toExcelCell(v);
}

/** Converts results cell by cell, making one HyperFormula error per distinct Excel error object. */
class ResultCells {
  private readonly errors = new Map<unknown, CellError>();
  cell = (v: unknown): number | string | boolean | CellError => {
    if (typeof v === "number") return Number.isFinite(v) ? v : this.error(v, ErrorType.NUM);
    if (typeof v === "string" || typeof v === "boolean") return v;
    if (v === null || v === undefined) return 0;
    if (typeof v === "object" && typeof (v as { code?: unknown }).code === "string") {
      const e = v as { code: string; message?: string };
      return this.error(v, FROM_EXCEL[e.code] ?? ErrorType.VALUE, e.message || undefined);
    }
    return this.error("unexpected", ErrorType.VALUE, "unexpected result");
  };
  private error(key: unknown, type: ErrorType, message?: string): CellError {
    let e = this.errors.get(key);
    if (e === undefined) this.errors.set(key, (e = new CellError(type, message)));
    return e;
  }
}

/** Is every cell of the row a finite number (then HyperFormula takes it as it is)? */
function finiteNumbers(row: readonly unknown[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v !== "number" || !Number.isFinite(v)) return false;
  }
  return true;
}

/** A custom function's result as HyperFormula takes it: a value, or a range that spills. */
function fromExcelResult(result: unknown): number | string | boolean | CellError | SimpleRangeValue {
  const cells = new ResultCells();
  if (Array.isArray(result)) {
    if (result.length === 1 && Array.isArray(result[0]) && result[0].length === 1) return cells.cell(result[0][0]);
    // A row of finite numbers is copied whole (a copy: HyperFormula may write into the array it is given,
    // and a function may hand back an array it keeps, as PERT_DRAWS does its draws).
    return SimpleRangeValue.onlyValues(result.map((row: unknown[]) => (finiteNumbers(row) ? row.slice() : row.map(cells.cell))) as never);
  }
  return cells.cell(result);
}

type Value = number | string | boolean | CellError | SimpleRangeValue;

/** The end of the #SPILL! message of a result that outgrew the spill sized when its formula was entered. */
export const ENTER_AGAIN = "enter the formula again";

/**
 * Enters again every AIPRICE formula whose result outgrew its spill (a #SPILL! saying "enter the
 * formula again"), so that HyperFormula sizes it anew, as Excel would have at the last calculation.
 * Call it after a change, outside a batch (a grown PERT_DRAWS count, a longer reopen window).
 * Returns how many formulas were entered again.
 */
export function reenterOutgrownSpills(hf: HyperFormula): number {
  const outgrown: { sheet: number; row: number; col: number }[] = [];
  for (const name of hf.getSheetNames()) {
    const sheet = hf.getSheetId(name)!;
    hf.getSheetValues(sheet).forEach((line, row) =>
      line.forEach((v, col) => {
        const e = v as { type?: unknown; message?: unknown } | null;
        if (e && e.type === ErrorType.SPILL && typeof e.message === "string" && e.message.endsWith(ENTER_AGAIN)) outgrown.push({ sheet, row, col });
      }),
    );
  }
  for (const address of outgrown) {
    const formula = hf.getCellFormula(address);
    if (formula !== undefined) hf.setCellContents(address, [[formula]]);
  }
  return outgrown.length;
}

/**
 * Fits a formula's result to the spill HyperFormula sized for it when the formula was entered
 * (sizeOfResultArrayMethod); Excel sizes it at every calculation.
 *  - An error where a larger spill was sized (an argument that became bad later) shows in the first
 *    cell only, as in Excel, not in every cell of the spill (HyperFormula fills them all).
 *  - A result larger than its spill (an EXPENSE_SCHEDULE whose window_days comes from a cell that
 *    changed, a PERT_DRAWS count that grew) would make HyperFormula throw; it becomes one #SPILL! cell
 *    that says what to do instead.
 * Nested calls (not the formula's own) are left alone.
 */
function fitSpill(out: Value, ast: unknown, state: { formulaVertex?: unknown }): Value {
  const vertex = state.formulaVertex as { formula?: unknown; width?: unknown; height?: unknown } | undefined;
  if (!vertex || vertex.formula !== ast || typeof vertex.width !== "number" || typeof vertex.height !== "number") return out;
  if (out instanceof SimpleRangeValue) {
    if (out.width() <= vertex.width && out.height() <= vertex.height) return out;
    out = new CellError(ErrorType.SPILL, `the result needs ${out.height()} rows and ${out.width()} columns, but this formula's spill was sized ${vertex.height} by ${vertex.width} when it was entered; ${ENTER_AGAIN}`);
  }
  if (out instanceof CellError && vertex.width * vertex.height > 1) return oneErrorCell(out, new ArraySize(vertex.width, vertex.height));
  return out;
}

/** Where a plugin instance (one per engine) remembers a formula it found not computed yet. */
const UNCOMPUTED = Symbol("uncomputed formula");

/** Is this vertex of HyperFormula's dependency graph a cell holding a value (not a formula, not empty)? */
function holdsValue(vertex: unknown): boolean {
  const v = vertex as { getValues?: unknown; formula?: unknown } | undefined;
  return !!v && typeof v.getValues === "function" && v.formula === undefined;
}

/**
 * What sizing may read of the sheet. A formula is sized when it is entered. Cells holding values are
 * always final. Formulas are final only in a live sheet (every formula computed, no change pending);
 * while a sheet is loaded or a batch of changes is made they are not computed yet, or hold old values.
 * A blank cell is final only if it comes before the formula in the order a sheet is loaded (sheet by
 * sheet, row by row): a cell after it may just not be loaded yet.
 */
class SizingView {
  private isLive: boolean | undefined;
  constructor(
    readonly plugin: any,
    /** The address of the formula being sized. */
    readonly origin: { sheet: number; row: number; col: number },
  ) {}

  private before(a: { sheet: number; row: number; col: number }): boolean {
    const o = this.origin;
    if (a.sheet !== o.sheet) return a.sheet < o.sheet;
    return a.row < o.row || (a.row === o.row && a.col < o.col);
  }

  /** No change pending and every formula computed (HyperFormula's graph, read defensively). */
  live(): boolean {
    if (this.isLive === undefined) this.isLive = this.checkLive();
    return this.isLive;
  }
  private checkLive(): boolean {
    const graph = this.plugin.dependencyGraph?.graph;
    const dirty = graph?.dirtyAndVolatileNodeIds?.rawValue?.dirty;
    const nodes = graph?.nodesSparseArray;
    if (!Array.isArray(dirty) || dirty.length > 0 || !Array.isArray(nodes)) return false;
    const pending = (v: any) => !!v && typeof v.isComputed === "function" && !v.isComputed();
    // The formula found uncomputed last time, while a sheet loads, is usually still so: no scan.
    const hint = this.plugin[UNCOMPUTED];
    if (pending(hint) && nodes[hint.idInGraph] === hint) return false;
    // From the end: formulas just added (a sheet loading, a batch) are found first.
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (pending(nodes[i])) {
        this.plugin[UNCOMPUTED] = nodes[i];
        return false;
      }
    }
    this.plugin[UNCOMPUTED] = undefined;
    return true;
  }

  private cellKnown(address: { sheet: number; row: number; col: number }): boolean {
    const vertex = this.plugin.dependencyGraph.getCell(address);
    if (holdsValue(vertex)) return true;
    if (!this.live()) return false;
    if (vertex && vertex.formula !== undefined) return true; // computed, since the sheet is live
    return this.before(address); // blank
  }

  /** Is the value of this expression known for sure now? */
  settled(ast: any, address: any): boolean {
    try {
      switch (ast.type) {
        case "EMPTY":
        case "NUMBER":
        case "STRING":
        case "ERROR":
          return true;
        case "CELL_REFERENCE":
          return this.cellKnown(ast.reference.toSimpleCellAddress(address));
        case "CELL_RANGE": {
          const start = ast.start.toSimpleCellAddress(address);
          const end = ast.end.toSimpleCellAddress(address);
          if (start.sheet !== end.sheet) return false;
          const rows = Math.abs(end.row - start.row) + 1;
          const cols = Math.abs(end.col - start.col) + 1;
          if (rows * cols > MAX_KNOWN_RANGE) return false;
          const top = Math.min(start.row, end.row);
          const left = Math.min(start.col, end.col);
          for (let r = 0; r < rows; r++) {
            for (let c = 0; c < cols; c++) if (!this.cellKnown({ sheet: start.sheet, row: top + r, col: left + c })) return false;
          }
          return true;
        }
        case "COLUMN_RANGE":
        case "ROW_RANGE":
        case "NAMED_EXPRESSION":
          // Whole columns reach past the formula; names are resolved by value() at the top only.
          return false;
        case "FUNCTION_CALL":
          if (this.plugin.interpreter?.functionRegistry?.isFunctionVolatile?.(ast.procedureName) !== false) return false;
          return (ast.args as any[]).every((a) => this.settled(a, address));
        case "ARRAY":
          return (ast.args as any[][]).every((row) => row.every((a) => this.settled(a, address)));
        case "PARENTHESES":
          return this.settled(ast.expression, address);
        case "MINUS_UNARY_OP":
        case "PLUS_UNARY_OP":
        case "PERCENT_OP":
          return this.settled(ast.value, address);
        default:
          // Binary operators.
          return ast.left !== undefined && ast.right !== undefined && this.settled(ast.left, address) && this.settled(ast.right, address);
      }
    } catch {
      return false;
    }
  }

  /**
   * The value of an argument, as HyperFormula evaluates it, when it is known for sure; undefined
   * otherwise. A name that refers to a cell holding a value counts as that value even while loading.
   */
  value(ast: any, state: any): { value: unknown } | undefined {
    try {
      if (ast.type === "NAMED_EXPRESSION") {
        const named = this.plugin.interpreter.namedExpressions.nearestNamedExpression(ast.expressionName, state.formulaAddress.sheet);
        if (!named) return undefined;
        const vertex = this.plugin.dependencyGraph.getCell(named.address);
        if (holdsValue(vertex)) return { value: vertex.getCellValue() };
        // A name's formula (=Sheet1!$B$2): known when what it refers to is known.
        if (!vertex || vertex.formula === undefined || !this.settled(vertex.formula, named.address)) return undefined;
        return { value: this.plugin.evaluateAst(vertex.formula, { ...state, formulaAddress: named.address, formulaVertex: undefined }) };
      }
      if (!this.settled(ast, state.formulaAddress)) return undefined;
      return { value: this.plugin.evaluateAst(ast, state) };
    } catch {
      return undefined;
    }
  }
}

/** Is a result of this size too large to return (the function answers one #NUM! cell instead)? */
function tooLarge(size: ArraySize): boolean {
  return size.height > SHEET_ROWS || size.width > SHEET_COLUMNS || size.width * size.height > MAX_SPILL_CELLS;
}

/**
 * An error in the first cell of a result of the given size, the other cells blank: what Excel shows when
 * a spilling function fails (one error cell), in the shape HyperFormula expects. HyperFormula stores a
 * whole-array error as an "errored array" that a formula reading exactly that range cannot read (it
 * throws "Unknown array"); an array of values it reads.
 */
function oneErrorCell(error: CellError, size: ArraySize): Value {
  const rows = Array.from({ length: size.height }, () => Array.from({ length: size.width }, () => EmptyValue as unknown));
  rows[0][0] = error;
  return SimpleRangeValue.onlyValues(rows as never);
}

/**
 * The size of the result when every argument is known at sizing time: the function is called, as it
 * will be when the formula is computed. Undefined when an argument is not known yet.
 */
function exactSize(args: SizedArgument[], impl: (...args: unknown[]) => unknown): ArraySize | undefined {
  const excelArgs: unknown[] = [];
  for (const a of args) {
    const known = a.value();
    if (known === undefined) return undefined;
    if (known.value instanceof CellError) return ArraySize.scalar(); // an error passed in comes back out, in one cell
    excelArgs.push(toExcelArg(known.value));
  }
  let result: unknown;
  try {
    result = impl(...excelArgs);
  } catch {
    return ArraySize.scalar();
  }
  if (!Array.isArray(result) || result.length === 0) return ArraySize.scalar();
  let width = 0;
  for (const row of result) if (Array.isArray(row) && row.length > width) width = row.length;
  return width <= 1 && result.length === 1 ? ArraySize.scalar() : new ArraySize(Math.max(1, width), result.length);
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
    defineMethods(methods, f, impl, method, sizeMethod);
  }
  class AipricePlugin extends FunctionPlugin {
    static implementedFunctions = implemented as never;
  }
  Object.assign(AipricePlugin.prototype, methods);
  return { plugin: AipricePlugin, translations: { enGB: translations, enUS: translations } };
}

/**
 * The plugin's two methods for one function: the call (`fn_<id>`) and the size of its result
 * (`size_<id>`), which HyperFormula asks for when the formula is entered.
 */
function defineMethods(methods: Record<string, unknown>, f: FunctionsMetadata["functions"][number], impl: (...args: unknown[]) => unknown, method: string, sizeMethod: string): void {
  const arity = f.parameters.length;
  let required = 0;
  f.parameters.forEach((p, i) => {
    if (!p.optional) required = i + 1;
  });
  // What FunctionPlugin.runFunction does for parameters of type ANY, without its per-call
  // bookkeeping (these functions are called once per row of a comparison sheet): check the number
  // of arguments, evaluate them in order (as arrays: enableArrayArithmeticForArguments), stop at the
  // first error value (HyperFormula passes no errors into a function), hand the rest over as Excel would.
  const sizing = SIZING[f.id];
  const names = f.parameters.map((p) => p.name);
  for (const w of sizing?.whole ?? []) {
    if (!names.includes(w)) throw new Error(`SIZING.${f.id} reads "${w}" as a whole list, but ${f.id} has no such parameter`);
  }
  const whole = new Set(sizing?.whole ?? []);
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
      if (value instanceof CellError) return fitSpill(value, ast, state);
      excelArgs[i] = toExcelArg(value);
    }
    let out: Value;
    try {
      out = fromExcelResult(impl(...excelArgs));
    } catch (e) {
      // Excel would show a bare #VALUE!; a plugin must return errors, not throw.
      out = new CellError(ErrorType.VALUE, `unhandled: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A table's error inside another function (TRANSPOSE(PERT_DRAWS(...))): one error cell in a result
    // of the table's size, so that the outer formula keeps the size it was entered with.
    if (out instanceof CellError && sizing?.table && state.formulaVertex?.formula !== ast) {
      const shape = (v: unknown) => (Array.isArray(v) ? new ArraySize(Math.max(1, Array.isArray(v[0]) ? v[0].length : 1), Math.max(1, v.length)) : ArraySize.scalar());
      const size = sizing.table(excelArgs.map((v) => ({ size: shape(v), value: () => ({ value: v }) })));
      if (size.width * size.height > 1 && !tooLarge(size)) return oneErrorCell(out, size);
    }
    return fitSpill(out, ast, state);
  };
  methods[sizeMethod] = function (this: any, ast: any, outer: any) {
    const args: any[] = ast.args ?? [];
    if (f.result?.dimensionality !== "matrix") return ArraySize.scalar();
    if (args.length > arity || args.length < required) return ArraySize.scalar(); // #N/A in one cell
    // Arguments are sized as arrays, as Excel does for a function that takes ranges.
    const state = Object.assign(Object.create(Object.getPrototypeOf(outer)), outer, { arraysFlag: true });
    const view = new SizingView(this, state.formulaAddress);
    const sized: SizedArgument[] = [];
    for (let i = 0; i < arity; i++) {
      const a = args[i];
      let known: { value: unknown } | undefined | null = null;
      sized.push({
        size: a && a.type !== "EMPTY" ? this.arraySizeForAst(a, state) : ArraySize.scalar(),
        value: () => {
          if (known === null) known = a === undefined || a.type === "EMPTY" ? { value: null } : view.value(a, state);
          return known;
        },
      });
    }
    let size: ArraySize | undefined;
    if (sizing) size = exactSize(sized, impl) ?? (sizing.table ? sizing.table(sized) : undefined);
    if (!size) {
      let width = 1;
      let height = 1;
      sized.forEach((a, i) => {
        if (whole.has(names[i]) || args[i] === undefined || args[i].type === "EMPTY") return;
        width = Math.max(width, a.size.width);
        height = Math.max(height, a.size.height);
      });
      size = new ArraySize(width, height);
    }
    // Too large to return: the function answers #NUM! in one cell (never allocate the spill).
    return tooLarge(size) ? ArraySize.scalar() : size;
  };
}

let registered: { plugin: ReturnType<typeof aipricePlugin>["plugin"]; metadata: FunctionsMetadata; implementations: Implementations } | null = null;

/**
 * Registers (or re-registers) the AIPRICE functions for HyperFormula engines built afterwards. The
 * same metadata and implementations as last time, still registered, are left as they are.
 */
export function registerAiprice(metadata: FunctionsMetadata, implementations: Implementations): void {
  if (registered && registered.metadata === metadata && registered.implementations === implementations) {
    const first = metadata.functions[0];
    if (!first || HyperFormula.getFunctionPlugin(`${NAMESPACE}.${first.name}`) === registered.plugin) return;
  }
  if (registered) HyperFormula.unregisterFunctionPlugin(registered.plugin);
  const { plugin, translations } = aipricePlugin(metadata, implementations);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  registered = { plugin, metadata, implementations };
}
