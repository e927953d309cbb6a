/**
 * The pricing models of the first edition as shorthand of charges (docs/spec.md#charges-on-meters):
 * `chargesOfShorthand` writes a model's bid as the charges it stands for, with the same figures, and
 * `shorthandOfCharges` writes a bid by charges back as a model where one holds it (or says why none
 * does). Pure. What moves where: docs/modules.md#pricing-models-as-shorthand-of-charges.
 */
import type { Bid, Charges, Pricing } from "../bid";
import { PricingProblem } from "../problems";
import type { Charge, ChargeShape } from "./types";

type ChargesPricing = Extract<Pricing, { model: "charges" }>;
type ModelPricing = Exclude<Pricing, ChargesPricing>;

/** The labels the expansion gives its charges, in the analyst's words. */
export const SHORTHAND_LABELS = {
  conversations: "Conversations",
  resolutions: "Resolutions",
  outcomes: "Qualifying outcomes",
  seats: "Seats",
  tokens: "Tokens",
  actions: "Actions",
  savings: "Share of savings",
  aiRunCost: "AI run cost",
} as const;

/** Why a bid in a pricing model cannot be written as charges; null when it can. */
export function whyNotCharges(bid: Bid): string | null {
  const p = bid.pricing;
  if (p.model === "outcome-based" && p.serviceLevel) {
    return "an outcome-based bid with a service-level gate (a fee paid only when a level is met) has no charge that holds the gate";
  }
  if (p.model === "credits" && bid.charges?.creditPacks) {
    return "a credit bid's prepaid credit packs are burnt over the term only for a bid priced in credits";
  }
  return null;
}

/** The usage shape of the bid (allowance, tiers or package) as the fields of a charge, priced at `unitPrice` without one. */
function usageShape(charges: Charges | undefined, unitPrice: number): ChargeShape {
  if (charges?.allowance) return { unitPrice: charges.allowance.overagePrice, includedUnits: charges.allowance.included };
  if (charges?.tiers) return { tiers: { mode: charges.tiers.mode, tiers: charges.tiers.tiers.map((t) => ({ ...t })) } };
  if (charges?.package) return { unitPrice: charges.package.price, packageSize: charges.package.size };
  return { unitPrice };
}

/** The charges one pricing model stands for (its usage shape on the charge that counts units). */
function chargesOfModel(p: ModelPricing, shapes: Charges | undefined): Charge[] {
  const L = SHORTHAND_LABELS;
  switch (p.model) {
    case "per-conversation":
      return [{ label: L.conversations, meter: "conversations", ...usageShape(shapes, p.pricePerConversation) }];
    case "per-resolution":
      return [{ label: L.resolutions, meter: "resolutions", ...usageShape(shapes, p.pricePerResolution) }];
    case "outcome-based":
      return [{ label: L.outcomes, meter: "outcomes", outcomes: [{ type: "qualifying resolution", of: "qualifying-resolutions" }], ...usageShape(shapes, p.pricePerOutcome) }];
    case "per-seat":
      return [{ label: L.seats, meter: "seats", seats: p.seats, ...usageShape(shapes, p.pricePerSeat) }];
    case "credits": {
      const actions = [{ type: "action", perConversation: p.actionsPerConversation, creditsPerAction: p.creditsPerAction }];
      // An allowance, tiers or packages price credits: the units are credits, at the shape's prices.
      if (shapes?.allowance || shapes?.tiers || shapes?.package) return [{ label: L.actions, meter: "actions", actions, ...usageShape(shapes, 0) }];
      return [{ label: L.actions, meter: "actions", actions, creditPack: { price: p.packPrice, credits: p.creditsPerPack } }];
    }
    case "per-token": {
      const { model: _model, ...card } = p;
      return [{ label: L.tokens, meter: "tokens", ...card }];
    }
    case "revenue-share": {
      const share: Charge = { label: L.savings, meter: "revenue", basis: "savings", aiRunCost: p.aiRunCost, unitPrice: p.share };
      return p.buyerPaysAiCost ? [{ label: L.aiRunCost, meter: "conversations", unitPrice: p.aiRunCost }, share] : [share];
    }
  }
}

/** The bid's own shapes without the usage shape (which the expansion moves onto a charge); undefined when none is left. */
function withoutUsageShape(charges: Charges | undefined): Charges | undefined {
  if (!charges) return undefined;
  const { allowance: _a, tiers: _t, package: _p, ...rest } = charges;
  return Object.keys(rest).length ? rest : undefined;
}

/**
 * A bid in a pricing model as a bid by charges with the same figures; a bid already by charges comes
 * back as it is. Throws a PricingProblem saying why when no list of charges holds the bid.
 */
export function chargesOfShorthand(bid: Bid): Bid {
  const p = bid.pricing;
  if (p.model === "charges") return bid;
  const why = whyNotCharges(bid);
  if (why) throw new PricingProblem("value", "pricing", `cannot be written as charges: ${why}`);
  const out: Bid = { ...bid, pricing: { model: "charges", charges: chargesOfModel(p, bid.charges) } };
  const rest = withoutUsageShape(bid.charges);
  if (rest) out.charges = rest;
  else delete out.charges;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Back: a bid by charges in a pricing model of the previous release.

export type Shorthand = { ok: true; bid: Bid } | { ok: false; reason: string };

const SHAPE_KEYS = ["unitPrice", "tiers", "creditPack", "creditsPerUnit", "includedUnits", "packageSize", "minimumMonthly", "discount"] as const;
type Usage = { price: number; shapes: Charges } | string;

/** A charge's shape as a price and the usage shape of a pricing model, or why the model cannot hold it. */
function usageOf(c: Charge, allowCreditPack = false): Usage {
  if (c.discount !== undefined && c.discount !== 0) return `charge "${c.label}" has a discount off list, which the previous format cannot hold`;
  if (c.creditPack && !allowCreditPack) return `charge "${c.label}" is priced through credit packs`;
  if (c.creditsPerUnit !== undefined) return `charge "${c.label}" has credits per unit`;
  if (c.tiers) {
    if (c.includedUnits !== undefined) return `charge "${c.label}" has both tiers and units included`;
    return { price: 0, shapes: { tiers: { mode: c.tiers.mode, tiers: c.tiers.tiers.map((t) => ({ ...t })) } } };
  }
  const price = c.unitPrice ?? 0;
  if (c.includedUnits !== undefined && c.packageSize !== undefined) return `charge "${c.label}" has both units included and packages`;
  if (c.includedUnits !== undefined) return { price: 0, shapes: { allowance: { included: c.includedUnits, overagePrice: price } } };
  if (c.packageSize !== undefined) return { price: 0, shapes: { package: { size: c.packageSize, price } } };
  return { price, shapes: {} };
}

const plainPrice = (c: Charge): number | null => (SHAPE_KEYS.every((k) => k === "unitPrice" || c[k] === undefined) && c.unitPrice !== undefined ? c.unitPrice : null);

/** A single charge as a pricing model with its usage shape, or why there is none. */
function modelOfCharge(c: Charge): { pricing: ModelPricing; shapes: Charges } | string {
  if (c.meter === "tokens") {
    if (c.discount !== undefined && c.discount !== 0) return `charge "${c.label}" has a discount off list, which the previous format cannot hold`;
    const { label: _l, meter: _m, discount: _d, ...card } = c;
    return { pricing: { model: "per-token", ...card }, shapes: {} };
  }
  if (c.meter === "revenue") return modelOfSavings(c, undefined);
  if (c.meter === "actions") return modelOfActions(c);
  const u = usageOf(c);
  if (typeof u === "string") return u;
  switch (c.meter) {
    case "conversations":
      return { pricing: { model: "per-conversation", pricePerConversation: u.price }, shapes: u.shapes };
    case "resolutions":
      return { pricing: { model: "per-resolution", pricePerResolution: u.price }, shapes: u.shapes };
    case "outcomes":
      if (c.outcomes.length !== 1 || c.outcomes[0].of !== "qualifying-resolutions") {
        return `charge "${c.label}" bills outcome types the previous format cannot hold (it knows one: resolutions that qualify)`;
      }
      return { pricing: { model: "outcome-based", pricePerOutcome: u.price }, shapes: u.shapes };
    case "seats":
      if (c.pool) return `charge "${c.label}" pools ${c.pool.counts} across seats`;
      return { pricing: { model: "per-seat", pricePerSeat: u.price, seats: c.seats }, shapes: u.shapes };
    default:
      return `charge "${c.label}" is on ${c.meter}, a meter the previous format does not have`;
  }
}

/** Actions of one type in credits: a credit bid (at a credit pack's price, or an allowance, tiers or packages of credits). */
function modelOfActions(c: Extract<Charge, { meter: "actions" }>): { pricing: ModelPricing; shapes: Charges } | string {
  const a = c.actions[0];
  if (c.actions.length !== 1 || a.creditsPerAction === undefined) return `charge "${c.label}" bills actions of several types or without credits, which the previous format cannot hold`;
  const credits = { creditsPerAction: a.creditsPerAction, actionsPerConversation: a.perConversation };
  if (c.creditPack) {
    const u = usageOf(c, true);
    if (typeof u === "string") return u;
    if (c.unitPrice !== undefined || Object.keys(u.shapes).length || c.tiers) return `charge "${c.label}" shapes its credit pack, which the previous format cannot hold`;
    return { pricing: { model: "credits", ...credits, packPrice: c.creditPack.price, creditsPerPack: c.creditPack.credits }, shapes: {} };
  }
  return `charge "${c.label}" prices credits without a credit pack, which the previous format cannot hold`;
}

/** A share of savings, alone or after the AI run cost paid per conversation: a revenue-share bid. */
function modelOfSavings(c: Extract<Charge, { meter: "revenue" }>, aiRunCost: Charge | undefined): { pricing: ModelPricing; shapes: Charges } | string {
  const share = plainPrice(c);
  if (c.basis !== "savings" || share === null) return `charge "${c.label}" is a share of revenue or has a shape the previous format cannot hold`;
  if (share > 1) return `charge "${c.label}" takes more than all of the savings`;
  const ai = c.aiRunCost ?? 0;
  if (!aiRunCost) return { pricing: { model: "revenue-share", share, aiRunCost: ai, buyerPaysAiCost: false }, shapes: {} };
  if (aiRunCost.meter !== "conversations" || plainPrice(aiRunCost) !== ai) {
    return `charges "${aiRunCost.label}" and "${c.label}" are not a revenue share (a charge per conversation at the AI run cost, then a share of the savings)`;
  }
  return { pricing: { model: "revenue-share", share, aiRunCost: ai, buyerPaysAiCost: true }, shapes: {} };
}

/** The model and usage shape of a bid's charges, or why the previous format holds none. */
function modelOfCharges(p: ChargesPricing): { pricing: ModelPricing; shapes: Charges } | string {
  if (p.discount !== undefined && p.discount !== 0) return "the bid has a discount off list, which the previous format cannot hold";
  const cs = p.charges;
  if (cs.length === 2 && cs[1].meter === "revenue" && cs[0].meter === "conversations") return modelOfSavings(cs[1], cs[0]);
  if (cs.length !== 1) return `the bid has ${cs.length} charges; the previous format holds one price`;
  return modelOfCharge(cs[0]);
}

/**
 * A bid by charges in a pricing model of the previous release, where one holds it with the same
 * figures; a bid in a pricing model comes back as it is. Otherwise, the reason in words.
 */
export function shorthandOfCharges(bid: Bid): Shorthand {
  const p = bid.pricing;
  if (p.model !== "charges") return { ok: true, bid };
  // A charge's own commitment, escalator or prepaid units over the term (./term-shapes.ts): the previous format has no place for them.
  const shaped = p.charges.find((c) => c.commitment !== undefined || c.escalator !== undefined || c.prepaid !== undefined);
  if (shaped) return { ok: false, reason: `charge "${shaped.label}" has a commitment, escalator or prepaid units of its own over the term, which the previous format cannot hold` };
  const m = modelOfCharges(p);
  if (typeof m === "string") return { ok: false, reason: m };
  const own = bid.charges ?? {};
  const shapes: Charges = { ...own, ...m.shapes };
  // A single charge's minimum is the bid's minimum when the bid has no platform fee or minimum of its own.
  const min = p.charges.length === 1 ? p.charges[0].minimumMonthly : undefined;
  if (min !== undefined) {
    if (own.minimumMonthly !== undefined || own.platformFeeMonthly !== undefined) return { ok: false, reason: `charge "${p.charges[0].label}" has a minimum of its own beside the bid's platform fee or minimum` };
    shapes.minimumMonthly = min;
  }
  const out: Bid = { ...bid, pricing: m.pricing };
  if (Object.keys(shapes).length) out.charges = shapes;
  else delete out.charges;
  return { ok: true, bid: out };
}
