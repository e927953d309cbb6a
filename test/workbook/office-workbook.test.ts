/**
 * The Office.js port against office-addin-mock (test/workbook/fake-excel.ts): what is queued, that it
 * lands as planned (text as text, formulas as formulas), that nothing but the add-in's own sheet is
 * touched, how many `context.sync()` round trips a build costs, and that an update keeps the analyst's
 * work: their cells and rows, their edited inputs, and every reference to a bid's figures (Excel moves
 * references when rows are inserted; the fake does as Excel does).
 */
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, buildComparison, comparisonSheets, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { MARKER_PREFIX, OfficeWorkbook } from "../../src/workbook/office-workbook";
import { IncompleteUpdate } from "../../src/workbook/port";
import { planComparison } from "../../src/workbook/plan";
import { planCells } from "../../src/workbook/sheet-plan";
import { cellAddress, columnLetters } from "../../src/workbook/a1";
import { KEY_COLUMN } from "../../src/workbook/comparison/keys";
import { excelInput, FakeExcel, FakeSheet } from "./fake-excel";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

const KEY = columnLetters(KEY_COLUMN);

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

const fourth = (): BidTemplate => asTemplate("added-per-conversation", { vendor: "Decagon", name: "Added later", currency: "USD", pricing: { model: "per-conversation", pricePerConversation: 0.4 } });

describe("OfficeWorkbook: a build", () => {
  test("lands as planned in two round trips, touching only the new sheet", async () => {
    const excel = excelWithUserSheets();
    const before = ["Budget", "Notes"].map((n) => snapshot(excel, n));
    const port = new OfficeWorkbook(excel);
    const templates = guideTemplates();
    const { sheetName, layout } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates });
    expect(excel.syncs).toBe(2);
    expect(excel.runs).toBe(2);
    expect(sheetName).toBe("Bid comparison");
    // The comparison and its calculation sheet beside it (the draws and the term's months).
    expect(excel.sheets.map((s) => s.name)).toEqual(["Budget", "Notes", "Bid comparison", "Bid comparison calc"]);
    expect(["Budget", "Notes"].map((n) => snapshot(excel, n))).toEqual(before);
    expect([...excel.touched].every((n) => n.startsWith("AIPRICE new ") || n === sheetName || n === layout.calcSheet)).toBe(true);
    expect(excel.active?.name).toBe(sheetName);

    const sheet = excel.sheet(sheetName)!;
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates }, ["Budget", "Notes"]);
    expect(layout).toEqual(plan.layout);
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
    // Styles: inputs are orange, headers bold.
    expect(sheet.formats.get(plan.layout.scenario.ResolutionRate)).toMatchObject({ fill: "#FFCC99" });
    expect(sheet.formats.get(plan.layout.bids[0].cells.resolutionRate)).toMatchObject({ fill: "#FFCC99" });
    // Scenario names scoped to the sheet, the charts, widths, the hidden key column and id row.
    expect([...sheet.names.entries()].sort()).toEqual(plan.names.map((n) => [n.name.toUpperCase(), { address: n.address, comment: n.comment }]).sort());
    expect(sheet.charts.map((c) => [c.name, c.type, c.series.length])).toEqual([
      ["cost-per-resolution", "BarClustered", 1],
      ["risk-ranges", "BarStacked", 3],
      ["blended-by-rate", "Line", 3],
      ["cumulative-by-month", "Line", 3],
      ["what-decides-it", "BarClustered", 2],
    ]);
    expect(sheet.charts[1].series[0].hidden).toBe(true);
    expect(sheet.charts[2].seriesBy).toBe("Rows");
    for (const w of plan.columnWidths) expect(sheet.columnWidths.get(w.column)).toBe(w.points);
    expect([...sheet.hiddenColumns]).toEqual([KEY]);
    expect([...sheet.hiddenRows]).toEqual([1]);
    // The marker: a hidden workbook name that points at the sheet, with the sheet's id in its comment.
    const markers = excel.names.filter((n) => !n.deleted);
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ visible: false, address: `${KEY}1` });
    expect(markers[0].comment).toContain(`(sheet id ${plan.sheetId})`);
    expect(markers[0].name.startsWith(MARKER_PREFIX)).toBe(true);
    expect(excel.nameFormula(markers[0])).toBe(`='Bid comparison'!$${KEY}$1`);
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
    const { sheetName, layout } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: [t] });
    const sheet = excel.sheet(sheetName)!;
    const row = layout.bids[0].row;
    expect(sheet.cells.get(`B${row}`)).toEqual({ kind: "text", value: "+1" });
    expect(sheet.cells.get(`C${row}`)).toEqual({ kind: "text", value: evil[0] });
    layout.questions.find((g) => g.heading.endsWith("its own questions"))!.cells.forEach((a, k) => expect(sheet.cells.get(a)).toEqual({ kind: "text", value: evil[k] }));
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
    // The analyst's own name, spelled like the add-in's marker, on their own sheet: not a marker.
    excel.names.push({ name: `${MARKER_PREFIX}7`, sheet: excel.sheet("Budget")!, address: "A1", visible: true, deleted: false });
    excel.names.push({ name: `${MARKER_PREFIX}8`, sheet: excel.sheet("Notes")!, address: "A1", comment: "my marker", visible: false, deleted: false });
    excel.syncs = 0;
    expect(await port.sheets()).toEqual([
      { name: "Budget", ownComparison: false },
      { name: "Notes", ownComparison: false },
      { name: "Bid comparison 2", ownComparison: false },
      { name: "Bid comparison", ownComparison: true },
      { name: "Bid comparison calc", ownComparison: false },
    ]);
    expect(excel.syncs).toBe(1);
    excel.sheet("Bid comparison")!.name = "Q3 bids";
    expect(await comparisonSheets(new OfficeWorkbook(excel))).toEqual(["Q3 bids"]);
    await expect(prepareUpdate(port, "Budget", { scenario: GUIDE_SCENARIO, templates: guideTemplates() })).rejects.toThrow(/was not built by the add-in/);
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
});

/** The analyst's work on the comparison sheet and elsewhere, as the issue describes it. */
function analystWorks(excel: FakeExcel, sheet: FakeSheet, layout: Awaited<ReturnType<typeof buildComparison>>["layout"]) {
  const bidA = layout.bids[0];
  const bidB = layout.bids[1];
  // A note typed on the sheet, to the right of bid A's row; a formula typed below the bids table (under
  // the table's own note, where the chart floats).
  const noteAt = `${columnLetters(25)}${bidA.row}`;
  sheet.cells.set(noteAt, { kind: "text", value: "ask about volume discounts" });
  const belowTable = `A${layout.bids[2].row + 2}`;
  sheet.cells.set(belowTable, { kind: "formula", formula: `=SUM(${bidA.cells.monthlyTotal}:${layout.bids[2].cells.monthlyTotal})` });
  // Edited inputs: the scenario's rate, bid B's price.
  sheet.cells.set(layout.scenario.ResolutionRate, { kind: "number", value: 0.8 });
  sheet.cells.set(bidB.inputs["pricing.pricePerResolution"], { kind: "number", value: 0.85 });
  // A formula on the analyst's own sheet that points at bid A's cost per resolution.
  excel.sheet("Budget")!.cells.set("D2", { kind: "formula", formula: `='Bid comparison'!${bidA.cells.costPerResolution}` });
  return { noteAt, belowTable };
}

describe("OfficeWorkbook: updating the add-in's own sheet keeps the analyst's work", () => {
  test("a bid added: the note, the formula below the table and the edited inputs stay; the formula on Budget still points at bid A's cost per resolution", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    const built = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    const { noteAt, belowTable } = analystWorks(excel, sheet, built.layout);

    excel.syncs = 0;
    const preview = await prepareUpdate(port, "Bid comparison", { scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), fourth()] }, "2026-11-29");
    // Looking changes nothing: one read of the sheets, two of the comparison sheet, two of its
    // calculation sheet (the label and months, and the new bid's drawn scenarios past them).
    expect(excel.syncs).toBe(5);
    expect(preview.conflicts).toEqual([]);
    expect(preview.added).toEqual(["Added later"]);
    expect(preview.kept.map((k) => [k.what, k.now])).toEqual([
      ["scenario: resolution rate", 0.8],
      ["Fin: pricing: price per resolution", 0.85],
    ]);
    const before = snapshot(excel, "Budget");
    excel.syncs = 0;
    const { layout } = await applyUpdate(port, preview);
    // The sheet looked at again (five reads: it may have changed since the preview), then one write.
    expect(excel.syncs).toBe(6);

    // Each bid kept its row; the new one comes after them.
    expect(layout.bids.map((b) => b.name)).toEqual(["GPT-4 via the API", "Fin", "Custom deployment", "Added later"]);
    expect(layout.bids.slice(0, 3).map((b) => b.row)).toEqual(built.layout.bids.map((b) => b.row));
    expect(layout.bids[3].row).toBe(built.layout.bids[2].row + 1);
    // The edited inputs keep their values; the cells below the new row moved down one row with it.
    expect(sheet.cells.get(layout.scenario.ResolutionRate)).toEqual({ kind: "number", value: 0.8 });
    expect(sheet.cells.get(layout.bids[1].inputs["pricing.pricePerResolution"])).toEqual({ kind: "number", value: 0.85 });
    expect(sheet.cells.get(noteAt)).toEqual({ kind: "text", value: "ask about volume discounts" });
    const movedBelow = `A${Number(belowTable.slice(1)) + 1}`;
    expect(sheet.cells.get(belowTable)).toEqual({ kind: "text", value: expect.stringContaining("Rank 1 has the lowest blended cost") });
    expect(sheet.cells.get(movedBelow)).toEqual({ kind: "formula", formula: `=SUM(${built.layout.bids[0].cells.monthlyTotal}:${built.layout.bids[2].cells.monthlyTotal})` });
    // Budget's formula follows bid A's cost per resolution (Excel moved it if it moved); nothing else there changed.
    expect(excel.sheet("Budget")!.cells.get("D2")).toEqual({ kind: "formula", formula: `='Bid comparison'!${layout.bids[0].cells.costPerResolution}` });
    expect(snapshot(excel, "Budget")).toEqual(before);
    // Every cell the new plan writes is there, but for the kept edits.
    const plan = preview.update.plan;
    for (const { row, col, cell } of planCells(plan)) {
      if (cell.kind !== "formula") continue;
      expect(sheet.cells.get(cellAddress({ row, col }))).toEqual({ kind: "formula", formula: cell.formula });
    }
    // The add-in's charts were replaced, not added twice; the marker is the same.
    expect(sheet.charts.map((c) => c.name)).toEqual(["cost-per-resolution", "risk-ranges", "blended-by-rate", "cumulative-by-month", "what-decides-it"]);
    expect(excel.names.filter((n) => !n.deleted)).toHaveLength(1);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
  });

  test("a cell the analyst typed where the update must write is listed first, with nothing changed; a figure they replaced too", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    const built = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    // The chart rows below the table are empty: the analyst types there; adding a bid puts its row there.
    const typed = `C${built.layout.bids[2].row + 1}`;
    sheet.cells.set(typed, { kind: "text", value: "my remark" });
    // ...and the analyst typed a number over bid B's monthly total.
    sheet.cells.set(built.layout.bids[1].cells.monthlyTotal, { kind: "number", value: 1 });
    const before = snapshot(excel, "Bid comparison");
    const preview = await prepareUpdate(port, "Bid comparison", { scenario: GUIDE_SCENARIO, templates: guideTemplates() }, "2026-11-29");
    expect(preview.conflicts).toEqual([{ where: built.layout.bids[1].cells.monthlyTotal, what: "you changed it to 1; the update would put the add-in's figure back" }]);
    expect(snapshot(excel, "Bid comparison")).toEqual(before);
    const removing = await prepareUpdate(port, "Bid comparison", { scenario: GUIDE_SCENARIO, templates: [guideTemplates()[0], guideTemplates()[2]] }, "2026-11-29");
    expect(removing.removed).toEqual(["Fin"]);
    expect(removing.conflicts.some((c) => c.where === `row ${built.layout.bids[1].row}` && /no longer part of the comparison.*#REF!/.test(c.what))).toBe(true);
    expect(snapshot(excel, "Bid comparison")).toEqual(before);
  });

  test("a protected own sheet is refused before anything is queued; nothing changes", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: guideTemplates() });
    const sheet = excel.sheet("Bid comparison")!;
    sheet.protected = true;
    const old = snapshot(excel, "Bid comparison");
    await expect(prepareUpdate(port, "Bid comparison", { scenario: GUIDE_SCENARIO, templates: guideTemplates() })).rejects.toThrow(/"Bid comparison" is protected.*nothing was changed/);
    expect(snapshot(excel, "Bid comparison")).toEqual(old);
  });

  test("an update that fails part-way says so, leaves the other sheets alone, and the sheet stays the add-in's", async () => {
    const excel = excelWithUserSheets();
    const port = new OfficeWorkbook(excel);
    await buildComparison(port, { scenario: RICH_SCENARIO, templates: guideTemplates() });
    const others = ["Budget", "Notes"].map((n) => snapshot(excel, n));
    const preview = await prepareUpdate(port, "Bid comparison", { scenario: RICH_SCENARIO, templates: [...guideTemplates(), fourth()] });
    excel.touched.clear();
    excel.failOn = "chart";
    const failed = applyUpdate(port, preview);
    await expect(failed).rejects.toThrow(IncompleteUpdate);
    await expect(failed).rejects.toMatchObject({ workbookChanged: true, sheet: "Bid comparison" });
    expect(["Budget", "Notes"].map((n) => snapshot(excel, n))).toEqual(others);
    // The sheet and its calculation sheet (rewritten with it), nothing else.
    expect([...excel.touched].filter((n) => n !== "Bid comparison" && n !== "Bid comparison calc")).toEqual([]);
    expect(await comparisonSheets(port)).toEqual(["Bid comparison"]);
  });
});

describe("OfficeWorkbook: when Excel refuses part of a build", () => {
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

  test("exportBids reads the bids back through Office.js; an edited price is marked as edited, with its date, not as the vendor's", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel);
    const templates = guideTemplates();
    const { sheetName, layout } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates });
    await port.sheets();
    excel.sheet(sheetName)!.cells.set(layout.bids[2].inputs["pricing.share"], { kind: "number", value: 0.12 });
    const out = await exportBids(port, sheetName, "2026-11-29");
    expect(out[0]).toEqual(templates[0]);
    expect(out[2].bid.pricing).toEqual({ ...templates[2].bid.pricing, share: 0.12 });
    expect(out[2].reference).toEqual(templates[2].reference);
    expect(out[2].sources).toEqual([{ field: "pricing.share", title: "Edited on the comparison sheet “Bid comparison”: 0.12 in place of the quoted 0.15", asOf: "2026-11-29" }]);
    expect(out[2].notes).toMatch(/^Edited on the comparison sheet “Bid comparison”: pricing\.share 0\.12 \(quoted 0\.15\), edited on the sheet by 2026-11-29\./);
  });
});
