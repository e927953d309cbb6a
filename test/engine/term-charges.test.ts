/**
 * A bid by charges over the contract term: each charge's own escalator, prepaid units and spend
 * commitment (src/engine/meters/term-shapes.ts, src/engine/term-charges.ts), checked by hand; an import
 * names the charge and the field at fault.
 */
import { bidTerm, compareTerm, Scenario } from "../../src/engine";
import { byCharges, committed, prepaid } from "../support/charge-term-bids";
import { shorthandOfCharges } from "../../src/engine/meters/shorthand";
import { validateTemplate } from "../../src/templates/validate";

/** Human cost 0: the month's total is what the vendor bills. */
const SCENARIO: Scenario = { conversations: 1000, resolutionRate: 0.5, humanCost: 0 };

describe("a charge's own escalator and commitment over the term", () => {
  test("by hand: 12 x 100 + 6 x 500 + 6 x 550 + true-ups of 1,000 (month 6) and 700 (month 12) = 9,200", () => {
    const t = bidTerm(committed(), SCENARIO, { months: 12 });
    const fees = t.months.map((m) => m.vendorFee);
    fees.slice(0, 6).forEach((f) => expect(f).toBeCloseTo(600, 9));
    fees.slice(6).forEach((f) => expect(f).toBeCloseTo(650, 9));
    expect(t.months.map((m) => m.commitmentTrueUp)).toEqual([0, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, expect.closeTo(700, 9)]);
    expect(t.total).toBeCloseTo(9200, 9);
    expect(t.unusedCommitment).toBeCloseTo(1700, 9);
    expect(t.charges!.map((c) => c.label)).toEqual(["Resolutions"]);
  });

  test("the bid's escalator applies to the charges without their own", () => {
    const t = bidTerm(committed(), SCENARIO, { months: 13, escalator: 0.5 });
    // Month 13: conversations at 1.5 x 100 (the bid's), resolutions at 1.1^2 x 500 (its own, every 6 months).
    expect(t.months[12].vendorFee).toBeCloseTo(150 + 1.21 * 500, 9);
  });
});

describe("a charge's prepaid units over the term", () => {
  test("by hand: packs billed when bought, units drawn from them not billed, the rest expire", () => {
    const t = bidTerm(prepaid(), SCENARIO, { months: 6 });
    // 2,000 sessions at 0.04 = 80 a month. Month 1: 80 + 200 - 2,000 x 0.04; month 2: all from the pack;
    // month 3: the pack expired (1,000 lost), 80 billed; months 4-6 again.
    const fees = t.months.map((m) => m.vendorFee);
    [200, 0, 80, 200, 0, 80].forEach((f, i) => expect(fees[i]).toBeCloseTo(f, 9));
    expect(t.total).toBeCloseTo(560, 9);
    expect(t.expiredCredits).toBe(2000);
  });

  test("not priced is not priced over the term: prepaid units on a tiered charge are refused, naming the charge and field", () => {
    const bid = byCharges([{ meter: "conversations", label: "Tiered", tiers: { mode: "graduated", tiers: [{ upTo: null, price: 0.1 }] }, prepaid: { creditsPerPack: 10, pricePerPack: 1, packs: 1, boughtInMonths: [1] } }]);
    const term = compareTerm([bid], SCENARIO, { months: 3 });
    expect(term.bids[0]).toBeNull();
    expect(term.problems[0]!.argument).toBe('charge "Tiered" prepaid');
  });
});

describe("an import names the charge and the field", () => {
  const template = (charge: Record<string, unknown>) => ({
    format: "aiprice-bid",
    version: 1,
    id: "x",
    bid: { vendor: "Acme", name: "X", currency: "USD", pricing: { model: "charges", charges: [charge] } },
    sources: [],
    questions: [],
  });

  test("a commitment period of 0 months", () => {
    const r = validateTemplate(template({ meter: "resolutions", label: "Fin outcomes", unitPrice: 0.99, commitment: { amount: 1000, periodMonths: 0 } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toContain('bid.pricing.charges[0] ("Fin outcomes").commitment.periodMonths');
  });

  test("prepaid units on a charge with an allowance", () => {
    const r = validateTemplate(template({ meter: "resolutions", label: "Fin outcomes", unitPrice: 0.99, includedUnits: 50, prepaid: { creditsPerPack: 10, pricePerPack: 1, packs: 1, boughtInMonths: [1] } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ path: 'bid.pricing.charges[0] ("Fin outcomes").prepaid' })]);
    expect(r.problems[0].message).toContain("Fin outcomes");
  });

  test("a valid charge with all three term shapes is accepted", () => {
    const r = validateTemplate(
      template({
        meter: "resolutions",
        label: "Fin outcomes",
        unitPrice: 0.99,
        commitment: { amount: 1000 },
        escalator: { annualRate: 0.05 },
        prepaid: { creditsPerPack: 1000, pricePerPack: 900, packs: 2, boughtInMonths: [1, 13], expiryMonths: 12 },
      }),
    );
    expect(r).toMatchObject({ ok: true });
  });
});

describe("export for the previous release", () => {
  test("a charge with a term shape is not written in a pricing model's shape (it would lose its commitment)", () => {
    const r = shorthandOfCharges(byCharges([{ meter: "resolutions", label: "Fin outcomes", unitPrice: 0.99, commitment: { amount: 1000 } }]));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('charge "Fin outcomes" has a commitment') });
    expect(shorthandOfCharges(byCharges([{ meter: "resolutions", label: "Fin outcomes", unitPrice: 0.99 }]))).toMatchObject({ ok: true });
  });
});
