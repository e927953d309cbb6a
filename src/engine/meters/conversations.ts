/** Meter: every conversation (units per conversation: 1). */
import type { MeterUnit, ConversationsCharge } from "./types";

export const conversations: MeterUnit<ConversationsCharge> = {
  kind: "conversations",
  name: "conversations",
  unitName: () => "conversations",
  schema: { properties: {}, required: [], description: "Every conversation the AI handles, resolved or not." },
  check: () => {},
  units: (_c, ctx) => ctx.conversations,
  unitsFormula: (_c, x) => x.symbols.conversations,
  inputs: () => [],
  questions: ["What counts as one conversation: a new ticket, a chat session, a 24-hour window, a reopened thread?"],
  docs: {
    summary: "Every conversation, resolved or not: V units a month.",
    example: { label: "Conversations", meter: "conversations", unitPrice: 0.5, includedUnits: 1000 },
  },
};
