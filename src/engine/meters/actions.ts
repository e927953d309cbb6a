/**
 * Meter: actions of one or more types (units per conversation: actions of each type). With credits per
 * action the units are credits (Salesforce Agentforce: 20 per standard action, 30 per voice action).
 */
import { nonNegative, PricingProblem } from "../problems";
import { chargeField } from "./shape";
import type { ActionsCharge, MeterUnit } from "./types";

const inCredits = (c: ActionsCharge) => c.actions.some((a) => a.creditsPerAction !== undefined);

/** Units per conversation: actions, or credits (actions x credits per action), summed over the types. */
export function actionUnitsPerConversation(c: ActionsCharge): number {
  let total = 0;
  for (const a of c.actions) total = total + (a.creditsPerAction === undefined ? a.perConversation : a.perConversation * a.creditsPerAction);
  return total;
}

export const actions: MeterUnit<ActionsCharge> = {
  kind: "actions",
  name: "actions of a type",
  unitName: (c) => (inCredits(c) ? "credits" : "actions"),
  schema: {
    properties: {
      actions: {
        type: "array",
        minItems: 1,
        maxItems: 30,
        description: "The action types this charge bills: actions per conversation and, when priced through credits, the credits one action uses (every type, or none).",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["type", "perConversation"],
          properties: {
            type: { type: "string", allOf: [{ $ref: "#/definitions/line" }], minLength: 1, maxLength: 80, description: 'The action in the price list\'s words, e.g. "standard action", "generative answer".' },
            perConversation: { type: "number", minimum: 0, maximum: 10000, description: "Actions of this type per conversation, on average." },
            creditsPerAction: { type: "number", minimum: 0, maximum: 100000000, description: "Credits one action of this type uses, e.g. 20." },
          },
        },
      },
    },
    required: ["actions"],
    description: "Actions of one or more types: V x actions per conversation a month; with credits per action, V x the credits they use.",
  },
  check: (c) => {
    if (c.actions.length === 0) throw new PricingProblem("value", chargeField(c, "actions"), `charge "${c.label}" must list at least one action type`);
    const credited = c.actions.filter((a) => a.creditsPerAction !== undefined).length;
    if (credited !== 0 && credited !== c.actions.length) {
      throw new PricingProblem("value", chargeField(c, "actions"), `charge "${c.label}" gives credits per action for some action types but not all: give them for every type, or none`);
    }
    c.actions.forEach((a, i) => {
      nonNegative(chargeField(c, `actions[${i + 1}].perConversation`), a.perConversation);
      if (a.creditsPerAction !== undefined) nonNegative(chargeField(c, `actions[${i + 1}].creditsPerAction`), a.creditsPerAction);
    });
  },
  units: (c, ctx) => ctx.conversations * actionUnitsPerConversation(c),
  unitsFormula: (c, x) =>
    `${x.symbols.conversations}*(${c.actions.map((a, i) => (a.creditsPerAction === undefined ? x.cell(`actions.${i}.perConversation`) : `${x.cell(`actions.${i}.perConversation`)}*${x.cell(`actions.${i}.creditsPerAction`)}`)).join("+")})`,
  inputs: (c) =>
    c.actions.flatMap((a, i) => [
      { field: `actions.${i}.perConversation`, label: `${a.type}: actions per conversation`, value: a.perConversation, format: "plain" as const, help: "on average, over every conversation" },
      ...(a.creditsPerAction === undefined ? [] : [{ field: `actions.${i}.creditsPerAction`, label: `${a.type}: credits per action`, value: a.creditsPerAction, format: "count" as const, help: "credits one action uses" }]),
    ]),
  questions: ["Which steps of a conversation count as actions, and who can audit the count?", "Do unused credits expire, and can they be pooled with other products?"],
  docs: {
    summary: "Actions of one or more types: V x actions per conversation a month; with credits per action the units are credits, priced through a credit pack.",
    example: {
      label: "Agentforce actions",
      meter: "actions",
      actions: [
        { type: "standard action", perConversation: 2, creditsPerAction: 20 },
        { type: "voice action", perConversation: 0.5, creditsPerAction: 30 },
      ],
      creditPack: { price: 500, credits: 100000 },
    },
  },
};
