/**
 * Hostile history files (read with bounds after decompression), generated here, small
 * on disk: .xlsx zip bombs (shared strings of 3 GB, a 1 GB sheet stored early, sizes declared falsely),
 * sheets past Excel's limits, rows and cells without references, date serials that are no dates, a
 * CSV of 490,000 blank columns, truncated and garbage Parquet, a CSV that is not UTF-8. Each is refused
 * by the command line's readers, the pane's reading (what its Web Worker runs) or both, with a message
 * that names the user's file and the limit, and never an internal path, SQL or a stack.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import ExcelJS from "exceljs";
import { aggregateCsv, aggregateXlsx, Utf8Check } from "../../src/replay/history-node";
import { readHistory } from "../../src/replay/read-history";
import { CsvParserClass, headerFieldCount, MAX_CSV_COLUMNS } from "../../src/replay/csv-chunks";
import { webInflater } from "../../src/replay/web-inflate";
import { checkXlsx, CLI_XLSX_LIMITS, PANE_XLSX_LIMITS, referenceOf, sheetScanner, sharedStringsScanner, TagScanner, XlsxRefused } from "../../src/replay/xlsx-guard";
import { zlibInflater } from "../../src/replay/xlsx-node";
import { HistoryFile, HistoryFileProblem, openHistory, readRows, ReadingTools } from "../../src/taskpane/replay-reading";
import { D7T4, tempDir } from "./support";
import { bufferSource, part, realParts, repeatedPart, SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL, workbookWith } from "./zip-bombs";

const ROOT = path.join(__dirname, "../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Parser = (require(path.join(ROOT, "node_modules/csv-parse/dist/umd/index.js")) as { Parser: CsvParserClass }).Parser;
const tools: ReadingTools = { Parser, loadExcelJs: async () => ExcelJS, inflateRaw: webInflater };
const HEADER = ["conversation_id", "started_at", "ai_resolved"];
const SHEET = "xl/worksheets/sheet1.xml";
const SST = "xl/sharedStrings.xml";

let tmp: string;
let real: Map<string, Buffer>;
beforeAll(async () => {
  tmp = tempDir("aiprice-hostile-");
  real = await realParts([HEADER, ["a", "2025-05-01T10:00:00Z", "true"]]);
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function blobFile(name: string, content: Uint8Array): HistoryFile {
  const blob = new Blob([content as BlobPart]);
  return { name, size: blob.size, slice: (a, b) => blob.slice(a, b), arrayBuffer: () => blob.arrayBuffer() };
}

function write(name: string, content: Buffer | string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** The message a reader throws (the test fails if it does not throw). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const message = (e as Error).message;
    expect(message).not.toMatch(/Cannot read properties|unexpected failure|\n\s+at |aiprice-replay-|SELECT|read_parquet|read_csv/);
    return message;
  }
  throw new Error("expected the file to be refused");
}

/** Refused by the command line's reader and by the pane's, each message naming the file. */
async function refusedByBoth(name: string, zip: Buffer, expected: RegExp): Promise<void> {
  const file = write(name, zip);
  const cli = await refusal(aggregateXlsx(file, { definition: D7T4 }));
  expect(cli.startsWith(`${file}: `)).toBe(true);
  expect(cli).toMatch(expected);
  const pane = await refusal(openHistory(blobFile(name, zip), tools));
  expect(pane.startsWith(`${name}: `)).toBe(true);
  expect(pane).toMatch(expected);
}

const shortStrings = () => repeatedPart(SST, SST_HEAD, "<si><t>x</t></si>", Math.ceil(3e9 / 17), SST_TAIL);

describe("XLSX zip bombs", () => {
  it("refuses a small file whose shared strings expand to 3 GB: by its declared size, and by the count of strings when it declares less", async () => {
    const zip = workbookWith(real, [shortStrings()]);
    expect(zip.length).toBeLessThan(8 * 1024 * 1024);
    await refusedByBoth("strings.xlsx", zip, /its shared strings \(xl\/sharedStrings\.xml\) expand to more than (128|48) MB/);
    await refusedByBoth("strings-lying.xlsx", workbookWith(real, [{ ...shortStrings(), size: 5000 }]), /its shared strings hold more than (2,000,000|1,000,000) texts/);
  }, 300_000);

  it("refuses shared strings of long texts at their bytes, also when the zip declares them small", async () => {
    const long = repeatedPart(SST, SST_HEAD, `<si><t>${"y".repeat(4000)}</t></si>`, 800_000, SST_TAIL);
    await refusedByBoth("long-strings.xlsx", workbookWith(real, [long]), /its shared strings \(xl\/sharedStrings\.xml\) expand to more than (128|48) MB/);
    await refusedByBoth("long-strings-lying.xlsx", workbookWith(real, [{ ...long, size: 1000 }]), /expand to more than (128|48) MB/);
  }, 300_000);

  it("refuses a 1 GB sheet stored first in a 1 MB file, declared or not", async () => {
    const huge = repeatedPart(SHEET, SHEET_HEAD, " ".repeat(1000), 1_000_000, SHEET_TAIL);
    const honest = workbookWith(real, [huge], [SHEET]);
    expect(honest.length).toBeLessThan(1.5 * 1024 * 1024);
    await refusedByBoth("early-sheet.xlsx", honest, /the worksheet xl\/worksheets\/sheet1\.xml expands to more than (512|160) MB/);
    await refusedByBoth("early-sheet-lying.xlsx", workbookWith(real, [{ ...huge, size: 2000 }], [SHEET]), /the worksheet xl\/worksheets\/sheet1\.xml expands to more than (512|160) MB/);
  }, 300_000);

  it("refuses the shared-strings bomb (stored after the sheet) in a command-line process held to 256 MB of heap, and leaves no temporary file", () => {
    const file = write("strings-cli.xlsx", workbookWith(real, [{ ...shortStrings(), size: 5000 }], [SHEET]));
    const ownTmp = fs.mkdtempSync(path.join(tmp, "cli-tmp-"));
    const program = "require('./src/cli/aiprice').run()";
    const r = spawnSync(process.execPath, ["--max-old-space-size=256", "-r", "ts-node/register/transpile-only", "-e", program, "aiprice", "backtest", file, "src/templates/gallery/guide-bid-b-per-resolution.json"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, TMPDIR: ownTmp },
    });
    expect(r.stderr).toContain(`aiprice backtest: ${file}: its shared strings hold more than 2,000,000 texts`);
    expect(r.status).toBe(1);
    // (ts-node keeps its compile cache there; nothing else may be left)
    expect(fs.readdirSync(ownTmp).filter((f) => !f.startsWith("v8-compile-cache"))).toEqual([]);
  }, 300_000);

  it("refuses a truncated workbook and one with a part compressed by another method, naming the file", async () => {
    const good = workbookWith(real, []);
    await refusedByBoth("cut.xlsx", good.subarray(0, Math.floor(good.length / 2)), /is not a complete \.xlsx workbook/);
    const odd = workbookWith(real, [{ ...part(SHEET, real.get(SHEET)!), method: 12 }]);
    await refusedByBoth("bzip2.xlsx", odd, /the zip entry xl\/worksheets\/sheet1\.xml is compressed with method 12/);
  });
});

describe("XLSX sheets past Excel's limits, and rows or cells without their reference", () => {
  const sheet = (rows: string) => workbookWith(real, [part(SHEET, SHEET_HEAD + rows + SHEET_TAIL)]);
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>conversation_id</t></is></c><c r="B1" t="inlineStr"><is><t>started_at</t></is></c><c r="C1" t="inlineStr"><is><t>ai_resolved</t></is></c></row>';

  it("refuses a sheet of more than 1,048,576 rows, counted, and a row numbered beyond", async () => {
    // Counted as the bytes pass (the command line's limits checked by the same reader, without ExcelJS
    // parsing a million rows first), and refused by the pane before ExcelJS loads it.
    const many = workbookWith(real, [repeatedPart(SHEET, SHEET_HEAD + header, '<row r="2"/>', 1_048_576, SHEET_TAIL)]);
    await expect(checkXlsx(bufferSource(many), "rows.xlsx", zlibInflater, CLI_XLSX_LIMITS)).rejects.toThrow("rows.xlsx: the worksheet xl/worksheets/sheet1.xml has more than 1,048,576 rows, Excel's limit");
    expect(await refusal(openHistory(blobFile("rows.xlsx", many), tools))).toMatch(/^rows\.xlsx: the worksheet xl\/worksheets\/sheet1\.xml has more than 1,048,576 rows, Excel's limit/);
    await refusedByBoth("row-number.xlsx", sheet(header + '<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), /has a row numbered "1048577"; rows are numbered from 1 to 1,048,576/);
  }, 300_000);

  it("refuses a cell beyond column XFD", async () => {
    await refusedByBoth("column.xlsx", sheet(header + '<row r="2"><c r="XFE2"><v>1</v></c></row>'), /a cell in column XFE, beyond column XFD \(16,384 columns\)/);
  });

  it("refuses a row or a cell without its reference, with its position, never with an internal error", async () => {
    await refusedByBoth("no-row-number.xlsx", sheet(header + '<row><c r="A2"><v>1</v></c></row>'), /the 2nd row has no row number \(its r attribute\)/);
    await refusedByBoth("no-cell-ref.xlsx", sheet(header + '<row r="2"><c><v>1</v></c></row>'), /a cell in row 2 has no reference/);
  });

  it("finds the same tags wherever the bytes are cut (property)", () => {
    const xml = Buffer.from(SHEET_HEAD + header + '<row r="2" spans="1:3"><c r="A2" s="1"><v>1</v></c><c\nr="C2"><v>2</v></c></row><cols><col min="1"/></cols><rowBreaks/>' + SHEET_TAIL);
    const sst = Buffer.from(SST_HEAD + "<si><t>a</t></si><si>\n<t>b</t></si><sil/>" + SST_TAIL);
    const tags = (bytes: Buffer, names: string[], cuts: number[]) => {
      const seen: string[] = [];
      const s = new TagScanner(
        names,
        (name, tag) => seen.push(`${name} ${referenceOf(tag)}`),
        () => new Error("too long"),
      );
      let at = 0;
      for (const c of [...cuts].sort((x, y) => x - y)) {
        s.push(bytes.subarray(at, c));
        at = c;
      }
      s.push(bytes.subarray(at));
      return seen;
    };
    expect(tags(xml, ["row", "c"], [])).toEqual(["row 1", "c A1", "c B1", "c C1", "row 2", "c A2", "c C2"]);
    expect(tags(sst, ["si"], [])).toEqual(["si null", "si null"]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: xml.length }), { maxLength: 12 }), fc.array(fc.nat({ max: sst.length }), { maxLength: 8 }), (cuts, sstCuts) => {
        expect(tags(xml, ["row", "c"], cuts)).toEqual(["row 1", "c A1", "c B1", "c C1", "row 2", "c A2", "c C2"]);
        expect(tags(sst, ["si"], sstCuts)).toEqual(["si null", "si null"]);
        const cells = sheetScanner("f", "the sheet", { ...CLI_XLSX_LIMITS, cells: 4 });
        expect(() => [...cuts, xml.length].sort((x, y) => x - y).reduce((at, c) => (cells.push(xml.subarray(at, c)), c), 0)).toThrow("f: the sheet has more than 4 cells");
        const strings = sharedStringsScanner("f", { ...CLI_XLSX_LIMITS, sharedStrings: 1 });
        expect(() => [...sstCuts, sst.length].sort((x, y) => x - y).reduce((at, c) => (strings.push(sst.subarray(at, c)), c), 0)).toThrow("f: its shared strings hold more than 1 texts");
      }),
      { numRuns: 200 },
    );
  });

  it("inflates a real workbook to the same bytes with zlib and with DecompressionStream", async () => {
    const zip = workbookWith(real, []);
    await expect(checkXlsx(bufferSource(zip), "w.xlsx", zlibInflater, CLI_XLSX_LIMITS)).resolves.toBeDefined();
    await expect(checkXlsx(bufferSource(zip), "w.xlsx", webInflater, PANE_XLSX_LIMITS)).resolves.toBeDefined();
    await expect(checkXlsx(bufferSource(zip), "w.xlsx", webInflater, { ...PANE_XLSX_LIMITS, totalBytes: 100 })).rejects.toThrow(XlsxRefused);
  });
});

describe("XLSX dates that are no dates", () => {
  it("refuses date serials 0, -1 and 0.5 and a date before 1900-03-01 per row, with the row number; reads the rest", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Conversations");
    ws.addRow(HEADER);
    ws.addRow(["ok", 45800.5, "true"]);
    ws.addRow(["zero", 0, "true"]);
    ws.addRow(["minus", -1, "true"]);
    ws.addRow(["half", 0.5, "true"]);
    ws.addRow(["old", new Date(Date.UTC(1900, 1, 27)), "true"]);
    ws.addRow(["far", new Date(Date.UTC(3000, 0, 1)), "true"]);
    const file = path.join(tmp, "serials.xlsx");
    await wb.xlsx.writeFile(file);
    const cli = await aggregateXlsx(file, { definition: D7T4 });
    expect(cli.read).toBe(1);
    expect(cli.problems.listed.map((p) => [p.row, p.reason])).toEqual([2, 3, 4, 5, 6].map((n) => [n + 1, "started_at is an Excel date before 1900-03-01 or after 2999"]));
    const pane = await openHistory(blobFile("serials.xlsx", fs.readFileSync(file)), tools);
    const rows = await readRows(pane.open, pane.header.proposal.mapping, D7T4, tools);
    expect(rows.rows.problems).toEqual(cli.problems.listed);
    expect(rows.history).toEqual(cli.history);
  });
});

describe("CSV, Parquet and text that readers must refuse in words", () => {
  const wide = () => ",".repeat(490_000) + "\n" + ",".repeat(490_000) + "\n";

  it("refuses a 980 KB CSV of 490,000 blank columns by its header, in DuckDB, the streaming reader and the pane", async () => {
    const content = wide();
    const file = write("wide.csv", content);
    expect(fs.statSync(file).size).toBeLessThan(1000 * 1024);
    expect(headerFieldCount(Buffer.from(content)).fields).toBe(490_001);
    const expected = new RegExp(`its header has 490,001 columns; a history has at most ${MAX_CSV_COLUMNS.toLocaleString("en-US")}`);
    for (const engine of ["duckdb", "js"] as const) {
      const m = await refusal(readHistory(file, { definition: D7T4, engine }));
      expect(m.startsWith(`${file}: `)).toBe(true);
      expect(m).toMatch(expected);
    }
    await expect(aggregateCsv(file, { definition: D7T4 })).rejects.toThrow(expected);
    const pane = await refusal(openHistory(blobFile("wide.csv", Buffer.from(content)), tools));
    expect(pane).toMatch(/^wide\.csv: its header has 490,001 columns/);
  });

  it("refuses a header line with no end within a megabyte", async () => {
    const file = write("endless.csv", "a".repeat(1_200_000));
    expect(await refusal(readHistory(file, { definition: D7T4, engine: "js" }))).toMatch(/its first line \(the header\) is longer than/);
  });

  it("refuses truncated and garbage Parquet naming the file, never DuckDB's temporary path, SQL or a stack", async () => {
    const csv = write("for-parquet.csv", ["conversation_id,started_at,ai_resolved", ...Array.from({ length: 2000 }, (_, i) => `c${i},2025-05-01T10:00:00Z,true`)].join("\n") + "\n");
    const parquet = path.join(tmp, "good.parquet");
    const duck = await import("@duckdb/node-api");
    const instance = await duck.DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
    c.closeSync();
    instance.closeSync();
    const whole = fs.readFileSync(parquet);
    expect((await readHistory(parquet, { definition: D7T4 })).read).toBe(2000);
    const cases: [string, Buffer][] = [
      ["truncated.parquet", whole.subarray(0, Math.floor(whole.length / 2))],
      ["tail-cut.parquet", whole.subarray(0, whole.length - 3)],
      ["tiny.parquet", Buffer.from("PAR1garbage")],
      ["garbage.parquet", Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(5000, 7), Buffer.from("PAR1")])],
    ];
    for (const [name, bytes] of cases) {
      const file = write(name, bytes);
      const m = await refusal(readHistory(file, { definition: D7T4 }));
      expect(m.startsWith(`${file}: `)).toBe(true);
      expect(m).not.toContain(os.tmpdir() + path.sep + "aiprice-replay");
    }
  });

  it("refuses a CSV that DuckDB finds not to be UTF-8, and says so (never reads it again with characters replaced)", async () => {
    const file = write("latin1.csv", Buffer.concat([Buffer.from("conversation_id,started_at,ai_resolved\nca"), Buffer.from([0xe9]), Buffer.from(",2025-05-01T10:00:00Z,true\n")]));
    const m = await refusal(readHistory(file, { definition: D7T4 }));
    expect(m).toBe(`${file}: is not UTF-8 text (line 2 has bytes that are not UTF-8): save it as "CSV UTF-8"; it is not read with characters replaced`); // The streaming reader (--engine js) refuses it too.
    expect(await refusal(readHistory(file, { definition: D7T4, engine: "js" }))).toBe(m);
  });

  it("checks UTF-8 across pieces: a character cut between two pieces is whole, a stray byte is found wherever it is (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), (text, cuts, stray) => {
        let bytes = Buffer.from(text, "utf8");
        if (stray !== undefined) {
          const at = stray % (bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
        }
        const check = new Utf8Check("f.csv");
        let problem: string | null = null;
        let at = 0;
        for (const c of [...cuts.map((x) => x % (bytes.length + 1)), bytes.length].sort((x, y) => x - y)) {
          problem ??= check.push(bytes.subarray(at, c));
          at = c;
        }
        problem ??= check.end();
        expect(problem === null).toBe(stray === undefined);
      }),
      { numRuns: 300 },
    );
  });
});

describe("temporary folders", () => {
  it("are removed when the process is stopped by Ctrl+C (SIGINT), which still ends it", () => {
    const program = [
      "const t = require('./src/replay/temp-dirs');",
      "const d = t.makeTempDir('aiprice-sigint-');",
      "require('fs').writeFileSync(require('path').join(d, 'history.csv'), 'x');",
      "process.stdout.write(d + '\\n');",
      "process.kill(process.pid, 'SIGINT');",
      "setTimeout(() => process.stdout.write('still running\\n'), 5000);",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", program], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TMPDIR: tmp } });
    const dir = r.stdout.split("\n")[0];
    expect(dir.startsWith(path.join(tmp, "aiprice-sigint-"))).toBe(true);
    expect(r.signal).toBe("SIGINT");
    expect(r.stdout).not.toContain("still running");
    expect(fs.existsSync(dir)).toBe(false);
  }, 300_000);
});

// HistoryFileProblem is what the pane shows: the refusals above are of that kind.
it("the pane's refusals are HistoryFileProblem", async () => {
  await expect(openHistory(blobFile("s.xlsx", workbookWith(real, [shortStrings()])), tools)).rejects.toBeInstanceOf(HistoryFileProblem);
});
