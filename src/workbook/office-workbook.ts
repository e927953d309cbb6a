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
 */
import { cellAddress, parseCell, parseSheetReference, rangeAddress, rangeFrom } from "./a1";
import { ApplyMode, CellValue, SheetInfo, WorkbookPort, sameSheetName } from "./port";
import { CellStyle, PlanBlock, PlanCell, SheetPlan, STYLES, StyleName } from "./sheet-plan";

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

export class OfficeWorkbook implements WorkbookPort {
  /** From the last sheets(): sheet name (upper case) -> the name marking it as the add-in's own. */
  private markers = new Map<string, string>();
  private markerNames = new Set<string>();
  private positions = new Map<string, number>();

  constructor(private readonly host: ExcelHost = Excel) {}

  async sheets(): Promise<SheetInfo[]> {
    return this.host.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/position");
      const names = context.workbook.names;
      names.load("items/name,items/formula");
      await context.sync();
      this.markers.clear();
      this.markerNames.clear();
      this.positions.clear();
      for (const item of names.items) {
        if (!item.name.toUpperCase().startsWith(MARKER_PREFIX.toUpperCase())) continue;
        this.markerNames.add(item.name);
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

  async apply(plan: SheetPlan, mode: ApplyMode = {}): Promise<void> {
    const replacing = mode.replace;
    if (replacing !== undefined) {
      if (!sameSheetName(replacing, plan.sheetName)) throw new Error(`the plan is for "${plan.sheetName}", not "${replacing}"`);
      if (!this.markers.has(replacing.toUpperCase())) throw new Error(`"${replacing}" is not the add-in's own comparison sheet; it is never overwritten`);
    }
    // The new sheet is built under a temporary name that nothing else has, and takes its final name (and,
    // when replacing, the old sheet's place) only at the end of the batch: if anything fails before, the
    // half-built sheet is recognisable by that name and removed, and an old sheet is still whole.
    const buildName = `AIPRICE new ${Date.now().toString(36)}`.slice(0, 31);
    const markerName = this.nextMarkerName();
    try {
      await this.host.run(async (context) => {
        const wb = context.workbook;
        const sheet = wb.worksheets.add(buildName);
        this.queuePlan(sheet, plan);
        const marker = wb.names.add(markerName, sheet.getRange(plan.marker.cell), "Marks a comparison sheet built by the AIPRICE add-in");
        marker.visible = false;
        if (replacing !== undefined) {
          wb.worksheets.getItem(replacing).delete();
          const oldMarker = this.markers.get(replacing.toUpperCase());
          if (oldMarker) wb.names.getItem(oldMarker).delete();
        }
        sheet.name = plan.sheetName;
        const position = replacing !== undefined ? this.positions.get(replacing.toUpperCase()) : undefined;
        if (position !== undefined) sheet.position = position;
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

  /** Queues everything the plan writes on the sheet (no sync). */
  private queuePlan(sheet: Excel.Worksheet, plan: SheetPlan): void {
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
    for (const n of plan.names) sheet.names.add(n.name, sheet.getRange(cellAddress(parseCell(n.address))), n.comment);
    for (const w of plan.columnWidths) sheet.getRange(`${w.column}:${w.column}`).format.columnWidth = w.points;
    for (const c of plan.hiddenColumns) sheet.getRange(`${c}:${c}`).columnHidden = true;
    for (const c of plan.charts) {
      const chart = sheet.charts.add("BarClustered", sheet.getRange(c.values), "Columns");
      chart.name = c.id;
      chart.title.text = c.title;
      chart.legend.visible = false;
      const series = chart.series.getItemAt(0);
      series.name = c.seriesName;
      series.setXAxisValues(sheet.getRange(c.categories));
      chart.setPosition(c.topLeft, c.bottomRight);
    }
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
