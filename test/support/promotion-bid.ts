/** A bid whose prices change within a term (docs/spec.md#one-model-one-answer, "Prices over the term are the prices in effect each month"). */
import type { BidTemplate } from "../../src/templates/template";

/** 30 seats at $45 a month; a launch promotion at $15 a seat until 2026-08-31. */
export function promotion(): BidTemplate {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "seats-with-promotion",
    bid: { vendor: "Acme", name: "Seats", currency: "USD", pricing: { model: "per-seat", pricePerSeat: 45, seats: 30 } },
    sources: [],
    questions: [],
    versions: [{ effectiveFrom: "2026-06-01", effectiveUntil: "2026-08-31", label: "Launch promotion", pricing: { model: "per-seat", pricePerSeat: 15, seats: 30 }, sources: [] }],
  };
}
