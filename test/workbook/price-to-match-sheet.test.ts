/**
 * The price to bring to the table, on the comparison sheet (docs/spec.md#decide-and-negotiate), computed
 * by the formula engine (HyperFormula with the built AIPRICE functions): beside each bid the price of its
 * main charge that ties the leader at the likely scenario and at P90 of the drawn scenarios, and where a
 * per-resolution bid stops paying off, each equal to the engine's (pricesToMatch, stopsPayingOffBelow)
 * within 1e-9; re-priced on the sheet at that price, the bid ties.
 */
import { Bid, drawTrials, Scenario } from "../../src/engine";
import { pricesToMatch, stopsPayingOffBelow } from "../../src/engine/price-to-match";
import { cellAddress } from "../../src/workbook/a1";
import { PTM_COL, PTM_ROW } from "../../src/workbook/comparison/blocks/price-to-match";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { planComparison } from "../../src/workbook/plan";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import type { BidTemplate } from "../../src/templates/template";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.7, high: 0.95 }, humanCost: { low: 2.5, high: 4 } },
};
const DRAWS = 500;

function at(plan: SheetPlan, key: string, col: number): string {
  const row = plan.rowKeys.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return cellAddress({ row: row.row, col });
}

async function built(templates: BidTemplate[], scenario: Scenario): Promise<{ wb: EmbeddedWorkbook; plan: SheetPlan }> {
  const { metadata, implementations } = builtFunctions();
  const wb = new EmbeddedWorkbook({ metadata, implementations });
  const plan = planComparison({ scenario, templates, risk: { draws: DRAWS } }, []);
  await wb.apply(plan);
  return { wb, plan };
}

/** Every bid's prices to match and rate where it stops paying off on the sheet equal the engine's. */
function expectPrices(wb: EmbeddedWorkbook, plan: SheetPlan, bids: Bid[], scenario: Scenario): void {
  const s = plan.sheetName;
  const trials = drawTrials(bids, scenario, { draws: DRAWS, seed: 1 });
  const expected = pricesToMatch(bids, scenario, trials);
  plan.layout.bids.forEach((b, i) => {
    const v = (col: number) => wb.value(s, at(plan, PTM_ROW.bid(b.key), col));
    const e = expected[i];
    if (e === null || e.likely === null) expect(v(PTM_COL.likely)).toBe("");
    else close(v(PTM_COL.likely), e.likely, `${b.name}: price to match, likely`);
    if (e === null || e.p90 === null) expect(v(PTM_COL.p90)).toBe("");
    else close(v(PTM_COL.p90), e.p90, `${b.name}: price to match at P90`);
    if (e) {
      expect(v(PTM_COL.charge)).toBe(e.charge);
      close(v(PTM_COL.stated), e.price, `${b.name}: price stated`);
    }
    const pays = stopsPayingOffBelow(bids[i], scenario);
    if (pays === null) expect(v(PTM_COL.stopsPayingOffBelow) ?? "").toBe("");
    else close(v(PTM_COL.stopsPayingOffBelow), pays, `${b.name}: stops paying off below`);
  });
}

describe("the price to match on the sheet", () => {
  let wb: EmbeddedWorkbook | undefined;
  afterEach(() => {
    wb?.destroy();
    wb = undefined;
  });

  test("the guide's bids: likely, P90 and where B stops paying off equal the engine; the leader A has none; re-priced at them B ties A", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const bids = templates.map((t) => t.bid);
    expectPrices(wb, b.plan, bids, RANGED);
    const s = b.plan.sheetName;
    const [A, B] = b.plan.layout.bids;
    expect(wb.value(s, at(b.plan, PTM_ROW.bid(A.key), PTM_COL.likely))).toBe("");
    const likely = wb.value(s, at(b.plan, PTM_ROW.bid(B.key), PTM_COL.likely)) as number;
    close(likely, 0.46 / 0.9, "B's price to match, likely (0.46 / 0.9)");
    const p90 = wb.value(s, at(b.plan, PTM_ROW.bid(B.key), PTM_COL.p90)) as number;
    expect(p90).toBeGreaterThan(0);
    // Re-priced on the sheet at the likely price: B's monthly total is A's.
    const price = B.inputs["pricing.pricePerResolution"];
    wb.setCellInput(s, price, likely);
    close(wb.value(s, B.cells.monthlyTotal), wb.value(s, A.cells.monthlyTotal) as number, "B's total re-priced at its price to match");
    // At the P90 price: B's P90 of the drawn totals is A's.
    wb.setCellInput(s, price, p90);
    expect(Math.abs((wb.value(s, B.risk.totalP90) as number) - (wb.value(s, A.risk.totalP90) as number))).toBeLessThan(1e-6);
  });

  test("after an edit the prices follow: A's price per million output tokens raised, C leads and A gets a price to match", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const s = b.plan.sheetName;
    wb.setCellInput(s, b.plan.layout.bids[0].inputs["pricing.outputPricePerMTok"], 200);
    const bids = templates.map((t) => t.bid);
    const edited = [{ ...bids[0], pricing: { ...bids[0].pricing, outputPricePerMTok: 200 } } as Bid, bids[1], bids[2]];
    expectPrices(wb, b.plan, edited, RANGED);
    // C now leads (1.1375 a conversation against B's 1.191 and A's 1.90): C has none, A one.
    expect(wb.value(s, at(b.plan, PTM_ROW.bid(b.plan.layout.bids[2].key), PTM_COL.likely))).toBe("");
    expect(typeof wb.value(s, at(b.plan, PTM_ROW.bid(b.plan.layout.bids[0].key), PTM_COL.likely))).toBe("number");
  });

  test("a bid not priced (a negative price typed) says so in place of its prices, and is neither the leader nor the rival", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const s = b.plan.sheetName;
    const B = b.plan.layout.bids[1];
    wb.setCellInput(s, B.inputs["pricing.pricePerResolution"], -1);
    for (const col of [PTM_COL.likely, PTM_COL.p90, PTM_COL.stopsPayingOffBelow]) expect(wb.value(s, at(b.plan, PTM_ROW.bid(B.key), col))).toMatch(/^not priced/);
    expect(wb.value(s, at(b.plan, "decide:pair", 2))).toBe(templates[2].bid.name);
    expect(typeof wb.value(s, at(b.plan, PTM_ROW.bid(b.plan.layout.bids[2].key), PTM_COL.stated))).toBe("number");
  });

  test("per-conversation and per-resolution rivals with supplied costs: equal to the engine", async () => {
    const mk = (k: number, pricing: Bid["pricing"], rate: number): Bid => ({ vendor: `V${k}`, name: `Bid ${k}`, currency: "USD", pricing, performance: { resolutionRate: rate }, supplied: [{ label: "ops", perConversation: 0.1 * k }] });
    const bids = [mk(1, { model: "per-conversation", pricePerConversation: 0.9 }, 0.6), mk(2, { model: "per-resolution", pricePerResolution: 1.4 }, 0.8), mk(3, { model: "outcome-based", pricePerOutcome: 1.2 }, 0.7)];
    const b = await built(
      bids.map((x, k) => asTemplate(`b${k}`, x)),
      RANGED,
    );
    wb = b.wb;
    expectPrices(wb, b.plan, bids, RANGED);
  });
});
