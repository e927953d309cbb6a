/**
 * The shareable copy in a spreadsheet program nobody here wrote: the guide's bids, every gallery template
 * and hand-made bids with every charge shape are built into comparisons on the embedded workbook, each
 * gets its shareable copy, the workbook is written as .xlsx (src/workbench/xlsx.ts, ExcelJS) and
 * LibreOffice Calc recalculates it headless. Every figure of every copy (the bids table, the rates block
 * and the risk block) must equal the engine's to 1e-9 relative. Then the resolution rate is changed in
 * the file (cached values dropped, as another program would leave it) and LibreOffice's figures are the
 * engine's at the new rate.
 *
 * One soffice run converts both files (a few seconds), with a private profile that recalculates on load.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { defaultRanges, Scenario, withValues } from "../../src/engine";
import { gallery } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { parseCell, parseSheetReference } from "../../src/workbook/a1";
import { buildComparison, ComparisonRequest } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { CellValue } from "../../src/workbook/port";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { describeWorkbook, writeXlsx } from "../../src/workbench/xlsx";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "../workbook/fixtures";
import { compareWithEngine } from "./figures";
import { editInFile, findSoffice, recalculate } from "../support/libreoffice";

/** A cell of LibreOffice's CSV as a value. */
function csvValue(text: string | undefined): CellValue {
  if (text === undefined || text === "") return null;
  if (text === "TRUE" || text === "FALSE") return text === "TRUE";
  if (/^#[A-Z/0!?]+[!?A]?$/.test(text) || text === "#N/A") return { error: text };
  const pct = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  return text.trim() !== "" && Number.isFinite(pct) ? pct : text;
}

interface Case {
  label: string;
  templates: BidTemplate[];
  scenario: Scenario;
  risk: { draws: number; seed: number };
  copy?: { sheetName: string; layout: ComparisonLayout; calc: string };
}

describe("the shareable copy recalculated by LibreOffice Calc gives the engine's figures", () => {
  const soffice = findSoffice();
  let dir: string;
  beforeAll(() => {
    if (!soffice) {
      throw new Error("LibreOffice (soffice) is missing: this test recalculates the shareable copy in LibreOffice Calc. Install it with `apt-get install libreoffice-calc-nogui` (.ci/run does), or set SOFFICE to its soffice command.");
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-share-lo-"));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the guide's bids, every gallery template and every charge shape; then at another resolution rate", async () => {
    const { metadata, implementations } = builtFunctions();
    const wb = new EmbeddedWorkbook({ metadata, implementations });
    const cases: Case[] = [
      {
        label: "the guide's bids",
        templates: guideTemplates(),
        scenario: { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.75, high: 0.95 }, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 3.6 } } },
        risk: { draws: 500, seed: 1 },
      },
      { label: "the gallery", templates: [...gallery], scenario: { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) }, risk: { draws: 200, seed: 3 } },
      { label: "every charge shape", templates: handMadeTemplates(), scenario: { ...RICH_SCENARIO, ranges: defaultRanges(RICH_SCENARIO) }, risk: { draws: 150, seed: 5 } },
    ];
    for (const c of cases) {
      const request: ComparisonRequest = { scenario: c.scenario, templates: c.templates, risk: c.risk };
      const { sheetName } = await buildComparison(wb, request);
      const copy = await makeShareableCopy(wb, sheetName, { date: "2026-11-29" });
      expect(copy.kept).toEqual([]);
      // Two sheets: the comparison's copy, and its calculation sheet's beside it, which its figures read.
      expect(copy.calc?.copy).toMatch(/ calc$/);
      expect(copy.layout.bids[0].risk.draws.total.startsWith(`'${copy.calc!.copy}'!`)).toBe(true);
      c.copy = { sheetName: copy.sheetName, layout: copy.layout, calc: copy.calc!.copy };
    }
    const book = describeWorkbook(wb);
    const downloaded = await writeXlsx(book, { excel: ExcelJS });
    const guide = cases[0];
    const files = { downloaded: path.join(dir, "downloaded.xlsx"), edited: path.join(dir, "edited.xlsx") };
    fs.writeFileSync(files.downloaded, downloaded);
    fs.writeFileSync(files.edited, await editInFile(downloaded, book.names, guide.copy!.sheetName, guide.copy!.layout.scenario.ResolutionRate, 0.8));
    const lo = await recalculate(soffice!, Object.values(files), dir);

    // The copy is two sheets: a layout's address names the second when it is there ('... (shareable) calc'!B5).
    const reader = (sheets: Map<string, string[][]>, sheet: string) => {
      const gridOf = (name: string) => {
        const grid = sheets.get(name);
        if (!grid) throw new Error(`LibreOffice wrote no sheet "${name}" (it wrote ${[...sheets.keys()].join(", ")})`);
        return grid;
      };
      gridOf(sheet);
      return (address: string) => {
        const ref = parseSheetReference(address);
        const p = parseCell(ref ? ref.address : address);
        return csvValue(gridOf(ref ? ref.sheet : sheet)[p.row]?.[p.col]);
      };
    };
    const tol = { figures: 1e-9, risk: 1e-9 };
    let compared = 0;
    for (const c of cases) {
      const read = reader(lo.get(files.downloaded)!, c.copy!.sheetName);
      const check = compareWithEngine(read, c.copy!.layout, c.templates, c.scenario, c.risk, tol);
      expect({ case: c.label, problems: check.problems.slice(0, 8) }).toEqual({ case: c.label, problems: [] });
      compared += check.compared;
    }
    expect(compared).toBeGreaterThan(1500);
    // The guide's figures, as LibreOffice computes them.
    const read = reader(lo.get(files.downloaded)!, guide.copy!.sheetName);
    const cpr = guide.copy!.layout.bids.map((b) => read(b.cells.costPerResolution) as number);
    expect(cpr.map((x) => x.toFixed(4))).toEqual(["0.5111", "0.9900", "0.9306"]);
    // No AIPRICE function is left in the file's copies.
    for (const c of cases) {
      for (const name of [c.copy!.sheetName, c.copy!.calc]) {
        const sheet = book.sheets.find((s) => s.name === name)!;
        expect(sheet.cells.filter((x) => x.formula && /AIPRICE|SEQUENCE/i.test(x.formula)).map((x) => x.formula)).toEqual([]);
      }
    }

    // The resolution rate changed to 80% in the file: LibreOffice gives the engine's figures at 80%.
    const edited = reader(lo.get(files.edited)!, guide.copy!.sheetName);
    const at80 = compareWithEngine(edited, guide.copy!.layout, guide.templates, withValues(guide.scenario, { resolutionRate: 0.8 }), guide.risk, tol);
    expect(at80.problems.slice(0, 8)).toEqual([]);
    expect(edited(guide.copy!.layout.bids[1].cells.costPerResolution)).toBeCloseTo(0.99, 12);
    expect(edited(guide.copy!.layout.bids[0].cells.costPerResolution)).toBeCloseTo(0.46 / 0.8, 12);
    wb.destroy();
  }, 300_000);
});
