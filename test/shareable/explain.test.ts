/**
 * "Explain this cell": the formula parsed and every AIPRICE call re-evaluated from the workbook's values
 * with the add-in's functions; the message Excel does not show for #NUM! and #DIV/0!.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { parseRange, cellAddress, parseSheetReference } from "../../src/workbook/a1";
import { buildComparison } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { explainCell, PARAMETERS } from "../../src/workbook/shareable/explain";
import { CELLWISE } from "../../src/workbook/shareable/natives";
import { addinFunctions } from "../../src/workbook/shareable/explain-functions";
import { builtFunctions, DIST } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

async function explain(wb: EmbeddedWorkbook, sheet: string, address: string) {
  wb.select(sheet, address);
  const sel = (await wb.selection())!;
  return explainCell(await wb.inspectCell(sel.sheet, sel.address), (s, r) => wb.readValues(s, r), addinFunctions);
}

describe("Explain this cell", () => {
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: Awaited<ReturnType<typeof buildComparison>>["layout"];
  beforeAll(async () => {
    wb = workbook();
    ({ sheetName: sheet, layout } = await buildComparison(wb, { scenario: { ...GUIDE_SCENARIO, ranges: { resolutionRate: { low: 0.75, high: 0.95 } } }, templates: guideTemplates(), risk: { draws: 40 } }));
  });
  afterAll(() => wb.destroy());

  test("the parameters it names are the functions' own (functions.json)", () => {
    const metadata = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: { id: string; parameters: { name: string; optional?: boolean }[] }[] };
    const fromJson = Object.fromEntries(metadata.functions.map((f) => [f.id, f.parameters.map((p) => p.name + (p.optional ? "?" : ""))]));
    expect(PARAMETERS).toEqual(fromJson);
  });

  test("a resolution rate of 1.5: AIPRICE.COST_PER_RESOLUTION says why it gives #NUM!", async () => {
    const bid = layout.bids[0];
    wb.setCellInput(sheet, bid.cells.resolutionRate, 1.5);
    try {
      expect(wb.value(sheet, bid.cells.costPerResolution)).toMatchObject({ error: "#NUM!" });
      const x = await explain(wb, sheet, bid.cells.costPerResolution);
      expect(x.formula).toMatch(/AIPRICE\.COST_PER_RESOLUTION/);
      expect(x.position).toBeNull();
      expect(x.calls.map((c) => c.name)).toEqual(["COST_PER_RESOLUTION"]);
      const [cost, rate] = x.calls[0].args;
      expect(cost).toMatchObject({ name: "cost_per_conversation", text: expect.stringMatching(/^L\d+$/), value: { rows: 1, cols: 1, first: [expect.closeTo(0.46, 12)] } });
      expect(rate).toMatchObject({ name: "resolution_rate", text: bid.cells.resolutionRate, value: { rows: 1, cols: 1, first: [1.5], atCell: 1.5 } });
      expect(x.calls[0].result!.atCell).toMatchObject({ error: "#NUM!" });
      expect(x.message).toMatch(/resolution_rate/);
      expect(x.message).toMatch(/1\.5/);
      expect(x.summary).toBe(`AIPRICE.COST_PER_RESOLUTION gives #NUM! here: ${x.message}`);
      // The cells that use it pass the error on: their explanation points to where it starts.
      const blended = await explain(wb, sheet, bid.cells.blended);
      expect(blended.calls[0].name).toBe("BLENDED_COST");
      expect(blended.summary).toMatch(/AIPRICE\.BLENDED_COST gives #NUM! here: .*resolution_rate/);
    } finally {
      wb.setCellInput(sheet, bid.cells.resolutionRate, 0.92);
    }
  });

  test("a cell inside a spill is explained at its row and column of the broadcast", async () => {
    const bid = layout.bids[1];
    const row = parseRange(bid.rates.costPerResolution);
    const k = 4;
    const address = cellAddress({ row: row.start.row, col: row.start.col + k });
    const x = await explain(wb, sheet, address);
    expect(x.formulaCell).toBe(cellAddress(row.start));
    expect(x.position).toEqual({ row: 0, col: k });
    const outer = x.calls[0];
    expect(outer.name).toBe("COST_PER_RESOLUTION");
    const rate = outer.args[1];
    const rates = parseRange(layout.rates.rates);
    const expectedRate = wb.value(sheet, cellAddress({ row: rates.start.row, col: rates.start.col + k + 1 }));
    expect(rate.value!.atCell).toBe(expectedRate);
    expect(rate.value!.cols).toBe(row.end.col - row.start.col + 1);
    expect(outer.result!.atCell).toBeCloseTo(wb.value(sheet, address) as number, 12);
    expect(x.calls.map((c) => c.name)).toEqual(["COST_PER_RESOLUTION", "TCO_PER_CONVERSATION", "RESOLUTION_FEE"]);
    expect(x.summary).toMatch(new RegExp(`AIPRICE\\.COST_PER_RESOLUTION computes [0-9.]+ here \\(row 1, column ${k + 1} of the spill from ${x.formulaCell}\\)`));
  });

  test("the draws: PERT_DRAWS under TRANSPOSE, with names for its arguments", async () => {
    // The draws are on the calculation sheet beside the comparison; its names point at the comparison's cells.
    const ref = parseSheetReference(layout.draws.conversations)!;
    expect(ref.sheet).toBe(layout.calcSheet);
    const first = parseRange(ref.address).start;
    const x = await explain(wb, ref.sheet, cellAddress({ row: first.row, col: first.col + 3 }));
    expect(x.calls.map((c) => c.name)).toEqual(["PERT_DRAWS"]);
    const [low, likely, high, count, seed] = x.calls[0].args;
    expect([low.text, likely.text, high.text]).toEqual(["ConversationsLow", "Conversations", "ConversationsHigh"]);
    expect(likely.value!.first).toEqual([wb.value(sheet, layout.scenario.Conversations)]);
    expect(count.value!.first).toEqual([40]);
    expect(seed.text).toBe("Seed+1");
    expect(x.calls[0].result).toMatchObject({ rows: 40, cols: 1 });
    expect(x.summary).toMatch(/^AIPRICE\.PERT_DRAWS computes/);
  });

  test("#DIV/0! and an error passed in; what the pane cannot evaluate is said, never guessed", async () => {
    const s = wb.addSheet("Scratch");
    wb.setCellInput(s, "A1", 100);
    wb.setCellInput(s, "A2", 0);
    wb.setCellInput(s, "B1", "=AIPRICE.SEAT_COST(A1, 3, A2)");
    let x = await explain(wb, s, "B1");
    expect(x.value).toMatchObject({ error: "#DIV/0!" });
    expect(x.summary).toMatch(/^AIPRICE\.SEAT_COST gives #DIV\/0! here: .*conversations/);
    wb.setCellInput(s, "C1", "=AIPRICE.BLENDED_COST(B1, 0.5, 3)");
    x = await explain(wb, s, "C1");
    expect(x.summary).toMatch(/The argument ai_cost_per_conversation of AIPRICE\.BLENDED_COST, B1, already holds #DIV\/0!/);
    wb.setCellInput(s, "D1", "=AIPRICE.RESOLUTION_FEE(VLOOKUP(1, A1:A2, 1), 2)");
    x = await explain(wb, s, "D1");
    expect(x.calls[0].args[0]).toMatchObject({ name: "price_per_resolution", text: "VLOOKUP(1, A1:A2, 1)", value: null, unknown: expect.stringMatching(/VLOOKUP/) });
    expect(x.calls[0].args[1].value!.first).toEqual([2]);
    expect(x.summary).toMatch(/cannot/);
    wb.setCellInput(s, "E1", "=SUM(A1:A2)");
    x = await explain(wb, s, "E1");
    expect(x.calls).toEqual([]);
    expect(x.summary).toMatch(/no AIPRICE function/);
    x = await explain(wb, s, "A1");
    expect(x.summary).toMatch(/no formula/);
  });

  test("on random inputs (out of range, text, blanks, errors), the pane computes what the workbook shows, with the same message", async () => {
    const s = wb.addSheet("Random");
    const cell = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(fc.constantFrom(0, 1, -1, 0.5, 0.9, 1.5, 2, 12, 1e6), fc.double({ min: -2, max: 3, noNaN: true, noDefaultInfinity: true })) },
      { weight: 1, arbitrary: fc.constantFrom<number | string | boolean | null>(null, "'text", true, "=1/0", "=NA()") },
    );
    let compared = 0;
    let messages = 0;
    for (const name of Object.keys(CELLWISE)) {
      const n = CELLWISE[name].params.length;
      for (const inputs of fc.sample(fc.array(cell, { minLength: n, maxLength: n }), { numRuns: 12, seed: 7 })) {
        inputs.forEach((v, k) => wb.setCellInput(s, cellAddress({ row: 0, col: k }), v as never));
        const refs = inputs.map((_, k) => cellAddress({ row: 0, col: k }));
        wb.setCellInput(s, "A3", `=AIPRICE.${name}(${refs.join(", ")})`);
        const shown = wb.value(s, "A3");
        const x = await explain(wb, s, "A3");
        const got = x.calls[0].result!.atCell;
        if (typeof shown === "number") expect(got).toBeCloseTo(shown, 12);
        else expect({ name, inputs, got }).toEqual({ name, inputs, got: shown });
        if (shown !== null && typeof shown === "object" && shown.message) messages++;
        if (shown !== null && typeof shown === "object" && shown.message) expect({ name, inputs, message: x.message ?? x.summary }).toEqual({ name, inputs, message: expect.stringContaining(shown.message) });
        compared++;
      }
    }
    expect(compared).toBe(Object.keys(CELLWISE).length * 12);
    expect(messages).toBeGreaterThan(20);
  });
});
