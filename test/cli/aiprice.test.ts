/**
 * The `aiprice` command as a user runs it: `node bin/aiprice.js` in a child process, on the shipped
 * gallery and on broken files in a temporary folder; exit status and output checked.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportTemplates } from "../../src/templates/export";
import { galleryTemplate } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");
const GALLERY = path.join(ROOT, "src/templates/gallery");
const galleryFiles = fs.readdirSync(GALLERY).filter((f) => f.endsWith(".json")).sort();
const g = (file: string) => path.join(GALLERY, file);
const GUIDE = ["guide-bid-a-per-token.json", "guide-bid-b-per-resolution.json", "guide-bid-c-revenue-share.json"].map(g);
const SCENARIO = ["--conversations", "100000", "--resolution-rate", "0.9", "--human-cost", "3"];

let tmp: string;

function aiprice(args: string[], bin = BIN): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

function template(id: string): BidTemplate {
  const t = galleryTemplate(id);
  if (!t) throw new Error(`no gallery template ${id}`);
  return JSON.parse(JSON.stringify(t));
}

/** The table row of a bid, split into its cells. */
function row(stdout: string, label: string): string[] {
  const line = stdout.split("\n").find((l) => l.trim().split(/\s{2,}/)[1] === label);
  if (!line) throw new Error(`no row for ${label} in\n${stdout}`);
  return line.trim().split(/\s{2,}/);
}

beforeAll(() => {
  // The CLI runs from lib/, which `npm run build` compiles; compile it here too so the test checks this source.
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.cli.json")], { cwd: ROOT, stdio: "pipe" });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-cli-"));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("aiprice validate", () => {
  it("passes every shipped template with exit status 0", () => {
    const r = aiprice(["validate", ...galleryFiles.map(g)]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const f of galleryFiles) expect(r.stdout).toContain(`ok       ${g(f)} (1 bid)`);
    expect(r.stdout).toContain(`${galleryFiles.length} of ${galleryFiles.length} files valid.`);
  });

  it("lists every problem of every broken file by field path, and exits 1", () => {
    const negative = template("guide-bid-b-per-resolution");
    (negative.bid.pricing as { pricePerResolution: number }).pricePerResolution = -0.99;
    const unknown = { ...template("decagon-per-conversation"), price: 0.5 };
    const share = template("guide-bid-c-revenue-share");
    (share.bid.pricing as { share: number }).share = 15;
    share.bid.currency = "usd";
    const bundle = JSON.parse(exportTemplates([template("guide-bid-a-per-token"), template("guide-bid-b-per-resolution")]));
    bundle.bids[1].bid.pricing.model = "per-outcome";
    const files = [
      write("negative.json", JSON.stringify(negative)),
      write("unknown.json", JSON.stringify(unknown)),
      write("share.json", JSON.stringify(share, null, 2)),
      write("bundle.json", JSON.stringify(bundle)),
      write("comma.json", '{\n  "format": "aiprice-bid",\n}\n'),
      write("latin1.json", Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])),
      write("huge.json", `{"notes": "${"x".repeat(300 * 1024)}"}`),
      path.join(tmp, "missing.json"),
      tmp,
      g("guide-bid-a-per-token.json"),
    ];
    const r = aiprice(["validate", ...files]);
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(out).toContain(`INVALID  ${files[0]}: 1 problem\n  bid.pricing.pricePerResolution: must be 0 or more (got -0.99)`);
    expect(out).toMatch(/INVALID {2}.*unknown\.json: 1 problem\n {2}price: is not a field of this format/);
    expect(out).toMatch(/share\.json: 2 problems\n {2}bid\.currency: must be a three-letter currency code.*\n {2}bid\.pricing\.share: must be a fraction from 0 to 1, e\.g\. 0\.9 for 90% \(got 15\)/);
    expect(out).toMatch(/bundle\.json: 1 problem\n {2}bids\[1\]\.bid\.pricing\.model: must be one of the pricing models/);
    expect(out).toMatch(/comma\.json: 1 problem\n {2}\(top level\): the file is not valid JSON: at line 3, column 1, a comma before a closing bracket/);
    expect(out).toMatch(/latin1\.json: 1 problem\n {2}\(file\): is not UTF-8 text: save it as UTF-8/);
    expect(out).toMatch(/huge\.json: 1 problem\n {2}\(file\): is 301 KB; a template file may be at most 256 KB/);
    expect(out).toMatch(/missing\.json: 1 problem\n {2}\(file\): no such file/);
    expect(out).toContain(`INVALID  ${tmp}: 1 problem\n  (file): is a folder, not a file`);
    expect(out).toContain(`ok       ${g("guide-bid-a-per-token.json")} (1 bid)`);
    expect(out).toContain("1 of 10 files valid, 9 invalid.");
  });

  it("reads a file of several bids that export wrote", () => {
    const file = write("three.json", exportTemplates(["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"].map(template)));
    const r = aiprice(["validate", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`ok       ${file} (3 bids)`);
  });
});

describe("aiprice compare", () => {
  it("prints the guide's figures, ranking and break-evens for bids A, B and C", () => {
    const r = aiprice(["compare", ...GUIDE, ...SCENARIO]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rank +bid +model +vendor fee\/conv +AI cost\/conv +cost\/resolution +blended\/conv +monthly total/);
    // SPEC's table: A 0.46 / 0.5111 / 0.76, B 0.891 / 0.99 / 1.191, C 0.8375 / 0.9306 / 1.1375.
    expect(row(r.stdout, "guide-bid-a-per-token")).toEqual(["1", "guide-bid-a-per-token", "per token", "0.1100", "0.4600", "0.5111", "0.7600", "76,000.00"]);
    expect(row(r.stdout, "guide-bid-c-revenue-share")).toEqual(["2", "guide-bid-c-revenue-share", "revenue share", "0.8375", "0.8375", "0.9306", "1.1375", "113,750.00"]);
    expect(row(r.stdout, "guide-bid-b-per-resolution")).toEqual(["3", "guide-bid-b-per-resolution", "per resolution", "0.8910", "0.8910", "0.9900", "1.1910", "119,100.00"]);
    const lines = r.stdout.split("\n");
    const order = ["guide-bid-a-per-token", "guide-bid-c-revenue-share", "guide-bid-b-per-resolution"].map((id) => lines.findIndex((l) => l.trim().split(/\s{2,}/)[1] === id));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    // A = B where 0.46 = 0.99 r; B = C where 0.99 r = 0.50 + 0.15 x 2.50 x r.
    expect(r.stdout).toContain(`guide-bid-a-per-token vs guide-bid-b-per-resolution: the same cost per conversation at r = ${(0.46 / 0.99).toFixed(4)}`);
    expect(r.stdout).toContain(`guide-bid-b-per-resolution vs guide-bid-c-revenue-share: the same cost per conversation at r = ${(0.5 / (0.99 - 0.375)).toFixed(4)}`);
    expect(r.stdout).toContain("guide-bid-a-per-token vs guide-bid-c-revenue-share: no break-even for r from 0 to 1; guide-bid-a-per-token costs less throughout");
    expect(r.stdout).toMatch(/guide-bid-c-revenue-share: The guide's net cost per conversation is 0\.16; here the AI cost per conversation is 0\.8375\. .*adds to the buyer's cost/);
  });

  it("prices per-token bids with the scenario's tokens, cached input included", () => {
    const r = aiprice(["compare", g("openai-gpt-5-4.json"), g("anthropic-claude-sonnet-4-6.json"), ...SCENARIO, "--input-tokens", "20000", "--output-tokens=3000", "--cached-input-tokens", "8000"]);
    expect(r.status).toBe(0);
    const openai = (12000 * 2.5 + 8000 * 0.25 + 3000 * 15) / 1e6;
    const claude = (12000 * 3 + 8000 * 0.3 + 3000 * 15) / 1e6;
    expect(row(r.stdout, "openai-gpt-5-4").slice(3, 5)).toEqual([openai.toFixed(4), openai.toFixed(4)]);
    expect(row(r.stdout, "anthropic-claude-sonnet-4-6").slice(3, 5)).toEqual([claude.toFixed(4), claude.toFixed(4)]);
    expect(r.stdout).toContain("tokens per conversation 20,000 input (8,000 cached), 3,000 output");
  });

  it("shows a per-token bid without tokens as not priced, and says how to price it", () => {
    const r = aiprice(["compare", g("openai-gpt-5-4.json"), g("guide-bid-b-per-resolution.json"), ...SCENARIO]);
    expect(r.status).toBe(0);
    expect(row(r.stdout, "openai-gpt-5-4")).toEqual(["-", "openai-gpt-5-4", "per token", "-", "-", "-", "-", "-"]);
    expect(r.stdout).toMatch(/openai-gpt-5-4: a per-token bid needs tokens per conversation.*give --input-tokens and --output-tokens/);
  });

  it("compares the whole gallery, every bid priced when tokens are given", () => {
    const r = aiprice(["compare", ...galleryFiles.map(g), ...SCENARIO, "--qualifying-share", "80%", "--input-tokens", "20000", "--output-tokens", "3000"]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("Not priced");
    const ranks = galleryFiles.map((f) => row(r.stdout, f.replace(/\.json$/, ""))[0]);
    expect(ranks.every((x) => /^\d+$/.test(x))).toBe(true);
  });

  it("compares nothing when a file is invalid, and exits 1", () => {
    const bad = write("bad-share.json", JSON.stringify({ ...template("guide-bid-c-revenue-share"), bid: { ...template("guide-bid-c-revenue-share").bid, pricing: { model: "revenue-share", share: 1.5, aiRunCost: 0.5, buyerPaysAiCost: true } } }));
    const r = aiprice(["compare", GUIDE[0], bad, ...SCENARIO]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("bid.pricing.share: must be a fraction from 0 to 1");
    expect(r.stdout).not.toMatch(/^rank/m);
    expect(r.stderr).toContain("1 file is invalid: nothing compared.");
  });

  it("refuses to rank bids in different currencies", () => {
    const eur = template("guide-bid-b-per-resolution");
    eur.id = "euro-bid";
    eur.bid.currency = "EUR";
    const r = aiprice(["compare", GUIDE[0], write("eur.json", JSON.stringify(eur)), ...SCENARIO]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("different currencies (USD, EUR)");
    expect(r.stdout).toBe("");
  });
});

describe("the command line itself", () => {
  const usage: [string, string[], RegExp][] = [
    ["no human cost", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "0.9"], /--human-cost is required/],
    ["no file to compare", ["compare", ...SCENARIO], /compare needs at least one FILE/],
    ["no file to validate", ["validate"], /validate needs at least one FILE/],
    ["an unknown option", ["compare", ...GUIDE, ...SCENARIO, "--volume", "5"], /unknown option --volume/],
    ["a resolution rate of 90", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "90", "--human-cost", "3"], /--resolution-rate must be a fraction from 0 to 1, e\.g\. 0\.9 or 90% \(got "90"\)/],
    ["conversations in words", ["compare", ...GUIDE, "--conversations", "lots", "--resolution-rate", "0.9", "--human-cost", "3"], /--conversations must be a number \(got "lots"\)/],
    ["no conversations", ["compare", ...GUIDE, "--conversations", "0", "--resolution-rate", "0.9", "--human-cost", "3"], /--conversations: conversations is 0/],
    ["an option given twice", ["compare", ...GUIDE, ...SCENARIO, "--human-cost", "4"], /--human-cost is given twice/],
    ["more cached tokens than input", ["compare", ...GUIDE, ...SCENARIO, "--input-tokens", "100", "--output-tokens", "10", "--cached-input-tokens", "200"], /--cached-input-tokens \(200\) are part of --input-tokens/],
    ["input tokens alone", ["compare", ...GUIDE, ...SCENARIO, "--input-tokens", "100"], /give both --input-tokens and --output-tokens/],
    ["an option without its value", ["compare", ...GUIDE, "--conversations"], /--conversations needs a value/],
    ["an unknown command", ["price", ...GUIDE], /unknown command "price"/],
    ["no command", [], /Usage:/],
  ];
  it.each(usage)("%s: exits 2 with a clear message", (_label, args, message) => {
    const r = aiprice(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("prints its help with --help and exits 0", () => {
    for (const args of [["--help"], ["compare", "--help"], ["help"]]) {
      const r = aiprice(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("aiprice compare FILE... --conversations N --resolution-rate R --human-cost H");
    }
  });

  it("is the package's bin, and says to build first when lib/ is missing", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ aiprice: "bin/aiprice.js" });
    expect(fs.readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const alone = path.join(tmp, "pkg/bin");
    fs.mkdirSync(alone, { recursive: true });
    fs.copyFileSync(BIN, path.join(alone, "aiprice.js"));
    const r = aiprice(["validate", GUIDE[0]], path.join(alone, "aiprice.js"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lib\/cli\/aiprice\.js is missing: run npm run build first/);
  });
});
