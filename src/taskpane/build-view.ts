/**
 * Building the comparison: a new sheet, or an update of one of the add-in's own sheets that keeps the
 * analyst's work. An update is looked at first: when it cannot keep something (a cell the analyst typed
 * where the add-in would write, a figure they replaced, rows that would go), the pane lists exactly
 * which cells would change and asks before anything is written; afterwards it says which of the
 * analyst's edited inputs it kept.
 */
import type { ComparisonRequest, UpdatePreview } from "../workbook/builder";
import { comparisonSheets } from "../workbook/own-sheets";
import type { CellContent, WorkbookPort } from "../workbook/port";
import { h, newId } from "./dom";
import { errorWords, messageArea, plural } from "./messages";

export interface BuildView {
  element: HTMLElement;
  /** Clears the last result (the bids or the scenario changed). */
  clear(): void;
}

export interface BuildViewOptions {
  /** The scenario and the chosen bids, checked; the problems in the analyst's words otherwise. */
  readRequest(): { ok: true; request: ComparisonRequest } | { ok: false; problems: string[] };
  /** After a sheet was built or updated. */
  onBuilt(sheetName: string): void | Promise<void>;
  onBusy(busy: boolean): void;
}

function shown(c: CellContent): string {
  if (c === null || c === "") return "nothing";
  if (typeof c === "number") return c.toLocaleString("en-US", { maximumFractionDigits: 6 });
  return String(c);
}

/** The builder (the sheet's planners, the update), loaded when first needed: the pane opens without it. */
const builder = () => import(/* webpackChunkName: "taskpane-builder" */ "../workbook/builder");

export function createBuildView(port: WorkbookPort, options: BuildViewOptions): BuildView {
  const button = h("button", { type: "button", class: "ap-button ap-button-primary ap-button-wide", "data-action": "build" }, "Build comparison");
  const confirmArea = h("div", { class: "ap-confirm-area" });
  const status = messageArea("Build result");
  let busy = false;
  button.addEventListener("click", () => void start());

  function setBusy(on: boolean): void {
    busy = on;
    button.disabled = on;
    button.textContent = on ? "Building…" : "Build comparison";
    options.onBusy(on);
  }

  function request(): ComparisonRequest | null {
    confirmArea.replaceChildren();
    const r = options.readRequest();
    if (!r.ok) {
      status.show("error", "Nothing was built: please fix this first.", r.problems);
      return null;
    }
    return r.request;
  }

  async function start(): Promise<void> {
    if (busy) return;
    status.clear();
    const req = request();
    if (!req) return;
    setBusy(true);
    let own: string[];
    try {
      own = await comparisonSheets(port);
    } catch (e) {
      setBusy(false);
      status.show("error", `Could not read the workbook: ${errorWords(e).title}. Nothing was changed.`);
      return;
    }
    setBusy(false);
    if (own.length === 0) return buildNew(req);
    askNewOrUpdate(own);
  }

  /** A question box with buttons; Escape or Cancel dismisses it ("Nothing was built."). */
  function ask(text: string, extra: Node | null, buttons: HTMLButtonElement[], details: Node | null = null): void {
    const questionId = newId("confirm");
    const cancel = h("button", { type: "button", class: "ap-button ap-button-subtle", "data-action": "cancel" }, "Cancel");
    const box = h("div", { class: "ap-confirm", role: "group", "aria-labelledby": questionId }, h("p", { id: questionId }, text), details, extra, h("div", { class: "ap-row" }, ...buttons, cancel));
    const dismiss = () => {
      confirmArea.replaceChildren();
      status.show("info", "Nothing was built.");
      button.focus();
    };
    cancel.addEventListener("click", dismiss);
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        ev.preventDefault();
        dismiss();
      }
    });
    confirmArea.replaceChildren(box);
    buttons[0]?.focus();
  }

  /** The inline choice: another sheet, or update the add-in's own sheet (never someone else's). */
  function askNewOrUpdate(own: string[]): void {
    const target = h("select", { class: "ap-select", id: newId("sheet") }, ...own.map((s) => h("option", { value: s }, s)));
    const updateButton = h("button", { type: "button", class: "ap-button", "data-action": "update" });
    const setLabel = () => (updateButton.textContent = `Update “${target.value}”`);
    setLabel();
    target.addEventListener("change", setLabel);
    const newButton = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "new-sheet" }, "Build a new sheet");
    // The scenario and the bids are read again on the answer: they may have been changed meanwhile.
    newButton.addEventListener("click", () => {
      const fresh = request();
      if (fresh) void buildNew(fresh);
    });
    updateButton.addEventListener("click", () => {
      const fresh = request();
      if (fresh) void lookAtUpdate(target.value, fresh);
    });
    const keeps = "Updating keeps your work on that sheet: inputs you changed there keep their values, your own cells and rows stay, each bid keeps its rows and new bids come after them.";
    ask(
      own.length === 1 ? `This workbook already has a comparison built by the add-in: “${own[0]}”. Build another sheet, or update that one? ${keeps}` : `This workbook already has comparisons built by the add-in. Build another sheet, or update one of them? ${keeps}`,
      own.length > 1 ? h("div", { class: "ap-field" }, h("label", { class: "ap-label", for: target.id }, "Sheet to update"), target) : null,
      [newButton, updateButton],
    );
  }

  async function buildNew(req: ComparisonRequest): Promise<void> {
    confirmArea.replaceChildren();
    setBusy(true);
    try {
      const { sheetName } = await (await builder()).buildComparison(port, req);
      await options.onBuilt(sheetName);
      status.show("success", `Built the comparison on sheet “${sheetName}”: ${plural(req.templates.length, "bid")}. Change a scenario cell there and every figure follows.`);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
      button.focus();
    }
  }

  async function lookAtUpdate(sheetName: string, req: ComparisonRequest): Promise<void> {
    confirmArea.replaceChildren();
    setBusy(true);
    let preview: UpdatePreview;
    try {
      preview = await (await builder()).prepareUpdate(port, sheetName, req);
    } catch (e) {
      setBusy(false);
      failed(e);
      return;
    }
    setBusy(false);
    if (preview.conflicts.length === 0) return update(preview);
    const go = h("button", { type: "button", class: "ap-button", "data-action": "update-anyway" }, "Update anyway");
    const instead = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "new-sheet" }, "Build a new sheet instead");
    go.addEventListener("click", () => void update(preview));
    instead.addEventListener("click", () => void buildNew(req));
    ask(
      `Updating “${sheetName}” cannot keep everything. ${preview.conflicts.length === 1 ? "This cell would change" : `These ${preview.conflicts.length} changes would be made`}:`,
      null,
      [instead, go],
      h("ul", { class: "ap-problems", "data-role": "update-conflicts" }, ...preview.conflicts.map((c) => h("li", {}, h("strong", {}, c.where), `: ${c.what}`))),
    );
  }

  async function update(preview: UpdatePreview): Promise<void> {
    confirmArea.replaceChildren();
    setBusy(true);
    try {
      const { sheetName } = await (await builder()).applyUpdate(port, preview);
      await options.onBuilt(sheetName);
      const items: string[] = [];
      for (const k of preview.kept) items.push(`Kept ${k.cell} (${k.what}): ${shown(k.now)}, as you changed it (the add-in's value is ${shown(k.written)}).`);
      if (preview.added.length) items.push(`Added after the existing bids: ${preview.added.join("; ")}.`);
      if (preview.removed.length) items.push(`Removed: ${preview.removed.join("; ")}.`);
      if (preview.rowsInserted) items.push(`${plural(preview.rowsInserted, "row")} inserted: the cells below moved down with them, and formulas that refer to them follow.`);
      const n = preview.plan.layout.bids.length;
      status.show(
        "success",
        `Updated the comparison on sheet “${sheetName}”: ${plural(n, "bid")}. ${preview.kept.length ? `${plural(preview.kept.length, "input")} you changed on the sheet kept ${preview.kept.length === 1 ? "its value" : "their values"}.` : "No input on the sheet had been changed."}`,
        items,
      );
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
      button.focus();
    }
  }

  function failed(e: unknown): void {
    const { title, items } = errorWords(e);
    // A failed update of the add-in's own sheet may have changed that sheet (its message says so).
    if ((e as { workbookChanged?: unknown })?.workbookChanged === true) status.show("error", title);
    else status.show("error", items.length ? "The comparison cannot be built; nothing was changed in the workbook:" : `${title.replace(/[.;]?\s*nothing was changed\.?$/i, "")}. Nothing was changed in the workbook.`, items);
  }

  return {
    element: h("div", {}, h("p", { class: "ap-hint" }, "Makes a new sheet of formulas from the scenario and the chosen bids. Your own sheets are never changed."), button, confirmArea, status.element),
    clear: () => status.clear(),
  };
}
