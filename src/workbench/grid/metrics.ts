/**
 * The grid's sizes in pixels and the measuring of text as the browser lays it out: what the layout, the
 * cells and the view share.
 */
import type { CellDisplay } from "../../workbook/embedded-workbook";

export const DEFAULT_COL_PX = 72;
/** Left and right padding and the border of a cell. */
export const CELL_PADDING_PX = 9;
export const ROW_HEADER_PX = 44;
/** The column headings' row. */
export const HEADER_PX = 21;
/** A row's height, its bottom border included. */
export const ROW_PX = 21;
export const LINE_PX = 19;
/** Excel's tallest row (409 points). */
export const MAX_ROW_PX = 545;
export const MIN_ROWS = 30;
export const MIN_COLS = 10;
/** The engine's limits (HyperFormula's defaults): the selection never goes past them. */
export const MAX_ROWS = 40000;
export const MAX_COLS = 18278;
export const pointsToPx = (pt: number) => Math.round((pt * 96) / 72);

const CELL_FONT_FAMILY = 'Calibri, Carlito, "Segoe UI", Arial, sans-serif';
const CELL_FONT_PX = 14;
let measurer: CanvasRenderingContext2D | null = null;
const widthCache = new Map<string, number>();

/** The width in pixels of text in a font, as the browser lays it out. */
export function textWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    measurer ??= document.createElement("canvas").getContext("2d");
    if (!measurer) return text.length * 7.5;
    measurer.font = font;
    w = measurer.measureText(text).width;
    if (widthCache.size > 20000) widthCache.clear();
    widthCache.set(key, w);
  }
  return w;
}

export function fontPx(st: CellDisplay["style"]): number {
  return st?.fontSize ? pointsToPx(st.fontSize) : CELL_FONT_PX;
}

export function cellFont(view: CellDisplay): string {
  const st = view.style;
  return `${st?.italic ? "italic " : ""}${st?.bold ? 600 : 400} ${fontPx(st)}px ${CELL_FONT_FAMILY}`;
}

const linesCache = new Map<string, number>();

/**
 * Lines a text wraps to in `room` pixels, breaking at spaces (and inside words too long for a line);
 * remembered, since a sheet is laid out again on every change of sheet or size (a 60-bid comparison
 * has hundreds of wrapping notes, each measured word by word).
 */
export function wrappedLines(text: string, room: number, font: string): number {
  const key = `${font}\u0000${room}\u0000${text}`;
  let lines = linesCache.get(key);
  if (lines === undefined) {
    lines = countWrappedLines(text, room, font);
    if (linesCache.size > 20000) linesCache.clear();
    linesCache.set(key, lines);
  }
  return lines;
}

function countWrappedLines(text: string, room: number, font: string): number {
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(/(?<=\s)/)) {
      const w = textWidth(word, font);
      if (used > 0 && used + textWidth(word.trimEnd(), font) > room) {
        lines++;
        used = 0;
      }
      if (w > room) {
        lines += Math.floor(w / Math.max(1, room));
        used = w % Math.max(1, room);
      } else used += w;
    }
  }
  return lines;
}

/** Index of the last prefix-sum entry at or below y: the row (or column) that holds position y. */
export function indexAt(starts: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
