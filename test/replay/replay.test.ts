/**
 * Pricing the monthly aggregates under each bid with the engine: the bill as invoiced, what the buyer
 * supplies, the dispute exposure, and the history's spread as Excel's PERCENTILE.INC gives it.
 */
import { Bid, vendorMonthly } from "../../src/engine/bid";
import { disputeExposure, tokenCost } from "../../src/engine/measures";
import { HistoryAggregate, MonthAggregate } from "../../src/replay/monthly-aggregation";
import { percentileInc } from "../../src/engine/risk";
import { exactRate, historySpread, monthScenario, replayBid, replayReport } from "../../src/replay/replay";

function month(month: string, conversations: number, vendor: number, buyer: number, extra: Partial<MonthAggregate> = {}): MonthAggregate {
  return {
    month,
    conversations,
    vendorResolutions: vendor,
    buyerResolutions: buyer,
    humanHandled: conversations - vendor,
    rated: 0,
    csatSum: 0,
    inputTokens: conversations * 3000,
    cachedInputTokens: conversations * 1000,
    outputTokens: conversations * 400,
    reopenedWithinWindow: vendor - buyer,
    ratedBelowThreshold: 0,
    ...extra,
  };
}

const HISTORY: HistoryAggregate = {
  windowDays: 7,
  csatThreshold: 4,
  months: [month("2025-01", 1000, 600, 500), month("2025-02", 1200, 800, 700), month("2025-03", 900, 630, 600)],
};

const usd = (name: string, pricing: Bid["pricing"], rest: Partial<Bid> = {}): Bid => ({ vendor: "V", name, currency: "USD", pricing, ...rest });

describe("replayBid", () => {
  it("bills a per-resolution bid on the vendor's resolutions and prices the rejected ones as dispute exposure", () => {
    const r = replayBid(usd("B", { model: "per-resolution", pricePerResolution: 0.99 }), HISTORY);
    expect(r.months.map((m) => m.bill)).toEqual([600 * 0.99, 800 * 0.99, 630 * 0.99].map((x) => expect.closeTo(x, 9)));
    expect(r.vendorResolutions).toBe(2030);
    expect(r.buyerResolutions).toBe(1800);
    expect(r.disputeExposure).toBeCloseTo((2030 - 1800) * 0.99, 9);
    // The engine's own measure gives the same figure month by month.
    r.months.forEach((m, i) => {
      const h = HISTORY.months[i];
      expect(m.disputeExposure).toBeCloseTo(disputeExposure(h.vendorResolutions, h.buyerResolutions / h.vendorResolutions, 0.99), 9);
    });
    expect(r.total).toBeCloseTo(2030 * 0.99, 9);
    expect(r.costPerConversation).toBeCloseTo((2030 * 0.99) / 3100, 12);
    expect(r.costPerResolution).toBeCloseTo((2030 * 0.99) / 1800, 12);
  });

  it("prices each month with vendorMonthly: allowance, platform fee and minimum apply per month", () => {
    const bid = usd("Allowance", { model: "per-resolution", pricePerResolution: 1 }, { charges: { platformFeeMonthly: 100, allowance: { included: 650, overagePrice: 1.5 }, minimumMonthly: 200 } });
    const r = replayBid(bid, HISTORY);
    expect(r.months.map((m) => m.bill)).toEqual([200, 100 + 150 * 1.5, 200]);
    // Rejected resolutions inside the allowance cost nothing more; beyond it, the overage price, down to
    // the minimum: in February the buyer's 700 would be billed 100 + 50 x 1.5 = 175, trued up to 200.
    expect(r.months.map((m) => m.disputeExposure)).toEqual([0, 325 - 200, 0]);
    HISTORY.months.forEach((m, i) => expect(r.months[i].bill).toBe(vendorMonthly(bid, monthScenario(m, {})).total));
  });

  it("invoices the vendor's one-time fee in the first month and adds what the buyer supplies beside the invoice", () => {
    const bid = usd("Setup", { model: "per-conversation", pricePerConversation: 0.5 }, { charges: { oneTimeFee: 1200 }, supplied: [{ label: "infra", perConversation: 0.1, fixedMonthly: 50, oneTime: 300 }], termMonths: 12 });
    const r = replayBid(bid, HISTORY);
    expect(r.months.map((m) => m.bill)).toEqual([500 + 1200, 600, 450]);
    expect(r.months.map((m) => m.supplied)).toEqual([100 + 50 + 300, 120 + 50, 90 + 50].map((x) => expect.closeTo(x, 9)));
    expect(r.total).toBeCloseTo(1700 + 600 + 450 + 450 + 170 + 140, 9);
    expect(r.disputeExposure).toBe(0);
  });

  it("prices a per-token bid on the history's own tokens, not the bid's", () => {
    const bid = usd("Tokens", { model: "per-token", inputPricePerMTok: 2, outputPricePerMTok: 8, cachedInputPricePerMTok: 0.5, tokens: { input: 10, output: 10, attempts: 3 } });
    const r = replayBid(bid, HISTORY);
    const perConversation = tokenCost(3000, 400, 2, 8, 1000, 0.5);
    expect(r.months[0].bill).toBeCloseTo(1000 * perConversation, 9);
    expect(r.disputeExposure).toBe(0);
    expect(replayBid(bid, HISTORY, { tokens: false }).problem).toMatch(/no input_tokens and output_tokens/);
  });

  it("bills outcomes as the vendor's resolutions times the qualifying share, with a CSAT gate on the month's mean", () => {
    const gated = usd("Outcome", {
      model: "outcome-based",
      pricePerOutcome: 0.5,
      serviceLevel: { metric: "CSAT (1-5)", threshold: 4, higherIsBetter: true, creditShare: 1, expected: 4.5 },
    });
    const h: HistoryAggregate = { ...HISTORY, months: [month("2025-01", 1000, 600, 500, { rated: 10, csatSum: 39 }), month("2025-02", 1000, 600, 500, { rated: 10, csatSum: 41 }), month("2025-03", 1000, 600, 500)] };
    const r = replayBid(gated, h);
    // January's mean CSAT 3.9 misses the gate; February's 4.1 meets it; March has no ratings: the bid's expected 4.5.
    expect(r.months.map((m) => m.bill)).toEqual([0, 300, 300]);
    expect(r.months.map((m) => m.disputeExposure)).toEqual([0, 50, 50]);
    const q = replayBid(usd("Q", { model: "outcome-based", pricePerOutcome: 1 }), h, { qualifyingShare: 0.9 });
    expect(q.months[0].bill).toBeCloseTo(540, 9);
    // 540 billed, 500 accepted by the buyer.
    expect(q.months[0].disputeExposure).toBeCloseTo(40, 9);
  });

  it("counts packages on the history's whole number of resolutions", () => {
    // 10,000 resolutions of 30,000 conversations: 30000 x (10000 / 30000) is not 10000 in doubles without care.
    const h: HistoryAggregate = { ...HISTORY, months: [month("2025-01", 30000, 10000, 9000)] };
    const r = replayBid(usd("Pack", { model: "per-resolution", pricePerResolution: 1 }, { charges: { package: { size: 1000, price: 800 } } }), h);
    expect(r.months[0].bill).toBe(8000);
    for (const [count, total] of [
      [10000, 30000],
      [1, 3],
      [7, 49],
      [333, 999],
      [2, 3],
    ])
      expect(exactRate(count, total) * total).toBe(count);
  });

  it("needs the human cost for a revenue-share bid and says so", () => {
    const bid = usd("Share", { model: "revenue-share", share: 0.15, aiRunCost: 0.5, buyerPaysAiCost: true });
    expect(replayBid(bid, HISTORY).problem).toMatch(/--human-cost/);
    const r = replayBid(bid, HISTORY, { humanCost: 3 });
    expect(r.months[0].bill).toBeCloseTo(1000 * (0.5 + 0.15 * (3 - 0.5) * 0.6), 9);
  });

  it("gives a null cost per resolution when the buyer accepts none", () => {
    const h: HistoryAggregate = { ...HISTORY, months: [month("2025-01", 100, 10, 0)] };
    const r = replayBid(usd("B", { model: "per-resolution", pricePerResolution: 1 }), h);
    expect(r.costPerResolution).toBeNull();
    expect(r.total).toBe(10);
  });
});

describe("percentileInc and the spread", () => {
  it("gives Excel's PERCENTILE.INC", () => {
    // PERCENTILE.INC({1,2,3,4,5,6,7,8,9,10}, 0.1) = 1.9; 0.5 = 5.5; 0.9 = 9.1 (Excel).
    const xs = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentileInc(xs, 0.1)).toBeCloseTo(1.9, 12);
    expect(percentileInc(xs, 0.5)).toBeCloseTo(5.5, 12);
    expect(percentileInc(xs, 0.9)).toBeCloseTo(9.1, 12);
    expect(percentileInc([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12);
    expect(percentileInc([7], 0.9)).toBe(7);
    expect(() => percentileInc([], 0.5)).toThrow(/at least one number/);
  });

  it("spreads the monthly resolution rate, volume and tokens per conversation", () => {
    const s = historySpread(HISTORY);
    expect(s.months).toBe(3);
    // Rates 0.6, 0.6667, 0.7: P10 = 0.6 + 0.2 x 0.0667.
    expect(s.resolutionRate?.p50).toBeCloseTo(800 / 1200, 12);
    expect(s.resolutionRate?.p10).toBeCloseTo(0.6 + 0.2 * (800 / 1200 - 0.6), 12);
    expect(s.conversations).toEqual({ p10: 920, p50: 1000, p90: 1160 });
    expect(s.inputTokens).toEqual({ p10: 3000, p50: 3000, p90: 3000 });
  });

  it("builds the report with the JSON contract's fields", () => {
    const r = replayReport(HISTORY, { read: 3100, skipped: 0, reasons: [], problems: [] }, [{ file: "b.json", bid: usd("B", { model: "per-resolution", pricePerResolution: 1 }) }]);
    expect(Object.keys(r).sort()).toEqual(["bids", "history", "rows", "spread"]);
    expect(Object.keys(r.bids[0])).toEqual(expect.arrayContaining(["file", "vendor", "name", "total", "costPerConversation", "costPerResolution", "vendorResolutions", "buyerResolutions", "disputeExposure", "months"]));
    expect(Object.keys(r.bids[0].months[0])).toEqual(expect.arrayContaining(["month", "conversations", "bill"]));
  });
});
