import { HyperFormula } from "hyperformula";
import { pertDraws, pertRanks, pertShape } from "./src/engine/risk";
const cases: [number, number, number][] = [[0.3,0.6,0.8],[0.75,0.9,0.95],[80000,100000,130000],[2.5,3,3.6],[0.8,1,1.5],[0,0,1],[0,1,1],[0.5,0.9,0.9]];
const count = 2000;
const rows: string[][] = [];
let worst = 0;
for (const [lo, li, hi] of cases) {
  const d = pertDraws(lo, li, hi, count, 1);
  const ranks = pertRanks(count, 1);
  const { alpha, beta } = pertShape(lo, li, hi);
  const formulas = ranks.map((r) => `=BETA.INV((${r}-0.5)/${count},${alpha},${beta},${lo},${hi})`);
  const hf = HyperFormula.buildFromArray([formulas], { licenseKey: "gpl-v3", smartRounding: false });
  const v = hf.getSheetValues(0)[0] as number[];
  let w = 0;
  for (let i = 0; i < count; i++) w = Math.max(w, Math.abs(v[i] - d[i]) / Math.max(Math.abs(d[i]), 1e-300));
  console.log(lo, li, hi, "HF max rel diff", w);
  worst = Math.max(worst, w);
  rows.push(formulas.slice(0, 200).map(f=>f));
  hf.destroy();
}
import * as fs from "fs";
fs.writeFileSync("/tmp/scratch/beta.csv", rows.map(r=>r.map(f=>JSON.stringify(f)).join(",")).join("\n"));
const exp = cases.map(([lo,li,hi]) => pertDraws(lo,li,hi,count,1).slice(0,200));
fs.writeFileSync("/tmp/scratch/beta-expected.json", JSON.stringify(exp));
