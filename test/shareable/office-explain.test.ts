/**
 * The Office.js port's side of "Explain this cell" and of the shareable copy: the active cell, one cell
 * with its formula (or its spill parent's, where ExcelApi 1.12 is there; said unknown where it is not,
 * without calling it) and the names, and a range's contents as typed. Against a small stand-in for the
 * few Office.js calls these make, counting round trips.
 */
import { OfficeWorkbook, type ExcelHost } from "../../src/workbook/office-workbook";
import { cellAddress, parseCell } from "../../src/workbook/a1";

interface FakeCell {
  formula?: string;
  value: unknown;
  type: string;
  /** The spill this cell belongs to (its first cell), for a cell without a formula of its own. */
  spilledFrom?: string;
}

function host(cells: Record<string, FakeCell>, active: string, spillCalls: string[]): ExcelHost & { syncs: number } {
  const sheetName = "Bid comparison";
  const cellAt = (a: string): FakeCell => cells[a] ?? { value: "", type: "Empty" };
  const rangeOf = (address: string) => {
    const [from, to] = address.split(":");
    const a = parseCell(from);
    const b = parseCell(to ?? from);
    const grid = (f: (c: FakeCell) => unknown) => Array.from({ length: b.row - a.row + 1 }, (_, i) => Array.from({ length: b.col - a.col + 1 }, (_, j) => f(cellAt(cellAddress({ row: a.row + i, col: a.col + j })))));
    return {
      load: () => undefined,
      get formulas() {
        return grid((c) => c.formula ?? c.value);
      },
      get values() {
        return grid((c) => c.value);
      },
      get valueTypes() {
        return grid((c) => c.type);
      },
      getSpillParentOrNullObject() {
        spillCalls.push(address);
        const parent = cellAt(from).spilledFrom;
        return { isNullObject: !parent, address: parent ? `'${sheetName}'!$${parent.replace(/(\d+)/, "$$$1")}` : "", formulas: parent ? [[cellAt(parent).formula]] : [[]], load: () => undefined };
      },
    };
  };
  const h = {
    syncs: 0,
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      const context = {
        sync: async () => {
          h.syncs++;
        },
        workbook: {
          getActiveCell: () => ({ address: `'${sheetName}'!${active}`, load: () => undefined }),
          worksheets: {
            getItem: (name: string) => {
              if (name !== sheetName) throw new Error(`ItemNotFound: ${name}`);
              return { getRange: rangeOf, names: { load: () => undefined, items: [{ name: "ResolutionRate", formula: `='${sheetName}'!$B$8` }] } };
            },
          },
          names: { load: () => undefined, items: [{ name: "Budget", formula: "=Budget!$A$1" }] },
        },
      };
      return batch(context as unknown as Excel.RequestContext);
    },
  };
  return h;
}

const CELLS: Record<string, FakeCell> = {
  M21: { formula: '=IF(E21=0, "resolves nothing", AIPRICE.COST_PER_RESOLUTION(L21, E21))', value: "#NUM!", type: "Error" },
  B60: { formula: "=AIPRICE.COST_PER_RESOLUTION(0.46, {0.5,0.6})", value: 0.92, type: "Double" },
  C60: { value: 0.7666, type: "Double", spilledFrom: "B60" },
  A1: { value: "'=not a formula", type: "String" },
};

describe("OfficeWorkbook: the selection, a cell inspected, contents as typed", () => {
  test("the active cell: its sheet and address, one round trip", async () => {
    const h = host(CELLS, "M21", []);
    expect(await new OfficeWorkbook(h, () => true).selection()).toEqual({ sheet: "Bid comparison", address: "M21" });
    expect(h.syncs).toBe(1);
  });

  test("a cell with a formula: the formula, the error, the sheet's and the workbook's names; no spill call", async () => {
    const spill: string[] = [];
    const h = host(CELLS, "M21", spill);
    const x = await new OfficeWorkbook(h, () => true).inspectCell("Bid comparison", "M21");
    expect(x).toEqual({
      sheet: "Bid comparison",
      address: "M21",
      value: { error: "#NUM!" },
      formula: CELLS.M21.formula,
      formulaCell: "M21",
      spillKnown: true,
      names: [
        { name: "ResolutionRate", sheet: "Bid comparison", refersTo: "='Bid comparison'!$B$8" },
        { name: "Budget", sheet: null, refersTo: "=Budget!$A$1" },
      ],
    });
    expect(spill).toEqual([]);
    expect(h.syncs).toBe(1);
  });

  test("a cell of a spill: its parent's formula where ExcelApi 1.12 is there; where it is not, said so and not called", async () => {
    let spill: string[] = [];
    let h = host(CELLS, "C60", spill);
    const known = await new OfficeWorkbook(h, () => true).inspectCell("Bid comparison", "C60");
    expect(known).toMatchObject({ value: 0.7666, formula: CELLS.B60.formula, formulaCell: "B60", spillKnown: true });
    expect(spill).toEqual(["C60"]);
    expect(h.syncs).toBe(2);
    spill = [];
    h = host(CELLS, "C60", spill);
    const old = await new OfficeWorkbook(h, () => false).inspectCell("Bid comparison", "C60");
    expect(old).toMatchObject({ value: 0.7666, formula: null, formulaCell: null, spillKnown: false });
    expect(spill).toEqual([]);
  });

  test("contents as typed: formulas, numbers, text without its apostrophe, null for empty", async () => {
    const h = host(CELLS, "A1", []);
    expect(await new OfficeWorkbook(h, () => true).readFormulas("Bid comparison", "A1:B1")).toEqual([["=not a formula", null]]);
    expect(await new OfficeWorkbook(h, () => true).readFormulas("Bid comparison", "B60:C60")).toEqual([[CELLS.B60.formula, 0.7666]]);
  });
});
