/**
 * CSV cells that stay text in every spreadsheet and every separator convention (OWASP "CSV Injection").
 *
 * A spreadsheet opening a CSV file runs a cell that starts with `=`, `+`, `-` or `@` (and, in some
 * programs, a tab or carriage return) as a formula. Quoting is not enough: a European Excel or
 * LibreOffice splits lines at `;` (others at a tab or `|`) and does not see our commas and quotes, so a
 * vendor named `Acme;=3+3` becomes the two cells `Acme` and `=3+3`. Hence the rule, for text:
 *  - every text field is quoted (`"`, with `""` inside), so a comma-separated reader keeps it whole;
 *  - an apostrophe goes before the field when it starts with a formula character (= + - @ or their
 *    full-width forms, a tab, a carriage return or a line feed, leading spaces skipped);
 *  - and an apostrophe goes right after every character that some reader takes for the end of a cell
 *    (`;`, `,`, tab, `|`, carriage return, line feed) when what follows it would start a formula; the
 *    field is then prefixed too. Whatever separator the reader picks, no cell it sees starts a formula.
 * Numbers are written as JavaScript writes them (full precision, a point for decimals), unquoted.
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
