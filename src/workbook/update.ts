/**
 * Updating the add-in's own comparison sheet without losing the analyst's work: a pure function from what
 * the sheet holds now (a port's snapshot) and the new request to the changes to make. More:
 * docs/modules.md#workbook-update.
 */
import { cellAddress, columnLetters, parseCell } from "./a1";
import { ComparisonMeta, fingerprint, planComparison, writtenContent } from "./plan";
import { bidKeys, ID_ROW, KEY_COLUMN } from "./comparison/keys";
import { ComparisonProblem, ComparisonRequest } from "./comparison/request";
import { CellContent, sameSheetName, SheetSnapshot, SheetUpdate } from "./port";
import { calcSheetName, onCalcSheet } from "./calc-sheet";
import { COMPARISON_FORMAT, COMPARISON_VERSION, PlannedInput, planCells, SheetPlan } from "./sheet-plan";

/** An input the analyst changed on the sheet, which the update keeps. */
export interface KeptEdit {
  /** Where it is after the update, e.g. "E14". */
  cell: string;
  /** What it is, in the analyst's words: "scenario: resolution rate", "Fin AI Agent: price per resolution". */
  what: string;
  /** What the add-in wrote there, and what the cell holds now. */
  written: CellContent;
  now: CellContent;
  /** A figure of the add-in's (on the calculation sheet) the analyst changed and the update no longer writes, not an input: `written` is then null. */
  figure?: true;
}

/** Something the update cannot keep: the pane lists these and asks before anything is written. */
export interface UpdateConflict {
  /** The cell or rows, as they are on the sheet now, e.g. "R16" or "rows 40 to 44". */
  where: string;
  what: string;
}

export interface UpdatePreview {
  sheetName: string;
  /** The changes the port makes, in final coordinates (after the row insertions and deletions). */
  update: SheetUpdate;
  kept: KeptEdit[];
  conflicts: UpdateConflict[];
  /** Bids added (names), bids removed (names), rows inserted and deleted. */
  added: string[];
  removed: string[];
  rowsInserted: number;
  rowsDeleted: number;
  plan: SheetPlan;
  /** What it was planned from: the request and the day (applyUpdate plans again from them to check the sheet did not change since). */
  request: ComparisonRequest;
  date: string;
}

/** The add-in's notes read from a snapshot, checked; a ComparisonProblem when they cannot be used. */
export function readNotes(snapshot: SheetSnapshot, sheetName: string): ComparisonMeta {
  const marker = snapshot.cells[snapshot.marker.row]?.[snapshot.marker.col];
  if (marker !== COMPARISON_FORMAT) throw new ComparisonProblem([`"${sheetName}" is not a comparison sheet built by the add-in, so it is never changed`]);
  let meta: ComparisonMeta;
  try {
    meta = JSON.parse(snapshot.notes) as ComparisonMeta;
  } catch {
    throw new ComparisonProblem([`the add-in's notes on "${sheetName}" (its hidden first row) were changed and cannot be read: build a new sheet instead; this one stays as it is`]);
  }
  if (!meta || typeof meta !== "object" || meta.format !== COMPARISON_FORMAT) {
    throw new ComparisonProblem([`the add-in's notes on "${sheetName}" (its hidden first row) were changed and cannot be read: build a new sheet instead; this one stays as it is`]);
  }
  if (meta.version !== COMPARISON_VERSION) {
    throw new ComparisonProblem([`"${sheetName}" was built by an earlier version of the add-in (sheet format ${String(meta.version)}): build a new sheet instead; this one stays as it is`]);
  }
  const ok =
    typeof meta.id === "string" &&
    meta.request &&
    Array.isArray(meta.request.templates) &&
    meta.cells &&
    typeof meta.cells === "object" &&
    Array.isArray(meta.spills) &&
    Array.isArray(meta.inputs) &&
    Array.isArray(meta.charts) &&
    Array.isArray(meta.names) &&
    Array.isArray(meta.edits);
  if (!ok) throw new ComparisonProblem([`the add-in's notes on "${sheetName}" (its hidden first row) were changed and cannot be read: build a new sheet instead; this one stays as it is`]);
  return meta;
}

/** Where the sheet's rows and columns are now. */
export interface SheetMap {
  /** Key -> current row (the first row that carries it). */
  rowOf: Map<string, number>;
  /** Current row -> key (null for the analyst's own rows and for copies of a keyed row). */
  keyAt: (string | null)[];
  /** Planned column -> current column; undefined when the analyst deleted it. */
  columnOf: (col: number) => number | undefined;
  /** Planned columns the analyst deleted. */
  missingColumns: number[];
}

export function mapSheet(snapshot: SheetSnapshot): SheetMap {
  const keyCol = snapshot.marker.col;
  const rowOf = new Map<string, number>();
  const keyAt: (string | null)[] = snapshot.cells.map(() => null);
  snapshot.cells.forEach((row, r) => {
    if (r === snapshot.marker.row) return;
    const k = row[keyCol];
    if (typeof k === "string" && k !== "" && !rowOf.has(k)) {
      rowOf.set(k, r);
      keyAt[r] = k;
    }
  });
  const idRow = snapshot.cells[snapshot.marker.row] ?? [];
  const physical = new Map<number, number>();
  for (let p = 0; p < keyCol; p++) {
    const id = idRow[p];
    if (typeof id === "number" && Number.isInteger(id) && id >= 1 && id <= KEY_COLUMN && !physical.has(id - 1)) physical.set(id - 1, p);
  }
  const missingColumns: number[] = [];
  for (let c = 0; c < KEY_COLUMN; c++) if (!physical.has(c)) missingColumns.push(c);
  return {
    rowOf,
    keyAt,
    columnOf: (c) => (c < KEY_COLUMN ? physical.get(c) : keyCol + (c - KEY_COLUMN)),
    missingColumns,
  };
}

/** Analyst's words for an input. */
function describeInput(input: PlannedInput, meta: ComparisonMeta): string {
  const words = input.path
    .replace(/^scenario\./, "")
    .replace(/^risk\./, "risk view: ")
    .replace(/\.(\d+)\./g, " $1 ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/\./g, ": ")
    .toLowerCase();
  if (!input.bid) return `scenario: ${words}`;
  const keys = bidKeys(meta.request.templates.map((t) => t.id));
  const t = meta.request.templates[keys.indexOf(input.bid)];
  return `${t ? t.bid.name : input.bid}: ${words}`;
}

function show(c: CellContent): string {
  if (c === null || c === "") return "nothing";
  if (typeof c === "string") return c.length > 60 ? `"${c.slice(0, 57)}..."` : `"${c}"`;
  return String(c);
}

/** The bids in the order the update keeps them: those on the sheet first, in its order, then the new ones. */
function orderBids(meta: ComparisonMeta, request: ComparisonRequest): { ordered: ComparisonRequest; added: string[]; removed: string[] } {
  const oldKeys = bidKeys(meta.request.templates.map((t) => t.id));
  const newKeys = bidKeys(request.templates.map((t) => t.id));
  const order = [...oldKeys.map((k) => newKeys.indexOf(k)).filter((i) => i >= 0), ...newKeys.map((_, i) => i).filter((i) => !oldKeys.includes(newKeys[i]))];
  return {
    ordered: { ...request, templates: order.map((i) => request.templates[i]) },
    added: newKeys.filter((k) => !oldKeys.includes(k)).map((k) => request.templates[newKeys.indexOf(k)].bid.name),
    removed: oldKeys.filter((k) => !newKeys.includes(k)).map((k) => meta.request.templates[oldKeys.indexOf(k)].bid.name),
  };
}

/** Where every row goes: the rows kept, deleted and inserted, and each key's and each current row's final row. */
interface RowMoves {
  deleteRows: number[];
  insertRows: number[];
  finalRow: Map<string, number>;
  finalOfCurrent: Map<number, number>;
}

function moveRows(snapshot: SheetSnapshot, map: SheetMap, newRowKeys: readonly string[]): RowMoves {
  const wanted = new Set(newRowKeys);
  // Rows kept: keys on the sheet that the new plan has, in an order both agree on (the longest run in
  // the new order; a key out of order is deleted and inserted again where it belongs).
  const currentKeyed = snapshot.cells
    .map((_, r) => map.keyAt[r])
    .map((k, r) => ({ k, r }))
    .filter((x): x is { k: string; r: number } => x.k !== null && wanted.has(x.k));
  const newIndex = new Map(newRowKeys.map((k, i) => [k, i]));
  const kept = new Set(longestIncreasing(currentKeyed.map((x) => newIndex.get(x.k) as number)).map((i) => currentKeyed[i].k));
  const deleteRows: number[] = [];
  snapshot.cells.forEach((_, r) => {
    const k = map.keyAt[r];
    if (k !== null && !kept.has(k)) deleteRows.push(r);
  });
  // The final order: the sheet's rows without the deleted ones; each new key inserted right after the
  // row of the key before it in the new plan (the id row when it is the first).
  const sequence: { key: string | null; from: number | null }[] = [];
  const deleted = new Set(deleteRows);
  snapshot.cells.forEach((_, r) => {
    if (!deleted.has(r)) sequence.push({ key: map.keyAt[r], from: r });
  });
  // Rows past the end of the snapshot are empty: the sequence ends at the last used row.
  let anchorAt = new Map<string, number>();
  const reindex = () => {
    anchorAt = new Map();
    sequence.forEach((s, i) => {
      if (s.key !== null) anchorAt.set(s.key, i);
    });
  };
  reindex();
  let previousIndex = sequence.findIndex((s) => s.from === ID_ROW);
  for (const key of newRowKeys) {
    if (kept.has(key)) {
      previousIndex = anchorAt.get(key) as number;
      continue;
    }
    sequence.splice(previousIndex + 1, 0, { key, from: null });
    previousIndex += 1;
    reindex();
  }
  const finalRow = new Map<string, number>();
  const finalOfCurrent = new Map<number, number>();
  const insertRows: number[] = [];
  sequence.forEach((s, i) => {
    if (s.key !== null) finalRow.set(s.key, i);
    if (s.from !== null) finalOfCurrent.set(s.from, i);
    else insertRows.push(i);
  });
  return { deleteRows, insertRows, finalRow, finalOfCurrent };
}

const posKey = (row: number, col: number) => `${row},${col}`;

/** What the sheet holds and what the add-in wrote, by final position. */
interface SheetNow {
  /** What is on the sheet now, by final position (rows inserted are empty). */
  currentAt: Map<string, CellContent>;
  /** The add-in's cells as written, by final position, with their fingerprints. */
  written: Map<string, string>;
  /** Cells the add-in's spills filled, by final position. */
  spilledBefore: Set<string>;
  /** Cells the add-in's spills filled, by current position (rows deleted included). */
  spilledNow: Set<string>;
}

function readSheetNow(snapshot: SheetSnapshot, meta: ComparisonMeta, map: SheetMap, moves: RowMoves): SheetNow {
  const { finalOfCurrent } = moves;
  const currentAt = new Map<string, CellContent>();
  snapshot.cells.forEach((line, r) => {
    const f = finalOfCurrent.get(r);
    if (f === undefined) return;
    line.forEach((c, col) => {
      if (c !== null && c !== "") currentAt.set(posKey(f, col), c);
    });
  });
  const written = new Map<string, string>();
  for (const [key, list] of Object.entries(meta.cells)) {
    const r = map.rowOf.get(key);
    if (r === undefined) continue;
    const f = finalOfCurrent.get(r);
    for (const pair of list.split(" ")) {
      const [col, fp] = pair.split(":");
      const c = map.columnOf(Number(col));
      if (c === undefined) continue;
      if (f !== undefined) written.set(posKey(f, c), fp);
    }
  }
  const spilledBefore = new Set<string>();
  const spilledNow = new Set<string>();
  for (const [key, col, rows, cols] of meta.spills) {
    const r = map.rowOf.get(key);
    const c = map.columnOf(col);
    if (r === undefined || c === undefined) continue;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i || j) spilledNow.add(posKey(r + i, c + j));
    const f = finalOfCurrent.get(r);
    if (f === undefined) continue;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i || j) spilledBefore.add(posKey(f + i, c + j));
  }
  return { currentAt, written, spilledBefore, spilledNow };
}

/** Inputs the analyst changed: left as they are (their final positions in `skip`), recorded in `edits`. */
function keepEdits(meta: ComparisonMeta, map: SheetMap, moves: RowMoves, now: SheetNow, draft: SheetPlan, edits: ComparisonMeta["edits"], today: string): { kept: KeptEdit[]; skip: Set<string> } {
  const kept: KeptEdit[] = [];
  const skip = new Set<string>();
  const newInputAt = new Map(draft.inputs.map((i) => [`${i.bid ?? ""}|${i.path}`, i]));
  for (const input of meta.inputs) {
    const r = map.rowOf.get(input.row);
    const c = map.columnOf(input.col);
    if (r === undefined || c === undefined) continue;
    const f = moves.finalOfCurrent.get(r);
    if (f === undefined) continue;
    const content = now.currentAt.get(posKey(f, c)) ?? null;
    if (fingerprint(content) === fingerprint(input.written)) continue;
    const next = newInputAt.get(`${input.bid ?? ""}|${input.path}`);
    if (!next || moves.finalRow.get(next.row) !== f || map.columnOf(next.col) !== c) continue; // the input is gone or moved: nothing to keep
    skip.add(posKey(f, c));
    kept.push({ cell: cellAddress({ row: f, col: c }), what: describeInput(input, meta), written: input.written, now: content });
    const same = edits.find((e) => e.bid === input.bid && e.path === input.path);
    if (!same || JSON.stringify(same.now) !== JSON.stringify(content)) {
      if (same) edits.splice(edits.indexOf(same), 1);
      edits.push({ ...(input.bid ? { bid: input.bid } : {}), path: input.path, was: input.written, now: content, found: today });
    }
  }
  return { kept, skip };
}

/** Conflicts: the analyst's cells the plan would write or spill over, and figures they replaced. */
function writeConflicts(plan: SheetPlan, now: SheetNow, moves: RowMoves, skip: ReadonlySet<string>, keyCol: number): { conflicts: UpdateConflict[]; writes: Set<string> } {
  const ours = (row: number, col: number) => now.written.has(posKey(row, col)) || now.spilledBefore.has(posKey(row, col)) || col === keyCol || row === 0;
  const conflicts: UpdateConflict[] = [];
  const writes = new Set<string>();
  for (const { row, col, cell } of planCells(plan)) {
    if (skip.has(posKey(row, col))) continue;
    writes.add(posKey(row, col));
    const spill = cell.kind === "formula" ? cell.spill : undefined;
    const cells: [number, number][] = [[row, col]];
    if (spill) for (let i = 0; i < spill.rows; i++) for (let j = 0; j < spill.cols; j++) if (i || j) cells.push([row + i, col + j]);
    for (const [r, c] of cells) {
      const content = now.currentAt.get(posKey(r, c));
      if (content === undefined) continue;
      const where = currentAddress(r, c, moves.finalOfCurrent);
      if (!ours(r, c)) {
        conflicts.push({ where, what: `holds ${show(content)}, which you typed; the update would ${r === row && c === col ? "write the add-in's figure there" : "spill a result over it"}` });
      } else if (r === row && c === col && now.written.has(posKey(r, c)) && now.written.get(posKey(r, c)) !== fingerprint(content) && fingerprint(writtenContent(cell)) !== fingerprint(content)) {
        conflicts.push({ where, what: `you changed it to ${show(content)}; the update would put the add-in's figure back` });
      }
    }
  }
  return { conflicts, writes };
}

/**
 * The calculation sheet the update writes (./calc-sheet): the one the sheet's notes name, when it is
 * still there; else a new one (a sheet built before it had one: its draws and months move there).
 */
function calcSheetOf(meta: ComparisonMeta, sheetName: string, others: readonly string[]): { name: string; create: boolean } {
  const there = meta.calc !== undefined && others.find((n) => sameSheetName(n, meta.calc as string));
  if (there) return { name: there, create: false };
  return { name: calcSheetName(sheetName, others), create: true };
}

/**
 * The rows deleted, described in the analyst's words, with the cells they typed in them (address and
 * content). A row that moves to the calculation sheet (a sheet built before it had one) is no conflict
 * unless the analyst typed in it.
 */
function deleteConflicts(snapshot: SheetSnapshot, meta: ComparisonMeta, map: SheetMap, moves: RowMoves, now: SheetNow, calc: string): UpdateConflict[] {
  const keyCol = snapshot.marker.col;
  const conflicts: UpdateConflict[] = [];
  for (const r of moves.deleteRows) {
    const key = map.keyAt[r] as string;
    const theirs = (snapshot.cells[r] ?? []).map((c, col) => ({ c, col })).filter(({ c, col }) => c !== null && c !== "" && col !== keyCol && !isWrittenCol(meta, key, col, map) && !now.spilledNow.has(posKey(r, col)));
    const typed = theirs.map(({ c, col }) => `${cellAddress({ row: r, col })} (${show(c)})`).join(", ");
    if (onCalcSheet(key)) {
      if (theirs.length > 0) conflicts.push({ where: `row ${r + 1}`, what: `${describeRow(key, meta)} moves to the calculation sheet "${calc}"; this row is deleted, with what you typed in it: ${typed}` });
      continue;
    }
    conflicts.push({
      where: `row ${r + 1}`,
      what: `${describeRow(key, meta)} is no longer part of the comparison and is deleted${theirs.length ? `, with what you typed in it: ${typed}` : ""}; formulas elsewhere that refer to it will show #REF!`,
    });
  }
  return conflicts;
}

const BLOCK_WORDS: Record<string, string> = {
  bids: "the bids table",
  risk: "the risk view",
  rates: "cheapest bid by resolution rate",
  term: "the contract term",
  draws: "the drawn scenarios",
  order: "the order of the drawn rates",
  inputs: "prices and inputs",
  questions: "the contract questions",
  scenario: "the scenario",
  summary: "the summary",
};

/** A row of the add-in's in the analyst's words: whose it is and in which part of the sheet, never its key. */
export function describeRow(key: string, meta: ComparisonMeta): string {
  const keys = bidKeys(meta.request.templates.map((t) => t.id));
  const parts = key.split(":");
  const block = BLOCK_WORDS[parts[0] === "bid" ? "bids" : parts[0] === "input" ? "inputs" : parts[0]];
  const bidAt = parts.findIndex((p, i) => i > 0 && keys.includes(p));
  const name = bidAt >= 0 ? meta.request.templates[keys.indexOf(parts[bidAt])]?.bid.name : undefined;
  if (parts[1] === "chart") return `a row under the chart of ${block ?? "the sheet"}`;
  if (name && parts[0] === "input") return `the row of ${name}'s input "${describeInput({ path: parts.slice(2).join(":"), bid: parts[1], row: key, col: 0, kind: "number", written: 0 }, meta).replace(/^[^:]*: /, "")}"`;
  if (name) return `${name}'s row in ${block ?? "the sheet"}`;
  return block ? `a row of ${block}` : "a row the add-in wrote";
}

/** Cells the add-in wrote before and no longer writes, old notes beyond the new ones, keys on the analyst's copies of rows. */
function cellsToClear(snapshot: SheetSnapshot, map: SheetMap, moves: RowMoves, now: SheetNow, writes: ReadonlySet<string>, skip: ReadonlySet<string>, plan: SheetPlan): string[] {
  const keyCol = snapshot.marker.col;
  const clear: string[] = [];
  for (const [pos] of now.written) {
    if (writes.has(pos) || skip.has(pos)) continue;
    const [r, c] = pos.split(",").map(Number);
    clear.push(cellAddress({ row: r, col: c }));
  }
  const notesNow = snapshot.notesCells;
  const notesNext = plan.blocks.find((b) => b.id === "notes")?.cells[0].length ?? 1;
  for (let k = notesNext; k < notesNow + 1; k++) clear.push(cellAddress({ row: 0, col: keyCol + k }));
  snapshot.cells.forEach((line, r) => {
    const f = moves.finalOfCurrent.get(r);
    if (f === undefined || r === snapshot.marker.row) return;
    if (map.keyAt[r] === null && typeof line[keyCol] === "string" && line[keyCol] !== "") clear.push(cellAddress({ row: f, col: keyCol }));
  });
  return clear;
}

/**
 * The update of the add-in's sheet `sheetName` to the new request: the pane's scenario and bids. The
 * bids already on the sheet keep their order and rows; new ones follow them.
 */
export function planUpdate(snapshot: SheetSnapshot, request: ComparisonRequest, sheetName: string, existingSheetNames: readonly string[], today: string): UpdatePreview {
  const meta = readNotes(snapshot, sheetName);
  const map = mapSheet(snapshot);
  if (map.missingColumns.length > 0) {
    const cols = map.missingColumns.map((c) => columnLetters(c)).join(", ");
    throw new ComparisonProblem([`columns of the add-in were deleted on "${sheetName}" (they were ${cols} when it was built), so an update cannot put every figure back without moving your cells: build a new sheet instead; this one stays as it is`]);
  }
  const columnOf = (c: number) => map.columnOf(c) as number;
  const { ordered, added, removed } = orderBids(meta, request);
  const calc = calcSheetOf(meta, sheetName, existingSheetNames);
  // Plan once to learn the new rows' keys (their placement does not change what they are).
  const draft = planComparison(ordered, existingSheetNames, { sheetName, id: meta.id, calcSheet: calc.name });
  const moves = moveRows(
    snapshot,
    map,
    draft.rowKeys.map((r) => r.key),
  );
  const now = readSheetNow(snapshot, meta, map, moves);
  const edits = [...meta.edits];
  const { kept, skip } = keepEdits(meta, map, moves, now, draft, edits, today);
  // The plan in its final place, with the edits found recorded in its notes.
  const plan = planComparison(ordered, existingSheetNames, { sheetName, id: meta.id, calcSheet: calc.name, placement: { rowOf: () => moves.finalRow, columnOf }, edits });
  const { conflicts, writes } = writeConflicts(plan, now, moves, skip, snapshot.marker.col);
  conflicts.push(...deleteConflicts(snapshot, meta, map, moves, now, calc.name));
  const clear = cellsToClear(snapshot, map, moves, now, writes, skip, plan);
  const removeCharts = snapshot.charts.filter((name) => meta.charts.includes(name));
  return {
    sheetName,
    update: {
      deleteRows: [...moves.deleteRows].sort((a, b) => b - a),
      insertRows: moves.insertRows,
      clear,
      plan: withoutCells(plan, skip),
      removeCharts,
      removeNames: meta.names.filter((n) => !plan.names.some((p) => p.name.toUpperCase() === n.toUpperCase())),
      ...(plan.calc ? { calc: { create: calc.create, clear: calc.create ? [] : (meta.calcWritten ?? []), plan: plan.calc, names: calc.create ? [] : meta.names.filter((n) => plan.names.some((p) => p.name.toUpperCase() === n.toUpperCase())) } } : {}),
    },
    kept,
    conflicts,
    added,
    removed,
    rowsInserted: moves.insertRows.length,
    rowsDeleted: moves.deleteRows.length,
    plan,
    request,
    date: today,
  };
}

/** The plan with the given cells (final "row,col" positions) left unwritten. */
function withoutCells(plan: SheetPlan, skip: ReadonlySet<string>): SheetPlan {
  if (skip.size === 0) return plan;
  const blocks = plan.blocks.map((block) => {
    const origin = parseCell(block.topLeft);
    return { ...block, cells: block.cells.map((line, i) => line.map((cell, j) => (skip.has(`${origin.row + i},${origin.col + j}`) ? null : cell))) };
  });
  return { ...plan, blocks };
}

function isWrittenCol(meta: ComparisonMeta, key: string, col: number, map: SheetMap): boolean {
  const list = meta.cells[key];
  if (!list) return false;
  return list.split(" ").some((pair) => map.columnOf(Number(pair.split(":")[0])) === col);
}

/** A final position's address as the analyst sees it now (rows inserted have none: the final one). */
function currentAddress(row: number, col: number, finalOfCurrent: Map<number, number>): string {
  for (const [current, f] of finalOfCurrent) if (f === row) return cellAddress({ row: current, col });
  return cellAddress({ row, col });
}

/** Indexes of a longest strictly increasing subsequence (O(n log n)). */
export function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const prev: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}
