/**
 * A bid by charges on the sheet, one row of formulas per charge: an update keeps the analyst's edit to a
 * charge's input cell (and carries a sheet built before the charge rows into them); the shareable copy,
 * native and values-only, carries the rows at the engine's figures; a charge's label from a file stays
 * text in the comparison and in both copies. Needs dist/ (npm run build).
 */
import { bidFigures, bidScenario, chargeFigures, type Bid, type Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { applyUpdate, buildComparison, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { chargesBlock } from "../../src/workbook/comparison/blocks/charges";
import type { ComparisonContext } from "../../src/workbook/comparison/context";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { SheetBlock } from "../../src/workbook/layout";
import { COMPARISON_BLOCKS } from "../../src/workbook/plan";
import { explainCell } from "../../src/workbook/shareable/explain";
import { addinFunctions } from "../../src/workbook/shareable/explain-functions";
import { makeShareableCopy } from "../../src/workbook/shareable/share";
import type { BidLayout } from "../../src/workbook/sheet-plan";
import { close } from "../support/close";
import { builtFunctions } from "../support/load-functions";
import { AGENTFORCE, FIN, METER_SCENARIO, SEAT_POOL } from "../support/meter-bids";
import { asTemplate } from "./fixtures";

const SCENARIO: Scenario = { ...METER_SCENARIO, conversations: 100000 };
type ByCharges = Extract<Bid["pricing"], { model: "charges" }>;

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** Fin with its leads' price at `price` (an analyst's counter-offer). */
function finAt(price: number): Bid {
  const edited = JSON.parse(JSON.stringify(FIN)) as Bid;
  (edited.pricing as ByCharges).charges[1].unitPrice = price;
  return edited;
}

/** Each charge row of a bid on the sheet against the engine: label, units, fee; and the vendor fee. */
function expectRows(read: (a: string) => unknown, b: BidLayout, bid: Bid, scenario: Scenario, what: string): void {
  const engine = chargeFigures(bid.pricing as ByCharges, bidScenario(bid, scenario));
  expect(b.charges?.map((c) => read(c.cells.label))).toEqual(engine.map((c) => c.label));
  b.charges!.forEach((c, k) => {
    close(read(c.cells.units), engine[k].units, `${what}: ${c.label}'s units`);
    close(read(c.cells.fee), engine[k].fee, `${what}: ${c.label}'s fee`);
  });
  close(read(b.cells.vendorFee), bidFigures(bid, scenario).vendorFeePerConversation, `${what}: vendor fee`);
}

test("update keeps the analyst's edit to a charge's input cell, and the charge's row and the vendor fee follow it", async () => {
  const wb = workbook();
  const templates = [asTemplate("intercom-fin", FIN), asTemplate("agentforce", AGENTFORCE)];
  const { sheetName, layout } = await buildComparison(wb, { scenario: SCENARIO, templates, asOf: "2026-12-07" });
  const leadPrice = layout.bids[0].inputs["pricing.charges.1.unitPrice"];
  wb.setCellInput(sheetName, leadPrice, 12);
  expectRows((a) => wb.value(sheetName, a), layout.bids[0], finAt(12), SCENARIO, "edited before the update");

  const preview = await prepareUpdate(wb, sheetName, { scenario: SCENARIO, templates, asOf: "2026-12-07" }, "2026-12-07");
  expect(preview.conflicts).toEqual([]);
  expect(preview.kept.map((k) => [k.cell, k.now])).toEqual([[leadPrice, 12]]);
  const updated = await applyUpdate(wb, preview);
  const fin = updated.layout.bids[0];
  expect(wb.value(sheetName, fin.inputs["pricing.charges.1.unitPrice"])).toBe(12);
  expectRows((a) => wb.value(sheetName, a), fin, finAt(12), SCENARIO, "after the update");
  close(wb.value(sheetName, fin.charges![1].cells.fee), 12 * 2000, "the leads' fee by hand at $12");
  expectRows((a) => wb.value(sheetName, a), updated.layout.bids[1], AGENTFORCE, SCENARIO, "Agentforce after the update");
  // Export reads the edit back.
  const exported = await exportBids(wb, sheetName, "2026-12-07");
  expect((exported[0].bid.pricing as ByCharges).charges[1].unitPrice).toBe(12);
  wb.destroy();
});

test("one truth: a charge that cannot be priced, or outcome shares over 100%, leave the bid not priced, with its reason, as the engine does", async () => {
  const wb = workbook();
  const templates = [asTemplate("intercom-fin", FIN), asTemplate("agentforce", AGENTFORCE)];
  const { sheetName, layout } = await buildComparison(wb, { scenario: SCENARIO, templates, asOf: "2026-12-07" });
  const [fin, agentforce] = layout.bids;
  const v = (a: string) => wb.value(sheetName, a);
  expect([v(fin.cells.status), v(agentforce.cells.status)]).toEqual(["", ""]);
  // Shares of 0.90 + 0.10 + 0.05 + 0.02: more than one outcome per conversation. The engine refuses it.
  const over = JSON.parse(JSON.stringify(FIN)) as Bid;
  ((over.pricing as ByCharges).charges[0] as Extract<ByCharges["charges"][0], { meter: "outcomes" }>).outcomes[0].share = 0.9;
  expect(() => bidFigures(over, SCENARIO)).toThrow(/add up to/);
  wb.setCellInput(sheetName, fin.inputs["pricing.charges.0.outcomes.0.share"], 0.9);
  close(v(fin.charges![0].cells.units), 105000, "the outcome row still counts what was typed");
  expect(v(fin.cells.vendorFee)).toMatchObject({ error: "#N/A" });
  expect(v(fin.cells.status)).toMatch(/^not priced: its outcome types' shares of conversations add up to more than 100%/);
  expect([v(fin.cells.rank), v(agentforce.cells.rank)]).toEqual(["not priced", 1]);
  // Exactly 100% is allowed (0.83 + 0.10 + 0.05 + 0.02).
  wb.setCellInput(sheetName, fin.inputs["pricing.charges.0.outcomes.0.share"], 0.83);
  expect(v(fin.cells.status)).toBe("");
  // A negative price: its charge row is #NUM!, the bid not priced for that reason.
  wb.setCellInput(sheetName, fin.inputs["pricing.charges.1.unitPrice"], -1);
  expect(v(fin.charges![1].cells.fee)).toMatchObject({ error: "#NUM!" });
  expect(v(fin.cells.status)).toBe("not priced: a price or quantity among its inputs is negative");
  expect([v(fin.cells.rank), v(agentforce.cells.rank)]).toEqual(["not priced", 1]);
  // "Explain this cell" on the charge's row names the argument at fault.
  wb.select(sheetName, fin.charges![1].cells.fee);
  const x = await explainCell(await wb.inspectCell(sheetName, fin.charges![1].cells.fee), (sh, r) => wb.readValues(sh, r), addinFunctions);
  expect(x.calls.map((c) => c.name)).toEqual(["CHARGE_COST"]);
  expect(x.summary).toMatch(/AIPRICE\.CHARGE_COST gives #NUM! here: .*unit_price/);
  wb.destroy();
});

test("a sheet built before the charge rows (the charges written inline in the vendor fee) updates into them, its edit kept", async () => {
  const blocks = COMPARISON_BLOCKS as SheetBlock<ComparisonContext>[];
  const saved = [...blocks];
  const wb = workbook();
  const templates = [asTemplate("intercom-fin", FIN), asTemplate("seats", SEAT_POOL)];
  let built: Awaited<ReturnType<typeof buildComparison>>;
  try {
    blocks.splice(blocks.indexOf(chargesBlock as SheetBlock<ComparisonContext>), 1);
    built = await buildComparison(wb, { scenario: SCENARIO, templates, asOf: "2026-12-07" });
  } finally {
    blocks.splice(0, blocks.length, ...saved);
  }
  const sheet = built.sheetName;
  expect(built.layout.bids[0].charges).toBeUndefined();
  expect(wb.cell(sheet, built.layout.bids[0].cells.vendorFee).formula).toMatch(/AIPRICE\.CHARGE_COST/);
  wb.setCellInput(sheet, built.layout.bids[0].inputs["pricing.charges.1.unitPrice"], 12);

  const preview = await prepareUpdate(wb, sheet, { scenario: SCENARIO, templates, asOf: "2026-12-07" }, "2026-12-07");
  expect(preview.conflicts).toEqual([]);
  expect(preview.kept.map((k) => k.now)).toEqual([12]);
  expect(preview.rowsInserted).toBe(2 + 3 + 2 + 1);
  expect(preview.rowsDeleted).toBe(0);
  const { layout } = await applyUpdate(wb, preview);
  expectRows((a) => wb.value(sheet, a), layout.bids[0], finAt(12), SCENARIO, "Fin updated into charge rows");
  expectRows((a) => wb.value(sheet, a), layout.bids[1], SEAT_POOL, SCENARIO, "the seat pool updated into charge rows");
  // Fin's fee sums its rows, unless its outcome shares add up to more than 100%; the seats' fee sums its row.
  expect(wb.cell(sheet, layout.bids[0].cells.vendorFee).formula).toMatch(/^=IF\(IFERROR\(ROUND\(SUM\(\$C\$\d+, \$C\$\d+\)\/Conversations, 12\)>1, FALSE\), NA\(\), SUM\(\$E\$\d+:\$E\$\d+\)\/Conversations\)$/);
  expect(wb.cell(sheet, layout.bids[1].cells.vendorFee).formula).toMatch(/^=SUM\(\$E\$\d+:\$E\$\d+\)\/Conversations$/);
  wb.destroy();
});

describe("the shareable copy carries the charge rows", () => {
  const HOSTILE = "=B5*1000";
  const hostile: BidTemplate = asTemplate("hostile", {
    ...SEAT_POOL,
    name: "A label like a formula",
    pricing: { model: "charges", charges: [{ ...(SEAT_POOL.pricing as ByCharges).charges[0], label: HOSTILE }] },
  });
  const templates = [asTemplate("intercom-fin", FIN), asTemplate("agentforce", AGENTFORCE), hostile];
  const bids = templates.map((t) => t.bid);

  test.each([
    ["native formulas", false],
    ["values only", true],
  ])("%s: each charge's row at the engine's figures, a label from a file still text", async (_, valuesOnly) => {
    const wb = workbook();
    wb.addSheet("Budget");
    wb.setCellInput("Budget", "B5", 7);
    const { sheetName, layout } = await buildComparison(wb, { scenario: SCENARIO, templates, risk: { draws: 50, seed: 1 }, asOf: "2026-12-07" });
    const label = layout.bids[2].charges![0].cells.label;
    expect(wb.cell(sheetName, label)).toMatchObject({ formula: null, value: HOSTILE });
    const copy = await makeShareableCopy(wb, sheetName, { date: "2026-12-07", valuesOnly });
    expect(copy.kept).toEqual([]);
    const read = (a: string) => wb.value(copy.sheetName, a);
    copy.layout.bids.forEach((b, i) => expectRows(read, b, bids[i], SCENARIO, `${bids[i].name} in the copy`));
    expect(wb.cell(copy.sheetName, copy.layout.bids[2].charges![0].cells.label)).toMatchObject({ formula: null, value: HOSTILE });
    const fee = wb.cell(copy.sheetName, copy.layout.bids[0].charges![1].cells.fee).formula;
    if (valuesOnly) expect(fee).toBeNull();
    else expect(fee).toMatch(/^=/);
    expect(wb.usedCells(copy.sheetName).filter((c) => c.formula && /AIPRICE|B5\*1000/i.test(c.formula))).toEqual([]);
    // Native formulas stay live: a charge's price changed in the copy moves its row and the vendor fee.
    if (!valuesOnly) {
      wb.setCellInput(copy.sheetName, copy.layout.bids[0].inputs["pricing.charges.1.unitPrice"], 12);
      expectRows(read, copy.layout.bids[0], finAt(12), SCENARIO, "Fin edited in the native copy");
    }
    expect(wb.value("Budget", "B5")).toBe(7);
    wb.destroy();
  });
});
