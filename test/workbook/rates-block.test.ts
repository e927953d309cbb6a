/**
 * The rates block as planned ("cheapest bid by resolution rate"): at 60 bids the chart draws only the
 * bids that are ever the cheapest (the engine's) and its title says how many it leaves out; with few
 * bids it draws them all; the block holds no row of list positions; where the winner changes is shown to
 * a thousandth of a percent, never "from 0.0% to 0.0%".
 */
import { cheapestByResolutionRate } from "../../src/engine";
import { formatValue } from "../../src/workbench/number-format";
import { RATES_CHART_ALL_BIDS } from "../../src/workbook/comparison/blocks/rates";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { manyBids } from "../e2e/sixty-bids";
import { GUIDE_SCENARIO, guideTemplates, RICH_SCENARIO } from "./fixtures";

describe("the chart of blended cost by resolution rate", () => {
  test("at 60 bids: only the bids ever the cheapest, and how many are left out", () => {
    const templates = manyBids(60);
    const plan = planComparison({ scenario: RICH_SCENARIO, templates }, []);
    const chart = plan.charts.find((c) => c.id === "blended-by-rate")!;
    const engine = cheapestByResolutionRate(
      templates.map((t) => t.bid),
      RICH_SCENARIO,
    );
    const ever = [...new Set(engine.ranges.map((r) => r.bid))].sort((a, b) => a - b);
    expect(chart.series.map((s) => s.name)).toEqual(ever.map((i) => templates[i].bid.name));
    expect(chart.series.length).toBeLessThan(10);
    expect(chart.title).toContain(`(${60 - ever.length} others left out)`);
  });

  test(`with ${RATES_CHART_ALL_BIDS} bids or fewer: every bid, nothing said to be left out`, () => {
    const templates = guideTemplates();
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates }, []);
    const chart = plan.charts.find((c) => c.id === "blended-by-rate")!;
    expect(chart.series.map((s) => s.name)).toEqual(templates.map((t) => t.bid.name));
    expect(chart.title).not.toMatch(/left out/);
  });
});

describe("the rows of the block", () => {
  const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, []);
  const rowOf = (key: string) => plan.rowKeys.find((r) => r.key === key)!.row;
  const cellsOf = (key: string) => [...planCells(plan)].filter((c) => c.row === rowOf(key) && c.block.id === "rates").sort((a, b) => a.col - b.col);

  test("no row of list positions: the row above the winners holds the lowest blended cost at each rate", () => {
    const cells = cellsOf("rates:winner-index");
    expect(cells[0].cell).toMatchObject({ kind: "text", value: "Lowest blended cost at this rate (bids priced)" });
    for (const { cell } of cells.slice(1)) expect(cell).toMatchObject({ kind: "formula", formula: expect.stringMatching(/^=IF\(COUNT\(.*MIN\(/) });
    expect(JSON.stringify(plan.blocks)).not.toMatch(/its place in the list/);
  });

  test("where the winner changes and each stretch's ends show a short stretch's digits", () => {
    for (const key of ["rates:changes", "rates:range-from", "rates:range-to"]) {
      const figures = cellsOf(key).filter((c) => c.cell.kind === "formula");
      expect(figures.length).toBeGreaterThan(10);
      for (const { cell } of figures) expect((cell as { format?: string }).format).toBe("0.0##%");
    }
    // As the workbench shows it: 0.00048 is 0.048%, 0 is 0.0%, 0.55 is 55.0%.
    expect([0.00048, 0, 0.55].map((v) => formatValue(v, "0.0##%").text)).toEqual(["0.048%", "0.0%", "55.0%"]);
  });
});
