/**
 * Benchmark section of the contract term: a comparison sheet of 30 bids over a 60-month term
 * (growth, a ramp, escalators, annual commitments trued up on some bids) on the embedded workbook
 * (HyperFormula with the built AIPRICE functions), recalculated after a scenario change: at most 1 s on
 * this machine. Beside it, the engine alone over the same term, and the finance sheet's plan.
 *
 * `termSection` is listed in bench/run.ts; run it alone with `npm run bench -- term`.
 */
import { performance } from "perf_hooks";
import { compareTerm, TermSettings } from "../src/engine";
import type { BidTemplate } from "../src/templates/template";
import { buildComparison } from "../src/workbook/builder";
import { EmbeddedWorkbook } from "../src/workbook/embedded-workbook";
import { planFinance } from "../src/workbook/finance/plan";
import { builtFunctions } from "../test/support/load-functions";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../test/workbook/fixtures";
import type { Figure, Section } from "./sections";

const TERM: Partial<TermSettings> = { months: 60, growth: 0.01, rampStart: 0.6, rampMonths: 6, escalator: 0.03 };

/** 30 bids of every model; every fifth with an annual commitment, every seventh with its own escalator. */
function bids(n: number): BidTemplate[] {
  const pool = [...guideTemplates(), ...handMadeTemplates()];
  return Array.from({ length: n }, (_, i) => {
    const t = pool[i % pool.length];
    const charges = { ...(t.bid.charges ?? {}) };
    if (i % 5 === 0) charges.commitment = { amount: 900000 + 10000 * i, periodMonths: 12 };
    if (i % 7 === 0) charges.escalator = { annualRate: 0.05, everyMonths: 12 };
    return { ...t, id: `${t.id}-${i + 1}`, bid: { ...t.bid, name: `${t.bid.name} #${i + 1}`, charges } };
  });
}

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

async function termFigures(): Promise<Figure[]> {
  const templates = bids(30);
  const functions = builtFunctions();
  const wb = new EmbeddedWorkbook(functions);
  // Few draws: the risk block has its own figure (bench/builder.ts); this one is the term's.
  const { sheetName, layout } = await buildComparison(wb, { scenario: RICH_SCENARIO, templates, term: TERM, risk: { draws: 100, seed: 1 } });
  let v = RICH_SCENARIO.conversations;
  const conversations = await median(9, () => wb.setCellInput(sheetName, layout.scenario.Conversations, (v += 1000)));
  let g = 0.01;
  const growth = await median(9, () => wb.setCellInput(sheetName, layout.scenario.MonthlyGrowth, (g += 0.001)));
  wb.destroy();
  const engine = await median(9, () =>
    compareTerm(
      templates.map((t) => t.bid),
      { ...RICH_SCENARIO, conversations: (v += 1000) },
      TERM,
    ),
  );
  const finance = await median(5, () => planFinance({ scenario: RICH_SCENARIO, templates, term: TERM, start: "2027-01" }, []));
  return [
    {
      label: "Term block, 30 bids x 60 months: recalculation in the formula engine after a scenario change (this machine)",
      value: conversations,
      unit: "ms",
      target: 1000,
      detail: `HyperFormula with the built AIPRICE functions; conversations in month 1 changed, median of 9 (the whole sheet recalculates: figures, risk with 100 draws, term); the monthly growth alone: ${growth.toFixed(0)} ms`,
    },
    {
      label: "The same term, 30 bids x 60 months: the engine alone (this machine)",
      value: engine,
      unit: "ms",
      target: 50,
      detail: "compareTerm: every bid priced in every month, true-ups, NPV, cheapest from which month; median of 9",
    },
    {
      label: "Finance sheet planned for 30 bids x 60 months (1,800 plan rows, the expense schedules) (this machine)",
      value: finance,
      unit: "ms",
      detail: "planFinance, median of 5",
    },
  ];
}

export const termSection: Section = { name: "Contract term", run: termFigures };
