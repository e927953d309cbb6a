/**
 * The workbench's spreadsheet: sheet tabs, a formula bar (name box + formula or value), and a virtual
 * grid of the active sheet of the embedded workbook, drawn as Excel shows it; typing into a cell sets its
 * input. One file per phase: layout, the view (window), cells, charts, selection, editing, sheets and
 * events, over one shared state. See docs/architecture.md, "The workbench's grid".
 */
import { listen } from "./events";
import { reveal, select } from "./selection";
import { refresh, showSheet } from "./sheets";
import { createGridState, type GridView } from "./state";
import type { EmbeddedWorkbook } from "../../workbook/embedded-workbook";

export type { GridStats, GridView } from "./state";

export function createGrid(workbook: EmbeddedWorkbook, initialSheet: string): GridView {
  const g = createGridState(workbook, initialSheet);
  listen(g);
  refresh(g);
  return {
    element: g.page.element,
    activeSheet: () => g.active,
    showSheet: (name) => showSheet(g, name),
    select: (address) => select(g, address),
    reveal: (address) => reveal(g, address),
    refresh: () => refresh(g),
    stats: () => ({ ...g.stats }),
  };
}
