/**
 * Benchmark section of "Decide and negotiate" (docs/spec.md#decide-and-negotiate): for 30 bids x 2,000 draws, in the engine,
 * the copula's ranks (Iman-Conover), the risk figures with the bids' rates correlated 0.5, the tornado
 * of the leader and its rival, and the price to bring to the table (likely and P90) for every bid.
 * In the formula engine: the comparison sheet of the same 30 bids with the rates correlated 0.5 (the
 * copula's order as constants, INDEX over each bid's PERT_DRAWS) recalculated after a change of the
 * rates' range: every bid's drawn rates, totals and risk figures, the sheet's tornado of the leader and its
 * rival (src/workbook/comparison/blocks/decide.ts) and every bid's price to match, likely and at P90
 * (blocks/price-to-match.ts: its drawn totals at a price of 0 and the secant steps over PERCENTILE.INC).
 *
 * `negotiateSection` is listed in bench/run.ts; run it alone with `npm run bench -- negotiate`.
 */
import { performance } from "perf_hooks";
import { correlatedRanks, defaultRanges, drawTrials, pricesToMatch, summarizeTrials, whatDecides } from "../src/engine";
import { cellAddress } from "../src/workbook/a1";
import { BAR_COL, DECIDE_ROW } from "../src/workbook/comparison/blocks/decide";
import { PTM_COL, PTM_ROW } from "../src/workbook/comparison/blocks/price-to-match";
import { planComparison } from "../src/workbook/plan";
import type { SheetPlan } from "../src/workbook/sheet-plan";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { builtFunctions } from "../test/support/load-functions";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../test/workbook/fixtures";
import type { Figure, Section } from "./sections";

function median(runs: number, f: () => unknown): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function negotiateFigures(): Figure[] {
  const pool = [...guideTemplates(), ...handMadeTemplates()];
  const bids = Array.from({ length: 30 }, (_, i) => pool[i % pool.length].bid);
  const scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
  const options = { draws: 2000, seed: 1, rateCorrelation: 0.5 };
  const copula = median(5, () => correlatedRanks(2000, 30, 0.5, 1));
  drawTrials(bids, scenario, options); // warm the stratum quantiles: both runs below draw the same values
  const correlated = median(5, () => summarizeTrials(drawTrials(bids, scenario, options)));
  const common = median(5, () => summarizeTrials(drawTrials(bids, scenario, { ...options, rateCorrelation: 1 })));
  const trials = drawTrials(bids, scenario, options);
  const tornado = median(5, () => whatDecides(bids, scenario));
  const prices = median(3, () => pricesToMatch(bids, scenario, trials));
  return [
    { label: "Copula ranks, 30 bids x 2,000 draws, rank correlation 0.5 (engine, this machine)", value: copula, unit: "ms", target: 1000, detail: "correlatedRanks: scores, Gram-Schmidt (Iman-Conover's correction), ranks; median of 5" },
    {
      label: "Risk figures with the rates correlated 0.5 against common random numbers (1), 30 bids x 2,000 draws (engine, same process)",
      value: correlated / common,
      unit: "x",
      target: 2,
      detail: `drawTrials + summarizeTrials: ${correlated.toFixed(0)} ms at 0.5 vs ${common.toFixed(0)} ms at 1 (warm quantile caches; median of 5)`,
    },
    { label: "Tornado of the leader and its rival, 30 bids (engine, this machine)", value: tornado, unit: "ms", target: 1000, detail: "whatDecides: ranking, every input with a range at its low and high, where the winner changes; median of 5" },
    { label: "Price to bring to the table for 30 bids, likely and P90 over 2,000 trials (engine, this machine)", value: prices, unit: "ms", detail: "pricesToMatch with the trials drawn once; median of 3" },
  ];
}

/** A keyed row's planned column on the sheet as planned. */
function cellOf(plan: SheetPlan, key: string, col: number): string {
  const row = plan.rowKeys.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key} on the sheet`);
  return cellAddress({ row: row.row, col });
}

/**
 * The copula's order, the tornado and the prices to match on the sheet: 30 bids x 2,000 draws at a rate
 * correlation of 0.5, recalculated in the formula engine.
 */
async function sheetFigure(): Promise<Figure> {
  const pool = [...guideTemplates(), ...handMadeTemplates()];
  const templates = Array.from({ length: 30 }, (_, i) => {
    const t = pool[i % pool.length];
    return { ...t, id: `${t.id}-${i + 1}`, bid: { ...t.bid, name: `${t.bid.name} #${i + 1}` } };
  });
  const scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
  const wb = new EmbeddedWorkbook(builtFunctions());
  const plan = planComparison({ scenario, templates, risk: { draws: 2000, rateCorrelation: 0.5 } }, []);
  await wb.apply(plan);
  const { sheetName, layout } = plan;
  // What the recalculation must bring up to date: the tornado's first bar and every bid's price to match.
  const watched = [cellOf(plan, DECIDE_ROW.bar(0), BAR_COL.gapAtHigh), ...layout.bids.flatMap((b) => [cellOf(plan, PTM_ROW.bid(b.key), PTM_COL.likely), cellOf(plan, PTM_ROW.bid(b.key), PTM_COL.p90)])];
  const figures = () => watched.map((a) => wb.value(sheetName, a));
  const before = JSON.stringify(figures());
  let high = scenario.ranges.resolutionRate?.high ?? scenario.resolutionRate;
  const recalc = median(9, () => {
    high = high >= 0.99 ? scenario.resolutionRate : Math.min(1, high + 0.001);
    wb.setCellInput(sheetName, layout.scenario.ResolutionRateHigh, high);
  });
  const moved = JSON.stringify(figures()) !== before;
  const priced = figures().filter((v) => typeof v === "number").length;
  wb.destroy();
  return {
    label: "Tornado and copula for 30 bids x 2,000 draws recalculate in the formula engine (rate correlation 0.5, with the sheet's tornado and prices to match; this machine)",
    value: recalc,
    unit: "ms",
    target: 1000,
    detail: `HyperFormula with the built AIPRICE functions; the scenario's high resolution rate changed, so every bid's drawn rates (INDEX over PERT_DRAWS in the copula's order), totals and risk figures, the tornado of the leader and its rival and every bid's price to match (likely and P90: ${priced} figures) recompute${moved ? "" : " (their values did not move)"}; median of 9.`,
  };
}

export const negotiateSection: Section = { name: "Decide and negotiate", run: async () => [...negotiateFigures(), await sheetFigure()] };
