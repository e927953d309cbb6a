/**
 * The gallery's groups: templates by vendor, or by what they charge for (the meters of
 * docs/spec.md#charges-on-meters; a bid in one of the six pricing models charges for its one meter).
 * Display only, no DOM: the gallery view (./gallery-view.ts) lays the groups out.
 */
import { METERS, type MeterKind } from "../engine/meters";
import type { PricingModel } from "../engine/models";
import type { BidTemplate } from "../templates/template";

/** How the gallery lists its templates. */
export type GalleryGrouping = "none" | "vendor" | "meter";

export const GALLERY_GROUPINGS: readonly { value: GalleryGrouping; label: string }[] = [
  { value: "none", label: "No grouping" },
  { value: "vendor", label: "By vendor" },
  { value: "meter", label: "By what they charge for" },
];

/** The meter a bid in one of the six pricing models charges for (a bid by charges: each charge's). */
const MODEL_METER: Readonly<Record<Exclude<PricingModel, "charges">, MeterKind>> = {
  "per-token": "tokens",
  "per-seat": "seats",
  "per-conversation": "conversations",
  "per-resolution": "resolutions",
  "outcome-based": "outcomes",
  "revenue-share": "revenue",
  credits: "actions",
};

/** What a template charges for: its meters, the main (first) charge's first, each once. */
export function chargesFor(template: BidTemplate): MeterKind[] {
  const p = template.bid.pricing;
  if (p.model !== "charges") return [MODEL_METER[p.model]];
  const kinds: MeterKind[] = [];
  for (const c of p.charges) if (!kinds.includes(c.meter)) kinds.push(c.meter);
  return kinds;
}

/** A meter in the analyst's words, capitalised: "Outcomes of a type", "Seats". */
export function meterLabel(kind: MeterKind): string {
  const name = METERS[kind].name;
  return name[0].toUpperCase() + name.slice(1);
}

export interface GalleryGroup<T> {
  /** Stable within a grouping: the vendor's name or the meter kind. */
  key: string;
  /** The heading shown. */
  label: string;
  items: T[];
}

/**
 * The items in groups: by vendor (vendors in alphabetical order), or by the main meter a template
 * charges for (in the order of the meter table); each item once, in its original order within its group.
 * "none": one group of every item.
 */
export function groupGallery<T>(items: readonly T[], templateOf: (item: T) => BidTemplate, by: GalleryGrouping): GalleryGroup<T>[] {
  if (by === "none") return items.length ? [{ key: "all", label: "All templates", items: [...items] }] : [];
  const groups = new Map<string, GalleryGroup<T>>();
  for (const item of items) {
    const t = templateOf(item);
    const key = by === "vendor" ? t.bid.vendor.trim() : chargesFor(t)[0];
    const label = by === "vendor" ? key : meterLabel(key as MeterKind);
    const group = groups.get(key) ?? { key, label, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const list = [...groups.values()];
  const order = Object.keys(METERS);
  return by === "meter" ? list.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)) : list.sort((a, b) => a.label.localeCompare(b.label, "en"));
}
