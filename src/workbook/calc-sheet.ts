/**
 * The comparison's calculation sheet (docs/spec.md "The workbook reads like a model": calculations where
 * they belong). More: docs/modules.md#workbook-calc-sheet.
 */
import { cellAddress, columnLetters, parseCell, quoteSheetName, rangeAddress, rangeFrom } from "./a1";
import type { AwaySheet } from "./layout";
import { DRAWS_COLUMN, ROW, TERM_MONTH_COL } from "./comparison/keys";
import { sameSheetName } from "./port";
import type { PlainSheetPlan, PlanBlock, PlanCell, PlanName } from "./sheet-plan";
import { runSteps, Steps } from "./steps";
import { MAX_TERM_MONTHS } from "../engine/term";

/** The sheet-scoped name on a calculation sheet that marks it as the calculations of an add-in comparison. */
export const CALC_MARKER_NAME = "AIPRICE_Calculations";
/** The first row of the calculation sheet's blocks (0-based): a title and a note come first. */
export const CALC_FIRST_ROW = 3;

/** A calculation sheet as data: a plain sheet, with the marker cell its marker name points at. */
export interface CalcSheetPlan extends PlainSheetPlan {
  /** The comparison sheet whose calculations it holds. */
  comparison: string;
  /** The cell its marker name points at (the title). */
  calcMarker: string;
  /** The ranges the add-in writes on it (its blocks, spills included): an update clears them, and only them, before writing. */
  written: string[];
}

/**
 * Is the row of this key on the calculation sheet? The drawn scenarios and their order, and the
 * term's month rows (the months, conversations, the lowest running total and whose it is, each bid's
 * running total, its month-by-month detail and its charges month by month). The term's table of bids
 * (its inputs and figures), the seasonal factors (inputs), the chart and its note stay on the
 * comparison sheet, and so do the dated prices over the term (inputs, "term-prices:").
 */
export function onCalcSheet(key: string): boolean {
  // The drawn scenarios, their order, and each bid's drawn AI costs and totals with its main charge at 0 (the price to match's work).
  if (key.startsWith("draws:") || key.startsWith("order:") || key.startsWith("ptm:draws0:") || key.startsWith("ptm:ai0:")) return true;
  if (!key.startsWith("term:")) return false;
  return !(COMPARISON_TERM_ROWS.has(key) || key.startsWith("term:bid:") || key.startsWith("term:chart:"));
}

/** The term block's rows that stay on the comparison sheet (besides each bid's row and the chart's). */
const COMPARISON_TERM_ROWS = new Set<string>([ROW.termHead, ROW.termColumns, ROW.termNote, ROW.termSeasonal, ROW.termChartNote]);

/** The calculation sheet's name for a comparison sheet: "<name> calc", within 31 characters, free. */
export function calcSheetName(comparison: string, existing: readonly string[]): string {
  const taken = (n: string) => existing.some((e) => sameSheetName(e, n)) || sameSheetName(n, comparison);
  for (let k = 1; k < 1000; k++) {
    const suffix = k === 1 ? " calc" : ` calc ${k}`;
    const name = `${comparison.slice(0, 31 - suffix.length).trimEnd()}${suffix}`;
    if (!taken(name)) return name;
  }
  throw new Error("no free sheet name for the calculations");
}

/**
 * Where the planned columns are on the calculation sheet: the label and the 60 months as on the
 * comparison sheet (A, then B..BI), the drawn scenarios from column B (not past the key column).
 */
export function calcColumnOf(col: number): number {
  return col >= DRAWS_COLUMN ? col - DRAWS_COLUMN + 1 : col;
}

export function calcAwaySheet(calcName: string): AwaySheet {
  return { has: onCalcSheet, prefix: `${quoteSheetName(calcName)}!`, columnOf: calcColumnOf };
}

/** A cell or range reference, with the sheet before it (`'My sheet'!$A$1:$B$2`, `Sheet1!A1`) or without (`A1`). */
const REF = String.raw`\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?(?![A-Za-z0-9_.(!])`;
const REFERENCE = new RegExp(String.raw`(?<![A-Za-z0-9_.$!'])(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!(${REF})|(${REF}))`, "g");

/**
 * A formula planned for the calculation sheet as it is written there: references to its own rows lose
 * their sheet name, references to the comparison's cells gain it (text in quotes is left as it is).
 */
export function onCalc(formula: string, calcName: string, comparison: string): string {
  const own = quoteSheetName(calcName).toUpperCase();
  const home = `${quoteSheetName(comparison)}!`;
  return formula
    .split('"')
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(REFERENCE, (whole: string, sheet: string | undefined, qualified: string | undefined, plain: string | undefined) => {
            if (sheet === undefined) return `${home}${plain}`;
            return sheet.toUpperCase() === own ? (qualified as string) : whole;
          }),
    )
    .join('"');
}

function calcCell(cell: PlanCell, calcName: string, comparison: string): PlanCell {
  if (cell.kind !== "formula") return cell;
  return { ...cell, formula: onCalc(cell.formula, calcName, comparison) };
}

/**
 * The calculation sheet's plan from the blocks composed for it (at their places there): a title, a
 * note, the blocks with their formulas made to refer across, the scenario's names (pointing at the
 * comparison's cells), widths for the label, the 60 months and the draws.
 */
export function planCalcSheet(calcName: string, comparison: string, blocks: PlanBlock[], names: PlanName[]): CalcSheetPlan {
  return runSteps(planCalcSheetSteps(calcName, comparison, blocks, names));
}

/** planCalcSheet in steps (./steps): a step per block whose formulas are made to refer across. */
export function* planCalcSheetSteps(calcName: string, comparison: string, blocks: PlanBlock[], names: PlanName[]): Steps<CalcSheetPlan> {
  const head: PlanBlock = {
    id: "calc-title",
    topLeft: "A1",
    cells: [
      [{ kind: "text", value: `Calculations of "${comparison}"`, style: "title" }],
      [
        {
          kind: "text",
          value: `The drawn scenarios of the risk view, the order of the bids' drawn rates and the term month by month, for the comparison sheet "${comparison}", which reads its figures from here. Nothing here is an input: change the inputs on the comparison sheet. An update of the comparison rewrites this sheet.`,
          style: "note",
        },
      ],
    ],
  };
  const across: PlanBlock[] = [];
  for (const b of blocks) {
    across.push({ ...b, cells: b.cells.map((line) => line.map((c) => (c ? calcCell(c, calcName, comparison) : null))) });
    yield;
  }
  const written: string[] = [];
  for (const b of [head, ...blocks]) {
    const origin = parseCell(b.topLeft);
    let cols = 1;
    b.cells.forEach((line) =>
      line.forEach((c, j) => {
        if (c) cols = Math.max(cols, j + (c.kind === "formula" && c.spill ? c.spill.cols : 1));
      }),
    );
    written.push(rangeAddress(rangeFrom(origin, Math.max(1, b.cells.length), cols)));
  }
  const widths = [
    { column: "A", points: 260 },
    // Every month of the longest term wide enough for a contract's total, whatever the term built.
    ...Array.from({ length: MAX_TERM_MONTHS }, (_, k) => ({ column: columnLetters(TERM_MONTH_COL.first + k), points: 92 })),
  ];
  return {
    sheetName: calcName,
    comparison,
    calcMarker: cellAddress({ row: 0, col: 0 }),
    blocks: [head, ...across],
    names: names.map((n) => ({ ...n, sheet: comparison })),
    columnWidths: widths,
    hiddenColumns: [],
    hiddenRows: [],
    charts: [],
    written,
  };
}

/** Is the plan a calculation sheet's (to be marked as such)? */
export function isCalcPlan(plan: object): plan is CalcSheetPlan {
  return typeof (plan as Partial<CalcSheetPlan>).comparison === "string" && typeof (plan as Partial<CalcSheetPlan>).calcMarker === "string";
}
