/**
 * The view: which rows and columns are in the page. The grid is virtual: only the cells in view (and a
 * margin around them) are drawn; spacer rows and columns give the table the whole sheet's size, so the
 * scroll bars, the sticky headings and the charts sit where they would.
 */
import { h } from "../../taskpane/dom";
import { columnLetters } from "../../workbook/a1";
import { makeRow } from "./cells";
import { drawCharts, drawChartsSoon } from "./charts";
import { finishEditing } from "./editing";
import { colWidth } from "./layout";
import { DEFAULT_COL_PX, HEADER_PX, indexAt, ROW_HEADER_PX } from "./metrics";
import type { GridState, Rendered } from "./state";

interface Span {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** The rows and columns in view. */
function viewport(g: GridState): Span {
  const { layout } = g;
  const { scroller } = g.page;
  const top = scroller.scrollTop;
  const left = scroller.scrollLeft;
  const h0 = Math.max(0, scroller.clientHeight - HEADER_PX);
  const w0 = Math.max(0, scroller.clientWidth - ROW_HEADER_PX);
  return {
    r0: indexAt(layout.rowTop, layout.rows, top),
    r1: Math.min(layout.rows, indexAt(layout.rowTop, layout.rows, top + h0) + 1),
    c0: indexAt(layout.colLeft, layout.cols, left),
    c1: Math.min(layout.cols, indexAt(layout.colLeft, layout.cols, left + w0) + 1),
  };
}

/** The table as wide as the whole sheet, and the sheet's size for assistive technology. */
export function sizeCanvas(g: GridState): void {
  const { layout, stats } = g;
  const { table } = g.page;
  const width = ROW_HEADER_PX + layout.colLeft[layout.cols];
  table.style.width = `${width}px`;
  // The whole sheet's size, for assistive technology (only part of it is in the page).
  table.setAttribute("aria-rowcount", String(layout.rows + 1));
  table.setAttribute("aria-colcount", String(layout.cols + 1));
  stats.rows = layout.rows;
  stats.cols = layout.cols;
}

/** The view plus a margin: the rows and columns to draw. */
function windowAround(g: GridState, v: Span): Span {
  const { layout } = g;
  const marginY = Math.max(8, Math.ceil((v.r1 - v.r0) * 0.75));
  const r0 = Math.max(0, v.r0 - marginY);
  const r1 = Math.min(layout.rows, v.r1 + marginY);
  const left = layout.colLeft[v.c0];
  const right = layout.colLeft[v.c1];
  const marginX = Math.max(DEFAULT_COL_PX * 2, (right - left) * 0.5);
  const c0 = indexAt(layout.colLeft, layout.cols, Math.max(0, left - marginX));
  const c1 = Math.min(layout.cols, indexAt(layout.colLeft, layout.cols, right + marginX) + 1);
  return { r0, r1, c0, c1 };
}

/**
 * Draws the rows and columns in view plus a margin, reusing the rows already drawn when it can; then the
 * charts near the view, or (chartsSoon) in a task of their own right after.
 */
export function drawWindow(g: GridState, force = false, chartsSoon = false): void {
  const t0 = performance.now();
  const { layout, active } = g;
  const v = viewport(g);
  const was = g.rendered;
  if (!force && was && was.sheet === active && v.r0 >= was.r0 && v.r1 <= was.r1 && v.c0 >= was.c0 && v.c1 <= was.c1) return;
  if (g.editing) finishEditing(g, true);
  const { r0, r1, c0, c1 } = windowAround(g, v);
  const cols: number[] = [];
  for (let c = c0; c < c1; c++) if (!layout.hidden.has(c)) cols.push(c);

  const sameCols = !force && g.rendered !== null && g.rendered.sheet === active && g.rendered.c0 === c0 && g.rendered.c1 === c1;
  const old = sameCols ? g.rendered!.rows : new Map<number, HTMLTableRowElement>();
  const rows = new Map<number, HTMLTableRowElement>();
  const trs: HTMLTableRowElement[] = [];
  for (let r = r0; r < r1; r++) {
    if (layout.hiddenRows.has(r)) continue;
    const tr = old.get(r) ?? makeRow(g, r, cols);
    rows.set(r, tr);
    trs.push(tr);
  }
  g.rendered = { sheet: active, r0, r1, c0, c1, cols, colIndex: new Map(cols.map((c, i) => [c, i])), rows };
  placeRows(g, trs);
  if (!sameCols) drawColumnHeads(g, g.rendered);
  g.stats.cells = cols.length * rows.size;
  if (chartsSoon) drawChartsSoon(g);
  else drawCharts(g);
  g.stats.lastDrawMs = performance.now() - t0;
}

/** The drawn rows between spacers: the rows above and below the drawn ones. */
function placeRows(g: GridState, trs: HTMLTableRowElement[]): void {
  const { layout, rendered } = g;
  const { r0, r1, cols } = rendered!;
  const span = cols.length + 3;
  const spacer = (height: number) => {
    const tr = document.createElement("tr");
    tr.className = "wb-spacer";
    const td = document.createElement("td");
    td.colSpan = span;
    tr.append(td);
    tr.style.height = `${height}px`;
    return tr;
  };
  const above = layout.rowTop[r0];
  const below = layout.rowTop[layout.rows] - layout.rowTop[r1];
  g.page.body.replaceChildren(...(above > 0 ? [spacer(above)] : []), ...trs, ...(below > 0 ? [spacer(below)] : []));
}

/** The drawn columns' widths and headings, with spacer columns left and right of them. */
function drawColumnHeads(g: GridState, drawn: Rendered): void {
  const { layout, selected } = g;
  const { colgroup, headRow } = g.page;
  const { c0, c1, cols } = drawn;
  const colEl = (w: number) => {
    const col = document.createElement("col");
    col.style.width = `${w}px`;
    return col;
  };
  colgroup.replaceChildren(colEl(ROW_HEADER_PX), colEl(layout.colLeft[c0]), ...cols.map((c) => colEl(colWidth(layout, c))), colEl(layout.colLeft[layout.cols] - layout.colLeft[c1]));
  const corner = h("th", { class: "wb-corner", scope: "col" });
  headRow.replaceChildren(
    corner,
    h("th", { class: "wb-pad" }),
    ...cols.map((c) => h("th", { scope: "col", class: c === selected.col ? "wb-colhead wb-head-active" : "wb-colhead", "data-col": columnLetters(c) }, columnLetters(c))),
    h("th", { class: "wb-pad" }),
  );
}
