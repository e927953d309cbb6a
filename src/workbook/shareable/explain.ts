/**
 * "Explain this cell": a cell's AIPRICE calls re-evaluated with the add-in's own functions, so that the
 * pane can show each argument as Excel passed it, the result, and the message Excel does not show (it
 * shows the message of #VALUE! and #N/A only; #NUM! and #DIV/0! come bare). More:
 * docs/modules.md#workbook-shareable-explain.
 */
import { inputOutOfOrder } from "./explain-inputs";
import { parseRange } from "../a1";
import type { CellInspection, CellValue } from "../port";
import { isCellError, sameSheetName } from "../port";
import { aipriceName, Expr, FormulaSyntaxError, parseFormula, printFormula, unparen } from "./formula";

/** One cell as a custom function receives it (an Excel error is an object with a code). */
type Cell = number | string | boolean | null | { code: string; message?: string };
type Grid = Cell[][];

/** What explaining needs from the add-in: its functions by name, and Excel's error constructor. */
export interface ExplainFunctions {
  /** AIPRICE function name (COST_PER_RESOLUTION) -> the implementation (arguments as 2-D arrays, null when omitted). */
  functions: Record<string, unknown>;
  /** Makes an Excel error value as the functions receive one (CustomFunctions.Error). */
  makeError(code: string, message?: string): Cell;
}

/** Reads the values of a range of a sheet (WorkbookPort.readValues). */
export type ReadValues = (sheet: string, range: string) => Promise<CellValue[][]>;

/** The parameters of every AIPRICE function, in order (optional ones end with "?"); checked against functions.json by a test. */
export const PARAMETERS: Record<string, string[]> = {
  TOKEN_COST: ["input_tokens", "output_tokens", "input_price_per_mtok", "output_price_per_mtok", "cached_input_tokens?", "cached_input_price_per_mtok?", "attempts?"],
  SEAT_COST: ["price_per_seat", "seats", "conversations"],
  RESOLUTION_FEE: ["price_per_resolution", "resolution_rate"],
  OUTCOME_FEE: ["price_per_outcome", "resolution_rate", "qualifying_share"],
  SLA_GATE: ["amount", "measured", "threshold", "higher_is_better?", "credit_share?"],
  REVSHARE_FEE: ["baseline_cost", "ai_cost", "resolution_rate", "share"],
  REVSHARE_NET: ["baseline_cost", "ai_cost", "resolution_rate", "share", "buyer_pays_ai_cost?"],
  TCO_PER_CONVERSATION: ["vendor_cost", "supplied_cost?", "fixed_monthly_cost?", "conversations?", "one_time_cost?", "term_months?"],
  COST_PER_RESOLUTION: ["cost_per_conversation", "resolution_rate"],
  BLENDED_COST: ["ai_cost_per_conversation", "resolution_rate", "human_cost"],
  BREAKEVEN_RESOLUTION_RATE: ["price_per_conversation", "price_per_resolution"],
  BREAKEVEN_VOLUME: ["fixed_cost", "variable_cost", "alternative_variable_cost"],
  TIERED_COST: ["quantity", "tier_upper_bounds", "tier_prices", "mode?"],
  ALLOWANCE_COST: ["quantity", "included", "overage_price", "platform_fee?"],
  CHARGE_COST: ["units", "unit_price", "included_units?", "package_size?", "minimum_charge?"],
  DISPUTE_EXPOSURE: ["billed_resolutions", "verified_share", "price_per_resolution"],
  EXPENSE_SCHEDULE: ["resolutions_by_month", "price_per_resolution", "expected_reopen_rate", "actual_reopen_rates?", "window_days?"],
  PERT_DRAWS: ["low", "likely", "high", "count", "seed?"],
  CHANCE_CHEAPEST: ["costs"],
  COMMIT_TRUE_UP: ["spend_by_month", "commitment", "period_months?"],
  CREDIT_BURN: ["credits_used_by_month", "credits_bought_by_month", "expiry_months?"],
  ESCALATED_PRICE: ["price", "annual_rate", "month", "every_months?"],
  CONTEXT_TOKEN_COST: ["input_tokens", "output_tokens", "context_thresholds", "input_prices", "output_prices", "cached_input_tokens?", "cached_input_prices?", "attempts?"],
};

/**
 * Arguments read whole (a list, a table, the draws of every bid): a cell of the result does not
 * correspond to one cell of them. Every argument of the other functions broadcasts cell by cell.
 */
const WHOLE: Record<string, Set<number>> = {
  TIERED_COST: new Set([1, 2]),
  CONTEXT_TOKEN_COST: new Set([2, 3, 4, 6]),
  EXPENSE_SCHEDULE: new Set([0, 1, 2, 3, 4]),
  PERT_DRAWS: new Set([0, 1, 2, 3, 4]),
  CHANCE_CHEAPEST: new Set([0]),
  COMMIT_TRUE_UP: new Set([0, 1, 2]),
  CREDIT_BURN: new Set([0, 1, 2]),
};

/** How many values of a range the explanation lists. */
export const FIRST_VALUES = 6;
/** The largest range the pane reads for an argument (cells). */
export const MAX_READ_CELLS = 2_000_000;

export interface ValueSummary {
  rows: number;
  cols: number;
  /** The first values, row by row (at most FIRST_VALUES). */
  first: CellValue[];
  /** The value at the explained cell's row and column of the broadcast; undefined where that has no meaning (a list read whole). */
  atCell?: CellValue;
}

export interface ArgumentExplanation {
  /** The parameter's name (snake_case, as in Excel's formula help). */
  name: string;
  optional: boolean;
  /** The argument as written; null when omitted. */
  text: string | null;
  /** Its value as the function received it; null when omitted or when the pane cannot evaluate it. */
  value: ValueSummary | null;
  /** Why the pane cannot evaluate it (its text is shown instead). */
  unknown?: string;
}

export interface CallExplanation {
  /** The function, e.g. COST_PER_RESOLUTION. */
  name: string;
  /** The call as written. */
  text: string;
  args: ArgumentExplanation[];
  /** Its result as the pane computes it; null when an argument cannot be evaluated. */
  result: ValueSummary | null;
  unknown?: string;
}

export interface Explanation {
  sheet: string;
  /** The explained cell. */
  address: string;
  /** Its value as the workbook shows it. */
  value: CellValue;
  /** The formula (the cell's own, or that of the spill it belongs to); null when none. */
  formula: string | null;
  formulaCell: string | null;
  /** The explained cell's row and column within the spill (0-based), when it is not the formula's own cell. */
  position: { row: number; col: number } | null;
  /** Each AIPRICE call of the formula, outermost first. */
  calls: CallExplanation[];
  /** In the analyst's words: what the cell computes or why it holds an error. */
  summary: string;
  /** The message of the error (the add-in's words), when the cell holds one the pane traced. */
  message: string | null;
}

// -------------------------------------------------------------------------------------------------
// Values

const isErr = (v: unknown): v is { code: string; message?: string } => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { code?: unknown }).code === "string";

function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (isErr(v)) return v.message ? { error: v.code, message: v.message } : { error: v.code };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return { error: "#VALUE!" };
}

function dims(g: Grid): { rows: number; cols: number } {
  return { rows: g.length, cols: g.reduce((m, r) => Math.max(m, r.length), 0) };
}

/** The element a broadcast reads at (row, col): a single row or column stretches; beyond a shorter range, nothing. */
function at(g: Grid, row: number, col: number): Cell | undefined {
  const { rows, cols } = dims(g);
  const r = rows === 1 ? 0 : row;
  const c = cols === 1 ? 0 : col;
  if (r >= rows || c >= cols) return undefined;
  return g[r][c] ?? null;
}

function summary(g: Grid, pos: Pos | null): ValueSummary {
  const { rows, cols } = dims(g);
  const first: CellValue[] = [];
  outer: for (const line of g)
    for (const v of line) {
      if (first.length >= FIRST_VALUES) break outer;
      first.push(toCellValue(v));
    }
  const s: ValueSummary = { rows, cols, first };
  if (pos) {
    const v = at(g, pos.row, pos.col);
    s.atCell = v === undefined ? { error: "#N/A", message: "this cell is beyond the end of a shorter range" } : toCellValue(v);
  }
  return s;
}

class Unknown extends Error {}

interface Pos {
  row: number;
  col: number;
}

// -------------------------------------------------------------------------------------------------
// The evaluator

interface Recorded {
  call: CallExplanation;
  pos: Pos | null;
  /** Does some argument hold an error where this call reads it (at the cell; anywhere for whole arguments)? */
  argError: { name: string; text: string; value: CellValue; reference: boolean } | null;
}

class Evaluator {
  readonly calls: Recorded[] = [];
  private readonly cache = new Map<string, Grid>();
  private depth = 0;

  constructor(
    private readonly sheet: string,
    private readonly names: CellInspection["names"],
    private readonly read: ReadValues,
    private readonly fns: ExplainFunctions,
  ) {}

  private fromValue(v: CellValue): Cell {
    if (isCellError(v)) return this.fns.makeError(v.error, v.message);
    return v;
  }

  private async readRange(sheet: string, address: string): Promise<Grid> {
    const key = `${sheet.toUpperCase()}!${address}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = parseRange(address);
    const cells = (r.end.row - r.start.row + 1) * (r.end.col - r.start.col + 1);
    if (cells > MAX_READ_CELLS) throw new Unknown(`the range holds ${cells.toLocaleString("en-US")} cells, more than the pane reads`);
    const values = await this.read(sheet, address);
    const g = values.map((line) => line.map((v) => this.fromValue(v)));
    this.cache.set(key, g);
    return g;
  }

  async evaluate(e: Expr, pos: Pos | null): Promise<Grid> {
    if (++this.depth > 64) throw new Unknown("the formula nests too deeply");
    try {
      return await this.evaluateNode(e, pos);
    } finally {
      this.depth--;
    }
  }

  private async evaluateNode(e: Expr, pos: Pos | null): Promise<Grid> {
    switch (e.type) {
      case "number":
      case "string":
      case "boolean":
        return [[e.value]];
      case "error":
        return [[this.fns.makeError(e.code)]];
      case "paren":
        return this.evaluate(e.inner, pos);
      case "ref": {
        const text = printFormula({ ...e, sheet: null }).replace(/\$/g, "");
        const address = e.end ? text : `${text}:${text}`;
        return this.readRange(e.sheet ?? this.sheet, address);
      }
      case "lines":
        throw new Unknown("whole rows or columns are not read by the pane");
      case "name":
        return this.name(e.name, e.sheet, pos);
      case "unary": {
        const g = await this.evaluate(e.arg, pos);
        if (e.op === "@") return [[g[0]?.[0] ?? null]];
        return e.op === "-" ? map1(g, (x) => arith(x, (n) => -n, this.fns)) : map1(g, (x) => arith(x, (n) => n, this.fns));
      }
      case "percent":
        return map1(await this.evaluate(e.arg, pos), (x) => arith(x, (n) => n / 100, this.fns));
      case "binary":
        return binary(e.op, await this.evaluate(e.left, pos), await this.evaluate(e.right, pos), this.fns);
      case "array":
        return Promise.all(e.rows.map((r) => Promise.all(r.map(async (x) => (await this.evaluate(x, null))[0][0]))));
      case "call": {
        const name = aipriceName(e);
        if (name !== null) return this.aiprice(name, e, pos);
        return this.native(e.name, e.args, pos);
      }
    }
  }

  private async name(name: string, sheet: string | null, pos: Pos | null): Promise<Grid> {
    const forSheet = sheet ?? this.sheet;
    const found =
      this.names.find((n) => n.sheet !== null && sameSheetName(n.sheet, forSheet) && n.name.toUpperCase() === name.toUpperCase()) ??
      (sheet === null ? this.names.find((n) => n.sheet === null && n.name.toUpperCase() === name.toUpperCase()) : undefined);
    if (!found) throw new Unknown(`the name ${name} is not defined in this workbook`);
    let tree: Expr;
    try {
      tree = parseFormula(found.refersTo.trim());
    } catch {
      throw new Unknown(`the name ${name} refers to ${found.refersTo}, which the pane cannot read`);
    }
    return this.evaluate(tree, pos);
  }

  private async native(name: string, args: (Expr | null)[], pos: Pos | null): Promise<Grid> {
    const need = async (k: number, p: Pos | null = pos) => {
      const a = args[k];
      if (a === null || a === undefined) throw new Unknown(`${name} without its argument ${k + 1}`);
      return this.evaluate(a, p);
    };
    switch (name) {
      case "TRANSPOSE":
        return transpose(await need(0, pos ? { row: pos.col, col: pos.row } : null));
      case "IF": {
        const cond = await need(0);
        const then = args[1] ? await need(1) : [[true]];
        const other = args.length > 2 && args[2] ? await need(2) : [[false]];
        return broadcast([cond, then, other], ([c, t, o]) => {
          if (isErr(c)) return c;
          const n = typeof c === "string" ? (/^(TRUE|FALSE)$/i.test(c) ? (c.toUpperCase() === "TRUE" ? 1 : 0) : NaN) : Number(c ?? 0);
          if (Number.isNaN(n)) return this.fns.makeError("#VALUE!");
          return n !== 0 ? (t ?? 0) : (o ?? 0);
        });
      }
      case "ISERROR":
        return map1(await need(0), (x) => isErr(x));
      case "SUM":
      case "MIN":
      case "MAX": {
        const nums: number[] = [];
        for (let k = 0; k < args.length; k++) {
          const g = await need(k, null);
          for (const line of g)
            for (const v of line) {
              if (isErr(v)) return [[v]];
              if (typeof v === "number") nums.push(v);
            }
        }
        if (name === "SUM") return [[nums.reduce((a, b) => a + b, 0)]];
        if (nums.length === 0) return [[0]];
        return [[name === "MIN" ? Math.min(...nums) : Math.max(...nums)]];
      }
      case "ABS":
        return map1(await need(0), (x) => arith(x, Math.abs, this.fns));
      case "INT":
        return map1(await need(0), (x) => arith(x, Math.floor, this.fns));
      case "SEQUENCE": {
        const scalar = async (k: number, d: number) => {
          if (args[k] === null || args[k] === undefined) return d;
          const v = (await need(k, null))[0]?.[0];
          if (typeof v !== "number") throw new Unknown("SEQUENCE with an argument that is not a number");
          return v;
        };
        const rows = Math.trunc(await scalar(0, 1));
        const cols = Math.trunc(await scalar(1, 1));
        const start = await scalar(2, 1);
        const step = await scalar(3, 1);
        if (rows < 1 || cols < 1 || rows * cols > MAX_READ_CELLS) throw new Unknown("SEQUENCE of that size");
        return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => start + (i * cols + j) * step));
      }
      default:
        throw new Unknown(`the pane does not evaluate ${name}`);
    }
  }

  private async aiprice(name: string, e: Extract<Expr, { type: "call" }>, pos: Pos | null): Promise<Grid> {
    const params = PARAMETERS[name];
    const call: CallExplanation = { name, text: printFormula(e), args: [], result: null };
    const recorded: Recorded = { call, pos, argError: null };
    this.calls.push(recorded);
    const fn = this.fns.functions[name];
    if (!params || typeof fn !== "function") {
      call.unknown = `AIPRICE.${name} is not one of this add-in's functions`;
      throw new Unknown(call.unknown);
    }
    if (e.args.length > params.length) {
      call.unknown = `AIPRICE.${name} takes at most ${params.length} arguments; the formula gives ${e.args.length}`;
      throw new Unknown(call.unknown);
    }
    const whole = WHOLE[name] ?? new Set<number>();
    const values: (Grid | null)[] = [];
    let missing: string | null = null;
    for (let k = 0; k < params.length; k++) {
      const optional = params[k].endsWith("?");
      const pname = optional ? params[k].slice(0, -1) : params[k];
      const a = e.args[k] ?? null;
      const arg: ArgumentExplanation = { name: pname, optional, text: a === null ? null : printFormula(a), value: null };
      call.args.push(arg);
      if (a === null) {
        values.push(null);
        continue;
      }
      const argPos = whole.has(k) ? null : pos;
      try {
        const g = await this.evaluate(a, argPos);
        values.push(g);
        arg.value = summary(g, argPos);
        if (!recorded.argError) {
          const bad = argPos ? (arg.value.atCell !== undefined && isCellError(arg.value.atCell) ? arg.value.atCell : null) : firstError(g);
          const ref = unparen(a);
          if (bad) recorded.argError = { name: pname, text: arg.text!, value: bad, reference: ref.type === "ref" || ref.type === "name" };
        }
      } catch (x) {
        if (!(x instanceof Unknown)) throw x;
        arg.unknown = x.message;
        values.push(null);
        missing ??= `its argument ${pname} (${arg.text}) cannot be evaluated in the pane: ${x.message}`;
      }
    }
    if (missing) {
      call.unknown = missing;
      throw new Unknown(`AIPRICE.${name}: ${missing}`);
    }
    // Excel passes an omitted argument as null and any other as a 2-D array.
    const out = (fn as (...a: unknown[]) => unknown)(...values);
    const g: Grid = Array.isArray(out) ? (out as unknown[]).map((r) => (Array.isArray(r) ? (r as Cell[]) : [r as Cell])) : [[out as Cell]];
    call.result = summary(g, pos);
    return g;
  }
}

function firstError(g: Grid): CellValue | null {
  for (const line of g) for (const v of line) if (isErr(v)) return toCellValue(v);
  return null;
}

function transpose(g: Grid): Grid {
  const { rows, cols } = dims(g);
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => g[i][j] ?? null));
}

function map1(g: Grid, f: (x: Cell) => Cell): Grid {
  return g.map((line) => line.map(f));
}

/** Excel's broadcast of several arrays: the largest size; a single row or column stretches; beyond a shorter one, #N/A. */
function broadcast(gs: Grid[], f: (xs: Cell[]) => Cell): Grid {
  const ds = gs.map(dims);
  const rows = Math.max(...ds.map((d) => d.rows));
  const cols = Math.max(...ds.map((d) => d.cols));
  if (rows * cols > MAX_READ_CELLS) throw new Unknown("the result is too large for the pane");
  const out: Grid = [];
  for (let i = 0; i < rows; i++) {
    const line: Cell[] = [];
    for (let j = 0; j < cols; j++) {
      const xs: Cell[] = [];
      let beyond = false;
      for (const g of gs) {
        const v = at(g, i, j);
        if (v === undefined) beyond = true;
        xs.push(v ?? null);
      }
      line.push(beyond ? { code: "#N/A" } : f(xs));
    }
    out.push(line);
  }
  return out;
}

/** A value as arithmetic reads it: blank 0, TRUE 1, numeric text its number; other text #VALUE!. */
function arithNumber(x: Cell): number | { code: string } {
  if (x === null || x === "") return 0;
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "string") {
    const n = Number(x.trim());
    return x.trim() !== "" && Number.isFinite(n) ? n : { code: "#VALUE!" };
  }
  return x;
}

function arith(x: Cell, f: (n: number) => number, fns: ExplainFunctions): Cell {
  const n = arithNumber(x);
  if (typeof n !== "number") return isErr(x) ? x : fns.makeError(n.code);
  return f(n);
}

function compare(a: Cell, b: Cell): number {
  const rank = (v: Cell) => (typeof v === "boolean" ? 2 : typeof v === "string" ? 1 : 0);
  const x = a === null ? (typeof b === "string" ? "" : typeof b === "boolean" ? false : 0) : a;
  const y = b === null ? (typeof a === "string" ? "" : typeof a === "boolean" ? false : 0) : b;
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === "string" && typeof y === "string") {
    const p = x.toUpperCase();
    const q = y.toUpperCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return Number(x) - Number(y);
}

function binary(op: string, left: Grid, right: Grid, fns: ExplainFunctions): Grid {
  return broadcast([left, right], ([a, b]) => {
    if (isErr(a)) return a;
    if (isErr(b)) return b;
    if (op === "&") return `${a === null ? "" : typeof a === "boolean" ? String(a).toUpperCase() : a}${b === null ? "" : typeof b === "boolean" ? String(b).toUpperCase() : b}`;
    if (["=", "<>", "<", ">", "<=", ">="].includes(op)) {
      const c = compare(a, b);
      return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
    }
    const x = arithNumber(a);
    const y = arithNumber(b);
    if (typeof x !== "number") return fns.makeError(x.code);
    if (typeof y !== "number") return fns.makeError(y.code);
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "/":
        return y === 0 ? fns.makeError("#DIV/0!") : x / y;
      case "^": {
        const r = x ** y;
        return x === 0 && y === 0 ? fns.makeError("#NUM!") : Number.isFinite(r) ? r : fns.makeError("#NUM!");
      }
      default:
        return fns.makeError("#VALUE!");
    }
  });
}

// -------------------------------------------------------------------------------------------------
// The explanation

/** A value in words, for the summary. */
export function describeCellValue(v: CellValue | undefined): string {
  if (v === undefined || v === null) return "blank";
  if (isCellError(v)) return v.error;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”`;
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? v.toLocaleString("en-US") : String(Number(v.toPrecision(10)));
}

/** Explains a cell that `inspection` describes; `read` reads the values its formula refers to. */
export async function explainCell(inspection: CellInspection, read: ReadValues, fns: ExplainFunctions): Promise<Explanation> {
  const base = { sheet: inspection.sheet, address: inspection.address, value: inspection.value, formula: inspection.formula, formulaCell: inspection.formulaCell, calls: [] as CallExplanation[], message: null };
  if (inspection.formula === null) {
    const summary = inspection.spillKnown
      ? "This cell holds no formula: it is a value typed or pasted in."
      : "This cell holds no formula of its own. If it is part of a spill, this version of Excel cannot tell the pane which formula it comes from: select the spill's first cell.";
    return { ...base, position: null, summary };
  }
  const self = inspection.formulaCell ? parseRange(inspection.formulaCell).start : null;
  const here = parseRange(inspection.address).start;
  const position = self && (self.row !== here.row || self.col !== here.col) ? { row: here.row - self.row, col: here.col - self.col } : null;
  let tree: Expr;
  try {
    tree = parseFormula(inspection.formula);
  } catch (e) {
    const why = e instanceof FormulaSyntaxError ? e.message : String(e);
    return { ...base, position, summary: `The pane cannot read this formula (${why}), so it cannot explain it. Its text is shown above.` };
  }
  const ev = new Evaluator(inspection.sheet, inspection.names, read, fns);
  let failure: string | null = null;
  try {
    await ev.evaluate(tree, position ?? { row: 0, col: 0 });
  } catch (e) {
    if (!(e instanceof Unknown)) throw e;
    failure = e.message;
  }
  const calls = ev.calls.map((c) => c.call);
  const where = position ? ` (row ${position.row + 1}, column ${position.col + 1} of the spill from ${inspection.formulaCell})` : "";
  const notPriced = isCellError(inspection.value) || (typeof inspection.value === "string" && /not priced/i.test(inspection.value));
  const cause = notPriced ? await inputOutOfOrder(inspection, read) : null;
  if (cause) return { ...base, position, calls, summary: cause };
  if (calls.length === 0) {
    return {
      ...base,
      position,
      summary: failure
        ? `This formula uses no AIPRICE function, and the pane cannot evaluate it (${failure}).`
        : "This formula uses no AIPRICE function: Excel's own functions compute it (select a cell with an AIPRICE function to have it explained).",
    };
  }
  const v = inspection.value;
  if (isCellError(v)) {
    // The call where the error starts: the innermost one that gives an error here while its arguments hold none.
    const origin = [...ev.calls].reverse().find((c) => c.call.result?.atCell !== undefined && isCellError(c.call.result.atCell) && c.argError === null);
    if (origin) {
      const e = origin.call.result!.atCell as { error: string; message?: string };
      const message = e.message ?? null;
      const words = message ? `: ${message}` : ".";
      const same = e.error === v.error ? "" : ` (the cell shows ${v.error}: the formula around the call turns it into that)`;
      return { ...base, position, calls, message, summary: `AIPRICE.${origin.call.name} gives ${e.error} here${where}${words}${same}` };
    }
    const passed = ev.calls.find((c) => c.argError !== null && c.argError.reference);
    if (passed) {
      const a = passed.argError!;
      const msg = isCellError(a.value) ? (a.value.message ?? null) : null;
      return {
        ...base,
        position,
        calls,
        message: msg,
        summary: `The argument ${a.name} of AIPRICE.${passed.call.name}, ${a.text}, already holds ${describeCellValue(a.value)}${msg ? ` (${msg})` : ""}: AIPRICE.${passed.call.name} passes it on. Select ${a.text} and explain it to see where it starts.`,
      };
    }
    if (failure) return { ...base, position, calls, summary: `This cell shows ${v.error}. The pane cannot say why: ${failure}. The arguments it could read are listed below.` };
    return {
      ...base,
      position,
      calls,
      summary: `This cell shows ${v.error}, but the AIPRICE functions give no error here${where} when the pane evaluates them with the values now in the workbook: the error comes from the formula around them, or the sheet has not recalculated.`,
    };
  }
  if (failure) return { ...base, position, calls, summary: `The pane cannot evaluate every part of this formula (${failure}); what it could read is listed below.` };
  const outer = calls[0];
  const computed = outer.result?.atCell;
  if (!sameValue(computed, v)) return { ...base, position, calls, summary: `This cell shows ${describeCellValue(v)}${where}: the formula around the AIPRICE functions gives that (AIPRICE.${outer.name} computes ${describeCellValue(computed)} here).` };
  return { ...base, position, calls, summary: `AIPRICE.${outer.name} computes ${describeCellValue(outer.result?.atCell)} here${where} from the arguments listed below.` };
}

function sameValue(a: CellValue | undefined, b: CellValue): boolean {
  if (a === undefined) return false;
  if (isCellError(a) || isCellError(b)) return isCellError(a) && isCellError(b) && a.error === b.error;
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}
