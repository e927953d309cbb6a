/**
 * "Today" is the analyst's own calendar day: the date on their clock, in their time zone (the browser's
 * for the task pane, TZ or the system's for the command line), never the UTC date. At 2026-12-31T20:00Z
 * it is already 2027-01-01 in Kiritimati (UTC+14) and still 2026-12-31 in Pago Pago (UTC-11). Every
 * default that depends on today (the comparison date, the first month of a contract) comes from here.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local calendar day of the instant, YYYY-MM-DD. */
export function localDate(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The month after the one of a date written YYYY-MM-DD (or YYYY-MM), as YYYY-MM. */
export function monthAfter(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${pad(y + 1, 4)}-01` : `${pad(y, 4)}-${pad(m + 1)}`;
}

/** The month after the analyst's today, YYYY-MM: the default first month of a contract. */
export function nextLocalMonth(now: Date = new Date()): string {
  return monthAfter(localDate(now));
}
