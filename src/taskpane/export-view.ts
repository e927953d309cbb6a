/**
 * Exporting the bids of a comparison sheet to a file to share, with the prices as they stand on the
 * sheet (an edited price is marked as edited, with the date).
 */
import type { WorkbookPort } from "../workbook/port";
import { h, listSheets, newId } from "./dom";
import { errorWords, messageArea, plural } from "./messages";

export interface ExportView {
  element: HTMLElement;
  /** Shows the add-in's sheets to export from; `select` chooses one. */
  setSheets(sheets: readonly string[], select?: string): void;
  setBusy(busy: boolean): void;
}

export function createExportView(port: WorkbookPort, download: (fileName: string, text: string) => void, onStale: () => void): ExportView {
  const id = newId("export");
  const select = h("select", { id, class: "ap-select", "data-role": "export-sheet" });
  const button = h("button", { type: "button", class: "ap-button", "data-action": "export" }, "Export bids (.json)");
  const status = messageArea("Export result");
  let sheets: readonly string[] = [];
  let busy = false;
  button.addEventListener("click", () => void exportSheet());

  async function exportSheet(): Promise<void> {
    const sheet = select.value;
    if (!sheet) return;
    status.clear();
    try {
      const [{ exportBids }, { exportForSharing }] = await Promise.all([import(/* webpackChunkName: "taskpane-builder" */ "../workbook/builder"), import(/* webpackChunkName: "taskpane-export" */ "../templates/previous-release")]);
      const templates = await exportBids(port, sheet);
      const { text, fileName, notes } = exportForSharing(templates);
      download(fileName, text);
      const edited = templates.filter((t) => typeof t.notes === "string" && t.notes.startsWith("Edited on the comparison sheet")).length;
      // Bids by charges the previous release of the add-in cannot read: said plainly, with the reason.
      const unreadable = notes.filter((n) => !n.readable).map((n) => `${n.id}: ${n.reason}.`);
      const done = `Exported ${plural(templates.length, "bid")} from “${sheet}” to ${fileName}, with the prices as they stand on the sheet${edited ? ` (${plural(edited, "bid")} with prices edited on the sheet, marked as edited)` : ""}.`;
      if (unreadable.length) status.show("warning", `${done} The previous release of the add-in cannot read ${plural(unreadable.length, "bid")} of it (priced by charges on meters):`, unreadable);
      else status.show("success", done);
    } catch (e) {
      const { title, items } = errorWords(e);
      status.show("error", items.length ? "Not exported:" : `Not exported: ${title}`, items);
      onStale(); // the sheet may have been renamed or deleted meanwhile
    }
  }

  const update = () => {
    select.disabled = sheets.length === 0;
    button.disabled = busy || sheets.length === 0;
  };
  return {
    element: h(
      "div",
      {},
      h("div", { class: "ap-field" }, h("label", { for: id, class: "ap-label" }, "Comparison sheet"), h("div", { class: "ap-hint" }, "Saves its bids, with any prices you edited on the sheet, as a file to share."), select),
      button,
      status.element,
    ),
    setSheets(list, choose) {
      sheets = list;
      listSheets(select, list, choose);
      update();
    },
    setBusy(on) {
      busy = on;
      update();
    },
  };
}
