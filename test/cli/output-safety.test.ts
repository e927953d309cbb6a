/**
 * What `aiprice compare` writes and how it reads rates, probed as a careless colleague or an attacker
 * would: --focus-csv never over an input file (by its path, another path, a hard link), a
 * FIFO (without blocking), a folder or through a symbolic link; written through a temporary file that
 * is renamed into place and never left behind; --first-month bounded to real, four-digit years; and one
 * reading rule for the rate flags, with `--growth 1` refused rather than guessed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { parseBacktestArgs } from "../../src/cli/backtest";
import { compare, planOptions, termOptions } from "../../src/cli/compare";
import { RATE_FLAGS, rateReading, readRate } from "../../src/cli/rates";
import { targetProblem, writeOutputFile } from "../../src/cli/write-file";
import { galleryTemplate } from "../../src/templates/gallery";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");
const SCENARIO = { conversations: "60000", "resolution-rate": "0.9", "human-cost": "3", draws: "50", "term-months": "3" };
let tmp: string;
let bidFile: string;
const BID_TEXT = JSON.stringify(galleryTemplate("guide-bid-b-per-resolution"), null, 2);

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-out-"));
  bidFile = path.join(tmp, "v.json");
  fs.writeFileSync(bidFile, BID_TEXT);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** compare in this process: its exit status and what it printed to stderr. */
function run(files: string[], extra: Record<string, string>): { status: number; err: string; out: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = compare(files, new Map(Object.entries({ ...SCENARIO, ...extra })), new Set(), { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { status, err: err.join(""), out: out.join("") };
}

/** Only the files the test made are in the folder: no temporary file left behind. */
const listing = () => fs.readdirSync(tmp).sort();

describe("--focus-csv never writes over what it reads, nor where it should not", () => {
  test("the input file itself, by its own path, another path to it, or a hard link: refused, the bid file unchanged, exit 1", () => {
    fs.mkdirSync(path.join(tmp, "sub"));
    fs.linkSync(bidFile, path.join(tmp, "hard.json"));
    for (const target of [bidFile, path.join(tmp, "sub", "..", "v.json"), path.join(tmp, "hard.json")]) {
      const r = run([bidFile], { "focus-csv": target });
      expect(r.status).toBe(1);
      expect(r.err).toMatch(/--focus-csv: .* is the input file .*v\.json: name another file for what is written; nothing was written/);
      expect(fs.readFileSync(bidFile, "utf8")).toBe(BID_TEXT);
    }
    expect(listing()).toEqual(["hard.json", "sub", "v.json"]);
  });

  test("--trials-csv follows the same rule: the input file is refused and left unchanged", () => {
    const r = run([bidFile], { "trials-csv": bidFile });
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/--trials-csv: .*v\.json is the input file .*; nothing was written/);
    expect(fs.readFileSync(bidFile, "utf8")).toBe(BID_TEXT);
  });

  test("a folder, a symbolic link (to a file or to nowhere) and a FIFO are refused; the link's target is untouched", () => {
    const victim = path.join(tmp, "victim.txt");
    fs.writeFileSync(victim, "keep me");
    fs.symlinkSync(victim, path.join(tmp, "link.csv"));
    fs.symlinkSync(path.join(tmp, "nowhere"), path.join(tmp, "dangling.csv"));
    fs.mkdirSync(path.join(tmp, "folder.csv"));
    const cases: [string, RegExp][] = [
      ["folder.csv", /is a folder: name a file in it/],
      ["link.csv", /is a symbolic link/],
      ["dangling.csv", /is a symbolic link/],
    ];
    for (const [name, message] of cases) {
      const r = run([bidFile], { "focus-csv": path.join(tmp, name) });
      expect({ name, status: r.status }).toEqual({ name, status: 1 });
      expect(r.err).toMatch(message);
    }
    expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
    expect(fs.existsSync(path.join(tmp, "nowhere"))).toBe(false);
    expect(listing()).toEqual(["dangling.csv", "folder.csv", "link.csv", "v.json", "victim.txt"]);
  });

  const fifo = process.platform === "win32" ? test.skip : test;
  fifo("a FIFO is refused at once (the CLI in a child process, with a time limit, never blocks)", () => {
    const pipe = path.join(tmp, "plan.csv");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    const args = ["compare", bidFile, "--conversations", "60000", "--resolution-rate", "0.9", "--human-cost", "3", "--draws", "50", "--term-months", "3", "--focus-csv", pipe];
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 30000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--focus-csv: .*plan\.csv is a pipe \(FIFO\), not a file: name a regular file; nothing was written/);
    expect(listing()).toEqual(["plan.csv", "v.json"]);
  });

  test("a new file and an existing one are written whole through a temporary file that is gone afterwards; an existing file keeps its permissions", () => {
    const plan = path.join(tmp, "plan.csv");
    expect(run([bidFile], { "focus-csv": plan }).status).toBe(0);
    const first = fs.readFileSync(plan, "utf8");
    expect(first.split("\r\n")[0]).toMatch(/^BillingAccountId|^[A-Za-z_]+,/);
    fs.chmodSync(plan, 0o640);
    fs.writeFileSync(plan, "old");
    expect(run([bidFile], { "focus-csv": plan }).status).toBe(0);
    expect(fs.readFileSync(plan, "utf8")).toBe(first);
    if (process.platform !== "win32") expect(fs.statSync(plan).mode & 0o777).toBe(0o640);
    expect(listing()).toEqual(["plan.csv", "v.json"]);
  });

  test("a folder that cannot be written leaves nothing behind and names the reason", () => {
    if (process.platform === "win32" || process.getuid?.() === 0) {
      // root writes anywhere: the missing folder stands in for it.
      const r = writeOutputFile(path.join(tmp, "missing", "plan.csv"), "x", []);
      expect(r).toEqual({ ok: false, problem: "cannot be written (no such folder)" });
      return;
    }
    const locked = path.join(tmp, "locked");
    fs.mkdirSync(locked, 0o500);
    expect(writeOutputFile(path.join(locked, "plan.csv"), "x", [])).toEqual({ ok: false, problem: "cannot be written (permission denied)" });
    expect(fs.readdirSync(locked)).toEqual([]);
  });

  test("targetProblem: nothing for a new file or an unrelated one", () => {
    expect(targetProblem(path.join(tmp, "new.csv"), [bidFile])).toBeNull();
    fs.writeFileSync(path.join(tmp, "other.csv"), "x");
    expect(targetProblem(path.join(tmp, "other.csv"), [bidFile, path.join(tmp, "missing.json")])).toBeNull();
  });
});

describe("--first-month: real months, four-digit years", () => {
  const options = (o: Record<string, string>) => new Map(Object.entries(o));
  test.each([
    ["9999-12", 1, /the plan runs from 1900-01 and ends by 9999-12; with 1 month the first month is at most 9999-11/],
    ["9999-01", 24, /with 24 months the first month is at most 9997-12/],
    ["1899-12", 1, /the plan runs from 1900-01/],
    ["0000-01", 12, /the plan runs from 1900-01/],
    ["10000-01", 1, /write the month as YYYY-MM/],
    ["2027-00", 1, /write the month as YYYY-MM/],
  ])("%s over %i months is refused", (month, months, message) => {
    expect(() => planOptions(options({ "focus-csv": "x.csv", "first-month": month }), true, undefined, months)).toThrow(message);
  });

  test("the last months allowed are written with four-digit years to the end", () => {
    expect(planOptions(options({ "focus-csv": "x.csv", "first-month": "9997-12" }), true, undefined, 24).firstMonth).toBe("9997-12");
    const plan = path.join(tmp, "late.csv");
    expect(run([bidFile], { "focus-csv": plan, "first-month": "9999-09" }).status).toBe(0);
    const text = fs.readFileSync(plan, "utf8");
    expect(text).toContain("9999-12-01T00:00:00Z");
    expect(text).not.toMatch(/\d{5}-\d\d-/);
    expect(() => run([bidFile], { "focus-csv": plan, "first-month": "9999-10" })).toThrow(/at most 9999-09/);
  });
});

describe("one reading rule for the rate flags", () => {
  const term = (o: Record<string, string>) => termOptions(new Map(Object.entries({ "term-months": "12", ...o })));

  test("a % sign is a percentage; without one a fraction; the figures the existing tests use are unchanged", () => {
    expect(term({ growth: "5%" })!.growth).toBe(0.05);
    expect(term({ growth: "0.02" })!.growth).toBe(0.02);
    expect(term({ growth: "-1.5%" })!.growth).toBe(-0.015);
    expect(term({ growth: "-0.015" })!.growth).toBe(-0.015);
    expect(term({ growth: "1000%" })!.growth).toBe(10);
    expect(term({ growth: "\u22122%" })!.growth).toBe(-0.02);
    expect(term({ escalator: "-10%" })!.escalator).toBe(-0.1);
    expect(term({ escalator: "-100%" })!.escalator).toBe(-1);
    expect(term({ escalator: "1000%" })!.escalator).toBe(10);
    expect(term({ "discount-rate": "0.8%" })!.discountRate).toBe(0.008);
    expect(term({ "discount-rate": "0.005" })!.discountRate).toBe(0.005);
    expect(term({ ramp: "50%,3" })!.rampStart).toBe(0.5);
  });

  test.each([
    ["growth", "1", /--growth: 1 without a % sign is a fraction, 100%: write 1% if you mean 1 percent/],
    ["growth", "1.01", /--growth: 1\.01 without a % sign is a fraction, 101%: write 1\.01%/],
    ["growth", "-1", /--growth: -1 without a % sign is a fraction, -100%: write -1%/],
    ["growth", "-1.5", /--growth: -1\.5 without a % sign is a fraction, -150%: write -1\.5%/],
    ["growth", "-100%", /--growth: growth per month must be more than -100% and at most 1,000% \(you typed -100%\)/],
    ["growth", "1001%", /--growth: growth per month must be more than -100% and at most 1,000%/],
    ["escalator", "3", /--escalator: 3 without a % sign is a fraction, 300%: write 3%/],
    ["escalator", "-101%", /--escalator: the escalator per year must be from -100% to 1,000%/],
    ["discount-rate", "1", /--discount-rate: 1 without a % sign is a fraction, 100%: write 1%/],
    ["discount-rate", "-1%", /--discount-rate: cannot be negative/],
    ["discount-rate", "101%", /--discount-rate: the discount rate per month must be from 0% to 100%/],
    ["growth", "--2%", /--growth: enter a rate/],
    ["growth", "2%%", /--growth: /],
    ["growth", "0,5", /--growth: write decimals with a point/],
  ])("--%s %s is refused", (flag, value, message) => {
    expect(() => term({ [flag]: value })).toThrow(message);
  });

  test("the CLI refuses --growth 1 (exit 2) instead of a contract value of 1e23", () => {
    expect(() => run([bidFile], { growth: "1" })).toThrow(/--growth: 1 without a % sign/);
  });

  test("property: for each rate flag, x% and x/100 read alike, and a value without % is never read as more than 100% in size", () => {
    for (const name of ["growth", "escalator", "discount-rate"] as const) {
      const f = RATE_FLAGS[name];
      fc.assert(
        fc.property(fc.integer({ min: -100000, max: 100000 }), (k) => {
          const pct = k / 100; // -1000.00 .. 1000.00
          const withSign = rateReading(name, `${pct}%`);
          const inBounds = pct / 100 >= f.min && pct / 100 <= f.max && (f.minIncluded || pct / 100 !== f.min);
          if (withSign.ok !== inBounds) return false;
          const fraction = rateReading(name, String(pct / 100));
          if (Math.abs(pct / 100) >= 1) return !fraction.ok && /% sign/.test(fraction.problem);
          if (!withSign.ok || !fraction.ok) return withSign.ok === fraction.ok;
          return Math.abs(withSign.value - fraction.value) < 1e-15;
        }),
      );
    }
  });

  test("backtest reads --qualifying-share as compare does (it refused 80 and took 80% before)", () => {
    const share = (v: string) => parseBacktestArgs(["history.csv", "bid.json", "--qualifying-share", v]).qualifyingShare;
    expect(share("80")).toBeCloseTo(0.8, 15);
    expect(share("80%")).toBe(0.8);
    expect(share("0.8")).toBe(0.8);
    expect(() => share("150%")).toThrow(/--qualifying-share: enter a percentage from 0 to 100/);
    expect(() => share("-0.1")).toThrow(/--qualifying-share: cannot be negative/);
  });

  test("shares keep the pane's reading (90 and 0.9 are 90%), and the help states the rule and the bounds", () => {
    expect(readRate("resolution-rate", "90")).toBeCloseTo(0.9, 15);
    expect(readRate("resolution-rate", "0.9")).toBe(0.9);
    expect(readRate("qualifying-share", "80%")).toBe(0.8);
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8", timeout: 30000 }).stdout;
    expect(help).toMatch(/a % sign always makes a percentage/);
    expect(help).toMatch(/--growth 1 could mean \+100%/);
    expect(help).toMatch(/--growth more than -100% and at most 1,000% a month/);
    expect(help).toMatch(/never one of the input files, a folder, a pipe or a\s+link/);
  });
});
