/**
 * Inputs guarded where they are typed (docs/spec.md#one-model-one-answer): every input cell of a comparison sheet
 * carries a data validation rule (src/workbook/input-rules.ts), applied through the port (Office.js
 * range.dataValidation; the embedded workbook keeps it) and honoured by the workbench's grid
 * (src/workbench/validation.ts): 150% typed into a bid's rate is refused with a message naming 0%-100%.
 */
import { cellAddress } from "../../src/workbook/a1";
import { refusal, typedValue } from "../../src/workbench/validation";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { breaksRule, InputRule, ruleForInput } from "../../src/workbook/input-rules";
import { excelRule, queueValidation } from "../../src/workbook/office-workbook";
import { planComparison } from "../../src/workbook/plan";
import { planCells, SheetPlan } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

/** The plan's cells with a rule, by address. */
function rules(plan: SheetPlan): Map<string, InputRule> {
  const out = new Map<string, InputRule>();
  for (const { row, col, cell } of planCells(plan)) if ((cell.kind === "number" || cell.kind === "formula") && cell.validation) out.set(cellAddress({ row, col }), cell.validation);
  return out;
}

/** The address of a planned input (no placement: planned columns are the sheet's). */
function addressOf(plan: SheetPlan, input: SheetPlan["inputs"][number]): string {
  const row = plan.rowKeys.find((k) => k.key === input.row)!.row;
  return cellAddress({ row, col: input.col });
}

describe("the rules of the inputs", () => {
  test("rates and shares from 0% to 100%, prices and counts 0 or more, the term 1 to 60 whole months, growth above -100%", () => {
    expect(ruleForInput("performance.resolutionRate", 0.9)).toMatchObject({ min: 0, max: 1 });
    expect(ruleForInput("performance.resolutionRate.low", "=B5")).toMatchObject({ min: 0, max: 1 });
    expect(ruleForInput("scenario.ranges.conversations.high", 120000)).toMatchObject({ min: 0 });
    expect(ruleForInput("scenario.ranges.conversations.high", 120000)!.max).toBeUndefined();
    expect(ruleForInput("charges.tiers.tiers.1.upTo", null)).toBeNull(); // the open last tier: blank
    expect(ruleForInput("pricing.pricePerResolution", 0.99)).toMatchObject({ type: "decimal", min: 0 });
    expect(ruleForInput("term.months", 12)).toMatchObject({ type: "whole", min: 1, max: 60 });
    expect(ruleForInput("term.growth", 0)).toMatchObject({ min: -1, minExclusive: true });
    expect(ruleForInput("charges.escalator.annualRate", 0.05)).toMatchObject({ min: -1 });
    expect(ruleForInput("charges.tiers.mode", "graduated")).toBeNull();
    expect(ruleForInput("pricing.buyerPaysAiCost", true)).toBeNull();
  });

  test("the stop alert names the allowed values; the bounds are the engine's", () => {
    const rate = ruleForInput("performance.resolutionRate", 0.9)!;
    expect(breaksRule(rate, 1.5)).toMatch(/0% to 100%/);
    expect(breaksRule(rate, 1)).toBeNull();
    expect(breaksRule(rate, -0.01)).toMatch(/0% to 100%/);
    const months = ruleForInput("term.months", 12)!;
    expect(breaksRule(months, 36)).toBeNull();
    expect(breaksRule(months, 36.5)).toMatch(/whole number of months from 1 to 60/);
    expect(breaksRule(months, 61)).toMatch(/1 to 60/);
    expect(breaksRule(ruleForInput("term.growth", 0)!, -1)).toMatch(/above -100%/);
  });

  test("Excel's rule for each: between the bounds, above the lowest, whole numbers where whole", () => {
    expect(excelRule(ruleForInput("performance.assist", 0)!)).toEqual({ decimal: { operator: "Between", formula1: 0, formula2: 1 } });
    expect(excelRule(ruleForInput("pricing.seats", 50)!)).toEqual({ decimal: { operator: "GreaterThanOrEqualTo", formula1: 0 } });
    expect(excelRule(ruleForInput("term.months", 12)!)).toEqual({ wholeNumber: { operator: "Between", formula1: 1, formula2: 60 } });
    expect(excelRule(ruleForInput("term.seasonal.3", 1)!)).toEqual({ decimal: { operator: "GreaterThan", formula1: 0 } });
  });
});

describe("every input cell of a comparison carries its rule", () => {
  for (const [name, templates, scenario] of [
    ["the guide's bids", guideTemplates(), GUIDE_SCENARIO],
    ["every model and charge shape", handMadeTemplates(), RICH_SCENARIO],
  ] as const) {
    test(name, () => {
      const plan = planComparison({ scenario, templates, term: { months: 12 } }, []);
      const guarded = rules(plan);
      let numeric = 0;
      for (const input of plan.inputs) {
        const expected = ruleForInput(input.path, input.written);
        if (!expected) continue;
        numeric++;
        expect([input.path, guarded.get(addressOf(plan, input))]).toEqual([input.path, expected]);
      }
      expect(numeric).toBeGreaterThan(20);
      // Only input cells are guarded.
      expect(guarded.size).toBe(numeric);
    });
  }

  test("Office.js: each guarded cell gets its rule, an input message and a stop alert (ExcelApi 1.8)", () => {
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, []);
    const set = new Map<string, Record<string, unknown>>();
    const sheet = {
      getRange(address: string) {
        const v: Record<string, unknown> = { clear: () => set.set(address, v) };
        return { dataValidation: v };
      },
    } as unknown as Parameters<typeof queueValidation>[0];
    queueValidation(sheet, plan);
    const guarded = rules(plan);
    expect([...set.keys()].sort()).toEqual([...guarded.keys()].sort());
    const rate = plan.layout.bids[0].cells.resolutionRate;
    expect(set.get(rate)).toMatchObject({
      ignoreBlanks: true,
      rule: { decimal: { operator: "Between", formula1: 0, formula2: 1 } },
      prompt: { showPrompt: true, message: expect.stringMatching(/0% to 100%/) },
      errorAlert: { showAlert: true, style: "Stop", message: expect.stringMatching(/0% to 100%/) },
    });
    for (const v of set.values()) {
      const alert = v.errorAlert as { title: string; message: string };
      expect(alert.title.length).toBeLessThanOrEqual(32);
      expect(alert.message.length).toBeLessThanOrEqual(255);
    }
  });
});

describe("the workbench honours the rules", () => {
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let rate: string;
  beforeAll(async () => {
    const { metadata, implementations } = builtFunctions();
    wb = new EmbeddedWorkbook({ metadata, implementations });
    const built = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    sheet = built.sheetName;
    rate = built.layout.bids[0].cells.resolutionRate;
  });
  afterAll(() => wb.destroy());

  test("typed values read as Excel reads them", () => {
    expect(typedValue("150%")).toBeCloseTo(1.5, 12);
    expect(typedValue(" 90 % ")).toBeCloseTo(0.9, 12);
    expect(typedValue("90%")).toBeCloseTo(0.9, 12);
    expect(typedValue("1,000")).toBe(1000);
    expect(typedValue("$3.5")).toBe(3.5);
    expect(typedValue("-2")).toBe(-2);
    expect(typedValue("1e3")).toBe(1000);
    expect(typedValue("=B4*2")).toBe("formula");
    expect(typedValue("")).toBe("blank");
    expect(typedValue("ninety")).toBe("text");
    expect(typedValue("1,00")).toBe("text");
  });

  test("150% typed into a bid's rate is refused with a message naming 0% to 100%; 90%, a formula or a blank are taken", () => {
    expect(wb.validationAt(sheet, rate)).toMatchObject({ min: 0, max: 1 });
    expect(refusal(wb, sheet, rate, "150%")).toMatch(/0% to 100%/);
    expect(refusal(wb, sheet, rate, "1.5")).toMatch(/0% to 100%/);
    expect(refusal(wb, sheet, rate, "most")).toMatch(/0% to 100%/);
    expect(refusal(wb, sheet, rate, "90%")).toBeNull();
    expect(refusal(wb, sheet, rate, "=1.5")).toBeNull();
    expect(refusal(wb, sheet, rate, "")).toBeNull();
    // A cell that is no input takes anything.
    expect(refusal(wb, sheet, "A1", "150%")).toBeNull();
  });
});
