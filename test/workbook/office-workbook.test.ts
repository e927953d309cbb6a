/**
 * The Office.js port against office-addin-mock (test/workbook/fake-excel.ts): what is queued, that it
 * lands as planned (text as text, formulas as formulas), that nothing but the add-in's own sheet is
 * touched, and how many `context.sync()` round trips a build costs.
 */
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison, comparisonSheets, exportBids, ComparisonProblem } from "../../src/workbook/builder";
import { MARKER_PREFIX, OfficeWorkbook } from "../../src/workbook/office-workbook";
import { IncompleteUpdate } from "../../src/workbook/port";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { cellAddress } from "../../src/workbook/a1";
import { excelInput, FakeExcel } from "./fake-excel";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

function manyTemplates(n: number): BidTemplate[] {
  const pool = [...guideTemplates(), ...handMadeTemplates()];
  return Array.from({ length: n }, (_, i) => {
    const t = pool[i % pool.length];
    return { ...t, id: `${t.id}-${i + 1}`, bid: { ...t.bid, name: `${t.bid.name} #${i + 1}` } };
  });
}

function excelWithUserSheets(): FakeExcel {
  const excel = new FakeExcel();
  excel.addSheet("Budget", { A1: "Line", B1: "Amount", A2: "Support", B2: 120000, C2: "=B2*12" });
  excel.addSheet("Notes", { A1: "'=not a formula", A2: "keep me" });
  return excel;
}

function snapshot(excel: FakeExcel, name: string) {
  const s = excel.sheet(name)!;
  return { cells: [...s.cells.entries()], formats: [...s.formats.entries()], numberFormats: [...s.numberFormats.entries()], names: [...s.names.entries()] };
}

describe("OfficeWorkbook: a build", () => {
  test("lands as planned in two round trips, touching only the new sheet", async () => {
    const excel = excelWithUserSheets();
    const before = ["Budget", "Notes"].map((n) => snapshot(excel, n));
    const port = new OfficeWorkbook(excel);
    const templates = guideTemplates();
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates });
    expect(excel.syncs).toBe(2);
    expect(excel.runs).toBe(2);
    expect(sheetName).toBe("Bid comparison");
    expect(excel.sheets.map((s) => s.name)).toEqual(["Budget", "Notes", "Bid comparison"]);
    expect(["Budget", "Notes"].map((n) => snapshot(excel, n))).toEqual(before);
    expect([...excel.touched].every((n) => n.startsWith("AIPRICE new ") || n === sheetName)).toBe(true);
    expect(excel.active?.name).toBe(sheetName);

    const sheet = excel.sheet(sheetName)!;
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates }, ["Budget", "Notes"]);
    let texts = 0;
    let formulas = 0;
    for (const { row, col, cell } of planCells(plan)) {
      const got = sheet.cells.get(cellAddress({ row, col }));
      switch (cell.kind) {
        case "text":
          texts++;
          if (cell.value === "") expect(got === undefined || (got.kind === "text" && got.value === "")).toBe(true);
          else expect(got).toEqual({ kind: "text", value: cell.value });
          break;
        case "formula":
          formulas++;
          expect(got).toEqual({ kind: "formula", formula: cell.formula });
          break;
        default:
          expect(got).toEqual({ kind: cell.kind, value: cell.value });
      }
      if (cell.format) expect(sheet.numberFormats.get(cellAddress({ row, col }))).toBe(cell.format);
    }
    expect(texts).toBeGreaterThan(50);
    expect(formulas).toBeGreaterThan(30);

    // The spilled sensitivity area carries the number formats of its formulas.
    const [rates] = plan.layout.sensitivity.rates.split(":");
    const r0 = Number(rates.slice(1));
    for (let k = 0; k < 11; k++) expect(sheet.numberFormats.get(`A${r0 + k}`)).toBe("0.0%");
    // Styles: inputs are orange, headers bold.
    expect(sheet.formats.get(plan.layout.scenario.ResolutionRate)).toMatchObject({ fill: "#FFCC99" });
    expect(sheet.formats.get(plan.layout.bids[0].cells.rank.replace(/\d+$/, (d) => String(Number(d) - 1)))).toMatchObject({ bold: true });
    // Scenario names scoped to the sheet, the chart, widths, the hidden meta column.
    expect([...sheet.names.entries()]).toEqual(plan.names.map((n) => [n.name.toUpperCase(), { address: n.address, comment: n.comment }]));
    expect(sheet.charts).toEqual([
      {
        type: "BarClustered",
        seriesBy: "Columns",
        series: [{ name: "Cost per resolution", values: plan.charts[0].series[0].values, categories: plan.charts[0].categories }],
        name: "cost-per-resolution",
        title: plan.charts[0].title,
        legendVisible: false,
        position: [plan.charts[0].topLeft, plan.charts[0].bottomRight],
      },
    ]);
    for (const w of plan.columnWidths) expect(sheet.columnWidths.get(w.column)).toBe(w.points);
    expect([...sheet.hiddenColumns]).toEqual(["ZZ"]);
    // The marker: a hidden workbook name that points at the sheet.
    const markers = excel.names.filter((n) => !n.deleted);
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ visible: false, address: "ZZ1" });
    expect(markers[0].name.startsWith(MARKER_PREFIX)).toBe(true);
    expect(excel.nameFormula(markers[0])).toBe("='Bid comparison'!$ZZ$1");
  });

  test.each([3, 30])("building %p bids costs the same two syncs", async (n) => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: RICH_SCENARIO, templates: manyTemplates(n) });
    expect(excel.syncs).toBe(2);
  });

  test("text from a template is stored as text, even where Excel would read a formula", async () => {
    const evil = ['=HYPERLINK("http://evil.example","click")', "+1", "-1", "@SUM(A1)"];
    // Without the apostrophe Excel would take every one of them as a formula:
    for (const e of evil) expect(excelInput(e)?.kind).toBe("formula");
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel);
    const t = asTemplate("evil", { vendor: evil[0], name: evil[1], currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.5 } }, { notes: evil[2], questions: evil });
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: [t] });
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: [t] }, []);
    const sheet = excel.sheet(sheetName)!;
    const row = plan.layout.bids[0].row;
    expect(sheet.cells.get(`B${row}`)).toEqual({ kind: "text", value: "+1" });
    expect(sheet.cells.get(`C${row}`)).toEqual({ kind: "text", value: evil[0] });
    plan.layout.questions.find((g) => g.heading.endsWith("its own questions"))!.cells.forEach((a, k) => expect(sheet.cells.get(a)).toEqual({ kind: "text", value: evil[k] }));
    for (const [, c] of sheet.cells) if (c.kind === "formula") expect(c.formula).not.toMatch(/HYPERLINK|SUM\(A1\)/);
  });
});

describe("OfficeWorkbook: the add-in's own sheets", () => {
  test("sheets() is one round trip and knows the own sheet, also after a rename; a look-alike name is not enough", async () => {
    const excel = excelWithUserSheets();
    excel.addSheet("Bid comparison 2"); // the user's, with our kind of name
    const port = new OfficeWorkbook(excel);
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    expect(sheetName).toBe("Bid comparison");
    excel.syncs = 0;
    expect(await port.sheets()).toEqual([
      { name: "Budget", ownComparison: false },
      { name: "Notes", ownComparison: false },
      { name: "Bid comparison 2", ownComparison: false },
      { name: "Bid comparison", ownComparison: true },
    ]);
    expect(excel.syncs).toBe(1);
    excel.sheet("Bid comparison")!.name = "Q3 bids";
    expect(await comparisonSheets(new OfficeWorkbook(excel))).toEqual(["Q3 bids"]);
  });

  test("building again makes another sheet; the first is kept", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const first = snapshot(excel, "Bid comparison");
    const again = await buildComparison(port, { scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.7 }, templates: guideTemplates() });
    expect(again.sheetName).toBe("Bid comparison 2");
    expect(snapshot(excel, "Bid comparison")).toEqual(first);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison", "Bid comparison 2"]);
    expect(new Set(excel.names.filter((n) => !n.deleted).map((n) => n.name)).size).toBe(2);
  });

  test("replacing the own sheet keeps its name and place, in two round trips; a user's sheet is refused before any write", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    excel.sheets.push(excel.sheets.splice(0, 1)[0]); // Budget moved to the end by the user
    expect(excel.sheets.map((s) => s.name)).toEqual(["Notes", "Bid comparison", "Budget"]);
    const budget = snapshot(excel, "Budget");

    excel.syncs = 0;
    const runs = excel.runs;
    await expect(buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Budget" })).rejects.toThrow(ComparisonProblem);
    expect(excel.runs - runs).toBe(1); // only the read of the sheets
    expect(snapshot(excel, "Budget")).toEqual(budget);

    excel.syncs = 0;
    const { sheetName } = await buildComparison(port, { scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.5 }, templates: guideTemplates() }, { replaceSheet: "Bid comparison" });
    expect(excel.syncs).toBe(2);
    expect(sheetName).toBe("Bid comparison");
    expect(excel.sheets.map((s) => s.name)).toEqual(["Notes", "Bid comparison", "Budget"]);
    expect(excel.sheet("Bid comparison")!.cells.get("B6")).toEqual({ kind: "number", value: 0.5 });
    expect(snapshot(excel, "Budget")).toEqual(budget);
    const live = excel.names.filter((n) => !n.deleted);
    expect(live).toHaveLength(1);
    expect(excel.nameFormula(live[0])).toBe("='Bid comparison'!$ZZ$1");
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
  });
});

describe("OfficeWorkbook: updating the add-in's own sheet", () => {
  test("keeps the same worksheet, so the user's formulas that refer to it keep working; old cells, formats, chart and names go", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    // Built with token figures (eight scenario names), updated without (four).
    await buildComparison(port, { scenario: RICH_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    const oldChart = sheet.charts[0];
    expect(sheet.names.has("INPUTTOKENS")).toBe(true);
    // What the analyst did meanwhile: a note and a colour on the comparison sheet, a summary formula on Budget.
    sheet.cells.set("AB400", { kind: "text", value: "old note" });
    sheet.formats.set("AB401", { fill: "#FF0000" });
    sheet.numberFormats.set("AB402", "0.000");
    sheet.columnWidths.set("AB", 300);
    excel.sheet("Budget")!.cells.set("D2", { kind: "formula", formula: "='Bid comparison'!B6" });
    const budget = snapshot(excel, "Budget");
    const marker = excel.names.filter((n) => !n.deleted).map((n) => n.name);
    excel.touched.clear();
    excel.syncs = 0;

    const plan = planComparison({ scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.5 }, templates: guideTemplates() }, [], { sheetName: "Bid comparison" });
    await buildComparison(port, { scenario: { ...GUIDE_SCENARIO, resolutionRate: 0.5 }, templates: guideTemplates() }, { replaceSheet: "Bid comparison" });
    expect(excel.syncs).toBe(2);

    // The same worksheet object: never deleted, so Budget!D2 still refers to a live sheet.
    expect(excel.sheet("Bid comparison")).toBe(sheet);
    expect(sheet.deleted).toBe(false);
    expect(excel.sheets.map((s) => s.name)).toEqual(["Budget", "Notes", "Bid comparison"]);
    expect(snapshot(excel, "Budget")).toEqual(budget);
    expect(sheet.cells.get("B6")).toEqual({ kind: "number", value: 0.5 });
    expect([...excel.touched]).toEqual(["Bid comparison"]);
    expect(excel.active).toBe(sheet);

    // Only the new plan is on it: the old note, colour, number format and width are gone.
    const planned = new Map<string, unknown>();
    for (const { row, col, cell } of planCells(plan)) planned.set(cellAddress({ row, col }), cell);
    expect([...sheet.cells.keys()].filter((a) => !planned.has(a))).toEqual([]);
    expect(sheet.formats.has("AB401")).toBe(false);
    expect(sheet.numberFormats.has("AB402")).toBe(false);
    expect(Object.fromEntries(sheet.columnWidths)).toEqual(Object.fromEntries(plan.columnWidths.map((w) => [w.column, w.points])));
    expect([...sheet.hiddenColumns]).toEqual(plan.hiddenColumns);
    // The old chart is removed and the new one added; the names are the new plan's, and no others.
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts).not.toContain(oldChart);
    expect(sheet.charts[0]).toMatchObject({ name: plan.charts[0].id, series: [expect.objectContaining({ values: plan.charts[0].series[0].values })] });
    expect([...sheet.names.keys()].sort()).toEqual(plan.names.map((n) => n.name.toUpperCase()).sort());
    for (const n of plan.names) expect(sheet.names.get(n.name.toUpperCase())?.address).toBe(n.address);
    // The marker name is the same one, still pointing at the sheet.
    expect(excel.names.filter((n) => !n.deleted).map((n) => n.name)).toEqual(marker);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
  });

  test("names kept at the same cell are not deleted and added again (a formula elsewhere that uses one never sees #NAME?)", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    const kept = sheet.names.get("RESOLUTIONRATE");
    expect(kept).toBeDefined();
    sheet.names.set("USERS_OWN", { address: "A1" }); // a name the analyst made there: the add-in never deletes it
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Bid comparison" });
    expect(sheet.names.get("RESOLUTIONRATE")).toBe(kept);
    expect(sheet.names.get("USERS_OWN")).toEqual({ address: "A1" });
  });

  test.each([3, 30])("updating with %p bids costs two syncs", async (n) => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: RICH_SCENARIO, templates: manyTemplates(n) });
    excel.syncs = 0;
    await buildComparison(port, { scenario: { ...RICH_SCENARIO, resolutionRate: 0.6 }, templates: manyTemplates(n) }, { replaceSheet: "Bid comparison" });
    expect(excel.syncs).toBe(2);
    expect(excel.sheet("Bid comparison")!.charts).toHaveLength(1);
  });
});

describe("OfficeWorkbook: when Excel refuses part of the batch", () => {
  test("a failed build leaves no half-built sheet and no marker; the user's sheets are untouched", async () => {
    const excel = excelWithUserSheets();
    const before = ["Budget", "Notes"].map((n) => snapshot(excel, n));
    const port = new OfficeWorkbook(excel);
    excel.failOn = "chart";
    await expect(buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() })).rejects.toThrow(/chart could not be added/);
    expect(excel.sheets.map((s) => s.name)).toEqual(["Budget", "Notes"]);
    expect(excel.names.filter((n) => !n.deleted)).toHaveLength(0);
    expect(["Budget", "Notes"].map((n) => snapshot(excel, n))).toEqual(before);
  });

  test("a protected own sheet is refused before anything is queued; nothing changes", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    sheet.protected = true;
    const old = snapshot(excel, "Bid comparison");
    const charts = [...sheet.charts];
    const runs = excel.runs;
    await expect(buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Bid comparison" })).rejects.toThrow(
      /"Bid comparison" is protected.*nothing was changed/,
    );
    expect(excel.runs - runs).toBe(1); // only the read of the sheets
    expect(snapshot(excel, "Bid comparison")).toEqual(old);
    expect(sheet.charts).toEqual(charts);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
  });

  test.each(["clear", "chart"] as const)(
    "an update that fails part-way (%p) says so, leaves the other sheets alone, and updating again rewrites the sheet whole",
    async (failOn) => {
      const excel = excelWithUserSheets();
      const port = new OfficeWorkbook(excel);
      await buildComparison(port, { scenario: RICH_SCENARIO, templates: guideTemplates() });
      const others = ["Budget", "Notes"].map((n) => snapshot(excel, n));
      const markers = excel.names.map((n) => ({ ...n }));
      excel.touched.clear();
      excel.failOn = failOn;
      const failed = buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Bid comparison" });
      await expect(failed).rejects.toThrow(IncompleteUpdate);
      await expect(failed).rejects.toThrow(/could not be updated.*partly rewritten.*update it again.*No other sheet was changed/);
      await expect(failed).rejects.toMatchObject({ workbookChanged: true, sheet: "Bid comparison" });
      expect(["Budget", "Notes"].map((n) => snapshot(excel, n))).toEqual(others);
      expect([...excel.touched].filter((n) => n !== "Bid comparison")).toEqual([]);
      // The marker is the same name at the same cell; its comment still lists exactly the names the
      // add-in made that are on the sheet, so that updating again deletes exactly those.
      const withoutComment = ({ comment: _c, ...n }: { comment?: string }) => n;
      expect(excel.names.map((n) => withoutComment({ ...n }))).toEqual(markers.map((n) => withoutComment(n)));
      const listed = excel.names[0].comment!.replace(/^[^:]*:/, "").trim().split(/\s+/).filter(Boolean).map((p) => p.split("=")[0].toUpperCase());
      expect(listed.sort()).toEqual([...excel.sheet("Bid comparison")!.names.keys()].sort());
      expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);

      await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, { replaceSheet: "Bid comparison" });
      const fresh = excelWithUserSheets();
      await buildComparison(new OfficeWorkbook(fresh), { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
      const rewritten = snapshot(excel, "Bid comparison");
      expect(rewritten).toEqual(snapshot(fresh, "Bid comparison"));
      expect(excel.sheet("Bid comparison")!.charts).toEqual(fresh.sheet("Bid comparison")!.charts);
    },
  );
});

describe("OfficeWorkbook: reading back", () => {
  test("readValues gives numbers, text, booleans, blanks and errors apart", async () => {
    const excel = new FakeExcel();
    const s = excel.addSheet("Data", { A1: 1.5, B1: "'#DIV/0!", C1: true });
    s.cells.set("A2", { kind: "error", value: "#DIV/0!" });
    const port = new OfficeWorkbook(excel);
    expect(await port.readValues("Data", "A1:C2")).toEqual([
      [1.5, "#DIV/0!", true],
      [{ error: "#DIV/0!" }, null, null],
    ]);
    expect(excel.syncs).toBe(1);
  });

  test("exportBids reads the bids back through Office.js, with the analyst's edit", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel);
    const templates = guideTemplates();
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates });
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates }, []);
    excel.sheet(sheetName)!.cells.set(plan.layout.bids[2].inputs["pricing.share"], { kind: "number", value: 0.12 });
    const out = await exportBids(port, sheetName);
    expect(out[0]).toEqual(templates[0]);
    expect(out[2].bid.pricing).toEqual({ ...templates[2].bid.pricing, share: 0.12 });
    expect(out[2].reference).toEqual(templates[2].reference);
  });
});
