/**
 * A three-point estimate out of order is reported in one cell beside it (src/workbook/comparison/blocks/
 * scenario.ts): the note cell of each triple shows its note while low <= value <= high, and says the
 * triple is out of order when the analyst types a value outside it; back in order, the note returns.
 */
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
  const scenario = { ...GUIDE_SCENARIO, conversations: 100000, ranges: { conversations: { low: 80000, high: 120000 } } };
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
