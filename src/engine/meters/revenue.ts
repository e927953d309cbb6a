/**
 * Meter: savings or revenue. The units are money: the savings against the human cost (a revenue share)
 * or the revenue attributed to the AI (a commission on sales); the unit price is the vendor's share.
 */
import { nonNegative, PricingProblem } from "../problems";
import { atLeast, chargeField } from "./shape";
import type { MeterUnit, RevenueCharge } from "./types";

export const revenue: MeterUnit<RevenueCharge> = {
  kind: "revenue",
  name: "savings or revenue",
  unitName: (c) => (c.basis === "savings" ? "savings" : "revenue"),
  schema: {
    properties: {
      basis: { enum: ["savings", "revenue"], description: "savings: V x max(0, (h - AI run cost) x r_b); revenue: V x revenue attributed to the AI per conversation." },
      aiRunCost: { $ref: "#/definitions/money", description: "savings: the AI run cost per conversation counted against the human cost; 0 when absent." },
      revenuePerConversation: { $ref: "#/definitions/money", description: "revenue: revenue attributed to the AI per conversation, on average." },
    },
    required: ["basis"],
    description: "A share of savings or of revenue: the units are money, the unit price is the vendor's share (0.15 for 15%).",
  },
  check: (c) => {
    if (c.basis === "revenue" && c.revenuePerConversation === undefined) throw new PricingProblem("value", chargeField(c, "revenuePerConversation"), `charge "${c.label}" on revenue needs revenuePerConversation`);
    if (c.basis === "savings" && c.revenuePerConversation !== undefined) throw new PricingProblem("value", chargeField(c, "revenuePerConversation"), `charge "${c.label}" on savings takes no revenuePerConversation`);
    if (c.basis === "revenue" && c.aiRunCost !== undefined) throw new PricingProblem("value", chargeField(c, "aiRunCost"), `charge "${c.label}" on revenue takes no aiRunCost`);
    if (c.aiRunCost !== undefined) nonNegative(chargeField(c, "aiRunCost"), c.aiRunCost);
    if (c.revenuePerConversation !== undefined) nonNegative(chargeField(c, "revenuePerConversation"), c.revenuePerConversation);
  },
  units: (c, ctx) => {
    if (c.basis === "revenue") return ctx.conversations * (c.revenuePerConversation ?? 0);
    const saving = (ctx.humanCost - (c.aiRunCost ?? 0)) * ctx.resolutionRate;
    return ctx.conversations * (saving < 0 ? 0 : saving);
  },
  unitsFormula: (c, x) => {
    const s = x.symbols;
    if (c.basis === "revenue") return `${s.conversations}*${x.cell("revenuePerConversation")}`;
    const ai = c.aiRunCost !== undefined ? x.cell("aiRunCost") : "0";
    return `${s.conversations}*${atLeast("0", `(${s.humanCost}-${ai})*${s.rate}`, s.arrayed)}`;
  },
  inputs: (c) =>
    c.basis === "revenue"
      ? [{ field: "revenuePerConversation", label: "Revenue attributed to the AI per conversation", value: c.revenuePerConversation ?? 0, format: "price", help: "on average, over every conversation" }]
      : c.aiRunCost !== undefined
        ? [{ field: "aiRunCost", label: "AI run cost per conversation (against the savings)", value: c.aiRunCost, format: "price", help: "counted against the human cost" }]
        : [],
  questions: ["How is revenue attributed to the AI (last touch, assisted), and who measures it?", "Which baseline are the savings measured against, and is it fixed for the term?"],
  docs: {
    summary: "A share of savings (V x max(0, (h - AI run cost) x r_b)) or of revenue attributed to the AI (V x revenue per conversation); the unit price is the share.",
    example: { label: "Commission on sales", meter: "revenue", basis: "revenue", revenuePerConversation: 2.5, unitPrice: 0.1 },
  },
};
