/**
 * "Explain this cell" names the input out of its domain for any risk cell (docs/spec.md#one-model-one-answer): with
 * the volume typed outside a three-point range of the analyst's own, every drawn figure is an error, and Explain on any of
 * them names the triple out of order, not "uses no AIPRICE function" or "no error here".
 */
import { defaultRanges } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { isCellError } from "../../src/workbook/port";
import { explainCell } from "../../src/workbook/shareable/explain";
import { addinFunctions } from "../../src/workbook/shareable/explain-functions";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";

test("volume 150,000 outside a typed 85,000-120,000: Explain on P10, P50, P90, chance and exposure names the conversations' triple", async () => {
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const scenario = { ...GUIDE_SCENARIO, ranges: { ...defaultRanges(GUIDE_SCENARIO), conversations: { low: 85000, high: 120000 } } };
  const { sheetName, layout } = await buildComparison(wb, { scenario, templates: guideTemplates(), risk: { draws: 200 } });
  const explain = async (address: string) => explainCell(await wb.inspectCell(sheetName, address), (s, r) => wb.readValues(s, r), addinFunctions);
  const risk = layout.bids[1].risk;
  // In order: no such sentence.
  expect((await explain(risk.totalP50)).summary).not.toMatch(/out of order/);
  wb.setCellInput(sheetName, layout.scenario.Conversations, 150000);
  for (const cell of [risk.totalP10, risk.totalP50, risk.totalP90, risk.chanceCheapest, risk.exposure]) {
    // The bid is not priced in the drawn scenarios: an error, or the reason in words.
    const shown = wb.value(sheetName, cell);
    expect(isCellError(shown) || (typeof shown === "string" && /not priced/.test(shown))).toBe(true);
    const x = await explain(cell);
    expect(x.summary).toMatch(/three-point estimate of conversations per month is out of order: low 85,000, likely 150,000, high 120,000/);
    expect(x.summary).toContain(layout.scenario.ConversationsLow);
  }
  wb.destroy();
});
