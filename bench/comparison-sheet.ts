/**
 * The same 10,000-row comparison sheet in the formula engine (HyperFormula), computed with AIPRICE
 * functions against the same arithmetic in native formulas. Each row is one bid of one of four pricing
 * models (per-resolution, outcome-based, revenue share, per-token) and takes its fee, AI cost per
 * conversation, cost per resolution, blended cost and monthly total from the scenario cells at the top,
 * as the task pane's comparison sheet does.
 */
import { HyperFormula, RawCellContent } from "hyperformula";
import { aipriceEngine, HYPERFORMULA_LICENSE } from "../test/support/formula-engine";
import { compare } from "./measure";
import { Figure, Section } from "./sections";

const ROWS = 10_000;
const FIRST = 8; // first bid row (1-based): scenario cells in B1:B5, a blank row, the header in row 7

/** Scenario: V, r, h, q, tokens in thousands, all referred to absolutely. */
const SCENARIO: RawCellContent[][] = [["conversations", 100000], ["resolution rate", 0.9], ["human cost", 3], ["qualifying share", 0.8], ["input tokens", 20000], []];

/** One bid row: inputs in A:D, figures in E:I. `aiprice` chooses the functions or native arithmetic. */
function bidRow(i: number, aiprice: boolean): RawCellContent[] {
  const r = FIRST + i;
  const model = i % 4;
  const price = 0.2 + (i % 97) / 100; // price per resolution / outcome, AI run cost, or output price
  const supplied = (i % 13) / 100;
  const fixed = (i % 7) * 500;
  const share = 0.05 + (i % 20) / 100;
  let fee: string;
  if (model === 0) fee = aiprice ? `=AIPRICE.RESOLUTION_FEE(A${r}, $B$2)` : `=A${r}*$B$2`;
  else if (model === 1) fee = aiprice ? `=AIPRICE.OUTCOME_FEE(A${r}, $B$2, $B$4)` : `=A${r}*$B$2*$B$4`;
  else if (model === 2) fee = aiprice ? `=AIPRICE.REVSHARE_NET($B$3, A${r}, $B$2, D${r})` : `=A${r}+D${r}*MAX(0,($B$3-A${r})*$B$2)`;
  else fee = aiprice ? `=AIPRICE.TOKEN_COST($B$5, 3000, 3, A${r}*10)` : `=($B$5*3+3000*A${r}*10)/1000000`;
  const a = aiprice ? `=AIPRICE.TCO_PER_CONVERSATION(E${r}, B${r}, C${r}, $B$1)` : `=E${r}+B${r}+C${r}/$B$1`;
  const perResolution = aiprice ? `=AIPRICE.COST_PER_RESOLUTION(F${r}, $B$2)` : `=F${r}/$B$2`;
  const blended = aiprice ? `=AIPRICE.BLENDED_COST(F${r}, $B$2, $B$3)` : `=F${r}+(1-$B$2)*$B$3`;
  const monthly = `=H${r}*$B$1`;
  return [price, supplied, fixed, share, fee, a, perResolution, blended, monthly];
}

/** The whole sheet: scenario, header, one row per bid; with AIPRICE functions or native arithmetic. */
export function comparisonSheetRows(aiprice: boolean): RawCellContent[][] {
  return [...SCENARIO, ["price", "supplied", "fixed", "share", "fee", "AI cost", "cost per resolution", "blended", "monthly"], ...Array.from({ length: ROWS }, (_, i) => bidRow(i, aiprice))];
}

const config = { licenseKey: HYPERFORMULA_LICENSE, maxRows: 20000 };

export const comparisonSheet: Section = {
  name: "Formula engine (HyperFormula)",
  run(): Figure[] {
    const withFunctions = comparisonSheetRows(true);
    const native = comparisonSheetRows(false);
    const build = (rows: RawCellContent[][], registered: boolean) => (registered ? aipriceEngine({ Sheet1: rows }, config) : HyperFormula.buildFromSheets({ Sheet1: rows }, config));

    // Both sheets compute the same figures.
    const hfA = build(withFunctions, true);
    const hfN = build(native, false);
    for (let i = 0; i < ROWS; i += 101) {
      for (let c = 4; c <= 8; c++) {
        const x = hfA.getCellValue({ sheet: 0, row: FIRST - 1 + i, col: c }) as number;
        const y = hfN.getCellValue({ sheet: 0, row: FIRST - 1 + i, col: c }) as number;
        if (typeof x !== "number" || Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) {
          throw new Error(`row ${FIRST + i}, column ${c + 1}: AIPRICE gives ${String(x)}, native ${String(y)}`);
        }
      }
    }

    // Recalculation: the analyst changes the resolution rate; every figure of every row recomputes.
    let flip = 0;
    const recalc = (hf: HyperFormula) => () => {
      flip++;
      hf.setCellContents({ sheet: 0, row: 1, col: 1 }, flip % 2 ? 0.85 : 0.9);
    };
    const recalculation = compare(recalc(hfA), recalc(hfN), { rounds: 15, batch: 2, warmup: 3 });
    hfA.destroy();
    hfN.destroy();

    // Building the sheet: parse every formula and compute it once.
    const building = compare(
      () => build(withFunctions, true).destroy(),
      () => build(native, false).destroy(),
      { rounds: 7, batch: 1, warmup: 1 },
    );
    const formulas = ROWS * 5;
    return [
      {
        label: `${ROWS.toLocaleString("en-US")}-row comparison sheet, recalculation after a scenario change (${formulas.toLocaleString("en-US")} formulas): AIPRICE vs native`,
        value: recalculation.ratio,
        unit: "x",
        target: 1.5,
        detail: `AIPRICE ${recalculation.subject.median.toFixed(1)} ms, native ${recalculation.baseline.median.toFixed(1)} ms (per recalculation, medians over ${recalculation.subject.runs} each)`,
      },
      {
        label: `the same sheet built from scratch (parse + first computation): AIPRICE vs native`,
        value: building.ratio,
        unit: "x",
        target: 1.5,
        detail: `AIPRICE ${building.subject.median.toFixed(1)} ms, native ${building.baseline.median.toFixed(1)} ms (per build, medians over ${building.subject.runs} each)`,
      },
    ];
  },
};
