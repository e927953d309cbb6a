/**
 * The answer first, in a real formula engine (HyperFormula with the BUILT AIPRICE functions): the
 * summary at the top of the comparison sheet names the winner under each view (the engine's rank 1,
 * the lowest P50, P90, total contract value and NPV of the sheet's own views), lists the bids by rank,
 * re-sorts them when an input changes, says in one line why the views differ, and gathers the warnings.
 */
import { compareBids, compareTerm, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 } },
};

describe("the summary at the top of the sheet", () => {
  const templates = guideTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  const value = (a: string) => wb.value(sheet, a);

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates, risk: { draws: 300 }, term: { months: 12 } }));
  });
  afterAll(() => wb.destroy());

  test("it comes before every other block, the bids by rank as the engine ranks them", () => {
    const s = layout.summary!;
    const summaryRow = Number(s.winners.month.name.replace(/^[A-Z]+/, ""));
    expect(summaryRow).toBeLessThan(layout.bids[0].row);
    expect(summaryRow).toBeLessThan(Number(layout.scenario.Conversations.replace(/^[A-Z$]+/, "").replace("$", "")));
    const ranked = compareBids(
      templates.map((t) => t.bid),
      RANGED,
    );
    const byRank = [...ranked].map((r, i) => ({ rank: r.rank as number, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
    expect(s.ranked.map((r) => value(r.name))).toEqual(byRank.map((x) => templates[x.i].bid.name));
    expect(s.ranked.map((r) => value(r.rank))).toEqual(byRank.map((x) => x.rank));
    s.ranked.forEach((r, j) => expect(value(r.blended)).toBeCloseTo(ranked[byRank[j].i].figures!.blendedCostPerConversation, 12));
    expect(value(s.winners.month.name)).toBe(templates[byRank[0].i].bid.name);
    expect(value(s.winners.month.figure)).toBeCloseTo(ranked[byRank[0].i].figures!.blendedCostPerConversation, 12);
  });

  test("each view's winner is the lowest figure of that view on the sheet; the term's agrees with the engine", () => {
    const s = layout.summary!;
    const lowest = (cells: string[]) => {
      const v = cells.map((c) => value(c) as number);
      return layout.bids[v.indexOf(Math.min(...v))].name;
    };
    expect(value(s.winners.p50.name)).toBe(lowest(layout.bids.map((b) => b.risk.totalP50)));
    expect(value(s.winners.p90.name)).toBe(lowest(layout.bids.map((b) => b.risk.totalP90)));
    const term = compareTerm(
      templates.map((t) => t.bid),
      RANGED,
      { months: 12 },
    );
    const totals = term.bids.map((b) => b!.total);
    expect(value(s.winners.total.name)).toBe(templates[totals.indexOf(Math.min(...totals))].bid.name);
    expect(value(s.winners.total.figure)).toBeCloseTo(Math.min(...totals), 6);
    const why = value(s.why) as string;
    const names = ["month", "p50", "p90", "total", "npv"].map((v) => value(s.winners[v as "month"].name));
    if (names.every((n) => n === names[0])) expect(why).toBe(`One answer: ${names[0]} is the cheapest under every view.`);
    else expect(why).toMatch(new RegExp(`^${names[0]} is the cheapest per month; `));
    expect(value(s.warnings[0])).toBe("none: every bid is priced");
  });

  test("a change on the sheet re-sorts the bids; a bid not priced goes last with its reason, and is named in the warnings", () => {
    const s = layout.summary!;
    const a = layout.bids[0];
    const first = value(s.ranked[0].name);
    // Bid A's price raised tenfold: it is no longer the cheapest.
    const price = a.inputs["pricing.inputPricePerMTok"];
    const was = value(price) as number;
    wb.setCellInput(sheet, price, was * 10);
    expect(value(s.ranked[0].name)).not.toBe(first);
    expect(value(s.ranked[s.ranked.length - 1].name)).toBe(templates[0].bid.name);
    wb.setCellInput(sheet, price, was);
    expect(value(s.ranked[0].name)).toBe(first);
    // Forced out of its domain: last, with its reason, and counted in the warnings.
    wb.setCellInput(sheet, a.cells.resolutionRate, "=1.5");
    const last = s.ranked[s.ranked.length - 1];
    expect(value(last.name)).toBe(templates[0].bid.name);
    expect(value(last.rank)).toBe("not priced");
    expect(value(last.blended)).toBe("");
    expect(value(last.status)).toMatch(/resolution rate is outside 0% to 100%/);
    expect(value(s.warnings[0])).toMatch(/^1 of 3: /);
    for (const v of ["month", "p50", "p90", "total", "npv"] as const) expect(value(s.winners[v].name)).not.toBe(templates[0].bid.name);
    wb.setCellInput(sheet, a.cells.resolutionRate, "=ResolutionRate");
  });

  test("views that disagree: the line says who wins where and why", async () => {
    // A bid cheap per month whose price escalates 40% every month over a 12-month term.
    const escalating = asTemplate("escalating", {
      vendor: "E",
      name: "Escalating",
      currency: "USD",
      pricing: { model: "per-conversation", pricePerConversation: 0.3 },
      charges: { escalator: { annualRate: 0.4, everyMonths: 1 } },
    });
    const wb2 = workbook();
    const built = await buildComparison(wb2, { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), escalating], risk: { draws: 200 }, term: { months: 12 } });
    const s = built.layout.summary!;
    const v = (a: string) => wb2.value(built.sheetName, a);
    expect(v(s.winners.month.name)).toBe("Escalating");
    expect(v(s.winners.total.name)).not.toBe("Escalating");
    expect(v(s.why)).toMatch(/^Escalating is the cheapest per month; .* over 12 months: the term's ramps, escalators/);
    wb2.destroy();
  });
});
