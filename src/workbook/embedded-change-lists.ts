/**
 * The lists of cells a change recomputed, as HyperFormula builds them, made linear in the formulas. An
 * edit of the scenario on a 60-bid comparison recomputes some 480,000 drawn cells, in a few hundred
 * spilled results; HyperFormula's lists of them cost more than computing them:
 *  - exporting the list concatenated each spilled result's cells onto the list so far (quadratic), one
 *    record per cell: a spilled result is exported as one record of its extent (SpilledChange) instead,
 *    and the list is built by appending;
 *  - recording a spilled result walked every one of its cells, making an address and a text key for each
 *    (changes are keyed by numbers here),
 *    to drop a change recorded earlier for a cell it now covers (twice: once per recomputation, once when
 *    the recomputation's changes are added to the edit's): the changes recorded so far are indexed by
 *    row, so only the rows the result covers are looked at.
 * HyperFormula keeps the class to itself, so it is reached through an empty recomputation; the patch is
 * made once. The lists hold the same changes in the same order; only a spilled result's record differs.
 */
import { HyperFormula, SimpleRangeValue } from "hyperformula";

interface Address {
  sheet: number;
  row: number;
  col: number;
}

interface Change {
  address: Address;
  value: unknown;
}

interface ContentChanges {
  changes: Map<string | number, Change>;
  /** The keys of the changes recorded, by sheet and row, then by column (made when the first spilled result is added). */
  byRow?: Map<number, Map<number, number>>;
}

/** A spilled result's change, exported as one record: `rows` x `cols` cells from `address`; `newValue` is its first cell's. */
export interface SpilledChange {
  address: Address;
  newValue: unknown;
  rows: number;
  cols: number;
}

/**
 * The key of a sheet's row, and of a cell, as numbers (no text made per change): below 2^20 rows and
 * 2^15 columns (Excel's sheet is 2^20 by 2^14), (sheet + 1) x 2^35 + row x 2^15 + col is exact below
 * 2^53 for 2^18 sheets. The lists key every change this way: HyperFormula's own keys are used only
 * inside the class this patches.
 */
const rowKey = (sheet: number, row: number) => (sheet + 1) * 2 ** 20 + row;
const cellKey = (sheet: number, row: number, col: number) => rowKey(sheet, row) * 2 ** 15 + col;

/** Drops the changes recorded for cells that a spilled result at `at` now covers (HyperFormula drops each covered cell's key). */
function dropCovered(list: ContentChanges, byRow: Map<number, Map<number, number>>, at: Address, value: SimpleRangeValue): void {
  const height = value.height();
  const width = value.width();
  if (list.changes.size === 0) return;
  for (let r = at.row; r < at.row + height; r++) {
    const cols = byRow.get(rowKey(at.sheet, r));
    if (!cols) continue;
    for (const [col, key] of cols) {
      if (col < at.col || col >= at.col + width) continue;
      list.changes.delete(key);
      cols.delete(col);
    }
  }
}

/** Records a change's key under its row and column. */
function indexOne(byRow: Map<number, Map<number, number>>, address: Address, key: number): void {
  const row = rowKey(address.sheet, address.row);
  let cols = byRow.get(row);
  if (!cols) byRow.set(row, (cols = new Map()));
  cols.set(address.col, key);
}

/** The changes recorded so far, indexed by row. */
function indexByRow(changes: Map<string | number, Change>): Map<number, Map<number, number>> {
  const byRow = new Map<number, Map<number, number>>();
  for (const [key, change] of changes) indexOne(byRow, change.address, key as number);
  return byRow;
}

/** HyperFormula's exporter, as far as the lists use it. */
interface Exporter {
  exportChange(change: Change): unknown;
  exportValue(value: unknown): unknown;
}

/** A change as the list exports it: a spilled result as one record of its extent, a cell as HyperFormula does. */
function exported(exporter: Exporter, change: Change): unknown {
  const v = change.value;
  if (!(v instanceof SimpleRangeValue) || change.address.sheet < 0) return exporter.exportChange(change);
  const first = v.height() > 0 && v.width() > 0 ? v.data[0][0] : undefined;
  const spilled: SpilledChange = { address: change.address, newValue: first === undefined ? null : exporter.exportValue(first), rows: v.height(), cols: v.width() };
  return spilled;
}

/** The sheets whose changes are not recorded, while withoutChangesOn runs (null: every change is). */
let quiet: ReadonlySet<number> | null = null;

/**
 * Runs `run` (synchronous: no other engine's change can come meanwhile) without recording the changes of
 * cells on the given sheets: sheets being written, whose hundreds of thousands of cells nobody is told of
 * (the embedded workbook lists a new sheet once it is whole). Changes on other sheets are recorded as ever.
 */
export function withoutChangesOn<T>(sheets: ReadonlySet<number>, run: () => T): T {
  const before = quiet;
  quiet = sheets;
  try {
    return run();
  } finally {
    quiet = before;
  }
}

export function linearChangeLists(hf: HyperFormula): void {
  const evaluator = (hf as unknown as { _evaluator?: { partialRun?(vertices: unknown[]): unknown } })._evaluator;
  const sample = evaluator?.partialRun?.([]) as { constructor?: { prototype?: Record<string, unknown> } } | undefined;
  const proto = sample?.constructor?.prototype as { exportChanges?: unknown; add?: unknown; linearExport?: boolean } | undefined;
  if (!proto || typeof proto.exportChanges !== "function" || typeof proto.add !== "function" || proto.linearExport) return;
  proto.exportChanges = function (this: ContentChanges, exporter: Exporter) {
    const out: unknown[] = [];
    for (const change of this.changes.values()) {
      const e = exported(exporter, change);
      if (Array.isArray(e)) for (const one of e) out.push(one);
      else out.push(e);
    }
    return out;
  };
  proto.add = function (this: ContentChanges, address: Address, change: Change) {
    if (quiet !== null && quiet.has(address.sheet)) return;
    // The index by row is made when the first spilled result comes (a sheet of values written, 860,000
    // cells for a values-only copy, never needs it), from the changes so far, and kept from then on.
    if (change.value instanceof SimpleRangeValue) dropCovered(this, (this.byRow ??= indexByRow(this.changes)), address, change.value);
    const key = cellKey(address.sheet, address.row, address.col);
    this.changes.set(key, change);
    if (this.byRow) indexOne(this.byRow, address, key);
  };
  proto.linearExport = true;
}
