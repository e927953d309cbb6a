/**
 * The task pane, one view per file in the pane's order: 1 Scenario (scenario-view), 2 Bids (gallery-view,
 * import-view), 3 Contract questions (questions-view), 4 Build (build-view), 5 Export (export-view),
 * 6 Pilot replay (replay-entry), 7 Finance (finance-view, trials-view), 8 Share without the add-in
 * (share-view), 9 Explain a cell (explain-view). More: docs/modules.md#taskpane-app.
 */
import type { BidTemplate } from "../templates/template";
import { templateAt, todayIso } from "../templates/versions";
import { comparisonSheets } from "../workbook/own-sheets";
import type { WorkbookPort } from "../workbook/port";
import { createBuildView } from "./build-view";
import { h, newId } from "./dom";
import { createExportView } from "./export-view";
import { createExplainView } from "./explain-view";
import { createFinanceView } from "./finance-view";
import { RequestReading, withPaneTerm } from "./pane-term";
import { createTrialsView } from "./trials-view";
import { createGalleryView, type GalleryView } from "./gallery-view";
import { createImportView } from "./import-view";
import { createQuestionsView } from "./questions-view";
import { createReplaySection } from "./replay-entry";
import { createScenarioView, ScenarioView } from "./scenario-view";
import { createSheetMatchView, SheetMatchView } from "./sheet-match-view";
import { createShareView } from "./share-view";
import { loadShippedGallery } from "./shipped-gallery";

export interface TaskPaneOptions {
  /** The shipped templates; default: the gallery in src/templates, loaded after the pane is drawn. */
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

function defaultDownload(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { download: fileName, hidden: true });
  a.href = url; // a blob: address made here, never from data
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function paneHeader(hostNote: string | undefined): HTMLElement {
  return h(
    "header",
    { class: "ap-header" },
    h("h1", { class: "ap-title" }, "AI bid comparison"),
    h("p", { class: "ap-subtitle" }, hostNote ?? "Put AI vendors' bids on one footing: cost per resolution, blended cost, savings, and who bears the risk."),
  );
}

/** The scenario and the chosen bids as one request; every problem of either in the analyst's words. */
function readScenarioAndBids(scenario: ScenarioView, chosen: BidTemplate[]): RequestReading {
  const s = scenario.read();
  const problems: string[] = [];
  if (!s.ok) problems.push(...s.problems);
  if (chosen.length === 0) problems.push("Choose at least one bid in step 2 (tick its box), or import a bid file.");
  if (problems.length || !s.ok) return { ok: false, problems };
  return { ok: true, request: { scenario: s.scenario, templates: chosen, risk: s.risk, asOf: s.asOf } };
}

/**
 * Whether the pane's scenario still matches the sheet last built or updated (else the first of the
 * add-in's sheets): checked on the action, when the pane is activated, and when the workbook changes
 * (when the port tells; a while after the last change, never while the pane writes).
 */
function watchSheet(port: WorkbookPort, view: SheetMatchView): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("focus", () => void view.check(true));
  port.onChange?.(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void view.check(true), 400);
  });
}

function section(step: number, title: string, ...children: (Node | null)[]): HTMLElement {
  const id = newId("section");
  return h("section", { class: "ap-section", "aria-labelledby": id }, h("h2", { class: "ap-section-title", id }, h("span", { class: "ap-step", "aria-hidden": "true" }, String(step)), title), ...children);
}

/** The request with each template at the version of its prices in effect on the comparison date. */
function dated(r: RequestReading): RequestReading {
  return r.ok ? { ok: true, request: { ...r.request, templates: r.request.templates.map((t) => templateAt(t, r.request.asOf ?? todayIso())) } } : r;
}

/** The sheet the pane's scenario is checked against: the one last built or updated while it is there, else the first of the add-in's. */
async function sheetToCheck(port: WorkbookPort, lastBuilt: string | null): Promise<string | null> {
  const own = await comparisonSheets(port);
  return lastBuilt !== null && own.includes(lastBuilt) ? lastBuilt : (own[0] ?? null);
}

/** Loads the shipped gallery (a chunk of its own) into the gallery view, saying so while it loads. */
async function showShippedGallery(gallery: GalleryView): Promise<void> {
  gallery.setShippedStatus("loading");
  try {
    gallery.setShipped(await loadShippedGallery());
  } catch (e) {
    gallery.setShippedStatus({ failed: e instanceof Error ? e.message : String(e) });
  }
}

export function mountTaskPane(root: HTMLElement, port: WorkbookPort, options: TaskPaneOptions = {}): TaskPane {
  const download = options.download ?? defaultDownload;
  let busy = false;

  // 1. Scenario
  const scenario = createScenarioView();
  // 2. Bids: the gallery, the analyst's own files
  const questions = createQuestionsView();
  const gallery = createGalleryView(options.gallery ?? [], () => {
    questions.show(gallery.chosen().map((e) => e.template));
    build.clear();
  });
  scenario.onAsOfChange((asOf) => gallery.setAsOf(asOf));
  const importer = createImportView((accepted) => gallery.addImported(accepted));
  // 4. Build (new, or an update that keeps the analyst's work)
  const readRequest = (): RequestReading =>
    readScenarioAndBids(
      scenario,
      gallery.chosen().map((e) => e.template),
    );
  // One set of inputs for pane and sheet: the term set in the Finance step goes into Build and Update.
  const readBuildRequest = (): RequestReading => withPaneTerm(readRequest(), finance.readTerm());
  let lastBuilt: string | null = null;
  const build = createBuildView(port, {
    readRequest: readBuildRequest,
    onBuilt: async (sheetName) => {
      lastBuilt = sheetName;
      await refreshSheets(sheetName);
      options.onBuilt?.(sheetName);
    },
    onBusy: (on) => {
      busy = on;
      exporter.setBusy(on);
      sharer.setBusy(on);
    },
  });
  // Does the pane's scenario still match the sheet's? ("Use the sheet's values" copies them in.)
  const useValues = (values: ReadonlyMap<string, number>) => {
    scenario.setValues(values);
    finance.setTerm(values);
  };
  const match = createSheetMatchView({ port, readRequest: readBuildRequest, sheet: () => sheetToCheck(port, lastBuilt), useValues, busy: () => busy });
  // 5. Export
  const exporter = createExportView(port, download, () => void refreshSheets());
  // 7. Finance: the finance sheet and the monthly plan as CSV, for the same scenario and bids
  // The finance view prices each bid at the version of its prices in effect on the comparison date.
  const readDatedRequest = (): RequestReading => dated(readRequest());
  const finance = createFinanceView(port, { readRequest: readDatedRequest, download, onBuilt: (s) => options.onBuilt?.(s) });
  // The risk view's drawn scenarios as CSV (docs/negotiate.md), beside the finance view's plan.
  const trials = createTrialsView({ readRequest: readDatedRequest, download });
  // 8. Share without the add-in; 9. Explain a cell
  const sharer = createShareView(port, () => void refreshSheets());

  async function refreshSheets(select?: string): Promise<void> {
    let own: string[];
    try {
      own = await comparisonSheets(port);
    } catch {
      own = [];
    }
    exporter.setSheets(own, select);
    sharer.setSheets(own, select);
    finance.setSheets(own, select);
  }

  const element = h(
    "div",
    { class: "ap-pane" },
    paneHeader(options.hostNote),
    section(1, "Scenario", scenario.element),
    section(2, "Bids", gallery.element, importer.element),
    section(3, "Contract questions", questions.element),
    section(4, "Build", match.element, build.element),
    section(5, "Export", exporter.element),
    // 6. A pilot history priced under the chosen bids (its views and worker load when a file is picked).
    section(6, "Pilot replay", createReplaySection({ port, scenario, chosen: () => gallery.chosen().map((e) => e.template), onBuilt: options.onBuilt })),
    section(7, "Finance", finance.element, trials.element),
    section(8, "Share without the add-in", sharer.element),
    section(9, "Explain a cell", createExplainView(port).element),
  );
  questions.show(gallery.chosen().map((e) => e.template));
  root.replaceChildren(element);
  if (!options.gallery) void showShippedGallery(gallery);
  void refreshSheets();
  // Sheets are renamed and deleted in the workbook while the pane stays open: look again on return.
  window.addEventListener("focus", () => {
    if (!busy) void refreshSheets();
  });
  watchSheet(port, match);
  return { element, refreshSheets: () => refreshSheets() };
}
