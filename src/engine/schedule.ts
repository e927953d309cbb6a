/**
 * The expense schedule of a per-resolution contract whose resolutions become final only when a reopen
 * window closes: accrued at the expected reopen rate, trued up when the window closes (ASC 450), so the
 * recognized amounts sum to the final billable ones. The arithmetic: docs/spec.md#expense-schedule.
 */
import { fraction, nonNegative, PricingProblem } from "./problems";

export const SCHEDULE_COLUMNS = ["month", "resolutions", "accrued", "true-up", "recognized", "cumulative recognized", "final billable"] as const;

export interface ScheduleRow {
  month: number;
  resolutions: number;
  accrued: number;
  trueUp: number;
  recognized: number;
  cumulativeRecognized: number;
  finalBillable: number;
}

export const DAYS_PER_MONTH = 30;
export const DEFAULT_WINDOW_DAYS = 30;
/** The most months a schedule may have: a worksheet's rows (1,048,576) less the header row. */
export const MAX_SCHEDULE_MONTHS = 1048575;

/** Months between closing a resolution and its window closing. */
export function monthsUntilFinal(window_days: number): number {
  nonNegative("window_days", window_days);
  return Math.ceil(window_days / DAYS_PER_MONTH);
}

export function expenseSchedule(
  resolutions_by_month: readonly number[],
  price_per_resolution: number,
  expected_reopen_rate: number,
  /** One per month, `null` where not yet known; may be shorter than the months. */
  actual_reopen_rates: readonly (number | null)[] = [],
  window_days = DEFAULT_WINDOW_DAYS,
): ScheduleRow[] {
  if (resolutions_by_month.length === 0) {
    throw new PricingProblem("value", "resolutions_by_month", "resolutions_by_month must list at least one month");
  }
  resolutions_by_month.forEach((r, i) => nonNegative(`resolutions_by_month[${i + 1}]`, r));
  nonNegative("price_per_resolution", price_per_resolution);
  fraction("expected_reopen_rate", expected_reopen_rate);
  if (actual_reopen_rates.length > resolutions_by_month.length) {
    throw new PricingProblem("value", "actual_reopen_rates", `actual_reopen_rates has ${actual_reopen_rates.length} months but resolutions_by_month has ${resolutions_by_month.length}`);
  }
  actual_reopen_rates.forEach((a, i) => {
    if (a !== null) fraction(`actual_reopen_rates[${i + 1}]`, a);
  });
  const k = monthsUntilFinal(window_days);
  const n = resolutions_by_month.length;
  if (n + k > MAX_SCHEDULE_MONTHS) {
    throw new PricingProblem("num", "window_days", `window_days (${window_days}) would make a schedule of ${n + k} months, more than a worksheet holds (${MAX_SCHEDULE_MONTHS} below the header)`);
  }
  const rows: ScheduleRow[] = [];
  let cumulative = 0;
  for (let m = 0; m < n + k; m++) {
    const resolutions = m < n ? resolutions_by_month[m] : 0;
    const accrued = resolutions * (1 - expected_reopen_rate) * price_per_resolution;
    let trueUp = 0;
    let finalBillable = 0;
    const closing = m - k; // the month whose window closes now
    if (closing >= 0) {
      const r = resolutions_by_month[closing];
      const actual = actual_reopen_rates[closing] ?? null;
      const settled = actual === null ? expected_reopen_rate : actual;
      trueUp = r * (expected_reopen_rate - settled) * price_per_resolution;
      finalBillable = r * (1 - settled) * price_per_resolution;
    }
    const recognized = accrued + trueUp;
    cumulative += recognized;
    rows.push({ month: m + 1, resolutions, accrued, trueUp, recognized, cumulativeRecognized: cumulative, finalBillable });
  }
  return rows;
}
