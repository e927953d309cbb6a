/**
 * Prices over the term are the prices in effect each month, on the sheet (docs/spec.md#one-model-one-answer):
 * each dated version of a bid's prices is a set of input cells (its first and last day, its prices),
 * and each month of the term block is priced at the version in effect that month, as the engine's
 * compareTerm with termPrices (src/templates/versions.ts) prices it; the timeline shows which version.
 * In HyperFormula with the BUILT AIPRICE functions.
 */
import fc from "fast-check";
import type { Pricing, Scenario, TermSettings } from "../../src/engine";
import { compareTerm, MAX_TERM_MONTHS } from "../../src/engine";
import type { BidTemplate, PriceVersion } from "../../src/templates/template";
import { templateAt, termPrices, UNDATED } from "../../src/templates/versions";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { planComparison } from "../../src/workbook/plan";
import { applyUpdate, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { TERM_PRICES_ROW } from "../../src/workbook/comparison/blocks/term-prices";
import { cellAddress, rangeAddress } from "../../src/workbook/a1";
import type { ComparisonRequest } from "../../src/workbook/comparison/request";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";
import { promotion } from "../support/promotion-bid";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** Human cost 0: the month's total is what the vendor bills (and the buyer supplies). */
const SCENARIO: Scenario = { conversations: 1000, resolutionRate: 0.5, humanCost: 0 };

async function build(request: ComparisonRequest): Promise<{ wb: EmbeddedWorkbook; plan: SheetPlan; row: (key: string) => number }> {
  const wb = workbook();
  const plan = planComparison(request, []);
  await wb.apply(plan);
  const rows = new Map(plan.rowKeys.map((r) => [r.key, r.row]));
  const row = (key: string) => {
    const r = rows.get(key);
    if (r === undefined) throw new Error(`no row ${key}`);
    return r;
  };
  return { wb, plan, row };
}

/** A month row of the term-prices block (60 months from column B). */
function months(wb: EmbeddedWorkbook, sheet: string, r: number): unknown[] {
  return wb.values(sheet, rangeAddress({ start: { row: r, col: 1 }, end: { row: r, col: MAX_TERM_MONTHS } }))[0];
}

const dayNumber = (iso: string) => Number(iso.replace(/-/g, ""));

describe("a promotion that ends within the term, on the sheet", () => {
  test("ending 2026-08-31, as of 2026-08-15: 15,300 over 12 months, as the engine, and the timeline names the version of each month", async () => {
    const t = promotion();
    const asOf = "2026-08-15";
    const { wb, plan, row } = await build({ scenario: SCENARIO, templates: [t], asOf, risk: { draws: 20 } });
    const sheet = plan.sheetName;
    const b = plan.layout.bids[0];
    expect(wb.value(sheet, b.term!.total)).toBeCloseTo(15300, 9);
    const vendor = wb.values(sheet, b.term!.months.vendorFee)[0];
    expect(vendor.slice(0, 12)).toEqual([450, ...Array(11).fill(1350)]);
    // The version in effect each month: its first day (0: the undated prices), and its name.
    const key = b.key;
    expect(months(wb, sheet, row(TERM_PRICES_ROW.inEffect(key))).slice(0, 12)).toEqual([20260601, ...Array(11).fill(0)]);
    expect(months(wb, sheet, row(TERM_PRICES_ROW.label(key))).slice(0, 12)).toEqual(["Launch promotion", ...Array(11).fill("the file's undated prices")]);
    // Engine = sheet.
    const engine = compareTerm([templateAt(t, asOf).bid], SCENARIO, { months: 12 }, [], [termPrices(t, asOf, 12)]);
    close(wb.value(sheet, b.term!.total), engine.bids[0]!.total, "total contract value");
    wb.destroy();
  });

  test("the undated prices are input cells of their own: a counter-offer after the promotion changes months 2 to 12 only", async () => {
    const t = promotion();
    const { wb, plan, row } = await build({ scenario: SCENARIO, templates: [t], asOf: "2026-08-15", risk: { draws: 20 } });
    const sheet = plan.sheetName;
    const b = plan.layout.bids[0];
    const price = cellAddress({ row: row(TERM_PRICES_ROW.input(b.key, UNDATED, "pricing.pricePerSeat")), col: 1 });
    expect(wb.value(sheet, price)).toBe(45);
    wb.setCellInput(sheet, price, 40);
    expect(wb.value(sheet, b.term!.total)).toBeCloseTo(450 + 11 * 1200, 9);
    // The promotion's last day moved to 2026-10-31: months 1 to 3 at the promotion.
    const until = cellAddress({ row: row(TERM_PRICES_ROW.version(b.key, "2026-06-01")), col: 2 });
    expect(wb.value(sheet, until)).toBe(20260831);
    wb.setCellInput(sheet, until, 20261031);
    expect(wb.value(sheet, b.term!.total)).toBeCloseTo(3 * 450 + 9 * 1200, 9);
    // The term starts later (the comparison date's cell): month 1 after the promotion.
    wb.setCellInput(sheet, cellAddress({ row: row(TERM_PRICES_ROW.start), col: 1 }), 20261115);
    expect(months(wb, sheet, row(TERM_PRICES_ROW.day)).slice(0, 3)).toEqual([20261115, 20261201, 20270101]);
    wb.destroy();
  });

  test("a bid whose prices do not change within 60 months gets no rows of versions (the sheet as without dates)", async () => {
    const t = promotion();
    const { wb, plan } = await build({ scenario: SCENARIO, templates: [t], asOf: "2026-09-15", risk: { draws: 20 } });
    expect(plan.rowKeys.some((r) => r.key.startsWith("term-prices:"))).toBe(false);
    expect(wb.value(plan.sheetName, plan.layout.bids[0].term!.total)).toBeCloseTo(12 * 1350, 9);
    wb.destroy();
  });
});

describe("the dated prices kept by an update and written back by export", () => {
  const request = (t: BidTemplate): ComparisonRequest => ({ scenario: SCENARIO, templates: [t], asOf: "2026-08-15", risk: { draws: 20 } });

  test("an update keeps the analyst's counter-offer on the undated prices; export writes it and the new last day into the file", async () => {
    const t = promotion();
    const { wb, plan, row } = await build(request(t));
    const sheet = plan.sheetName;
    const key = plan.layout.bids[0].key;
    const price = cellAddress({ row: row(TERM_PRICES_ROW.input(key, UNDATED, "pricing.pricePerSeat")), col: 1 });
    const until = cellAddress({ row: row(TERM_PRICES_ROW.version(key, "2026-06-01")), col: 2 });
    wb.setCellInput(sheet, price, 40);
    wb.setCellInput(sheet, until, 20261031);
    const expected = 3 * 450 + 9 * 1200;
    const preview = await prepareUpdate(wb, sheet, request(t), "2026-08-20");
    expect(preview.conflicts).toEqual([]);
    expect(preview.kept.map((k) => k.now).sort()).toEqual([20261031, 40]);
    const { layout } = await applyUpdate(wb, preview);
    expect(wb.value(sheet, layout.bids[0].term!.total)).toBeCloseTo(expected, 9);

    const [out] = await exportBids(wb, sheet, "2026-08-20");
    expect(out.bid.pricing).toEqual({ model: "per-seat", pricePerSeat: 40, seats: 30 });
    expect(out.versions![0]).toMatchObject({ effectiveFrom: "2026-06-01", effectiveUntil: "2026-10-31", pricing: { pricePerSeat: 15 } });
    expect(out.sources).toEqual([expect.objectContaining({ field: "pricing.pricePerSeat", asOf: "2026-08-20" })]);
    expect(out.versions![0].notes).toContain("Last day Edited on the comparison sheet");
    expect(out.versions![0].notes).toContain("2026-10-31 in place of the quoted 20260831");
    // The exported file, priced by the engine at the prices in effect each month: the sheet's figure.
    const engine = compareTerm([templateAt(out, "2026-08-15").bid], SCENARIO, { months: 12 }, [], [termPrices(out, "2026-08-15", 12)]);
    expect(engine.bids[0]!.total).toBeCloseTo(expected, 9);
    wb.destroy();
  });

  test("export without edits writes the dated prices as they were; the dates' cells take only a date typed yyyymmdd", async () => {
    const t = promotion();
    t.versions = [{ effectiveFrom: "2026-09-01", label: "New list", pricing: { model: "per-seat", pricePerSeat: 50, seats: 30 }, sources: [] }];
    const { wb, plan, row } = await build(request(t));
    const sheet = plan.sheetName;
    const [out] = await exportBids(wb, sheet, "2026-08-20");
    expect(out.bid).toEqual(t.bid);
    expect(out.versions).toEqual(t.versions);
    // The new list from 2026-10-01 at $48 (its first day and its price edited): both written into that version.
    const key = plan.layout.bids[0].key;
    wb.setCellInput(sheet, cellAddress({ row: row(TERM_PRICES_ROW.version(key, "2026-09-01")), col: 1 }), 20261001);
    wb.setCellInput(sheet, cellAddress({ row: row(TERM_PRICES_ROW.input(key, "2026-09-01", "pricing.pricePerSeat")), col: 1 }), 48);
    close(wb.value(sheet, plan.layout.bids[0].term!.total), 2 * 1350 + 10 * 1440, "total with the new list from October");
    const [edited] = await exportBids(wb, sheet, "2026-08-20");
    expect(edited.versions![0]).toMatchObject({ effectiveFrom: "2026-10-01", pricing: { pricePerSeat: 48 } });
    expect(wb.validationAt(sheet, cellAddress({ row: row(TERM_PRICES_ROW.start), col: 1 }))).toMatchObject({ type: "whole", min: 19000101, max: 99991231 });
    wb.destroy();
  });
});

/** Random prices of a few models, with or without a platform fee and an allowance. */
const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  fc.record({ model: fc.constant("per-seat" as const), pricePerSeat: fc.integer({ min: 0, max: 200 }), seats: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ model: fc.constant("per-resolution" as const), pricePerResolution: fc.double({ min: 0, max: 3, noNaN: true }) }),
  fc.record({ model: fc.constant("per-conversation" as const), pricePerConversation: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ model: fc.constant("outcome-based" as const), pricePerOutcome: fc.double({ min: 0, max: 3, noNaN: true }) }),
);
const charges = fc.option(fc.record({ platformFeeMonthly: fc.integer({ min: 0, max: 5000 }) }), { nil: undefined });
/** A day from 2026-01 to 2028-12, YYYY-MM-DD. */
const day = fc.record({ y: fc.integer({ min: 2026, max: 2028 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const version: fc.Arbitrary<PriceVersion> = fc
  .record({ from: day, days: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }), pricing, charges, label: fc.constantFrom("Launch promotion", "New list", "") })
  .map(({ from, days, pricing, charges, label }) => {
    const v: PriceVersion = { effectiveFrom: from, pricing, sources: [] };
    if (days !== undefined) v.effectiveUntil = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
    if (charges) v.charges = charges;
    if (label) v.label = label;
    return v;
  });
const dated: fc.Arbitrary<BidTemplate> = fc.record({ pricing, charges, versions: fc.uniqueArray(version, { minLength: 1, maxLength: 3, selector: (v) => v.effectiveFrom }) }).map(({ pricing, charges, versions }) => ({
  format: "aiprice-bid",
  version: 1,
  id: "dated",
  bid: { vendor: "Acme", name: "Dated", currency: "USD", pricing, ...(charges ? { charges } : {}) },
  sources: [],
  questions: [],
  versions,
}));

describe("random dated bids: the sheet's term equals the engine's at the prices in effect each month", () => {
  test("every month's vendor fee, its version, and the total contract value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(dated, { minLength: 1, maxLength: 3 }), day, fc.integer({ min: 1, max: 36 }), async (templates, asOf, T) => {
        templates.forEach((t, k) => (t.id = `dated-${k}`));
        const settings: Partial<TermSettings> = { months: T };
        const engine = compareTerm(
          templates.map((t) => templateAt(t, asOf).bid),
          SCENARIO,
          settings,
          [],
          templates.map((t) => termPrices(t, asOf, T)),
        );
        const { wb, plan, row } = await build({ scenario: SCENARIO, templates, asOf, term: settings, risk: { draws: 20 } });
        const sheet = plan.sheetName;
        plan.layout.bids.forEach((b, i) => {
          const e = engine.bids[i]!;
          const vendor = wb.values(sheet, b.term!.months.vendorFee)[0];
          e.months.forEach((x, k) => close(vendor[k], x.vendorFee, `bid ${i + 1}: vendor fee in month ${k + 1}`));
          close(wb.value(sheet, b.term!.total), e.total, `bid ${i + 1}: total contract value`);
          if (plan.rowKeys.some((r) => r.key === TERM_PRICES_ROW.inEffect(b.key))) {
            const shown = months(wb, sheet, row(TERM_PRICES_ROW.inEffect(b.key)));
            e.months.forEach((x, k) => expect(shown[k]).toBe(x.priceVersion === UNDATED ? 0 : dayNumber(x.priceVersion!)));
          } else {
            expect(new Set(e.months.map((x) => x.priceVersion)).size).toBe(1);
          }
        });
        wb.destroy();
      }),
      { numRuns: 12 },
    );
  });
});
