/** Meter: sessions, messages or requests (units per conversation: the bid's figure). */
import { nonNegative } from "../problems";
import { chargeField } from "./shape";
import type { MeterUnit, SessionsCharge } from "./types";

export const sessions: MeterUnit<SessionsCharge> = {
  kind: "sessions",
  name: "sessions, messages or requests",
  unitName: (c) => c.counts,
  schema: {
    properties: {
      counts: { enum: ["sessions", "messages", "requests"], description: "What is counted, in the price list's words." },
      perConversation: { type: "number", minimum: 0, maximum: 100000, description: "Sessions, messages or requests per conversation, on average, e.g. 1.2." },
    },
    required: ["counts", "perConversation"],
    description: "Sessions, messages or requests: V x the bid's figure per conversation a month.",
  },
  check: (c) => void nonNegative(chargeField(c, "perConversation"), c.perConversation),
  units: (c, ctx) => ctx.conversations * c.perConversation,
  unitsFormula: (_c, x) => `${x.symbols.conversations}*${x.cell("perConversation")}`,
  inputs: (c) => [{ field: "perConversation", label: `${c.counts[0].toUpperCase()}${c.counts.slice(1)} per conversation`, value: c.perConversation, format: "plain", help: "on average, over every conversation" }],
  questions: ["What starts a new session (a 24-hour window, an email reply, an idle timeout), and do unused ones carry over?"],
  docs: {
    summary: "Sessions, messages or requests: V x per conversation a month (a chat session per 24 hours, a session per email reply).",
    example: { label: "Freddy sessions", meter: "sessions", counts: "sessions", perConversation: 1.2, unitPrice: 49, packageSize: 100 },
  },
};
