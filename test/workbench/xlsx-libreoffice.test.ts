/**
 * The workbench's .xlsx, recalculated by a spreadsheet program nobody here wrote: LibreOffice Calc,
 * headless (`soffice --convert-to csv` opens the file, recalculates it and writes each sheet's values).
 * A sheet of native Excel formulas (SUMPRODUCT, IF, MIN, MAX, INDEX, CEILING, PERCENTILE.INC, NPV,
 * BETA.INV, NORM.INV, an array formula, sheet-scoped names, cross-sheet references) must give
 * HyperFormula's figures to 1e-9 relative:
 *  - as downloaded, recalculated on opening (LibreOffice's "Recalculation on file load: Always", set in
 *    the private profile; a file with a wrong cached value shows that it did recalculate);
 *  - without cached values;
 *  - after an input is changed in the file (with ExcelJS, cached values dropped), at the new input.
 *
 * One soffice run converts every file (a few seconds), with a private profile so that runs in parallel
 * do not clash. Without LibreOffice the test fails and says what to install.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { cellAddress, parseCell } from "../../src/workbook/a1";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { CellValue } from "../../src/workbook/port";
import type { PlanCell, SheetPlan } from "../../src/workbook/sheet-plan";
import { describeWorkbook, writeXlsx, type XlsxWorkbook } from "../../src/workbench/xlsx";
import { editInFile, findSoffice, recalculate } from "../support/libreoffice";

const t = (value: string, style?: PlanCell["style"]): PlanCell => ({ kind: "text", value, ...(style ? { style } : {}) });
const n = (value: number, format?: string): PlanCell => ({ kind: "number", value, ...(format ? { format } : {}) });
const f = (formula: string, format?: string, spill?: { rows: number; cols: number }): PlanCell => ({ kind: "formula", formula, ...(format ? { format } : {}), ...(spill ? { spill } : {}) });

const BIDS: [string, number, number][] = [
  ["Per resolution", 0.99, 0.02],
  ["Per resolution, discounted", 0.85, 0.1],
  ["Outcome", 1.2, 0],
  ["Cheap tokens", 0.5, 0.25],
  ["Mid", 0.7, 0.05],
];

/** A small comparison in native Excel formulas, with formats, names and a spill. */
function nativePlan(): SheetPlan {
  const rows: (PlanCell | null)[][] = [
    [t("Scenario", "title")],
    [t("Conversations per month"), n(100000, "#,##0")],
    [t("Resolution rate"), n(0.9, "0.0%")],
    [t("Human cost per conversation"), n(3, "$#,##0.00")],
    [],
    [t("Bid", "header"), t("Price", "header"), t("Fee", "header"), t("AI cost (a)", "header"), t("Per resolution", "header"), t("Blended", "header"), t("Monthly", "header"), t("Ceiling", "header")],
    ...BIDS.map(([name, price, supplied], i): PlanCell[] => {
      const r = 7 + i;
      return [
        t(name),
        n(price, "$0.00"),
        f(`=B${r}*Rate`, "$0.0000"),
        f(`=C${r}+${supplied}`, "$0.0000"),
        f(`=IF(Rate>0,D${r}/Rate,NA())`, "$0.0000"),
        f(`=D${r}+(1-Rate)*HumanCost`, "$0.0000"),
        f(`=F${r}*$B$2`, "$#,##0"),
        f(`=CEILING(E${r},0.05)`, "$0.00"),
      ];
    }),
    [],
    [t("Cheapest per resolution"), f("=MIN(E7:E11)", "$0.0000"), null, f("=G7:G11*12", "$#,##0", { rows: 5, cols: 1 })],
    [t("Dearest per resolution"), f("=MAX(E7:E11)")],
    [t("Cheapest bid"), f("=INDEX(A7:A11,MATCH(B13,E7:E11,0))")],
    [t("Fees weighted by price"), f("=SUMPRODUCT(B7:B11,C7:C11)")],
    [t("Blended, 90th percentile"), f("=PERCENTILE.INC(F7:F11,0.9)")],
    [t("NPV of the monthly totals"), f("=NPV(0.01,G7:G11)", "$#,##0.00")],
    [t("Beta quantile"), f("=BETA.INV(0.9,2,5,0.5,1.5)")],
    [t("Normal quantile"), f("=NORM.INV(0.95,B14,0.1)")],
    [t("Arithmetic"), f("=ROUND(B16,4)+ABS(-1)+SQRT(4)+EXP(0)+LN(EXP(2))+POWER(2,3)+MOD(7,3)")],
    [t("No crossing"), f('=IFERROR(1/(Rate-Rate),"no crossing")')],
    [t("Division by zero"), f("=1/0")],
    [t("Both true"), f("=AND(Rate>0.5,HumanCost<5)")],
    [t("Average monthly"), f("=AVERAGE(G7:G11)")],
    [t("Annual total"), f("=SUM(D13:D17)", "$#,##0")],
    [t("=1+1"), t("'not a formula")],
  ];
  return {
    sheetName: "Inputs",
    blocks: [{ id: "all", topLeft: "A1", cells: rows }],
    names: [
      { name: "Rate", address: "B3", comment: "" },
      { name: "HumanCost", address: "B4", comment: "" },
    ],
    columnWidths: [{ column: "A", points: 160 }],
    hiddenColumns: [],
    hiddenRows: [],
    sheetId: "test",
    rowKeys: [],
    inputs: [],
    charts: [],
    marker: { cell: "Z1", format: "native-test", version: 1 },
    layout: {} as SheetPlan["layout"],
  };
}

function buildWorkbook(): EmbeddedWorkbook {
  const wb = new EmbeddedWorkbook();
  return wb;
}

/** Checks LibreOffice's figures against the workbench's, cell by cell, on every sheet. */
function expectSameFigures(wb: EmbeddedWorkbook, sheets: Map<string, string[][]>, label: string): number {
  let compared = 0;
  const problems: string[] = [];
  for (const sheet of wb.sheetNames()) {
    const rows = sheets.get(sheet);
    if (!rows) {
      problems.push(`${label}: LibreOffice wrote no "${sheet}"`);
      continue;
    }
    for (const c of wb.usedCells(sheet)) {
      const want: CellValue = c.value;
      const got = rows[c.row]?.[c.col] ?? "";
      const at = `${label} ${sheet}!${cellAddress(c)}${c.formula ? ` (${c.formula})` : ""}`;
      compared++;
      if (typeof want === "number") {
        // LibreOffice writes a percentage-formatted value as a percentage (90%), at full precision.
        const x = got.endsWith("%") ? Number(got.slice(0, -1)) / 100 : Number(got);
        const ok = got !== "" && Number.isFinite(x) && Math.abs(x - want) <= 1e-9 * Math.max(Math.abs(want), 1e-300) + (want === 0 ? 1e-12 : 0);
        if (!ok) problems.push(`${at}: LibreOffice ${got}, workbench ${want}`);
      } else if (typeof want === "boolean") {
        if (got !== (want ? "TRUE" : "FALSE")) problems.push(`${at}: LibreOffice ${got}, workbench ${want}`);
      } else if (want !== null && typeof want === "object") {
        if (got !== want.error) problems.push(`${at}: LibreOffice ${got}, workbench ${want.error}`);
      } else if (got !== (want ?? "")) problems.push(`${at}: LibreOffice "${got}", workbench "${want}"`);
    }
  }
  expect(problems).toEqual([]);
  return compared;
}

/** The workbook as downloaded, but with one formula's cached value wrong (12345). */
function withWrongCache(book: XlsxWorkbook, sheet: string, address: string): XlsxWorkbook {
  const at = parseCell(address);
  return {
    ...book,
    sheets: book.sheets.map((s) => (s.name !== sheet ? s : { ...s, cells: s.cells.map((c) => (c.row === at.row && c.col === at.col ? { ...c, value: 12345 } : c)) })),
  };
}

describe("the .xlsx download recalculated by LibreOffice Calc", () => {
  const soffice = findSoffice();
  let dir: string;

  beforeAll(() => {
    if (!soffice) {
      throw new Error("LibreOffice (soffice) is missing: these tests recalculate the workbench's .xlsx in LibreOffice Calc. Install it with `apt-get install libreoffice-calc-nogui` (.ci/run does), or set SOFFICE to its soffice command.");
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-lo-"));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("native formulas give the workbench's figures, as downloaded, without cached values, and after an input changes", async () => {
    const wb = buildWorkbook();
    wb.addSheet("Notes");
    wb.setCellInput("Notes", "A1", "'=SUM(1,2) stays text");
    wb.setCellInput("Notes", "B1", "=Inputs!B2/1000+Rate");
    wb.setCellInput("Notes", "B2", 0.5);
    await wb.apply(nativePlan());
    // A name scoped to the other sheet, with the same name: each sheet reads its own.
    wb.hf.addNamedExpression("Rate", "=Notes!$B$2", wb.hf.getSheetId("Notes"));
    wb.setCellInput("Notes", "B3", "=Rate*2");
    expect(wb.value("Notes", "B3")).toBe(1);

    const book = describeWorkbook(wb);
    const downloaded = await writeXlsx(book, { excel: ExcelJS });
    const files = {
      downloaded: path.join(dir, "downloaded.xlsx"),
      bare: path.join(dir, "bare.xlsx"),
      edited: path.join(dir, "edited.xlsx"),
      wrong: path.join(dir, "wrong.xlsx"),
    };
    fs.writeFileSync(files.downloaded, downloaded);
    fs.writeFileSync(files.bare, await writeXlsx(book, { excel: ExcelJS, dropCachedValues: true }));
    fs.writeFileSync(files.edited, await editInFile(downloaded, book.names, "Inputs", "B3", 0.8));
    fs.writeFileSync(files.wrong, await writeXlsx(withWrongCache(book, "Inputs", "E7"), { excel: ExcelJS }));

    const lo = await recalculate(soffice!, Object.values(files), dir);

    const compared = expectSameFigures(wb, lo.get(files.downloaded)!, "as downloaded");
    expect(compared).toBeGreaterThan(80);
    expectSameFigures(wb, lo.get(files.bare)!, "without cached values");
    // LibreOffice recalculated on opening: it computes E7 instead of showing the wrong cached value.
    expect(Number(lo.get(files.wrong)!.get("Inputs")![6][4])).toBeCloseTo(wb.value("Inputs", "E7") as number, 12);
    expectSameFigures(wb, lo.get(files.wrong)!, "with a wrong cached value");
    // Spot checks that the figures are the ones meant (not merely equal to each other).
    const inputs = lo.get(files.downloaded)!.get("Inputs")!;
    expect(Number(inputs[6][4])).toBeCloseTo((0.99 * 0.9 + 0.02) / 0.9, 12);
    expect(inputs[14][1]).toBe("Mid"); // (0.70 x 0.9 + 0.05) / 0.9 = 0.7556, the cheapest
    expect(inputs[26][0]).toBe("=1+1");
    expect(inputs[26][1]).toBe("'not a formula");
    expect(lo.get(files.downloaded)!.get("Notes")![0][0]).toBe("=SUM(1,2) stays text");

    // Change the resolution rate to 80% in the workbench too: LibreOffice's recalculation of the edited
    // file follows it, every figure.
    wb.setCellInput("Inputs", "B3", 0.8);
    expect(wb.value("Inputs", "C7")).toBeCloseTo(0.99 * 0.8, 15);
    expectSameFigures(wb, lo.get(files.edited)!, "after the rate changed to 80%");
    expect(Number(lo.get(files.edited)!.get("Inputs")![6][4])).toBeCloseTo((0.99 * 0.8 + 0.02) / 0.8, 12);
    // The other sheet's own Rate is untouched.
    expect(Number(lo.get(files.edited)!.get("Notes")![2][1])).toBe(1);
    wb.destroy();
  });
});
