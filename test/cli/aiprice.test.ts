/**
 * The `aiprice` command as a user runs it: `node bin/aiprice.js` in a child process, on the shipped
 * gallery and on broken files in a temporary folder; exit status and output checked.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { exportTemplates } from "../../src/templates/export";
import { galleryTemplate } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { DONE_WHEN, doneWhenByHand } from "../support/rate-card-bid";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");
const GALLERY = path.join(ROOT, "src/templates/gallery");
const galleryFiles = fs
  .readdirSync(GALLERY)
  .filter((f) => f.endsWith(".json"))
  .sort();
const g = (file: string) => path.join(GALLERY, file);
const GUIDE = ["guide-bid-a-per-token.json", "guide-bid-b-per-resolution.json", "guide-bid-c-revenue-share.json"].map(g);
const SCENARIO = ["--conversations", "100000", "--resolution-rate", "0.9", "--human-cost", "3"];

let tmp: string;

function aiprice(args: string[], bin = BIN, timeout = 30000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: "utf8", timeout });
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

describe("aiprice validate on what is not a template file", () => {
  // Each of these once hung or grew without bound (/dev/zero: 15 GB in 60 s; a FIFO: forever), so the
  // child gets 10 s; the fix answers at once.
  it("refuses a device, a pipe, a socket and a folder, saying what each is, and reads a link to a file", async () => {
    const fifo = path.join(tmp, "bids.fifo");
    execFileSync("mkfifo", [fifo]);
    const socket = path.join(tmp, "bids.sock");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const link = path.join(tmp, "link-to-guide.json");
    fs.symlinkSync(GUIDE[0], link);
    const linkToZero = path.join(tmp, "link-to-zero.json");
    fs.symlinkSync("/dev/zero", linkToZero);
    const loop = path.join(tmp, "loop.json");
    fs.symlinkSync(loop, loop);
    try {
      const r = aiprice(["validate", "/dev/zero", fifo, socket, tmp, linkToZero, loop, link], BIN, 10000);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("INVALID  /dev/zero: 1 problem\n  (file): is a device, not a file\n");
      expect(r.stdout).toContain(`INVALID  ${fifo}: 1 problem\n  (file): is a pipe (FIFO), not a file: save what it carries to a file, then check that file\n`);
      expect(r.stdout).toContain(`INVALID  ${socket}: 1 problem\n  (file): is a socket, not a file\n`);
      expect(r.stdout).toContain(`INVALID  ${tmp}: 1 problem\n  (file): is a folder, not a file\n`);
      expect(r.stdout).toContain(`INVALID  ${linkToZero}: 1 problem\n  (file): is a device, not a file\n`);
      expect(r.stdout).toContain(`INVALID  ${loop}: 1 problem\n  (file): is a link that leads back to itself\n`);
      expect(r.stdout).toContain(`ok       ${link} (1 bid)`);
      expect(r.stdout).toContain("1 of 7 files valid, 6 invalid.");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("names the position of a JSON error, never the contents, even of a password file through a link", () => {
    const shadow = write("shadow", "root:$6$Zq4JbXfWm1$3bRkLw9pTq8sV0aNcYeD7u:19876:0:99999:7:::\n");
    const link = path.join(tmp, "innocent.json");
    fs.symlinkSync(shadow, link);
    const r = aiprice(["validate", link]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`INVALID  ${link}: 1 problem\n  (top level): the file is not valid JSON: at line 1, column 1, `);
    expect(r.stdout + r.stderr).not.toMatch(/root|Zq4J|19876/);
  });

  it("refuses a field given twice and a vendor name that would show reversed", () => {
    const twice = JSON.stringify(template("guide-bid-b-per-resolution"), null, 2).replace('"pricePerResolution": 0.99', '"pricePerResolution": 0.99,\n      "pricePerResolution": 0.09');
    const reversed = template("guide-bid-b-per-resolution");
    reversed.bid.vendor = "Intercom \u202eniF";
    const r = aiprice(["validate", write("twice.json", twice), write("reversed.json", JSON.stringify(reversed))]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/twice\.json: 1 problem\n {2}bid\.pricing\.pricePerResolution: is given twice in one group of fields \("pricePerResolution" at line \d+, column 7 and again at line \d+, column 7\)/);
    expect(r.stdout).toContain("reversed.json: 1 problem\n  bid.vendor: holds an invisible right-to-left override (U+202E) at character 10 which makes the text show in another order than it is stored: remove it");
    expect(r.stdout).not.toContain("\u202e");
  });
});

describe("aiprice compare reads numbers as the pane does", () => {
  it("reads a resolution rate of 90, 90% and 0.9 alike, and conversations with thousands separators", () => {
    const plain = aiprice(["compare", ...GUIDE, ...SCENARIO]); // 100000, 0.9, 3
    expect(row(plain.stdout, "guide-bid-a-per-token")[6]).toBe("0.5111");
    for (const [rate, cost] of [
      ["90", "$3"],
      ["90%", "3.00"],
    ]) {
      const r = aiprice(["compare", ...GUIDE, "--conversations", "100,000", "--resolution-rate", rate, "--human-cost", cost]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(plain.stdout);
    }
  });

  it("takes every AI resolution as qualifying unless told otherwise (the shared default), and reads the share as a rate", () => {
    const outcome = g("guide-bid-b-per-resolution.json");
    expect(aiprice(["compare", outcome, ...SCENARIO]).stdout).toContain("qualifying share 100%.");
    expect(aiprice(["compare", outcome, ...SCENARIO, "--qualifying-share", "80"]).stdout).toContain("qualifying share 80%.");
  });
});

describe("aiprice compare", () => {
  it("prints the guide's figures, the ranking and the cheapest bid by resolution rate for bids A, B and C", () => {
    const r = aiprice(["compare", ...GUIDE, ...SCENARIO]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rank +bid +model +r +vendor fee\/conv +AI cost\/conv +cost\/resolution +blended\/conv +monthly total/);
    // The worked example (docs/spec.md#worked-example): A 0.46 / 0.5111 / 0.76, B 0.891 / 0.99 / 1.191, C 0.8375 / 0.9306 / 1.1375.
    expect(row(r.stdout, "guide-bid-a-per-token")).toEqual(["1", "guide-bid-a-per-token", "per token", "90%", "0.1100", "0.4600", "0.5111", "0.7600", "76,000.00"]);
    expect(row(r.stdout, "guide-bid-c-revenue-share")).toEqual(["2", "guide-bid-c-revenue-share", "revenue share", "90%", "0.8375", "0.8375", "0.9306", "1.1375", "113,750.00"]);
    expect(row(r.stdout, "guide-bid-b-per-resolution")).toEqual(["3", "guide-bid-b-per-resolution", "per resolution", "90%", "0.8910", "0.8910", "0.9900", "1.1910", "119,100.00"]);
    const lines = r.stdout.split("\n");
    const order = ["guide-bid-a-per-token", "guide-bid-c-revenue-share", "guide-bid-b-per-resolution"].map((id) => lines.findIndex((l) => l.trim().split(/\s{2,}/)[1] === id));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    // Every bid at the same rate: B (0.99 r) is cheapest below 0.46 / 0.99, A (a flat 0.46) above; C never wins.
    expect(r.stdout).toContain(`from r = 0% to 46.5%: guide-bid-b-per-resolution\n  from r = 46.5% to 100%: guide-bid-a-per-token\n`);
    expect(r.stdout).toContain(`the winner changes at r = ${(0.46 / 0.99).toFixed(4)} (guide-bid-b-per-resolution to guide-bid-a-per-token)`);
    expect(r.stdout).not.toMatch(/ vs /);
    // Without ranges, the risk figures are the point figures: no exposure, A always the cheapest.
    const risk = r.stdout
      .split("\n")
      .find((l) => l.startsWith("guide-bid-a-per-token "))!
      .trim()
      .split(/\s{2,}/);
    expect(risk).toEqual(["guide-bid-a-per-token", "76,000", "76,000", "76,000", "0", "100%", "0.5111"]);
    expect(r.stdout).toMatch(/guide-bid-c-revenue-share: The guide's net cost per conversation is 0\.16; here the AI cost per conversation is 0\.8375\. .*adds to the buyer's cost/);
  });

  it("--json: one object with the contract's fields, numbers unrounded", () => {
    const r = aiprice(["compare", ...GUIDE, ...SCENARIO, "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["scenario", "bids", "cheapestByResolutionRate", "decides", "asOf"]);
    expect(json.scenario).toMatchObject({ conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1, draws: 2000, seed: 1 });
    const a = json.bids[0];
    for (const field of ["file", "vendor", "name", "model", "rank", "aiCostPerConversation", "costPerResolution", "blendedCost", "monthlyTotal", "risk"]) expect(a).toHaveProperty(field);
    expect(a).toMatchObject({ file: GUIDE[0], model: "per-token", rank: 1 });
    expect(a.aiCostPerConversation).toBeCloseTo(0.46, 12);
    expect(a.costPerResolution).toBe(0.46 / 0.9);
    expect(a.blendedCost).toBeCloseTo(0.76, 12);
    expect(Object.keys(a.risk)).toEqual(["monthlyTotal", "costPerResolution", "chanceCheapest", "exposure"]);
    expect(Object.keys(a.risk.monthlyTotal)).toEqual(["p10", "p50", "p90"]);
    expect(a.risk.monthlyTotal.p50).toBeCloseTo(76000, 6);
    expect(json.bids.map((b: { risk: { chanceCheapest: number } }) => b.risk.chanceCheapest)).toEqual([1, 0, 0]);
    expect(json.cheapestByResolutionRate).toEqual([
      { from: 0, to: expect.closeTo(0.46 / 0.99, 12), bid: "guide-bid-b-per-resolution" },
      { from: expect.closeTo(0.46 / 0.99, 12), to: expect.closeTo(1, 12), bid: "guide-bid-a-per-token" },
    ]);
  });

  it("ranges: each bid at its own rate range, and who bears the risk (every risk figure per bid)", () => {
    // Bid A must be operated by the buyer: 30% / 60% / 80%. B and C at their vendors' claim of 90%.
    const a = template("guide-bid-a-per-token");
    a.bid.performance = { resolutionRate: { low: 0.3, likely: 0.6, high: 0.8 } };
    const files = [write("a-range.json", JSON.stringify(a)), GUIDE[1], GUIDE[2]];
    const r = aiprice(["compare", ...files, "--conversations", "80000,100000,130000", "--resolution-rate", "0.9", "--human-cost", "2.5,3,3.6", "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.scenario.ranges).toEqual({ conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 3.6 } });
    const [bidA, bidB, bidC] = json.bids;
    // At the point estimate A is now the dearest: 0.46 + 0.4 x 3 = 1.66 against 1.191 and 1.1375.
    expect([bidA.rank, bidB.rank, bidC.rank]).toEqual([3, 2, 1]);
    expect(bidA.resolutionRate).toBe(0.6);
    // A's wide range puts the buyer at risk: its exposure is the largest, its chance of being cheapest the smallest.
    expect(bidA.risk.exposure).toBeGreaterThan(bidB.risk.exposure);
    expect(bidA.risk.exposure).toBeGreaterThan(bidC.risk.exposure);
    expect(bidA.risk.monthlyTotal.p10).toBeLessThan(bidA.risk.monthlyTotal.p50);
    expect(bidA.risk.chanceCheapest + bidB.risk.chanceCheapest + bidC.risk.chanceCheapest).toBeCloseTo(1, 12);
    expect(bidC.risk.chanceCheapest).toBeGreaterThan(bidA.risk.chanceCheapest);
    // The same seed gives the same figures; another seed, other draws.
    expect(aiprice(["compare", ...files, "--conversations", "80000,100000,130000", "--resolution-rate", "0.9", "--human-cost", "2.5,3,3.6", "--json"]).stdout).toBe(r.stdout);
    const other = JSON.parse(aiprice(["compare", ...files, "--conversations", "80000,100000,130000", "--resolution-rate", "0.9", "--human-cost", "2.5,3,3.6", "--json", "--seed", "7"]).stdout);
    expect(other.bids[0].risk.monthlyTotal.p10).not.toBe(bidA.risk.monthlyTotal.p10);
  });

  it("a three-point resolution rate applies to every bid without a range of its own, around its likely rate", () => {
    const r = JSON.parse(aiprice(["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "75%,90%,95%", "--human-cost", "3", "--draws", "500", "--json"]).stdout);
    expect(r.scenario.ranges.resolutionRate).toEqual({ low: 0.75, high: 0.95 });
    expect(r.scenario.draws).toBe(500);
    // B pays per resolution: the fewer resolved, the more humans; its monthly total spreads.
    expect(r.bids[1].risk.monthlyTotal.p90).toBeGreaterThan(r.bids[1].risk.monthlyTotal.p10);
  });

  it("refuses more bids than it compares at a time, with a clear message", () => {
    // A collection holds at most 200 bids: six files of 167.
    const bid = { vendor: "V", name: "n", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 1 } };
    const files = Array.from({ length: 6 }, (_, f) =>
      write(`many-${f}.json`, JSON.stringify({ format: "aiprice-bids", version: 1, bids: Array.from({ length: 167 }, (_, i) => ({ format: "aiprice-bid", version: 1, id: `b-${f}-${i}`, bid, sources: [], questions: [] })) })),
    );
    const r = aiprice(["compare", ...files, ...SCENARIO]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("The files hold 1,002 bids; compare takes at most 1,000 at a time: compare them in groups.");
  });

  it("prices per-token bids with the scenario's tokens, cached input included", () => {
    const r = aiprice(["compare", g("openai-gpt-5-5.json"), g("anthropic-claude-sonnet-4-6.json"), ...SCENARIO, "--input-tokens", "20000", "--output-tokens=3000", "--cached-input-tokens", "8000"]);
    expect(r.status).toBe(0);
    // Below GPT-5.5's 272K row, no batch nor priority share stated: the plain list prices.
    const openai = (12000 * 5 + 8000 * 0.5 + 3000 * 30) / 1e6;
    const claude = (12000 * 3 + 8000 * 0.3 + 3000 * 15) / 1e6;
    expect(row(r.stdout, "openai-gpt-5-5").slice(4, 6)).toEqual([openai.toFixed(4), openai.toFixed(4)]);
    expect(row(r.stdout, "anthropic-claude-sonnet-4-6").slice(4, 6)).toEqual([claude.toFixed(4), claude.toFixed(4)]);
    expect(r.stdout).toContain("tokens per conversation 20,000 input (8,000 cached), 3,000 output");
  });

  it("shows a per-token bid without tokens as not priced, and says how to price it", () => {
    const r = aiprice(["compare", g("openai-gpt-5-5.json"), g("guide-bid-b-per-resolution.json"), ...SCENARIO]);
    expect(r.status).toBe(0);
    expect(row(r.stdout, "openai-gpt-5-5")).toEqual(["-", "openai-gpt-5-5", "per token", "-", "-", "-", "-", "-", "-"]);
    expect(r.stdout).toMatch(/openai-gpt-5-5: a per-token bid needs tokens per conversation.*give --input-tokens and --output-tokens/);
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

describe("aiprice compare: prices as they really are (dated versions, rate cards, staleness)", () => {
  /** A bid whose price changes on 2026-05-18: $2.00 per resolution before, $1.50 from that day. */
  function dated(readOn = "2026-05-18"): string {
    const t = template("guide-bid-b-per-resolution");
    t.id = "dated-bid";
    t.bid.pricing = { model: "per-resolution", pricePerResolution: 2 };
    t.sources = [{ field: "pricing.pricePerResolution", title: "Old price list", asOf: "2026-01-10" }];
    t.versions = [{ effectiveFrom: "2026-05-18", label: "Price cut", pricing: { model: "per-resolution", pricePerResolution: 1.5 }, sources: [{ field: "pricing.pricePerResolution", title: "New price list", asOf: readOn }] }];
    delete t.reference;
    return write(`dated-${readOn}.json`, JSON.stringify(t));
  }

  it("--as-of before and after a dated price change gives the two prices, and says which version it used", () => {
    const file = dated();
    const at = (day: string) => {
      const r = aiprice(["compare", file, ...SCENARIO, "--json", "--as-of", day]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout);
    };
    const before = at("2026-05-17");
    const after = at("2026-05-18");
    expect(before.asOf).toBe("2026-05-17");
    expect(before.bids[0].aiCostPerConversation).toBeCloseTo(2 * 0.9, 12);
    expect(after.bids[0].aiCostPerConversation).toBeCloseTo(1.5 * 0.9, 12);
    // Read 2026-01-10: 127 days before 2026-05-17, stale; the version of 2026-05-18 was read that day.
    expect(before.bids[0].prices).toEqual({ version: "undated", effectiveFrom: null, effectiveUntil: null, readOn: "2026-01-10", stale: true });
    expect(after.bids[0].prices).toEqual({ version: "2026-05-18", effectiveFrom: "2026-05-18", effectiveUntil: null, readOn: "2026-05-18", stale: false });
    const text = aiprice(["compare", file, ...SCENARIO, "--as-of", "2026-05-18"]);
    expect(text.status).toBe(0);
    expect(row(text.stdout, "dated-bid").slice(4, 6)).toEqual(["1.3500", "1.3500"]);
    expect(text.stdout).toContain("Prices as of 2026-05-18.\n");
    expect(text.stdout).toContain("prices: Price cut, in effect from 2026-05-18, read 2026-05-18");
  });

  it("flags prices read more than 90 days before the comparison date as stale, in the text and the JSON", () => {
    const file = dated("2026-05-18");
    // 2026-05-18 + 90 days = 2026-08-16: not yet stale; the day after, stale.
    const fresh = JSON.parse(aiprice(["compare", file, ...SCENARIO, "--json", "--as-of", "2026-08-16"]).stdout);
    const stale = JSON.parse(aiprice(["compare", file, ...SCENARIO, "--json", "--as-of", "2026-08-17"]).stdout);
    expect(fresh.bids[0].prices.stale).toBe(false);
    expect(stale.bids[0].prices).toMatchObject({ readOn: "2026-05-18", stale: true });
    const text = aiprice(["compare", file, ...SCENARIO, "--as-of", "2026-08-17"]);
    expect(text.stdout).toContain("Prices as of 2026-08-17; STALE (read more than 90 days before): dated-bid.");
    expect(text.stdout).toMatch(/stale: read 2026-05-18, 91 days before 2026-08-17/);
  });

  it("refuses an --as-of that is not a date, with exit status 2", () => {
    for (const bad of ["2026-02-30", "18/05/2026", "today"]) {
      const r = aiprice(["compare", GUIDE[0], ...SCENARIO, "--as-of", bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("--as-of takes a date written YYYY-MM-DD");
    }
  });

  it("a per-token bid with the full rate card (cache writes, batch share, long prompts) costs the hand computation, 0.284736", () => {
    const t = template("guide-bid-a-per-token");
    t.id = "rate-card";
    t.bid.pricing = DONE_WHEN;
    delete t.bid.supplied;
    delete t.bid.charges;
    t.sources = [];
    const r = aiprice(["compare", write("rate-card.json", JSON.stringify(t)), ...SCENARIO, "--json"]);
    expect(r.status).toBe(0);
    const bid = JSON.parse(r.stdout).bids[0];
    expect(doneWhenByHand()).toBeCloseTo(0.284736, 12);
    expect(bid.aiCostPerConversation).toBeCloseTo(doneWhenByHand(), 12);
    expect(bid.prices).toEqual({ version: "undated", effectiveFrom: null, effectiveUntil: null, readOn: null, stale: false });
  });

  it("prices a credits bid per conversation: 6 actions x 20 credits x $500 / 100,000 credits = $0.60", () => {
    const r = aiprice(["compare", g("salesforce-agentforce-flex-credits.json"), ...SCENARIO, "--json"]);
    expect(r.status).toBe(0);
    const bid = JSON.parse(r.stdout).bids[0];
    expect(bid.model).toBe("credits");
    expect(bid.aiCostPerConversation).toBeCloseTo((6 * 20 * 500) / 100000, 12);
  });
});

describe("the command line itself", () => {
  const usage: [string, string[], RegExp][] = [
    ["no human cost", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "0.9"], /--human-cost is required/],
    ["no file to compare", ["compare", ...SCENARIO], /compare needs at least one FILE/],
    ["no file to validate", ["validate"], /validate needs at least one FILE/],
    ["an unknown option", ["compare", ...GUIDE, ...SCENARIO, "--volume", "5"], /unknown option --volume/],
    ["a resolution rate of 150", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "150", "--human-cost", "3"], /--resolution-rate: enter a percentage from 0 to 100 \(150 reads as 150%, more than all of them\)/],
    ["a resolution rate with a decimal comma", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "0,9", "--human-cost", "3"], /--resolution-rate: write decimals with a point.*you typed 0,9\)$/m],
    ["a negative qualifying share", ["compare", ...GUIDE, ...SCENARIO, "--qualifying-share=-0.5"], /--qualifying-share: cannot be negative/],
    ["conversations in words", ["compare", ...GUIDE, "--conversations", "lots", "--resolution-rate", "0.9", "--human-cost", "3"], /--conversations: enter a number, e\.g\. 100,000 \(got "lots"\)/],
    ["no conversations", ["compare", ...GUIDE, "--conversations", "0", "--resolution-rate", "0.9", "--human-cost", "3"], /--conversations: enter at least 1 \(costs are spread over the conversations\)/],
    ["no attempts", ["compare", ...GUIDE, ...SCENARIO, "--input-tokens", "100", "--output-tokens", "10", "--attempts", "0"], /--attempts: enter 1 or more \(you typed 0\)/],
    ["an option given twice", ["compare", ...GUIDE, ...SCENARIO, "--human-cost", "4"], /--human-cost is given twice/],
    ["more cached tokens than input", ["compare", ...GUIDE, ...SCENARIO, "--input-tokens", "100", "--output-tokens", "10", "--cached-input-tokens", "200"], /--cached-input-tokens \(200\) are part of --input-tokens/],
    ["input tokens alone", ["compare", ...GUIDE, ...SCENARIO, "--input-tokens", "100"], /give both --input-tokens and --output-tokens/],
    ["an option without its value", ["compare", ...GUIDE, "--conversations"], /--conversations needs a value/],
    ["a three-point value out of order", ["compare", ...GUIDE, "--conversations", "100000", "--resolution-rate", "0.9,0.6,0.95", "--human-cost", "3"], /--resolution-rate: LOW,LIKELY,HIGH must be in that order/],
    ["four values", ["compare", ...GUIDE, "--conversations", "1,2,3,4", "--resolution-rate", "0.9", "--human-cost", "3"], /--conversations takes one value or three, LOW,LIKELY,HIGH/],
    ["too many draws", ["compare", ...GUIDE, ...SCENARIO, "--draws", "100001"], /--draws must be a whole number from 1 to 100,000/],
    ["a flag with a value", ["compare", ...GUIDE, ...SCENARIO, "--json=yes"], /--json takes no value/],
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
