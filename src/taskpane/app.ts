/**
 * The task pane: scenario, bids (gallery and imported files), contract questions, build, export.
 * One module for Excel (an OfficeWorkbook port) and the workbench (the embedded workbook): the UI only
 * talks to the builder, which talks to the workbook through the port.
 *
 * Errors are said in plain words in the pane and nothing is written to the workbook when anything is
 * wrong: the scenario and the bids are checked before the builder is called, and the builder itself
 * writes in one step or not at all.
 */
import type { BidTemplate } from "../templates/template";
import { exportFileName, exportTemplates } from "../templates/export";
import { gallery as shippedGallery } from "../templates/gallery";
import { readTemplateFile, type TemplateProblem } from "../templates/validate";
import { buildComparison, comparisonSheets, exportBids } from "../workbook/builder";
import type { WorkbookPort } from "../workbook/port";
import { h, newId } from "./dom";
import { createGalleryView } from "./gallery-view";
import { createQuestionsView } from "./questions-view";
import { createScenarioView } from "./scenario-view";

export interface TaskPaneOptions {
  /** The shipped templates; default: the gallery in src/templates. */
  gallery?: readonly BidTemplate[];
  /** Saves a file for the user; default: a download through an <a download> link. */
  download?: (fileName: string, text: string) => void;
  /** Called after a comparison sheet was built or updated. */
  onBuilt?: (sheetName: string) => void;
  /** Where the pane runs, shown under the title (e.g. "Workbench: embedded workbook"). */
  hostNote?: string;
}

export interface TaskPane {
  element: HTMLElement;
  /** Re-reads the workbook's comparison sheets (for the export list and the update choice). */
  refreshSheets(): Promise<void>;
}

type Tone = "info" | "success" | "error";

/** A message region: plain words, a title and an optional list; read out by screen readers. */
function messageArea(label: string): { element: HTMLElement; show(tone: Tone, title: string, items?: (string | Node)[]): void; clear(): void } {
  const element = h("div", { class: "ap-message", role: "status", "aria-live": "polite", "aria-label": label });
  return {
    element,
    show(tone, title, items = []) {
      element.className = `ap-message ap-message-${tone}`;
      element.setAttribute("role", tone === "error" ? "alert" : "status");
      element.replaceChildren(h("p", { class: "ap-message-title" }, title));
      if (items.length) element.append(h("ul", { class: "ap-problems" }, ...items.map((i) => h("li", {}, i))));
    },
    clear() {
      element.className = "ap-message";
      element.replaceChildren();
    },
  };
}

function problemItem(p: TemplateProblem): HTMLElement {
  return h("span", {}, h("span", { class: "ap-path" }, p.path), " ", p.message);
}

function defaultDownload(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { download: fileName, hidden: true });
  a.href = url; // a blob: address made here, never from data
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function errorWords(e: unknown): { title: string; items: string[] } {
  const problems = (e as { problems?: unknown }).problems;
  if (Array.isArray(problems) && problems.length > 0) {
    const words = problems.map((p) => (typeof p === "string" ? p : `${(p as TemplateProblem).path}: ${(p as TemplateProblem).message}`));
    return words.length === 1 ? { title: capital(words[0]), items: [] } : { title: "", items: words.map(capital) };
  }
  return { title: e instanceof Error ? e.message : String(e), items: [] };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function section(step: number, title: string, ...children: (Node | null)[]): HTMLElement {
  const id = newId("section");
  return h("section", { class: "ap-section", "aria-labelledby": id }, h("h2", { class: "ap-section-title", id }, h("span", { class: "ap-step", "aria-hidden": "true" }, String(step)), title), ...children);
}

export function mountTaskPane(root: HTMLElement, port: WorkbookPort, options: TaskPaneOptions = {}): TaskPane {
  const download = options.download ?? defaultDownload;
  let busy = false;
  let ownSheets: string[] = [];

  const buildStatus = messageArea("Build result");

  // 1. Scenario
  const scenario = createScenarioView();

  // 2. Bids
  const questions = createQuestionsView();
  const gallery = createGalleryView(options.gallery ?? shippedGallery, () => {
    questions.show(gallery.chosen().map((e) => e.template));
    buildStatus.clear();
  });
  const fileId = newId("import");
  const fileInput = h("input", { type: "file", id: fileId, class: "ap-file", accept: ".json,application/json", multiple: true, "aria-describedby": `${fileId}-hint` });
  const importStatus = messageArea("Import result");
  fileInput.addEventListener("change", () => void importFiles());

  async function importFiles(): Promise<void> {
    const files = Array.from(fileInput.files ?? []);
    if (files.length === 0) return;
    const accepted: { template: BidTemplate; fileName: string }[] = [];
    const rejected: { fileName: string; problems: TemplateProblem[] }[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch {
        rejected.push({ fileName: file.name, problems: [{ path: "(file)", message: "could not be read" }] });
        continue;
      }
      const result = readTemplateFile(text, file.name);
      if (result.ok) for (const template of result.templates) accepted.push({ template, fileName: file.name });
      else rejected.push({ fileName: file.name, problems: result.problems });
    }
    fileInput.value = "";
    if (accepted.length) gallery.addImported(accepted);
    if (rejected.length === 0) {
      importStatus.show("success", `Imported ${accepted.length} bid${accepted.length === 1 ? "" : "s"} from ${files.length === 1 ? files[0].name : `${files.length} files`}; ${accepted.length === 1 ? "it is" : "they are"} chosen in the list above.`);
      return;
    }
    const items: Node[] = [];
    for (const r of rejected) {
      items.push(
        h(
          "span",
          {},
          h("strong", {}, r.fileName),
          `: ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}`,
          h("ul", { class: "ap-problems" }, ...r.problems.map((p) => h("li", {}, problemItem(p)))),
        ),
      );
    }
    const title =
      rejected.length === files.length
        ? `Not imported: ${rejected.length === 1 ? "the file does" : "the files do"} not match the bid template format. Nothing was added and the workbook is unchanged.`
        : `Imported ${accepted.length} bid${accepted.length === 1 ? "" : "s"}; ${rejected.length} file${rejected.length === 1 ? " was" : "s were"} not imported (nothing from ${rejected.length === 1 ? "it" : "them"} was added):`;
    importStatus.show("error", title, items);
  }

  // 4. Build
  const buildButton = h("button", { type: "button", class: "ap-button ap-button-primary ap-button-wide", "data-action": "build" }, "Build comparison");
  const confirmArea = h("div", { class: "ap-confirm-area" });
  buildButton.addEventListener("click", () => void startBuild());

  function setBusy(on: boolean): void {
    busy = on;
    buildButton.disabled = on;
    exportButton.disabled = on || ownSheets.length === 0;
    buildButton.textContent = on ? "Building…" : "Build comparison";
  }

  function checkedRequest(): { scenario: import("../engine/bid").Scenario; templates: BidTemplate[] } | null {
    confirmArea.replaceChildren();
    const s = scenario.read();
    const chosen = gallery.chosen().map((e) => e.template);
    const problems: string[] = [];
    if (!s.ok) problems.push(...s.problems);
    if (chosen.length === 0) problems.push("Choose at least one bid in step 2 (tick its box), or import a bid file.");
    if (problems.length || !s.ok) {
      buildStatus.show("error", "Nothing was built: please fix this first.", problems);
      return null;
    }
    return { scenario: s.scenario, templates: chosen };
  }

  async function startBuild(): Promise<void> {
    if (busy) return;
    buildStatus.clear();
    const request = checkedRequest();
    if (!request) return;
    setBusy(true);
    try {
      ownSheets = await comparisonSheets(port);
    } catch (e) {
      setBusy(false);
      buildStatus.show("error", `Could not read the workbook: ${errorWords(e).title}. Nothing was changed.`);
      return;
    }
    setBusy(false);
    if (ownSheets.length === 0) return build(request);
    askNewOrUpdate();
  }

  /** The inline choice: another sheet, or update the add-in's own sheet (never someone else's). */
  function askNewOrUpdate(): void {
    const questionId = newId("confirm");
    const target = h("select", { class: "ap-select", id: `${questionId}-sheet` }, ...ownSheets.map((s) => h("option", { value: s }, s)));
    const updateButton = h("button", { type: "button", class: "ap-button", "data-action": "update" });
    const setUpdateLabel = () => (updateButton.textContent = `Update “${target.value}”`);
    setUpdateLabel();
    target.addEventListener("change", setUpdateLabel);
    const newButton = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "new-sheet" }, "Build a new sheet");
    const cancel = h("button", { type: "button", class: "ap-button ap-button-subtle", "data-action": "cancel" }, "Cancel");
    const box = h(
      "div",
      { class: "ap-confirm", role: "group", "aria-labelledby": questionId },
      h(
        "p",
        { id: questionId },
        ownSheets.length === 1
          ? `This workbook already has a comparison built by the add-in: “${ownSheets[0]}”. Build another sheet, or update that one? Updating replaces that sheet only; nothing else in the workbook changes.`
          : "This workbook already has comparisons built by the add-in. Build another sheet, or update one of them? Updating replaces that sheet only; nothing else in the workbook changes.",
      ),
      ownSheets.length > 1 ? h("div", { class: "ap-field" }, h("label", { class: "ap-label", for: `${questionId}-sheet` }, "Sheet to update"), target) : null,
      h("div", { class: "ap-row" }, newButton, updateButton, cancel),
    );
    // The scenario and the bids are read again on the answer: they may have been changed meanwhile.
    const answer = (replaceSheet?: string) => {
      const fresh = checkedRequest();
      if (fresh) void build(fresh, replaceSheet);
    };
    newButton.addEventListener("click", () => answer());
    updateButton.addEventListener("click", () => answer(target.value));
    const dismiss = () => {
      confirmArea.replaceChildren();
      buildStatus.show("info", "Nothing was built.");
      buildButton.focus();
    };
    cancel.addEventListener("click", dismiss);
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        ev.preventDefault();
        dismiss();
      }
    });
    confirmArea.replaceChildren(box);
    newButton.focus();
  }

  async function build(request: NonNullable<ReturnType<typeof checkedRequest>>, replaceSheet?: string): Promise<void> {
    confirmArea.replaceChildren();
    setBusy(true);
    try {
      const { sheetName } = await buildComparison(port, request, replaceSheet ? { replaceSheet } : {});
      await refreshSheets();
      exportSelect.value = sheetName;
      const n = request.templates.length;
      buildStatus.show("success", `${replaceSheet ? "Updated" : "Built"} the comparison on sheet “${sheetName}”: ${n} bid${n === 1 ? "" : "s"}. Change a scenario cell there and every figure follows.`);
      options.onBuilt?.(sheetName);
    } catch (e) {
      const { title, items } = errorWords(e);
      // A failed update of the add-in's own sheet may have changed that sheet (its message says so).
      if ((e as { workbookChanged?: unknown })?.workbookChanged === true) buildStatus.show("error", title);
      else buildStatus.show("error", items.length ? "The comparison cannot be built; nothing was changed in the workbook:" : `${title.replace(/[.;]?\s*nothing was changed\.?$/i, "")}. Nothing was changed in the workbook.`, items);
    } finally {
      setBusy(false);
      buildButton.focus();
    }
  }

  // 5. Export
  const exportId = newId("export");
  const exportSelect = h("select", { id: exportId, class: "ap-select", "data-role": "export-sheet" });
  const exportButton = h("button", { type: "button", class: "ap-button", "data-action": "export" }, "Export bids (.json)");
  const exportStatus = messageArea("Export result");
  exportButton.addEventListener("click", () => void exportSheet());

  async function exportSheet(): Promise<void> {
    const sheet = exportSelect.value;
    if (!sheet) return;
    exportStatus.clear();
    try {
      const templates = await exportBids(port, sheet);
      const text = exportTemplates(templates);
      const fileName = exportFileName(templates);
      download(fileName, text);
      exportStatus.show("success", `Exported ${templates.length} bid${templates.length === 1 ? "" : "s"} from “${sheet}” to ${fileName}, with the prices as they stand on the sheet.`);
    } catch (e) {
      const { title, items } = errorWords(e);
      exportStatus.show("error", items.length ? "Not exported:" : `Not exported: ${title}`, items);
      void refreshSheets(); // the sheet may have been renamed or deleted meanwhile
    }
  }

  async function refreshSheets(): Promise<void> {
    try {
      ownSheets = await comparisonSheets(port);
    } catch {
      ownSheets = [];
    }
    const current = exportSelect.value;
    exportSelect.replaceChildren(...(ownSheets.length ? ownSheets.map((s) => h("option", { value: s }, s)) : [h("option", { value: "" }, "No comparison sheet yet")]));
    if (ownSheets.includes(current)) exportSelect.value = current;
    exportSelect.disabled = ownSheets.length === 0;
    exportButton.disabled = busy || ownSheets.length === 0;
  }

  const element = h(
    "div",
    { class: "ap-pane" },
    h(
      "header",
      { class: "ap-header" },
      h("h1", { class: "ap-title" }, "AI bid comparison"),
      h("p", { class: "ap-subtitle" }, options.hostNote ?? "Put AI vendors' bids on one footing: cost per resolution, blended cost, savings."),
    ),
    section(1, "Scenario", scenario.element),
    section(
      2,
      "Bids",
      gallery.element,
      h(
        "div",
        { class: "ap-field ap-import" },
        h("label", { for: fileId, class: "ap-label" }, "Import bid files (.json)"),
        h("div", { class: "ap-hint", id: `${fileId}-hint` }, "Your own quotes in the bid template format. Files are checked first; a file with problems adds nothing."),
        fileInput,
        importStatus.element,
      ),
    ),
    section(3, "Contract questions", questions.element),
    section(4, "Build", h("p", { class: "ap-hint" }, "Makes a new sheet of formulas from the scenario and the chosen bids. Your own sheets are never changed."), buildButton, confirmArea, buildStatus.element),
    section(
      5,
      "Export",
      h("div", { class: "ap-field" }, h("label", { for: exportId, class: "ap-label" }, "Comparison sheet"), h("div", { class: "ap-hint" }, "Saves its bids, with any prices you edited on the sheet, as a file to share."), exportSelect),
      exportButton,
      exportStatus.element,
    ),
  );
  questions.show(gallery.chosen().map((e) => e.template));
  root.replaceChildren(element);
  void refreshSheets();
  // Sheets are renamed and deleted in the workbook while the pane stays open: look again on return.
  window.addEventListener("focus", () => {
    if (!busy) void refreshSheets();
  });
  return { element, refreshSheets };
}
