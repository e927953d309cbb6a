/**
 * Ties in the summary (SPEC "The answer first"): when bids tie for first under a view, the summary says
 * so ("A and B tie", the figure they share beside it) rather than naming the first of them as the winner,
 * and the line saying why speaks of the tie. Built in a real formula engine (HyperFormula with the BUILT
 * AIPRICE functions).
 */
import type { Bid } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const VIEWS = ["month", "p50", "p90", "total", "npv"] as const;
const twin = (name: string, bid: Bid) => asTemplate(name.toLowerCase().replace(/\W+/g, "-"), { ...bid, name });

describe("bids that tie for first", () => {
  test("two bids at the same price: every view says they tie, with the figure they share", async () => {
    const cheap: Bid = { vendor: "T", name: "", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.2 } };
    const templates = [...guideTemplates(), twin("Twin one", cheap), twin("Twin two", cheap)];
    const wb = workbook();
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates, risk: { draws: 50 }, term: { months: 12 } });
    const s = layout.summary!;
    const v = (a: string) => wb.value(sheetName, a);
    for (const view of VIEWS) expect(v(s.winners[view].name)).toBe("Twin one and Twin two tie");
    expect(v(s.winners.month.figure)).toBeCloseTo(0.2 + 0.1 * 3, 12);
    expect(v(s.why)).toBe("One answer: Twin one and Twin two tie under every view.");
    expect(s.ranked.slice(0, 2).map((r) => v(r.rank))).toEqual([1, 1]);
    // One of them dearer: the other is the winner, alone.
    const price = layout.bids[4].inputs["pricing.pricePerConversation"];
    wb.setCellInput(sheetName, price, 0.3);
    for (const view of VIEWS) expect(v(s.winners[view].name)).toBe("Twin one");
    expect(v(s.why)).toBe("One answer: Twin one is the cheapest under every view.");
    wb.setCellInput(sheetName, price, 0.2);
    expect(v(s.winners.month.name)).toBe("Twin one and Twin two tie");
    wb.destroy();
  });

  test("three bids tie this month, two of them over the term: the line saying why names both ties", async () => {
    const cheap: Bid = { vendor: "T", name: "", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.2 } };
    const escalating: Bid = { ...cheap, charges: { escalator: { annualRate: 0.4, everyMonths: 1 } } };
    const templates = [...guideTemplates(), twin("One", cheap), twin("Two", escalating), twin("Three", cheap)];
    const wb = workbook();
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates, risk: { draws: 50 }, term: { months: 12 } });
    const s = layout.summary!;
    const v = (a: string) => wb.value(sheetName, a);
    for (const view of ["month", "p50", "p90"] as const) expect(v(s.winners[view].name)).toBe("One, Two and Three tie");
    for (const view of ["total", "npv"] as const) expect(v(s.winners[view].name)).toBe("One and Three tie");
    expect(v(s.why)).toBe("One, Two and Three tie per month; One and Three tie over 12 months: the term's ramps, escalators, commitments, credits and one-time costs change the order.");
    // A fourth and a fifth at the same price: three named, the others counted.
    const more = [...guideTemplates(), ...["One", "Two", "Three", "Four", "Five"].map((name) => twin(name, cheap))];
    const wb3 = workbook();
    const built = await buildComparison(wb3, { scenario: GUIDE_SCENARIO, templates: more, risk: { draws: 50 } });
    expect(wb3.value(built.sheetName, built.layout.summary!.winners.month.name)).toBe("One, Two, Three and 2 more tie");
    wb3.destroy();
    wb.destroy();
  });
});
