/**
 * The finance view's engine (src/engine/finance.ts): how each pricing model's cost is recognized, and the
 * monthly plan in FinOps FOCUS columns, whose CSV parses back (csv-parse) to the engine's term totals.
 */
import { parse } from "csv-parse/sync";
import { Bid, compareTerm, PRICING_MODELS } from "../../src/engine";
import { csvField, monthlyPlan, monthStart, nextMonth, PLAN_COLUMNS, planCsv, recognition } from "../../src/engine/finance";
import { handMadeTemplates, RICH_SCENARIO } from "../workbook/fixtures";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("how each bid's cost is recognized", () => {
  test("as incurred for tokens, conversations and seats; accrued with a true-up for resolutions and outcomes; measured savings for revenue share", () => {
    const byModel = new Map(handMadeTemplates().map((t) => [t.bid.pricing.model, t.bid] as const));
    expect([...byModel.keys()].sort()).toEqual([...PRICING_MODELS].sort());
    const method = (m: string) => recognition(byModel.get(m as Bid["pricing"]["model"])!).method;
    expect(method("per-token")).toBe("as incurred");
    expect(method("per-conversation")).toBe("as incurred");
    expect(method("per-seat")).toBe("as incurred");
    expect(method("per-resolution")).toBe("accrued with a true-up");
    expect(method("outcome-based")).toBe("accrued with a true-up");
    expect(method("revenue-share")).toBe("measured savings with controls");
    expect(method("credits")).toBe("prepaid, expensed as used");
    // A bid by charges with a charge on outcomes: accrued, naming the charge.
    expect(method("charges")).toBe("accrued with a true-up");
    expect(recognition(byModel.get("charges")!).summary).toContain('"Outcomes"');
  });

  test("a per-resolution bid books an accrual, a true-up when its window closes, and the invoice against the accrual", () => {
    const x = recognition({ ...BID_B, charges: { reopenWindowDays: 60 } });
    expect(x.summary).toMatch(/60 days/);
    expect(x.entries.map((e) => [e.debit.split(" (")[0], e.credit])).toEqual([
      ["AI services expense", "Accrued liabilities"],
      ["AI services expense", "Accrued liabilities"],
      ["Accrued liabilities", "Accounts payable (the vendor's invoice)"],
    ]);
    expect(x.entries[0].amount).toMatch(/1 - expected reopen rate/);
    expect(x.entries[1].amount).toMatch(/expected - actual reopen rate/);
    expect(x.controls).toMatch(/resolution/);
  });

  test("revenue share asks for controls over the measured savings; a bid's other charges add their own entries", () => {
    const c = recognition(BID_C);
    expect(c.summary).toMatch(/measured cost savings/);
    expect(c.controls).toMatch(/methodology/);
    const a = recognition({ ...BID_A, charges: { commitment: { amount: 120000, periodMonths: 12 }, oneTimeFee: 5000, minimumMonthly: 100, escalator: { annualRate: 0.05 } } });
    expect(a.charges).toHaveLength(4);
    expect(a.charges[0]).toMatch(/^Spend commitment \(120,000 per 12 months\)/);
    expect(a.charges[1]).toMatch(/ASC 350-40/);
    expect(recognition(BID_A).charges).toEqual([]);
  });
});

describe("the monthly plan in FOCUS columns", () => {
  test("dates: each month's billing and charge period, from the first month given", () => {
    expect(monthStart("2027-11", 0)).toBe("2027-11-01T00:00:00Z");
    expect(monthStart("2027-11", 2)).toBe("2028-01-01T00:00:00Z");
    expect(monthStart("2027-01", 59)).toBe("2031-12-01T00:00:00Z");
    expect(() => monthStart("2027-1", 0)).toThrow(/YYYY-MM/);
    expect(nextMonth(new Date(Date.UTC(2026, 11, 5)))).toBe("2027-01");
    expect(nextMonth(new Date(Date.UTC(2026, 1, 28)))).toBe("2026-03");
  });

  test("one row per bid and month; billed and effective cost sum to what the vendor bills, the total cost to the term's total", () => {
    const templates = handMadeTemplates();
    const bids = [...templates.map((t) => t.bid), { ...BID_B, name: "Committed", charges: { commitment: { amount: 2000000, periodMonths: 12 }, oneTimeFee: 12000 } }];
    const ids = bids.map((_, i) => `bid-${i + 1}`);
    const term = compareTerm(bids, RICH_SCENARIO, { months: 18, growth: 0.03, rampStart: 0.6, rampMonths: 4 });
    const rows = monthlyPlan(bids, ids, term, "2027-01");
    expect(rows).toHaveLength(bids.length * 18);
    bids.forEach((bid, b) => {
      const own = rows.filter((r) => r.x_BidId === ids[b]);
      const t = term.bids[b]!;
      expect(own.map((r) => r.x_ContractMonth)).toEqual(Array.from({ length: 18 }, (_, k) => k + 1));
      expect(own.every((r) => r.ProviderName === bid.vendor && r.ServiceName === bid.name && r.BillingCurrency === "USD")).toBe(true);
      expect(near(sum(own.map((r) => r.BilledCost as number)), t.vendorBilled)).toBe(true);
      expect(near(sum(own.map((r) => r.EffectiveCost as number)), t.vendorBilled)).toBe(true);
      expect(near(sum(own.map((r) => r.x_TotalCost as number)), t.total)).toBe(true);
      expect(near(sum(own.map((r) => r.x_CommitmentTrueUp as number)), t.unusedCommitment)).toBe(true);
      // The month's whole cost is its parts.
      for (const r of own) {
        const parts = (r.BilledCost as number) + (r.x_BuyerSuppliedCost as number) + (r.x_HumanFallbackCost as number);
        expect(near(parts, r.x_TotalCost as number)).toBe(true);
      }
    });
    const committed = rows.filter((r) => r.x_BidId === ids[bids.length - 1]);
    // Committed in the last month of each period: 2,000,000 in month 12, half of it for the 6 months left.
    expect(committed.map((r) => r.x_CommittedAmount).filter((x) => x !== 0)).toEqual([2000000, 1000000]);
    expect(committed[11].x_CommittedAmount).toBe(2000000);
    expect(committed[0].x_OneTimeFee).toBe(12000);
    expect(committed[0].ChargeDescription).toMatch(/one-time fee/);
    expect(committed[0].PricingUnit).toBe("Resolutions");
    expect(committed[0].CommitmentDiscountCategory).toBe("Spend");
    expect(rows[0].CommitmentDiscountCategory).toBe("");
    expect(rows.every((r) => r.ListCost === r.BilledCost && r.ContractedCost === r.BilledCost)).toBe(true);
  });

  test("prepaid credits: the packs billed when bought, the credits used and expired month by month", () => {
    const prepaid: Bid = { ...BID_B, name: "Prepaid", charges: { creditPacks: { creditsPerPack: 100000, pricePerPack: 80000, packs: 15, boughtInMonths: [1], expiryMonths: 12 } } };
    const term = compareTerm([prepaid], GUIDE_SCENARIO, { months: 14 });
    const rows = monthlyPlan([prepaid], ["p"], term, "2027-01");
    expect(rows[0].x_CreditsBought).toBe(1500000);
    expect(rows[0].BilledCost).toBeCloseTo(1200000, 6);
    expect(rows.map((r) => r.x_CreditsExpired).filter((x) => x !== 0)).toEqual([expect.closeTo(1500000 - 12 * 90000, 6)]);
    expect(rows[11].x_CreditsExpired).toBe(term.bids[0]!.expiredCredits);
    expect(recognition(prepaid).charges[0]).toMatch(/Prepaid expenses when bought/);
  });

  test("the CSV parses back with csv-parse: its header, one record per row, and totals equal the engine's", () => {
    const bids = [BID_A, BID_B, BID_C, { ...BID_B, vendor: '=cmd|" /C calc"!A0', name: 'Quoted, "tricky"\nname' }];
    const ids = ["a", "b", "c", "d"];
    const term = compareTerm(bids, GUIDE_SCENARIO, { months: 60, growth: 0.01 });
    const rows = monthlyPlan(bids, ids, term, "2027-01");
    const csv = planCsv(rows);
    const records: Record<string, string>[] = parse(csv, { columns: true });
    expect(Object.keys(records[0])).toEqual([...PLAN_COLUMNS]);
    expect(records).toHaveLength(4 * 60);
    bids.forEach((_, b) => {
      const own = records.filter((r) => r.x_BidId === ids[b]);
      expect(near(sum(own.map((r) => Number(r.x_TotalCost))), term.bids[b]!.total)).toBe(true);
      expect(near(sum(own.map((r) => Number(r.BilledCost))), term.bids[b]!.vendorBilled)).toBe(true);
    });
    // A vendor's text never becomes a formula in a spreadsheet, and survives quoting.
    expect(records[180].ProviderName).toBe(`'=cmd|" /C calc"!A0`);
    expect(records[180].ServiceName).toBe('Quoted, "tricky"\nname');
    expect(records[0].BillingPeriodStart).toBe("2027-01-01T00:00:00Z");
    expect(records[59].BillingPeriodEnd).toBe("2032-01-01T00:00:00Z");
  });

  test("csvField: numbers in full, text always quoted, formula starts defused (test/engine/csv.test.ts: every separator)", () => {
    expect(csvField(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvField(NaN)).toBe("");
    expect(csvField("plain")).toBe('"plain"');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("-1+1")).toBe(`"'-1+1"`);
    expect(csvField("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
  });
});
