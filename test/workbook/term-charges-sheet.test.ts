/**
 * Charges over the term, engine = sheet = CLI: a charge's own escalator and spend commitment, and its
 * prepaid units (test/support/charge-term-bids.ts, figures checked by hand in
 * test/engine/term-charges.test.ts), in the term block (HyperFormula with the BUILT AIPRICE functions),
 * the engine's compareTerm and `aiprice compare --json --term-months`; the term shapes are input cells.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/aiprice";
import type { CompareJson } from "../../src/cli/compare";
import { Bid, compareTerm, Scenario } from "../../src/engine";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { buildComparison } from "../../src/workbook/builder";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";
import { committed, prepaid } from "../support/charge-term-bids";
import { asTemplate } from "./fixtures";

const SCENARIO: Scenario = { conversations: 1000, resolutionRate: 0.5, humanCost: 0 };
const CLI_SCENARIO = ["--conversations", "1000", "--resolution-rate", "50%", "--human-cost", "0"];

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-term-charges-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(bids: Bid[], months: number): CompareJson {
  const files = bids.map((b, k) => {
    const file = path.join(tmp, `bid-${k}.json`);
    fs.writeFileSync(file, JSON.stringify(asTemplate(`bid-${k}`, b)));
    return file;
  });
  let out = "";
  const status = main(["compare", ...files, ...CLI_SCENARIO, "--term-months", String(months), "--json"], { out: (s) => (out += s), err: () => undefined });
  expect(status).toBe(0);
  return JSON.parse(out) as CompareJson;
}

async function sheetAndEngine(bids: Bid[], months: number) {
  const wb = workbook();
  const templates = bids.map((b, k) => asTemplate(`bid-${k}`, b));
  const { sheetName, layout } = await buildComparison(wb, { scenario: SCENARIO, templates, term: { months }, risk: { draws: 20 } });
  const engine = compareTerm(bids, SCENARIO, { months });
  return { wb, sheet: sheetName, layout, engine };
}

describe("a charge's own escalator and commitment: engine = sheet = CLI", () => {
  test("9,200 over 12 months: true-ups of 1,000 in month 6 and 700 in month 12", async () => {
    const { wb, sheet, layout, engine } = await sheetAndEngine([committed()], 12);
    const b = layout.bids[0].term!;
    expect(engine.bids[0]!.total).toBeCloseTo(9200, 9);
    close(wb.value(sheet, b.total), 9200, "total contract value");
    close(wb.value(sheet, b.unusedCommitment), 1700, "commitment left unused");
    const vendor = wb.values(sheet, b.months.vendorFee)[0];
    const trueUp = wb.values(sheet, b.months.commitmentTrueUp)[0];
    engine.bids[0]!.months.forEach((m, k) => {
      close(vendor[k], m.vendorFee, `vendor fee in month ${k + 1}`);
      close(trueUp[k], m.commitmentTrueUp, `true-up in month ${k + 1}`);
    });
    const j = cli([committed()], 12);
    expect(j.bids[0].term!.total).toBeCloseTo(9200, 9);
    expect(j.bids[0].term!.charges).toEqual([
      {
        label: "Resolutions",
        billed: expect.closeTo(6 * 500 + 6 * 550, 9),
        commitmentTrueUps: [
          { month: 6, amount: 1000 },
          { month: 12, amount: expect.closeTo(700, 9) },
        ],
        unusedCommitment: expect.closeTo(1700, 9),
        expiredUnits: 0,
      },
    ]);

    // The commitment is an input cell of the charge: 3,000 per 6 months leaves no shortfall in the second half.
    const amount = layout.bids[0].inputs["pricing.charges.0.commitment.amount"];
    expect(wb.value(sheet, amount)).toBe(4000);
    wb.setCellInput(sheet, amount, 3200);
    const edited = committed();
    (edited.pricing as Extract<Bid["pricing"], { model: "charges" }>).charges[0].commitment!.amount = 3200;
    close(wb.value(sheet, b.total), compareTerm([edited], SCENARIO, { months: 12 }).bids[0]!.total, "total after the edit");
    close(wb.value(sheet, b.total), 1200 + 3000 + 3300 + 200, "total after the edit, by hand");
    wb.destroy();
  });
});

describe("a charge's prepaid units: engine = sheet = CLI", () => {
  test("560 over 6 months, 2,000 units expired", async () => {
    const { wb, sheet, layout, engine } = await sheetAndEngine([prepaid(), committed()], 6);
    const b = layout.bids[0].term!;
    expect(engine.bids[0]!.total).toBeCloseTo(560, 9);
    close(wb.value(sheet, b.total), 560, "total contract value");
    expect(wb.value(sheet, b.expiredCredits)).toBe(2000);
    const vendor = wb.values(sheet, b.months.vendorFee)[0];
    [200, 0, 80, 200, 0, 80].forEach((f, k) => close(vendor[k], f, `vendor fee in month ${k + 1}`));
    layout.bids.forEach((x, i) => close(wb.value(sheet, x.term!.total), engine.bids[i]!.total, `bid ${i + 1}: total contract value`));
    const j = cli([prepaid(), committed()], 6);
    expect(j.bids[0].term!.total).toBeCloseTo(560, 9);
    expect(j.bids[0].term!.expiredCredits).toBe(2000);
    expect(j.bids[0].term!.charges![0]).toMatchObject({ label: "Sessions", expiredUnits: 2000 });
    wb.destroy();
  });
});
