/**
 * The lists of cells a change recomputed, as HyperFormula builds them, made linear in the cells. An edit
 * of the scenario on a 60-bid comparison recomputes some 480,000 drawn cells, in a few hundred spilled
 * results; HyperFormula's lists of them cost more than computing them:
 *  - exporting the list concatenated each spilled result's cells onto the list so far (quadratic): the
 *    same list is built by appending;
 *  - recording a spilled result walked every one of its cells, making an address and a text key for each,
 *    to drop a change recorded earlier for a single cell it now covers (twice: once per recomputation,
 *    once when the recomputation's changes are added to the edit's): the changes recorded so far (one per
 *    formula, a few thousand) are looked through instead, whichever is fewer.
 * HyperFormula keeps the class to itself, so it is reached through an empty recomputation; the patch is
 * made once, and the lists hold the same changes in the same order.
 */
import { HyperFormula, SimpleRangeValue } from "hyperformula";

interface Address {
  sheet: number;
  row: number;
  col: number;
}

interface ContentChanges {
  changes: Map<string, { address: Address; value: unknown }>;
}

/** HyperFormula's key of an address in its list of changes (Cell.addressKey). */
const addressKey = (a: Address) => `${a.sheet},${a.row},${a.col}`;

/** Drops the changes recorded for cells that a spilled result at `at` now covers. */
function dropCovered(list: ContentChanges, at: Address, value: SimpleRangeValue): void {
  const height = value.height();
  const width = value.width();
  if (list.changes.size === 0) return;
  if (list.changes.size < height * width) {
    for (const [key, c] of list.changes) {
      const a = c.address;
      if (a.sheet === at.sheet && a.row >= at.row && a.row < at.row + height && a.col >= at.col && a.col < at.col + width) list.changes.delete(key);
    }
    return;
  }
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) list.changes.delete(addressKey({ sheet: at.sheet, row: at.row + r, col: at.col + c }));
}

export function linearChangeLists(hf: HyperFormula): void {
  const evaluator = (hf as unknown as { _evaluator?: { partialRun?(vertices: unknown[]): unknown } })._evaluator;
  const sample = evaluator?.partialRun?.([]) as { constructor?: { prototype?: Record<string, unknown> } } | undefined;
  const proto = sample?.constructor?.prototype as { exportChanges?: unknown; add?: unknown; linearExport?: boolean } | undefined;
  if (!proto || typeof proto.exportChanges !== "function" || typeof proto.add !== "function" || proto.linearExport) return;
  proto.exportChanges = function (this: ContentChanges, exporter: { exportChange(change: unknown): unknown }) {
    const out: unknown[] = [];
    for (const change of this.changes.values()) {
      const exported = exporter.exportChange(change);
      if (Array.isArray(exported)) for (const e of exported) out.push(e);
      else out.push(exported);
    }
    return out;
  };
  proto.add = function (this: ContentChanges, address: Address, change: { address: Address; value: unknown }) {
    if (change.value instanceof SimpleRangeValue) dropCovered(this, address, change.value);
    this.changes.set(addressKey(address), change);
  };
  proto.linearExport = true;
}
