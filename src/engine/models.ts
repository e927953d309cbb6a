/**
 * The pricing models and their names in the analyst's words: a module of its own, so that the task
 * pane can word a bid without loading the engine's arithmetic (src/engine/bid.ts re-exports them).
 */
export type PricingModel = "per-token" | "per-seat" | "per-conversation" | "per-resolution" | "outcome-based" | "revenue-share" | "credits" | "charges";

export const PRICING_MODELS: readonly PricingModel[] = ["per-token", "per-seat", "per-conversation", "per-resolution", "outcome-based", "revenue-share", "credits", "charges"];

/** Each pricing model in the analyst's words. */
export const PRICING_MODEL_NAMES: Readonly<Record<PricingModel, string>> = {
  "per-token": "per token",
  "per-seat": "per seat",
  "per-conversation": "per conversation",
  "per-resolution": "per resolution",
  "outcome-based": "outcome-based",
  "revenue-share": "revenue share",
  credits: "in credits",
  charges: "by charges on meters",
};
