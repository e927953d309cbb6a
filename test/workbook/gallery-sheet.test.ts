/**
 * The gallery of December 2026 on the sheet: every shipped template by charges (and the newest model
 * API), built into a comparison in a real formula engine (HyperFormula, with the built functions), gives
 * the engine's figures; and the hand figures of two of them (Agentforce actions with seats, Freddy
 * session packs) hold on the sheet, including at a volume that needs one more pack. Needs dist/ (npm run build).
 */
import { bidFigures, bidScenario, chargeFigures, compareBids, defaultRanges, type Scenario } from "../../src/engine";
import { gallery } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison, type ComparisonRequest } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";

const scenario: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 0.8, tokens: { input: 20000, output: 3000, cachedInput: 8000 } };
const templates: BidTemplate[] = gallery.filter((t) => t.bid.pricing.model === "charges" || t.id === "google-gemini-3-1-pro-preview");

describe("the gallery's bids by charges on the sheet", () => {
  const { metadata, implementations } = builtFunctions();
  const request: ComparisonRequest = { scenario: { ...scenario, ranges: defaultRanges(scenario) }, templates, risk: { draws: 100, seed: 5 }, asOf: "2026-12-07" };
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  beforeAll(async () => {
    wb = new EmbeddedWorkbook({ metadata, implementations });
    ({ sheetName: sheet, layout } = await buildComparison(wb, request));
  });
  afterAll(() => wb.destroy());

  test("holds at least ten of them, and each one's figures on the sheet are the engine's", () => {
    expect(templates.length).toBeGreaterThanOrEqual(11);
    const ranked = compareBids(
      templates.map((t) => t.bid),
      scenario,
    );
    layout.bids.forEach((b, i) => {
      const f = bidFigures(templates[i].bid, scenario);
      const name = templates[i].id;
      close(wb.value(sheet, b.cells.vendorFee), f.vendorFeePerConversation, `${name}: vendor fee on the sheet`);
      close(wb.value(sheet, b.cells.aiCost), f.aiCostPerConversation, `${name}: AI cost on the sheet`);
      close(wb.value(sheet, b.cells.monthlyTotal), f.monthlyTotal, `${name}: monthly total on the sheet`);
      expect(wb.value(sheet, b.cells.rank)).toBe(ranked[i].rank);
    });
  });

  test("each gallery bid by charges has a row per charge, labelled with its label, at the engine's units and fee", () => {
    templates.forEach((t, i) => {
      const b = layout.bids[i];
      if (t.bid.pricing.model !== "charges") return expect(b.charges).toBeUndefined();
      const engine = chargeFigures(t.bid.pricing, bidScenario(t.bid, scenario));
      expect(b.charges!.map((c) => wb.value(sheet, c.cells.label))).toEqual(t.bid.pricing.charges.map((c) => c.label));
      b.charges!.forEach((c, k) => {
        close(wb.value(sheet, c.cells.units), engine[k].units, `${t.id} ${c.label}: units`);
        close(wb.value(sheet, c.cells.fee), engine[k].fee, `${t.id} ${c.label}: fee`);
      });
    });
  });

  test("by hand: Agentforce 47,500 + 2,500 = 50,000 a month; Freddy 1,200 packs x $49 = 58,800, and 1,201 packs = 58,849 at 100,050 conversations", () => {
    const at = (id: string) => layout.bids[templates.findIndex((t) => t.id === id)].cells;
    close((wb.value(sheet, at("salesforce-agentforce-flex-actions-and-seats").vendorFee) as number) * 100000, 50000, "Agentforce's month");
    close((wb.value(sheet, at("freshworks-freddy-ai-agent-sessions").vendorFee) as number) * 100000, 58800, "Freddy's month");
    wb.setCellInput(sheet, layout.scenario.Conversations, 100050);
    close((wb.value(sheet, at("freshworks-freddy-ai-agent-sessions").vendorFee) as number) * 100050, 58849, "Freddy's month at 100,050");
    wb.setCellInput(sheet, layout.scenario.Conversations, 100000);
  });
});
