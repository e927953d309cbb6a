/**
 * The workbench's spreadsheet: sheet tabs, a formula bar (name box + formula or value), and a grid of
 * the active sheet of the embedded workbook, showing computed values with the sheet's number formats
 * and styles, spilled ranges, and errors as Excel shows them (#NUM! ..., the message as a tooltip).
 * Typing into a cell (or the formula bar) and pressing Enter sets the cell's input, as in Excel.
 *
 * The grid is virtual: sheets reach 100,000 cells in use and thousands of columns, so only the cells in
 * view (and a margin around them) are in the page. Spacer rows and columns give the table the whole
 * sheet's size, so the scroll bars, the sticky row and column headings and the charts sit where they
 * would. Rows and columns have sizes known in advance (column widths, font sizes, wrapped headings), so
 * any cell's position is a look-up. A change of values redraws only the changed cells in view and the
 * charts that read them.
 *
 * Every cell is written with textContent; styles go through the CSSOM (no style attributes: the page
 * runs under a strict Content-Security-Policy).
 */
import { refusal } from "./validation";
import { h } from "../taskpane/dom";
import { cellAddress, columnLetters, parseCell } from "../workbook/a1";
import type { ApplyProgress, CellDisplay, ChartView, EmbeddedWorkbook, ValueChange, WorkbookEvent } from "../workbook/embedded-workbook";
import { isCellError } from "../workbook/port";
import { STYLES } from "../workbook/sheet-plan";
import { chartInput, chartSources, renderChart } from "./chart";
import { formatValue } from "./number-format";

const DEFAULT_COL_PX = 72;
/** Left and right padding and the border of a cell. */
const CELL_PADDING_PX = 9;
const ROW_HEADER_PX = 44;
/** The column headings' row. */
const HEADER_PX = 21;
/** A row's height, its bottom border included. */
const ROW_PX = 21;
const LINE_PX = 19;
/** Excel's tallest row (409 points). */
const MAX_ROW_PX = 545;
const MIN_ROWS = 30;
const MIN_COLS = 10;
/** The engine's limits (HyperFormula's defaults): the selection never goes past them. */
const MAX_ROWS = 40000;
const MAX_COLS = 18278;
const pointsToPx = (pt: number) => Math.round((pt * 96) / 72);

export interface GridView {
  element: HTMLElement;
  activeSheet(): string;
  showSheet(name: string): void;
  select(address: string): void;
  /** Scrolls a cell of the active sheet into view (and draws it), leaving the selection alone. */
  reveal(address: string): void;
  /** Re-reads the workbook's layout and redraws what is in view (also done on every change of sheets). */
  refresh(): void;
  /** How much of the sheet is in the page, and how long drawing took (for the tests and the bench). */
  stats(): GridStats;
}

export interface GridStats {
  /** Cells (td) in the page. */
  cells: number;
  /** Rows and columns of the sheet's scrollable area. */
  rows: number;
  cols: number;
  /** Milliseconds of the last full draw of the view and of the last update after a change of values. */
  lastDrawMs: number;
  lastUpdateMs: number;
  /** Cells repainted by the last update. */
  lastUpdateCells: number;
}

const CELL_FONT_FAMILY = 'Calibri, Carlito, "Segoe UI", Arial, sans-serif';
const CELL_FONT_PX = 14;
let measurer: CanvasRenderingContext2D | null = null;
const widthCache = new Map<string, number>();

/** The width in pixels of text in a font, as the browser lays it out. */
function textWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    measurer ??= document.createElement("canvas").getContext("2d");
    if (!measurer) return text.length * 7.5;
    measurer.font = font;
    w = measurer.measureText(text).width;
    if (widthCache.size > 20000) widthCache.clear();
    widthCache.set(key, w);
  }
  return w;
}

function fontPx(st: CellDisplay["style"]): number {
  return st?.fontSize ? pointsToPx(st.fontSize) : CELL_FONT_PX;
}

function cellFont(view: CellDisplay): string {
  const st = view.style;
  return `${st?.italic ? "italic " : ""}${st?.bold ? 600 : 400} ${fontPx(st)}px ${CELL_FONT_FAMILY}`;
}

/** Lines a text wraps to in `room` pixels, breaking at spaces (and inside words too long for a line). */
function wrappedLines(text: string, room: number, font: string): number {
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(/(?<=\s)/)) {
      const w = textWidth(word, font);
      if (used > 0 && used + textWidth(word.trimEnd(), font) > room) {
        lines++;
        used = 0;
      }
      if (w > room) {
        lines += Math.floor(w / Math.max(1, room));
        used = w % Math.max(1, room);
      } else used += w;
    }
  }
  return lines;
}

/** Index of the last prefix-sum entry at or below y: the row (or column) that holds position y. */
function indexAt(starts: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** Sizes and positions of the active sheet's rows and columns (pixels, from the first row/column). */
interface Layout {
  sheet: string;
  rows: number;
  cols: number;
  /** rows + 1 entries: rowTop[r] is row r's top; rowTop[rows] the height of all rows. */
  rowTop: Float64Array;
  colLeft: Float64Array;
  hidden: Set<number>;
  /** Hidden rows (the add-in's id row): no height, never drawn. */
  hiddenRows: Set<number>;
  /** Rows whose height is not the default (big fonts, wrapped text), and cells that wrap. */
  tallRows: Map<number, number>;
  /** Cells that wrap, by row then column (looked up per changed cell: no strings made). */
  wrapCells: Map<number, Set<number>>;
  /** The sheet's size in use when laid out. */
  used: { rows: number; cols: number };
}

interface Rendered {
  sheet: string;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  /** The columns drawn (hidden ones left out), and where each sits in a row's cells. */
  cols: number[];
  colIndex: Map<number, number>;
  rows: Map<number, HTMLTableRowElement>;
}

interface DrawnChart {
  view: ChartView;
  sources: { r0: number; c0: number; r1: number; c1: number }[];
  figure: HTMLElement | null;
  dirty: boolean;
}

export function createGrid(workbook: EmbeddedWorkbook, initialSheet: string): GridView {
  let active = initialSheet;
  let selected = { row: 0, col: 0 };
  let editing: { input: HTMLInputElement; td: HTMLTableCellElement; row: number; col: number } | null = null;
  let layout: Layout;
  let rendered: Rendered | null = null;
  let charts: DrawnChart[] = [];
  const stats: GridStats = { cells: 0, rows: 0, cols: 0, lastDrawMs: 0, lastUpdateMs: 0, lastUpdateCells: 0 };

  const tabs = h("div", { class: "wb-tabs", role: "tablist", "aria-label": "Sheets" });
  const nameBox = h("input", { class: "wb-namebox", "aria-label": "Cell address", spellcheck: "false", autocomplete: "off" });
  const formulaInput = h("input", { class: "wb-formula", "aria-label": "Formula bar: the selected cell's formula or value", spellcheck: "false", autocomplete: "off" });
  const formulaBar = h("div", { class: "wb-formulabar" }, nameBox, h("span", { class: "wb-fx", "aria-hidden": "true" }, "fx"), formulaInput);
  const table = h("table", { class: "wb-grid", role: "grid", "aria-label": "Sheet cells" });
  const colgroup = h("colgroup");
  const headRow = h("tr", { "aria-rowindex": "1" });
  const body = h("tbody");
  table.append(colgroup, h("thead", {}, headRow), body);
  const chartLayer = h("div", { class: "wb-charts" });
  const canvas = h("div", { class: "wb-canvas" }, table, chartLayer);
  const scroller = h("div", { class: "wb-scroller", tabindex: "-1" }, canvas);
  const message = h("div", { class: "wb-message", role: "status", "aria-live": "polite" });
  const element = h("section", { class: "wb-sheet", "aria-label": "Workbook" }, formulaBar, scroller, tabs, message);

  const colWidth = (c: number) => layout.colLeft[c + 1] - layout.colLeft[c];
  const rowHeight = (r: number) => layout.rowTop[r + 1] - layout.rowTop[r];

  // -------------------------------------------------------------------------------------------
  // Layout: row heights and column widths of the whole sheet, from its formats (no cell drawn)

  function computeLayout(): Layout {
    const used = workbook.sheetSize(active);
    const viewW = Math.max(0, scroller.clientWidth - ROW_HEADER_PX);
    const viewH = Math.max(0, scroller.clientHeight - HEADER_PX);
    const widths = workbook.columnWidths(active);
    const hidden = new Set<number>();
    for (const letters of workbook.hiddenColumns(active)) hidden.add(parseCell(`${letters}1`).col);
    const widthOf = (c: number) => {
      if (hidden.has(c)) return 0;
      const pt = widths[columnLetters(c)];
      return pt ? pointsToPx(pt) : DEFAULT_COL_PX;
    };
    // Columns: those in use, two more, and enough to fill the view; the selection always inside.
    let cols = Math.min(MAX_COLS, Math.max(MIN_COLS, used.cols + 2, selected.col + 2));
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
    // Rows: heights from the cells' font sizes and wrapped text.
    const tallRows = new Map<number, number>();
    const wrapCells = new Map<number, Set<number>>();
    for (const f of workbook.formats(active)) {
      const st = f.styleName ? STYLES[f.styleName] : null;
      if (!st || hidden.has(f.col)) continue;
      let need = ROW_PX;
      const px = fontPx(st);
      if (px > 16) need = Math.round(px * 1.35);
      if (st.wrap) {
        let inRow = wrapCells.get(f.row);
        if (!inRow) wrapCells.set(f.row, (inRow = new Set()));
        inRow.add(f.col);
        need = Math.max(need, wrapHeight(f.row, f.col, widthOf(f.col)));
      }
      if (need > (tallRows.get(f.row) ?? ROW_PX)) tallRows.set(f.row, Math.min(MAX_ROW_PX, need));
    }
    const maxTall = tallRows.size ? Math.max(...tallRows.keys()) : -1;
    let rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, used.rows + 3, selected.row + 2, maxTall + 1));
    const fill = Math.ceil(viewH / ROW_PX) + 1;
    rows = Math.min(MAX_ROWS, Math.max(rows, fill));
    const hiddenRows = new Set(workbook.hiddenRows(active));
    const rowTop = new Float64Array(rows + 1);
    for (let r = 0; r < rows; r++) rowTop[r + 1] = rowTop[r] + (hiddenRows.has(r) ? 0 : (tallRows.get(r) ?? ROW_PX));
    return { sheet: active, rows, cols, rowTop, colLeft, hidden, hiddenRows, tallRows, wrapCells, used };
  }

  /** The height a wrapping cell needs in a column of `width` pixels. */
  function wrapHeight(row: number, col: number, width: number): number {
    const view = workbook.cellAt(active, row, col);
    const text = displayText(view, width - CELL_PADDING_PX).text;
    if (!text) return ROW_PX;
    const lines = wrappedLines(text, Math.max(1, width - CELL_PADDING_PX), cellFont(view));
    return Math.min(MAX_ROW_PX, Math.max(ROW_PX, lines * LINE_PX + 2));
  }

  // -------------------------------------------------------------------------------------------
  // Cells

  /**
   * What a cell shows, as Excel shows it in a column `room` pixels wide: General numbers get as many
   * digits as fit; a formatted number that does not fit shows ####; text runs on (or is cut).
   */
  function displayText(view: CellDisplay, room: number): { text: string; title?: string; kind: string; color?: string } {
    const v = view.value;
    if (isCellError(v)) return { text: v.error, title: v.message ? `${v.error} ${v.message}` : v.error, kind: "error" };
    if (v === null) return { text: "", kind: "empty" };
    const code = view.numberFormat ?? undefined;
    if (typeof v !== "number") {
      const f = formatValue(v, code);
      return { text: f.text, kind: typeof v, color: f.color };
    }
    const font = cellFont(view);
    const f = formatValue(v, code, Math.floor(room / textWidth("0", font)));
    if (textWidth(f.text, font) <= room) return { text: f.text, kind: "number", color: f.color };
    return { text: "#".repeat(Math.max(1, Math.floor(room / textWidth("#", font)))), kind: "number" };
  }

  /** Draws one cell's content, classes and style into its td (a new one or one drawn before). */
  function paintCell(td: HTMLTableCellElement, row: number, col: number): void {
    const inUse = row < layout.used.rows && col < layout.used.cols;
    const view: CellDisplay | null = inUse ? workbook.cellAt(active, row, col) : null;
    const classes: string[] = [];
    const s = td.style;
    if (view && (view.value !== null || view.style || view.hasFormula)) {
      const width = colWidth(col);
      const shown = displayText(view, width - CELL_PADDING_PX);
      classes.push(`wb-${shown.kind}`);
      if (view.spilled) classes.push("wb-spilled");
      if (view.hasFormula) classes.push("wb-has-formula");
      const st = view.style;
      const wraps = st?.wrap === true;
      if (wraps) {
        classes.push("wb-wrap");
        // The text is boxed to the row's height, so that the row is as tall as laid out.
        const box = h("div", { class: "wb-wrapbox" }, shown.text);
        box.style.maxHeight = `${rowHeight(row) - 2}px`;
        td.replaceChildren(box);
      } else td.textContent = shown.text;
      if (shown.title) td.title = shown.title;
      else td.removeAttribute("title");
      s.fontWeight = st?.bold ? "600" : "";
      s.fontStyle = st?.italic ? "italic" : "";
      const px = fontPx(st);
      s.fontSize = st?.fontSize ? `${px}px` : "";
      s.lineHeight = px > 16 ? `${Math.round(px * 1.3)}px` : "";
      s.color = shown.color ? (shown.color === "red" ? "#c00000" : shown.color) : (st?.fontColor ?? "");
      s.backgroundColor = st?.fill ?? "";
    } else {
      td.textContent = "";
      td.removeAttribute("title");
      if (td.hasAttribute("style")) {
        s.fontWeight = s.fontStyle = s.fontSize = s.lineHeight = s.color = s.backgroundColor = "";
      }
    }
    if (row === selected.row && col === selected.col) {
      classes.push("wb-selected");
      td.setAttribute("aria-selected", "true");
    } else td.removeAttribute("aria-selected");
    td.className = classes.join(" ");
  }

  /**
   * Text runs on into empty cells to its right, as in Excel; it is cut where the next cell has content.
   * Sets that for the cells from..to (indexes among the row's `n` drawn cells).
   */
  function clipCells(tr: HTMLTableRowElement, n: number, from = 0, to = n): void {
    const cells = tr.children;
    for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
      const td = cells[2 + i] as HTMLTableCellElement;
      const next = i + 1 < n ? (cells[3 + i] as HTMLTableCellElement) : null;
      const clip = td.classList.contains("wb-string") && !td.classList.contains("wb-wrap") && next !== null && next.textContent !== "";
      td.classList.toggle("wb-clip", clip);
    }
  }

  function makeRow(r: number, cols: number[]): HTMLTableRowElement {
    const tr = document.createElement("tr");
    tr.setAttribute("aria-rowindex", String(r + 2));
    const head = document.createElement("th");
    head.scope = "row";
    head.className = r === selected.row ? "wb-rowhead wb-head-active" : "wb-rowhead";
    head.textContent = String(r + 1);
    const pad = document.createElement("td");
    pad.className = "wb-pad";
    tr.append(head, pad);
    const tall = layout.tallRows.get(r);
    if (tall !== undefined) tr.style.height = `${tall}px`;
    for (const c of cols) {
      const td = document.createElement("td");
      td.setAttribute("role", "gridcell");
      td.setAttribute("aria-colindex", String(c + 2));
      td.dataset.address = cellAddress({ row: r, col: c });
      paintCell(td, r, c);
      tr.append(td);
    }
    const padEnd = document.createElement("td");
    padEnd.className = "wb-pad";
    tr.append(padEnd);
    clipCells(tr, cols.length);
    return tr;
  }

  // -------------------------------------------------------------------------------------------
  // The view: which rows and columns are in the page

  function viewport(): { r0: number; r1: number; c0: number; c1: number } {
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

  function sizeCanvas(): void {
    const width = ROW_HEADER_PX + layout.colLeft[layout.cols];
    table.style.width = `${width}px`;
    // The whole sheet's size, for assistive technology (only part of it is in the page).
    table.setAttribute("aria-rowcount", String(layout.rows + 1));
    table.setAttribute("aria-colcount", String(layout.cols + 1));
    stats.rows = layout.rows;
    stats.cols = layout.cols;
  }

  /** Draws the rows and columns in view plus a margin, reusing the rows already drawn when it can. */
  function drawWindow(force = false): void {
    const t0 = performance.now();
    const v = viewport();
    if (!force && rendered && rendered.sheet === active && v.r0 >= rendered.r0 && v.r1 <= rendered.r1 && v.c0 >= rendered.c0 && v.c1 <= rendered.c1) return;
    if (editing) finishEditing(true);
    const marginY = Math.max(8, Math.ceil((v.r1 - v.r0) * 0.75));
    const r0 = Math.max(0, v.r0 - marginY);
    const r1 = Math.min(layout.rows, v.r1 + marginY);
    const left = layout.colLeft[v.c0];
    const right = layout.colLeft[v.c1];
    const marginX = Math.max(DEFAULT_COL_PX * 2, (right - left) * 0.5);
    const c0 = indexAt(layout.colLeft, layout.cols, Math.max(0, left - marginX));
    const c1 = Math.min(layout.cols, indexAt(layout.colLeft, layout.cols, right + marginX) + 1);
    const cols: number[] = [];
    for (let c = c0; c < c1; c++) if (!layout.hidden.has(c)) cols.push(c);

    const sameCols = !force && rendered !== null && rendered.sheet === active && rendered.c0 === c0 && rendered.c1 === c1;
    const old = sameCols ? rendered!.rows : new Map<number, HTMLTableRowElement>();
    const rows = new Map<number, HTMLTableRowElement>();
    const trs: HTMLTableRowElement[] = [];
    for (let r = r0; r < r1; r++) {
      if (layout.hiddenRows.has(r)) continue;
      const tr = old.get(r) ?? makeRow(r, cols);
      rows.set(r, tr);
      trs.push(tr);
    }
    rendered = { sheet: active, r0, r1, c0, c1, cols, colIndex: new Map(cols.map((c, i) => [c, i])), rows };

    // Spacers: the rows above and below, the columns left and right of the drawn ones.
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
    body.replaceChildren(...(above > 0 ? [spacer(above)] : []), ...trs, ...(below > 0 ? [spacer(below)] : []));
    if (!sameCols) {
      const colEl = (w: number) => {
        const col = document.createElement("col");
        col.style.width = `${w}px`;
        return col;
      };
      colgroup.replaceChildren(colEl(ROW_HEADER_PX), colEl(layout.colLeft[c0]), ...cols.map((c) => colEl(colWidth(c))), colEl(layout.colLeft[layout.cols] - layout.colLeft[c1]));
      const corner = h("th", { class: "wb-corner", scope: "col" });
      headRow.replaceChildren(
        corner,
        h("th", { class: "wb-pad" }),
        ...cols.map((c) => h("th", { scope: "col", class: c === selected.col ? "wb-colhead wb-head-active" : "wb-colhead", "data-col": columnLetters(c) }, columnLetters(c))),
        h("th", { class: "wb-pad" }),
      );
    }
    stats.cells = cols.length * rows.size;
    drawCharts();
    stats.lastDrawMs = performance.now() - t0;
  }

  // -------------------------------------------------------------------------------------------
  // Charts: drawn where they are anchored, when in view, again when their data changed

  function readCharts(): void {
    chartLayer.replaceChildren();
    charts = workbook.charts(active).map((view) => ({ view, sources: chartSources(view), figure: null, dirty: false }));
  }

  function chartBox(view: ChartView): { left: number; top: number; width: number; height: number } {
    const tl = parseCell(view.topLeft);
    const br = parseCell(view.bottomRight);
    const c0 = Math.min(tl.col, layout.cols - 1);
    const c1 = Math.min(br.col + 1, layout.cols);
    const r0 = Math.min(tl.row, layout.rows - 1);
    const r1 = Math.min(br.row + 1, layout.rows);
    const left = ROW_HEADER_PX + layout.colLeft[c0];
    const top = HEADER_PX + layout.rowTop[r0];
    // As wide as its cells, but never wider than the grid in view (minus a margin and the scroll bar).
    const room = Math.max(160, scroller.clientWidth - ROW_HEADER_PX - 24);
    const width = Math.min(room, Math.max(240, layout.colLeft[c1] - layout.colLeft[c0]));
    const height = Math.max(160, layout.rowTop[r1] - layout.rowTop[r0]);
    return { left, top, width, height };
  }

  function drawCharts(): void {
    const viewTop = scroller.scrollTop - scroller.clientHeight;
    const viewBottom = scroller.scrollTop + 2 * scroller.clientHeight;
    const viewLeft = scroller.scrollLeft - scroller.clientWidth;
    const viewRight = scroller.scrollLeft + 2 * scroller.clientWidth;
    let fresh: Map<string, ChartView> | null = null;
    for (const chart of charts) {
      const box = chartBox(chart.view);
      const near = box.top < viewBottom && box.top + box.height > viewTop && box.left < viewRight && box.left + box.width > viewLeft;
      if (!near) continue;
      const key = `${box.left},${box.top},${box.width},${box.height}`;
      if (chart.figure && !chart.dirty && chart.figure.dataset.box === key) continue;
      if (chart.dirty) {
        // The data as it stands now (read once for all the charts to draw again).
        fresh ??= new Map(workbook.charts(active).map((c) => [c.id, c]));
        chart.view = fresh.get(chart.view.id) ?? chart.view;
      }
      const cells = chart.view.series.map((s) => workbook.values(active, s.values).flat());
      const figure = h("figure", { class: "wb-chart", "data-chart": chart.view.id, "data-box": key });
      figure.style.left = `${box.left}px`;
      figure.style.top = `${box.top}px`;
      figure.style.width = `${box.width}px`;
      figure.style.height = `${box.height}px`;
      figure.append(renderChart(chartInput(chart.view, cells), box.width, box.height));
      if (chart.figure) chart.figure.replaceWith(figure);
      else chartLayer.append(figure);
      chart.figure = figure;
      chart.dirty = false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Whole redraws and updates after a change

  function renderTabs(): void {
    const names = workbook.sheetNames();
    tabs.replaceChildren(
      ...names.map((name) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            class: name === active ? "wb-tab wb-tab-active" : "wb-tab",
            "aria-selected": name === active ? "true" : "false",
            "data-sheet": name,
            onclick: () => showSheet(name),
          },
          name,
        ),
      ),
    );
  }

  function refresh(): void {
    if (!workbook.sheetNames().includes(active)) {
      active = workbook.sheetNames()[0];
      selected = { row: 0, col: 0 };
    }
    renderTabs();
    layout = computeLayout();
    sizeCanvas();
    readCharts();
    drawWindow(true);
    updateFormulaBar();
  }

  /** A change of values: the changed cells in view are drawn again, and the charts that read them. */
  function onValues(changes: readonly ValueChange[]): void {
    const t0 = performance.now();
    const positions = changes.filter((c) => c.sheet === active);
    if (positions.length === 0) return;
    const used = workbook.sheetSize(active);
    // A change that moves rows (a wrapped heading's new text, a sheet that grew): lay out again.
    let relayout = used.rows > layout.used.rows || used.cols > layout.used.cols;
    if (!relayout && layout.wrapCells.size) {
      for (const p of positions) {
        if (layout.wrapCells.get(p.row)?.has(p.col) && wrapHeight(p.row, p.col, colWidth(p.col)) !== (layout.tallRows.get(p.row) ?? ROW_PX)) {
          relayout = true;
          break;
        }
      }
    }
    if (relayout) {
      layout = computeLayout();
      sizeCanvas();
      for (const chart of charts) chart.dirty = true;
      drawWindow(true);
      updateFormulaBar();
      stats.lastUpdateMs = performance.now() - t0;
      stats.lastUpdateCells = stats.cells;
      return;
    }
    layout.used = used;
    let painted = 0;
    const touchedRows = new Map<number, { from: number; to: number }>();
    if (rendered) {
      for (const p of positions) {
        const tr = rendered.rows.get(p.row);
        const i = rendered.colIndex.get(p.col);
        if (!tr || i === undefined) continue;
        const td = tr.children[2 + i] as HTMLTableCellElement;
        if (editing && editing.td === td) continue;
        paintCell(td, p.row, p.col);
        painted++;
        const t = touchedRows.get(p.row);
        touchedRows.set(p.row, { from: Math.min(t?.from ?? i, i - 1), to: Math.max(t?.to ?? i + 1, i + 1) });
      }
      for (const [r, span] of touchedRows) clipCells(rendered.rows.get(r)!, rendered.cols.length, span.from, span.to);
    }
    for (const chart of charts) {
      if (chart.dirty) continue;
      chart.dirty = positions.some((p) => chart.sources.some((s) => p.row >= s.r0 && p.row <= s.r1 && p.col >= s.c0 && p.col <= s.c1));
    }
    drawCharts();
    if (positions.some((p) => p.row === selected.row && p.col === selected.col)) updateFormulaBar();
    stats.lastUpdateMs = performance.now() - t0;
    stats.lastUpdateCells = painted;
  }

  // -------------------------------------------------------------------------------------------
  // Selection, scrolling, editing

  function updateFormulaBar(): void {
    const address = cellAddress(selected);
    nameBox.value = address;
    workbook.select(active, address); // the embedded port's selection (the pane's "Explain this cell")
    if (document.activeElement === formulaInput) return; // the user is typing there
    if (selected.row >= layout.used.rows || selected.col >= layout.used.cols) {
      formulaInput.value = "";
      return;
    }
    const view = workbook.cell(active, address);
    if (view.formula) formulaInput.value = view.formula;
    else if (view.value === null) formulaInput.value = "";
    else if (isCellError(view.value)) formulaInput.value = view.value.error;
    else if (typeof view.value === "boolean") formulaInput.value = view.value ? "TRUE" : "FALSE";
    else formulaInput.value = String(view.value);
  }

  function renderedTd(row: number, col: number): HTMLTableCellElement | null {
    if (!rendered) return null;
    const tr = rendered.rows.get(row);
    const i = rendered.colIndex.get(col);
    return tr && i !== undefined ? (tr.children[2 + i] as HTMLTableCellElement) : null;
  }

  /** Marks the selected cell and its headings (and unmarks the previous ones). */
  function markSelection(previous: { row: number; col: number }): void {
    const old = renderedTd(previous.row, previous.col);
    if (old) {
      old.classList.remove("wb-selected");
      old.removeAttribute("aria-selected");
    }
    rendered?.rows.get(previous.row)?.firstElementChild?.classList.remove("wb-head-active");
    headRow.querySelector(`th[data-col="${columnLetters(previous.col)}"]`)?.classList.remove("wb-head-active");
    const td = renderedTd(selected.row, selected.col);
    if (td) {
      td.classList.add("wb-selected");
      td.setAttribute("aria-selected", "true");
    }
    rendered?.rows.get(selected.row)?.firstElementChild?.classList.add("wb-head-active");
    headRow.querySelector(`th[data-col="${columnLetters(selected.col)}"]`)?.classList.add("wb-head-active");
  }

  /**
   * Scrolls just enough for a cell to be wholly in view beside the sticky headings (never under them,
   * as the browser's scrollIntoView would leave column A).
   */
  function scrollToCell(row: number, col: number): void {
    const x0 = layout.colLeft[col];
    const x1 = layout.colLeft[col + 1];
    const y0 = layout.rowTop[row];
    const y1 = layout.rowTop[row + 1];
    const w = scroller.clientWidth - ROW_HEADER_PX;
    const hgt = scroller.clientHeight - HEADER_PX;
    if (x0 < scroller.scrollLeft) scroller.scrollLeft = x0;
    else if (x1 > scroller.scrollLeft + w) scroller.scrollLeft = Math.min(x0, x1 - w);
    if (y0 < scroller.scrollTop) scroller.scrollTop = y0;
    else if (y1 > scroller.scrollTop + hgt) scroller.scrollTop = Math.min(y0, y1 - hgt);
  }

  function select(address: string): void {
    const previous = selected;
    const p = parseCell(address);
    selected = { row: Math.min(p.row, MAX_ROWS - 1), col: Math.min(p.col, MAX_COLS - 1) };
    if (selected.row >= layout.rows - 1 || selected.col >= layout.cols - 1) {
      layout = computeLayout();
      sizeCanvas();
      rendered = null;
    }
    scrollToCell(selected.row, selected.col);
    drawWindow(rendered === null);
    markSelection(previous);
    scroller.focus({ preventScroll: true });
    updateFormulaBar();
  }

  function commit(sheet: string, address: string, text: string): void {
    const refused = refusal(workbook, sheet, address, text);
    if (refused) {
      message.textContent = `${address}: ${refused}`;
      return;
    }
    try {
      workbook.setCellInput(sheet, address, text);
      message.textContent = "";
    } catch (e) {
      message.textContent = `${address}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  function finishEditing(save: boolean): void {
    if (!editing) return;
    const { input, td, row, col } = editing;
    editing = null;
    if (save) commit(active, cellAddress({ row, col }), input.value);
    if (td.isConnected) paintCell(td, row, col);
    const tr = rendered?.rows.get(row);
    const i = rendered?.colIndex.get(col);
    if (tr && i !== undefined && rendered) clipCells(tr, rendered.cols.length, i - 1, i + 1);
  }

  function startEditing(initial?: string): void {
    const td = renderedTd(selected.row, selected.col);
    if (!td) return;
    const address = cellAddress(selected);
    const input = h("input", { class: "wb-editor", "aria-label": `Edit ${address}`, spellcheck: "false", autocomplete: "off" });
    input.value = initial ?? formulaInput.value;
    td.replaceChildren(input);
    editing = { input, td, row: selected.row, col: selected.col };
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === "Tab") {
        ev.preventDefault();
        finishEditing(true);
        move(ev.key === "Enter" ? (ev.shiftKey ? -1 : 1) : 0, ev.key === "Tab" ? (ev.shiftKey ? -1 : 1) : 0);
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        finishEditing(false);
        scroller.focus({ preventScroll: true });
      }
    });
    input.addEventListener("blur", () => {
      if (editing && editing.input === input) finishEditing(true);
    });
  }

  /** The next column that is not hidden, `step` columns to the right (or left). */
  function stepColumn(col: number, step: number): number {
    let c = col;
    let left = Math.abs(step);
    const dir = Math.sign(step);
    while (left > 0) {
      let next = c + dir;
      while (next >= 0 && next < MAX_COLS && layout.hidden.has(next)) next += dir;
      if (next < 0 || next >= MAX_COLS) break;
      c = next;
      left--;
    }
    return c;
  }

  /** The next row that is not hidden, `step` rows down (or up). */
  function stepRow(row: number, step: number): number {
    let r = row;
    let left = Math.abs(step);
    const dir = Math.sign(step);
    while (left > 0) {
      let next = r + dir;
      while (next >= 0 && next < MAX_ROWS && layout.hiddenRows.has(next)) next += dir;
      if (next < 0 || next >= MAX_ROWS) break;
      r = next;
      left--;
    }
    return r;
  }

  function move(dr: number, dc: number): void {
    const row = stepRow(selected.row, dr);
    const col = stepColumn(selected.col, dc);
    select(cellAddress({ row, col }));
  }

  function showSheet(name: string): void {
    if (editing) finishEditing(true);
    active = name;
    selected = { row: 0, col: 0 };
    message.textContent = "";
    rendered = null;
    // A sheet opens at its top-left, as a new or rebuilt sheet should.
    scroller.scrollTop = 0;
    scroller.scrollLeft = 0;
    refresh();
    // A hidden first row (the add-in's id row) is never where the selection starts.
    if (layout.hiddenRows.has(0)) select(cellAddress({ row: stepRow(0, 1), col: 0 }));
  }

  // -------------------------------------------------------------------------------------------
  // Events

  table.addEventListener("mousedown", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (!td || !td.dataset.address || td.querySelector(".wb-editor")) return;
    ev.preventDefault();
    if (editing) editing.input.blur();
    select(td.dataset.address);
  });
  table.addEventListener("dblclick", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (td?.dataset.address) startEditing();
  });
  scroller.addEventListener("scroll", () => drawWindow(), { passive: true });
  scroller.addEventListener("keydown", (ev) => {
    if (editing || ev.target !== scroller) return;
    const moves: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0] };
    if (ev.key in moves) {
      ev.preventDefault();
      move(...moves[ev.key]);
    } else if (ev.key === "PageDown" || ev.key === "PageUp") {
      ev.preventDefault();
      move((ev.key === "PageDown" ? 1 : -1) * Math.max(1, Math.floor((scroller.clientHeight - HEADER_PX) / ROW_PX) - 1), 0);
    } else if (ev.key === "Home") {
      // Home: column A of the row; Ctrl+Home: A1.
      ev.preventDefault();
      select(cellAddress({ row: ev.ctrlKey || ev.metaKey ? 0 : selected.row, col: 0 }));
    } else if (ev.key === "Tab") {
      ev.preventDefault();
      move(0, ev.shiftKey ? -1 : 1);
    } else if (ev.key === "F2") {
      ev.preventDefault();
      startEditing();
    } else if (ev.key === "Delete" || ev.key === "Backspace") {
      ev.preventDefault();
      commit(active, cellAddress(selected), "");
    } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      startEditing(ev.key);
    }
  });
  formulaInput.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      const address = cellAddress(selected);
      // Back to the grid first, so that the formula bar and the name box follow the selection.
      scroller.focus({ preventScroll: true });
      commit(active, address, formulaInput.value);
      move(ev.shiftKey ? -1 : 1, 0);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      scroller.focus({ preventScroll: true });
      updateFormulaBar();
    }
  });
  nameBox.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    try {
      select(nameBox.value.trim().toUpperCase());
    } catch {
      message.textContent = `"${nameBox.value}" is not a cell address (try B4).`;
      updateFormulaBar();
    }
  });

  workbook.onChange((event: WorkbookEvent) => {
    if (event.kind === "sheets") {
      // Sheets added, removed, or one rewritten (formats, widths and charts too): lay out again.
      if (editing) finishEditing(true);
      refresh();
    } else if (event.kind === "progress") showProgress(event);
    else onValues(event.changes);
  });

  /** A sheet being written in chunks: how far it is, in the status line; cleared when it is whole. */
  function showProgress(p: ApplyProgress): void {
    message.dataset.progress = p.done < p.total ? String(p.done) : "";
    message.textContent = p.done < p.total ? `Writing “${p.sheet}”: ${Math.floor((100 * p.done) / Math.max(1, p.total))}% of ${p.total.toLocaleString("en-US")} cells` : "";
  }

  // The view's size: when the grid is first shown, and when the window or the pane beside it changes.
  let size = { width: -1, height: -1 };
  new ResizeObserver(() => {
    const now = { width: scroller.clientWidth, height: scroller.clientHeight };
    if (now.width === size.width && now.height === size.height) return;
    size = now;
    if (editing) return;
    layout = computeLayout();
    sizeCanvas();
    drawWindow(true);
  }).observe(scroller);

  refresh();
  function reveal(address: string): void {
    const p = parseCell(address);
    if (p.row >= layout.rows || p.col >= layout.cols) return;
    scrollToCell(p.row, p.col);
    drawWindow();
  }

  return { element, activeSheet: () => active, showSheet, select, reveal, refresh, stats: () => ({ ...stats }) };
}
