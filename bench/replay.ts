/**
 * Benchmark section of the pilot replay (`aiprice backtest`):
 * - the CLI's streaming path (csv-parse, the row reader and the monthly aggregation) in rows per second
 *   on a 1,000,000-row CSV (target: at least 200,000 rows/s, printed as the time for a million rows);
 * - its memory staying flat as rows grow: peak RSS at 1,000,000 rows against 250,000;
 * - DuckDB on a 10,000,000-row CSV: time and peak memory (stated, no target).
 *
 * Each run is a child process of its own (the compiled CLI in lib/, as `aiprice backtest` runs), so
 * that its peak RSS is its own. The histories are generated into .bench/ (git-ignored) by DuckDB in a
 * few seconds, with the sample history's shape (reopens, unrated conversations, a few bad rows), and
 * kept for the next run. `npm run bench -- replay` runs this section alone.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Figure, Section } from "./sections";

const ROOT = path.join(__dirname, "..");
const BENCH_DIR = path.join(ROOT, ".bench");
/** Bump when the generated files change shape, so that old ones are made again. */
const GENERATOR_VERSION = 1;

/**
 * A history of `rows` conversations over 12 months of 2025, as DuckDB writes it: each value drawn from
 * hashes of the row number (deterministic), one row in 100,000 unreadable.
 */
function generationSql(rows: number, file: string): string {
  const u = (k: number) => `((hash(i * 31 + ${k}) % 1000000) / 1000000.0)`;
  return `
COPY (
  WITH base AS (
    SELECT i,
      TIMESTAMP '2025-01-01 00:00:00' + to_microseconds(CAST(i * (365 * 86400000000.0 / ${rows}) AS BIGINT)) AS started,
      ${u(1)} < 0.65 AS ai,
      400 + hash(i * 31 + 2) % 6000 AS input,
      ${u(3)} AS cache_share,
      20 + hash(i * 31 + 4) % 800 AS output,
      ${u(5)} AS reopen_draw,
      ${u(6)} AS reopen_after,
      ${u(7)} AS rate_draw,
      1 + hash(i * 31 + 8) % 5 AS score,
      ${u(9)} AS human_draw
    FROM range(${rows}) t(i)
  )
  SELECT
    'c-' || i AS conversation_id,
    strftime(started, '%Y-%m-%dT%H:%M:%SZ') AS started_at,
    input AS input_tokens,
    CAST(floor(input * cache_share * 0.6) AS BIGINT) AS cached_input_tokens,
    output AS output_tokens,
    CASE WHEN i % 100000 = 99999 THEN 'maybe' WHEN ai THEN 'true' ELSE 'false' END AS ai_resolved,
    CASE WHEN ai AND reopen_draw < 0.1 THEN strftime(started + to_microseconds(CAST(reopen_after * 14 * 86400000000 AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') ELSE '' END AS reopened_at,
    CASE WHEN rate_draw < 0.34 THEN CAST(score AS VARCHAR) ELSE '' END AS csat,
    CASE WHEN NOT ai AND human_draw < 0.93 THEN 'true' ELSE 'false' END AS human_handled
  FROM base ORDER BY i
) TO '${file.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`;
}

/** Runs a small Node program in a child process and returns what it prints as JSON. */
function child(program: string, args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ["-e", program, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20, timeout: 15 * 60 * 1000 });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

/** Makes .bench/replay-<rows>.csv unless it is there from a previous run of the same generator. */
function history(rows: number): { file: string; generatedMs: number | null } {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `replay-${rows}.csv`);
  const stamp = `${file}.v${GENERATOR_VERSION}`;
  if (fs.existsSync(file) && fs.existsSync(stamp)) return { file, generatedMs: null };
  const program = `
    const { DuckDBInstance } = require(${JSON.stringify(require.resolve("@duckdb/node-api"))});
    (async () => {
      const t0 = Date.now();
      const db = await DuckDBInstance.create(":memory:");
      const c = await db.connect();
      await c.run(process.argv[1]);
      console.log(JSON.stringify({ ms: Date.now() - t0 }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = child(program, [generationSql(rows, file)]);
  fs.writeFileSync(stamp, "");
  return { file, generatedMs: r.ms };
}

/** Reads a history in a child process with the compiled CLI's reader; its time, rows and peak RSS. */
function readInChild(file: string, engine: "js" | "duckdb"): { ms: number; cpuMs: number; rows: number; read: number; maxRssMB: number; heapMB: number } {
  const reader = path.join(ROOT, "lib/replay/read-history.js");
  if (!fs.existsSync(reader)) throw new Error("lib/replay/read-history.js is missing: run npm run build first");
  const program = `
    const { readHistory } = require(${JSON.stringify(reader)});
    (async () => {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      const r = await readHistory(process.argv[1], { definition: { windowDays: 7, csatThreshold: 4 }, engine: process.argv[2] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c = process.cpuUsage(c0);
      console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, rows: r.read + r.problems.skipped, read: r.read,
        maxRssMB: process.resourceUsage().maxRSS / 1024, heapMB: process.memoryUsage().heapUsed / 1e6 }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return child(program, [file, engine]) as ReturnType<typeof readInChild>;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

export async function replayFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const small = history(250_000);
  const million = history(1_000_000);

  // Best of three for the speed (the machine is shared); the peak RSS of the same runs.
  const runs = [0, 1, 2].map(() => readInChild(million.file, "js"));
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const rowsPerSecond = (best.rows / best.ms) * 1000;
  figures.push({
    label: "Pilot replay, the CLI's streaming path (csv-parse, row checks, monthly aggregation): 1,000,000 rows",
    value: (best.ms * 1_000_000) / best.rows,
    unit: "ms",
    target: 5000,
    detail: `${fmt(rowsPerSecond)} rows/s (target at least 200,000 rows/s); best of 3: ${runs.map((r) => fmt(r.ms)).join(", ")} ms; CPU time ${fmt(best.cpuMs)} ms (${fmt((best.rows / best.cpuMs) * 1000)} rows per CPU second); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores${million.generatedMs !== null ? `; file generated in ${fmt(million.generatedMs)} ms` : ""}`,
  });

  const smallRun = readInChild(small.file, "js");
  const peak1m = Math.max(...runs.map((r) => r.maxRssMB));
  figures.push({
    label: "Pilot replay, the streaming path's memory: peak RSS at 1,000,000 rows against 250,000",
    value: peak1m / smallRun.maxRssMB,
    unit: "x",
    target: 1.5,
    detail: `${fmt(smallRun.maxRssMB)} MB at 250,000 rows, ${fmt(peak1m)} MB at 1,000,000 (whole Node process; memory in proportion to the rows would be about 4x, the rest is the garbage collector's slack); heap after the read ${smallRun.heapMB.toFixed(1)} MB and ${best.heapMB.toFixed(1)} MB`,
  });

  const ten = history(10_000_000);
  const duck = readInChild(ten.file, "duckdb");
  const size = fs.statSync(ten.file).size;
  figures.push({
    label: "Pilot replay on DuckDB: a 10,000,000-row CSV, time",
    value: duck.ms,
    unit: "ms",
    detail: `${fmt((duck.rows / duck.ms) * 1000)} rows/s over ${fmt(size / 1e6)} MB; CPU time ${fmt(duck.cpuMs)} ms over ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} (two passes: rows by reason with the first unreadable ones, then the monthly SQL)${ten.generatedMs !== null ? `; file generated in ${fmt(ten.generatedMs)} ms` : ""}`,
  });
  figures.push({
    label: "Pilot replay on DuckDB: a 10,000,000-row CSV, peak memory (RSS of the whole process)",
    value: Math.round(duck.maxRssMB),
    unit: "MB",
  });
  return figures;
}

export const replaySection: Section = { name: "Pilot replay (aiprice backtest)", run: replayFigures };
