/**
 * The workbench's "Download .xlsx" file, written by src/workbench/xlsx.ts with ExcelJS and read back with
 * ExcelJS: sheets, formulas as Excel formula text (AIPRICE names kept, newer functions with _xlfn.),
 * cached values, spills as array formulas, text as text (never a formula, whatever it starts with),
 * number formats, styles, column widths, hidden columns and names.
 */
import ExcelJS from "exceljs";
import { buildComparison } from "../../src/workbook/builder";
import { cellAddress } from "../../src/workbook/a1";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { CellValue } from "../../src/workbook/port";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import { columnWidthChars, describeWorkbook, excelFormula, openingSheet, writeXlsx } from "../../src/workbench/xlsx";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";

async function roundTrip(wb: EmbeddedWorkbook, options: { dropCachedValues?: boolean } = {}): Promise<ExcelJS.Workbook> {
  const bytes = await writeXlsx(describeWorkbook(wb), { excel: ExcelJS, ...options });
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return back;
}

/** A plan for a small sheet with formats, styles, widths, a hidden column and a name (as the builder writes them). */
function smallPlan(): SheetPlan {
  return {
    sheetName: "Inputs",
    blocks: [
      {
        id: "cells",
        topLeft: "A1",
        cells: [
          [{ kind: "text", value: "Inputs", style: "title" }],
          [
            { kind: "text", value: "Resolution rate", style: "header" },
            { kind: "number", value: 0.9, format: "0.0%", style: "input" },
          ],
          [
            { kind: "text", value: "Price" },
            { kind: "number", value: 1234.5, format: "$#,##0.00" },
          ],
          [
            { kind: "text", value: "=1+1" },
            { kind: "formula", formula: "=B2*100", format: "0.00" },
          ],
          [
            { kind: "text", value: "'quoted" },
            { kind: "formula", formula: "=Rate*2" },
          ],
          [
            { kind: "text", value: "+44 20 7946 0000" },
            { kind: "formula", formula: "=PERCENTILE.INC(B2:B4,0.5)" },
          ],
          [
            { kind: "text", value: "@SUM(A1)" },
            { kind: "formula", formula: "=AIPRICE.COST_PER_RESOLUTION(0.46, B2)", format: "$0.0000" },
          ],
          [
            { kind: "boolean", value: true },
            { kind: "formula", formula: "=1/0" },
          ],
          [null, { kind: "formula", formula: "=B2*0" }, { kind: "formula", formula: '=IF(B2>0.5,"high","low")' }],
          [null, { kind: "formula", formula: "=SEQUENCE(3,2)", format: "0.0", spill: { rows: 3, cols: 2 } }],
        ],
      },
      { id: "meta", topLeft: "E1", cells: [[{ kind: "text", value: '{"json":"kept as text"}' }]] },
    ],
    names: [{ name: "Rate", address: "B2", comment: "the resolution rate" }],
    columnWidths: [
      { column: "A", points: 180 },
      { column: "B", points: 60 },
    ],
    hiddenColumns: ["E"],
    hiddenRows: [],
    sheetId: "test",
    rowKeys: [],
    inputs: [],
    charts: [],
    marker: { cell: "E1", format: "aiprice-comparison", version: 1 },
    layout: {} as SheetPlan["layout"],
  };
}

describe("excelFormula: workbench formulas as the file stores them", () => {
  test.each([
    ["=B2*100", "B2*100"],
    ["=PERCENTILE.INC(B2:B4, 0.5)", "_xlfn.PERCENTILE.INC(B2:B4, 0.5)"],
    ["=IF(IFS(A1>0,1),SEQUENCE(3),0)", "IF(_xlfn.IFS(A1>0,1),_xlfn.SEQUENCE(3),0)"],
    ["=FILTER(A1:A9, A1:A9>0)", "_xlfn._xlws.FILTER(A1:A9, A1:A9>0)"],
    ["=AIPRICE.COST_PER_RESOLUTION(0.46, ResolutionRate)", "AIPRICE.COST_PER_RESOLUTION(0.46, ResolutionRate)"],
    ['=CONCATENATE("SEQUENCE(3)", A1)', 'CONCATENATE("SEQUENCE(3)", A1)'],
    ['="a ""IFS("" b"&IFS(A1,1)', '="a ""IFS("" b"&_xlfn.IFS(A1,1)'.slice(1)],
    ["='Bid comparison'!$B$6*2", "'Bid comparison'!$B$6*2"],
    ["=CEILING(A1, 0.05)+NPV(0.01, A1:A3)+BETA.INV(0.5, 2, 3)", "CEILING(A1, 0.05)+NPV(0.01, A1:A3)+_xlfn.BETA.INV(0.5, 2, 3)"],
  ])("%s -> %s", (formula, expected) => {
    expect(excelFormula(formula)).toBe(expected);
  });
});

describe("the .xlsx download, read back with ExcelJS", () => {
  let wb: EmbeddedWorkbook;
  let back: ExcelJS.Workbook;

  beforeAll(async () => {
    wb = new EmbeddedWorkbook(builtFunctions());
    wb.addSheet("Sheet1");
    wb.setCellInput("Sheet1", "A1", "the user's own note");
    wb.setCellInput("Sheet1", "B1", "=Inputs!B2+1");
    await wb.apply(smallPlan());
    back = await roundTrip(wb);
  });
  afterAll(() => wb.destroy());

  test("every sheet, in order", () => {
    expect(back.worksheets.map((w) => w.name)).toEqual(["Sheet1", "Inputs"]);
    expect(back.getWorksheet("Sheet1")!.getCell("A1").value).toBe("the user's own note");
    expect(back.getWorksheet("Sheet1")!.getCell("B1").value).toEqual({ formula: "Inputs!B2+1", result: 1.9 });
  });

  test("text stays text, whatever it starts with", () => {
    const ws = back.getWorksheet("Inputs")!;
    for (const [address, text] of [
      ["A4", "=1+1"],
      ["A5", "'quoted"],
      ["A6", "+44 20 7946 0000"],
      ["A7", "@SUM(A1)"],
      ["E1", '{"json":"kept as text"}'],
    ]) {
      const cell = ws.getCell(address);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeFalsy();
    }
  });

  test("formulas as Excel formula text with their computed values", () => {
    const ws = back.getWorksheet("Inputs")!;
    const f = (a: string) => ws.getCell(a).value as ExcelJS.CellFormulaValue;
    expect(f("B4")).toEqual({ formula: "B2*100", result: 90 });
    expect(f("B5")).toEqual({ formula: "Rate*2", result: 1.8 });
    expect(f("B6")).toEqual({ formula: "_xlfn.PERCENTILE.INC(B2:B4,0.5)", result: 90 });
    // The add-in's functions keep their names (Excel without the add-in shows #NAME?); the value is cached.
    expect(f("B7").formula).toBe("AIPRICE.COST_PER_RESOLUTION(0.46, B2)");
    expect(f("B7").result as number).toBeCloseTo(0.46 / 0.9, 14);
    expect(f("B8")).toEqual({ formula: "1/0", result: { error: "#DIV/0!" } });
    expect(ws.getCell("A8").value).toBe(true);
    expect(ws.getCell("C9").value).toEqual({ formula: 'IF(B2>0.5,"high","low")', result: "high" });
    // A zero result is cached as zero (not dropped as "no value").
    expect(ws.getCell("B9").formula).toBe("B2*0");
    expect(ws.getCell("B9").result).toBe(0);
  });

  test("a spill is an array formula over its range, with every spilled value cached", () => {
    const ws = back.getWorksheet("Inputs")!;
    expect(ws.getCell("B10").value).toMatchObject({ formula: "_xlfn.SEQUENCE(3,2)", shareType: "array", ref: "B10:C12", result: 1 });
    expect([ws.getCell("C10").value, ws.getCell("B11").value, ws.getCell("C11").value, ws.getCell("B12").value, ws.getCell("C12").value]).toEqual([2, 3, 4, 5, 6]);
    // The spill's format covers the whole spill.
    expect(ws.getCell("C12").numFmt).toBe("0.0");
  });

  test("number formats, styles, column widths, hidden columns", () => {
    const ws = back.getWorksheet("Inputs")!;
    expect(ws.getCell("B2").numFmt).toBe("0.0%");
    expect(ws.getCell("B3").numFmt).toBe("$#,##0.00");
    expect(ws.getCell("B7").numFmt).toBe("$0.0000");
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, size: 16, color: { argb: "FF44546A" } });
    expect(ws.getCell("B2").fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFCC99" } });
    expect(ws.getCell("A2").alignment).toMatchObject({ wrapText: true });
    expect(ws.getColumn("A").width).toBeCloseTo(columnWidthChars(180), 2);
    expect(ws.getColumn("B").width).toBeCloseTo(columnWidthChars(60), 2);
    // 180 points = 240 px: about 33.6 characters of Calibri 11 (7 px each, 5 px padding).
    expect(columnWidthChars(180)).toBeCloseTo(33.57, 2);
    expect(ws.getColumn("E").hidden).toBe(true);
    expect(ws.getColumn("A").hidden).toBe(false);
  });

  test("the workbook's names, with the cell each refers to", () => {
    const names = back.definedNames.model;
    expect(names).toEqual(
      expect.arrayContaining([
        { name: "Rate", ranges: ["Inputs!$B$2"] },
        { name: "AIPRICE_Comparison", ranges: ["Inputs!$E$1"] },
      ]),
    );
  });

  test("without cached values (for a program that must compute every formula), formulas only", async () => {
    const bare = await roundTrip(wb, { dropCachedValues: true });
    const ws = bare.getWorksheet("Inputs")!;
    expect(ws.getCell("B4").value).toEqual({ formula: "B2*100" });
    expect(ws.getCell("B10").value).toEqual({ formula: "_xlfn.SEQUENCE(3,2)", shareType: "array", ref: "B10:C12" });
    expect(ws.getCell("C11").value).toBeNull();
    expect(ws.getCell("B2").value).toBe(0.9);
  });
});

describe("the guide's comparison sheet, every cell", () => {
  test("each cell's formula, value and format in the file are the workbench's", async () => {
    const wb = new EmbeddedWorkbook(builtFunctions());
    wb.addSheet("Sheet1");
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const back = await roundTrip(wb);
    const ws = back.getWorksheet(sheetName)!;
    const cells = wb.usedCells(sheetName);
    expect(cells.length).toBeGreaterThan(200);
    const asFile = (v: CellValue) => (v !== null && typeof v === "object" ? { error: ["#DIV/0!", "#NUM!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NULL!"].includes(v.error) ? v.error : "#VALUE!" } : v);
    let formulas = 0;
    for (const c of cells) {
      const cell = ws.getCell(cellAddress(c));
      if (c.formula) {
        formulas++;
        const v = cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };
        expect(v.formula).toBe(excelFormula(c.formula));
        if (c.spill) expect(v.ref).toBe(`${cellAddress(c)}:${cellAddress({ row: c.row + c.spill.rows - 1, col: c.col + c.spill.cols - 1 })}`);
        // (ExcelJS reads an empty text result back as no result.)
        expect(cell.result ?? (c.value === "" ? "" : null)).toEqual(asFile(c.value));
      } else {
        expect(cell.formula).toBeFalsy();
        expect(cell.value).toEqual(asFile(c.value));
      }
      // General is the file's default format (ExcelJS reads it back as none).
      if (c.numberFormat) expect(cell.numFmt ?? "General").toBe(c.numberFormat);
    }
    expect(formulas).toBeGreaterThan(50);
    // The add-in's columns: widths as planned, the meta column hidden.
    for (const [letters, points] of Object.entries(wb.columnWidths(sheetName))) expect(ws.getColumn(letters).width).toBeCloseTo(columnWidthChars(points), 2);
    for (const letters of wb.hiddenColumns(sheetName)) expect(ws.getColumn(letters).hidden).toBe(true);
    // The file opens on the comparison sheet, not on the empty Sheet1 before it.
    const views = (back as unknown as { views: { activeTab: number }[] }).views;
    expect(back.worksheets[views[0].activeTab].name).toBe(sheetName);
    wb.destroy();
  });

  test("a workbook without a comparison opens on the first sheet that holds anything", () => {
    const sheet = (name: string, cells: number) => ({ name, cells: Array.from({ length: cells }, (_, k) => ({ row: 1, col: k, value: k })), columnWidths: {}, hiddenColumns: [], hiddenRows: [] });
    expect(openingSheet([sheet("Sheet1", 0), sheet("Notes", 2)])).toBe("Notes");
    expect(openingSheet([sheet("Sheet1", 0)])).toBeUndefined();
  });
});
