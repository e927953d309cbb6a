/**
 * The workbench: the add-in's real task pane beside a grid of a workbook computed by the embedded
 * formula engine (HyperFormula, GPL-3.0: this page only, never the add-in bundles).
 *
 * The AIPRICE functions are the add-in's own: functions.ts runs against the CustomFunctions stand-in
 * (installed first, below), and they are registered from functions.json, the metadata Excel reads.
 * The task pane builds through the same builder as in Excel; only the workbook port differs.
 */
import { shim } from "./install-shim"; // must stay the first import: functions.ts calls CustomFunctions.associate
import "../functions/functions";
import type { FunctionsMetadata, Implementations } from "../embedded/hyperformula-aiprice";
import { mountTaskPane } from "../taskpane/app";
import { h } from "../taskpane/dom";
import { EmbeddedWorkbook } from "../workbook/embedded-workbook";
import { createGrid, type GridView } from "./grid";
import { describeWorkbook, writeXlsx, xlsxFileName } from "./xlsx";

export interface WorkbenchHandle {
  workbook: EmbeddedWorkbook;
  grid: GridView;
  /**
   * performance.now() when the page's script started and when the pane and grid were in place; and the
   * task pane's first render: from mounting it to the first frame drawn with it (null until drawn).
   */
  timings: { start: number; ready: number; paneFirstRender: number | null };
}

declare global {
  interface Window {
    /** For the end-to-end tests and the benchmark; the user never needs it. */
    aipriceWorkbench?: WorkbenchHandle;
  }
}

const started = performance.now();

async function loadMetadata(): Promise<FunctionsMetadata> {
  const res = await fetch("functions.json", { cache: "no-store" });
  if (!res.ok) throw new Error(`functions.json could not be loaded (HTTP ${res.status}); run \`npm run build\`, then reload`);
  return (await res.json()) as FunctionsMetadata;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * "Download .xlsx": the workbook as an Excel file (every sheet, formulas with their values, formats,
 * widths). ExcelJS is loaded on the first click, not with the page.
 */
function downloadButton(workbook: EmbeddedWorkbook): HTMLElement {
  const status = h("span", { class: "wb-download-status", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "wb-download", "data-action": "download-xlsx", title: "Download the workbook as an Excel file: sheets, formulas and their values, number formats, column widths" }, "Download .xlsx");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Writing the file…";
    try {
      const bytes = await writeXlsx(describeWorkbook(workbook));
      const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_TYPE }));
      const a = document.createElement("a");
      a.href = url;
      a.download = xlsxFileName();
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = `Downloaded ${a.download}. AIPRICE formulas show #NAME? in Excel without the add-in.`;
    } catch (e) {
      status.textContent = `The file could not be written: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      button.disabled = false;
    }
  });
  return h("span", { class: "wb-download-group" }, status, button);
}

/**
 * Cells written into the formula engine per task when a sheet is built, at most (by weight: a formula
 * counts for more than a constant, a row of draws more still; ../workbook/write-order), and what a
 * task should take: on a slower or busier machine the chunks hold less, so that the page still draws.
 */
const CHUNK_CELLS = 400;
const CHUNK_MS = 50;

async function main(): Promise<void> {
  const sheetRoot = document.getElementById("sheet")!;
  const paneRoot = document.getElementById("pane")!;
  try {
    const metadata = await loadMetadata();
    const implementations: Implementations = Object.fromEntries(shim.associated);
    const workbook = new EmbeddedWorkbook({ metadata, implementations });
    // A large comparison is written in chunks between which the page draws (the grid shows progress).
    workbook.chunkCells = CHUNK_CELLS;
    workbook.chunkMs = CHUNK_MS;
    workbook.addSheet("Sheet1");
    const grid = createGrid(workbook, "Sheet1");
    sheetRoot.replaceChildren(grid.element);
    document.querySelector(".wb-bar")?.append(downloadButton(workbook));
    const mountStart = performance.now();
    mountTaskPane(paneRoot, workbook, {
      hostNote: "Workbench: builds on the workbook at the left, through the same builder as in Excel.",
      onBuilt: (sheetName) => grid.showSheet(sheetName),
    });
    const handle: WorkbenchHandle = { workbook, grid, timings: { start: started, ready: performance.now(), paneFirstRender: null } };
    // The frame after the one that draws the pane: its time is when the pane was on screen.
    requestAnimationFrame(() => requestAnimationFrame(() => (handle.timings.paneFirstRender = performance.now() - mountStart)));
    window.aipriceWorkbench = handle;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    sheetRoot.replaceChildren(h("div", { class: "wb-fatal", role: "alert" }, h("strong", {}, "The workbench could not start. "), message));
    throw e;
  }
}

void main();
