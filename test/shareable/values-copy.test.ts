/**
 * The values-only shareable copy holds, at the same address, every value of the comparison (the add-in's
 * hidden id row and key column aside) and of its calculation sheet, each on a sheet of its own, and nothing else: the drawn scenarios out to the last draw, in
 * rows of draws ordered as drawn and in a correlated order; no formula but an error kept as one.
 */
import { defaultRanges } from "../../src/engine";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { isCellError } from "../../src/workbook/port";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import { builtFunctions } from "../support/load-functions";
import { guideTemplates, RICH_SCENARIO } from "../workbook/fixtures";

test.each([1, 0.5])("a values-only copy is the comparison's values, cell for cell (rate correlation %s)", async (rateCorrelation) => {
  const wb = new EmbeddedWorkbook(builtFunctions());
  try {
    const scenario = { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) };
    const { sheetName } = await buildComparison(wb, { scenario, templates: guideTemplates(), risk: { draws: 60, seed: 3, rateCorrelation }, term: { months: 12 } });
    const copy = await makeShareableCopy(wb, sheetName, { valuesOnly: true, date: "2026-12-07" });
    const snapshot = await wb.snapshot(sheetName);
    const { row: idRow, col: keyCol } = snapshot.marker;
    // Two sheets, as the comparison: its cells on the first, its calculation sheet's on the second, at the same addresses.
    const calc = copy.calc!;
    expect(wb.sheetNames()).toEqual([sheetName, calc.sheet, copy.sheetName, calc.copy]);
    const filled = (c: { value: unknown }) => c.value !== null && c.value !== "";
    const pairs: [string, string, { row: number; col: number; value: unknown }[]][] = [
      [sheetName, copy.sheetName, wb.usedCells(sheetName).filter((c) => c.row !== idRow && c.col !== keyCol && filled(c))],
      [calc.sheet, calc.copy, wb.usedCells(calc.sheet).filter(filled)],
    ];
    // The draws reach the last column of the drawn scenarios (from column B of the calculation sheet).
    expect(Math.max(...pairs[1][2].map((c) => c.col))).toBe(60);
    for (const [from, to, source] of pairs) {
      const copied = new Map(wb.usedCells(to).map((c) => [`${c.row},${c.col}`, c]));
      // The subtitle under the title says what the copy is; every other cell is the comparison's.
      const subtitle = [...copied.values()].filter((c) => typeof c.value === "string" && c.value.startsWith("Values-only copy of “Bid comparison”, made 2026-12-07"));
      expect(subtitle).toHaveLength(from === sheetName ? 1 : 0);
      const isSubtitle = (c: { row: number; col: number }) => subtitle.some((t) => c.row === t.row && c.col === t.col);
      for (const c of source) {
        if (isSubtitle(c)) continue;
        const at = copied.get(`${c.row},${c.col}`);
        expect({ sheet: from, row: c.row, col: c.col, value: at?.value }).toEqual({ sheet: from, row: c.row, col: c.col, value: c.value });
        if (!isCellError(c.value)) expect(at?.formula ?? null).toBeNull();
      }
      // Nothing is new above the copy's notes below the last row.
      const lastRow = Math.max(...source.map((c) => c.row));
      const extra = [...copied.values()].filter((c) => c.row <= lastRow && filled(c) && !isSubtitle(c) && !source.some((s) => s.row === c.row && s.col === c.col));
      expect(extra).toEqual([]);
    }
  } finally {
    wb.destroy();
  }
});
