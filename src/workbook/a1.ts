/**
 * A1 addresses, as Excel writes them: column letters and 1-based rows. Pure helpers shared by the
 * sheet plan and both workbook ports.
 */

/** 0-based column index -> letters (0 -> A, 25 -> Z, 26 -> AA). */
export function columnLetters(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`column index must be a whole number of 0 or more (got ${index})`);
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Column letters -> 0-based index (A -> 0, AA -> 26). */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) throw new RangeError(`"${letters}" is not a column`);
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A cell position, 0-based. */
export interface CellPosition {
  row: number;
  col: number;
}

/** "B12" or "$B$12" -> { row: 11, col: 1 }. */
export function parseCell(address: string): CellPosition {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  if (!m) throw new RangeError(`"${address}" is not a cell address`);
  const row = Number(m[2]) - 1;
  if (row < 0) throw new RangeError(`"${address}" is not a cell address`);
  return { row, col: columnIndex(m[1]) };
}

/** { row: 11, col: 1 } -> "B12"; absolute -> "$B$12". */
export function cellAddress(pos: CellPosition, absolute = false): string {
  const d = absolute ? "$" : "";
  return `${d}${columnLetters(pos.col)}${d}${pos.row + 1}`;
}

/** A rectangle of cells, 0-based and inclusive. */
export interface CellRange {
  start: CellPosition;
  end: CellPosition;
}

/** "A1:C3" or "B5" -> a range. */
export function parseRange(address: string): CellRange {
  const parts = address.split(":");
  if (parts.length > 2) throw new RangeError(`"${address}" is not a range`);
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  };
}

export function rangeAddress(range: CellRange, absolute = false): string {
  const a = cellAddress(range.start, absolute);
  const b = cellAddress(range.end, absolute);
  return a === b ? a : `${a}:${b}`;
}

/** The range of `rows` x `cols` cells whose top-left cell is `topLeft`. */
export function rangeFrom(topLeft: CellPosition, rows: number, cols: number): CellRange {
  return { start: topLeft, end: { row: topLeft.row + rows - 1, col: topLeft.col + cols - 1 } };
}

/** A sheet name as a formula writes it: quoted when needed, quotes doubled. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * Splits a reference such as `='My sheet'!$ZZ$1` or `Sheet1!A1` into the sheet name and the
 * address; null when it is not a plain reference to one sheet.
 */
export function parseSheetReference(ref: string): { sheet: string; address: string } | null {
  const text = ref.trim().replace(/^=/, "");
  const quoted = /^'((?:[^']|'')+)'!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/.exec(text);
  if (quoted) return { sheet: quoted[1].replace(/''/g, "'"), address: quoted[2] };
  const plain = /^([^'!:]+)!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/.exec(text);
  if (plain) return { sheet: plain[1], address: plain[2] };
  return null;
}
