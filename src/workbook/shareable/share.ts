/**
 * "Make a shareable copy": reads one of the add-in's comparison sheets through the workbook port and
 * writes a new sheet beside it (./copy plans it) in which the AIPRICE functions are native Excel, or,
 * on request, every formula is its value. The comparison sheet is only read; the new sheet is not one
 * of the add-in's sheets (an update or an export never touches it).
 */
import { cellAddress, parseRange, quoteSheetName, rangeAddress } from "../a1";
import { DEFAULT_DRAWS } from "../../engine/bid-risk";
import { localDate } from "../../engine/today";
import { planComparison } from "../plan";
import { ComparisonProblem } from "../comparison/request";
import { CellValue, isFormulaCell, sameSheetName, TypedCell, WorkbookPort } from "../port";
import { ORDER_ROW } from "../comparison/blocks/rate-order";
import type { ComparisonLayout, PlainSheetPlan, SheetPlan } from "../sheet-plan";
import { mapSheet, readNotes } from "../update";
import { planShareableCopy, shareableSheetName } from "./copy";
import { calcExtent, layoutOnTwo, splitCopy, stackCalc } from "./with-calc";
import { calcSheetName } from "../calc-sheet";
import { MAX_TERM_MONTHS } from "../../engine/term";

export interface ShareOptions {
  /** Values only: every formula replaced by its value (errors stay errors). */
  valuesOnly?: boolean;
  /** The date the copy is made (YYYY-MM-DD); default the analyst's today (their local date). */
  date?: string;
}

export interface ShareResult {
  sheetName: string;
  /** Native formulas written. */
  formulas: number;
  /** Cells kept as values (no native form), with why. */
  kept: { cell: string; reason: string }[];
  /** The plan written: a plain sheet, never marked as the add-in's own. */
  plan: PlainSheetPlan;
  /** The copy's cells: the same addresses as the comparison's (the calculation sheet's on the copy's second sheet, named so). */
  layout: ComparisonLayout;
  /** The comparison's calculation sheet (`sheet`), copied onto the copy's second sheet (`copy`), at the same addresses (./with-calc). */
  calc?: { sheet: string; copy: string };
}

/**
 * Below a correlation of 1 the order of the bids' drawn rates is a row of constants per bid running right
 * from the draws column (../comparison/blocks/rate-order.ts), read by INDEX in the draws' formulas: the
 * copy needs every one of them, not only the first column's.
 */
async function readOrderRows(port: WorkbookPort, sheet: string, rowOf: ReadonlyMap<string, number>, cells: TypedCell[][], drawsCol: number, draws: number): Promise<void> {
  for (const [key, row] of rowOf) {
    if (!key.startsWith(ORDER_ROW.bid("")) || row >= cells.length) continue;
    const [line] = await port.readCells(sheet, rangeAddress({ start: { row, col: drawsCol }, end: { row, col: drawsCol + draws - 1 } }));
    // Constants only: the formula at 1 (a SEQUENCE) is in the first column, read already.
    if (!line || line.every((c) => c === null || isFormulaCell(c)) || isFormulaCell(line[0])) continue;
    const before = Array.from({ length: drawsCol }, (_, c) => cells[row][c] ?? null);
    cells[row] = [...before, ...line];
  }
}

/**
 * The values right of the draws' first column, for a values-only copy: read only on the rows that hold
 * something in that column (the drawn scenarios and their order, each a row `draws` wide), one read per
 * run of such rows, not the whole sheet's width on every row (most of which is empty). Appended to
 * `values` in place.
 */
async function readDrawnValues(port: WorkbookPort, sheet: string, values: CellValue[][], drawsCol: number, draws: number): Promise<void> {
  if (draws < 2) return;
  const holds = (r: number) => {
    const v = values[r]?.[drawsCol];
    return v !== null && v !== undefined;
  };
  for (let r = 0; r < values.length; r++) {
    if (!holds(r)) continue;
    let end = r;
    while (end + 1 < values.length && holds(end + 1)) end++;
    const right = await port.readValues(sheet, rangeAddress({ start: { row: r, col: drawsCol + 1 }, end: { row: end, col: drawsCol + draws - 1 } }));
    right.forEach((line, i) => values[r + i].push(...line));
    r = end;
  }
}

/**
 * The calculation sheet as the copy needs it: a values-only copy its values (the whole of what the
 * add-in wrote); else its contents as far as the label and the 60 months (the drawn rows' formulas are
 * in their first column), and the whole of each row of constants (the order of the drawn rates).
 */
async function readCalcSheet(port: WorkbookPort, calc: string, extent: string, valuesOnly: boolean): Promise<{ cells: TypedCell[][]; values: CellValue[][] }> {
  if (valuesOnly) return { cells: [], values: await port.readValues(calc, extent) };
  const whole = parseRange(extent);
  const narrow = rangeAddress({ start: whole.start, end: { row: whole.end.row, col: Math.min(whole.end.col, 1 + MAX_TERM_MONTHS) } });
  const cells = await port.readCells(calc, narrow);
  const values = await port.readValues(calc, narrow);
  for (let r = 0; r < cells.length; r++) {
    const first = cells[r][1];
    if (whole.end.col <= 1 + MAX_TERM_MONTHS || first === null || isFormulaCell(first) || typeof first.constant !== "number") continue;
    const [line] = await port.readCells(calc, rangeAddress({ start: { row: r, col: 0 }, end: { row: r, col: whole.end.col } }));
    cells[r] = line;
  }
  return { cells, values };
}

/** Makes the shareable copy of the add-in's comparison sheet `sheetName`. Throws ComparisonProblem (nothing written). */
export async function makeShareableCopy(port: WorkbookPort, sheetName: string, options: ShareOptions = {}): Promise<ShareResult> {
  const date = options.date ?? localDate();
  const sheets = await port.sheets();
  const target = sheets.find((s) => sameSheetName(s.name, sheetName));
  if (!target) throw new ComparisonProblem([`there is no sheet named "${sheetName}"; nothing was changed`]);
  if (!target.ownComparison) throw new ComparisonProblem([`"${target.name}" is not a comparison sheet built by the add-in: a shareable copy is made from one; nothing was changed`]);
  const name = target.name;
  const snapshot = await port.snapshot(name);
  const meta = readNotes(snapshot, name);
  const map = mapSheet(snapshot);
  const rows = snapshot.cells.length;
  const keyCol = snapshot.marker.col;
  // The draws run right from past the key column; their first column holds the formulas.
  const drawsCol = keyCol + 1;
  const draws = meta.request.risk?.draws ?? DEFAULT_DRAWS;
  // Each cell's kind as the workbook types it (a text "=1+1" from a bid file is text, not a formula);
  // a values-only copy needs only the values.
  const cells = rows > 0 && !options.valuesOnly ? await port.readCells(name, rangeAddress({ start: { row: 0, col: 0 }, end: { row: rows - 1, col: drawsCol } })) : [];
  const values = rows > 0 ? await port.readValues(name, rangeAddress({ start: { row: 0, col: 0 }, end: { row: rows - 1, col: drawsCol } })) : [];
  if (options.valuesOnly) await readDrawnValues(port, name, values, drawsCol, draws);
  else await readOrderRows(port, name, map.rowOf, cells, drawsCol, draws);
  const { names } = await port.inspectCell(name, "A1");
  // The add-in's plan of the sheet where its rows and columns are now: the formats and styles, the
  // widths and the charts. If the analyst deleted some of its rows, the copy has no formats.
  let plan: SheetPlan | null;
  try {
    plan = planComparison(meta.request, [], {
      sheetName: name,
      id: meta.id,
      ...(meta.calc ? { calcSheet: meta.calc } : {}),
      placement: {
        rowOf: (keys) => {
          const placed = new Map<string, number>();
          for (const k of keys) {
            const r = map.rowOf.get(k);
            if (r === undefined) throw new Error(`row ${k} is gone`);
            placed.set(k, r);
          }
          return placed;
        },
        columnOf: (c) => {
          const x = map.columnOf(c);
          if (x === undefined) throw new Error(`column ${c} is gone`);
          return x;
        },
      },
    });
  } catch {
    plan = null;
  }
  // The calculation sheet's cells below the comparison's, translated as one sheet, then cut in two: the
  // copy is two sheets as the comparison is (./with-calc).
  const calc = meta.calc ? sheets.find((s) => sameSheetName(s.name, meta.calc as string))?.name : undefined;
  const extent = calc ? calcExtent(meta.calcWritten ?? []) : null;
  let source = { cells, values, plan, offset: Number.POSITIVE_INFINITY };
  if (calc && extent) source = stackCalc(name, calc, { cells, values }, await readCalcSheet(port, calc, extent, options.valuesOnly === true), plan);
  const existingSheets = sheets.map((s) => s.name);
  const copyName = shareableSheetName(name, existingSheets);
  const calcCopy = calc && extent ? calcSheetName(copyName, existingSheets) : undefined;
  const addressOf = (row: number, col: number) => (calcCopy && row >= source.offset ? `${quoteSheetName(calcCopy)}!${cellAddress({ row: row - source.offset, col })}` : cellAddress({ row, col }));
  // Planned whole before anything is written; a port that fails part-way removes the half-built sheets.
  const result = planShareableCopy(
    { sheetName: name, cells: source.cells, values: source.values, names, marker: snapshot.marker, bookkeepingRows: source.offset, plan: source.plan, existingSheets, addressOf },
    { valuesOnly: options.valuesOnly, date, ...(calcCopy ? { workingsSheet: calcCopy } : {}) },
  );
  const written = calc && calcCopy ? splitCopy(result.plan, source.offset, calcCopy, plan).plan : result.plan;
  try {
    await port.apply(written);
  } catch (e) {
    throw new ComparisonProblem([`the copy could not be written (${e instanceof Error ? e.message : String(e)}); the half-written sheet was removed and nothing was changed`]);
  }
  return {
    sheetName: written.sheetName,
    formulas: result.formulas,
    kept: result.kept,
    plan: written,
    layout: calc && calcCopy && plan ? layoutOnTwo(plan.layout, calc, calcCopy) : result.layout,
    ...(calc && calcCopy ? { calc: { sheet: calc, copy: calcCopy } } : {}),
  };
}
