/** Spend commitments, prepaid credits and escalators over a contract term (src/engine/commitments.ts). */
import fc from "fast-check";
import { COMMIT_COLUMNS, commitTrueUp, CREDIT_COLUMNS, creditBurn, escalatedPrice, MAX_SCHEDULE_MONTHS } from "../../src/engine";
import { problemOf } from "../support/problem-of";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const near = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b), scale);

describe("commitTrueUp", () => {
  test("the contract's example: spend {100, 200, 300, 50}, commitment 500, period 2: true-ups 0, 200, 0, 150; billed 100, 400, 300, 200", () => {
    const rows = commitTrueUp([100, 200, 300, 50], 500, 2);
    expect(rows.map((r) => r.month)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.spend)).toEqual([100, 200, 300, 50]);
    expect(rows.map((r) => r.trueUp)).toEqual([0, 200, 0, 150]);
    expect(rows.map((r) => r.billed)).toEqual([100, 400, 300, 200]);
    expect(rows.map((r) => r.cumulativeBilled)).toEqual([100, 500, 800, 1000]);
  });
  test("the column names, in order", () => {
    expect([...COMMIT_COLUMNS]).toEqual(["month", "spend", "true_up", "billed", "cumulative_billed"]);
  });
  test("an annual commitment (the default period, 12 months) that a ramp leaves unused shows its true-up in month 12", () => {
    const ramp = Array.from({ length: 24 }, (_, m) => 1000 * Math.min(1, (m + 1) / 12));
    const rows = commitTrueUp(ramp, 12000);
    const year1 = sum(ramp.slice(0, 12));
    expect(rows[11].trueUp).toBeCloseTo(12000 - year1, 9);
    expect(rows.filter((r) => r.trueUp > 0).map((r) => r.month)).toEqual([12]);
    expect(rows[23].trueUp).toBe(0); // year 2 spends 12,000: nothing to true up
  });
  test("a last, shorter period commits its share: 3 months of a 12-month period commit a quarter", () => {
    const rows = commitTrueUp(Array(15).fill(100), 12000, 12);
    expect(rows[11].trueUp).toBe(12000 - 1200);
    expect(rows[14].trueUp).toBe(3000 - 300);
  });
  test("spend above the commitment: no true-up", () => {
    expect(commitTrueUp([600, 600], 1000, 2).map((r) => r.trueUp)).toEqual([0, 0]);
  });
  test("bad input: no months is #VALUE!; negative spend or commitment, a period that is not a whole number of months, #NUM!", () => {
    expect(problemOf(() => commitTrueUp([], 100)).kind).toBe("value");
    expect(problemOf(() => commitTrueUp([100, -1], 100)).argument).toBe("spend_by_month[2]");
    expect(problemOf(() => commitTrueUp([100], -100)).argument).toBe("commitment");
    for (const p of [0, 1.5, -12, NaN]) expect(problemOf(() => commitTrueUp([100], 100, p)).argument).toBe("period_months");
    expect(problemOf(() => commitTrueUp(new Array(MAX_SCHEDULE_MONTHS + 1).fill(0), 1)).kind).toBe("num");
  });
  test("property: over each period, billed = max(period commitment, period spend); billed >= spend in every month", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 1, max: 13 }), (spend, commitment, p) => {
        const rows = commitTrueUp(spend, commitment, p);
        if (rows.some((r) => r.billed < r.spend || r.trueUp < 0)) return false;
        for (let start = 0; start < spend.length; start += p) {
          const period = rows.slice(start, start + p);
          const committed = (commitment * period.length) / p;
          const spent = sum(period.map((r) => r.spend));
          if (!near(sum(period.map((r) => r.billed)), Math.max(committed, spent), committed + spent)) return false;
        }
        return near(rows[rows.length - 1].cumulativeBilled, sum(rows.map((r) => r.billed)), sum(spend) + commitment);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("creditBurn", () => {
  test("the contract's example: used {300 x 4}, bought {1000, 0, 0, 0}, expiry 3", () => {
    const rows = creditBurn([300, 300, 300, 300], [1000, 0, 0, 0], 3);
    expect(rows.map((r) => r.month)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.bought)).toEqual([1000, 0, 0, 0]);
    expect(rows.map((r) => r.used)).toEqual([300, 300, 300, 300]);
    expect(rows.map((r) => r.fromCredits)).toEqual([300, 300, 300, 0]);
    expect(rows.map((r) => r.overage)).toEqual([0, 0, 0, 300]);
    expect(rows.map((r) => r.expired)).toEqual([0, 0, 100, 0]);
    expect(rows.map((r) => r.balance)).toEqual([700, 400, 0, 0]);
  });
  test("the column names, in order", () => {
    expect([...CREDIT_COLUMNS]).toEqual(["month", "bought", "used", "from_credits", "overage", "expired", "balance"]);
  });
  test("credits that never expire (no expiry) roll over", () => {
    const rows = creditBurn([300, 300, 300, 300], [1000, 0, 0, 0]);
    expect(rows.map((r) => r.fromCredits)).toEqual([300, 300, 300, 100]);
    expect(rows.map((r) => r.overage)).toEqual([0, 0, 0, 200]);
    expect(rows.map((r) => r.expired)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.balance)).toEqual([700, 400, 100, 0]);
  });
  test("use draws on the oldest credits first, so newer packs last longer", () => {
    // Packs of 500 in months 1 and 2, each usable for 2 months; 400 used a month.
    const rows = creditBurn([400, 400, 400], [500, 500, 0], 2);
    // Month 1: 400 of pack 1. Month 2: 100 of pack 1, 300 of pack 2 (pack 1 is then spent). Month 3: 200 of pack 2.
    expect(rows.map((r) => r.fromCredits)).toEqual([400, 400, 200]);
    expect(rows.map((r) => r.expired)).toEqual([0, 0, 0]);
    expect(rows.map((r) => r.overage)).toEqual([0, 0, 200]);
    expect(rows.map((r) => r.balance)).toEqual([100, 200, 0]);
  });
  test("credits expire at the end of their last month: a one-month expiry uses them in their month only", () => {
    const rows = creditBurn([100, 100], [300, 0], 1);
    expect(rows.map((r) => r.expired)).toEqual([200, 0]);
    expect(rows.map((r) => r.overage)).toEqual([0, 100]);
  });
  test("bad input: ranges of different lengths #VALUE!; negative counts or an expiry that is not a whole number of months, #NUM!", () => {
    expect(problemOf(() => creditBurn([1, 2], [1])).kind).toBe("value");
    expect(problemOf(() => creditBurn([], [])).kind).toBe("value");
    expect(problemOf(() => creditBurn([1, -2], [1, 1])).argument).toBe("credits_used_by_month[2]");
    expect(problemOf(() => creditBurn([1], [-1])).argument).toBe("credits_bought_by_month[1]");
    for (const e of [0, 2.5, -1, NaN]) expect(problemOf(() => creditBurn([1], [1], e)).argument).toBe("expiry_months");
  });
  test("property: credits are conserved; use is covered by credits or overage; nothing expires without an expiry", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: n, maxLength: n }), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })), { minLength: n, maxLength: n }))),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        ([used, bought], expiry) => {
          const rows = creditBurn(used, bought, expiry);
          let balance = 0;
          for (const r of rows) {
            if (r.fromCredits + r.overage !== r.used) return false;
            if (r.fromCredits < 0 || r.overage < 0 || r.expired < 0 || r.balance < 0) return false;
            if (expiry === undefined && r.expired !== 0) return false;
            balance += r.bought - r.fromCredits - r.expired;
            if (balance !== r.balance) return false;
            // Overage only when no credit is left.
            if (r.overage > 0 && r.balance + r.expired > 0) return false;
          }
          return true;
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("escalatedPrice", () => {
  test("the contract's example: ESCALATED_PRICE(0.99, 0.05, 13) = 1.0395", () => {
    expect(escalatedPrice(0.99, 0.05, 13)).toBeCloseTo(1.0395, 12);
  });
  test("months 1 to 12 are at the base price; 25 is two steps up", () => {
    expect(escalatedPrice(0.99, 0.05, 1)).toBe(0.99);
    expect(escalatedPrice(0.99, 0.05, 12)).toBe(0.99);
    expect(escalatedPrice(100, 0.1, 25)).toBeCloseTo(121, 10);
  });
  test("every_months sets the step: every 6 months", () => {
    expect(escalatedPrice(100, 0.1, 7, 6)).toBeCloseTo(110, 10);
  });
  test("a negative rate is a scheduled discount, down to -1 (free after the first step)", () => {
    expect(escalatedPrice(100, -0.1, 13)).toBeCloseTo(90, 10);
    expect(escalatedPrice(100, -1, 13)).toBe(0);
    expect(escalatedPrice(100, -1, 1)).toBe(100);
  });
  test("bad input is #NUM!: a rate below -1, a negative price, a month or step that is not a whole number of 1 or more", () => {
    expect(problemOf(() => escalatedPrice(1, -1.01, 1)).argument).toBe("annual_rate");
    expect(problemOf(() => escalatedPrice(1, NaN, 1)).argument).toBe("annual_rate");
    expect(problemOf(() => escalatedPrice(-1, 0.05, 1)).argument).toBe("price");
    for (const m of [0, 1.5, -3]) expect(problemOf(() => escalatedPrice(1, 0.05, m)).argument).toBe("month");
    expect(problemOf(() => escalatedPrice(1, 0.05, 1, 0)).argument).toBe("every_months");
  });
  test("property: non-decreasing over the months when the rate is 0 or more; constant within a step", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 24 }), (price, rate, every) => {
        let last = -1;
        for (let m = 1; m <= 60; m++) {
          const x = escalatedPrice(price, rate, m, every);
          if (x < last) return false;
          if ((m - 1) % every !== 0 && x !== last) return false;
          last = x;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
