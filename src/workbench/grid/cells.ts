/**
 * Cells: each drawn with textContent and styled through the CSSOM (no style attributes: the page runs
 * under a strict Content-Security-Policy); a row of them as the view draws it.
 */
import { h } from "../../taskpane/dom";
import { cellAddress } from "../../workbook/a1";
import type { CellDisplay } from "../../workbook/embedded-workbook";
import { displayText, type ShownText } from "./display";
import { colWidth, rowHeight } from "./layout";
import { CELL_PADDING_PX, fontPx } from "./metrics";
import type { GridState } from "./state";

/** Draws one cell's content, classes and style into its td (a new one or one drawn before). */
export function paintCell(g: GridState, td: HTMLTableCellElement, row: number, col: number): void {
  const inUse = row < g.layout.used.rows && col < g.layout.used.cols;
  const view: CellDisplay | null = inUse ? g.workbook.cellAt(g.active, row, col) : null;
  const classes: string[] = [];
  if (view && (view.value !== null || view.style || view.hasFormula)) {
    const shown = displayText(view, colWidth(g.layout, col) - CELL_PADDING_PX);
    classes.push(`wb-${shown.kind}`);
    if (view.spilled) classes.push("wb-spilled");
    if (view.hasFormula) classes.push("wb-has-formula");
    if (view.style?.wrap === true) classes.push("wb-wrap");
    paintContent(g, td, row, view, shown);
  } else {
    td.textContent = "";
    td.removeAttribute("title");
    if (td.hasAttribute("style")) {
      const s = td.style;
      s.fontWeight = s.fontStyle = s.fontSize = s.lineHeight = s.color = s.backgroundColor = "";
    }
  }
  if (row === g.selected.row && col === g.selected.col) {
    classes.push("wb-selected");
    td.setAttribute("aria-selected", "true");
  } else td.removeAttribute("aria-selected");
  td.className = classes.join(" ");
}

/** A cell's text (boxed when it wraps), its tooltip and its style. */
function paintContent(g: GridState, td: HTMLTableCellElement, row: number, view: CellDisplay, shown: ShownText): void {
  const s = td.style;
  const st = view.style;
  if (st?.wrap === true) {
    // The text is boxed to the row's height, so that the row is as tall as laid out.
    const box = h("div", { class: "wb-wrapbox" }, shown.text);
    box.style.maxHeight = `${rowHeight(g.layout, row) - 2}px`;
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
}

/**
 * Text runs on into empty cells to its right, as in Excel; it is cut where the next cell has content.
 * Sets that for the cells from..to (indexes among the row's `n` drawn cells).
 */
export function clipCells(tr: HTMLTableRowElement, n: number, from = 0, to = n): void {
  const cells = tr.children;
  for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
    const td = cells[2 + i] as HTMLTableCellElement;
    const next = i + 1 < n ? (cells[3 + i] as HTMLTableCellElement) : null;
    const clip = td.classList.contains("wb-string") && !td.classList.contains("wb-wrap") && next !== null && next.textContent !== "";
    td.classList.toggle("wb-clip", clip);
  }
}

/** A row of the sheet: its heading, a pad for the columns left of the view, its cells and a pad after. */
export function makeRow(g: GridState, r: number, cols: number[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.setAttribute("aria-rowindex", String(r + 2));
  const head = document.createElement("th");
  head.scope = "row";
  head.className = r === g.selected.row ? "wb-rowhead wb-head-active" : "wb-rowhead";
  head.textContent = String(r + 1);
  const pad = document.createElement("td");
  pad.className = "wb-pad";
  tr.append(head, pad);
  const tall = g.layout.tallRows.get(r);
  if (tall !== undefined) tr.style.height = `${tall}px`;
  for (const c of cols) {
    const td = document.createElement("td");
    td.setAttribute("role", "gridcell");
    td.setAttribute("aria-colindex", String(c + 2));
    td.dataset.address = cellAddress({ row: r, col: c });
    paintCell(g, td, r, c);
    tr.append(td);
  }
  const padEnd = document.createElement("td");
  padEnd.className = "wb-pad";
  tr.append(padEnd);
  clipCells(tr, cols.length);
  return tr;
}

/** The td of a cell drawn in the page (null when it is not in view). */
export function renderedTd(g: GridState, row: number, col: number): HTMLTableCellElement | null {
  if (!g.rendered) return null;
  const tr = g.rendered.rows.get(row);
  const i = g.rendered.colIndex.get(col);
  return tr && i !== undefined ? (tr.children[2 + i] as HTMLTableCellElement) : null;
}
