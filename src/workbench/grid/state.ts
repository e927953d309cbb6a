/**
 * The grid's state, shared by its phases (layout, cells, the view, charts, selection and editing): the
 * workbook shown, the active sheet and selection, the sheet's layout, what is drawn, and the page's parts.
 */
import { h } from "../../taskpane/dom";
import type { ChartView, EmbeddedWorkbook } from "../../workbook/embedded-workbook";

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

/** Sizes and positions of the active sheet's rows and columns (pixels, from the first row/column). */
export interface Layout {
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

/** The rows and columns in the page. */
export interface Rendered {
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

export interface DrawnChart {
  view: ChartView;
  sources: { r0: number; c0: number; r1: number; c1: number }[];
  figure: HTMLElement | null;
  dirty: boolean;
}

export interface CellPosition {
  row: number;
  col: number;
}

/** A cell being typed into, in place. */
export interface Editing extends CellPosition {
  input: HTMLInputElement;
  td: HTMLTableCellElement;
}

/** The page's parts: formula bar, the table of cells, the chart layer, the sheet tabs and status line. */
export interface GridPage {
  element: HTMLElement;
  tabs: HTMLElement;
  nameBox: HTMLInputElement;
  formulaInput: HTMLInputElement;
  table: HTMLTableElement;
  colgroup: HTMLElement;
  headRow: HTMLTableRowElement;
  body: HTMLElement;
  chartLayer: HTMLElement;
  scroller: HTMLElement;
  message: HTMLElement;
}

export interface GridState {
  workbook: EmbeddedWorkbook;
  active: string;
  selected: CellPosition;
  editing: Editing | null;
  /** Laid out again on every change of sheet, size or shape (see layout.ts). */
  layout: Layout;
  rendered: Rendered | null;
  charts: DrawnChart[];
  /** The charts are to be drawn in a task of their own, right after this one (drawChartsSoon). */
  chartsDue: boolean;
  stats: GridStats;
  page: GridPage;
}

function createPage(): GridPage {
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
  return { element, tabs, nameBox, formulaInput, table, colgroup, headRow, body, chartLayer, scroller, message };
}

/** A layout of nothing, until the first refresh lays the sheet out. */
function emptyLayout(sheet: string): Layout {
  const none = { rowTop: new Float64Array(1), colLeft: new Float64Array(1), hidden: new Set<number>(), hiddenRows: new Set<number>() };
  return { sheet, rows: 0, cols: 0, ...none, tallRows: new Map(), wrapCells: new Map(), used: { rows: 0, cols: 0 } };
}

export function createGridState(workbook: EmbeddedWorkbook, initialSheet: string): GridState {
  return {
    workbook,
    active: initialSheet,
    selected: { row: 0, col: 0 },
    editing: null,
    layout: emptyLayout(initialSheet),
    rendered: null,
    charts: [],
    chartsDue: false,
    stats: { cells: 0, rows: 0, cols: 0, lastDrawMs: 0, lastUpdateMs: 0, lastUpdateCells: 0 },
    page: createPage(),
  };
}
