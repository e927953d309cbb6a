/**
 * Decide and negotiate in the shareable copy, recalculated by LibreOffice Calc (docs/sharing.md,
 * docs/spec.md#decide-and-negotiate):
 *  - an assist tool's drawn rates (low = likely = high = 0) below a correlation of 1: the copy's native
 *    PERT_DRAWS gives a whole row of 0s, so that the copula's order (INDEX over the row) finds every
 *    position (the order rows' constants are copied whole, not only their first column), and every risk
 *    figure is the engine's at that correlation;
 *  - the sheet's tornado ("what decides it") and price to match survive the copy: native and values-only,
 *    LibreOffice's figures are the embedded workbook's.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { Scenario } from "../../src/engine";
import { cellAddress, parseCell, parseSheetReference } from "../../src/workbook/a1";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { planComparison } from "../../src/workbook/plan";
import type { CellValue } from "../../src/workbook/port";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import { describeWorkbook, writeXlsx } from "../../src/workbench/xlsx";
import { builtFunctions } from "../support/load-functions";
import { findSoffice, recalculate } from "../support/libreoffice";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";
import { compareWithEngine } from "./figures";

const SCENARIO: Scenario = { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.75, high: 0.95 }, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 3.6 } } };
const RISK = { draws: 200, seed: 1, rateCorrelation: 0.5 };

function csvValue(text: string | undefined): CellValue {
  if (text === undefined || text === "") return null;
  if (text === "TRUE" || text === "FALSE") return text === "TRUE";
  if (/^#[A-Z/0!?]+[!?A]?$/.test(text) || text === "#N/A") return { error: text };
  const n = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

/** The addresses of the cells a block wrote (a spill's first cell). */
function blockCells(plan: SheetPlan, ids: string[]): string[] {
  const out: string[] = [];
  for (const block of plan.blocks.filter((b) => ids.includes(b.id))) {
    const origin = parseCell(block.topLeft);
    block.cells.forEach((line, i) => line.forEach((cell, j) => cell && out.push(cellAddress({ row: origin.row + i, col: origin.col + j }))));
  }
  return out;
}

describe("decide and negotiate in the shareable copy, recalculated by LibreOffice", () => {
  const soffice = findSoffice();
  let dir: string;
  beforeAll(() => {
    if (!soffice) throw new Error("LibreOffice (soffice) is missing: install libreoffice-calc-nogui, or set SOFFICE");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-decide-lo-"));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("an assist tool's draws at a correlation of 0.5, the tornado and the price to match: LibreOffice's figures are the engine's and the sheet's", async () => {
    const { metadata, implementations } = builtFunctions();
    const wb = new EmbeddedWorkbook({ metadata, implementations });
    const assist = asTemplate("assist", { vendor: "S", name: "Assist seats", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 50, seats: 200 }, performance: { resolutionRate: 0, assist: 0.2 } });
    const templates = [...guideTemplates(), assist];
    const plan = planComparison({ scenario: SCENARIO, templates, risk: RISK }, []);
    await wb.apply(plan);
    const native = await makeShareableCopy(wb, plan.sheetName, { date: "2026-11-29" });
    expect(native.kept).toEqual([]);
    const values = await makeShareableCopy(wb, plan.sheetName, { date: "2026-11-29", valuesOnly: true });
    const ours = blockCells(plan, ["decide", "price-to-match"]);
    const original = new Map(ours.map((a) => [a, wb.value(plan.sheetName, a)]));
    expect([...original.values()].filter((v) => typeof v === "number").length).toBeGreaterThan(100);

    const book = describeWorkbook(wb);
    const file = path.join(dir, "decide.xlsx");
    fs.writeFileSync(file, await writeXlsx(book, { excel: ExcelJS }));
    const lo = (await recalculate(soffice!, [file], dir)).get(file)!;
    // The copy is two sheets: an address of its layout names the second when it is there.
    const reader = (sheet: string) => {
      const gridOf = (name: string) => {
        const grid = lo.get(name);
        if (!grid) throw new Error(`LibreOffice wrote no sheet "${name}"`);
        return grid;
      };
      gridOf(sheet);
      return (address: string) => {
        const ref = parseSheetReference(address);
        const p = parseCell(ref ? ref.address : address);
        return csvValue(gridOf(ref ? ref.sheet : sheet)[p.row]?.[p.col]);
      };
    };
    // The assist tool's drawn rates (on the copy's second sheet): 0 in every scenario, in the copula's order; every risk figure the engine's at 0.5.
    const read = reader(native.sheetName);
    const rates = parseSheetReference(native.layout.bids[3].risk.draws.rate)!;
    expect(rates.sheet).toBe(native.calc!.copy);
    const [from, to] = rates.address.replace(/\$/g, "").split(":").map(parseCell);
    const row = Array.from({ length: to.col - from.col + 1 }, (_, k) => read(`'${rates.sheet}'!${cellAddress({ row: from.row, col: from.col + k })}`));
    expect(row).toEqual(Array.from({ length: RISK.draws }, () => 0));
    const check = compareWithEngine(read, native.layout, templates, SCENARIO, RISK, { figures: 1e-9, risk: 1e-9 });
    expect(check.problems.slice(0, 8)).toEqual([]);

    // The tornado and the price to match: in both copies, LibreOffice's values are the sheet's.
    for (const copy of [native, values]) {
      const r = reader(copy.sheetName);
      const problems: string[] = [];
      for (const [address, v] of original) {
        const got = r(address);
        if (typeof v === "number") {
          if (typeof got !== "number" || Math.abs(got - v) > 1e-7 * Math.max(1, Math.abs(v))) problems.push(`${address}: ${JSON.stringify(got)}, the sheet ${v}`);
        } else if ((v ?? "") !== (got ?? "") && typeof v === "string") problems.push(`${address}: ${JSON.stringify(got)}, the sheet ${JSON.stringify(v)}`);
      }
      expect({ copy: copy.sheetName, problems: problems.slice(0, 8) }).toEqual({ copy: copy.sheetName, problems: [] });
    }
    wb.destroy();
  }, 300_000);
});
