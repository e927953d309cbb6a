/**
 * Node only: a history file on disk read by the streaming JavaScript path (CSV through csv-parse,
 * XLSX through ExcelJS's streaming reader) into the monthly aggregates. Memory stays bounded whatever
 * the number of rows: one record per month and the first row problems.
 *
 * The reading and aggregating themselves are the pure modules (columns, rows, aggregate); this file
 * only opens files and turns their records into cells.
 */
import * as fs from "fs";
import * as path from "path";
import { isUtf8 } from "buffer";
import { parse } from "csv-parse";
import { BuyerDefinition, HistoryAggregate, MonthlyAggregator } from "./monthly-aggregation";
import { CanonicalColumn, ColumnMapping, describeHeaders, mapColumns } from "./columns";
import { CSV_OPTIONS, headerWidthProblem } from "./csv-chunks";
import { Cell, cellText, DEFAULT_PROBLEM_LIST_LIMIT, RowProblems, RowReader } from "./rows";
import { xlsxCell } from "./xlsx-cells";
import { CLI_XLSX_LIMITS, EXCEL_COLUMNS, XlsxLimits, XlsxRefused } from "./xlsx-guard";
import { xlsxRows } from "./xlsx-node";

/** A problem with the history file as a whole (it cannot be read, a column is missing): exit status 1. */
export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryError";
  }
}

export type HistoryFormat = "csv" | "xlsx" | "parquet";

/** The longest CSV record accepted (a quote left open would otherwise read the whole file into one field). */
export const MAX_RECORD_BYTES = CSV_OPTIONS.max_record_size;

/** Throws a HistoryError unless `file` is a regular file (after following links). */
export function checkRegularFile(file: string, what = "the history"): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HistoryError(`${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})`}`);
  }
  if (stat.isDirectory()) throw new HistoryError(`${file}: is a folder; give ${what} as a file`);
  if (!stat.isFile()) throw new HistoryError(`${file}: is not a regular file (a device, a pipe or a socket); give ${what} as a file`);
  return stat;
}

/** The format, from the file's first bytes (the extension is only a hint in messages). */
export function detectFormat(file: string): HistoryFormat {
  checkRegularFile(file);
  const head = Buffer.alloc(8);
  let n: number;
  const fd = fs.openSync(file, "r");
  try {
    n = fs.readSync(fd, head, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  const b = head.subarray(0, n);
  if (b.length >= 4 && b.toString("latin1", 0, 4) === "PAR1") return "parquet";
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return "xlsx";
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new HistoryError(`${file}: is an old Excel workbook (.xls); save it as .xlsx or CSV`);
  }
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) throw new HistoryError(`${file}: is compressed (gzip); unpack it first`);
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    throw new HistoryError(`${file}: is UTF-16 text; save it as UTF-8 CSV`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".parquet") throw new HistoryError(`${file}: is not a valid ${ext.slice(1).toUpperCase()} file`);
  return "csv";
}

export interface ReadOptions {
  definition: BuyerDefinition;
  /** The analyst's choice of header per column, before the proposed mapping. */
  overrides?: Partial<Record<CanonicalColumn, string | null>>;
  problemListLimit?: number;
  /** Called now and then with the rows seen so far. */
  onProgress?: (rows: number) => void;
}

export interface HistoryRead {
  format: HistoryFormat;
  /** How it was read: the streaming JavaScript path or DuckDB. */
  engine: "js" | "duckdb";
  headers: string[];
  mapping: ColumnMapping;
  /** Optional columns the file does not have, and what that means. */
  missing: { column: CanonicalColumn; meaning: string }[];
  history: HistoryAggregate;
  read: number;
  problems: RowProblems;
}

function mapOrThrow(file: string, headers: string[], overrides: ReadOptions["overrides"]) {
  const m = mapColumns(headers, overrides);
  if (!m.ok) throw new HistoryError(`${file}: ${m.message}`);
  return m;
}

function csvParser() {
  // The options the pane's Web Worker reads with too (./csv-chunks).
  return parse({ ...CSV_OPTIONS });
}

/** A reader's message for the analyst: its first line, without a stack or a path of ours. */
export function readerMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message
    .split("\n")[0]
    .replace(/\s+at\s.*$/, "")
    .slice(0, 300);
}

function csvError(file: string, e: unknown): HistoryError {
  return new HistoryError(`${file}: the CSV cannot be read: ${readerMessage(e)}`);
}

/** Bytes of a CSV's start in which its header must end (a record is at most MAX_RECORD_BYTES). */
const HEADER_SNIFF_BYTES = MAX_RECORD_BYTES + 4096;

/** Refuses a CSV whose header is wider than MAX_CSV_COLUMNS or has no end, from its first bytes. */
export function checkCsvHeaderWidth(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, HEADER_SNIFF_BYTES));
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const problem = headerWidthProblem(head.subarray(0, n), size, file);
    if (problem) throw new HistoryError(problem);
  } finally {
    fs.closeSync(fd);
  }
}

/** The header row of a CSV file (its first record), after its width is checked. */
export function readCsvHeader(file: string): Promise<string[]> {
  checkCsvHeaderWidth(file);
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    const parser = csvParser();
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      stream.destroy();
      parser.destroy();
      f();
    };
    parser.on("readable", () => {
      const record = parser.read() as string[] | null;
      if (record) finish(() => resolve(record));
    });
    parser.on("error", (e) => finish(() => reject(csvError(file, e))));
    parser.on("end", () => finish(() => resolve([])));
    stream.on("error", (e) => finish(() => reject(csvError(file, e))));
    stream.pipe(parser);
  });
}

/**
 * Checks that a stream's bytes are UTF-8 as they pass (a character split between two pieces is carried
 * over): the streaming reader refuses what DuckDB refuses, rather than reading it with characters
 * replaced. Returns the message for the first piece that is not, else null.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  /** Line breaks in the bytes checked so far. */
  private lines = 0;

  constructor(private readonly file: string) {}

  push(piece: Buffer): string | null {
    const b = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    // Keep back an incomplete last character (a lead byte whose sequence runs past the end).
    let cut = b.length;
    for (let k = 1; k <= 3 && k <= b.length; k++) {
      const x = b[b.length - k];
      if ((x & 0xc0) === 0x80) continue;
      const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
      if (need > k) cut = b.length - k;
      break;
    }
    const whole = b.subarray(0, cut);
    this.carry = Buffer.from(b.subarray(cut));
    if (!isUtf8(whole)) return this.problem(whole, firstInvalidByte(whole));
    for (let i = whole.indexOf(10); i !== -1; i = whole.indexOf(10, i + 1)) this.lines++;
    return null;
  }

  end(): string | null {
    return this.carry.length ? this.problem(this.carry, 0) : null;
  }

  private problem(b: Buffer, at: number): string {
    let line = this.lines + 1;
    for (let i = b.indexOf(10); i !== -1 && i < at; i = b.indexOf(10, i + 1)) line++;
    return `${this.file}: is not UTF-8 text (line ${line.toLocaleString("en-US")} has bytes that are not UTF-8): save it as "CSV UTF-8"; it is not read with characters replaced`;
  }
}

/** Where UTF-8 first goes wrong in `b` (lead bytes and their continuations; 0 when not found so). */
function firstInvalidByte(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const x = b[i];
    const need = x < 0x80 ? 0 : x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

const PROGRESS_EVERY = 65536;

/** Streams a CSV file through the row reader and the monthly aggregation. */
export async function aggregateCsv(file: string, options: ReadOptions): Promise<HistoryRead> {
  checkRegularFile(file);
  checkCsvHeaderWidth(file);
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const parser = csvParser();
    let headers: string[] | null = null;
    let reader: RowReader | null = null;
    let mapped: ReturnType<typeof mapOrThrow> | null = null;
    const aggregator = new MonthlyAggregator(options.definition);
    let rowNumber = 1;
    let read = 0;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      parser.destroy();
      reject(e instanceof HistoryError ? e : csvError(file, e));
    };
    parser.on("readable", () => {
      let record: string[] | null;
      try {
        while ((record = parser.read() as string[] | null) !== null) {
          if (reader === null) {
            headers = record;
            mapped = mapOrThrow(file, headers, options.overrides);
            reader = new RowReader(mapped.mapping, headers.length, options.problemListLimit ?? DEFAULT_PROBLEM_LIST_LIMIT, mapped.meters);
            aggregator.countMeters(mapped.meters);
            continue;
          }
          rowNumber++;
          const row = reader.read(record, rowNumber);
          if (row) {
            aggregator.add(row);
            read++;
          }
          if (options.onProgress && (rowNumber & (PROGRESS_EVERY - 1)) === 0) options.onProgress(rowNumber - 1);
        }
      } catch (e) {
        fail(e);
      }
    });
    parser.on("error", fail);
    stream.on("error", fail);
    const utf8 = new Utf8Check(file);
    stream.on("data", (piece) => {
      const problem = utf8.push(piece as Buffer);
      if (problem) fail(new HistoryError(problem));
    });
    parser.on("end", () => {
      const problem = utf8.end();
      if (problem) fail(new HistoryError(problem));
      if (failed) return;
      if (!reader || !headers || !mapped) {
        fail(new HistoryError(`${file}: is empty: a history needs a header row and one row per conversation. ${describeHeaders([])}`));
        return;
      }
      resolve({
        format: "csv",
        engine: "js",
        headers,
        mapping: mapped.mapping,
        missing: mapped.missing,
        history: aggregator.result(),
        read,
        problems: reader.problems,
      });
    });
    stream.pipe(parser);
  });
}

/** The header row's texts (trailing blanks dropped); refuses a row wider than Excel's columns. */
function xlsxHeaders(file: string, values: unknown[]): string[] {
  if (values.length - 1 > EXCEL_COLUMNS) throw new HistoryError(`${file}: its header row is wider than ${EXCEL_COLUMNS.toLocaleString("en-US")} columns, Excel's limit`);
  const headers: string[] = [];
  for (let i = 1; i < values.length; i++) headers.push(cellText(xlsxCell(values[i])));
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  return headers;
}

/**
 * Streams the first worksheet of an XLSX file (its first row with values is the header), with the
 * limits of ./xlsx-guard.ts on what the workbook expands to, checked as it inflates (./xlsx-node.ts).
 */
export async function aggregateXlsx(file: string, options: ReadOptions, limits: XlsxLimits = CLI_XLSX_LIMITS): Promise<HistoryRead> {
  checkRegularFile(file);
  let headers: string[] | null = null;
  let reader: RowReader | null = null;
  let mapped: ReturnType<typeof mapOrThrow> | null = null;
  const aggregator = new MonthlyAggregator(options.definition);
  let read = 0;
  let seen = 0;
  const fields: Cell[] = [];
  try {
    for await (const row of xlsxRows(file, file, limits)) {
      const values = row.values as unknown[];
      if (reader === null) {
        headers = xlsxHeaders(file, values);
        if (headers.length === 0) {
          headers = null;
          continue;
        }
        mapped = mapOrThrow(file, headers, options.overrides);
        reader = new RowReader(mapped.mapping, null, options.problemListLimit ?? DEFAULT_PROBLEM_LIST_LIMIT, mapped.meters);
        aggregator.countMeters(mapped.meters);
        continue;
      }
      fields.length = headers!.length;
      for (let i = 0; i < fields.length; i++) fields[i] = xlsxCell(values[i + 1]);
      seen++;
      const r = reader.read(fields, row.number);
      if (r) {
        aggregator.add(r);
        read++;
      }
      if (options.onProgress && (seen & (PROGRESS_EVERY - 1)) === 0) options.onProgress(seen);
    }
  } catch (e) {
    if (e instanceof HistoryError) throw e;
    if (e instanceof XlsxRefused) throw new HistoryError(e.message);
    throw new HistoryError(`${file}: the workbook cannot be read: ${readerMessage(e)}`);
  }
  if (!reader || !headers || !mapped) {
    throw new HistoryError(`${file}: its first worksheet is empty: a history needs a header row and one row per conversation`);
  }
  return {
    format: "xlsx",
    engine: "js",
    headers,
    mapping: mapped.mapping,
    missing: mapped.missing,
    history: aggregator.result(),
    read,
    problems: reader.problems,
  };
}
