/**
 * A sheet as data: what the comparison builder wants written, before any workbook is touched.
 * Both workbook ports (Office.js and the embedded formula engine) apply the same plan.
 */
import { parseCell } from "./a1";
import type { InputRule } from "./input-rules";
import type { CalcSheetPlan } from "./calc-sheet";

/** One cell. Text is always written as text, never as a formula, whatever it starts with. */
export type PlanCell =
  | { kind: "number"; value: number; format?: string; style?: StyleName; validation?: InputRule }
  | { kind: "text"; value: string; format?: string; style?: StyleName }
  | { kind: "boolean"; value: boolean; format?: string; style?: StyleName }
  | {
      /** `format` and `style` apply to the whole spill area. */
      kind: "formula";
      /** Starts with "="; uses English function names and commas, as Range.formulas does. */
      formula: string;
      format?: string;
      style?: StyleName;
      /**
       * The formula spills into this many rows and columns (the cells below/right stay empty in the plan).
       * `columnFormats[j]`, where given, is column j's number format instead of `format` (a table whose
       * columns hold months, counts and money).
       */
      spill?: { rows: number; cols: number; columnFormats?: (string | undefined)[] };
      /** An input cell's data validation (a formula that follows another input until the analyst types). */
      validation?: InputRule;
    };

export type CellKind = PlanCell["kind"];

/** A rectangle of cells written together; null = leave the cell alone (empty on a new sheet). */
export interface PlanBlock {
  /** What the block is, e.g. "scenario", "bids", "sensitivity". */
  id: string;
  /** Its top-left cell, e.g. "A4". */
  topLeft: string;
  /** Rows of cells; rows may be shorter than the widest row. */
  cells: (PlanCell | null)[][];
}

export type StyleName = "title" | "subtitle" | "section" | "header" | "input" | "figure" | "note" | "warning" | "meta" | "wrapped" | "answer";

/** Office-like cell styles (the colours of Excel's built-in Title, Heading, Input and Note styles). */
export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  /** "#RRGGBB" */
  fontColor?: string;
  /** "#RRGGBB" */
  fill?: string;
  wrap?: boolean;
}

export const STYLES: Readonly<Record<StyleName, CellStyle>> = {
  title: { bold: true, fontSize: 16, fontColor: "#44546A" },
  subtitle: { italic: true, fontColor: "#595959" },
  section: { bold: true, fontSize: 13, fontColor: "#44546A" },
  header: { bold: true, fill: "#DDEBF7", fontColor: "#1F3864", wrap: true },
  input: { fill: "#FFCC99", fontColor: "#3F3F76" },
  figure: { fill: "#F2F2F2" },
  note: { italic: true, fontColor: "#595959" },
  warning: { italic: true, fontColor: "#9C5700", fill: "#FFEB9C" },
  meta: { fontColor: "#808080" },
  /** Long text in a column of its own (a journal entry's wording): wrapped within the column's width. */
  wrapped: { wrap: true },
  /** The cheapest bid under a view, at the top of the comparison: a figure that wraps, so that a long name or names that tie show whole. */
  answer: { fill: "#F2F2F2", wrap: true },
};

/** A name scoped to the sheet (Excel: worksheet.names; embedded: a sheet-scoped named expression). */
export interface PlanName {
  name: string;
  /** A single cell on the plan's sheet, e.g. "B5" (or on `sheet`, when given). */
  address: string;
  /** The sheet the address is on when it is not the plan's own (a calculation sheet's names point at the comparison's cells). */
  sheet?: string;
  comment: string;
}

/** One series of a chart: its name and its values, a row or a column range as long as the categories. */
export interface ChartSeriesPlan {
  name: string;
  values: string;
  /**
   * Drawn without fill or line (a stacked bar's invisible first segment, so that a range chart's bars
   * float from their low value to their high one).
   */
  hidden?: boolean;
}

/**
 * A chart of data on the plan's sheet.
 *  - "bar-clustered": horizontal bars, one group per category, one bar per series.
 *  - "bar-stacked": horizontal bars whose series are stacked end to end (with a hidden first series,
 *    a floating bar from low to high; the boundary between the next two marks a middle value).
 *  - "line": one line per series over the categories (numbers, e.g. resolution rates, or months).
 */
export interface ChartPlan {
  id: string;
  type: "bar-clustered" | "bar-stacked" | "line";
  title: string;
  /** Category labels (bids' names, rates, months), a row or a column range on the sheet. */
  categories: string;
  series: ChartSeriesPlan[];
  /** Number format of the value axis and labels, e.g. "$#,##0.00"; General when absent. */
  valueFormat?: string;
  /** Number format of numeric categories, e.g. "0%"; General when absent. */
  categoryFormat?: string;
  /** Where the chart sits: its top-left and bottom-right cells. */
  topLeft: string;
  bottomRight: string;
}

/**
 * How an input cell is read back (for export and for an update): a number; a number or blank (a tier
 * without an upper bound); TRUE/FALSE; a tier mode; or a number that by default is a formula following a
 * scenario cell (a bid's own resolution rate, until the analyst types one).
 */
export type InputKind = "number" | "number-or-blank" | "boolean" | "tier-mode" | "number-or-formula";

/** An editable input the plan writes: what it stands for, where it is, what the plan wrote there. */
export interface PlannedInput {
  /**
   * The field it holds: a scenario field ("conversations", "ranges.humanCost.low", "risk.seed") or,
   * with `bid`, a field of that bid ("pricing.pricePerResolution", "performance.resolutionRate").
   */
  path: string;
  /** The bid's key for a bid's input; absent for the scenario's. */
  bid?: string;
  /** Its row's key and its planned column. */
  row: string;
  col: number;
  kind: InputKind;
  /** What the plan wrote: a number, TRUE/FALSE, text, a formula ("=..."), or null for a blank. */
  written: number | boolean | string | null;
}

/** Where the builder put one bid's cells (A1 addresses on the sheet), for readers of the sheet. */
export interface BidLayout {
  /** The bid's key on the sheet: its template id, numbered when chosen twice. */
  key: string;
  templateId: string;
  name: string;
  vendor: string;
  model: string;
  /** The row of this bid in the comparison table, e.g. 15. */
  row: number;
  cells: {
    rank: string;
    name: string;
    resolutionRate: string;
    qualifyingShare: string;
    assist: string;
    vendorFee: string;
    suppliedPerConversation: string;
    suppliedFixedMonthly: string;
    suppliedOneTime: string;
    aiCost: string;
    costPerResolution: string;
    blended: string;
    monthlyAiCost: string;
    monthlyTotal: string;
    monthlySavings: string;
    /** When its prices were read, marked stale when more than 90 days before the comparison date. */
    prices: string;
    /** Blank when the bid is priced; else "not priced" and why. */
    status: string;
    /** The figure the bid's source states, when it has one. */
    reference?: string;
    referenceNote?: string;
  };
  /** A bid by charges: each charge's label and the cells of its row (its label, units and fee for the month). */
  charges?: { label: string; cells: { label: string; units: string; fee: string } }[];
  /** The risk block's cells of this bid. */
  risk: {
    rateLow: string;
    rateLikely: string;
    rateHigh: string;
    totalP10: string;
    totalP50: string;
    totalP90: string;
    costPerResolutionP10: string;
    costPerResolutionP50: string;
    costPerResolutionP90: string;
    chanceCheapest: string;
    exposure: string;
    /** The rows of its draws: resolution rate, monthly total, cost per resolution. */
    draws: { rate: string; total: string; costPerResolution: string };
  };
  /** Its blended cost and its cost per resolution at each rate of the rates block (row ranges). */
  rates: { blended: string; costPerResolution: string };
  /** Editable inputs of its inputs block: the bid field's path -> its cell. */
  inputs: Record<string, string>;
  /** The term block's cells of this bid (absent on a sheet planned without one). */
  term?: BidTermLayout;
}

/** One bid in the term block: its term inputs and figures (cells), and its month rows (ranges of 60 months). */
export interface BidTermLayout {
  rampStart: string;
  rampMonths: string;
  escalator: string;
  escalatorEvery: string;
  total: string;
  npv: string;
  unusedCommitment: string;
  expiredCredits: string;
  cheapestFrom: string;
  rank: string;
  months: {
    rate: string;
    vendorFee: string;
    commitmentTrueUp: string;
    supplied: string;
    oneTime: string;
    humanFallback: string;
    total: string;
    cumulative: string;
    units?: string;
    creditsBought?: string;
    creditsUsed?: string;
    creditsExpired?: string;
  };
  /** The title cell of its month by month (on the calculation sheet). */
  title?: string;
}

/** The term block: its month rows (60 months, blank after the term) and the months the sheet was built with. */
export interface TermLayout {
  months: string;
  seasonal: string;
  conversations: string;
  lowestCumulative: string;
  cheapestToDate: string;
  builtMonths: number;
}

export interface ComparisonLayout {
  /** The answer first: each view's winner and its figure, the line that says why, the warnings, the bids by rank. */
  summary?: {
    winners: Record<"month" | "p50" | "p90" | "total" | "npv", { name: string; figure: string }>;
    why: string;
    warnings: string[];
    ranked: { rank: string; name: string; blended: string; status: string }[];
  };
  /** Scenario cells by name (Conversations, ConversationsLow, ResolutionRate, Seed, ...). */
  scenario: Record<string, string>;
  bids: BidLayout[];
  /** The rates block: the row of rates, the cheapest bid at each, where the winner changes, the ranges. */
  rates: {
    rates: string;
    count: number;
    first: number;
    step: number;
    cheapest: string;
    changes: string;
    rangeFrom: string;
    rangeTo: string;
    rangeBid: string;
  };
  /** The risk view's drawn scenarios: how many, and the rows of the scenario's draws. */
  draws: {
    count: number;
    conversations: string;
    humanCost: string;
    tokens: string;
    /** The order of the bids' drawn rates (./comparison/blocks/rate-order): its status cell and each bid's row of positions. */
    order?: { status: string; positions: string[] };
  };
  /** Groups of contract questions: every bid's, each chosen model's, each bid's own; `bids` are indexes. */
  questions: { heading: string; bids: number[]; cells: string[] }[];
  /** The marker cell (the hidden key column's first row). */
  meta: string;
  /**
   * The calculation sheet beside the comparison (the draws, their order and the term's months): the
   * addresses of its rows above are qualified by its name ('Bid comparison calc'!B4:BI4).
   */
  calcSheet?: string;
  /** The contract term block. */
  term?: TermLayout;
}

export interface SheetPlan {
  sheetName: string;
  /** The sheet's id, in the add-in's notes and its marker name's comment. */
  sheetId: string;
  blocks: PlanBlock[];
  names: PlanName[];
  /** Column widths in points. */
  columnWidths: { column: string; points: number }[];
  hiddenColumns: string[];
  /** Hidden rows, 0-based (the add-in's id row). */
  hiddenRows: number[];
  charts: ChartPlan[];
  /** The cell that marks the sheet as the add-in's own comparison (top of the hidden key column). */
  marker: { cell: string; format: string; version: number };
  /** Each keyed row: its sheet row (0-based) and key, as written in the hidden key column. */
  rowKeys: { row: number; key: string }[];
  /** The editable inputs, for an update and for export. */
  inputs: PlannedInput[];
  layout: ComparisonLayout;
  /** The calculation sheet beside it (./calc-sheet), written with it and rewritten whole by an update. */
  calc?: CalcSheetPlan;
}

/**
 * A sheet as data without the comparison's marker, keys, inputs and notes (the pilot replay's sheet):
 * the ports write it on a new sheet as they write a comparison, but never mark it as the add-in's own
 * comparison, so it is never offered for an update or an export.
 */
export type PlainSheetPlan = Pick<SheetPlan, "sheetName" | "blocks" | "names" | "columnWidths" | "hiddenColumns" | "hiddenRows" | "charts"> & {
  /**
   * A second sheet written with it, right after it (a shareable copy's calculations): both are added
   * before either is written, since each refers to the other; the workbook opens on the first.
   */
  second?: PlainSheetPlan;
};

/** What a port writes on a new sheet: a comparison (marked as the add-in's own) or a plain sheet. */
export type NewSheetPlan = SheetPlan | PlainSheetPlan;

/** Is the plan the add-in's own comparison, to be marked as such? */
export function isComparisonPlan(plan: NewSheetPlan): plan is SheetPlan {
  return (plan as Partial<SheetPlan>).marker !== undefined;
}

/** The marker text in the key column's first cell. */
export const COMPARISON_FORMAT = "aiprice-comparison";
/** Version 2: keyed rows (the hidden key column), the id row, the notes beside the marker. */
export const COMPARISON_VERSION = 2;
/** Excel stores at most 32,767 characters in a cell; the notes are cut into pieces below that. */
export const META_CHUNK = 30000;

/** Every cell of the plan with its absolute position (0-based), for ports and tests. */
export function* planCells(plan: Pick<SheetPlan, "blocks">): Generator<{ block: PlanBlock; row: number; col: number; cell: PlanCell }> {
  for (const block of plan.blocks) {
    const origin = parseCell(block.topLeft);
    for (let i = 0; i < block.cells.length; i++) {
      const line = block.cells[i];
      for (let j = 0; j < line.length; j++) {
        const cell = line[j];
        if (cell) yield { block, row: origin.row + i, col: origin.col + j, cell };
      }
    }
  }
}

/** What a workbook is given for a planned cell, in Excel as in the formula engine: text behind an apostrophe (=, +, -, @ and all stay text). */
export function typedInput(cell: PlanCell): string | number | boolean {
  switch (cell.kind) {
    case "number":
    case "boolean":
      return cell.value;
    case "text":
      return `'${cell.value}`;
    case "formula":
      return cell.formula;
  }
}
