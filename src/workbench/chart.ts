/**
 * A clustered bar chart (horizontal bars, as Excel's "bar" charts) drawn in SVG from a sheet's chart
 * spec and its current data. Labels are text nodes.
 */
import type { ChartView } from "../workbook/embedded-workbook";
import { formatGeneral } from "./number-format";

const SVG = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Round axis steps: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number, ticks = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function label(v: number): string {
  return Math.abs(v) >= 100 ? v.toLocaleString("en-US", { maximumFractionDigits: 0 }) : formatGeneral(Number(v.toPrecision(4)));
}

export function renderChart(chart: ChartView, width: number, height: number): SVGSVGElement {
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", class: "wb-chart-svg" });
  const values = chart.data.series[0]?.values ?? [];
  const title = el("title", {}, `${chart.title}: ${chart.data.categories.map((c, i) => `${c} ${values[i] ?? "n/a"}`).join(", ")}`);
  svg.append(title);
  svg.append(el("rect", { x: 0, y: 0, width, height, fill: "#ffffff", stroke: "#d9d9d9" }));
  svg.append(el("text", { x: width / 2, y: 22, "text-anchor": "middle", class: "wb-chart-title" }, chart.title));

  const cats = chart.data.categories;
  const n = Math.max(1, cats.length);
  const longest = Math.max(0, ...cats.map((c) => c.length));
  const labelWidth = Math.min(Math.max(60, longest * 6.5 + 12), width * 0.42);
  const left = labelWidth + 8;
  const right = width - 48;
  const top = 38;
  const bottom = height - 30;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(0, ...finite);
  const step = niceStep(max || 1);
  const axisMax = Math.max(step, Math.ceil((max || 1) / step) * step);
  const x = (v: number) => left + ((right - left) * Math.max(0, v)) / axisMax;

  for (let t = 0; t <= axisMax + step / 1e6; t += step) {
    svg.append(el("line", { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: "#e6e6e6" }));
    svg.append(el("text", { x: x(t), y: bottom + 16, "text-anchor": "middle", class: "wb-chart-tick" }, label(t)));
  }
  svg.append(el("line", { x1: left, x2: left, y1: top, y2: bottom, stroke: "#bfbfbf" }));

  const band = (bottom - top) / n;
  const barHeight = Math.max(6, Math.min(28, band * 0.6));
  cats.forEach((cat, i) => {
    const cy = top + band * i + band / 2;
    const shown = cat.length > 40 ? `${cat.slice(0, 39)}…` : cat;
    const text = el("text", { x: left - 6, y: cy + 4, "text-anchor": "end", class: "wb-chart-cat" }, shown);
    if (shown !== cat) text.append(el("title", {}, cat));
    svg.append(text);
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      svg.append(el("text", { x: left + 4, y: cy + 4, class: "wb-chart-na" }, "#N/A"));
      return;
    }
    svg.append(el("rect", { x: left, y: cy - barHeight / 2, width: Math.max(1, x(v) - left), height: barHeight, fill: "#4472c4", "data-value": v }));
    svg.append(el("text", { x: x(v) + 4, y: cy + 4, class: "wb-chart-value" }, label(v)));
  });
  return svg;
}
