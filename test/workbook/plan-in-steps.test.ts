/**
 * The comparison planned in steps (planComparisonInSteps, what buildComparison uses, so that a page
 * answers while 60 bids are planned) is the plan planComparison gives at once: the same sheets,
 * cells, names, charts, notes and layout, for any bids, with the event loop given a turn between steps.
 */
import fc from "fast-check";
import { defaultRanges, Scenario } from "../../src/engine";
import { planComparison, planComparisonInSteps } from "../../src/workbook/plan";
import { runSteps, runStepsAsync, Steps } from "../../src/workbook/steps";
import { writeOrder, writeOrderSteps } from "../../src/workbook/write-order";
import { manyBids } from "../e2e/sixty-bids";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

const scenario: Scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
const pool = [...guideTemplates(), ...handMadeTemplates(), ...manyBids(24)];

test("planned in steps, with a pause after every step: the plan planned at once", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(undefined, 12, 36), fc.boolean(), async (picks, months, oneSheet) => {
      const request = { scenario, templates: picks.map((k) => pool[k]), risk: { draws: 40, seed: 5 }, ...(months ? { term: { months } } : {}), asOf: "2026-12-07" };
      let pauses = 0;
      const stepped = await planComparisonInSteps(request, ["Sheet1"], { oneSheet }, { budgetMs: 0, pause: async () => void pauses++ });
      expect(stepped).toEqual(planComparison(request, ["Sheet1"], { oneSheet }));
      // A step per block at least: the page gets a turn many times while a comparison is planned.
      expect(pauses).toBeGreaterThan(16);
    }),
    { numRuns: 12 },
  );
});

test("60 bids: the same plan, and the same order to write it, in steps", async () => {
  const request = { scenario, templates: manyBids(60), risk: { draws: 200 }, term: { months: 36 }, asOf: "2026-12-07" };
  let pauses = 0;
  const stepped = await planComparisonInSteps(request, [], {}, { budgetMs: 0, pause: async () => void pauses++ });
  const whole = planComparison(request, []);
  expect(stepped).toEqual(whole);
  const plans = [whole, whole.calc!];
  let orderPauses = 0;
  expect(await runStepsAsync(writeOrderSteps(plans), { budgetMs: 0, pause: async () => void orderPauses++ })).toEqual(writeOrder(plans));
  expect(pauses).toBeGreaterThan(30);
  expect(orderPauses).toBeGreaterThan(10);
});

test("steps: run at once or paused, the same result and the same failure", async () => {
  function* counting(n: number, failAt?: number): Steps<number[]> {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i === failAt) throw new Error(`failed at ${i}`);
      seen.push(i);
      yield;
    }
    return seen;
  }
  let pauses = 0;
  expect(await runStepsAsync(counting(5), { budgetMs: 0, pause: async () => void pauses++ })).toEqual(runSteps(counting(5)));
  expect(pauses).toBe(5);
  // With a budget that is never spent, no pause.
  pauses = 0;
  expect(await runStepsAsync(counting(5), { budgetMs: 1e9, pause: async () => void pauses++ })).toEqual([0, 1, 2, 3, 4]);
  expect(pauses).toBe(0);
  expect(() => runSteps(counting(5, 3))).toThrow("failed at 3");
  await expect(runStepsAsync(counting(5, 3), { budgetMs: 0 })).rejects.toThrow("failed at 3");
});
