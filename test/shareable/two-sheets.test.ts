/**
 * The shareable copy is two sheets, as the comparison is (issue 15, item 4; docs/spec.md "The workbook
 * reads like a model": the drawn scenarios and the months on a calculation sheet of their own, not
 * thousands of columns at the bottom of the comparison): the copy of the comparison first, the one the
 * workbook opens on, and the copy of its calculation sheet beside it, their formulas referring to each
 * other by name; nothing of the draws is on the first. Native and values-only copies alike.
 */
import { defaultRanges, Scenario } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { OfficeWorkbook } from "../../src/workbook/office-workbook";
import { parseSheetReference } from "../../src/workbook/a1";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import { cutFormula } from "../../src/workbook/shareable/with-calc";
import { builtFunctions } from "../support/load-functions";
import { FakeExcel } from "../workbook/fake-excel";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";
import { compareWithEngine } from "./figures";

const SCENARIO: Scenario = { ...GUIDE_SCENARIO, ranges: defaultRanges(GUIDE_SCENARIO) };
const RISK = { draws: 300, seed: 2 };
const KEY_COLUMN_AT_MOST = 80;

describe("the shareable copy: the comparison on its first sheet, its calculations on a second", () => {
  test.each([false, true])(
    "values only: %s",
    async (valuesOnly) => {
      const wb = new EmbeddedWorkbook(builtFunctions());
      try {
        const templates = guideTemplates();
        const { sheetName, layout: source } = await buildComparison(wb, { scenario: SCENARIO, templates, risk: RISK, term: { months: 24, growth: 0.01 } });
        const copy = await makeShareableCopy(wb, sheetName, { date: "2026-12-07", valuesOnly });
        const second = `${copy.sheetName} calc`;
        // Two sheets, the comparison's copy first, beside the comparison and its calculation sheet.
        expect(wb.sheetNames()).toEqual([sheetName, source.calcSheet, copy.sheetName, second]);
        expect(copy.calc).toEqual({ sheet: source.calcSheet, copy: second });
        expect(copy.layout.calcSheet).toBe(second);
        // The draws and the months are on the second sheet, at the addresses they have on the calculation sheet.
        const draws = parseSheetReference(copy.layout.bids[0].risk.draws.total)!;
        expect(draws).toEqual({ sheet: second, address: parseSheetReference(source.bids[0].risk.draws.total)!.address });
        expect(parseSheetReference(copy.layout.term!.months)!.sheet).toBe(second);
        // Nothing of the draws on the first sheet: no cell past the comparison's own columns, no row of draws.
        const first = wb.usedCells(copy.sheetName);
        expect(first.filter((c) => c.col > KEY_COLUMN_AT_MOST)).toEqual([]);
        expect(first.filter((c) => c.formula && /PERT|BETA\.INV/i.test(c.formula))).toEqual([]);
        expect(wb.sheetSize(copy.sheetName).cols).toBeLessThanOrEqual(KEY_COLUMN_AT_MOST);
        expect(wb.sheetSize(second).cols).toBeGreaterThan(RISK.draws);
        // Every figure the engine's, read on both sheets.
        const check = compareWithEngine((a) => wb.value(copy.sheetName, a), copy.layout, templates, SCENARIO, RISK, { figures: 1e-12, risk: 1e-7 });
        expect(check.problems.slice(0, 8)).toEqual([]);
        expect(check.compared).toBeGreaterThan(100);
        if (!valuesOnly) {
          // Each sheet's formulas refer to the other's cells by its name, as the comparison's do.
          const formulas = (s: string) => wb.usedCells(s).flatMap((c) => (c.formula ? [c.formula] : []));
          expect(formulas(copy.sheetName).some((f) => f.includes(`'${second}'!`))).toBe(true);
          expect(formulas(second).some((f) => f.includes(`'${copy.sheetName}'!`))).toBe(true);
          // ... and never to the add-in's own sheets.
          expect([...formulas(copy.sheetName), ...formulas(second)].filter((f) => f.includes(`'${sheetName}'!`) || f.includes(`'${source.calcSheet}'!`))).toEqual([]);
          // A scenario input typed on the first sheet recomputes the draws on the second.
          const before = wb.value(second, draws.address.split(":")[0]);
          wb.setCellInput(copy.sheetName, copy.layout.scenario.Conversations, 150000);
          expect(wb.value(second, draws.address.split(":")[0])).not.toEqual(before);
        }
      } finally {
        wb.destroy();
      }
    },
    120_000,
  );

  test("in Excel the copy opens on its first sheet: the comparison's answer, never the calculations", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel, () => false);
    const { sheetName } = await buildComparison(port, { scenario: SCENARIO, templates: guideTemplates(), risk: { draws: 40 } });
    const copy = await makeShareableCopy(port, sheetName, { date: "2026-12-07" });
    expect(excel.sheets.map((s) => s.name)).toEqual([sheetName, `${sheetName} calc`, copy.sheetName, `${copy.sheetName} calc`]);
    expect(excel.active?.name).toBe(copy.sheetName);
    // The second sheet holds the calculations: the first is no wider than the comparison.
    const widest = (name: string) => Math.max(...[...excel.sheet(name)!.cells.keys()].map((a) => /^[A-Z]+/.exec(a)![0].length));
    expect(widest(copy.sheetName)).toBeLessThanOrEqual(2);
    expect(excel.sheet(`${copy.sheetName} calc`)!.cells.size).toBeGreaterThan(0);
  });

  test("a formula of the one-sheet copy, cut in two: rows below the cut go to the second sheet, each names the other", () => {
    const cut = { offset: 100, first: "Copy", second: "Copy calc" };
    expect(cutFormula("=SUM(B101:BI101)+A5*$C$7", cut, false)).toBe("=SUM('Copy calc'!B1:BI1)+A5*$C$7");
    expect(cutFormula("=PERCENTILE.INC(B105:K105,0.9)+$B$3+'Other'!A200", cut, true)).toBe("=PERCENTILE.INC(B5:K5, 0.9)+Copy!$B$3+Other!A200");
    expect(() => cutFormula("=SUM(A90:A110)", cut, false)).toThrow(/across its two sheets/);
    expect(cutFormula('=IF(A1>0,"B200","")', cut, false)).toBe('=IF(A1>0, "B200", "")');
  });
});
