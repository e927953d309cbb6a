/**
 * Exported files the previous release also reads, where it can (docs/templates.md#the-pricing-models-as-charges-and-the-previous-release).
 * The previous release knows the pricing models, not bids by charges. A bid by charges that one pricing
 * model holds with the same figures (a single charge per conversation, on resolutions, on qualifying
 * outcomes, on seats, on tokens, on actions in credits, or a share of savings) is written in that model's
 * shape, with its sources pointed at the fields they back; any other is written as it is, and the
 * export says plainly that the previous release cannot read it and why (and the file's notes say so).
 */
import { shorthandOfCharges } from "../engine/meters/shorthand";
import type { Bid, Charges, Pricing } from "../engine/bid";
import type { BidTemplate, PriceSource, PriceVersion } from "./template";
import { validateTemplate } from "./validate";
import { exportFileName, exportTemplates } from "./export";

/** How one bid was written for the previous release. */
export interface PreviousReleaseNote {
  id: string;
  /** Can the previous release read the bid as written? */
  readable: boolean;
  /** A bid by charges written in a pricing model's shape (the same figures). */
  rewritten: boolean;
  /** Why the previous release cannot read it, when it cannot. */
  reason?: string;
}

/** The line the file's notes carry when the previous release cannot read the bid. */
export const PREVIOUS_RELEASE_NOTE = "The previous release of the add-in cannot read this bid (it is priced by charges on meters):";

const MAX_NOTES = 4000;

/** The field a source backed inside a bid by charges, in the shape written: the usage shape's price, else the model's. */
function priceField(pricing: Pricing, charges: Charges | undefined): string {
  if (charges?.allowance) return "charges.allowance.overagePrice";
  if (charges?.package) return "charges.package.price";
  if (charges?.tiers) return "charges.tiers.tiers[0].price";
  switch (pricing.model) {
    case "per-conversation":
      return "pricing.pricePerConversation";
    case "per-resolution":
      return "pricing.pricePerResolution";
    case "outcome-based":
      return "pricing.pricePerOutcome";
    case "per-seat":
      return "pricing.pricePerSeat";
    case "per-token":
      return "pricing.inputPricePerMTok";
    case "credits":
      return "pricing.packPrice";
    case "revenue-share":
      return "pricing.share";
    case "charges":
      return "pricing.charges";
  }
}

/** Sources that named a charge's field, pointed at the field that backs the same price in the shape written. */
function movedSources(sources: readonly PriceSource[], pricing: Pricing, charges: Charges | undefined): PriceSource[] {
  return sources.map((s) => (s.field.startsWith("pricing.charges") ? { ...s, field: priceField(pricing, charges) } : s));
}

type Prices = { pricing: Pricing; charges?: Charges };

/** A bid's (or a dated version's) prices in a pricing model's shape, or why the previous format holds none. */
function shorthandPrices(bid: Bid, prices: Prices): Prices | string {
  if (prices.pricing.model !== "charges") return prices;
  const r = shorthandOfCharges({ ...bid, pricing: prices.pricing, charges: prices.charges });
  if (!r.ok) return r.reason;
  return r.bid.charges ? { pricing: r.bid.pricing, charges: r.bid.charges } : { pricing: r.bid.pricing };
}

function withPrices<T extends { pricing: Pricing; charges?: Charges }>(x: T, p: Prices): T {
  const out = { ...x, pricing: p.pricing };
  if (p.charges) out.charges = p.charges;
  else delete out.charges;
  return out;
}

const usesCharges = (t: BidTemplate) => t.bid.pricing.model === "charges" || (t.versions ?? []).some((v) => v.pricing.model === "charges");

/** The template as the previous release reads it where it can, and what was done. */
export function forPreviousRelease(t: BidTemplate): { template: BidTemplate; note: PreviousReleaseNote } {
  if (!usesCharges(t)) return { template: t, note: { id: t.id, readable: true, rewritten: false } };
  const cannot = (reason: string) => ({ template: withNote(t, reason), note: { id: t.id, readable: false, rewritten: false, reason } });
  const own = shorthandPrices(t.bid, t.bid);
  if (typeof own === "string") return cannot(own);
  const versions: PriceVersion[] = [];
  for (const v of t.versions ?? []) {
    const p = shorthandPrices(t.bid, v);
    if (typeof p === "string") return cannot(`the prices from ${v.effectiveFrom}: ${p}`);
    versions.push({ ...withPrices(v, p), sources: movedSources(v.sources, p.pricing, p.charges) });
  }
  const template: BidTemplate = { ...t, bid: withPrices(t.bid, own), sources: movedSources(t.sources, own.pricing, own.charges) };
  if (t.versions) template.versions = versions;
  const checked = validateTemplate(template);
  if (!checked.ok) return cannot(`written in the previous shape it would not be valid (${checked.problems[0].path}: ${checked.problems[0].message})`);
  return { template, note: { id: t.id, readable: true, rewritten: true } };
}

/** The template's notes with the line saying the previous release cannot read it (once; none when the notes are full). */
function withNote(t: BidTemplate, reason: string): BidTemplate {
  const line = `${PREVIOUS_RELEASE_NOTE} ${reason}.`;
  const notes = t.notes ?? "";
  if (notes.includes(PREVIOUS_RELEASE_NOTE)) return t;
  const next = notes ? `${notes}\n\n${line}` : line;
  return next.length > MAX_NOTES ? t : { ...t, notes: next };
}

/**
 * The export to share: each bid written so that the previous release reads it where it can, the file's
 * text and name, and per bid what was done (the pane lists the bids the previous release cannot read).
 */
export function exportForSharing(templates: readonly BidTemplate[]): { text: string; fileName: string; notes: PreviousReleaseNote[] } {
  const written = templates.map(forPreviousRelease);
  const out = written.map((w) => w.template);
  return { text: exportTemplates(out), fileName: exportFileName(out), notes: written.map((w) => w.note) };
}
