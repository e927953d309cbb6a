/**
 * The shareable copy as a sheet plan: a pure function from what a comparison sheet holds now (its
 * contents as typed, its values, its names, and the add-in's plan of it for the formats) to a new
 * sheet with the same layout, labels and formats in which every AIPRICE call is native Excel (or, on
 * request, every formula is its value). The inputs stay live; the add-in's bookkeeping (the hidden id
 * row, the key column and its notes) is left out, and the copy is not one of the add-in's sheets.
 */
import { cellAddress, parseSheetReference, parseRange } from "../a1";
import { ComparisonProblem } from "../comparison/request";
import { CellValue, isCellError, isFormulaCell, sameSheetName, TypedCell } from "../port";
import { planCells, PlainSheetPlan, PlanBlock, PlanCell, PlanName, SheetPlan, StyleName } from "../sheet-plan";
import type { ComparisonLayout } from "../sheet-plan";
import { givesOnlyNumbers, KeepValue, NameTarget, SheetSource, Translation, Translator, Workings } from "./translate";

export interface CopySource {
  sheetName: string;
  /**
   * Contents with their kinds as the workbook types them, [row][col] from A1: a formula, a constant, null
   * for empty. A text is a constant whatever it starts with ("=1+1" from a bid file stays text).
   * A values-only copy reads none of them: empty then.
   */
  cells: TypedCell[][];
  /** Values now, [row][col] from A1 (at least as far as the contents). */
  values: CellValue[][];
  /** The names the sheet can use: its own (`sheet` = its name) and the workbook's (`sheet` null). */
  names: { name: string; sheet: string | null; refersTo: string }[];
  /** The add-in's bookkeeping: its hidden id row and its key column (left out of the copy). */
  marker: { row: number; col: number };
  /** The key column is bookkeeping above this row only (below it: the calculation sheet's cells, ./with-calc). */
  bookkeepingRows?: number;
  /** The add-in's plan of the sheet at its current rows and columns (formats, styles, widths, charts), or null. */
  plan: SheetPlan | null;
  /** The workbook's sheets (the copy takes a name none of them has). */
  existingSheets: readonly string[];
  /** A cell's address as the analyst reads it on the copy (./with-calc: the rows of the second sheet named so); default its A1 address. */
  addressOf?: (row: number, col: number) => string;
}

export interface CopyOptions {
  /** Every formula replaced by its value (errors stay errors). */
  valuesOnly?: boolean;
  /** The date the copy is made, YYYY-MM-DD. */
  date: string;
  /** The sheet of the copy that holds its workings, when it is not the copy itself (./with-calc). */
  workingsSheet?: string;
}

export interface CopyResult {
  /** A plain sheet (never marked as the add-in's own comparison: an update or an export never touches it). */
  plan: PlainSheetPlan;
  /** The comparison's cells, at the same addresses in the copy. */
  layout: ComparisonLayout;
  /** Formulas written (native), and cells kept as values with why. */
  formulas: number;
  kept: { cell: string; reason: string }[];
}

/** A free sheet name for the copy: "<name> (shareable)", at most 31 characters. */
export function shareableSheetName(source: string, existing: readonly string[]): string {
  const taken = (n: string) => existing.some((e) => sameSheetName(e, n));
  for (let k = 1; k < 1000; k++) {
    const suffix = k === 1 ? " (shareable)" : ` (shareable ${k})`;
    const name = `${source.slice(0, 31 - suffix.length)}${suffix}`;
    if (!taken(name)) return name;
  }
  throw new Error("no free sheet name for the copy");
}

/** A value as a cell of the plan: text stays text; an error stays an error (a formula giving it). */
function valueCell(v: CellValue, decor: Decor | undefined): PlanCell | null {
  if (v === null) return null;
  if (isCellError(v)) return { kind: "formula", formula: errorFormula(v.error), ...styling(decor) };
  return constantCell(v, decor);
}

/** A constant as a cell of the plan: a text is written as text (both ports keep "=..." text as text). */
function constantCell(v: number | string | boolean, decor: Decor | undefined): PlanCell {
  if (decor === undefined && typeof v === "number") return { kind: "number", value: v };
  const d = styling(decor);
  if (typeof v === "number") return { kind: "number", value: v, ...d };
  if (typeof v === "boolean") return { kind: "boolean", value: v, ...d };
  return { kind: "text", value: v, ...d };
}

const NO_STYLING: { format?: string; style?: StyleName } = Object.freeze({});

function styling(decor: Decor | undefined): { format?: string; style?: StyleName } {
  // Most cells of a large copy (the drawn scenarios) have no decor of their own: no object made for them.
  if (!decor || (!decor.format && !decor.style)) return NO_STYLING;
  return { ...(decor.format ? { format: decor.format } : {}), ...(decor.style ? { style: decor.style } : {}) };
}

const KNOWN_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);
function errorFormula(code: string): string {
  return `=${KNOWN_ERRORS.has(code) ? code : "#VALUE!"}`;
}

interface Decor {
  format?: string;
  style?: StyleName;
}

/** A cell's position as one number (row x 2^20 + column): cheaper than a string key over a million cells. */
const ROW_STRIDE = 1 << 20;
const key = (r: number, c: number) => r * ROW_STRIDE + c;

/** Excel's grid: the copy never plans a cell beyond it. */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

/** What every phase of the copy reads of the source: its typed cells (bookkeeping left out) and values. */
interface Source {
  src: CopySource;
  rows: number;
  width: number;
  cell(r: number, c: number): TypedCell;
  value(r: number, c: number): CellValue;
  bookkeeping(r: number, c: number): boolean;
  decor: Map<number, Decor>;
}

function readSource(src: CopySource): Source {
  const decor = new Map<number, Decor>();
  if (src.plan) for (const { row, col, cell } of planCells(src.plan)) if (cell.format || cell.style) decor.set(key(row, col), { format: cell.format, style: cell.style });
  const bookkeeping = (r: number, c: number) => r === src.marker.row || (c === src.marker.col && r < (src.bookkeepingRows ?? Number.POSITIVE_INFINITY));
  return {
    src,
    // A values-only copy needs no contents (src.cells may be empty then): its rows are the values'.
    rows: Math.max(src.cells.length, src.values.length),
    width: Math.max(0, ...src.cells.map((r) => r.length)),
    cell: (r, c) => (bookkeeping(r, c) ? null : (src.cells[r]?.[c] ?? null)),
    value: (r, c) => src.values[r]?.[c] ?? null,
    bookkeeping,
    decor,
  };
}

/** The formula of a cell as the workbook typed it, or null (a text starting with "=" is not one). */
function formulaAt(s: Source, r: number, c: number): string | null {
  const x = s.cell(r, c);
  return isFormulaCell(x) && x.formula.length > 1 ? x.formula : null;
}

/**
 * Names: the sheet's own single-cell names are made again on the copy (formulas keep them); the
 * workbook's keep working from any sheet. The add-in's marker names are left out.
 */
function namesOf(src: CopySource): { targets: Map<string, NameTarget & { scope: "sheet" | "workbook" }>; copyNames: PlanName[] } {
  const targets = new Map<string, NameTarget & { scope: "sheet" | "workbook" }>();
  const copyNames: PlanName[] = [];
  const comments = new Map((src.plan?.names ?? []).map((n) => [n.name.toUpperCase(), n.comment]));
  for (const n of src.names) {
    if (/^AIPRICE_Comparison/i.test(n.name)) continue;
    const ref = parseSheetReference(n.refersTo);
    if (!ref) continue;
    let range;
    try {
      range = parseRange(ref.address.replace(/\$/g, ""));
    } catch {
      continue;
    }
    const scope = n.sheet !== null && sameSheetName(n.sheet, src.sheetName) ? "sheet" : n.sheet === null ? "workbook" : null;
    if (scope === null) continue;
    const upper = n.name.toUpperCase();
    if (scope === "sheet" || !targets.has(upper)) targets.set(upper, { sheet: ref.sheet, range, scope });
    const single = range.start.row === range.end.row && range.start.col === range.end.col;
    if (scope === "sheet" && single && sameSheetName(ref.sheet, src.sheetName)) copyNames.push({ name: n.name, address: cellAddress(range.start), comment: comments.get(upper) ?? "" });
  }
  return { targets, copyNames };
}

/** What the translator reads of the sheet, but which cells compute numbers (found next). */
function sheetSource(s: Source, names: ReturnType<typeof namesOf>): Omit<SheetSource, "isNumeric"> {
  const kept = new Set(names.copyNames.map((n) => n.name.toUpperCase()));
  return {
    sheet: s.src.sheetName,
    content: (r, c) => {
      const x = s.cell(r, c);
      return x === null ? null : isFormulaCell(x) ? x.formula : x.constant;
    },
    value: s.value,
    name: (n: string) => names.targets.get(n.toUpperCase()) ?? null,
    keepsName: (n: string) => kept.has(n.toUpperCase()) || names.targets.get(n.toUpperCase())?.scope === "workbook",
    rowLabel: (r: number) => {
      const x = s.cell(r, 0);
      return x !== null && !isFormulaCell(x) && typeof x.constant === "string" ? x.constant : "";
    },
  };
}

/** Which cells compute numbers: formulas that give only numbers, and the cells they spill into. */
function numericCells(s: Source, base: Omit<SheetSource, "isNumeric">): Set<number> {
  const numeric = new Set<number>();
  const firstPass = new Translator({ ...base, isNumeric: (r, c) => numeric.has(key(r, c)) }, new Workings(1_000_000));
  const formulaCells: { row: number; col: number; text: string }[] = [];
  for (let r = 0; r < s.rows; r++)
    for (let c = 0; c < s.width; c++) {
      const f = formulaAt(s, r, c);
      if (f !== null) formulaCells.push({ row: r, col: c, text: f });
    }
  for (const f of formulaCells) if (givesOnlyNumbers(f.text)) numeric.add(key(f.row, f.col));
  for (const f of formulaCells) {
    if (!numeric.has(key(f.row, f.col))) continue;
    const t = firstPass.formula(f.text, f.row, f.col);
    const spill = t.kind === "formula" ? t.spill : null;
    if (spill) for (let i = 0; i < spill.rows; i++) for (let j = 0; j < spill.cols; j++) numeric.add(key(f.row + i, f.col + j));
  }
  return numeric;
}

/** The copy's cells as they are planned: each cell once, a spill's area reserved for it. */
class Placement {
  /** The cells planned, [row][col] (rows of a large copy are dense: cheaper than a map of a million keys). */
  readonly rows: (PlanCell | undefined)[][] = [];
  readonly covered = new Set<number>();
  readonly kept: { cell: string; reason: string }[] = [];
  formulas = 0;
  place(r: number, c: number, cell: PlanCell | null): void {
    if (!cell) return;
    if (r < 0 || c < 0 || r >= EXCEL_ROWS || c >= EXCEL_COLUMNS) throw new ComparisonProblem([`the copy would need cell ${cellAddress({ row: Math.min(r, EXCEL_ROWS), col: Math.min(c, EXCEL_COLUMNS) })}, beyond Excel's grid; nothing was changed`]);
    (this.rows[r] ??= [])[c] = cell;
  }
  /** Is every cell of the area free (neither planned nor covered by another spill), the anchor's aside? */
  free(r: number, c: number, rows: number, cols: number): boolean {
    if (r + rows > EXCEL_ROWS || c + cols > EXCEL_COLUMNS) return false;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if ((i || j) && (this.rows[r + i]?.[c + j] !== undefined || this.covered.has(key(r + i, c + j)))) return false;
    return true;
  }
  cover(r: number, c: number, rows: number, cols: number): void {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i || j) this.covered.add(key(r + i, c + j));
  }
}

/** Values only: every cell its value now (errors stay errors, text stays text). */
function placeValues(s: Source, at: Placement): void {
  const { marker } = s.src;
  for (let r = 0; r < s.src.values.length; r++) {
    if (r === marker.row) continue;
    const line = s.src.values[r] ?? [];
    for (let c = 0; c < line.length; c++) {
      const v = line[c];
      if (v === null || v === undefined || c === marker.col) continue;
      at.place(r, c, valueCell(v, s.decor.get(key(r, c))));
    }
  }
}

/**
 * Formulas in native form, constants as they are. A translation whose result would spill over a cell
 * already planned, or whose source shows #SPILL!, keeps its value instead: nothing is written over.
 */
function placeTranslated(s: Source, translator: Translator, at: Placement): void {
  for (let r = 0; r < s.rows; r++)
    for (let c = 0; c < s.width; c++) {
      if (at.covered.has(key(r, c))) continue;
      const x = s.cell(r, c);
      const d = s.decor.get(key(r, c));
      const f = formulaAt(s, r, c);
      if (x === null) continue;
      if (f === null) {
        if (!isFormulaCell(x) && x.constant !== "") at.place(r, c, constantCell(x.constant, d));
        continue;
      }
      placeFormula(s, translator.formula(f, r, c), r, c, d, at);
    }
}

function placeFormula(s: Source, t: Translation, r: number, c: number, d: Decor | undefined, at: Placement): void {
  const keep = (reason: string) => {
    at.place(r, c, valueCell(s.value(r, c), d));
    at.kept.push({ cell: s.src.addressOf?.(r, c) ?? cellAddress({ row: r, col: c }), reason });
  };
  const shape = t.kind === "formula" ? t.spill : t.kind === "numbers" ? { rows: t.values.length, cols: t.values[0]?.length ?? 1 } : null;
  if (t.kind === "values") return keep(t.reason);
  if (shape && (!at.free(r, c, shape.rows, shape.cols) || isBlockedSpill(s.value(r, c)))) return keep("its result would spill over cells that hold something else");
  if (shape) at.cover(r, c, shape.rows, shape.cols);
  if (t.kind === "formula") {
    at.formulas++;
    at.place(r, c, { kind: "formula", formula: t.formula, ...styling(d), ...(t.spill ? { spill: t.spill } : {}) });
    return;
  }
  t.values.forEach((line, i) => line.forEach((v, j) => at.place(r + i, c + j, { kind: "number", value: v, ...styling(d) })));
}

const isBlockedSpill = (v: CellValue) => isCellError(v) && v.error === "#SPILL!";

/** The subtitle, the workings (a heading, what they are, their rows) and the notes. */
function placeAbout(s: Source, workings: Workings, headingRow: number, options: CopyOptions, at: Placement): void {
  const name = s.src.sheetName;
  const title = s.src.plan?.blocks.find((b) => b.id === "title");
  const what = options.valuesOnly
    ? `Values-only copy of “${name}”, made ${options.date} from the AIPRICE add-in's comparison: every figure is the value it had then (nothing recomputes). Opens in any spreadsheet without the add-in.`
    : `Shareable copy of “${name}”, made ${options.date}: native Excel formulas (Excel 2016 and later) compute the same figures as the AIPRICE add-in, so it opens without the add-in. Orange cells are inputs: change any of them and every figure recomputes. How it works: the rows at the bottom${options.workingsSheet ? ` of “${options.workingsSheet}”` : ""}.`;
  if (title) {
    const top = parseRange(title.topLeft).start;
    at.place(top.row + 1, top.col, { kind: "text", value: what, style: "subtitle" });
  }
  const notes: string[] = [];
  if (!options.valuesOnly) {
    const fixedSeeds = [...workings.shared.keys()].map((k) => k.split("|")).map(([count, seed]) => `seed ${seed} (${Number(count).toLocaleString("en-US")} draws)`);
    if (fixedSeeds.length > 0)
      notes.push(
        `The drawn scenarios use the ranks written in the workings for ${[...new Set(fixedSeeds)].join(", ")}: the seed and the number of draws are fixed in this copy (the add-in reorders the draws for another seed; here a draw whose seed or count changes shows #N/A).`,
      );
    for (const k of at.kept) notes.push(`${k.cell} holds the value it had on ${options.date}, not a formula: ${k.reason}.`);
  }
  at.place(headingRow, 0, { kind: "text", value: options.valuesOnly ? "About this copy" : "How this copy computes without the add-in", style: "section" });
  const about = options.valuesOnly
    ? `Made from “${name}” on ${options.date}. Every cell holds a value: to recompute, open the add-in's comparison sheet, or make a shareable copy with formulas.`
    : `Each AIPRICE function of “${name}” is written here in Excel's own functions (IF, BETA.INV, SUMPRODUCT, COUNTIF ...) with the same checks: where the add-in shows #NUM! or #DIV/0!, so does this copy. Formulas that spill are array formulas over fixed ranges. The rows below are the workings these formulas refer to.`;
  at.place(headingRow + 1, 0, { kind: "text", value: about, style: "note" });
  for (const w of workings.rows) {
    if (w.label) at.place(w.row, 0, { kind: "text", value: w.label, style: "note" });
    for (const [c, cell] of w.cells) at.place(w.row, c, cell);
  }
  notes.forEach((n, i) => at.place(workings.end + 1 + i, 0, { kind: "text", value: n, style: "warning" }));
}

/**
 * The shareable copy, planned whole before anything is written: the source read by kind, its names, the
 * cells that compute numbers, every cell placed once (a spill never over another cell), the workings and
 * notes. Throws ComparisonProblem when the copy cannot be planned (nothing is written then).
 */
export function planShareableCopy(src: CopySource, options: CopyOptions): CopyResult {
  const sheetName = shareableSheetName(src.sheetName, src.existingSheets);
  const s = readSource(src);
  const names = namesOf(src);
  const base = sheetSource(s, names);
  const at = new Placement();
  // The workings start two rows below the sheet's last row: a heading, a note, a blank row, then the rows.
  const headingRow = s.rows + 1;
  const workings = new Workings(headingRow + 3);
  if (options.valuesOnly) placeValues(s, at);
  else {
    const numeric = numericCells(s, base);
    placeTranslated(s, new Translator({ ...base, isNumeric: (r, c) => numeric.has(key(r, c)) }, workings), at);
  }
  placeAbout(s, workings, headingRow, options, at);
  const plan: PlainSheetPlan = {
    sheetName,
    blocks: blocksOf(at.rows),
    names: names.copyNames,
    columnWidths: src.plan?.columnWidths ?? [{ column: "A", points: 230 }],
    hiddenColumns: src.plan?.hiddenColumns ?? [],
    hiddenRows: src.plan?.hiddenRows ?? [src.marker.row],
    charts: src.plan?.charts.map((c) => ({ ...c })) ?? [],
  };
  const layout = src.plan?.layout ?? (EMPTY_LAYOUT as ComparisonLayout);
  return { plan, layout, formulas: at.formulas, kept: options.valuesOnly ? [] : at.kept };
}

const EMPTY_LAYOUT = {
  scenario: {},
  bids: [],
  rates: { rates: "", count: 0, first: 0, step: 0, cheapest: "", changes: "", rangeFrom: "", rangeTo: "", rangeBid: "" },
  draws: { count: 0, conversations: "", humanCost: "", tokens: "" },
  questions: [],
  meta: "",
};

/** The cells as blocks: each row's runs of cells (a gap of more than 8 empty cells starts a new block). */
function blocksOf(rows: readonly (PlanCell | undefined)[][]): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  // forEach passes over the rows nothing was planned on.
  rows.forEach((line, r) => {
    let run: (PlanCell | null)[] = [];
    let first = -1;
    let last = -1;
    const close = () => {
      if (run.length > 0) blocks.push({ id: "shareable", topLeft: cellAddress({ row: r, col: first }), cells: [run] });
    };
    for (let c = 0; c < line.length; c++) {
      const cell = line[c];
      if (cell === undefined) continue;
      if (run.length > 0 && c - last <= 9) {
        for (let k = last + 1; k < c; k++) run.push(null);
      } else {
        close();
        run = [];
        first = c;
      }
      run.push(cell);
      last = c;
    }
    close();
  });
  return blocks;
}

export { KeepValue };
