/**
 * One row of a pilot history, read and checked; a row that cannot be read is counted by reason and the
 * first ones listed, never dropped silently. Pure (the pane's worker reads rows with it); duckdb.ts states
 * the same rules in SQL. The rules: docs/replay.md#how-each-cell-is-read, docs/internals.md#pilot-history-rows.
 */
import { CanonicalColumn, ColumnMapping, COLUMN_NAMES } from "./columns";
import { MAX_METER_COUNT, MAX_OUTCOME_TYPES, meterName, type MeterColumn } from "./meter-columns";

/** A cell as a reader hands it over: text from a CSV; text, numbers, booleans or dates from an XLSX. */
export type Cell = string | number | boolean | Date | null | undefined;

/** The most tokens one conversation may report (more is taken for a mistake in the file). */
export const MAX_TOKENS = 1_000_000_000;
/** The highest CSAT accepted (scales of 1-5, 0-10 and 0-100 all fit). */
export const MAX_CSAT = 100;
/** Row problems listed one by one by default; beyond, they are only counted. */
export const DEFAULT_PROBLEM_LIST_LIMIT = 1000;
/** Characters of a faulty value kept in the list. */
export const VALUE_CHARS = 60;

/** Why a row cannot be read: fixed texts, so that rows can be counted by reason. */
export const REASONS = {
  fieldCount: "the number of fields differs from the header's",
  blank: (c: CanonicalColumn) => `${c} is blank`,
  notTimestamp: (c: CanonicalColumn) => `${c} is not an ISO 8601 date and time`,
  excelDateOutOfRange: (c: CanonicalColumn) => `${c} is an Excel date before 1900-03-01 or after 2999`,
  noSuchDate: (c: CanonicalColumn) => `${c} is not a date that exists`,
  notBoolean: (c: CanonicalColumn) => `${c} is not true or false`,
  notTokens: (c: CanonicalColumn) => `${c} is not a whole number from 0 to 1,000,000,000`,
  cachedAboveInput: "cached_input_tokens exceed input_tokens",
  reopenedBeforeStart: "reopened_at is before started_at",
  notCsat: "csat is not a number from 0 to 100",
  notMeterCount: (header: string) => `${header} is not a number from 0 to 1,000,000,000`,
  notOutcomeType: (header: string) => `${header} is not an outcome type in words`,
  tooManyOutcomeTypes: (header: string) => `${header} holds more than ${MAX_OUTCOME_TYPES} different outcome types`,
} as const;

/**
 * A conversation as read. Times are kept exactly to the microsecond as whole milliseconds since
 * 1970-01-01 UTC plus the microseconds beyond (0..999), so that differences stay exact in doubles.
 */
export interface ConversationRow {
  startedMs: number;
  startedUs: number;
  /** Has it been reopened (then reopenedMs/reopenedUs say when)? */
  reopened: boolean;
  reopenedMs: number;
  reopenedUs: number;
  aiResolved: boolean;
  humanHandled: boolean;
  /** null when unrated. */
  csat: number | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** The counts of the history's numeric meter columns, in their order (./meter-columns.ts); empty without them. */
  meters: number[];
  /** The outcome type (as meterName writes it), when the history has an outcome column and the cell is not blank. */
  outcome: string | null;
}

export interface RowProblem {
  /** The row number as a spreadsheet shows it: the header is row 1 (XLSX: the sheet's own row number). */
  row: number;
  /** The column at fault (a canonical column, or a meter column's header); null when the row as a whole is (its number of fields). */
  column: CanonicalColumn | string | null;
  reason: string;
  /** The value found, cut to VALUE_CHARS characters. */
  value: string;
}

/** Unreadable rows: all counted, by reason; the first `limit` listed (bounded memory). */
export class RowProblems {
  skipped = 0;
  readonly byReason = new Map<string, number>();
  readonly listed: RowProblem[] = [];
  constructor(readonly limit = DEFAULT_PROBLEM_LIST_LIMIT) {}

  add(row: number, column: CanonicalColumn | string | null, reason: string, value: string): void {
    this.skipped++;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
    if (this.listed.length < this.limit) this.listed.push({ row, column, reason, value: value.length > VALUE_CHARS ? value.slice(0, VALUE_CHARS) : value });
  }

  /** Counts by reason, most frequent first (then by reason). */
  reasons(): { reason: string; count: number }[] {
    return [...this.byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }
}

// ---------------------------------------------------------------------------------------------
// Text rules.

/** Removes surrounding spaces and tabs (only those: the SQL trims the same characters). */
export function trimCell(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * ISO 8601 as accepted (the SQL uses the same expression, TIMESTAMP_PATTERN). Groups: year, month,
 * day, hour, minute, second, fraction, zone.
 */
export const TIMESTAMP_PATTERN = "([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(?:[T ]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\\.([0-9]{1,9}))?(Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?)?";
const TIMESTAMP = new RegExp(`^${TIMESTAMP_PATTERN}$`);
/** Token counts: digits, optionally a decimal point and zeros. */
export const TOKENS_PATTERN = "[0-9]+(\\.0*)?";
const TOKENS = new RegExp(`^${TOKENS_PATTERN}$`);
/** CSAT: digits, optionally a decimal point and digits. */
export const CSAT_PATTERN = "[0-9]+(\\.[0-9]+)?";
const CSAT = new RegExp(`^${CSAT_PATTERN}$`);
/** Booleans, compared in lower case. */
export const TRUE_WORDS = ["true", "yes", "1"] as const;
export const FALSE_WORDS = ["false", "no", "0"] as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const MS_PER_DAY = 86_400_000;
/** Excel's date serial 0 is 1899-12-30 (the 1900 date system, with its leap-year quirk before March 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_MS = Date.UTC(3000, 0, 1);
/**
 * An XLSX date cell or date serial before 1900-03-01 is not a real date (serial 0 is "1900-01-00",
 * 60 is Excel's 1900-02-29, and 0.5 is a time of day with no date): such a row is refused, not billed
 * in 1899.
 */
const MIN_EXCEL_MS = Date.UTC(1900, 2, 1);

/** Where `parseTimestamp` writes: reused, never allocated per row. */
interface Instant {
  ms: number;
  us: number;
}

type TimeResult = "ok" | "format" | "date";

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(text: string, i: number): number {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The shape most exports write, `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` (T or space),
 * read by character codes: the same result as the pattern, several times faster. null for any other
 * shape (the pattern then decides).
 */
function fastTimestamp(text: string, into: Instant): TimeResult | null {
  const n = text.length;
  if (n !== 20 && n !== 24) return null;
  if (text.charCodeAt(n - 1) !== 90 /* Z */) return null;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  let ms = 0;
  if (n === 24) {
    if (text.charCodeAt(19) !== 46) return null;
    const a = digit(text, 20);
    const b = digit(text, 21);
    const c = digit(text, 22);
    if (a < 0 || b < 0 || c < 0) return null;
    ms = a * 100 + b * 10 + c;
  }
  const y1 = digit(text, 0);
  const y2 = twoDigits(text, 1);
  const y3 = digit(text, 3);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if ((y1 !== 1 && y1 !== 2) || y2 < 0 || y3 < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return null;
  }
  const year = y1 * 1000 + y2 * 10 + y3;
  if (day > daysIn(year, month)) return "date";
  into.ms = Date.UTC(year, month - 1, day, hour, minute, second) + ms;
  into.us = 0;
  return "ok";
}

/** Parses ISO 8601 text into `into`; "format" when the text is not one, "date" when the day does not exist. */
export function parseTimestamp(text: string, into: Instant): TimeResult {
  const fast = fastTimestamp(text, into);
  if (fast !== null) return fast;
  return parseTimestampByPattern(text, into);
}

/** parseTimestamp by the pattern alone (exported for the test that holds the fast path to it). */
export function parseTimestampByPattern(text: string, into: Instant): TimeResult {
  const m = TIMESTAMP.exec(text);
  if (!m) return "format";
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (day > daysIn(year, month)) return "date";
  let ms = Date.UTC(year, month - 1, day, m[4] === undefined ? 0 : +m[4], m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6]);
  let us = 0;
  const fraction = m[7];
  if (fraction !== undefined) {
    const six = (fraction + "00000").slice(0, 6);
    ms += +six.slice(0, 3);
    us = +six.slice(3, 6);
  }
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const minutes = +digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2, 4) : 0);
    ms -= sign * minutes * 60_000;
  }
  into.ms = ms;
  into.us = us;
  return "ok";
}

function isoOf(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** A cell as text: what the row's checks see and what a problem shows. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return trimCell(cell);
  if (cell instanceof Date) return isoOf(cell.getTime());
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return String(cell);
}

// ---------------------------------------------------------------------------------------------
// The reader.

/**
 * Reads rows with a mapping. `read` returns the row (one object, reused: copy what you keep) or null
 * when the row cannot be read, having added the problem to `problems`.
 */
export class RowReader {
  readonly problems: RowProblems;
  private readonly row: ConversationRow = {
    startedMs: 0,
    startedUs: 0,
    reopened: false,
    reopenedMs: 0,
    reopenedUs: 0,
    aiResolved: false,
    humanHandled: false,
    csat: null,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    meters: [],
    outcome: null,
  };
  private readonly instant: Instant = { ms: 0, us: 0 };
  private readonly at: (number | null)[];

  constructor(
    mapping: ColumnMapping,
    /** Fields a row must have (the header's); null to accept any number (XLSX rows end at their last value). */
    private readonly fieldCount: number | null,
    problemListLimit = DEFAULT_PROBLEM_LIST_LIMIT,
    /** The history's meter columns (./meter-columns.ts), read after the canonical ones. */
    meters: readonly MeterColumn[] = [],
  ) {
    this.problems = new RowProblems(problemListLimit);
    this.at = COLUMN_NAMES.map((c) => mapping[c]);
    this.counted = meters.filter((m) => m.kind !== "outcome");
    this.outcomeColumn = meters.find((m) => m.kind === "outcome") ?? null;
    this.row.meters = this.counted.map(() => 0);
  }

  private readonly counted: readonly MeterColumn[];
  private readonly outcomeColumn: MeterColumn | null;
  /** The outcome types seen so far (bounded by MAX_OUTCOME_TYPES). */
  private readonly outcomes = new Set<string>();

  /** The meter cells into row.meters and row.outcome; false when one cannot be read (recorded). */
  private readMeters(fields: ArrayLike<Cell>, rowNumber: number): boolean {
    const row = this.row;
    for (let k = 0; k < this.counted.length; k++) {
      const m = this.counted[k];
      const cell = fields[m.at];
      let n: number;
      if (typeof cell === "number") n = cell;
      else {
        const text = cellText(cell);
        n = text === "" ? 0 : typeof cell === "string" && CSAT.test(text) ? Number(text) : NaN;
      }
      if (!(n >= 0 && n <= MAX_METER_COUNT)) return this.fail(rowNumber, m.header, REASONS.notMeterCount(m.header), cell) ?? false;
      row.meters[k] = n;
    }
    row.outcome = null;
    const o = this.outcomeColumn;
    if (!o) return true;
    const text = cellText(fields[o.at]);
    if (text === "") return true;
    const type = typeof fields[o.at] === "string" ? meterName(text) : "";
    if (type === "") return this.fail(rowNumber, o.header, REASONS.notOutcomeType(o.header), text) ?? false;
    if (!this.outcomes.has(type)) {
      if (this.outcomes.size >= MAX_OUTCOME_TYPES) return this.fail(rowNumber, o.header, REASONS.tooManyOutcomeTypes(o.header), text) ?? false;
      this.outcomes.add(type);
    }
    row.outcome = type;
    return true;
  }

  private fail(rowNumber: number, column: CanonicalColumn | string | null, reason: string, cell: Cell | string): null {
    this.problems.add(rowNumber, column, reason, typeof cell === "string" ? cell : cellText(cell));
    return null;
  }

  /** The cell of canonical column i (in COLUMN_NAMES order), or undefined when unmapped. */
  private cell(fields: ArrayLike<Cell>, i: number): Cell {
    const at = this.at[i];
    return at === null ? undefined : fields[at];
  }

  /** A time into this.instant: "ok", "blank", or the reason it failed (already recorded). */
  private time(fields: ArrayLike<Cell>, i: number, rowNumber: number): "ok" | "blank" | "bad" {
    const column = COLUMN_NAMES[i];
    const cell = this.cell(fields, i);
    if (cell instanceof Date || typeof cell === "number") {
      const ms = cell instanceof Date ? cell.getTime() : Math.round(EXCEL_EPOCH_MS + cell * MS_PER_DAY);
      if (!(ms >= MIN_EXCEL_MS && ms < MAX_MS)) {
        this.fail(rowNumber, column, REASONS.excelDateOutOfRange(column), cell instanceof Date ? cell : String(cell));
        return "bad";
      }
      this.instant.ms = ms;
      this.instant.us = 0;
      return "ok";
    }
    const text = cellText(cell);
    if (text === "") return "blank";
    const r = parseTimestamp(text, this.instant);
    if (r === "ok") return "ok";
    this.fail(rowNumber, column, r === "format" ? REASONS.notTimestamp(column) : REASONS.noSuchDate(column), text);
    return "bad";
  }

  /** A token count, or -1 when it failed (recorded). */
  private tokens(fields: ArrayLike<Cell>, i: number, rowNumber: number): number {
    const cell = this.cell(fields, i);
    const column = COLUMN_NAMES[i];
    if (typeof cell === "number") {
      if (Number.isInteger(cell) && cell >= 0 && cell <= MAX_TOKENS) return cell;
      return this.fail(rowNumber, column, REASONS.notTokens(column), String(cell)) ?? -1;
    }
    const text = cellText(cell);
    if (text === "") return 0;
    if (typeof cell === "string" && TOKENS.test(text)) {
      const n = Number(text);
      if (n <= MAX_TOKENS) return n;
    }
    return this.fail(rowNumber, column, REASONS.notTokens(column), text) ?? -1;
  }

  /** 1 true, 0 false, -1 failed (recorded). */
  private bool(fields: ArrayLike<Cell>, i: number, rowNumber: number): number {
    const cell = this.cell(fields, i);
    const column = COLUMN_NAMES[i];
    if (typeof cell === "boolean") return cell ? 1 : 0;
    if (typeof cell === "number") {
      if (cell === 1 || cell === 0) return cell;
      return this.fail(rowNumber, column, REASONS.notBoolean(column), String(cell)) ?? -1;
    }
    const text = cellText(cell);
    if (text === "") return this.fail(rowNumber, column, REASONS.blank(column), text) ?? -1;
    if (typeof cell === "string") {
      const word = text.toLowerCase();
      if ((TRUE_WORDS as readonly string[]).includes(word)) return 1;
      if ((FALSE_WORDS as readonly string[]).includes(word)) return 0;
    }
    return this.fail(rowNumber, column, REASONS.notBoolean(column), text) ?? -1;
  }

  /**
   * Reads one row. `fields` are the row's cells in the file's column order; `rowNumber` is what a
   * spreadsheet shows (the header is row 1).
   */
  read(fields: ArrayLike<Cell>, rowNumber: number): ConversationRow | null {
    if (this.fieldCount !== null && fields.length !== this.fieldCount) {
      return this.fail(rowNumber, null, REASONS.fieldCount, `${fields.length} fields`);
    }
    const row = this.row;
    // 0 conversation_id
    const id = cellText(this.cell(fields, 0));
    if (id === "") return this.fail(rowNumber, "conversation_id", REASONS.blank("conversation_id"), id);
    // 1 started_at
    const started = this.time(fields, 1, rowNumber);
    if (started === "bad") return null;
    if (started === "blank") return this.fail(rowNumber, "started_at", REASONS.blank("started_at"), "");
    row.startedMs = this.instant.ms;
    row.startedUs = this.instant.us;
    // 2..4 tokens, then the cached ones against the input ones
    const input = this.tokens(fields, 2, rowNumber);
    if (input < 0) return null;
    const cached = this.tokens(fields, 3, rowNumber);
    if (cached < 0) return null;
    const output = this.tokens(fields, 4, rowNumber);
    if (output < 0) return null;
    if (cached > input) return this.fail(rowNumber, "cached_input_tokens", REASONS.cachedAboveInput, cellText(this.cell(fields, 3)));
    row.inputTokens = input;
    row.cachedInputTokens = cached;
    row.outputTokens = output;
    // 5 ai_resolved
    const resolved = this.bool(fields, 5, rowNumber);
    if (resolved < 0) return null;
    row.aiResolved = resolved === 1;
    // 6 reopened_at
    const reopened = this.time(fields, 6, rowNumber);
    if (reopened === "bad") return null;
    row.reopened = reopened === "ok";
    if (row.reopened) {
      row.reopenedMs = this.instant.ms;
      row.reopenedUs = this.instant.us;
      if (row.reopenedMs < row.startedMs || (row.reopenedMs === row.startedMs && row.reopenedUs < row.startedUs)) {
        return this.fail(rowNumber, "reopened_at", REASONS.reopenedBeforeStart, cellText(this.cell(fields, 6)));
      }
    }
    // 7 csat
    const csatCell = this.cell(fields, 7);
    if (typeof csatCell === "number") {
      if (!(csatCell >= 0 && csatCell <= MAX_CSAT)) return this.fail(rowNumber, "csat", REASONS.notCsat, String(csatCell));
      row.csat = csatCell;
    } else {
      const text = cellText(csatCell);
      if (text === "") row.csat = null;
      else {
        const n = typeof csatCell === "string" && CSAT.test(text) ? Number(text) : NaN;
        if (!(n <= MAX_CSAT)) return this.fail(rowNumber, "csat", REASONS.notCsat, text);
        row.csat = n;
      }
    }
    // 8 human_handled (optional column: absent means not counted)
    if (this.at[8] === null) row.humanHandled = false;
    else {
      const human = this.bool(fields, 8, rowNumber);
      if (human < 0) return null;
      row.humanHandled = human === 1;
    }
    if ((this.counted.length || this.outcomeColumn) && !this.readMeters(fields, rowNumber)) return null;
    return row;
  }
}
