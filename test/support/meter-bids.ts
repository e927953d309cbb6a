/**
 * Bids by charges for worked figures and one bid per meter kind, shared by the engine,
 * sheet and CLI tests of charges on meters.
 */
import type { Bid, Scenario } from "../../src/engine";
import type { Charge, MeterKind } from "../../src/engine/meters";

export const usd = (name: string, charges: Charge[], discount?: number, rest: Partial<Bid> = {}): Bid => ({
  vendor: "Meters",
  name,
  currency: "USD",
  pricing: { model: "charges", charges, ...(discount !== undefined ? { discount } : {}) },
  ...rest,
});

/** Intercom Fin: $0.99 per outcome (resolution, procedure handoff, disqualification) and $9.99 per qualified lead. */
export const FIN = usd("Fin outcomes and qualified leads", [
  {
    label: "Fin outcomes",
    meter: "outcomes",
    outcomes: [
      { type: "resolution", share: 0.55 },
      { type: "procedure handoff", share: 0.1 },
      { type: "disqualification", share: 0.05 },
    ],
    unitPrice: 0.99,
  },
  { label: "Qualified leads", meter: "outcomes", outcomes: [{ type: "qualified lead", share: 0.02 }], unitPrice: 9.99 },
]);
/** By hand: 0.99 x 70,000 + 9.99 x 2,000 = 89,280 a month at 100,000 conversations. */
export const FIN_BY_HAND = 0.99 * 70000 + 9.99 * 2000;

/** Salesforce Agentforce: 2 standard (20 credits) and 0.5 voice (30 credits) actions per conversation, $500 per 100,000 credits. */
export const AGENTFORCE = usd("Agentforce Flex Credits", [
  {
    label: "Agentforce actions",
    meter: "actions",
    actions: [
      { type: "standard action", perConversation: 2, creditsPerAction: 20 },
      { type: "voice action", perConversation: 0.5, creditsPerAction: 30 },
    ],
    creditPack: { price: 500, credits: 100000 },
  },
]);
/** By hand: (2 x 20 + 0.5 x 30) x 0.005 = 0.275 per conversation. */
export const AGENTFORCE_BY_HAND = (2 * 20 + 0.5 * 30) * 0.005;

/** ServiceNow-style seats: 100 seats at $50, 100 assists per seat pooled (10,000), 0.5 assists per conversation, $0.20 per assist beyond. */
export const SEAT_POOL = usd("Seats with pooled assists", [{ label: "Now Assist seats", meter: "seats", seats: 100, unitPrice: 50, pool: { counts: "assists", unitsPerSeat: 100, unitsPerConversation: 0.5, topUpPrice: 0.2 } }]);
/** By hand: 5,000 + max(0, 0.5 V - 10,000) x 0.20 a month. */
export const seatPoolByHand = (conversations: number) => 100 * 50 + Math.max(0, 0.5 * conversations - 10000) * 0.2;

/** One bid per meter kind (a typed table: a kind without its bid does not compile), each with a shape of its own. */
export const METER_BIDS: Record<MeterKind, Bid> = {
  conversations: usd("Per conversation after 1,000 free", [{ label: "Conversations", meter: "conversations", unitPrice: 0.5, includedUnits: 1000, minimumMonthly: 100 }]),
  resolutions: usd(
    "Resolutions in tiers, 10% off",
    [
      {
        label: "Resolutions",
        meter: "resolutions",
        tiers: {
          mode: "graduated",
          tiers: [
            { upTo: 5000, price: 1 },
            { upTo: 20000, price: 0.8 },
            { upTo: null, price: 0.5 },
          ],
        },
        includedUnits: 500,
      },
    ],
    0.1,
  ),
  outcomes: usd("Outcomes of three kinds", [
    {
      label: "Outcomes",
      meter: "outcomes",
      outcomes: [
        { type: "qualifying resolution", of: "qualifying-resolutions" },
        { type: "disqualification", share: 0.05 },
      ],
      unitPrice: 0.99,
      discount: 0.2,
    },
  ]),
  handoffs: usd("Handoffs and resolutions", [
    { label: "Assisted escalations", meter: "handoffs", unitPrice: 0.25 },
    { label: "Verified resolutions", meter: "resolutions", unitPrice: 1.5, includedUnits: 2000 },
  ]),
  sessions: usd("Sessions in packs of 100", [{ label: "Freddy sessions", meter: "sessions", counts: "sessions", perConversation: 1.2, unitPrice: 49, packageSize: 100 }]),
  "voice-minutes": usd("Voice minutes", [{ label: "Voice minutes", meter: "voice-minutes", minutesPerConversation: 1.5, unitPrice: 0.06, includedUnits: 500 }]),
  actions: usd("Actions in credits, volume tiers", [
    {
      label: "Copilot credits",
      meter: "actions",
      actions: [
        { type: "generative answer", perConversation: 1.5, creditsPerAction: 2 },
        { type: "agent action", perConversation: 0.5, creditsPerAction: 5 },
      ],
      tiers: {
        mode: "volume",
        tiers: [
          { upTo: 100000, price: 0.01 },
          { upTo: null, price: 0.008 },
        ],
      },
    },
  ]),
  tokens: usd("Tokens beside a platform charge", [
    { label: "Model tokens", meter: "tokens", inputPricePerMTok: 3, outputPricePerMTok: 15, cachedInputPricePerMTok: 0.3, tokens: { input: 20000, output: 3000, cachedInput: 5000, attempts: 2 } },
    { label: "Conversations", meter: "conversations", unitPrice: 0.02 },
  ]),
  seats: SEAT_POOL,
  revenue: usd("Savings share and commission", [
    { label: "Savings share", meter: "revenue", basis: "savings", aiRunCost: 0.5, unitPrice: 0.15 },
    { label: "Commission on sales", meter: "revenue", basis: "revenue", revenuePerConversation: 2.5, unitPrice: 0.1, includedUnits: 1000 },
  ]),
};

export const METER_SCENARIO: Scenario = { conversations: 100000, resolutionRate: 0.7, humanCost: 3, qualifyingShare: 0.8 };
