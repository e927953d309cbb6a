/**
 * Chunks weigh what they fill (EmbeddedWorkbook.chunkCells): a formula that spills over a row of drawn
 * scenarios counts for more than one cell, so the rows of draws, computed as they are written, are
 * spread over several chunks instead of all falling in the last one (one long task in the workbench).
 * The sheet written is the sheet written at once (test/workbook/chunked-apply.test.ts).
 */
import { buildComparison } from "../../src/workbook/builder";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

test("a chunk of 100 cells holds at most two rows of 2,000 draws", async () => {
  const wb = new EmbeddedWorkbook(builtFunctions());
  wb.chunkCells = 100;
  const perBatch: number[] = [];
  let current = -1;
  const request = { scenario: GUIDE_SCENARIO, templates: guideTemplates(), risk: { draws: 2000, seed: 1 } };
  // The rows of drawn scenarios: on the calculation sheet (the second sheet), each a formula spilled over 2,000 columns.
  const drawn = new Set([...planCells(planComparison(request, []).calc!)].filter(({ cell }) => cell.kind === "formula" && cell.spill?.cols === 2000).map(({ row, col }) => `${row},${col}`));
  expect(drawn.size).toBeGreaterThanOrEqual(12);
  const hf = wb.hf as unknown as { batch: (f: () => void) => unknown; setCellContents: (at: { sheet: number; row: number; col: number }, content: unknown[][]) => unknown };
  const batch = hf.batch.bind(hf);
  const set = hf.setCellContents.bind(hf);
  hf.batch = (f) => {
    current = perBatch.push(0) - 1;
    return batch(f);
  };
  hf.setCellContents = (at, content) => {
    if (current >= 0 && at.sheet === 1 && drawn.has(`${at.row},${at.col}`) && typeof content[0]?.[0] === "string" && (content[0][0] as string).startsWith("=")) perBatch[current]++;
    return set(at, content);
  };
  try {
    await buildComparison(wb, request);
    const draws = perBatch.reduce((a, b) => a + b, 0);
    expect(draws).toBeGreaterThanOrEqual(12); // conversations, human cost, tokens, and three rows per bid
    expect(Math.max(...perBatch)).toBeLessThanOrEqual(2);
  } finally {
    wb.destroy();
  }
});
