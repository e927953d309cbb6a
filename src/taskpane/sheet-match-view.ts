/**
 * The pane says when its scenario no longer matches the sheet's: after the analyst changed a scenario
 * input cell on the comparison sheet (volume, human cost, rates, term, correlation...), one notice names
 * each difference in the analyst's words, with "Use the sheet's values" to copy them into the pane.
 * Checked on the "Check the sheet" action, and quietly (a notice only when they differ) when the pane is
 * activated or the workbook changes. Update keeps the sheet's typed values either way.
 */
import type { WorkbookPort } from "../workbook/port";
import type { RequestReading } from "./pane-term";
import { h } from "./dom";
import { errorWords, messageArea, plural } from "./messages";
import { paneValues, scenarioDifferences, SHARED_INPUTS } from "./scenario-match";

export interface SheetMatchOptions {
  port: WorkbookPort;
  /** The request Build would send now (scenario, risk settings and term), or its problems. */
  readRequest(): RequestReading;
  /** The add-in's comparison sheet to compare with (the one last built or updated), or null when there is none. */
  sheet(): Promise<string | null>;
  /** Copies these values (by request field) into the pane's fields. */
  useValues(values: ReadonlyMap<string, number>): void;
  /** True while the pane writes to the workbook (no check then). */
  busy(): boolean;
}

export interface SheetMatchView {
  element: HTMLElement;
  /** Compares the pane with the sheet; `quiet`: say nothing unless they differ. */
  check(quiet?: boolean): Promise<void>;
}

/** The sheet's input cells, read by the builder's chunk (loaded when first needed). */
const sheetInputs = () => import(/* webpackChunkName: "taskpane-builder" */ "../workbook/sheet-inputs");

const nameOf = (path: string) => SHARED_INPUTS.find((s) => s.path === path)?.name ?? path;

export function createSheetMatchView(options: SheetMatchOptions): SheetMatchView {
  const button = h("button", { type: "button", class: "ap-button", "data-action": "check-sheet" }, "Check the sheet");
  const notice = messageArea("The pane against the sheet");
  notice.element.setAttribute("data-role", "sheet-match");
  let running: Promise<void> | null = null;
  // A notice of differences is on show (a quiet check that finds none takes it away; it leaves other words alone).
  let differing = false;

  function offerCopy(sheetName: string, copy: Map<string, number>): void {
    if (copy.size === 0) return;
    const use = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "use-sheet-values" }, "Use the sheet's values");
    use.addEventListener("click", () => {
      options.useValues(copy);
      differing = false;
      const names = [...copy.keys()].map(nameOf);
      notice.show("success", `Copied ${plural(copy.size, "value")} of “${sheetName}” into the pane: ${names.join(", ")}.`);
    });
    notice.element.append(h("div", { class: "ap-row" }, use));
  }

  async function compare(quiet: boolean): Promise<void> {
    const sheetName = await options.sheet();
    if (!sheetName) {
      if (!quiet) notice.show("info", "There is no comparison sheet to check yet: build one first.");
      return;
    }
    const r = options.readRequest();
    if (!r.ok) {
      if (!quiet) notice.show("error", "The pane's own inputs need fixing before they can be compared with the sheet:", r.problems);
      return;
    }
    const differences = scenarioDifferences(paneValues(r.request), await (await sheetInputs()).readSheetInputs(options.port, sheetName));
    if (differences.length === 0) {
      if (!quiet) notice.show("success", `The pane's scenario matches the sheet “${sheetName}”.`);
      else if (differing) notice.clear();
      differing = false;
      return;
    }
    differing = true;
    notice.show(
      "warning",
      `The pane's scenario no longer matches the sheet “${sheetName}”. Update keeps the sheet's values either way; to build from them too, use them in the pane.`,
      differences.map((d) => d.words),
    );
    offerCopy(sheetName, new Map(differences.flatMap((d) => (d.sheet === null ? [] : [[d.path, d.sheet] as [string, number]]))));
  }

  async function check(quiet = false): Promise<void> {
    if (options.busy() || (running && quiet)) return;
    // The analyst's own check waits for a quiet one under way, then looks again.
    while (running) await running;
    running = compare(quiet).catch((e) => {
      if (!quiet) notice.show("error", `Could not read the sheet: ${errorWords(e).title}`);
    });
    await running;
    running = null;
  }

  button.addEventListener("click", () => void check());
  return {
    element: h("div", { class: "ap-sheet-match" }, h("div", { class: "ap-row" }, button), notice.element),
    check,
  };
}
