/**
 * Whole redraws and updates after a change: the sheet tabs, a change of sheet, and a change of values,
 * which redraws only the changed cells in view and the charts that read them.
 */
import { h } from "../../taskpane/dom";
import { cellAddress } from "../../workbook/a1";
import type { ApplyProgress, ValueChange } from "../../workbook/embedded-workbook";
import { clipCells, paintCell } from "./cells";
import { drawCharts, markChangedCharts, readCharts } from "./charts";
import { finishEditing } from "./editing";
import { colWidth, computeLayout, wrapHeight } from "./layout";
import { ROW_PX } from "./metrics";
import { select, stepRow, updateFormulaBar } from "./selection";
import type { GridState } from "./state";
import { drawWindow, sizeCanvas } from "./window";

function renderTabs(g: GridState): void {
  const names = g.workbook.sheetNames();
  g.page.tabs.replaceChildren(
    ...names.map((name) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: name === g.active ? "wb-tab wb-tab-active" : "wb-tab",
          "aria-selected": name === g.active ? "true" : "false",
          "data-sheet": name,
          onclick: () => showSheet(g, name),
        },
        name,
      ),
    ),
  );
}

/**
 * Re-reads the workbook's sheets and the active sheet's layout and charts, and redraws what is in view
 * (its charts in the next task, when `chartsSoon`).
 */
export function refresh(g: GridState, chartsSoon = false): void {
  if (!g.workbook.sheetNames().includes(g.active)) {
    g.active = g.workbook.sheetNames()[0];
    g.selected = { row: 0, col: 0 };
  }
  renderTabs(g);
  g.layout = computeLayout(g);
  sizeCanvas(g);
  readCharts(g);
  drawWindow(g, true, chartsSoon);
  updateFormulaBar(g);
}

export function showSheet(g: GridState, name: string): void {
  const { scroller, message } = g.page;
  if (g.editing) finishEditing(g, true);
  g.active = name;
  g.selected = { row: 0, col: 0 };
  message.textContent = "";
  g.rendered = null;
  // A sheet opens at its top-left, as a new or rebuilt sheet should.
  scroller.scrollTop = 0;
  scroller.scrollLeft = 0;
  // Its charts in a task of their own: a large sheet's table and charts are each a task.
  refresh(g, true);
  // A hidden first row (the add-in's id row) is never where the selection starts.
  if (g.layout.hiddenRows.has(0)) select(g, cellAddress({ row: stepRow(g, 0, 1), col: 0 }));
}

/** A change of values: the changed cells in view are drawn again, and the charts that read them. */
export function onValues(g: GridState, changes: readonly ValueChange[]): void {
  const t0 = performance.now();
  const positions = changes.filter((c) => c.sheet === g.active);
  if (positions.length === 0) return;
  const used = g.workbook.sheetSize(g.active);
  if (movesRows(g, positions, used)) {
    g.layout = computeLayout(g);
    sizeCanvas(g);
    for (const chart of g.charts) chart.dirty = true;
    drawWindow(g, true);
    updateFormulaBar(g);
    g.stats.lastUpdateMs = performance.now() - t0;
    g.stats.lastUpdateCells = g.stats.cells;
    return;
  }
  g.layout.used = used;
  const painted = repaintChanged(g, positions);
  markChangedCharts(g, positions);
  drawCharts(g);
  if (positions.some((p) => p.covers(g.selected.row, g.selected.col))) updateFormulaBar(g);
  g.stats.lastUpdateMs = performance.now() - t0;
  g.stats.lastUpdateCells = painted;
}

/** A change that moves rows (a wrapped heading's new text, a sheet that grew): lay out again. */
function movesRows(g: GridState, positions: readonly ValueChange[], used: { rows: number; cols: number }): boolean {
  const { layout } = g;
  if (used.rows > layout.used.rows || used.cols > layout.used.cols) return true;
  if (!layout.wrapCells.size) return false;
  const grows = (row: number, col: number) => wrapHeight(g, row, col, colWidth(layout, col)) !== (layout.tallRows.get(row) ?? ROW_PX);
  for (const p of positions) {
    if (p.cells === 1) {
      if (layout.wrapCells.get(p.row)?.has(p.col) && grows(p.row, p.col)) return true;
      continue;
    }
    // A spilled result: the wrapped cells of the rows it covers.
    for (const [row, cols] of layout.wrapCells) {
      if (row < p.row || row >= p.row + p.rows) continue;
      for (const col of cols) if (p.covers(row, col) && grows(row, col)) return true;
    }
  }
  return false;
}

/** Draws the changed cells in view again (not one being typed into); how many were drawn. */
function repaintChanged(g: GridState, positions: readonly ValueChange[]): number {
  const { rendered } = g;
  if (!rendered) return 0;
  let painted = 0;
  const touchedRows = new Map<number, { from: number; to: number }>();
  const paint = (row: number, col: number) => {
    const tr = rendered.rows.get(row);
    const i = rendered.colIndex.get(col);
    if (!tr || i === undefined) return;
    const td = tr.children[2 + i] as HTMLTableCellElement;
    if (g.editing && g.editing.td === td) return;
    paintCell(g, td, row, col);
    painted++;
    const t = touchedRows.get(row);
    touchedRows.set(row, { from: Math.min(t?.from ?? i, i - 1), to: Math.max(t?.to ?? i + 1, i + 1) });
  };
  for (const p of positions) {
    if (p.cells === 1) {
      paint(p.row, p.col);
      continue;
    }
    // A spilled result: the cells of it in view.
    if (!p.meets(rendered.r0, rendered.c0, rendered.r1, rendered.c1)) continue;
    for (const row of rendered.rows.keys()) {
      if (row < p.row || row >= p.row + p.rows) continue;
      for (const col of rendered.cols) if (p.covers(row, col)) paint(row, col);
    }
  }
  for (const [r, span] of touchedRows) clipCells(rendered.rows.get(r)!, rendered.cols.length, span.from, span.to);
  return painted;
}

/** A sheet being written in chunks: how far it is, in the status line; cleared when it is whole. */
export function showProgress(g: GridState, p: ApplyProgress): void {
  const { message } = g.page;
  message.dataset.progress = p.done < p.total ? String(p.done) : "";
  message.textContent = p.done < p.total ? `Writing “${p.sheet}”: ${Math.floor((100 * p.done) / Math.max(1, p.total))}% of ${p.total.toLocaleString("en-US")} cells` : "";
}
