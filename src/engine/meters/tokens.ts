/**
 * Meter: tokens, priced by the full rate card of a per-token bid (src/engine/rate-card.ts) per
 * conversation; tokens per conversation are the charge's own or the scenario's.
 */
import { PricingProblem } from "../problems";
import { isPlainTokenPricing, perTokenFee, scaleUsage, type PerTokenPricing } from "../rate-card";
import type { TokenUsage } from "../bid";
import type { ChargeCells, MeterContext, MeterInput, MeterUnit, TokensCharge } from "./types";

const CARD_FIELDS = ["inputPricePerMTok", "outputPricePerMTok", "cachedInputPricePerMTok", "cacheWrites", "contextRows", "batch", "priority", "regional", "callFees", "tokens"] as const;

/** The charge's rate card as a per-token pricing. */
export function rateCardOfCharge(c: TokensCharge): PerTokenPricing {
  const p: Record<string, unknown> = { model: "per-token" };
  for (const k of CARD_FIELDS) if (c[k] !== undefined) p[k] = c[k];
  return p as unknown as PerTokenPricing;
}

function usageOf(c: TokensCharge, tokens: TokenUsage | undefined): TokenUsage {
  const t = c.tokens ?? tokens;
  if (!t) throw new PricingProblem("value", `charge "${c.label}" tokens`, `charge "${c.label}" needs tokens per conversation, from the charge or the scenario`);
  return t;
}

export const tokens: MeterUnit<TokensCharge> = {
  kind: "tokens",
  name: "tokens",
  unitName: () => "conversations",
  schema: {
    // The per-token pricing's fields; the two uplifts by their definition (the same schema twice would be one).
    properties: Object.fromEntries(CARD_FIELDS.map((k) => [k, k === "priority" || k === "regional" ? { $ref: "#/definitions/uplift", description: `The ${k} uplift, as in a per-token bid.` } : { $ref: `#/definitions/perToken/properties/${k}` }])),
    required: ["inputPricePerMTok", "outputPricePerMTok"],
    description: "Tokens, priced per conversation by a per-token rate card (the per-token pricing's fields); a discount applies, the other shape fields do not.",
  },
  check: () => {},
  units: (_c, ctx) => ctx.conversations,
  unitsFormula: (_c, x) => x.symbols.conversations,
  inputs: (c) => {
    const rows: MeterInput[] = [
      { field: "inputPricePerMTok", label: "Input price per million tokens", value: c.inputPricePerMTok, format: "price", help: "list price, per million input tokens" },
      { field: "outputPricePerMTok", label: "Output price per million tokens", value: c.outputPricePerMTok, format: "price", help: "list price, per million output tokens" },
    ];
    if (c.cachedInputPricePerMTok !== undefined) rows.push({ field: "cachedInputPricePerMTok", label: "Cached input price per million tokens", value: c.cachedInputPricePerMTok, format: "price", help: "price of cached input tokens" });
    const t = c.tokens;
    if (t) {
      rows.push({ field: "tokens.input", label: "Input tokens per conversation", value: t.input, format: "tokens", help: "this charge's own, cached tokens included" });
      rows.push({ field: "tokens.output", label: "Output tokens per conversation", value: t.output, format: "tokens", help: "this charge's own" });
      if (t.cachedInput !== undefined) rows.push({ field: "tokens.cachedInput", label: "Cached input tokens per conversation", value: t.cachedInput, format: "tokens", help: "part of the input tokens" });
      if (t.attempts !== undefined) rows.push({ field: "tokens.attempts", label: "Model calls per conversation", value: t.attempts, format: "plain", help: "retries and agent steps" });
    }
    return rows;
  },
  feePerConversation: (c: TokensCharge, ctx: MeterContext) => perTokenFee(rateCardOfCharge(c), scaleUsage(usageOf(c, ctx.tokens), ctx.tokenFactor)),
  feePerConversationFormula: (c: TokensCharge, x: ChargeCells) => {
    if (!isPlainTokenPricing(rateCardOfCharge(c), c.tokens)) {
      throw new PricingProblem(
        "value",
        `charge "${c.label}"`,
        `charge "${c.label}": a token charge with more than one price row, cache writes, batch, priority, regional or per-call fees is priced by the engine but not yet written on the sheet; use a per-token bid for it`,
      );
    }
    if (!c.tokens) throw new PricingProblem("value", `charge "${c.label}" tokens`, `charge "${c.label}" on the sheet needs its own tokens per conversation`);
    const scaled = (cell: string) => (x.symbols.tokenFactor ? `${cell}*${x.symbols.tokenFactor}` : cell);
    const cached = c.tokens.cachedInput !== undefined ? scaled(x.cell("tokens.cachedInput")) : "0";
    const cachedPrice = c.cachedInputPricePerMTok !== undefined ? x.cell("cachedInputPricePerMTok") : x.cell("inputPricePerMTok");
    const attempts = c.tokens.attempts !== undefined ? x.cell("tokens.attempts") : "1";
    return `AIPRICE.TOKEN_COST(${scaled(x.cell("tokens.input"))}, ${scaled(x.cell("tokens.output"))}, ${x.cell("inputPricePerMTok")}, ${x.cell("outputPricePerMTok")}, ${cached}, ${cachedPrice}, ${attempts})`;
  },
  questions: ["Which model versions does the price list cover, and how much notice is given of a price change?"],
  docs: {
    summary: "Tokens: a per-token rate card, priced per conversation at the charge's own tokens (or the scenario's). On the sheet, one price row and the charge's own tokens.",
    example: { label: "Model tokens", meter: "tokens", inputPricePerMTok: 3, outputPricePerMTok: 15, tokens: { input: 20000, output: 3000 } },
  },
};
