/**
 * Formulas typed into the cells of a real formula engine (HyperFormula), with the AIPRICE functions
 * registered from the built functions.json and functions.js: they take cell references and ranges,
 * spill, compose with the engine's own functions and recalculate when a scenario cell changes.
 */
import { parseCell } from "../../src/workbook/a1";
import { DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import { aipriceSheet } from "../support/formula-engine";

/** A1-style address on the first sheet. */
function at(a1: string): SimpleCellAddress {
  const { row, col } = parseCell(a1);
  return { sheet: 0, row, col };
}
/** Full precision: no display rounding. */
const sheet = (rows: RawCellContent[][]) => aipriceSheet(rows, { smartRounding: false });
const value = (hf: HyperFormula, a1: string) => hf.getCellValue(at(a1));
const column = (hf: HyperFormula, a1: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    value(
      hf,
      a1.replace(/\d+/, (r) => String(Number(r) + i)),
    ),
  );
function errorAt(hf: HyperFormula, a1: string): DetailedCellError {
  const x = value(hf, a1);
  expect(x).toBeInstanceOf(DetailedCellError);
  return x as DetailedCellError;
}

describe("the contract's example formulas", () => {
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

  test("=AIPRICE.COST_PER_RESOLUTION(B4, B2) with scenario cells, as the spec's first example", () => {
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
    const hf = sheet([[0.5, "=AIPRICE.RESOLUTION_FEE(0.99, A1:A3)", "=SUM(B1:B3)", "=MIN(AIPRICE.COST_PER_RESOLUTION(0.46, A1:A3))", '=IFERROR(AIPRICE.COST_PER_RESOLUTION(0.46, 0), "no resolutions")'], [0.7], [0.9]]);
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
    const hf = sheet([[null, 0.5, 0.99], [0.5, "=AIPRICE.RESOLUTION_FEE(B1:C1, A2:A3)"], [0.9]]);
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
    const hf = sheet([[1000, 0.08, "=AIPRICE.EXPENSE_SCHEDULE(A1:A3, 0.99, 0.1, B1:B3)"], [1200, 0.12], [900, null], [], [], ["=SUM(G2:G5)", "=SUM(I2:I5)"]]);
    expect(value(hf, "C1")).toBe("month");
    expect(value(hf, "I1")).toBe("final billable");
    expect(value(hf, "C5")).toBe(4);
    expect(value(hf, "H5")).toBeCloseTo(2758.14, 9);
    expect(value(hf, "A6")).toBeCloseTo(2758.14, 9);
    expect(value(hf, "B6")).toBeCloseTo(2758.14, 9);
  });

  test("the window from a cell sizes the schedule; a window too long for a sheet is #NUM! in one cell", () => {
    const hf = sheet([[100, 60, "=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B1)"], [200, 1e12], [], [], [], ["=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B2)"]]);
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
    expect(value(hf, "C2")).toBeNull(); // one #SPILL! cell, not a block of them
    hf.setCellContents(at("C1"), "=AIPRICE.EXPENSE_SCHEDULE(A1:A2, 1, 0.1, , B1)");
    expect(value(hf, "C6")).toBe(5);
  });
});

describe("a live comparison: changing a scenario cell changes every figure", () => {
  // Scenario: B1 resolution rate, B2 human cost. Bids A, B, C in rows 5-7 (the worked example).
  const rows: RawCellContent[][] = [
    ["resolution rate", 0.9],
    ["human cost", 3],
    [],
    ["bid", "AI cost", "cost per resolution", "blended", "rank"],
    ["A", "=AIPRICE.TCO_PER_CONVERSATION(AIPRICE.TOKEN_COST(20000, 6000, 2.5, 10), 0.2 + 0.15)", "=AIPRICE.COST_PER_RESOLUTION(B5, $B$1)", "=AIPRICE.BLENDED_COST(B5, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D5)'],
    ["B", "=AIPRICE.RESOLUTION_FEE(0.99, $B$1)", "=AIPRICE.COST_PER_RESOLUTION(B6, $B$1)", "=AIPRICE.BLENDED_COST(B6, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D6)'],
    ["C", "=AIPRICE.REVSHARE_NET($B$2, 0.5, $B$1, 0.15)", "=AIPRICE.COST_PER_RESOLUTION(B7, $B$1)", "=AIPRICE.BLENDED_COST(B7, $B$1, $B$2)", '=1 + COUNTIF($D$5:$D$7, "<" & D7)'],
  ];

  test("at r = 0.9, h = 3: the worked example's figures and the ranking A, C, B", () => {
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

describe("the more functions typed into cells", () => {
  test.each([
    ["=AIPRICE.ESCALATED_PRICE(0.99, 0.05, 13)", 1.0395],
    ["=AIPRICE.CONTEXT_TOKEN_COST(300000, 2000, {0;272000}, {5;10}, {30;45})", 3.09],
    ["=AIPRICE.CONTEXT_TOKEN_COST(200000, 2000, {0,272000}, {5,10}, {30,45})", 1.06],
    ["=AIPRICE.CHARGE_COST(120, 0.99, 50)", 69.3],
    ["=AIPRICE.CHARGE_COST(40, 0.99, 50)", 0],
    ["=AIPRICE.CHARGE_COST(1234, 49, 0, 100)", 637],
    ["=AIPRICE.CHARGE_COST(1200, 49, 0, 100)", 588],
    ["=AIPRICE.CHARGE_COST(10, 2, , , 100)", 100],
    ["=INDEX(AIPRICE.COMMIT_TRUE_UP({100;200;300;50}, 500, 2), 5, 3)", 150],
    ["=INDEX(AIPRICE.CREDIT_BURN({300;300;300;300}, {1000;0;0;0}, 3), 4, 6)", 100],
    ["=SUM(AIPRICE.CHANCE_CHEAPEST({1,2;2,1;3,3}))", 1],
    ["=ROWS(AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, 2000))", 2000],
  ])("%s = %d", (formula, expected) => {
    expect(value(sheet([[formula]]), "A1")).toBeCloseTo(expected, 12);
  });

  test("PERT_DRAWS spills count rows from scenario cells; the same seed and count give every column the same ranks", () => {
    const hf = sheet([
      ["low", "likely", "high", "draws"],
      [0.3, 0.6, 0.8, 50],
      [50000, 80000, 150000],
      ["=AIPRICE.PERT_DRAWS(A2, B2, C2, D2, 7)", "=AIPRICE.PERT_DRAWS(A3, B3, C3, D2, 7)", '=COUNTIF(A$4:A$53, "<" & A4)', '=COUNTIF(B$4:B$53, "<" & B4)'],
    ]);
    const a = column(hf, "A4", 50) as number[];
    const b = column(hf, "B4", 50) as number[];
    expect(a.every((x) => x > 0.3 && x < 0.8)).toBe(true);
    expect(value(hf, "A54")).toBeNull();
    const rank = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length);
    expect(rank(a)).toEqual(rank(b));
    expect(value(hf, "C4")).toBe(value(hf, "D4"));
  });

  test("PERCENTILE.INC over the draws gives the engine's figure (the risk block's P10, P50, P90)", async () => {
    const { percentileInc, pertDraws } = await import("../../src/engine");
    const hf = sheet([["=AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, 2000, 1)", "=PERCENTILE.INC(A1:A2000, 0.1)", "=PERCENTILE.INC(A1:A2000, 0.5)", "=PERCENTILE.INC(A1:A2000, 0.9)"]]);
    const draws = pertDraws(0.3, 0.6, 0.8, 2000, 1);
    expect(value(hf, "B1")).toBe(percentileInc(draws, 0.1));
    expect(value(hf, "C1")).toBe(percentileInc(draws, 0.5));
    expect(value(hf, "D1")).toBe(percentileInc(draws, 0.9));
  });

  test("PERT_DRAWS with its count behind a name, written in a batch as the workbench builds a sheet, spills in full", () => {
    const hf = sheet([[]]);
    hf.batch(() => {
      hf.setCellContents(at("B1"), [[40]]);
      hf.addNamedExpression("Draws", "=Sheet1!$B$1");
      hf.setCellContents(at("A2"), [["=AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, Draws)"]]);
    });
    expect(typeof value(hf, "A41")).toBe("number");
    expect(value(hf, "A42")).toBeNull();
  });

  test("PERT_DRAWS with its count from a formula: sized when typed into a live sheet; loaded with the sheet, one #SPILL! cell asks to enter it again", () => {
    const hf = sheet([[20, "=A1 * 2", "=AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, B1)"]]);
    expect(errorAt(hf, "C1").value).toBe("#SPILL!");
    expect(errorAt(hf, "C1").message).toContain("enter the formula again");
    expect(value(hf, "C2")).toBeNull();
    hf.setCellContents(at("C1"), "=AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, B1)");
    expect(typeof value(hf, "C40")).toBe("number");
    expect(value(hf, "C41")).toBeNull();
  });

  test("CHANCE_CHEAPEST over a block of formulas spills one row; a scenario change recomputes it", () => {
    const hf = sheet([[0.9, "=A1 * 3", "=2.5"], [0.5, "=A2 * 3", "=2.5"], [0.1, "=A3 * 3", "=2.5"], ["=AIPRICE.CHANCE_CHEAPEST(B1:C3)"]]);
    // 2.7 vs 2.5, 1.5 vs 2.5, 0.3 vs 2.5: the first bid wins two rows in three.
    expect(value(hf, "A4")).toBeCloseTo(2 / 3, 12);
    expect(value(hf, "B4")).toBeCloseTo(1 / 3, 12);
    expect(value(hf, "C4")).toBeNull();
    hf.setCellContents(at("A2"), 0.95);
    expect(value(hf, "A4")).toBeCloseTo(1 / 3, 12);
  });

  test("COMMIT_TRUE_UP and CREDIT_BURN spill their header and one row per month; a changed input changes the table", () => {
    const hf = sheet([
      [100, 300, "=AIPRICE.COMMIT_TRUE_UP(A1:A4, 500, 2)", null, null, null, null, "=AIPRICE.CREDIT_BURN(B1:B4, F6:F9, 3)"],
      [200, 300],
      [300, 300],
      [50, 300],
      [],
      [null, null, null, null, null, 1000],
      [null, null, null, null, null, 0],
      [null, null, null, null, null, 0],
      [null, null, null, null, null, 0],
    ]);
    expect(value(hf, "C1")).toBe("month");
    expect(value(hf, "G1")).toBe("cumulative_billed");
    expect(column(hf, "E2", 4)).toEqual([0, 200, 0, 150]);
    expect(value(hf, "N1")).toBe("balance");
    expect(column(hf, "M2", 4)).toEqual([0, 0, 100, 0]);
    expect(column(hf, "N2", 4)).toEqual([700, 400, 0, 0]);
    hf.setCellContents(at("A4"), 500);
    expect(value(hf, "E5")).toBe(0);
    expect(value(hf, "G5")).toBe(1300);
  });

  test("ESCALATED_PRICE and CONTEXT_TOKEN_COST spill over their single-value arguments, not over the rate card", () => {
    const hf = sheet([[1, 0, 5, 30, 200000, "=AIPRICE.CONTEXT_TOKEN_COST(E1:E2, 2000, B1:B2, C1:C2, D1:D2)", "=AIPRICE.ESCALATED_PRICE(0.99, 0.05, A1:A3)"], [13, 272000, 10, 45, 300000], [25]]);
    expect(value(hf, "F1")).toBeCloseTo(1.06, 12);
    expect(value(hf, "F2")).toBeCloseTo(3.09, 12);
    expect(value(hf, "F3")).toBeNull();
    expect(column(hf, "G1", 3).map((x) => Math.round((x as number) * 1e6) / 1e6)).toEqual([0.99, 1.0395, 1.091475]);
  });
});

describe("an error is one cell, not a block, and a neighbour does not hide it", () => {
  test("EXPENSE_SCHEDULE with a bad argument is one #NUM! cell, not a 5 x 7 block", () => {
    const hf = sheet([["=AIPRICE.EXPENSE_SCHEDULE({1000;1200;900}, 0.99, 1.5)"]]);
    expect(errorAt(hf, "A1").value).toBe("#NUM!");
    expect(errorAt(hf, "A1").message).toContain("expected_reopen_rate");
    expect(value(hf, "A2")).toBeNull();
    expect(value(hf, "B1")).toBeNull();
    expect(value(hf, "G5")).toBeNull();
  });

  test("a cell where the table would have spilled does not turn the message into #SPILL!", () => {
    const hf = sheet([["=AIPRICE.EXPENSE_SCHEDULE({1000;1200;900}, 0.99, 1.5)"], [null, "note"]]);
    expect(errorAt(hf, "A1").value).toBe("#NUM!");
    expect(errorAt(hf, "A1").message).toContain("expected_reopen_rate");
    expect(value(hf, "B2")).toBe("note");
  });

  test("the same for a bad rate in a cell, loaded with the sheet (inputs above the formula) or typed later; and for the new tables", () => {
    const rows: RawCellContent[][] = [
      [1000, 1.5],
      [1200],
      [900],
      ["=AIPRICE.EXPENSE_SCHEDULE(A1:A3, 0.99, B1)", null, null, null, null, null, null, null, "=AIPRICE.COMMIT_TRUE_UP(A1:A3, -1)"],
      [null, "note", null, null, null, null, null, null, null, "note", "=AIPRICE.CREDIT_BURN(A1:A3, A1:A2)"],
      [null, null, null, null, null, null, null, null, null, null, null, "note"],
    ];
    const hf = sheet(rows);
    expect(errorAt(hf, "A4").value).toBe("#NUM!");
    expect(errorAt(hf, "A4").message).toContain("expected_reopen_rate");
    expect(errorAt(hf, "I4").value).toBe("#NUM!");
    expect(errorAt(hf, "I4").message).toContain("commitment");
    expect(errorAt(hf, "K5").value).toBe("#VALUE!");
    // Typed into the live sheet, with the inputs below it: sized the same way.
    hf.setCellContents(at("C10"), "=AIPRICE.EXPENSE_SCHEDULE(A11:A13, 0.99, B11)");
    hf.setCellContents(at("A11"), [[1000, 1.5], [1200], [900]]);
    hf.setCellContents(at("D11"), "note");
    hf.setCellContents(at("C10"), "=AIPRICE.EXPENSE_SCHEDULE(A11:A13, 0.99, B11)");
    expect(errorAt(hf, "C10").value).toBe("#NUM!");
    expect(errorAt(hf, "C10").message).toContain("expected_reopen_rate");
  });

  test("loaded with the sheet, inputs below the formula are not loaded yet when it is sized: the spill is sized from the shapes", () => {
    // The error still shows in one cell; only a cell in the way (none here) would turn it into #SPILL!.
    const hf = sheet([[null, null, "=AIPRICE.EXPENSE_SCHEDULE(A2:A4, 0.99, B2)"], [1000, 1.5], [1200], [900]]);
    expect(errorAt(hf, "C1").value).toBe("#NUM!");
    expect(value(hf, "D1")).toBeNull();
    expect(value(hf, "C2")).toBeNull();
  });

  test("an argument that turns bad after the formula was entered shows its error in the first cell only", () => {
    const hf = sheet([[1000, 0.1, "=AIPRICE.EXPENSE_SCHEDULE(A1:A3, 0.99, B1)"], [1200], [900]]);
    expect(value(hf, "C5")).toBe(4);
    hf.setCellContents(at("B1"), 1.5);
    expect(errorAt(hf, "C1").value).toBe("#NUM!");
    expect(value(hf, "C2")).toBeNull();
    expect(value(hf, "I5")).toBeNull();
    hf.setCellContents(at("B1"), 0.1);
    expect(value(hf, "C5")).toBe(4);
  });

  test("TIERED_COST with bad tiers over a column of quantities: one error cell", () => {
    const hf = sheet([[100, "=AIPRICE.TIERED_COST(A1:A3, {1000;500}, {1;2})"], [200], [300]]);
    expect(errorAt(hf, "B1").value).toBe("#NUM!");
    expect(value(hf, "B2")).toBeNull();
  });

  test("a spill too large to return (a row of 3,000 against a column of 5,000) is one #NUM! cell that says why", () => {
    const hf = sheet([["=AIPRICE.COST_PER_RESOLUTION(SEQUENCE(5000, 1, 1, 0), SEQUENCE(1, 3000, 0.5, 0))"]]);
    expect(errorAt(hf, "A1").value).toBe("#NUM!");
    expect(errorAt(hf, "A1").message).toContain("15,000,000 cells");
    expect(value(hf, "A2")).toBeNull();
  });
});

describe("a result that outgrows its spill", () => {
  test("reenterOutgrownSpills enters such formulas again, so a grown PERT_DRAWS count spills in full", async () => {
    const { reenterOutgrownSpills } = await import("../../src/embedded/hyperformula-aiprice");
    const hf = sheet([[10, "=AIPRICE.PERT_DRAWS(0.3, 0.6, 0.8, A1)", "=AIPRICE.COST_PER_RESOLUTION(0.46, 0.9)"]]);
    expect(typeof value(hf, "B10")).toBe("number");
    hf.setCellContents(at("A1"), 20);
    expect(errorAt(hf, "B1").value).toBe("#SPILL!");
    expect(reenterOutgrownSpills(hf)).toBe(1);
    expect(typeof value(hf, "B20")).toBe("number");
    expect(value(hf, "B21")).toBeNull();
    expect(reenterOutgrownSpills(hf)).toBe(0);
    // A smaller count fits the spill already: the cells below are blank.
    hf.setCellContents(at("A1"), 5);
    expect(value(hf, "B6")).toBeNull();
    expect(reenterOutgrownSpills(hf)).toBe(0);
  });
});

describe("how the embedded engine sizes each function's spill", () => {
  test("every function SIZING names exists, with the parameters it reads as a whole; a wrong name fails at registration", async () => {
    const { SIZING, aipricePlugin } = await import("../../src/embedded/hyperformula-aiprice");
    const { builtFunctions } = await import("../support/load-functions");
    const built = builtFunctions();
    for (const [id, rule] of Object.entries(SIZING)) {
      const f = built.metadata.functions.find((m) => m.id === id);
      expect(f).toBeDefined();
      for (const w of rule.whole ?? []) expect(f!.parameters.map((p) => p.name)).toContain(w);
    }
    // Every function whose result is a table, or that reads a list as a whole, has a rule.
    for (const id of ["TIERED_COST", "CONTEXT_TOKEN_COST", "EXPENSE_SCHEDULE", "COMMIT_TRUE_UP", "CREDIT_BURN", "PERT_DRAWS", "CHANCE_CHEAPEST"]) {
      expect(SIZING[id]).toBeDefined();
    }
    const renamed = {
      functions: built.metadata.functions.map((f) => (f.id === "TIERED_COST" ? { ...f, parameters: f.parameters.map((p) => (p.name === "mode" ? { ...p, name: "tier_mode" } : p)) } : f)),
    };
    expect(() => aipricePlugin(renamed, built.implementations)).toThrow(/TIERED_COST reads "mode"/);
  });
});
