/**
 * The comparison's calculation sheet (docs/spec.md "The workbook reads like a model"): the drawn
 * scenarios, their order and the term's months live on "<comparison> calc", the comparison sheet's
 * figures read them from there and are the same figures as on a sheet that holds everything; a sheet
 * built before the calculation sheet existed updates into the new layout with the analyst's edits kept.
 */
import { compareTerm, defaultRanges, Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, buildComparison, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { onCalc } from "../../src/workbook/calc-sheet";
import { columnLetters, parseSheetReference } from "../../src/workbook/a1";
import { formatValue } from "../../src/workbench/number-format";
import { planComparison } from "../../src/workbook/plan";
import type { ComparisonRequest } from "../../src/workbook/comparison/request";
import type { CellValue } from "../../src/workbook/port";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const SCENARIO: Scenario = { ...GUIDE_SCENARIO, ranges: defaultRanges(GUIDE_SCENARIO) };
const request = (templates: BidTemplate[] = guideTemplates()): ComparisonRequest => ({ scenario: SCENARIO, templates, risk: { draws: 60 }, term: { months: 18, growth: 0.01 }, asOf: "2026-11-29" });

/** Every figure of the comparison sheet the analyst reads (table, risk view, term), by bid. */
function figures(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout): CellValue[][] {
  return layout.bids.map((b) => [
    ...[b.cells.aiCost, b.cells.costPerResolution, b.cells.blended, b.cells.monthlyTotal].map((a) => wb.value(sheet, a)),
    ...[b.risk.totalP10, b.risk.totalP50, b.risk.totalP90, b.risk.costPerResolutionP50, b.risk.chanceCheapest, b.risk.exposure].map((a) => wb.value(sheet, a)),
    ...[b.term!.total, b.term!.npv, b.term!.cheapestFrom, b.term!.rank].map((a) => wb.value(sheet, a)),
    ...wb.values(sheet, b.term!.months.total)[0],
    ...wb.values(sheet, b.risk.draws.total)[0],
  ]);
}

describe("the calculation sheet beside the comparison", () => {
  test("the draws, their order and the term's months are on it; every figure is the one a sheet holding everything gives", async () => {
    const wb = workbook();
    const { sheetName, layout } = await buildComparison(wb, request());
    expect(layout.calcSheet).toBe("Bid comparison calc");
    expect(wb.sheetNames()).toEqual(["Bid comparison", "Bid comparison calc"]);
    expect(wb.isOwn("Bid comparison calc")).toBe(false);
    // Where the rows are: the draws and the months on the calculation sheet, from its column B.
    expect(layout.draws.conversations).toMatch(/^'Bid comparison calc'!B\d+:/);
    expect(layout.bids[0].risk.draws.total).toMatch(/^'Bid comparison calc'!B\d+:/);
    expect(layout.term!.months).toMatch(/^'Bid comparison calc'!B\d+:BI\d+$/);
    expect(layout.bids[0].term!.total).toMatch(/^[A-Z]+\d+$/);
    // The comparison's main sheet is no longer thousands of columns wide: nothing past its key column.
    expect(wb.sheetSize(sheetName).cols).toBeLessThanOrEqual(80);
    // The same figures as the sheet that holds its draws and months at its bottom.
    const one = planComparison(request(), wb.sheetNames(), { oneSheet: true });
    await wb.apply(one);
    expect(one.calc).toBeUndefined();
    const a = figures(wb, sheetName, layout);
    const b = figures(wb, one.sheetName, one.layout);
    expect(a).toEqual(b);
    expect(a.flat().filter((v) => typeof v === "number").length).toBeGreaterThan(200);
    // And the engine's term.
    const term = compareTerm(
      guideTemplates().map((t) => t.bid),
      SCENARIO,
      { months: 18, growth: 0.01 },
    );
    layout.bids.forEach((bid, i) => close(wb.value(sheetName, bid.term!.total), term.bids[i]!.total, `${bid.name}'s total contract value`));
    wb.destroy();
  });

  test("its formulas refer to the comparison's cells by sheet, to its own without; the scenario's names point at the comparison", async () => {
    expect(onCalc(`=SUM('X calc'!$B$5:$BI$5)+A1*'Other'!C3+"A1"`, "X calc", "X")).toBe(`=SUM($B$5:$BI$5)+X!A1*'Other'!C3+"A1"`);
    expect(onCalc(`=LOG10(B2)+'Q1 bids'!A1`, "Q1 bids calc", "Q1 bids")).toBe(`=LOG10('Q1 bids'!B2)+'Q1 bids'!A1`);
    const wb = workbook();
    const { layout } = await buildComparison(wb, request());
    const calcNames = wb.names().filter((n) => n.sheet === "Bid comparison calc");
    expect(calcNames.find((n) => n.name === "Conversations")?.expression).toBe(`='Bid comparison'!${layout.scenario.Conversations.replace(/([A-Z]+)(\d+)/, "$$$1$$$2")}`);
    // Typing on the comparison sheet recomputes the calculation sheet and, through it, the comparison.
    const before = wb.value("Bid comparison", layout.bids[0].risk.totalP50);
    wb.setCellInput("Bid comparison", layout.scenario.Conversations, 150000);
    expect(wb.value("Bid comparison", layout.bids[0].risk.totalP50)).not.toEqual(before);
    wb.destroy();
  });
});

describe("a term typed on the sheet: 1 to 60 months, with no ######## and a chart that follows it", () => {
  test.each([36, 60])("built with 12 months, %i typed on the sheet: every month's figures, columns wide enough, the chart's lines over %i months", async (typed) => {
    const wb = workbook();
    const templates = guideTemplates();
    const { sheetName, layout } = await buildComparison(wb, { ...request(templates), term: { months: 12 } });
    wb.setCellInput(sheetName, layout.scenario.TermMonths, typed);
    const term = layout.term!;
    const calc = layout.calcSheet!;
    const months = wb.values(sheetName, term.months)[0];
    expect(months).toEqual(Array.from({ length: 60 }, (_, k) => (k < typed ? k + 1 : "")));
    // The engine's figures over the term typed.
    const engine = compareTerm(
      templates.map((t) => t.bid),
      SCENARIO,
      { months: typed },
    );
    layout.bids.forEach((b, i) => {
      close(wb.value(sheetName, b.term!.total), engine.bids[i]!.total, `${b.name}'s total over ${typed} months`);
      const totals = wb.values(sheetName, b.term!.months.total)[0];
      engine.bids[i]!.months.forEach((m, k) => close(totals[k], m.total, `${b.name}: month ${k + 1}`));
      expect(totals.slice(typed).every((v) => v === "")).toBe(true);
    });
    // Every month column is wide enough for the largest figure it shows (7 points a character, as Calibri 11 at most).
    const widths = wb.columnWidths(calc);
    const cumulative = layout.bids.map((b) => wb.values(sheetName, b.term!.months.cumulative)[0]);
    const formats = layout.bids.map((b) => wb.cell(sheetName, b.term!.months.cumulative.split(":")[0]).numberFormat);
    expect(formats.every((f) => typeof f === "string" && f.length > 0)).toBe(true);
    for (let k = 0; k < typed; k++) {
      const column = columnLetters(1 + k);
      const widest = Math.max(...cumulative.map((line, i) => formatValue(line[k] as number, formats[i] ?? undefined).text.length));
      expect(widths[column]).toBeGreaterThanOrEqual(widest * 7);
    }
    // The term chart draws the months typed: its categories and each bid's line.
    const chart = wb.charts(sheetName).find((c) => c.id === "cumulative-by-month")!;
    expect(chart.series.every((s) => parseSheetReference(s.values)?.sheet === calc && /^\$?B\d+:\$?BI\d+$/.test(parseSheetReference(s.values)!.address))).toBe(true);
    expect(chart.data.categoryValues).toEqual(Array.from({ length: typed }, (_, k) => k + 1));
    chart.data.series.forEach((s, i) => {
      expect(s.values).toHaveLength(typed);
      s.values.forEach((v, k) =>
        close(
          v,
          engine.bids[i]!.months.slice(0, k + 1).reduce((a, m) => a + m.total, 0),
          `${s.name}'s line in month ${k + 1}`,
        ),
      );
    });
    wb.destroy();
  });
});

describe("an update of a sheet built before the calculation sheet existed", () => {
  test("moves the draws and the months to a new calculation sheet, keeps the analyst's edits, and every figure is the same", async () => {
    const wb = workbook();
    const old = planComparison(request(), [], { oneSheet: true });
    await wb.apply(old);
    const sheet = old.sheetName;
    const price = old.layout.bids[1].inputs["pricing.pricePerResolution"];
    wb.setCellInput(sheet, price, 0.85);
    // The analyst's own note beside the bids table stays where it is.
    const note = `A${old.layout.bids[2].row + 2}`;
    expect(wb.value(sheet, note)).toBeNull();
    wb.setCellInput(sheet, note, "'checked with finance");
    const figuresBefore = figures(wb, sheet, old.layout);

    const preview = await prepareUpdate(wb, sheet, request(), "2026-11-30");
    expect(preview.conflicts).toEqual([]);
    expect(preview.kept.map((k) => k.now)).toEqual([0.85]);
    expect(preview.rowsDeleted).toBeGreaterThan(30);
    const { layout } = await applyUpdate(wb, preview);
    expect(wb.sheetNames()).toEqual([sheet, "Bid comparison calc"]);
    expect(layout.calcSheet).toBe("Bid comparison calc");
    expect(wb.value(sheet, layout.bids[1].inputs["pricing.pricePerResolution"])).toBe(0.85);
    expect(wb.value(sheet, note)).toBe("checked with finance");
    expect(figures(wb, sheet, layout)).toEqual(figuresBefore);
    // Nothing of the draws is left on the comparison sheet: past its key column, only the add-in's notes (row 1).
    expect(wb.usedCells(sheet).filter((c) => c.col > 80 && c.row > 0)).toEqual([]);

    // Updated again: the calculation sheet is rewritten in place (the same sheet, no conflicts).
    const again = await prepareUpdate(wb, sheet, { ...request(), templates: guideTemplates().slice(0, 2) }, "2026-11-30");
    expect(again.update.calc?.create).toBe(false);
    expect(again.conflicts.filter((c) => !/no longer part of the comparison/.test(c.what))).toEqual([]);
    const { layout: two } = await applyUpdate(wb, again);
    expect(wb.sheetNames()).toEqual([sheet, "Bid comparison calc"]);
    // Each bid's own figures (its table row, its term, its draws) do not depend on the others: unchanged.
    const after = figures(wb, sheet, two);
    expect(after.map((f) => [...f.slice(0, 4), ...f.slice(12)])).toEqual(figuresBefore.slice(0, 2).map((f) => [...f.slice(0, 4), ...f.slice(12)]));
    expect(after.flat().some((v) => typeof v === "object" && v !== null)).toBe(false);
    wb.destroy();
  });

  test("what the analyst typed in a row that moves is listed, by address and content", async () => {
    const wb = workbook();
    const old = planComparison(request(), [], { oneSheet: true });
    await wb.apply(old);
    const sheet = old.sheetName;
    const first = old.layout.draws.conversations.split(":")[0];
    const row = Number(/\d+$/.exec(first)![0]);
    wb.setCellInput(sheet, `B${row}`, "'my own working");
    const preview = await prepareUpdate(wb, sheet, request(), "2026-11-30");
    expect(preview.conflicts).toEqual([{ where: `row ${row}`, what: expect.stringMatching(new RegExp(`moves to the calculation sheet "Bid comparison calc".*B${row} \\("my own working"\\)`)) }]);
    wb.destroy();
  });
});
