/**
 * The monthly aggregates read back from the SQL's result (`aiprice backtest --aggregated FILE`): a data
 * team runs src/replay/monthly-aggregate.sql where the tickets live and sends the small result as CSV.
 *
 * Pure (records in, aggregates out): the pane can read such a file too.
 */
import { AGGREGATE_COLUMNS, BuyerDefinition, checkDefinition, HistoryAggregate, MonthAggregate } from "./monthly-aggregation";
import { normalizeHeader } from "./columns";
import { MAX_CSAT, MAX_TOKENS } from "./rows";

/** More rows than this is not a monthly aggregate (a century of months). */
export const MAX_AGGREGATE_ROWS = 1200;

const REQUIRED = ["month", "conversations", "vendor_resolutions", "buyer_resolutions"];
const TOKEN_COLUMNS = ["input_tokens", "cached_input_tokens", "output_tokens"];
const COUNTS = new Set(["conversations", "vendor_resolutions", "buyer_resolutions", "human_handled", "rated", "input_tokens", "cached_input_tokens", "output_tokens", "reopened_within_window", "rated_below_threshold"]);

export type AggregatedResult =
  | {
      ok: true;
      history: HistoryAggregate;
      /** Did the file have the token columns (input_tokens and output_tokens)? */
      tokens: boolean;
      /** Was the definition (window_days, csat_threshold) stated in the file? */
      definitionInFile: boolean;
    }
  | { ok: false; problems: string[] };

/** The most conversations one month may report: ten billion (more is taken for a mistake in the file). */
export const MAX_MONTH_CONVERSATIONS = 10_000_000_000;

const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 6 });

/**
 * What is impossible or implausible in one month's figures (the field and the bound), or null: counts
 * that exceed what they are part of, more conversations than MAX_MONTH_CONVERSATIONS, more tokens than
 * MAX_TOKENS per conversation, a CSAT sum above MAX_CSAT per rated conversation.
 */
export function inconsistency(a: MonthAggregate): string | null {
  if (a.conversations === 0) return `${a.month} has no conversations`;
  if (a.conversations > MAX_MONTH_CONVERSATIONS) return `conversations (${n(a.conversations)}) is more than ${n(MAX_MONTH_CONVERSATIONS)}, the most one month may report`;
  const partOf: [string, number, string, number, string?][] = [
    ["vendor_resolutions", a.vendorResolutions, "conversations", a.conversations],
    ["buyer_resolutions", a.buyerResolutions, "vendor_resolutions", a.vendorResolutions, "; the buyer's resolutions are some of the vendor's"],
    ["human_handled", a.humanHandled, "conversations", a.conversations],
    ["rated", a.rated, "conversations", a.conversations],
    ["reopened_within_window", a.reopenedWithinWindow, "vendor_resolutions", a.vendorResolutions],
    ["rated_below_threshold", a.ratedBelowThreshold, "rated", a.rated],
    ["rated_below_threshold", a.ratedBelowThreshold, "vendor_resolutions", a.vendorResolutions],
    ["cached_input_tokens", a.cachedInputTokens, "input_tokens", a.inputTokens],
  ];
  for (const [field, value, whole, bound, why] of partOf) {
    if (value > bound) return `${field} (${n(value)}) exceed${field === "rated" ? "s" : ""} ${whole} (${n(bound)})${why ?? ""}`;
  }
  for (const [field, value] of [
    ["input_tokens", a.inputTokens],
    ["output_tokens", a.outputTokens],
  ] as const) {
    const bound = Math.min(a.conversations * MAX_TOKENS, Number.MAX_SAFE_INTEGER);
    if (value > bound) return `${field} (${n(value)}) is more than ${n(bound)}: ${n(MAX_TOKENS)} per conversation`;
  }
  if (a.csatSum > a.rated * MAX_CSAT) {
    return `csat_sum (${n(a.csatSum)}) is more than ${n(a.rated * MAX_CSAT)}: ${MAX_CSAT}, the top of any CSAT scale read here, for each of the ${n(a.rated)} rated conversations`;
  }
  return null;
}

/**
 * Reads the records of an aggregated CSV (the first is the header). `definition`, when given, is what
 * the command line asked for; a file that states another one is refused rather than replayed under
 * the wrong label.
 */
export function historyFromAggregated(records: readonly (readonly string[])[], definition?: Partial<BuyerDefinition>): AggregatedResult {
  const problems: string[] = [];
  if (records.length === 0) return { ok: false, problems: ["the file is empty: it needs the header row of the SQL's result and one row per month"] };
  const header = records[0].map(normalizeHeader);
  const at = (name: string) => header.indexOf(name);
  const absent = REQUIRED.filter((c) => at(c) === -1);
  if (absent.length) {
    return {
      ok: false,
      problems: [`the columns ${absent.join(", ")} are missing; the header is ${records[0].map((h) => JSON.stringify(h)).join(", ")} (aiprice backtest --print-sql gives the query whose result this is)`],
    };
  }
  if (records.length - 1 > MAX_AGGREGATE_ROWS) {
    return { ok: false, problems: [`the file has ${records.length - 1} rows; a monthly aggregate has one per month (at most ${MAX_AGGREGATE_ROWS})`] };
  }
  const tokens = at("input_tokens") !== -1 && at("output_tokens") !== -1;
  const months: MonthAggregate[] = [];
  const seen = new Set<string>();
  const stated: { windowDays: Set<number>; csatThreshold: Set<number> } = { windowDays: new Set(), csatThreshold: new Set() };
  for (let i = 1; i < records.length; i++) {
    const r = records[i];
    const rowNo = i + 1;
    const text = (name: string) => (at(name) === -1 ? "" : (r[at(name)] ?? "").trim());
    const m = {} as Record<string, unknown>;
    let bad = false;
    const month = text("month");
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(month)) {
      problems.push(`row ${rowNo}: month must be YYYY-MM (got ${JSON.stringify(month)})`);
      bad = true;
    } else if (seen.has(month)) {
      problems.push(`row ${rowNo}: month ${month} appears twice`);
      bad = true;
    }
    seen.add(month);
    m.month = month;
    for (const { sql, field } of AGGREGATE_COLUMNS) {
      if (sql === "month") continue;
      const t = text(sql);
      if (t === "" && !REQUIRED.includes(sql) && !(tokens && TOKEN_COLUMNS.includes(sql))) {
        m[field] = 0;
        continue;
      }
      const n = /^[0-9]+(\.[0-9]*)?([eE][+]?[0-9]+)?$/.test(t) ? Number(t) : NaN;
      if (!Number.isFinite(n) || (COUNTS.has(sql) && !Number.isInteger(n))) {
        problems.push(`row ${rowNo}: ${sql} must be ${COUNTS.has(sql) ? "a whole number" : "a number"} of 0 or more (got ${JSON.stringify(t)})`);
        bad = true;
      }
      m[field] = n;
    }
    for (const [sql, set] of [
      ["window_days", stated.windowDays],
      ["csat_threshold", stated.csatThreshold],
    ] as const) {
      if (at(sql) === -1) continue;
      const n = Number(text(sql));
      if (text(sql) === "" || !Number.isFinite(n)) {
        problems.push(`row ${rowNo}: ${sql} must be a number (got ${JSON.stringify(text(sql))})`);
        bad = true;
      } else set.add(n);
    }
    if (bad) continue;
    const a = m as unknown as MonthAggregate;
    const wrong = inconsistency(a);
    if (wrong) problems.push(`row ${rowNo}: ${wrong}`);
    else months.push(a);
    if (problems.length >= 50) break;
  }
  for (const [name, set] of [
    ["window_days", stated.windowDays],
    ["csat_threshold", stated.csatThreshold],
  ] as const) {
    if (set.size > 1) problems.push(`${name} differs between rows (${[...set].join(", ")}): the rows come from different queries`);
  }
  const windowDays = stated.windowDays.size === 1 ? [...stated.windowDays][0] : definition?.windowDays;
  const csatThreshold = stated.csatThreshold.size === 1 ? [...stated.csatThreshold][0] : definition?.csatThreshold;
  if (definition?.windowDays !== undefined && windowDays !== definition.windowDays) {
    problems.push(`the file was aggregated with a reopen window of ${windowDays} days, not ${definition.windowDays}: run the query again with --window-days ${definition.windowDays}, or leave the option out`);
  }
  if (definition?.csatThreshold !== undefined && csatThreshold !== definition.csatThreshold) {
    problems.push(`the file was aggregated with a CSAT threshold of ${csatThreshold}, not ${definition.csatThreshold}: run the query again with --csat-threshold ${definition.csatThreshold}, or leave the option out`);
  }
  if (windowDays === undefined || csatThreshold === undefined) {
    problems.push("the file does not say which reopen window and CSAT threshold it was aggregated with (columns window_days and csat_threshold): give --window-days and --csat-threshold");
  }
  if (problems.length) return { ok: false, problems };
  const d = { windowDays: windowDays as number, csatThreshold: csatThreshold as number };
  const check = checkDefinition(d);
  if (check) return { ok: false, problems: [check] };
  if (months.length === 0) return { ok: false, problems: ["the file has no months"] };
  months.sort((x, y) => (x.month < y.month ? -1 : x.month > y.month ? 1 : 0));
  return { ok: true, history: { ...d, months }, tokens, definitionInFile: stated.windowDays.size === 1 && stated.csatThreshold.size === 1 };
}
