/**
 * `aiprice compare`'s negotiation options, run in process (src/cli/compare.ts, src/cli/negotiate.ts):
 * --rate-correlation, and the figures of `compare --json` checked against the engine.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { parseArgs, UsageError } from "../../src/cli/args";
import { compare, COMPARE_FLAGS, COMPARE_OPTIONS } from "../../src/cli/compare";
import { trialsCsv } from "../../src/cli/negotiate";
import { assessRisk, bidFigures, drawTrials, withPrice } from "../../src/engine";
import { galleryTemplate } from "../../src/templates/gallery";
import { findSoffice } from "../support/libreoffice";

const ROOT = path.join(__dirname, "../..");
const g = (id: string) => path.join(ROOT, "src/templates/gallery", `${id}.json`);
const GUIDE = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"].map(g);
const RANGED = ["--conversations", "80000,100000,130000", "--resolution-rate", "0.75,0.9,0.95", "--human-cost", "2.5,3,4", "--draws", "2000", "--as-of", "2026-06-01"];

export function run(args: string[]): { status: number; out: string; err: string } {
  let out = "";
  let err = "";
  const p = parseArgs(args, COMPARE_OPTIONS, COMPARE_FLAGS);
  const status = compare(p.files, p.options, p.flags, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

const guideBids = () => ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"].map((id) => galleryTemplate(id)!.bid);

describe("--rate-correlation", () => {
  test("1 (and the default) gives the risk figures of common random numbers; the JSON states it", () => {
    const byDefault = JSON.parse(run([...GUIDE, ...RANGED, "--json"]).out);
    const one = JSON.parse(run([...GUIDE, ...RANGED, "--rate-correlation", "1", "--json"]).out);
    expect(one.bids.map((b: { risk: unknown }) => b.risk)).toEqual(byDefault.bids.map((b: { risk: unknown }) => b.risk));
    expect(one.scenario.rateCorrelation).toBe(1);
    expect(byDefault.scenario.rateCorrelation).toBe(1);
  });
  test("0 gives the engine's figures at 0, and the text says which correlation was used", () => {
    const json = JSON.parse(run([...GUIDE, ...RANGED, "--rate-correlation", "0", "--json"]).out);
    expect(json.scenario.rateCorrelation).toBe(0);
    const scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1, ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 4 } } };
    const engine = assessRisk(guideBids(), scenario, { draws: 2000, seed: 1, rateCorrelation: 0 });
    expect(json.bids.map((b: { risk: unknown }) => b.risk)).toEqual(engine);
    expect(run([...GUIDE, ...RANGED, "--rate-correlation", "0.3"]).out).toMatch(/resolution rates correlated 0\.30/);
  });
  test("a correlation outside 0..1 or not a number is a usage error", () => {
    expect(() => run([...GUIDE, ...RANGED, "--rate-correlation", "1.5"])).toThrow(UsageError);
    expect(() => run([...GUIDE, ...RANGED, "--rate-correlation", "-0.1"])).toThrow(/--rate-correlation/);
    expect(() => run([...GUIDE, ...RANGED, "--rate-correlation", "high"])).toThrow(/--rate-correlation/);
  });
});

const IDS = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"];
const SCENARIO = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1, ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.75, high: 0.95 }, humanCost: { low: 2.5, high: 4 } } };

describe("compare --json: what decides it and the price to bring to the table", () => {
  const json = JSON.parse(run([...GUIDE, ...RANGED, "--json"]).out);
  test("decides: the leader A and its closest rival C by default, inputs sorted by effect", () => {
    expect(json.decides.pair).toEqual(["guide-bid-a-per-token", "guide-bid-c-revenue-share"]);
    const effects = json.decides.inputs.map((x: { gapAtLow: number; gapAtHigh: number }) => Math.abs(x.gapAtHigh - x.gapAtLow));
    expect(effects).toEqual([...effects].sort((x: number, y: number) => y - x));
    for (const x of json.decides.inputs) expect(Object.keys(x).sort()).toEqual(["flipsAt", "gapAtHigh", "gapAtLow", "high", "input", "low"]);
  });
  test("--pair A,B: A's resolution rate decides it, and B overtakes A where re-pricing says", () => {
    const pair = JSON.parse(run([...GUIDE, ...RANGED, "--pair", "guide-bid-a-per-token,guide-bid-b-per-resolution", "--json"]).out);
    expect(pair.decides.pair).toEqual(["guide-bid-a-per-token", "guide-bid-b-per-resolution"]);
    const top = pair.decides.inputs[0];
    expect(top.input).toBe("resolution rate of guide-bid-a-per-token");
    const [a, b] = guideBids();
    const scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3 };
    expect(bidFigures({ ...a, performance: { resolutionRate: top.flipsAt } }, scenario).monthlyTotal).toBeCloseTo(bidFigures(b, scenario).monthlyTotal, 6);
  });
  test("priceToMatch: null for the leader; re-pricing B at its likely price ties A's blended cost within 1e-9", () => {
    expect(json.bids[0].priceToMatch).toBeNull();
    const b = json.bids[1];
    expect(b.priceToMatch.charge).toBe("price per resolution");
    const [bidA, bidB] = guideBids();
    const tied = bidFigures(withPrice(bidB, "pricing.pricePerResolution", b.priceToMatch.likely), SCENARIO).blendedCostPerConversation;
    expect(Math.abs(tied - bidFigures(bidA, SCENARIO).blendedCostPerConversation)).toBeLessThan(1e-9);
    expect(b.priceToMatch.p90).toBeGreaterThan(0);
    expect(b.stopsPayingOffBelow).toBe(0);
    expect(json.bids[2].priceToMatch).toEqual({ charge: "share of savings", likely: null, p90: null });
    const independent = json.bids.map((x: { chanceCheapestIndependent: number }) => x.chanceCheapestIndependent);
    expect(independent.reduce((s: number, x: number) => s + x, 0)).toBeCloseTo(1, 12);
  });
  test("--pair naming a bid that is not there, or one bid twice, is a usage error", () => {
    expect(() => run([...GUIDE, ...RANGED, "--pair", "guide-bid-a-per-token,nobody"])).toThrow(/no bid has the id "nobody"/);
    expect(() => run([...GUIDE, ...RANGED, "--pair", "guide-bid-a-per-token,guide-bid-a-per-token"])).toThrow(/two different/);
  });
  test("the text names the input that decides it and the price to bring", () => {
    const text = run([...GUIDE, ...RANGED]).out;
    expect(text).toMatch(/What decides it: the gap guide-bid-c-revenue-share minus guide-bid-a-per-token/);
    expect(text).toMatch(/guide-bid-b-per-resolution: price per resolution 0\.9900 now; ties at 0\.5111/);
  });
});

describe("--trials-csv", () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-trials-"))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("one row per trial, a header naming every column, every column numeric; the figures are the engine's", () => {
    const file = path.join(tmp, "trials.csv");
    const r = run([...GUIDE, ...RANGED, "--rate-correlation", "0.5", "--trials-csv", file]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/Wrote the 2,000 drawn scenarios to/);
    const rows = parse(fs.readFileSync(file, "utf8")) as string[][];
    expect(rows[0]).toEqual(["trial", "conversations", "human_cost", "token_factor", ...IDS.flatMap((id) => [`${id} resolution_rate`, `${id} monthly_total`])]);
    expect(rows).toHaveLength(2001);
    for (const row of rows.slice(1)) for (const cell of row) expect(Number.isFinite(Number(cell)) && cell.trim() !== "").toBe(true);
    const trials = drawTrials(guideBids(), SCENARIO, { draws: 2000, seed: 1, rateCorrelation: 0.5 });
    expect(rows.slice(1).map((row) => Number(row[5]))).toEqual(trials.totals[0]);
    expect(rows.slice(1).map((row) => Number(row[8]))).toEqual(trials.rates[2]);
  });
  test("a folder or a missing folder is refused and nothing is written", () => {
    expect(run([...GUIDE, ...RANGED, "--trials-csv", tmp]).status).toBe(1);
    const missing = path.join(tmp, "no", "such.csv");
    const r = run([...GUIDE, ...RANGED, "--trials-csv", missing]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/--trials-csv: .*no such folder/);
    expect(fs.existsSync(missing)).toBe(false);
  });
  test("labels from files are text, never formulas", () => {
    const trials = drawTrials(guideBids().slice(0, 2), SCENARIO, { draws: 3 });
    const head = (parse(trialsCsv(trials, ['=HYPERLINK("http://x")', "+1"])) as string[][])[0];
    expect(head.slice(4)).toEqual(['\'=HYPERLINK("http://x") resolution_rate', '\'=HYPERLINK("http://x") monthly_total', "'+1 resolution_rate", "'+1 monthly_total"]);
  });
  const soffice = findSoffice();
  (soffice ? test : test.skip)(
    "opens in LibreOffice with every trial a row of numbers",
    async () => {
      const file = path.join(tmp, "lo.csv");
      expect(run([...GUIDE, ...RANGED.map((x) => (x === "2000" ? "200" : x)), "--trials-csv", file]).status).toBe(0);
      const profile = path.join(tmp, "profile");
      const out = path.join(tmp, "out");
      await new Promise<void>((resolve, reject) =>
        execFile(soffice!, [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", out, file], { timeout: 180_000 }, (e) => (e ? reject(e) : resolve())),
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, "lo.xlsx"));
      const ws = wb.worksheets[0];
      expect(ws.rowCount).toBe(201);
      const csv = parse(fs.readFileSync(file, "utf8")) as string[][];
      for (let r = 2; r <= 201; r++) {
        for (let c = 1; c <= csv[0].length; c++) {
          const v = ws.getRow(r).getCell(c).value;
          expect(typeof v).toBe("number");
          expect(v as number).toBeCloseTo(Number(csv[r - 1][c - 1]), 6);
        }
      }
    },
    200_000,
  );
});
