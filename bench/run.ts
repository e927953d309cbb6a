/**
 * `npm run bench`: builds the add-in, then measures in one run on this machine and prints each figure
 * with its target. Speed is compared as ratios measured side by side in the same process (never as a
 * timed test). Exits with code 1 when a figure misses its target.
 *
 * To add a section: write a `Section` (bench/sections.ts) in its own file under bench/ and add it to
 * SECTIONS below. `npm run bench -- <words>` runs only the sections whose name contains the words.
 */
import * as os from "os";
import { builderSection } from "./builder";
import { bundleSize } from "./bundle-size";
import { comparisonSheet } from "./comparison-sheet";
import { functionsHeavy } from "./functions-heavy";
import { functionsSpill } from "./functions-spill";
import { negotiateSection } from "./negotiate";
import { replaySection } from "./replay";
import { replayPaneSection } from "./replay-pane";
import { replayMetersSection } from "./replay-meters";
import { shareableCopySection } from "./share-copy";
import { scenarioEditSection } from "./scenario-edit";
import { Figure, Section } from "./sections";
import { taskPane } from "./taskpane";
import { termSection } from "./term";
import { workbenchSection } from "./workbench";

export const SECTIONS: Section[] = [
  functionsSpill,
  functionsHeavy,
  comparisonSheet,
  bundleSize,
  builderSection,
  taskPane,
  scenarioEditSection,
  workbenchSection,
  shareableCopySection,
  replaySection,
  replayMetersSection,
  replayPaneSection,
  termSection,
  negotiateSection,
];

function formatValue(f: Figure): string {
  const digits = f.unit === "x" ? 2 : Number.isInteger(f.value) ? 0 : 1;
  return f.unit === "x" ? `${f.value.toFixed(digits)}x` : `${f.value.toFixed(digits)} ${f.unit}`;
}

function formatTarget(f: Figure): string {
  if (f.target === undefined) return "";
  return f.unit === "x" ? `<= ${f.target}x` : `<= ${f.target} ${f.unit}`;
}

export async function runSections(sections: readonly Section[], log: (line: string) => void = console.log): Promise<{ figure: Figure; met: boolean | null }[]> {
  const results: { figure: Figure; met: boolean | null }[] = [];
  for (const section of sections) {
    log(`\n${section.name}`);
    let figures: Figure[];
    try {
      figures = await section.run();
    } catch (e) {
      log(`  FAILED: ${e instanceof Error ? e.message : String(e)}`);
      results.push({ figure: { label: section.name, value: NaN, unit: "" }, met: false });
      continue;
    }
    for (const f of figures) {
      const met = f.target === undefined ? null : f.value <= f.target;
      const verdict = met === null ? "" : met ? "  met" : "  MISSED";
      log(`  ${f.label}`);
      log(`    ${formatValue(f)}${f.target !== undefined ? `   target ${formatTarget(f)}` : ""}${verdict}`);
      if (f.detail) log(`    ${f.detail}`);
      results.push({ figure: f, met });
    }
  }
  return results;
}

async function main(): Promise<void> {
  const words = process.argv.slice(2).map((w) => w.toLowerCase());
  const chosen = words.length ? SECTIONS.filter((s) => words.some((w) => s.name.toLowerCase().includes(w))) : SECTIONS;
  console.log(`AIPRICE benchmark: Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  const results = await runSections(chosen);
  const missed = results.filter((r) => r.met === false);
  console.log(missed.length ? `\n${missed.length} figure(s) missed the target.` : "\nEvery figure meets its target.");
  if (missed.length) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
