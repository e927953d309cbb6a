/**
 * The task pane's reading of a history (src/replay/csv-chunks.ts, src/taskpane/replay-reading.ts: what
 * its Web Worker runs), in Node on Blobs, with csv-parse's browser build (its UMD twin: the same code
 * as the ESM build the worker bundles, which the first test checks):
 *  - records across chunk edges (quoted fields with commas, quotes and newlines, CRLF split between
 *    CR and LF, a BOM split, UTF-8 characters split) come out exactly as csv-parse reads the whole file;
 *  - the aggregates, the counts and the listed unreadable rows equal the CLI's streaming path
 *    (aggregateCsv, aggregateXlsx) on the sample history and on generated ones, also with a column
 *    mapped by the analyst;
 *  - files the pane cannot read are refused in words (Parquet, .xls, gzip, UTF-16, too-large XLSX,
 *    broken quoting, an empty file).
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import ExcelJS from "exceljs";
import { parse as parseSync } from "csv-parse/sync";
import { aggregateCsv, aggregateXlsx, HistoryRead } from "../../src/replay/history-node";
import { CsvChunks, CsvParserClass, CsvReadError, CSV_OPTIONS } from "../../src/replay/csv-chunks";
import type { ColumnMapping } from "../../src/replay/columns";
import { checkMapping, formatOf, HistoryFile, HistoryFileProblem, MAX_XLSX_BYTES, openHistory, readRows, ReadingTools } from "../../src/taskpane/replay-reading";
import { D7T4, tempDir, writeFile } from "./support";

const { generateRows } = require("../../scripts/make-sample-history.js") as { generateRows(o?: Record<string, unknown>): Iterable<string> };

const ROOT = path.join(__dirname, "../..");
const SAMPLE = path.join(ROOT, "samples/pilot-history.csv");
const CSV_PARSE = path.join(ROOT, "node_modules/csv-parse/dist");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the browser (UMD) build of csv-parse, by path
const Parser = (require(path.join(CSV_PARSE, "umd/index.js")) as { Parser: CsvParserClass }).Parser;
const tools: ReadingTools = { Parser, loadExcelJs: async () => ExcelJS };

let tmp: string;
beforeAll(() => {
  tmp = tempDir("aiprice-pane-reading-");
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A file as the worker gets it from the File API. */
function blobFile(name: string, content: Uint8Array | string): HistoryFile {
  const blob = new Blob([content as BlobPart]);
  return { name, size: blob.size, slice: (a, b) => blob.slice(a, b), arrayBuffer: () => blob.arrayBuffer() };
}

/** The records csv-parse's browser build gives for `bytes` cut into chunks at `cuts`. */
function chunked(bytes: Uint8Array, cuts: number[]): string[][] {
  const out: string[][] = [];
  const csv = new CsvChunks(Parser, (r) => out.push(r));
  let from = 0;
  for (const c of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b).concat(bytes.length)) {
    csv.push(bytes.slice(from, c));
    from = c;
  }
  csv.end();
  return out;
}

/** What the CLI's csv-parse (Node) reads from the whole file with the same options. */
const whole = (bytes: Uint8Array) => parseSync(Buffer.from(bytes), { ...CSV_OPTIONS }) as string[][];
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("csv-parse's browser build, chunk by chunk", () => {
  test("the UMD build the tests load is the same code as the ESM build the worker bundles", () => {
    const body = (file: string) => {
      const text = fs.readFileSync(path.join(CSV_PARSE, file), "utf8");
      const from = text.indexOf("const transform = function");
      const to = text.indexOf("class Parser extends Transform");
      expect(from).toBeGreaterThan(0);
      expect(to).toBeGreaterThan(from);
      return text.slice(from, to).replace(/\s+/g, "");
    };
    expect(body("umd/index.js")).toBe(body("esm/index.js"));
  });

  test("records across chunk edges: quotes, commas and newlines in fields, CRLF, a BOM, UTF-8 characters", () => {
    const text = '\ufeffid,note,n\r\n1,"a, ""quoted"" word",3\r\n2,"two\r\nlines, é and 日本 and 😀",4\r\n\r\n3,plain,5\r\n4,"",\r\n5,last without newline,6';
    const bytes = utf8(text);
    const expected = whole(bytes);
    expect(expected).toEqual([
      ["id", "note", "n"],
      ["1", 'a, "quoted" word', "3"],
      ["2", "two\r\nlines, é and 日本 and 😀", "4"],
      ["3", "plain", "5"],
      ["4", "", ""],
      ["5", "last without newline", "6"],
    ]);
    // Every single cut, and every pair of cuts, of the file.
    for (let a = 0; a <= bytes.length; a++) {
      expect(chunked(bytes, [a])).toEqual(expected);
      for (let b = a + 1; b <= bytes.length; b += 3) expect(chunked(bytes, [a, b])).toEqual(expected);
    }
    // One byte at a time.
    expect(
      chunked(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    ).toEqual(expected);
  });

  test("any table, quoted or not, LF or CRLF, with or without a BOM, cut anywhere, reads as the whole file does", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", "1", " ", ",", '"', "\n", "\r", "é", "日", "😀"), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 }), (rows, crlf, bom, cuts) => {
        const quote = (f: string) => (/[,"\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
        const text = (bom ? "\ufeff" : "") + rows.map((r) => r.map(quote).join(",")).join(crlf ? "\r\n" : "\n");
        const bytes = utf8(text);
        expect(chunked(bytes, cuts)).toEqual(whole(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("broken quoting fails with csv-parse's own words, as the CLI's does", () => {
    const bytes = utf8('id,note\n1,"never closed\n2,x\n');
    let cliMessage = "";
    try {
      whole(bytes);
    } catch (e) {
      cliMessage = (e as Error).message;
    }
    expect(cliMessage).toMatch(/Quote Not Closed/);
    expect(() => chunked(bytes, [5, 13])).toThrow(CsvReadError);
    expect(() => chunked(bytes, [5, 13])).toThrow(cliMessage);
  });
});

/** What the pane and the CLI must agree on. */
function essence(r: HistoryRead) {
  return { history: r.history, rows: { read: r.read, skipped: r.problems.skipped, reasons: r.problems.reasons(), problems: r.problems.listed } };
}

async function paneRead(file: HistoryFile, overrides: (m: ColumnMapping, headers: string[]) => void = () => {}, chunkBytes?: number) {
  const { open, header } = await openHistory(file, tools);
  expect(header.proposal.message).toBeNull();
  const mapping = { ...header.proposal.mapping };
  overrides(mapping, header.headers);
  const progress: number[] = [];
  const read = await readRows(open, mapping, D7T4, tools, { chunkBytes, onProgress: (p) => progress.push(p.done) });
  return { read, progress, header };
}

describe("the pane's reading equals the CLI's streaming path", () => {
  test("on the sample history (8 unreadable rows), in small chunks, with progress to the last byte", async () => {
    const bytes = fs.readFileSync(SAMPLE);
    const cli = essence(await aggregateCsv(SAMPLE, { definition: D7T4 }));
    const { read, progress, header } = await paneRead(blobFile("pilot-history.csv", bytes), undefined, 4099);
    expect(header.format).toBe("csv");
    expect(header.headers[0]).toBe("conversation_id");
    expect(read).toEqual(cli);
    expect(read.rows.skipped).toBe(8);
    expect(progress[progress.length - 1]).toBe(bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  test("with columns the analyst mapped differently (csat and human_handled: not in the file)", async () => {
    const cli = essence(await aggregateCsv(SAMPLE, { definition: D7T4, overrides: { csat: null, human_handled: null } }));
    const { read } = await paneRead(blobFile("pilot-history.csv", fs.readFileSync(SAMPLE)), (m) => {
      m.csat = null;
      m.human_handled = null;
    });
    expect(read).toEqual(cli);
    // It changed something: no rating holds a resolution back, no human-handled count.
    const asProposed = essence(await aggregateCsv(SAMPLE, { definition: D7T4 }));
    const sum = (r: typeof cli, f: "buyerResolutions" | "humanHandled" | "rated") => r.history.months.reduce((s, m) => s + m[f], 0);
    expect(sum(read, "buyerResolutions")).toBeGreaterThan(sum(asProposed, "buyerResolutions"));
    expect(sum(read, "humanHandled")).toBe(0);
    expect(sum(read, "rated")).toBe(0);
  });

  test("on generated histories: CRLF, a BOM, quoted fields, blank lines, bad rows, other header names", async () => {
    const lines = [...generateRows({ seed: 7, months: 14, rowsPerMonth: 900, start: "2024-11" })];
    // Other header names the reader recognizes, quoted ids with commas, a blank line, CRLF and a BOM.
    lines[0] = 'Ticket ID,Created At,Prompt Tokens,cached_tokens,completion_tokens,resolved_by_ai,reopened,"CSAT Score",escalated';
    for (let i = 5; i < lines.length; i += 97) lines[i] = lines[i].replace(/^c-(\d+)/, '"c,$1 ""quoted"""');
    lines.splice(300, 0, "");
    lines.splice(700, 0, "c-x,2025-01-05T10:00:00Z,10,0,5,true");
    const text = "\ufeff" + lines.join("\r\n") + "\r\n";
    const file = writeFile(tmp, "generated.csv", text);
    const cli = essence(await aggregateCsv(file, { definition: D7T4 }));
    expect(cli.rows.skipped).toBeGreaterThan(8);
    expect(cli.rows.reasons.map((r) => r.reason)).toContain("the number of fields differs from the header's");
    for (const chunk of [1000, 65536, undefined]) {
      const { read } = await paneRead(blobFile("generated.csv", utf8(text)), undefined, chunk);
      expect(read).toEqual(cli);
    }
  });

  test("on an XLSX workbook (dates as date cells and as text, numbers as numbers), header below a blank row", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Conversations");
    const lines = [...generateRows({ seed: 3, months: 5, rowsPerMonth: 300 })];
    ws.addRow([]);
    lines.forEach((l, i) => {
      const f = l.split(",");
      if (i === 0) return void ws.addRow(f);
      const started = i % 3 === 0 && /Z$/.test(f[1]) ? new Date(f[1]) : f[1];
      const n = (x: string) => (/^\d+$/.test(x) ? Number(x) : x);
      ws.addRow([f[0], started, n(f[2]), n(f[3]), n(f[4]), f[5] === "true" ? true : f[5] === "false" ? false : f[5], f[6], f[7] === "" ? null : n(f[7]), f[8] === "true"]);
    });
    const file = path.join(tmp, "history.xlsx");
    await wb.xlsx.writeFile(file);
    const cli = essence(await aggregateXlsx(file, { definition: D7T4 }));
    expect(cli.rows.skipped).toBeGreaterThan(0);
    const { read, header } = await paneRead(blobFile("history.xlsx", fs.readFileSync(file)));
    expect(header.format).toBe("xlsx");
    expect(read).toEqual(cli);
  });
});

describe("what the pane cannot read is said in words", () => {
  test("by the file's first bytes", () => {
    const b = (...x: number[]) => new Uint8Array(x);
    expect(formatOf(b(0x50, 0x4b, 3, 4), "h.xlsx")).toBe("xlsx");
    expect(formatOf(utf8("id,started_at"), "h.csv")).toBe("csv");
    expect(() => formatOf(utf8("PAR1...."), "h.parquet")).toThrow(/Parquet.*aiprice backtest/);
    expect(() => formatOf(b(0xd0, 0xcf, 0x11, 0xe0), "h.xls")).toThrow(/old Excel workbook/);
    expect(() => formatOf(b(0x1f, 0x8b, 8), "h.csv.gz")).toThrow(/gzip/);
    expect(() => formatOf(b(0xff, 0xfe, 0x69), "h.csv")).toThrow(/UTF-16/);
    expect(() => formatOf(utf8("id,x"), "h.xlsx")).toThrow(/not a valid XLSX/);
  });

  test("an empty file, a header only, broken quoting, a workbook too large for a browser", async () => {
    await expect(openHistory(blobFile("e.csv", ""), tools)).rejects.toThrow(/e.csv is empty/);
    await expect(openHistory(blobFile("n.csv", "\n\n"), tools)).rejects.toThrow(/n.csv is empty/);
    const broken = await openHistory(blobFile("b.csv", 'conversation_id,started_at,ai_resolved\nc1,"2025-01-01,true\n'), tools);
    await expect(readRows(broken.open, broken.header.proposal.mapping, D7T4, tools)).rejects.toThrow(/b.csv: the CSV cannot be read: Quote Not Closed/);
    const big: HistoryFile = { name: "big.xlsx", size: MAX_XLSX_BYTES + 1, slice: () => new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]), arrayBuffer: () => Promise.reject(new Error("never read")) };
    await expect(openHistory(big, tools)).rejects.toThrow(/big.xlsx is 20 MB: the pane reads XLSX workbooks up to 20 MB.*Save its sheet as CSV/);
    await expect(openHistory(blobFile("x.xlsx", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])), tools)).rejects.toThrow(HistoryFileProblem);
  });

  test("a header without the required columns: the columns found are proposed, and the mapping is checked", async () => {
    const { header } = await openHistory(blobFile("h.csv", "Ticket,When,Tokens in,Done\nc1,2025-01-01,10,true\n"), tools);
    expect(header.proposal.message).toMatch(/no column for started_at/);
    const m = header.proposal.mapping;
    expect(m.conversation_id).toBe(0);
    expect(m.started_at).toBeNull();
    expect(m.input_tokens).toBe(2);
    expect(checkMapping(m, header.headers)).toMatch(/Choose the file's column for started_at/);
    expect(checkMapping({ ...m, started_at: 1, ai_resolved: 0 }, header.headers)).toMatch(/“Ticket” is chosen for both conversation_id and ai_resolved/);
    expect(checkMapping({ ...m, started_at: 1, ai_resolved: 3 }, header.headers)).toBeNull();
  });
});
