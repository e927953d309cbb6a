/**
 * The scenario's input cells of the add-in's own comparison sheet as they stand now: volume, rates,
 * costs, tokens, ranges, seed, correlation, term. Read for the pane (does its scenario still match the
 * sheet's?) and for an update (the value in effect of a cell the analyst typed). Only reads.
 */
import { DEFAULT_RATE_CORRELATION } from "../engine/copula";
import { cellAddress, rangeAddress } from "./a1";
import type { ComparisonRequest } from "./comparison/request";
import { fingerprint } from "./plan";
import type { CellContent, CellValue, SheetSnapshot, WorkbookPort } from "./port";
import { mapSheet, readNotes } from "./update";

/** One scenario input of the sheet: its field, where it is, what it computes to, and whether the analyst changed it. */
export interface SheetInput {
  /** The request field it holds, e.g. "scenario.conversations", "risk.rateCorrelation", "term.months". */
  path: string;
  /** Where it is now, e.g. "C7". */
  address: string;
  /** Its computed value. */
  value: CellValue;
  /** What it holds as typed (a formula as "=..."). */
  content: CellContent;
  /** The cell no longer holds what the add-in wrote: the analyst typed it. */
  edited: boolean;
}

/** The sheet's scenario inputs (not the bids'), in the order of the sheet; the ones whose row or column was deleted are left out. */
export async function readSheetInputs(port: WorkbookPort, sheetName: string, snapshot?: SheetSnapshot): Promise<SheetInput[]> {
  snapshot ??= await port.snapshot(sheetName);
  const meta = readNotes(snapshot, sheetName);
  const map = mapSheet(snapshot);
  const located = meta.inputs.flatMap((input) => {
    const row = map.rowOf.get(input.row);
    const col = map.columnOf(input.col);
    return input.bid !== undefined || row === undefined || col === undefined ? [] : [{ input, row, col }];
  });
  if (located.length === 0) return [];
  const top = Math.min(...located.map((x) => x.row));
  const bottom = Math.max(...located.map((x) => x.row));
  const left = Math.min(...located.map((x) => x.col));
  const right = Math.max(...located.map((x) => x.col));
  const grid = await port.readValues(sheetName, rangeAddress({ start: { row: top, col: left }, end: { row: bottom, col: right } }));
  const cells = snapshot.cells;
  return located.map(({ input, row, col }) => {
    const content = cells[row]?.[col] ?? null;
    return { path: input.path, address: cellAddress({ row, col }), value: grid[row - top]?.[col - left] ?? null, content, edited: fingerprint(content) !== fingerprint(input.written) };
  });
}

/**
 * The request an update plans from: the pane's, with the correlation in effect on the sheet when the
 * analyst typed their own there (the update keeps that cell, and orders the draws at its value).
 */
export function withSheetCorrelation(request: ComparisonRequest, inputs: readonly SheetInput[]): ComparisonRequest {
  const { rateCorrelationOnSheet: _old, ...risk } = request.risk ?? {};
  const cell = inputs.find((i) => i.path === "risk.rateCorrelation");
  const v = cell?.value;
  const typed = cell?.edited && typeof v === "number" && v >= 0 && v <= 1 ? v : undefined;
  if (typed === undefined || typed === (risk.rateCorrelation ?? DEFAULT_RATE_CORRELATION)) {
    return request.risk?.rateCorrelationOnSheet === undefined ? request : { ...request, risk };
  }
  return { ...request, risk: { ...risk, rateCorrelationOnSheet: typed } };
}
