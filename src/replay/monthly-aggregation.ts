/**
 * The per-conversation work of a replay: one streaming aggregation by UTC calendar month of
 * `started_at`, whose result is small (one record per month). src/replay/monthly-aggregate.sql is the
 * same aggregation in SQL, column for column; a test holds the two to the same figures.
 *
 * Pure (no Node, no DOM): the task pane's Web Worker aggregates with it as the CLI does.
 */
import type { ConversationRow } from "./rows";
import type { MeterColumn } from "./meter-columns";

/** The buyer's definition of a resolution: the inputs D and T. */
export interface BuyerDefinition {
  /** D: a reopen at most this many whole days after the start counts against the resolution. */
  windowDays: number;
  /** T: a rated conversation counts only with CSAT at or above this. */
  csatThreshold: number;
}

/** The buyer's reopen window D by default (a week); not the vendor's reopen window of a bid's charges (engine/schedule.ts). */
export const DEFAULT_BUYER_WINDOW_DAYS = 7;
export const DEFAULT_CSAT_THRESHOLD = 4;
export const MAX_WINDOW_DAYS = 3650;

/** One month of the history. */
export interface MonthAggregate {
  /** "YYYY-MM", the UTC calendar month of started_at. */
  month: string;
  conversations: number;
  /** ai_resolved: the vendor's definition. */
  vendorResolutions: number;
  /** ai_resolved, not reopened within D days, and CSAT >= T where rated: the buyer's definition. */
  buyerResolutions: number;
  humanHandled: number;
  /** Conversations with a CSAT. */
  rated: number;
  /** Sum of the CSATs given (their mean is csatSum / rated). */
  csatSum: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** AI resolutions reopened within D days (rejected by the buyer for that reason, CSAT aside). */
  reopenedWithinWindow: number;
  /** AI resolutions rated below T (rejected by the buyer for that reason, reopens aside). */
  ratedBelowThreshold: number;
  /**
   * The meters the history counts (./meter-columns.ts), by key: `voice_minutes`, `sessions`, `messages`,
   * `requests`, `actions:<type>`, `outcome:<type>`. Absent when the history has no meter column.
   */
  meters?: Record<string, number>;
}

/** What a replay prices: the months, in order, and the definition they were counted with. */
export interface HistoryAggregate extends BuyerDefinition {
  months: MonthAggregate[];
  /**
   * What the history counts beyond the canonical columns, for pricing charges: the keys of its numeric
   * meter columns, and "outcome" when it has an outcome column. Absent: none (no meter column, or an
   * aggregate read back from the warehouse SQL).
   */
  counts?: string[];
}

/** The aggregate fields in the SQL's column order, with the SQL's snake_case names. */
export const AGGREGATE_COLUMNS: readonly { sql: string; field: keyof MonthAggregate }[] = [
  { sql: "month", field: "month" },
  { sql: "conversations", field: "conversations" },
  { sql: "vendor_resolutions", field: "vendorResolutions" },
  { sql: "buyer_resolutions", field: "buyerResolutions" },
  { sql: "human_handled", field: "humanHandled" },
  { sql: "rated", field: "rated" },
  { sql: "csat_sum", field: "csatSum" },
  { sql: "input_tokens", field: "inputTokens" },
  { sql: "cached_input_tokens", field: "cachedInputTokens" },
  { sql: "output_tokens", field: "outputTokens" },
  { sql: "reopened_within_window", field: "reopenedWithinWindow" },
  { sql: "rated_below_threshold", field: "ratedBelowThreshold" },
];

/** Checks D and T; returns a message, or null when both are acceptable. */
export function checkDefinition(d: BuyerDefinition): string | null {
  if (!(Number.isInteger(d.windowDays) && d.windowDays >= 0 && d.windowDays <= MAX_WINDOW_DAYS)) {
    return `the reopen window must be a whole number of days from 0 to ${MAX_WINDOW_DAYS} (got ${d.windowDays})`;
  }
  if (!(Number.isFinite(d.csatThreshold) && d.csatThreshold >= 0 && d.csatThreshold <= 100)) {
    return `the CSAT threshold must be a number from 0 to 100 (got ${d.csatThreshold})`;
  }
  return null;
}

function emptyMonth(month: string): MonthAggregate {
  return {
    month,
    conversations: 0,
    vendorResolutions: 0,
    buyerResolutions: 0,
    humanHandled: 0,
    rated: 0,
    csatSum: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reopenedWithinWindow: 0,
    ratedBelowThreshold: 0,
  };
}

const MS_PER_DAY = 86_400_000;

/** Adds conversations one at a time; memory is one record per month, whatever the number of rows. */
export class MonthlyAggregator {
  private readonly byMonth = new Map<string, MonthAggregate>();
  private readonly windowMs: number;
  /** The month of the previous row and its bounds: consecutive rows are mostly in the same month. */
  private current: MonthAggregate | null = null;
  private currentFrom = 0;
  private currentTo = 0;

  private meterKeys: string[] = [];
  private counts: string[] = [];

  constructor(
    readonly definition: BuyerDefinition,
    /** The history's meter columns (./meter-columns.ts): counted month by month beside the canonical ones. */
    meters: readonly MeterColumn[] = [],
  ) {
    const problem = checkDefinition(definition);
    if (problem) throw new RangeError(problem);
    this.windowMs = definition.windowDays * MS_PER_DAY;
    this.countMeters(meters);
  }

  /** Counts the history's meter columns (known once its header is read), before any row is added. */
  countMeters(meters: readonly MeterColumn[]): void {
    if (this.byMonth.size) throw new Error("meters are set before the first row");
    this.meterKeys = meters.filter((m) => m.kind !== "outcome").map((m) => m.key);
    this.counts = [...this.meterKeys];
    if (meters.some((m) => m.kind === "outcome")) this.counts.push("outcome");
  }

  /** The row's meters into the month (numeric columns in order, then one for its outcome type). */
  private addMeters(a: MonthAggregate, row: ConversationRow): void {
    const meters = (a.meters ??= Object.fromEntries(this.meterKeys.map((k) => [k, 0])));
    for (let k = 0; k < this.meterKeys.length; k++) meters[this.meterKeys[k]] += row.meters[k];
    if (row.outcome !== null) {
      const key = `outcome:${row.outcome}`;
      meters[key] = (meters[key] ?? 0) + 1;
    }
  }

  private monthOf(ms: number): MonthAggregate {
    if (this.current && ms >= this.currentFrom && ms < this.currentTo) return this.current;
    const d = new Date(ms);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const key = `${y}-${m < 9 ? "0" : ""}${m + 1}`;
    let agg = this.byMonth.get(key);
    if (!agg) {
      agg = emptyMonth(key);
      this.byMonth.set(key, agg);
    }
    this.current = agg;
    this.currentFrom = Date.UTC(y, m, 1);
    this.currentTo = Date.UTC(y, m + 1, 1);
    return agg;
  }

  add(row: ConversationRow): void {
    const a = this.monthOf(row.startedMs);
    a.conversations++;
    if (row.humanHandled) a.humanHandled++;
    if (row.csat !== null) {
      a.rated++;
      a.csatSum += row.csat;
    }
    a.inputTokens += row.inputTokens;
    a.cachedInputTokens += row.cachedInputTokens;
    a.outputTokens += row.outputTokens;
    if (this.counts.length) this.addMeters(a, row);
    if (!row.aiResolved) return;
    a.vendorResolutions++;
    // reopened_at - started_at <= D days, exactly to the microsecond: a reopen on the edge counts against.
    const reopenedInWindow = row.reopened && (row.reopenedMs - row.startedMs < this.windowMs || (row.reopenedMs - row.startedMs === this.windowMs && row.reopenedUs <= row.startedUs));
    const lowCsat = row.csat !== null && row.csat < this.definition.csatThreshold;
    if (reopenedInWindow) a.reopenedWithinWindow++;
    if (lowCsat) a.ratedBelowThreshold++;
    if (!reopenedInWindow && !lowCsat) a.buyerResolutions++;
  }

  result(): HistoryAggregate {
    const months = [...this.byMonth.values()].map((m) => (m.meters ? { ...m, meters: { ...m.meters } } : { ...m })).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
    return this.counts.length ? { ...this.definition, months, counts: [...this.counts] } : { ...this.definition, months };
  }
}

/** The whole history in one record (sums over the months). */
export function historyTotals(history: HistoryAggregate): Omit<MonthAggregate, "month"> {
  const t = emptyMonth("");
  for (const m of history.months) {
    for (const { field } of AGGREGATE_COLUMNS) {
      if (field !== "month") (t[field] as number) += m[field] as number;
    }
  }
  const { month: _month, ...rest } = t;
  return rest;
}
