/**
 * docs/spec.md#one-model-one-answer, "Prices over the term are the prices in effect each month": each month of the
 * term is priced at the version of the bid's prices in effect that month (src/templates/versions.ts
 * termPrices, src/engine/term.ts), and the term says which version priced each month.
 */
import { bidFigures, bidTerm, compareTerm, Scenario } from "../../src/engine";
import { templateAt, termMonthDay, termPrices } from "../../src/templates/versions";
import { promotion } from "../support/promotion-bid";

/** Human cost 0: the month's total is what the vendor bills. */
const SCENARIO: Scenario = { conversations: 1000, resolutionRate: 0.5, humanCost: 0 };

describe("the months of a term and their prices", () => {
  test("month 1 is priced on the comparison date, month m on the first day of the (m - 1)-th month after it", () => {
    expect(termMonthDay("2026-08-15", 1)).toBe("2026-08-15");
    expect(termMonthDay("2026-08-15", 2)).toBe("2026-09-01");
    expect(termMonthDay("2026-08-15", 6)).toBe("2027-01-01");
    expect(termMonthDay("2026-12-31", 13)).toBe("2027-12-01");
  });

  test("a promotion ending 2026-08-31, as of 2026-08-15: 5,400 at the promotion for all 12 months, 15,300 at the prices in effect each month", () => {
    const t = promotion();
    const asOf = "2026-08-15";
    const bid = templateAt(t, asOf).bid;
    // The steady month's prices for all 12 months: what the term used to bill.
    expect(bidTerm(bid, SCENARIO, { months: 12 }).total).toBeCloseTo(5400, 9);
    const term = compareTerm([bid], SCENARIO, { months: 12 }, [], [termPrices(t, asOf, 12)]);
    const b = term.bids[0]!;
    expect(b.total).toBeCloseTo(450 + 11 * 1350, 9);
    expect(b.total).toBeCloseTo(15300, 9);
    expect(b.months.map((m) => m.vendorFee)).toEqual([450, ...Array(11).fill(1350)]);
    expect(b.months.map((m) => m.priceVersion)).toEqual(["2026-06-01", ...Array(11).fill("undated")]);
  });

  test("a term wholly inside one version is priced at it: the same as the bid as of the comparison date", () => {
    const t = promotion();
    const bid = templateAt(t, "2026-06-01").bid;
    const term = compareTerm([bid], SCENARIO, { months: 3 }, [], [termPrices(t, "2026-06-01", 3)]);
    expect(term.bids[0]!.total).toBeCloseTo(bidTerm(bid, SCENARIO, { months: 3 }).total, 9);
    expect(term.bids[0]!.months.every((m) => m.priceVersion === "2026-06-01")).toBe(true);
  });

  test("a one-month term is priced at the comparison date's version: its total is the monthly total", () => {
    const t = promotion();
    for (const asOf of ["2026-05-31", "2026-07-04", "2026-08-31", "2026-09-01"]) {
      const bid = templateAt(t, asOf).bid;
      const term = compareTerm([bid], SCENARIO, { months: 1 }, [], [termPrices(t, asOf, 1)]);
      expect(term.bids[0]!.total).toBeCloseTo(bidFigures(bid, SCENARIO).monthlyTotal, 9);
    }
  });

  test("a price change dated within the term changes the months it applies to, escalated as the contract says", () => {
    const t = promotion();
    t.versions = [{ effectiveFrom: "2027-01-01", label: "New list", pricing: { model: "per-seat", pricePerSeat: 50, seats: 30 }, sources: [] }];
    t.bid.charges = { escalator: { annualRate: 0.1, everyMonths: 12 } };
    const asOf = "2026-10-10";
    const term = compareTerm([templateAt(t, asOf).bid], SCENARIO, { months: 15 }, [], [termPrices(t, asOf, 15)]);
    const fees = term.bids[0]!.months.map((m) => m.vendorFee);
    // Months 1-3 (Oct to Dec 2026) at 45 x 30; from month 4 (January 2027) at 50 x 30; from month 13 (a year on) 10% more.
    expect(fees.slice(0, 3)).toEqual([1350, 1350, 1350]);
    fees.slice(3, 12).forEach((f) => expect(f).toBeCloseTo(1500, 9));
    fees.slice(12).forEach((f) => expect(f).toBeCloseTo(1650, 9));
  });
});
