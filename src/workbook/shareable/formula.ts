/**
 * Excel formula text as a tree, and back: the part of Excel's grammar that formulas written through
 * Range.formulas use (English function names, commas between arguments). More:
 * docs/modules.md#workbook-shareable-formula.
 */
import { columnIndex, columnLetters } from "../a1";

export interface CellRef {
  row: number;
  col: number;
  absRow: boolean;
  absCol: boolean;
}

export type Expr =
  | { type: "number"; value: number }
  | { type: "string"; value: string }
  | { type: "boolean"; value: boolean }
  | { type: "error"; code: string }
  /** A cell or a rectangle of cells; `end` is null for one cell. */
  | { type: "ref"; sheet: string | null; start: CellRef; end: CellRef | null }
  /** Whole columns (A:C) or whole rows (1:3): `from`/`to` are 0-based indexes. */
  | { type: "lines"; sheet: string | null; kind: "columns" | "rows"; from: number; to: number; absFrom: boolean; absTo: boolean }
  | { type: "name"; sheet: string | null; name: string }
  /** A call; an omitted argument is null (F(1,,3)). The name is upper case (AIPRICE.COST_PER_RESOLUTION). */
  | { type: "call"; name: string; args: (Expr | null)[] }
  | { type: "unary"; op: "-" | "+" | "@"; arg: Expr }
  | { type: "percent"; arg: Expr }
  | { type: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { type: "paren"; inner: Expr }
  | { type: "array"; rows: Expr[][] };

export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "&" | "=" | "<>" | "<" | ">" | "<=" | ">=";

export class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = "FormulaSyntaxError";
  }
}

/** The error values Excel knows, as written in formulas. */
export const ERROR_LITERALS = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"];

type Token = { t: "num"; v: number; at: number } | { t: "str"; v: string; at: number } | { t: "err"; v: string; at: number } | { t: "op"; v: string; at: number } | { t: "word"; v: string; sheet: string | null; at: number } | { t: "end"; at: number };

const CELL = /^\$?[A-Za-z]{1,3}\$?\d+$/;

/** The text between the quotes that open at `at` (a doubled quote is one), and where it ends. */
function readQuoted(text: string, at: number, what: string): { value: string; end: number } {
  const quote = text[at];
  let value = "";
  let i = at + 1;
  for (;;) {
    if (i >= text.length) throw new FormulaSyntaxError(`${what} in quotes is not closed`, at);
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return { value, end: i + 1 };
      value += quote;
      i += 2;
      continue;
    }
    value += text[i++];
  }
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    const at = i;
    if (ch === '"') {
      const q = readQuoted(text, at, "a text");
      out.push({ t: "str", v: q.value, at });
      i = q.end;
      continue;
    }
    if (ch === "#") {
      const upper = text.slice(i).toUpperCase();
      const e = ERROR_LITERALS.find((x) => upper.startsWith(x));
      if (!e) throw new FormulaSyntaxError(`unknown error value at "${text.slice(i, i + 8)}"`, at);
      out.push({ t: "err", v: e, at });
      i += e.length;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    // A number, unless it starts a row range (1:3) or is part of a word (handled below).
    if (num && !/^\d+:\$?\d/.test(text.slice(i))) {
      out.push({ t: "num", v: Number(num[0]), at });
      i += num[0].length;
      continue;
    }
    if (ch === "'") {
      // 'Sheet name'!
      const q = readQuoted(text, at, "a sheet name");
      const s = q.value;
      i = q.end;
      if (text[i] !== "!") throw new FormulaSyntaxError(`'${s}' must be followed by ! and a reference`, at);
      i++;
      const word = readWord(text, i);
      if (!word) throw new FormulaSyntaxError(`a reference must follow '${s}'!`, i);
      out.push({ t: "word", v: word, sheet: s, at });
      i += word.length;
      continue;
    }
    const word = readWord(text, i);
    if (word) {
      i += word.length;
      if (text[i] === "!" && !CELL.test(word)) {
        // Sheet1!A1
        i++;
        const target = readWord(text, i);
        if (!target) throw new FormulaSyntaxError(`a reference must follow ${word}!`, i);
        out.push({ t: "word", v: target, sheet: word, at });
        i += target.length;
        continue;
      }
      out.push({ t: "word", v: word, sheet: null, at });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      out.push({ t: "op", v: two, at });
      i += 2;
      continue;
    }
    if ("+-*/^&=<>%(),;{}:@".includes(ch)) {
      out.push({ t: "op", v: ch, at });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected "${ch}"`, at);
  }
  out.push({ t: "end", at: n });
  return out;
}

/**
 * A word: a cell (A1, $B$2), a range written as one word (A1:B2, A:C, 1:3), a name or a function name
 * (letters, digits, _ . and \ ; a name may not look like a cell).
 */
function readWord(text: string, i: number): string | null {
  const rest = text.slice(i);
  const range = /^(?:\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_.(])/.exec(rest);
  if (range) return range[0];
  const m = /^[A-Za-z_\\$][A-Za-z0-9_.\\$]*/.exec(rest);
  return m ? m[0] : null;
}

function parseCellRef(word: string): CellRef {
  const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/.exec(word)!;
  return { absCol: m[1] === "$", col: columnIndex(m[2]), absRow: m[3] === "$", row: Number(m[4]) - 1 };
}

/** Excel's operator precedence, highest binding tightest. */
const PRECEDENCE: Record<BinaryOp, number> = { "=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5 };
const PERCENT_PRECEDENCE = 6;
const UNARY_PRECEDENCE = 7;
const ATOM_PRECEDENCE = 8;

/**
 * How deep formula text may nest (operators, parentheses, calls and signs counted alike). Excel allows 64
 * levels of functions in 8,192 characters; the add-in's own formulas stay far below this. Deeper text is a
 * FormulaSyntaxError with this limit in its message, never a stack overflow in the parser, the printer or
 * the translator (which all walk the tree recursively, at most this deep).
 */
export const MAX_FORMULA_DEPTH = 256;

function tooDeep(at: number): FormulaSyntaxError {
  return new FormulaSyntaxError(`the formula nests more than ${MAX_FORMULA_DEPTH} levels deep (operators, parentheses and functions); the add-in does not read formulas this deep`, at);
}

/** The depth of a tree (a leaf is 1), counted with an explicit stack. */
export function treeDepth(root: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    for (const child of children(e)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** The direct subtrees of a node. */
function children(e: Expr): Expr[] {
  switch (e.type) {
    case "call":
      return e.args.filter((a): a is Expr => a !== null);
    case "unary":
    case "percent":
      return [e.arg];
    case "binary":
      return [e.left, e.right];
    case "paren":
      return [e.inner];
    case "array":
      return e.rows.flat();
    default:
      return [];
  }
}

class Parser {
  private k = 0;
  /** How many operands deep the parser is (each parenthesis, argument and sign is one more). */
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.k];
  }
  private next(): Token {
    return this.tokens[this.k++];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new FormulaSyntaxError(`expected "${v}" at position ${t.at + 1}`, t.at);
  }

  parseFormula(): Expr {
    const e = this.parseExpr(1);
    const t = this.peek();
    if (t.t !== "end") throw new FormulaSyntaxError(`unexpected "${this.text.slice(t.at, t.at + 10)}" at position ${t.at + 1}`, t.at);
    return e;
  }

  private parseExpr(min: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.t !== "op") break;
      const op = t.v as BinaryOp;
      const p = PRECEDENCE[op];
      if (p === undefined || p < min) break;
      this.next();
      const right = this.parseExpr(p + 1); // every binary operator is left-associative in Excel
      left = { type: "binary", op, left, right };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (++this.depth > MAX_FORMULA_DEPTH) throw tooDeep(this.peek().at);
    try {
      return this.parseOperand();
    } finally {
      this.depth--;
    }
  }

  private parseOperand(): Expr {
    const t = this.peek();
    if (t.t === "op" && (t.v === "-" || t.v === "+" || t.v === "@")) {
      this.next();
      return this.postfix({ type: "unary", op: t.v, arg: this.parseUnary() });
    }
    return this.postfix(this.parseAtom());
  }

  private postfix(e: Expr): Expr {
    while (this.isOp("%")) {
      this.next();
      e = { type: "percent", arg: e };
    }
    return e;
  }

  private parseAtom(): Expr {
    const t = this.next();
    switch (t.t) {
      case "num":
        return { type: "number", value: t.v };
      case "str":
        return { type: "string", value: t.v };
      case "err":
        return { type: "error", code: t.v };
      case "word":
        return this.word(t);
      case "op":
        if (t.v === "(") {
          const inner = this.parseExpr(1);
          this.expect(")");
          return { type: "paren", inner };
        }
        if (t.v === "{") return this.arrayConstant();
        throw new FormulaSyntaxError(`unexpected "${t.v}" at position ${t.at + 1}`, t.at);
      case "end":
        throw new FormulaSyntaxError("the formula ends too early", t.at);
    }
  }

  private arrayConstant(): Expr {
    const rows: Expr[][] = [[]];
    for (;;) {
      let sign = 1;
      while (this.isOp("-") || this.isOp("+")) {
        if (this.isOp("-")) sign = -sign;
        this.next();
      }
      const t = this.next();
      let item: Expr;
      if (t.t === "num") item = { type: "number", value: sign * t.v };
      else if (t.t === "str") item = { type: "string", value: t.v };
      else if (t.t === "err") item = { type: "error", code: t.v };
      else if (t.t === "word" && /^(TRUE|FALSE)$/i.test(t.v) && t.sheet === null) item = { type: "boolean", value: t.v.toUpperCase() === "TRUE" };
      else throw new FormulaSyntaxError(`an array constant holds only numbers, text, TRUE/FALSE and errors (position ${t.at + 1})`, t.at);
      rows[rows.length - 1].push(item);
      const sep = this.next();
      if (sep.t === "op" && sep.v === ",") continue;
      if (sep.t === "op" && sep.v === ";") {
        rows.push([]);
        continue;
      }
      if (sep.t === "op" && sep.v === "}") break;
      throw new FormulaSyntaxError(`expected , ; or } in an array constant (position ${sep.at + 1})`, sep.at);
    }
    const width = rows[0].length;
    if (rows.some((r) => r.length !== width)) throw new FormulaSyntaxError("the rows of an array constant must have the same length", 0);
    return { type: "array", rows };
  }

  private word(t: Extract<Token, { t: "word" }>): Expr {
    const w = t.v;
    if (this.isOp("(") && t.sheet === null) {
      this.next();
      const args: (Expr | null)[] = [];
      if (this.isOp(")")) {
        this.next();
        return { type: "call", name: w.toUpperCase(), args };
      }
      for (;;) {
        if (this.isOp(",") || this.isOp(")")) args.push(null);
        else args.push(this.parseExpr(1));
        const sep = this.next();
        if (sep.t === "op" && sep.v === ",") continue;
        if (sep.t === "op" && sep.v === ")") break;
        throw new FormulaSyntaxError(`expected , or ) in the arguments of ${w} (position ${sep.at + 1})`, sep.at);
      }
      return { type: "call", name: w.toUpperCase(), args };
    }
    const sheet = t.sheet;
    if (CELL.test(w)) {
      const start = parseCellRef(w);
      // A1:B2 written with the colon as its own token (A1 : B2, or A1:$B$2 after a sheet).
      if (this.isOp(":")) {
        const after = this.tokens[this.k + 1];
        if (after && after.t === "word" && CELL.test(after.v) && after.sheet === null) {
          this.next();
          this.next();
          return { type: "ref", sheet, start, end: parseCellRef(after.v) };
        }
      }
      return { type: "ref", sheet, start, end: null };
    }
    let m = /^(\$?[A-Za-z]{1,3}\$?\d+):(\$?[A-Za-z]{1,3}\$?\d+)$/.exec(w);
    if (m) return { type: "ref", sheet, start: parseCellRef(m[1]), end: parseCellRef(m[2]) };
    m = /^(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})$/.exec(w);
    if (m) return { type: "lines", sheet, kind: "columns", absFrom: m[1] === "$", from: columnIndex(m[2]), absTo: m[3] === "$", to: columnIndex(m[4]) };
    m = /^(\$?)(\d+):(\$?)(\d+)$/.exec(w);
    if (m) return { type: "lines", sheet, kind: "rows", absFrom: m[1] === "$", from: Number(m[2]) - 1, absTo: m[3] === "$", to: Number(m[4]) - 1 };
    if (sheet === null && /^(TRUE|FALSE)$/i.test(w)) return { type: "boolean", value: w.toUpperCase() === "TRUE" };
    return { type: "name", sheet, name: w };
  }
}

/** Parses formula text ("=..." or without the "="). Throws FormulaSyntaxError. */
export function parseFormula(formula: string): Expr {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  const tree = new Parser(tokenize(body), body).parseFormula();
  // A long chain of one operator (1+1+...+1) is deep without the parser going deep: counted here.
  if (treeDepth(tree) > MAX_FORMULA_DEPTH) throw tooDeep(0);
  return tree;
}

// ---------------------------------------------------------------------------------------------
// Printing

/** A sheet name as a formula writes it. */
export function sheetPrefix(sheet: string | null): string {
  if (sheet === null) return "";
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet) && !/^(TRUE|FALSE)$/i.test(sheet);
  return plain ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}

export function cellRefText(c: CellRef): string {
  return `${c.absCol ? "$" : ""}${columnLetters(c.col)}${c.absRow ? "$" : ""}${c.row + 1}`;
}

/** A number as formula text: the shortest text that reads back as the same number. */
export function numberText(x: number): string {
  if (Object.is(x, -0)) return "0";
  // JavaScript writes 1e+21 and 1e-7 in exponent form, which Excel, LibreOffice and HyperFormula read
  // (HyperFormula not with a capital E).
  return String(x);
}

function precedence(e: Expr): number {
  switch (e.type) {
    case "binary":
      return PRECEDENCE[e.op];
    case "percent":
      return PERCENT_PRECEDENCE;
    case "unary":
      return UNARY_PRECEDENCE;
    case "number":
      return e.value < 0 ? UNARY_PRECEDENCE : ATOM_PRECEDENCE;
    default:
      return ATOM_PRECEDENCE;
  }
}

/**
 * Formula text of a tree (without the "="). Parentheses written in the formula are kept; trees built
 * by code get the parentheses Excel's precedence needs, so the text means the tree.
 */
export function printFormula(e: Expr): string {
  switch (e.type) {
    case "number":
      return numberText(e.value);
    case "string":
      return `"${e.value.replace(/"/g, '""')}"`;
    case "boolean":
      // TRUE() and FALSE(): every spreadsheet reads them (HyperFormula does not read TRUE alone).
      return e.value ? "TRUE()" : "FALSE()";
    case "error":
      return e.code;
    case "ref":
      return `${sheetPrefix(e.sheet)}${cellRefText(e.start)}${e.end ? `:${cellRefText(e.end)}` : ""}`;
    case "lines": {
      const at = (x: number, abs: boolean) => `${abs ? "$" : ""}${e.kind === "columns" ? columnLetters(x) : String(x + 1)}`;
      return `${sheetPrefix(e.sheet)}${at(e.from, e.absFrom)}:${at(e.to, e.absTo)}`;
    }
    case "name":
      return `${sheetPrefix(e.sheet)}${e.name}`;
    case "call":
      return `${e.name}(${e.args.map((a) => (a === null ? "" : printFormula(a))).join(", ")})`;
    case "unary": {
      const inner = printFormula(e.arg);
      const wrapped = precedence(e.arg) < UNARY_PRECEDENCE ? `(${inner})` : inner;
      // "--x" and "- -x" mean the same; a space keeps "-" "-1" from reading as one token pair oddly.
      return `${e.op}${wrapped}`;
    }
    case "percent": {
      const inner = printFormula(e.arg);
      return `${precedence(e.arg) < PERCENT_PRECEDENCE ? `(${inner})` : inner}%`;
    }
    case "binary": {
      const p = PRECEDENCE[e.op];
      const l = printFormula(e.left);
      const r = printFormula(e.right);
      const left = precedence(e.left) < p ? `(${l})` : l;
      const right = precedence(e.right) <= p ? `(${r})` : r;
      return `${left}${e.op}${right}`;
    }
    case "paren":
      return `(${printFormula(e.inner)})`;
    case "array":
      return `{${e.rows.map((r) => r.map(printFormula).join(",")).join(";")}}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Building trees

export const num = (value: number): Expr => ({ type: "number", value });
export const str = (value: string): Expr => ({ type: "string", value });
export const bool = (value: boolean): Expr => ({ type: "boolean", value });
export const err = (code: string): Expr => ({ type: "error", code });
export const call = (name: string, ...args: (Expr | null)[]): Expr => ({ type: "call", name, args });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ type: "binary", op, left, right });
export const neg = (arg: Expr): Expr => ({ type: "unary", op: "-", arg });
export const IF = (cond: Expr, then: Expr, otherwise: Expr): Expr => call("IF", cond, then, otherwise);
/** A sum of terms (a + b + c), or 0 for none. */
export function sum(terms: Expr[]): Expr {
  if (terms.length === 0) return num(0);
  return terms.reduce((a, b) => bin("+", a, b));
}

/** A reference to one cell (0-based position). */
export function cellRef(row: number, col: number, abs: { row?: boolean; col?: boolean } = {}, sheet: string | null = null): Expr {
  return { type: "ref", sheet, start: { row, col, absRow: abs.row ?? false, absCol: abs.col ?? false }, end: null };
}

/** A reference to a rectangle (0-based, inclusive). */
export function rangeRef(r0: number, c0: number, r1: number, c1: number, abs: { row?: boolean; col?: boolean } = {}, sheet: string | null = null): Expr {
  const a = { absRow: abs.row ?? false, absCol: abs.col ?? false };
  if (r0 === r1 && c0 === c1) return cellRef(r0, c0, abs, sheet);
  return { type: "ref", sheet, start: { row: r0, col: c0, ...a }, end: { row: r1, col: c1, ...a } };
}

/** Strips the parentheses written around an expression. */
export function unparen(e: Expr): Expr {
  while (e.type === "paren") e = e.inner;
  return e;
}

/** Every node of a tree, parents before children. */
export function* walk(e: Expr | null): Generator<Expr> {
  if (e === null) return;
  yield e;
  switch (e.type) {
    case "call":
      for (const a of e.args) yield* walk(a);
      break;
    case "unary":
    case "percent":
      yield* walk(e.arg);
      break;
    case "binary":
      yield* walk(e.left);
      yield* walk(e.right);
      break;
    case "paren":
      yield* walk(e.inner);
      break;
    case "array":
      for (const r of e.rows) for (const x of r) yield* walk(x);
      break;
    default:
      break;
  }
}

/** The AIPRICE namespace prefix, as the functions are written on a sheet. */
export const AIPRICE_PREFIX = "AIPRICE.";

/** The AIPRICE function a call names (COST_PER_RESOLUTION), or null for any other call. */
export function aipriceName(e: Expr): string | null {
  if (e.type !== "call") return null;
  // Excel 365 may show a custom function with its add-in prefix (_xldudf_) in files; the sheet shows AIPRICE.
  const name = e.name.replace(/^_XLDUDF_/, "");
  return name.startsWith(AIPRICE_PREFIX) ? name.slice(AIPRICE_PREFIX.length) : null;
}

/** Does the tree call any AIPRICE function? */
export function callsAiprice(e: Expr | null): boolean {
  for (const x of walk(e)) if (aipriceName(x) !== null) return true;
  return false;
}
