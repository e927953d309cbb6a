/**
 * A bid's own inputs on the comparison sheet (its prices, charge shapes, term and what the buyer
 * supplies), each an editable cell: the label, the path of the bid field it holds, how it is read back.
 */
import type { Bid, PricingModel } from "../../engine/bid";
import type { Formats } from "./cells";
import { chargeInputs, type InputFormat } from "../../engine/meters";

export const UNIT_LABEL: Partial<Record<PricingModel, string>> = {
  "per-conversation": "conversations",
  "per-resolution": "resolutions",
  "outcome-based": "qualifying outcomes",
  "per-seat": "seats",
  credits: "credits",
};

/** The path of the first prompt-size row's threshold: always 0, a figure on the sheet, never a field of the bid. */
export const FIRST_ROW_FROM = "pricing.contextRows.first";

import type { InputKind } from "../sheet-plan";

export type { InputKind };

export interface InputRow {
  label: string;
  path: string;
  kind: InputKind;
  value: number | boolean | string | null;
  format: string;
  /** A second input in the next column (a tier's price). */
  second?: { path: string; kind: InputKind; value: number; format: string };
  help: string;
  /** A figure, not an input: written as a number the formulas read, never read back (the first prompt-size row's 0). */
  fixed?: boolean;
  /** Absent from the bid: the cell follows this other input (a formula) until the analyst types a value. */
  follows?: string;
}

/** Adds an input row: its label, the bid field it holds, the value as quoted, its format and help. */
type AddRow = (label: string, path: string, value: number | boolean | string | null, format: string, help: string, kind?: InputKind) => void;

function adderTo(rows: InputRow[]): AddRow {
  return (label, path, value, format, help, kind = "number") => rows.push({ label, path, kind, value, format, help });
}

type PricingOf<M extends PricingModel> = Extract<Bid["pricing"], { model: M }>;

/** A bid's input cells, in order: its prices, its charge shapes, its term, what the buyer supplies. */
export function inputRows(bid: Bid, f: Formats): InputRow[] {
  return [...pricingRows(bid.pricing, f), ...shapeRows(bid, f), ...termRows(bid, f), ...suppliedRows(bid, f)];
}

/** The prices of the bid's pricing model. */
function pricingRows(p: Bid["pricing"], f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  switch (p.model) {
    case "per-token":
      return [...tokenPriceRows(p, f), ...tokenUpliftRows(p, f), ...tokenUsageRows(p, f)];
    case "credits":
      add("Credits per action", "pricing.creditsPerAction", p.creditsPerAction, f.count, "credits one action uses");
      add("Actions per conversation", "pricing.actionsPerConversation", p.actionsPerConversation, f.plain, "on average, for every conversation");
      add("Price of a pack of credits", "pricing.packPrice", p.packPrice, f.price, "what one pack costs");
      add("Credits per pack", "pricing.creditsPerPack", p.creditsPerPack, f.count, "credits in one pack");
      break;
    case "per-seat":
      add("Price per seat per month", "pricing.pricePerSeat", p.pricePerSeat, f.price, "monthly licence of one seat");
      add("Seats", "pricing.seats", p.seats, f.count, "seats bought");
      break;
    case "per-conversation":
      add("Price per conversation", "pricing.pricePerConversation", p.pricePerConversation, f.price, "paid for every conversation, resolved or not");
      break;
    case "per-resolution":
      add("Price per resolution", "pricing.pricePerResolution", p.pricePerResolution, f.price, "paid for each conversation the AI resolves");
      break;
    case "outcome-based":
      return outcomeRows(p, f);
    case "charges":
      return chargeRows(p, f);
    case "revenue-share":
      add("Vendor's share of the savings", "pricing.share", p.share, f.rate, "share x max(0, (h - AI run cost) x r)");
      add("AI run cost per conversation", "pricing.aiRunCost", p.aiRunCost, f.price, "what running the AI costs per conversation");
      add("Buyer pays the AI run cost", "pricing.buyerPaysAiCost", p.buyerPaysAiCost, f.plain, "TRUE: the buyer pays it on top of the share", "boolean");
      break;
  }
  return rows;
}

/** An outcome-based bid's price and its service level, if any. */
function outcomeRows(p: PricingOf<"outcome-based">, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  add("Price per qualifying outcome", "pricing.pricePerOutcome", p.pricePerOutcome, f.price, "paid for each resolution that meets the outcome condition");
  if (p.serviceLevel) {
    add("Service level: threshold", "pricing.serviceLevel.threshold", p.serviceLevel.threshold, f.plain, "the contract's level");
    add("Service level: expected measurement", "pricing.serviceLevel.expected", p.serviceLevel.expected, f.plain, "an assumption of this comparison");
    add("Service level: met when higher is better", "pricing.serviceLevel.higherIsBetter", p.serviceLevel.higherIsBetter, f.plain, "TRUE: met at or above the threshold; FALSE: met below it", "boolean");
    add("Service level: share credited when missed", "pricing.serviceLevel.creditShare", p.serviceLevel.creditShare, f.rate, "100% = nothing is paid when the level is missed");
  }
  return rows;
}

/** A per-token bid's prices per million tokens: one row of prices, or the rate card by prompt size. */
function tokenPriceRows(p: PricingOf<"per-token">, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  const card = p.contextRows ?? [];
  if (card.length === 0) {
    add("Input price per million tokens", "pricing.inputPricePerMTok", p.inputPricePerMTok, f.price, "list price, per million input tokens");
    add("Output price per million tokens", "pricing.outputPricePerMTok", p.outputPricePerMTok, f.price, "list price, per million output tokens");
    if (p.cachedInputPricePerMTok !== undefined) add("Cached input price per million tokens", "pricing.cachedInputPricePerMTok", p.cachedInputPricePerMTok, f.price, "price of cached input tokens");
    return rows;
  }
  // The rate card by prompt size: each field's rows one under another, so that each is a range.
  const n = card.length + 1;
  const at = (k: number, field: string) => (k === 0 ? `pricing.${field}` : `pricing.contextRows.${k - 1}.${field}`);
  const of = (k: number) => `prompt-size row ${k + 1} of ${n}`;
  rows.push({ label: `Prompts from this many input tokens (${of(0)})`, path: FIRST_ROW_FROM, kind: "number", value: 0, format: f.tokens, help: "the first row starts at 0 tokens", fixed: true });
  for (let k = 1; k < n; k++) {
    add(`Prompts from this many input tokens (${of(k)})`, at(k, "fromInputTokens"), card[k - 1].fromInputTokens, f.tokens, "a request whose input reaches this size is priced, every token of it, on this row");
  }
  for (let k = 0; k < n; k++) add(`Input price per million tokens (${of(k)})`, at(k, "inputPricePerMTok"), k === 0 ? p.inputPricePerMTok : card[k - 1].inputPricePerMTok, f.price, "list price, per million input tokens");
  const cached = [p.cachedInputPricePerMTok, ...card.map((r) => r.cachedInputPricePerMTok)];
  if (cached.some((c) => c !== undefined)) {
    for (let k = 0; k < n; k++) {
      const c = cached[k];
      if (c !== undefined) add(`Cached input price per million tokens (${of(k)})`, at(k, "cachedInputPricePerMTok"), c, f.price, "price of cached input tokens");
      else
        rows.push({
          label: `Cached input price per million tokens (${of(k)})`,
          path: at(k, "cachedInputPricePerMTok"),
          kind: "number-or-formula",
          value: null,
          format: f.price,
          help: "not quoted: the row's input price",
          follows: at(k, "inputPricePerMTok"),
        });
    }
  }
  for (let k = 0; k < n; k++) add(`Output price per million tokens (${of(k)})`, at(k, "outputPricePerMTok"), k === 0 ? p.outputPricePerMTok : card[k - 1].outputPricePerMTok, f.price, "list price, per million output tokens");
  return rows;
}

/** What a per-token bid's price list adds to the token prices: cache writes, batch, priority and regional uplifts, per-call fees. */
function tokenUpliftRows(p: PricingOf<"per-token">, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  for (const [key, words] of [
    ["fiveMinute", "5-minute"],
    ["oneHour", "1-hour"],
  ] as const) {
    const w = p.cacheWrites?.[key];
    if (!w) continue;
    add(`Cache writes, ${words}: price as a multiple of the input price`, `pricing.cacheWrites.${key}.multiplier`, w.multiplier, f.plain, "e.g. 1.25: a written token costs 1.25 x the input price");
    add(`Cache writes, ${words}: share of input tokens written`, `pricing.cacheWrites.${key}.share`, w.share, f.rate, "of every call's input tokens");
  }
  if (p.batch) {
    add("Batch: discount on token prices", "pricing.batch.discount", p.batch.discount, f.rate, "e.g. 50% off for calls sent in batch");
    add("Batch: share of calls sent in batch", "pricing.batch.share", p.batch.share, f.rate, "answers within hours, not at once");
  }
  if (p.priority) {
    add("Priority tier: price as a multiple of standard", "pricing.priority.multiplier", p.priority.multiplier, f.plain, "e.g. 2.5");
    add("Priority tier: share of calls sent at priority", "pricing.priority.share", p.priority.share, f.rate, "the rest at standard or in batch");
  }
  if (p.regional) {
    add("Regional processing: price as a multiple of standard", "pricing.regional.multiplier", p.regional.multiplier, f.plain, "e.g. 1.1 for data residency");
    add("Regional processing: share of calls", "pricing.regional.share", p.regional.share, f.rate, "calls processed in the region");
  }
  (p.callFees ?? []).forEach((fee, i) => {
    add(`Per-call fee: ${fee.label}, price per call`, `pricing.callFees.${i}.pricePerCall`, fee.pricePerCall, f.price, "beside the tokens");
    add(`Per-call fee: ${fee.label}, calls per conversation`, `pricing.callFees.${i}.callsPerConversation`, fee.callsPerConversation, f.plain, "on average");
  });
  return rows;
}

/** A per-token bid's own token use per conversation, when it states one (else the scenario's). */
function tokenUsageRows(p: PricingOf<"per-token">, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  const t = p.tokens;
  if (!t) return rows;
  add("Input tokens per conversation", "pricing.tokens.input", t.input, f.tokens, "this bid's own token use, cached tokens included");
  add("Output tokens per conversation", "pricing.tokens.output", t.output, f.tokens, "this bid's own token use");
  if (t.cachedInput !== undefined) add("Cached input tokens per conversation", "pricing.tokens.cachedInput", t.cachedInput, f.tokens, "part of the input tokens");
  if (t.attempts !== undefined) add("Model calls per conversation", "pricing.tokens.attempts", t.attempts, f.plain, "retries and agent steps");
  if (t.reasoning !== undefined) add("Reasoning tokens per call", "pricing.tokens.reasoning", t.reasoning, f.tokens, "billed as output tokens");
  if (t.longPrompts) {
    const l = t.longPrompts;
    add("Long prompts: share of conversations", "pricing.tokens.longPrompts.share", l.share, f.rate, "conversations whose prompts are long");
    add("Long prompts: input tokens per call", "pricing.tokens.longPrompts.input", l.input, f.tokens, "cached tokens included; chooses the prompt-size row");
    if (l.cachedInput !== undefined) add("Long prompts: cached input tokens per call", "pricing.tokens.longPrompts.cachedInput", l.cachedInput, f.tokens, "part of their input tokens");
    if (l.output !== undefined) add("Long prompts: output tokens per call", "pricing.tokens.longPrompts.output", l.output, f.tokens, "the other conversations' when absent");
  }
  return rows;
}

/** The bid's charge shapes on top of its pricing model: platform fee, allowance, tiers, packages, minimum, one-time fee. */
function shapeRows(bid: Bid, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  const unit = UNIT_LABEL[bid.pricing.model] ?? "units";
  const c = bid.charges ?? {};
  if (c.platformFeeMonthly !== undefined) add("Platform fee per month", "charges.platformFeeMonthly", c.platformFeeMonthly, f.price, "fixed monthly fee");
  if (c.allowance) {
    add(`Allowance: ${unit} included per month`, "charges.allowance.included", c.allowance.included, f.count, "included in the platform fee");
    add(`Allowance: overage price per ${unit.replace(/s$/, "")}`, "charges.allowance.overagePrice", c.allowance.overagePrice, f.price, "each unit above the allowance");
  }
  if (c.tiers) {
    add("Tiers: mode", "charges.tiers.mode", c.tiers.mode, f.plain, "graduated: each unit at its tier's price; volume: all units at one tier's price", "tier-mode");
    c.tiers.tiers.forEach((t, i) =>
      rows.push({
        label: `Tier ${i + 1}: up to (${unit}; blank = no limit) | price per unit`,
        path: `charges.tiers.tiers.${i}.upTo`,
        kind: "number-or-blank",
        value: t.upTo,
        format: f.count,
        second: { path: `charges.tiers.tiers.${i}.price`, kind: "number", value: t.price, format: f.price },
        help: "inclusive upper bound, then the unit price",
      }),
    );
  }
  if (c.package) {
    add(`Package size (${unit})`, "charges.package.size", c.package.size, f.count, "units are bought in whole packages");
    add("Package price", "charges.package.price", c.package.price, f.price, "price of one package");
  }
  if (c.minimumMonthly !== undefined) add("Minimum commitment per month", "charges.minimumMonthly", c.minimumMonthly, f.price, "the vendor bills at least this (true-up)");
  if (c.oneTimeFee !== undefined) add("One-time vendor fee", "charges.oneTimeFee", c.oneTimeFee, f.price, "implementation or onboarding, spread over the term");
  return rows;
}

/** Over the contract term (the term block reads them): commitment, escalator, credit packs, reopen window, the term itself. */
function termRows(bid: Bid, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  const c = bid.charges ?? {};
  if (c.commitment) {
    add("Spend commitment per period", "charges.commitment.amount", c.commitment.amount, f.monthly, "the vendor bills at least this per period: the shortfall is trued up in the period's last month");
    add("Commitment period (months)", "charges.commitment.periodMonths", c.commitment.periodMonths ?? 12, f.months, "12: an annual commitment");
  }
  if (c.escalator) {
    add("Price escalator per step", "charges.escalator.annualRate", c.escalator.annualRate, f.rate, "every price the vendor charges rises by this");
    add("Escalator: months between rises", "charges.escalator.everyMonths", c.escalator.everyMonths ?? 12, f.months, "12: once a year, from month 13");
  }
  if (c.creditPacks) {
    // Every figure of the packs in an input cell (the term block's formulas refer to them).
    const k = c.creditPacks;
    add("Credit packs: credits per pack", "charges.creditPacks.creditsPerPack", k.creditsPerPack, f.count, "credits in one pack");
    add("Credit packs: price per pack", "charges.creditPacks.pricePerPack", k.pricePerPack, f.price, "billed in the month the packs are bought");
    add("Credit packs: packs bought each time", "charges.creditPacks.packs", k.packs, f.count, "how many packs are bought in each buying month");
    k.boughtInMonths.forEach((m, i) => add(`Credit packs: bought in month (${i + 1} of ${k.boughtInMonths.length})`, `charges.creditPacks.boughtInMonths.${i}`, m, f.months, "a month of the contract term"));
    if (k.expiryMonths !== undefined) add("Credit packs: months before credits expire", "charges.creditPacks.expiryMonths", k.expiryMonths, f.months, "usable in the month bought and the months after, this many in all");
  }
  if (c.reopenWindowDays !== undefined) add("Reopen window (days)", "charges.reopenWindowDays", c.reopenWindowDays, f.months, "a resolution reopened within it is not billed: its fee is final when the window closes");
  add("Contract term (months)", "termMonths", bid.termMonths ?? 12, f.months, "one-time costs are spread over it");
  return rows;
}

/** What the buyer supplies beside the vendor. */
function suppliedRows(bid: Bid, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = adderTo(rows);
  (bid.supplied ?? []).forEach((s, i) => {
    if (s.perConversation !== undefined) add(`Supplied by the buyer: ${s.label}, per conversation`, `supplied.${i}.perConversation`, s.perConversation, f.price, "buyer's own cost");
    if (s.fixedMonthly !== undefined) add(`Supplied by the buyer: ${s.label}, fixed per month`, `supplied.${i}.fixedMonthly`, s.fixedMonthly, f.price, "buyer's own cost");
    if (s.oneTime !== undefined) add(`Supplied by the buyer: ${s.label}, one-time`, `supplied.${i}.oneTime`, s.oneTime, f.price, "spread over the term");
  });
  return rows;
}

/** The input cells of a bid by charges: each charge's (named by its label), then the bid's discount. */
function chargeRows(p: Extract<Bid["pricing"], { model: "charges" }>, f: Formats): InputRow[] {
  const format = (x: InputFormat) => f[x];
  const rows: InputRow[] = [];
  p.charges.forEach((c, i) => {
    for (const x of chargeInputs(c)) {
      const path = `pricing.charges.${i}.${x.field}`;
      rows.push({
        label: `${c.label}: ${x.label}`,
        path,
        kind: x.kind ?? "number",
        value: x.value,
        format: format(x.format),
        help: x.help,
        ...(x.second ? { second: { path: `pricing.charges.${i}.${x.second.field}`, kind: "number" as const, value: x.second.value, format: format(x.second.format) } } : {}),
      });
    }
  });
  if (p.discount !== undefined) rows.push({ label: "Discount off list (every charge without its own)", path: "pricing.discount", kind: "number", value: p.discount, format: f.rate, help: "negotiated, on the bid's list prices" });
  return rows;
}
