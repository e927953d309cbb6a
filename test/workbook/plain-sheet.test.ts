/**
 * A plain sheet plan (the pilot replay's sheet): both ports write it on a new sheet as they write a
 * comparison (text as text, formulas computed, charts), but never mark it as the add-in's own, so it is
 * never offered for an update or an export, and refused by snapshot and update; comparisons built
 * before and after it keep being marked as before.
 */
import { buildComparison, comparisonSheets } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { MARKER_PREFIX, OfficeWorkbook } from "../../src/workbook/office-workbook";
import type { WorkbookPort } from "../../src/workbook/port";
import { isComparisonPlan, PlainSheetPlan } from "../../src/workbook/sheet-plan";
import { planComparison } from "../../src/workbook/plan";
import { builtFunctions } from "../support/load-functions";
import { FakeExcel } from "./fake-excel";
import { GUIDE_SCENARIO, guideTemplates } from "./fixtures";

function plain(name = "Pilot replay"): PlainSheetPlan {
  return {
    sheetName: name,
    blocks: [
      {
        id: "t",
        topLeft: "A1",
        cells: [
          [
            { kind: "text", value: "Month", style: "header" },
            { kind: "text", value: "Cost", style: "header" },
          ],
          [
            { kind: "text", value: "2025-01" },
            { kind: "number", value: 10, format: "#,##0" },
          ],
          [
            { kind: "text", value: "2025-02" },
            { kind: "number", value: 32, format: "#,##0" },
          ],
          [
            { kind: "text", value: "Total" },
            { kind: "formula", formula: "=SUM(B2:B3)", format: "#,##0" },
          ],
          // Text from a file stays text, whatever it starts with.
          [
            { kind: "text", value: '=HYPERLINK("https://example.com")' },
            { kind: "text", value: "@SUM(1)" },
          ],
        ],
      },
    ],
    names: [],
    columnWidths: [{ column: "A", points: 120 }],
    hiddenColumns: [],
    hiddenRows: [],
    charts: [{ id: "cost", type: "line", title: "Cost by month", categories: "A2:A3", series: [{ name: "Cost", values: "B2:B3" }], topLeft: "D1", bottomRight: "J12" }],
  };
}

test("a plain plan is told apart from a comparison", () => {
  expect(isComparisonPlan(plain())).toBe(false);
  expect(isComparisonPlan(planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, []))).toBe(true);
});

async function expectNeverOwn(port: WorkbookPort, name: string): Promise<void> {
  const sheets = await port.sheets();
  expect(sheets.find((s) => s.name === name)).toEqual({ name, ownComparison: false });
  expect(await comparisonSheets(port)).not.toContain(name);
  await expect(port.snapshot(name)).rejects.toThrow(/not the add-in's own comparison/);
}

describe("the embedded workbook", () => {
  test("writes a plain plan, computes it, and never marks it", async () => {
    const { metadata, implementations } = builtFunctions();
    const wb = new EmbeddedWorkbook({ metadata, implementations });
    await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    await wb.apply(plain());
    expect(wb.sheetNames()).toEqual(["Bid comparison", "Bid comparison calc", "Pilot replay"]);
    expect(wb.value("Pilot replay", "B4")).toBe(42);
    expect(wb.cell("Pilot replay", "B4").formula).toBe("=SUM(B2:B3)");
    expect(wb.value("Pilot replay", "A5")).toBe('=HYPERLINK("https://example.com")');
    expect(wb.cell("Pilot replay", "A5").formula).toBeNull();
    expect(wb.value("Pilot replay", "B5")).toBe("@SUM(1)");
    expect(wb.charts("Pilot replay").map((c) => c.data.series[0].values)).toEqual([[10, 32]]);
    expect(wb.names().filter((n) => n.sheet === "Pilot replay")).toEqual([]);
    await expectNeverOwn(wb, "Pilot replay");
    expect(await comparisonSheets(wb)).toEqual(["Bid comparison"]);
    // A comparison built after it is marked as before.
    await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    expect(await comparisonSheets(wb)).toEqual(["Bid comparison", "Bid comparison 2"]);
    wb.destroy();
  });
});

describe("the Office.js port", () => {
  test("writes a plain plan in one round trip with no marker name, and never offers it as the add-in's own", async () => {
    const excel = new FakeExcel();
    excel.addSheet("Budget", { A1: "keep me" });
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const markersBefore = excel.names.filter((n) => n.name.startsWith(MARKER_PREFIX)).length;
    expect(markersBefore).toBe(1);
    await port.sheets();
    const syncs = excel.syncs;
    await port.apply(plain());
    expect(excel.syncs - syncs).toBe(1);
    expect(excel.names.filter((n) => n.name.startsWith(MARKER_PREFIX)).length).toBe(markersBefore);
    const sheet = excel.sheet("Pilot replay")!;
    expect(sheet.cells.get("B4")).toEqual({ kind: "formula", formula: "=SUM(B2:B3)" });
    // Text went in behind an apostrophe, so Excel keeps it as text.
    expect(sheet.cells.get("A5")).toMatchObject({ kind: "text", value: '=HYPERLINK("https://example.com")' });
    expect(sheet.charts.map((c) => c.name)).toEqual(["cost"]);
    expect(excel.active?.name).toBe("Pilot replay");
    await expectNeverOwn(port, "Pilot replay");
    await expect(
      port.update("Pilot replay", { deleteRows: [], insertRows: [], clear: [], plan: planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, [], { sheetName: "Pilot replay" }), removeCharts: [], removeNames: [] }),
    ).rejects.toThrow(/not the add-in's own comparison/);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    expect(await comparisonSheets(port)).toEqual(["Bid comparison", "Bid comparison 2"]);
  });

  test("a failed plain build removes its half-built sheet and touches no name", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel);
    await port.sheets();
    excel.failOn = "chart";
    await expect(port.apply(plain())).rejects.toThrow();
    expect(excel.sheets.filter((s) => !s.deleted).map((s) => s.name)).toEqual([]);
    expect(excel.names.filter((n) => !n.deleted)).toEqual([]);
  });
});
