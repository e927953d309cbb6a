/**
 * The engine's figures of a comparison, and a check that a sheet holds them: the bids table, the rates
 * block (cheapest bid by resolution rate) and the risk block. For any reader of the sheet's values: the
 * embedded workbook, or LibreOffice's recalculation of an .xlsx.
 */
import { assessRisk, bidFigures, bidScenario, chargeFigures, cheapestByResolutionRate, compareBids, Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { templateAt, todayIso } from "../../src/templates/versions";
import { columnLetters, parseCell, parseRange } from "../../src/workbook/a1";
import type { CellValue } from "../../src/workbook/port";
import type { ComparisonLayout } from "../../src/workbook/sheet-plan";

/** Reads one cell's value (A1 address). */
export type Read = (address: string) => CellValue;

export interface Tolerances {
  /** Relative tolerance of the bids table and the rates block. */
  figures: number;
  /** Relative tolerance of the risk block (draws through BETA.INV: HyperFormula's is good to about 1e-9). */
  risk: number;
}

/** Every cell of a row range, left to right. */
export function rowCells(range: string): string[] {
  const r = parseRange(range);
  const out: string[] = [];
  for (let c = r.start.col; c <= r.end.col; c++) out.push(`${columnLetters(c)}${r.start.row + 1}`);
  return out;
}

/** Problems found (empty when every figure matches); `compared` counts the figures checked. */
export function compareWithEngine(read: Read, layout: ComparisonLayout, templates: BidTemplate[], scenario: Scenario, risk: { draws: number; seed: number }, tol: Tolerances, asOf: string = todayIso()): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  const close = (address: string, expected: number, what: string, rel: number) => {
    compared++;
    const v = read(address);
    if (typeof v !== "number" || !(Math.abs(v - expected) <= rel * Math.max(1e-300, Math.abs(expected)) + (expected === 0 ? 1e-12 : 0))) problems.push(`${what} (${address}): the sheet has ${JSON.stringify(v)}, the engine ${expected}`);
  };
  const same = (address: string, expected: unknown, what: string) => {
    compared++;
    const v = read(address);
    if (v !== expected && !(expected === "" && v === null)) problems.push(`${what} (${address}): the sheet has ${JSON.stringify(v)}, the engine ${JSON.stringify(expected)}`);
  };
  // The sheet prices each bid at the version of its prices in effect on the comparison date (today unless the request gives one).
  const bids = templates.map((t) => templateAt(t, asOf).bid);
  const ranked = compareBids(bids, scenario);
  layout.bids.forEach((b, i) => {
    const f = bidFigures(bids[i], scenario);
    const n = bids[i].name;
    const tolF = tol.figures;
    close(b.cells.resolutionRate, f.resolutionRate, `${n}: resolution rate`, tolF);
    close(b.cells.vendorFee, f.vendorFeePerConversation, `${n}: vendor fee`, tolF);
    close(b.cells.aiCost, f.aiCostPerConversation, `${n}: AI cost per conversation`, tolF);
    if (f.costPerResolution === null) same(b.cells.costPerResolution, "resolves nothing", `${n}: cost per resolution`);
    else close(b.cells.costPerResolution, f.costPerResolution, `${n}: cost per resolution`, tolF);
    close(b.cells.blended, f.blendedCostPerConversation, `${n}: blended cost`, tolF);
    close(b.cells.monthlyAiCost, f.monthlyAiCost, `${n}: monthly AI cost`, tolF);
    close(b.cells.monthlyTotal, f.monthlyTotal, `${n}: monthly total`, tolF);
    close(b.cells.monthlySavings, f.monthlySavings, `${n}: monthly savings`, tolF);
    if (ranked[i].rank !== null) close(b.cells.rank, ranked[i].rank as number, `${n}: rank`, 0);
    // A bid by charges: each charge's row, its label, units and fee for the month.
    const p = bids[i].pricing;
    if (p.model === "charges") {
      const charges = chargeFigures(p, bidScenario(bids[i], scenario));
      if ((b.charges ?? []).length !== charges.length) problems.push(`${n}: ${(b.charges ?? []).length} charge rows on the sheet, ${charges.length} charges in the engine`);
      (b.charges ?? []).forEach((row, k) => {
        same(row.cells.label, charges[k].label, `${n}: charge ${k + 1}'s label`);
        close(row.cells.units, charges[k].units, `${n}: ${charges[k].label}'s units`, tolF);
        close(row.cells.fee, charges[k].fee, `${n}: ${charges[k].label}'s fee`, tolF);
      });
    }
  });
  const engine = cheapestByResolutionRate(bids, scenario);
  rowCells(layout.rates.rates).forEach((a, k) => close(a, engine.rates[k], `rate ${k + 1} of the rates block`, 1e-15));
  layout.bids.forEach((b, i) => {
    rowCells(b.rates.blended).forEach((a, k) => {
      const x = engine.blended[i][k];
      if (x !== null) close(a, x, `${bids[i].name}: blended at ${engine.rates[k]}`, tol.figures);
    });
    rowCells(b.rates.costPerResolution).forEach((a, k) => {
      const f = bidFigures({ ...bids[i], performance: { ...bids[i].performance, resolutionRate: engine.rates[k + 1] } }, scenario);
      if (f.costPerResolution !== null) close(a, f.costPerResolution, `${bids[i].name}: cost per resolution at ${engine.rates[k + 1]}`, tol.figures);
    });
  });
  rowCells(layout.rates.cheapest).forEach((a, k) => same(a, bids[engine.winners[k] as number].name, `the cheapest bid at ${engine.rates[k]}`));
  rowCells(layout.rates.changes).forEach((a, k) => {
    if (engine.crossings[k] === null) same(a, "", `no change of winner before ${engine.rates[k]}`);
    else close(a, engine.crossings[k] as number, `the change of winner before ${engine.rates[k]}`, tol.figures);
  });
  const from = rowCells(layout.rates.rangeFrom);
  const to = rowCells(layout.rates.rangeTo);
  const who = rowCells(layout.rates.rangeBid);
  engine.ranges.forEach((x, j) => {
    close(from[j], x.from, `stretch ${j + 1}: from`, tol.figures);
    close(to[j], x.to, `stretch ${j + 1}: to`, tol.figures);
    same(who[j], bids[x.bid].name, `stretch ${j + 1}: bid`);
  });
  const risks = assessRisk(bids, scenario, risk);
  layout.bids.forEach((b, i) => {
    const k = risks[i]!;
    const n = bids[i].name;
    close(b.risk.totalP10, k.monthlyTotal.p10, `${n}: total P10`, tol.risk);
    close(b.risk.totalP50, k.monthlyTotal.p50, `${n}: total P50`, tol.risk);
    close(b.risk.totalP90, k.monthlyTotal.p90, `${n}: total P90`, tol.risk);
    close(b.risk.exposure, k.exposure, `${n}: exposure`, tol.risk * 1e3);
    close(b.risk.chanceCheapest, k.chanceCheapest, `${n}: chance of being cheapest`, tol.risk);
    if (k.costPerResolution === null) same(b.risk.costPerResolutionP50, "resolves nothing", `${n}: cost per resolution P50`);
    else {
      close(b.risk.costPerResolutionP10, k.costPerResolution.p10, `${n}: cost per resolution P10`, tol.risk);
      close(b.risk.costPerResolutionP50, k.costPerResolution.p50, `${n}: cost per resolution P50`, tol.risk);
      close(b.risk.costPerResolutionP90, k.costPerResolution.p90, `${n}: cost per resolution P90`, tol.risk);
    }
  });
  void parseCell;
  return { problems, compared };
}
