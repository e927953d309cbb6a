/**
 * The shareable copy on the embedded workbook: the guide's bids, every gallery template and hand-made
 * bids with every charge shape built into comparisons, copied, and the copy computed by a real formula
 * engine (HyperFormula) without any AIPRICE function: every figure equals the engine's.
 */
import { defaultRanges, Scenario, withValues } from "../../src/engine";
import { gallery } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison, comparisonSheets, ComparisonRequest } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import { parseSheetReference } from "../../src/workbook/a1";
import { builtFunctions } from "../support/load-functions";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../workbook/fixtures";
import { compareWithEngine } from "./figures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** Every formula of a sheet. */
function formulasOf(wb: EmbeddedWorkbook, sheet: string): string[] {
  return wb
    .usedCells(sheet)
    .filter((c) => c.formula)
    .map((c) => c.formula!);
}

describe("the shareable copy computes the engine's figures without the add-in", () => {
  test("the guide's bids: 0.5111 / 0.99 / 0.9306, every figure, and every figure again at another resolution rate", async () => {
    const wb = workbook();
    const templates = guideTemplates();
    const scenario: Scenario = { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.75, high: 0.95 }, conversations: { low: 80000, high: 130000 } } };
    const { sheetName } = await buildComparison(wb, { scenario, templates, risk: { draws: 500 } });
    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-11-29" });
    expect(copy.sheetName).toBe("Bid comparison (shareable)");
    expect(copy.kept).toEqual([]);
    const layout = copy.layout;
    // Not one AIPRICE function, no SEQUENCE, and the copy is not one of the add-in's sheets.
    const formulas = [copy.sheetName, copy.calc!.copy].flatMap((s) => formulasOf(wb, s));
    expect(formulas.length).toBeGreaterThan(100);
    expect(formulas.filter((f) => /AIPRICE|SEQUENCE|LAMBDA|LET\(/i.test(f))).toEqual([]);
    expect(await comparisonSheets(wb)).toEqual([sheetName]);
    const read = (a: string) => wb.value(copy.sheetName, a);
    expect([0, 1, 2].map((i) => read(layout.bids[i].cells.costPerResolution))).toEqual([expect.closeTo(0.5111, 4), expect.closeTo(0.99, 12), expect.closeTo(0.9306, 4)]);
    const tol = { figures: 1e-12, risk: 1e-7 };
    let check = compareWithEngine(read, layout, templates, scenario, { draws: 500, seed: 1 }, tol);
    expect(check.problems).toEqual([]);
    expect(check.compared).toBeGreaterThan(150);
    // The inputs stay live: the resolution rate changed in the copy recomputes every figure.
    wb.setCellInput(copy.sheetName, layout.scenario.ResolutionRate, 0.8);
    check = compareWithEngine(read, layout, templates, withValues(scenario, { resolutionRate: 0.8 }), { draws: 500, seed: 1 }, tol);
    expect(check.problems).toEqual([]);
    // ... and an out-of-range rate is an error where the add-in gives one.
    wb.setCellInput(copy.sheetName, layout.bids[0].cells.resolutionRate, 1.5);
    expect(read(layout.bids[0].cells.costPerResolution)).toMatchObject({ error: "#NUM!" });
    wb.setCellInput(copy.sheetName, layout.bids[0].cells.resolutionRate, 0);
    expect(read(layout.bids[0].cells.costPerResolution)).toBe("resolves nothing");
    // The comparison itself is unchanged.
    expect(wb.value(sheetName, layout.scenario.ResolutionRate)).toBe(0.9);
    wb.destroy();
  });

  test("every gallery template and every charge shape, on two sheets of one workbook", async () => {
    const wb = workbook();
    const sets: [string, BidTemplate[], ComparisonRequest["risk"]][] = [
      ["gallery", [...gallery], { draws: 150, seed: 3 }],
      ["hand-made", handMadeTemplates(), { draws: 100, seed: 5 }],
    ];
    for (const [set, templates, risk] of sets) {
      const scenario: Scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
      const { sheetName } = await buildComparison(wb, { scenario, templates, risk });
      const copy = await makeShareableCopy(wb, sheetName, { date: "2026-11-29" });
      expect(copy.kept).toEqual([]);
      expect([copy.sheetName, copy.calc!.copy].flatMap((s) => formulasOf(wb, s)).filter((f) => /AIPRICE|SEQUENCE/i.test(f))).toEqual([]);
      // The gallery's bids by charges: each charge's row is in the copy (compared below with the engine's).
      if (set === "gallery") expect(copy.layout.bids.filter((b) => b.charges).length).toBe(templates.filter((t) => t.bid.pricing.model === "charges").length);
      const check = compareWithEngine((a) => wb.value(copy.sheetName, a), copy.layout, templates, scenario, { draws: risk!.draws!, seed: risk!.seed! }, { figures: 1e-12, risk: 1e-7 });
      expect(check.problems.slice(0, 10)).toEqual([]);
    }
    wb.destroy();
  });

  test("a spend commitment over the term: its true-ups (AIPRICE.COMMIT_TRUE_UP over FILTER) keep their values, and the copy says so", async () => {
    const wb = workbook();
    const committed = asTemplate("committed", {
      vendor: "ResolveIt",
      name: "Committed to 1M a year",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: { commitment: { amount: 1000000, periodMonths: 12 } },
    });
    const templates = [committed, guideTemplates()[1]];
    const scenario: Scenario = { ...GUIDE_SCENARIO, conversations: 60000 };
    const { sheetName } = await buildComparison(wb, { scenario, templates, term: { months: 24, growth: 0.05 }, risk: { draws: 50 } });
    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-11-29" });
    expect(copy.kept.length).toBeGreaterThan(0);
    for (const k of copy.kept) {
      expect(k.reason).toMatch(/COMMIT_TRUE_UP|FILTER/);
      // The calculation sheet's cells are on the copy's second sheet, at the same addresses, named so.
      const ref = parseSheetReference(k.cell);
      if (ref) expect(ref.sheet).toBe(copy.calc!.copy);
      const was = ref ? wb.value(copy.calc!.sheet, ref.address) : wb.value(sheetName, k.cell);
      const now = ref ? wb.value(ref.sheet, ref.address) : wb.value(copy.sheetName, k.cell);
      if (typeof was === "number") expect(now).toBeCloseTo(was, 9);
      else expect(now).toEqual(was);
    }
    // Neither sheet of the copy has an add-in function; the notes are with the workings, on its second sheet.
    const both = [copy.sheetName, copy.calc!.copy];
    expect(both.flatMap((s) => formulasOf(wb, s)).filter((f) => /AIPRICE|SEQUENCE|FILTER\(/i.test(f))).toEqual([]);
    const notes = both.flatMap((s) => wb.usedCells(s)).filter((c) => typeof c.value === "string" && /holds the value it had on 2026-11-29/.test(c.value));
    expect(notes.length).toBe(copy.kept.length);
    const check = compareWithEngine((a) => wb.value(copy.sheetName, a), copy.layout, templates, scenario, { draws: 50, seed: 1 }, { figures: 1e-12, risk: 1e-7 });
    expect(check.problems).toEqual([]);
    wb.destroy();
  });
});
