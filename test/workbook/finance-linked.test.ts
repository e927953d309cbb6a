/**
 * The finance sheet built from a comparison sheet (src/workbook/finance/links.ts, live-cells.ts) in a
 * real formula engine (HyperFormula with the BUILT AIPRICE functions): its figures are formulas of the
 * comparison's cells, so what the analyst types on the comparison (110,000 conversations, a price, a
 * 36-month term) flows into the expense schedules and the monthly plan, which equal the engine's
 * (compareTerm, monthlyPlan, expenseSchedule) at those inputs; months past the term typed there are
 * blank in the plan and bill no units; months show as months, counts as counts. Sheet names with an
 * apostrophe are quoted. Built from the pane (no comparison), its figures stay values.
 */
import { cellAddress, parseCell } from "../../src/workbook/a1";
import { Bid, compareTerm, Scenario, TermSettings } from "../../src/engine";
import { expenseSchedule } from "../../src/engine/schedule";
import { monthlyPlan, PLAN_COLUMNS, PlanRow } from "../../src/engine/finance";
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, comparisonAsItStands, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { comparisonLinks, FinanceLinks } from "../../src/workbook/finance/links";
import { DEFAULT_REOPEN_RATE, planFinance } from "../../src/workbook/finance/plan";
import { planComparison } from "../../src/workbook/plan";
import { bidKeys } from "../../src/workbook/comparison/keys";
import { formatsFor } from "../../src/workbook/comparison/cells";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";
import { close } from "../support/close";

const COMPARISON = "Bob's bids";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** The guide's bids (B per resolution), an outcome-based bid with a one-time fee, a per-resolution bid with a six-month commitment, one with prepaid credit packs. */
function templates(): BidTemplate[] {
  const outcome = asTemplate("outcomes", {
    vendor: "OutcomeCo",
    name: "Per outcome, one-time fee",
    currency: "USD",
    pricing: { model: "outcome-based", pricePerOutcome: 1.2 },
    performance: { qualifyingShare: 0.8 },
    charges: { oneTimeFee: 15000, reopenWindowDays: 45 },
  });
  const committed = asTemplate("committed", {
    vendor: "ResolveIt",
    name: "Per resolution, committed",
    currency: "USD",
    pricing: { model: "per-resolution", pricePerResolution: 0.8 },
    charges: { commitment: { amount: 600000, periodMonths: 6 } },
  });
  const prepaid = asTemplate("prepaid", {
    vendor: "ResolveIt",
    name: "Prepaid resolutions",
    currency: "USD",
    pricing: { model: "per-resolution", pricePerResolution: 0.99 },
    charges: { creditPacks: { creditsPerPack: 100000, pricePerPack: 80000, packs: 4, boughtInMonths: [1, 13], expiryMonths: 12 } },
  });
  return [...guideTemplates(), outcome, committed, prepaid];
}

const TERM: Partial<TermSettings> = { months: 12, growth: 0.02 };

/** The comparison on "Bob's bids" (and its calculation sheet), then the finance sheet built from it as the pane does. */
async function built(wb: EmbeddedWorkbook) {
  const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: templates(), term: TERM, risk: { draws: 20 } }, wb.sheetNames(), { sheetName: COMPARISON });
  await wb.apply(plan);
  const found = await comparisonLinks(wb, COMPARISON);
  if (!("links" in found)) throw new Error(`no links: ${found.why}`);
  const finance = await financeFrom(wb, found.links);
  return { layout: plan.layout, links: found.links, ...finance };
}

async function financeFrom(wb: EmbeddedWorkbook, links?: FinanceLinks) {
  const now = await comparisonAsItStands(wb, COMPARISON);
  const f = planFinance({ scenario: now.scenario, templates: now.templates, term: now.term, start: "2027-01", links }, wb.sheetNames());
  await wb.apply(f.plan);
  return { sheet: f.plan.sheetName, finance: f.layout, builtMonths: f.term.settings.months };
}

/** The numeric columns of the plan the sheet computes (the others are text, or the contract month). */
const FIGURES = PLAN_COLUMNS.filter((c) => !["x_ContractMonth"].includes(c));

/** The engine at the inputs typed: the plan's rows and each bid's billable units, month by month. */
function engineAt(bids: Bid[], scenario: Scenario, term: Partial<TermSettings>) {
  const t = compareTerm(bids, scenario, term);
  const keys = bidKeys(templates().map((x) => x.id));
  return { term: t, rows: monthlyPlan(bids, keys, t, "2027-01") };
}

/** Every plan row on the sheet: numbers within 1e-9 of the engine's, blank past the term typed, text as built. */
function expectPlan(wb: EmbeddedWorkbook, sheet: string, rowsRange: string, engine: PlanRow[], typedMonths: number, built: number): void {
  const planned = wb.values(sheet, rowsRange);
  const n = templates().length;
  expect(planned).toHaveLength(n * built);
  planned.forEach((cells, k) => {
    const b = Math.floor(k / built);
    const m = (k % built) + 1;
    expect(cells[PLAN_COLUMNS.indexOf("x_ContractMonth")]).toBe(m);
    if (m > typedMonths) {
      for (const c of FIGURES) if (typeof engine[0][c] === "number") expect([c, cells[PLAN_COLUMNS.indexOf(c)]]).toEqual([c, ""]);
      return;
    }
    const row = engine.find((r) => r.x_BidId === bidKeys(templates().map((x) => x.id))[b] && r.x_ContractMonth === m)!;
    for (const c of FIGURES) {
      const v = row[c];
      const got = cells[PLAN_COLUMNS.indexOf(c)];
      if (typeof v === "number") close(got, v, `${c} of ${row.ServiceName}, month ${m}`);
      else if (c === "PricingQuantity") expect(got).toBe("");
    }
  });
}

/** Each expense schedule equals the engine's EXPENSE_SCHEDULE over the units the sheet shows (0 past the term typed). */
function expectSchedules(wb: EmbeddedWorkbook, sheet: string, finance: ReturnType<typeof planFinance>["layout"], bids: Bid[], units: number[][], built: number): void {
  for (const s of finance.schedules) {
    const bid = bids[s.bid];
    const price = bid.pricing.model === "per-resolution" ? bid.pricing.pricePerResolution : bid.pricing.model === "outcome-based" ? bid.pricing.pricePerOutcome : NaN;
    close(wb.value(sheet, s.price), price, `${bid.name}: price`);
    const shown = wb.values(sheet, s.resolutions).map((r) => r[0]);
    expect(shown).toHaveLength(built);
    shown.forEach((u, k) => close(u, units[s.bid][k] ?? 0, `${bid.name}: units in month ${k + 1}`));
    const engine = expenseSchedule(units[s.bid].slice(0, built).concat(Array(Math.max(0, built - units[s.bid].length)).fill(0)), price, DEFAULT_REOPEN_RATE, [], bid.charges?.reopenWindowDays ?? 30);
    const at = parseCell(s.table);
    const table = wb.values(sheet, `${s.table}:${cellAddress({ row: at.row + engine.length, col: at.col + 6 })}`);
    engine.forEach((row, k) => {
      const expected = [row.month, row.resolutions, row.accrued, row.trueUp, row.recognized, row.cumulativeRecognized, row.finalBillable];
      expected.forEach((v, c) => close(table[k + 1][c], v, `${bid.name}: schedule column ${c} in month ${k + 1}`));
    });
  }
}

/** The bids as typed on the comparison: bid B's price changed. */
function bidsTyped(price: number): Bid[] {
  return templates().map((t, i) => (i === 1 ? { ...t.bid, pricing: { model: "per-resolution", pricePerResolution: price } } : t.bid));
}

function type(wb: EmbeddedWorkbook, layout: ComparisonLayout, what: { conversations?: number; price?: number; months?: number }): void {
  if (what.conversations !== undefined) wb.setCellInput(COMPARISON, layout.scenario.Conversations, what.conversations);
  if (what.price !== undefined) wb.setCellInput(COMPARISON, layout.bids[1].inputs["pricing.pricePerResolution"], what.price);
  if (what.months !== undefined) wb.setCellInput(COMPARISON, layout.scenario.TermMonths, what.months);
}

describe("the finance sheet built from a comparison: formulas of its cells", () => {
  test("as built, then 110,000 conversations, a price and a 36-month term typed on the comparison: the finance sheet equals the engine at them", async () => {
    const wb = workbook();
    const { layout, links, sheet, finance, builtMonths } = await built(wb);
    expect(builtMonths).toBe(12);
    // The references name the comparison and its calculation sheet, quoted (the apostrophe doubled).
    expect(links.termMonths.startsWith("'Bob''s bids'!")).toBe(true);
    expect(links.bids[1].units!.sheet).toBe("Bob's bids calc");
    const b = finance.schedules.find((s) => s.bid === 1)!;
    expect(wb.cell(sheet, b.price).formula).toBe(`=${links.bids[1].price}`);
    expect(wb.cell(sheet, b.resolutions.split(":")[0]).formula).toMatch(/^=IF\(IFERROR\(LEFT\('Bob''s bids calc'!\$A\$\d+, .*IF\('Bob''s bids calc'!\$[A-Z]+\$\d+="", 0, 'Bob''s bids calc'!/);
    expect(finance.schedules.map((s) => s.bid)).toEqual([1, 3, 4, 5]);
    // Credits bought, drawn and expired are the timeline's too (the prepaid bid's rows on the calculation sheet).
    expect(links.bids[5].credits).not.toBeNull();
    // The plan's money and quantities are formulas over the comparison's calculation sheet.
    const planTop = parseCell(finance.plan.rows.split(":")[0]).row;
    for (const c of ["BilledCost", "x_TotalCost", "PricingQuantity", "ConsumedQuantity", "x_ResolutionRate"] as const) {
      expect(wb.cell(sheet, cellAddress({ row: planTop + 12, col: PLAN_COLUMNS.indexOf(c) })).formula).toMatch(/'Bob''s bids calc'!|\$[A-Z]+\$?\d+/);
    }
    expect(wb.cell(sheet, cellAddress({ row: planTop + 12, col: PLAN_COLUMNS.indexOf("x_TotalCost") })).formula).toContain("'Bob''s bids calc'!");

    const units = (e: ReturnType<typeof engineAt>) => e.term.bids.map((t) => t!.months.map((x) => x.billableUnits ?? 0));
    const asBuilt = engineAt(bidsTyped(0.99), GUIDE_SCENARIO, TERM);
    expectPlan(wb, sheet, finance.plan.rows, asBuilt.rows, 12, 12);
    expectSchedules(wb, sheet, finance, bidsTyped(0.99), units(asBuilt), 12);

    type(wb, layout, { conversations: 110000, price: 1.05, months: 36 });
    const typed = engineAt(bidsTyped(1.05), { ...GUIDE_SCENARIO, conversations: 110000 }, { ...TERM, months: 36 });
    // The sheet shows the 12 months it was built with, each the engine's month at a 36-month term.
    expectPlan(wb, sheet, finance.plan.rows, typed.rows, 36, 12);
    expectSchedules(wb, sheet, finance, bidsTyped(1.05), units(typed), 12);
    // It says the comparison's term is now longer than it shows.
    const notes = wb.values(sheet, "A1:A8").map((r) => String(r[0]));
    expect(notes.some((t) => /term is now 36 months; this sheet shows 12: build the finance sheet again/.test(t))).toBe(true);

    // A finance sheet built again shows all 36 months, each the engine's.
    const again = await financeFrom(wb, links);
    expect(again.builtMonths).toBe(36);
    expectPlan(wb, again.sheet, again.finance.plan.rows, typed.rows, 36, 36);
    expectSchedules(wb, again.sheet, again.finance, bidsTyped(1.05), units(typed), 36);
    wb.destroy();
  });

  test("a shorter term typed on the comparison: the months past it are blank in the plan and bill no units; months as months, counts as counts", async () => {
    const wb = workbook();
    const { layout, sheet, finance } = await built(wb);
    type(wb, layout, { months: 7 });
    const typed = engineAt(bidsTyped(0.99), GUIDE_SCENARIO, { ...TERM, months: 7 });
    expectPlan(wb, sheet, finance.plan.rows, typed.rows, 7, 12);
    const units = typed.term.bids.map((t) => t!.months.map((x) => x.billableUnits ?? 0));
    expectSchedules(wb, sheet, finance, bidsTyped(0.99), units, 12);
    // Formats: the month a month, units and conversations counts, money as money.
    const first = parseCell(finance.plan.rows.split(":")[0]).row;
    const fmt = (c: string) => wb.cell(sheet, cellAddress({ row: first, col: PLAN_COLUMNS.indexOf(c as (typeof PLAN_COLUMNS)[number]) })).numberFormat;
    expect(fmt("x_ContractMonth")).toBe("0");
    expect(fmt("ConsumedQuantity")).toBe("#,##0");
    expect(fmt("BilledCost")).toBe(formatsFor("USD").monthly);
    const s = finance.schedules[0];
    const top = s.resolutions.split(":")[0];
    expect(wb.cell(sheet, top).numberFormat).toBe("#,##0");
    expect(wb.cell(sheet, cellAddress({ row: parseCell(top).row, col: 0 })).numberFormat).toBe("0");
    wb.destroy();
  });

  test("a bid typed out of its domain on the comparison is not priced in the finance sheet's plan, never a negative cost", async () => {
    const wb = workbook();
    const { layout, sheet, finance } = await built(wb);
    wb.setCellInput(COMPARISON, layout.bids[1].cells.resolutionRate, 1.5);
    const planned = wb.values(sheet, finance.plan.rows);
    const billed = PLAN_COLUMNS.indexOf("BilledCost");
    const ofB = planned.slice(12, 24).map((r) => r[billed]);
    expect(ofB.every((v) => v === "not priced" || (typeof v === "object" && v !== null))).toBe(true);
    expect(ofB.some((v) => typeof v === "number" && v < 0)).toBe(false);
    wb.destroy();
  });

  test("an update of the comparison that adds a bid rewrites its calculations: the finance sheet says to build it again, and shows no figure of another bid", async () => {
    const wb = workbook();
    const { sheet, finance } = await built(wb);
    const moved = () =>
      wb
        .values(sheet, "A1:A8")
        .map((r) => String(r[0]))
        .some((t) => /calculations moved: build the finance sheet again/.test(t));
    expect(moved()).toBe(false);
    const extra = asTemplate("first-extra", { vendor: "ConvAI", name: "Per conversation", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.6 } });
    const request = { scenario: GUIDE_SCENARIO, templates: [extra, ...templates()], term: TERM, risk: { draws: 20 } };
    await applyUpdate(wb, await prepareUpdate(wb, COMPARISON, request));
    expect(moved()).toBe(true);
    // A figure still shown is the engine's for its own bid (in Excel the cells stay; here they are #REF!).
    const engine = engineAt(bidsTyped(0.99), GUIDE_SCENARIO, TERM).rows;
    wb.values(sheet, finance.plan.rows).forEach((cells, k) =>
      FIGURES.forEach((c) => {
        const got = cells[PLAN_COLUMNS.indexOf(c)];
        if (typeof got === "number" && typeof engine[k][c] === "number") close(got, engine[k][c] as number, `${c} of plan row ${k + 1}`);
      }),
    );
    // Nor do the expense schedules: their billable units are #N/A, never the units of the bid now there.
    for (const s of finance.schedules) {
      const units = wb.values(sheet, s.resolutions).map((r) => r[0]);
      expect(units.every((v) => typeof v === "object" && v !== null)).toBe(true);
    }
    wb.destroy();
  });

  test("built from the pane (no comparison): values, as before", async () => {
    const wb = workbook();
    const f = planFinance({ scenario: GUIDE_SCENARIO, templates: templates(), term: TERM, start: "2027-01" }, []);
    const cells = f.plan.blocks.flatMap((b) => b.cells.flat());
    const formulas = cells.filter((c) => c && c.kind === "formula").map((c) => (c as { formula: string }).formula);
    expect(formulas.every((x) => x.startsWith("=AIPRICE.EXPENSE_SCHEDULE("))).toBe(true);
    wb.destroy();
  });
});
