/**
 * The one narrow interface between the comparison builder and a workbook (developers' guide:
 * "the task pane's builder talks to the workbook through one narrow interface, with an Office.js
 * implementation and an embedded one"). Implementations: OfficeWorkbook (Excel, Office.js) and
 * EmbeddedWorkbook (HyperFormula, for the workbench and the tests).
 */
import type { SheetPlan } from "./sheet-plan";

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

export interface ApplyMode {
  /**
   * Replace this sheet (it must be the add-in's own comparison; the caller has asked the user).
   * The plan's sheetName is then the same name.
   */
  replace?: string;
}

export interface WorkbookPort {
  /** The workbook's sheets, in order, and which of them are the add-in's own comparisons. One round trip. */
  sheets(): Promise<SheetInfo[]>;
  /** Writes the whole plan on a new sheet (or in place of the add-in's own sheet). One round trip. */
  apply(plan: SheetPlan, mode?: ApplyMode): Promise<void>;
  /** Computed values of a range, e.g. readValues("Bid comparison", "A1:C3"). */
  readValues(sheet: string, range: string): Promise<CellValue[][]>;
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
