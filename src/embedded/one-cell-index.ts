/**
 * INDEX for the embedded formula engine (HyperFormula), with the same results as its own, made cheaper
 * where a comparison sheet asks most: INDEX(range, row, [col]) of a range of cells (the leader's figure
 * from a column of 60 bids, a bid's name by rank) had HyperFormula read the whole range, cell by cell, to
 * give one of its cells: thousands of times per edit of 60 bids. Here a range of cells not read yet gives
 * the one cell asked for, read as HyperFormula reads each cell of a range; anything else (an array or an
 * expression, a range already read, a whole column, a row or column outside the range) is answered as
 * HyperFormula's INDEX answers it, with its messages.
 *
 * Used by the embedded workbook only (the workbench and the tests): Excel computes its own INDEX.
 */
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue } from "hyperformula";
import { registerInPlaceOfOwn } from "./own-functions";

/** HyperFormula's messages for INDEX's errors (its own words, as its INDEX gives them). */
const LESS_THAN_ONE = "Argument cannot be less than 1.";
const VALUE_LARGE = "Value too large.";
const CELL_RANGE_EXPECTED = "Cell range expected.";
const SCALAR_EXPECTED = "Cell range not allowed.";

/** A range of cells as HyperFormula holds it before its values are read. */
interface CellsNotRead {
  _data?: unknown;
  range?: { start: { sheet: number; row: number; col: number }; effectiveEndRow(graph: unknown): number; effectiveEndColumn(graph: unknown): number };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's plugin internals are untyped */
export class OneCellIndexPlugin extends FunctionPlugin {
  static implementedFunctions = {
    INDEX: {
      method: "index",
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }],
    },
  };

  index(ast: any, state: any): unknown {
    return (this as any).runFunction(ast.args, state, (this as any).metadata("INDEX"), (range: SimpleRangeValue, row: number, col: number) => {
      if (col < 1 || row < 1) return new CellError(ErrorType.VALUE, LESS_THAN_ONE);
      if (col > range.width() || row > range.height()) return new CellError(ErrorType.NUM, VALUE_LARGE);
      const one = this.oneCell(range, row, col);
      if (one !== undefined) return one;
      const data = range.data as unknown[][] | undefined;
      return data?.[row - 1]?.[col - 1] ?? data?.[0]?.[0] ?? new CellError(ErrorType.VALUE, CELL_RANGE_EXPECTED);
    });
  }

  /**
   * The cell at (row, col) of a range of cells not read yet, within the cells HyperFormula would read of
   * it (a whole column's end is the sheet's), as it reads each of them (a cell holding a whole array reads
   * as an error); undefined for anything else.
   */
  private oneCell(range: SimpleRangeValue, row: number, col: number): unknown {
    const cells = (range as unknown as CellsNotRead).range;
    if ((range as unknown as CellsNotRead)._data !== undefined || typeof cells?.effectiveEndRow !== "function") return undefined;
    const graph = (this as any).dependencyGraph;
    const at = { sheet: cells.start.sheet, row: cells.start.row + row - 1, col: cells.start.col + col - 1 };
    if (at.row > cells.effectiveEndRow(graph) || at.col > cells.effectiveEndColumn(graph)) return undefined;
    const value = graph.getCellValue(at);
    if (value instanceof SimpleRangeValue) return new CellError(ErrorType.VALUE, SCALAR_EXPECTED);
    return value ?? undefined;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Registers the plugin in place of HyperFormula's INDEX (once; engines built afterwards use it). */
export function registerOneCellIndex(): void {
  registerInPlaceOfOwn(["INDEX"], () => OneCellIndexPlugin);
}
