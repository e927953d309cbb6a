/**
 * The workbench's spreadsheet: sheet tabs, a formula bar (address + formula or value), and a grid of
 * the active sheet of the embedded workbook, showing computed values with the sheet's number formats
 * and styles, spilled ranges, and errors as Excel shows them (#NUM! ..., the message as a tooltip).
 * Typing into a cell (or the formula bar) and pressing Enter sets the cell's input, as in Excel.
 * Every cell is written with textContent.
 */
import { h } from "../taskpane/dom";
import { cellAddress, columnIndex, columnLetters, parseCell } from "../workbook/a1";
import type { CellView, EmbeddedWorkbook } from "../workbook/embedded-workbook";
import { isCellError } from "../workbook/port";
import { renderChart } from "./chart";
import { formatValue } from "./number-format";

const DEFAULT_COL_PX = 72;
/** Left and right padding and the border of a cell. */
const CELL_PADDING_PX = 9;
const ROW_HEADER_PX = 44;
const MIN_ROWS = 30;
const MIN_COLS = 10;
const pointsToPx = (pt: number) => Math.round((pt * 96) / 72);

export interface GridView {
  element: HTMLElement;
  activeSheet(): string;
  showSheet(name: string): void;
  select(address: string): void;
  /** Re-reads the workbook and redraws (also done on every change the workbook reports). */
  refresh(): void;
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

function cellFont(view: CellView): string {
  const st = view.style;
  const px = st?.fontSize ? Math.round((st.fontSize * 96) / 72) : CELL_FONT_PX;
  return `${st?.italic ? "italic " : ""}${st?.bold ? 600 : 400} ${px}px ${CELL_FONT_FAMILY}`;
}

export function createGrid(workbook: EmbeddedWorkbook, initialSheet: string): GridView {
  let active = initialSheet;
  let selected = { row: 0, col: 0 };
  let editing: { input: HTMLInputElement; td: HTMLTableCellElement } | null = null;

  const tabs = h("div", { class: "wb-tabs", role: "tablist", "aria-label": "Sheets" });
  const nameBox = h("input", { class: "wb-namebox", "aria-label": "Cell address", spellcheck: "false", autocomplete: "off" });
  const formulaInput = h("input", { class: "wb-formula", "aria-label": "Formula bar: the selected cell's formula or value", spellcheck: "false", autocomplete: "off" });
  const formulaBar = h("div", { class: "wb-formulabar" }, nameBox, h("span", { class: "wb-fx", "aria-hidden": "true" }, "fx"), formulaInput);
  const table = h("table", { class: "wb-grid", role: "grid", "aria-label": "Sheet cells" });
  const charts = h("div", { class: "wb-charts" });
  const scroller = h("div", { class: "wb-scroller", tabindex: "-1" }, h("div", { class: "wb-canvas" }, table, charts));
  const message = h("div", { class: "wb-message", role: "status", "aria-live": "polite" });
  const element = h("section", { class: "wb-sheet", "aria-label": "Workbook" }, formulaBar, scroller, tabs, message);

  /** The columns drawn: those in use and two more, or enough to fill the view; hidden ones left out. */
  function visibleColumns(): number[] {
    const size = workbook.sheetSize(active);
    const hidden = new Set(workbook.hiddenColumns(active).map(columnIndex));
    const widths = workbook.columnWidths(active);
    const room = Math.max(0, scroller.clientWidth - ROW_HEADER_PX);
    const cols: number[] = [];
    let used = 0;
    const needed = Math.max(MIN_COLS, Math.min(size.cols, 60) + 2);
    for (let c = 0; c < 702 && (cols.length < needed || used < room); c++) {
      if (hidden.has(c)) continue;
      cols.push(c);
      const pt = widths[columnLetters(c)];
      used += pt ? pointsToPx(pt) : DEFAULT_COL_PX;
    }
    return cols;
  }

  /**
   * What a cell shows, as Excel shows it in a column `room` pixels wide: General numbers get as many
   * digits as fit; a formatted number that does not fit shows ####; text runs on (or is cut).
   */
  function cellText(view: CellView, room: number): { text: string; title?: string; kind: string; color?: string } {
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

  function renderTable(): void {
    const size = workbook.sheetSize(active);
    const rows = Math.max(MIN_ROWS, size.rows + 3, Math.ceil(scroller.clientHeight / 21));
    const cols = visibleColumns();
    const widths = workbook.columnWidths(active);
    const colgroup = h("colgroup", {}, h("col", { style: `width:${ROW_HEADER_PX}px` }));
    for (const c of cols) {
      const pt = widths[columnLetters(c)];
      colgroup.append(h("col", { style: `width:${pt ? pointsToPx(pt) : DEFAULT_COL_PX}px` }));
    }
    const head = h("thead", {}, h("tr", {}, h("th", { class: "wb-corner", scope: "col" }), ...cols.map((c) => h("th", { scope: "col", class: c === selected.col ? "wb-colhead wb-head-active" : "wb-colhead" }, columnLetters(c)))));
    const body = h("tbody");
    const totalWidth = ROW_HEADER_PX + cols.reduce((s, c) => s + (widths[columnLetters(c)] ? pointsToPx(widths[columnLetters(c)]) : DEFAULT_COL_PX), 0);
    for (let r = 0; r < rows; r++) {
      const tr = h("tr", {}, h("th", { scope: "row", class: r === selected.row ? "wb-rowhead wb-head-active" : "wb-rowhead" }, String(r + 1)));
      const line: HTMLTableCellElement[] = [];
      for (const c of cols) {
        const address = cellAddress({ row: r, col: c });
        const td = h("td", { "data-address": address, role: "gridcell" });
        if (r < size.rows && c < size.cols) {
          const view = workbook.cell(active, address);
          const pt = widths[columnLetters(c)];
          const shown = cellText(view, (pt ? pointsToPx(pt) : DEFAULT_COL_PX) - CELL_PADDING_PX);
          td.textContent = shown.text;
          const classes = [`wb-${shown.kind}`];
          if (view.spilled) classes.push("wb-spilled");
          if (view.formula) classes.push("wb-has-formula");
          const st = view.style;
          if (st?.wrap) classes.push("wb-wrap");
          td.className = classes.join(" ");
          if (shown.title) td.title = shown.title;
          const css: string[] = [];
          if (st?.bold) css.push("font-weight:600");
          if (st?.italic) css.push("font-style:italic");
          if (st?.fontSize) {
            const px = Math.round((st.fontSize * 96) / 72);
            css.push(`font-size:${px}px`);
            if (px > 16) css.push(`height:${Math.round(px * 1.35)}px;line-height:${Math.round(px * 1.3)}px`);
          }
          if (st?.fontColor) css.push(`color:${st.fontColor}`);
          if (shown.color) css.push(`color:${shown.color === "red" ? "#c00000" : shown.color}`);
          if (st?.fill) css.push(`background:${st.fill}`);
          if (css.length) td.setAttribute("style", css.join(";"));
        }
        if (r === selected.row && c === selected.col) {
          td.classList.add("wb-selected");
          td.setAttribute("aria-selected", "true");
        }
        tr.append(td);
        line.push(td);
      }
      // Text runs on into empty cells to its right, as in Excel; it is cut where the next cell has content.
      line.forEach((td, i) => {
        if (td.classList.contains("wb-string") && !td.classList.contains("wb-wrap") && line[i + 1] && line[i + 1].textContent !== "") td.classList.add("wb-clip");
      });
      body.append(tr);
    }
    table.style.width = `${totalWidth}px`;
    table.replaceChildren(colgroup, head, body);
  }

  function renderCharts(): void {
    charts.replaceChildren();
    for (const chart of workbook.charts(active)) {
      const tl = table.querySelector<HTMLTableCellElement>(`td[data-address="${chart.topLeft}"]`);
      const br = table.querySelector<HTMLTableCellElement>(`td[data-address="${chart.bottomRight}"]`);
      if (!tl || !br) continue;
      const left = tl.offsetLeft;
      const top = tl.offsetTop;
      const width = Math.max(240, br.offsetLeft + br.offsetWidth - left);
      const height = Math.max(160, br.offsetTop + br.offsetHeight - top);
      const box = h("figure", { class: "wb-chart", style: `left:${left}px;top:${top}px;width:${width}px;height:${height}px`, "data-chart": chart.id });
      box.append(renderChart(chart, width, height));
      charts.append(box);
    }
  }

  function updateFormulaBar(): void {
    const address = cellAddress(selected);
    nameBox.value = address;
    const size = workbook.sheetSize(active);
    if (selected.row >= size.rows || selected.col >= size.cols) {
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

  function refresh(): void {
    if (!workbook.sheetNames().includes(active)) active = workbook.sheetNames()[0];
    renderTabs();
    renderTable();
    renderCharts();
    if (document.activeElement !== formulaInput) updateFormulaBar();
  }

  function showSheet(name: string): void {
    active = name;
    selected = { row: 0, col: 0 };
    message.textContent = "";
    refresh();
  }

  function selectedTd(): HTMLTableCellElement | null {
    return table.querySelector<HTMLTableCellElement>(`td[data-address="${cellAddress(selected)}"]`);
  }

  function select(address: string): void {
    selected = parseCell(address);
    refresh();
    const td = selectedTd();
    td?.scrollIntoView({ block: "nearest", inline: "nearest" });
    scroller.focus({ preventScroll: true });
  }

  function commit(sheet: string, address: string, text: string): void {
    try {
      workbook.setCellInput(sheet, address, text);
      message.textContent = "";
    } catch (e) {
      message.textContent = `${address}: ${e instanceof Error ? e.message : String(e)}`;
    }
    refresh();
  }

  function startEditing(initial?: string): void {
    const td = selectedTd();
    if (!td) return;
    const address = cellAddress(selected);
    const input = h("input", { class: "wb-editor", "aria-label": `Edit ${address}`, spellcheck: "false", autocomplete: "off" });
    input.value = initial ?? formulaInput.value;
    td.replaceChildren(input);
    editing = { input, td };
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    const sheet = active;
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === "Tab") {
        ev.preventDefault();
        editing = null;
        commit(sheet, address, input.value);
        move(ev.key === "Enter" ? (ev.shiftKey ? -1 : 1) : 0, ev.key === "Tab" ? (ev.shiftKey ? -1 : 1) : 0);
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        editing = null;
        refresh();
        scroller.focus({ preventScroll: true });
      }
    });
    input.addEventListener("blur", () => {
      if (editing && editing.input === input) {
        editing = null;
        commit(sheet, address, input.value);
      }
    });
  }

  function move(dr: number, dc: number): void {
    const cols = visibleColumns();
    let ci = cols.indexOf(selected.col);
    if (ci < 0) ci = 0;
    ci = Math.min(cols.length - 1, Math.max(0, ci + dc));
    selected = { row: Math.max(0, selected.row + dr), col: cols[ci] };
    select(cellAddress(selected));
  }

  table.addEventListener("mousedown", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (!td || td.querySelector(".wb-editor")) return;
    ev.preventDefault();
    if (editing) {
      const { input } = editing;
      input.blur();
    }
    select(td.dataset.address!);
  });
  table.addEventListener("dblclick", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (td) startEditing();
  });
  scroller.addEventListener("keydown", (ev) => {
    if (editing || ev.target !== scroller) return;
    const moves: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0] };
    if (ev.key in moves) {
      ev.preventDefault();
      move(...moves[ev.key]);
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
      commit(active, cellAddress(selected), formulaInput.value);
      move(1, 0);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      updateFormulaBar();
      scroller.focus({ preventScroll: true });
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

  workbook.onChange((event) => {
    if (editing) return; // redraw after the edit ends
    if (event.kind === "sheets" || event.changes.some((c) => c.sheet === active)) refresh();
  });

  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!editing) refresh();
    }, 100);
  });

  refresh();
  return { element, activeSheet: () => active, showSheet, select, refresh };
}
