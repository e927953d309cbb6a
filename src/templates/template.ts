/**
 * A bid as a file: the vendor's price (an engine `Bid`) with what an analyst needs around it:
 * where each public price comes from and when it was read, and the questions to settle before signing.
 * The JSON Schema in ./bid-template.schema.json describes the same format; validation lives in ./validate.ts.
 */
import type { Bid, Charges, Pricing } from "../engine/bid";

export const TEMPLATE_FORMAT = "aiprice-bid";
export const TEMPLATE_VERSION = 1;

/** Where a public price comes from. */
export interface PriceSource {
  /** The field it backs, as a path in the bid, e.g. "pricing.pricePerResolution". */
  field: string;
  /** Title of the page or document. */
  title: string;
  /**
   * Its address (https). Absent only when the document has no public address (a printed guide, a
   * private quote, a PDF sent by email): never a placeholder. Show the title as plain text then.
   */
  url?: string;
  /** The date the price was read (last confirmed as current), YYYY-MM-DD. */
  asOf: string;
}

/** A figure the source document states, shown beside ours with the reason they differ. */
export interface ReferenceFigure {
  /** What the figure is, e.g. "The guide's net cost per conversation". */
  label: string;
  value: number;
  /** One line: why the product's figure differs. */
  note: string;
}

/**
 * A dated version of a bid's prices: the pricing and charges that apply from a date (and until one,
 * when it ends), with their own sources. It replaces the bid's pricing and charges whole.
 */
export interface PriceVersion {
  /** The first day these prices apply, YYYY-MM-DD. Unique among a template's versions. */
  effectiveFrom: string;
  /** The last day they apply, YYYY-MM-DD (a promotion that ends); absent: until a later version. */
  effectiveUntil?: string;
  /** A short name, e.g. "Outcomes billing". */
  label?: string;
  pricing: Pricing;
  /** The charge shapes of this version; absent: none. */
  charges?: Charges;
  /** Where these prices come from and when they were read. */
  sources: PriceSource[];
  notes?: string;
}

export interface BidTemplate {
  format: typeof TEMPLATE_FORMAT;
  version: typeof TEMPLATE_VERSION;
  /** Stable id, lower-case words with dashes, e.g. "guide-bid-b-per-resolution". */
  id: string;
  bid: Bid;
  /** Public prices' sources; empty for a private quote. */
  sources: PriceSource[];
  /** Questions to settle before signing, beyond the pricing model's standard ones. */
  questions: string[];
  notes?: string;
  /** Figures the bid's source states, where they differ from ours (the guide's bid C). */
  reference?: ReferenceFigure;
  /**
   * Dated versions of the prices. The bid's own pricing, charges and sources are the undated prices,
   * used on any day no dated version is in effect (./versions.ts).
   */
  versions?: PriceVersion[];
}
