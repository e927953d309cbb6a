/**
 * PERCENTILE.INC for the embedded formula engine (HyperFormula), with the same figures as its own, made
 * cheaper where a comparison sheet asks most: the risk view takes P10, P50 and P90 of the same row of
 * 2,000 drawn totals (and of costs per resolution), and HyperFormula read and sorted the row anew for each.
 * Here the numbers of a range of cells are read once and kept in HyperFormula's own cache of that range
 * (the one SUM and MAX keep their results in), which it empties whenever a cell of the range changes; an
 * array that is not a range of cells (an expression: the price to match's secant steps) is read each
 * time. Of either, only the two values the rank falls between are selected (the engine's selection, each
 * the value a sort would put there), not the whole sorted. Values are read and checked
 * as HyperFormula's PERCENTILE.INC reads them (an error in the range is the result, no number is #NUM!),
 * and interpolated the same way (rank k x (n - 1) between its neighbours).
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own PERCENTILE.INC.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue } from "hyperformula";
import { percentileIncInPlace } from "../engine/risk";
import { allNumbers } from "./hyperformula-aiprice";
import { registerInPlaceOfOwn } from "./own-functions";

/** The key of the numbers in a range's cache (the functions' own keys are their names). */
const KEPT = "AIPRICE:numbers";
/** HyperFormula's message for a range without a number. */
const ONE_VALUE = "Needs at least one value.";

/** A range's numbers (in the order the selections left them), or the error that is its percentile. */
type Kept = Float64Array | CellError;

interface RangeCache {
  getFunctionValue(key: string): unknown;
  setFunctionValue(key: string, value: unknown): void;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */
export class SortedPercentilePlugin extends FunctionPlugin {
  static implementedFunctions = {
    "PERCENTILE.INC": {
      method: "percentile",
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.NUMBER, minValue: 0, maxValue: 1 }],
    },
  };

  percentile(ast: any, state: any): unknown {
    return (this as any).runFunction(ast.args, state, (this as any).metadata("PERCENTILE.INC"), (range: SimpleRangeValue, k: number) => {
      // A range of cells is read once per change of it (its values kept in its cache, in the order the
      // selections leave them); an expression each time. Either way only the two values the rank falls
      // between are selected, not the whole sorted.
      const cache = this.rangeCache(range);
      const values = cache ? this.keptValues(range, cache) : this.numbers(range);
      return values instanceof CellError ? values : percentileIncInPlace(values, k);
    });
  }

  /** HyperFormula's cache of a range of cells; undefined for an expression. */
  private rangeCache(range: SimpleRangeValue): RangeCache | undefined {
    const cells = (range as unknown as { range?: { start: unknown; end: unknown } }).range;
    return cells ? (this as any).dependencyGraph.getRange(cells.start, cells.end) : undefined;
  }

  /** The numbers of the range as HyperFormula's PERCENTILE.INC reads them (an error, or #NUM! without a number). */
  private numbers(range: SimpleRangeValue): Float64Array | CellError {
    const plain = plainNumbers(range.rawData());
    if (plain) return plain.length === 0 ? new CellError(ErrorType.NUM, ONE_VALUE) : plain;
    const numbers = (this as any).arithmeticHelper.manyToExactNumbers(range.valuesFromTopLeftCorner()) as number[] | CellError;
    return numbers instanceof CellError ? numbers : numbers.length === 0 ? new CellError(ErrorType.NUM, ONE_VALUE) : Float64Array.from(numbers);
  }

  private keptValues(range: SimpleRangeValue, cache: RangeCache): Kept {
    const kept = cache.getFunctionValue(KEPT) as Kept | undefined;
    if (kept !== undefined) return kept;
    const values = this.numbers(range);
    cache.setFunctionValue(KEPT, values);
    return values;
  }
}

/** The cells of rows that are all plain numbers, in order, as one array; undefined if any cell is not. */
function plainNumbers(rows: readonly (readonly unknown[])[]): Float64Array | undefined {
  let n = 0;
  for (const row of rows) {
    if (!allNumbers(row)) return undefined;
    n += row.length;
  }
  const out = new Float64Array(n);
  let k = 0;
  for (const row of rows) for (let j = 0; j < row.length; j++) out[k++] = row[j] as number;
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Registers the plugin in place of HyperFormula's PERCENTILE.INC (once; engines built afterwards use it). */
export function registerSortedPercentile(): void {
  registerInPlaceOfOwn(["PERCENTILE.INC"], () => SortedPercentilePlugin);
}
