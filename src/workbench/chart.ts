/**
 * The sheet's charts drawn in SVG as Excel draws them (clustered bars, stacked or floating bars, lines):
 * `layoutChart` turns the data into positions and labels (pure, every coordinate finite), `renderChart`
 * draws them, text as text nodes, no inline styles. The chart types: docs/modules.md#the-workbenchs-charts.
 */
import { parseRange } from "../workbook/a1";
import type { ChartView } from "../workbook/embedded-workbook";
import { isCellError, type CellValue } from "../workbook/port";
import { formatStep, formatValue } from "./number-format";

const SVG = "http://www.w3.org/2000/svg";

/** Office's chart colours, in order. */
export const SERIES_COLORS = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E", "#636363", "#997300"];

export type ChartType = "bar-clustered" | "bar-stacked" | "line";

/** What a chart draws: its kind, formats, categories and each series' cells as computed. */
export interface ChartInput {
  type: ChartType;
  title: string;
  valueFormat?: string;
  categoryFormat?: string;
  /** Category labels as the cells show them. */
  categories: string[];
  /** The category cells' values (numbers make a line chart's scale). */
  categoryValues: CellValue[];
  series: { name: string; hidden: boolean; cells: CellValue[] }[];
}

/** A chart of the embedded workbook as ChartInput; `cells` are the series' cells as read (errors kept). */
export function chartInput(view: ChartView, cells?: CellValue[][]): ChartInput {
  return {
    type: view.type,
    title: view.title,
    valueFormat: view.valueFormat,
    categoryFormat: view.categoryFormat,
    categories: view.data.categories,
    categoryValues: view.data.categoryValues,
    series: view.data.series.map((s, i) => ({ name: s.name, hidden: s.hidden, cells: cells?.[i] ?? s.values })),
  };
}

/** The cells a chart reads (its categories and series ranges), for knowing when to draw it again. */
export function chartSources(chart: { categories: string; series: { values: string }[] }): { r0: number; c0: number; r1: number; c1: number }[] {
  return [chart.categories, ...chart.series.map((s) => s.values)].map((range) => {
    const r = parseRange(range.replace(/^.*!/, ""));
    return { r0: r.start.row, c0: r.start.col, r1: r.end.row, c1: r.end.col };
  });
}

// ---------------------------------------------------------------------------------------------
// Scales

export interface Scale {
  lo: number;
  hi: number;
  step: number;
  ticks: number[];
}

/**
 * A "nice" step (1, 2 or 5 times a power of ten) for x > 0: the nearest one, or the one at or above x
 * when `above`; x itself when no such number is representable (denormals, near the largest double).
 */
function niceStep(x: number, above = false): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const [m, e] = x.toExponential(6).split("e");
  const mant = Number(m);
  const nice = above ? (mant <= 1 ? 1 : mant <= 2 ? 2 : mant <= 5 ? 5 : 10) : mant < 1.5 ? 1 : mant < 3 ? 2 : mant < 7 ? 5 : 10;
  const step = Number(`${nice}e${e}`);
  return step > 0 && Number.isFinite(step) ? step : x;
}

/** Rounds away the binary noise of lo + i * step (0.30000000000000004 -> 0.3). */
function clean(v: number): number {
  const r = Number(v.toPrecision(12));
  return Number.isFinite(r) ? r : v;
}

/**
 * An axis from min to max (min <= max, both finite) in about `ticks` round steps, no finer than
 * `minStep` (what the labels' format can show apart). Every number returned is finite, whatever the
 * data: 5e-324, 1.7e308, all equal, all zero.
 */
export function niceScale(min: number, max: number, ticks = 5, minStep = 0): Scale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    // One value: an axis from 0 to it (or to 1 when it is 0).
    if (min === 0) max = 1;
    else if (min > 0) min = 0;
    else max = 0;
  }
  // Half the span, so that 1.7e308 - (-1.7e308) does not overflow.
  const halfSpan = max / 2 - min / 2;
  let step = niceStep((halfSpan / ticks) * 2);
  if (minStep > 0 && Number.isFinite(minStep) && step < minStep) step = niceStep(minStep, true);
  if (!(step > 0) || !Number.isFinite(step)) step = halfSpan > 0 ? halfSpan : 1;
  let lo = Math.floor(min / step) * step;
  let hi = Math.ceil(max / step) * step;
  if (!Number.isFinite(lo) || lo > min) lo = min;
  if (!Number.isFinite(hi) || hi < max) hi = max;
  if (!(hi > lo)) hi = lo + step;
  if (!Number.isFinite(hi)) [lo, hi] = [min, max];
  const count = Math.round((hi / 2 - lo / 2) / (step / 2));
  const out: number[] = [];
  if (Number.isFinite(count) && count >= 1 && count <= 50) {
    // lo + i * step, computed in halves so that no tick overflows.
    for (let i = 0; i <= count; i++) out.push(i === count ? hi : clean(2 * (lo / 2 + (hi / 2 - lo / 2) * (i / count))));
  } else {
    out.push(lo, hi);
  }
  return { lo, hi, step, ticks: out };
}

/** Where v falls between lo and hi, from 0 to 1 (computed in halves: no overflow). */
function fraction(v: number, s: { lo: number; hi: number }): number {
  const f = (v / 2 - s.lo / 2) / (s.hi / 2 - s.lo / 2);
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

/**
 * The labels of numbers on an axis with this step: in the number format when there is one; otherwise
 * with the decimals the step needs, the same for every label (0.03, 1.94, 2.00 rather than 0.03333,
 * 1.944, 2), and in scientific notation for very large or small steps.
 */
export function numberLabeller(format: string | undefined, step: number, extraDecimals = 0): (v: number) => string {
  if (format && format.trim() && !/^general$/i.test(format.trim())) return (v) => formatValue(v, format).text;
  const exp = step > 0 && Number.isFinite(step) ? Math.floor(Math.log10(step)) : 0;
  if (!Number.isFinite(exp) || exp < -6 || exp > 10) return (v) => (v === 0 ? "0" : v.toExponential(2).replace("e", "E"));
  const decimals = Math.min(10, Math.max(0, -exp) + extraDecimals);
  return (v) => {
    if (!Number.isFinite(v)) return "";
    if (Math.abs(v) >= 1e15) return v.toExponential(2).replace("e", "E");
    const text = v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return text === "-0" || /^-0\.0*$/.test(text) ? text.slice(1) : text;
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

export interface TextItem {
  x: number;
  y: number;
  text: string;
  /** The whole text when `text` was shortened to fit. */
  full?: string;
  anchor: "start" | "middle" | "end";
}

export interface BarShape {
  series: number;
  category: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  color: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  title: TextItem;
  plot: { left: number; top: number; right: number; bottom: number };
  /** Gridlines of the value axis: a vertical line at x (bars) or a horizontal one at y (lines). */
  valueTicks: { pos: number; label: TextItem }[];
  /** The category axis's ticks, for a line chart over numbers. */
  categoryTicks: { pos: number; label: TextItem }[];
  categoryLabels: TextItem[];
  bars: BarShape[];
  /** Numbers written beside the bars. */
  barLabels: TextItem[];
  /** The P50 marks of a floating stacked bar: a short line across the bar at a boundary. */
  marks: { category: number; x: number; y1: number; y2: number; value: number; label: string }[];
  lines: { series: number; color: string; name: string; segments: { x: number; y: number; value: number; category: number }[][] }[];
  /** Error cells, each drawn as its error's text where its bar or point would be. */
  errors: { series: number; category: number; x: number; y: number; text: string; message?: string; anchor: "start" | "middle" }[];
  legend: { x: number; y: number; color: string; text: string; full?: string; kind: "box" | "line" }[];
  /** The line through zero on the value axis, when zero is inside the axis. */
  zero: { x1: number; y1: number; x2: number; y2: number } | null;
  /** What the chart shows, in words (its accessible description). */
  summary: string;
}

/** Width of a text in pixels at a font size; the browser measures, tests estimate. */
export type Measure = (text: string, px: number) => number;

export const estimateWidth: Measure = (text, px) => text.length * px * 0.56;

const FONT_PX = 12;
const TITLE_PX = 14;
const PAD = 10;

/** The text shortened with an ellipsis to fit in `room` pixels. */
function fit(text: string, room: number, px: number, measure: Measure): string {
  if (measure(text, px) <= room) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`, px) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `${text.slice(0, lo)}…` : "";
}

function textItem(x: number, y: number, text: string, room: number, px: number, measure: Measure, anchor: TextItem["anchor"]): TextItem {
  const shown = fit(text, room, px, measure);
  return shown === text ? { x, y, text, anchor } : { x, y, text: shown, full: text, anchor };
}

type Cell = { kind: "number"; value: number } | { kind: "error"; text: string; message?: string } | { kind: "none" };

function readCell(v: CellValue | undefined): Cell {
  if (typeof v === "number" && Number.isFinite(v)) return { kind: "number", value: v };
  if (isCellError(v)) return { kind: "error", text: v.error, message: v.message };
  return { kind: "none" };
}

/** The legend's entries laid out in rows under the plot; at most `maxRows`, the rest summed up. */
function layoutLegend(entries: { color: string; text: string; kind: "box" | "line" }[], left: number, right: number, bottom: number, maxRows: number, measure: Measure): { items: ChartLayout["legend"]; height: number } {
  if (entries.length === 0) return { items: [], height: 0 };
  const rowH = 16;
  const rows: { x: number; entry: (typeof entries)[number]; text: string; full?: string }[][] = [[]];
  let x = left;
  const room = right - left;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const text = fit(e.text, Math.max(40, room - 16), FONT_PX, measure);
    const w = 14 + measure(text, FONT_PX) + 14;
    if (x + w > right && rows[rows.length - 1].length > 0) {
      if (rows.length === maxRows) {
        // No room for the rest: the last entry says how many more.
        const last = rows[rows.length - 1];
        const more = entries.length - i + 1;
        const rest = entries
          .slice(i - 1)
          .map((r) => r.text)
          .join(", ");
        last[last.length - 1] = { x: last[last.length - 1].x, entry: { color: "#ffffff", text: `+${more} more`, kind: "box" }, text: `+${more} more`, full: rest };
        break;
      }
      rows.push([]);
      x = left;
    }
    rows[rows.length - 1].push({ x, entry: e, text, full: text === e.text ? undefined : e.text });
    x += w;
  }
  const height = rows.length * rowH + 4;
  const top = bottom - height + 4;
  const items: ChartLayout["legend"] = [];
  rows.forEach((row, r) => {
    // Each row centred.
    const used = row.length ? row[row.length - 1].x + 14 + measure(row[row.length - 1].text, FONT_PX) - left : 0;
    const shift = Math.max(0, (room - used) / 2);
    for (const item of row) items.push({ x: item.x + shift, y: top + r * rowH + 8, color: item.entry.color, text: item.text, ...(item.full ? { full: item.full } : {}), kind: item.entry.kind });
  });
  return { items, height };
}

/**
 * Positions and labels of everything a chart draws in a width x height box. Pure; every number in the
 * result is finite.
 */
export function layoutChart(input: ChartInput, width: number, height: number, measure: Measure = estimateWidth): ChartLayout {
  width = Number.isFinite(width) && width > 0 ? width : 320;
  height = Number.isFinite(height) && height > 0 ? height : 200;
  const type: ChartType = input.type === "bar-stacked" || input.type === "line" ? input.type : "bar-clustered";
  const n = input.categories.length;
  const series = input.series.map((s) => ({ ...s, read: Array.from({ length: n }, (_, i) => readCell(s.cells[i])) }));
  const visible = series.map((s, i) => ({ s, i })).filter((x) => !x.s.hidden);
  const color = new Map(visible.map((x, k) => [x.i, SERIES_COLORS[k % SERIES_COLORS.length]]));

  const title = textItem(width / 2, PAD + TITLE_PX, input.title, width - 2 * PAD, TITLE_PX, measure, "middle");
  const legendEntries = visible.length > 1 || type === "line" ? visible.map((x) => ({ color: color.get(x.i)!, text: x.s.name, kind: (type === "line" ? "line" : "box") as "box" | "line" })) : [];
  const legend = layoutLegend(legendEntries, PAD, width - PAD, height - PAD, Math.max(1, Math.floor((height * 0.3) / 16)), measure);

  const layout: ChartLayout = {
    width,
    height,
    title,
    plot: { left: PAD, top: PAD + TITLE_PX + 14, right: width - PAD, bottom: height - PAD - legend.height },
    valueTicks: [],
    categoryTicks: [],
    categoryLabels: [],
    bars: [],
    barLabels: [],
    marks: [],
    lines: [],
    errors: [],
    legend: legend.items,
    zero: null,
    summary: "",
  };
  if (type === "line") layoutLine(input, layout, series, visible, color, measure);
  else layoutBars(input, type, layout, series, visible, color, measure);
  return layout;
}

type ReadSeries = { name: string; hidden: boolean; read: Cell[] };

type Segment = { series: number; from: number; to: number };
type Failure = { series: number; category: number; text: string; message?: string };

/** Each category's bars, read from the series: the phase before any pixel is placed. */
interface BarData {
  n: number;
  stacked: boolean;
  floating: boolean;
  /** Each category's extent: per series for clustered bars; the stack's segments for stacked ones. */
  segments: Segment[][];
  /** Error cells of clustered bars, each in its own slot. */
  failed: Failure[];
  /** A stack with an error cell: no bar, the error instead. */
  failedAt: Map<number, Failure>;
  min: number;
  max: number;
}

function layoutBars(input: ChartInput, type: "bar-clustered" | "bar-stacked", L: ChartLayout, series: ReadSeries[], visible: { s: ReadSeries; i: number }[], color: Map<number, string>, measure: Measure): void {
  const data = readBars(input, type, series, visible);
  const scale = niceScale(data.min, data.max, 5, formatStep(input.valueFormat));
  const barLabel = numberLabeller(input.valueFormat, scale.step, 1);
  const labelText = (c: number) => stackLabel(data, c, barLabel);
  const catRoom = placeBarAxes(input, L, data, scale, barLabel, labelText, measure);
  placeBars(input, L, data, series, visible, color, scale, barLabel, labelText, catRoom, measure);
  L.summary = barSummary(input, data, series, visible, barLabel, labelText);
}

function readBars(input: ChartInput, type: "bar-clustered" | "bar-stacked", series: ReadSeries[], visible: { s: ReadSeries; i: number }[]): BarData {
  const n = input.categories.length;
  const stacked = type === "bar-stacked";
  const floating = stacked && series.length > 1 && series[0].hidden;
  const data: BarData = { n, stacked, floating, segments: [], failed: [], failedAt: new Map(), min: Infinity, max: -Infinity };
  for (let c = 0; c < n; c++) data.segments.push(stacked ? readStack(data, series, c) : readCluster(data, visible, c));
  let { min, max } = data;
  if (!(min <= max)) [min, max] = [0, 1];
  if (!floating) {
    min = Math.min(0, min);
    max = Math.max(0, max);
  } else if (min >= 0 && max - min >= max / 6) min = 0;
  data.min = min;
  data.max = max;
  return data;
}

/** One category's stack of segments (none, and the error, when a cell of the stack is an error). */
function readStack(data: BarData, series: ReadSeries[], c: number): Segment[] {
  const segs: Segment[] = [];
  const err = series.map((s, i) => ({ cell: s.read[c], i })).find((x) => x.cell.kind === "error");
  if (err && err.cell.kind === "error") {
    data.failedAt.set(c, { series: err.i, category: c, text: err.cell.text, message: err.cell.message });
    return segs;
  }
  let up = 0;
  let down = 0;
  series.forEach((s, i) => {
    const cell = s.read[c];
    const v = cell.kind === "number" ? cell.value : 0;
    const from = v >= 0 ? up : down;
    const to = from + v;
    if (v >= 0) up = Number.isFinite(to) ? to : Number.MAX_VALUE;
    else down = Number.isFinite(to) ? to : -Number.MAX_VALUE;
    segs.push({ series: i, from, to: Number.isFinite(to) ? to : v >= 0 ? Number.MAX_VALUE : -Number.MAX_VALUE });
  });
  for (const g of segs) {
    if (data.floating && g.series === 0) continue;
    data.min = Math.min(data.min, g.from, g.to);
    data.max = Math.max(data.max, g.from, g.to);
  }
  return segs;
}

/** One category's clustered bars, one per shown series (error cells set aside in their own slots). */
function readCluster(data: BarData, visible: { s: ReadSeries; i: number }[], c: number): Segment[] {
  const segs: Segment[] = [];
  for (const { s, i } of visible) {
    const cell = s.read[c];
    if (cell.kind === "number") {
      segs.push({ series: i, from: 0, to: cell.value });
      data.min = Math.min(data.min, 0, cell.value);
      data.max = Math.max(data.max, 0, cell.value);
    } else if (cell.kind === "error") data.failed.push({ series: i, category: c, text: cell.text, message: cell.message });
  }
  return segs;
}

/** The label of a stack (its total, or a floating bar's range); none for clustered bars. */
function stackLabel(data: BarData, c: number, barLabel: (v: number) => string): string | null {
  const segs = data.segments[c];
  if (!segs || segs.length === 0) return null;
  if (data.floating) {
    const shown = segs.filter((g) => g.series !== 0);
    return `${barLabel(Math.min(...shown.map((g) => Math.min(g.from, g.to))))} – ${barLabel(Math.max(...shown.map((g) => Math.max(g.from, g.to))))}`;
  }
  if (data.stacked) return barLabel(segs.reduce((t, g) => t + (g.to - g.from), 0));
  return null;
}

type LabelText = (c: number) => string | null;

/**
 * Room: category labels at the left, value labels at the right of the bars. Sets the plot area, the
 * value axis's ticks and the zero line; returns the room of the category labels.
 */
function placeBarAxes(input: ChartInput, L: ChartLayout, data: BarData, scale: Scale, barLabel: (v: number) => string, labelText: LabelText, measure: Measure): number {
  const label = numberLabeller(input.valueFormat, scale.step);
  const widest = Math.max(0, ...input.categories.map((c) => measure(c, FONT_PX)));
  const catRoom = Math.min(widest + 8, L.width * 0.4);
  const valueLabels: string[] = [];
  for (let c = 0; c < data.n; c++) {
    if (data.stacked) {
      const t = labelText(c);
      if (t) valueLabels.push(t);
    } else for (const g of data.segments[c]) valueLabels.push(barLabel(g.to));
  }
  const errorWidth = Math.max(0, ...data.failed.map((e) => measure(e.text, FONT_PX)), ...[...data.failedAt.values()].map((e) => measure(e.text, FONT_PX)));
  const tickWidth = Math.max(...scale.ticks.map((t) => measure(label(t), FONT_PX)));
  const labelRoom = Math.max(tickWidth / 2, ...valueLabels.map((t) => measure(t, FONT_PX) + 6), errorWidth + 6);
  const P = L.plot;
  P.left = Math.max(P.left + catRoom + 6, P.left + tickWidth / 2);
  P.right = Math.max(P.left + 20, P.right - Math.min(labelRoom, L.width * 0.3));
  P.bottom = Math.max(P.top + 10, P.bottom - 20);
  const x = (v: number) => P.left + fraction(v, scale) * (P.right - P.left);
  for (const t of scale.ticks) L.valueTicks.push({ pos: x(t), label: { x: x(t), y: P.bottom + 16, text: label(t), anchor: "middle" } });
  if (scale.lo < 0 && scale.hi > 0) L.zero = { x1: x(0), y1: P.top, x2: x(0), y2: P.bottom };
  return catRoom;
}

/** The bars, their labels and marks, and the error cells, in the plot area. */
function placeBars(
  input: ChartInput,
  L: ChartLayout,
  data: BarData,
  series: ReadSeries[],
  visible: { s: ReadSeries; i: number }[],
  color: Map<number, string>,
  scale: Scale,
  barLabel: (v: number) => string,
  labelText: LabelText,
  catRoom: number,
  measure: Measure,
): void {
  const { n, stacked, floating, segments, failed, failedAt } = data;
  const P = L.plot;
  const catPx = FONT_PX;
  const x = (v: number) => P.left + fraction(v, scale) * (P.right - P.left);
  const band = (P.bottom - P.top) / Math.max(1, n);
  const every = Math.max(1, Math.ceil((catPx + 2) / Math.max(1e-9, band)));
  const groups = stacked ? 1 : Math.max(1, visible.length);
  const thick = Math.max(1, Math.min(28 * groups, band * 0.7));
  const barH = thick / groups;
  const slot = new Map(visible.map((v, k) => [v.i, k]));
  const showLabels = barH >= 9;
  for (let c = 0; c < n; c++) {
    const cy = P.top + band * c + band / 2;
    if (c % every === 0) L.categoryLabels.push(textItem(P.left - 6, cy + 4, input.categories[c], catRoom, catPx, measure, "end"));
    const top = cy - thick / 2;
    const err = failedAt.get(c);
    if (err) {
      L.errors.push({ series: err.series, category: c, x: x(Math.max(scale.lo, Math.min(0, scale.hi))) + 4, y: cy + 4, text: err.text, message: err.message, anchor: "start" });
      continue;
    }
    for (const g of segments[c]) {
      if (series[g.series].hidden) continue;
      const x1 = x(Math.min(g.from, g.to));
      const x2 = x(Math.max(g.from, g.to));
      const y = stacked ? top : top + slot.get(g.series)! * barH;
      L.bars.push({ series: g.series, category: c, x: x1, y, width: Math.max(0, x2 - x1), height: barH, value: g.to - g.from, color: color.get(g.series) ?? SERIES_COLORS[0] });
      if (!stacked && showLabels) {
        const right = g.to >= 0;
        L.barLabels.push({ x: right ? x2 + 4 : x1 - 4, y: y + barH / 2 + 4, text: barLabel(g.to), anchor: right ? "start" : "end" });
      }
    }
    if (stacked) {
      const shown = segments[c].filter((g) => !series[g.series].hidden);
      if (floating) {
        // The boundaries between the shown segments: the middle value(s), e.g. P50.
        for (let k = 0; k + 1 < shown.length; k++) {
          const v = shown[k].to;
          L.marks.push({ category: c, x: x(v), y1: top - 3, y2: top + thick + 3, value: v, label: barLabel(v) });
        }
      }
      const t = labelText(c);
      if (t && showLabels && shown.length) L.barLabels.push({ x: x(Math.max(...shown.map((g) => Math.max(g.from, g.to)))) + 4, y: cy + 4, text: t, anchor: "start" });
    }
  }
  for (const e of failed) {
    const cy = P.top + band * e.category + band / 2;
    const y = stacked ? cy : cy - thick / 2 + slot.get(e.series)! * barH + barH / 2;
    L.errors.push({ series: e.series, category: e.category, x: x(Math.max(scale.lo, Math.min(0, scale.hi))) + 4, y: y + 4, text: e.text, message: e.message, anchor: "start" });
  }
}

/** The chart in words, for screen readers: each category's value(s), or its error. */
function barSummary(input: ChartInput, data: BarData, series: ReadSeries[], visible: { s: ReadSeries; i: number }[], barLabel: (v: number) => string, labelText: LabelText): string {
  return `${input.title}. ${input.categories
    .map((cat, c) => {
      const stackError = data.failedAt.get(c);
      if (stackError) return `${cat}: ${stackError.text}`;
      if (data.stacked) return `${cat}: ${labelText(c) ?? "no value"}`;
      const name = (i: number) => (visible.length > 1 ? `${series[i].name} ` : "");
      const shown = [...data.segments[c].map((g) => `${name(g.series)}${barLabel(g.to)}`), ...data.failed.filter((e) => e.category === c).map((e) => `${name(e.series)}${e.text}`)];
      return `${cat}: ${shown.length ? shown.join(", ") : "no value"}`;
    })
    .join("; ")}`;
}

function layoutLine(input: ChartInput, L: ChartLayout, series: ReadSeries[], visible: { s: ReadSeries; i: number }[], color: Map<number, string>, measure: Measure): void {
  const n = input.categories.length;
  const numericX = n > 0 && input.categoryValues.length === n && input.categoryValues.every((v) => typeof v === "number" && Number.isFinite(v));
  let min = Infinity;
  let max = -Infinity;
  for (const { s } of visible)
    for (const cell of s.read)
      if (cell.kind === "number") {
        min = Math.min(min, cell.value);
        max = Math.max(max, cell.value);
      }
  if (!(min <= max)) [min, max] = [0, 1];
  // As Excel: the axis starts at zero unless the values sit in a narrow band far from it.
  if (min >= 0 && max - min >= max / 6) min = 0;
  if (max <= 0 && max - min >= -min / 6) max = 0;
  const scale = niceScale(min, max, 5, formatStep(input.valueFormat));
  const label = numberLabeller(input.valueFormat, scale.step);
  const P = L.plot;
  const tickWidth = Math.max(...scale.ticks.map((t) => measure(label(t), FONT_PX)));
  P.left += tickWidth + 6;
  P.right -= 8;
  P.bottom = Math.max(P.top + 10, P.bottom - 20);
  const y = (v: number) => P.bottom - fraction(v, scale) * (P.bottom - P.top);
  for (const t of scale.ticks) L.valueTicks.push({ pos: y(t), label: { x: P.left - 6, y: y(t) + 4, text: label(t), anchor: "end" } });
  if (scale.lo < 0 && scale.hi > 0) L.zero = { x1: P.left, y1: y(0), x2: P.right, y2: y(0) };

  let xOf: (c: number) => number;
  if (numericX) {
    const xs = input.categoryValues as number[];
    let lo = Math.min(...xs);
    let hi = Math.max(...xs);
    if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
    const xScale = niceScale(lo, hi, Math.max(2, Math.min(10, Math.floor((P.right - P.left) / 70))), formatStep(input.categoryFormat));
    const inside = { lo, hi };
    const catLabel = numberLabeller(input.categoryFormat, xScale.step);
    xOf = (c) => P.left + fraction(xs[c], inside) * (P.right - P.left);
    for (const t of xScale.ticks) {
      if (t < lo - 1e-12 * Math.abs(lo) || t > hi + 1e-12 * Math.abs(hi)) continue;
      const px = P.left + fraction(t, inside) * (P.right - P.left);
      L.categoryTicks.push({ pos: px, label: { x: px, y: P.bottom + 16, text: catLabel(t), anchor: "middle" } });
    }
  } else {
    const band = (P.right - P.left) / Math.max(1, n);
    xOf = (c) => P.left + band * c + band / 2;
    const widest = Math.max(1, ...input.categories.map((c) => measure(c, FONT_PX)));
    const room = Math.max(band, Math.min(widest, 120));
    const every = Math.max(1, Math.ceil((room + 6) / Math.max(1e-9, band)));
    for (let c = 0; c < n; c += every) L.categoryLabels.push(textItem(xOf(c), P.bottom + 16, input.categories[c], band * every - 4, FONT_PX, measure, "middle"));
  }

  for (const { s, i } of visible) {
    const segmentsOf: ChartLayout["lines"][number]["segments"] = [];
    let current: ChartLayout["lines"][number]["segments"][number] = [];
    for (let c = 0; c < n; c++) {
      const cell = s.read[c];
      if (cell.kind === "number") current.push({ x: xOf(c), y: y(cell.value), value: cell.value, category: c });
      else {
        if (current.length) segmentsOf.push(current);
        current = [];
        if (cell.kind === "error") L.errors.push({ series: i, category: c, x: xOf(c), y: P.bottom - 4, text: cell.text, message: cell.message, anchor: "middle" });
      }
    }
    if (current.length) segmentsOf.push(current);
    L.lines.push({ series: i, color: color.get(i) ?? SERIES_COLORS[0], name: s.name, segments: segmentsOf });
  }
  const catText = (c: number) => (numericX && input.categoryFormat ? formatValue(input.categoryValues[c] as number, input.categoryFormat).text : input.categories[c]);
  L.summary = `${input.title}. ${visible.map(({ s }) => `${s.name}: ${s.read.map((cell, c) => `${catText(c)} ${cell.kind === "number" ? label(cell.value) : cell.kind === "error" ? cell.text : "no value"}`).join(", ")}`).join("; ")}`;
}

// ---------------------------------------------------------------------------------------------
// Drawing

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function textNode(t: TextItem, cls: string): SVGTextElement {
  const node = el("text", { x: t.x, y: t.y, "text-anchor": t.anchor, class: cls }, t.text);
  if (t.full) node.append(el("title", {}, t.full));
  return node;
}

let canvas: CanvasRenderingContext2D | null | undefined;

/** The browser's measure of chart text (the chart's font), or the estimate where there is no canvas. */
export const browserMeasure: Measure = (text, px) => {
  if (canvas === undefined) canvas = typeof document !== "undefined" ? document.createElement("canvas").getContext("2d") : null;
  if (!canvas) return estimateWidth(text, px);
  canvas.font = `${px}px Calibri, Carlito, "Segoe UI", Arial, sans-serif`;
  return canvas.measureText(text).width;
};

/** Draws a chart in an SVG of width x height. */
export function renderChart(input: ChartInput, width: number, height: number, measure: Measure = browserMeasure): SVGSVGElement {
  const L = layoutChart(input, width, height, measure);
  const svg = el("svg", { width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`, role: "img", class: "wb-chart-svg", "data-type": input.type });
  svg.append(el("title", {}, L.summary));
  svg.append(el("rect", { x: 0, y: 0, width: L.width, height: L.height, fill: "#ffffff", stroke: "#d9d9d9" }));
  svg.append(textNode(L.title, "wb-chart-title"));
  const P = L.plot;
  const isLine = input.type === "line";
  for (const t of L.valueTicks) {
    svg.append(isLine ? el("line", { x1: P.left, x2: P.right, y1: t.pos, y2: t.pos, stroke: "#e6e6e6" }) : el("line", { x1: t.pos, x2: t.pos, y1: P.top, y2: P.bottom, stroke: "#e6e6e6" }));
    svg.append(textNode(t.label, "wb-chart-tick"));
  }
  for (const t of L.categoryTicks) {
    svg.append(el("line", { x1: t.pos, x2: t.pos, y1: P.bottom, y2: P.bottom + 4, stroke: "#bfbfbf" }));
    svg.append(textNode(t.label, "wb-chart-tick"));
  }
  if (isLine) svg.append(el("line", { x1: P.left, x2: P.right, y1: P.bottom, y2: P.bottom, stroke: "#bfbfbf" }));
  else svg.append(el("line", { x1: P.left, x2: P.left, y1: P.top, y2: P.bottom, stroke: "#bfbfbf" }));
  if (L.zero) svg.append(el("line", { ...L.zero, stroke: "#8c8c8c", class: "wb-chart-zero" }));
  for (const t of L.categoryLabels) svg.append(textNode(t, "wb-chart-cat"));
  for (const b of L.bars) {
    const rect = el("rect", { x: b.x, y: b.y, width: b.width, height: b.height, fill: b.color, "data-value": b.value, "data-series": b.series, "data-category": b.category });
    rect.append(el("title", {}, `${input.series[b.series]?.name ?? ""}, ${input.categories[b.category] ?? ""}: ${numberLabeller(input.valueFormat, 0.0001)(b.value)}`));
    svg.append(rect);
  }
  for (const m of L.marks) {
    const line = el("line", { x1: m.x, x2: m.x, y1: m.y1, y2: m.y2, stroke: "#1f1f1f", "stroke-width": 2, class: "wb-chart-mark", "data-value": m.value, "data-category": m.category });
    line.append(el("title", {}, `${input.categories[m.category] ?? ""}: ${m.label}`));
    svg.append(line);
  }
  for (const t of L.barLabels) svg.append(textNode(t, "wb-chart-value"));
  for (const line of L.lines) {
    for (const seg of line.segments) {
      if (seg.length === 1) svg.append(el("circle", { cx: seg[0].x, cy: seg[0].y, r: 2.5, fill: line.color, "data-series": line.series }));
      else svg.append(el("polyline", { points: seg.map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(" "), fill: "none", stroke: line.color, "stroke-width": 2, "data-series": line.series, class: "wb-chart-line" }));
    }
  }
  for (const e of L.errors) {
    const node = el("text", { x: e.x, y: e.y, "text-anchor": e.anchor, class: "wb-chart-error", "data-series": e.series, "data-category": e.category }, e.text);
    node.append(el("title", {}, e.message ? `${e.text} ${e.message}` : e.text));
    svg.append(node);
  }
  for (const g of L.legend) {
    svg.append(g.kind === "line" ? el("line", { x1: g.x, x2: g.x + 10, y1: g.y, y2: g.y, stroke: g.color, "stroke-width": 2 }) : el("rect", { x: g.x, y: g.y - 5, width: 10, height: 10, fill: g.color }));
    svg.append(textNode({ x: g.x + 14, y: g.y + 4, text: g.text, full: g.full, anchor: "start" }, "wb-chart-legend"));
  }
  return svg;
}
