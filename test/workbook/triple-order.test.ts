/**
 * Three-point estimates on the sheet (src/workbook/comparison/blocks/scenario.ts): the pane's usual
 * ranges follow their value by rule cells of their own; a range the analyst gave is typed, and when it is
 * out of order one cell beside it says so (the note returns once it is back in order).
 */
import { assessRisk } from "../../src/engine";
import { defaultRanges } from "../../src/engine/defaults";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** The note beside a named cell of the scenario (column E of its row). */
function noteBeside(wb: EmbeddedWorkbook, sheet: string, address: string): unknown {
  const row = /\d+$/.exec(address.replace(/\$/g, ""))![0];
  return wb.value(sheet, `E${row}`);
}

test("the cell beside a triple says when it is out of order, and only then", async () => {
  const wb = workbook();
  // A range of the analyst's own (not the pane's usual 80,000 to 120,000): typed, it stays put.
  const scenario = { ...GUIDE_SCENARIO, conversations: 100000, ranges: { conversations: { low: 90000, high: 120000 } } };
  const { sheetName, layout } = await buildComparison(wb, { scenario, templates: guideTemplates(), risk: { draws: 50 } });
  const at = layout.scenario.Conversations;
  expect(at).toBeDefined();
  const inOrder = noteBeside(wb, sheetName, at);
  expect(String(inOrder)).toMatch(/ConversationsLow, ConversationsHigh/);
  expect(String(inOrder)).not.toMatch(/Out of order/);
  // 150,000 typed above the high end: the cell beside the triple names the problem.
  wb.setCellInput(sheetName, at, 150000);
  expect(String(noteBeside(wb, sheetName, at))).toMatch(/^Out of order: .*low <= value <= high/);
  // A triple without a range follows its value: typing any value keeps it in order.
  const rate = layout.scenario.HumanCost;
  wb.setCellInput(sheetName, rate, 7);
  expect(String(noteBeside(wb, sheetName, rate))).not.toMatch(/Out of order/);
  // Back in order: the note returns.
  wb.setCellInput(sheetName, at, 110000);
  expect(noteBeside(wb, sheetName, at)).toBe(inOrder);
});

test("the pane's usual ranges follow their value: a volume typed outside them moves them, and the risk view computes", async () => {
  const wb = workbook();
  const base = { ...GUIDE_SCENARIO, conversations: 100000 };
  const scenario = { ...base, ranges: defaultRanges(base) };
  const { sheetName, layout } = await buildComparison(wb, { scenario, templates: guideTemplates(), risk: { draws: 200 } });
  const at = (name: string) => layout.scenario[name];
  expect(wb.value(sheetName, at("ConversationsLow"))).toBe(80000);
  expect(wb.value(sheetName, at("ResolutionRateLow"))).toBeCloseTo(defaultRanges(base).resolutionRate.low, 12);
  // The rule cells are inputs of their own, next to the ranges.
  expect(wb.value(sheetName, at("ConversationsLowShare"))).toBe(0.8);
  expect(wb.value(sheetName, at("ResolutionRateLowStep"))).toBe(-0.15);
  // 150,000 typed: the range moves with it (120,000 to 180,000), nothing is out of order.
  wb.setCellInput(sheetName, at("Conversations"), 150000);
  expect([wb.value(sheetName, at("ConversationsLow")), wb.value(sheetName, at("ConversationsHigh"))]).toEqual([120000, 180000]);
  expect(String(noteBeside(wb, sheetName, at("Conversations")))).not.toMatch(/Out of order/);
  // The risk view equals the engine's with the moved range.
  const moved = { ...base, conversations: 150000 };
  const risks = assessRisk(
    guideTemplates().map((t) => t.bid),
    { ...moved, ranges: { ...defaultRanges(base), conversations: defaultRanges(moved).conversations } },
    { draws: 200 },
  );
  layout.bids.forEach((b, k) => expect(wb.value(sheetName, b.risk.totalP50)).toBeCloseTo(risks[k]!.monthlyTotal.p50, 6));
  // A rule changed on the sheet moves the ends too: the rate's low end 10 points below it.
  wb.setCellInput(sheetName, at("ResolutionRateLowStep"), -0.1);
  expect(wb.value(sheetName, at("ResolutionRateLow"))).toBeCloseTo(base.resolutionRate - 0.1, 12);
  // An end the analyst types stays theirs.
  wb.setCellInput(sheetName, at("ConversationsHigh"), 200000);
  wb.setCellInput(sheetName, at("Conversations"), 160000);
  expect(wb.value(sheetName, at("ConversationsHigh"))).toBe(200000);
  expect(wb.value(sheetName, at("ConversationsLow"))).toBe(128000);
});
