/**
 * Formulas typed into the cells of a real formula engine (HyperFormula), with the AIPRICE functions
 * registered from the built functions.json and functions.js: they take cell references and ranges,
 * spill, compose with the engine's own functions and recalculate when a scenario cell changes.
 */
import { DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import { aipriceSheet } from "../support/formula-engine";

/** A1-style address on the first sheet. */
function at(a1: string): SimpleCellAddress {
  const m = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!m) throw new Error(a1);
  const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { sheet: 0, row: Number(m[2]) - 1, col };
}
/** Full precision: no display rounding. */
const sheet = (rows: RawCellContent[][]) => aipriceSheet(rows, { smartRounding: false });
const value = (hf: HyperFormula, a1: string) => hf.getCellValue(at(a1));
const column = (hf: HyperFormula, a1: string, n: number) => Array.from({ length: n }, (_, i) => value(hf, a1.replace(/\d+/, (r) => String(Number(r) + i))));
function errorAt(hf: HyperFormula, a1: string): DetailedCellError {
  const x = value(hf, a1);
  expect(x).toBeInstanceOf(DetailedCellError);
  return x as DetailedCellError;
}

describe("SPEC's example formulas", () => {
  test("=AIPRICE.COST_PER_RESOLUTION(A1, B1:B6) spills a column", () => {
    const hf = sheet([
      [0.46, 0.5, "=AIPRICE.COST_PER_RESOLUTION(A1, B1:B6)"],
      [null, 0.6],
      [null, 0.7],
      [null, 0.8],
      [null, 0.9],
      [null, 1],
    ]);
    const expected = [0.5, 0.6, 0.7, 0.8, 0.9, 1].map((r) => 0.46 / r);
    column(hf, "C1", 6).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 12));
    expect(value(hf, "C7")).toBeNull();
  });

  test("=AIPRICE.COST_PER_RESOLUTION(0.46, SEQUENCE(6, 1, 0.5, 0.1)) is a sensitivity column in one formula", () => {
    const hf = sheet([["=AIPRICE.COST_PER_RESOLUTION(0.46, SEQUENCE(6, 1, 0.5, 0.1))"]]);
    column(hf, "A1", 6).forEach((x, i) => expect(x).toBeCloseTo(0.46 / (0.5 + 0.1 * i), 12));
  });

  test("=AIPRICE.COST_PER_RESOLUTION(B4, B2) with scenario cells, as SPEC's first example", () => {
    const hf = sheet([["rate"], [null, 0.9], ["cost"], [null, 0.46], ["=AIPRICE.COST_PER_RESOLUTION(B4, B2)"]]);
    expect(value(hf, "A5")).toBeCloseTo(0.5111111111, 9);
  });

  test.each([
    ["=AIPRICE.TOKEN_COST(20000, 3000, 3, 15)", 0.105],
    ["=AIPRICE.SEAT_COST(500, 100, 50000)", 1],
    ["=AIPRICE.RESOLUTION_FEE(0.99, 0.9)", 0.891],
    ["=AIPRICE.OUTCOME_FEE(0.5, 0.9, 0.8)", 0.36],
    ["=AIPRICE.REVSHARE_FEE(3, 0.5, 0.9, 0.15)", 0.3375],
    ["=AIPRICE.REVSHARE_NET(3, 0.5, 0.9, 0.15)", 0.8375],
    ["=AIPRICE.TCO_PER_CONVERSATION(0.11, 0.35)", 0.46],
    ["=AIPRICE.TCO_PER_CONVERSATION(0.11, 0.35, 2000, 10000, 24000, 12)", 0.86],
    ["=AIPRICE.COST_PER_RESOLUTION(0.46, 0.9)", 0.46 / 0.9],
    ["=AIPRICE.BLENDED_COST(0.46, 0.9, 3)", 0.76],
    ["=AIPRICE.BREAKEVEN_RESOLUTION_RATE(0.5, 0.99)", 0.5 / 0.99],
    ["=AIPRICE.BREAKEVEN_VOLUME(50000, 0, 0.5)", 100000],
    ['=AIPRICE.TIERED_COST(12000, {1000;10000;""}, {1;0.8;0.5})', 9200],
    ['=AIPRICE.TIERED_COST(12000, {1000;10000;""}, {1;0.8;0.5}, "volume")', 6000],
    ["=AIPRICE.ALLOWANCE_COST(120, 50, 0.99, 49)", 118.3],
    ["=AIPRICE.DISPUTE_EXPOSURE(10000, 0.95, 0.99)", 495],
    ["=AIPRICE.SLA_GATE(100, 3, 4, , 0.25)", 75],
  ])("%s = %d", (formula, expected) => {
    expect(value(sheet([[formula]]), "A1")).toBeCloseTo(expected, 12);
  });
});

describe("composition with the engine's own formulas", () => {
  test("nested AIPRICE calls and ROUND: the guide's bid A to four places", () => {
    const hf = sheet([["=ROUND(AIPRICE.COST_PER_RESOLUTION(AIPRICE.TCO_PER_CONVERSATION(AIPRICE.TOKEN_COST(20000, 6000, 2.5, 10), 0.2 + 0.15), 0.9), 4)"]]);
    expect(value(hf, "A1")).toBe(0.5111);
  });
  test("SUM and MIN over a spilled range; IFERROR around an error", () => {
    const hf = sheet([
      [0.5, "=AIPRICE.RESOLUTION_FEE(0.99, A1:A3)", "=SUM(B1:B3)", "=MIN(AIPRICE.COST_PER_RESOLUTION(0.46, A1:A3))", '=IFERROR(AIPRICE.COST_PER_RESOLUTION(0.46, 0), "no resolutions")'],
      [0.7],
      [0.9],
    ]);
    expect(value(hf, "C1")).toBeCloseTo(0.99 * 2.1, 12);
    expect(value(hf, "D1")).toBeCloseTo(0.46 / 0.9, 12);
    expect(value(hf, "E1")).toBe("no resolutions");
  });
  test("arithmetic on a function's result and on its arguments", () => {
    const hf = sheet([[100000, 0.9, "=AIPRICE.RESOLUTION_FEE(0.99, B1) * A1", "=AIPRICE.RESOLUTION_FEE(0.99, B1 - 0.1)"]]);
    expect(value(hf, "C1")).toBeCloseTo(89100, 9);
    expect(value(hf, "D1")).toBeCloseTo(0.792, 12);
  });
  test("array arithmetic in an argument: a range times a number", () => {
    const hf = sheet([[0.25, "=AIPRICE.COST_PER_RESOLUTION(0.46, A1:A2 * 2)"], [0.5]]);
    expect(value(hf, "B1")).toBeCloseTo(0.92, 12);
    expect(value(hf, "B2")).toBeCloseTo(0.46, 12);
  });
  test("too few or too many arguments is #N/A, as for the engine's own functions", () => {
    const hf = sheet([["=AIPRICE.COST_PER_RESOLUTION(0.46)", "=AIPRICE.COST_PER_RESOLUTION(0.46, 0.9, 1)", "=AIPRICE.TOKEN_COST(1, 2, 3, 4)"]]);
    expect(errorAt(hf, "A1").value).toBe("#N/A");
    expect(errorAt(hf, "B1").value).toBe("#N/A");
    expect(value(hf, "C1")).toBeCloseTo((1 * 3 + 2 * 4) / 1e6, 15);
  });
  test("a row of prices against a column of rates spills a table", () => {
    const hf = sheet([
      [null, 0.5, 0.99],
      [0.5, "=AIPRICE.RESOLUTION_FEE(B1:C1, A2:A3)"],
      [0.9],
    ]);
    expect(value(hf, "B2")).toBeCloseTo(0.25, 12);
    expect(value(hf, "C2")).toBeCloseTo(0.495, 12);
    expect(value(hf, "B3")).toBeCloseTo(0.45, 12);
    expect(value(hf, "C3")).toBeCloseTo(0.891, 12);
  });
});

describe("cells the analyst types", () => {
  test("a text cell where a number belongs is #VALUE! with the argument's name; a blank counts as 0", () => {
    const hf = sheet([["n/a", null, "=AIPRICE.RESOLUTION_FEE(0.99, A1)", "=AIPRICE.RESOLUTION_FEE(0.99, B1)"]]);
    const e = errorAt(hf, "C1");
    expect(e.value).toBe("#VALUE!");
    expect(e.message).toContain("resolution_rate");
    expect(value(hf, "D1")).toBe(0);
  });
  test("an error in a referenced cell comes back out unchanged", () => {
    const hf = sheet([["=1/0", "=AIPRICE.COST_PER_RESOLUTION(A1, 0.9)", "=NA()", "=AIPRICE.BLENDED_COST(0.46, C1, 3)"]]);
    expect(errorAt(hf, "B1").value).toBe("#DIV/0!");
    expect(errorAt(hf, "D1").value).toBe("#N/A");
  });
  test("a rate typed as a percentage is a number; a boolean counts as 1 or 0", () => {
    const hf = sheet([["90%", "=AIPRICE.RESOLUTION_FEE(0.99, A1)", true, "=AIPRICE.RESOLUTION_FEE(0.99, C1)"]]);
    expect(value(hf, "B1")).toBeCloseTo(0.891, 12);
    expect(value(hf, "D1")).toBe(0.99);
  });
  test("a number stored as text ('0.9) is #VALUE!, not read as a number", () => {
    const hf = sheet([["'0.9", "=AIPRICE.RESOLUTION_FEE(0.99, A1)"]]);
    expect(value(hf, "A1")).toBe("0.9");
    expect(errorAt(hf, "B1").message).toContain("not text");
  });
  test("omitted optional arguments (nothing between the commas) take their defaults", () => {
    const hf = sheet([["=AIPRICE.TCO_PER_CONVERSATION(0.11, 0.35, , , , )", "=AIPRICE.TOKEN_COST(20000, 3000, 3, 15, , , 2)"]]);
    expect(value(hf, "A1")).toBeCloseTo(0.46, 12);
    expect(value(hf, "B1")).toBeCloseTo(0.21, 12);
  });
  test("a rate of 0 is #DIV/0! in its own cell only", () => {
    const hf = sheet([[0.5, "=AIPRICE.COST_PER_RESOLUTION(0.46, A1:A3)"], [0], [1]]);
    expect(value(hf, "B1")).toBeCloseTo(0.92, 12);
    expect(errorAt(hf, "B2").value).toBe("#DIV/0!");
    expect(value(hf, "B3")).toBeCloseTo(0.46, 12);
  });
  test("cells beyond a shorter range are #N/A", () => {
    const hf = sheet([[1, 0.5, "=AIPRICE.COST_PER_RESOLUTION(A1:A3, B1:B2)"], [2, 0.5], [3]]);
    expect(value(hf, "C2")).toBe(4);
    expect(errorAt(hf, "C3").value).toBe("#N/A");
  });
});

describe("tiers and schedules from ranges", () => {
  test("TIERED_COST with bounds and prices in cells, the last bound blank", () => {
    const hf = sheet([
      [1000, 1, "=AIPRICE.TIERED_COST(12000, A1:A3, B1:B3)", '=AIPRICE.TIERED_COST(12000, A1:A3, B1:B3, "volume")'],
      [10000, 0.8],
      [null, 0.5],
    ]);
    expect(value(hf, "C1")).toBe(9200);
    expect(value(hf, "D1")).toBe(6000);
  });

  test("EXPENSE_SCHEDULE spills its header and N + k rows; the recognized column sums to the final billable column", () => {
    const hf = sheet([
      [1000, 0.08, "=AIPRICE.EXPENSE_SCHEDULE(A1:A3, 0.99, 0.1, B1:B3)"],
      [1200, 0.12],
      [900, null],
      [],
      [],
      ["=SUM(G2:G5)", "=SUM(I2:I5)"],
    ]);
    expect(value(hf, "C1")).toBe("month");
    expect(value(hf, "I1")).toBe("final billable");
    expect(value(hf, "C5")).toBe(4);
    expect(value(hf, "H5")).toBeCloseTo(2758.14, 9);
    expect(value(hf, "A6")).toBeCloseTo(2758.14, 9);
    expect(value(hf, "B6")).toBeCloseTo(2758.14, 9);
  });

  test("the window from a cell sizes the schedule; a window too long for a sheet is #NUM! in one cell", () => {
    const hf = sheet([
      [100, 60, "=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B1)"],
      [200, 1e12],
      [],
      [],
      [],
      ["=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B2)"],
    ]);
    expect(value(hf, "C5")).toBe(4);
    expect(value(hf, "C6")).toBeNull();
    expect(errorAt(hf, "A6").value).toBe("#NUM!");
    expect(errorAt(hf, "A6").message).toContain("window_days");
  });

  test("a window that grows after the formula was entered is #SPILL!, never a shortened schedule", () => {
    const hf = sheet([[100, 30, "=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B1)"], [200]]);
    expect(value(hf, "C4")).toBe(3);
    hf.setCellContents(at("B1"), 90);
    expect(errorAt(hf, "C1").value).toBe("#SPILL!");
    expect(errorAt(hf, "C1").message).toContain("enter the formula again");
    hf.setCellContents(at("C1"), "=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B1)");
    expect(value(hf, "C6")).toBe(5);
  });
});

describe("a live comparison: changing a scenario cell changes every figure", () => {
  // Scenario: B1 resolution rate, B2 human cost. Bids A, B, C in rows 5-7 (SPEC's table).
  const rows: RawCellContent[][] = [
    ["resolution rate", 0.9],
    ["human cost", 3],
    [],
    ["bid", "AI cost", "cost per resolution", "blended", "rank"],
    ["A", "=AIPRICE.TCO_PER_CONVERSATION(AIPRICE.TOKEN_COST(20000, 6000, 2.5, 10), 0.2 + 0.15)", "=AIPRICE.COST_PER_RESOLUTION(B5, $B$1)", "=AIPRICE.BLENDED_COST(B5, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D5)'],
    ["B", "=AIPRICE.RESOLUTION_FEE(0.99, $B$1)", "=AIPRICE.COST_PER_RESOLUTION(B6, $B$1)", "=AIPRICE.BLENDED_COST(B6, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D6)'],
    ["C", "=AIPRICE.REVSHARE_NET($B$2, 0.5, $B$1, 0.15)", "=AIPRICE.COST_PER_RESOLUTION(B7, $B$1)", "=AIPRICE.BLENDED_COST(B7, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D7)'],
  ];

  test("at r = 0.9, h = 3: SPEC's figures and the ranking A, C, B", () => {
    const hf = sheet(rows);
    const expected = [
      [0.46, 0.5111111111, 0.76, 1],
      [0.891, 0.99, 1.191, 3],
      [0.8375, 0.9305555556, 1.1375, 2],
    ];
    expected.forEach((line, i) => {
      const r = 5 + i;
      expect(value(hf, `B${r}`)).toBeCloseTo(line[0], 9);
      expect(value(hf, `C${r}`)).toBeCloseTo(line[1], 9);
      expect(value(hf, `D${r}`)).toBeCloseTo(line[2], 9);
      expect(value(hf, `E${r}`)).toBe(line[3]);
    });
  });

  test("at r = 0.4 the per-resolution bid B becomes the cheapest", () => {
    const hf = sheet(rows);
    hf.setCellContents(at("B1"), 0.4);
    expect(value(hf, "B6")).toBeCloseTo(0.396, 12);
    expect(value(hf, "E6")).toBe(1);
    expect(value(hf, "C5")).toBeCloseTo(0.46 / 0.4, 12);
  });
});
