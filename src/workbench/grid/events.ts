/** Events: the mouse and keyboard on the grid, the formula bar and name box, the workbook's changes, resizes. */
import { cellAddress } from "../../workbook/a1";
import type { WorkbookEvent } from "../../workbook/embedded-workbook";
import { commit, finishEditing } from "./editing";
import { computeLayout } from "./layout";
import { HEADER_PX, ROW_PX } from "./metrics";
import { move, select, startEditing, updateFormulaBar } from "./selection";
import { onValues, refresh, showProgress } from "./sheets";
import type { GridState } from "./state";
import { drawWindow, sizeCanvas } from "./window";

export function listen(g: GridState): void {
  const { table, scroller } = g.page;
  table.addEventListener("mousedown", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (!td || !td.dataset.address || td.querySelector(".wb-editor")) return;
    ev.preventDefault();
    if (g.editing) g.editing.input.blur();
    select(g, td.dataset.address);
  });
  table.addEventListener("dblclick", (ev) => {
    const td = (ev.target as HTMLElement).closest("td");
    if (td?.dataset.address) startEditing(g);
  });
  scroller.addEventListener("scroll", () => drawWindow(g), { passive: true });
  scroller.addEventListener("keydown", (ev) => {
    if (g.editing || ev.target !== scroller) return;
    onGridKey(g, ev);
  });
  listenToBars(g);
  g.workbook.onChange((event: WorkbookEvent) => {
    if (event.kind === "sheets") {
      // Sheets added, removed, or one rewritten (formats, widths and charts too): lay out again.
      if (g.editing) finishEditing(g, true);
      refresh(g);
    } else if (event.kind === "progress") showProgress(g, event);
    else onValues(g, event.changes);
  });
  observeSize(g);
}

const MOVES: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0] };

/** A key on the grid (not typing into a cell): move, page, start typing, clear. */
function onGridKey(g: GridState, ev: KeyboardEvent): void {
  const { scroller } = g.page;
  if (ev.key in MOVES) {
    ev.preventDefault();
    move(g, ...MOVES[ev.key]);
  } else if (ev.key === "PageDown" || ev.key === "PageUp") {
    ev.preventDefault();
    move(g, (ev.key === "PageDown" ? 1 : -1) * Math.max(1, Math.floor((scroller.clientHeight - HEADER_PX) / ROW_PX) - 1), 0);
  } else if (ev.key === "Home") {
    // Home: column A of the row; Ctrl+Home: A1.
    ev.preventDefault();
    select(g, cellAddress({ row: ev.ctrlKey || ev.metaKey ? 0 : g.selected.row, col: 0 }));
  } else if (ev.key === "Tab") {
    ev.preventDefault();
    move(g, 0, ev.shiftKey ? -1 : 1);
  } else if (ev.key === "F2") {
    ev.preventDefault();
    startEditing(g);
  } else if (ev.key === "Delete" || ev.key === "Backspace") {
    ev.preventDefault();
    commit(g, g.active, cellAddress(g.selected), "");
  } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
    ev.preventDefault();
    startEditing(g, ev.key);
  }
}

/** The formula bar (Enter sets the selected cell's input) and the name box (Enter selects a cell). */
function listenToBars(g: GridState): void {
  const { formulaInput, nameBox, scroller, message } = g.page;
  formulaInput.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      const address = cellAddress(g.selected);
      // Back to the grid first, so that the formula bar and the name box follow the selection.
      scroller.focus({ preventScroll: true });
      commit(g, g.active, address, formulaInput.value);
      move(g, ev.shiftKey ? -1 : 1, 0);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      scroller.focus({ preventScroll: true });
      updateFormulaBar(g);
    }
  });
  nameBox.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    try {
      select(g, nameBox.value.trim().toUpperCase());
    } catch {
      message.textContent = `"${nameBox.value}" is not a cell address (try B4).`;
      updateFormulaBar(g);
    }
  });
}

/** The view's size: when the grid is first shown, and when the window or the pane beside it changes. */
function observeSize(g: GridState): void {
  const { scroller } = g.page;
  let size = { width: -1, height: -1 };
  new ResizeObserver(() => {
    const now = { width: scroller.clientWidth, height: scroller.clientHeight };
    if (now.width === size.width && now.height === size.height) return;
    size = now;
    if (g.editing) return;
    g.layout = computeLayout(g);
    sizeCanvas(g);
    drawWindow(g, true);
  }).observe(scroller);
}
