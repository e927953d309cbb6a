/**
 * The WorkbookPort in Excel, through Office.js.
 * Its round trips, how text and the add-in's own sheets are kept, and how an update changes a sheet in
 * place: docs/internals.md#the-officejs-workbook-port.
 */
import { cellAddress, parseCell, parseRange, parseSheetReference, quoteSheetName, rangeAddress, rangeFrom } from "./a1";
import { CellContent, CellInspection, CellValue, IncompleteUpdate, isFormulaCell, SheetInfo, SheetSnapshot, SheetUpdate, TypedCell, WorkbookPort, sameSheetName } from "./port";
import { CellStyle, ChartPlan, ChartSeriesPlan, isComparisonPlan, NewSheetPlan, PlanBlock, PlanCell, planCells, STYLES, StyleName, typedInput } from "./sheet-plan";
import { InputRule, ruleAlert, rulePrompt, RULE_TITLE } from "./input-rules";
import { CALC_MARKER_NAME, isCalcPlan } from "./calc-sheet";

export const MARKER_PREFIX = "AIPRICE_Comparison_";
/** The notes beside the marker take at most this many cells (30,000 characters each). */
const MAX_NOTES_CELLS = 64;

/** What OfficeWorkbook needs of the Excel namespace (Excel.run); a stand-in can be passed in tests. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/**
 * Range.getSpillParentOrNullObject, which needs ExcelApi 1.12, above the level the pane requires
 * (src/taskpane/requirements.ts): used only where this Excel has it (inspectCell asks first), so it is
 * declared here rather than through Excel.Range, and the pane still runs on ExcelApi 1.7.
 */
interface SpillParentApi {
  getSpillParentOrNullObject(): { isNullObject: boolean; address: string; formulas: unknown[][]; load(properties: string): void };
}

/**
 * Range.dataValidation, which needs ExcelApi 1.8, above the level the pane requires: used only where
 * this Excel has it (queueValidation asks first), declared here as SpillParentApi is.
 */
interface DataValidationApi {
  dataValidation: {
    clear(): void;
    rule: { decimal?: ExcelBasicRule; wholeNumber?: ExcelBasicRule };
    prompt: { showPrompt: boolean; title: string; message: string };
    errorAlert: { showAlert: boolean; style: "Stop"; title: string; message: string };
    ignoreBlanks: boolean;
  };
}
interface ExcelBasicRule {
  operator: "Between" | "GreaterThan" | "GreaterThanOrEqualTo" | "LessThanOrEqualTo";
  formula1: number;
  formula2?: number;
}

/** Excel's basic rule for an input rule: between its bounds, above its lowest value, or any number. */
export function excelRule(rule: InputRule): { decimal?: ExcelBasicRule; wholeNumber?: ExcelBasicRule } {
  let basic: ExcelBasicRule;
  if (rule.min !== undefined && rule.max !== undefined && !rule.minExclusive) basic = { operator: "Between", formula1: rule.min, formula2: rule.max };
  else if (rule.min !== undefined) basic = { operator: rule.minExclusive ? "GreaterThan" : "GreaterThanOrEqualTo", formula1: rule.min };
  else if (rule.max !== undefined) basic = { operator: "LessThanOrEqualTo", formula1: rule.max };
  else basic = { operator: "Between", formula1: -1e300, formula2: 1e300 };
  return rule.type === "whole" ? { wholeNumber: basic } : { decimal: basic };
}

/** Does this Excel have ExcelApi 1.8 (data validation)? Office's requirements check, false outside Office. */
function hasValidationApi(): boolean {
  try {
    return typeof Office !== "undefined" && Office.context.requirements.isSetSupported("ExcelApi", "1.8");
  } catch {
    return false;
  }
}

/**
 * Queues each input cell's data validation (ExcelApi 1.8): its type and bounds, an input message and a
 * stop alert naming the allowed values. An Excel without it keeps the cells unguarded (the engine still
 * names an input out of its domain).
 */
export function queueValidation(sheet: Pick<Excel.Worksheet, "getRange">, plan: Pick<NewSheetPlan, "blocks">): void {
  for (const { row, col, cell } of planCells(plan)) {
    if ((cell.kind !== "number" && cell.kind !== "formula") || !cell.validation) continue;
    const v = (sheet.getRange(cellAddress({ row, col })) as unknown as DataValidationApi).dataValidation;
    v.clear();
    v.ignoreBlanks = true;
    v.rule = excelRule(cell.validation);
    v.prompt = { showPrompt: true, title: RULE_TITLE, message: rulePrompt(cell.validation) };
    v.errorAlert = { showAlert: true, style: "Stop", title: RULE_TITLE, message: ruleAlert(cell.validation) };
  }
}

/** Does this Excel have ExcelApi 1.12 (spill parents)? Office's requirements check, false outside Office. */
function hasSpillApi(): boolean {
  try {
    return typeof Office !== "undefined" && Office.context.requirements.isSetSupported("ExcelApi", "1.12");
  } catch {
    return false;
  }
}

function blockWidth(block: PlanBlock): number {
  return Math.max(1, ...block.cells.map((r) => r.length));
}

/** What Range.formulas takes for one cell (typedInput: text behind an apostrophe stays text). */
export function officeInput(cell: PlanCell | null): string | number | boolean | null {
  return cell ? typedInput(cell) : null;
}

function applyStyle(format: Excel.RangeFormat, style: CellStyle): void {
  if (style.bold !== undefined) format.font.bold = style.bold;
  if (style.italic !== undefined) format.font.italic = style.italic;
  if (style.fontSize !== undefined) format.font.size = style.fontSize;
  if (style.fontColor !== undefined) format.font.color = style.fontColor;
  if (style.fill !== undefined) format.fill.color = style.fill;
  if (style.wrap !== undefined) format.wrapText = style.wrap;
}

const OFFICE_CHART_TYPES: Record<ChartPlan["type"], Excel.ChartType> = {
  "bar-clustered": "BarClustered" as Excel.ChartType.barClustered,
  "bar-stacked": "BarStacked" as Excel.ChartType.barStacked,
  line: "Line" as Excel.ChartType.line,
};

/** A range of the sheet, or of the sheet its address names ('Bid comparison calc'!B4:BI4: a calculation sheet's row). */
function rangeOn(sheet: Excel.Worksheet, address: string, workbook?: Excel.Workbook): Excel.Range {
  const ref = parseSheetReference(address);
  if (!ref) return sheet.getRange(address);
  if (!workbook) throw new Error(`internal: a range of another sheet (${address}) without the workbook`);
  return workbook.worksheets.getItem(ref.sheet).getRange(ref.address);
}

/** A series' values run along a row or down a column: Excel must be told which. */
function seriesBy(values: string): Excel.ChartSeriesBy {
  const r = parseRange(parseSheetReference(values)?.address ?? values);
  return (r.start.row === r.end.row && r.end.col > r.start.col ? "Rows" : "Columns") as Excel.ChartSeriesBy;
}

/**
 * Queues one chart: the first series comes with the chart, the others are added to it (ExcelApi 1.7);
 * a hidden series has no fill and no line.
 */
function queueChart(sheet: Excel.Worksheet, c: ChartPlan, workbook?: Excel.Workbook): void {
  const [first, ...rest] = c.series;
  const chart = sheet.charts.add(OFFICE_CHART_TYPES[c.type], rangeOn(sheet, first.values, workbook), seriesBy(first.values));
  chart.name = c.id;
  chart.title.text = c.title;
  chart.legend.visible = c.series.filter((s) => !s.hidden).length > 1;
  const categories = rangeOn(sheet, c.categories, workbook);
  const style = (series: Excel.ChartSeries, plan: ChartSeriesPlan) => {
    series.name = plan.name;
    series.setXAxisValues(categories);
    if (plan.hidden) {
      if (c.type === "line") series.format.line.lineStyle = "None" as Excel.ChartLineStyle.none;
      else series.format.fill.clear();
    }
  };
  style(chart.series.getItemAt(0), first);
  for (const s of rest) {
    const series = chart.series.add(s.name);
    series.setValues(rangeOn(sheet, s.values, workbook));
    style(series, s);
  }
  chart.setPosition(c.topLeft, c.bottomRight);
}

/** The marker name's comment: what it marks, with the sheet's id (a name the analyst made never has it). */
const MARKER_NOTE = "Marks a comparison sheet built by the AIPRICE add-in";

export function markerComment(id: string): string {
  return `${MARKER_NOTE} (sheet id ${id}).`;
}

/** Is this name the add-in's marker: hidden, named and commented as the add-in names its markers? */
function isMarker(item: { name: string; comment?: unknown; visible?: unknown }): boolean {
  return item.name.toUpperCase().startsWith(MARKER_PREFIX.toUpperCase()) && item.visible === false && typeof item.comment === "string" && item.comment.startsWith(MARKER_NOTE);
}

/** A cell's content as Range.formulas gives it: "" is empty; a text keeps no leading apostrophe. */
function contentOf(v: unknown): CellContent {
  if (v === "" || v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean") return v;
  const t = String(v);
  return t.startsWith("'") ? t.slice(1) : t;
}

/**
 * A cell's kind from Excel's own answers for it, never from a leading "=" alone: Range.formulas drops a
 * text's apostrophe (office-js issue 6687), so a text "=1+1" and a formula "=1+1" read the same there.
 * Excel computes a formula: a cell whose value is a text equal to what Range.formulas gives is a text
 * (a formula whose result is its own text would be copied as that text, which is what it shows).
 */
export function typedCell(formula: unknown, value: unknown, type: unknown): TypedCell {
  if (formula === "" || formula === null || formula === undefined) return null;
  if (typeof formula === "number" || typeof formula === "boolean") return { constant: formula };
  const t = String(formula);
  if (type === "String" && value === t) return { constant: t };
  if (t.startsWith("'")) return { constant: t.slice(1) };
  return t.startsWith("=") && t.length > 1 ? { formula: t } : { constant: t };
}

/** Runs of consecutive numbers (ascending), as [first, count]. */
function runs(rows: readonly number[]): [number, number][] {
  const sorted = [...rows].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === r) last[1]++;
    else out.push([r, 1]);
  }
  return out;
}

export class OfficeWorkbook implements WorkbookPort {
  /** From the last sheets(): sheet name (upper case) -> the name marking it as the add-in's own. */
  private markers = new Map<string, string>();
  private markerNames = new Set<string>();
  private positions = new Map<string, number>();
  /** From the last snapshot(): the add-in's sheet (upper case) -> its sheet-scoped names and protection. */
  private snapshots = new Map<string, { names: Set<string>; protected: boolean }>();

  constructor(
    private readonly host: ExcelHost = Excel,
    /** Does this Excel have spill parents (ExcelApi 1.12)? Injected by tests. */
    private readonly spillApi: () => boolean = hasSpillApi,
    /** Does this Excel have data validation (ExcelApi 1.8)? Injected by tests. */
    private readonly validationApi: () => boolean = hasValidationApi,
  ) {}

  async sheets(): Promise<SheetInfo[]> {
    return this.host.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/position");
      const names = context.workbook.names;
      names.load("items/name,items/formula,items/comment,items/visible");
      await context.sync();
      this.markers.clear();
      this.markerNames.clear();
      this.positions.clear();
      for (const item of names.items) {
        if (item.name.toUpperCase().startsWith(MARKER_PREFIX.toUpperCase())) this.markerNames.add(item.name);
        if (!isMarker(item)) continue;
        const ref = typeof item.formula === "string" ? parseSheetReference(item.formula) : null;
        if (ref) this.markers.set(ref.sheet.toUpperCase(), item.name);
      }
      return sheets.items.map((s) => {
        this.positions.set(s.name.toUpperCase(), s.position);
        return { name: s.name, ownComparison: this.markers.has(s.name.toUpperCase()) };
      });
    });
  }

  /** A marker name no other name in the workbook has. */
  private nextMarkerName(): string {
    let k = 1;
    for (const n of this.markerNames) {
      const m = /_(\d+)$/.exec(n);
      if (m) k = Math.max(k, Number(m[1]) + 1);
    }
    if (this.markerNames.size === 0 && this.positions.size === 0) return `${MARKER_PREFIX}${Date.now().toString(36)}`;
    return `${MARKER_PREFIX}${k}`;
  }

  async apply(plan: NewSheetPlan): Promise<void> {
    // The new sheet is built under a temporary name that nothing else has, and takes its final name only
    // at the end of the batch: if anything fails before, the half-built sheet is recognisable by that name
    // and removed. Only a comparison is marked as the add-in's own (a plain sheet gets no marker name).
    const buildName = `AIPRICE new ${Date.now().toString(36)}`.slice(0, 31);
    const markerName = isComparisonPlan(plan) ? this.nextMarkerName() : null;
    // A comparison's calculation sheet (./calc-sheet) is added, under its own name, before the comparison
    // is written, so that the comparison's formulas find it; it is written once the comparison has its
    // name, for the same reason.
    // A shareable copy's second sheet (the copy of the calculation sheet) is added and written likewise.
    const calc = isComparisonPlan(plan) ? plan.calc : plan.second;
    try {
      await this.host.run(async (context) => {
        const wb = context.workbook;
        const sheet = wb.worksheets.add(buildName);
        const calcSheet = calc ? wb.worksheets.add(calc.sheetName) : null;
        this.queuePlan(sheet, plan, new Set(), true, wb);
        if (markerName !== null && isComparisonPlan(plan)) {
          const marker = wb.names.add(markerName, sheet.getRange(plan.marker.cell), markerComment(plan.sheetId));
          marker.visible = false;
        }
        sheet.name = plan.sheetName;
        if (calc && calcSheet) this.queuePlan(calcSheet, calc, new Set(), true, wb);
        sheet.activate();
        await context.sync();
      });
    } catch (e) {
      await this.cleanUp(buildName, markerName, calc?.sheetName);
      throw e;
    }
    if (markerName === null) return;
    this.markerNames.add(markerName);
    this.markers.set(plan.sheetName.toUpperCase(), markerName);
  }

  /**
   * What an update needs of the add-in's own sheet, in two round trips: where its marker is, the rows in
   * use and its charts, names and protection; then the contents (formulas and constants) from column A to
   * the key column, and the notes beside the marker.
   */
  async snapshot(sheetName: string): Promise<SheetSnapshot> {
    const markerName = this.markers.get(sheetName.toUpperCase());
    if (!markerName) throw new Error(`"${sheetName}" is not the add-in's own comparison sheet; it is never changed`);
    return this.host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      const marker = context.workbook.names.getItem(markerName).getRange();
      marker.load("rowIndex,columnIndex");
      const used = sheet.getUsedRange();
      used.load("rowIndex,rowCount");
      sheet.protection.load("protected");
      sheet.charts.load("items/name");
      sheet.names.load("items/name");
      await context.sync();
      const rows = used.rowIndex + used.rowCount;
      const contents = sheet.getRangeByIndexes(0, 0, rows, marker.columnIndex + 1);
      contents.load("formulas");
      const notes = sheet.getRangeByIndexes(marker.rowIndex, marker.columnIndex + 1, 1, MAX_NOTES_CELLS);
      notes.load("values");
      await context.sync();
      const chunks: string[] = [];
      for (const v of notes.values[0] ?? []) {
        if (typeof v !== "string" || v === "") break;
        chunks.push(v);
      }
      this.snapshots.set(sheetName.toUpperCase(), { names: new Set(sheet.names.items.map((n) => n.name.toUpperCase())), protected: sheet.protection.protected === true });
      return {
        cells: contents.formulas.map((line) => line.map(contentOf)),
        marker: { row: marker.rowIndex, col: marker.columnIndex },
        notes: chunks.join(""),
        notesCells: chunks.length,
        charts: sheet.charts.items.map((c) => c.name),
        protected: sheet.protection.protected === true,
      };
    });
  }

  /**
   * Changes the add-in's own sheet in place, in one batch, in SheetUpdate's order. Every command targets
   * that sheet only (its rows, cells, charts and sheet-scoped names), never another sheet or name.
   *
   * Failure: an Office.js batch is not a transaction; when a command fails, the ones queued before it
   * stay done. The sheet stays the add-in's own (its marker and notes are written last), so the analyst
   * can update it again; the error (IncompleteUpdate) says so. A protected sheet is refused before
   * anything is queued, and nothing changes.
   */
  async update(sheetName: string, changes: SheetUpdate): Promise<void> {
    const markerName = this.markers.get(sheetName.toUpperCase());
    if (!markerName) throw new Error(`"${sheetName}" is not the add-in's own comparison sheet; it is never changed`);
    const state = this.snapshots.get(sheetName.toUpperCase());
    if (!state) throw new Error(`"${sheetName}" was not read before the update; read it again`);
    if (state.protected) {
      throw new Error(`"${sheetName}" is protected: unprotect it (Review > Unprotect Sheet) and update again; nothing was changed`);
    }
    const plan = changes.plan;
    // The calculation sheet's names are the comparison's scenario names, as its notes list them.
    const calcNames = new Set(changes.calc?.names.map((n) => n.toUpperCase()) ?? []);
    try {
      await this.host.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetName);
        for (const chart of changes.removeCharts) sheet.charts.getItem(chart).delete();
        for (const [first, count] of runs(changes.deleteRows).reverse()) sheet.getRange(`${first + 1}:${first + count}`).delete("Up" as Excel.DeleteShiftDirection.up);
        for (const [first, count] of runs(changes.insertRows)) sheet.getRange(`${first + 1}:${first + count}`).insert("Down" as Excel.InsertShiftDirection.down);
        for (const range of changes.clear) sheet.getRange(range).clear("All" as Excel.ClearApplyTo.all);
        for (const n of changes.removeNames) if (state.names.has(n.toUpperCase())) sheet.names.getItem(n).delete();
        const existing = new Set([...state.names].filter((n) => !changes.removeNames.some((r) => r.toUpperCase() === n)));
        if (changes.calc) {
          // The calculation sheet, rewritten whole once the comparison's rows have moved (a sheet built before it had one: added).
          const c = changes.calc;
          const calcSheet = c.create ? context.workbook.worksheets.add(c.plan.sheetName) : context.workbook.worksheets.getItem(c.plan.sheetName);
          for (const range of c.clear) calcSheet.getRange(range).clear("All" as Excel.ClearApplyTo.all);
          this.queuePlan(calcSheet, c.plan, calcNames, c.create, context.workbook);
        }
        this.queuePlan(sheet, plan, existing, false, context.workbook);
        context.workbook.names.getItem(markerName).comment = markerComment(plan.sheetId);
        sheet.activate();
        await context.sync();
      });
    } catch (e) {
      throw new IncompleteUpdate(sheetName, e);
    }
  }

  /**
   * After a failed apply: removes the half-built sheet (it still has its temporary name) and the marker
   * name pointing at it. Never touches any other sheet or name.
   */
  private async cleanUp(buildName: string, markerName: string | null, calcName?: string): Promise<void> {
    try {
      await this.host.run(async (context) => {
        const half = context.workbook.worksheets.getItemOrNullObject(buildName);
        // The calculation sheet was added by this build under a name no sheet had when it was planned.
        const calc = calcName === undefined ? null : context.workbook.worksheets.getItemOrNullObject(calcName);
        if (calc) calc.load("isNullObject");
        const name = markerName === null ? null : context.workbook.names.getItemOrNullObject(markerName);
        half.load("isNullObject");
        if (name) name.load("isNullObject,formula");
        await context.sync();
        const ref = name && !name.isNullObject && typeof name.formula === "string" ? parseSheetReference(name.formula) : null;
        if (name && ref && sameSheetName(ref.sheet, buildName)) name.delete();
        if (!half.isNullObject) half.delete();
        if (calc && !calc.isNullObject) calc.delete();
        await context.sync();
      });
    } catch {
      // Nothing more can be done; the original error is what the user needs to see.
    }
  }

  /**
   * Queues everything the plan writes on the sheet (no sync); `keptNames` (upper case) are there already;
   * `nameAdded` is told of each name queued.
   */
  private queuePlan(sheet: Excel.Worksheet, plan: NewSheetPlan, existingNames: ReadonlySet<string>, newSheet: boolean, workbook?: Excel.Workbook): void {
    const styled: { address: string; style: StyleName }[] = [];
    for (const block of plan.blocks) {
      const origin = parseCell(block.topLeft);
      const width = blockWidth(block);
      const rows = block.cells.length;
      if (rows === 0) continue;
      const formulas = block.cells.map((line) => Array.from({ length: width }, (_, j) => officeInput(line[j] ?? null)));
      const formats = block.cells.map((line) => Array.from({ length: width }, (_, j) => line[j]?.format ?? null));
      const range = sheet.getRange(rangeAddress(rangeFrom(origin, rows, width)));
      range.formulas = formulas as unknown[][];
      if (formats.some((r) => r.some((f) => f !== null))) range.numberFormat = formats as unknown[][];
      block.cells.forEach((line, i) => {
        let j = 0;
        while (j < line.length) {
          const cell = line[j];
          const start = { row: origin.row + i, col: origin.col + j };
          if (cell?.kind === "formula" && cell.spill) {
            // A spilled result takes the style and number format of its whole area.
            const area = rangeAddress(rangeFrom(start, cell.spill.rows, cell.spill.cols));
            if (cell.style) styled.push({ address: area, style: cell.style });
            const columns = cell.spill.columnFormats;
            if (cell.format || columns?.some((f) => f !== undefined)) {
              const f = cell.format ?? null;
              sheet.getRange(area).numberFormat = Array.from({ length: cell.spill.rows }, () => Array.from({ length: cell.spill!.cols }, (_, j) => columns?.[j] ?? f));
            }
            j++;
            continue;
          }
          if (!cell?.style) {
            j++;
            continue;
          }
          // A run of cells with the same style in a row is one range.
          let k = j + 1;
          while (k < line.length && line[k]?.style === cell.style && !(line[k]?.kind === "formula" && (line[k] as { spill?: unknown }).spill)) k++;
          styled.push({ address: rangeAddress(rangeFrom(start, 1, k - j)), style: cell.style });
          j = k;
        }
      });
    }
    for (const { address, style } of styled) applyStyle(sheet.getRange(address).format, STYLES[style]);
    if (this.validationApi()) queueValidation(sheet, plan);
    for (const n of plan.names) {
      const cell = cellAddress(parseCell(n.address));
      // A name of a calculation sheet points at the comparison's cell (n.sheet).
      const target = n.sheet === undefined ? sheet.getRange(cell) : rangeOn(sheet, `${quoteSheetName(n.sheet)}!${cell}`, workbook);
      // A name the sheet has is moved (ExcelApi 1.7), so that formulas using it never see #NAME?.
      if (existingNames.has(n.name.toUpperCase())) sheet.names.getItem(n.name).formula = `=${quoteSheetName(n.sheet ?? plan.sheetName)}!${cellAddress(parseCell(n.address), true)}`;
      else sheet.names.add(n.name, target, n.comment);
    }
    if (isCalcPlan(plan) && newSheet) sheet.names.add(CALC_MARKER_NAME, sheet.getRange(plan.calcMarker), `Calculations of the comparison "${plan.comparison}", built by the AIPRICE add-in`);
    // Widths are set when the sheet is built; an update keeps the analyst's.
    if (newSheet) for (const w of plan.columnWidths) sheet.getRange(`${w.column}:${w.column}`).format.columnWidth = w.points;
    for (const c of plan.hiddenColumns) sheet.getRange(`${c}:${c}`).columnHidden = true;
    for (const r of plan.hiddenRows) sheet.getRange(`${r + 1}:${r + 1}`).rowHidden = true;
    for (const c of plan.charts) queueChart(sheet, c, workbook);
  }

  /** The active cell (ExcelApi 1.7): its sheet and address. */
  async selection(): Promise<{ sheet: string; address: string } | null> {
    return this.host.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address");
      await context.sync();
      const ref = parseSheetReference(cell.address);
      return ref ? { sheet: ref.sheet, address: ref.address.replace(/\$/g, "").split(":")[0] } : null;
    });
  }

  /**
   * One cell, its sheet's names and the workbook's, in one round trip; for a cell without a formula, a
   * second one asks for the spill it belongs to where this Excel can tell (ExcelApi 1.12).
   */
  async inspectCell(sheetName: string, address: string): Promise<CellInspection> {
    return this.host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      const range = sheet.getRange(address);
      range.load("formulas,values,valueTypes");
      sheet.names.load("items/name,items/formula");
      const names = context.workbook.names;
      names.load("items/name,items/formula");
      await context.sync();
      // A text that starts with "=" is a value typed or written as text, never a formula to explain.
      const typed = typedCell(range.formulas[0]?.[0], range.values[0]?.[0], range.valueTypes[0]?.[0]);
      let formula = isFormulaCell(typed) ? typed.formula : null;
      let formulaCell = formula ? address : null;
      const spillKnown = this.spillApi();
      if (!formula && spillKnown) {
        const parent = (range as unknown as SpillParentApi).getSpillParentOrNullObject();
        parent.load("address,formulas");
        await context.sync();
        const f = parent.isNullObject ? null : contentOf(parent.formulas[0]?.[0]);
        if (typeof f === "string" && f.startsWith("=")) {
          formula = f;
          formulaCell = (parseSheetReference(parent.address)?.address ?? parent.address).replace(/\$/g, "");
        }
      }
      const type = range.valueTypes[0]?.[0];
      const v = range.values[0]?.[0];
      const value: CellValue = type === "Error" ? { error: String(v) } : v === "" || v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : String(v);
      return {
        sheet: sheetName,
        address,
        value,
        formula,
        formulaCell,
        spillKnown,
        names: [...sheet.names.items.map((n) => ({ name: n.name, sheet: sheetName, refersTo: String(n.formula) })), ...names.items.map((n) => ({ name: n.name, sheet: null, refersTo: String(n.formula) }))],
      };
    });
  }

  /** Contents of a range as typed (Range.formulas: a formula, or the value of a cell without one). */
  async readFormulas(sheet: string, range: string): Promise<CellContent[][]> {
    return this.host.run(async (context) => {
      const r = context.workbook.worksheets.getItem(sheet).getRange(range);
      r.load("formulas");
      await context.sync();
      return r.formulas.map((line) => line.map(contentOf));
    });
  }

  /** Contents of a range with their kinds (typedCell): formulas, values and value types in one round trip. */
  async readCells(sheet: string, range: string): Promise<TypedCell[][]> {
    return this.host.run(async (context) => {
      const r = context.workbook.worksheets.getItem(sheet).getRange(range);
      r.load("formulas,values,valueTypes");
      await context.sync();
      const { values, valueTypes } = r;
      return r.formulas.map((line, i) => line.map((f, j) => typedCell(f, values[i]?.[j], valueTypes[i]?.[j])));
    });
  }

  async readValues(sheet: string, range: string): Promise<CellValue[][]> {
    return this.host.run(async (context) => {
      const r = context.workbook.worksheets.getItem(sheet).getRange(range);
      r.load("values,valueTypes");
      await context.sync();
      const types = r.valueTypes;
      return r.values.map((row, i) =>
        row.map((v, j): CellValue => {
          const t = types[i]?.[j];
          if (t === "Error") return { error: String(v) };
          if (t === "Empty" || v === "" || v === null || v === undefined) return t === "String" ? "" : null;
          if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
          return String(v);
        }),
      );
    });
  }
}
