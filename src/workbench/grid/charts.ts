/** Charts: drawn where they are anchored, when in view, and again when their data changed. */
import { h } from "../../taskpane/dom";
import { parseCell } from "../../workbook/a1";
import type { ChartView, ValueChange } from "../../workbook/embedded-workbook";
import { chartInput, chartSources, renderChart } from "../chart";
import { HEADER_PX, ROW_HEADER_PX } from "./metrics";
import type { GridState } from "./state";

/** The active sheet's charts, none drawn yet. */
export function readCharts(g: GridState): void {
  g.page.chartLayer.replaceChildren();
  g.charts = g.workbook.charts(g.active).map((view) => ({ view, sources: chartSources(view), figure: null, dirty: false }));
}

function chartBox(g: GridState, view: ChartView): { left: number; top: number; width: number; height: number } {
  const { layout, page } = g;
  const tl = parseCell(view.topLeft);
  const br = parseCell(view.bottomRight);
  const c0 = Math.min(tl.col, layout.cols - 1);
  const c1 = Math.min(br.col + 1, layout.cols);
  const r0 = Math.min(tl.row, layout.rows - 1);
  const r1 = Math.min(br.row + 1, layout.rows);
  const left = ROW_HEADER_PX + layout.colLeft[c0];
  const top = HEADER_PX + layout.rowTop[r0];
  // As wide as its cells, but never wider than the grid in view (minus a margin and the scroll bar).
  const room = Math.max(160, page.scroller.clientWidth - ROW_HEADER_PX - 24);
  const width = Math.min(room, Math.max(240, layout.colLeft[c1] - layout.colLeft[c0]));
  const height = Math.max(160, layout.rowTop[r1] - layout.rowTop[r0]);
  return { left, top, width, height };
}

/** Draws the charts near the view that are not drawn yet, have moved, or read changed cells. */
export function drawCharts(g: GridState): void {
  const { scroller, chartLayer } = g.page;
  const viewTop = scroller.scrollTop - scroller.clientHeight;
  const viewBottom = scroller.scrollTop + 2 * scroller.clientHeight;
  const viewLeft = scroller.scrollLeft - scroller.clientWidth;
  const viewRight = scroller.scrollLeft + 2 * scroller.clientWidth;
  let fresh: Map<string, ChartView> | null = null;
  for (const chart of g.charts) {
    const box = chartBox(g, chart.view);
    const near = box.top < viewBottom && box.top + box.height > viewTop && box.left < viewRight && box.left + box.width > viewLeft;
    if (!near) continue;
    const key = `${box.left},${box.top},${box.width},${box.height}`;
    if (chart.figure && !chart.dirty && chart.figure.dataset.box === key) continue;
    if (chart.dirty) {
      // The data as it stands now (read once for all the charts to draw again).
      fresh ??= new Map(g.workbook.charts(g.active).map((c) => [c.id, c]));
      chart.view = fresh.get(chart.view.id) ?? chart.view;
    }
    const cells = chart.view.series.map((s) => g.workbook.values(g.active, s.values).flat());
    const figure = h("figure", { class: "wb-chart", "data-chart": chart.view.id, "data-box": key });
    figure.style.left = `${box.left}px`;
    figure.style.top = `${box.top}px`;
    figure.style.width = `${box.width}px`;
    figure.style.height = `${box.height}px`;
    figure.append(renderChart(chartInput(chart.view, cells), box.width, box.height));
    if (chart.figure) chart.figure.replaceWith(figure);
    else chartLayer.append(figure);
    chart.figure = figure;
    chart.dirty = false;
  }
}

/**
 * drawCharts in a task of its own, right after this one: a sheet shown anew draws its table in one task
 * and its charts in the next, so that the page answers between them (60 bids: 160 ms in one task).
 */
export function drawChartsSoon(g: GridState): void {
  if (g.chartsDue) return;
  g.chartsDue = true;
  setTimeout(() => {
    g.chartsDue = false;
    drawCharts(g);
  });
}

/** Marks the charts that read any of the changed cells, to be drawn again. */
export function markChangedCharts(g: GridState, positions: readonly ValueChange[]): void {
  for (const chart of g.charts) {
    if (chart.dirty) continue;
    chart.dirty = positions.some((p) => chart.sources.some((s) => p.meets(s.r0, s.c0, s.r1, s.c1)));
  }
}
