/**
 * Node only: a CSV or Parquet history of any size aggregated by DuckDB with the warehouse SQL of
 * monthly-aggregate.sql, the rules of rows.ts written in SQL so that both paths give the same aggregates
 * and unreadable rows. The path and the header names never become SQL: docs/replay.md ("Untrusted input").
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AGGREGATE_COLUMNS, BuyerDefinition, checkDefinition, HistoryAggregate, MonthAggregate } from "./monthly-aggregation";
import { CanonicalColumn, ColumnMapping, mapColumns } from "./columns";
import { checkRegularFile, HistoryError, HistoryRead, MAX_RECORD_BYTES, readCsvHeader, ReadOptions } from "./history-node";
import { CSAT_PATTERN, DEFAULT_PROBLEM_LIST_LIMIT, MAX_CSAT, MAX_TOKENS, REASONS, RowProblems, TIMESTAMP_PATTERN, TOKENS_PATTERN, VALUE_CHARS } from "./rows";
import { monthlyAggregateSql } from "./sql";
import { MAX_CSV_COLUMNS } from "./csv-chunks";
import { makeTempDir, removeTempDir } from "./temp-dirs";
import { MAX_METER_COUNT, MAX_OUTCOME_TYPES, type MeterColumn } from "./meter-columns";

type DuckModule = typeof import("@duckdb/node-api");

/** DuckDB's native module cannot be loaded on this machine. */
export class DuckDbUnavailable extends Error {
  constructor(cause: unknown) {
    super(`DuckDB cannot be loaded here (${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)})`);
    this.name = "DuckDbUnavailable";
  }
}

function loadDuckDb(): DuckModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: DuckDB is optional
    return require("@duckdb/node-api") as DuckModule;
  } catch (e) {
    throw new DuckDbUnavailable(e);
  }
}

/** A string literal, strictly quoted (DuckDB's literals have no backslash escapes). */
export function sqlString(s: string): string {
  if (s.includes("\u0000")) throw new HistoryError("a text with a NUL character cannot be given to DuckDB");
  return `'${s.replace(/'/g, "''")}'`;
}

/** An identifier, strictly quoted. */
export function sqlIdentifier(s: string): string {
  if (s.includes("\u0000")) throw new HistoryError("a name with a NUL character cannot be given to DuckDB");
  return `"${s.replace(/"/g, '""')}"`;
}

/** The error DuckDB gives for a CSV row with the wrong number of fields or broken quoting. */
export function isCsvStructureError(e: unknown): boolean {
  // Not instanceof Error: the native module's errors may come from another realm (jest's sandbox).
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === "string" && /CSV Error on Line/i.test(message);
}

/** A link to the history in a new temporary folder, under a name DuckDB reads literally. */
function linkHistory(file: string, format: "csv" | "parquet"): { dir: string; link: string } {
  const dir = makeTempDir("aiprice-replay-");
  const link = path.join(dir, `history.${format}`);
  if (/['"*?[\]{}\\]/.test(link.replace(/\\/g, "/"))) {
    removeTempDir(dir);
    throw new HistoryError(`the temporary folder ${dir} has a quote or a wildcard in its path; set TMPDIR to a plain folder, or use --engine js`);
  }
  try {
    fs.symlinkSync(path.resolve(file), link);
  } catch (e) {
    removeTempDir(dir);
    throw new HistoryError(`cannot link the history for DuckDB (${(e as NodeJS.ErrnoException).code ?? String(e)}); use --engine js`);
  }
  return { dir, link };
}

/** SQL source of the raw rows, every column as text; `ordinal` adds the row's position (from 1) as `n`. */
function sourceSql(format: "csv" | "parquet", link: string, headers: readonly string[], ordinal: boolean): string {
  if (format === "csv") {
    const columns = headers.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
    return (
      `read_csv(${sqlString(link)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
      `columns = {${columns}}, max_line_size = ${MAX_RECORD_BYTES})${ordinal ? " WITH ORDINALITY AS src(" + headers.map((_, i) => `c${i}`).join(", ") + ", n)" : ""}`
    );
  }
  return `read_parquet(${sqlString(link)})${ordinal ? " WITH ORDINALITY AS src(" + headers.map(sqlIdentifier).join(", ") + ", n)" : ""}`;
}

function columnText(format: "csv" | "parquet", headers: readonly string[], at: number | null): string {
  if (at === null) return "CAST(NULL AS VARCHAR)";
  const raw = format === "csv" ? `c${at}` : `CAST(${sqlIdentifier(headers[at])} AS VARCHAR)`;
  // Trimmed only when it has a space or tab at an end (trimming every cell costs as much as reading the file).
  return `CASE WHEN starts_with(${raw}, ' ') OR starts_with(${raw}, '\t') OR ends_with(${raw}, ' ') OR ends_with(${raw}, '\t') ` + `THEN NULLIF(trim(${raw}, ' \t'), '') ELSE NULLIF(${raw}, '') END`;
}

const q = sqlString;
const full = (x: string, pattern: string) => `regexp_full_match(${x}, ${q(pattern)})`;
const value = (x: string) => `left(COALESCE(${x}, ''), ${VALUE_CHARS})`;

/**
 * The rows with their reason (NULL when readable), the column at fault and the value found, and the
 * canonical values. Each test is computed once (flags), then the first failing one, in the order of
 * RowReader.read, gives a code from which the reason, column and value are read.
 */
export function checkedRowsSql(format: "csv" | "parquet", link: string, headers: readonly string[], mapping: ColumnMapping, ordinal: boolean, meters: MeterSql = NO_METERS): string {
  const t = (c: CanonicalColumn) => columnText(format, headers, mapping[c]);
  // Over the numbers read once in `numbers` (d_in for t_in, ...).
  const tokenOk = (x: string) => `(${x} IS NULL OR (${full(x, TOKENS_PATTERN)} AND d_${x.slice(2)} <= ${MAX_TOKENS}))`;
  const tokenValue = (x: string) => `COALESCE(TRY_CAST(d_${x.slice(2)} AS BIGINT), 0)`;
  const bool = (x: string) => `CASE WHEN lower(${x}) IN ('true', 'yes', '1') THEN TRUE WHEN lower(${x}) IN ('false', 'no', '0') THEN FALSE END`;
  // A time with an offset goes through TIMESTAMPTZ (ICU, slower); one without is UTC as it stands.
  const ts = (x: string, ok: string) => `CASE WHEN ${ok} THEN CASE WHEN contains(substr(${x}, 20), '+') OR contains(substr(${x}, 20), '-') ` + `THEN timezone('UTC', TRY_CAST(${x} AS TIMESTAMPTZ)) ELSE TRY_CAST(${x} AS TIMESTAMP) END END`;
  const humanMapped = mapping.human_handled !== null;
  const checks: [string, string | null, string, string][] = [
    // [condition (over the flags), column, reason, value]
    ["t_id IS NULL", "conversation_id", REASONS.blank("conversation_id"), "t_id"],
    ["t_started IS NULL", "started_at", REASONS.blank("started_at"), "t_started"],
    ["NOT started_fmt", "started_at", REASONS.notTimestamp("started_at"), "t_started"],
    ["started_ts IS NULL", "started_at", REASONS.noSuchDate("started_at"), "t_started"],
    ["NOT in_ok", "input_tokens", REASONS.notTokens("input_tokens"), "t_in"],
    ["NOT cached_ok", "cached_input_tokens", REASONS.notTokens("cached_input_tokens"), "t_cached"],
    ["NOT out_ok", "output_tokens", REASONS.notTokens("output_tokens"), "t_out"],
    ["cached_v > input_v", "cached_input_tokens", REASONS.cachedAboveInput, "t_cached"],
    ["t_ai IS NULL", "ai_resolved", REASONS.blank("ai_resolved"), "t_ai"],
    ["ai_v IS NULL", "ai_resolved", REASONS.notBoolean("ai_resolved"), "t_ai"],
    ["t_reopened IS NOT NULL AND NOT reopened_fmt", "reopened_at", REASONS.notTimestamp("reopened_at"), "t_reopened"],
    ["t_reopened IS NOT NULL AND reopened_ts IS NULL", "reopened_at", REASONS.noSuchDate("reopened_at"), "t_reopened"],
    ["reopened_ts < started_ts", "reopened_at", REASONS.reopenedBeforeStart, "t_reopened"],
    ["NOT csat_ok", "csat", REASONS.notCsat, "t_csat"],
  ];
  if (humanMapped) {
    checks.push(["t_human IS NULL", "human_handled", REASONS.blank("human_handled"), "t_human"]);
    checks.push(["human_v IS NULL", "human_handled", REASONS.notBoolean("human_handled"), "t_human"]);
  }
  checks.push(...meterChecks(meters));
  const byCode = (pick: (c: (typeof checks)[number]) => string) => `CASE code ${checks.map((c, i) => `WHEN ${i + 1} THEN ${pick(c)}`).join(" ")} END`;
  return `
WITH texts AS (
  SELECT ${ordinal ? "n, " : ""}
    ${t("conversation_id")} AS t_id, ${t("started_at")} AS t_started,
    ${t("input_tokens")} AS t_in, ${t("cached_input_tokens")} AS t_cached, ${t("output_tokens")} AS t_out,
    ${t("ai_resolved")} AS t_ai, ${t("reopened_at")} AS t_reopened, ${t("csat")} AS t_csat, ${t("human_handled")} AS t_human${meterTexts(format, headers, meters)}
  FROM ${sourceSql(format, link, headers, ordinal)}
),
numbers AS (
  SELECT *, TRY_CAST(t_in AS DOUBLE) AS d_in, TRY_CAST(t_cached AS DOUBLE) AS d_cached, TRY_CAST(t_out AS DOUBLE) AS d_out,
    TRY_CAST(t_csat AS DOUBLE) AS d_csat${meterValues(meters)}
  FROM texts
),
formats AS (
  SELECT *,
    ${full("t_started", TIMESTAMP_PATTERN)} AS started_fmt,
    ${full("t_reopened", TIMESTAMP_PATTERN)} AS reopened_fmt,
    ${tokenOk("t_in")} AS in_ok, ${tokenOk("t_cached")} AS cached_ok, ${tokenOk("t_out")} AS out_ok,
    (t_csat IS NULL OR (${full("t_csat", CSAT_PATTERN)} AND d_csat <= ${MAX_CSAT})) AS csat_ok,
    ${tokenValue("t_in")} AS input_v, ${tokenValue("t_cached")} AS cached_v, ${tokenValue("t_out")} AS output_v,
    d_csat AS csat_v,
    ${bool("t_ai")} AS ai_v,
    ${bool("t_human")} AS human_v
  FROM numbers
),
parsed AS (
  SELECT *, ${ts("t_started", "started_fmt")} AS started_ts, ${ts("t_reopened", "reopened_fmt")} AS reopened_ts
  FROM formats
),
coded AS (
  SELECT *, CASE ${checks.map((c, i) => `WHEN ${c[0]} THEN ${i + 1}`).join(" ")} END AS code
  FROM parsed
)
SELECT *,
  ${byCode((c) => q(c[2]))} AS reason,
  ${byCode((c) => (c[1] === null ? "NULL" : q(c[1])))} AS problem_column,
  ${byCode((c) => value(c[3]))} AS problem_value
FROM coded`;
}

/** The canonical table of the readable rows, as monthly-aggregate.sql expects it (and the meters' counts, meter_k and outcome). */
function canonicalViewSql(checked: string, meters: MeterSql = NO_METERS): string {
  const extra = [...meters.counted.map((_m, k) => `, m_v${k} AS meter_${k}`), meters.outcome ? ", o_v AS outcome" : ""].join("");
  return `
SELECT t_id AS conversation_id, started_ts AS started_at, input_v AS input_tokens, cached_v AS cached_input_tokens,
  output_v AS output_tokens, ai_v AS ai_resolved, reopened_ts AS reopened_at, csat_v AS csat,
  COALESCE(human_v, FALSE) AS human_handled${extra}
FROM (${checked}) WHERE code IS NULL`;
}

// ---------------------------------------------------------------------------------------------
// Meter columns (./meter-columns.ts) in SQL: the rules of RowReader.readMeters, in its order.

/** The history's meter columns as the SQL reads them, and the outcome types allowed (null: any). */
export interface MeterSql {
  counted: readonly MeterColumn[];
  outcome: MeterColumn | null;
  /** When the history holds more than MAX_OUTCOME_TYPES types: the first ones, in the file's order. */
  allowedOutcomes: readonly string[] | null;
}

const NO_METERS: MeterSql = { counted: [], outcome: null, allowedOutcomes: null };

export function meterSql(meters: readonly MeterColumn[]): MeterSql {
  return { counted: meters.filter((m) => m.kind !== "outcome"), outcome: meters.find((m) => m.kind === "outcome") ?? null, allowedOutcomes: null };
}

function meterTexts(format: "csv" | "parquet", headers: readonly string[], meters: MeterSql): string {
  const texts = meters.counted.map((m, k) => `, ${columnText(format, headers, m.at)} AS t_m${k}`);
  if (meters.outcome) texts.push(`, ${columnText(format, headers, meters.outcome.at)} AS t_o`);
  return texts.join("");
}

/** meterName in SQL: lower case, runs of anything but a-z and 0-9 as one "_", trimmed of "_". */
const OUTCOME_NAME = (x: string) => `regexp_replace(regexp_replace(lower(${x}), '[^a-z0-9]+', '_', 'g'), '^_+|_+$', '', 'g')`;

function meterValues(meters: MeterSql): string {
  const values = meters.counted.map((_m, k) => `, TRY_CAST(t_m${k} AS DOUBLE) AS d_m${k}, COALESCE(TRY_CAST(t_m${k} AS DOUBLE), 0) AS m_v${k}`);
  if (meters.outcome) values.push(`, ${OUTCOME_NAME("t_o")} AS o_v`);
  return values.join("");
}

function meterChecks(meters: MeterSql): [string, string | null, string, string][] {
  const checks: [string, string | null, string, string][] = meters.counted.map((m, k) => [`NOT (t_m${k} IS NULL OR (${full(`t_m${k}`, CSAT_PATTERN)} AND d_m${k} <= ${MAX_METER_COUNT}))`, m.header, REASONS.notMeterCount(m.header), `t_m${k}`]);
  const o = meters.outcome;
  if (o) {
    checks.push([`t_o IS NOT NULL AND o_v = ''`, o.header, REASONS.notOutcomeType(o.header), "t_o"]);
    if (meters.allowedOutcomes) {
      const allowed = meters.allowedOutcomes.map((x) => q(x)).join(", ");
      checks.push([`t_o IS NOT NULL AND o_v NOT IN (${allowed})`, o.header, REASONS.tooManyOutcomeTypes(o.header), "t_o"]);
    }
  }
  return checks;
}

function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return Number(v);
  if (v === null || v === undefined) return 0;
  return Number(v);
}

/** Rows of the monthly SQL's result as month records (by the SQL's column names). */
export function monthsFromRows(rows: Record<string, unknown>[]): MonthAggregate[] {
  return rows.map((r) => {
    const m = {} as Record<string, unknown>;
    for (const { sql, field } of AGGREGATE_COLUMNS) m[field] = field === "month" ? String(r[sql]) : toNumber(r[sql]);
    return m as unknown as MonthAggregate;
  });
}

export interface DuckDbOptions extends ReadOptions {
  /** DuckDB's threads (default: its own, one per core). */
  threads?: number;
  /** DuckDB's memory limit, e.g. "2GB" (default: its own, 80% of the memory). */
  memoryLimit?: string;
}

/** DuckDB's threads by default: at most four (a history is read once; the machine has other work). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length));
}

/** DuckDB's memory limit by default: a quarter of the memory, from 256 MB to 2 GB. */
export function defaultMemoryLimit(): string {
  return `${Math.max(256, Math.min(2048, Math.floor(os.totalmem() / 4 / 1024 / 1024)))}MB`;
}

/**
 * An error from DuckDB in words for the analyst: the user's file named, never the temporary link or
 * folder, the SQL or a stack. A CSV that is not UTF-8 is refused (never read again lossily).
 */
export function duckDbProblem(file: string, format: "csv" | "parquet", e: unknown, dir: string): HistoryError {
  const raw = String((e as { message?: unknown } | null)?.message ?? e);
  const first = raw.split("\n")[0].replace(/\s*LINE \d+:.*$/, "");
  const words = first
    .split(dir)
    .join("")
    .replace(/"[^"]*history\.(csv|parquet)"|'[^']*history\.(csv|parquet)'/g, () => JSON.stringify(file))
    .replace(/\/?history\.(csv|parquet)/g, "the file")
    .trim();
  if (format === "csv" && /invalid unicode|not utf-8/i.test(raw)) {
    const line = /CSV Error on Line:\s*(\d+)/i.exec(raw)?.[1];
    return new HistoryError(`${file}: is not UTF-8 text${line ? ` (line ${line} has bytes that are not UTF-8)` : ""}: save it as "CSV UTF-8"; it is not read with characters replaced`);
  }
  if (format === "parquet") return new HistoryError(`${file}: cannot be read as Parquet: it is truncated, damaged or not a Parquet file (${words})`);
  return new HistoryError(`${file}: DuckDB cannot read it (${words})`);
}

/** Aggregates a CSV or Parquet file with DuckDB. A CSV row DuckDB cannot split raises an error for which isCsvStructureError is true. */
export async function aggregateWithDuckDb(file: string, format: "csv" | "parquet", options: DuckDbOptions): Promise<HistoryRead> {
  checkRegularFile(file);
  const definition: BuyerDefinition = options.definition;
  const problem = checkDefinition(definition);
  if (problem) throw new RangeError(problem);
  const duck = loadDuckDb();
  const { dir, link } = linkHistory(file, format);
  try {
    const config: Record<string, string> = {
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      threads: String(options.threads ?? defaultThreads()),
      memory_limit: options.memoryLimit ?? defaultMemoryLimit(),
      // Spilled to the private folder, removed with it (DuckDB's default is ./.tmp, in the analyst's folder).
      temp_directory: path.join(dir, "spill"),
    };
    const instance = await duck.DuckDBInstance.create(":memory:", config);
    try {
      return await aggregateIn(await instance.connect(), file, format, link, options);
    } finally {
      instance.closeSync();
    }
  } catch (e) {
    if (e instanceof HistoryError || e instanceof RangeError) throw e;
    if (isCsvStructureError(e) && !/invalid unicode|not utf-8/i.test(String((e as { message?: unknown }).message))) throw e;
    throw duckDbProblem(file, format, e, dir);
  } finally {
    removeTempDir(dir);
  }
}

type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckModule["DuckDBInstance"]["create"]>>["connect"]>>;

/** One reading: the connection, the user's file and the link DuckDB reads it by. */
interface Reading {
  connection: Connection;
  file: string;
  format: "csv" | "parquet";
  link: string;
  rowsOf(sql: string): Promise<Record<string, unknown>[]>;
  rowsOfJson(sql: string): Promise<Record<string, unknown>[]>;
}

/** The header, the mapping and the two passes over the history, on a connection of its own. */
async function aggregateIn(connection: Connection, file: string, format: "csv" | "parquet", link: string, options: DuckDbOptions): Promise<HistoryRead> {
  const r: Reading = {
    connection,
    file,
    format,
    link,
    rowsOf: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[],
    rowsOfJson: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  };
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`SET allowed_paths = [${sqlString(link)}]`);
    await connection.run("SET enable_external_access = false");

    let headers: string[];
    if (format === "csv") headers = await readCsvHeader(file);
    else headers = (await r.rowsOf(`DESCRIBE SELECT * FROM ${sourceSql("parquet", link, [], false)}`)).map((row) => String(row.column_name));
    if (headers.length === 0) throw new HistoryError(`${file}: is empty: a history needs a header row and one row per conversation`);
    if (headers.length > MAX_CSV_COLUMNS) throw new HistoryError(`${file}: has ${headers.length.toLocaleString("en-US")} columns; a history has at most ${MAX_CSV_COLUMNS.toLocaleString("en-US")}`);
    const m = mapColumns(headers, options.overrides);
    if (!m.ok) throw new HistoryError(`${file}: ${m.message}`);

    const limit = options.problemListLimit ?? DEFAULT_PROBLEM_LIST_LIMIT;
    let meters = meterSql(m.meters);
    let problems = await countProblems(r, headers, m.mapping, limit, meters);
    if (problems.outcomeTypes > MAX_OUTCOME_TYPES) {
      // Rare: more outcome types than a history may hold. Only the first ones in the file's order are read.
      meters = await withAllowedOutcomes(r, headers, m.mapping, meters);
      problems = await countProblems(r, headers, m.mapping, limit, meters);
    }
    // Pass 2: the warehouse SQL over the readable rows (order does not matter there).
    await connection.run("SET preserve_insertion_order = false");
    await connection.run(`CREATE TEMP VIEW conversations AS ${canonicalViewSql(checkedRowsSql(format, link, headers, m.mapping, false, meters), meters)}`);
    const months = monthsFromRows(await r.rowsOf(monthlyAggregateSql(options.definition)));
    const history: HistoryAggregate = { ...options.definition, months };
    if (m.meters.length) await addMeterCounts(r, history, meters);
    return { format, engine: "duckdb", headers, mapping: m.mapping, missing: m.missing, history, read: problems.read, problems: problems.problems };
  } finally {
    connection.closeSync();
  }
}

/**
 * Pass 1, in the file's order (WITH ORDINALITY numbers the rows): rows by reason, and for each reason
 * its first rows (bounded: `limit` per reason), of which the first `limit` overall are listed.
 */
async function countProblems(r: Reading, headers: string[], mapping: ColumnMapping, listLimit: number, meters: MeterSql): Promise<{ read: number; problems: RowProblems; outcomeTypes: number }> {
  const problems = new RowProblems(listLimit);
  const limit = problems.limit;
  const firstRows = limit > 0 ? `, min_by(struct_pack(n := n, col := problem_column, val := problem_value), n, ${limit}) FILTER (WHERE code IS NOT NULL) AS first_rows` : "";
  // The outcome types among the readable rows: more than a history may hold means a second reading.
  const types = meters.outcome ? ", count(DISTINCT o_v) AS outcome_types" : "";
  const counts = await r.rowsOfJson(`SELECT code, any_value(reason) AS reason, count(*) AS row_count${firstRows}${types} FROM (${checkedRowsSql(r.format, r.link, headers, mapping, true, meters)}) GROUP BY code`);
  let read = 0;
  let outcomeTypes = 0;
  const first: { n: number; reason: string; col: unknown; val: unknown }[] = [];
  for (const c of counts) {
    const n = toNumber(c.row_count);
    if (c.code === null) {
      read = n;
      outcomeTypes = toNumber(c.outcome_types);
      continue;
    }
    problems.skipped += n;
    problems.byReason.set(String(c.reason), n);
    for (const f of (c.first_rows ?? []) as { n: unknown; col: unknown; val: unknown }[]) first.push({ n: toNumber(f.n), reason: String(c.reason), col: f.col, val: f.val });
  }
  first.sort((a, b) => a.n - b.n);
  for (const f of first.slice(0, limit)) {
    problems.listed.push({
      // The header is row 1 (CSV); a Parquet file has no header row, but rows are numbered the same way.
      row: f.n + 1,
      column: f.col === null || f.col === undefined ? null : (String(f.col) as CanonicalColumn),
      reason: f.reason,
      value: String(f.val ?? ""),
    });
  }
  return { read, problems, outcomeTypes };
}

/**
 * The outcome types allowed, as the streaming reader allows them: when the readable rows hold more than
 * MAX_OUTCOME_TYPES types, the first ones in the file's order (a row of a later type cannot be read).
 */
async function withAllowedOutcomes(r: Reading, headers: string[], mapping: ColumnMapping, meters: MeterSql): Promise<MeterSql> {
  if (!meters.outcome) return meters;
  const first = await r.rowsOf(`SELECT o_v, min(n) AS first_row FROM (${checkedRowsSql(r.format, r.link, headers, mapping, true, meters)}) ` + `WHERE code IS NULL AND o_v IS NOT NULL GROUP BY o_v ORDER BY first_row LIMIT ${MAX_OUTCOME_TYPES + 1}`);
  if (first.length <= MAX_OUTCOME_TYPES) return meters;
  return { ...meters, allowedOutcomes: first.slice(0, MAX_OUTCOME_TYPES).map((row) => String(row.o_v)) };
}

/** The meters' counts by month (sums of the numeric columns, rows by outcome type) into the history's months, in one reading. */
async function addMeterCounts(r: Reading, history: HistoryAggregate, meters: MeterSql): Promise<void> {
  const month = "CONCAT(CAST(EXTRACT(YEAR FROM started_at) AS VARCHAR), '-', LPAD(CAST(EXTRACT(MONTH FROM started_at) AS VARCHAR), 2, '0'))";
  const byMonth = new Map(history.months.map((m) => [m.month, m]));
  const keys = meters.counted.map((m) => m.key);
  for (const m of history.months) m.meters = Object.fromEntries(keys.map((k) => [k, 0]));
  const sums = keys.map((_k, i) => `, SUM(meter_${i}) AS s${i}`).join("");
  const outcome = meters.outcome ? ", outcome" : ", CAST(NULL AS VARCHAR) AS outcome";
  for (const row of await r.rowsOf(`SELECT ${month} AS month${outcome}, count(*) AS c${sums} FROM conversations GROUP BY ALL`)) {
    const counts = byMonth.get(String(row.month))?.meters;
    if (!counts) continue;
    keys.forEach((k, i) => (counts[k] += toNumber(row[`s${i}`])));
    if (row.outcome !== null && row.outcome !== undefined) counts[`outcome:${String(row.outcome)}`] = toNumber(row.c);
  }
  history.counts = [...keys, ...(meters.outcome ? ["outcome"] : [])];
}
