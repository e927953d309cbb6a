/**
 * Sheets as keyed rows: the layout every sheet the add-in builds shares. More:
 * docs/modules.md#workbook-layout.
 */
import { cellAddress, columnLetters } from "./a1";
import type { ChartPlan, PlanBlock, PlanCell, PlanName, PlannedInput } from "./sheet-plan";
import { runSteps, Steps } from "./steps";

/** A row's cells from column A (null: the add-in writes nothing there). */
export type PlanRow = (PlanCell | null)[];

export interface BlockContent {
  /** One line per row the block named, in the same order. */
  cells: PlanRow[];
  charts?: ChartPlan[];
  names?: PlanName[];
  /** The editable inputs among the block's cells (read back by an update and by export). */
  inputs?: PlannedInput[];
}

/** One block of a sheet: its rows' keys first, then, once every row has its place, its content. */
export interface SheetBlock<C> {
  id: string;
  rows(context: C): string[];
  fill(context: C, at: Locator): BlockContent;
}

/**
 * Where the rows and columns of a planned sheet are: keys -> rows, and the plan's columns -> the
 * sheet's (the same, unless the analyst inserted or deleted columns since the sheet was built).
 */
/**
 * Rows that live on another sheet than the one planned (the comparison's calculation sheet): which
 * keys, how a reference to that sheet is written (`'Bid comparison calc'!`), and where the planned
 * columns are there.
 */
export interface AwaySheet {
  has(key: string): boolean;
  /** The sheet's name as a formula writes it, with its "!". */
  prefix: string;
  columnOf(col: number): number;
}

export class Locator {
  constructor(
    private readonly rowOf: ReadonlyMap<string, number>,
    private readonly columnOf: (col: number) => number = (c) => c,
    private readonly away?: AwaySheet,
  ) {}

  /** Which keys are on the other sheet, as asked so far (a plan asks for every cell it refers to). */
  private readonly awayKeys = new Map<string, boolean>();

  /** Is the key's row on the other sheet (./calc-sheet)? */
  isAway(key: string): boolean {
    if (!this.away) return false;
    let away = this.awayKeys.get(key);
    if (away === undefined) this.awayKeys.set(key, (away = this.away.has(key)));
    return away;
  }

  /** The sheet column (0-based) of a planned column in the key's row, on the key's own sheet. */
  colFor(key: string, col: number): number {
    return this.isAway(key) ? this.away!.columnOf(col) : this.columnOf(col);
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  /** The sheet row (0-based) of a key. */
  row(key: string): number {
    const r = this.rowOf.get(key);
    if (r === undefined) throw new Error(`internal: no row "${key}" on the sheet`);
    return r;
  }

  /** The sheet column (0-based) of a planned column. */
  col(col: number): number {
    return this.columnOf(col);
  }

  /**
   * A1 address of the cell in the key's row and the planned column; a row on the other sheet is
   * qualified by that sheet's name.
   */
  cell(key: string, col: number, absolute = false): string {
    return `${this.isAway(key) ? this.away!.prefix : ""}${this.plainCell(key, col, absolute)}`;
  }

  /** A range from one keyed cell to another (a column of bids, a row of rates), both on one sheet. */
  range(fromKey: string, fromCol: number, toKey: string, toCol: number, absolute = false): string {
    if (this.isAway(fromKey) !== this.isAway(toKey)) throw new Error(`internal: rows "${fromKey}" and "${toKey}" are on different sheets`);
    return `${this.isAway(fromKey) ? this.away!.prefix : ""}${this.plainCell(fromKey, fromCol, absolute)}:${this.plainCell(toKey, toCol, absolute)}`;
  }

  private plainCell(key: string, col: number, absolute: boolean): string {
    return cellAddress({ row: this.row(key), col: this.colFor(key, col) }, absolute);
  }

  /** Column letters of a planned column on the sheet (in the key's row's sheet, when a key is given). */
  letters(col: number, key?: string): string {
    return columnLetters(key === undefined ? this.col(col) : this.colFor(key, col));
  }
}

/** The keys of a composed sheet, top to bottom, and the blocks they belong to. */
export interface ComposedRows {
  keys: string[];
  blockOf: Map<string, string>;
}

/** Every block's rows in order; throws on a key used twice (a planner's mistake). */
export function collectRows<C>(context: C, blocks: readonly SheetBlock<C>[]): { perBlock: string[][]; rows: ComposedRows } {
  const keys: string[] = [];
  const blockOf = new Map<string, string>();
  const perBlock = blocks.map((b) => {
    const own = b.rows(context);
    for (const k of own) {
      if (blockOf.has(k)) throw new Error(`internal: row key "${k}" is used twice (blocks ${blockOf.get(k)} and ${b.id})`);
      blockOf.set(k, b.id);
      keys.push(k);
    }
    return own;
  });
  return { perBlock, rows: { keys, blockOf } };
}

/** Rows one after another from `first` (the plan of a new sheet). */
export function sequentialPlacement(keys: readonly string[], first: number): Map<string, number> {
  return new Map(keys.map((k, i) => [k, first + i]));
}

export interface ComposedSheet {
  blocks: PlanBlock[];
  /** The blocks of the rows on the other sheet (the Locator's AwaySheet), at their places there. */
  away: PlanBlock[];
  charts: ChartPlan[];
  names: PlanName[];
  inputs: PlannedInput[];
  /** Each keyed row's sheet row (0-based). */
  placement: Map<string, number>;
}

/**
 * Fills every block and turns its rows into the ports' PlanBlocks: rows that sit next to each other
 * on the sheet (and columns that do) are written together.
 */
export function composeSheet<C>(context: C, blocks: readonly SheetBlock<C>[], perBlock: string[][], at: Locator, placement: Map<string, number>): ComposedSheet {
  return runSteps(composeSheetSteps(context, blocks, perBlock, at, placement));
}

/** composeSheet in steps: one block filled per step (./steps). */
export function* composeSheetSteps<C>(context: C, blocks: readonly SheetBlock<C>[], perBlock: string[][], at: Locator, placement: Map<string, number>): Steps<ComposedSheet> {
  const out: ComposedSheet = { blocks: [], away: [], charts: [], names: [], inputs: [], placement };
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const keys = perBlock[b];
    const content = block.fill(context, at);
    if (content.cells.length !== keys.length) {
      throw new Error(`internal: block ${block.id} named ${keys.length} rows but filled ${content.cells.length}`);
    }
    // Runs of rows that are adjacent on the sheet become one PlanBlock each.
    let start = 0;
    for (let i = 1; i <= keys.length; i++) {
      if (i < keys.length && at.row(keys[i]) === at.row(keys[i - 1]) + 1 && at.isAway(keys[i]) === at.isAway(keys[i - 1])) continue;
      const run = keys.slice(start, i);
      pushRun(at.isAway(run[0]) ? out.away : out.blocks, block.id, run, content.cells.slice(start, i), at);
      start = i;
    }
    out.charts.push(...(content.charts ?? []));
    out.names.push(...(content.names ?? []));
    out.inputs.push(...(content.inputs ?? []));
    yield;
  }
  return out;
}

/** A run of adjacent rows, cut where the planned columns are not adjacent on the sheet. */
function pushRun(into: PlanBlock[], id: string, keys: string[], rows: PlanRow[], at: Locator): void {
  if (keys.length === 0) return;
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (width === 0) return;
  let from = 0;
  for (let c = 1; c <= width; c++) {
    if (c < width && at.colFor(keys[0], c) === at.colFor(keys[0], c - 1) + 1) continue;
    const cells = rows.map((r) => r.slice(from, c));
    if (cells.some((r) => r.some((x) => x !== null))) {
      into.push({ id, topLeft: cellAddress({ row: at.row(keys[0]), col: at.colFor(keys[0], from) }), cells });
    }
    from = c;
  }
}
