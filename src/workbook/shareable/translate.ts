/**
 * The shareable copy's translator: one formula of a comparison sheet in, the same formula with every
 * AIPRICE call written in native Excel out (or, where no native form is given, a reason to keep the
 * cell's value). It works call by call, whatever block the formula belongs to: a new block built from
 * the same functions translates without changes.
 * How each function is written natively: docs/sharing.md#how-each-function-is-translated.
 */
import { cellAddress, CellRange, columnLetters } from "../a1";
import type { CellContent, CellValue } from "../port";
import { sameSheetName } from "../port";
import type { PlanCell } from "../sheet-plan";
import { MAX_DRAWS, MAX_SEED, pertRanks } from "../../engine/risk";
import { aipriceName, bin, call, cellRef, err, Expr, FormulaSyntaxError, IF, num, parseFormula, printFormula, rangeRef, str, sum, unparen } from "./formula";
import { cellwiseNative, cellwiseParams, firstTest, isCellwise, NativeArg, numberValue } from "./natives";
import { givesNumber, isNative2016, paramKind } from "./natives-table";

export interface Shape {
  rows: number;
  cols: number;
}

/** What a name refers to. */
export interface NameTarget {
  sheet: string;
  range: CellRange;
}

/** What the translator reads of the sheet being copied. */
export interface SheetSource {
  /** The sheet's name (references to it become references to the copy). */
  sheet: string;
  /** A cell's content as typed (a formula "=...", a constant, null when empty). */
  content(row: number, col: number): CellContent;
  /** A cell's value now (for what is fixed when the copy is made: the draws' count and seed, tier counts). */
  value(row: number, col: number): CellValue;
  /** The name's target, looked up as Excel does from this sheet; null when there is no such name. */
  name(name: string): NameTarget | null;
  /** Is the name defined on the copy too (so formulas keep it)? */
  keepsName(name: string): boolean;
  /** Does the cell compute a number (a formula that gives only numbers or errors, or a cell it spills into)? */
  isNumeric(row: number, col: number): boolean;
  /** The text in column A of a row (to label workings), or "". */
  rowLabel(row: number): string;
}

/** A cell's translation. */
export type Translation =
  /** A formula ("=..."), over `spill` rows and columns when it spills. */
  | { kind: "formula"; formula: string; spill: Shape | null; numeric: boolean }
  /** Numbers (SEQUENCE of constants): written as constants. */
  | { kind: "numbers"; values: number[][] }
  /** No native form: the copy keeps the values, for this reason. */
  | { kind: "values"; reason: string; spill: Shape | null };

/** A reason to keep a cell's value instead of a formula. */
export class KeepValue extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "KeepValue";
  }
}

/** A row of workings at the bottom of the copy: a label in column A, cells from some column on. */
export interface WorkingsRow {
  row: number;
  label: string;
  cells: Map<number, PlanCell>;
}

/** The workings rows, allocated one after another from `firstRow`. */
export class Workings {
  private next: number;
  readonly rows: WorkingsRow[] = [];
  /** Shared rows by key (the ranks of a seed and count). */
  readonly shared = new Map<string, { row: number; col: number }>();
  constructor(readonly firstRow: number) {
    this.next = firstRow;
  }
  add(label: string, height = 1): WorkingsRow[] {
    const out: WorkingsRow[] = [];
    for (let k = 0; k < height; k++) {
      const r: WorkingsRow = { row: this.next++, label: k === 0 ? label : "", cells: new Map() };
      this.rows.push(r);
      out.push(r);
    }
    return out;
  }
  get end(): number {
    return this.next;
  }
}

/** The longest native text an argument may have before it is worked out in a row of its own. */
const HOIST_CHARS = 160;
/** Excel's longest formula. */
const MAX_FORMULA_CHARS = 8192;

const TABLE_FUNCTIONS = new Set(["EXPENSE_SCHEDULE", "COMMIT_TRUE_UP", "CREDIT_BURN"]);

interface T {
  expr: Expr;
  /** null: whole rows or columns (only where a range is read whole). */
  shape: Shape | null;
  numeric: boolean;
}

const ONE: Shape = { rows: 1, cols: 1 };

function broadcast(shapes: (Shape | null)[], what: string): Shape {
  let rows = 1;
  let cols = 1;
  for (const s of shapes) {
    if (s === null) throw new KeepValue(`${what} reads whole rows or columns where one value or a range of values belongs`);
    rows = Math.max(rows, s.rows);
    cols = Math.max(cols, s.cols);
  }
  return { rows, cols };
}

const abs = { row: true, col: true };
const isBlankValue = (v: CellValue) => v === null || v === "";

export class Translator {
  constructor(
    private readonly src: SheetSource,
    readonly workings: Workings,
  ) {}

  /** Translates the formula of cell (row, col) of the sheet. */
  formula(text: string, row: number, col: number): Translation {
    let ast: Expr;
    try {
      ast = parseFormula(text);
    } catch (e) {
      if (e instanceof FormulaSyntaxError) return { kind: "values", reason: `its formula could not be read (${e.message})`, spill: null };
      throw e;
    }
    const top = unparen(ast);
    if (top.type === "call" && top.name === "SEQUENCE") {
      const seq = this.sequence(top);
      if (seq) return { kind: "numbers", values: seq };
    }
    let t: T;
    try {
      t = this.tr(ast, { row, col });
      if (t.shape === null) throw new KeepValue("it gives whole rows or columns");
    } catch (e) {
      if (e instanceof KeepValue) return { kind: "values", reason: e.reason, spill: null };
      throw e;
    }
    const formula = `=${printFormula(t.expr)}`;
    if (formula.length > MAX_FORMULA_CHARS) return { kind: "values", reason: `its native form is longer than Excel's ${MAX_FORMULA_CHARS.toLocaleString("en-US")} characters`, spill: null };
    const shape = t.shape!;
    return { kind: "formula", formula, spill: shape.rows * shape.cols > 1 ? shape : null, numeric: t.numeric };
  }

  // -------------------------------------------------------------------------------------------

  private tr(e: Expr, at: { row: number; col: number }): T {
    switch (e.type) {
      case "number":
        return { expr: e, shape: ONE, numeric: true };
      case "string":
      case "boolean":
      case "error":
        return { expr: e, shape: ONE, numeric: false };
      case "paren": {
        const t = this.tr(e.inner, at);
        return { ...t, expr: { type: "paren", inner: t.expr } };
      }
      case "ref": {
        const own = e.sheet === null || sameSheetName(e.sheet, this.src.sheet);
        const end = e.end ?? e.start;
        const shape = { rows: Math.abs(end.row - e.start.row) + 1, cols: Math.abs(end.col - e.start.col) + 1 };
        let numeric = own;
        if (own) {
          for (let r = Math.min(e.start.row, end.row); numeric && r <= Math.max(e.start.row, end.row); r++)
            for (let c = Math.min(e.start.col, end.col); c <= Math.max(e.start.col, end.col); c++)
              if (!this.src.isNumeric(r, c)) {
                numeric = false;
                break;
              }
        }
        return { expr: own ? { ...e, sheet: null } : e, shape, numeric };
      }
      case "lines":
        return { expr: e.sheet !== null && sameSheetName(e.sheet, this.src.sheet) ? { ...e, sheet: null } : e, shape: null, numeric: false };
      case "name": {
        const target = this.src.name(e.sheet ? `${e.sheet}!${e.name}` : e.name) ?? this.src.name(e.name);
        if (!target) throw new KeepValue(`it uses the name ${e.name}, which is not defined`);
        const shape = { rows: target.range.end.row - target.range.start.row + 1, cols: target.range.end.col - target.range.start.col + 1 };
        const own = sameSheetName(target.sheet, this.src.sheet);
        const numeric = own && shape.rows === 1 && shape.cols === 1 && this.src.isNumeric(target.range.start.row, target.range.start.col);
        if (this.src.keepsName(e.name)) return { expr: { type: "name", sheet: null, name: e.name }, shape, numeric };
        const r = target.range;
        return { expr: rangeRef(r.start.row, r.start.col, r.end.row, r.end.col, abs, own ? null : target.sheet), shape, numeric };
      }
      case "unary": {
        if (e.op === "@") throw new KeepValue("it uses Excel 365's implicit intersection (@)");
        const t = this.tr(e.arg, at);
        return { expr: { ...e, arg: t.expr }, shape: broadcast([t.shape], "it"), numeric: true };
      }
      case "percent": {
        const t = this.tr(e.arg, at);
        return { expr: { ...e, arg: t.expr }, shape: broadcast([t.shape], "it"), numeric: true };
      }
      case "binary": {
        const l = this.tr(e.left, at);
        const r = this.tr(e.right, at);
        const arithmetic = ["+", "-", "*", "/", "^"].includes(e.op);
        return { expr: { ...e, left: l.expr, right: r.expr }, shape: broadcast([l.shape, r.shape], "it"), numeric: arithmetic };
      }
      case "array":
        return { expr: e, shape: { rows: e.rows.length, cols: e.rows[0]?.length ?? 0 }, numeric: e.rows.every((r) => r.every((x) => x.type === "number")) };
      case "call":
        return this.call(e, at);
    }
  }

  private call(e: Extract<Expr, { type: "call" }>, at: { row: number; col: number }): T {
    const ai = aipriceName(e);
    if (ai !== null) {
      const what = `AIPRICE.${ai}`;
      if (isCellwise(ai)) return this.aiprice(this.cellwise(ai, e.args, at), at, what);
      switch (ai) {
        case "PERT_DRAWS":
          return this.aiprice(this.pert(e, at, false), at, what);
        case "CHANCE_CHEAPEST":
          return this.chance(e, at);
        case "TIERED_COST":
          return this.aiprice(this.tiered(e, at), at, what);
        case "CONTEXT_TOKEN_COST":
          return this.aiprice(this.context(e, at), at, what);
        default:
          if (TABLE_FUNCTIONS.has(ai)) throw new KeepValue(`AIPRICE.${ai} spills a table whose size depends on its data; the copy keeps its values`);
          throw new KeepValue(`AIPRICE.${ai} has no native form in this version of the add-in`);
      }
    }
    if (e.name === "TRANSPOSE") {
      if (e.args.length !== 1 || e.args[0] === null) throw new KeepValue("TRANSPOSE takes one argument");
      const inner = unparen(e.args[0]);
      if (aipriceName(inner) === "PERT_DRAWS") return this.aiprice(this.pert(inner as Extract<Expr, { type: "call" }>, at, true), at, "AIPRICE.PERT_DRAWS");
      if (inner.type === "call" && inner.name === "TRANSPOSE" && inner.args.length === 1 && inner.args[0] !== null) return this.tr(inner.args[0], at);
      const t = this.tr(inner, at);
      if (t.shape === null) throw new KeepValue("it transposes whole rows or columns");
      if (t.shape.rows === 1 && t.shape.cols === 1) return t;
      return { expr: call("TRANSPOSE", t.expr), shape: { rows: t.shape.cols, cols: t.shape.rows }, numeric: t.numeric };
    }
    if (e.name === "SEQUENCE") {
      const values = this.sequence(e);
      if (!values) throw new KeepValue("it uses SEQUENCE (Excel 365 only) with arguments that are not constants");
      // start + step x {0, 1, ...}: the same arithmetic as SEQUENCE, in an array constant.
      const rows = values.length;
      const cols = values[0].length;
      const [, , startArg, stepArg] = e.args;
      const start = startArg ? this.literal(startArg) : 1;
      const step = stepArg ? this.literal(stepArg) : 1;
      const k: Expr = { type: "array", rows: Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => num(i * cols + j))) };
      return { expr: bin("+", num(start!), bin("*", num(step!), k)), shape: { rows, cols }, numeric: true };
    }
    if (!isNative2016(e.name)) throw new KeepValue(`it uses ${e.name}, which not every Excel since 2016 has`);
    const shapes: (Shape | null)[] = [];
    const args = e.args.map((a, k) => {
      if (a === null) return null;
      const t = this.tr(a, at);
      if (paramKind(e.name, k) === "value") shapes.push(t.shape);
      return t.expr;
    });
    if (e.name === "INDEX" && e.args.slice(1).some((a) => a && unparen(a).type === "number" && (unparen(a) as { value: number }).value === 0)) {
      throw new KeepValue("it uses INDEX for a whole row or column");
    }
    return { expr: { type: "call", name: e.name, args }, shape: broadcast(shapes, e.name), numeric: givesNumber(e.name) };
  }

  /** SEQUENCE with constant arguments: its numbers (first + k x step, as Excel and the engine compute them). */
  private sequence(e: Extract<Expr, { type: "call" }>): number[][] | null {
    const [r, c, start, step] = e.args;
    const lit = (a: Expr | null | undefined, d: number) => (a === null || a === undefined ? d : this.literal(a));
    const rows = lit(r, 1);
    const cols = lit(c, 1);
    const first = lit(start, 1);
    const by = lit(step, 1);
    if (rows === null || cols === null || first === null || by === null) return null;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows * cols > 1_000_000) return null;
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => first + (i * cols + j) * by));
  }

  /** A number written as a constant (-1, 2.5), or null. */
  private literal(a: Expr): number | null {
    const e = unparen(a);
    if (e.type === "number") return e.value;
    if (e.type === "unary" && e.op === "-" && unparen(e.arg).type === "number") return -(unparen(e.arg) as { value: number }).value;
    return null;
  }

  /** How deep the translation is in the arguments of AIPRICE calls. */
  private depth = 0;

  /**
   * An argument of an AIPRICE call. An AIPRICE call inside it whose native text is long is worked out
   * in a row of its own (see aiprice()), so the argument refers to that row.
   */
  private arg(a: Expr, at: { row: number; col: number }, what: string): T {
    this.depth++;
    try {
      const t = this.tr(a, at);
      if (t.shape === null) throw new KeepValue(`${what} is whole rows or columns`);
      return t;
    } finally {
      this.depth--;
    }
  }

  /** An AIPRICE call's native form; inside another call's argument, in the workings when it is long. */
  private aiprice(t: T, at: { row: number; col: number }, what: string): T {
    if (this.depth > 0 && t.shape !== null && printFormula(t.expr).length > HOIST_CHARS) return this.hoist(t, at, what);
    return t;
  }

  /** Writes an expression in the workings (an array formula over its shape) and refers to it there. */
  private hoist(t: T, at: { row: number; col: number }, what: string): T {
    const shape = t.shape!;
    const col = Math.max(1, at.col);
    const rows = this.workings.add(this.label(at, what), shape.rows);
    const cell: PlanCell = { kind: "formula", formula: `=${printFormula(t.expr)}`, style: "note", ...(shape.rows * shape.cols > 1 ? { spill: shape } : {}) };
    rows[0].cells.set(col, cell);
    return { expr: rangeRef(rows[0].row, col, rows[0].row + shape.rows - 1, col + shape.cols - 1, abs), shape, numeric: t.numeric };
  }

  private label(at: { row: number; col: number }, what: string): string {
    const l = this.src.rowLabel(at.row);
    return `${cellAddress(at)}${l ? ` (${l.length > 60 ? `${l.slice(0, 57)}...` : l})` : ""}: ${what}`;
  }

  /** A value fixed when the copy is made (a count, a seed): a constant, or the value of cells and names. */
  private fixedValue(a: Expr, what: string): number {
    const v = this.evaluate(a);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new KeepValue(`${what} is not a number when the copy is made`);
    return v;
  }

  private evaluate(a: Expr): number | null {
    const e = unparen(a);
    switch (e.type) {
      case "number":
        return e.value;
      case "boolean":
        return e.value ? 1 : 0;
      case "ref": {
        if (e.end !== null || (e.sheet !== null && !sameSheetName(e.sheet, this.src.sheet))) return null;
        const v = this.src.value(e.start.row, e.start.col);
        return typeof v === "number" ? v : v === null ? 0 : typeof v === "boolean" ? (v ? 1 : 0) : null;
      }
      case "name": {
        const t = this.src.name(e.name);
        if (!t || !sameSheetName(t.sheet, this.src.sheet) || t.range.start.row !== t.range.end.row || t.range.start.col !== t.range.end.col) return null;
        const v = this.src.value(t.range.start.row, t.range.start.col);
        return typeof v === "number" ? v : null;
      }
      case "unary": {
        const x = this.evaluate(e.arg);
        return x === null ? null : e.op === "-" ? -x : x;
      }
      case "binary": {
        const x = this.evaluate(e.left);
        const y = this.evaluate(e.right);
        if (x === null || y === null) return null;
        switch (e.op) {
          case "+":
            return x + y;
          case "-":
            return x - y;
          case "*":
            return x * y;
          case "/":
            return y === 0 ? null : x / y;
          default:
            return null;
        }
      }
      default:
        return null;
    }
  }

  // -------------------------------------------------------------------------------------------
  // The AIPRICE functions

  private cellwise(name: string, args: (Expr | null)[], at: { row: number; col: number }): T {
    const params = cellwiseParams(name);
    const required = params.filter((p) => !p.optional).length;
    if (args.length > params.length || args.length < required) throw new KeepValue(`AIPRICE.${name} is given ${args.length} arguments`);
    const targs = args.map((a, k) => (a === null ? null : this.arg(a, at, `${params[k].name} of AIPRICE.${name}`)));
    const shape = broadcast(
      targs.map((t) => (t ? t.shape : ONE)),
      `AIPRICE.${name}`,
    );
    const native: NativeArg[] = targs.map((t) => ({ expr: t?.expr ?? null, numeric: t?.numeric ?? false }));
    return { expr: cellwiseNative(name, native), shape, numeric: true };
  }

  private nativeArgs(args: (Expr | null)[], at: { row: number; col: number }, names: string[], fn: string): (T | null)[] {
    return args.map((a, k) => (a === null ? null : this.arg(a, at, `${names[k] ?? `argument ${k + 1}`} of AIPRICE.${fn}`)));
  }

  /** PERT_DRAWS: a column of draws (a row when transposed). */
  private pert(e: Extract<Expr, { type: "call" }>, at: { row: number; col: number }, transposed: boolean): T {
    const names = ["low", "likely", "high", "count", "seed"];
    if (e.args.length < 4 || e.args.length > 5 || e.args.slice(0, 4).some((a) => a === null)) throw new KeepValue("AIPRICE.PERT_DRAWS is given the wrong arguments");
    const t = this.nativeArgs(e.args, at, names, "PERT_DRAWS");
    // Its arguments are single values: a range gives #VALUE! (one cell).
    if (t.some((x) => x !== null && (x.shape!.rows !== 1 || x.shape!.cols !== 1))) return { expr: err("#VALUE!"), shape: ONE, numeric: true };
    const count = this.fixedValue(e.args[3]!, "the count of draws");
    const seed = e.args[4] ? this.fixedValue(e.args[4], "the seed") : 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_DRAWS) throw new KeepValue(`the count of draws (${count}) is not a whole number from 1 to ${MAX_DRAWS.toLocaleString("en-US")}`);
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new KeepValue(`the seed (${seed}) is not a whole number from 0 to ${MAX_SEED}`);
    const a = (k: number): NativeArg => ({ expr: t[k]?.expr ?? null, numeric: t[k]?.numeric ?? false });
    const lo = numberValue(a(0));
    const li = numberValue(a(1));
    const hi = numberValue(a(2));
    const n = numberValue(a(3));
    const s = numberValue(a(4), num(1));
    const whole = (x: Expr) => bin("<>", x, call("INT", x));
    const status = IF(
      firstTest([lo, li, hi, n, s], [null, null, bin("+", bin(">", lo, li), bin(">", li, hi)), sum([bin("<", n, num(1)), bin(">", n, num(MAX_DRAWS)), whole(n)]), sum([bin("<", s, num(0)), bin(">", s, num(MAX_SEED)), whole(s)])]),
      err("#NUM!"),
      IF(bin("+", bin("<>", n, num(count)), bin("<>", s, num(seed))), err("#N/A"), num(0)),
    );
    // The draw's checks, ends and shape: status (0 = fine), low, high, α, β.
    const [row] = this.workings.add(this.label(at, `AIPRICE.PERT_DRAWS: 0 when its arguments are fine (else the error), then low, high, α and β of the PERT distribution; its seed (${seed}) and count (${count}) are fixed in this copy`));
    const c = (k: number) => cellRef(row.row, 1 + k, abs);
    const f = (x: Expr): PlanCell => ({ kind: "formula", formula: `=${printFormula(x)}`, style: "note" });
    row.cells.set(1, f(status));
    row.cells.set(2, f(lo));
    row.cells.set(3, f(hi));
    const width = bin("-", c(2), c(1));
    row.cells.set(4, f(IF(bin("=", c(2), c(1)), num(1), bin("+", num(1), bin("/", bin("*", num(4), bin("-", li, c(1))), width)))));
    row.cells.set(5, f(IF(bin("=", c(2), c(1)), num(1), bin("+", num(1), bin("/", bin("*", num(4), bin("-", c(2), li)), width)))));
    const ranks = this.ranks(count, seed, transposed ? Math.max(1, at.col) : 1);
    const p = bin("/", bin("-", transposed ? ranks : call("TRANSPOSE", ranks), num(0.5)), num(count));
    // An IF at the top (not status + ...): every cell of the result carries the error when there is one.
    // low = high (an assist tool's rate, 0, 0, 0): every draw is low, still a whole row of them (low + 0 x p),
    // so that INDEX(draws, 1, positions) (the copula's order below a correlation of 1) finds every position.
    const draws = IF(call("ISERROR", c(0)), c(0), IF(bin("=", c(1), c(2)), bin("+", c(1), bin("*", num(0), p)), call("BETA.INV", p, c(3), c(4), c(1), c(2))));
    return { expr: draws, shape: transposed ? { rows: 1, cols: count } : { rows: count, cols: 1 }, numeric: true };
  }

  /** The ranks of `count` draws with `seed` (shared by every draw with them): a row of constants. */
  private ranks(count: number, seed: number, col: number): Expr {
    const key = `${count}|${seed}|${col}`;
    let at = this.workings.shared.get(key);
    if (!at) {
      const [row] = this.workings.add(`Ranks of the draws with seed ${seed} (${count.toLocaleString("en-US")} draws): the draw in each column is the PERT quantile at (rank - 0.5) / ${count}`);
      pertRanks(count, seed).forEach((r, k) => row.cells.set(col + k, { kind: "number", value: r, style: "note" }));
      at = { row: row.row, col };
      this.workings.shared.set(key, at);
    }
    return rangeRef(at.row, at.col, at.row, at.col + count - 1, abs);
  }

  /** CHANCE_CHEAPEST: each bid's share of the drawn scenarios in which it costs the least. */
  private chance(e: Extract<Expr, { type: "call" }>, at: { row: number; col: number }): T {
    if (e.args.length !== 1 || e.args[0] === null) throw new KeepValue("AIPRICE.CHANCE_CHEAPEST takes one argument");
    const costs = unparen(e.args[0]);
    // The costs with one row per bid and one column per scenario.
    let block: T;
    if (costs.type === "call" && costs.name === "TRANSPOSE" && costs.args.length === 1 && costs.args[0] !== null) block = this.tr(costs.args[0], at);
    else {
      const t = this.tr(costs, at);
      if (t.shape === null) throw new KeepValue("AIPRICE.CHANCE_CHEAPEST reads whole rows or columns");
      block = t.shape.rows === 1 && t.shape.cols === 1 ? t : { expr: call("TRANSPOSE", t.expr), shape: { rows: t.shape.cols, cols: t.shape.rows }, numeric: t.numeric };
    }
    if (block.shape === null) throw new KeepValue("AIPRICE.CHANCE_CHEAPEST reads whole rows or columns");
    let ref = unparen(block.expr);
    if (ref.type !== "ref" || ref.sheet !== null) {
      block = this.hoist(block, at, "the costs of AIPRICE.CHANCE_CHEAPEST, one row per bid");
      ref = unparen(block.expr);
    }
    const r = ref as Extract<Expr, { type: "ref" }>;
    const top = Math.min(r.start.row, (r.end ?? r.start).row);
    const left = Math.min(r.start.col, (r.end ?? r.start).col);
    const bids = block.shape!.rows;
    const scenarios = block.shape!.cols;
    const bidRow = (i: number) => rangeRef(top + i, left, top + i, left + scenarios - 1, abs);
    const all = rangeRef(top, left, top + bids - 1, left + scenarios - 1, abs);
    const col = Math.max(1, left);
    const usable = bids + 1;
    const label = (what: string) => this.label(at, `AIPRICE.CHANCE_CHEAPEST, ${what}`);
    // Each scenario's status: bids + 1 when every cost is a number; -1 when a negative cost comes before
    // any cost that is not a number (an error); k when cost k is the first that is not a number (the
    // scenario is left out).
    let code: Expr = num(usable);
    for (let i = bids - 1; i >= 0; i--) {
      const x = bidRow(i);
      code = IF(call("ISNUMBER", x), bin("-", bin("*", code, bin(">=", x, num(0))), bin("<", x, num(0))), num(i + 1));
    }
    const [codeRow] = this.workings.add(label(`each drawn scenario: ${usable} when all ${bids} costs are numbers, -1 for a negative cost, else the first cost that is not a number (the scenario is left out)`));
    codeRow.cells.set(col, { kind: "formula", formula: `=${printFormula(code)}`, style: "note", ...(scenarios > 1 ? { spill: { rows: 1, cols: scenarios } } : {}) });
    const [lowRow] = this.workings.add(label("each scenario's lowest cost"));
    const [tieRow] = this.workings.add(label("how many bids cost that lowest"));
    for (let j = 0; j < scenarios; j++) {
      const column = rangeRef(top, left + j, top + bids - 1, left + j, { row: true });
      const codeJ = cellRef(codeRow.row, col + j, { row: true });
      const lowJ = cellRef(lowRow.row, col + j, { row: true });
      lowRow.cells.set(col + j, { kind: "formula", formula: `=${printFormula(IF(bin("=", codeJ, num(usable)), call("MIN", column), str("")))}`, style: "note" });
      tieRow.cells.set(col + j, { kind: "formula", formula: `=${printFormula(IF(bin("=", codeJ, num(usable)), call("COUNTIF", column, lowJ), num(1)))}`, style: "note" });
    }
    const codes = rangeRef(codeRow.row, col, codeRow.row, col + scenarios - 1, abs);
    const lows = rangeRef(lowRow.row, col, lowRow.row, col + scenarios - 1, abs);
    const ties = rangeRef(tieRow.row, col, tieRow.row, col + scenarios - 1, abs);
    const shareRows = this.workings.add(label("each bid's share of each scenario (1 / the bids tied for the lowest cost)"), bids);
    shareRows[0].cells.set(col, {
      kind: "formula",
      formula: `=${printFormula(IF(bin("=", codes, num(usable)), bin("/", bin("=", all, lows), ties), num(0)))}`,
      style: "note",
      ...(bids * scenarios > 1 ? { spill: { rows: bids, cols: scenarios } } : {}),
    });
    const [chanceRow] = this.workings.add(label("each bid's chance: its shares over the scenarios kept"));
    const kept = call("COUNTIF", codes, num(usable));
    for (let i = 0; i < bids; i++) {
      const shares = rangeRef(shareRows[i].row, col, shareRows[i].row, col + scenarios - 1, abs);
      const f = IF(bin(">", call("COUNTIF", codes, num(-1)), num(0)), err("#NUM!"), IF(bin("=", kept, num(0)), err("#N/A"), bin("/", call("SUM", shares), kept)));
      chanceRow.cells.set(1 + i, { kind: "formula", formula: `=${printFormula(f)}`, style: "note" });
    }
    return { expr: rangeRef(chanceRow.row, 1, chanceRow.row, bids, abs), shape: { rows: 1, cols: bids }, numeric: true };
  }

  /** A list argument (tier bounds, a rate card's column): a reference to one row or one column of cells. */
  private list(a: Expr | null, what: string): { cells: { row: number; col: number }[]; sheet: string | null } {
    const e = a === null ? null : unparen(a);
    if (e === null || e.type !== "ref") throw new KeepValue(`${what} is not a range of cells`);
    if (e.sheet !== null && !sameSheetName(e.sheet, this.src.sheet)) throw new KeepValue(`${what} is on another sheet`);
    const end = e.end ?? e.start;
    const r0 = Math.min(e.start.row, end.row);
    const r1 = Math.max(e.start.row, end.row);
    const c0 = Math.min(e.start.col, end.col);
    const c1 = Math.max(e.start.col, end.col);
    if (r0 !== r1 && c0 !== c1) throw new KeepValue(`${what} is a block, not one row or one column`);
    const cells: { row: number; col: number }[] = [];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells.push({ row: r, col: c });
    return { cells, sheet: null };
  }

  /** TIERED_COST: the tier table checked once in the workings, then an IF chain over the tiers per quantity. */
  private tiered(e: Extract<Expr, { type: "call" }>, at: { row: number; col: number }): T {
    if (e.args.length < 3 || e.args.length > 4 || e.args[0] === null) throw new KeepValue("AIPRICE.TIERED_COST is given the wrong arguments");
    const bounds = this.list(e.args[1], "tier_upper_bounds of AIPRICE.TIERED_COST");
    const prices = this.list(e.args[2], "tier_prices of AIPRICE.TIERED_COST");
    if (bounds.cells.length !== prices.cells.length) throw new KeepValue("the tier bounds and prices of AIPRICE.TIERED_COST have different lengths");
    const n = bounds.cells.length;
    const blank = (p: { row: number; col: number }) => isBlankValue(this.src.value(p.row, p.col));
    let t = n;
    while (t > 0 && blank(bounds.cells[t - 1]) && blank(prices.cells[t - 1])) t--;
    if (t === 0) throw new KeepValue("AIPRICE.TIERED_COST has no tier when the copy is made");
    const ref = (p: { row: number; col: number }) => cellRef(p.row, p.col, abs);
    const [row] = this.workings.add(this.label(at, `AIPRICE.TIERED_COST's tiers: 0 when the table is fine (else the error), 1 for volume pricing (0 graduated), then the ${t} upper bounds and the ${t} prices`));
    const STATUS = 1;
    const VOLUME = 2;
    const B = (k: number) => cellRef(row.row, 3 + k, abs);
    const P = (k: number) => cellRef(row.row, 3 + t + k, abs);
    const f = (x: Expr): PlanCell => ({ kind: "formula", formula: `=${printFormula(x)}`, style: "note" });
    const item = (x: Expr) => IF(bin("=", x, str("")), str(""), IF(call("ISTEXT", x), err("#VALUE!"), bin("+", x, num(0))));
    const probe = (x: Expr) => bin("*", num(0), IF(bin("=", x, str("")), num(0), IF(call("ISTEXT", x), err("#VALUE!"), bin("+", x, num(0)))));
    for (let k = 0; k < t; k++) {
      row.cells.set(3 + k, f(item(ref(bounds.cells[k]))));
      row.cells.set(3 + t + k, f(item(ref(prices.cells[k]))));
    }
    // The engine's checks in its order, same codes merged.
    const checks: [Expr, string][] = [[sum(Array.from({ length: t }, (_, k) => bin("=", P(k), str("")))), "#VALUE!"]];
    for (let k = 0; k < t; k++) {
      checks.push([bin("<", P(k), num(0)), "#NUM!"]);
      if (k < t - 1) checks.push([bin("=", B(k), str("")), "#VALUE!"]);
      checks.push([k > 0 ? bin("+", bin("<", B(k), num(0)), bin("<=", B(k), B(k - 1))) : bin("<", B(k), num(0)), "#NUM!"]);
    }
    const guard = sum(Array.from({ length: n - t }, (_, j) => bin("+", bin("<>", ref(bounds.cells[t + j]), str("")), bin("<>", ref(prices.cells[t + j]), str("")))));
    const table = bin("+", sum([...bounds.cells, ...prices.cells].map((p) => probe(ref(p)))), IF(guard, err("#N/A"), chain(checks)));
    const mode = e.args[3] ? this.tr(e.args[3], at) : null;
    let volume: Expr = num(0);
    if (mode) {
      if (mode.shape === null || mode.shape.rows !== 1 || mode.shape.cols !== 1) volume = err("#VALUE!");
      else {
        const m = mode.expr;
        const word = call("LOWER", call("TRIM", m));
        volume = IF(bin("=", m, str("")), num(0), IF(call("ISTEXT", m), IF(bin("=", word, str("volume")), num(1), IF(bin("=", word, str("graduated")), num(0), err("#VALUE!"))), err("#VALUE!")));
      }
    }
    row.cells.set(VOLUME, f(volume));
    row.cells.set(STATUS, f(bin("+", table, bin("*", num(0), cellRef(row.row, VOLUME, abs)))));
    const tq = this.arg(e.args[0], at, "quantity of AIPRICE.TIERED_COST");
    const q = numberValue({ expr: tq.expr, numeric: tq.numeric });
    let vol: Expr = bin("*", q, P(t - 1));
    for (let k = t - 2; k >= 0; k--) vol = IF(bin("<=", q, B(k)), bin("*", q, P(k)), vol);
    // Graduated: the full tiers below, then the rest at the tier the quantity reaches.
    const below = (k: number): Expr | null => (k === 0 ? null : sum(Array.from({ length: k }, (_, j) => bin("*", j === 0 ? B(0) : bin("-", B(j), B(j - 1)), P(j)))));
    const at_ = (k: number): Expr => {
      const part = bin("*", k === 0 ? q : bin("-", q, B(k - 1)), P(k));
      const b = below(k);
      return b === null ? part : bin("+", b, part);
    };
    let grad: Expr = at_(t - 1);
    for (let k = t - 2; k >= 0; k--) grad = IF(bin("<=", q, B(k)), at_(k), grad);
    const status = cellRef(row.row, STATUS, abs);
    const expr = IF(call("ISERROR", status), status, IF(bin("+", bin("<", q, num(0)), bin(">", q, B(t - 1))), err("#NUM!"), IF(bin("=", cellRef(row.row, VOLUME, abs), num(1)), vol, grad)));
    return { expr, shape: tq.shape, numeric: true };
  }

  /** CONTEXT_TOKEN_COST: the rate card checked once in the workings, then TOKEN_COST at the row the prompt size selects. */
  private context(e: Extract<Expr, { type: "call" }>, at: { row: number; col: number }): T {
    if (e.args.length < 5 || e.args.length > 8 || e.args.slice(0, 5).some((a) => a === null)) throw new KeepValue("AIPRICE.CONTEXT_TOKEN_COST is given the wrong arguments");
    const lists = [this.list(e.args[2], "context_thresholds"), this.list(e.args[3], "input_prices"), this.list(e.args[4], "output_prices")];
    const cachedGiven = e.args[6] !== undefined && e.args[6] !== null;
    if (cachedGiven) lists.push(this.list(e.args[6]!, "cached_input_prices"));
    const len = lists[0].cells.length;
    if (lists.some((l) => l.cells.length !== len)) throw new KeepValue("the rate card's columns of AIPRICE.CONTEXT_TOKEN_COST have different lengths");
    const blank = (p: { row: number; col: number }) => isBlankValue(this.src.value(p.row, p.col));
    let n = len;
    while (n > 0 && lists.every((l) => blank(l.cells[n - 1]))) n--;
    if (n === 0) throw new KeepValue("AIPRICE.CONTEXT_TOKEN_COST's rate card is empty when the copy is made");
    const ref = (p: { row: number; col: number }) => cellRef(p.row, p.col, abs);
    const [row] = this.workings.add(this.label(at, `AIPRICE.CONTEXT_TOKEN_COST's rate card: 0 when it is fine (else the error), then its ${n} thresholds, input prices, output prices and cached input prices`));
    const col = (k: number, j: number) => cellRef(row.row, 2 + k * n + j, abs);
    const TH = (j: number) => col(0, j);
    const IP = (j: number) => col(1, j);
    const OP = (j: number) => col(2, j);
    const CP = (j: number) => col(3, j);
    const f = (x: Expr): PlanCell => ({ kind: "formula", formula: `=${printFormula(x)}`, style: "note" });
    const item = (x: Expr) => IF(bin("=", x, str("")), str(""), IF(call("ISTEXT", x), err("#VALUE!"), bin("+", x, num(0))));
    const probe = (x: Expr) => bin("*", num(0), IF(bin("=", x, str("")), num(0), IF(call("ISTEXT", x), err("#VALUE!"), bin("+", x, num(0)))));
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < 3; k++) row.cells.set(2 + k * n + j, f(item(ref(lists[k].cells[j]))));
      const cp = cachedGiven ? ref(lists[3].cells[j]) : null;
      row.cells.set(2 + 3 * n + j, f(cp ? IF(bin("=", cp, str("")), IP(j), item(cp)) : IP(j)));
    }
    const blanks = sum(
      Array.from({ length: n }, (_, j) => [TH(j), IP(j), OP(j)])
        .flat()
        .map((x) => bin("=", x, str(""))),
    );
    const nums: Expr[] = [];
    for (let j = 0; j < n; j++) nums.push(bin("<", TH(j), num(0)), j === 0 ? bin("<>", TH(0), num(0)) : bin("<=", TH(j), TH(j - 1)));
    for (const c of [IP, OP, CP]) for (let j = 0; j < n; j++) nums.push(bin("<", c(j), num(0)));
    const guard = sum(Array.from({ length: len - n }, (_, j) => sum(lists.map((l) => bin("<>", ref(l.cells[n + j]), str(""))))));
    const status = bin(
      "+",
      sum(lists.flatMap((l) => l.cells.map((p) => probe(ref(p))))),
      IF(
        guard,
        err("#N/A"),
        chain([
          [blanks, "#VALUE!"],
          [sum(nums), "#NUM!"],
        ]),
      ),
    );
    row.cells.set(1, f(status));
    const names = ["input_tokens", "output_tokens", "", "", "", "cached_input_tokens", "", "attempts"];
    const targ = (k: number) => (e.args[k] === undefined || e.args[k] === null ? null : this.arg(e.args[k]!, at, `${names[k]} of AIPRICE.CONTEXT_TOKEN_COST`));
    const ti = targ(0)!;
    const to = targ(1)!;
    const tc = targ(5);
    const ta = targ(7);
    const shape = broadcast([ti.shape, to.shape, tc ? tc.shape : ONE, ta ? ta.shape : ONE], "AIPRICE.CONTEXT_TOKEN_COST");
    const v = (t: T | null, d: Expr) => numberValue({ expr: t?.expr ?? null, numeric: t?.numeric ?? false }, d);
    const i = v(ti, num(0));
    const o = v(to, num(0));
    const c = v(tc, num(0));
    const a = v(ta, num(1));
    const pick = (X: (j: number) => Expr) => {
      let x = X(0);
      for (let j = 1; j < n; j++) x = IF(bin(">=", i, TH(j)), X(j), x);
      return x;
    };
    const cost = bin("/", bin("*", a, sum([bin("*", bin("-", i, c), pick(IP)), bin("*", c, pick(CP)), bin("*", o, pick(OP))])), num(1e6));
    const checks = firstTest([i, o, c, a], [bin("<", i, num(0)), bin("<", o, num(0)), bin("<", c, num(0)), bin("+", bin("<", a, num(0)), bin(">", c, i))]);
    const st = cellRef(row.row, 1, abs);
    return { expr: IF(call("ISERROR", st), st, IF(checks, err("#NUM!"), cost)), shape, numeric: true };
  }
}

/** Nested IFs over checks in order, adjacent checks with the same error merged; 0 when none fails. */
function chain(checks: [Expr, string][]): Expr {
  const merged: [Expr[], string][] = [];
  for (const [c, code] of checks) {
    const last = merged[merged.length - 1];
    if (last && last[1] === code) last[0].push(c);
    else merged.push([[c], code]);
  }
  let out: Expr = num(0);
  for (let k = merged.length - 1; k >= 0; k--) out = IF(sum(merged[k][0]), err(merged[k][1]), out);
  return out;
}

/** Does a formula's result only ever hold numbers or errors (so a cell computing it needs no coercion)? */
export function givesOnlyNumbers(formula: string): boolean {
  let e: Expr;
  try {
    e = unparen(parseFormula(formula));
  } catch {
    return false;
  }
  for (;;) {
    if (e.type === "call" && e.name === "TRANSPOSE" && e.args.length === 1 && e.args[0] !== null) {
      e = unparen(e.args[0]);
      continue;
    }
    break;
  }
  switch (e.type) {
    case "number":
    case "binary":
      return e.type === "number" || ["+", "-", "*", "/", "^"].includes(e.op);
    case "unary":
    case "percent":
      return true;
    case "call": {
      const ai = aipriceName(e);
      if (ai !== null) return !TABLE_FUNCTIONS.has(ai);
      return e.name === "SEQUENCE" || givesNumber(e.name);
    }
    default:
      return false;
  }
}

/** The column letters of a 0-based column (re-exported for the copy's labels). */
export { columnLetters };
