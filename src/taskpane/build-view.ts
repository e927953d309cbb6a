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
import { errorWords, MessageArea, messageArea, plural } from "./messages";

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

/** What every step of a build shares: the workbook, the caller's hooks, the button, the question box and the result. */
interface Build {
  port: WorkbookPort;
  options: BuildViewOptions;
  button: HTMLButtonElement;
  confirmArea: HTMLElement;
  status: MessageArea;
  busy: boolean;
}

function setBusy(b: Build, on: boolean): void {
  b.busy = on;
  b.button.disabled = on;
  b.button.textContent = on ? "Building…" : "Build comparison";
  b.options.onBusy(on);
}

/** The request as the pane holds it now; null (its problems shown) when it cannot be built. */
function request(b: Build): ComparisonRequest | null {
  b.confirmArea.replaceChildren();
  const r = b.options.readRequest();
  if (!r.ok) {
    b.status.show("error", "Nothing was built: please fix this first.", r.problems);
    return null;
  }
  return r.request;
}

async function start(b: Build): Promise<void> {
  if (b.busy) return;
  b.status.clear();
  const req = request(b);
  if (!req) return;
  setBusy(b, true);
  let own: string[];
  try {
    own = await comparisonSheets(b.port);
  } catch (e) {
    setBusy(b, false);
    b.status.show("error", `Could not read the workbook: ${errorWords(e).title}. Nothing was changed.`);
    return;
  }
  setBusy(b, false);
  if (own.length === 0) return buildNew(b, req);
  askNewOrUpdate(b, own);
}

/** A question box with buttons; Escape or Cancel dismisses it ("Nothing was built."). */
function ask(b: Build, text: string, extra: Node | null, buttons: HTMLButtonElement[], details: Node | null = null): void {
  const questionId = newId("confirm");
  const cancel = h("button", { type: "button", class: "ap-button ap-button-subtle", "data-action": "cancel" }, "Cancel");
  const box = h("div", { class: "ap-confirm", role: "group", "aria-labelledby": questionId }, h("p", { id: questionId }, text), details, extra, h("div", { class: "ap-row" }, ...buttons, cancel));
  const dismiss = () => {
    b.confirmArea.replaceChildren();
    b.status.show("info", "Nothing was built.");
    b.button.focus();
  };
  cancel.addEventListener("click", dismiss);
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      dismiss();
    }
  });
  b.confirmArea.replaceChildren(box);
  buttons[0]?.focus();
}

/** The inline choice: another sheet, or update the add-in's own sheet (never someone else's). */
function askNewOrUpdate(b: Build, own: string[]): void {
  const target = h("select", { class: "ap-select", id: newId("sheet") }, ...own.map((s) => h("option", { value: s }, s)));
  const updateButton = h("button", { type: "button", class: "ap-button", "data-action": "update" });
  const setLabel = () => (updateButton.textContent = `Update “${target.value}”`);
  setLabel();
  target.addEventListener("change", setLabel);
  const newButton = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "new-sheet" }, "Build a new sheet");
  // The scenario and the bids are read again on the answer: they may have been changed meanwhile.
  newButton.addEventListener("click", () => {
    const fresh = request(b);
    if (fresh) void buildNew(b, fresh);
  });
  updateButton.addEventListener("click", () => {
    const fresh = request(b);
    if (fresh) void lookAtUpdate(b, target.value, fresh);
  });
  const keeps = "Updating keeps your work on that sheet: inputs you changed there keep their values, your own cells and rows stay, each bid keeps its rows and new bids come after them.";
  ask(
    b,
    own.length === 1
      ? `This workbook already has a comparison built by the add-in: “${own[0]}”. Build another sheet, or update that one? ${keeps}`
      : `This workbook already has comparisons built by the add-in. Build another sheet, or update one of them? ${keeps}`,
    own.length > 1 ? h("div", { class: "ap-field" }, h("label", { class: "ap-label", for: target.id }, "Sheet to update"), target) : null,
    [newButton, updateButton],
  );
}

/** Runs one step that writes to the workbook, busy meanwhile; its failure said in the analyst's words. */
async function writing(b: Build, step: () => Promise<void>): Promise<void> {
  b.confirmArea.replaceChildren();
  setBusy(b, true);
  try {
    await step();
  } catch (e) {
    failed(b, e);
  } finally {
    setBusy(b, false);
    b.button.focus();
  }
}

function buildNew(b: Build, req: ComparisonRequest): Promise<void> {
  return writing(b, async () => {
    const { sheetName } = await (await builder()).buildComparison(b.port, req);
    await b.options.onBuilt(sheetName);
    b.status.show("success", `Built the comparison on sheet “${sheetName}”: ${plural(req.templates.length, "bid")}. Change a scenario cell there and every figure follows.`);
  });
}

async function lookAtUpdate(b: Build, sheetName: string, req: ComparisonRequest): Promise<void> {
  b.confirmArea.replaceChildren();
  setBusy(b, true);
  let preview: UpdatePreview;
  try {
    preview = await (await builder()).prepareUpdate(b.port, sheetName, req);
  } catch (e) {
    setBusy(b, false);
    failed(b, e);
    return;
  }
  setBusy(b, false);
  if (preview.conflicts.length === 0) return update(b, preview);
  const go = h("button", { type: "button", class: "ap-button", "data-action": "update-anyway" }, "Update anyway");
  const instead = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "new-sheet" }, "Build a new sheet instead");
  go.addEventListener("click", () => void update(b, preview));
  instead.addEventListener("click", () => void buildNew(b, req));
  ask(
    b,
    `Updating “${sheetName}” cannot keep everything. ${preview.conflicts.length === 1 ? "This cell would change" : `These ${preview.conflicts.length} changes would be made`}:`,
    null,
    [instead, go],
    h("ul", { class: "ap-problems", "data-role": "update-conflicts" }, ...preview.conflicts.map((c) => h("li", {}, h("strong", {}, c.where), `: ${c.what}`))),
  );
}

/** What an update did, in the analyst's words: the inputs it kept, the bids added and removed, the rows inserted. */
function updateReport(sheetName: string, preview: UpdatePreview): { title: string; items: string[] } {
  const items: string[] = [];
  for (const k of preview.kept) items.push(k.figure ? `Kept ${k.cell} (${k.what}): ${shown(k.now)}, as you changed it.` : `Kept ${k.cell} (${k.what}): ${shown(k.now)}, as you changed it (the add-in's value is ${shown(k.written)}).`);
  if (preview.added.length) items.push(`Added after the existing bids: ${preview.added.join("; ")}.`);
  if (preview.removed.length) items.push(`Removed: ${preview.removed.join("; ")}.`);
  if (preview.rowsInserted) items.push(`${plural(preview.rowsInserted, "row")} inserted: the cells below moved down with them, and formulas that refer to them follow.`);
  const n = preview.plan.layout.bids.length;
  const kept = preview.kept.filter((k) => !k.figure).length;
  return {
    title: `Updated the comparison on sheet “${sheetName}”: ${plural(n, "bid")}. ${kept ? `${plural(kept, "input")} you changed on the sheet kept ${kept === 1 ? "its value" : "their values"}.` : "No input on the sheet had been changed."}`,
    items,
  };
}

function update(b: Build, preview: UpdatePreview): Promise<void> {
  return writing(b, async () => {
    const { sheetName } = await (await builder()).applyUpdate(b.port, preview);
    await b.options.onBuilt(sheetName);
    const { title, items } = updateReport(sheetName, preview);
    b.status.show("success", title, items);
  });
}

function failed(b: Build, e: unknown): void {
  const { title, items } = errorWords(e);
  // A failed update of the add-in's own sheet may have changed that sheet (its message says so).
  if ((e as { workbookChanged?: unknown })?.workbookChanged === true) b.status.show("error", title);
  else b.status.show("error", items.length ? "The comparison cannot be built; nothing was changed in the workbook:" : `${title.replace(/[.;]?\s*nothing was changed\.?$/i, "")}. Nothing was changed in the workbook.`, items);
}

export function createBuildView(port: WorkbookPort, options: BuildViewOptions): BuildView {
  const button = h("button", { type: "button", class: "ap-button ap-button-primary ap-button-wide", "data-action": "build" }, "Build comparison");
  const b: Build = { port, options, button, confirmArea: h("div", { class: "ap-confirm-area" }), status: messageArea("Build result"), busy: false };
  button.addEventListener("click", () => void start(b));
  return {
    element: h("div", {}, h("p", { class: "ap-hint" }, "Makes a new sheet of formulas from the scenario and the chosen bids. Your own sheets are never changed."), button, b.confirmArea, b.status.element),
    clear: () => b.status.clear(),
  };
}
