/**
 * Hostile .xlsx files made by the tests themselves, small on disk: a zip written by hand, whose parts
 * may expand to gigabytes. A part of N repetitions of a piece of XML is deflated once with a full
 * flush (which ends the block on a byte boundary and forgets the dictionary, so the same input always
 * gives the same bytes), and those bytes are repeated N times, then closed by an empty final block:
 * a gigabyte of XML in about a megabyte, made in milliseconds.
 */
import * as zlib from "zlib";
import ExcelJS from "exceljs";
import { ByteSource, zipEntries } from "../../src/replay/xlsx-guard";

export interface Part {
  name: string;
  /** The deflated bytes (raw deflate). */
  deflated: Buffer;
  /** The size the zip declares (the real one unless a test lies). */
  size: number;
  /** CRC-32 of the content (0 for the repeated parts: the readers stop before they could check it). */
  crc: number;
  /** The compression method the zip declares (8, deflate, unless a test says otherwise). */
  method?: number;
}

/** A part from its content. */
export function part(name: string, content: string | Buffer): Part {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, deflated: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
}

/** A part of `head`, then `unit` repeated `times` times, then `tail`, deflated without ever being held whole. */
export function repeatedPart(name: string, head: string, unit: string, times: number, tail: string): Part {
  const flush = (s: string) => zlib.deflateRawSync(Buffer.from(s, "utf8"), { flush: zlib.constants.Z_FULL_FLUSH, finishFlush: zlib.constants.Z_FULL_FLUSH });
  // Units of about a megabyte, so that the repeated bytes are few.
  const per = Math.max(1, Math.floor((1 << 20) / unit.length));
  const block = flush(unit.repeat(per));
  const blocks = Math.floor(times / per);
  const rest = unit.repeat(times - blocks * per);
  const pieces = [flush(head)];
  for (let i = 0; i < blocks; i++) pieces.push(block);
  pieces.push(flush(rest + tail), Buffer.from([0x03, 0x00])); // an empty final block (fixed Huffman)
  return { name, deflated: Buffer.concat(pieces), size: head.length + unit.length * times + tail.length, crc: 0 };
}

/** A zip of these parts, in this order. */
export function zipOf(parts: readonly Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(p.method ?? 8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(Math.min(p.size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(p.method ?? 8, 10);
    c.writeUInt32LE(p.crc, 16);
    c.writeUInt32LE(p.deflated.length, 20);
    c.writeUInt32LE(Math.min(p.size, 0xfffffffe), 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    central.push(c, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export function bufferSource(b: Uint8Array): ByteSource {
  return { size: b.length, read: async (from, to) => b.subarray(from, Math.min(to, b.length)) };
}

/** The parts of a small real workbook (written by ExcelJS), by name, inflated; with their CRCs. */
export async function realParts(rows: (string | number | boolean | Date | null)[][]): Promise<Map<string, Buffer>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Conversations");
  for (const r of rows) ws.addRow(r);
  const zip = Buffer.from(await wb.xlsx.writeBuffer());
  const parts = new Map<string, Buffer>();
  for (const e of await zipEntries(bufferSource(zip), "w.xlsx", { entries: 1000 })) {
    const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const raw = zip.subarray(start, start + e.compressedSize);
    const data = e.method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    parts.set(e.name, data);
  }
  return parts;
}

/** A workbook of these parts: the real ones, with some replaced, in `order` first (then the rest). */
export function workbookWith(real: Map<string, Buffer>, replace: Part[], order: string[] = []): Buffer {
  const replaced = new Map(replace.map((p) => [p.name, p]));
  const names = [...order, ...[...real.keys()].filter((n) => !order.includes(n))];
  for (const p of replace) if (!names.includes(p.name)) names.push(p.name);
  return zipOf(names.map((n) => replaced.get(n) ?? part(n, real.get(n)!)));
}

/** A worksheet's XML around `sheetData` content. */
export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = "</sheetData></worksheet>";
export const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
export const SST_TAIL = "</sst>";
