/**
 * The workbench's chart geometry (layoutChart, pure): what each chart type draws, where, and with which
 * labels, for the hard cases (a 5e-324 price, uneven label precision, error cells, a chart
 * wider than the grid) and at the sizes users reach (60 bids, 60-month terms, 101 rates).
 */
import fc from "fast-check";
import { ChartInput, ChartLayout, layoutChart, niceScale, numberLabeller } from "../../src/workbench/chart";
import { formatStep } from "../../src/workbench/number-format";
import type { CellValue } from "../../src/workbook/port";

const bars = (values: CellValue[], extra: Partial<ChartInput> = {}): ChartInput => ({
  type: "bar-clustered",
  title: "Cost per resolution by bid (USD)",
  categories: values.map((_, i) => `Bid ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ""}`),
  categoryValues: values.map((_, i) => `Bid ${i}`),
  series: [{ name: "Cost per resolution", hidden: false, cells: values }],
  ...extra,
});

/** Every number anywhere in the layout. */
function numbersIn(x: unknown, out: number[] = []): number[] {
  if (typeof x === "number") out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => numbersIn(v, out));
  else if (x && typeof x === "object") Object.values(x).forEach((v) => numbersIn(v, out));
  return out;
}

function expectInside(L: ChartLayout): void {
  for (const b of L.bars) {
    expect(b.x).toBeGreaterThanOrEqual(L.plot.left - 1e-9);
    expect(b.x + b.width).toBeLessThanOrEqual(L.plot.right + 1e-9);
    expect(b.width).toBeGreaterThanOrEqual(0);
  }
  for (const t of [...L.barLabels, ...L.valueTicks.map((v) => v.label)]) {
    expect(t.x).toBeGreaterThanOrEqual(0);
    expect(t.x).toBeLessThanOrEqual(L.width);
  }
}

describe("axis scales", () => {
  test("round steps that cover the data", () => {
    expect(niceScale(0, 0.99)).toMatchObject({ lo: 0, hi: 1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceScale(0, 1191)).toMatchObject({ lo: 0, hi: 1200, step: 200 });
    expect(niceScale(-3, 7).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
  });

  test("no step finer than the labels' format can show", () => {
    expect(formatStep("0.00")).toBe(0.01);
    expect(formatStep("$#,##0.0000")).toBe(0.0001);
    expect(formatStep("0%")).toBe(0.01);
    expect(formatStep("0.0%")).toBe(0.001);
    expect(formatStep("#,##0")).toBe(1);
    expect(formatStep("#,##0,\\k")).toBe(1000);
    expect(formatStep(undefined)).toBe(0);
    expect(formatStep("0.00E+00")).toBe(0);
    // 0.003 to 0.012 with whole-percent labels: steps of 1%, never 0.2% shown as "0%, 0%, 1%".
    const s = niceScale(0, 0.012, 5, formatStep("0%"));
    expect(s.step).toBe(0.01);
    const labels = s.ticks.map(numberLabeller("0%", s.step));
    expect(new Set(labels).size).toBe(labels.length);
  });

  test("every number finite, whatever the data (denormals, the largest doubles, one value, zeros)", () => {
    for (const [lo, hi] of [
      [0, 5e-324],
      [5e-324, 5e-324],
      [0, Number.MAX_VALUE],
      [-Number.MAX_VALUE, Number.MAX_VALUE],
      [0, 0],
      [7, 7],
      [-2, -2],
      [1e-300, 3e-300],
    ]) {
      const s = niceScale(lo, hi);
      for (const v of [s.lo, s.hi, s.step, ...s.ticks]) expect(Number.isFinite(v)).toBe(true);
      expect(s.hi).toBeGreaterThan(s.lo);
      expect(s.lo).toBeLessThanOrEqual(Math.min(lo, hi, 0) === 0 ? lo : Math.min(lo, hi));
      expect(s.hi).toBeGreaterThanOrEqual(hi);
    }
  });

  test("labels without a format have the same decimals throughout (0.03, 1.94, 2.00, not 0.03333, 1.944, 2)", () => {
    const L = layoutChart(bars([1 / 30, 1.944444, 2]), 600, 300);
    const texts = L.barLabels.map((t) => t.text);
    expect(texts).toEqual(["0.03", "1.94", "2.00"]);
    const ticks = L.valueTicks.map((t) => t.label.text);
    expect(new Set(ticks.map((t) => (t.split(".")[1] ?? "").length)).size).toBe(1);
  });

  test("labels in the chart's value format", () => {
    const L = layoutChart(bars([0.46 / 0.9, 0.99, 0.8375 / 0.9], { valueFormat: "$#,##0.0000" }), 600, 300);
    expect(L.barLabels.map((t) => t.text)).toEqual(["$0.5111", "$0.9900", "$0.9306"]);
    expect(L.valueTicks.map((t) => t.label.text)).toEqual(["$0.0000", "$0.2000", "$0.4000", "$0.6000", "$0.8000", "$1.0000"]);
  });
});

describe("clustered bars", () => {
  test("one bar per value, as long as its value on the axis, inside the plot", () => {
    const values = [0.5111, 0.99, 0.9306];
    const L = layoutChart(bars(values), 640, 320);
    expect(L.bars.map((b) => b.value)).toEqual(values);
    const zero = L.valueTicks[0].pos;
    const unit = (L.valueTicks[L.valueTicks.length - 1].pos - zero) / 1; // the axis ends at 1
    L.bars.forEach((b, i) => {
      expect(b.x).toBeCloseTo(zero, 9);
      expect(b.width).toBeCloseTo(values[i] * unit, 9);
    });
    expect(L.legend).toEqual([]); // one series: no legend
    expectInside(L);
  });

  test("a 5e-324 price draws a finite bar, never NaN", () => {
    const L = layoutChart(bars([5e-324, 5e-324]), 500, 240);
    expect(numbersIn(L).every(Number.isFinite)).toBe(true);
    expect(L.bars).toHaveLength(2);
    expect(L.barLabels.every((t) => !/NaN|Infinity/.test(t.text))).toBe(true);
    const mixed = layoutChart(bars([5e-324, 0.99]), 500, 240);
    expect(numbersIn(mixed).every(Number.isFinite)).toBe(true);
    expect(mixed.bars[0].width).toBeLessThan(1);
  });

  test("error cells are drawn as their error text, with no bar and no #N/A", () => {
    const L = layoutChart(bars([0.5, { error: "#NUM!", message: "resolution_rate must be at most 1" }, null, "text", 0.7]), 500, 260);
    expect(L.bars.map((b) => b.category)).toEqual([0, 4]);
    expect(L.errors).toEqual([expect.objectContaining({ category: 1, text: "#NUM!", message: "resolution_rate must be at most 1" })]);
    expect(JSON.stringify(L)).not.toContain("#N/A");
    expect(L.summary).toContain("Bid B: #NUM!");
    expect(L.summary).toContain("Bid C: no value");
  });

  test("negative values go left of a zero line", () => {
    const L = layoutChart(bars([-0.2, 0.5]), 500, 240);
    expect(L.zero).not.toBeNull();
    expect(L.bars[0].x + L.bars[0].width).toBeCloseTo(L.zero!.x1, 9);
    expect(L.bars[1].x).toBeCloseTo(L.zero!.x1, 9);
  });

  test("several series: grouped bars side by side within each category, and a legend", () => {
    const input: ChartInput = {
      type: "bar-clustered",
      title: "Monthly cost",
      categories: ["A", "B"],
      categoryValues: ["A", "B"],
      series: [
        { name: "AI", hidden: false, cells: [10, 20] },
        { name: "Human", hidden: false, cells: [30, 5] },
        { name: "Platform", hidden: false, cells: [1, 2] },
      ],
    };
    const L = layoutChart(input, 600, 320);
    expect(L.bars).toHaveLength(6);
    const a = L.bars.filter((b) => b.category === 0).sort((p, q) => p.y - q.y);
    expect(a.map((b) => b.series)).toEqual([0, 1, 2]);
    for (let i = 1; i < a.length; i++) expect(a[i].y).toBeCloseTo(a[i - 1].y + a[i - 1].height, 9);
    expect(new Set(L.bars.map((b) => b.color)).size).toBe(3);
    expect(L.legend.map((g) => g.text)).toEqual(["AI", "Human", "Platform"]);
    expect(L.legend.every((g) => g.y > L.plot.bottom)).toBe(true);
  });

  test("60 bids: one bar each, the names thinned to stay legible, every bar inside the plot", () => {
    const values = Array.from({ length: 60 }, (_, i) => 0.3 + i / 50);
    const L = layoutChart(bars(values, { valueFormat: "$#,##0.0000" }), 700, 420);
    expect(L.bars).toHaveLength(60);
    expect(L.categoryLabels.length).toBeLessThan(60);
    expect(L.categoryLabels.length).toBeGreaterThan(10);
    for (let i = 1; i < L.categoryLabels.length; i++) expect(L.categoryLabels[i].y - L.categoryLabels[i - 1].y).toBeGreaterThanOrEqual(12);
    expectInside(L);
  });

  test("long bid names are shortened to their room, the whole name kept for the tooltip", () => {
    const L = layoutChart(bars([1, 2], { categories: ["x".repeat(200), "short"] }), 500, 240);
    expect(L.categoryLabels[0].text.endsWith("…")).toBe(true);
    expect(L.categoryLabels[0].full).toBe("x".repeat(200));
    expect(L.plot.left).toBeLessThanOrEqual(500 * 0.4 + 20);
  });
});

describe("stacked bars: P10 to P90 with P50 marked", () => {
  // series = [P10 hidden, P50 - P10, P90 - P50], as the plan writes a range chart.
  const range = (p: [number, number, number][], extra: Partial<ChartInput> = {}): ChartInput => ({
    type: "bar-stacked",
    title: "Monthly cost, P10 to P90 (P50 marked)",
    valueFormat: "$#,##0",
    categories: p.map((_, i) => `Bid ${i + 1}`),
    categoryValues: p.map((_, i) => `Bid ${i + 1}`),
    series: [
      { name: "P10", hidden: true, cells: p.map((x) => x[0]) },
      { name: "P10 to P50", hidden: false, cells: p.map((x) => x[1] - x[0]) },
      { name: "P50 to P90", hidden: false, cells: p.map((x) => x[2] - x[1]) },
    ],
    ...extra,
  });

  test("each bar floats from P10 to P90, the hidden first segment not drawn, P50 marked at the boundary", () => {
    const p: [number, number, number][] = [
      [90000, 100000, 125000],
      [70000, 110000, 130000],
    ];
    const L = layoutChart(range(p), 700, 300);
    expect(L.bars.every((b) => b.series !== 0)).toBe(true);
    expect(L.bars).toHaveLength(4);
    // Positions on the axis: x(v) is linear; recover it from two ticks.
    const [t0, t1] = L.valueTicks;
    const scale = (t1.pos - t0.pos) / (Number(t1.label.text.replace(/[$,]/g, "")) - Number(t0.label.text.replace(/[$,]/g, "")));
    const x = (v: number) => t0.pos + (v - Number(t0.label.text.replace(/[$,]/g, ""))) * scale;
    p.forEach(([p10, p50, p90], c) => {
      const segs = L.bars.filter((b) => b.category === c).sort((a, b) => a.x - b.x);
      expect(segs[0].x).toBeCloseTo(x(p10), 6);
      expect(segs[0].x + segs[0].width).toBeCloseTo(x(p50), 6);
      expect(segs[1].x).toBeCloseTo(x(p50), 6);
      expect(segs[1].x + segs[1].width).toBeCloseTo(x(p90), 6);
      const mark = L.marks.filter((m) => m.category === c);
      expect(mark).toHaveLength(1);
      expect(mark[0].value).toBe(p50);
      expect(mark[0].x).toBeCloseTo(x(p50), 6);
      expect(mark[0].y1).toBeLessThan(segs[0].y);
      expect(mark[0].y2).toBeGreaterThan(segs[0].y + segs[0].height);
    });
    expect(L.barLabels.map((t) => t.text)).toEqual(["$90,000 – $125,000", "$70,000 – $130,000"]);
    expect(L.legend.map((g) => g.text)).toEqual(["P10 to P50", "P50 to P90"]);
    // The axis need not start at zero for a range far from it, and still covers every bar.
    expect(Number(L.valueTicks[0].label.text.replace(/[$,]/g, ""))).toBeLessThanOrEqual(70000);
    expectInside(L);
  });

  test("a stack with an error cell shows the error, not a partial bar", () => {
    const input = range([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    input.series[2].cells = [1, { error: "#VALUE!" }];
    const L = layoutChart(input, 500, 240);
    expect(L.bars.filter((b) => b.category === 1)).toEqual([]);
    expect(L.marks.filter((m) => m.category === 1)).toEqual([]);
    expect(L.errors).toEqual([expect.objectContaining({ category: 1, text: "#VALUE!" })]);
  });

  test("a plain stack (no hidden series) starts at zero and labels its total", () => {
    const L = layoutChart(
      {
        type: "bar-stacked",
        title: "t",
        categories: ["A"],
        categoryValues: ["A"],
        series: [
          { name: "x", hidden: false, cells: [2] },
          { name: "y", hidden: false, cells: [3] },
        ],
      },
      400,
      200,
    );
    expect(L.valueTicks[0].label.text).toBe("0");
    expect(L.barLabels.map((t) => t.text)).toEqual(["5.0"]);
    expect(L.marks).toEqual([]);
  });
});

describe("line charts", () => {
  test("blended cost against the resolution rate, 0% to 100%, for 60 bids: numeric axis, one line per bid, a legend", () => {
    const rates = Array.from({ length: 101 }, (_, i) => i / 100);
    const series = Array.from({ length: 60 }, (_, b) => ({ name: `GPT-4 via the API, buyer operates it #${b + 1}`, hidden: false, cells: rates.map((r) => 0.2 + b / 100 + (1 - r) * 3) as CellValue[] }));
    const input: ChartInput = { type: "line", title: "Blended cost per conversation", valueFormat: "$#,##0.00", categoryFormat: "0%", categories: rates.map((r) => `${Math.round(r * 100)}%`), categoryValues: rates, series };
    const L = layoutChart(input, 900, 500);
    expect(L.lines).toHaveLength(60);
    expect(L.lines.every((l) => l.segments.length === 1 && l.segments[0].length === 101)).toBe(true);
    expect(L.categoryTicks.map((t) => t.label.text)).toEqual(expect.arrayContaining(["0%", "50%", "100%"]));
    // x follows the rate: 0% at the left, 100% at the right, evenly.
    const pts = L.lines[0].segments[0];
    expect(pts[0].x).toBeCloseTo(L.plot.left, 9);
    expect(pts[100].x).toBeCloseTo(L.plot.right, 9);
    expect(pts[50].x).toBeCloseTo((L.plot.left + L.plot.right) / 2, 9);
    // Higher cost is higher on the chart.
    expect(pts[0].y).toBeLessThan(pts[100].y);
    expect(numbersIn(L).every(Number.isFinite)).toBe(true);
    // The legend stays within its share of the chart, with the rest counted.
    expect(L.legend.length).toBeGreaterThan(0);
    expect(L.legend[L.legend.length - 1].text).toMatch(/^\+\d+ more$/);
    expect(L.plot.bottom - L.plot.top).toBeGreaterThan(500 * 0.4);
    expect(L.valueTicks.map((t) => t.label.text).every((t) => /^\$\d+\.\d\d$/.test(t))).toBe(true);
  });

  test("cumulative cost over 60 months: text categories evenly spaced, labels thinned", () => {
    const months = Array.from({ length: 60 }, (_, i) => `Month ${i + 1}`);
    const input: ChartInput = {
      type: "line",
      title: "Cumulative cost",
      valueFormat: "$#,##0",
      categories: months,
      categoryValues: months,
      series: [
        { name: "Bid A", hidden: false, cells: months.map((_, i) => 30000 * (i + 1)) },
        { name: "Bid B", hidden: false, cells: months.map((_, i) => 100000 + 25000 * (i + 1)) },
      ],
    };
    const L = layoutChart(input, 800, 400);
    const xs = L.lines[0].segments[0].map((p) => p.x);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(1e-9);
    expect(L.categoryLabels.length).toBeLessThan(60);
    for (let i = 1; i < L.categoryLabels.length; i++) expect(L.categoryLabels[i].x - L.categoryLabels[i - 1].x).toBeGreaterThan(40);
    expect(L.legend.map((g) => g.text)).toEqual(["Bid A", "Bid B"]);
    expect(L.valueTicks[0].label.text).toBe("$0");
  });

  test("an error cell breaks the line and is shown as its error", () => {
    const input: ChartInput = {
      type: "line",
      title: "t",
      categories: ["1", "2", "3", "4"],
      categoryValues: [1, 2, 3, 4],
      series: [{ name: "s", hidden: false, cells: [1, 2, { error: "#DIV/0!" }, 4] }],
    };
    const L = layoutChart(input, 400, 200);
    expect(L.lines[0].segments.map((s) => s.map((p) => p.category))).toEqual([[0, 1], [3]]);
    expect(L.errors).toEqual([expect.objectContaining({ category: 2, text: "#DIV/0!" })]);
  });
});

describe("any data, any size", () => {
  const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom<CellValue>(5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0, null, "text", { error: "#NUM!" }, { error: "#DIV/0!", message: "m" }));
  test("every coordinate is finite and every label is text without NaN", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ChartInput["type"]>("bar-clustered", "bar-stacked", "line"),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(cell, { minLength: 48, maxLength: 48 }),
        fc.integer({ min: 20, max: 1500 }),
        fc.integer({ min: 20, max: 900 }),
        fc.constantFrom<string | undefined>(undefined, "$#,##0.00", "0%", "0.00E+00", "General"),
        (type, n, k, hiddenFirst, pool, width, height, valueFormat) => {
          const input: ChartInput = {
            type,
            title: "Chart",
            valueFormat,
            categories: Array.from({ length: n }, (_, i) => `C${i}`),
            categoryValues: Array.from({ length: n }, (_, i) => (i % 2 ? i : `C${i}`)),
            series: Array.from({ length: k }, (_, s) => ({ name: `S${s}`, hidden: hiddenFirst && s === 0 && k > 1, cells: Array.from({ length: n }, (_, i) => pool[(s * 12 + i) % pool.length]) })),
          };
          const L = layoutChart(input, width, height);
          for (const v of numbersIn(L)) expect(Number.isFinite(v)).toBe(true);
          const texts = [...L.barLabels, ...L.valueTicks.map((t) => t.label), ...L.categoryTicks.map((t) => t.label)].map((t) => t.text);
          for (const t of texts) expect(t).not.toMatch(/NaN|Infinity|undefined/);
        },
      ),
      { numRuns: 400 },
    );
  });
});
