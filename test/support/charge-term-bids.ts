/** Bids by charges with term shapes (a charge's escalator, commitment, prepaid units), with figures checked by hand in test/engine/term-charges.test.ts. */
import type { Bid } from "../../src/engine";
import type { Charge } from "../../src/engine/meters";

export function byCharges(charges: Charge[], discount?: number): Bid {
  return { vendor: "Acme", name: "By charges", currency: "USD", pricing: { model: "charges", charges, ...(discount !== undefined ? { discount } : {}) } };
}

/** Resolutions at $1 (500 a month) escalating 10% every 6 months, committed at 4,000 per 6 months; conversations at $0.10 (100 a month). */
export function committed(): Bid {
  return byCharges([
    { meter: "resolutions", label: "Resolutions", unitPrice: 1, escalator: { annualRate: 0.1, everyMonths: 6 }, commitment: { amount: 4000, periodMonths: 6 } },
    { meter: "conversations", label: "Conversations", unitPrice: 0.1 },
  ]);
}

/** Sessions (2 a conversation, 2,000 a month) at $0.05 less 20%, with packs of 5,000 prepaid at $200 in months 1 and 4 that expire after 2 months. */
export function prepaid(): Bid {
  return byCharges([{ meter: "sessions", label: "Sessions", counts: "sessions", perConversation: 2, unitPrice: 0.05, prepaid: { creditsPerPack: 5000, pricePerPack: 200, packs: 1, boughtInMonths: [1, 4], expiryMonths: 2 } }], 0.2);
}
