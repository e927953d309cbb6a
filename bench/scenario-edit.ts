/**
 * A scenario edit on the 60-bid sheet in the formula engine alone (Node, no browser): the workbench's
 * comparison of the 60 gallery bids (test/e2e/sixty-bids.ts) as the task pane builds it (the pane's
 * default scenario with its ranges, 2,000 draws, seed 1, correlation 1), applied to an EmbeddedWorkbook,
 * then the scenario's "Resolution rate (r)" set as the workbench's grid sets it. The time is the formula
 * engine's recalculation with its change export, in Node, with the built functions (dist/functions.js):
 * a figure for information and for profiling the engine's share. The target, 300 ms from Enter to the
 * frame drawn, is the workbench's own edit in the browser (bench/workbench.ts), which the same
 * recalculation takes less time in.
 *
 * `scenarioEditSection` is listed in bench/run.ts; run it alone with `npm run bench -- "scenario edit"`,
 * or `node -r ts-node/register/transpile-only bench/scenario-edit.ts` (AIPRICE_EDITS edits, default 9),
 * with AIPRICE_PROFILE=<file.cpuprofile> to profile the edits alone (not the build).
 */
import * as fs from "fs";
import { Session } from "inspector";
import { performance } from "perf_hooks";
import { defaultRanges, DEFAULT_SCENARIO } from "../src/engine";
import { buildComparison } from "../src/workbook/builder";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { manyBids } from "../test/e2e/sixty-bids";
import { builtFunctions } from "../test/support/load-functions";
import { median } from "./measure";
import type { Figure, Section } from "./sections";

const BIDS = 60;
const EDITS = Math.max(3, Number(process.env.AIPRICE_EDITS) || 9);
const RATES = [0.8, 0.85, 0.75, 0.9, 0.7, 0.88, 0.82, 0.78];

/** The 60-bid comparison built as the workbench's pane builds it, and the address of its resolution rate. */
export async function sixtyBidSheet(): Promise<{ wb: EmbeddedWorkbook; sheet: string; rate: string; buildMs: number }> {
  const wb = new EmbeddedWorkbook(builtFunctions());
  const { tokens, ...rest } = DEFAULT_SCENARIO;
  const scenario = { ...rest, tokens: { ...tokens }, ranges: defaultRanges(DEFAULT_SCENARIO) };
  const t0 = performance.now();
  const { sheetName } = await buildComparison(wb, { scenario, templates: manyBids(BIDS), risk: { draws: 2000, seed: 1, rateCorrelation: 1 } });
  const buildMs = performance.now() - t0;
  const cell = wb.usedCells(sheetName).find((c) => c.value === "Resolution rate (r)");
  if (!cell) throw new Error('the sheet has no "Resolution rate (r)"');
  return { wb, sheet: sheetName, rate: `B${cell.row + 1}`, buildMs };
}

/** Milliseconds of each edit of the resolution rate (the first, which warms the compiler, left out). */
export function timeEdits(wb: EmbeddedWorkbook, sheet: string, rate: string, edits = EDITS): { times: number[]; changed: number } {
  let changed = 0;
  const stop = wb.onChange((c) => {
    if (c.kind === "values") changed = c.changes.reduce((n, one) => n + one.cells, 0);
  });
  const times: number[] = [];
  try {
    for (let i = 0; i <= edits; i++) {
      const t0 = performance.now();
      wb.setCellInput(sheet, rate, RATES[i % RATES.length]);
      if (i > 0) times.push(performance.now() - t0);
    }
  } finally {
    stop();
  }
  return { times, changed };
}

export const scenarioEditSection: Section = {
  name: "Scenario edit in the formula engine at 60 bids (Node)",
  async run(): Promise<Figure[]> {
    const { wb, sheet, rate, buildMs } = await sixtyBidSheet();
    try {
      const { times, changed } = timeEdits(wb, sheet, rate);
      return [
        {
          label: `Scenario edit on the ${BIDS}-bid sheet, the formula engine's recalculation alone in Node, for information (the target is the workbench's edit in the browser, below)`,
          value: median(times),
          unit: "ms",
          detail: `fastest ${Math.min(...times).toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms, median of ${times.length} edits of ${rate}; ${changed.toLocaleString("en-US")} cells changed per edit; the sheet built in ${buildMs.toFixed(0)} ms`,
        },
      ];
    } finally {
      wb.destroy();
    }
  },
};

/** Profiles the edits alone into `file` (a .cpuprofile for Chrome's DevTools or a script). */
async function profileEdits(file: string): Promise<void> {
  const { wb, sheet, rate } = await sixtyBidSheet();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 200 });
  await post("Profiler.start");
  const { times } = timeEdits(wb, sheet, rate);
  const { profile } = (await post("Profiler.stop")) as { profile: unknown };
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`edits ${times.map((t) => t.toFixed(0)).join(", ")} ms; profile in ${file}`);
  wb.destroy();
}

if (require.main === module) {
  (async () => {
    if (process.env.AIPRICE_PROFILE) return profileEdits(process.env.AIPRICE_PROFILE);
    for (const f of await scenarioEditSection.run()) console.log(`${f.label}: ${f.value.toFixed(1)} ${f.unit} (target <= ${f.target}) ${f.detail ?? ""}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
