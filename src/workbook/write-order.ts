/**
 * The order in which the embedded workbook writes new sheets in chunks (EmbeddedWorkbook.chunkCells):
 * precedents before the formulas that read them. A formula engine recomputes, after each chunk, every
 * formula already written that reads a cell the chunk wrote; written in the plan's order (the summary
 * at the top reads the whole sheet, the risk view reads every drawn scenario of the calculation sheet)
 * the same formulas were computed again after every chunk, and one chunk could take seconds. Written
 * constants first, then formulas level by level (a formula's level is one more than the highest level
 * of the formulas it reads), each formula is computed once, when its chunk is written, and a chunk's
 * cost is what it holds: its weight (runWeight) says how much that is.
 *
 * The order changes nothing written: the same cells, formulas and formats, and once the last chunk is
 * in, the same values (the formula engine computes the same formulas over the same cells). The
 * references are read from the formulas' text (cells, ranges, other sheets' cells, the plans' names);
 * one that is not seen (a reference built at run time) only costs a formula computed twice.
 */
import { columnIndex } from "./a1";
import { NewSheetPlan, PlanCell, planCells, typedInput } from "./sheet-plan";
import { runSteps, Steps } from "./steps";

/** A row's run of adjacent planned cells of one sheet and one level: one setCellContents call. */
export interface WriteRun {
  /** The plan (of those given) whose sheet it is on. */
  plan: number;
  row: number;
  col: number;
  cells: PlanCell[];
  /** What it costs to write: see runWeight. */
  weight: number;
}

/**
 * What a run weighs in a chunk: one per constant and FORMULA_WEIGHT per formula (parsed, placed in
 * the graph and computed: a few times a constant's cost); a formula that spills one more per
 * SPILL_CELLS_PER_CELL cells it fills (a row of 2,000 drawn scenarios weighs 44), and one more per
 * SPILL_CELLS_PER_CELL cells it reads (the chance of being cheapest reads every bid's draws): what
 * the formula engine does when the run is written.
 */
export const SPILL_CELLS_PER_CELL = 50;
export const FORMULA_WEIGHT = 4;

interface Rect {
  plan: number;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

interface FormulaCell {
  rect: Rect;
  refs: Rect[];
}

const STRING = /"(?:[^"]|"")*"/g;
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const QUALIFIED = new RegExp(String.raw`('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!(${CELL}(?::${CELL})?)`, "g");
const PLAIN = new RegExp(String.raw`(?<![A-Za-z0-9_.$'!])(${CELL}(?::${CELL})?)(?![A-Za-z0-9_.(!])`, "g");
const WORD = /(?<![A-Za-z0-9_.$'!])[A-Za-z_][A-Za-z0-9_.]*(?![A-Za-z0-9_.(!])/g;
const ONE_CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

function cellOf(a1: string): { row: number; col: number } | null {
  const m = ONE_CELL.exec(a1);
  if (!m) return null;
  const row = Number(m[2]) - 1;
  return row < 0 ? null : { row, col: columnIndex(m[1]) };
}

function rectOf(plan: number, range: string): Rect | null {
  const [a, b = a] = range.split(":");
  const p = cellOf(a);
  const q = cellOf(b);
  if (!p || !q) return null;
  return { plan, r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) };
}

/** Reads the references of formulas on the plans' sheets: cells, ranges, other sheets' cells, names. */
class References {
  private readonly sheets = new Map<string, number>();
  private readonly names: Map<string, Rect>[];

  constructor(plans: readonly NewSheetPlan[]) {
    plans.forEach((p, i) => this.sheets.set(p.sheetName.toUpperCase(), i));
    this.names = plans.map((p, i) => {
      const own = new Map<string, Rect>();
      for (const n of p.names) {
        const on = n.sheet === undefined ? i : this.sheets.get(n.sheet.toUpperCase());
        const r = on === undefined ? null : rectOf(on, n.address);
        if (r) own.set(n.name.toUpperCase(), r);
      }
      return own;
    });
  }

  /** The ranges a formula on the plan's sheet reads (those on sheets not planned are left out). */
  of(plan: number, formula: string): Rect[] {
    const out: Rect[] = [];
    const push = (r: Rect | null) => r && out.push(r);
    let text = formula.replace(STRING, '""');
    text = text.replace(QUALIFIED, (_, sheet: string, range: string) => {
      const name = sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
      const on = this.sheets.get(name.toUpperCase());
      if (on !== undefined) push(rectOf(on, range));
      return " ";
    });
    text = text.replace(PLAIN, (range: string) => {
      push(rectOf(plan, range));
      return " ";
    });
    for (const word of text.match(WORD) ?? []) push(this.names[plan].get(word.toUpperCase()) ?? null);
    return out;
  }
}

/** The formula cells of the plans, found by any cell of their spill. */
class FormulaIndex {
  readonly cells: FormulaCell[] = [];
  /** Per plan, per row: the formulas covering cells of that row (their columns, and their index). */
  private readonly rows: Map<number, { c0: number; c1: number; id: number }[]>[];

  constructor(plans: readonly NewSheetPlan[]) {
    this.rows = plans.map(() => new Map());
  }

  add(rect: Rect, refs: Rect[]): number {
    const id = this.cells.push({ rect, refs }) - 1;
    const rows = this.rows[rect.plan];
    for (let r = rect.r0; r <= rect.r1; r++) {
      let line = rows.get(r);
      if (!line) rows.set(r, (line = []));
      line.push({ c0: rect.c0, c1: rect.c1, id });
    }
    return id;
  }

  /** The formulas a formula reads (other than itself). */
  precedents(id: number): number[] {
    const out = new Set<number>();
    for (const ref of this.cells[id].refs) {
      const rows = this.rows[ref.plan];
      for (let r = ref.r0; r <= ref.r1; r++) {
        for (const e of rows.get(r) ?? []) if (e.id !== id && e.c0 <= ref.c1 && e.c1 >= ref.c0) out.add(e.id);
      }
    }
    return [...out];
  }
}

/** Each formula's level: 1 + the highest level of the formulas it reads (a cycle, never planned, counts as read). */
function levels(precedents: readonly number[][]): Int32Array {
  const level = new Int32Array(precedents.length).fill(-1);
  const ON_PATH = -2;
  for (let start = 0; start < level.length; start++) {
    if (level[start] !== -1) continue;
    // Depth first, without recursion: each frame is a formula and its precedents still to look at.
    const stack: { id: number; deps: readonly number[]; k: number; max: number }[] = [{ id: start, deps: precedents[start], k: 0, max: 0 }];
    level[start] = ON_PATH;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.k < top.deps.length) {
        const d = top.deps[top.k++];
        if (level[d] === -1) {
          level[d] = ON_PATH;
          stack.push({ id: d, deps: precedents[d], k: 0, max: 0 });
        } else if (level[d] >= 0) top.max = Math.max(top.max, level[d]);
        continue;
      }
      level[top.id] = top.max + 1;
      stack.pop();
      if (stack.length > 0) stack[stack.length - 1].max = Math.max(stack[stack.length - 1].max, level[top.id]);
    }
  }
  return level;
}

/** Formulas read (or whose precedents are found) per step of writeOrderSteps. */
const FORMULAS_PER_STEP = 400;

/**
 * The plans' cells as runs to write, in the order to write them: constants first, then formulas by
 * level; within a level, in the plans' order. Every planned cell is in exactly one run.
 */
export function writeOrder(plans: readonly NewSheetPlan[]): WriteRun[] {
  return runSteps(writeOrderSteps(plans));
}

interface ReadCell {
  plan: number;
  row: number;
  col: number;
  cell: PlanCell;
  /** The formula's index (FormulaIndex), or -1 for a constant. */
  formula: number;
  /** How many cells the formula reads. */
  read: number;
}

/** writeOrder in steps (./steps): the formulas' references read, their precedents found, then the runs ordered. */
export function* writeOrderSteps(plans: readonly NewSheetPlan[]): Steps<WriteRun[]> {
  const refs = new References(plans);
  const index = new FormulaIndex(plans);
  const cells: ReadCell[] = [];
  for (let i = 0; i < plans.length; i++) {
    for (const { row, col, cell } of planCells(plans[i])) {
      const input = typedInput(cell);
      if (typeof input !== "string" || !input.startsWith("=")) {
        cells.push({ plan: i, row, col, cell, formula: -1, read: 0 });
        continue;
      }
      const spill = cell.kind === "formula" ? cell.spill : undefined;
      const read = refs.of(i, input);
      const id = index.add({ plan: i, r0: row, c0: col, r1: row + (spill?.rows ?? 1) - 1, c1: col + (spill?.cols ?? 1) - 1 }, read);
      cells.push({ plan: i, row, col, cell, formula: id, read: read.reduce((n, r) => n + (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1), 0) });
      if (id % FORMULAS_PER_STEP === FORMULAS_PER_STEP - 1) yield;
    }
  }
  const precedents: number[][] = [];
  for (let id = 0; id < index.cells.length; id++) {
    precedents.push(index.precedents(id));
    if (id % FORMULAS_PER_STEP === FORMULAS_PER_STEP - 1) yield;
  }
  const level = levels(precedents);
  yield;
  return runsByLevel(cells, level);
}

/** Adjacent cells of a row at the same level as runs, constants (level 0) first, then level by level. */
function runsByLevel(cells: readonly ReadCell[], level: Int32Array): WriteRun[] {
  const byLevel: WriteRun[][] = [];
  let last: { run: WriteRun; level: number } | null = null;
  for (const c of cells) {
    const l = c.formula < 0 ? 0 : level[c.formula];
    const spill = c.cell.kind === "formula" && c.cell.spill ? c.cell.spill.rows * c.cell.spill.cols : 0;
    const weight = (c.formula < 0 ? 1 : FORMULA_WEIGHT) + Math.floor(spill / SPILL_CELLS_PER_CELL) + Math.floor(c.read / SPILL_CELLS_PER_CELL);
    if (last && last.level === l && last.run.plan === c.plan && last.run.row === c.row && last.run.col + last.run.cells.length === c.col) {
      last.run.cells.push(c.cell);
      last.run.weight += weight;
      continue;
    }
    const run: WriteRun = { plan: c.plan, row: c.row, col: c.col, cells: [c.cell], weight };
    (byLevel[l] ??= []).push(run);
    last = { run, level: l };
  }
  return byLevel.flatMap((runs) => runs ?? []);
}
