/**
 * "Make a shareable copy": a new sheet beside a comparison in which every AIPRICE function is native
 * Excel (Excel 2016 and later compute it without the add-in; the inputs stay live), or, as an option,
 * values only. The comparison itself is never changed. The translator loads when first used.
 */
import type { WorkbookPort } from "../workbook/port";
import { h, listSheets, newId } from "./dom";
import { errorWords, messageArea, plural } from "./messages";

export interface ShareView {
  element: HTMLElement;
  /** The add-in's comparison sheets to copy; `select` chooses one. */
  setSheets(sheets: readonly string[], select?: string): void;
  setBusy(busy: boolean): void;
}

export function createShareView(port: WorkbookPort, onStale: () => void): ShareView {
  const id = newId("share");
  const valuesId = newId("share-values");
  const select = h("select", { id, class: "ap-select", "data-role": "share-sheet" });
  const valuesOnly = h("input", { type: "checkbox", id: valuesId, class: "ap-checkbox", "data-role": "share-values-only" });
  const button = h("button", { type: "button", class: "ap-button", "data-action": "share" }, "Make a shareable copy");
  const status = messageArea("Shareable copy result");
  let sheets: readonly string[] = [];
  let busy = false;
  let running = false;
  button.addEventListener("click", () => void share());

  async function share(): Promise<void> {
    const sheet = select.value;
    if (!sheet || running) return;
    running = true;
    update();
    status.clear();
    try {
      const { makeShareableCopy } = await import(/* webpackChunkName: "taskpane-share" */ "../workbook/shareable/share");
      const copy = await makeShareableCopy(port, sheet, { valuesOnly: valuesOnly.checked });
      // Its calculations (the drawn scenarios, the months) are on a second sheet beside it, as the comparison's are.
      const beside = copy.calc ? ` (its calculations beside it, on “${copy.calc.copy}”)` : "";
      if (valuesOnly.checked) status.show("success", `Made “${copy.sheetName}”${beside}: the figures of “${sheet}” as values, for anyone without the add-in. Nothing recomputes there.`);
      else
        status.show(
          "success",
          `Made “${copy.sheetName}”${beside}: ${plural(copy.formulas, "formula")} in Excel's own functions compute the figures of “${sheet}” without the add-in; its inputs stay live. “${sheet}” is unchanged.`,
          copy.kept.map((k) => `${k.cell} holds its value, not a formula: ${k.reason}.`),
        );
    } catch (e) {
      const { title, items } = errorWords(e);
      status.show("error", items.length ? "No copy made:" : `No copy made: ${title}`, items);
      onStale();
    } finally {
      running = false;
      update();
    }
  }

  const update = () => {
    select.disabled = sheets.length === 0;
    button.disabled = busy || running || sheets.length === 0;
  };
  return {
    element: h(
      "div",
      {},
      h(
        "div",
        { class: "ap-field" },
        h("label", { for: id, class: "ap-label" }, "Comparison sheet"),
        h("div", { class: "ap-hint" }, "A new sheet with the same figures in Excel's own functions, for colleagues without the add-in (Excel 2016 and later). Orange inputs stay live."),
        select,
      ),
      h("div", { class: "ap-field" }, h("label", { class: "ap-label", for: valuesId }, valuesOnly, " Values only (no formulas)")),
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
