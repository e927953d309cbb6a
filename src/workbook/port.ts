/**
 * The one narrow interface between the comparison builder and a workbook (developers' guide:
 * "the task pane's builder talks to the workbook through one narrow interface, with an Office.js
 * implementation and an embedded one"). Implementations: OfficeWorkbook (Excel, Office.js) and
 * EmbeddedWorkbook (HyperFormula, for the workbench and the tests).
 */
import type { NewSheetPlan, SheetPlan } from "./sheet-plan";
import type { CalcSheetPlan } from "./calc-sheet";

export interface SheetInfo {
  name: string;
  /** Is this a comparison sheet the add-in built (and may update after the user confirms)? */
  ownComparison: boolean;
}

/** An error value in a cell, e.g. { error: "#DIV/0!" }. */
export interface CellErrorValue {
  error: string;
  message?: string;
}

/** A computed cell value as read back: null for an empty cell. */
export type CellValue = number | string | boolean | null | CellErrorValue;

export function isCellError(v: unknown): v is CellErrorValue {
  return typeof v === "object" && v !== null && typeof (v as { error?: unknown }).error === "string";
}

/** What a cell holds as typed: a number, TRUE/FALSE, a text, a formula ("=..."), or null when empty. */
export type CellContent = number | boolean | string | null;

/**
 * A cell as the workbook itself types it: a formula (its text, "=..."), a constant, or null when empty.
 * Text is a constant whatever it starts with (a vendor named "=1+1" is text): the kind comes from the
 * workbook's own answer, never from a leading "=" (both ports read text back without the apostrophe
 * that kept it text).
 */
export type TypedCell = { formula: string } | { constant: number | string | boolean } | null;

export function isFormulaCell(c: TypedCell | undefined): c is { formula: string } {
  return typeof c === "object" && c !== null && "formula" in c;
}

/** What an update needs to read of the add-in's own sheet, in as few round trips as the port can. */
export interface SheetSnapshot {
  /**
   * The contents of rows 1 to the last row in use, from column A to the marker's column (the hidden
   * key column) inclusive: [row][column], 0-based.
   */
  cells: CellContent[][];
  /** The marker cell (0-based), found through the add-in's marker name: the key column's first row. */
  marker: { row: number; col: number };
  /** The add-in's notes: the texts of the cells right of the marker in its row, joined. */
  notes: string;
  /** How many cells those notes take. */
  notesCells: number;
  /** The names of the charts on the sheet. */
  charts: string[];
  protected: boolean;
}

/**
 * Changes to the add-in's own sheet, made in this order: its charts named here deleted; whole rows
 * deleted (rows as they are now, listed bottom up); empty whole rows inserted (each at its final row,
 * listed top down, so that each lands where the plan puts it); cells cleared (contents and formats);
 * the plan written (its null cells are left as they are), its names set (moved, added or deleted) and
 * its charts added.
 */
export interface SheetUpdate {
  deleteRows: number[];
  insertRows: number[];
  clear: string[];
  plan: SheetPlan;
  removeCharts: string[];
  /** The add-in's sheet-scoped names the plan no longer has (the analyst's own names are never listed). */
  removeNames: string[];
  /**
   * The comparison's calculation sheet (./calc-sheet), rewritten whole after the rows moved and before
   * the plan is written: added first when `create` (a sheet built before it had one), its ranges in
   * `clear` emptied (contents and formats), then its plan written; `names` are the names it has (the
   * add-in's, moved rather than added).
   */
  calc?: { create: boolean; clear: string[]; plan: CalcSheetPlan; names: string[] };
}

/** One cell as "Explain this cell" reads it (WorkbookPort.inspectCell). */
export interface CellInspection {
  sheet: string;
  /** The cell, e.g. "M16". */
  address: string;
  /** Its value (an error with its message where the workbook keeps one). */
  value: CellValue;
  /** The formula it holds, or that of the spill it belongs to; null when it holds none. */
  formula: string | null;
  /** Where that formula is: the cell itself, or the first cell of the spill it belongs to. */
  formulaCell: string | null;
  /**
   * False when this workbook cannot tell which formula a cell without one is spilled from (Excel before
   * ExcelApi 1.12): a cell of a spill then reads as a constant.
   */
  spillKnown: boolean;
  /** The names a formula on the sheet can use: the sheet's own (`sheet` = its name), then the workbook's (`sheet` null). */
  names: { name: string; sheet: string | null; refersTo: string }[];
}

export interface WorkbookPort {
  /** The workbook's sheets, in order, and which of them are the add-in's own comparisons. One round trip. */
  sheets(): Promise<SheetInfo[]>;
  /**
   * Writes the whole plan on a new sheet. One round trip. A comparison plan is marked as the add-in's
   * own; a plain plan (the pilot replay) is not.
   */
  apply(plan: NewSheetPlan): Promise<void>;
  /** Computed values of a range, e.g. readValues("Bid comparison", "A1:C3"). */
  readValues(sheet: string, range: string): Promise<CellValue[][]>;
  /** What an update of the add-in's own sheet needs to know of it. */
  snapshot(sheet: string): Promise<SheetSnapshot>;
  /** Changes the add-in's own sheet in place (never another sheet). */
  update(sheet: string, changes: SheetUpdate): Promise<void>;
  /** The selected cell (the active cell of a selected range): its sheet and address; null when there is none. */
  selection(): Promise<{ sheet: string; address: string } | null>;
  /** One cell for "Explain this cell": its formula (or its spill's), its value, the names its sheet can use. */
  inspectCell(sheet: string, address: string): Promise<CellInspection>;
  /** Contents of a range as typed: formulas ("=..."), constants, null for empty; [row][column]. */
  readFormulas(sheet: string, range: string): Promise<CellContent[][]>;
  /** Contents of a range with each cell's kind as the workbook types it (see TypedCell); [row][column]. */
  readCells(sheet: string, range: string): Promise<TypedCell[][]>;
  /** Calls the listener when the workbook's values change, where the workbook tells (the embedded one does); returns a function that stops it. */
  onChange?(listener: () => void): () => void;
}

/**
 * An update of the add-in's own sheet that failed part-way: Office.js batches are not transactional, so
 * the commands before the failing one stay done. That sheet may be partly cleared or rewritten; it is
 * still marked as the add-in's own, so updating it again rewrites it whole. Nothing else was touched.
 */
export class IncompleteUpdate extends Error {
  /** The workbook did change (the UI must not say "nothing was changed"). */
  readonly workbookChanged = true;
  constructor(
    readonly sheet: string,
    readonly cause: unknown,
  ) {
    super(
      `“${sheet}” could not be updated (${cause instanceof Error ? cause.message : String(cause)}). It may be partly rewritten; it is still the add-in's own sheet, so update it again to rewrite it whole (its calculation sheet with it). No other sheet was changed.`,
    );
    this.name = "IncompleteUpdate";
  }
}

/** Excel compares sheet names without regard to case. */
export function sameSheetName(a: string, b: string): boolean {
  return a.toLocaleUpperCase() === b.toLocaleUpperCase();
}
