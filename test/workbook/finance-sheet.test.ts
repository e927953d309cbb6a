/**
 * The finance sheet (src/workbook/finance/plan.ts) in a real formula engine (HyperFormula with the BUILT
 * AIPRICE functions): each per-resolution and outcome-based bid's expense schedule equals the engine's
 * EXPENSE_SCHEDULE over the term's billable units, as built and after the reader changes the expected
 * reopen rate, the window and types actual rates; every bid's recognition is shown; the monthly plan is
 * the engine's; the sheet is never one of the add-in's comparisons.
 */
import { cellAddress, columnLetters, parseCell } from "../../src/workbook/a1";
import { compareTerm, Scenario, TermSettings } from "../../src/engine";
import { expenseSchedule, SCHEDULE_COLUMNS } from "../../src/engine/schedule";
import { PLAN_COLUMNS, recognition } from "../../src/engine/finance";
import type { BidTemplate } from "../../src/templates/template";
import { comparisonSheets } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { DEFAULT_REOPEN_RATE, FINANCE_SHEET_NAME, planFinance } from "../../src/workbook/finance/plan";
import { isComparisonPlan } from "../../src/workbook/sheet-plan";
import { formatsFor } from "../../src/workbook/comparison/cells";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";
import { close } from "../support/close";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** The range of `rows` x 7 cells whose top-left is `topLeft` (e.g. "E20"). */
function tableRange(topLeft: string, rows: number): string {
  const at = parseCell(topLeft);
  return `${topLeft}:${cellAddress({ row: at.row + rows - 1, col: at.col + 6 })}`;
}

function expectSchedulesMatch(
  wb: EmbeddedWorkbook,
  sheet: string,
  templates: BidTemplate[],
  scenario: Scenario,
  settings: Partial<TermSettings>,
  given: { reopen: number; window?: Record<number, number>; actual?: Record<number, (number | null)[]> },
  layout: ReturnType<typeof planFinance>["layout"],
): void {
  const term = compareTerm(
    templates.map((t) => t.bid),
    scenario,
    settings,
  );
  for (const s of layout.schedules) {
    const bid = templates[s.bid].bid;
    const units = term.bids[s.bid]!.months.map((m) => m.billableUnits ?? 0);
    const price = bid.pricing.model === "per-resolution" ? bid.pricing.pricePerResolution : bid.pricing.model === "outcome-based" ? bid.pricing.pricePerOutcome : NaN;
    const window = given.window?.[s.bid] ?? bid.charges?.reopenWindowDays ?? 30;
    const engine = expenseSchedule(units, price, given.reopen, given.actual?.[s.bid] ?? [], window);
    const table = wb.values(sheet, tableRange(s.table, engine.length + 1));
    expect(table[0]).toEqual([...SCHEDULE_COLUMNS]);
    engine.forEach((row, k) => {
      const cells = table[k + 1];
      const expected = [row.month, row.resolutions, row.accrued, row.trueUp, row.recognized, row.cumulativeRecognized, row.finalBillable];
      expected.forEach((v, c) => close(cells[c], v, `${bid.name}: ${SCHEDULE_COLUMNS[c]} in month ${k + 1}`));
    });
    // Recognized amounts sum to the final billable ones.
    const last = table[engine.length];
    close(
      last[5],
      engine.reduce((a, r) => a + r.finalBillable, 0),
      `${bid.name}: cumulative recognized`,
    );
  }
}

describe("the finance sheet", () => {
  test("every model's recognition, the schedules of per-resolution and outcome bids, and the monthly plan: the sheet equals the engine", async () => {
    const templates = [...guideTemplates(), ...handMadeTemplates()];
    const bids = templates.map((t) => t.bid);
    const wb = workbook();
    const settings = { months: 12, growth: 0.02, rampStart: 0.5, rampMonths: 6 };
    const { plan, layout, rows } = planFinance({ scenario: RICH_SCENARIO, templates, term: settings, start: "2027-01" }, wb.sheetNames());
    expect(isComparisonPlan(plan)).toBe(false);
    await wb.apply(plan);
    const sheet = FINANCE_SHEET_NAME;
    expect(wb.sheetNames()).toEqual([sheet]);
    // One recognition row per bid, in the bids' order, with the engine's method.
    const methods = wb.values(sheet, `A${layout.recognition.first}:C${layout.recognition.first + bids.length - 1}`);
    expect(methods.map((r) => r[0])).toEqual(bids.map((b) => b.name));
    expect(methods.map((r) => r[2])).toEqual(bids.map((b) => recognition(b).method));
    // A schedule for each per-resolution and outcome-based bid, and for no other.
    expect(layout.schedules.map((s) => s.bid)).toEqual(bids.map((b, i) => (b.pricing.model === "per-resolution" || b.pricing.model === "outcome-based" ? i : -1)).filter((i) => i >= 0));
    expect(wb.cell(sheet, layout.schedules[0].table).formula).toMatch(/^=AIPRICE\.EXPENSE_SCHEDULE\(/);
    expectSchedulesMatch(wb, sheet, templates, RICH_SCENARIO, settings, { reopen: DEFAULT_REOPEN_RATE }, layout);
    // The monthly plan: its header, and the engine's rows.
    expect(wb.values(sheet, layout.plan.header)[0]).toEqual([...PLAN_COLUMNS]);
    expect(layout.plan.count).toBe(bids.length * 12);
    const planned = wb.values(sheet, layout.plan.rows);
    expect(planned).toHaveLength(rows.length);
    planned.forEach((cells, k) => PLAN_COLUMNS.forEach((c, j) => (typeof rows[k][c] === "number" ? close(cells[j], rows[k][c] as number, `${c} of plan row ${k + 1}`) : expect(cells[j]).toBe(rows[k][c]))));
    expect(await comparisonSheets(wb)).toEqual([]);
    wb.destroy();
  });

  test("the reader changes the expected reopen rate and the window (same months to final), and types actual reopen rates: the schedules follow", async () => {
    const windowed = asTemplate("windowed", { vendor: "ResolveIt", name: "60-day window", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.99 }, charges: { reopenWindowDays: 60 } });
    const templates = [...guideTemplates(), windowed];
    const wb = workbook();
    const { plan, layout } = planFinance({ scenario: GUIDE_SCENARIO, templates, term: { months: 12 }, start: "2027-01", reopenRate: 0.08 }, ["Finance view"]);
    expect(plan.sheetName).toBe("Finance view 2");
    await wb.apply(plan);
    const sheet = plan.sheetName;
    expect(layout.schedules.map((s) => s.bid)).toEqual([1, 3]);
    expect(layout.schedules.map((s) => s.rows)).toEqual([12 + 1 + 1, 12 + 2 + 1]);
    expectSchedulesMatch(wb, sheet, templates, GUIDE_SCENARIO, { months: 12 }, { reopen: 0.08 }, layout);
    const [b, w] = layout.schedules;
    wb.setCellInput(sheet, b.expectedReopenRate, 0.12);
    wb.setCellInput(sheet, w.expectedReopenRate, 0.12);
    wb.setCellInput(sheet, b.windowDays, 29);
    const first = Number(/\d+$/.exec(b.actualReopenRates.split(":")[0])![0]);
    const col = b.actualReopenRates[0];
    [0.1, 0.15, 0.11].forEach((rate, k) => wb.setCellInput(sheet, `${col}${first + k}`, rate));
    // Its true-ups appear when each month's window closes (29 days: the month after).
    expectSchedulesMatch(wb, sheet, templates, GUIDE_SCENARIO, { months: 12 }, { reopen: 0.12, window: { 1: 29 }, actual: { 1: [0.1, 0.15, 0.11] } }, layout);
    expect(
      wb
        .values(sheet, tableRange(b.table, 5))
        .slice(2, 5)
        .map((r) => r[3]),
    ).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect((wb.values(sheet, tableRange(b.table, 5))[2][3] as number) > 0).toBe(true);
    wb.destroy();
  });

  test("no per-resolution or outcome bid: no schedule, and the sheet says why; a bid the term cannot price is named", () => {
    const { plan, layout } = planFinance({ scenario: GUIDE_SCENARIO, templates: [guideTemplates()[0], guideTemplates()[2]], start: "2027-01" }, []);
    expect(layout.schedules).toEqual([]);
    const texts = plan.blocks.flatMap((b) => b.cells.flat()).map((c) => (c && c.kind === "text" ? c.value : ""));
    expect(texts.some((t) => /No per-resolution or outcome-based bid/.test(t))).toBe(true);
    expect(() => planFinance({ scenario: GUIDE_SCENARIO, templates: [], start: "2027-01" }, [])).toThrow(/at least one bid/);
    const broken = asTemplate("broken", { ...guideTemplates()[1].bid, name: "Broken", performance: { resolutionRate: 2 } });
    expect(() => planFinance({ scenario: GUIDE_SCENARIO, templates: [broken], start: "2027-01" }, [])).toThrow(/"Broken" cannot be priced over the term/);
  });
});

describe("the finance sheet reads as a model: months as months, counts as counts, N + k rows labelled", () => {
  test("a 36-month term: 36 month rows of the term, the months after it labelled, each column of the schedule in its own format", async () => {
    const templates = guideTemplates();
    const wb = workbook();
    const { plan, layout } = planFinance({ scenario: GUIDE_SCENARIO, templates, term: { months: 36 }, start: "2027-01" }, wb.sheetNames());
    await wb.apply(plan);
    const sheet = FINANCE_SHEET_NAME;
    expect(layout.schedules.length).toBeGreaterThan(0);
    for (const s of layout.schedules) {
      const window = templates[s.bid].bid.charges?.reopenWindowDays ?? 30;
      const k = Math.ceil(window / 30);
      expect(s.rows).toBe(36 + k + 1);
      // The term's months: 36 rows whose month is a number 1..36, formatted as a month, not money.
      const first = Number(/\d+$/.exec(s.resolutions.split(":")[0])![0]);
      const last = Number(/\d+$/.exec(s.resolutions.split(":")[1])![0]);
      expect(last - first + 1).toBe(36);
      const months = wb.values(sheet, `A${first}:A${last + k}`).map((r) => r[0]);
      expect(months.slice(0, 36)).toEqual(Array.from({ length: 36 }, (_, j) => j + 1));
      // The k months after the term say so (the schedule's N + k rows: true-ups only).
      for (let j = 0; j < k; j++) expect(String(months[36 + j])).toBe(`${37 + j}: after the term`);
      expect(wb.cell(sheet, `A${first}`).numberFormat).toBe("0");
      expect(wb.cell(sheet, `B${first}`).numberFormat).toBe("#,##0");
      // The spilled table: month as a month, resolutions as a count, the five amounts as money.
      const row = first;
      const formats = ["E", "F", "G", "H", "I", "J", "K"].map((c) => wb.cell(sheet, `${c}${row}`).numberFormat);
      expect(formats.slice(0, 2)).toEqual(["0", "#,##0"]);
      for (const f of formats.slice(2)) expect(f).toBe(formatsFor("USD").monthly);
      expect(wb.value(sheet, `E${row}`)).toBe(1);
    }
    // The monthly plan: the contract month as a month.
    const header = wb.values(sheet, layout.plan.header)[0];
    const col = header.indexOf("x_ContractMonth");
    expect(col).toBeGreaterThanOrEqual(0);
    const planFirst = Number(/\d+/.exec(layout.plan.rows.split(":")[0])![0]);
    const letter = columnLetters(col);
    expect(wb.cell(sheet, `${letter}${planFirst}`).numberFormat).toBe("0");
  });
});
