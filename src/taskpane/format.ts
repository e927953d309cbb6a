/**
 * How the task pane words a bid: model names and the headline price, in the analyst's words.
 * Display only: no figure is computed here (the engine and the sheet's formulas do that).
 */
import type { Bid } from "../engine/bid";
import { PRICING_MODEL_NAMES, type PricingModel } from "../engine/models";

/** Model names as the pane's labels: the engine's words, capitalised. */
export const MODEL_LABELS = Object.fromEntries(Object.entries(PRICING_MODEL_NAMES).map(([model, words]) => [model, words[0].toUpperCase() + words.slice(1)])) as Record<PricingModel, string>;

export function modelLabel(model: string): string {
  return (MODEL_LABELS as Record<string, string>)[model] ?? model;
}

/** An amount of money in the bid's currency, with as many decimals as the price has (2 to 4). */
export function money(amount: number, currency: string): string {
  const decimals = Math.min(4, Math.max(2, (String(amount).split(".")[1] ?? "").length));
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(amount);
  } catch {
    return `${amount.toFixed(decimals)} ${currency}`;
  }
}

export function percent(share: number): string {
  return `${(share * 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** The price as the vendor states it, in one line. */
export function headlinePrice(bid: Bid): string {
  const c = bid.currency;
  const p = bid.pricing;
  let text: string;
  switch (p.model) {
    case "per-token":
      text = `${money(p.inputPricePerMTok, c)} input / ${money(p.outputPricePerMTok, c)} output per million tokens`;
      if (p.cachedInputPricePerMTok !== undefined) text += `, cached input ${money(p.cachedInputPricePerMTok, c)}`;
      for (const r of p.contextRows ?? []) text += `; prompts from ${count(r.fromInputTokens)} tokens ${money(r.inputPricePerMTok, c)} / ${money(r.outputPricePerMTok, c)}`;
      break;
    case "per-seat":
      text = `${money(p.pricePerSeat, c)} per seat per month, ${count(p.seats)} seats`;
      break;
    case "per-conversation":
      text = `${money(p.pricePerConversation, c)} per conversation`;
      break;
    case "per-resolution":
      text = `${money(p.pricePerResolution, c)} per resolution`;
      break;
    case "outcome-based":
      text = `${money(p.pricePerOutcome, c)} per qualifying outcome`;
      if (p.serviceLevel) text += `, paid when ${p.serviceLevel.metric} ${p.serviceLevel.higherIsBetter ? "≥" : "<"} ${count(p.serviceLevel.threshold)}`;
      break;
    case "revenue-share":
      text = `${percent(p.share)} of savings${p.buyerPaysAiCost ? ` + AI run cost ${money(p.aiRunCost, c)} per conversation` : ""}`;
      break;
    case "credits":
      text = `${count(p.creditsPerAction)} credits per action, ${count(p.actionsPerConversation)} actions per conversation; ${money(p.packPrice, c)} per ${count(p.creditsPerPack)} credits`;
      break;
    case "charges":
      text = p.charges.map((ch) => `${ch.label} (${ch.meter}${ch.unitPrice !== undefined ? ` at ${money(ch.unitPrice, c)}` : ""})`).join("; ");
      if (p.discount !== undefined) text += `; ${percent(p.discount)} off list`;
      break;
    default:
      text = "";
  }
  const ch = bid.charges;
  if (ch?.platformFeeMonthly) text += `; platform fee ${money(ch.platformFeeMonthly, c)}/month`;
  if (ch?.allowance) text += `; ${count(ch.allowance.included)} included, then ${money(ch.allowance.overagePrice, c)} each`;
  if (ch?.minimumMonthly) text += `; minimum ${money(ch.minimumMonthly, c)}/month`;
  if (ch?.oneTimeFee) text += `; one-time ${money(ch.oneTimeFee, c)}`;
  return text;
}
