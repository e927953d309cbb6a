/** Selection, scrolling and starting to type into a cell; the formula bar follows the selection. */
import { h } from "../../taskpane/dom";
import { cellAddress, columnLetters, parseCell } from "../../workbook/a1";
import { isCellError } from "../../workbook/port";
import { renderedTd } from "./cells";
import { finishEditing } from "./editing";
import { computeLayout } from "./layout";
import { HEADER_PX, MAX_COLS, MAX_ROWS, ROW_HEADER_PX } from "./metrics";
import type { CellPosition, GridState } from "./state";
import { drawWindow, sizeCanvas } from "./window";

/** The name box shows the selected cell's address, the formula bar its formula or value. */
export function updateFormulaBar(g: GridState): void {
  const { nameBox, formulaInput } = g.page;
  const { selected, layout } = g;
  const address = cellAddress(selected);
  nameBox.value = address;
  g.workbook.select(g.active, address); // the embedded port's selection (the pane's "Explain this cell")
  if (document.activeElement === formulaInput) return; // the user is typing there
  if (selected.row >= layout.used.rows || selected.col >= layout.used.cols) {
    formulaInput.value = "";
    return;
  }
  const view = g.workbook.cell(g.active, address);
  if (view.formula) formulaInput.value = view.formula;
  else if (view.value === null) formulaInput.value = "";
  else if (isCellError(view.value)) formulaInput.value = view.value.error;
  else if (typeof view.value === "boolean") formulaInput.value = view.value ? "TRUE" : "FALSE";
  else formulaInput.value = String(view.value);
}

/** Marks the selected cell and its headings (and unmarks the previous ones). */
function markSelection(g: GridState, previous: CellPosition): void {
  const { rendered, selected } = g;
  const { headRow } = g.page;
  const old = renderedTd(g, previous.row, previous.col);
  if (old) {
    old.classList.remove("wb-selected");
    old.removeAttribute("aria-selected");
  }
  rendered?.rows.get(previous.row)?.firstElementChild?.classList.remove("wb-head-active");
  headRow.querySelector(`th[data-col="${columnLetters(previous.col)}"]`)?.classList.remove("wb-head-active");
  const td = renderedTd(g, selected.row, selected.col);
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
function scrollToCell(g: GridState, row: number, col: number): void {
  const { layout } = g;
  const { scroller } = g.page;
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

export function select(g: GridState, address: string): void {
  const previous = g.selected;
  const p = parseCell(address);
  g.selected = { row: Math.min(p.row, MAX_ROWS - 1), col: Math.min(p.col, MAX_COLS - 1) };
  if (g.selected.row >= g.layout.rows - 1 || g.selected.col >= g.layout.cols - 1) {
    g.layout = computeLayout(g);
    sizeCanvas(g);
    g.rendered = null;
  }
  scrollToCell(g, g.selected.row, g.selected.col);
  drawWindow(g, g.rendered === null);
  markSelection(g, previous);
  g.page.scroller.focus({ preventScroll: true });
  updateFormulaBar(g);
}

/** Scrolls a cell into view (and draws it), leaving the selection alone. */
export function reveal(g: GridState, address: string): void {
  const p = parseCell(address);
  if (p.row >= g.layout.rows || p.col >= g.layout.cols) return;
  scrollToCell(g, p.row, p.col);
  drawWindow(g);
}

/** Typing into the selected cell, in place, starting from `initial` (or the formula bar's text). */
export function startEditing(g: GridState, initial?: string): void {
  const { formulaInput, scroller } = g.page;
  const td = renderedTd(g, g.selected.row, g.selected.col);
  if (!td) return;
  const address = cellAddress(g.selected);
  const input = h("input", { class: "wb-editor", "aria-label": `Edit ${address}`, spellcheck: "false", autocomplete: "off" });
  input.value = initial ?? formulaInput.value;
  td.replaceChildren(input);
  g.editing = { input, td, row: g.selected.row, col: g.selected.col };
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === "Tab") {
      ev.preventDefault();
      finishEditing(g, true);
      move(g, ev.key === "Enter" ? (ev.shiftKey ? -1 : 1) : 0, ev.key === "Tab" ? (ev.shiftKey ? -1 : 1) : 0);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      finishEditing(g, false);
      scroller.focus({ preventScroll: true });
    }
  });
  input.addEventListener("blur", () => {
    if (g.editing && g.editing.input === input) finishEditing(g, true);
  });
}

/** The next index `step` places on (or back) that `skip` does not hide, within 0..limit-1. */
function stepOver(from: number, step: number, limit: number, skip: Set<number>): number {
  let at = from;
  let left = Math.abs(step);
  const dir = Math.sign(step);
  while (left > 0) {
    let next = at + dir;
    while (next >= 0 && next < limit && skip.has(next)) next += dir;
    if (next < 0 || next >= limit) break;
    at = next;
    left--;
  }
  return at;
}

/** The next row that is not hidden, `step` rows down (or up). */
export const stepRow = (g: GridState, row: number, step: number) => stepOver(row, step, MAX_ROWS, g.layout.hiddenRows);

/** Moves the selection `dr` rows and `dc` columns, over hidden rows and columns. */
export function move(g: GridState, dr: number, dc: number): void {
  const row = stepRow(g, g.selected.row, dr);
  const col = stepOver(g.selected.col, dc, MAX_COLS, g.layout.hidden);
  select(g, cellAddress({ row, col }));
}
