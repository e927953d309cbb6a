/**
 * 0 credits in a pack forced into a bid by charges: a range over a spilled formula that became an error,
 * which HyperFormula once failed to compute (the embedded workbook now reads such a range cell by cell, as
 * Excel does; were the engine to throw, the cell keeps what it held and the analyst is told). The input's
 * validation refuses 0 credits where it is typed; forced in, the bid is not priced in every view.
 */
import type { Scenario } from "../../src/engine";
import { METER_KINDS } from "../../src/engine/meters";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { breaksRule } from "../../src/workbook/input-rules";
import { builtFunctions } from "../support/load-functions";
import { AGENTFORCE, METER_BIDS, METER_SCENARIO } from "../support/meter-bids";
import { asTemplate } from "./fixtures";

test("0 credits in a pack: refused where typed; forced in, the sheet computes and that bid is not priced in every view", async () => {
  const scenario: Scenario = { ...METER_SCENARIO, conversations: 100000 };
  const templates = [...METER_KINDS.map((k) => asTemplate(`meter-${k}`, METER_BIDS[k])), asTemplate("agentforce", AGENTFORCE)];
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const { sheetName, layout } = await buildComparison(wb, { scenario, templates, risk: { draws: 20, seed: 1 } });
  const found = layout.bids.flatMap((b, i) => Object.entries(b.inputs).flatMap(([path, cell]) => (path.endsWith("creditPack.credits") ? [{ i, cell }] : [])));
  expect(found.length).toBeGreaterThan(0);
  const { i, cell } = found[0];
  // Typed: the cell's rule refuses it, naming the allowed values.
  const rule = wb.validationAt(sheetName, cell)!;
  expect(breaksRule(rule, 0)).toMatch(/credits in a pack, 1 or more/);
  // Forced in (past the rule, as a formula could): the sheet computes (a range over the spill that became
  // an error is read cell by cell, as Excel does), and that bid is not priced in every view; the others are.
  const held = wb.value(sheetName, cell) as number;
  wb.setCellInput(sheetName, cell, 0);
  expect(wb.value(sheetName, cell)).toBe(0);
  const value = (a: string) => wb.value(sheetName, a);
  const b = layout.bids[i];
  const others = layout.bids.filter((_, k) => k !== i);
  expect(value(b.cells.rank)).toBe("not priced");
  expect(value(b.cells.status)).toMatch(/^not priced/);
  for (const c of [b.risk.totalP50, b.risk.chanceCheapest, b.term!.rank, b.term!.total]) expect(value(c)).toMatch(/not priced/);
  expect(others.map((o) => value(o.cells.rank)).every((r) => typeof r === "number")).toBe(true);
  expect(others.map((o) => value(o.risk.totalP50)).every((v) => typeof v === "number" && v >= 0)).toBe(true);
  expect((others.map((o) => value(o.risk.chanceCheapest)) as number[]).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  // The sheet still takes edits: the pack back to credits, the bid priced again.
  wb.setCellInput(sheetName, cell, held);
  expect(typeof value(b.cells.rank)).toBe("number");
  expect(value(b.cells.status)).toBe("");
  wb.destroy();
});

test("were the formula engine to throw while computing an edit, the cell keeps what it held and the analyst is told", async () => {
  const templates = [asTemplate("agentforce", AGENTFORCE)];
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const { sheetName, layout } = await buildComparison(wb, { scenario: { ...METER_SCENARIO, conversations: 100000 }, templates, risk: { draws: 20, seed: 1 } });
  const cell = layout.bids[0].cells.resolutionRate;
  const held = wb.value(sheetName, cell);
  const total = wb.value(sheetName, layout.bids[0].cells.monthlyTotal);
  // The engine fails once, as HyperFormula did on some sheets ("Unknown array").
  const hf = (wb as unknown as { hf: { setCellContents: (...a: unknown[]) => unknown } }).hf;
  const real = hf.setCellContents.bind(hf);
  hf.setCellContents = jest
    .fn()
    .mockImplementationOnce(() => {
      throw new Error("Unknown array");
    })
    .mockImplementation(real);
  expect(() => wb.setCellInput(sheetName, cell, 0.5)).toThrow(/could not compute the sheet with 0.5 here \(Unknown array\), so the cell keeps what it held/);
  expect(wb.value(sheetName, cell)).toBe(held);
  expect(wb.value(sheetName, layout.bids[0].cells.monthlyTotal)).toBe(total);
  // The next edit goes through.
  wb.setCellInput(sheetName, cell, 0.5);
  expect(wb.value(sheetName, cell)).toBe(0.5);
  wb.destroy();
});
