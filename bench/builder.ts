/**
 * Benchmark section of the comparison-sheet builder: the round trips to Excel (context.sync calls) a
 * build costs for 3 and for 30 bids, counted through office-addin-mock, and how planning and building
 * on the embedded workbook scale from 3 to 30 bids (ratios within one run, never absolute limits).
 *
 * `builderSection` is listed in bench/run.ts; run it alone with `npm run bench -- builder`.
 */
import { performance } from "perf_hooks";
import type { BidTemplate } from "../src/templates/template";
import { buildComparison } from "../src/workbook/builder";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { OfficeWorkbook } from "../src/workbook/office-workbook";
import { planComparison } from "../src/workbook/plan";
import { builtFunctions } from "../test/support/load-functions";
import { FakeExcel } from "../test/workbook/fake-excel";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../test/workbook/fixtures";
import type { Figure, Section } from "./sections";

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
  await buildComparison(new OfficeWorkbook(excel), { scenario: RICH_SCENARIO, templates: bids(n) });
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

export async function builderFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const n of [3, 30]) {
    figures.push({
      label: `Comparison sheet through Office.js: context.sync() round trips to build ${n} bids`,
      value: await syncsToBuild(n),
      unit: "syncs",
      target: 2,
      detail: "counted through office-addin-mock: one to read the sheets and their markers, one to apply the whole plan",
    });
  }

  const [b3, b30] = [bids(3), bids(30)];
  const plan3 = await median(15, () => planComparison({ scenario: RICH_SCENARIO, templates: b3 }, []));
  const plan30 = await median(15, () => planComparison({ scenario: RICH_SCENARIO, templates: b30 }, []));
  figures.push({
    label: "Comparison sheet, planning: 30 bids against 3",
    value: plan30 / plan3,
    unit: "x",
    detail: `${plan3.toFixed(2)} ms and ${plan30.toFixed(2)} ms, median of 15; the break-even pairs grow with the square (435 against 3)`,
  });

  const functions = builtFunctions();
  const embedded = async (templates: BidTemplate[]) => {
    const wb = new EmbeddedWorkbook(functions);
    await buildComparison(wb, { scenario: RICH_SCENARIO, templates });
    wb.destroy();
  };
  const e3 = await median(5, () => embedded(b3));
  const e30 = await median(5, () => embedded(b30));
  figures.push({
    label: "Comparison sheet on the embedded workbook (build and compute): 30 bids against 3",
    value: e30 / e3,
    unit: "x",
    detail: `${e3.toFixed(1)} ms and ${e30.toFixed(1)} ms, median of 5`,
  });
  return figures;
}

export const builderSection: Section = { name: "Comparison-sheet builder", run: builderFigures };
