/**
 * Every meter kind through the engine, the sheet (the comparison built in a real formula engine,
 * HyperFormula, with the built functions) and the CLI (`aiprice compare --json`): the same figure. The
 * real price lists (Intercom Fin, Agentforce, seats with a pool) are among them, checked by hand.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bidFigures, bidScenario, chargeFigures, cheapestByResolutionRate, compareBids, defaultRanges, type Bid, type Scenario } from "../../src/engine";
import { METER_KINDS } from "../../src/engine/meters";
import type { BidTemplate } from "../../src/templates/template";
import { validateTemplate } from "../../src/templates/validate";
import { buildComparison, exportBids, type ComparisonRequest } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";
import { builtFunctions } from "../support/load-functions";
import { AGENTFORCE, AGENTFORCE_BY_HAND, FIN, FIN_BY_HAND, METER_BIDS, METER_SCENARIO, SEAT_POOL, seatPoolByHand } from "../support/meter-bids";
import { asTemplate } from "./fixtures";
import { close } from "../support/close";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");

const templates: BidTemplate[] = [...METER_KINDS.map((k) => asTemplate(`meter-${k}`, METER_BIDS[k])), asTemplate("intercom-fin", FIN), asTemplate("agentforce", AGENTFORCE)];
const V100K: Scenario = { ...METER_SCENARIO, conversations: 100000 };

function cliCompare(ts: BidTemplate[], scenario: Scenario): { bids: { id: string; monthlyTotal: number | null; aiCostPerConversation: number | null; charges?: { label: string; units: number; fee: number }[] | null }[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-meters-"));
  try {
    const files = ts.map((t) => {
      const file = path.join(dir, `${t.id}.json`);
      fs.writeFileSync(file, JSON.stringify(t));
      return file;
    });
    const args = [
      "compare",
      ...files,
      "--json",
      "--conversations",
      String(scenario.conversations),
      "--resolution-rate",
      String(scenario.resolutionRate),
      "--human-cost",
      String(scenario.humanCost),
      "--qualifying-share",
      String(scenario.qualifyingShare ?? 1),
      "--draws",
      "100",
    ];
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
    if (r.status !== 0) throw new Error(`aiprice compare exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.cli.json")], { cwd: ROOT, stdio: "pipe" });
});

test("every template by charges validates", () => {
  for (const t of templates) {
    const r = validateTemplate(JSON.parse(JSON.stringify(t)));
    expect(r.ok ? [] : r.problems).toEqual([]);
  }
});

describe("engine, sheet and CLI give the same figure for every meter kind", () => {
  const { metadata, implementations } = builtFunctions();
  const request: ComparisonRequest = { scenario: { ...V100K, ranges: defaultRanges(V100K) }, templates, risk: { draws: 200, seed: 3 }, asOf: "2026-12-07" };
  let wb: EmbeddedWorkbook;
  let sheet: string;
  let layout: ComparisonLayout;
  beforeAll(async () => {
    wb = new EmbeddedWorkbook({ metadata, implementations });
    ({ sheetName: sheet, layout } = await buildComparison(wb, request));
  });
  afterAll(() => wb.destroy());

  test("the sheet's figures are the engine's, bid by bid", () => {
    const ranked = compareBids(
      templates.map((t) => t.bid),
      V100K,
    );
    layout.bids.forEach((b, i) => {
      const f = bidFigures(templates[i].bid, V100K);
      const name = templates[i].id;
      close(wb.value(sheet, b.cells.vendorFee), f.vendorFeePerConversation, `${name}: vendor fee on the sheet`);
      close(wb.value(sheet, b.cells.aiCost), f.aiCostPerConversation, `${name}: AI cost on the sheet`);
      close(wb.value(sheet, b.cells.monthlyTotal), f.monthlyTotal, `${name}: monthly total on the sheet`);
      expect(wb.value(sheet, b.cells.rank)).toBe(ranked[i].rank);
    });
  });

  test("cheapest by resolution rate on the sheet is the engine's, for every bid by charges", () => {
    const engine = cheapestByResolutionRate(
      templates.map((t) => t.bid),
      V100K,
    );
    layout.bids.forEach((b, i) => {
      wb.values(sheet, b.rates.blended)[0].forEach((v, k) => close(v, engine.blended[i][k] as number, `${templates[i].id}: blended at ${engine.rates[k]}`));
    });
  });

  test("each charge is a row of formulas, labelled with its label, whose units and fee are the engine's; the vendor fee is the SUM of its rows", async () => {
    for (let i = 0; i < templates.length; i++) {
      const b = layout.bids[i];
      const pricing = templates[i].bid.pricing as Extract<Bid["pricing"], { model: "charges" }>;
      const engine = chargeFigures(pricing, bidScenario(templates[i].bid, V100K));
      expect(b.charges?.map((c) => c.label)).toEqual(pricing.charges.map((c) => c.label));
      b.charges!.forEach((c, k) => {
        expect(wb.value(sheet, c.cells.label)).toBe(pricing.charges[k].label);
        close(wb.value(sheet, c.cells.units), engine[k].units, `${templates[i].id} ${c.label}: units on the sheet`);
        close(wb.value(sheet, c.cells.fee), engine[k].fee, `${templates[i].id} ${c.label}: fee on the sheet`);
      });
      const fees = b.charges!.map((c) => c.cells.fee);
      const [fee] = (await wb.readFormulas(sheet, b.cells.vendorFee))[0];
      const sum = `SUM($${fees[0].replace(/(\d+)$/, "$$$1")}:$${fees[fees.length - 1].replace(/(\d+)$/, "$$$1")})/Conversations`;
      // With outcome charges, #N/A (not priced) when their shares add up to more than 100%.
      const outcomes = pricing.charges.some((c) => c.meter === "outcomes");
      if (outcomes) expect(fee).toMatch(/^=IF\(IFERROR\(ROUND\(SUM\([^)]*\)\/Conversations, 12\)>1, FALSE\), NA\(\), /);
      expect(fee).toBe(outcomes ? `${(fee as string).slice(0, (fee as string).indexOf("NA(), ") + 6)}${sum})` : `=${sum}`);
    }
  });

  test("by hand, charge by charge: Fin's outcomes 0.99 x 70,000 = 69,300 and leads 9.99 x 2,000 = 19,980; Agentforce's 55 credits x 100,000 x 0.005 = 27,500", () => {
    const rows = (id: string) => layout.bids[templates.findIndex((t) => t.id === id)].charges!;
    const fin = rows("intercom-fin");
    close(wb.value(sheet, fin[0].cells.units), 70000, "Fin outcomes a month");
    close(wb.value(sheet, fin[0].cells.fee), 69300, "Fin outcomes' fee");
    close(wb.value(sheet, fin[1].cells.units), 2000, "qualified leads a month");
    close(wb.value(sheet, fin[1].cells.fee), 19980, "qualified leads' fee");
    const agentforce = rows("agentforce");
    close(wb.value(sheet, agentforce[0].cells.units), 5500000, "Agentforce credits a month");
    close(wb.value(sheet, agentforce[0].cells.fee), AGENTFORCE_BY_HAND * 100000, "Agentforce's fee");
  });

  test("the real price lists' figures on the sheet: Fin 89,280 a month, Agentforce 0.275 per conversation, the seat pool", () => {
    const at = (id: string) => layout.bids[templates.findIndex((t) => t.id === id)].cells;
    close((wb.value(sheet, at("intercom-fin").vendorFee) as number) * 100000, FIN_BY_HAND, "Fin's fees a month");
    close(wb.value(sheet, at("agentforce").vendorFee), AGENTFORCE_BY_HAND, "Agentforce per conversation");
    close((wb.value(sheet, at("meter-seats").vendorFee) as number) * 100000, seatPoolByHand(100000), "the seat pool's month");
  });

  test("the CLI's figures are the engine's, and it lists each charge's units and fee", () => {
    const out = cliCompare(templates, V100K);
    out.bids.forEach((b, i) => {
      const f = bidFigures(templates[i].bid, V100K);
      close(b.monthlyTotal, f.monthlyTotal, `${b.id}: monthly total from the CLI`);
      close(b.aiCostPerConversation, f.aiCostPerConversation, `${b.id}: AI cost from the CLI`);
      expect(b.charges?.map((c) => c.label)).toEqual((templates[i].bid.pricing as Extract<Bid["pricing"], { model: "charges" }>).charges.map((c) => c.label));
    });
    const fin = out.bids.find((b) => b.id === "intercom-fin")!;
    close(
      fin.charges!.reduce((a, c) => a + c.fee, 0),
      FIN_BY_HAND,
      "Fin's fees from the CLI",
    );
    close(fin.charges![1].units, 2000, "qualified leads");
  });

  test("the seat pool below and above the pool, the three ways", () => {
    for (const v of [15000, 30000]) {
      const s = { ...METER_SCENARIO, conversations: v };
      close(bidFigures(SEAT_POOL, s).vendorFeePerConversation * v, seatPoolByHand(v), `engine at ${v}`);
      const b = layout.bids[templates.findIndex((t) => t.id === "meter-seats")];
      wb.setCellInput(sheet, layout.scenario.Conversations, v);
      close((wb.value(sheet, b.cells.vendorFee) as number) * v, seatPoolByHand(v), `sheet at ${v}`);
      close(wb.value(sheet, b.charges![0].cells.fee), seatPoolByHand(v), `the seats' charge row at ${v}`);
      const cli = cliCompare([asTemplate("seats", SEAT_POOL)], s);
      close(
        (cli.bids[0].charges ?? []).reduce((a, c) => a + c.fee, 0),
        seatPoolByHand(v),
        `CLI at ${v}`,
      );
    }
    wb.setCellInput(sheet, layout.scenario.Conversations, 100000);
  });

  test("a charge's inputs edited on the sheet recompute as the engine does, and export reads them back", async () => {
    const i = templates.findIndex((t) => t.id === "intercom-fin");
    const b = layout.bids[i];
    wb.setCellInput(sheet, b.inputs["pricing.charges.1.unitPrice"], 12);
    wb.setCellInput(sheet, b.inputs["pricing.charges.0.outcomes.0.share"], 0.5);
    const edited = JSON.parse(JSON.stringify(FIN)) as Bid;
    const p = edited.pricing as Extract<Bid["pricing"], { model: "charges" }>;
    p.charges[1].unitPrice = 12;
    (p.charges[0] as Extract<(typeof p.charges)[0], { meter: "outcomes" }>).outcomes[0].share = 0.5;
    close(wb.value(sheet, b.cells.vendorFee), bidFigures(edited, V100K).vendorFeePerConversation, "edited Fin on the sheet");
    const exported = await exportBids(wb, sheet, "2026-12-07");
    expect(exported[i].bid.pricing).toEqual(p);
  });
});
