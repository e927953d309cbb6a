/**
 * `aiprice backtest` on the sample history and the gallery's bids: the JSON contract, the readable
 * table, the exit statuses, --print-sql and --aggregated, and clear errors for files that cannot be
 * replayed. Most runs call the command in this process (`main`, as bin/aiprice.js does, to keep the suite
 * fast); the README's example, the help and one JSON run go through the command's `run()` in a child
 * process, as bin/aiprice.js calls it (from the source through ts-node: compiling lib/ here would race
 * with test/cli/aiprice.test.ts, which compiles it too).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/aiprice";
import type { Json } from "../support/json";

const ROOT = path.join(__dirname, "../..");
const SAMPLE = "samples/pilot-history.csv";
const g = (id: string) => `src/templates/gallery/${id}.json`;
const B = g("guide-bid-b-per-resolution");
const A = g("guide-bid-a-per-token");
const C = g("guide-bid-c-revenue-share");
const Z = g("zendesk-automated-resolutions-committed");
let tmp: string;

type Run = { status: number | null; stdout: string; stderr: string };

/** `aiprice ARGS` in a child process: what bin/aiprice.js runs, from the source. */
function spawned(args: string[]): Run {
  const program = "require('./src/cli/aiprice').run()";
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", program, "aiprice", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process, from the repository's folder (as the child's cwd). */
async function aiprice(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const status = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
    return { status, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

async function json(args: string[]) {
  const r = await aiprice([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-backtest-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("aiprice backtest --json", () => {
  let out: Json;
  beforeAll(async () => {
    out = await json(["backtest", SAMPLE, B, A, C, "--window-days", "7", "--csat-threshold", "4"]);
  });

  it("prints the contract's fields", async () => {
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["rows", "bids", "spread"]));
    expect(Object.keys(out.rows)).toEqual(expect.arrayContaining(["read", "skipped"]));
    for (const b of out.bids) {
      expect(Object.keys(b)).toEqual(expect.arrayContaining(["file", "vendor", "name", "total", "costPerConversation", "costPerResolution", "vendorResolutions", "buyerResolutions", "disputeExposure", "months"]));
    }
    for (const m of out.bids[0].months) expect(Object.keys(m)).toEqual(expect.arrayContaining(["month", "conversations", "bill"]));
    expect(Object.keys(out.spread)).toEqual(expect.arrayContaining(["resolutionRate", "conversations", "inputTokens", "outputTokens"]));
    expect(Object.keys(out.spread.resolutionRate)).toEqual(["p10", "p50", "p90"]);
  });

  it("counts the rows read and skipped, and lists the skipped ones by row number", async () => {
    expect(out.rows.read).toBe(4025);
    expect(out.rows.skipped).toBe(8);
    expect(out.rows.problems.map((p: { row: number }) => p.row)).toEqual([638, 1060, 1452, 1815, 2205, 2646, 3151, 3732]);
  });

  it("gives the per-resolution bid's dispute exposure as the difference times the price, unrounded", async () => {
    const b = out.bids[0];
    expect(b.file).toBe(B);
    expect(b.vendorResolutions - b.buyerResolutions).toBeGreaterThan(0);
    expect(b.disputeExposure).toBeCloseTo((b.vendorResolutions - b.buyerResolutions) * 0.99, 9);
    expect(b.total).toBeCloseTo(b.vendorResolutions * 0.99, 9);
    expect(b.months.reduce((s: number, m: { conversations: number }) => s + m.conversations, 0)).toBe(4025);
    expect(b.costPerResolution).toBeCloseTo(b.total / b.buyerResolutions, 12);
  });

  it("leaves a bid it cannot price with null figures and the reason", async () => {
    const c = out.bids[2];
    expect(c.total).toBeNull();
    expect(c.problem).toMatch(/--human-cost/);
    const priced = await json(["backtest", SAMPLE, C, "--human-cost", "3"]);
    expect(priced.bids[0].total).toBeGreaterThan(0);
  });

  it("moves the buyer's count with the window and the threshold", async () => {
    const strict = await json(["backtest", SAMPLE, B, "--window-days", "30", "--csat-threshold", "5"]);
    const lax = await json(["backtest", SAMPLE, B, "--window-days", "0", "--csat-threshold", "1"]);
    expect(strict.bids[0].vendorResolutions).toBe(out.bids[0].vendorResolutions);
    expect(strict.bids[0].buyerResolutions).toBeLessThan(out.bids[0].buyerResolutions);
    expect(lax.bids[0].buyerResolutions).toBeGreaterThan(out.bids[0].buyerResolutions);
  });

  it("gives the same figures with either engine, and the same from a child process", async () => {
    const js = await json(["backtest", SAMPLE, B, A, C, "--engine", "js"]);
    expect(js.history.engine).toBe("js");
    expect(out.history.engine).toBe("duckdb");
    expect(js.bids).toEqual(out.bids);
    expect(js.rows).toEqual(out.rows);
    expect(js.spread).toEqual(out.spread);
    const child = spawned(["backtest", SAMPLE, B, A, C, "--json"]);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual(out);
  });
});

describe("aiprice backtest (readable output)", () => {
  it("prints the history, the bids, the monthly bills, the spread and the unreadable rows", async () => {
    const r = await aiprice(["backtest", SAMPLE, B, Z]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("4,025 conversations read over 9 months (2025-04 to 2025-12, UTC); 8 rows could not be read");
    expect(r.stdout).toMatch(/Resolutions: [\d,]+ by the vendor's definition \(ai_resolved\), [\d,]+ by yours/);
    expect(r.stdout).toContain("Monthly bill, as invoiced:");
    expect(r.stdout).toMatch(/resolution rate \(vendor's\)\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}/);
    expect(r.stdout).toContain('row 1815: ai_resolved is not true or false ("maybe")');
    // The committed Zendesk bid: every resolution is inside the allowance, so disputes would not lower the bill.
    const zendesk = r.stdout.split("\n").find((l) => l.startsWith("zendesk-automated-resolutions-committed "));
    expect(zendesk).toMatch(/135,000\.00 USD.*\s0\.00$/);
  });

  it("runs the README's example", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const example = /node bin\/aiprice\.js backtest ([^\n`]+)/.exec(readme);
    expect(example).not.toBeNull();
    const r = spawned(["backtest", ...example![1].trim().split(/\s+/)]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("aiprice backtest --print-sql and --aggregated", () => {
  it("prints the SQL with the definition filled in", async () => {
    const r = await aiprice(["backtest", "--print-sql", "--window-days", "3", "--csat-threshold", "4.5"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("INTERVAL 3 DAY");
    expect(r.stdout).toContain("csat < 4.5");
    expect(r.stdout).toContain("FROM conversations");
    expect(r.stdout).not.toContain("{{");
  });

  it("replays the SQL's result to the figures of the history itself", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const direct = await json(["backtest", SAMPLE, B, A]);
    const sql = (await aiprice(["backtest", "--print-sql"])).stdout;
    const file = path.join(tmp, "monthly.csv");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run("SET TimeZone = 'UTC'");
    const unreadable = direct.rows.problems.map((p: { row: number }) => `'c-${String(p.row - 1).padStart(6, "0")}'`).join(", ");
    await c.run(`CREATE TABLE conversations AS SELECT conversation_id, CAST(timezone('UTC', CAST(started_at AS TIMESTAMPTZ)) AS TIMESTAMP) AS started_at,
      CAST(input_tokens AS BIGINT) AS input_tokens, CAST(cached_input_tokens AS BIGINT) AS cached_input_tokens, CAST(output_tokens AS BIGINT) AS output_tokens,
      CAST(ai_resolved AS BOOLEAN) AS ai_resolved, CAST(timezone('UTC', CAST(reopened_at AS TIMESTAMPTZ)) AS TIMESTAMP) AS reopened_at,
      CAST(csat AS DOUBLE) AS csat, CAST(human_handled AS BOOLEAN) AS human_handled
      FROM read_csv('${path.join(ROOT, SAMPLE)}', all_varchar = true) WHERE conversation_id NOT IN (${unreadable})`);
    await c.run(`COPY (${sql}) TO '${file}' (HEADER, DELIMITER ',')`);
    c.closeSync();
    db.closeSync();
    const replayed = await json(["backtest", "--aggregated", file, B, A]);
    expect(replayed.bids).toEqual(direct.bids);
    expect(replayed.spread).toEqual(direct.spread);
    expect(replayed.rows.read).toBe(direct.rows.read);
    // Asking for another definition than the file's is refused.
    const other = await aiprice(["backtest", "--aggregated", file, B, "--window-days", "3"]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain("reopen window of 7 days, not 3");
  });
});

describe("aiprice backtest: hostile history files", () => {
  const HEAD = "month,conversations,vendor_resolutions,buyer_resolutions,human_handled,rated,csat_sum,input_tokens,cached_input_tokens,output_tokens,reopened_within_window,rated_below_threshold,window_days,csat_threshold";
  it.each([
    ["1e21 conversations", "2025-01,1e21,5,4,0,0,0,0,0,0,0,0,7,4", "conversations (1,000,000,000,000,000,000,000) is more than 10,000,000,000, the most one month may report"],
    ["a CSAT sum above 100 per rated row", "2025-01,10,5,4,0,2,201,0,0,0,0,0,7,4", "csat_sum (201) is more than 200: 100, the top of any CSAT scale read here, for each of the 2 rated conversations"],
    ["a CSAT sum with no rated row", "2025-01,10,5,4,0,0,3,0,0,0,0,0,7,4", "csat_sum (3) is more than 0"],
    ["a negative count", "2025-01,10,-5,4,0,0,0,0,0,0,0,0,7,4", 'vendor_resolutions must be a whole number of 0 or more (got "-5")'],
    ["more tokens than a billion per conversation", "2025-01,10,5,4,0,0,0,10000000001,0,0,0,0,7,4", "input_tokens (10,000,000,001) is more than 10,000,000,000: 1,000,000,000 per conversation"],
    ["more reopened than resolved", "2025-01,10,5,4,0,0,0,0,0,0,6,0,7,4", "reopened_within_window (6) exceed vendor_resolutions (5)"],
    ["more rated below the threshold than rated", "2025-01,10,5,4,0,1,4,0,0,0,0,2,7,4", "rated_below_threshold (2) exceed rated (1)"],
  ])("--aggregated refuses %s, naming the field and the bound", async (_what, row, message) => {
    const file = path.join(tmp, "implausible.csv");
    fs.writeFileSync(file, `${HEAD}\n${row}\n`);
    const r = await aiprice(["backtest", "--aggregated", file, B]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`aiprice backtest: ${file}: cannot be replayed:\n  row 2: ${message}`);
  });

  it("refuses a truncated Parquet file naming it, with no temporary path, SQL or 'unexpected failure'", async () => {
    const file = path.join(tmp, "cut.parquet");
    fs.writeFileSync(file, "PAR1garbage");
    const r = await aiprice(["backtest", file, B]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^aiprice backtest: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot be read as Parquet: it is truncated, damaged or not a Parquet file`));
    expect(r.stderr).not.toMatch(/unexpected failure|aiprice-replay-|read_parquet|SELECT|\n\s+at /);
  });

  it("refuses an XLSX whose shared strings expand to gigabytes, naming the file and the limit", async () => {
    const { realParts, repeatedPart, workbookWith, SST_HEAD, SST_TAIL } = await import("../replay/zip-bombs");
    const real = await realParts([
      ["conversation_id", "started_at", "ai_resolved"],
      ["a", "2025-05-01T10:00:00Z", "true"],
    ]);
    const file = path.join(tmp, "bomb.xlsx");
    fs.writeFileSync(file, workbookWith(real, [repeatedPart("xl/sharedStrings.xml", SST_HEAD, "<si><t>x</t></si>", 200_000_000, SST_TAIL)]));
    const r = await aiprice(["backtest", file, B]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`aiprice backtest: ${file}: its shared strings (xl/sharedStrings.xml) expand to more than 128 MB, the most read here from one part of a workbook; save the sheet as CSV\n`);
  });
});

describe("aiprice backtest: errors", () => {
  it("says which column is missing and which headers the file has (exit 1)", async () => {
    const file = path.join(tmp, "no-start.csv");
    fs.writeFileSync(file, "id,when,resolved_by_ai\na,2025-01-01,true\n");
    const r = await aiprice(["backtest", file, B]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no column for started_at");
    expect(r.stderr).toContain('Its headers are: "id", "when", "resolved_by_ai"');
    const mapped = await json(["backtest", file, B, "--column", "started_at=when"]);
    expect(mapped.rows.read).toBe(1);
    expect(mapped.history.columns.started_at).toBe("when");
  });

  it("refuses a folder, a device and a missing file, and replays a file whose name has a quote", async () => {
    expect((await aiprice(["backtest", tmp, B])).stderr).toContain("is a folder");
    expect((await aiprice(["backtest", "/dev/null", B])).stderr).toContain("is not a regular file");
    const missing = await aiprice(["backtest", path.join(tmp, "nope.csv"), B]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no such file");
    const quoted = path.join(tmp, "pilot's history'; SELECT 1; --.csv");
    fs.copyFileSync(path.join(ROOT, SAMPLE), quoted);
    expect((await json(["backtest", quoted, B])).rows.read).toBe(4025);
  });

  it("stops with exit 1 when no row can be read, and names the reasons", async () => {
    const file = path.join(tmp, "all-bad.csv");
    fs.writeFileSync(file, "conversation_id,started_at,ai_resolved\na,yesterday,true\nb,today,false\n");
    const r = await aiprice(["backtest", file, B]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no conversation could be read; 2 rows could not be read");
    expect(r.stderr).toContain("started_at is not an ISO 8601 date and time");
  });

  it("refuses an invalid bid file before reading the history (exit 1)", async () => {
    const bad = path.join(tmp, "bad-bid.json");
    fs.writeFileSync(bad, '{"format": "aiprice-bid"}');
    const r = await aiprice(["backtest", SAMPLE, bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("INVALID");
  });

  it.each([
    [["backtest"], "needs a HISTORY file"],
    [["backtest", SAMPLE], "at least one BID file"],
    [["backtest", SAMPLE, B, "--window-days", "1.5"], "whole number of days"],
    [["backtest", SAMPLE, B, "--csat-threshold", "abc"], "must be a number"],
    [["backtest", SAMPLE, B, "--engine", "spark"], "--engine must be js or duckdb"],
    [["backtest", SAMPLE, B, "--column", "start=x"], '"start" is not a column'],
    [["backtest", SAMPLE, B, "--frobnicate"], "unknown option --frobnicate"],
    [["backtest", "--print-sql", SAMPLE], "--print-sql prints the SQL only"],
  ])("exits 2 on a wrong command line: %j", async (args, message) => {
    const r = await aiprice(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("has its own help, and is listed in aiprice's", async () => {
    const r = spawned(["backtest", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("aiprice backtest HISTORY BIDS...");
    expect((await aiprice(["--help"])).stdout).toContain("aiprice backtest HISTORY BIDS...");
  });
});
