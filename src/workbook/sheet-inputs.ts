/**
 * The scenario's input cells of the add-in's own comparison sheet as they stand now: volume, rates,
 * costs, tokens, ranges, seed, correlation, term. Read for the pane (does its scenario still match the
 * sheet's?) and for an update (the value in effect of a cell the analyst typed). Only reads.
 */
import { DEFAULT_SEED } from "../engine/bid-risk";
import { DEFAULT_RATE_CORRELATION } from "../engine/copula";
import { cellAddress, rangeAddress } from "./a1";
import type { ComparisonRequest, RiskSettings } from "./comparison/request";
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
export async function readSheetInputs(port: WorkbookPort, sheetName: string, snapshot?: SheetSnapshot, only?: readonly string[]): Promise<SheetInput[]> {
  snapshot ??= await port.snapshot(sheetName);
  const meta = readNotes(snapshot, sheetName);
  const map = mapSheet(snapshot);
  const located = meta.inputs.flatMap((input) => {
    const row = map.rowOf.get(input.row);
    const col = map.columnOf(input.col);
    return input.bid !== undefined || row === undefined || col === undefined || (only && !only.includes(input.path)) ? [] : [{ input, row, col }];
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

/** The risk settings an update takes from the sheet when the analyst typed their own there: the field, where it goes, its default, its domain. */
const IN_EFFECT = [
  { path: "risk.rateCorrelation", asked: "rateCorrelation", onSheet: "rateCorrelationOnSheet", fallback: DEFAULT_RATE_CORRELATION, ok: (v: number) => v >= 0 && v <= 1 },
  { path: "risk.seed", asked: "seed", onSheet: "seedOnSheet", fallback: DEFAULT_SEED, ok: (v: number) => Number.isInteger(v) && v >= 0 },
] as const;

/**
 * The risk inputs an update takes from the sheet (the correlation and the seed), read from the snapshot
 * it already holds: the sheet is read again (a round trip) only when the analyst typed a formula there.
 */
export async function readRiskInputs(port: WorkbookPort, sheetName: string, snapshot: SheetSnapshot): Promise<SheetInput[]> {
  const paths = IN_EFFECT.map((x) => x.path);
  const meta = readNotes(snapshot, sheetName);
  const map = mapSheet(snapshot);
  const typed = meta.inputs.flatMap((input) => {
    const row = map.rowOf.get(input.row);
    const col = map.columnOf(input.col);
    if (input.bid !== undefined || !paths.includes(input.path as (typeof paths)[number]) || row === undefined || col === undefined) return [];
    const content = snapshot.cells[row]?.[col] ?? null;
    return fingerprint(content) === fingerprint(input.written) ? [] : [{ path: input.path, address: cellAddress({ row, col }), value: content as CellValue, content, edited: true }];
  });
  if (typed.every((t) => typeof t.content === "number")) return typed;
  return readSheetInputs(port, sheetName, snapshot, paths);
}

/**
 * The request an update plans from: the pane's, with the correlation and the seed in effect on the
 * sheet when the analyst typed their own there (the update keeps those cells, and orders the draws at
 * their values, so the order is current).
 */
export function withSheetRiskValues(request: ComparisonRequest, inputs: readonly SheetInput[]): ComparisonRequest {
  const { rateCorrelationOnSheet: _rho, seedOnSheet: _seed, ...risk } = request.risk ?? {};
  const next: RiskSettings = { ...risk };
  for (const x of IN_EFFECT) {
    const cell = inputs.find((i) => i.path === x.path);
    const v = cell?.value;
    if (cell?.edited && typeof v === "number" && x.ok(v) && v !== (risk[x.asked] ?? x.fallback)) next[x.onSheet] = v;
  }
  const same = next.rateCorrelationOnSheet === request.risk?.rateCorrelationOnSheet && next.seedOnSheet === request.risk?.seedOnSheet;
  return same ? request : { ...request, risk: next };
}
