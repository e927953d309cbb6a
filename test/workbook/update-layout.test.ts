/**
 * A comparison built before this layout (no summary at the top, no "Not priced because" column) updates
 * into it: the summary's rows are inserted above, the analyst's edits and notes are kept, a formula of
 * theirs elsewhere still points at the same bid's figure, and what cannot be kept is listed in their
 * words: their typed cell by address and content, never an internal key.
 */
import { compareBids } from "../../src/engine";
import { applyUpdate, buildComparison, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { SheetBlock } from "../../src/workbook/layout";
import { COMPARISON_BLOCKS } from "../../src/workbook/plan";
import { summaryBlock } from "../../src/workbook/comparison/blocks/summary";
import type { ComparisonContext } from "../../src/workbook/comparison/context";
import { columnLetters } from "../../src/workbook/a1";
import { BID_COL } from "../../src/workbook/comparison/keys";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

test("a sheet built without the summary updates into the new layout with the analyst's work kept", async () => {
  const blocks = COMPARISON_BLOCKS as SheetBlock<ComparisonContext>[];
  const saved = [...blocks];
  const wb = workbook();
  wb.addSheet("Sheet1");
  let built: Awaited<ReturnType<typeof buildComparison>>;
  try {
    blocks.splice(blocks.indexOf(summaryBlock), 1);
    built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
  } finally {
    blocks.splice(0, blocks.length, ...saved);
  }
  const sheet = built.sheetName;
  expect(built.layout.summary).toBeUndefined();
  const [a, b] = built.layout.bids;
  // The analyst: a formula on Sheet1 at bid A's cost per resolution, a note beside A, the rate at 80%,
  // and a word of their own over the cell that says why bid B is not priced (blank: B is priced).
  wb.setCellInput("Sheet1", "A1", `='${sheet}'!${a.cells.costPerResolution}`);
  wb.setCellInput(sheet, `Z${a.row}`, "ask about volume discounts");
  wb.setCellInput(sheet, built.layout.scenario.ResolutionRate, 0.8);
  const theirs = `${columnLetters(BID_COL.status)}${b.row}`;
  wb.setCellInput(sheet, theirs, "my own mark");

  const preview = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, "2026-12-07");
  expect(preview.kept.map((k) => k.now)).toEqual([0.8]);
  expect(preview.conflicts).toEqual([{ where: theirs, what: `you changed it to "my own mark"; the update would put the add-in's figure back` }]);
  expect(preview.rowsDeleted).toBe(0);
  expect(preview.rowsInserted).toBeGreaterThan(10);
  const { layout } = await applyUpdate(wb, preview);

  // The summary is on top, the bids are ranked as the engine ranks them at 80%, every edit kept.
  const s = layout.summary!;
  expect(Number(s.winners.month.name.replace(/^[A-Z]+/, ""))).toBeLessThan(layout.bids[0].row);
  const ranked = compareBids(
    guideTemplates().map((t) => t.bid),
    { ...GUIDE_SCENARIO, resolutionRate: 0.8 },
  );
  const first = ranked.findIndex((r) => r.rank === 1);
  expect(wb.value(sheet, s.winners.month.name)).toBe(guideTemplates()[first].bid.name);
  expect(wb.value(sheet, layout.scenario.ResolutionRate)).toBe(0.8);
  expect(wb.value(sheet, `Z${layout.bids[0].row}`)).toBe("ask about volume discounts");
  expect(wb.value("Sheet1", "A1")).toBeCloseTo(0.46 / 0.8, 12);
  expect(wb.cell("Sheet1", "A1").formula).toBe(`='${sheet}'!${layout.bids[0].cells.costPerResolution}`);
  expect(layout.bids.map((x) => wb.value(sheet, x.cells.status))).toEqual(["", "", ""]);
  wb.destroy();
});
