/**
 * Reading a pilot history file in the task pane's Web Worker (./replay-worker.ts): first its header
 * (for the analyst to confirm or change the mapping), then its rows, in chunks, into the monthly
 * aggregates, with the same rules and the same results as the CLI's streaming path
 * (src/replay/history-node.ts): the same csv-parse options, the same row reader and aggregation, the
 * same row numbers and problems.
 * How CSV and XLSX files are read there, and in what memory: docs/internals.md#a-history-read-in-the-task-pane.
 */
import { BuyerDefinition, HistoryAggregate, MonthlyAggregator } from "../replay/monthly-aggregation";
import { CanonicalColumn, ColumnMapping, COLUMNS, describeHeaders, mapColumns, proposeMapping } from "../replay/columns";
import { CsvChunks, CsvParserClass, CsvReadError, CSV_OPTIONS, headerWidthProblem } from "../replay/csv-chunks";
import type { RowsSummary } from "../replay/replay";
import { Cell, cellText, DEFAULT_PROBLEM_LIST_LIMIT, RowReader } from "../replay/rows";
import { findMeterColumns } from "../replay/meter-columns";
import { xlsxCell } from "../replay/xlsx-cells";
import { webInflater } from "../replay/web-inflate";
import { ByteSource, checkXlsx, PANE_XLSX_LIMITS, RawInflater, XlsxRefused } from "../replay/xlsx-guard";

type ExcelJsModule = typeof import("exceljs");

export interface ReadingTools {
  /** csv-parse's Parser (the worker: its browser build). */
  Parser: CsvParserClass;
  /** ExcelJS, loaded when an XLSX file is read. */
  loadExcelJs(): Promise<ExcelJsModule>;
  /** Raw inflation for the XLSX limits (default: the platform's DecompressionStream). */
  inflateRaw?: RawInflater;
}

/** A file as the worker has it: a Blob with a name. */
export interface HistoryFile {
  readonly name: string;
  readonly size: number;
  slice(start?: number, end?: number): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type PaneFormat = "csv" | "xlsx";

/** Bytes read at a time from a CSV file. */
export const CHUNK_BYTES = 2 * 1024 * 1024;
/** The largest XLSX file the pane reads (whole, in the browser's memory). */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;

/** A file the pane cannot read, in words the analyst can act on. */
export class HistoryFileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryFileProblem";
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

/** The format from the file's first bytes (as the CLI tells it); what the pane cannot read is refused with what to do. */
export function formatOf(head: Uint8Array, name: string): PaneFormat {
  const b = head;
  const starts = (...bytes: number[]) => b.length >= bytes.length && bytes.every((x, i) => b[i] === x);
  if (starts(0x50, 0x41, 0x52, 0x31)) throw new HistoryFileProblem(`${name} is a Parquet file, which the pane does not read: export it as CSV, or replay it with the command line (aiprice backtest reads Parquet with DuckDB).`);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "xlsx";
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) throw new HistoryFileProblem(`${name} is an old Excel workbook (.xls): save it as .xlsx or CSV.`);
  if (starts(0x1f, 0x8b)) throw new HistoryFileProblem(`${name} is compressed (gzip): unpack it first.`);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw new HistoryFileProblem(`${name} is UTF-16 text: save it as UTF-8 CSV.`);
  if (/\.(xlsx|parquet)$/i.test(name)) throw new HistoryFileProblem(`${name} is not a valid ${name.split(".").pop()!.toUpperCase()} file.`);
  return "csv";
}

/** What the worker keeps between the header and the rows: the file, and an XLSX workbook once loaded. */
export interface OpenHistory {
  file: HistoryFile;
  format: PaneFormat;
  headers: string[];
  /** XLSX: the first worksheet, and the row number of its header. */
  sheet?: import("exceljs").Worksheet;
  headerRow?: number;
}

export interface HeaderRead {
  format: PaneFormat;
  headers: string[];
  /**
   * The mapping proposed from the headers (canonical names, then common alternatives); `message` says
   * which required column no header was recognized for (then it is null in the mapping).
   */
  proposal: { mapping: ColumnMapping; message: string | null };
}

async function bytes(file: HistoryFile, from: number, to: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(from, Math.min(to, file.size)).arrayBuffer());
}

function csvProblem(name: string, e: unknown): never {
  if (e instanceof CsvReadError) throw new HistoryFileProblem(`${name}: the CSV cannot be read: ${e.message}`);
  throw e;
}

function proposal(headers: string[]): HeaderRead["proposal"] {
  const m = mapColumns(headers);
  return m.ok ? { mapping: m.mapping, message: null } : { mapping: proposeMapping(headers), message: m.message };
}

/** A Blob read by ranges, for the zip reader. */
function blobSource(file: HistoryFile): ByteSource {
  return { size: file.size, read: (from, to) => bytes(file, from, to) };
}

/**
 * An XLSX workbook loaded whole, once ./xlsx-guard.ts has inflated every part with the pane's limits,
 * counting as it goes: a file that expands past them is refused before ExcelJS holds any of it.
 */
async function loadWorkbook(file: HistoryFile, tools: ReadingTools): Promise<import("exceljs").Workbook> {
  try {
    await checkXlsx(blobSource(file), file.name, tools.inflateRaw ?? webInflater, PANE_XLSX_LIMITS);
  } catch (e) {
    if (e instanceof XlsxRefused) throw new HistoryFileProblem(`${e.message}. The pane reads a workbook whole; save its sheet as CSV, which the pane reads in pieces at any size, or replay it with the command line (aiprice backtest).`);
    throw e;
  }
  const ExcelJS = await tools.loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(await file.arrayBuffer());
  } catch (e) {
    throw new HistoryFileProblem(`${file.name}: the workbook cannot be read: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  return workbook;
}

/** Reads the header row: the CSV's first record, or an XLSX file's first row with values on its first worksheet. */
export async function openHistory(file: HistoryFile, tools: ReadingTools): Promise<{ open: OpenHistory; header: HeaderRead }> {
  if (file.size === 0) throw new HistoryFileProblem(`${file.name} is empty: a history needs a header row and one row per conversation.`);
  const format = formatOf(await bytes(file, 0, 8), file.name);
  let headers: string[];
  let open: OpenHistory;
  if (format === "csv") {
    const width = headerWidthProblem(await bytes(file, 0, CSV_OPTIONS.max_record_size + 4096), file.size, file.name);
    if (width) throw new HistoryFileProblem(`${width}.`);
    let header: string[] | null = null;
    const csv = new CsvChunks(tools.Parser, (record) => {
      if (header === null) header = record;
    });
    try {
      for (let at = 0; at < file.size && header === null; at += 64 * 1024) csv.push(await bytes(file, at, at + 64 * 1024));
      if (header === null) csv.end();
    } catch (e) {
      csvProblem(file.name, e);
    }
    if (header === null) throw new HistoryFileProblem(`${file.name} is empty: a history needs a header row and one row per conversation.`);
    headers = header;
    open = { file, format, headers };
  } else {
    if (file.size > MAX_XLSX_BYTES) {
      throw new HistoryFileProblem(
        `${file.name} is ${mb(file.size)}: the pane reads XLSX workbooks up to ${mb(MAX_XLSX_BYTES)} (a browser reads a workbook whole). Save its sheet as CSV, which the pane reads in pieces at any size, or replay it with the command line (aiprice backtest).`,
      );
    }
    const workbook = await loadWorkbook(file, tools);
    const sheet = workbook.worksheets[0];
    let found: { headers: string[]; row: number } | null = null;
    sheet?.eachRow((row, rowNumber) => {
      if (found) return;
      const values = row.values as unknown[];
      const h: string[] = [];
      for (let i = 1; i < values.length; i++) h.push(cellText(xlsxCell(values[i])));
      while (h.length > 0 && h[h.length - 1] === "") h.pop();
      if (h.length > 0) found = { headers: h, row: rowNumber };
    });
    if (!sheet || !found) throw new HistoryFileProblem(`${file.name}: its first worksheet is empty: a history needs a header row and one row per conversation.`);
    const f = found as { headers: string[]; row: number };
    headers = f.headers;
    open = { file, format, headers, sheet, headerRow: f.row };
  }
  return { open, header: { format, headers, proposal: proposal(headers) } };
}

/** The analyst's mapping checked: every required column mapped, no header used twice, positions in the file. */
export function checkMapping(mapping: ColumnMapping, headers: readonly string[]): string | null {
  const used = new Map<number, CanonicalColumn>();
  for (const c of COLUMNS) {
    const at = mapping[c.name];
    if (at === null || at === undefined) {
      if (c.required) return `Choose the file's column for ${c.name} (${c.description}). ${describeHeaders(headers)}`;
      continue;
    }
    if (!Number.isInteger(at) || at < 0 || at >= headers.length) return `internal: no column ${at} in the file for ${c.name}`;
    const other = used.get(at);
    if (other) return `The column “${headers[at]}” is chosen for both ${other} and ${c.name}: each of the file's columns can hold one.`;
    used.set(at, c.name);
  }
  return null;
}

export interface Progress {
  /** Bytes read (CSV) or rows read (XLSX), of `total`. */
  done: number;
  total: number;
  unit: "bytes" | "rows";
  /** Rows seen so far (read or not). */
  rows: number;
}

export interface ReadOptions {
  /** Called after each chunk (CSV) or every 65,536 rows (XLSX). */
  onProgress?: (p: Progress) => void;
  /** Bytes per chunk (default CHUNK_BYTES; the tests use small ones to put records across the edges). */
  chunkBytes?: number;
  problemListLimit?: number;
}

export interface RowsRead {
  history: HistoryAggregate;
  rows: RowsSummary;
}

/**
 * Reads every row with the mapping into the monthly aggregates (the buyer's definition D and T applied),
 * calling `onProgress` as it goes. The rows summary is the CLI's `rows` (read, skipped, counts by
 * reason, the first problems by row number).
 */
export async function readRows(open: OpenHistory, mapping: ColumnMapping, definition: BuyerDefinition, tools: Pick<ReadingTools, "Parser">, options: ReadOptions = {}): Promise<RowsRead> {
  const onProgress = options.onProgress ?? (() => {});
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const problemListLimit = options.problemListLimit ?? DEFAULT_PROBLEM_LIST_LIMIT;
  const problem = checkMapping(mapping, open.headers);
  if (problem) throw new HistoryFileProblem(problem);
  // The meter columns among the headers the mapping leaves (../replay/meter-columns.ts).
  const meters = findMeterColumns(open.headers, new Set(Object.values(mapping).filter((at): at is number => at !== null)));
  const aggregator = new MonthlyAggregator(definition, meters);
  let read = 0;
  let reader: RowReader;
  if (open.format === "csv") {
    reader = new RowReader(mapping, open.headers.length, problemListLimit, meters);
    let rowNumber = 1;
    let header = true;
    const csv = new CsvChunks(tools.Parser, (record) => {
      if (header) {
        header = false;
        return;
      }
      rowNumber++;
      const row = reader.read(record, rowNumber);
      if (row) {
        aggregator.add(row);
        read++;
      }
    });
    const { file } = open;
    try {
      for (let at = 0; at < file.size; at += chunkBytes) {
        csv.push(await bytes(file, at, at + chunkBytes));
        onProgress({ done: Math.min(file.size, at + chunkBytes), total: file.size, unit: "bytes", rows: rowNumber - 1 });
      }
      csv.end();
    } catch (e) {
      csvProblem(file.name, e);
    }
  } else {
    const sheet = open.sheet!;
    reader = new RowReader(mapping, null, problemListLimit, meters);
    const width = open.headers.length;
    const fields: Cell[] = new Array(width);
    const total = Math.max(0, sheet.actualRowCount - 1);
    let seen = 0;
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber <= open.headerRow!) return;
      const values = row.values as unknown[];
      for (let i = 0; i < width; i++) fields[i] = xlsxCell(values[i + 1]);
      seen++;
      const r = reader.read(fields, rowNumber);
      if (r) {
        aggregator.add(r);
        read++;
      }
      if ((seen & 0xffff) === 0) onProgress({ done: seen, total, unit: "rows", rows: seen });
    });
    onProgress({ done: seen, total: seen, unit: "rows", rows: seen });
  }
  const problems = reader.problems;
  return { history: aggregator.result(), rows: { read, skipped: problems.skipped, reasons: problems.reasons(), problems: problems.listed } };
}
