/**
 * Heavy input through the Excel-facing functions and the risk engine's draws:
 *  - a spill of a million #N/A cells (a column of a million costs against a column of two rates)
 *    against a million numbers (against a million rates), through the built COST_PER_RESOLUTION;
 *    the same for a million #NUM! cells the engine raises (rates out of range), for information;
 *  - TIERED_COST over 10,000 quantities and 10,000 tiers, against the same quantities over 3 tiers
 *    (checking the tiers for every quantity made this 3.2 s);
 *  - PERT_DRAWS' engine: 2,000 draws for each of 30 bids, with a cold and a warm cache.
 *
 * `functionsHeavy` is listed in bench/run.ts; run it alone with `npm run bench -- heavy`.
 */
import { performance } from "perf_hooks";
import { clearRiskCaches, pertDraws } from "../src/engine/risk";
import { builtFunctions } from "../test/support/load-functions";
import { compare, median } from "./measure";
import type { Figure, Section } from "./sections";

const CELLS = 1_000_000;

function errorSpill(): Figure[] {
  const fn = builtFunctions().implementations.COST_PER_RESOLUTION;
  const costs: number[][] = Array.from({ length: CELLS }, (_, i) => [0.2 + (i % 1000) / 1000]);
  const rates: number[][] = Array.from({ length: CELLS }, (_, i) => [0.05 + (i % 95) / 100]);
  const twoRates = [[0.5], [0.9]];
  const badRates: number[][] = Array.from({ length: CELLS }, () => [1.5]);
  const numbers = () => fn(costs, rates) as unknown[][];
  const notAvailable = () => fn(costs, twoRates) as unknown[][];
  const outOfRange = () => fn(costs, badRates) as unknown[][];
  // What each workload returns, or the comparison means nothing.
  const n = numbers();
  const na = notAvailable();
  const num = outOfRange();
  if (typeof n[CELLS - 1][0] !== "number") throw new Error("the numeric spill is not numbers");
  if ((na[CELLS - 1][0] as { code?: string }).code !== "#N/A") throw new Error("the mismatched spill is not #N/A");
  if ((num[CELLS - 1][0] as { code?: string }).code !== "#NUM!") throw new Error("the out-of-range spill is not #NUM!");
  const t = compare(notAvailable, numbers, { rounds: 7, batch: 1, warmup: 2 });
  const u = compare(outOfRange, numbers, { rounds: 5, batch: 1, warmup: 1 });
  return [
    {
      label: "1M #N/A cells (a million costs against two rates) vs 1M numbers, COST_PER_RESOLUTION",
      value: t.ratio,
      unit: "x",
      target: 3,
      detail: `#N/A spill ${t.subject.median.toFixed(0)} ms, numeric spill ${t.baseline.median.toFixed(0)} ms (medians of ${t.subject.runs} runs each; was 5.1 s vs 0.27 s)`,
    },
    {
      label: "1M #NUM! cells the engine raises (rates of 150%) vs 1M numbers, for information",
      value: u.ratio,
      unit: "x",
      detail: `#NUM! spill ${u.subject.median.toFixed(0)} ms, numeric spill ${u.baseline.median.toFixed(0)} ms`,
    },
  ];
}

function tieredCost(): Figure[] {
  const fn = builtFunctions().implementations.TIERED_COST;
  const N = 10_000;
  const quantities = Array.from({ length: N }, (_, i) => [i * 11.3]);
  const manyBounds = Array.from({ length: N }, (_, i) => [i === N - 1 ? null : (i + 1) * 10]);
  const manyPrices = Array.from({ length: N }, (_, i) => [1 / (1 + i / 100)]);
  const fewBounds = [[1000], [10000], [null]];
  const fewPrices = [[1], [0.8], [0.5]];
  const many = () => fn(quantities, manyBounds, manyPrices, null) as unknown[][];
  const few = () => fn(quantities, fewBounds, fewPrices, null) as unknown[][];
  if (typeof many()[N - 1][0] !== "number" || typeof few()[N - 1][0] !== "number") throw new Error("TIERED_COST did not price the quantities");
  const t = compare(many, few, { rounds: 9, batch: 3, warmup: 3 });
  return [
    {
      label: "TIERED_COST, 10,000 quantities over 10,000 tiers vs over 3 tiers",
      value: t.ratio,
      unit: "x",
      target: 10,
      detail: `10,000 tiers ${t.subject.median.toFixed(1)} ms, 3 tiers ${t.baseline.median.toFixed(1)} ms per call (was 3.2 s for 10,000 tiers)`,
    },
  ];
}

function pert(): Figure[] {
  const BIDS = 30;
  const DRAWS = 2000;
  const drawAll = () => {
    for (let b = 0; b < BIDS; b++) pertDraws(0.3 + b * 0.01, 0.6 + b * 0.005, 0.85 + b * 0.004, DRAWS, 1);
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let round = 0; round < 9; round++) {
    clearRiskCaches();
    let t0 = performance.now();
    drawAll();
    cold.push(performance.now() - t0);
    t0 = performance.now();
    drawAll();
    warm.push(performance.now() - t0);
  }
  return [
    {
      label: "PERT_DRAWS engine, 2,000 draws x 30 bids, cold cache (every quantile solved)",
      value: median(cold),
      unit: "ms",
      target: 100,
      detail: `fastest ${Math.min(...cold).toFixed(1)} ms of 9`,
    },
    {
      label: "PERT_DRAWS engine, 2,000 draws x 30 bids, warm cache (a scenario change that keeps the estimates)",
      value: median(warm),
      unit: "ms",
      target: 10,
      detail: `fastest ${Math.min(...warm).toFixed(2)} ms of 9`,
    },
  ];
}

export const functionsHeavy: Section = {
  name: "Heavy input: error spills, many tiers, PERT draws",
  run() {
    return [...errorSpill(), ...tieredCost(), ...pert()];
  },
};
