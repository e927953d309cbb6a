/**
 * Layout: row heights and column widths of the whole sheet, from its formats (no cell drawn), so that
 * any cell's position is a look-up.
 */
import { columnLetters, parseCell } from "../../workbook/a1";
import { STYLES } from "../../workbook/sheet-plan";
import { displayText } from "./display";
import { CELL_PADDING_PX, cellFont, DEFAULT_COL_PX, fontPx, HEADER_PX, LINE_PX, MAX_COLS, MAX_ROW_PX, MAX_ROWS, MIN_COLS, MIN_ROWS, pointsToPx, ROW_HEADER_PX, ROW_PX, wrappedLines } from "./metrics";
import type { GridState, Layout } from "./state";

export const colWidth = (layout: Layout, c: number) => layout.colLeft[c + 1] - layout.colLeft[c];
export const rowHeight = (layout: Layout, r: number) => layout.rowTop[r + 1] - layout.rowTop[r];

export function computeLayout(g: GridState): Layout {
  const { workbook, active, page } = g;
  const used = workbook.sheetSize(active);
  const hidden = new Set<number>();
  for (const letters of workbook.hiddenColumns(active)) hidden.add(parseCell(`${letters}1`).col);
  const widths = workbook.columnWidths(active);
  const widthOf = (c: number) => {
    if (hidden.has(c)) return 0;
    const pt = widths[columnLetters(c)];
    return pt ? pointsToPx(pt) : DEFAULT_COL_PX;
  };
  const { cols, colLeft } = layOutColumns(g, used.cols, widthOf);
  const { tallRows, wrapCells } = tallRowsOf(g, hidden, widthOf);
  const maxTall = tallRows.size ? Math.max(...tallRows.keys()) : -1;
  let rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, used.rows + 3, g.selected.row + 2, maxTall + 1));
  const viewH = Math.max(0, page.scroller.clientHeight - HEADER_PX);
  const fill = Math.ceil(viewH / ROW_PX) + 1;
  rows = Math.min(MAX_ROWS, Math.max(rows, fill));
  const hiddenRows = new Set(workbook.hiddenRows(active));
  const rowTop = new Float64Array(rows + 1);
  for (let r = 0; r < rows; r++) rowTop[r + 1] = rowTop[r] + (hiddenRows.has(r) ? 0 : (tallRows.get(r) ?? ROW_PX));
  return { sheet: active, rows, cols, rowTop, colLeft, hidden, hiddenRows, tallRows, wrapCells, used };
}

/** Columns: those in use, two more, and enough to fill the view; the selection always inside. */
function layOutColumns(g: GridState, usedCols: number, widthOf: (c: number) => number): { cols: number; colLeft: Float64Array } {
  const viewW = Math.max(0, g.page.scroller.clientWidth - ROW_HEADER_PX);
  let cols = Math.min(MAX_COLS, Math.max(MIN_COLS, usedCols + 2, g.selected.col + 2));
  let colLeft = new Float64Array(cols + 1);
  for (let c = 0; c < cols; c++) colLeft[c + 1] = colLeft[c] + widthOf(c);
  if (colLeft[cols] < viewW && cols < MAX_COLS) {
    const more = Math.min(MAX_COLS - cols, Math.ceil((viewW - colLeft[cols]) / DEFAULT_COL_PX) + 1);
    const grown = new Float64Array(cols + more + 1);
    grown.set(colLeft);
    for (let c = cols; c < cols + more; c++) grown[c + 1] = grown[c] + widthOf(c);
    cols += more;
    colLeft = grown;
  }
  return { cols, colLeft };
}

/** Rows: heights from the cells' font sizes and wrapped text. */
function tallRowsOf(g: GridState, hidden: Set<number>, widthOf: (c: number) => number): Pick<Layout, "tallRows" | "wrapCells"> {
  const tallRows = new Map<number, number>();
  const wrapCells = new Map<number, Set<number>>();
  for (const f of g.workbook.formats(g.active)) {
    const st = f.styleName ? STYLES[f.styleName] : null;
    if (!st || hidden.has(f.col)) continue;
    let need = ROW_PX;
    const px = fontPx(st);
    if (px > 16) need = Math.round(px * 1.35);
    if (st.wrap) {
      let inRow = wrapCells.get(f.row);
      if (!inRow) wrapCells.set(f.row, (inRow = new Set()));
      inRow.add(f.col);
      need = Math.max(need, wrapHeight(g, f.row, f.col, widthOf(f.col)));
    }
    if (need > (tallRows.get(f.row) ?? ROW_PX)) tallRows.set(f.row, Math.min(MAX_ROW_PX, need));
  }
  return { tallRows, wrapCells };
}

/** The height a wrapping cell needs in a column of `width` pixels. */
export function wrapHeight(g: GridState, row: number, col: number, width: number): number {
  const view = g.workbook.cellAt(g.active, row, col);
  const text = displayText(view, width - CELL_PADDING_PX).text;
  if (!text) return ROW_PX;
  const lines = wrappedLines(text, Math.max(1, width - CELL_PADDING_PX), cellFont(view));
  return Math.min(MAX_ROW_PX, Math.max(ROW_PX, lines * LINE_PX + 2));
}
