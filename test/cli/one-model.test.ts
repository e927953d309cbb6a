/**
 * docs/spec.md#one-model-one-answer, in `aiprice compare`: the same invariants as the
 * engine's (test/engine/one-model.properties.test.ts), on the command's own output, for random bid
 * files (fast-check) and for the seed's bids with the Fin AI Copilot add-on. Runs the command in
 * process (the function bin/aiprice.js runs), so that it needs no build.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/aiprice";
import type { CompareJson } from "../../src/cli/compare";
import type { Bid } from "../../src/engine";
import { validateTemplate } from "../../src/templates/validate";
import { promotion } from "../support/promotion-bid";
import { assistTool, ordinaryBid, zeroBid } from "../support/one-model-bids";

const GALLERY = path.join(__dirname, "../../src/templates/gallery");
const SEED = ["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share"].map((id) => path.join(GALLERY, `${id}.json`));
const COPILOT = path.join(GALLERY, "intercom-fin-ai-copilot.json");
const SCENARIO = ["--conversations", "100000", "--resolution-rate", "90%", "--human-cost", "3", "--as-of", "2026-12-01"];

let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-one-model-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function aiprice(args: string[]): { status: number; out: string; err: string } {
  let out = "";
  let err = "";
  const status = main(args, { out: (s) => (out += s), err: (s) => (err += s) }) as number;
  return { status, out, err };
}

function json(args: string[]): CompareJson {
  const r = aiprice([...args, "--json"]);
  expect(r.status).toBe(0);
  return JSON.parse(r.out) as CompareJson;
}

describe("the seed's three bids and the Fin AI Copilot add-on", () => {
  test("compare --json: bid A is the cheapest at r = 100%; the add-on is cheapest only at low rates, never up to 100%", () => {
    const j = json(["compare", ...SEED, COPILOT, ...SCENARIO]);
    const last = j.cheapestByResolutionRate[j.cheapestByResolutionRate.length - 1];
    expect(last).toMatchObject({ to: 1, bid: "guide-bid-a-per-token" });
    const addOn = j.cheapestByResolutionRate.filter((x) => x.bid === "intercom-fin-ai-copilot");
    expect(addOn.every((x) => x.from === 0 && x.to < 1)).toBe(true);
    // Its flat line (2.7175) meets bid B's 0.99 r + 3 (1 - r), the first to beat it, at r = 0.2825 / 2.01.
    expect(addOn[0].to).toBeCloseTo(0.2825 / 2.01, 12);
  });

  test("the text names the add-on's stretch and bid A's, never 'from r = 0% to 100%: intercom-fin-ai-copilot'", () => {
    const r = aiprice(["compare", ...SEED, COPILOT, ...SCENARIO]);
    expect(r.out).not.toContain("to 100%: intercom-fin-ai-copilot");
    expect(r.out).toMatch(/to 100%: guide-bid-a-per-token/);
  });
});

describe("not priced means not priced everywhere, in the command's output", () => {
  /** A per-token bid with no tokens of its own is not priced when the command gives none. */
  const noTokens: Bid = { vendor: "T", name: "tokens unknown", currency: "USD", pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 2 } };
  const asFile = (bid: Bid, id = "bid") => ({ format: "aiprice-bid", version: 1, id, bid, sources: [], questions: [] });
  // Bids a file may hold (the format refuses some values the engine takes, e.g. 0 seats).
  const fileBid = fc
    .oneof({ weight: 5, arbitrary: ordinaryBid }, { weight: 1, arbitrary: assistTool }, { weight: 1, arbitrary: zeroBid }, { weight: 1, arbitrary: fc.constant(noTokens) })
    .filter((bid) => validateTemplate(JSON.parse(JSON.stringify(asFile(bid)))).ok);
  let n = 0;
  const write = (bids: Bid[]) =>
    bids.map((bid, i) => {
      const file = path.join(tmp, `case-${++n}-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(asFile(bid, `bid-${i + 1}`)));
      return file;
    });

  test("random bid files: a bid not priced has no rank, no risk, no total over the term, no stretch of r; no figure is negative", () => {
    fc.assert(
      fc.property(fc.array(fileBid, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 36 }), (bids, months) => {
        const j = json(["compare", ...write(bids), ...SCENARIO, "--draws", "30", "--term-months", String(months)]);
        const unpriced = new Set(j.bids.filter((b) => b.problem).map((b) => b.id));
        for (const b of j.bids) {
          if (b.problem) {
            expect([b.rank, b.monthlyTotal, b.risk, b.term]).toEqual([null, null, null, null]);
            continue;
          }
          expect(b.rank).toBeGreaterThanOrEqual(1);
          expect(b.monthlyTotal).toBeGreaterThanOrEqual(0);
          expect(b.risk!.monthlyTotal.p10).toBeGreaterThanOrEqual(0);
          expect(b.term!.total).toBeGreaterThanOrEqual(0);
          expect(b.term!.npv).toBeGreaterThanOrEqual(0);
        }
        for (const x of j.cheapestByResolutionRate) expect(unpriced.has(x.bid)).toBe(false);
        const text = aiprice(["compare", ...write(bids), ...SCENARIO, "--draws", "30", "--term-months", String(months)]).out;
        // The reason is named once, in one place.
        const reasons = text.split("\n").filter((line) => line.includes("a per-token bid needs tokens per conversation"));
        expect(reasons.length).toBe(bids.filter((b) => b === noTokens).length);
      }),
      { numRuns: 25 },
    );
  });
});

describe("prices over the term are the prices in effect each month (--term-months with --as-of)", () => {
  test("a promotion ending 2026-08-31: 15,300 over 12 months as of 2026-08-15 (not 5,400), with the versions named", () => {
    const file = path.join(tmp, "promotion.json");
    fs.writeFileSync(file, JSON.stringify(promotion()));
    const args = ["compare", file, "--conversations", "1000", "--resolution-rate", "50%", "--human-cost", "0", "--as-of", "2026-08-15", "--term-months", "12"];
    const j = json(args);
    expect(j.bids[0].monthlyTotal).toBeCloseTo(450, 9);
    expect(j.bids[0].term!.total).toBeCloseTo(15300, 9);
    expect(j.bids[0].term!.priceVersions).toEqual([
      { fromMonth: 1, version: "2026-06-01" },
      { fromMonth: 2, version: "undated" },
    ]);
    const text = aiprice(args).out;
    expect(text).toMatch(/seats-with-promotion\s+15,300/);
    expect(text).toContain("seats-with-promotion: prices in effect each month: the version from 2026-06-01 from month 1, the file's undated prices from month 2");
    // A term wholly in one version names none.
    expect(json([...args.slice(0, -4), "--as-of", "2026-06-01", "--term-months", "3"]).bids[0].term).not.toHaveProperty("priceVersions");
  });
});
