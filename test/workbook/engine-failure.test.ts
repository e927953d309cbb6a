/**
 * The workbench's formula engine (HyperFormula) throws while computing some sheets (a range over a
 * spilled formula that became an error: 0 credits in a pack forced into a bid by charges). The cell then
 * keeps what it held and the analyst gets a message, rather than a sheet left half computed; the input's
 * validation refuses 0 credits where it is typed.
 */
import type { Scenario } from "../../src/engine";
import { METER_KINDS } from "../../src/engine/meters";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { breaksRule } from "../../src/workbook/input-rules";
import { builtFunctions } from "../support/load-functions";
import { AGENTFORCE, METER_BIDS, METER_SCENARIO } from "../support/meter-bids";
import { asTemplate } from "./fixtures";

test("0 credits in a pack: refused where typed; forced in, the cell keeps what it held and the sheet still computes", async () => {
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
  // Forced in (past the rule, as a formula could): the engine's failure is reported, nothing is lost.
  const held = wb.value(sheetName, cell);
  const p50 = wb.value(sheetName, layout.bids[i].risk.totalP50);
  expect(() => wb.setCellInput(sheetName, cell, 0)).toThrow(/could not compute the sheet with 0 here .*keeps what it held/);
  expect(wb.value(sheetName, cell)).toBe(held);
  expect(wb.value(sheetName, layout.bids[i].risk.totalP50)).toBe(p50);
  // The sheet still takes edits.
  wb.setCellInput(sheetName, cell, (held as number) * 2);
  expect(wb.value(sheetName, cell)).toBe((held as number) * 2);
  wb.destroy();
});
