/**
 * The patches the embedded workbook makes to its HyperFormula engine, each defensive (an internal that is
 * not there leaves HyperFormula as it is): made for speed where a 60-bid comparison is slow, or for
 * Excel's behaviour where HyperFormula throws. None changes a figure. Most are made on the engine's own
 * objects; two are made once on classes every engine shares (the lists of changes, and how a range is
 * read: readSpilledRowsWhole).
 */
import { HyperFormula, SimpleRangeValue } from "hyperformula";
import { linearChangeLists } from "./embedded-change-lists";
import { sortWithFlatMarks } from "./embedded-sort";
import { fastArithmetic } from "../embedded/fast-arithmetic";
import { allNumbers } from "../embedded/hyperformula-aiprice";

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's internals are untyped */

/** Applies every patch to a new engine. */
export function patchEngine(hf: HyperFormula): void {
  linearChangeLists(hf);
  fastArithmetic(hf);
  clearRedoInConstantTime(hf);
  readBlockedSpillsAsCells(hf);
  checkSpillSpaceWithoutCopies(hf);
  readSpilledRowsWhole();
  rememberDateReadings(hf);
  skipLoneValuesWhenRecomputing(hf);
  sortWithFlatMarks(hf);
}

/** How many texts rememberDateReadings keeps before it starts again (a bound on its memory). */
const DATE_READINGS_KEPT = 4096;

/**
 * Comparing a text with a number (a month past the term, "", against the term's length; a cell that
 * says "not priced" against 0) has HyperFormula try to read the text as a date, through every date and
 * time format it knows, each time: thousands of times per edit, for the same few texts. What a text reads
 * as depends on the text and the engine's settings alone, so each text's reading is kept (a date's
 * number is a value HyperFormula never changes), up to DATE_READINGS_KEPT texts.
 */
function rememberDateReadings(hf: HyperFormula): void {
  const helper = (hf as any)._evaluator?.interpreter?.dateTimeHelper;
  const own = helper?.dateStringToDateNumber;
  if (!helper || typeof own !== "function") return;
  const kept = new Map<string, unknown>();
  helper.dateStringToDateNumber = function (text: string) {
    if (kept.has(text)) return kept.get(text);
    const reading = own.call(this, text);
    if (kept.size >= DATE_READINGS_KEPT) kept.clear();
    kept.set(text, reading);
    return reading;
  };
}

/**
 * A formula that reads a range of cells has HyperFormula look up each cell, through its address, to the
 * formula that spilled it (the risk view's formulas read rows of 2,000 draws, the price to match's steps
 * three each: millions of look-ups per edit of 60 bids). A range each of whose rows lies within one
 * spilled result, computed and with nothing blocking it, is copied from those results' rows instead: the
 * same values HyperFormula's look-up gives. Any other range (a value that is not a plain number, a spill not computed
 * or blocked, cells of several formulas) is read by HyperFormula's own way. Made once, for every engine.
 */
function readSpilledRowsWhole(): void {
  const proto = SimpleRangeValue.prototype as any;
  const own = proto.ensureThatComputed;
  if (typeof own !== "function" || proto.readsSpillsWhole) return;
  proto.ensureThatComputed = function (this: any) {
    if (this._data !== undefined) return;
    const rows = this.range && this.dependencyGraph ? rowsOfOneSpill(this.range, this.dependencyGraph) : undefined;
    if (!rows) return own.call(this);
    this._hasOnlyNumbers = true;
    this._data = rows;
  };
  proto.readsSpillsWhole = true;
}

/**
 * The values of a range whose every row lies within one computed spill (one spill, or a spill per row: the
 * risk view's 60 rows of drawn totals), all plain numbers, copied row by row; else undefined.
 */
function rowsOfOneSpill(range: any, graph: any): number[][] | undefined {
  const cells = graph.addressMapping;
  if (typeof range.effectiveEndRow !== "function" || typeof cells?.getCell !== "function") return undefined;
  const start = range.start;
  const lastRow = range.effectiveEndRow(graph);
  const lastCol = range.effectiveEndColumn(graph);
  if (lastRow < start.row || lastCol < start.col) return undefined;
  const rows: number[][] = new Array(lastRow - start.row + 1);
  for (let row = start.row; row <= lastRow; row++) {
    const line = rowOfOneSpill(cells, start.sheet, row, start.col, lastCol);
    if (!line) return undefined;
    rows[row - start.row] = line;
  }
  return rows;
}

/** Columns from..to of a row within one computed spill, all plain numbers, copied; else undefined. */
function rowOfOneSpill(cells: any, sheet: number, row: number, from: number, to: number): number[] | undefined {
  const vertex = cells.getCell({ sheet, row, col: from });
  const corner = vertex?.cellAddress;
  const values: unknown = vertex?.array?.array; // a computed result's rows (not one being computed, nor a blocked spill's error)
  if (typeof vertex?.getArrayCellValue !== "function" || !corner || corner.sheet !== sheet || !Array.isArray(values)) return undefined;
  if (cells.getCell({ sheet, row, col: to }) !== vertex) return undefined;
  const line = values[row - corner.row] as unknown[];
  const left = from - corner.col;
  const right = to - corner.col;
  if (!Array.isArray(line) || left < 0 || right >= line.length) return undefined;
  const copy = line.slice(left, right + 1);
  return allNumbers(copy) ? (copy as number[]) : undefined;
}

/**
 * Every value HyperFormula writes is marked changed, and a recomputation sorts every changed cell with
 * what depends on it: 860,000 values of a values-only copy of 60 bids, nothing depending on any of them,
 * took a second and a half to sort. A value (not a formula, not a range) that no cell depends on has
 * nothing to recompute and nothing to pass on (HyperFormula's own step for it does nothing), so it is
 * left out of the sort; every other cell is sorted and computed as HyperFormula does.
 */
function skipLoneValuesWhenRecomputing(hf: HyperFormula): void {
  type Vertex = { idInGraph?: number; getFormula?: unknown; clearCache?: unknown };
  type Evaluator = { partialRun?: (vertices: Vertex[]) => unknown; dependencyGraph?: { graph?: { edgesSparseArray?: unknown[][] } } };
  const evaluator = (hf as any)._evaluator as Evaluator | undefined;
  const own = evaluator?.partialRun;
  if (!evaluator || typeof own !== "function" || !Array.isArray(evaluator.dependencyGraph?.graph?.edgesSparseArray)) return;
  evaluator.partialRun = function (this: Evaluator, vertices: Vertex[]) {
    // Read at each run: the graph's list of who depends on whom (HyperFormula's own, never copied).
    const edges = this.dependencyGraph?.graph?.edgesSparseArray;
    if (!Array.isArray(edges)) return own.call(this, vertices);
    const lone = (v: Vertex) => typeof v.getFormula !== "function" && typeof v.clearCache !== "function" && v.idInGraph !== undefined && edges[v.idInGraph]?.length === 0;
    return own.call(this, vertices.some(lone) ? vertices.filter((v) => !lone(v)) : vertices);
  };
}

/**
 * Before computing a formula that spills, HyperFormula checks that nothing else stands in its area,
 * making an address object for every cell of it (480,000 on a scenario edit of 60 bids). The cells are
 * looked up with one address instead; the first cell held by anything but the spill itself or nothing
 * is left to HyperFormula's own check (an empty cell, a blocking value), so the answer is always its own.
 * An area found free stays free until a cell is placed, moved or removed anywhere (the cells' map is
 * changed: a value typed into an empty cell, a formula entered, rows added): until then the area is not
 * looked over again (a scenario edit changes a value in place, and places no cell).
 */
function checkSpillSpaceWithoutCopies(hf: HyperFormula): void {
  type Vertex = { getRangeOrUndef?(): Range | undefined };
  type Range = { start: { sheet: number; row: number; col: number }; effectiveEndRow(graph: unknown): number; effectiveEndColumn(graph: unknown): number };
  const graph = (hf as unknown as { dependencyGraph?: { isThereSpaceForArray?: (v: Vertex) => boolean; addressMapping?: { getCell(a: unknown): unknown } } }).dependencyGraph;
  const own = graph?.isThereSpaceForArray;
  if (!graph || typeof own !== "function" || typeof graph.addressMapping?.getCell !== "function") return;
  const changes = countCellPlacements(graph.addressMapping);
  // Each spill's area last found free: when (the count of placements) and where.
  const free = new WeakMap<Vertex, { at: number; key: string }>();
  graph.isThereSpaceForArray = function (this: typeof graph, vertex: Vertex) {
    const range = typeof vertex?.getRangeOrUndef === "function" ? vertex.getRangeOrUndef() : undefined;
    if (!range || typeof range.effectiveEndRow !== "function") return own.call(this, vertex);
    const lastRow = range.effectiveEndRow(this);
    const lastCol = range.effectiveEndColumn(this);
    const key = `${range.start.sheet}:${range.start.row}:${range.start.col}:${lastRow}:${lastCol}`;
    const found = free.get(vertex);
    if (changes && found && found.at === changes.count && found.key === key) return true;
    const at = { sheet: range.start.sheet, row: 0, col: 0 };
    const cells = this!.addressMapping!;
    for (at.row = range.start.row; at.row <= lastRow; at.row++) {
      for (at.col = range.start.col; at.col <= lastCol; at.col++) {
        const held = cells.getCell(at);
        if (held !== undefined && held !== vertex) return own.call(this, vertex);
      }
    }
    if (changes) free.set(vertex, { at: changes.count, key });
    return true;
  };
}

/**
 * The methods of HyperFormula's map of cells that only read it; every other one may change it. (The
 * map's strategy for a sheet is handed out only to its own methods, the changing ones counted.)
 */
const CELL_MAP_READERS = new Set([
  "constructor",
  "getStrategyForSheetOrThrow",
  "getCell",
  "getCellOrThrow",
  "getCellValue",
  "getRawValue",
  "has",
  "getSheetHeight",
  "getSheetWidth",
  "hasAnyEntries",
  "entries",
  "sheetEntries",
  "entriesFromRowsSpan",
  "entriesFromColumnsSpan",
  "verticesFromRowsSpan",
  "verticesFromColumnsSpan",
]);

/**
 * Counts the calls of the map of cells' methods that may change it (any method not known to only read
 * it): a count that moves whenever a cell may have been placed, moved or removed. Undefined when the map
 * is not as expected (then nothing is counted and nothing is kept).
 */
function countCellPlacements(cells: object): { count: number } | undefined {
  const proto = Object.getPrototypeOf(cells);
  if (!proto || proto === Object.prototype) return undefined;
  const counter = { count: 0 };
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (CELL_MAP_READERS.has(name)) continue;
    const method = (cells as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    (cells as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return method.apply(this, args);
    };
  }
  return counter;
}

/**
 * HyperFormula (3.x) throws "Unknown array" when a formula reads a range that is exactly the area of a
 * spill that is blocked (#SPILL!), as a spill may be for a moment while an update rewrites a sheet: such a
 * range is read cell by cell instead (the first cell's error, the cells beside it), as Excel reads it.
 */
function readBlockedSpillsAsCells(hf: HyperFormula): void {
  const graph = (hf as unknown as { dependencyGraph?: { getArray?(range: unknown): { array?: unknown } | undefined } }).dependencyGraph;
  const getArray = graph?.getArray;
  if (!graph || typeof getArray !== "function") return;
  graph.getArray = function (range: unknown) {
    const vertex = getArray.call(this, range);
    // An errored array (HyperFormula's ErroredArray) holds its error and has no raw values.
    const array = vertex?.array as { error?: unknown; raw?: unknown } | undefined;
    const errored = typeof array === "object" && array !== null && "error" in array && typeof array.raw !== "function";
    return errored ? undefined : vertex;
  };
}

/**
 * HyperFormula (3.x) clears its redo stack before every change, and doing so collects what every
 * change of the current batch keeps for undo, even when there is nothing to redo: quadratic in the
 * changes of a batch (a chunk of 400 cells, a sheet written at once). With nothing to redo there is
 * nothing to clear: the patch returns at once then, and changes nothing else. Made on this engine only.
 */
function clearRedoInConstantTime(hf: HyperFormula): void {
  const undoRedo = (hf as unknown as { _crudOperations?: { undoRedo?: { clearRedoStack?: () => void; redoStack?: unknown[] } } })._crudOperations?.undoRedo;
  const clear = undoRedo?.clearRedoStack;
  if (!undoRedo || typeof clear !== "function" || !Array.isArray(undoRedo.redoStack)) return;
  undoRedo.clearRedoStack = function (this: { redoStack: unknown[] }) {
    if (this.redoStack.length > 0) clear.call(this);
  };
}
