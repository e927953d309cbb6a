/**
 * Meter: outcomes of one or more types (units per conversation: the types' shares of conversations).
 * At most one outcome per conversation, so the shares of every outcome charge of a bid sum to at most 1
 * (checked in ./index.ts, where the bid's charges are seen together).
 */
import { fraction, PricingProblem } from "../problems";
import { chargeField } from "./shape";
import type { ChargeCells, MeterContext, MeterUnit, OutcomeType, OutcomesCharge } from "./types";

/** The share of conversations that end in an outcome of this type. */
export function outcomeShare(o: OutcomeType, ctx: MeterContext): number {
  if (o.share !== undefined) return o.share;
  const r = ctx.resolutionRate;
  return o.of === "resolutions" ? r : o.of === "qualifying-resolutions" ? r * ctx.qualifyingShare : 1 - r;
}

function shareFormula(o: OutcomeType, i: number, x: ChargeCells): string {
  const r = x.symbols.rate;
  if (o.share !== undefined) return x.cell(`outcomes.${i}.share`);
  return o.of === "resolutions" ? r : o.of === "qualifying-resolutions" ? `${r}*${x.symbols.qualifyingShare}` : `(1-${r})`;
}

/** The charge's outcomes per conversation: the sum of its types' shares. */
export function outcomesPerConversation(c: OutcomesCharge, ctx: MeterContext): number {
  let total = 0;
  for (const o of c.outcomes) total = total + outcomeShare(o, ctx);
  return total;
}

export const outcomes: MeterUnit<OutcomesCharge> = {
  kind: "outcomes",
  name: "outcomes of a type",
  unitName: () => "outcomes",
  schema: {
    properties: {
      outcomes: {
        type: "array",
        minItems: 1,
        maxItems: 20,
        description: "The outcome types this charge bills, each with its share of conversations: the analyst's figure (share) or derived from the bid's performance (of).",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["type"],
          properties: {
            type: { type: "string", allOf: [{ $ref: "#/definitions/line" }], minLength: 1, maxLength: 90, description: 'The outcome in the price list\'s words, e.g. "resolution", "qualified lead".' },
            share: { type: "number", minimum: 0, maximum: 1, description: "Share of conversations that end in this outcome, 0..1." },
            of: { enum: ["resolutions", "qualifying-resolutions", "handoffs"], description: "Or derived: r_b (resolutions), r_b x q_b (qualifying-resolutions) or 1 - r_b (handoffs)." },
          },
        },
      },
    },
    required: ["outcomes"],
    description: "Outcomes of one or more types: V x the sum of their shares a month. At most one outcome per conversation: a bid's shares sum to at most 1.",
  },
  check: (c) => {
    if (c.outcomes.length === 0) throw new PricingProblem("value", chargeField(c, "outcomes"), `charge "${c.label}" must list at least one outcome type`);
    c.outcomes.forEach((o, i) => {
      if ((o.share === undefined) === (o.of === undefined)) {
        throw new PricingProblem("value", chargeField(c, `outcomes[${i + 1}]`), `charge "${c.label}" outcome "${o.type}" needs either a share or an "of", not ${o.share === undefined ? "neither" : "both"}`);
      }
      if (o.share !== undefined) fraction(chargeField(c, `outcomes[${i + 1}].share`), o.share);
    });
  },
  units: (c, ctx) => ctx.conversations * outcomesPerConversation(c, ctx),
  unitsFormula: (c, x) => `${x.symbols.conversations}*(${c.outcomes.map((o, i) => shareFormula(o, i, x)).join("+")})`,
  inputs: (c) =>
    c.outcomes.flatMap((o, i) => (o.share === undefined ? [] : [{ field: `outcomes.${i}.share`, label: `Share of conversations ending in: ${o.type}`, value: o.share, format: "rate" as const, help: "at most one outcome per conversation" }])),
  questions: ["Which outcome is billed when a conversation could count as several, and who records the outcome type?", "Is a disqualification or a handoff billed at the same price as a resolution?"],
  docs: {
    summary: "Outcomes of one or more types: V x the sum of the types' shares a month. A share is the analyst's figure or derived from the bid's performance (r_b, r_b x q_b, 1 - r_b).",
    example: {
      label: "Fin outcomes",
      meter: "outcomes",
      outcomes: [
        { type: "resolution", share: 0.55 },
        { type: "procedure handoff", share: 0.1 },
        { type: "disqualification", share: 0.05 },
      ],
      unitPrice: 0.99,
    },
  },
};
