/**
 * A 100,000-cell spill through the Excel-facing COST_PER_RESOLUTION (the built bundle, called as Excel
 * calls it: two 100,000 x 1 ranges) against a bare loop over the same arrays computing the same quotient.
 */
import { builtFunctions } from "../test/support/load-functions";
import { compare } from "./measure";
import { Section } from "./sections";

const CELLS = 100_000;

export const functionsSpill: Section = {
  name: "Excel-facing functions",
  run() {
    const fn = builtFunctions().implementations.COST_PER_RESOLUTION;
    const costs: number[][] = Array.from({ length: CELLS }, (_, i) => [0.2 + (i % 1000) / 1000]);
    const rates: number[][] = Array.from({ length: CELLS }, (_, i) => [0.05 + (i % 95) / 100]);
    const bare = (): number[][] => {
      const out: number[][] = new Array(CELLS);
      for (let i = 0; i < CELLS; i++) out[i] = [costs[i][0] / rates[i][0]];
      return out;
    };
    // The same figures, or the comparison means nothing.
    const a = fn(costs, rates) as number[][];
    const b = bare();
    for (let i = 0; i < CELLS; i += 997) {
      if (a[i][0] !== b[i][0]) throw new Error(`COST_PER_RESOLUTION differs from the bare quotient at row ${i + 1}: ${a[i][0]} vs ${b[i][0]}`);
    }
    const t = compare(() => fn(costs, rates), bare, { rounds: 15, batch: 10 });
    return [
      {
        label: `${CELLS.toLocaleString("en-US")}-cell spill: COST_PER_RESOLUTION vs a bare loop`,
        value: t.ratio,
        unit: "x",
        target: 5,
        detail: `function ${t.subject.median.toFixed(2)} ms, bare loop ${t.baseline.median.toFixed(2)} ms (per run, medians over ${t.subject.runs} runs each)`,
      },
    ];
  },
};
