/**
 * The embedded workbook's patches to HyperFormula (src/workbook/embedded-engine-patches.ts) change no
 * value. A range read by a formula is copied from a spilled result's rows where it lies within one: over
 * random sheets of spills (some blocked, some holding text, errors or blanks) and typed values, every
 * random range a formula reads gives the values HyperFormula's own cell-by-cell reading gives.
 */
import fc from "fast-check";
import { HyperFormula, RawCellContent } from "hyperformula";
import { patchEngine } from "../../src/workbook/embedded-engine-patches";
import { withoutChangesOn } from "../../src/workbook/embedded-change-lists";
import { registerFastConditionals } from "../../src/embedded/fast-conditionals";

const ROWS = 8;
const COLS = 8;
const col = (c: number) => String.fromCharCode(65 + c);

/** A spill at a random place: numbers, or numbers with text, an error or blanks among them. */
const spill = fc.record({ row: fc.nat(ROWS - 1), col: fc.nat(COLS - 1), h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 5 }), kind: fc.constantFrom("numbers", "text", "error", "blank") });
const typed = fc.record({ row: fc.nat(ROWS - 1), col: fc.nat(COLS - 1), value: fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constant("typed")) });
const range = fc.record({ row: fc.nat(ROWS - 1), col: fc.nat(COLS - 1), h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 6 }) });

function spillFormula(s: { h: number; w: number; kind: string }): string {
  const seq = `SEQUENCE(${s.h}, ${s.w}, 1.5)`;
  if (s.kind === "text") return `=IF(${seq}>3, "t", ${seq})`;
  if (s.kind === "error") return `=IF(${seq}>3, 1/0, ${seq})`;
  if (s.kind === "blank") return `=IF(${seq}>3, A20, ${seq})`;
  return `=${seq}*2`;
}

const shown = (v: unknown) => (v !== null && typeof v === "object" && "type" in v ? String((v as { type: string }).type) : v);

describe("the embedded workbook's engine patches", () => {
  beforeAll(() => registerFastConditionals());

  test("a range read by a formula gives the values of its cells, within a spill, across spills, over blocked ones", () => {
    fc.assert(
      fc.property(fc.array(spill, { maxLength: 5 }), fc.array(typed, { maxLength: 6 }), fc.array(range, { minLength: 1, maxLength: 5 }), (spills, values, ranges) => {
        const hf = HyperFormula.buildFromSheets({ Data: [], Read: [] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
        patchEngine(hf);
        try {
          const data = hf.getSheetId("Data")!;
          const read = hf.getSheetId("Read")!;
          for (const s of spills) hf.setCellContents({ sheet: data, row: s.row, col: s.col }, [[spillFormula(s)]]);
          for (const v of values) hf.setCellContents({ sheet: data, row: v.row, col: v.col }, [[v.value]]);
          ranges.forEach((r, k) => {
            const a1 = `Data!$${col(r.col)}$${r.row + 1}:$${col(r.col + r.w - 1)}$${r.row + r.h}`;
            // Read whole by the formula (an IF passes every element through as it is), and cell by cell.
            hf.setCellContents({ sheet: read, row: k * 6, col: 0 }, [[`=IF(1, ${a1})`]]);
            const byFormula = hf.getRangeValues({ start: { sheet: read, row: k * 6, col: 0 }, end: { sheet: read, row: k * 6 + r.h - 1, col: r.w - 1 } });
            const byCell = hf.getRangeValues({ start: { sheet: data, row: r.row, col: r.col }, end: { sheet: data, row: r.row + r.h - 1, col: r.col + r.w - 1 } });
            expect(byFormula.map((line) => line.map(shown))).toEqual(byCell.map((line) => line.map(shown)));
          });
        } finally {
          hf.destroy();
        }
      }),
      { numRuns: 200 },
    );
  });

  test("a range within one spill reads that spill's values; once the spill is blocked, its error", () => {
    const hf = HyperFormula.buildFromSheets({ Data: [[null, "=SEQUENCE(2, 6)*2"]], Read: [["=SUM(Data!C1:F2)", "=IF(1, Data!C2:E2)"]] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
    patchEngine(hf);
    try {
      const read = hf.getSheetId("Read")!;
      hf.setCellContents({ sheet: read, row: 0, col: 0 }, [["=SUM(Data!C1:F2)", "=IF(1, Data!C2:E2)"]]);
      expect(hf.getSheetValues(read)[0]).toEqual([2 * (2 + 3 + 4 + 5 + 8 + 9 + 10 + 11), 16, 18, 20]);
      hf.setCellContents({ sheet: hf.getSheetId("Data")!, row: 1, col: 6 }, [["in the way"]]);
      const row = hf.getRangeValues({ start: { sheet: read, row: 0, col: 0 }, end: { sheet: read, row: 0, col: 3 } })[0];
      expect(row).toEqual([0, null, null, null]);
      expect(shown(hf.getCellValue({ sheet: hf.getSheetId("Data")!, row: 0, col: 1 }))).toBe("SPILL");
    } finally {
      hf.destroy();
    }
  });

  test("texts compared with numbers read as dates as HyperFormula reads them, the second time too", () => {
    const texts = ["", "01/02/2026", "13:30", "2026-01-05", "not priced", "1/2/2026 10:00", "31/02/2026"];
    const formulas = texts.flatMap((t) => [`="${t}"<46000`, `="${t}"=46024`, `="${t}">0.5`, `=IF({1,2}<="${t}", 1, 0)`]);
    const values = (patched: boolean) => {
      const hf = HyperFormula.buildFromArray([formulas, formulas], { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
      if (patched) patchEngine(hf);
      try {
        hf.setCellContents({ sheet: 0, row: 1, col: 0 }, [formulas]); // computed again, after the readings were kept
        return hf.getSheetValues(0).map((row) => row.map(shown));
      } finally {
        hf.destroy();
      }
    };
    expect(values(true)).toEqual(values(false));
  });

  test("a sheet being written is not listed as changed; the cells it changes on other sheets are", () => {
    const hf = HyperFormula.buildFromSheets({ New: [], Old: [["=SUM(New!A1:A3)"]] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
    patchEngine(hf);
    try {
      const written = hf.getSheetId("New")!;
      const listed: { sheet: number; row: number; col: number }[] = [];
      hf.on("valuesUpdated", (changes) => changes.forEach((c) => "address" in c && listed.push(c.address)));
      withoutChangesOn(new Set([written]), () => hf.batch(() => hf.setCellContents({ sheet: written, row: 0, col: 0 }, [[1], [2], ["=SEQUENCE(1, 3)"]])));
      expect(listed).toEqual([{ sheet: hf.getSheetId("Old")!, row: 0, col: 0 }]);
      expect(hf.getCellValue({ sheet: hf.getSheetId("Old")!, row: 0, col: 0 })).toBe(4);
      hf.setCellContents({ sheet: written, row: 0, col: 0 }, [[5]]);
      expect(listed.length).toBe(3); // afterwards the sheet's changes are listed again: A1, and Old!A1
    } finally {
      hf.destroy();
    }
  });

  test("a spill's area found free is looked over again after any cell is placed, moved or removed: every value is HyperFormula's own", () => {
    // Spills whose input changes (recomputed each time), and values typed into, cleared from and around
    // their areas, rows and columns added and removed, formulas entered over them.
    const op = fc.oneof(
      fc.record({ kind: fc.constant("input"), value: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("write"), row: fc.nat(6), col: fc.nat(6), content: fc.constantFrom<RawCellContent>(7, "x", null, "=A1*2", "=SEQUENCE(2, 2)") }),
      fc.record({ kind: fc.constantFrom("addRow", "removeRow", "addColumn", "removeColumn"), at: fc.nat(6) }),
    );
    const run = (ops: { kind: string; value?: number; row?: number; col?: number; content?: RawCellContent; at?: number }[], patched: boolean) => {
      const hf = HyperFormula.buildFromSheets({ S: [[2, "=SEQUENCE(A1, 3)"], [], [], [], [null, null, null, null, "=SEQUENCE(2, A1)"]] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
      if (patched) patchEngine(hf);
      // The values after each step; a step HyperFormula itself throws on (a formula written over a spill's
      // corner, then its row removed: "Unknown node", patched or not) ends the run with its message.
      const steps: unknown[] = [];
      try {
        for (const o of ops) {
          if (o.kind === "input") hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[o.value!]]);
          else if (o.kind === "write") hf.setCellContents({ sheet: 0, row: o.row!, col: o.col! }, [[o.content!]]);
          else if (o.kind === "addRow") hf.addRows(0, [o.at! + 1, 1]);
          else if (o.kind === "removeRow") hf.removeRows(0, [o.at! + 1, 1]);
          else if (o.kind === "addColumn") hf.addColumns(0, [o.at! + 1, 1]);
          else hf.removeColumns(0, [o.at! + 1, 1]);
          steps.push(hf.getSheetValues(0).map((line) => line.map(shown)));
        }
        return steps;
      } catch (e) {
        return [...steps, `thrown: ${e instanceof Error ? e.message : String(e)}`];
      } finally {
        hf.destroy();
      }
    };
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        expect(run(ops, true)).toEqual(run(ops, false));
      }),
      { numRuns: 300 },
    );
  });

  test("values nothing depends on are left out of a recomputation: every value and every change listed is HyperFormula's own", () => {
    // Writes of numbers, texts, blanks and formulas (over cells and ranges, some reading cells written later), in batches.
    const content = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constantFrom("x", null, "=A1+B2", "=SUM(A1:C3)", "=SEQUENCE(2, 2)", "=IF(C3>0, D4, 1/0)", "=COUNT(B1:B8)*2", "=E5"));
    const write = fc.record({ row: fc.nat(5), col: fc.nat(5), content });
    const run = (batches: { row: number; col: number; content: unknown }[][], patched: boolean) => {
      const hf = HyperFormula.buildFromSheets({ S: [] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
      if (patched) patchEngine(hf);
      const listed: string[][] = [];
      hf.on("valuesUpdated", (changes) => listed.push(changes.flatMap((c) => ("address" in c ? [`${c.address.row},${c.address.col}=${String(shown(c.newValue))}`] : [])).sort()));
      try {
        return batches
          .map((batch) => {
            hf.batch(() => batch.forEach((w) => hf.setCellContents({ sheet: 0, row: w.row, col: w.col }, [[w.content as string]])));
            return hf.getSheetValues(0).map((line) => line.map(shown));
          })
          .concat([listed as never]);
      } finally {
        hf.destroy();
      }
    };
    fc.assert(
      fc.property(fc.array(fc.array(write, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (batches) => {
        expect(run(batches, true)).toEqual(run(batches, false));
      }),
      { numRuns: 300 },
    );
  });
});
