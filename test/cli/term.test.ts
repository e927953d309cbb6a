/**
 * `aiprice compare --term-months` as a user runs it (node bin/aiprice.js in a child process): each bid's
 * term in the JSON and in the text, the same figures as the engine's, an annual
 * commitment left unused in year 1 showing its true-up in month 12, and clear errors for bad term options.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compareTerm } from "../../src/engine";
import { galleryTemplate } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { planOptions, termOptions } from "../../src/cli/compare";
import { PLAN_COLUMNS } from "../../src/engine/finance";
import { parse } from "csv-parse/sync";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");
const g = (id: string) => path.join(ROOT, "src/templates/gallery", `${id}.json`);
const GUIDE = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"];
const SCENARIO = ["--conversations", "60000", "--resolution-rate", "0.9", "--human-cost", "3", "--draws", "200"];
let tmp: string;

function aiprice(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function template(id: string): BidTemplate {
  return JSON.parse(JSON.stringify(galleryTemplate(id)));
}

/** Bid B with an annual commitment of 1,000,000. */
const committed: BidTemplate = (() => {
  const t = template("guide-bid-b-per-resolution");
  t.id = "committed-b";
  t.bid.name = "Fin, committed";
  t.bid.charges = { commitment: { amount: 1000000, periodMonths: 12 } };
  return t;
})();

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  return Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
}

beforeAll(() => {
  // The CLI runs from lib/, which `npm run build` compiles; compile it here when the sources are newer.
  const built = path.join(ROOT, "lib/cli/compare.js");
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newest(path.join(ROOT, "src"))) {
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.cli.json")], { cwd: ROOT, stdio: "pipe" });
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-term-"));
  fs.writeFileSync(path.join(tmp, "committed.json"), JSON.stringify(committed));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("aiprice compare --term-months", () => {
  test("--json adds each bid's term, the engine's figures; the annual commitment's true-up is in month 12", () => {
    const files = [...GUIDE.map(g), path.join(tmp, "committed.json")];
    const r = aiprice(["compare", ...files, ...SCENARIO, "--term-months", "24", "--growth", "5%", "--discount-rate", "0.8%", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.term).toMatchObject({ months: 24, growth: 0.05, discountRate: 0.008, rampStart: 1, rampMonths: 0, escalator: 0, seasonal: null });
    const bids = [...GUIDE.map((id) => galleryTemplate(id)!.bid), committed.bid];
    const engine = compareTerm(bids, { conversations: 60000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1 }, { months: 24, growth: 0.05, discountRate: 0.008 });
    json.bids.forEach((b: { term: Record<string, unknown> }, i: number) => {
      expect(Object.keys(b.term)).toEqual(["months", "total", "npv", "unusedCommitment", "expiredCredits", "cheapestFromMonth", "commitmentTrueUps"]);
      const t = engine.bids[i]!;
      expect(b.term).toMatchObject({ months: 24, expiredCredits: 0, cheapestFromMonth: engine.cheapestFromMonth[i] });
      expect(b.term.total).toBeCloseTo(t.total, 6);
      expect(b.term.npv).toBeCloseTo(t.npv, 6);
      expect(b.term.unusedCommitment).toBeCloseTo(t.unusedCommitment, 6);
    });
    const c = json.bids[3].term;
    const year1 = engine.bids[3]!.months.slice(0, 12).reduce((a, m) => a + m.vendorFee, 0);
    expect(c.commitmentTrueUps).toEqual([{ month: 12, amount: expect.closeTo(1000000 - year1, 6) }]);
    expect(json.bids[0].term.cheapestFromMonth).toBe(1);
    // The fields the JSON always had are still there, unrenamed.
    expect(Object.keys(json)).toEqual(["scenario", "term", "bids", "cheapestByResolutionRate", "decides", "asOf"]);
  });

  test("the text shows the term: contract value, NPV, commitment unused, cheapest from, and the true-up's month", () => {
    const files = [...GUIDE.map(g), path.join(tmp, "committed.json")];
    const r = aiprice(["compare", ...files, ...SCENARIO, "--term-months", "24", "--growth", "5%", "--ramp", "50%,3", "--escalator", "3%", "--seasonal", "1,1,1.2,1,1,0.8,0.8,1,1,1.1,1.3,1.5"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /Over the contract term \(24 months; conversations growing 5% a month; seasonal factors 1, 1, 1\.2.*; each bid starting at 50% of its resolution rate, reaching it after 3 months; prices escalating 3% a year .*; NPV at 0\.5% a month\), in USD/,
    );
    expect(r.stdout).toMatch(/bid +contract value +NPV +commitment unused +credits expired +cheapest from/);
    expect(r.stdout).toMatch(/guide-bid-a-per-token +[\d,]+ +[\d,]+ +0 +0 +month \d+\n/);
    expect(r.stdout).toMatch(/committed-b: commitment true-up [\d,]+ in month 12\n/);
  });

  test("without --term-months nothing changes; its companions alone are refused; bad values are named", () => {
    const plain = JSON.parse(aiprice(["compare", g(GUIDE[0]), ...SCENARIO, "--json"]).stdout);
    expect(plain).not.toHaveProperty("term");
    expect(plain.bids[0]).not.toHaveProperty("term");
    const r = aiprice(["compare", g(GUIDE[0]), ...SCENARIO, "--growth", "2%"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--growth describes the contract term: give --term-months too/);
    const cases: [string[], RegExp][] = [
      [["--term-months", "61"], /--term-months: enter at most 60/],
      [["--term-months", "0"], /--term-months: enter 1 or more/],
      [["--term-months", "1.5"], /--term-months: enter a whole number/],
      [["--term-months", "12", "--growth", "-150%"], /--growth: growth per month must be more than -100% and at most 1,000%/],
      [["--term-months", "12", "--growth", "-100%"], /growth per month must be more than -100%/],
      [["--term-months", "12", "--seasonal", "1,2"], /--seasonal takes twelve factors/],
      [["--term-months", "12", "--seasonal", "1,1,1,1,1,1,1,1,1,1,1,0"], /factor 12 must be a number above 0/],
      [["--term-months", "12", "--ramp", "50%"], /--ramp takes START,MONTHS/],
      [["--term-months", "12", "--discount-rate", "-1%"], /--discount-rate: cannot be negative/],
    ];
    for (const [args, message] of cases) {
      const options = new Map<string, string>();
      for (let k = 0; k < args.length; k += 2) options.set(args[k].slice(2), args[k + 1]);
      expect(() => termOptions(options)).toThrow(message);
    }
  });

  test("a negative escalator is a scheduled discount", () => {
    const r = aiprice(["compare", g(GUIDE[1]), ...SCENARIO, "--term-months", "24", "--escalator", "-10%", "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.term.escalator).toBe(-0.1);
    const flat = JSON.parse(aiprice(["compare", g(GUIDE[1]), ...SCENARIO, "--term-months", "24", "--json"]).stdout);
    expect(json.bids[0].term.total).toBeLessThan(flat.bids[0].term.total);
  });
});

test("credits bought up front and left to expire show as expired in --json and the text", () => {
  const prepaid = template("guide-bid-b-per-resolution");
  prepaid.id = "prepaid-b";
  prepaid.bid.name = "Fin, prepaid";
  prepaid.bid.charges = { creditPacks: { creditsPerPack: 100000, pricePerPack: 80000, packs: 10, boughtInMonths: [1], expiryMonths: 12 } };
  const file = path.join(tmp, "prepaid.json");
  fs.writeFileSync(file, JSON.stringify(prepaid));
  const r = aiprice(["compare", file, ...SCENARIO, "--term-months", "18", "--json"]);
  expect(r.stderr).toBe("");
  const json = JSON.parse(r.stdout);
  const engine = compareTerm([prepaid.bid], { conversations: 60000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1 }, { months: 18 });
  expect(json.bids[0].term.expiredCredits).toBeCloseTo(1000000 - 12 * 54000, 6);
  expect(json.bids[0].term.expiredCredits).toBeCloseTo(engine.bids[0]!.expiredCredits, 6);
  expect(json.bids[0].term.total).toBeCloseTo(engine.bids[0]!.total, 6);
  const text = aiprice(["compare", file, ...SCENARIO, "--term-months", "18"]);
  expect(text.stdout).toMatch(/prepaid-b +[\d,]+ +[\d,]+ +0 +352,000 /);
});

describe("aiprice compare --term-months --focus-csv", () => {
  test("writes the monthly plan as CSV in FOCUS columns: it parses back, one row per bid and month, totals the JSON's; the true-up is in month 12", () => {
    const files = [...GUIDE.map(g), path.join(tmp, "committed.json")];
    const out = path.join(tmp, "plan.csv");
    const r = aiprice(["compare", ...files, ...SCENARIO, "--term-months", "24", "--growth", "5%", "--json", "--focus-csv", out, "--first-month", "2027-07"]);
    expect(r.status).toBe(0);
    // stdout stays one JSON object; the note goes to stderr.
    const json = JSON.parse(r.stdout);
    expect(r.stderr).toMatch(/Wrote the monthly plan to .*plan\.csv: 96 rows/);
    const records: Record<string, string>[] = parse(fs.readFileSync(out, "utf8"), { columns: true });
    expect(records).toHaveLength(4 * 24);
    expect(Object.keys(records[0])).toEqual([...PLAN_COLUMNS]);
    expect(records[0].ChargePeriodStart).toBe("2027-07-01T00:00:00Z");
    json.bids.forEach((b: { id: string; term: { total: number } }) => {
      const own = records.filter((x) => x.x_BidId === b.id);
      expect(own).toHaveLength(24);
      expect(own.reduce((a, x) => a + Number(x.x_TotalCost), 0)).toBeCloseTo(b.term.total, 6);
    });
    const committedRows = records.filter((x) => x.x_BidId === "committed-b");
    expect(committedRows.filter((x) => Number(x.x_CommitmentTrueUp) > 0).map((x) => x.x_ContractMonth)).toEqual(["12"]);
    expect(committedRows[11].x_CommittedAmount).toBe("1000000");
    // Text mode says where it wrote, after the tables.
    const text = aiprice(["compare", g(GUIDE[1]), ...SCENARIO, "--term-months", "3", "--focus-csv", out]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/\nWrote the monthly plan to .*plan\.csv: 3 rows .*\n$/);
  });

  test("--focus-csv and --first-month need the term; a bad month or a file that cannot be written is named, and nothing is written", () => {
    const options = (o: Record<string, string>) => new Map(Object.entries(o));
    expect(() => planOptions(options({ "focus-csv": "x.csv" }), false)).toThrow(/--focus-csv writes the plan of the contract term: give --term-months too/);
    expect(() => planOptions(options({ "focus-csv": "x.csv", "first-month": "2027-13" }), true)).toThrow(/--first-month: write the month as YYYY-MM/);
    expect(() => planOptions(options({ "first-month": "2027-01" }), true)).toThrow(/give --focus-csv FILE too/);
    expect(planOptions(options({ "focus-csv": "x.csv" }), true, new Date(Date.UTC(2026, 11, 29)))).toEqual({ csvFile: "x.csv", firstMonth: "2027-01" });
    const r = aiprice(["compare", g(GUIDE[1]), ...SCENARIO, "--term-months", "3", "--focus-csv", path.join(tmp, "no-such-folder", "plan.csv")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--focus-csv: .*plan\.csv cannot be written \(no such folder\); nothing was written/);
    expect(r.stdout).toBe("");
  });
});
