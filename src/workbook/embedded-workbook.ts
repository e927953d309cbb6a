/**
 * The embedded workbook: a WorkbookPort over HyperFormula (a real formula engine) with the AIPRICE
 * functions registered, for running and testing the builder without Excel, and the model behind the
 * workbench's grid. More: docs/modules.md#workbook-embedded-workbook.
 */
import { CellError, DetailedCellError, ExportedChange, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import { FunctionsMetadata, Implementations, registerAiprice } from "../embedded/hyperformula-aiprice";
import { registerSortedPercentile } from "../embedded/sorted-percentile";
import { registerFastConditionals } from "../embedded/fast-conditionals";
import { registerOneCellIndex } from "../embedded/one-cell-index";
import { registerFastIsNumber } from "../embedded/fast-isnumber";
import { registerFastLogical } from "../embedded/fast-logical";
import { cellAddress, columnIndex, parseCell, parseRange, parseSheetReference, quoteSheetName } from "./a1";
import { CellContent, CellInspection, CellValue, IncompleteUpdate, isCellError, SheetInfo, SheetSnapshot, SheetUpdate, TypedCell, WorkbookPort } from "./port";
import type { InputRule } from "./input-rules";
import { CALC_MARKER_NAME, isCalcPlan } from "./calc-sheet";
import { SpilledChange, withoutChangesOn } from "./embedded-change-lists";
import { patchEngine } from "./embedded-engine-patches";
import { ChartPlan, CellStyle, COMPARISON_FORMAT, isComparisonPlan, NewSheetPlan, PlanCell, planCells, StyleName, STYLES, typedInput } from "./sheet-plan";
import { writeOrderSteps } from "./write-order";
import { runStepsAsync, yieldToEventLoop } from "./steps";

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

/**
 * Cells whose values changed: their sheet, the position of the first (0-based), its A1 address and its new
 * value. A formula's spilled result changes as one: `rows` x `cols` cells from the first (one record for
 * 2,000 drawn cells, not 2,000); a single cell is 1 x 1.
 */
export class ValueChange {
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly col: number,
    readonly value: CellValue,
    readonly rows = 1,
    readonly cols = 1,
  ) {}

  /** How many cells changed. */
  get cells(): number {
    return this.rows * this.cols;
  }

  /** Does the change cover this cell? */
  covers(row: number, col: number): boolean {
    return row >= this.row && row < this.row + this.rows && col >= this.col && col < this.col + this.cols;
  }

  /** Does the change cover any cell of this block (inclusive bounds)? */
  meets(r0: number, c0: number, r1: number, c1: number): boolean {
    return this.row <= r1 && this.row + this.rows - 1 >= r0 && this.col <= c1 && this.col + this.cols - 1 >= c0;
  }

  /** "B12"; made only when asked (a recomputation may change hundreds of thousands of cells). */
  get address(): string {
    return cellAddress({ row: this.row, col: this.col });
  }
}

/**
 * A new sheet being written in chunks (EmbeddedWorkbook.chunkCells): `done` of `total` cells written.
 * The sheet is not among the sheets until it is whole (a "sheets" event follows the last chunk).
 */
export interface ApplyProgress {
  kind: "progress";
  sheet: string;
  done: number;
  total: number;
}

export type WorkbookEvent = { kind: "values"; changes: ValueChange[] } | { kind: "sheets"; sheets: string[] } | ApplyProgress;

export type WorkbookListener = (event: WorkbookEvent) => void;

interface SheetDecor {
  /** Each cell's number format and style, and an input cell's data validation (kept as Excel keeps it). */
  formats: Map<string, { numberFormat?: string; style?: StyleName; validation?: InputRule }>;
  charts: ChartPlan[];
  widths: Map<string, number>;
  hidden: Set<string>;
  /** Hidden rows, 0-based. */
  hiddenRows: Set<number>;
}

/** Moves the formats (and hidden rows) at or below `row` by `by` rows, as Excel does on an insert or delete. */
function shiftRows(decor: SheetDecor, row: number, by: number): void {
  const formats = new Map<string, { numberFormat?: string; style?: StyleName }>();
  for (const [k, f] of decor.formats) {
    const [r, c] = k.split(",").map(Number);
    if (by < 0 && r === row) continue;
    formats.set(r >= row + (by < 0 ? 1 : 0) ? key(r + by, c) : k, f);
  }
  decor.formats = formats;
  const hidden = new Set<number>();
  for (const r of decor.hiddenRows) {
    if (by < 0 && r === row) continue;
    hidden.add(r >= row + (by < 0 ? 1 : 0) ? r + by : r);
  }
  decor.hiddenRows = hidden;
}

const key = (row: number, col: number) => `${row},${col}`;

/** Empties the ranges' cells, contents and formats (one setCellContents per range). */
function clearCells(hf: HyperFormula, sheet: number, decor: SheetDecor, ranges: readonly string[]): void {
  for (const range of ranges) {
    const { start, end } = parseRange(range);
    const empty = Array.from({ length: end.row - start.row + 1 }, () => new Array<null>(end.col - start.col + 1).fill(null));
    hf.setCellContents({ sheet, row: start.row, col: start.col }, empty);
    for (let row = start.row; row <= end.row; row++) for (let col = start.col; col <= end.col; col++) decor.formats.delete(key(row, col));
  }
}

/** Does a planned cell carry a format, a style or an input rule (for itself or its spill)? */
function isDecorated(cell: PlanCell): boolean {
  return cell.format !== undefined || cell.style !== undefined || ("validation" in cell && cell.validation !== undefined) || (cell.kind === "formula" && cell.spill?.columnFormats !== undefined);
}

/**
 * A planned cell's format (and its spill's), and its input rule (data validation), or none. On a new
 * sheet (`fresh`) a cell has no format to remove: a plain cell is passed over (most of a large copy).
 */
function setFormat(decor: SheetDecor, row: number, col: number, cell: PlanCell, fresh = false): void {
  if (fresh && !isDecorated(cell)) return;
  const rows = cell.kind === "formula" && cell.spill ? cell.spill.rows : 1;
  const cols = cell.kind === "formula" && cell.spill ? cell.spill.cols : 1;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const validation = i === 0 && j === 0 && cell.kind !== "text" && cell.kind !== "boolean" ? cell.validation : undefined;
      const numberFormat = (cell.kind === "formula" ? cell.spill?.columnFormats?.[j] : undefined) ?? cell.format;
      if (numberFormat !== undefined || cell.style !== undefined || validation) decor.formats.set(key(row + i, col + j), { numberFormat, style: cell.style, ...(validation ? { validation } : {}) });
      else decor.formats.delete(key(row + i, col + j));
    }
}

function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof DetailedCellError || v instanceof CellError) {
    const e = v as DetailedCellError;
    return { error: e.value ?? `#${String((v as CellError).type)}`, ...(e.message ? { message: e.message } : {}) };
  }
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

/**
 * How much the next chunk holds (EmbeddedWorkbook.chunkCells, chunkMs): at most `most` (by weight,
 * ./write-order), and, when there is an aim in milliseconds, what the chunks so far say takes that long.
 */
export class ChunkPace {
  private msPerWeight: number | null = null;
  constructor(
    private readonly most: number,
    private readonly aimMs = 0,
  ) {}

  budget(): number {
    if (this.aimMs <= 0 || this.msPerWeight === null || this.msPerWeight <= 0) return this.most;
    return Math.max(1, Math.min(this.most, Math.floor(this.aimMs / this.msPerWeight)));
  }

  /** A chunk of this weight took `ms`: the cost per weight, leaning on the latest chunks. */
  took(weight: number, ms: number): void {
    if (weight <= 0 || !(ms >= 0)) return;
    const now = ms / weight;
    this.msPerWeight = this.msPerWeight === null ? now : (this.msPerWeight + now) / 2;
  }
}

export class EmbeddedWorkbook implements WorkbookPort {
  readonly hf: HyperFormula;
  private readonly decor = new Map<number, SheetDecor>();
  private readonly listeners = new Set<WorkbookListener>();
  /**
   * Cells written per chunk when a new sheet is applied, yielding to the event loop between chunks
   * (the workbench sets it: its page stays responsive and shows progress); 0 writes a sheet at once.
   */
  chunkCells = 0;
  /**
   * What a chunk should take, in milliseconds (0: no aim): while chunks take longer, the next ones
   * hold less (never more than chunkCells), so that a slow or busy machine still draws between them.
   */
  chunkMs = 0;
  /**
   * The new sheets being written in chunks: not among the sheets yet, so nobody is told of their values
   * changing (a 60-bid comparison's draws change hundreds of thousands of cells as they are written).
   */
  private readonly writing = new Set<number>();
  /** The selected cell (the workbench's grid sets it), for WorkbookPort.selection. */
  private selected: { sheet: string; address: string } | null = null;

  /**
   * `functions`: the AIPRICE metadata and implementations to register (tests: from the built dist/;
   * the workbench: from src/functions with the CustomFunctions stand-in installed). Without it, the
   * functions registered last (registerAiprice) are used.
   */
  constructor(functions?: EmbeddedFunctions) {
    if (functions) registerAiprice(functions.metadata, functions.implementations);
    registerSortedPercentile();
    registerFastConditionals();
    registerOneCellIndex();
    registerFastIsNumber();
    registerFastLogical();
    // No undo history: nothing undoes through the engine, and keeping one costs every write a look through
    // it (writing a 60-bid comparison's 5,000 constants took a second and a half with it, a tenth without).
    this.hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false, undoLimit: 0 });
    patchEngine(this.hf);
    this.hf.on("valuesUpdated", (changes: ExportedChange[]) => this.emitValues(changes));
  }

  // -----------------------------------------------------------------------------------------
  // WorkbookPort

  async sheets(): Promise<SheetInfo[]> {
    return this.hf.getSheetNames().map((name) => ({ name, ownComparison: this.isOwn(name) }));
  }

  /** Writes the plan on a new sheet (marked as the add-in's own when it is a comparison). */
  async apply(plan: NewSheetPlan): Promise<void> {
    const hf = this.hf;
    // A comparison comes with its calculation sheet (./calc-sheet), a shareable copy with the copy of it
    // (a plain plan's second sheet): both are added before either is written, since each refers to the other.
    const second = isComparisonPlan(plan) ? plan.calc : plan.second;
    const plans: NewSheetPlan[] = second ? [plan, second] : [plan];
    for (const p of plans) if (hf.doesSheetExist(p.sheetName)) throw new Error(`a sheet named "${p.sheetName}" already exists`);
    const added: { sheet: number; plan: NewSheetPlan; decor: SheetDecor }[] = [];
    try {
      for (const p of plans) {
        const sheet = hf.getSheetId(hf.addSheet(p.sheetName))!;
        const decor: SheetDecor = { formats: new Map(), charts: p.charts.map((c) => ({ ...c })), widths: new Map(), hidden: new Set(p.hiddenColumns), hiddenRows: new Set(p.hiddenRows) };
        this.decor.set(sheet, decor);
        added.push({ sheet, plan: p, decor });
      }
      if (this.chunkCells > 0) {
        hf.batch(() => added.forEach((a) => this.writeNames(a.sheet, a.plan, [])));
        for (const a of added) this.writing.add(a.sheet);
        try {
          await this.writeInChunks(added);
        } finally {
          for (const a of added) this.writing.delete(a.sheet);
        }
        // The page draws the last chunk's progress before the new sheets are listed (and drawn).
        await yieldToEventLoop();
      } else
        // The new sheets' cells are not listed as changed (nobody draws them before they are listed).
        withoutChangesOn(new Set(added.map((a) => a.sheet)), () =>
          hf.batch(() => {
            for (const a of added) this.writeNames(a.sheet, a.plan, []);
            for (const a of added) this.writeCells(a.sheet, a.plan, a.decor, true);
          }),
        );
    } catch (e) {
      // Nothing half-written stays: the new sheets (and the names scoped to them) go, as in Excel.
      for (const a of added) {
        this.decor.delete(a.sheet);
        if (hf.doesSheetExist(a.plan.sheetName)) hf.removeSheet(a.sheet);
      }
      throw e;
    }
    for (const a of added) for (const w of a.plan.columnWidths) a.decor.widths.set(w.column, w.points);
    this.emit({ kind: "sheets", sheets: hf.getSheetNames() });
  }

  /**
   * Writes new sheets' cells (a comparison and its calculation sheet) `chunkCells` at a time, each
   * chunk one batch of the formula engine (it computes what the chunk wrote), yielding to the event
   * loop before each chunk and reporting progress under the first sheet's name, so that a page stays
   * responsive while a large comparison is written. The cells go precedents first (./write-order), so
   * that each formula is computed once, in its own chunk. The same cells, formats and values as
   * writing the plans at once.
   */
  private async writeInChunks(sheets: { sheet: number; plan: NewSheetPlan; decor: SheetDecor }[]): Promise<void> {
    const hf = this.hf;
    const runs = await runStepsAsync(writeOrderSteps(sheets.map((s) => s.plan)));
    const total = runs.reduce((n, r) => n + r.cells.length, 0);
    const name = sheets[0].plan.sheetName;
    const pace = new ChunkPace(this.chunkCells, this.chunkMs);
    let done = 0;
    let i = 0;
    this.emit({ kind: "progress", sheet: name, done, total });
    while (i < runs.length) {
      await yieldToEventLoop();
      const start = done;
      const budget = pace.budget();
      let weight = 0;
      const t0 = performance.now();
      // The sheets being written are not listed as changed (see emitValues): their cells are not recorded either.
      withoutChangesOn(this.writing, () =>
        hf.batch(() => {
          while (i < runs.length && (done === start || weight + runs[i].weight <= budget)) {
            const run = runs[i++];
            const { sheet, decor } = sheets[run.plan];
            hf.setCellContents({ sheet, row: run.row, col: run.col }, [run.cells.map(typedInput)]);
            // New sheets, each cell written once: no format to remove (fresh).
            run.cells.forEach((cell, j) => setFormat(decor, run.row, run.col + j, cell, true));
            done += run.cells.length;
            weight += run.weight;
          }
        }),
      );
      pace.took(weight, performance.now() - t0);
      this.emit({ kind: "progress", sheet: name, done, total });
    }
  }

  /** What an update needs to know of the add-in's own sheet (see WorkbookPort). */
  async snapshot(sheetName: string): Promise<SheetSnapshot> {
    const sheet = this.sheetId(sheetName);
    const marker = this.markerOf(sheet);
    if (!marker) throw new Error(`"${sheetName}" is not the add-in's own comparison sheet; it is never changed`);
    const height = this.hf.getSheetDimensions(sheet).height;
    const cells: CellContent[][] = [];
    for (let row = 0; row < height; row++) {
      const line: CellContent[] = [];
      for (let col = 0; col <= marker.col; col++) line.push(this.content(sheet, row, col));
      cells.push(line);
    }
    let notes = "";
    let notesCells = 0;
    for (let col = marker.col + 1; ; col++) {
      const v = this.hf.getCellValue({ sheet, row: marker.row, col });
      if (typeof v !== "string" || v === "") break;
      notes += v;
      notesCells++;
    }
    return { cells, marker, notes, notesCells, charts: (this.decor.get(sheet)?.charts ?? []).map((c) => c.id), protected: false };
  }

  /**
   * Changes the add-in's own sheet in place (as OfficeWorkbook does): rows deleted and inserted whole
   * (HyperFormula moves every reference to the rows below, on any sheet, as Excel does), the cells the
   * update names cleared, the plan written where it has cells, the add-in's names moved or added, its
   * charts replaced. The analyst's cells, names and column widths stay as they are.
   */
  async update(sheetName: string, changes: SheetUpdate): Promise<void> {
    const hf = this.hf;
    const sheet = this.sheetId(sheetName);
    if (!this.markerOf(sheet)) throw new Error(`"${sheetName}" is not the add-in's own comparison sheet; it is never changed`);
    const decor = this.decor.get(sheet) ?? { formats: new Map(), charts: [], widths: new Map(), hidden: new Set<string>(), hiddenRows: new Set<number>() };
    this.decor.set(sheet, decor);
    const plan = changes.plan;
    let calc: { sheet: number; decor: SheetDecor } | null = null;
    try {
      if (changes.calc) calc = this.calcSheetFor(changes.calc);
      hf.batch(() => {
        for (const r of [...changes.deleteRows].sort((a, b) => b - a)) {
          hf.removeRows(sheet, [r, 1]);
          shiftRows(decor, r, -1);
        }
        for (const r of [...changes.insertRows].sort((a, b) => a - b)) {
          hf.addRows(sheet, [r, 1]);
          shiftRows(decor, r, 1);
        }
        clearCells(hf, sheet, decor, changes.clear);
      });
      // Then the comparison is written, then the calculation sheet, each in a batch of its own:
      // HyperFormula (3.x) loses track of a spill removed and written again, across sheets, in one batch.
      hf.batch(() => {
        this.writeNames(sheet, plan, changes.removeNames);
        this.writeCells(sheet, plan, decor);
      });
      if (calc)
        hf.batch(() => {
          // Only the cells the update names are emptied (the add-in's that the new plan does not write,
          // ./update-calc): the analyst's cells stay, and so do references to them.
          clearCells(hf, calc!.sheet, calc!.decor, changes.calc!.clear);
          this.writeNames(calc!.sheet, changes.calc!.plan, []);
          this.writeCells(calc!.sheet, changes.calc!.plan, calc!.decor);
        });
    } catch (e) {
      throw new IncompleteUpdate(sheetName, e);
    }
    decor.charts = [...decor.charts.filter((c) => !changes.removeCharts.includes(c.id)), ...plan.charts.map((c) => ({ ...c }))];
    for (const c of plan.hiddenColumns) decor.hidden.add(c);
    for (const r of plan.hiddenRows) decor.hiddenRows.add(r);
    this.emit({ kind: "sheets", sheets: hf.getSheetNames() });
  }

  /** The add-in's names on the sheet: the plan's set where they are planned, old ones removed, the marker. */
  private writeNames(sheet: number, plan: NewSheetPlan, remove: readonly string[]): void {
    const hf = this.hf;
    const quoted = quoteSheetName(hf.getSheetName(sheet)!);
    const existing = new Map(hf.listNamedExpressions(sheet).map((n) => [n.toUpperCase(), n]));
    const set = (n: string, address: string, on?: string) => {
      const expression = `=${on === undefined ? quoted : quoteSheetName(on)}!${cellAddress(parseCell(address), true)}`;
      const stored = existing.get(n.toUpperCase());
      if (stored !== undefined) hf.changeNamedExpression(stored, expression, sheet);
      else hf.addNamedExpression(n, expression, sheet);
    };
    for (const n of remove) {
      const stored = existing.get(n.toUpperCase());
      if (stored !== undefined && n.toUpperCase() !== OWN_SHEET_NAME.toUpperCase()) hf.removeNamedExpression(stored, sheet);
    }
    for (const n of plan.names) set(n.name, n.address, n.sheet);
    if (isComparisonPlan(plan)) set(OWN_SHEET_NAME, plan.marker.cell);
    if (isCalcPlan(plan)) set(CALC_MARKER_NAME, plan.calcMarker);
  }

  /**
   * Writes the plan's cells (null cells are left as they are) and their formats; on a new, empty sheet
   * (`fresh`) in one operation of the formula engine (writeNewSheet).
   */
  private writeCells(sheet: number, plan: NewSheetPlan, decor: SheetDecor, fresh = false): void {
    if (fresh) return this.writeNewSheet(sheet, plan, decor);
    for (const { row, col, cell } of planCells(plan)) {
      this.hf.setCellContents({ sheet, row, col }, [[typedInput(cell)]]);
      setFormat(decor, row, col, cell);
    }
  }

  /**
   * Writes the plan's cells on a new, empty sheet in one operation of the formula engine (one
   * setSheetContent, not one per cell: a values-only copy has hundreds of thousands of cells), and
   * their formats. The same contents as writeCells.
   */
  private writeNewSheet(sheet: number, plan: NewSheetPlan, decor: SheetDecor): void {
    const content: (string | number | boolean | null)[][] = [];
    for (const { row, col, cell } of planCells(plan)) {
      let line = content[row];
      if (!line) line = content[row] = [];
      line[col] = typedInput(cell);
      setFormat(decor, row, col, cell, true);
    }
    for (let r = 0; r < content.length; r++) {
      const line = (content[r] ??= []);
      for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = null;
    }
    this.hf.setSheetContent(sheet, content);
  }

  /** A cell as typed: its formula, or its value (text without the apostrophe that kept it text). */
  private content(sheet: number, row: number, col: number): CellContent {
    const at: SimpleCellAddress = { sheet, row, col };
    if (this.hf.doesCellHaveFormula(at)) return this.hf.getCellFormula(at) ?? null;
    const v = this.hf.getCellValue(at);
    if (v === null || v === undefined) return null;
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
    return null;
  }

  /**
   * The marker cell of the add-in's own sheet: the cell its marker name points at, which must hold the
   * add-in's marker text (a name of the analyst's that looks like the marker does not make a sheet the
   * add-in's). Null for any other sheet.
   */
  private markerOf(sheet: number): { row: number; col: number } | null {
    const name = this.hf.listNamedExpressions(sheet).find((n) => n.toUpperCase() === OWN_SHEET_NAME.toUpperCase());
    if (name === undefined) return null;
    const formula = this.hf.getNamedExpressionFormula(name, sheet);
    const ref = typeof formula === "string" ? parseSheetReference(formula.replace(/^=/, "")) : null;
    if (!ref || ref.sheet.toUpperCase() !== (this.hf.getSheetName(sheet) ?? "").toUpperCase()) return null;
    let pos: { row: number; col: number };
    try {
      pos = parseCell(ref.address);
    } catch {
      return null;
    }
    return this.hf.getCellValue({ sheet, ...pos }) === COMPARISON_FORMAT ? pos : null;
  }

  async readValues(sheet: string, range: string): Promise<CellValue[][]> {
    return this.values(sheet, range);
  }

  /** Where the selection is: the cell the workbench's grid selected (select), if its sheet is still there. */
  async selection(): Promise<{ sheet: string; address: string } | null> {
    const s = this.selected;
    return s && this.hf.doesSheetExist(s.sheet) ? { ...s } : null;
  }

  /** Sets the selected cell (the workbench's grid calls it when its selection moves). */
  select(sheet: string, address: string): void {
    this.selected = { sheet, address: cellAddress(parseCell(address)) };
  }

  /** A cell with its formula, or the formula of the spill it belongs to, its value and the names its sheet can use. */
  async inspectCell(sheetName: string, address: string): Promise<CellInspection> {
    const sheet = this.sheetId(sheetName);
    const p = parseCell(address);
    const at: SimpleCellAddress = { sheet, ...p };
    let formula: string | null = null;
    let formulaCell: string | null = null;
    if (this.hf.doesCellHaveFormula(at)) {
      formula = this.hf.getCellFormula(at) ?? null;
      formulaCell = cellAddress(p);
    } else if (this.hf.isCellPartOfArray(at)) {
      // HyperFormula gives every cell of a spill the spill's vertex, which knows its first cell.
      const mapping = (this.hf as unknown as { addressMapping?: { getCell?(a: SimpleCellAddress): unknown } }).addressMapping;
      const corner = (mapping?.getCell?.(at) as { leftCorner?: SimpleCellAddress } | undefined)?.leftCorner;
      if (corner && corner.sheet === sheet) {
        formula = this.hf.getCellFormula(corner) ?? null;
        formulaCell = cellAddress({ row: corner.row, col: corner.col });
      }
    }
    const names: CellInspection["names"] = [];
    for (const scope of [sheet, undefined]) {
      for (const name of this.hf.listNamedExpressions(scope)) {
        const refersTo = this.hf.getNamedExpressionFormula(name, scope);
        if (typeof refersTo === "string") names.push({ name, sheet: scope === undefined ? null : this.hf.getSheetName(scope)!, refersTo });
      }
    }
    return { sheet: this.hf.getSheetName(sheet)!, address: cellAddress(p), value: toCellValue(this.hf.getCellValue(at)), formula, formulaCell, spillKnown: true, names };
  }

  /** Contents of a range as typed: formulas, constants (text without its apostrophe), null for empty. */
  async readFormulas(sheetName: string, range: string): Promise<CellContent[][]> {
    const sheet = this.sheetId(sheetName);
    const r = parseRange(range);
    const out: CellContent[][] = [];
    for (let row = r.start.row; row <= r.end.row; row++) {
      const line: CellContent[] = [];
      for (let col = r.start.col; col <= r.end.col; col++) line.push(this.content(sheet, row, col));
      out.push(line);
    }
    return out;
  }

  /** Contents of a range with their kinds as HyperFormula types them (a formula cell, or a value). */
  async readCells(sheetName: string, range: string): Promise<TypedCell[][]> {
    const sheet = this.sheetId(sheetName);
    const r = parseRange(range);
    const out: TypedCell[][] = [];
    for (let row = r.start.row; row <= r.end.row; row++) {
      const line: TypedCell[] = [];
      for (let col = r.start.col; col <= r.end.col; col++) {
        const at: SimpleCellAddress = { sheet, row, col };
        const formula = this.hf.doesCellHaveFormula(at) ? this.hf.getCellFormula(at) : undefined;
        if (formula !== undefined) {
          line.push({ formula });
          continue;
        }
        // A cell a spill covers reads as its value (as Range.formulas gives it in Excel).
        const v = this.hf.getCellValue(at);
        line.push(typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? { constant: v } : null);
      }
      out.push(line);
    }
    return out;
  }

  // -----------------------------------------------------------------------------------------
  // For the workbench grid and the tests

  /** Synchronous readValues; a range qualified by a sheet's name ('Bid comparison calc'!B4:BI4) is read on that sheet. */
  values(sheet: string, range: string): CellValue[][] {
    const ref = parseSheetReference(range);
    const id = this.sheetId(ref ? ref.sheet : sheet);
    const r = parseRange(ref ? ref.address : range);
    return this.hf.getRangeValues({ start: { sheet: id, row: r.start.row, col: r.start.col }, end: { sheet: id, row: r.end.row, col: r.end.col } }).map((row) => row.map(toCellValue));
  }

  /** One computed value (of the sheet the address names, when it names one). */
  value(sheet: string, address: string): CellValue {
    const ref = parseSheetReference(address);
    const p = parseCell(ref ? ref.address : address);
    return toCellValue(this.hf.getCellValue({ sheet: this.sheetId(ref ? ref.sheet : sheet), ...p }));
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

  /** A cell (of the sheet the address names, when it names one: a calculation sheet's row in a layout). */
  cell(sheet: string, address: string): CellView {
    const ref = parseSheetReference(address);
    const id = this.sheetId(ref ? ref.sheet : sheet);
    const p = parseCell(ref ? ref.address : address);
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
    const at = { sheet: this.sheetId(sheet), ...parseCell(address) };
    const before = this.hf.getCellSerialized(at);
    try {
      this.hf.setCellContents(at, [[raw === "" ? null : raw]]);
    } catch (e) {
      // The formula engine failed while computing the sheet with this input (HyperFormula cannot read a
      // range over a spilled formula that became an error): the cell keeps what it held, and the
      // analyst is told, rather than a sheet left half computed.
      this.hf.setCellContents(at, [[before === undefined ? null : (before as RawCellContent)]]);
      const failure = new Error(
        `the workbench's formula engine could not compute the sheet with ${JSON.stringify(raw)} here (${e instanceof Error ? e.message : String(e)}), so the cell keeps what it held; in Excel the figures that depend on it show an error instead`,
      );
      throw Object.assign(failure, { cause: e });
    }
  }

  /** The data validation of a cell (an input cell's rule), or null: what the workbench's grid honours. */
  validationAt(sheet: string, address: string): InputRule | null {
    const p = parseCell(address);
    return this.decor.get(this.sheetId(sheet))?.formats.get(key(p.row, p.col))?.validation ?? null;
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
      let categoryValues = flat(c.categories);
      let series = c.series.map((s) => ({
        name: s.name,
        values: flat(s.values).map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null)),
        hidden: s.hidden === true,
      }));
      // Trailing categories without a label or a value are not drawn (the months past the term typed
      // on the sheet: the term chart follows the term).
      let n = categoryValues.length;
      while (n > 0 && (categoryValues[n - 1] === null || categoryValues[n - 1] === "") && series.every((s) => s.values[n - 1] === null || s.values[n - 1] === undefined)) n--;
      if (n < categoryValues.length) {
        categoryValues = categoryValues.slice(0, n);
        series = series.map((s) => ({ ...s, values: s.values.slice(0, n) }));
      }
      return {
        ...c,
        data: { categories: categoryValues.map((v) => (v === null ? "" : isCellError(v) ? v.error : String(v))), categoryValues, series },
      };
    });
  }

  /** Column widths in points (columns not listed have the default width). */
  columnWidths(sheet: string): Record<string, number> {
    return Object.fromEntries(this.decor.get(this.sheetId(sheet))?.widths ?? []);
  }

  /** Hidden rows, 0-based. */
  hiddenRows(sheet: string): number[] {
    return [...(this.decor.get(this.sheetId(sheet))?.hiddenRows ?? [])].sort((a, b) => a - b);
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
    return this.markerOf(this.sheetId(sheet)) !== null;
  }

  destroy(): void {
    this.listeners.clear();
    this.hf.destroy();
  }

  /**
   * The calculation sheet an update rewrites (added when the comparison had none: a sheet built before
   * it had one), with its formats.
   */
  private calcSheetFor(calc: NonNullable<SheetUpdate["calc"]>): { sheet: number; decor: SheetDecor } {
    const hf = this.hf;
    if (!hf.doesSheetExist(calc.plan.sheetName)) {
      if (!calc.create) throw new Error(`the calculation sheet "${calc.plan.sheetName}" is not there`);
      hf.addSheet(calc.plan.sheetName);
    }
    const sheet = this.sheetId(calc.plan.sheetName);
    const decor = this.decor.get(sheet) ?? { formats: new Map(), charts: [], widths: new Map(), hidden: new Set<string>(), hiddenRows: new Set<number>() };
    this.decor.set(sheet, decor);
    if (calc.create) for (const w of calc.plan.columnWidths) decor.widths.set(w.column, w.points);
    return { sheet, decor };
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
    const out: ValueChange[] = [];
    const names = new Map<number, string | undefined>();
    for (const c of changes) {
      if (!("address" in c) || !c.address) continue;
      const a = c.address as SimpleCellAddress;
      if (this.writing.has(a.sheet)) continue;
      let sheet = names.get(a.sheet);
      if (!names.has(a.sheet)) names.set(a.sheet, (sheet = this.hf.getSheetName(a.sheet)));
      if (sheet === undefined) continue;
      const spill = c as Partial<SpilledChange>;
      out.push(new ValueChange(sheet, a.row, a.col, toCellValue((c as { newValue: unknown }).newValue), spill.rows ?? 1, spill.cols ?? 1));
    }
    if (out.length > 0) this.emit({ kind: "values", changes: out });
  }
}
