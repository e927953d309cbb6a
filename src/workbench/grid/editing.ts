/** Editing: an input set as the cell's input, as in Excel, unless the cell's validation refuses it. */
import { cellAddress } from "../../workbook/a1";
import { refusal } from "../validation";
import { clipCells, paintCell } from "./cells";
import type { GridState } from "./state";

/** Sets a cell's input, or says in the status line why it was refused. */
export function commit(g: GridState, sheet: string, address: string, text: string): void {
  const { message } = g.page;
  const refused = refusal(g.workbook, sheet, address, text);
  if (refused) {
    message.textContent = `${address}: ${refused}`;
    return;
  }
  try {
    g.workbook.setCellInput(sheet, address, text);
    message.textContent = "";
  } catch (e) {
    message.textContent = `${address}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Ends typing into a cell, keeping what was typed (save) or not, and draws the cell again. */
export function finishEditing(g: GridState, save: boolean): void {
  if (!g.editing) return;
  const { input, td, row, col } = g.editing;
  g.editing = null;
  if (save) commit(g, g.active, cellAddress({ row, col }), input.value);
  if (td.isConnected) paintCell(g, td, row, col);
  const tr = g.rendered?.rows.get(row);
  const i = g.rendered?.colIndex.get(col);
  if (tr && i !== undefined && g.rendered) clipCells(tr, g.rendered.cols.length, i - 1, i + 1);
}
