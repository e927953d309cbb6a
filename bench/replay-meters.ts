/**
 * Benchmark section of the pilot replay with meter columns (docs/replay.md#meters-counted-from-the-history):
 * a 1,000,000-row CSV with voice minutes, sessions, an outcome type and actions of two types, read by
 * DuckDB and by the streaming path (the compiled CLI's reader, each in a child process), their times,
 * and whether both count the same (conversations, every meter of every month). Speed is stated, with no
 * target; the agreement has one (no month counted differently). `npm run bench -- meters` runs it alone.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { Figure, Section } from "./sections";

const ROOT = path.join(__dirname, "..");
const BENCH_DIR = path.join(ROOT, ".bench");
const GENERATOR_VERSION = 1;
const ROWS = 1_000_000;

/** The history: 12 months of 2025, values from hashes of the row number, one row in 100,000 with a bad minute count. */
function generationSql(rows: number, file: string): string {
  const u = (k: number) => `((hash(i * 31 + ${k}) % 1000000) / 1000000.0)`;
  return `
COPY (
  WITH base AS (
    SELECT i, TIMESTAMP '2025-01-01 00:00:00' + to_microseconds(CAST(i * (365 * 86400000000.0 / ${rows}) AS BIGINT)) AS started,
      ${u(1)} < 0.65 AS ai, ${u(2)} AS voice_draw, hash(i * 31 + 3) % 240 AS seconds, 1 + hash(i * 31 + 4) % 3 AS sessions,
      ${u(5)} AS outcome_draw, hash(i * 31 + 6) % 4 AS standard, hash(i * 31 + 7) % 2 AS voice
    FROM range(${rows}) t(i)
  )
  SELECT 'c-' || i AS conversation_id, strftime(started, '%Y-%m-%dT%H:%M:%SZ') AS started_at,
    CASE WHEN ai THEN 'true' ELSE 'false' END AS ai_resolved,
    CASE WHEN i % 100000 = 99999 THEN 'lots' WHEN voice_draw < 0.3 THEN CAST(seconds / 60.0 AS VARCHAR) ELSE '' END AS voice_minutes,
    sessions,
    CASE WHEN ai AND outcome_draw < 0.8 THEN 'resolution' WHEN ai THEN 'Qualified lead' WHEN outcome_draw < 0.5 THEN 'procedure handoff' ELSE '' END AS outcome,
    standard AS actions_standard_action, voice AS actions_voice_action
  FROM base ORDER BY i
) TO '${file.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`;
}

function child(program: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["-e", program, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24, timeout: 15 * 60 * 1000 });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

function history(): string {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `replay-meters-${ROWS}.csv`);
  const stamp = `${file}.v${GENERATOR_VERSION}`;
  if (fs.existsSync(file) && fs.existsSync(stamp)) return file;
  const program = `
    const { DuckDBInstance } = require(${JSON.stringify(require.resolve("@duckdb/node-api"))});
    (async () => {
      const db = await DuckDBInstance.create(":memory:");
      const c = await db.connect();
      await c.run(process.argv[1]);
      console.log("{}");
    })().catch((e) => { console.error(e); process.exit(1); });`;
  child(program, [generationSql(ROWS, file)]);
  fs.writeFileSync(stamp, "");
  return file;
}

/** Reads the history with the compiled CLI's reader: its time, rows read and skipped, and the months' counts. */
function readInChild(file: string, engine: "js" | "duckdb"): { ms: number; read: number; skipped: number; months: unknown } {
  const reader = path.join(ROOT, "lib/replay/read-history.js");
  if (!fs.existsSync(reader)) throw new Error("lib/replay/read-history.js is missing: run npm run build first");
  const program = `
    const { readHistory } = require(${JSON.stringify(reader)});
    (async () => {
      const t0 = process.hrtime.bigint();
      const r = await readHistory(process.argv[1], { definition: { windowDays: 7, csatThreshold: 4 }, engine: process.argv[2] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // Minutes are sums of decimals: compared to the micro-minute (the two paths add in different orders).
      const months = r.history.months.map((m) => ({ month: m.month, conversations: m.conversations,
        meters: Object.fromEntries(Object.entries(m.meters || {}).sort().map(([k, v]) => [k, Math.round(v * 1e6) / 1e6])) }));
      console.log(JSON.stringify({ ms, read: r.read, skipped: r.problems.skipped, months }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return child(program, [file, engine]) as ReturnType<typeof readInChild>;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

export async function replayMetersFigures(): Promise<Figure[]> {
  const file = history();
  const duck = readInChild(file, "duckdb");
  const js = readInChild(file, "js");
  const a = duck.months as unknown[];
  const b = js.months as unknown[];
  const differ = Math.max(a.length, b.length) === 0 ? 1 : [...Array(Math.max(a.length, b.length)).keys()].filter((i) => JSON.stringify(a[i]) !== JSON.stringify(b[i])).length;
  return [
    {
      label: "Pilot replay with meter columns on DuckDB: 1,000,000 rows, time",
      value: duck.ms,
      unit: "ms",
      detail: `${fmt(duck.read)} rows read, ${fmt(duck.skipped)} unreadable (a bad minute count); the streaming path: ${fmt(js.ms)} ms`,
    },
    {
      label: "Pilot replay with meter columns: months that DuckDB and the streaming path count differently",
      value: differ + (duck.read === js.read && duck.skipped === js.skipped ? 0 : 1),
      unit: "months",
      target: 0,
      detail: `${a.length} months; rows read ${fmt(duck.read)} and ${fmt(js.read)}, unreadable ${fmt(duck.skipped)} and ${fmt(js.skipped)}`,
    },
  ];
}

export const replayMetersSection: Section = { name: "Pilot replay with meter columns (aiprice backtest)", run: replayMetersFigures };
