/**
 * Bids for the workbook tests, as templates: the guide's three (with the guide's own figure for C) and
 * hand-made ones covering every pricing model and every charge shape.
 */
import type { Bid, Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { BID_A, BID_B, BID_C, GUIDE_SCENARIO } from "../support/guide-bids";

export { GUIDE_SCENARIO };

export function asTemplate(id: string, bid: Bid, extra: Partial<BidTemplate> = {}): BidTemplate {
  return { format: "aiprice-bid", version: 1, id, bid, sources: [], questions: [], ...extra };
}

export const GUIDE_C_REFERENCE = {
  label: "The guide's net cost per conversation",
  value: 0.16,
  note: "the guide subtracts the vendor's 15% share from the AI run cost (0.50 - 0.34); a fee paid to the vendor adds to the cost: 0.50 + 0.3375 = 0.8375",
};

export function guideTemplates(): BidTemplate[] {
  return [
    asTemplate("guide-bid-a-per-token", BID_A, {
      sources: [{ field: "pricing.inputPricePerMTok", title: "The pricing guide, bid A", url: "https://example.com/guide#a", asOf: "2025-01-15" }],
      questions: ["Who operates and monitors the model in production?"],
    }),
    asTemplate("guide-bid-b-per-resolution", BID_B, {
      questions: ["Who defines a resolution, and who measures it?", "How are disputed resolutions settled?"],
    }),
    asTemplate("guide-bid-c-revenue-share", BID_C, { reference: GUIDE_C_REFERENCE, questions: ["How are the savings measured, and who audits them?"] }),
  ];
}

/** A scenario with tokens, so that per-token bids without their own tokens can be priced. */
export const RICH_SCENARIO: Scenario = {
  conversations: 120000,
  resolutionRate: 0.82,
  humanCost: 4.2,
  qualifyingShare: 0.85,
  tokens: { input: 18000, output: 2500, cachedInput: 6000, attempts: 2 },
};

const usd = (vendor: string, name: string, rest: Omit<Bid, "vendor" | "name" | "currency">): Bid => ({ vendor, name, currency: "USD", ...rest });

/** Every model and every charge shape, each in at least one bid. */
export function handMadeTemplates(): BidTemplate[] {
  const bids: Bid[] = [
    usd("TokenCo", "Own tokens, cached, platform and one-time", {
      pricing: {
        model: "per-token",
        inputPricePerMTok: 3,
        outputPricePerMTok: 15,
        cachedInputPricePerMTok: 0.3,
        tokens: { input: 22000, output: 3000, cachedInput: 12000, attempts: 1.5 },
      },
      charges: { platformFeeMonthly: 2000, oneTimeFee: 30000 },
      supplied: [
        { label: "infrastructure", perConversation: 0.05, fixedMonthly: 4000 },
        { label: "integration", oneTime: 60000 },
      ],
      termMonths: 24,
    }),
    usd("TokenCo", "Scenario tokens", { pricing: { model: "per-token", inputPricePerMTok: 2.5, outputPricePerMTok: 10 } }),
    usd("SeatSoft", "Seats with a minimum", { pricing: { model: "per-seat", pricePerSeat: 90, seats: 150 }, charges: { minimumMonthly: 20000 } }),
    usd("SeatSoft", "Seats in tiers", {
      pricing: { model: "per-seat", pricePerSeat: 90, seats: 150 },
      charges: {
        tiers: {
          mode: "graduated",
          tiers: [
            { upTo: 100, price: 100 },
            { upTo: null, price: 70 },
          ],
        },
      },
    }),
    usd("ConvAI", "Per conversation, bare", { pricing: { model: "per-conversation", pricePerConversation: 0.6 } }),
    usd("ConvAI", "Per conversation in packages", {
      pricing: { model: "per-conversation", pricePerConversation: 0.6 },
      charges: { package: { size: 25000, price: 12000 } },
    }),
    usd("ConvAI", "Per conversation, volume tiers", {
      pricing: { model: "per-conversation", pricePerConversation: 0.6 },
      charges: {
        tiers: {
          mode: "volume",
          tiers: [
            { upTo: 50000, price: 0.7 },
            { upTo: 150000, price: 0.55 },
            { upTo: null, price: 0.4 },
          ],
        },
        platformFeeMonthly: 1500,
      },
    }),
    usd("ResolveIt", "Per resolution, bare", { pricing: { model: "per-resolution", pricePerResolution: 0.99 } }),
    usd("ResolveIt", "Allowance plan", {
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: { platformFeeMonthly: 29000, allowance: { included: 60000, overagePrice: 0.89 } },
    }),
    usd("ResolveIt", "Graduated tiers", {
      pricing: { model: "per-resolution", pricePerResolution: 0.99 },
      charges: {
        tiers: {
          mode: "graduated",
          tiers: [
            { upTo: 50000, price: 1 },
            { upTo: 90000, price: 0.8 },
            { upTo: null, price: 0.5 },
          ],
        },
      },
    }),
    usd("ResolveIt", "Minimum and onboarding", {
      pricing: { model: "per-resolution", pricePerResolution: 0.9 },
      charges: { minimumMonthly: 95000, oneTimeFee: 24000 },
      termMonths: 36,
    }),
    usd("OutcomeCo", "CSAT-gated outcomes", {
      pricing: { model: "outcome-based", pricePerOutcome: 1.2, serviceLevel: { metric: "CSAT (1-5)", threshold: 4, higherIsBetter: true, creditShare: 1, expected: 4.3 } },
      supplied: [{ label: "human review", perConversation: 0.1 }],
    }),
    usd("OutcomeCo", "Error-rate gate missed, in packages", {
      pricing: { model: "outcome-based", pricePerOutcome: 1.1, serviceLevel: { metric: "error rate", threshold: 0.02, higherIsBetter: false, creditShare: 0.5, expected: 0.03 } },
      charges: { package: { size: 10000, price: 10500 } },
    }),
    usd("OutcomeCo", "Outcomes, SLA missed", {
      pricing: { model: "outcome-based", pricePerOutcome: 1.4, serviceLevel: { metric: "error rate", threshold: 0.02, higherIsBetter: false, creditShare: 0.25, expected: 0.025 } },
    }),
    usd("ShareCo", "Revenue share, vendor runs the AI", {
      pricing: { model: "revenue-share", share: 0.2, aiRunCost: 0.4, buyerPaysAiCost: false },
      charges: { minimumMonthly: 30000 },
    }),
    usd("ShareCo", "Revenue share, buyer runs the AI", { pricing: { model: "revenue-share", share: 0.1, aiRunCost: 0.35, buyerPaysAiCost: true } }),
    usd("CreditCo", "Credits with a platform fee", {
      pricing: { model: "credits", creditsPerAction: 20, actionsPerConversation: 5, packPrice: 500, creditsPerPack: 100000 },
      charges: { platformFeeMonthly: 1000 },
    }),
    usd("MeterCo", "Charges on meters, 5% off list", {
      pricing: {
        model: "charges",
        discount: 0.05,
        charges: [
          { label: "Outcomes", meter: "outcomes", outcomes: [{ type: "qualifying resolution", of: "qualifying-resolutions" }], unitPrice: 0.99, includedUnits: 500 },
          { label: "Voice minutes", meter: "voice-minutes", minutesPerConversation: 0.8, unitPrice: 0.05, discount: 0 },
          { label: "Seats", meter: "seats", seats: 20, unitPrice: 60, pool: { counts: "assists", unitsPerSeat: 500, unitsPerConversation: 0.3, topUpPrice: 0.1 } },
        ],
      },
      charges: { platformFeeMonthly: 500, oneTimeFee: 12000 },
    }),
  ];
  return bids.map((bid, i) =>
    asTemplate(`hand-made-${i + 1}`, bid, {
      sources: i === 0 ? [{ field: "pricing.inputPricePerMTok", title: "TokenCo price list", url: "https://example.com/prices", asOf: "2025-03-01" }] : [],
      questions: [`What does "${bid.name}" include?`],
    }),
  );
}
