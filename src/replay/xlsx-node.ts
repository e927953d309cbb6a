/**
 * Node only: the rows of an .xlsx workbook's first worksheet, its zip read by its directory with the
 * limits of ./xlsx-guard.ts checked while each part inflates, then ExcelJS's own part parsers; nothing is
 * written to disk. Why not ExcelJS's streaming reader: docs/modules.md#xlsx-histories-on-node.
 */
import * as fs from "fs";
import { Readable } from "stream";
import * as zlib from "zlib";
import { ByteSource, checkDeclaredSizes, checkedEntryBytes, Inflated, RawInflater, XlsxLimits, XlsxRefused, ZipEntry, zipEntries } from "./xlsx-guard";

/** A file read by ranges through one descriptor (closed by `close`). */
export function fileSource(file: string): ByteSource & { close(): void } {
  const fd = fs.openSync(file, "r");
  const size = fs.fstatSync(fd).size;
  return {
    size,
    async read(from: number, to: number): Promise<Uint8Array> {
      const b = Buffer.alloc(Math.max(0, Math.min(to, size) - from));
      let n = 0;
      while (n < b.length) {
        const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) => fs.read(fd, b, n, b.length - n, from + n, (e, bytesRead) => (e ? reject(e) : resolve({ bytesRead }))));
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      return b.subarray(0, n);
    },
    close: () => fs.closeSync(fd),
  };
}

/** Raw inflation by zlib, pulled a piece at a time (zlib pauses when its output is not read). */
export const zlibInflater: RawInflater = (compressed) => {
  const z = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  const source = Readable.from(compressed);
  source.on("error", (e) => z.destroy(e));
  source.pipe(z);
  return (async function* () {
    try {
      for await (const piece of z) yield piece as Buffer;
    } finally {
      source.destroy();
      z.destroy();
    }
  })();
};

/** Text of UTF-8 pieces, a character never split between two pieces (ExcelJS decodes each piece alone). */
async function* utf8Text(pieces: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const piece of pieces) {
    const text = decoder.decode(piece, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The parts of ExcelJS's WorkbookReader that read one part each (its own parse() calls them). */
interface ExcelJsPartReaders {
  model?: { sheets?: { rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string }[];
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

function checkPartReaders(r: Partial<ExcelJsPartReaders>): asserts r is ExcelJsPartReaders {
  for (const m of ["_parseRels", "_parseWorkbook", "_parseStyles", "_parseSharedStrings", "_parseWorksheet"] as const) {
    if (typeof r[m] !== "function") throw new Error(`internal: the installed ExcelJS has no WorkbookReader.${m}; it differs from the version this reader was written for`);
  }
}

/** The zip entry of the workbook's first worksheet: by the workbook's order, else the lowest sheetN.xml. */
function firstSheet(entries: readonly ZipEntry[], reader: ExcelJsPartReaders): ZipEntry | null {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const rId = reader.model?.sheets?.[0]?.rId;
  const target = rId === undefined ? undefined : reader.workbookRels?.find((r) => r.Id === rId)?.Target;
  if (target) {
    const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    const e = byName.get(path.replace(/\/\.\//g, "/"));
    if (e) return e;
  }
  const sheets = entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  sheets.sort((a, b) => Number(/\d+/.exec(a.name.slice(14))![0]) - Number(/\d+/.exec(b.name.slice(14))![0]));
  return sheets[0] ?? null;
}

export interface XlsxSheetRows {
  /** The first worksheet's rows, as ExcelJS's streaming reader gives them. */
  rows: AsyncIterable<import("exceljs").Row>;
}

/**
 * The rows of the first worksheet of `file` (named `name` in messages). Throws XlsxRefused when the
 * workbook is over a limit (while it inflates) or its zip cannot be read.
 */
export async function* xlsxRows(file: string, name: string, limits: XlsxLimits): AsyncGenerator<import("exceljs").Row> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the CSV path does not pay for ExcelJS
  const ExcelJS = require("exceljs") as typeof import("exceljs");
  const src = fileSource(file);
  try {
    const entries = await zipEntries(src, name, limits);
    checkDeclaredSizes(entries, name, limits);
    const inflated: Inflated = { total: 0 };
    const text = (e: ZipEntry) => utf8Text(checkedEntryBytes(src, e, name, zlibInflater, limits, inflated));
    const part = (path: string) => {
      const e = entries.find((x) => x.name === path);
      return e ? Readable.from(text(e)) : null;
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore" }) as unknown as Partial<ExcelJsPartReaders>;
    checkPartReaders(reader);
    const rels = part("xl/_rels/workbook.xml.rels");
    if (rels) await reader._parseRels(rels);
    const workbook = part("xl/workbook.xml");
    if (!workbook) throw new XlsxRefused(`${name}: is not an Excel workbook (it has no xl/workbook.xml)`);
    await reader._parseWorkbook(workbook);
    const styles = part("xl/styles.xml");
    if (styles) await reader._parseStyles(styles);
    // The shared strings are counted whole before ExcelJS caches any (a count past the limit is found
    // in a second, not after parsing two million strings); the worksheet is checked as it streams.
    const sst = entries.find((x) => x.name === "xl/sharedStrings.xml");
    if (sst) for await (const piece of checkedEntryBytes(src, sst, name, zlibInflater, limits, { total: 0 })) void piece;
    const strings = part("xl/sharedStrings.xml");
    if (strings) for await (const s of reader._parseSharedStrings(strings)) void s;
    else reader.sharedStrings = [];
    const sheet = firstSheet(entries, reader);
    if (!sheet) return;
    const sheetNo = /(\d+)\.xml$/.exec(sheet.name)?.[1] ?? "1";
    for (const { value } of reader._parseWorksheet(text(sheet), sheetNo)) {
      yield* value as AsyncIterable<import("exceljs").Row>;
    }
  } finally {
    src.close();
  }
}
