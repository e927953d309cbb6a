/**
 * CSV cells that stay text in every spreadsheet and every separator convention (OWASP "CSV Injection").
 * Why quoting is not enough, and the rule for text: docs/internals.md#csv-cells-that-stay-text.
 */

/** Characters that start a formula (or a quoted cell) when a cell begins with them, spaces skipped. */
const STARTS_FORMULA = /^[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r\n]/;

/** A character some reader ends a cell at, followed by what would start a formula there. */
const AFTER_SEPARATOR = /([;,|\t\r\n])(?=[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r\n])/g;

/** The text with an apostrophe wherever a cell could start a formula, in any separator convention. */
export function neutralText(text: string): string {
  const inner = text.replace(AFTER_SEPARATOR, "$1'");
  return inner !== text || STARTS_FORMULA.test(text) ? `'${inner}` : text;
}

/** One CSV field: a number unquoted (a non-finite one empty), text neutral and always quoted. */
export function csvCell(v: string | number): string {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return `"${neutralText(String(v)).replace(/"/g, '""')}"`;
}
