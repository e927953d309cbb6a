/**
 * The embedded workbook: a WorkbookPort over HyperFormula (a real formula engine) with the AIPRICE
 * functions registered, for running and testing the builder without Excel, and the model behind the
 * workbench's grid.
 *
 * HyperFormula is GPL-3.0: this file is for the tests and the development workbench only. Nothing in
 * src/taskpane may import it (the add-in bundles stay free of HyperFormula).
 *
 * Excel-like choices: dynamic arrays (useArrayArithmetic, formulas spill), values kept at full precision
 * (no display rounding), text written with a leading apostrophe so that it stays text whatever it starts
 * with, names scoped to the sheet, and number formats and styles kept beside the engine (HyperFormula has
 * none) so that the grid can show them.
 */
import { CellError, DetailedCellError, ExportedChange, HyperFormula, SimpleCellAddress } from "hyperformula";
import { FunctionsMetadata, Implementations, registerAiprice } from "../embedded/hyperformula-aiprice";
import { cellAddress, columnIndex, parseCell, parseRange, quoteSheetName } from "./a1";
import { ApplyMode, CellValue, IncompleteUpdate, isCellError, SheetInfo, WorkbookPort, sameSheetName } from "./port";
import { ChartPlan, CellStyle, planCells, SheetPlan, StyleName, STYLES } from "./sheet-plan";

/** The name that marks a sheet as the add-in's own comparison (sheet-scoped, refers to the marker cell). */
export const OWN_SHEET_NAME = "AIPRICE_Comparison";

export interface EmbeddedFunctions {
  metadata: FunctionsMetadata;
  implementations: Implementations;
}

/** What the grid shows for one cell. */
export interface CellView {
  value: CellValue;
  /** The formula as typed ("=..."), or null for a constant or an empty cell. */
  formula: string | null;
  /** The cell's number format, e.g. "0.0%", or null for General. */
  numberFormat: string | null;
  styleName: StyleName | null;
  style: CellStyle | null;
  /** Is this cell part of a spilled result (not its anchor)? */
  spilled: boolean;
}

export interface ChartView extends ChartPlan {
  /**
   * The chart's data as it stands now: the categories as text and as computed, and each series' values
   * (null where the cell holds no number: an error, text or nothing).
   */
  data: {
    categories: string[];
    categoryValues: CellValue[];
    series: { name: string; values: (number | null)[]; hidden: boolean }[];
  };
}

/** What the grid draws for one cell (cellAt): as CellView, without the formula's text. */
export interface CellDisplay {
  value: CellValue;
  /** Does the cell hold a formula (it is the anchor of its spill, if it spills)? */
  hasFormula: boolean;
  numberFormat: string | null;
  styleName: StyleName | null;
  style: CellStyle | null;
  /** Is this cell part of a spilled result (not its anchor)? */
  spilled: boolean;
}

/**
 * One cell in use, for writing the workbook out (usedCells): a constant, or a formula with its computed
 * value. A formula that spills has the size of its spill; the cells it spills into are listed too, with
 * `spilledFrom` set to the anchor's position and no formula.
 */
export interface UsedCell {
  row: number;
  col: number;
  value: CellValue;
  /** The formula as typed ("=..."), on a formula's own cell only. */
  formula: string | null;
  /** For a formula's own cell when it spills: its rows and columns (1 x 1 is not a spill). */
  spill: { rows: number; cols: number } | null;
  spilledFrom: { row: number; col: number } | null;
  numberFormat: string | null;
  styleName: StyleName | null;
}

/** A named expression of the workbook (sheet-scoped when `sheet` is set), e.g. ResolutionRate. */
export interface NameView {
  name: string;
  /** The sheet it is scoped to, or null for a name of the whole workbook. */
  sheet: string | null;
  /** What it refers to, as a formula: "='Bid comparison'!$B$6". */
  expression: string;
}

/** A cell's number format or style as stored beside the engine (formats), 0-based position. */
export interface CellFormatView {
  row: number;
  col: number;
  numberFormat: string | null;
  styleName: StyleName | null;
}

export type WorkbookEvent =
  | { kind: "values"; changes: { sheet: string; address: string; value: CellValue }[] }
  | { kind: "sheets"; sheets: string[] };

export type WorkbookListener = (event: WorkbookEvent) => void;

interface SheetDecor {
  formats: Map<string, { numberFormat?: string; style?: StyleName }>;
  charts: ChartPlan[];
  widths: Map<string, number>;
  hidden: Set<string>;
}

const key = (row: number, col: number) => `${row},${col}`;

function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof DetailedCellError || v instanceof CellError) {
    const e = v as DetailedCellError;
    return { error: e.value ?? `#${String((v as CellError).type)}`, ...(e.message ? { message: e.message } : {}) };
  }
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

export class EmbeddedWorkbook implements WorkbookPort {
  readonly hf: HyperFormula;
  private readonly decor = new Map<number, SheetDecor>();
  private readonly listeners = new Set<WorkbookListener>();

  /**
   * `functions`: the AIPRICE metadata and implementations to register (tests: from the built dist/;
   * the workbench: from src/functions with the CustomFunctions stand-in installed). Without it, the
   * functions registered last (registerAiprice) are used.
   */
  constructor(functions?: EmbeddedFunctions) {
    if (functions) registerAiprice(functions.metadata, functions.implementations);
    this.hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
    this.hf.on("valuesUpdated", (changes: ExportedChange[]) => this.emitValues(changes));
  }

  // -----------------------------------------------------------------------------------------
  // WorkbookPort

  async sheets(): Promise<SheetInfo[]> {
    return this.hf.getSheetNames().map((name) => ({ name, ownComparison: this.isOwn(name) }));
  }

  /**
   * Writes the plan on a new sheet, or, when updating the add-in's own sheet, rewrites that same sheet in
   * place (as OfficeWorkbook does): it is cleared, never removed and added again, so formulas on the
   * user's other sheets that refer to it keep their references and read what the new layout puts there.
   * Its sheet-scoped names that the new plan has are re-pointed, the others removed; the marker stays.
   */
  async apply(plan: SheetPlan, mode: ApplyMode = {}): Promise<void> {
    const hf = this.hf;
    let sheet: number;
    const updating = mode.replace !== undefined;
    if (mode.replace !== undefined) {
      if (!sameSheetName(mode.replace, plan.sheetName)) throw new Error(`the plan is for "${plan.sheetName}", not "${mode.replace}"`);
      sheet = this.sheetId(mode.replace);
      if (!this.isOwn(mode.replace)) throw new Error(`"${mode.replace}" is not the add-in's own comparison sheet; it is never overwritten`);
    } else if (hf.doesSheetExist(plan.sheetName)) {
      throw new Error(`a sheet named "${plan.sheetName}" already exists`);
    } else {
      sheet = hf.getSheetId(hf.addSheet(plan.sheetName))!;
    }
    const name = hf.getSheetName(sheet)!;
    const decor: SheetDecor = { formats: new Map(), charts: plan.charts.map((c) => ({ ...c })), widths: new Map(), hidden: new Set(plan.hiddenColumns) };
    this.decor.set(sheet, decor);
    const quoted = quoteSheetName(name);
    // Sheet-scoped names already there (upper case -> as stored), when updating.
    const existing = new Map(hf.listNamedExpressions(sheet).map((n) => [n.toUpperCase(), n]));
    const keep = new Set([OWN_SHEET_NAME, ...plan.names.map((n) => n.name)].map((n) => n.toUpperCase()));
    const setName = (n: string, expression: string) => {
      const stored = existing.get(n.toUpperCase());
      if (stored !== undefined) hf.changeNamedExpression(stored, expression, sheet);
      else hf.addNamedExpression(n, expression, sheet);
    };
    try {
      hf.batch(() => {
        if (updating) {
          hf.clearSheet(sheet);
          for (const [upper, stored] of existing) if (!keep.has(upper)) hf.removeNamedExpression(stored, sheet);
        }
        for (const n of plan.names) setName(n.name, `=${quoted}!${cellAddress(parseCell(n.address), true)}`);
        for (const { row, col, cell } of planCells(plan)) {
          const address: SimpleCellAddress = { sheet, row, col };
          let raw: string | number | boolean;
          switch (cell.kind) {
            case "number":
            case "boolean":
              raw = cell.value;
              break;
            case "text":
              // The apostrophe keeps it text (=, +, -, @ and all); the value read back has none.
              raw = `'${cell.value}`;
              break;
            case "formula":
              raw = cell.formula;
              break;
          }
          hf.setCellContents(address, [[raw]]);
          if (cell.format !== undefined || cell.style !== undefined) {
            const rows = cell.kind === "formula" && cell.spill ? cell.spill.rows : 1;
            const cols = cell.kind === "formula" && cell.spill ? cell.spill.cols : 1;
            for (let i = 0; i < rows; i++)
              for (let j = 0; j < cols; j++) decor.formats.set(key(row + i, col + j), { numberFormat: cell.format, style: cell.style });
          }
        }
        setName(OWN_SHEET_NAME, `=${quoted}!${cellAddress(parseCell(plan.marker.cell), true)}`);
      });
    } catch (e) {
      if (updating) throw new IncompleteUpdate(name, e);
      throw e;
    }
    for (const w of plan.columnWidths) decor.widths.set(w.column, w.points);
    this.emit({ kind: "sheets", sheets: hf.getSheetNames() });
  }

  async readValues(sheet: string, range: string): Promise<CellValue[][]> {
    return this.values(sheet, range);
  }

  // -----------------------------------------------------------------------------------------
  // For the workbench grid and the tests

  /** Synchronous readValues. */
  values(sheet: string, range: string): CellValue[][] {
    const id = this.sheetId(sheet);
    const r = parseRange(range);
    return this.hf
      .getRangeValues({ start: { sheet: id, row: r.start.row, col: r.start.col }, end: { sheet: id, row: r.end.row, col: r.end.col } })
      .map((row) => row.map(toCellValue));
  }

  /** One computed value. */
  value(sheet: string, address: string): CellValue {
    const p = parseCell(address);
    return toCellValue(this.hf.getCellValue({ sheet: this.sheetId(sheet), ...p }));
  }

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  /** Adds an empty sheet (a user's own sheet); returns its name. */
  addSheet(name: string): string {
    const added = this.hf.addSheet(name);
    this.emit({ kind: "sheets", sheets: this.hf.getSheetNames() });
    return added;
  }

  /** Rows and columns in use (the hidden meta column counts). */
  sheetSize(sheet: string): { rows: number; cols: number } {
    const d = this.hf.getSheetDimensions(this.sheetId(sheet));
    return { rows: d.height, cols: d.width };
  }

  cell(sheet: string, address: string): CellView {
    const id = this.sheetId(sheet);
    const p = parseCell(address);
    const at: SimpleCellAddress = { sheet: id, ...p };
    const formula = this.hf.doesCellHaveFormula(at) ? (this.hf.getCellFormula(at) ?? null) : null;
    const f = this.decor.get(id)?.formats.get(key(p.row, p.col));
    return {
      value: toCellValue(this.hf.getCellValue(at)),
      formula,
      numberFormat: f?.numberFormat ?? null,
      styleName: f?.style ?? null,
      style: f?.style ? STYLES[f.style] : null,
      spilled: !formula && this.hf.isCellPartOfArray(at),
    };
  }

  /**
   * What a user typing into a cell does: "=..." is a formula, "'..." is text, a number is a number,
   * "" or null empties the cell. Recomputes and notifies the listeners.
   */
  setCellInput(sheet: string, address: string, raw: string | number | boolean | null): void {
    const p = parseCell(address);
    this.hf.setCellContents({ sheet: this.sheetId(sheet), ...p }, [[raw === "" ? null : raw]]);
  }

  /** Calls the listener on every change of values or sheets; returns a function that stops it. */
  onChange(listener: WorkbookListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The charts of a sheet with their data as it stands now. */
  charts(sheet: string): ChartView[] {
    const id = this.sheetId(sheet);
    // A row or a column range, read in order.
    const flat = (range: string) => this.values(sheet, range).flat();
    return (this.decor.get(id)?.charts ?? []).map((c) => {
      const categoryValues = flat(c.categories);
      return {
        ...c,
        data: {
          categories: categoryValues.map((v) => (v === null ? "" : isCellError(v) ? v.error : String(v))),
          categoryValues,
          series: c.series.map((s) => ({
            name: s.name,
            values: flat(s.values).map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null)),
            hidden: s.hidden === true,
          })),
        },
      };
    });
  }

  /** Column widths in points (columns not listed have the default width). */
  columnWidths(sheet: string): Record<string, number> {
    return Object.fromEntries(this.decor.get(this.sheetId(sheet))?.widths ?? []);
  }

  hiddenColumns(sheet: string): string[] {
    return [...(this.decor.get(this.sheetId(sheet))?.hidden ?? [])].sort((a, b) => columnIndex(a) - columnIndex(b));
  }

  // -----------------------------------------------------------------------------------------
  // Read-only views for the workbench grid and the .xlsx download (no change to the workbook)

  /**
   * What the grid draws for the cell at a 0-based position: value, format, style, formula or not,
   * spilled or not. Cheaper than cell() (no address to parse, no formula text).
   */
  cellAt(sheet: string, row: number, col: number): CellDisplay {
    const id = this.sheetId(sheet);
    const at: SimpleCellAddress = { sheet: id, row, col };
    const hasFormula = this.hf.doesCellHaveFormula(at);
    const f = this.decor.get(id)?.formats.get(key(row, col));
    return {
      value: toCellValue(this.hf.getCellValue(at)),
      hasFormula,
      numberFormat: f?.numberFormat ?? null,
      styleName: f?.style ?? null,
      style: f?.style ? STYLES[f.style] : null,
      spilled: !hasFormula && this.hf.isCellPartOfArray(at),
    };
  }

  /** Every cell of a sheet that carries a number format or a style (in no particular order). */
  *formats(sheet: string): Generator<CellFormatView> {
    const formats = this.decor.get(this.sheetId(sheet))?.formats;
    if (!formats) return;
    for (const [k, f] of formats) {
      const comma = k.indexOf(",");
      yield { row: Number(k.slice(0, comma)), col: Number(k.slice(comma + 1)), numberFormat: f.numberFormat ?? null, styleName: f.style ?? null };
    }
  }

  /**
   * Every cell in use on a sheet, in no particular order: constants, formulas (with their spill size)
   * and the cells they spill into. Visits only the cells in use, however far apart they are.
   */
  usedCells(sheet: string): UsedCell[] {
    const id = this.sheetId(sheet);
    const hf = this.hf;
    // HyperFormula has no public way to list the cells in use without reading every cell of the used
    // rectangle; its address mapping (internal, present throughout 3.x) lists them, and gives each spill
    // one vertex shared by all its cells, which tells which spill a cell belongs to.
    const mapping = (hf as unknown as { addressMapping?: { sheetEntries?: (sheet: number) => Iterable<[SimpleCellAddress, unknown]> } }).addressMapping;
    if (typeof mapping?.sheetEntries !== "function") throw new Error("this HyperFormula version does not list a sheet's cells (addressMapping.sheetEntries); the workbench needs HyperFormula 3.x");
    const formats = this.decor.get(id)?.formats;
    const out: UsedCell[] = [];
    const anchors = new Map<unknown, UsedCell>();
    const spilled: { cell: UsedCell; vertex: unknown }[] = [];
    for (const [a, vertex] of mapping.sheetEntries(id)) {
      const at: SimpleCellAddress = { sheet: id, row: a.row, col: a.col };
      const hasFormula = hf.doesCellHaveFormula(at);
      const inArray = hf.isCellPartOfArray(at);
      const value = toCellValue(hf.getCellValue(at));
      if (!hasFormula && !inArray && value === null) continue; // an empty cell that a formula refers to
      const f = formats?.get(key(a.row, a.col));
      const cell: UsedCell = {
        row: a.row,
        col: a.col,
        value,
        formula: hasFormula ? (hf.getCellFormula(at) ?? null) : null,
        spill: null,
        spilledFrom: null,
        numberFormat: f?.numberFormat ?? null,
        styleName: f?.style ?? null,
      };
      out.push(cell);
      if (hasFormula && inArray) anchors.set(vertex, cell);
      else if (inArray) spilled.push({ cell, vertex });
    }
    for (const { cell, vertex } of spilled) {
      const anchor = anchors.get(vertex);
      if (!anchor) continue;
      cell.spilledFrom = { row: anchor.row, col: anchor.col };
      const rows = cell.row - anchor.row + 1;
      const cols = cell.col - anchor.col + 1;
      anchor.spill = { rows: Math.max(anchor.spill?.rows ?? 1, rows), cols: Math.max(anchor.spill?.cols ?? 1, cols) };
    }
    return out;
  }

  /** The workbook's named expressions: those of the whole workbook, then each sheet's own. */
  names(): NameView[] {
    const hf = this.hf;
    const out: NameView[] = [];
    const scopes: (number | undefined)[] = [undefined, ...hf.getSheetNames().map((n) => hf.getSheetId(n)!)];
    for (const scope of scopes) {
      for (const name of hf.listNamedExpressions(scope)) {
        const expression = hf.getNamedExpressionFormula(name, scope) ?? String(hf.getNamedExpression(name, scope)?.expression ?? "");
        out.push({ name, sheet: scope === undefined ? null : hf.getSheetName(scope)!, expression });
      }
    }
    return out;
  }

  /** Is the sheet one the add-in built (it carries the add-in's sheet-scoped marker name)? */
  isOwn(sheet: string): boolean {
    if (!this.hf.doesSheetExist(sheet)) return false;
    const id = this.sheetId(sheet);
    return this.hf.listNamedExpressions(id).some((n) => n.toUpperCase() === OWN_SHEET_NAME.toUpperCase());
  }

  destroy(): void {
    this.listeners.clear();
    this.hf.destroy();
  }

  private sheetId(sheet: string): number {
    const id = this.hf.getSheetId(sheet);
    if (id === undefined) throw new Error(`there is no sheet named "${sheet}"`);
    return id;
  }

  private emit(event: WorkbookEvent): void {
    for (const l of this.listeners) l(event);
  }

  private emitValues(changes: ExportedChange[]): void {
    if (this.listeners.size === 0) return;
    const out: { sheet: string; address: string; value: CellValue }[] = [];
    for (const c of changes) {
      if (!("address" in c) || !c.address) continue;
      const a = c.address as SimpleCellAddress;
      const sheet = this.hf.getSheetName(a.sheet);
      if (sheet === undefined) continue;
      out.push({ sheet, address: cellAddress({ row: a.row, col: a.col }), value: toCellValue((c as { newValue: unknown }).newValue) });
    }
    if (out.length > 0) this.emit({ kind: "values", changes: out });
  }
}
