/** docs/negotiate.md's example is the engine's: every figure in its tables recomputed here. */
import * as fs from "fs";
import * as path from "path";
import { assessRisk, Bid, drawTrials, pricesToMatch, Scenario, whatDecides } from "../../src/engine";
import { BID_A, BID_B, BID_C } from "../support/guide-bids";

const DOC = fs.readFileSync(path.join(__dirname, "../../docs/negotiate.md"), "utf8");
const S: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, ranges: { resolutionRate: { low: 0.75, high: 0.95 }, conversations: { low: 80000, high: 130000 }, humanCost: { low: 2.5, high: 4 } } };
const BIDS: Bid[] = [{ ...BID_A, performance: { resolutionRate: { low: 0.6, likely: 0.8, high: 0.9 } } }, BID_B, BID_C];
const num = (x: number, d: number) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (x: number, d: number) => `${(x * 100).toFixed(d)}%`;

test("the tornado's rows", () => {
  const d = whatDecides(BIDS, S, { labels: ["A", "B", "C"] })!;
  for (const x of d.inputs) {
    const line = DOC.split("\n").find((l) => l.startsWith(`| ${x.input} |`));
    expect(line).toBeDefined();
    expect(line).toContain(`| ${num(x.gapAtLow, 0)} | ${num(x.gapAtHigh, 0)} |`);
    if (x.flipsAt !== null) expect(line).toContain(`**${pct(x.flipsAt, 2)}**`);
  }
  expect(DOC.indexOf("| resolution rate of A |")).toBeLessThan(DOC.indexOf("| input price per million tokens of A |"));
});

test("the chance of being cheapest at each correlation, and the prices to match", () => {
  for (const [rho, words] of [
    [1, "1 (the default)"],
    [0.5, "0.5"],
    [0, "0"],
  ] as const) {
    const r = assessRisk(BIDS, S, { rateCorrelation: rho });
    expect(DOC).toContain(`| ${words} | ${pct(r[0]!.chanceCheapest, 1)} | ${pct(r[1]!.chanceCheapest, 1)} | ${pct(r[2]!.chanceCheapest, 1)} | ${num(r[0]!.monthlyTotal.p90, 0)} |`);
  }
  const p = pricesToMatch(BIDS, S, drawTrials(BIDS, S));
  expect(DOC).toContain(`| B | price per resolution | 0.99 | ${num(p[1]!.likely!, 4)} | ${num(p[1]!.p90!, 4)} |`);
  expect(DOC).toContain(`| C | share of savings | 15% | ${pct(p[2]!.likely!, 2)} | ${pct(p[2]!.p90!, 2)} |`);
});
