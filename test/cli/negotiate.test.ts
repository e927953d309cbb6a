/**
 * `aiprice compare`'s negotiation options, run in process (src/cli/compare.ts, src/cli/negotiate.ts):
 * --rate-correlation, and the figures of `compare --json` checked against the engine.
 */
import * as path from "path";
import { parseArgs, UsageError } from "../../src/cli/args";
import { compare, COMPARE_FLAGS, COMPARE_OPTIONS } from "../../src/cli/compare";
import { assessRisk } from "../../src/engine";
import { galleryTemplate } from "../../src/templates/gallery";

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
