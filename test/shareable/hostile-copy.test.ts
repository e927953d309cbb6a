/**
 * Nothing runs that the analyst did not write: a bid file whose vendor, bid name, notes and
 * contract questions read like formulas. Through both ports (the embedded workbook; the Office.js port
 * over office-addin-mock, whose Range.formulas drops a text's apostrophe as Excel does, office-js issue
 * 6687), the shareable copy shows the text as text, writes over nothing, keeps no value it should not,
 * and computes the engine's figures; a copy that fails part-way leaves no half-written sheet; "Explain
 * this cell" never reads such a text as a formula.
 */
import fc from "fast-check";
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison, comparisonSheets } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { OfficeWorkbook, typedCell } from "../../src/workbook/office-workbook";
import { isFormulaCell } from "../../src/workbook/port";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import { explainCell } from "../../src/workbook/shareable/explain";
import { addinFunctions } from "../../src/workbook/shareable/explain-functions";
import { builtFunctions } from "../support/load-functions";
import { FakeExcel } from "../workbook/fake-excel";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";
import { cellAddress, parseCell } from "../../src/workbook/a1";
import { compareWithEngine } from "./figures";

const DEEP = `=${"-".repeat(3998)}1`;
const HOSTILE = ["=1+1", "=B5*1000", "=SEQUENCE(1,8)", "=SEQUENCE(100,100)", DEEP];

/**
 * The guide's bids with `h` as bid A's vendor and a question, bid B's name and notes, bid C's notes and
 * question. A text longer than a field takes (the deep one) goes whole into the notes, and into the
 * other fields as long as they take: "=" then "-" up to the field's length, then "1".
 */
function hostileTemplates(h: string): BidTemplate[] {
  const [a, b, c] = guideTemplates();
  const fit = (n: number) => (h.length <= n ? h : `=${"-".repeat(n - 2)}1`);
  return [
    { ...a, bid: { ...a.bid, vendor: fit(120) }, questions: [...a.questions, fit(500)] },
    { ...b, bid: { ...b.bid, name: fit(160) }, notes: h },
    { ...c, notes: h, questions: [fit(500)] },
  ];
}

/** Every text hostileTemplates(h) puts in the bids. */
function hostileTexts(h: string): Set<string> {
  const [a, b] = hostileTemplates(h);
  return new Set([a.bid.vendor, a.questions[a.questions.length - 1], b.bid.name, h]);
}

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const RISK = { draws: 40, seed: 1 };

describe("the shareable copy keeps text from a bid file as text (embedded workbook)", () => {
  test.each(HOSTILE.map((h) => [h.length > 40 ? `= followed by 3,998 "-" and 1` : h, h]))("%s in vendor, name, notes and questions", async (_, h) => {
    const wb = workbook();
    wb.addSheet("Budget");
    wb.setCellInput("Budget", "B5", 7);
    const templates = hostileTemplates(h);
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates, risk: RISK });
    const hostile = hostileTexts(h);
    // Where the add-in wrote the hostile text (as text), and the formulas that show it (=$B$26).
    const shown = wb.usedCells(sheetName).filter((c) => typeof c.value === "string" && hostile.has(c.value));
    const texts = shown.filter((c) => c.formula === null);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const before = wb.usedCells(sheetName).map((c) => [c.row, c.col, c.formula, c.value]);

    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-12-07" });
    expect(copy.kept).toEqual([]);
    expect(wb.sheetNames()).toEqual(["Budget", sheetName, `${sheetName} calc`, `${sheetName} (shareable)`, `${sheetName} (shareable) calc`]);
    expect(await comparisonSheets(wb)).toEqual([sheetName]);
    const used = wb.usedCells(copy.sheetName);
    for (const c of texts) {
      const at = cellAddress({ row: c.row, col: c.col });
      const there = wb.cell(copy.sheetName, at);
      expect([at, there.formula, there.value]).toEqual([at, null, c.value]);
    }
    for (const c of shown) expect(wb.value(copy.sheetName, cellAddress({ row: c.row, col: c.col }))).toBe(c.value);
    // Nothing of the text became a formula (on either sheet of the copy): no SEQUENCE, no reference to B5, no formula equal to it.
    used.push(...wb.usedCells(copy.calc!.copy));
    expect(used.filter((c) => c.formula && (/SEQUENCE|B5\*1000|---/i.test(c.formula) || c.formula === h))).toEqual([]);
    // Every figure is the engine's (nothing wrote over a bid's row).
    const check = compareWithEngine((a) => wb.value(copy.sheetName, a), copy.layout, templates, GUIDE_SCENARIO, RISK, { figures: 1e-12, risk: 1e-7 });
    expect(check.problems).toEqual([]);
    expect(check.compared).toBeGreaterThan(50);
    // The comparison and the analyst's sheet are as they were.
    expect(wb.usedCells(sheetName).map((c) => [c.row, c.col, c.formula, c.value])).toEqual(before);
    expect(wb.value("Budget", "B5")).toBe(7);

    // The values-only copy too.
    const values = await makeShareableCopy(wb, sheetName, { date: "2026-12-07", valuesOnly: true });
    for (const c of texts) expect(wb.cell(values.sheetName, cellAddress({ row: c.row, col: c.col }))).toMatchObject({ formula: null, value: c.value });
    wb.destroy();
  });

  test("a copy that fails part-way leaves no half-written sheet and says so plainly", async () => {
    const wb = workbook();
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: hostileTemplates("=SEQUENCE(100,100)"), risk: RISK });
    const before = wb.usedCells(sheetName).map((c) => [c.row, c.col, c.formula, c.value]);
    // The workbook refuses a write half-way through the copy's cells.
    const port = wb as unknown as { writeCells: (...args: unknown[]) => void };
    const original = port.writeCells.bind(wb);
    const spy = jest.spyOn(port, "writeCells").mockImplementation((sheet: unknown, plan: unknown, decor: unknown) => {
      const p = plan as { blocks: unknown[] };
      original(sheet, { ...p, blocks: p.blocks.slice(0, Math.floor(p.blocks.length / 2)) }, decor);
      throw new Error("Unknown array");
    });
    await expect(makeShareableCopy(wb, sheetName, { date: "2026-12-07" })).rejects.toThrow(/could not be written \(Unknown array\).*nothing was changed/);
    spy.mockRestore();
    expect(wb.sheetNames()).toEqual([sheetName, `${sheetName} calc`]);
    expect(wb.usedCells(sheetName).map((c) => [c.row, c.col, c.formula, c.value])).toEqual(before);
    // And the next copy is made whole, under the first free name.
    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-12-07" });
    expect(copy.sheetName).toBe(`${sheetName} (shareable)`);
    wb.destroy();
  });

  test("the analyst's own formulas still run; one too deep to read, or one that cannot spill, keeps its value with why", async () => {
    const wb = workbook();
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: guideTemplates(), risk: RISK });
    const free = wb.sheetSize(sheetName).rows + 5;
    const at = (col: string) => `${col}${free}`;
    wb.setCellInput(sheetName, at("A"), "=1+1");
    wb.setCellInput(sheetName, at("B"), `=${"-".repeat(300)}1`);
    wb.setCellInput(sheetName, at("D"), "=SEQUENCE(1,3)");
    wb.setCellInput(sheetName, at("E"), "'=mine");
    expect(wb.value(sheetName, at("D"))).toMatchObject({ error: "#SPILL!" });
    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-12-07" });
    expect(wb.cell(copy.sheetName, at("A"))).toMatchObject({ formula: "=1+1", value: 2 });
    expect(wb.cell(copy.sheetName, at("B"))).toMatchObject({ formula: null, value: 1 });
    expect(wb.cell(copy.sheetName, at("E"))).toMatchObject({ formula: null, value: "=mine" });
    expect(wb.value(copy.sheetName, at("D"))).toMatchObject({ error: expect.stringMatching(/^#/) });
    expect(copy.kept).toEqual([
      { cell: at("B"), reason: expect.stringContaining("nests more than 256 levels deep") },
      { cell: at("D"), reason: expect.stringContaining("spill over cells that hold something else") },
    ]);
    // Explain this cell says it cannot read the deep one, in words.
    const x = await explainCell(await wb.inspectCell(sheetName, at("B")), (s, r) => wb.readValues(s, r), addinFunctions);
    expect(x.summary).toMatch(/cannot read this formula \(the formula nests more than 256 levels deep/);
    wb.destroy();
  });

  test("Explain this cell reads a text that starts with = as a value, not a formula", async () => {
    const wb = workbook();
    const { sheetName } = await buildComparison(wb, { scenario: GUIDE_SCENARIO, templates: hostileTemplates("=B5*1000"), risk: RISK });
    // The text as written from the bid file (the summary's formulas that show the bid's name are formulas).
    const c = wb.usedCells(sheetName).find((x) => x.value === "=B5*1000" && x.formula === null && x.spilledFrom === null)!;
    const inspection = await wb.inspectCell(sheetName, cellAddress({ row: c.row, col: c.col }));
    expect(inspection.formula).toBeNull();
    const x = await explainCell(inspection, (s, r) => wb.readValues(s, r), addinFunctions);
    expect(x.summary).toMatch(/holds no formula/);
    wb.destroy();
  });
});

describe("the shareable copy keeps text from a bid file as text (Office.js port)", () => {
  test.each(HOSTILE.map((h) => [h.length > 40 ? `= followed by 3,998 "-" and 1` : h, h]))("%s in vendor, name, notes and questions", async (_, h) => {
    const excel = new FakeExcel();
    excel.addSheet("Budget", { B5: 7 });
    const port = new OfficeWorkbook(excel, () => false);
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: hostileTemplates(h), risk: RISK });
    const source = excel.sheet(sheetName)!;
    const hostile = hostileTexts(h);
    const texts = [...source.cells.entries()].filter(([, c]) => c.kind === "text" && hostile.has(c.value)).map(([a]) => a);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const before = JSON.stringify([...source.cells.entries()]);
    const { marker } = await port.snapshot(sheetName);

    // Range.formulas gives these cells without their apostrophe: exactly the text, as a formula would read.
    const text = (source.cells.get(texts[0]) as { value: string }).value;
    expect(await port.readFormulas(sheetName, texts[0])).toEqual([[text]]);
    expect(await port.readCells(sheetName, texts[0])).toEqual([[{ constant: text }]]);

    const copy = await makeShareableCopy(port, sheetName, { date: "2026-12-07" });
    expect(excel.sheets.map((s) => s.name)).toEqual(["Budget", sheetName, `${sheetName} calc`, `${sheetName} (shareable)`, `${sheetName} (shareable) calc`]);
    const out = excel.sheet(copy.sheetName)!;
    for (const a of texts) expect([a, out.cells.get(a)]).toEqual([a, source.cells.get(a)]);
    // The copy reports nothing about them (this stand-in computes no formula, so other cells may keep values).
    expect(copy.kept.filter((k) => texts.includes(k.cell) || /SEQUENCE|B5\*1000|---/.test(k.reason))).toEqual([]);
    const formulas = [...out.cells.values()].filter((c) => c.kind === "formula").map((c) => (c as { formula: string }).formula);
    expect(formulas.length).toBeGreaterThan(20);
    expect(formulas.filter((f) => /SEQUENCE|B5\*1000|---/i.test(f) || f === h)).toEqual([]);
    // Every text and number of the comparison is in the copy where it was (the subtitle aside, which
    // says what the copy is): nothing spilled over them.
    for (const [a, c] of source.cells) {
      const at = parseCell(a);
      if (at.row === marker.row || at.col >= marker.col) continue; // the add-in's bookkeeping stays behind
      if ((c.kind === "text" && c.value !== "" && !/^Built by the AIPRICE add-in/.test(c.value)) || c.kind === "number") expect([a, out.cells.get(a)]).toEqual([a, c]);
    }
    expect(JSON.stringify([...source.cells.entries()])).toBe(before);
    expect(excel.sheet("Budget")!.cells.get("B5")).toEqual({ kind: "number", value: 7 });
  });

  test("a copy that fails part-way leaves no half-written sheet", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel, () => false);
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: hostileTemplates("=SEQUENCE(100,100)"), risk: RISK });
    const before = JSON.stringify([...excel.sheet(sheetName)!.cells.entries()]);
    excel.failOn = "chart";
    await expect(makeShareableCopy(port, sheetName, { date: "2026-12-07" })).rejects.toThrow(/could not be written.*nothing was changed/);
    expect(excel.sheets.map((s) => s.name)).toEqual([sheetName, `${sheetName} calc`]);
    expect(JSON.stringify([...excel.sheet(sheetName)!.cells.entries()])).toBe(before);
  });

  test("Explain this cell reads a text that starts with = as a value, not a formula", async () => {
    const excel = new FakeExcel();
    const port = new OfficeWorkbook(excel, () => false);
    const { sheetName } = await buildComparison(port, { scenario: GUIDE_SCENARIO, templates: hostileTemplates("=1+1"), risk: RISK });
    const [address] = [...excel.sheet(sheetName)!.cells.entries()].find(([, c]) => c.kind === "text" && c.value === "=1+1")!;
    const inspection = await port.inspectCell(sheetName, address);
    expect(inspection).toMatchObject({ formula: null, formulaCell: null, value: "=1+1" });
    const x = await explainCell(inspection, (s, r) => port.readValues(s, r), addinFunctions);
    expect(x.summary).toMatch(/holds no formula/);
    // A formula is still one.
    const [formulaAt] = [...excel.sheet(sheetName)!.cells.entries()].find(([, c]) => c.kind === "formula")!;
    expect((await port.inspectCell(sheetName, formulaAt)).formula).toMatch(/^=/);
  });
});

describe("a cell's kind from Excel's own answers (typedCell)", () => {
  test("a text reads the same in Range.values and Range.formulas: it is text, whatever it starts with", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const t = typedCell(s, s, "String");
        return !isFormulaCell(t) && t !== null && t.constant === s;
      }),
    );
    expect(typedCell("'=1+1", "=1+1", "String")).toEqual({ constant: "=1+1" });
  });

  test("a formula is one when Excel computed something else for it", () => {
    expect(typedCell("=1+1", 2, "Double")).toEqual({ formula: "=1+1" });
    expect(typedCell('="=1+1"', "=1+1", "String")).toEqual({ formula: '="=1+1"' });
    expect(typedCell("=1/0", "#DIV/0!", "Error")).toEqual({ formula: "=1/0" });
    expect(typedCell("", "", "Empty")).toBeNull();
    expect(typedCell(3, 3, "Double")).toEqual({ constant: 3 });
  });
});
