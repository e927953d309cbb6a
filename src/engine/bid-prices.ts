/**
 * The prices of a bid, by name: what the tornado moves ("each price") and what the price to bring to
 * the table solves for (the bid's main charge). Each price is a field of the bid, read and replaced
 * without touching the rest (the bid is not modified; a changed copy is returned).
 */
import { Bid, bidScenario, chargeFigures, ownTokens, Pricing, Scenario } from "./bid";

export interface PriceField {
  /** The field's path in the bid, e.g. "pricing.pricePerResolution" or "charges.allowance.overagePrice". */
  path: string;
  /** In the analyst's words, e.g. "price per resolution". */
  words: string;
  /** The largest value it may take (a share is at most 1). */
  max: number;
}

const MODEL_PRICES: Record<Pricing["model"], [string, string, number?][]> = {
  "per-token": [
    ["inputPricePerMTok", "input price per million tokens"],
    ["outputPricePerMTok", "output price per million tokens"],
    ["cachedInputPricePerMTok", "cached input price per million tokens"],
  ],
  "per-seat": [["pricePerSeat", "price per seat"]],
  "per-conversation": [["pricePerConversation", "price per conversation"]],
  "per-resolution": [["pricePerResolution", "price per resolution"]],
  "outcome-based": [["pricePerOutcome", "price per outcome"]],
  "revenue-share": [
    ["share", "share of savings", 1],
    ["aiRunCost", "AI run cost"],
  ],
  credits: [["packPrice", "price of a pack of credits"]],
  // A bid by charges: each charge's prices (chargePrices below).
  charges: [],
};

/** A bid by charges: each charge's unit price or credit pack price, named by the charge's label. */
function chargePrices(bid: Bid): PriceField[] {
  const p = bid.pricing;
  if (p.model !== "charges") return [];
  return p.charges.flatMap((c, i) => {
    const at = `pricing.charges.${i}`;
    const out: PriceField[] = [];
    if (c.unitPrice !== undefined && c.unitPrice > 0) out.push({ path: `${at}.unitPrice`, words: `${c.label}: price per unit`, max: c.meter === "revenue" ? 1 : Infinity });
    if (c.creditPack && c.creditPack.price > 0) out.push({ path: `${at}.creditPack.price`, words: `${c.label}: price of a pack of credits`, max: Infinity });
    return out;
  });
}

/** A bid by charges: the price of its charge with the largest fee at the scenario (none if that charge has tiers). */
function mainChargeOfCharges(bid: Bid, scenario: Scenario): PriceField | null {
  if (bid.pricing.model !== "charges") return null;
  let figures;
  try {
    figures = chargeFigures(bid.pricing, bidScenario(bid, scenario));
  } catch {
    return null;
  }
  let k = 0;
  figures.forEach((f, i) => {
    if (f.fee > figures[k].fee) k = i;
  });
  const label = bid.pricing.charges[k].label;
  return chargePrices(bid).find((f) => f.path.startsWith(`pricing.charges.${k}.`) && f.words.startsWith(label)) ?? null;
}

const CHARGE_PRICES: [string, string][] = [
  ["charges.platformFeeMonthly", "platform fee per month"],
  ["charges.allowance.overagePrice", "overage price"],
  ["charges.package.price", "price of a package"],
  ["charges.minimumMonthly", "minimum per month"],
  ["charges.oneTimeFee", "one-time fee"],
];

/** The value at a path of the bid; undefined where the bid has no such field. */
export function priceAt(bid: Bid, path: string): number | undefined {
  let node: unknown = bid;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "number" ? node : undefined;
}

/** A copy of the bid with the field at `path` set to `value` (the objects along the path copied). */
export function withPrice(bid: Bid, path: string, value: number): Bid {
  const keys = path.split(".");
  const set = (node: Record<string, unknown>, k: number): Record<string, unknown> => {
    // A list (a bid's charges) stays a list.
    const copy = (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>;
    copy[keys[k]] = k === keys.length - 1 ? value : set((node[keys[k]] ?? {}) as Record<string, unknown>, k + 1);
    return copy;
  };
  return set(bid as unknown as Record<string, unknown>, 0) as unknown as Bid;
}

/** Every price the bid states (above 0), the pricing model's first, then its charges'. */
export function bidPrices(bid: Bid): PriceField[] {
  const out: PriceField[] = [];
  for (const [key, words, max] of MODEL_PRICES[bid.pricing.model]) {
    const path = `pricing.${key}`;
    const v = priceAt(bid, path);
    if (v !== undefined && v > 0) out.push({ path, words, max: max ?? Infinity });
  }
  out.push(...chargePrices(bid));
  for (const [path, words] of CHARGE_PRICES) {
    const v = priceAt(bid, path);
    if (v !== undefined && v > 0) out.push({ path, words, max: Infinity });
  }
  return out;
}

/**
 * The bid's main charge: the price its usage is billed at. With an allowance, its overage price; with
 * packages, the package's price; with tiers, none (no one price); otherwise the pricing model's price
 * (for a per-token bid, the input or output price, whichever costs more per conversation; for a
 * revenue share, the share).
 */
export function mainCharge(bid: Bid, scenario: Scenario): PriceField | null {
  const c = bid.charges;
  const p = bid.pricing;
  if (p.model === "charges") return mainChargeOfCharges(bid, scenario);
  const unitCharged = p.model === "per-conversation" || p.model === "per-resolution" || p.model === "outcome-based" || p.model === "per-seat" || p.model === "credits";
  if (unitCharged && c?.tiers) return null;
  if (unitCharged && c?.allowance) return { path: "charges.allowance.overagePrice", words: "overage price", max: Infinity };
  if (unitCharged && c?.package) return { path: "charges.package.price", words: "price of a package", max: Infinity };
  const [first, second] = MODEL_PRICES[p.model];
  let chosen = first;
  if (p.model === "per-token") {
    let tokens;
    try {
      tokens = ownTokens(p, scenario);
    } catch {
      return null;
    }
    chosen = tokens.output * p.outputPricePerMTok > (tokens.input - (tokens.cachedInput ?? 0)) * p.inputPricePerMTok ? second : first;
  }
  return { path: `pricing.${chosen[0]}`, words: chosen[1], max: chosen[2] ?? Infinity };
}
