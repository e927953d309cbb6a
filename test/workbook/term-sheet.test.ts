/**
 * The term block of the comparison sheet in a real formula engine (HyperFormula with the BUILT AIPRICE
 * functions): every month of every bid, and every figure over the term, equals the engine's
 * (src/engine/term.ts), as built and after the term's inputs change on the sheet; an annual commitment
 * that the volume ramp leaves unused shows its true-up in month 12; the cumulative chart shows where two
 * bids cross; an update of a sheet built before the term block existed inserts it.
 */
import { Bid, BidTermInputs, compareTerm, MAX_TERM_MONTHS, Scenario, TermSettings, termSettings } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, buildComparison, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { SheetBlock } from "../../src/workbook/layout";
import { COMPARISON_BLOCKS } from "../../src/workbook/plan";
import { ROW } from "../../src/workbook/comparison/keys";
import { scenarioBlock } from "../../src/workbook/comparison/blocks/scenario";
import type { ComparisonContext } from "../../src/workbook/comparison/context";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";
import { close } from "../support/close";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const row = (wb: EmbeddedWorkbook, sheet: string, range: string) => wb.values(sheet, range)[0];

/** Every month row and every figure of the term block equals the engine's compareTerm. */
function expectTermMatchesEngine(wb: EmbeddedWorkbook, sheet: string, layout: ComparisonLayout, templates: BidTemplate[], scenario: Scenario, settings: Partial<TermSettings>, own: (BidTermInputs | undefined)[] = []): ReturnType<typeof compareTerm> {
  const engine = compareTerm(
    templates.map((t) => t.bid),
    scenario,
    settings,
    own,
  );
  const T = engine.settings.months;
  const term = layout.term!;
  const months = row(wb, sheet, term.months);
  expect(months.slice(0, T)).toEqual(Array.from({ length: T }, (_, k) => k + 1));
  expect(months.slice(T).every((m) => m === "")).toBe(true);
  const lowest = row(wb, sheet, term.lowestCumulative);
  const cheapest = row(wb, sheet, term.cheapestToDate);
  for (let m = 0; m < T; m++) {
    close(lowest[m], engine.lowestCumulative[m], `lowest cumulative cost in month ${m + 1}`);
    expect(cheapest[m]).toBe(templates[engine.cheapestToDate[m]!].bid.name);
  }
  layout.bids.forEach((b, i) => {
    const t = engine.bids[i]!;
    const name = templates[i].bid.name;
    const at = (a: string) => wb.value(sheet, a);
    const m = b.term!.months;
    const rows: [string, keyof (typeof t.months)[number]][] = [
      [m.rate, "resolutionRate"],
      [m.vendorFee, "vendorFee"],
      [m.commitmentTrueUp, "commitmentTrueUp"],
      [m.supplied, "supplied"],
      [m.oneTime, "oneTime"],
      [m.humanFallback, "humanFallback"],
      [m.total, "total"],
      [m.cumulative, "cumulative"],
    ];
    for (const [range, field] of rows) {
      const values = row(wb, sheet, range);
      expect(values).toHaveLength(MAX_TERM_MONTHS);
      t.months.forEach((x, k) => close(values[k], x[field] as number, `${name}: ${field} in month ${k + 1}`));
      expect(values.slice(T).every((v) => v === "")).toBe(true);
    }
    close(at(b.term!.total), t.total, `${name}: total contract value`);
    close(at(b.term!.npv), t.npv, `${name}: NPV`);
    close(at(b.term!.unusedCommitment), t.unusedCommitment, `${name}: commitment left unused`);
    close(at(b.term!.expiredCredits), t.expiredCredits, `${name}: credits expired`);
    const from = engine.cheapestFromMonth[i];
    expect(at(b.term!.cheapestFrom)).toBe(from === null ? "never" : from);
  });
  const conversations = row(wb, sheet, term.conversations);
  engine.bids[0]!.months.forEach((x, k) => close(conversations[k], x.conversations, `conversations in month ${k + 1}`));
  return engine;
}

describe("the term block as built", () => {
  test("the guide's bids and every model and charge shape over a default term: the sheet equals the engine", async () => {
    const wb = workbook();
    const templates = [...guideTemplates(), ...handMadeTemplates()];
    const { sheetName, layout } = await buildComparison(wb, { scenario: RICH_SCENARIO, templates, risk: { draws: 50 } });
    expectTermMatchesEngine(wb, sheetName, layout, templates, RICH_SCENARIO, {});
    // A default term is the steady month twelve times: no growth, no ramp, no escalator.
    expect(wb.value(sheetName, layout.scenario.TermMonths)).toBe(12);
    expect(wb.cell(sheetName, layout.bids[0].term!.rampStart)).toMatchObject({ formula: `=$E$${layout.bids[0].row}*RampStart`, styleName: "input" });
    wb.destroy();
  });

  test("a term of 36 months with growth, seasons, a ramp and escalators, and the term's inputs changed on the sheet", async () => {
    const wb = workbook();
    const escalated = asTemplate("escalated", {
      vendor: "ResolveIt",
      name: "Escalated",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 0.9 },
      charges: { escalator: { annualRate: 0.06, everyMonths: 6 }, platformFeeMonthly: 5000 },
    });
    const templates = [...guideTemplates(), escalated, handMadeTemplates()[8]];
    const seasonal = [1, 1, 1.1, 1, 0.9, 0.8, 0.8, 1, 1.1, 1.2, 1.3, 1.4];
    const settings: Partial<TermSettings> = { months: 36, growth: 0.01, seasonal, rampStart: 0.5, rampMonths: 3, escalator: 0.03, discountRate: 0.006 };
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates, term: settings, risk: { draws: 50 } });
    expectTermMatchesEngine(wb, sheet, layout, templates, GUIDE_SCENARIO, settings);
    // The escalated bid follows its contract's escalator (the inputs block), the others the scenario's.
    expect(wb.value(sheet, layout.bids[3].term!.escalator)).toBe(0.06);
    expect(wb.value(sheet, layout.bids[3].term!.escalatorEvery)).toBe(6);
    expect(wb.value(sheet, layout.bids[0].term!.escalator)).toBe(0.03);

    // The analyst changes the term on the sheet: 60 months, faster growth, another season, a dearer money.
    wb.setCellInput(sheet, layout.scenario.TermMonths, 60);
    wb.setCellInput(sheet, layout.scenario.MonthlyGrowth, 0.02);
    wb.setCellInput(sheet, layout.scenario.MonthlyDiscountRate, 0.01);
    wb.setCellInput(sheet, layout.term!.seasonal.split(":")[0], 2);
    const changed = { ...settings, months: 60, growth: 0.02, discountRate: 0.01, seasonal: [2, ...seasonal.slice(1)] };
    expectTermMatchesEngine(wb, sheet, layout, templates, GUIDE_SCENARIO, changed);
    // A bid's own ramp and escalator typed on its row.
    wb.setCellInput(sheet, layout.bids[1].term!.rampStart, 0.3);
    wb.setCellInput(sheet, layout.bids[1].term!.rampMonths, 6);
    wb.setCellInput(sheet, layout.bids[1].term!.escalator, 0.1);
    wb.setCellInput(sheet, layout.bids[1].term!.escalatorEvery, 24);
    const own = [undefined, { rampStartRate: 0.3, rampMonths: 6, escalator: 0.1, escalatorEvery: 24 }];
    expectTermMatchesEngine(wb, sheet, layout, templates, GUIDE_SCENARIO, changed, own);
    // And back to a short term: months after it are blank again.
    wb.setCellInput(sheet, layout.scenario.TermMonths, 5);
    expectTermMatchesEngine(wb, sheet, layout, templates, GUIDE_SCENARIO, { ...changed, months: 5 }, own);
    // The bid's own term assumptions are the analyst's, not the bid's: export leaves them out.
    const exported = await exportBids(wb, sheet, "2026-11-29");
    expect(exported[1]).toEqual(templates[1]);
    wb.destroy();
  });
});

describe("a spend commitment over the term", () => {
  test("an annual commitment that the volume ramp leaves unused in year 1 shows its true-up in month 12", async () => {
    const committed = asTemplate("committed", {
      vendor: "ResolveIt",
      name: "Committed to 1M a year",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: { commitment: { amount: 1000000, periodMonths: 12 } },
    });
    const templates = [committed, guideTemplates()[1]];
    const scenario = { ...GUIDE_SCENARIO, conversations: 60000 };
    const settings = { months: 24, growth: 0.05 };
    const wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario, templates, term: settings, risk: { draws: 50 } });
    const engine = expectTermMatchesEngine(wb, sheet, layout, templates, scenario, settings);
    const trueUps = row(wb, sheet, layout.bids[0].term!.months.commitmentTrueUp) as number[];
    const spend = (row(wb, sheet, layout.bids[0].term!.months.vendorFee) as number[]).slice(0, 12).reduce((a, b) => a + b, 0);
    expect(spend).toBeLessThan(1000000);
    expect(trueUps[11]).toBeCloseTo(1000000 - spend, 6);
    expect(
      trueUps
        .slice(0, 24)
        .map((x, k) => (x > 0 ? k + 1 : 0))
        .filter((k) => k > 0),
    ).toEqual([12]);
    expect(wb.value(sheet, layout.bids[0].term!.unusedCommitment)).toBeCloseTo(engine.bids[0]!.unusedCommitment, 6);
    // The commitment is an input of the bid: a lower one leaves nothing unused.
    wb.setCellInput(sheet, layout.bids[0].inputs["charges.commitment.amount"], 500000);
    const lower = [{ ...committed, bid: { ...committed.bid, charges: { commitment: { amount: 500000, periodMonths: 12 } } } }, templates[1]];
    expect(expectTermMatchesEngine(wb, sheet, layout, lower, scenario, settings).bids[0]!.unusedCommitment).toBe(0);
    wb.destroy();
  });
});

describe("credits bought up front and left to expire show as expired", () => {
  test("prepaid resolutions bought in month 1, usable for 12 months: CREDIT_BURN on the sheet, the rest expired, the engine's figures", async () => {
    const packs = { creditsPerPack: 100000, pricePerPack: 80000, packs: 8, boughtInMonths: [1, 13], expiryMonths: 12 };
    const prepaid = asTemplate("prepaid", { vendor: "ResolveIt", name: "Prepaid resolutions", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.99 }, charges: { creditPacks: packs, platformFeeMonthly: 1000 } });
    const seats = asTemplate("prepaid-seats", {
      vendor: "SeatSoft",
      name: "Prepaid seat-months",
      currency: "USD",
      pricing: { model: "per-seat", pricePerSeat: 90, seats: 150 },
      charges: { creditPacks: { creditsPerPack: 100, pricePerPack: 8000, packs: 10, boughtInMonths: [1] } },
    });
    const outcomes = asTemplate("prepaid-outcomes", {
      vendor: "OutcomeCo",
      name: "Prepaid outcomes",
      currency: "USD",
      pricing: { model: "outcome-based", pricePerOutcome: 1.2 },
      charges: { creditPacks: { ...packs, expiryMonths: 6 }, escalator: { annualRate: 0.05 } },
    });
    // A bid priced in credits (Agentforce Flex Credits' shape) with a year of credits bought up front.
    const flex = asTemplate("prepaid-flex-credits", {
      vendor: "FlexCo",
      name: "Flex credits, a year bought up front",
      currency: "USD",
      pricing: { model: "credits", creditsPerAction: 20, actionsPerConversation: 1.5, packPrice: 500, creditsPerPack: 100000 },
      charges: { creditPacks: { creditsPerPack: 100000, pricePerPack: 450, packs: 250, boughtInMonths: [1], expiryMonths: 12 } },
    });
    const templates = [prepaid, seats, outcomes, guideTemplates()[1], flex];
    const scenario = { ...GUIDE_SCENARIO, conversations: 60000 };
    const settings = { months: 24, growth: 0.01, rampStart: 0.6, rampMonths: 6 };
    const wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario, templates, term: settings, risk: { draws: 50 } });
    const engine = expectTermMatchesEngine(wb, sheet, layout, templates, scenario, settings);
    expect(engine.bids[0]!.expiredCredits).toBeGreaterThan(0);
    expect(wb.value(sheet, layout.bids[0].term!.expiredCredits)).toBeCloseTo(engine.bids[0]!.expiredCredits, 6);
    expect(wb.cell(sheet, layout.bids[0].term!.expiredCredits).formula).toMatch(/AIPRICE\.CREDIT_BURN\(/);
    expect(engine.bids[0]!.months.filter((m) => m.creditsExpired > 0).map((m) => m.month)).toEqual([12, 24]);
    expect(engine.bids[4]!.expiredCredits).toBeGreaterThan(0);
    expect(wb.value(sheet, layout.bids[4].term!.expiredCredits)).toBeCloseTo(engine.bids[4]!.expiredCredits, 6);
    // The analyst changes the term on the sheet: the burn follows.
    wb.setCellInput(sheet, layout.scenario.TermMonths, 18);
    wb.setCellInput(sheet, layout.scenario.Conversations, 40000);
    expectTermMatchesEngine(wb, sheet, layout, templates, { ...scenario, conversations: 40000 }, { ...settings, months: 18 });
    // Every figure of the packs is an input cell the formulas refer to (no number of the template inside a formula):
    // fewer packs, bought in month 2, at another price, expiring sooner, and the sheet agrees with the engine again.
    const p = layout.bids[0].inputs;
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith("charges.creditPacks."))
        .sort(),
    ).toEqual(["boughtInMonths.0", "boughtInMonths.1", "creditsPerPack", "expiryMonths", "packs", "pricePerPack"].map((k) => `charges.creditPacks.${k}`));
    for (const f of [layout.bids[0].term!.months.vendorFee, layout.bids[0].term!.expiredCredits]) {
      expect(wb.cell(sheet, f.split(":")[0]).formula).not.toMatch(/\b(80000|100000|800000)\b/);
    }
    const edited = { creditsPerPack: 90000, pricePerPack: 70000, packs: 6, boughtInMonths: [2, 13], expiryMonths: 9 };
    for (const [k, v] of Object.entries({ creditsPerPack: 90000, pricePerPack: 70000, packs: 6, "boughtInMonths.0": 2, expiryMonths: 9 })) wb.setCellInput(sheet, p[`charges.creditPacks.${k}`], v);
    const again = [{ ...prepaid, bid: { ...prepaid.bid, charges: { creditPacks: edited, platformFeeMonthly: 1000 } } }, ...templates.slice(1)];
    expectTermMatchesEngine(wb, sheet, layout, again, { ...scenario, conversations: 40000 }, { ...settings, months: 18 });
    const [out] = await exportBids(wb, sheet);
    expect(out.bid.charges!.creditPacks).toEqual(edited);
    wb.destroy();
  });
});

describe("the cumulative chart shows where two bids cross", () => {
  test("a bid with a large one-time fee overtakes a dearer one in month 7: its line crosses the other's there", async () => {
    const X = asTemplate("upfront", { vendor: "X", name: "Upfront fee, cheap per conversation", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.3 }, charges: { oneTimeFee: 200000 } });
    const Y = asTemplate("pay-as-you-go", { vendor: "Y", name: "Pay as you go", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.6 } });
    const wb = workbook();
    const { sheetName: sheet, layout } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: [X, Y], term: { months: 12 }, risk: { draws: 50 } });
    expectTermMatchesEngine(wb, sheet, layout, [X, Y], GUIDE_SCENARIO, { months: 12 });
    const chart = wb.charts(sheet).find((c) => c.id === "cumulative-by-month")!;
    expect(chart.type).toBe("line");
    expect(chart.data.categoryValues).toEqual(Array.from({ length: 12 }, (_, k) => k + 1));
    expect(chart.data.series.map((s) => s.name)).toEqual([X.bid.name, Y.bid.name]);
    const [x, y] = chart.data.series.map((s) => s.values as number[]);
    const above = x.map((v, k) => v > y[k]);
    expect(above).toEqual([true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(wb.value(sheet, layout.bids[0].term!.cheapestFrom)).toBe(7);
    expect(wb.value(sheet, layout.bids[1].term!.cheapestFrom)).toBe("never");
    expect(row(wb, sheet, layout.term!.cheapestToDate).slice(5, 7)).toEqual([Y.bid.name, X.bid.name]);
    wb.destroy();
  });
});

describe("an update of a sheet built before the term block existed", () => {
  test("inserts the scenario's term inputs and the term block, keeps the analyst's edits, and the figures are the engine's", async () => {
    // The sheet as the first edition's planner made it: no term lines in the scenario, no term block.
    const blocks = COMPARISON_BLOCKS as SheetBlock<ComparisonContext>[];
    const saved = [...blocks];
    const termRows = (ctx: ComparisonContext) => new Set([ROW.scenarioTermHead, ...["TermMonths", "MonthlyGrowth", "RampStart", "RampMonths", "Escalator", "MonthlyDiscountRate"].map(ROW.scenario)].filter((k) => scenarioBlock.rows(ctx).includes(k)));
    const oldScenario: SheetBlock<ComparisonContext> = {
      id: "scenario",
      rows: (ctx) => scenarioBlock.rows(ctx).filter((k) => !termRows(ctx).has(k)),
      fill: (ctx, at) => {
        const keys = scenarioBlock.rows(ctx);
        const drop = termRows(ctx);
        // Fill against a locator that knows the dropped rows (they are never written).
        const proxy = new Proxy(at, { get: (target, p) => (p === "cell" ? (key: string, col: number, abs?: boolean) => (drop.has(key) ? "Z1" : target.cell(key, col, abs)) : Reflect.get(target, p).bind(target)) });
        const content = scenarioBlock.fill(ctx, proxy);
        const names = new Set(["TermMonths", "MonthlyGrowth", "RampStart", "RampMonths", "Escalator", "MonthlyDiscountRate"]);
        return {
          cells: content.cells.filter((_, i) => !drop.has(keys[i])),
          names: content.names?.filter((n) => !names.has(n.name)),
          inputs: content.inputs?.filter((x) => !x.path.startsWith("term.")),
        };
      },
    };
    blocks.splice(0, blocks.length, ...saved.filter((b) => b.id !== "term" && b.id !== "term-chart").map((b) => (b.id === "scenario" ? oldScenario : b)));
    const wb = workbook();
    const templates = guideTemplates();
    let sheet: string;
    let before: ComparisonLayout;
    try {
      ({ sheetName: sheet, layout: before } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates, risk: { draws: 50 } }));
    } finally {
      blocks.splice(0, blocks.length, ...saved);
    }
    expect(wb.value(sheet, `A${before.bids[0].row}`)).toBe(1);
    wb.setCellInput(sheet, before.bids[1].inputs["pricing.pricePerResolution"], 0.85);
    const preview = await prepareUpdate(wb, sheet, { scenario: GUIDE_SCENARIO, templates, risk: { draws: 50 }, term: { months: 18 } }, "2026-11-29");
    expect(preview.conflicts).toEqual([]);
    expect(preview.kept.map((k) => k.now)).toEqual([0.85]);
    // The term's table and its chart on the comparison sheet (its months on the calculation sheet).
    expect(preview.rowsInserted).toBeGreaterThan(30);
    const { layout } = await applyUpdate(wb, preview);
    const edited = guideTemplates();
    edited[1] = { ...edited[1], bid: { ...edited[1].bid, pricing: { model: "per-resolution", pricePerResolution: 0.85 } } as Bid };
    expectTermMatchesEngine(wb, sheet, layout, edited, GUIDE_SCENARIO, { months: 18 });
    expect(termSettings({ months: 18 }).months).toBe(wb.value(sheet, layout.scenario.TermMonths));
    wb.destroy();
  });
});
