/**
 * The shareable copy of a comparison whose drawn scenarios and term months are on its calculation
 * sheet (../calc-sheet): the copy is one sheet, the calculation sheet's cells below the comparison's
 * (from row `offset`), every reference to the calculation sheet made a reference to those rows. The
 * copy is then translated as a sheet that holds everything (./copy), as a comparison built before the
 * calculation sheet was; nobody needs the add-in or the calculation sheet to read it.
 */
import { cellAddress, columnLetters, columnIndex, parseCell, parseRange, parseSheetReference } from "../a1";
import { sameSheetName, type CellValue, type TypedCell } from "../port";
import type { PlanBlock, SheetPlan } from "../sheet-plan";

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
