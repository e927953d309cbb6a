/**
 * `aiprice backtest`: a pilot's conversation history priced under every bid. Usage, options (--aggregated,
 * --print-sql, --engine) and exit status: docs/replay.md.
 */
import * as fs from "fs";
import { parse as parseCsvSync } from "csv-parse/sync";
import { PRICING_MODEL_NAMES } from "../engine/bid";
import { historyFromAggregated } from "../replay/aggregated-input";
import { BuyerDefinition, checkDefinition, DEFAULT_CSAT_THRESHOLD, DEFAULT_BUYER_WINDOW_DAYS, HistoryAggregate, historyTotals } from "../replay/monthly-aggregation";
import { CanonicalColumn, COLUMN_NAMES, isCanonicalColumn, mappingByName } from "../replay/columns";
import { checkRegularFile, HistoryError } from "../replay/history-node";
import { Engine, readHistory } from "../replay/read-history";
import { ReplayOptions, ReplayReport, replayReport, RowsSummary, ThreePoint } from "../replay/replay";
import { sourcesInWords } from "../replay/meters";
import { monthlyAggregateSql } from "../replay/sql";
import type { BidTemplate } from "../templates/template";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output } from "./args";
import { readFile } from "./files";
import { rateReading } from "./rates";

export const BACKTEST_HELP = `aiprice backtest: price a pilot's conversation history under every bid.

Usage:
  aiprice backtest HISTORY BIDS... [options]
  aiprice backtest --aggregated FILE BIDS... [options]
  aiprice backtest --print-sql [--window-days D] [--csat-threshold T]

HISTORY is a CSV, XLSX or Parquet file with one row per conversation and the columns
conversation_id, started_at, input_tokens, cached_input_tokens, output_tokens, ai_resolved,
reopened_at, csat, human_handled (common other names are recognized). Each bid is priced month by
month (UTC calendar months of started_at) as its vendor would invoice it, with the resolutions
counted by the vendor's definition (ai_resolved) and by yours: not reopened within D days, and
CSAT at or above T where rated. Rows that cannot be read are counted and listed by row number.

Options:
  --window-days D       a reopen at most D whole days after the start counts against a
                        resolution (default ${DEFAULT_BUYER_WINDOW_DAYS})
  --csat-threshold T    a rated conversation counts only with CSAT >= T (default ${DEFAULT_CSAT_THRESHOLD})
  --json                print one JSON object (numbers unrounded; see docs/replay.md)
  --engine js|duckdb    who aggregates: DuckDB (the default for CSV and Parquet) or the
                        streaming JavaScript reader (the default for XLSX)
  --column NAME=HEADER  read column NAME from the file's HEADER (repeatable), e.g.
                        --column started_at="Created (UTC)"
  --human-cost H        cost of a conversation a human handles; revenue-share bids need it
  --qualifying-share Q  outcome-based bids: share of the AI's resolutions billed as outcomes
                        (default 100%), read as compare reads it: 80%, 80 or 0.8
  --print-sql           print the monthly aggregation as SQL, for a data team to run where the
                        tickets live (DuckDB, Spark SQL, BigQuery)
  --aggregated FILE     replay the CSV result of that SQL instead of a history

Exit status: 0 done; 1 a file is invalid or cannot be read; 2 the command line is wrong.
`;

class UsageError extends Error {}

interface Args {
  files: string[];
  json: boolean;
  printSql: boolean;
  aggregated?: string;
  engine?: Engine;
  windowDays?: number;
  csatThreshold?: number;
  humanCost?: number;
  qualifyingShare?: number;
  columns: Partial<Record<CanonicalColumn, string | null>>;
}

const VALUE_OPTIONS = new Set(["window-days", "csat-threshold", "aggregated", "engine", "human-cost", "qualifying-share", "column"]);
const FLAGS = new Set(["json", "print-sql"]);

function numberValue(name: string, raw: string, kind: "days" | "number" | "fraction"): number {
  const text = raw.trim().replace(/_/g, "");
  let n: number;
  if (kind === "fraction" && text.endsWith("%")) n = Number(text.slice(0, -1)) / 100;
  else n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got "${raw}")`);
  if (kind === "fraction" && !(n >= 0 && n <= 1)) throw new UsageError(`--${name} must be a fraction from 0 to 1, e.g. 0.9 or 90% (got "${raw}")`);
  if (n < 0) throw new UsageError(`--${name} must be 0 or more (got "${raw}")`);
  if (kind === "days" && !Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number of days (got "${raw}")`);
  return n;
}

export function parseBacktestArgs(args: readonly string[]): Args {
  const out: Args = { files: [], json: false, printSql: false, columns: {} };
  const given = new Set<string>();
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyFiles || !a.startsWith("--")) {
      out.files.push(a);
      continue;
    }
    if (a === "--") {
      onlyFiles = true;
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (FLAGS.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      if (name === "json") out.json = true;
      else out.printSql = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option --${name} for backtest`);
    let value: string | undefined;
    if (eq !== -1) value = a.slice(eq + 1);
    else value = args[++i];
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    if (name !== "column" && given.has(name)) throw new UsageError(`--${name} is given twice`);
    given.add(name);
    switch (name) {
      case "window-days":
        out.windowDays = numberValue(name, value, "days");
        break;
      case "csat-threshold":
        out.csatThreshold = numberValue(name, value, "number");
        break;
      case "human-cost":
        out.humanCost = numberValue(name, value, "number");
        break;
      case "qualifying-share": {
        // Read as compare reads it (src/cli/rates.ts): 80%, 80 or 0.8.
        const share = rateReading("qualifying-share", value);
        if (!share.ok) throw new UsageError(`--${name}: ${share.problem}`);
        out.qualifyingShare = share.value;
        break;
      }
      case "aggregated":
        out.aggregated = value;
        break;
      case "engine":
        if (value !== "js" && value !== "duckdb") throw new UsageError(`--engine must be js or duckdb (got "${value}")`);
        out.engine = value;
        break;
      case "column": {
        const at = value.indexOf("=");
        const column = at === -1 ? value : value.slice(0, at);
        if (!isCanonicalColumn(column)) throw new UsageError(`--column: "${column}" is not a column; the columns are ${COLUMN_NAMES.join(", ")}`);
        if (at === -1) throw new UsageError(`--column needs NAME=HEADER, e.g. --column ${column}="Created at" (or ${column}= for none)`);
        if (column in out.columns) throw new UsageError(`--column ${column} is given twice`);
        const header = value.slice(at + 1);
        out.columns[column] = header === "" ? null : header;
        break;
      }
    }
  }
  const definition = { windowDays: out.windowDays ?? DEFAULT_BUYER_WINDOW_DAYS, csatThreshold: out.csatThreshold ?? DEFAULT_CSAT_THRESHOLD };
  const problem = checkDefinition(definition);
  if (problem) throw new UsageError(problem.replace("the reopen window", "--window-days").replace("the CSAT threshold", "--csat-threshold"));
  if (out.printSql) {
    if (out.files.length || out.aggregated || out.json || out.engine) throw new UsageError("--print-sql prints the SQL only: give it no files (only --window-days and --csat-threshold)");
    return out;
  }
  if (out.aggregated !== undefined) {
    if (out.engine) throw new UsageError("--engine does not apply to --aggregated (the file is already aggregated)");
    if (Object.keys(out.columns).length) throw new UsageError("--column does not apply to --aggregated (its columns are the SQL's)");
    if (out.files.length === 0) throw new UsageError("backtest --aggregated FILE needs at least one BID file");
  } else if (out.files.length < 2) {
    throw new UsageError(out.files.length === 0 ? "backtest needs a HISTORY file and at least one BID file" : "backtest needs at least one BID file after the HISTORY file");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output.

function fixed(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
const count = (x: number) => fixed(x, 0);
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Text from a file shown on a terminal: control characters escaped. */
function safe(s: string): string {
  // eslint-disable-next-line no-control-regex -- it finds control characters, to escape them
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) ? JSON.stringify(s).slice(1, -1) : s;
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

/** The JSON printed by --json: the contract's fields plus where the history came from. */
export interface BacktestJson extends Omit<ReplayReport, "bids"> {
  /** Each bid as the contract has it, with its template id. */
  bids: (ReplayReport["bids"][number] & { id: string })[];
  history: ReplayReport["history"] & {
    file: string;
    format: string;
    engine: string;
    /** Canonical column -> the file's header (null when the file has none); absent for --aggregated. */
    columns?: Record<CanonicalColumn, string | null>;
    notes: string[];
  };
}

const TEXT_PROBLEMS = 20;
const MONTH_TABLE_BIDS = 8;

function printText(report: BacktestJson, labels: string[], io: Output): void {
  printHistory(report, io);
  printBids(report, labels, io);
  printSpread(report.spread, io);
  printSkippedRows(report.rows, io);
}

/** The history read: where from, how many rows, the buyer's definition, month by month. */
function printHistory(report: BacktestJson, io: Output): void {
  const h = report.history;
  const t = historyTotals(h as HistoryAggregate);
  const first = h.months[0]?.month;
  const last = h.months[h.months.length - 1]?.month;
  io.out(`History: ${safe(h.file)} (${h.format.toUpperCase()}${h.engine === "aggregated" ? ", already aggregated" : `, read by ${h.engine === "duckdb" ? "DuckDB" : "the streaming reader"}`})\n`);
  io.out(
    `  ${count(report.rows.read)} conversations read over ${h.months.length} month${h.months.length === 1 ? "" : "s"} (${first} to ${last}, UTC)` +
      `${report.rows.skipped ? `; ${count(report.rows.skipped)} row${report.rows.skipped === 1 ? "" : "s"} could not be read (listed below)` : "; every row was read"}.\n`,
  );
  if (h.columns) {
    const renamed = (Object.entries(h.columns) as [CanonicalColumn, string | null][]).filter(([c, header]) => header !== null && header !== c);
    if (renamed.length) io.out(`  Columns read from other headers: ${renamed.map(([c, header]) => `${c} <- "${safe(header as string)}"`).join(", ")}.\n`);
  }
  for (const note of h.notes) io.out(`  Note: ${safe(note)}\n`);
  io.out(`Your definition of a resolution: resolved by the AI, not reopened within ${h.windowDays} day${h.windowDays === 1 ? "" : "s"}, and CSAT at least ${h.csatThreshold} where rated.\n`);
  const share = t.vendorResolutions ? ` (${percent(t.buyerResolutions / t.vendorResolutions)} of the vendor's)` : "";
  io.out(`Resolutions: ${count(t.vendorResolutions)} by the vendor's definition (ai_resolved), ${count(t.buyerResolutions)} by yours${share}.\n`);
  io.out(`(reopened: AI resolutions reopened within the window; low CSAT: AI resolutions rated below the threshold; tokens per conversation)\n\n`);

  io.out(
    table(
      ["month", "conversations", "vendor res.", "your res.", "reopened", "low CSAT", "human", "rated", "tokens in", "tokens out"],
      h.months.map((m) => [
        m.month,
        count(m.conversations),
        `${count(m.vendorResolutions)} (${percent(m.vendorResolutions / m.conversations)})`,
        `${count(m.buyerResolutions)} (${percent(m.buyerResolutions / m.conversations)})`,
        count(m.reopenedWithinWindow),
        count(m.ratedBelowThreshold),
        count(m.humanHandled),
        count(m.rated),
        fixed(m.inputTokens / m.conversations, 0),
        fixed(m.outputTokens / m.conversations, 0),
      ]),
      [false, true, true, true, true, true, true, true, true, true],
    ),
  );
}

/** Each bid's totals, the bids' names, their monthly bills, and the bids not priced. */
function printBids(report: BacktestJson, labels: string[], io: Output): void {
  const h = report.history;
  const priced = report.bids.map((b, i) => ({ b, label: labels[i] })).filter(({ b }) => !b.problem);
  io.out(`\nBids over the ${h.months.length} months (total = the vendor's invoices plus what you supply; cost per resolution uses your resolutions):\n`);
  io.out(
    table(
      ["bid", "model", "total", "cost/conversation", "cost/resolution", "dispute exposure"],
      priced.map(({ b, label }) => [label, PRICING_MODEL_NAMES[b.model], `${fixed(b.total, 2)} ${b.currency}`, fixed(b.costPerConversation, 4), fixed(b.costPerResolution, 4), fixed(b.disputeExposure, 2)]),
      [false, false, true, true, true, true],
    ),
  );
  io.out("\nBids:\n");
  report.bids.forEach((b, i) => io.out(`  ${labels[i]}: ${safe(b.vendor)}, ${safe(b.name)} (${safe(b.file)})\n`));
  printMeters(report, labels, io);

  if (priced.length > 0 && priced.length <= MONTH_TABLE_BIDS) {
    io.out("\nMonthly bill, as invoiced:\n");
    io.out(
      table(
        ["month", ...priced.map((p) => p.label)],
        h.months.map((m, k) => [m.month, ...priced.map(({ b }) => fixed(b.months[k]?.bill ?? null, 2))]),
        [false, ...priced.map(() => true)],
      ),
    );
  } else if (priced.length > MONTH_TABLE_BIDS) {
    io.out("\nThe monthly bills of each bid are in the --json output.\n");
  }

  const unpriced = report.bids.map((b, i) => ({ b, label: labels[i] })).filter(({ b }) => b.problem);
  if (unpriced.length) {
    io.out("\nNot priced on this history:\n");
    for (const { b, label } of unpriced) io.out(`  ${label}: ${safe(b.problem as string)}\n`);
  }
}

/** For each bid by charges: which meters were counted from the history, and which assumed from the bid. */
function printMeters(report: BacktestJson, labels: string[], io: Output): void {
  const metered = report.bids.map((b, i) => ({ b, label: labels[i] })).filter(({ b }) => b.meters);
  if (!metered.length) return;
  io.out("\nCharges, counted from the history or assumed from the bid:\n");
  for (const { b, label } of metered) {
    const { counted, assumed } = sourcesInWords(b.meters ?? []);
    if (counted.length) io.out(`  ${label} counted: ${safe(counted.join("; "))}\n`);
    if (assumed.length) io.out(`  ${label} assumed: ${safe(assumed.join("; "))}\n`);
  }
}

function printSpread(s: BacktestJson["spread"], io: Output): void {
  const line = (name: string, p: ThreePoint | null, f: (x: number) => string) => {
    if (p) io.out(`  ${name.padEnd(34)}${f(p.p10).padStart(12)}${f(p.p50).padStart(12)}${f(p.p90).padStart(12)}\n`);
  };
  io.out(`\nSpread over the ${s.months} months (the risk view's three-point estimates):\n`);
  io.out(`  ${"".padEnd(34)}${"P10".padStart(12)}${"P50".padStart(12)}${"P90".padStart(12)}\n`);
  line("resolution rate (vendor's)", s.resolutionRate, (x) => fixed(x, 4));
  line("resolution rate (yours)", s.buyerResolutionRate, (x) => fixed(x, 4));
  line("conversations per month", s.conversations, (x) => fixed(x, 0));
  line("input tokens per conversation", s.inputTokens, (x) => fixed(x, 0));
  line("cached input tokens per conversation", s.cachedInputTokens, (x) => fixed(x, 0));
  line("output tokens per conversation", s.outputTokens, (x) => fixed(x, 0));
}

function printSkippedRows(r: BacktestJson["rows"], io: Output): void {
  if (r.skipped) {
    io.out(`\nRows that could not be read: ${count(r.skipped)}\n`);
    for (const { reason, count: n } of r.reasons) io.out(`  ${count(n).padStart(8)}  ${reason}\n`);
    const shown = r.problems.slice(0, TEXT_PROBLEMS);
    for (const p of shown) io.out(`  row ${p.row}: ${p.reason}${p.column === null || p.value !== "" ? ` (${p.column === null ? p.value : JSON.stringify(p.value)})` : ""}\n`);
    if (r.skipped > shown.length) io.out(`  ... ${count(r.skipped - shown.length)} more; --json lists the first ${count(r.problems.length)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// The command.

/** Short labels: the template id, numbered when two files share one. */
function labelsOf(entries: { template: BidTemplate }[]): string[] {
  const seen = new Map<string, number>();
  return entries.map(({ template }) => {
    const n = (seen.get(template.id) ?? 0) + 1;
    seen.set(template.id, n);
    return n === 1 ? template.id : `${template.id}#${n}`;
  });
}

const MAX_AGGREGATED_BYTES = 1024 * 1024;

function readAggregated(file: string, definition: Partial<BuyerDefinition>) {
  const stat = checkRegularFile(file, "the aggregated result");
  if (stat.size > MAX_AGGREGATED_BYTES) throw new HistoryError(`${file}: is ${Math.ceil(stat.size / 1024)} KB; a monthly aggregate is small (at most ${MAX_AGGREGATED_BYTES / 1024} KB)`);
  let records: string[][];
  try {
    records = parseCsvSync(fs.readFileSync(file), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new HistoryError(`${file}: the CSV cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const result = historyFromAggregated(records, definition);
  if (!result.ok) throw new HistoryError(`${file}: cannot be replayed:\n${result.problems.map((p) => `  ${p}`).join("\n")}`);
  return result;
}

async function backtest(args: Args, io: Output): Promise<number> {
  const definitionAsked: Partial<BuyerDefinition> = { windowDays: args.windowDays, csatThreshold: args.csatThreshold };
  const definition: BuyerDefinition = { windowDays: args.windowDays ?? DEFAULT_BUYER_WINDOW_DAYS, csatThreshold: args.csatThreshold ?? DEFAULT_CSAT_THRESHOLD };
  if (args.printSql) {
    io.out(monthlyAggregateSql(definition));
    return EXIT_OK;
  }
  const historyFile = args.aggregated ?? args.files[0];
  const bidFiles = args.aggregated !== undefined ? args.files : args.files.slice(1);

  // The bids first: a typo in a bid file should not cost a pass over a large history.
  const results = bidFiles.map(readFile);
  const invalid = results.filter((r) => r.problems.length > 0);
  if (invalid.length) {
    for (const r of invalid) {
      io.err(`INVALID  ${r.file}: ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}\n`);
      for (const p of r.problems) io.err(`  ${p.path}: ${p.message}\n`);
    }
    io.err(`\n${invalid.length} bid file${invalid.length === 1 ? " is" : "s are"} invalid: nothing replayed.\n`);
    return EXIT_INVALID;
  }
  const entries = results.flatMap((r) => r.templates.map((template) => ({ file: r.file, template })));

  let history: HistoryAggregate;
  let rows: RowsSummary;
  let meta: Omit<BacktestJson["history"], keyof ReplayReport["history"]>;
  const options: ReplayOptions = {};
  if (args.humanCost !== undefined) options.humanCost = args.humanCost;
  if (args.qualifyingShare !== undefined) options.qualifyingShare = args.qualifyingShare;
  if (args.aggregated !== undefined) {
    const a = readAggregated(args.aggregated, definitionAsked);
    history = a.history;
    options.tokens = a.tokens;
    const conversations = historyTotals(history).conversations;
    rows = { read: conversations, skipped: 0, reasons: [], problems: [] };
    meta = { file: historyFile, format: "csv", engine: "aggregated", notes: [] };
  } else {
    const read = await readHistory(historyFile, { definition, overrides: args.columns, engine: args.engine });
    history = read.history;
    options.tokens = read.mapping.input_tokens !== null && read.mapping.output_tokens !== null;
    rows = { read: read.read, skipped: read.problems.skipped, reasons: read.problems.reasons(), problems: read.problems.listed };
    const notes = [...read.notes, ...read.missing.map((m) => `the file has no ${m.column} column: ${m.meaning}.`)];
    meta = { file: historyFile, format: read.format, engine: read.engine, columns: mappingByName(read.mapping, read.headers), notes };
    if (read.read === 0) {
      const reasons = rows.reasons.map((r) => `  ${count(r.count)}  ${r.reason}`).join("\n");
      throw new HistoryError(`${historyFile}: no conversation could be read${rows.skipped ? `; ${count(rows.skipped)} rows could not be read:\n${reasons}` : " (it has a header and no rows)"}`);
    }
  }

  const report = replayReport(
    history,
    rows,
    entries.map((e) => ({ file: e.file, bid: e.template.bid })),
    options,
  );
  const json: BacktestJson = {
    rows: report.rows,
    history: { ...meta, ...report.history },
    bids: report.bids.map((b, i) => ({ ...b, id: entries[i].template.id })),
    spread: report.spread,
  };
  if (args.json) io.out(JSON.stringify(json, null, 2) + "\n");
  else printText(json, labelsOf(entries), io);
  return EXIT_OK;
}

/** Runs `aiprice backtest` with its arguments (after the word backtest); returns the exit status, never throws. */
export async function backtestMain(argv: readonly string[], io: Output): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.out(BACKTEST_HELP);
      return EXIT_OK;
    }
    return await backtest(parseBacktestArgs(argv), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`aiprice backtest: ${e.message}\nRun "aiprice backtest --help" for its options.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof HistoryError) {
      io.err(`aiprice backtest: ${e.message}\n`);
      return EXIT_INVALID;
    }
    // A stack only when asked for (AIPRICE_DEBUG=1): the analyst gets the message, not our insides.
    const detail = e instanceof Error ? (process.env.AIPRICE_DEBUG === "1" ? (e.stack ?? e.message) : e.message.split("\n")[0]) : String(e);
    io.err(`aiprice backtest: unexpected failure: ${detail}\n`);
    return EXIT_INVALID;
  }
}
