/**
 * Updating a comparison's calculation sheet (./calc-sheet) without losing the analyst's cells on it
 * (docs/spec.md "The workbook reads like a model": Update keeps what the analyst changed). The update of
 * the comparison (./update) rewrites the calculation sheet; this module reads that sheet first and, as the
 * comparison's update does on its own sheet:
 * - a cell the analyst typed in an empty place is kept (the add-in clears only the cells it wrote), unless
 *   the new plan writes or spills there: then it is listed, by address and content, before anything is written;
 * - a cell the add-in wrote and the analyst changed is kept where the new plan no longer writes (and listed
 *   as kept), else listed as a conflict;
 * - the results the add-in's formulas spilled are never listed.
 * The add-in's cells are told from the analyst's by the notes (./calc-notes), or, on a sheet built before
 * the notes kept them, by planning that sheet again from its notes' request.
 */
import { cellAddress, columnLetters, parseRange, quoteSheetName, rangeAddress } from "./a1";
import type { CalcSheetPlan } from "./calc-sheet";
import { at, CalcWritten, calcNotes, groupHash, plannedFingerprint, readCalcNotes } from "./calc-notes";
import { ComparisonMeta, fingerprint, planComparison } from "./plan";
import type { CellContent, SheetSnapshot, WorkbookPort } from "./port";
import { planCells, PlanCell } from "./sheet-plan";
import { MAX_TERM_MONTHS } from "../engine/term";
import { KeptEdit, readNotes, UpdateConflict, UpdatePreview } from "./update";

/** What the update does on the calculation sheet: the cells it clears, the conflicts it lists, the cells it keeps. */
export interface CalcUpdate {
  clear: string[];
  conflicts: UpdateConflict[];
  kept: KeptEdit[];
}

/** The new plan's cells on the calculation sheet: each planned cell by position, and the cells its spills fill. */
interface Planned {
  cells: Map<string, PlanCell>;
  spilled: Set<string>;
}

function planned(plan: CalcSheetPlan): Planned {
  const cells = new Map<string, PlanCell>();
  const spilled = new Set<string>();
  for (const { row, col, cell } of planCells(plan)) {
    cells.set(at(row, col), cell);
    const spill = cell.kind === "formula" ? cell.spill : undefined;
    if (spill) for (let i = 0; i < spill.rows; i++) for (let j = 0; j < spill.cols; j++) if (i || j) spilled.add(at(row + i, col + j));
  }
  return { cells, spilled };
}

/** What the add-in wrote on the calculation sheet: from the notes, else planned again from the notes' request; null when neither can tell. */
export function calcWritten(meta: ComparisonMeta, sheetName: string): CalcWritten | null {
  if (meta.calcCells && meta.calcSpills) return readCalcNotes({ calcCells: meta.calcCells, calcSpills: meta.calcSpills });
  if (!meta.calc) return null;
  try {
    const before = planComparison(meta.request, [], { sheetName, id: meta.id, calcSheet: meta.calc });
    return before.calc ? readCalcNotes(calcNotes(before.calc.blocks)) : null;
  } catch {
    return null;
  }
}

const position = (pos: string): [number, number] => pos.split(",").map(Number) as [number, number];

/** The cells the update must read of the calculation sheet: the add-in's old cells, the new plan's, and where its spills reach beyond the old ones. */
function cellsToRead(old: CalcWritten, next: Planned): Map<number, [number, number]> {
  const span = new Map<number, [number, number]>();
  const add = (row: number, col: number) => {
    const s = span.get(row);
    if (!s) span.set(row, [col, col]);
    else span.set(row, [Math.min(s[0], col), Math.max(s[1], col)]);
  };
  for (const pos of old.cells.keys()) add(...position(pos));
  for (const g of old.groups) {
    add(g.row, g.from);
    add(g.row, g.to);
  }
  for (const pos of next.cells.keys()) add(...position(pos));
  for (const pos of next.spilled) if (!old.spilled.has(pos)) add(...position(pos));
  return span;
}

/**
 * The ranges to read, in at most two round trips: one box over the label and the months of every row,
 * and one over the rest of the rows that reach past them (the order of the drawn rates, a spill where
 * none was), from past the months to the farthest of them.
 */
export function calcReadRanges(old: CalcWritten, plan: CalcSheetPlan): string[] {
  const span = cellsToRead(old, planned(plan));
  if (span.size === 0) return [];
  const narrow = 1 + MAX_TERM_MONTHS;
  const rows = [...span.keys()];
  const lastCol = Math.max(...[...span.values()].map((s) => s[1]));
  const ranges = [rangeAddress({ start: { row: 0, col: 0 }, end: { row: Math.max(...rows), col: Math.min(narrow, lastCol) } })];
  const wide = rows.filter((r) => span.get(r)![1] > narrow);
  if (wide.length > 0) ranges.push(rangeAddress({ start: { row: Math.min(...wide), col: narrow + 1 }, end: { row: Math.max(...wide), col: lastCol } }));
  return ranges;
}

function show(c: CellContent): string {
  if (c === null || c === "") return "nothing";
  if (typeof c === "string") return c.length > 60 ? `"${c.slice(0, 57)}..."` : `"${c}"`;
  return String(c);
}

const MAX_LISTED_IN_A_ROW = 10;

/**
 * The update of the calculation sheet named `calc`: from what the add-in wrote there (`old`), the new
 * plan and what the sheet holds now (`contentAt`).
 */
export function planCalcUpdate(calc: string, old: CalcWritten, plan: CalcSheetPlan, contentAt: (row: number, col: number) => CellContent): CalcUpdate {
  const next = planned(plan);
  const where = (row: number, col: number) => `${quoteSheetName(calc)}!${cellAddress({ row, col })}`;
  const filled = (row: number, col: number) => {
    const c = contentAt(row, col);
    return c !== null && c !== "";
  };
  const conflicts: UpdateConflict[] = [];
  const kept: KeptEdit[] = [];
  const keep = new Set<string>();
  // The add-in's cells the analyst changed.
  for (const [pos, fp] of old.cells) {
    const [row, col] = position(pos);
    if (!filled(row, col) || fingerprint(contentAt(row, col)) === fp) continue;
    const content = contentAt(row, col);
    if (next.cells.has(pos) || next.spilled.has(pos)) {
      const newFp = next.cells.has(pos) ? plannedFingerprint(next.cells.get(pos)!) : null;
      if (newFp !== fingerprint(content))
        conflicts.push({ where: where(row, col), what: `on the calculation sheet, you changed it to ${show(content)}; the update would ${next.cells.has(pos) ? "put the add-in's figure back" : "spill a result over it"}` });
    } else {
      keep.add(pos);
      kept.push({ cell: where(row, col), what: "a cell of the calculation sheet you changed, which the add-in no longer writes", written: null, now: content, figure: true });
    }
  }
  conflicts.push(...groupConflicts(calc, old, next, contentAt));
  // The analyst's own cells where the new plan writes or spills.
  const ours = (pos: string) => old.cells.has(pos) || old.spilled.has(pos) || inGroup(old, pos);
  const inTheWay = (pos: string, spill: boolean) => {
    if (ours(pos)) return;
    const [row, col] = position(pos);
    if (!filled(row, col)) return;
    conflicts.push({ where: where(row, col), what: `on the calculation sheet, holds ${show(contentAt(row, col))}, which you typed; the update would ${spill ? "spill a result over it" : "write the add-in's figure there"}` });
  };
  for (const pos of next.cells.keys()) inTheWay(pos, false);
  for (const pos of next.spilled) if (!next.cells.has(pos)) inTheWay(pos, true);
  return { clear: clearRanges(old, next, keep), conflicts, kept };
}

function inGroup(old: CalcWritten, pos: string): boolean {
  if (old.groups.length === 0) return false;
  const [row, col] = position(pos);
  return old.groups.some((g) => g.row === row && col >= g.from && col <= g.to);
}

/** The long runs of constants (the order of the drawn rates) the analyst changed: by cell where the new plan writes the same run, else the run. */
function groupConflicts(calc: string, old: CalcWritten, next: Planned, contentAt: (row: number, col: number) => CellContent): UpdateConflict[] {
  const conflicts: UpdateConflict[] = [];
  for (const g of old.groups) {
    const now: string[] = [];
    for (let c = g.from; c <= g.to; c++) now.push(fingerprint(contentAt(g.row, c)));
    if (groupHash(now) === g.hash) continue;
    const planned: string[] = [];
    for (let c = g.from; c <= g.to; c++) {
      const cell = next.cells.get(at(g.row, c));
      planned.push(cell ? plannedFingerprint(cell) : "");
    }
    const range = `${quoteSheetName(calc)}!${columnLetters(g.from)}${g.row + 1}:${columnLetters(g.to)}${g.row + 1}`;
    if (groupHash(planned) !== g.hash) {
      conflicts.push({ where: range, what: "on the calculation sheet, you changed some of the add-in's figures in this row (the order of the drawn rates); the update writes the add-in's figures over them" });
      continue;
    }
    const changed = now.map((fp, k) => (fp !== planned[k] && now[k] !== "" ? g.from + k : -1)).filter((c) => c >= 0);
    for (const c of changed.slice(0, MAX_LISTED_IN_A_ROW)) {
      conflicts.push({ where: `${quoteSheetName(calc)}!${cellAddress({ row: g.row, col: c })}`, what: `on the calculation sheet, you changed it to ${show(contentAt(g.row, c))}; the update would put the add-in's figure back` });
    }
    if (changed.length > MAX_LISTED_IN_A_ROW) conflicts.push({ where: range, what: `and ${changed.length - MAX_LISTED_IN_A_ROW} more cells of this row you changed; the update would put the add-in's figures back` });
  }
  return conflicts;
}

/** The add-in's old cells the new plan does not write (nor the analyst's changes it keeps), as ranges of adjacent cells by row. */
function clearRanges(old: CalcWritten, next: Planned, keep: ReadonlySet<string>): string[] {
  const byRow = new Map<number, number[]>();
  const add = (row: number, col: number) => {
    const pos = at(row, col);
    if (next.cells.has(pos) || keep.has(pos)) return;
    let line = byRow.get(row);
    if (!line) byRow.set(row, (line = []));
    line.push(col);
  };
  for (const pos of old.cells.keys()) add(...position(pos));
  for (const g of old.groups) for (let c = g.from; c <= g.to; c++) add(g.row, c);
  const ranges: string[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const cols = [...new Set(byRow.get(row)!)].sort((a, b) => a - b);
    for (let i = 0; i < cols.length;) {
      let j = i + 1;
      while (j < cols.length && cols[j] === cols[j - 1] + 1) j++;
      ranges.push(rangeAddress({ start: { row, col: cols[i] }, end: { row, col: cols[j - 1] } }));
      i = j;
    }
  }
  return ranges;
}

/**
 * The update planned by ./update, with the calculation sheet read and its cells looked after: the cells it
 * clears are the add-in's only, and the analyst's cells in the way are listed. A sheet whose notes cannot
 * tell the add-in's cells (nor be planned again) keeps the plan as it is.
 */
export async function withCalcSheet(port: WorkbookPort, preview: UpdatePreview, snapshot: SheetSnapshot): Promise<UpdatePreview> {
  const calc = preview.update.calc;
  if (!calc || calc.create) return preview;
  const meta = readNotes(snapshot, preview.sheetName);
  const old = calcWritten(meta, preview.sheetName);
  if (!old) return preview;
  const name = calc.plan.sheetName;
  const reads: { range: ReturnType<typeof parseRange>; cells: CellContent[][] }[] = [];
  for (const range of calcReadRanges(old, calc.plan)) reads.push({ range: parseRange(range), cells: await port.readFormulas(name, range) });
  const contentAt = (row: number, col: number): CellContent => {
    for (const { range, cells } of reads) {
      if (row < range.start.row || row > range.end.row || col < range.start.col || col > range.end.col) continue;
      return cells[row - range.start.row]?.[col - range.start.col] ?? null;
    }
    return null;
  };
  const found = planCalcUpdate(name, old, calc.plan, contentAt);
  return {
    ...preview,
    update: { ...preview.update, calc: { ...calc, clear: found.clear } },
    conflicts: [...preview.conflicts, ...found.conflicts],
    kept: [...preview.kept, ...found.kept],
  };
}
