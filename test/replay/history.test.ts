/**
 * Histories on disk: the sample history counted by hand, the streaming JavaScript path and DuckDB held
 * to the same aggregates and the same unreadable rows (CSV, Parquet), XLSX input, file names DuckDB
 * must read literally, and a CSV DuckDB cannot split handed to the streaming reader.
 */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { DuckDBInstance } from "@duckdb/node-api";
import { aggregateWithDuckDb } from "../../src/replay/duckdb";
import { aggregateCsv, aggregateXlsx, HistoryRead } from "../../src/replay/history-node";
import { readHistory } from "../../src/replay/read-history";
import { D7T4, HEADER, tempDir, writeFile } from "./support";

const ROOT = path.join(__dirname, "../..");
const SAMPLE = path.join(ROOT, "samples/pilot-history.csv");
let tmp: string;

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** What both paths must agree on. */
function essence(r: HistoryRead) {
  return { history: r.history, read: r.read, skipped: r.problems.skipped, reasons: r.problems.reasons(), listed: r.problems.listed };
}

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    await c.run("SET TimeZone = 'UTC'");
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/**
 * An independent count, as an analyst would make it by hand: split each line at commas (the sample
 * has no quoted fields), keep the rows that make sense, and count per UTC month.
 */
function handCount(text: string, windowDays: number, threshold: number) {
  const months = new Map<string, { conversations: number; vendor: number; buyer: number }>();
  const skippedRows: number[] = [];
  const lines = text.trim().split("\n");
  lines.slice(1).forEach((l, i) => {
    const [id, started, input, cached, output, ai, reopened, csat] = l.split(",");
    const ymd = /^(\d{4})-(\d{2})-(\d{2})T/.exec(started);
    const validDay = ymd && +ymd[2] >= 1 && +ymd[2] <= 12 && new Date(Date.UTC(+ymd[1], +ymd[2] - 1, +ymd[3])).getUTCDate() === +ymd[3];
    const start = Date.parse(started);
    const ok =
      id !== "" &&
      validDay &&
      !Number.isNaN(start) &&
      [input, cached, output].every((t) => /^\d+$/.test(t)) &&
      +cached <= +input &&
      (ai === "true" || ai === "false") &&
      (reopened === "" || Date.parse(reopened) >= start) &&
      (csat === "" || /^[1-5]$/.test(csat));
    if (!ok) {
      skippedRows.push(i + 2);
      return;
    }
    const key = new Date(start).toISOString().slice(0, 7);
    const m = months.get(key) ?? { conversations: 0, vendor: 0, buyer: 0 };
    m.conversations++;
    if (ai === "true") {
      m.vendor++;
      const reopenedSoon = reopened !== "" && Date.parse(reopened) - start <= windowDays * 86400000;
      const unhappy = csat !== "" && +csat < threshold;
      if (!reopenedSoon && !unhappy) m.buyer++;
    }
    months.set(key, m);
  });
  return { months, skippedRows };
}

describe("the sample history", () => {
  const text = fs.readFileSync(SAMPLE, "utf8");

  it("is small, seeded and of realistic shape", () => {
    expect(fs.statSync(SAMPLE).size).toBeLessThan(1024 * 1024);
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines.length - 1).toBeGreaterThan(2000);
    // Reopens, unrated conversations and offsets other than Z are all there.
    expect(lines.filter((l) => /,true,20\d\d-/.test(l)).length).toBeGreaterThan(100);
    expect(lines.filter((l) => /,,false$|,,true$/.test(l)).length).toBeGreaterThan(1000);
    expect(lines.filter((l) => /T\d\d:\d\d:\d\d[+-]\d\d:\d\d,/.test(l)).length).toBeGreaterThan(50);
    // The generator writes the same file again.
    const { generateRows } = require("../../scripts/make-sample-history.js") as { generateRows(): Iterable<string> };
    expect([...generateRows()].join("\n") + "\n").toBe(text);
  });

  it.each([["js"], ["duckdb"]] as const)("gives the hand count of vendor and buyer resolutions by month (%s)", async (engine) => {
    for (const [windowDays, csatThreshold] of [
      [7, 4],
      [2, 5],
      [30, 3],
    ]) {
      const read = engine === "js" ? await aggregateCsv(SAMPLE, { definition: { windowDays, csatThreshold } }) : await aggregateWithDuckDb(SAMPLE, "csv", { definition: { windowDays, csatThreshold } });
      const hand = handCount(text, windowDays, csatThreshold);
      expect(read.history.months.map((m) => [m.month, m.conversations, m.vendorResolutions, m.buyerResolutions])).toEqual([...hand.months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, m]) => [month, m.conversations, m.vendor, m.buyer]));
      expect(read.problems.listed.map((p) => p.row)).toEqual(hand.skippedRows);
    }
  });

  it("lists its unreadable rows by row number with the reason", async () => {
    const read = await aggregateCsv(SAMPLE, { definition: D7T4 });
    expect(read.problems.skipped).toBe(8);
    const lines = text.split("\n");
    for (const p of read.problems.listed) {
      // The row number is the line's number (the header is row 1) and the value is on that line.
      expect(lines[p.row - 1]).toContain(p.value);
    }
    expect(read.problems.listed.map((p) => p.reason)).toEqual([
      "started_at is blank",
      "started_at is not an ISO 8601 date and time",
      "started_at is not a date that exists",
      "ai_resolved is not true or false",
      "input_tokens is not a whole number from 0 to 1,000,000,000",
      "cached_input_tokens exceed input_tokens",
      "reopened_at is before started_at",
      "csat is not a number from 0 to 100",
    ]);
  });
});

describe("DuckDB and the streaming path", () => {
  it("give the same aggregates and the same unreadable rows on the sample", async () => {
    const js = await aggregateCsv(SAMPLE, { definition: D7T4 });
    const db = await aggregateWithDuckDb(SAMPLE, "csv", { definition: D7T4 });
    expect(db.engine).toBe("duckdb");
    expect(essence(db)).toEqual(essence(js));
  });

  it("agree on quoting, spaces, case, offsets, fractions, blank lines, a BOM and every kind of bad value", async () => {
    const rows = [
      '"Ticket ID","Created At",prompt_tokens,completion_tokens,Resolved By AI,Reopened,Satisfaction,Escalated',
      "a1,2025-01-31T23:59:59.9999999Z,100,10,TRUE,,5,no",
      '"a,2","2025-02-01T00:30:00+01:00", 200 ,20,Yes,2025-02-05T00:00:00Z,4,No',
      '"a\n3",2025-01-31T23:30:00-0100,300,30,1,2025-02-08T00:30:00Z,3.5,1',
      "",
      "a4,2025-03-01 12:00,0,0,false,,,0",
      "a5,2025-03-01,12.000,1,false,,,yes",
      "a6,2025-02-29T10:00:00Z,1,1,true,,,no",
      "a7,2025-03-01T10:00:00Z,1,1,true,2025-03-01T09:59:59.999999Z,,no",
      "a8,2025-03-01T10:00:00Z,1e3,1,true,,,no",
      "a9,2025-03-01T10:00:00Z,1,1,true,,4.,no",
      "a10,2025-03-01T10:00:00Z,1,1,true,,,maybe",
      ",2025-03-01T10:00:00Z,1,1,true,,,no",
      "a12,2025-03-01T10:00Z,1,1,true,,,no",
      "a13,2025-03-01T10:00:00Z,1,1,true,2025-03-32T00:00:00Z,,no",
      "a14,2025-03-01T10:00:00Z,1,1,,,,no",
      "a15,\t2025-03-04T10:00:00Z\t,1,1,true,,100,no",
      "a16,2025-03-01T10:00:00Z,1000000001,1,true,,,no",
      "a16b,2025-03-01T10:00:00Z,1e30,99999999999999999999999,true,,1e400,no",
      "a17,2025-04-01T00:00:00.000001+00:00,5,5,true,2025-04-08T00:00:00.000001Z,4,false",
    ];
    const file = writeFile(tmp, "edge.csv", "\ufeff" + rows.join("\r\n") + "\r\n");
    const js = await aggregateCsv(file, { definition: D7T4 });
    const db = await aggregateWithDuckDb(file, "csv", { definition: D7T4 });
    expect(essence(db)).toEqual(essence(js));
    expect(js.read).toBe(7);
    expect(js.problems.skipped).toBe(11);
    expect(js.history.months.map((m) => m.month)).toEqual(["2025-01", "2025-02", "2025-03", "2025-04"]);
    // With a short list, both list the same first rows, across reasons.
    const short = { definition: D7T4, problemListLimit: 3 };
    expect(essence(await aggregateWithDuckDb(file, "csv", short))).toEqual(essence(await aggregateCsv(file, short)));
    // The quoted id with a line break in it is one record: the rows after it keep their numbers.
    expect(js.problems.listed[0]).toEqual({ row: 7, column: "started_at", reason: "started_at is not a date that exists", value: "2025-02-29T10:00:00Z" });
  });

  it("reads a Parquet file with DuckDB, typed or as text, to the same aggregates", async () => {
    const text = path.join(tmp, "sample-text.parquet");
    await duck(`COPY (SELECT * FROM read_csv('${SAMPLE}', all_varchar = true)) TO '${text}' (FORMAT parquet)`);
    const fromText = await aggregateWithDuckDb(text, "parquet", { definition: D7T4 });
    const js = await aggregateCsv(SAMPLE, { definition: D7T4 });
    expect(essence(fromText)).toEqual(essence(js));

    // A typed file (TIMESTAMP, BIGINT, BOOLEAN, DOUBLE) as a warehouse writes it, from the readable rows.
    const typed = path.join(tmp, "sample-typed.parquet");
    await duck(
      `COPY (SELECT conversation_id, timezone('UTC', TRY_CAST(started_at AS TIMESTAMPTZ)) AS started_at, CAST(input_tokens AS BIGINT) AS input_tokens,
         CAST(cached_input_tokens AS BIGINT) AS cached_input_tokens, CAST(output_tokens AS BIGINT) AS output_tokens, CAST(ai_resolved AS BOOLEAN) AS ai_resolved,
         timezone('UTC', TRY_CAST(reopened_at AS TIMESTAMPTZ)) AS reopened_at, CAST(csat AS DOUBLE) AS csat, CAST(human_handled AS BOOLEAN) AS human_handled
       FROM read_csv('${SAMPLE}', all_varchar = true)
       WHERE conversation_id NOT IN (${js.problems.listed.map((p) => `'c-${String(p.row - 1).padStart(6, "0")}'`).join(", ")}))
       TO '${typed}' (FORMAT parquet)`,
    );
    const fromTyped = await readHistory(typed, { definition: D7T4 });
    expect(fromTyped.format).toBe("parquet");
    expect(fromTyped.problems.skipped).toBe(0);
    expect(fromTyped.history).toEqual(js.history);
  });

  it("reads a file whose name has quotes, wildcards and SQL in it, and only that file", async () => {
    const dir = path.join(tmp, "it's [a] {dir}");
    fs.mkdirSync(dir);
    const name = path.join(dir, "x'); DROP TABLE t; SELECT ('*?.csv");
    fs.copyFileSync(SAMPLE, name);
    // A file the wildcards would match must not be read instead.
    fs.writeFileSync(path.join(dir, "xa.csv"), HEADER + "\n");
    const db = await aggregateWithDuckDb(name, "csv", { definition: D7T4 });
    expect(db.read).toBe(4025);
  });

  it("hands a CSV with a row of the wrong length to the streaming reader, which lists it", async () => {
    const file = writeFile(tmp, "ragged.csv", [HEADER, "a,2025-03-01T10:00:00Z,1,0,1,true,,,false", "b,2025-03-01T10:00:00Z,1,0,1,true,,,false,extra", "c,2025-03-02T10:00:00Z,1,0,1,false,,,true"].join("\n"));
    const r = await readHistory(file, { definition: D7T4 });
    expect(r.engine).toBe("js");
    expect(r.notes[0]).toMatch(/DuckDB could not split/);
    expect(r.read).toBe(2);
    expect(r.problems.listed).toEqual([{ row: 3, column: null, reason: "the number of fields differs from the header's", value: "10 fields" }]);
  });
});

describe("XLSX input", () => {
  it("reads the first worksheet: text, numbers, booleans and date cells, to the same aggregates as the CSV", async () => {
    const lines = fs.readFileSync(SAMPLE, "utf8").trim().split("\n");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Conversations");
    ws.addRow(lines[0].split(","));
    lines.slice(1).forEach((l, i) => {
      const c: (string | number | boolean | Date | null)[] = l.split(",");
      // Every third row as a spreadsheet types it: numbers, booleans and a date cell when the text is plain UTC.
      if (i % 3 === 0) {
        for (const k of [2, 3, 4, 7]) if (/^\d+$/.test(c[k] as string)) c[k] = Number(c[k]);
        for (const k of [5, 8]) if (c[k] === "true" || c[k] === "false") c[k] = c[k] === "true";
        if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(c[1] as string)) c[1] = new Date(c[1] as string);
        for (const k of [6, 7]) if (c[k] === "") c[k] = null;
      }
      ws.addRow(c);
    });
    const file = path.join(tmp, "sample.xlsx");
    await wb.xlsx.writeFile(file);
    const x = await readHistory(file, { definition: D7T4 });
    expect(x.format).toBe("xlsx");
    const csv = await aggregateCsv(SAMPLE, { definition: D7T4 });
    expect(x.history).toEqual(csv.history);
    expect(x.problems.listed.map((p) => [p.row, p.reason])).toEqual(csv.problems.listed.map((p) => [p.row, p.reason]));
  });

  it("reads an Excel date serial as UTC, and refuses DuckDB for XLSX", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("h");
    ws.addRow(["id", "created_at", "resolved_by_ai"]);
    ws.addRow(["a", 45688.5, true]); // 2025-01-31 12:00
    ws.addRow(["b", 45689.25, "false"]); // 2025-02-01 06:00
    const file = path.join(tmp, "serial.xlsx");
    await wb.xlsx.writeFile(file);
    const x = await aggregateXlsx(file, { definition: D7T4 });
    expect(x.history.months.map((m) => [m.month, m.conversations, m.vendorResolutions])).toEqual([
      ["2025-01", 1, 1],
      ["2025-02", 1, 0],
    ]);
    await expect(readHistory(file, { definition: D7T4, engine: "duckdb" })).rejects.toThrow(/DuckDB does not read/);
  });
});
