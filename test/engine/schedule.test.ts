/** The expense schedule of a per-resolution contract (src/engine/schedule.ts, docs/spec.md#expense-schedule). */
import { expenseSchedule, monthsUntilFinal, PricingProblem, SCHEDULE_COLUMNS } from "../../src/engine";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("a three-month contract, 30-day window (k = 1)", () => {
  // 1000, 1200, 900 resolutions at 0.99, 10% expected to reopen; actual 8%, 12%, not yet known.
  const rows = expenseSchedule([1000, 1200, 900], 0.99, 0.1, [0.08, 0.12, null]);

  test("N + k rows, months numbered from 1", () => {
    expect(rows.map((r) => r.month)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.resolutions)).toEqual([1000, 1200, 900, 0]);
  });
  test("each month accrues R x (1 - expected) x price", () => {
    const accrued = rows.map((r) => r.accrued);
    [891, 1069.2, 801.9, 0].forEach((x, i) => expect(accrued[i]).toBeCloseTo(x, 9));
  });
  test("a month later the true-up is R x (expected - actual) x price; zero while the actual is unknown", () => {
    const trueUp = rows.map((r) => r.trueUp);
    [0, 19.8, -23.76, 0].forEach((x, i) => expect(trueUp[i]).toBeCloseTo(x, 9));
  });
  test("final billable is R x (1 - actual) x price when the window closes, at the expected rate while unknown", () => {
    const fin = rows.map((r) => r.finalBillable);
    [0, 910.8, 1045.44, 801.9].forEach((x, i) => expect(fin[i]).toBeCloseTo(x, 9));
  });
  test("recognized = accrued + true-up, and the cumulative column adds them up", () => {
    let running = 0;
    for (const r of rows) {
      expect(r.recognized).toBeCloseTo(r.accrued + r.trueUp, 9);
      running += r.recognized;
      expect(r.cumulativeRecognized).toBeCloseTo(running, 9);
    }
  });
  test("the recognized amounts sum to the final billable amounts (2758.14)", () => {
    expect(sum(rows.map((r) => r.recognized))).toBeCloseTo(2758.14, 9);
    expect(sum(rows.map((r) => r.finalBillable))).toBeCloseTo(2758.14, 9);
  });
});

describe("windows", () => {
  test("k = ceil(window_days / 30): 24 hours is one month, 31 days two, 0 days none", () => {
    expect(monthsUntilFinal(1)).toBe(1);
    expect(monthsUntilFinal(30)).toBe(1);
    expect(monthsUntilFinal(31)).toBe(2);
    expect(monthsUntilFinal(0)).toBe(0);
  });
  test("a 60-day window adds two months, and finality moves two months later", () => {
    const rows = expenseSchedule([100], 1, 0.2, [0.1], 60);
    expect(rows).toHaveLength(3);
    expect(rows[1].finalBillable).toBe(0);
    expect(rows[2].finalBillable).toBeCloseTo(90, 9);
    expect(rows[2].trueUp).toBeCloseTo(10, 9);
  });
  test("a 0-day window settles in the month itself", () => {
    const rows = expenseSchedule([100, 50], 2, 0.1, [0.3]);
    const same = expenseSchedule([100, 50], 2, 0.1, [0.3], 0);
    expect(rows).toHaveLength(3);
    expect(same).toHaveLength(2);
    expect(same[0].recognized).toBeCloseTo(140, 9);
    expect(same[0].finalBillable).toBeCloseTo(140, 9);
  });
});

describe("the column names", () => {
  test("are the contract's, in the contract's order", () => {
    expect([...SCHEDULE_COLUMNS]).toEqual(["month", "resolutions", "accrued", "true-up", "recognized", "cumulative recognized", "final billable"]);
  });
});

describe("bad input", () => {
  function kindOf(f: () => unknown): [string, string] {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(PricingProblem);
      return [(e as PricingProblem).kind, (e as PricingProblem).argument];
    }
    throw new Error("expected a PricingProblem");
  }
  test("no months is #VALUE!", () => {
    expect(kindOf(() => expenseSchedule([], 1, 0.1))).toEqual(["value", "resolutions_by_month"]);
  });
  test("a negative month is #NUM! naming the month", () => {
    expect(kindOf(() => expenseSchedule([10, -1], 1, 0.1))).toEqual(["num", "resolutions_by_month[2]"]);
  });
  test("an expected or actual reopen rate outside 0..1 is #NUM!", () => {
    expect(kindOf(() => expenseSchedule([10], 1, 1.5))).toEqual(["num", "expected_reopen_rate"]);
    expect(kindOf(() => expenseSchedule([10], 1, 0.1, [2]))).toEqual(["num", "actual_reopen_rates[1]"]);
  });
  test("more actual rates than months is #VALUE!", () => {
    expect(kindOf(() => expenseSchedule([10], 1, 0.1, [0.1, 0.2]))).toEqual(["value", "actual_reopen_rates"]);
  });
  test("a window too long for a worksheet is #NUM!, at once (no endless schedule)", () => {
    expect(kindOf(() => expenseSchedule([10], 1, 0.1, [], 1e12))).toEqual(["num", "window_days"]);
    expect(kindOf(() => expenseSchedule([10], 1, 0.1, [], Number.MAX_VALUE))).toEqual(["num", "window_days"]);
    expect(expenseSchedule([10], 1, 0.1, [], 3000)).toHaveLength(101);
  });
  test("a negative window is #NUM!", () => {
    expect(kindOf(() => expenseSchedule([10], 1, 0.1, [], -30))).toEqual(["num", "window_days"]);
  });
});
