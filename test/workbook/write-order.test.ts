/**
 * The embedded workbook writes a new comparison in chunks precedents first (src/workbook/write-order):
 * every planned cell once, and every formula after each planned cell it reads, as the formula engine
 * itself finds what a formula reads (HyperFormula's getCellPrecedents on the sheet written at once).
 * So no formula already written is computed again when a later chunk is written.
 */
import { SimpleCellAddress, SimpleCellRange } from "hyperformula";
import { defaultRanges, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { SPILL_CELLS_PER_CELL, writeOrder } from "../../src/workbook/write-order";
import { builtFunctions } from "../support/load-functions";
import { guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

const scenario: Scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
const request = () => ({ scenario, templates: [...guideTemplates(), ...handMadeTemplates().slice(0, 3)], risk: { draws: 60, seed: 3 }, term: { months: 24 } });

test("every planned cell is written once, constants first", () => {
  const plan = planComparison(request(), []);
  const plans = [plan, plan.calc!];
  const runs = writeOrder(plans);
  const written = new Map<string, unknown>();
  for (const r of runs) {
    r.cells.forEach((cell, j) => {
      const k = `${r.plan}:${r.row},${r.col + j}`;
      expect(written.has(k)).toBe(false);
      written.set(k, cell);
    });
  }
  const planned = new Map<string, unknown>();
  plans.forEach((p, i) => {
    for (const { row, col, cell } of planCells(p)) planned.set(`${i}:${row},${col}`, cell);
  });
  expect(written).toEqual(planned);
  // Constants (numbers, flags, text) before any formula.
  const isFormula = (r: (typeof runs)[number]) => r.cells.some((c) => c.kind === "formula");
  const firstFormula = runs.findIndex(isFormula);
  expect(firstFormula).toBeGreaterThan(0);
  expect(runs.slice(firstFormula).every(isFormula)).toBe(true);
  // A run of one row's adjacent cells; its weight at least one per cell, more for a spill over the draws.
  for (const r of runs) expect(r.weight).toBeGreaterThanOrEqual(r.cells.length);
  const drawRow = runs.find((r) => r.cells.some((c) => c.kind === "formula" && c.spill?.cols === 60));
  expect(drawRow!.weight).toBeGreaterThanOrEqual(1 + Math.floor(60 / SPILL_CELLS_PER_CELL));
});

test("every formula is written after the planned cells it reads, as the formula engine finds them", async () => {
  const wb = new EmbeddedWorkbook(builtFunctions());
  try {
    const { sheetName, layout } = await buildComparison(wb, request());
    const plan = planComparison(request(), []);
    const plans = [plan, plan.calc!];
    const ids = [wb.hf.getSheetId(sheetName)!, wb.hf.getSheetId(layout.calcSheet!)!];
    const runs = writeOrder(plans);
    // Each written cell (and each cell a formula spills into) -> the index of its run.
    const runOf = new Map<string, number>();
    runs.forEach((r, i) =>
      r.cells.forEach((cell, j) => {
        const rows = cell.kind === "formula" && cell.spill ? cell.spill.rows : 1;
        const cols = cell.kind === "formula" && cell.spill ? cell.spill.cols : 1;
        for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) runOf.set(`${ids[r.plan]}:${r.row + a},${r.col + j + b}`, i);
      }),
    );
    let checked = 0;
    runs.forEach((r, i) =>
      r.cells.forEach((cell, j) => {
        if (cell.kind !== "formula") return;
        const at: SimpleCellAddress = { sheet: ids[r.plan], row: r.row, col: r.col + j };
        for (const p of wb.hf.getCellPrecedents(at) as (SimpleCellAddress | SimpleCellRange)[]) {
          const range = "start" in p ? p : { start: p, end: p };
          for (let row = range.start.row; row <= range.end.row; row++)
            for (let col = range.start.col; col <= range.end.col; col++) {
              const k = runOf.get(`${range.start.sheet}:${row},${col}`);
              if (k === undefined || k === i) continue;
              checked++;
              if (k > i) throw new Error(`${plans[r.plan].sheetName}!R${r.row + 1}C${r.col + j + 1} (${cell.formula.slice(0, 80)}) is written before the cell R${row + 1}C${col + 1} it reads`);
            }
        }
      }),
    );
    expect(checked).toBeGreaterThan(1000);
  } finally {
    wb.destroy();
  }
});
