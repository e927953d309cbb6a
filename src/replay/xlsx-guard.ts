/**
 * An .xlsx file is a zip: a few hundred kilobytes on disk may expand to gigabytes (a "zip bomb": a
 * sheet of a billion repeated bytes, shared strings of three gigabytes). This module reads a workbook's
 * zip with limits on what it expands to, checked while it inflates, never after.
 * The limits, how they are checked and what it holds in memory: docs/internals.md#xlsx-files-read-with-bounds.
 */

/** What an .xlsx may expand to. */
export interface XlsxLimits {
  /** Entries in the zip. */
  entries: number;
  /** Uncompressed bytes of one worksheet. */
  sheetBytes: number;
  /** Uncompressed bytes of the shared strings part. */
  sharedStringBytes: number;
  /** Strings in the shared strings part. */
  sharedStrings: number;
  /** Uncompressed bytes of any other part (workbook.xml, styles, relationships, media). */
  otherPartBytes: number;
  /** Uncompressed bytes of all the parts read, together. */
  totalBytes: number;
  /** Cells in one worksheet. */
  cells: number;
  /** Rows of a worksheet: Excel's own limit, 1,048,576. */
  rows: number;
  /** Columns of a worksheet: Excel's own limit, 16,384 (XFD). */
  columns: number;
}

const MiB = 1024 * 1024;
/** Excel's largest sheet: 1,048,576 rows by 16,384 columns. */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

/** The command line streams rows (one at a time in memory); the shared strings are held whole. */
export const CLI_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  entries: 10_000,
  sheetBytes: 512 * MiB,
  sharedStringBytes: 128 * MiB,
  sharedStrings: 2_000_000,
  otherPartBytes: 32 * MiB,
  totalBytes: 768 * MiB,
  cells: 60_000_000,
  rows: EXCEL_ROWS,
  columns: EXCEL_COLUMNS,
});

/** The pane's worker holds the whole workbook (ExcelJS in a browser has no streaming reader): smaller limits. */
export const PANE_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  entries: 10_000,
  sheetBytes: 160 * MiB,
  sharedStringBytes: 48 * MiB,
  sharedStrings: 1_000_000,
  otherPartBytes: 32 * MiB,
  totalBytes: 192 * MiB,
  cells: 2_000_000,
  rows: EXCEL_ROWS,
  columns: EXCEL_COLUMNS,
});

/** A workbook refused: over a limit, or not a zip this reader can read. The message names the file. */
export class XlsxRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XlsxRefused";
  }
}

/** Bytes of the file by range (end exclusive); may return fewer at the end of the file. */
export interface ByteSource {
  readonly size: number;
  read(from: number, to: number): Promise<Uint8Array>;
}

/** Raw deflate (no zlib header), piece by piece: stops inflating when its consumer stops asking. */
export type RawInflater = (compressed: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** As the zip declares it (checked against what inflates). */
  size: number;
  localOffset: number;
}

export const bytesText = (n: number): string => (n >= MiB ? `${(n / MiB).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB` : `${Math.ceil(n / 1024).toLocaleString("en-US")} KB`);
const count = (n: number) => n.toLocaleString("en-US");

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The largest central directory read (10,000 entries with long names fit in a few megabytes). */
const MAX_DIRECTORY_BYTES = 16 * MiB;

async function readExactly(src: ByteSource, from: number, length: number, name: string): Promise<Uint8Array> {
  const b = from >= 0 && from + length <= src.size ? await src.read(from, from + length) : new Uint8Array(0);
  if (b.length !== length) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip is truncated or damaged)`);
  return b;
}

/** Where the central directory is, and how many entries it has (zip64 included). */
async function directoryOf(src: ByteSource, name: string): Promise<{ offset: number; size: number; entries: number }> {
  const tailLength = Math.min(src.size, 22 + 65535);
  const tail = await readExactly(src, src.size - tailLength, tailLength, name);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip has no directory: truncated or damaged)`);
  let entries = u16(tail, at + 10);
  let size = u32(tail, at + 12);
  let offset = u32(tail, at + 16);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = src.size - tailLength + at - 20;
    const locator = await readExactly(src, locatorAt, 20, name);
    if (u32(locator, 0) !== EOCD64_LOCATOR) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip64 directory is missing)`);
    const record = await readExactly(src, u64(locator, 8), 56, name);
    if (u32(record, 0) !== EOCD64) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip64 directory is damaged)`);
    entries = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
  }
  return { offset, size, entries };
}

/** The zip64 extra field's sizes and offset, for the fields the entry marks 0xFFFFFFFF. */
function zip64Fields(extra: Uint8Array, e: ZipEntry): void {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = u16(extra, i);
    const len = u16(extra, i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const next = () => {
        const v = p + 8 <= i + 4 + len && p + 8 <= extra.length ? u64(extra, p) : NaN;
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localOffset === 0xffffffff) e.localOffset = next();
      return;
    }
    i += 4 + len;
  }
}

/** The entries of the workbook's zip, from its central directory (nothing is inflated). */
export async function zipEntries(src: ByteSource, name: string, limits: Pick<XlsxLimits, "entries">): Promise<ZipEntry[]> {
  const dir = await directoryOf(src, name);
  if (dir.entries > limits.entries) throw new XlsxRefused(`${name}: its zip has ${count(dir.entries)} entries; a workbook read here has at most ${count(limits.entries)}`);
  if (dir.size > MAX_DIRECTORY_BYTES) throw new XlsxRefused(`${name}: its zip directory is ${bytesText(dir.size)}; at most ${bytesText(MAX_DIRECTORY_BYTES)} is read`);
  const b = await readExactly(src, dir.offset, dir.size, name);
  const names = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < dir.entries;) {
    if (at + 46 > b.length || u32(b, at) !== CENTRAL) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip directory is damaged)`);
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const commentLength = u16(b, at + 32);
    const e: ZipEntry = {
      name: names.decode(b.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(b, at + 8),
      method: u16(b, at + 10),
      compressedSize: u32(b, at + 20),
      size: u32(b, at + 24),
      localOffset: u32(b, at + 42),
    };
    zip64Fields(b.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), e);
    if (![e.size, e.compressedSize, e.localOffset].every(Number.isFinite)) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (its zip directory is damaged)`);
    entries.push(e);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, a piece at a time. */
async function* compressedBytes(src: ByteSource, e: ZipEntry, name: string): AsyncGenerator<Uint8Array> {
  const local = await readExactly(src, e.localOffset, 30, name);
  if (u32(local, 0) !== LOCAL) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (the zip entry ${e.name} is damaged)`);
  const start = e.localOffset + 30 + u16(local, 26) + u16(local, 28);
  const end = start + e.compressedSize;
  if (end > src.size) throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (the zip entry ${e.name} is truncated)`);
  // Small pieces: an inflater may turn one piece whole into a thousand times its size before it pauses.
  const PIECE = 16 * 1024;
  for (let at = start; at < end; at += PIECE) yield await readExactly(src, at, Math.min(PIECE, end - at), name);
}

/** Bytes inflated so far from the whole workbook (shared between its parts). */
export interface Inflated {
  total: number;
}

/** Which limit a part falls under, in the analyst's words. */
export function partKind(entryName: string): { kind: "sheet" | "sharedStrings" | "other"; words: string } {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entryName)) return { kind: "sheet", words: `the worksheet ${entryName}` };
  if (/^xl\/sharedStrings\.xml$/i.test(entryName)) return { kind: "sharedStrings", words: `its shared strings (${entryName})` };
  return { kind: "other", words: `the part ${entryName}` };
}

function partLimit(limits: XlsxLimits, entryName: string): number {
  const k = partKind(entryName).kind;
  return k === "sheet" ? limits.sheetBytes : k === "sharedStrings" ? limits.sharedStringBytes : limits.otherPartBytes;
}

const tooLarge = (name: string, entryName: string, limit: number) =>
  new XlsxRefused(`${name}: ${partKind(entryName).words} ${partKind(entryName).kind === "sharedStrings" ? "expand" : "expands"} to more than ${bytesText(limit)}, the most read here from one part of a workbook; save the sheet as CSV`);

/** Refuses, from the declared sizes alone, a workbook whose parts declare more than their limits. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], name: string, limits: XlsxLimits): void {
  let total = 0;
  for (const e of entries) {
    if (e.size > partLimit(limits, e.name)) throw tooLarge(name, e.name, partLimit(limits, e.name));
    total += e.size;
  }
  if (total > limits.totalBytes) throw new XlsxRefused(`${name}: its parts expand to ${bytesText(total)}, over the ${bytesText(limits.totalBytes)} read here from one workbook; save the sheet as CSV`);
}

/**
 * The inflated bytes of one entry, a piece at a time, counted as they come: past the part's limit or
 * the workbook's total, inflation stops and the file is refused.
 */
export async function* entryBytes(src: ByteSource, e: ZipEntry, name: string, inflate: RawInflater, limits: XlsxLimits, inflated: Inflated): AsyncGenerator<Uint8Array> {
  const limit = partLimit(limits, e.name);
  if (e.size > limit) throw tooLarge(name, e.name, limit);
  if (e.flags & 1) throw new XlsxRefused(`${name}: is encrypted (password-protected); save it without a password`);
  let stream: AsyncIterable<Uint8Array>;
  if (e.method === 0) stream = compressedBytes(src, e, name);
  else if (e.method === 8) stream = inflate(compressedBytes(src, e, name));
  else throw new XlsxRefused(`${name}: the zip entry ${e.name} is compressed with method ${e.method}, which is not read here; save the workbook again from Excel`);
  let size = 0;
  try {
    for await (const piece of stream) {
      size += piece.length;
      inflated.total += piece.length;
      if (size > limit) throw tooLarge(name, e.name, limit);
      if (inflated.total > limits.totalBytes) throw new XlsxRefused(`${name}: its parts expand to more than ${bytesText(limits.totalBytes)}, the most read here from one workbook; save the sheet as CSV`);
      yield piece;
    }
  } catch (err) {
    if (err instanceof XlsxRefused) throw err;
    throw new XlsxRefused(`${name}: is not a complete .xlsx workbook (the zip entry ${e.name} cannot be inflated: it is damaged)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Counting the XML as it passes: the tags of interest, found in the bytes (tag names are ASCII).

const LT = 0x3c;
const GT = 0x3e;
const EMPTY = new Uint8Array(0);
/** The longest tag read whole (a `<c>` or `<row>` tag with its attributes). */
const MAX_TAG_BYTES = 64 * 1024;

function isNameEnd(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === 0x2f;
}

/** Calls `onTag` with the whole text of each opening tag named in `names`, across pieces. */
export class TagScanner {
  private carry: Uint8Array = EMPTY;
  private readonly codes: number[][];

  constructor(
    private readonly names: readonly string[],
    private readonly onTag: (name: string, tag: string) => void,
    private readonly tooLong: () => Error,
  ) {
    this.codes = names.map((n) => [...n].map((c) => c.charCodeAt(0)));
  }

  /** The tag name at `at` (just after '<'), "" when none of ours, null when the piece ends first. */
  private nameAt(b: Uint8Array, at: number): string | null {
    for (let k = 0; k < this.codes.length; k++) {
      const code = this.codes[k];
      let i = 0;
      while (i < code.length && at + i < b.length && b[at + i] === code[i]) i++;
      if (at + i >= b.length) return null;
      if (i === code.length && isNameEnd(b[at + i])) return this.names[k];
    }
    return "";
  }

  push(piece: Uint8Array): void {
    let b = piece;
    if (this.carry.length) {
      b = new Uint8Array(this.carry.length + piece.length);
      b.set(this.carry);
      b.set(piece, this.carry.length);
    }
    this.carry = EMPTY;
    let i = 0;
    for (;;) {
      const lt = b.indexOf(LT, i);
      if (lt < 0) return;
      const name = this.nameAt(b, lt + 1);
      if (name === null) {
        this.carry = b.slice(lt);
        return;
      }
      if (name === "") {
        i = lt + 1;
        continue;
      }
      const gt = b.indexOf(GT, lt);
      if (gt < 0) {
        if (b.length - lt > MAX_TAG_BYTES) throw this.tooLong();
        this.carry = b.slice(lt);
        return;
      }
      if (gt - lt > MAX_TAG_BYTES) throw this.tooLong();
      let tag = "";
      for (let k = lt; k <= gt; k++) tag += String.fromCharCode(b[k]);
      this.onTag(name, tag);
      i = gt + 1;
    }
  }
}

/** The value of attribute `r` in a tag's text, or null. */
export function referenceOf(tag: string): string | null {
  const m = /[\s]r\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
  return m ? (m[1] ?? m[2]) : null;
}

/** A column's letters as its number (A = 1), or Infinity past three letters. */
export function columnNumber(letters: string): number {
  if (letters.length > 3) return Infinity;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Counts a worksheet's rows and cells and checks their references as its bytes pass. */
export function sheetScanner(name: string, sheet: string, limits: XlsxLimits): TagScanner {
  let rows = 0;
  let cells = 0;
  let row = 0;
  const where = () => `row ${count(row)}`;
  return new TagScanner(
    ["row", "c"],
    (tag, text) => {
      if (tag === "row") {
        rows++;
        if (rows > limits.rows) throw new XlsxRefused(`${name}: ${sheet} has more than ${count(limits.rows)} rows, Excel's limit`);
        const r = referenceOf(text);
        if (r === null) throw new XlsxRefused(`${name}: ${sheet}: the ${count(rows)}${ordinal(rows)} row has no row number (its r attribute); open the file in Excel and save it again`);
        const n = /^[0-9]{1,8}$/.test(r.trim()) ? Number(r.trim()) : NaN;
        if (!(n >= 1 && n <= limits.rows)) throw new XlsxRefused(`${name}: ${sheet} has a row numbered ${JSON.stringify(r.slice(0, 20))}; rows are numbered from 1 to ${count(limits.rows)}, Excel's limit`);
        row = n;
        return;
      }
      cells++;
      if (cells > limits.cells) throw new XlsxRefused(`${name}: ${sheet} has more than ${count(limits.cells)} cells, the most read here from one worksheet; save the sheet as CSV`);
      const r = referenceOf(text);
      if (r === null) throw new XlsxRefused(`${name}: ${sheet}: a cell in ${where()} has no reference (its r attribute); open the file in Excel and save it again`);
      const m = /^\$?([A-Za-z]{1,4})\$?([0-9]{1,8})$/.exec(r.trim());
      if (!m) throw new XlsxRefused(`${name}: ${sheet}: a cell in ${where()} has the reference ${JSON.stringify(r.slice(0, 20))}, which is not a cell address`);
      if (columnNumber(m[1]) > limits.columns) throw new XlsxRefused(`${name}: ${sheet} has a cell in column ${m[1].toUpperCase()}, beyond column XFD (${count(limits.columns)} columns), Excel's limit`);
      if (Number(m[2]) < 1 || Number(m[2]) > limits.rows) throw new XlsxRefused(`${name}: ${sheet} has a cell in row ${m[2]}; rows are numbered from 1 to ${count(limits.rows)}, Excel's limit`);
    },
    () => new XlsxRefused(`${name}: ${sheet} has a tag longer than ${bytesText(MAX_TAG_BYTES)}; it is not a worksheet Excel writes`),
  );
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return "th";
  return n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
}

/** Counts the shared strings (`<si>`) as their bytes pass. */
export function sharedStringsScanner(name: string, limits: XlsxLimits): TagScanner {
  let strings = 0;
  return new TagScanner(
    ["si"],
    () => {
      strings++;
      if (strings > limits.sharedStrings) {
        throw new XlsxRefused(`${name}: its shared strings hold more than ${count(limits.sharedStrings)} texts, the most read here from one workbook; save the sheet as CSV`);
      }
    },
    () => new XlsxRefused(`${name}: its shared strings have a tag longer than ${bytesText(MAX_TAG_BYTES)}; they are not what Excel writes`),
  );
}

/** The scanner a part needs (worksheets and shared strings), or null. */
export function scannerFor(entryName: string, name: string, limits: XlsxLimits): TagScanner | null {
  const k = partKind(entryName);
  if (k.kind === "sheet") return sheetScanner(name, k.words, limits);
  if (k.kind === "sharedStrings") return sharedStringsScanner(name, limits);
  return null;
}

/** An entry's bytes, counted, and scanned when it is a worksheet or the shared strings, as they pass. */
export async function* checkedEntryBytes(src: ByteSource, e: ZipEntry, name: string, inflate: RawInflater, limits: XlsxLimits, inflated: Inflated): AsyncGenerator<Uint8Array> {
  const scanner = scannerFor(e.name, name, limits);
  for await (const piece of entryBytes(src, e, name, inflate, limits, inflated)) {
    scanner?.push(piece);
    yield piece;
  }
}

/**
 * Reads the whole workbook once, inflating every part with its limits and scanning its worksheets and
 * shared strings: the pane does this before ExcelJS loads the workbook whole. Throws XlsxRefused.
 */
export async function checkXlsx(src: ByteSource, name: string, inflate: RawInflater, limits: XlsxLimits): Promise<ZipEntry[]> {
  const entries = await zipEntries(src, name, limits);
  checkDeclaredSizes(entries, name, limits);
  const inflated: Inflated = { total: 0 };
  for (const e of entries) {
    if (e.name.endsWith("/")) continue;
    for await (const piece of checkedEntryBytes(src, e, name, inflate, limits, inflated)) void piece;
  }
  return entries;
}
