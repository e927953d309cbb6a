/**
 * The task pane's Web Worker for a pilot history (dist/replay-worker.js, an entry of its own): it reads
 * the file the analyst picked, off the pane's thread, so the pane never freezes: first its header, then
 * its rows in chunks, posting progress, and finally the monthly aggregates and the unreadable rows
 * (./replay-reading.ts does the reading; ./replay-protocol.ts has the messages). ExcelJS is loaded only
 * for an XLSX file (a chunk of its own). The pane cancels by ending the worker.
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ts-loader compiles only the bundled files, and a declaration is not imported
/// <reference path="./replay-csv-parse.d.ts" />
import { Parser } from "csv-parse/browser/esm";
import type { FromWorker, ToWorker } from "./replay-protocol";
import { HistoryFileProblem, OpenHistory, openHistory, readRows, ReadingTools } from "./replay-reading";

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const tools: ReadingTools = {
  Parser,
  loadExcelJs: async () => {
    const m = (await import(/* webpackChunkName: "replay-exceljs" */ "exceljs")) as typeof import("exceljs") & { default?: typeof import("exceljs") };
    return m.default ?? m;
  },
};

let open: OpenHistory | null = null;

/** The name of the file being read, for messages. */
let fileName = "the file";

/** A problem in the analyst's words: the file's name, never a stack (only an error's first line). */
function problem(e: unknown): FromWorker {
  if (e instanceof HistoryFileProblem) return { kind: "problem", message: e.message };
  if (e instanceof RangeError && /memory|allocation|Array buffer/i.test(e.message)) {
    return { kind: "problem", message: `The browser ran out of memory reading ${fileName}. Save it as CSV (read in pieces), or replay it with the command line (aiprice backtest).` };
  }
  return { kind: "problem", message: `Could not read ${fileName}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
}

async function handle(message: ToWorker): Promise<void> {
  if (message.kind === "open") {
    open = null;
    fileName = message.file.name;
    const r = await openHistory(message.file, tools);
    open = r.open;
    scope.postMessage({ kind: "header", ...r.header });
    return;
  }
  if (!open) throw new Error("internal: rows asked before a file was opened");
  const t0 = performance.now();
  const r = await readRows(open, message.mapping, message.definition, tools, { onProgress: (p) => scope.postMessage({ kind: "progress", ...p }) });
  scope.postMessage({ kind: "done", history: r.history, rows: r.rows, ms: performance.now() - t0 });
}

scope.onmessage = (event) => {
  handle(event.data).catch((e: unknown) => scope.postMessage(problem(e)));
};
