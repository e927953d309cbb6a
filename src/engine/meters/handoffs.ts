/** Meter: conversations handed to a human (units per conversation: 1 - r_b). */
import type { HandoffsCharge, MeterUnit } from "./types";

export const handoffs: MeterUnit<HandoffsCharge> = {
  kind: "handoffs",
  name: "handoffs to a human",
  unitName: () => "handoffs",
  schema: { properties: {}, required: [], description: "Conversations the AI hands to a human: V x (1 - r_b) units a month." },
  check: () => {},
  units: (_c, ctx) => ctx.conversations * (1 - ctx.resolutionRate),
  unitsFormula: (_c, x) => `${x.symbols.conversations}*(1-${x.symbols.rate})`,
  inputs: () => [],
  questions: ["Is a handoff billed when the customer abandons, or only when a human takes the conversation?"],
  docs: {
    summary: "Conversations handed to a human: V x (1 - r_b) units a month.",
    example: { label: "Assisted escalations", meter: "handoffs", unitPrice: 0.25 },
  },
};
