/**
 * The pane's side of the history worker (./replay-worker.ts): one worker per file, asked for the
 * header and then for the rows; progress comes back as it reads. Cancel ends the worker at once
 * (whatever it is doing) and a new one is started for the next file.
 */
import type { BuyerDefinition } from "../replay/monthly-aggregation";
import type { ColumnMapping } from "../replay/columns";
import type { FromWorker, ToWorker } from "./replay-protocol";
import type { Progress } from "./replay-reading";

export type HeaderAnswer = Extract<FromWorker, { kind: "header" }>;
export type RowsAnswer = Extract<FromWorker, { kind: "done" }>;

/** Cancelled by the analyst (or by picking another file). */
export class ReadingCancelled extends Error {
  constructor() {
    super("Reading cancelled.");
    this.name = "ReadingCancelled";
  }
}

/** Where the worker's script is: beside the page's own (dist/). */
export function workerUrl(): string {
  return new URL("replay-worker.js", document.baseURI).href;
}

export class HistoryWorker {
  private worker: Worker | null = null;
  private pending: { resolve(m: FromWorker): void; reject(e: unknown): void; progress?(p: Progress): void } | null = null;

  constructor(private readonly url: string = workerUrl()) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.url);
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.kind === "progress") {
        this.pending?.progress?.(m);
        return;
      }
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.kind === "problem") p.reject(new Error(m.message));
      else p.resolve(m);
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(new Error(`The reader could not run in this pane (${event.message || "its script did not load"}).`));
    };
    this.worker = w;
    return w;
  }

  private ask(message: ToWorker, progress?: (p: Progress) => void): Promise<FromWorker> {
    if (this.pending) this.cancel();
    const w = this.start();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, progress };
      w.postMessage(message);
    });
  }

  /** Opens a file in a fresh worker: its header and the mapping proposed. */
  async open(file: File): Promise<HeaderAnswer> {
    this.cancel();
    return (await this.ask({ kind: "open", file })) as HeaderAnswer;
  }

  /**
   * Reads the rows of the file with the analyst's mapping (in the worker that opened it, or, after a
   * cancel ended that one, in a fresh worker that opens it again).
   */
  async rows(file: File, mapping: ColumnMapping, definition: BuyerDefinition, progress: (p: Progress) => void): Promise<RowsAnswer> {
    if (!this.worker) await this.ask({ kind: "open", file });
    return (await this.ask({ kind: "rows", mapping, definition }, progress)) as RowsAnswer;
  }

  /** Stops the worker now; what it was asked fails with ReadingCancelled. */
  cancel(): void {
    this.fail(new ReadingCancelled());
  }

  private fail(e: Error): void {
    this.worker?.terminate();
    this.worker = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }
}
