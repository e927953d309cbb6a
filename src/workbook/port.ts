/**
 * The one narrow interface between the comparison builder and a workbook (developers' guide:
 * "the task pane's builder talks to the workbook through one narrow interface, with an Office.js
 * implementation and an embedded one"). Implementations: OfficeWorkbook (Excel, Office.js) and
 * EmbeddedWorkbook (HyperFormula, for the workbench and the tests).
 */
import type { NewSheetPlan, SheetPlan } from "./sheet-plan";

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
      `“${sheet}” could not be updated (${cause instanceof Error ? cause.message : String(cause)}). It may be partly rewritten; it is still the add-in's own sheet, so update it again to rewrite it whole. No other sheet was changed.`,
    );
    this.name = "IncompleteUpdate";
  }
}

/** Excel compares sheet names without regard to case. */
export function sameSheetName(a: string, b: string): boolean {
  return a.toLocaleUpperCase() === b.toLocaleUpperCase();
}
