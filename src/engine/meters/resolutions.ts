/** Meter: conversations the AI resolves (units per conversation: r_b). */
import type { MeterUnit, ResolutionsCharge } from "./types";

export const resolutions: MeterUnit<ResolutionsCharge> = {
  kind: "resolutions",
  name: "resolutions",
  unitName: (c) => (c.creditPack ? "resolutions (in credits)" : "resolutions"),
  schema: { properties: {}, required: [], description: "Conversations the AI resolves without a human: V x r_b units a month." },
  check: () => {},
  units: (_c, ctx) => ctx.conversations * ctx.resolutionRate,
  unitsFormula: (_c, x) => `${x.symbols.conversations}*${x.symbols.rate}`,
  inputs: () => [],
  questions: ["Who decides that a conversation is resolved, and may the buyer dispute it?", "Is a resolution reopened within days credited back?"],
  docs: {
    summary: "Conversations the AI resolves: V x r_b units a month, r_b the bid's resolution rate.",
    example: { label: "Resolutions", meter: "resolutions", unitPrice: 0.99 },
  },
};
