/**
 * PERCENTILE.INC for the embedded formula engine (HyperFormula), with the same figures as its own, made
 * cheaper where a comparison sheet asks most: the risk view takes P10, P50 and P90 of the same row of
 * 2,000 drawn totals (and of costs per resolution), and HyperFormula read and sorted the row anew for each.
 * Here the sorted values of a range of cells are kept in HyperFormula's own cache of that range (the
 * one SUM and MAX keep their results in), which it empties whenever a cell of the range changes; of an
 * array that is not a range of cells (an expression) only the two values the rank falls between are
 * selected (the price to match's secant steps take one percentile of each). Values are read and checked
 * as HyperFormula's PERCENTILE.INC reads them (an error in the range is the result, no number is #NUM!),
 * and interpolated the same way (rank k x (n - 1) between its neighbours).
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own PERCENTILE.INC.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from "hyperformula";
import { interpolatedAtRank, percentileIncInPlace } from "../engine/risk";

/** The key of the sorted values in a range's cache (the functions' own keys are their names). */
const SORTED = "AIPRICE:sorted numbers";
/** HyperFormula's message for a range without a number. */
const ONE_VALUE = "Needs at least one value.";

type Sorted = Float64Array | CellError;

interface RangeCache {
  getFunctionValue(key: string): unknown;
  setFunctionValue(key: string, value: unknown): void;
}

/** PERCENTILE.INC of ascending values: the rank k x (n - 1), interpolated between its neighbours (as the engine does). */
export function percentileOfSorted(sorted: ArrayLike<number>, k: number): number {
  return interpolatedAtRank((place) => sorted[place], sorted.length, k);
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
      const cache = this.rangeCache(range);
      // An expression (not a range of cells) is read once: its two order statistics are selected, not sorted.
      if (!cache) {
        const numbers = this.numbers(range);
        return numbers instanceof CellError ? numbers : percentileIncInPlace(numbers, k);
      }
      const sorted = this.sortedValues(range, cache);
      return sorted instanceof CellError ? sorted : percentileOfSorted(sorted, k);
    });
  }

  /** HyperFormula's cache of a range of cells; undefined for an expression. */
  private rangeCache(range: SimpleRangeValue): RangeCache | undefined {
    const cells = (range as unknown as { range?: { start: unknown; end: unknown } }).range;
    return cells ? (this as any).dependencyGraph.getRange(cells.start, cells.end) : undefined;
  }

  /** The numbers of the range as HyperFormula's PERCENTILE.INC reads them (an error, or #NUM! without a number). */
  private numbers(range: SimpleRangeValue): Float64Array | CellError {
    const numbers = (this as any).arithmeticHelper.manyToExactNumbers(range.valuesFromTopLeftCorner()) as number[] | CellError;
    return numbers instanceof CellError ? numbers : numbers.length === 0 ? new CellError(ErrorType.NUM, ONE_VALUE) : Float64Array.from(numbers);
  }

  private sortedValues(range: SimpleRangeValue, cache: RangeCache): Sorted {
    const kept = cache.getFunctionValue(SORTED) as Sorted | undefined;
    if (kept !== undefined) return kept;
    const numbers = this.numbers(range);
    const sorted: Sorted = numbers instanceof CellError ? numbers : numbers.sort();
    cache.setFunctionValue(SORTED, sorted);
    return sorted;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const NAMES = { "PERCENTILE.INC": "PERCENTILE.INC" };

/** Registers the plugin in place of HyperFormula's PERCENTILE.INC (once; engines built afterwards use it). */
export function registerSortedPercentile(): void {
  if (HyperFormula.getFunctionPlugin("PERCENTILE.INC") === SortedPercentilePlugin) return;
  HyperFormula.registerFunctionPlugin(SortedPercentilePlugin, { enGB: NAMES, enUS: NAMES });
}
