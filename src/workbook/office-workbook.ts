/**
 * The WorkbookPort in Excel, through Office.js.
 *
 * Round trips: reading the sheets and which are the add-in's own is one `context.sync()`; applying a
 * whole plan is one more (sheet, values and formulas, number formats, styles, names, column widths, the
 * chart and the marker are all queued, then synced once). A build therefore costs two round trips for
 * any number of bids.
 *
 * Text is written with a leading apostrophe, which Excel keeps as the cell's prefix character and never
 * shows: the cell holds the text as it is, even when it starts with =, +, - or @.
 *
 * The add-in's own sheets are marked by a hidden workbook-scoped name (AIPRICE_Comparison_<n>) that
 * refers to the sheet's marker cell: Excel keeps it pointing at the sheet when the sheet is renamed,
 * it does not follow a copy, and it turns into #REF! when the sheet is deleted.
 *
 * Updating the add-in's own sheet rewrites that same worksheet in place (it is never deleted): a formula
 * on the user's other sheets that refers to it (='Bid comparison'!B12, or its scenario names) keeps its
 * reference instead of turning into #REF!, and reads whatever the new layout puts in that cell.
 */
import { cellAddress, parseCell, parseRange, parseSheetReference, rangeAddress, rangeFrom } from "./a1";
import { ApplyMode, CellValue, IncompleteUpdate, SheetInfo, WorkbookPort, sameSheetName } from "./port";
import { CellStyle, ChartPlan, ChartSeriesPlan, PlanBlock, PlanCell, SheetPlan, STYLES, StyleName } from "./sheet-plan";

export const MARKER_PREFIX = "AIPRICE_Comparison_";

/** What OfficeWorkbook needs of the Excel namespace (Excel.run); a stand-in can be passed in tests. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

function blockWidth(block: PlanBlock): number {
  return Math.max(1, ...block.cells.map((r) => r.length));
}

/** What Range.formulas takes for one cell: text behind an apostrophe, so that it stays text. */
export function officeInput(cell: PlanCell | null): string | number | boolean | null {
  if (!cell) return null;
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

/** A series' values run along a row or down a column: Excel must be told which. */
function seriesBy(values: string): Excel.ChartSeriesBy {
  const r = parseRange(values);
  return (r.start.row === r.end.row && r.end.col > r.start.col ? "Rows" : "Columns") as Excel.ChartSeriesBy;
}

/**
 * Queues one chart: the first series comes with the chart, the others are added to it (ExcelApi 1.7);
 * a hidden series has no fill and no line.
 */
function queueChart(sheet: Excel.Worksheet, c: ChartPlan): void {
  const [first, ...rest] = c.series;
  const chart = sheet.charts.add(OFFICE_CHART_TYPES[c.type], sheet.getRange(first.values), seriesBy(first.values));
  chart.name = c.id;
  chart.title.text = c.title;
  chart.legend.visible = c.series.filter((s) => !s.hidden).length > 1;
  const categories = sheet.getRange(c.categories);
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
    series.setValues(sheet.getRange(s.values));
    style(series, s);
  }
  chart.setPosition(c.topLeft, c.bottomRight);
}

/** What an update needs to know of the add-in's own sheet, read by sheets() in its one round trip. */
interface OwnSheetState {
  /** Charts on the sheet, by name (the add-in's chart; all of them go when the sheet is rewritten). */
  charts: string[];
  /** The sheet-scoped names the add-in made there and their cells (listed in the marker's comment). */
  names: MadeName[];
  /** The marker's cell on the sheet, e.g. "ZZ1". */
  markerCell: string | null;
  protected: boolean;
}

const MARKER_NOTE = "Marks a comparison sheet built by the AIPRICE add-in; its names:";

interface MadeName {
  name: string;
  cell: string;
}

/** The marker name's comment: what it marks, and the sheet-scoped names the add-in made there (name=cell). */
export function markerComment(names: readonly MadeName[]): string {
  return `${MARKER_NOTE} ${names.map((n) => `${n.name}=${n.cell}`).join(" ")}`;
}

function plannedNames(plan: SheetPlan): MadeName[] {
  return plan.names.map((n) => ({ name: n.name, cell: cellAddress(parseCell(n.address)) }));
}

/** The names a marker's comment lists; none when the comment is not the add-in's. */
function namesInMarker(comment: unknown): MadeName[] {
  if (typeof comment !== "string" || !comment.startsWith(MARKER_NOTE)) return [];
  return comment
    .slice(MARKER_NOTE.length)
    .trim()
    .split(/\s+/)
    .map((pair) => /^([A-Za-z_][A-Za-z0-9_.]*)=([A-Z]{1,3}\d+)$/.exec(pair))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], cell: m[2] }));
}

/** "$ZZ$1" -> "ZZ1"; null for anything but a single cell. */
function plainCell(address: string): string | null {
  const a = address.replace(/\$/g, "").toUpperCase();
  return /^[A-Z]{1,3}\d+$/.test(a) ? a : null;
}

export class OfficeWorkbook implements WorkbookPort {
  /** From the last sheets(): sheet name (upper case) -> the name marking it as the add-in's own. */
  private markers = new Map<string, string>();
  private markerNames = new Set<string>();
  private positions = new Map<string, number>();
  /** From the last sheets(): the add-in's own sheets (upper case) -> what an update clears on them. */
  private own = new Map<string, OwnSheetState>();

  constructor(private readonly host: ExcelHost = Excel) {}

  async sheets(): Promise<SheetInfo[]> {
    return this.host.run(async (context) => {
      const sheets = context.workbook.worksheets;
      // Charts and protection come in the same round trip (nested loads Office.js documents), so that an
      // update of an own sheet can be queued as one batch without reading first. The sheet-scoped names
      // the add-in made are listed in its marker name's comment (a worksheet's names cannot be loaded
      // through the worksheet collection).
      sheets.load("items/name,items/position,items/protection/protected,items/charts/items/name");
      const names = context.workbook.names;
      names.load("items/name,items/formula,items/comment");
      await context.sync();
      this.markers.clear();
      this.markerNames.clear();
      this.positions.clear();
      this.own.clear();
      const markerCells = new Map<string, string | null>();
      const madeNames = new Map<string, { name: string; cell: string }[]>();
      for (const item of names.items) {
        if (!item.name.toUpperCase().startsWith(MARKER_PREFIX.toUpperCase())) continue;
        this.markerNames.add(item.name);
        const ref = typeof item.formula === "string" ? parseSheetReference(item.formula) : null;
        if (ref) {
          this.markers.set(ref.sheet.toUpperCase(), item.name);
          markerCells.set(ref.sheet.toUpperCase(), plainCell(ref.address));
          madeNames.set(ref.sheet.toUpperCase(), namesInMarker(item.comment));
        }
      }
      return sheets.items.map((s) => {
        const key = s.name.toUpperCase();
        this.positions.set(key, s.position);
        const ownComparison = this.markers.has(key);
        if (ownComparison) {
          this.own.set(key, {
            charts: (s.charts?.items ?? []).map((c) => c.name),
            names: madeNames.get(key) ?? [],
            markerCell: markerCells.get(key) ?? null,
            protected: s.protection?.protected === true,
          });
        }
        return { name: s.name, ownComparison };
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

  async apply(plan: SheetPlan, mode: ApplyMode = {}): Promise<void> {
    const replacing = mode.replace;
    if (replacing !== undefined) {
      if (!sameSheetName(replacing, plan.sheetName)) throw new Error(`the plan is for "${plan.sheetName}", not "${replacing}"`);
      if (!this.markers.has(replacing.toUpperCase())) throw new Error(`"${replacing}" is not the add-in's own comparison sheet; it is never overwritten`);
      return this.update(replacing, plan);
    }
    // The new sheet is built under a temporary name that nothing else has, and takes its final name only
    // at the end of the batch: if anything fails before, the half-built sheet is recognisable by that name
    // and removed.
    const buildName = `AIPRICE new ${Date.now().toString(36)}`.slice(0, 31);
    const markerName = this.nextMarkerName();
    try {
      await this.host.run(async (context) => {
        const wb = context.workbook;
        const sheet = wb.worksheets.add(buildName);
        this.queuePlan(sheet, plan, new Set());
        const marker = wb.names.add(markerName, sheet.getRange(plan.marker.cell), markerComment(plannedNames(plan)));
        marker.visible = false;
        sheet.name = plan.sheetName;
        sheet.activate();
        await context.sync();
      });
    } catch (e) {
      await this.cleanUp(buildName, markerName);
      throw e;
    }
    this.markerNames.add(markerName);
    this.markers.set(plan.sheetName.toUpperCase(), markerName);
  }

  /**
   * Rewrites the add-in's own sheet in place, in one batch: the same worksheet object, never deleted, so
   * that formulas on the user's other sheets that refer to it keep their references. Its charts go, the
   * whole sheet is cleared (contents and formats), its columns are unhidden and set back to the standard
   * width, its sheet-scoped names that the new plan does not keep at the same cell are deleted (those it
   * keeps stay, so a formula elsewhere that uses 'Bid comparison'!ResolutionRate never sees #NAME?), and
   * the plan is written. The marker name stays as it is.
   *
   * Every command of the batch targets that sheet only (its cells, charts and sheet-scoped names, or the
   * marker when the marker cell moved); no other sheet and no other name is ever touched, also when the
   * batch fails.
   *
   * Failure: an Office.js batch is not a transaction; when a command fails, the ones queued before it stay
   * done and the rest are not carried out. A failed update can therefore leave the own sheet with its
   * charts removed, partly cleared, or partly rewritten. It stays the add-in's own sheet (the marker name
   * is not touched), so the user can update it again, which rewrites it whole; the error (IncompleteUpdate)
   * says so. A protected sheet is refused before anything is queued, and nothing changes.
   */
  private async update(sheetName: string, plan: SheetPlan): Promise<void> {
    const state = this.own.get(sheetName.toUpperCase());
    if (!state) throw new Error(`"${sheetName}" was not read before the update; read the sheets again`);
    if (state.protected) {
      throw new Error(`"${sheetName}" is protected: unprotect it (Review > Unprotect Sheet) and update again; nothing was changed`);
    }
    const planned = new Map(plannedNames(plan).map((n) => [n.name.toUpperCase(), n.cell]));
    const kept = new Set(state.names.filter((n) => planned.get(n.name.toUpperCase()) === n.cell).map((n) => n.name.toUpperCase()));
    const markerName = this.markers.get(sheetName.toUpperCase())!;
    const markerCell = cellAddress(parseCell(plan.marker.cell));
    try {
      await this.host.run(async (context) => {
        const wb = context.workbook;
        const sheet = wb.worksheets.getItem(sheetName);
        // The marker's comment lists the names the add-in made on the sheet. It is rewritten after every
        // name deleted or added, so that it stays true after any part of the batch, and a later update
        // deletes exactly the names that are there.
        let made = [...state.names];
        let marker: Excel.NamedItem;
        if (state.markerCell !== markerCell) {
          // Only if a later layout moves the marker: the same name, pointing at the new marker cell.
          wb.names.getItem(markerName).delete();
          marker = wb.names.add(markerName, sheet.getRange(markerCell), markerComment(made));
          marker.visible = false;
        } else {
          marker = wb.names.getItem(markerName);
        }
        for (const n of state.names) {
          if (kept.has(n.name.toUpperCase())) continue;
          sheet.names.getItem(n.name).delete();
          made = made.filter((m) => m !== n);
          marker.comment = markerComment(made);
        }
        for (const chart of state.charts) sheet.charts.getItem(chart).delete();
        const all = sheet.getRange();
        all.clear("All");
        all.columnHidden = false;
        all.format.useStandardWidth = true;
        this.queuePlan(sheet, plan, kept, (added) => {
          made = [...made, added];
          marker.comment = markerComment(made);
        });
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
  private async cleanUp(buildName: string, markerName: string): Promise<void> {
    try {
      await this.host.run(async (context) => {
        const half = context.workbook.worksheets.getItemOrNullObject(buildName);
        const name = context.workbook.names.getItemOrNullObject(markerName);
        half.load("isNullObject");
        name.load("isNullObject,formula");
        await context.sync();
        const ref = !name.isNullObject && typeof name.formula === "string" ? parseSheetReference(name.formula) : null;
        if (ref && sameSheetName(ref.sheet, buildName)) name.delete();
        if (!half.isNullObject) half.delete();
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
  private queuePlan(sheet: Excel.Worksheet, plan: SheetPlan, keptNames: ReadonlySet<string>, nameAdded?: (name: MadeName) => void): void {
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
            if (cell.format) {
              const f = cell.format;
              sheet.getRange(area).numberFormat = Array.from({ length: cell.spill.rows }, () => Array.from({ length: cell.spill!.cols }, () => f));
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
    for (const n of plan.names) {
      if (keptNames.has(n.name.toUpperCase())) continue;
      const cell = cellAddress(parseCell(n.address));
      sheet.names.add(n.name, sheet.getRange(cell), n.comment);
      nameAdded?.({ name: n.name, cell });
    }
    for (const w of plan.columnWidths) sheet.getRange(`${w.column}:${w.column}`).format.columnWidth = w.points;
    for (const c of plan.hiddenColumns) sheet.getRange(`${c}:${c}`).columnHidden = true;
    for (const c of plan.charts) queueChart(sheet, c);
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
