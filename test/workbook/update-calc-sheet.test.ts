/**
 * Update and the calculation sheet (issue 15, item 6; docs/spec.md "The workbook reads like a model":
 * Update keeps what the analyst changed). The analyst's cells are sacred on the calculation sheet too: a
 * cell they typed in an empty place is kept, or listed before anything is lost; a figure of the add-in's
 * they overwrote is listed by address and content (and kept where the new plan no longer writes); the
 * results the add-in's formulas spilled are never listed; their formulas that refer to it keep working.
 */
import { defaultRanges, Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, buildComparison, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { cellAddress, parseRange, parseSheetReference } from "../../src/workbook/a1";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { calcNotes, readCalcNotes } from "../../src/workbook/calc-notes";
import { calcReadRanges, calcWritten, planCalcUpdate } from "../../src/workbook/update-calc";
import { readNotes } from "../../src/workbook/update";
import type { ComparisonRequest } from "../../src/workbook/comparison/request";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates, handMadeTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const SCENARIO: Scenario = { ...GUIDE_SCENARIO, ranges: defaultRanges(GUIDE_SCENARIO) };
const request = (templates: BidTemplate[] = guideTemplates()): ComparisonRequest => ({ scenario: SCENARIO, templates, risk: { draws: 60 }, term: { months: 18, growth: 0.01 }, asOf: "2026-11-29" });
const SHEET = "Bid comparison";
const CALC = "Bid comparison calc";
const onCalc = (address: string) => `'${CALC}'!${address}`;

/** The first cell of a range on the calculation sheet ('Bid comparison calc'!B30:BI30 -> B30). */
function firstCell(ref: string): string {
  const r = parseSheetReference(ref)!;
  expect(r.sheet).toBe(CALC);
  return r.address.replace(/\$/g, "").split(":")[0];
}

/** Every cell the plan of `req` writes on the calculation sheet, as "row,col". */
function calcPlanned(req: ComparisonRequest): Set<string> {
  const plan = planComparison(req, [], { sheetName: SHEET, calcSheet: CALC });
  return new Set([...planCells(plan.calc!)].map(({ row, col }) => `${row},${col}`));
}

describe("an update keeps or lists the analyst's cells on the calculation sheet", () => {
  test("a note in an empty place is kept; a figure they overwrote is listed by address and content; spilled results are never listed", async () => {
    const wb = workbook();
    const { layout } = await buildComparison(wb, request());
    const monthOne = firstCell(layout.bids[0].term!.months.total);
    const row = Number(/\d+$/.exec(monthOne)![0]);
    const before = wb.value(CALC, monthOne);
    expect(typeof before).toBe("number");
    // Their own cells: beside the months (past the 60th) and below everything the add-in wrote.
    const beside = `BL${row}`;
    const below = `A${wb.sheetSize(CALC).rows + 3}`;
    expect(wb.value(CALC, beside)).toBeNull();
    wb.setCellInput(CALC, beside, "'checked with finance");
    wb.setCellInput(CALC, below, "'my own working");
    // A formula of theirs on the comparison sheet that refers to the calculation sheet's figure.
    const theirs = `A${wb.sheetSize(SHEET).rows + 3}`;
    wb.setCellInput(SHEET, theirs, `=${onCalc(monthOne)}*2`);
    expect(wb.value(SHEET, theirs)).toBeCloseTo((before as number) * 2, 9);
    // A figure of the add-in's they overwrote.
    wb.setCellInput(CALC, monthOne, 123);
    // A drawn scenario spilled by the add-in, untouched: read as a value, never listed.
    const draws = firstCell(layout.bids[0].risk.draws.total);
    const spilled = cellAddress({ row: parseRange(draws).start.row, col: parseRange(draws).start.col + 5 });
    expect(typeof wb.value(CALC, spilled)).toBe("number");

    const preview = await prepareUpdate(wb, SHEET, request(), "2026-11-30");
    expect(preview.conflicts).toEqual([{ where: onCalc(monthOne), what: expect.stringMatching(/you changed it to 123; the update would put the add-in's figure back/) }]);
    expect(preview.conflicts.map((c) => c.where).join(" ")).not.toMatch(new RegExp(`${spilled}|${beside}|${below}`));
    // Only the add-in's cells are cleared: none of theirs.
    for (const range of preview.update.calc!.clear) {
      const r = parseRange(range);
      for (const mine of [beside, below]) {
        const p = parseRange(mine).start;
        expect(p.row >= r.start.row && p.row <= r.end.row && p.col >= r.start.col && p.col <= r.end.col).toBe(false);
      }
    }
    await applyUpdate(wb, preview);
    expect(wb.value(CALC, monthOne)).toBe(before);
    expect(wb.value(CALC, beside)).toBe("checked with finance");
    expect(wb.value(CALC, below)).toBe("my own working");
    expect(wb.value(CALC, spilled)).toEqual(expect.any(Number));
    // Their formula still refers to the same figure (the calculation sheet's rows were not removed).
    expect(wb.cell(SHEET, theirs).formula).toBe(`=${onCalc(monthOne)}*2`);
    expect(wb.value(SHEET, theirs)).toBeCloseTo((before as number) * 2, 9);
    // Updated again, nothing of theirs in the way: no conflict.
    const again = await prepareUpdate(wb, SHEET, request(), "2026-11-30");
    expect(again.conflicts).toEqual([]);
    wb.destroy();
  });

  test("a bid added: a note where its rows now go is listed before anything is written", async () => {
    const wb = workbook();
    await buildComparison(wb, request());
    const more = request([...guideTemplates(), handMadeTemplates().find((t) => t.bid.pricing.model === "per-seat")!]);
    const old = calcPlanned(request());
    const next = [...calcPlanned(more)].filter((p) => !old.has(p));
    const [row, col] = next[next.length - 1].split(",").map(Number);
    const where = cellAddress({ row, col });
    expect(wb.value(CALC, where)).toBeNull();
    wb.setCellInput(CALC, where, "'note in the way");
    const preview = await prepareUpdate(wb, SHEET, more, "2026-11-30");
    expect(preview.conflicts.filter((c) => c.where.startsWith(`'${CALC}'`))).toEqual([
      { where: onCalc(where), what: expect.stringMatching(/holds "note in the way", which you typed; the update would (write the add-in's figure there|spill a result over it)/) },
    ]);
    // Nothing was written by the preview.
    expect(wb.value(CALC, where)).toBe("note in the way");
    wb.destroy();
  });

  test("a bid removed: a figure they overwrote where the plan no longer writes is kept, and said so", async () => {
    const wb = workbook();
    await buildComparison(wb, request());
    const fewer = request(guideTemplates().slice(0, 2));
    const next = calcPlanned(fewer);
    const gone = [...calcPlanned(request())].filter((p) => !next.has(p));
    const [row, col] = gone[Math.floor(gone.length / 2)].split(",").map(Number);
    const where = cellAddress({ row, col });
    wb.setCellInput(CALC, where, 42);
    const preview = await prepareUpdate(wb, SHEET, fewer, "2026-11-30");
    expect(preview.conflicts.filter((c) => c.where.startsWith(`'${CALC}'`))).toEqual([]);
    expect(preview.kept).toEqual([expect.objectContaining({ cell: onCalc(where), now: 42 })]);
    await applyUpdate(wb, preview);
    expect(wb.value(CALC, where)).toBe(42);
    // The add-in's other cells there are gone (cleared, as it no longer writes them).
    const [otherRow, otherCol] = gone
      .find((p) => p !== `${row},${col}` && Number(p.split(",")[1]) === 0)
      ?.split(",")
      .map(Number) ?? [row, col + 1];
    if (!(otherRow === row && otherCol === col)) expect(wb.value(CALC, cellAddress({ row: otherRow, col: otherCol }))).toBeNull();
    wb.destroy();
  });
});

describe("the notes of the calculation sheet", () => {
  test("runs of one formula and long rows of constants are kept small, and read back cell by cell", () => {
    const req = { ...request(), risk: { draws: 500, rateCorrelation: 0.5 } };
    const plan = planComparison(req, [], { sheetName: SHEET, calcSheet: CALC });
    const notes = calcNotes(plan.calc!.blocks);
    const cells = [...planCells(plan.calc!)];
    expect(JSON.stringify(notes).length).toBeLessThan(cells.length * 3);
    const back = readCalcNotes(notes);
    const grouped = (r: number, c: number) => back.groups.some((g) => g.row === r && c >= g.from && c <= g.to);
    for (const { row, col } of cells) expect(back.cells.has(`${row},${col}`) || grouped(row, col)).toBe(true);
    expect(back.groups.length).toBeGreaterThan(0);
    // A sheet as built: no conflict, and every cell of the add-in's read.
    const contents = new Map(cells.map(({ row, col, cell }) => [`${row},${col}`, cell.kind === "formula" ? cell.formula : cell.value]));
    const found = planCalcUpdate(CALC, back, plan.calc!, (r, c) => contents.get(`${r},${c}`) ?? null);
    expect(found.conflicts).toEqual([]);
    expect(found.clear).toEqual([]);
    expect(calcReadRanges(back, plan.calc!).length).toBeGreaterThan(1);
    // One constant of the order of the drawn rates changed: that cell is listed.
    const g = back.groups[0];
    const pos = `${g.row},${g.from + 7}`;
    const changed = new Map(contents).set(pos, 99999);
    const one = planCalcUpdate(CALC, back, plan.calc!, (r, c) => changed.get(`${r},${c}`) ?? null);
    expect(one.conflicts).toEqual([{ where: onCalc(cellAddress({ row: g.row, col: g.from + 7 })), what: expect.stringMatching(/you changed it to 99999/) }]);
  });

  test("a sheet built before the notes kept the calculation sheet's cells: planned again from its notes' request, the same cells", async () => {
    const wb = workbook();
    try {
      await buildComparison(wb, request());
      const meta = readNotes(await wb.snapshot(SHEET), SHEET);
      const fromNotes = calcWritten(meta, SHEET)!;
      const { calcCells: _cells, calcSpills: _spills, ...before } = meta;
      const planned = calcWritten(before, SHEET)!;
      expect([...planned.cells]).toEqual([...fromNotes.cells]);
      expect([...planned.spilled].sort()).toEqual([...fromNotes.spilled].sort());
      expect(fromNotes.cells.size).toBeGreaterThan(100);
    } finally {
      wb.destroy();
    }
  });
});
