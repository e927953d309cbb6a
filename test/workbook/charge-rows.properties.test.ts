/**
 * Charge rows against the engine, as a property: one sheet holds a bid per meter kind and the real price
 * lists (Intercom Fin, Agentforce); any input of a charge typed on the sheet (any number from 0 up) moves
 * that charge's row and the bid's vendor fee exactly as the engine prices the edited bid, and where the
 * engine refuses the edited bid (a package of 0, outcome shares over 100%), the sheet says "not priced".
 * Needs dist/ (npm run build).
 */
import fc from "fast-check";
import { bidScenario, chargeFigures, compareBids, type Bid, type Scenario } from "../../src/engine";
import { METER_KINDS } from "../../src/engine/meters";
import type { BidTemplate } from "../../src/templates/template";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { close } from "../support/close";
import { builtFunctions } from "../support/load-functions";
import { AGENTFORCE, FIN, METER_BIDS, METER_SCENARIO } from "../support/meter-bids";
import { asTemplate } from "./fixtures";

const SCENARIO: Scenario = { ...METER_SCENARIO, conversations: 100000 };
const templates: BidTemplate[] = [...METER_KINDS.map((k) => asTemplate(`meter-${k}`, METER_BIDS[k])), asTemplate("intercom-fin", FIN), asTemplate("agentforce", AGENTFORCE)];

/** The bid with the number at a dotted path ("pricing.charges.0.unitPrice") replaced. */
function withValue(bid: Bid, path: string, value: number): Bid {
  const copy = JSON.parse(JSON.stringify(bid)) as Record<string, unknown>;
  const parts = path.split(".");
  let at = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  at[parts[parts.length - 1]] = value;
  return copy as unknown as Bid;
}

describe("any number typed in a charge's input: its row and the vendor fee are the engine's", () => {
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  beforeAll(async () => {
    const { metadata, implementations } = builtFunctions();
    wb = new EmbeddedWorkbook({ metadata, implementations });
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: SCENARIO, templates, risk: { draws: 20, seed: 1 }, asOf: "2026-12-07" }));
  });
  afterAll(() => wb.destroy());

  /** Every charge input cell holding a number, by bid: its path and its cell. */
  const numberInputs = () =>
    layout.bids.flatMap((b, i) =>
      Object.entries(b.inputs)
        .filter(([path]) => path.startsWith("pricing.charges.") && typeof wb.value(sheet, b.inputs[path]) === "number" && !/\.tiers\.tiers\.\d+\.upTo$/.test(path))
        .map(([path, cell]) => ({ i, path, cell })),
    );

  test("over random inputs and values", () => {
    const inputs = numberInputs();
    expect(inputs.length).toBeGreaterThan(30);
    const value = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 100000, noNaN: true }), fc.integer({ min: 1, max: 200 }));
    fc.assert(
      fc.property(fc.constantFrom(...inputs), value, ({ i, path, cell }, typed) => {
        // Not 0 credits in a pack: its validation refuses it, and forced in HyperFormula itself throws
        // ("Unknown array") in the risk view, so the workbench keeps the cell (engine-failure.test.ts).
        const v = path.endsWith("creditPack.credits") ? Math.max(1, typed) : typed;
        const was = wb.value(sheet, cell) as number;
        wb.setCellInput(sheet, cell, v);
        try {
          const b = layout.bids[i];
          const edited = withValue(templates[i].bid, path, v);
          const engine = compareBids([edited], SCENARIO)[0];
          const what = `${templates[i].id} with ${path} = ${v}`;
          if (engine.figures === null) {
            expect([what, wb.value(sheet, b.cells.rank)]).toEqual([what, "not priced"]);
            expect(wb.value(sheet, b.cells.status)).toMatch(/^not priced: /);
            return;
          }
          expect([what, wb.value(sheet, b.cells.status)]).toEqual([what, ""]);
          const rows = chargeFigures(edited.pricing as Extract<Bid["pricing"], { model: "charges" }>, bidScenario(edited, SCENARIO));
          b.charges!.forEach((c, k) => {
            close(wb.value(sheet, c.cells.units), rows[k].units, `${what}: ${c.label}'s units`);
            close(wb.value(sheet, c.cells.fee), rows[k].fee, `${what}: ${c.label}'s fee`);
          });
          close(wb.value(sheet, b.cells.vendorFee), engine.figures.vendorFeePerConversation, `${what}: vendor fee`);
          close(wb.value(sheet, b.cells.monthlyTotal), engine.figures.monthlyTotal, `${what}: monthly total`);
        } finally {
          wb.setCellInput(sheet, cell, was);
        }
      }),
      { numRuns: 150, seed: 17 },
    );
  });
});
