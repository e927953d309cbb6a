/** Meter: voice minutes (units per conversation: minutes per conversation). */
import { nonNegative } from "../problems";
import { chargeField } from "./shape";
import type { MeterUnit, VoiceMinutesCharge } from "./types";

export const voiceMinutes: MeterUnit<VoiceMinutesCharge> = {
  kind: "voice-minutes",
  name: "voice minutes",
  unitName: () => "minutes",
  schema: {
    properties: { minutesPerConversation: { type: "number", minimum: 0, maximum: 10000, description: "Voice minutes per conversation, averaged over every conversation (text ones count 0)." } },
    required: ["minutesPerConversation"],
    description: "Voice minutes: V x minutes per conversation a month.",
  },
  check: (c) => void nonNegative(chargeField(c, "minutesPerConversation"), c.minutesPerConversation),
  units: (c, ctx) => ctx.conversations * c.minutesPerConversation,
  unitsFormula: (_c, x) => `${x.symbols.conversations}*${x.cell("minutesPerConversation")}`,
  inputs: (c) => [{ field: "minutesPerConversation", label: "Voice minutes per conversation", value: c.minutesPerConversation, format: "plain", help: "averaged over every conversation" }],
  questions: ["Is a minute billed whole or by the second, and are hold time and transfers counted?"],
  docs: {
    summary: "Voice minutes: V x minutes per conversation a month.",
    example: { label: "Voice minutes", meter: "voice-minutes", minutesPerConversation: 1.5, unitPrice: 0.06 },
  },
};
