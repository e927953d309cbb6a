/**
 * A CSV history read from chunks of bytes, as the pane's Web Worker reads a File: csv-parse's browser
 * build with the CLI's options, its state carried across chunks, so a record split at a chunk edge is
 * read as the CLI reads it. Pure: the Parser class is handed in. Why it feeds csv-parse's own transform
 * (speed), and what a test holds it to: docs/modules.md#csv-histories-read-in-chunks.
 */

/** The CLI's csv-parse options (history-node.ts `csvParser`); the pane must read files as it does. */
export const CSV_OPTIONS = Object.freeze({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 });

/** csv-parse's transform: what its stream and sync entries drive, one chunk at a time. */
interface CsvTransform {
  parse(chunk: Uint8Array | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/** What this module needs of csv-parse's Parser (a Transform stream in its browser build). */
export interface CsvParserInstance {
  api?: CsvTransform;
  /** The normalized options: `quote` is one of the build's own Buffers. */
  options?: { quote?: unknown };
}

export type CsvParserClass = new (options: Record<string, unknown>) => CsvParserInstance;

/** The CSV cannot be split into records (a quote never closed, a record over 1 MB): the message says where. */
export class CsvReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvReadError";
  }
}

/**
 * Feeds chunks of a CSV file to csv-parse and hands each record to `onRecord`, in order. `push` and
 * `end` throw a CsvReadError when the file cannot be split into records.
 */
export class CsvChunks {
  private readonly api: CsvTransform;
  private readonly bufferPrototype: object;
  private ended = false;

  constructor(
    Parser: CsvParserClass,
    private readonly onRecord: (record: string[]) => void,
  ) {
    const parser = new Parser({ ...CSV_OPTIONS });
    const api = parser.api;
    const quote = parser.options?.quote as { _isBuffer?: unknown } | undefined;
    if (!api || typeof api.parse !== "function" || !quote || quote._isBuffer !== true) {
      throw new Error("internal: this csv-parse build has no transform API (parser.api.parse) or Buffer class that the pane can drive; the installed csv-parse differs from the one the pane was written for");
    }
    this.api = api;
    this.bufferPrototype = Object.getPrototypeOf(quote) as object;
  }

  /** Parses the next chunk (the reader owns it from now on: it is turned into the build's Buffer). */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error("internal: a chunk after the end");
    if (chunk.length === 0) return;
    Object.setPrototypeOf(chunk, this.bufferPrototype);
    this.check(this.api.parse(chunk, false, this.onRecord, noop));
  }

  /** The end of the file: the last record (without a final newline) is handed over; an open quote fails. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.check(this.api.parse(undefined, true, this.onRecord, noop));
  }

  private check(error: Error | undefined): void {
    if (error !== undefined) throw new CsvReadError(error.message);
  }
}

function noop(): void {}

/** The most columns a history may have: Excel's 16,384 (column XFD). */
export const MAX_CSV_COLUMNS = 16_384;

/**
 * The fields of a CSV's first record (the header), counted from its first bytes before any parser
 * holds them: commas outside quotes, up to the first line end outside quotes. `complete` is false when
 * `head` ends first. Lets a reader refuse a header of 490,000 columns before a parser (or DuckDB)
 * builds a record of that width.
 */
export function headerFieldCount(head: Uint8Array): { fields: number; complete: boolean } {
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let fields = 1;
  let quoted = false;
  for (; i < head.length; i++) {
    const b = head[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && b === 0x2c) fields++;
    else if (!quoted && (b === 0x0a || b === 0x0d)) return { fields, complete: true };
  }
  return { fields, complete: false };
}

/**
 * Refuses a CSV whose header, in its first `head` bytes (at least CSV_OPTIONS.max_record_size of
 * them when the file has as many), has more than MAX_CSV_COLUMNS fields or no end: a message that
 * names the file (`name`) and the limit, or null when the header is acceptable.
 */
export function headerWidthProblem(head: Uint8Array, fileSize: number, name: string): string | null {
  const { fields, complete } = headerFieldCount(head);
  const limit = MAX_CSV_COLUMNS.toLocaleString("en-US");
  if (fields > MAX_CSV_COLUMNS) return `${name}: its header has ${fields.toLocaleString("en-US")}${complete ? "" : " or more"} columns; a history has at most ${limit} (Excel's limit)`;
  if (!complete && head.length < fileSize) return `${name}: its first line (the header) is longer than ${Math.floor(head.length / 1024).toLocaleString("en-US")} KB; it is not the header of a history`;
  return null;
}
