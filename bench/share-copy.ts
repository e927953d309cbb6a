/**
 * The values-only shareable copy (the pane's share step, src/workbook/shareable) on the embedded
 * workbook that the workbench runs, at 7 and at 60 bids with ranges and a 36-month term: from the
 * comparison built to the copy written (read the sheet, plan the copy, write it into the formula
 * engine). Targets: 1 s at 7 bids, 5 s at 60. Wall time on this machine, with the
 * process's own CPU time beside it (the machine is shared: wall time includes waiting for a core).
 *
 * `npx ts-node --transpile-only bench/share-copy.ts` runs it alone; `npm run bench -- shareable` too.
 */
import { defaultRanges } from "../src/engine";
import { buildComparison } from "../src/workbook/builder";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { makeShareableCopy } from "../src/workbook/shareable/share";
import { manyBids } from "../test/e2e/sixty-bids";
import { builtFunctions } from "../test/support/load-functions";
import { RICH_SCENARIO } from "../test/workbook/fixtures";
import { median } from "./measure";
import { Figure, Section } from "./sections";

const SIZES: { bids: number; runs: number; target: number }[] = [
  { bids: 7, runs: 3, target: 1000 },
  { bids: 60, runs: 1, target: 5000 },
];

async function timeCopy(bids: number): Promise<{ wall: number; cpu: number; cells: number }> {
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  try {
    const scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
    const { sheetName } = await buildComparison(wb, { scenario, templates: manyBids(bids), term: { months: 36 } });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const copy = await makeShareableCopy(wb, sheetName, { valuesOnly: true, date: "2026-12-07" });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cells = wb.usedCells(copy.sheetName).length;
    return { wall, cpu: (cpu.user + cpu.system) / 1000, cells };
  } finally {
    wb.destroy();
  }
}

export const shareableCopySection: Section = {
  name: "Values-only shareable copy (embedded workbook, ranges, 36-month term)",
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    for (const size of SIZES) {
      const runs = [];
      for (let i = 0; i < size.runs; i++) runs.push(await timeCopy(size.bids));
      figures.push({
        label: `Values-only copy of ${size.bids} bids (read, plan, write)`,
        value: median(runs.map((r) => r.wall)),
        unit: "ms",
        target: size.target,
        detail: `CPU ${median(runs.map((r) => r.cpu)).toFixed(0)} ms; ${runs[0].cells.toLocaleString("en-US")} cells; median of ${runs.length}`,
      });
    }
    return figures;
  },
};

if (require.main === module) {
  (async () => {
    for (const f of await shareableCopySection.run()) console.log(`${f.label}: ${f.value.toFixed(0)} ${f.unit} (target <= ${f.target}) ${f.detail ?? ""}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
