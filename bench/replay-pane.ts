/**
 * Benchmark section of the pilot replay in the task pane: a 1,000,000-row history read in
 * the pane's Web Worker and replayed under 10 bids, in headless Chromium (Debian's, as the end-to-end
 * tests drive it) on the built dist/ served as `npm start` serves it, in the workbench page (the real
 * pane beside the embedded workbook):
 *  - from pressing "Read the history" to the "Pilot replay" sheet drawn (the worker's reading, then the
 *    replay planned and written): target at most 20 s;
 *  - the page answering input throughout: the main thread's longest task while the worker reads (the
 *    browser's Long Tasks API) and the longest delay of a 16 ms timer (what a click or a key would
 *    wait): target at most 100 ms.
 * The history is written into .bench/ (git-ignored) by the sample history's generator
 * (scripts/make-sample-history.js, twelve months, its bad rows included), cut at 1,000,000 rows, and
 * kept for the next run. `npm run bench -- pane` runs this section alone.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import { gallery } from "../src/templates/gallery";
import type {} from "../src/workbench/workbench"; // window.aipriceWorkbench
import { checkPrerequisites, launchChromium, openPage, serveDist } from "../test/e2e/browser";
import type { Figure, Section } from "./sections";

const { generateRows } = require("../scripts/make-sample-history.js") as { generateRows(o?: Record<string, unknown>): Iterable<string> };

const ROOT = path.join(__dirname, "..");
const BENCH_DIR = path.join(ROOT, ".bench");
const ROWS = 1_000_000;
const BIDS = 10;
/** Bump when the generated file changes shape. */
const GENERATOR_VERSION = 1;

/** .bench/pane-history-1000000.csv, made by the sample's generator unless a previous run left it. */
export function paneHistory(rows = ROWS): { file: string; generatedMs: number | null } {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `pane-history-${rows}.csv`);
  const stamp = `${file}.v${GENERATOR_VERSION}`;
  if (fs.existsSync(file) && fs.existsSync(stamp)) return { file, generatedMs: null };
  const t0 = Date.now();
  const fd = fs.openSync(file, "w");
  try {
    let written = -1; // the header is not a row
    let chunk: string[] = [];
    // Twelve months of 2025, the sample's shape (seasonality, reopens, unrated, a few bad rows).
    for (const line of generateRows({ seed: 2025, start: "2025-01", months: 12, rowsPerMonth: Math.ceil((rows / 12) * 1.05) })) {
      chunk.push(line);
      if (++written === rows) break;
      if (chunk.length === 50000) {
        fs.writeSync(fd, chunk.join("\n") + "\n");
        chunk = [];
      }
    }
    if (written < rows) throw new Error(`the generator made ${written} rows, not ${rows}`);
    fs.writeSync(fd, chunk.join("\n") + "\n");
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(stamp, "");
  return { file, generatedMs: Date.now() - t0 };
}

interface Run {
  readMs: number;
  workerMs: number;
  buildMs: number;
  totalMs: number;
  longestTaskMs: number;
  longTasks: number;
  maxTimerLagMs: number;
  resultText: string;
}

async function oneRun(page: Page, file: string): Promise<Run> {
  await page.setInputFiles('input[data-role="history-file"]', file);
  await page.waitForSelector('select[data-column="conversation_id"]', { timeout: 60000 });
  return page.evaluate(
    () =>
      new Promise<Run>((resolve, reject) => {
        // The page's responsiveness while the worker reads: long tasks, and a 16 ms timer's delay.
        let longestTaskMs = 0;
        let longTasks = 0;
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            longTasks++;
            longestTaskMs = Math.max(longestTaskMs, e.duration);
          }
        });
        observer.observe({ type: "longtask", buffered: false });
        let maxTimerLagMs = 0;
        let last = performance.now();
        const timer = setInterval(() => {
          const now = performance.now();
          maxTimerLagMs = Math.max(maxTimerLagMs, now - last - 16);
          last = now;
        }, 16);
        const read = document.querySelector<HTMLButtonElement>('button[data-action="read-history"]')!;
        const t0 = performance.now();
        read.click();
        const until = t0 + 180000;
        let readMs = 0;
        let buildStart = 0;
        const check = () => {
          const now = performance.now();
          if (now > until) {
            clearInterval(timer);
            observer.disconnect();
            reject(new Error(`not done within 180 s: ${document.querySelector('[data-role="history-result"]')?.textContent}`));
            return;
          }
          const actions = document.querySelector<HTMLElement>('[data-role="replay-actions"]')!;
          const result = document.querySelector('[data-role="history-result"]')?.textContent ?? "";
          if (!readMs) {
            if (/could not be read: |cannot|Nothing/.test(result) && actions.hidden) {
              clearInterval(timer);
              observer.disconnect();
              reject(new Error(`the history was not read: ${result}`));
              return;
            }
            if (!actions.hidden) {
              readMs = now - t0;
              clearInterval(timer);
              observer.disconnect();
              buildStart = now;
              document.querySelector<HTMLButtonElement>('button[data-action="build-replay"]')!.click();
            }
          } else if (document.querySelector('.wb-tab-active[data-sheet="Pilot replay"]')) {
            requestAnimationFrame(() =>
              setTimeout(() => {
                const end = performance.now();
                const workerMs = Number(/in ([\d.]+) s\./.exec(result)?.[1] ?? NaN) * 1000;
                resolve({ readMs, workerMs, buildMs: end - buildStart, totalMs: end - t0, longestTaskMs, longTasks, maxTimerLagMs, resultText: result });
              }),
            );
            return;
          }
          setTimeout(check, 20);
        };
        check();
      }),
  );
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

export const replayPaneSection: Section = {
  name: "Pilot replay in the task pane (headless Chromium)",
  async run(): Promise<Figure[]> {
    checkPrerequisites();
    const { file, generatedMs } = paneHistory();
    const served = await serveDist();
    const browser = await launchChromium();
    let run: Run;
    try {
      const w = await openPage(browser, served, { width: 1400, height: 900 });
      const { page } = w;
      await page.goto(`${served.url}/workbench.html`);
      await page.waitForFunction(() => !!window.aipriceWorkbench);
      const ids = gallery.slice(0, BIDS).map((t) => t.id);
      if (ids.length < BIDS) throw new Error(`the gallery has ${ids.length} bids, not ${BIDS}`);
      for (const id of ids) await page.check(`input[data-template-id="${id}"]`);
      run = await oneRun(page, file);
      if (!run.resultText.includes("Read 1,000,000 conversations") && !/Read [\d,]+ conversations/.test(run.resultText)) throw new Error(run.resultText);
      if (w.errors.length) throw new Error(`the page reported errors: ${w.errors.join("; ")}`);
      await w.context.close();
    } finally {
      await browser.close();
      await served.close();
    }
    const size = fs.statSync(file).size;
    const rowsPerSecond = (ROWS / run.workerMs) * 1000;
    const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
    return [
      {
        label: `Pilot replay in the pane: ${fmt(ROWS)} rows read in its Web Worker and replayed under ${BIDS} bids (Read pressed to the sheet drawn)`,
        value: run.totalMs,
        unit: "ms",
        target: 20000,
        detail: `reading ${fmt(run.readMs)} ms (the worker's own ${fmt(run.workerMs)} ms, ${fmt(rowsPerSecond)} rows/s over ${fmt(size / 1e6)} MB), the sheet planned, written and drawn ${fmt(run.buildMs)} ms; ${load}${generatedMs !== null ? `; file generated in ${fmt(generatedMs)} ms` : ""}`,
      },
      {
        label: "The page answers input while the worker reads: the main thread's longest task",
        value: run.longestTaskMs,
        unit: "ms",
        target: 100,
        detail: `${run.longTasks} task${run.longTasks === 1 ? "" : "s"} over 50 ms while reading; a 16 ms timer was late by at most ${fmt(run.maxTimerLagMs)} ms (what a click or a key press would wait)`,
      },
    ];
  },
};

if (require.main === module) {
  (async () => {
    for (const f of await replayPaneSection.run()) console.log(`${f.label}: ${f.value.toFixed(1)} ${f.unit} (target <= ${f.target}) ${f.detail ?? ""}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
