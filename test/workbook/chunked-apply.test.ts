/**
 * The embedded workbook writes a large sheet in chunks (EmbeddedWorkbook.chunkCells, as the workbench
 * does): between chunks it yields to the event loop and reports progress. The sheet it writes is the
 * sheet written at once: every cell, formula, value, spill and format; nothing half-written stays when
 * a chunk fails; the sheet is listed only when it is whole.
 */
import { defaultRanges, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { ApplyProgress, EmbeddedWorkbook, UsedCell, WorkbookEvent } from "../../src/workbook/embedded-workbook";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

function workbook(chunkCells = 0): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  wb.chunkCells = chunkCells;
  return wb;
}

/** What a sheet holds, cell by cell, in a comparable form. */
function contents(wb: EmbeddedWorkbook, sheet: string): Map<string, Omit<UsedCell, "row" | "col">> {
  const out = new Map<string, Omit<UsedCell, "row" | "col">>();
  for (const { row, col, ...rest } of wb.usedCells(sheet)) out.set(`${row},${col}`, rest);
  return out;
}

const scenario: Scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
const request = () => ({ scenario, templates: [...guideTemplates(), ...handMadeTemplates().slice(0, 3)], risk: { draws: 120, seed: 7 }, term: { months: 36 } });

describe("a sheet written in chunks is the sheet written at once", () => {
  test("the comparison and its values-only copy: every cell, value, spill and format; progress reported up to the total", async () => {
    const whole = workbook();
    const chunked = workbook(97);
    const events: WorkbookEvent[] = [];
    chunked.onChange((e) => events.push(e));
    const a = await buildComparison(whole, request());
    const b = await buildComparison(chunked, request());
    expect(b.sheetName).toBe(a.sheetName);
    const expected = contents(whole, a.sheetName);
    expect(expected.size).toBeGreaterThan(500);
    expect(contents(chunked, b.sheetName)).toEqual(expected);
    expect(chunked.columnWidths(b.sheetName)).toEqual(whole.columnWidths(a.sheetName));
    expect(chunked.hiddenRows(b.sheetName)).toEqual(whole.hiddenRows(a.sheetName));

    // Its calculation sheet too (the draws and the term's months).
    expect(contents(chunked, b.layout.calcSheet!)).toEqual(contents(whole, a.layout.calcSheet!));
    expect(chunked.columnWidths(b.layout.calcSheet!)).toEqual(whole.columnWidths(a.layout.calcSheet!));

    // Progress, under the comparison's name, for its cells and its calculation sheet's (written
    // together, precedents first: ./write-order): from 0 to the total, never backwards, in many
    // steps, and the sheets listed after the last.
    const all = events.filter((e): e is ApplyProgress => e.kind === "progress");
    expect([...new Set(all.map((p) => p.sheet))]).toEqual([b.sheetName]);
    expect(all.length).toBeGreaterThan(5);
    expect(all[0].done).toBe(0);
    const total = all[0].total;
    const planned = planComparison(request(), []);
    expect(total).toBe([...planCells(planned)].length + [...planCells(planned.calc!)].length);
    expect(all.every((p) => p.total === total)).toBe(true);
    expect(all[all.length - 1].done).toBe(total);
    for (let i = 1; i < all.length; i++) expect(all[i].done - all[i - 1].done).toBeGreaterThan(0);
    const lastProgress = events.lastIndexOf(all[all.length - 1]);
    const listed = events.findIndex((e) => e.kind === "sheets" && e.sheets.includes(b.sheetName));
    expect(listed).toBeGreaterThan(lastProgress);
    // Nobody is told of the values of sheets not listed yet (they change by the hundred thousand as they are written).
    const early = events.slice(0, listed).filter((e) => e.kind === "values" && e.changes.some((c) => c.sheet === b.sheetName || c.sheet === b.layout.calcSheet));
    expect(early).toEqual([]);

    // The values-only copy goes through the same apply.
    const copyA = await makeShareableCopy(whole, a.sheetName, { valuesOnly: true, date: "2026-12-07" });
    const copyB = await makeShareableCopy(chunked, b.sheetName, { valuesOnly: true, date: "2026-12-07" });
    expect(contents(chunked, copyB.sheetName)).toEqual(contents(whole, copyA.sheetName));
    whole.destroy();
    chunked.destroy();
  });

  test("between chunks the event loop runs (a timer fires while a sheet is written)", async () => {
    const wb = workbook(50);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates(), risk: { draws: 50 } });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    wb.destroy();
  });

  test("a chunk that fails leaves no half-written sheet", async () => {
    const wb = workbook(10);
    const before = wb.sheetNames();
    const plan = {
      sheetName: "Half",
      blocks: [
        {
          id: "x",
          topLeft: "A1",
          cells: [
            [
              { kind: "number" as const, value: 1 },
              { kind: "text" as const, value: "=A1" },
            ],
            ...Array.from({ length: 30 }, (_, i) => [{ kind: "formula" as const, formula: `=A${i + 1}+1` }]),
          ],
        },
      ],
      names: [],
      columnWidths: [],
      hiddenColumns: [],
      hiddenRows: [],
      charts: [],
    };
    const setCellContents = wb.hf.setCellContents.bind(wb.hf);
    let calls = 0;
    wb.hf.setCellContents = ((...args: Parameters<typeof setCellContents>) => {
      if (++calls === 20) throw new Error("the engine gave up");
      return setCellContents(...args);
    }) as typeof wb.hf.setCellContents;
    await expect(wb.apply(plan)).rejects.toThrow("the engine gave up");
    expect(wb.sheetNames()).toEqual(before);
    wb.hf.setCellContents = setCellContents;
    // Written whole, text stays text.
    await wb.apply(plan);
    expect(wb.value("Half", "B1")).toBe("=A1");
    expect(wb.value("Half", "A31")).toBe(31);
    wb.destroy();
  });
});
