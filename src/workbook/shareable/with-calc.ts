/**
 * The shareable copy of a comparison whose drawn scenarios and term months are on its calculation
 * sheet (../calc-sheet). The copy is translated as one sheet that holds everything (./copy), as a
 * comparison built before the calculation sheet was: the calculation sheet's cells below the
 * comparison's (from row `offset`), every reference to the calculation sheet made a reference to those
 * rows (stackCalc). It is then cut in two (splitCopy): the comparison's rows on the copy's first sheet,
 * the one the workbook opens on, the rest (the calculations, then the copy's workings and notes) on a
 * second sheet beside it, each formula referring to the other sheet's cells by its name, as the live
 * comparison and its calculation sheet do. Nobody needs the add-in to read it.
 */
import { cellAddress, columnLetters, columnIndex, parseCell, parseRange, parseSheetReference, quoteSheetName } from "../a1";
import { sameSheetName, type CellValue, type TypedCell } from "../port";
import type { PlainSheetPlan, PlanBlock, PlanCell, SheetPlan } from "../sheet-plan";
import { Expr, parseFormula, printFormula, walk } from "./formula";

/** A reference with or without its sheet, outside quotes (as ../calc-sheet reads formulas). */
const REF = String.raw`\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?(?![A-Za-z0-9_.(!])`;
const REFERENCE = new RegExp(String.raw`(?<![A-Za-z0-9_.$!'])(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!(${REF})|(${REF}))`, "g");

/** A cell or range reference moved down by `rows` (absolute or not, as written). */
function moved(ref: string, rows: number): string {
  return ref.replace(/(\$?)([A-Za-z]{1,3})(\$?)(\d+)/g, (_m, a: string, col: string, b: string, row: string) => `${a}${col}${b}${Number(row) + rows}`);
}

/**
 * A formula of the comparison (`onCalc` false) or of its calculation sheet (`onCalc` true) as it reads
 * on the one sheet of the copy: the calculation sheet's cells `offset` rows down, no sheet names for
 * either sheet (references to other sheets are left as they are).
 */
export function oneSheetFormula(formula: string, comparison: string, calc: string, offset: number, onCalc: boolean): string {
  return formula
    .split('"')
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(REFERENCE, (whole: string, sheet: string | undefined, qualified: string | undefined, plain: string | undefined) => {
            if (sheet === undefined) return onCalc ? moved(plain as string, offset) : (plain as string);
            const name = sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
            if (sameSheetName(name, calc)) return moved(qualified as string, offset);
            if (sameSheetName(name, comparison)) return qualified as string;
            return whole;
          }),
    )
    .join('"');
}

/** An address of a layout or a chart: the calculation sheet's (qualified) moved onto the copy's rows. */
function onCopy(address: string, calc: string, offset: number): string {
  const ref = parseSheetReference(address);
  return ref && sameSheetName(ref.sheet, calc) ? moved(ref.address, offset) : address;
}

/** Every string of a layout that is an address on the calculation sheet, moved onto the copy's rows. */
function layoutOnCopy<T>(value: T, calc: string, offset: number): T {
  if (typeof value === "string") return onCopy(value, calc, offset) as T;
  if (Array.isArray(value)) return value.map((v) => layoutOnCopy(v, calc, offset)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, layoutOnCopy(v, calc, offset)])) as T;
  return value;
}

/** The comparison and its calculation sheet as read, stacked into the one sheet the copy is made from. */
export interface Stacked {
  cells: TypedCell[][];
  values: CellValue[][];
  plan: SheetPlan | null;
  /** The row (0-based) where the calculation sheet's cells start, and below which the add-in's key column is no bookkeeping. */
  offset: number;
}

export function stackCalc(comparison: string, calc: string, main: { cells: TypedCell[][]; values: CellValue[][] }, calcSheet: { cells: TypedCell[][]; values: CellValue[][] }, plan: SheetPlan | null): Stacked {
  // A values-only copy reads no contents (cells empty): its rows are the values'.
  const offset = Math.max(main.cells.length, main.values.length) + 2;
  const retype = (c: TypedCell, onCalc: boolean): TypedCell => (c !== null && "formula" in c ? { formula: oneSheetFormula(c.formula, comparison, calc, offset, onCalc) } : c);
  const values: CellValue[][] = [...main.values];
  while (values.length < offset) values.push([]);
  const cells: TypedCell[][] = main.cells.map((line) => line.map((c) => retype(c, false)));
  if (calcSheet.cells.length > 0) while (cells.length < offset) cells.push([]);
  calcSheet.cells.forEach((line) => cells.push(line.map((c) => retype(c, true))));
  calcSheet.values.forEach((line) => values.push(line));
  return { cells, values, plan: plan ? planOnCopy(plan, comparison, calc, offset) : null, offset };
}

/** The add-in's plan (formats, charts, layout) as the one sheet of the copy has it. */
function planOnCopy(plan: SheetPlan, comparison: string, calc: string, offset: number): SheetPlan {
  const below: PlanBlock[] = (plan.calc?.blocks ?? []).map((b) => {
    const at = parseCell(b.topLeft);
    return { ...b, topLeft: cellAddress({ row: at.row + offset, col: at.col }) };
  });
  const widths = new Map(plan.columnWidths.map((w) => [w.column, w.points]));
  for (const w of plan.calc?.columnWidths ?? []) widths.set(w.column, Math.max(widths.get(w.column) ?? 0, w.points));
  return {
    ...plan,
    blocks: [...plan.blocks, ...below],
    columnWidths: [...widths].sort((a, b) => columnIndex(a[0]) - columnIndex(b[0])).map(([column, points]) => ({ column, points })),
    charts: plan.charts.map((c) => ({ ...c, categories: onCopy(c.categories, calc, offset), series: c.series.map((s) => ({ ...s, values: onCopy(s.values, calc, offset) })) })),
    layout: layoutOnCopy(plan.layout, calc, offset),
    calc: undefined,
  };
}

/** The range of the calculation sheet the add-in wrote (its notes' ranges), from A1. */
export function calcExtent(written: readonly string[]): string | null {
  if (written.length === 0) return null;
  let rows = 0;
  let cols = 0;
  for (const w of written) {
    const r = parseRange(w);
    rows = Math.max(rows, r.end.row + 1);
    cols = Math.max(cols, r.end.col + 1);
  }
  return `A1:${columnLetters(cols - 1)}${rows}`;
}

// ---------------------------------------------------------------------------------------------
// Two sheets: the copy of the comparison, and the copy of its calculation sheet beside it.

/** The copy as planned on one sheet, then cut in two at `offset`. */
export interface SplitCopy {
  /** The copy's first sheet (the comparison; it opens on it), with the second written with it. */
  plan: PlainSheetPlan;
  /** The second sheet's name. */
  calcCopy: string;
}

/** Where a row of the one-sheet copy goes: the first sheet (rows above `offset`) or the second. */
interface Cut {
  offset: number;
  first: string;
  second: string;
}

/**
 * A reference of the one-sheet copy as it reads on the sheet its formula is on (`onSecond`): the rows below
 * `offset` are the second sheet's, `offset` rows up; a reference to the other sheet names it. A range
 * across the cut has no place on either sheet (the copy is planned so that none is).
 */
function cutRef(e: Extract<Expr, { type: "ref" }>, cut: Cut, onSecond: boolean): void {
  if (e.sheet !== null) return;
  const below = e.start.row >= cut.offset;
  if (e.end !== null && e.end.row >= cut.offset !== below) throw new Error(`a reference of the copy runs across its two sheets: ${printFormula(e)}`);
  if (below) {
    e.start = { ...e.start, row: e.start.row - cut.offset };
    if (e.end) e.end = { ...e.end, row: e.end.row - cut.offset };
  }
  if (below !== onSecond) e.sheet = below ? cut.second : cut.first;
}

/** A formula of the one-sheet copy as it reads on its own sheet of the two. */
export function cutFormula(formula: string, cut: Cut, onSecond: boolean): string {
  const tree = parseFormula(formula);
  for (const e of walk(tree)) if (e.type === "ref") cutRef(e, cut, onSecond);
  return `=${printFormula(tree)}`;
}

/** An address of the one-sheet copy (a chart's series) as the first sheet reads it. */
function cutAddress(address: string, cut: Cut): string {
  if (parseSheetReference(address)) return address;
  return cutFormula(`=${address}`, cut, false).slice(1);
}

/** A block of the one-sheet copy (one row, ../shareable/copy's blocksOf) on the sheet it goes to. */
function cutBlock(block: PlanBlock, cut: Cut): { second: boolean; block: PlanBlock } {
  const at = parseCell(block.topLeft);
  const second = at.row >= cut.offset;
  const cells = block.cells.map((line) => line.map((c): PlanCell | null => (c && c.kind === "formula" ? { ...c, formula: cutFormula(c.formula, cut, second) } : c)));
  return { second, block: { ...block, topLeft: second ? cellAddress({ row: at.row - cut.offset, col: at.col }) : block.topLeft, cells } };
}

/**
 * The one-sheet copy cut in two: its rows above `offset` (the comparison's) on the first sheet, the rest
 * (the calculation sheet's rows, then the copy's workings and notes) on a second sheet, `calcCopy`, with
 * the formulas of each referring to the other's cells by its name, as the comparison and its calculation
 * sheet do. The first sheet keeps the comparison's widths, hidden rows and columns, charts (their series on
 * the second sheet named so) and names; the second gets the calculation sheet's widths and the same names,
 * pointing at the first sheet's cells.
 */
export function splitCopy(copy: PlainSheetPlan, offset: number, calcCopy: string, comparisonPlan: SheetPlan | null): SplitCopy {
  const cut: Cut = { offset, first: copy.sheetName, second: calcCopy };
  const first: PlanBlock[] = [];
  const second: PlanBlock[] = [];
  for (const b of copy.blocks) {
    if (b.cells.length > 1) throw new Error("a block of the copy spans rows");
    const { second: below, block } = cutBlock(b, cut);
    (below ? second : first).push(block);
  }
  const secondPlan: PlainSheetPlan = {
    sheetName: calcCopy,
    blocks: second,
    names: copy.names.map((n) => ({ ...n, sheet: copy.sheetName })),
    columnWidths: comparisonPlan?.calc?.columnWidths ?? [{ column: "A", points: 260 }],
    hiddenColumns: [],
    hiddenRows: [],
    charts: [],
  };
  return {
    calcCopy,
    plan: {
      ...copy,
      blocks: first,
      columnWidths: comparisonPlan?.columnWidths ?? copy.columnWidths,
      charts: copy.charts.map((c) => ({ ...c, categories: cutAddress(c.categories, cut), series: c.series.map((s) => ({ ...s, values: cutAddress(s.values, cut) })) })),
      second: secondPlan,
    },
  };
}

/** The comparison's layout as the two sheets of the copy have it: the calculation sheet's addresses on the second. */
export function layoutOnTwo<T>(value: T, calc: string, calcCopy: string): T {
  if (typeof value === "string") {
    const ref = parseSheetReference(value);
    return (ref && sameSheetName(ref.sheet, calc) ? `${quoteSheetName(calcCopy)}!${ref.address}` : value === calc ? calcCopy : value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => layoutOnTwo(v, calc, calcCopy)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, layoutOnTwo(v, calc, calcCopy)])) as T;
  return value;
}
