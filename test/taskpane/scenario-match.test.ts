/**
 * The pane's scenario against the sheet's input cells (src/taskpane/scenario-match.ts): each input the
 * two disagree on is named once, in the analyst's words, with both values as the pane shows them;
 * values that agree (to rounding) and inputs only one side has are left out.
 */
import fc from "fast-check";
import { paneValues, scenarioDifferences, SHARED_INPUTS } from "../../src/taskpane/scenario-match";
import type { ComparisonRequest } from "../../src/workbook/comparison/request";

const request: Pick<ComparisonRequest, "scenario" | "risk" | "term"> = {
  scenario: {
    conversations: 100000,
    resolutionRate: 0.9,
    humanCost: 3,
    qualifyingShare: 1,
    tokens: { input: 20000, output: 6000, cachedInput: 0 },
    ranges: { conversations: { low: 80000, high: 120000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.4, high: 3.6 }, tokens: { low: 0.8, high: 1.5 } },
  },
  risk: { draws: 2000, seed: 1, rateCorrelation: 1 },
  term: { months: 12, growth: 0 },
};

const sheetAsPane = () => [...paneValues(request)].map(([path, value]) => ({ path, value }) as { path: string; value: number | string | null | { error: string } });

test("the pane's values: every shared input the request states, by field", () => {
  const v = paneValues(request);
  expect(v.get("scenario.conversations")).toBe(100000);
  expect(v.get("scenario.ranges.humanCost.high")).toBe(3.6);
  expect(v.get("risk.rateCorrelation")).toBe(1);
  expect(v.get("term.months")).toBe(12);
  expect(v.size).toBe(SHARED_INPUTS.length);
  expect(paneValues({ scenario: { conversations: 5, resolutionRate: 0.5, humanCost: 1 } }).size).toBe(3);
});

test("a sheet that matches the pane shows no difference", () => {
  expect(scenarioDifferences(paneValues(request), sheetAsPane())).toEqual([]);
});

test("each difference named in the analyst's words, in the pane's order", () => {
  const sheet = sheetAsPane().map((s) =>
    s.path === "scenario.conversations" ? { ...s, value: 110000 } : s.path === "scenario.resolutionRate" ? { ...s, value: 0.85 } : s.path === "term.months" ? { ...s, value: 36 } : s.path === "risk.rateCorrelation" ? { ...s, value: 0.5 } : s,
  );
  // The analyst's sheet may also hold inputs the pane does not have (the escalator): not a difference.
  sheet.push({ path: "term.escalator", value: 0.03 });
  const d = scenarioDifferences(paneValues(request), sheet);
  expect(d.map((x) => x.words)).toEqual([
    "The sheet's volume is 110,000; the pane's is 100,000.",
    "The sheet's resolution rate is 85%; the pane's is 90%.",
    "The sheet's rate correlation is 0.5; the pane's is 1.",
    "The sheet's term is 36 months; the pane's is 12 months.",
  ]);
  expect(d.map((x) => [x.path, x.sheet, x.pane])).toEqual([
    ["scenario.conversations", 110000, 100000],
    ["scenario.resolutionRate", 0.85, 0.9],
    ["risk.rateCorrelation", 0.5, 1],
    ["term.months", 36, 12],
  ]);
});

test("money and ranges are shown as the pane shows them", () => {
  const sheet = sheetAsPane().map((s) => (s.path === "scenario.humanCost" ? { ...s, value: 3.25 } : s.path === "scenario.ranges.conversations.low" ? { ...s, value: 90000 } : s));
  expect(scenarioDifferences(paneValues(request), sheet).map((x) => x.words)).toEqual(["The sheet's human cost per conversation is 3.25; the pane's is 3.00.", "The sheet's low volume is 90,000; the pane's is 80,000."]);
});

test("a cell that holds no number is a difference that cannot be copied (sheet: null)", () => {
  const sheet = sheetAsPane().map((s) => (s.path === "scenario.humanCost" ? { ...s, value: { error: "#VALUE!" } } : s.path === "risk.seed" ? { ...s, value: "abc" } : s));
  expect(scenarioDifferences(paneValues(request), sheet)).toEqual([
    { path: "scenario.humanCost", sheet: null, pane: 3, words: "The sheet's human cost per conversation holds the error #VALUE!, not a number; the pane's is 3.00." },
    { path: "risk.seed", sheet: null, pane: 1, words: "The sheet's seed holds “abc”, not a number; the pane's is 1." },
  ]);
});

test("property: a difference exactly where the sheet's number is not the pane's, one per input", () => {
  const paths = SHARED_INPUTS.map((s) => s.path);
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...paths)), fc.double({ min: 0.001, max: 1e6, noNaN: true }), (changed, delta) => {
      const pane = paneValues(request);
      const sheet = sheetAsPane().map((s) => (changed.includes(s.path) ? { ...s, value: (s.value as number) + delta } : s));
      const d = scenarioDifferences(pane, sheet);
      expect(d.map((x) => x.path).sort()).toEqual([...changed].sort());
      for (const x of d) expect(x.sheet).toBe((pane.get(x.path) as number) + delta);
      // Rounding in the last bits is not a difference.
      expect(
        scenarioDifferences(
          pane,
          sheetAsPane().map((s) => ({ ...s, value: (s.value as number) * (1 + 1e-13) })),
        ),
      ).toEqual([]);
    }),
  );
});

test("a range the analyst did not type on the sheet follows its value there, as in the pane: not a difference", () => {
  const sheet = sheetAsPane().map((s) =>
    s.path === "scenario.conversations" ? { ...s, value: 110000 } : s.path === "scenario.ranges.conversations.low" ? { ...s, value: 88000, edited: false } : s.path === "scenario.ranges.conversations.high" ? { ...s, value: 132000, edited: true } : s,
  );
  expect(scenarioDifferences(paneValues(request), sheet).map((x) => x.words)).toEqual(["The sheet's volume is 110,000; the pane's is 100,000.", "The sheet's high volume is 132,000; the pane's is 120,000."]);
});
