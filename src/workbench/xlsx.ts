/**
 * The workbench's workbook as an Excel file (.xlsx), written by ExcelJS: `describeWorkbook` reads an
 * EmbeddedWorkbook into plain data, `writeXlsx` writes it, in the browser (loaded on demand) or Node.
 * What the file holds and leaves out: docs/modules.md#the-workbenchs-xlsx-file.
 */
import { columnLetters, columnIndex } from "../workbook/a1";
import type { EmbeddedWorkbook } from "../workbook/embedded-workbook";
import { isCellError, type CellValue } from "../workbook/port";
import { COMPARISON_FORMAT, STYLES, type CellStyle } from "../workbook/sheet-plan";

type ExcelJSModule = typeof import("exceljs");

export interface XlsxCell {
  /** 0-based position. */
  row: number;
  col: number;
  /** The value shown (a formula's computed value, cached in the file). */
  value: CellValue;
  /** "=..." for a formula (its anchor cell when it spills); absent for a constant. */
  formula?: string | null;
  /** The formula's spill size, written as an array formula over that range. */
  spill?: { rows: number; cols: number } | null;
  /** A cell a formula spills into: written only as the spill's cached value. */
  spilled?: boolean;
  numberFormat?: string | null;
  style?: CellStyle | null;
}

export interface XlsxSheet {
  name: string;
  cells: XlsxCell[];
  /** Column letters -> width in points. */
  columnWidths: Record<string, number>;
  hiddenColumns: string[];
  /** Hidden rows, 0-based. */
  hiddenRows: number[];
}

export interface XlsxName {
  name: string;
  /** The sheet the name is scoped to, or null for the whole workbook. */
  sheet: string | null;
  /** "='Bid comparison'!$B$6" */
  refersTo: string;
}

export interface XlsxWorkbook {
  sheets: XlsxSheet[];
  names: XlsxName[];
  /** The sheet the file opens on (its name); the first sheet when absent. */
  active?: string;
}

/**
 * The sheet a downloaded file opens on: the last comparison sheet built (the add-in's marker in its
 * hidden first row), else the first sheet that holds anything, never an empty Sheet1 before them.
 */
export function openingSheet(sheets: readonly XlsxSheet[]): string | undefined {
  const comparison = sheets.filter((s) => s.cells.some((c) => c.row === 0 && c.value === COMPARISON_FORMAT));
  if (comparison.length > 0) return comparison[comparison.length - 1].name;
  return sheets.find((s) => s.cells.length > 0)?.name;
}

/** The embedded workbook as plain data to write. */
export function describeWorkbook(workbook: EmbeddedWorkbook): XlsxWorkbook {
  const book: XlsxWorkbook = {
    sheets: workbook.sheetNames().map((name) => ({
      name,
      cells: workbook
        .usedCells(name)
        .map((c) => ({
          row: c.row,
          col: c.col,
          value: c.value,
          formula: c.formula,
          spill: c.spill,
          spilled: c.spilledFrom !== null,
          numberFormat: c.numberFormat,
          style: c.styleName ? STYLES[c.styleName] : null,
        }))
        .sort((a, b) => a.row - b.row || a.col - b.col),
      columnWidths: workbook.columnWidths(name),
      hiddenColumns: workbook.hiddenColumns(name),
      hiddenRows: workbook.hiddenRows(name),
    })),
    names: workbook.names().map((n) => ({ name: n.name, sheet: n.sheet, refersTo: n.expression })),
  };
  const active = openingSheet(book.sheets);
  return active === undefined ? book : { ...book, active };
}

/**
 * Functions added to Excel after 2007: the file format names them with the `_xlfn.` prefix (and the
 * dynamic-array ones FILTER, SORT, SORTBY, UNIQUE with `_xlfn._xlws.`), or Excel reads #NAME?.
 * From Microsoft's list "Issue: An _xlfn. prefix is displayed in front of a formula".
 */
const FUTURE_FUNCTIONS = new Set(
  (
    "ACOT ACOTH AGGREGATE ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW " +
    "CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH " +
    "COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL DROP ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FIELDVALUE FILTERXML " +
    "FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV " +
    "GAMMALN.PRECISE GAUSS HSTACK HYPGEOM.DIST IFNA IFS IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOMITTED ISOWEEKNUM LAMBDA LET " +
    "LOGNORM.DIST LOGNORM.INV MAKEARRAY MAP MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE " +
    "PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANDARRAY RANK.AVG RANK.EQ REDUCE RRI " +
    "SCAN SEC SECH SEQUENCE SHEET SHEETS SKEW.P STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT " +
    "TOCOL TOROW UNICHAR UNICODE VALUETOTEXT VAR.P VAR.S VSTACK WEIBULL.DIST WORKDAY.INTL WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST"
  ).split(" "),
);
const WORKSHEET_FUNCTIONS = new Set(["FILTER", "SORT", "SORTBY", "UNIQUE"]);

/**
 * A workbench formula ("=SUM(A1:A3)") as the file stores it: without the "=", functions newer than
 * Excel 2007 with their `_xlfn.` prefix. Text in quotes is left alone.
 */
export function excelFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  // Split at string literals ("..." with "" inside); rename function calls outside them only.
  return body
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(?<![A-Za-z0-9_.$'!])([A-Za-z][A-Za-z0-9_.]*)(?=\s*\()/g, (name: string) => {
            const upper = name.toUpperCase();
            if (WORKSHEET_FUNCTIONS.has(upper)) return `_xlfn._xlws.${name}`;
            if (FUTURE_FUNCTIONS.has(upper)) return `_xlfn.${name}`;
            return name;
          }),
    )
    .join("");
}

/** Excel's column width (in characters of the default font's digits, Calibri 11: 7 px) for a width in points. */
export function columnWidthChars(points: number): number {
  const px = (points * 96) / 72;
  return Math.max(0, Math.round(((px - 5) / 7) * 100) / 100);
}

/** The error values the file format knows; others (HyperFormula's #CYCLE!, #ERROR!, #LIC!, #SPILL!) are written as #VALUE!. */
const FILE_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);

function fileError(error: string): { error: string } {
  return { error: FILE_ERRORS.has(error) ? error : "#VALUE!" };
}

/** A computed value as ExcelJS caches it for a formula. */
function cachedResult(v: CellValue): number | string | boolean | { error: string } | undefined {
  if (v === null) return undefined;
  if (isCellError(v)) return fileError(v.error) as never;
  return v;
}

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

/** Loads ExcelJS (in the browser, its own chunk, fetched on the first download). */
export async function loadExcelJS(): Promise<ExcelJSModule> {
  const m = (await import(/* webpackChunkName: "workbench-exceljs" */ "exceljs")) as ExcelJSModule & { default?: ExcelJSModule };
  return m.default && typeof m.default.Workbook === "function" ? m.default : m;
}

export interface WriteOptions {
  /** ExcelJS, when the caller has it already (Node); loaded on demand otherwise. */
  excel?: ExcelJSModule;
  /**
   * Leave out the formulas' cached values (and the cells spills fill), so that a spreadsheet program
   * must compute every formula when it opens the file.
   */
  dropCachedValues?: boolean;
}

/** Writes the workbook as .xlsx bytes. */
export async function writeXlsx(book: XlsxWorkbook, options: WriteOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const ExcelJS = options.excel ?? (await loadExcelJS());
  const wb = new ExcelJS.Workbook();
  wb.creator = "AIPRICE workbench";
  wb.created = new Date();
  // Excel and LibreOffice recompute every formula on opening (the cached values are what the
  // workbench computed; a reader without a formula engine shows those).
  wb.calcProperties = { fullCalcOnLoad: true };
  for (const sheet of book.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const [letters, points] of Object.entries(sheet.columnWidths)) ws.getColumn(columnIndex(letters) + 1).width = columnWidthChars(points);
    for (const letters of sheet.hiddenColumns) ws.getColumn(columnIndex(letters) + 1).hidden = true;
    for (const r of sheet.hiddenRows ?? []) ws.getRow(r + 1).hidden = true;
    for (const c of sheet.cells) {
      const cell = ws.getCell(c.row + 1, c.col + 1);
      if (c.formula) {
        const formula = excelFormula(c.formula);
        const result = options.dropCachedValues ? undefined : cachedResult(c.value);
        const big = c.spill && (c.spill.rows > 1 || c.spill.cols > 1);
        const ref = big ? `${columnLetters(c.col)}${c.row + 1}:${columnLetters(c.col + c.spill!.cols - 1)}${c.row + c.spill!.rows}` : undefined;
        cell.value = (big ? { formula, result, shareType: "array", ref } : { formula, result }) as import("exceljs").CellFormulaValue;
      } else if (c.spilled) {
        if (!options.dropCachedValues) {
          const v = cachedResult(c.value);
          if (v !== undefined) cell.value = v as import("exceljs").CellValue;
        }
      } else if (c.value !== null) {
        // Text stays text: a string value is written as a string, never read as a formula.
        cell.value = (isCellError(c.value) ? fileError(c.value.error) : c.value) as import("exceljs").CellValue;
      }
      if (c.numberFormat) cell.numFmt = c.numberFormat;
      const st = c.style;
      if (st) {
        if (st.bold || st.italic || st.fontSize || st.fontColor) {
          cell.font = {
            ...(st.bold ? { bold: true } : {}),
            ...(st.italic ? { italic: true } : {}),
            ...(st.fontSize ? { size: st.fontSize } : {}),
            ...(st.fontColor ? { color: { argb: argb(st.fontColor) } } : {}),
          };
        }
        if (st.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(st.fill) } };
        if (st.wrap) cell.alignment = { wrapText: true, vertical: "top" };
      }
    }
  }
  // The file opens on the sheet the analyst came for.
  const activeTab = Math.max(
    0,
    book.sheets.findIndex((s) => s.name === book.active),
  );
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab, visibility: "visible" }];
  // ExcelJS writes a sheet view's tabSelected, which its types leave out: only the opening sheet's tab is selected.
  wb.worksheets.forEach((ws, i) => (ws.views = [{ state: "normal", tabSelected: i === activeTab } as unknown as import("exceljs").WorksheetView]));
  setNames(wb, book.names);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/**
 * Gives an ExcelJS workbook these names, sheet-scoped ones with the index of their sheet. ExcelJS's
 * public API knows only names of the whole workbook (and reading a file drops the scope); its writer
 * takes localSheetId from the workbook's names model, which is what is given here.
 */
export function setNames(wb: import("exceljs").Workbook, names: XlsxName[]): void {
  const sheetIndex = new Map(wb.worksheets.map((ws, i) => [ws.name.toUpperCase(), i]));
  const model = names.map((n) => ({
    name: n.name,
    ranges: [n.refersTo.replace(/^=/, "")],
    ...(n.sheet !== null && sheetIndex.has(n.sheet.toUpperCase()) ? { localSheetId: sheetIndex.get(n.sheet.toUpperCase())! } : {}),
  }));
  Object.defineProperty(wb.definedNames, "model", { get: () => model, set: () => undefined, configurable: true });
}

/** A file name for the download: the workbook's date. */
export function xlsxFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `aiprice-workbench-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.xlsx`;
}
