/**
 * Benchmark section of the comparison-sheet builder and the risk view:
 *  - the round trips to Excel (context.sync calls) a build costs for 3 and for 30 bids, counted through
 *    office-addin-mock;
 *  - how planning and building on the embedded workbook scale from 3 to 60 bids (linear: 60
 *    bids at most 25x the time of 3);
 *  - the risk block of 30 bids with 2,000 drawn scenarios: recalculated by the formula engine after a
 *    scenario change (at most 1 s on this machine), and computed by the engine alone (at most 50 ms);
 *  - the command line comparing 400 bids (linear, no pairwise block), with and without ranges.
 *
 * `builderSection` is listed in bench/run.ts; run it alone with `npm run bench -- builder`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { assessRisk, defaultRanges } from "../src/engine";
import type { BidTemplate } from "../src/templates/template";
import { buildComparison } from "../src/workbook/builder";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { OfficeWorkbook } from "../src/workbook/office-workbook";
import { planComparison } from "../src/workbook/plan";
import { builtFunctions } from "../test/support/load-functions";
import { FakeExcel } from "../test/workbook/fake-excel";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../test/workbook/fixtures";
import type { Figure, Section } from "./sections";

const RANGED = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };

function bids(n: number): BidTemplate[] {
  const pool = [...guideTemplates(), ...handMadeTemplates()];
  return Array.from({ length: n }, (_, i) => {
    const t = pool[i % pool.length];
    return { ...t, id: `${t.id}-${i + 1}`, bid: { ...t.bid, name: `${t.bid.name} #${i + 1}` } };
  });
}

async function syncsToBuild(n: number): Promise<number> {
  const excel = new FakeExcel();
  excel.addSheet("Sheet1", { A1: "the user's data" });
  await buildComparison(new OfficeWorkbook(excel), { scenario: RANGED, templates: bids(n) });
  return excel.syncs;
}

/** Median milliseconds of `runs` calls. */
async function median(runs: number, f: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The command line's time for 400 bids (two collection files of 200), the median of 3 runs. */
function cliFor400(ranges: boolean): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-bench-"));
  try {
    const files = [0, 1].map((f) => {
      const file = path.join(dir, `bids-${f}.json`);
      const list = bids(200).map((t, i) => ({ ...t, id: `${t.id}-f${f}-${i}` }));
      fs.writeFileSync(file, JSON.stringify({ format: "aiprice-bids", version: 1, bids: list }));
      return file;
    });
    const scenario = ranges ? ["--conversations", "96000,120000,144000", "--resolution-rate", "0.67,0.82,0.87", "--human-cost", "3.57,4.2,5.04"] : ["--conversations", "120000", "--resolution-rate", "0.82", "--human-cost", "4.2"];
    const args = [path.join(__dirname, "..", "bin", "aiprice.js"), "compare", ...files, ...scenario, "--input-tokens", "18000", "--output-tokens", "2500", "--json"];
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`aiprice compare failed: ${r.stderr}`);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[1];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function builderFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  // The engine alone first, in a process that has built no workbook yet: measured after the embedded
  // workbooks below are built and destroyed, it timed the collection of their hundreds of megabytes too
  // (41 to 63 ms for the same engine from run to run).
  const thirty = bids(30).map((t) => t.bid);
  assessRisk(thirty, RANGED, { draws: 2000 }); // warm the PERT caches as a sheet's first computation does
  let human = RICH_SCENARIO.humanCost;
  const engine = await median(9, () => assessRisk(thirty, { ...RANGED, humanCost: (human += 0.01) }, { draws: 2000 }));
  for (const n of [3, 30]) {
    figures.push({
      label: `Comparison sheet through Office.js: context.sync() round trips to build ${n} bids`,
      value: await syncsToBuild(n),
      unit: "syncs",
      target: 2,
      detail: "counted through office-addin-mock: one to read the sheets and their markers, one to apply the whole plan",
    });
  }

  const [b3, b60] = [bids(3), bids(60)];
  const plan3 = await median(15, () => planComparison({ scenario: RANGED, templates: b3 }, []));
  const plan60 = await median(15, () => planComparison({ scenario: RANGED, templates: b60 }, []));
  figures.push({
    label: "Comparison sheet, planning: 60 bids against 3",
    value: plan60 / plan3,
    unit: "x",
    target: 25,
    detail: `${plan3.toFixed(2)} ms and ${plan60.toFixed(2)} ms, median of 15; every block grows with the bids, none with their pairs`,
  });

  const functions = builtFunctions();
  const embedded = async (templates: BidTemplate[]) => {
    const wb = new EmbeddedWorkbook(functions);
    await buildComparison(wb, { scenario: RANGED, templates });
    wb.destroy();
  };
  const e3 = await median(3, () => embedded(b3));
  const e60 = await median(3, () => embedded(b60));
  figures.push({
    label: "Comparison sheet on the embedded workbook (build and compute, 2,000 draws): 60 bids against 3",
    value: e60 / e3,
    unit: "x",
    target: 25,
    detail: `${e3.toFixed(1)} ms and ${e60.toFixed(1)} ms, median of 3`,
  });

  // The risk block of 30 bids recalculated after a scenario change, and the engine alone.
  const wb = new EmbeddedWorkbook(functions);
  const { sheetName, layout } = await buildComparison(wb, { scenario: RANGED, templates: bids(30) });
  let h = RICH_SCENARIO.humanCost;
  const recalc = await median(9, () => {
    h += 0.01;
    wb.setCellInput(sheetName, layout.scenario.HumanCost, h);
  });
  wb.destroy();
  figures.push({
    label: "Risk block, 30 bids x 2,000 draws: recalculation in the formula engine after a scenario change (this machine)",
    value: recalc,
    unit: "ms",
    target: 1000,
    detail: "HyperFormula with the built AIPRICE functions; the human cost changed, median of 9",
  });
  figures.push({
    label: "Risk figures, 30 bids x 2,000 draws: the engine alone (this machine)",
    value: engine,
    unit: "ms",
    target: 50,
    detail: "assessRisk: every bid priced in every drawn scenario, percentiles, chance of being cheapest; median of 9",
  });

  figures.push({
    label: "aiprice compare, 400 bids, point estimates (this machine)",
    value: cliFor400(false),
    unit: "ms",
    detail: "two collection files of 200 bids, --json, the whole process (Node's start included), median of 3",
  });
  figures.push({
    label: "aiprice compare, 400 bids with ranges, 2,000 draws each (this machine)",
    value: cliFor400(true),
    unit: "ms",
    detail: "as above, with three-point conversations, resolution rate and human cost",
  });
  return figures;
}

export const builderSection: Section = { name: "Comparison-sheet builder and risk view", run: builderFigures };
