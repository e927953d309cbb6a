/**
 * The gallery: the shipped templates and the imported ones, filtered by pricing model and grouped by
 * vendor or by what they charge for (./gallery-groups.ts), each with its vendor, offer, model, what it
 * charges for, headline price, and where and when its prices were read. Checkboxes choose the bids to
 * compare. All template text is shown as text.
 */
import { PRICING_MODELS } from "../engine/models";
import type { BidTemplate } from "../templates/template";
import { freshnessWords, pricesInEffect, templateAt, todayIso } from "../templates/versions";
import { h, newId, safeHref } from "./dom";
import { headlinePrice, modelLabel } from "./format";
import { chargesFor, GALLERY_GROUPINGS, groupGallery, meterLabel, type GalleryGrouping } from "./gallery-groups";

export interface GalleryEntry {
  /** Unique within the pane (an imported file may reuse a shipped template's id). */
  key: string;
  template: BidTemplate;
  /** The file it was imported from; absent for the shipped gallery. */
  importedFrom?: string;
}

export interface GalleryView {
  element: HTMLElement;
  /** Adds imported templates (chosen at once); returns their keys. */
  addImported(templates: { template: BidTemplate; fileName: string }[]): string[];
  /** The chosen templates, in gallery order. */
  chosen(): GalleryEntry[];
  setChosen(keys: string[]): void;
  /** Shows each card as of the comparison date: the prices in effect then, marked stale when read too long before. */
  setAsOf(asOf: string): void;
  /** Puts the shipped templates (loaded on demand) before the imported ones; what is chosen stays chosen. */
  setShipped(templates: readonly BidTemplate[]): void;
  /** Says in the list that the shipped templates are loading, or could not be loaded (imports still work). */
  setShippedStatus(status: "loading" | { failed: string }): void;
}

function sourceLine(template: BidTemplate): HTMLElement {
  const sources = template.sources ?? [];
  if (sources.length === 0) return h("p", { class: "ap-card-source" }, "Private quote: no public source.");
  // One line per distinct document; the oldest reading date first, so a stale price stands out.
  const seen = new Map<string, (typeof sources)[number]>();
  for (const s of sources) {
    const key = `${s.title}\u0000${s.url}\u0000${s.asOf}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  const list = [...seen.values()].sort((a, b) => a.asOf.localeCompare(b.asOf));
  return h(
    "ul",
    { class: "ap-card-sources", "aria-label": "Price sources" },
    ...list.map((s) =>
      h(
        "li",
        { class: "ap-card-source" },
        h("span", { class: "ap-asof" }, `As of ${s.asOf}`),
        " · ",
        // A link only to an https address; a source without one (a document, a private quote) is its title.
        s.url && safeHref(s.url) ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", class: "ap-link" }, s.title) : h("span", { class: "ap-source-title" }, s.title),
      ),
    ),
  );
}

/** The pricing-model filter's options: every model present, with its count. */
function modelOptions(entries: readonly GalleryEntry[]): HTMLElement[] {
  const present = new Set(entries.map((e) => e.template.bid.pricing.model as string));
  const options = [h("option", { value: "all" }, `All pricing models (${entries.length})`)];
  for (const m of PRICING_MODELS) {
    if (!present.has(m)) continue;
    const n = entries.filter((e) => e.template.bid.pricing.model === m).length;
    options.push(h("option", { value: m }, `${modelLabel(m)} (${n})`));
  }
  return options;
}

/** One template's card as of the comparison date: the prices in effect then, and how fresh they are. */
function galleryCard(entry: GalleryEntry, asOf: string, chosen: boolean, onToggle: (checked: boolean, card: HTMLElement) => void): HTMLElement {
  const t = templateAt(entry.template, asOf);
  const prices = pricesInEffect(entry.template, asOf);
  const id = newId("bid");
  const box = h("input", { type: "checkbox", id, class: "ap-checkbox", "data-key": entry.key, "data-template-id": t.id, checked: chosen });
  const meters = chargesFor(t);
  const li = h(
    "li",
    { class: chosen ? "ap-card ap-card-chosen" : "ap-card", "data-key": entry.key },
    h("div", { class: "ap-card-head" }, box, h("label", { for: id, class: "ap-card-title" }, h("span", { class: "ap-vendor" }, t.bid.vendor), h("span", { class: "ap-offer" }, t.bid.name))),
    h(
      "div",
      { class: "ap-card-body" },
      h(
        "div",
        { class: "ap-badges" },
        h("span", { class: `ap-badge ap-model-${t.bid.pricing.model}` }, modelLabel(t.bid.pricing.model)),
        entry.importedFrom ? h("span", { class: "ap-badge ap-badge-imported" }, `Imported: ${entry.importedFrom}`) : null,
        prices.stale ? h("span", { class: "ap-badge ap-badge-stale", "data-role": "stale", title: freshnessWords(prices, asOf) }, `Stale: read ${prices.readOn}`) : null,
        prices.effectiveFrom ? h("span", { class: "ap-badge", "data-role": "version" }, `Prices from ${prices.effectiveFrom}`) : null,
      ),
      h("p", { class: "ap-card-meters", "data-role": "charges-for" }, `Charges for: ${meters.map((k) => meterLabel(k).toLowerCase()).join(", ")}`),
      h("p", { class: "ap-price" }, headlinePrice(t.bid)),
      sourceLine(t),
      t.reference ? h("p", { class: "ap-card-note" }, t.reference.note) : null,
    ),
  );
  box.addEventListener("change", () => onToggle(box.checked, li));
  return li;
}

/** The list's items: the cards, or a heading and a list of cards per group. */
function galleryItems(visible: readonly GalleryEntry[], grouping: GalleryGrouping, card: (e: GalleryEntry) => HTMLElement, empty: string): HTMLElement[] {
  if (visible.length === 0) return [h("li", { class: "ap-empty" }, empty)];
  if (grouping === "none") return visible.map(card);
  return groupGallery(visible, (e) => e.template, grouping).map((g) => {
    const headingId = newId("gallery-group");
    return h(
      "li",
      { class: "ap-gallery-group", "data-group": g.key },
      h("h3", { id: headingId, class: "ap-gallery-group-title" }, `${g.label} (${g.items.length})`),
      h("ul", { class: "ap-gallery", "aria-labelledby": headingId }, ...g.items.map(card)),
    );
  });
}

/** The choices above the list: the pricing-model filter and the grouping. */
function galleryControls(select: HTMLElement, filterId: string, grouping: HTMLElement, groupingId: string): HTMLElement {
  return h(
    "div",
    { class: "ap-row" },
    h("div", { class: "ap-field" }, h("label", { for: filterId, class: "ap-label" }, "Pricing model"), select),
    h("div", { class: "ap-field" }, h("label", { for: groupingId, class: "ap-label" }, "Group"), grouping),
  );
}

/** The view's elements, empty: the filter, the grouping, the list, the summary line and the clear button. */
function galleryParts() {
  const filterId = newId("gallery-filter");
  const select = h("select", { id: filterId, class: "ap-select", "data-role": "model-filter" });
  const groupingId = newId("gallery-grouping");
  const groupSelect = h("select", { id: groupingId, class: "ap-select", "data-role": "gallery-grouping" }, ...GALLERY_GROUPINGS.map((g) => h("option", { value: g.value }, g.label)));
  const list = h("ul", { class: "ap-gallery", "aria-label": "Bid templates" });
  const summary = h("p", { class: "ap-hint", "aria-live": "polite" });
  const clearButton = h("button", { type: "button", class: "ap-button ap-button-subtle" }, "Clear choice");
  return { filterId, select, groupingId, groupSelect, list, summary, clearButton };
}

export function createGalleryView(shipped: readonly BidTemplate[], onChange: () => void): GalleryView {
  const entries: GalleryEntry[] = shipped.map((template) => ({ key: `gallery:${template.id}`, template }));
  const checked = new Set<string>();
  let filter = "all";
  let grouping: GalleryGrouping = "none";
  let importCount = 0;
  let asOf = todayIso();
  let emptyText = "No template uses this pricing model.";

  const { filterId, select, groupingId, groupSelect, list, summary, clearButton } = galleryParts();

  function fillFilter(): void {
    select.replaceChildren(...modelOptions(entries));
    const present = entries.some((e) => e.template.bid.pricing.model === filter);
    select.value = present || filter === "all" ? filter : "all";
    filter = select.value;
  }

  function card(entry: GalleryEntry): HTMLElement {
    return galleryCard(entry, asOf, checked.has(entry.key), (isChecked, li) => {
      if (isChecked) checked.add(entry.key);
      else checked.delete(entry.key);
      li.classList.toggle("ap-card-chosen", isChecked);
      render(false);
      onChange();
    });
  }

  function render(rebuildList = true): void {
    const visible = entries.filter((e) => filter === "all" || e.template.bid.pricing.model === filter);
    if (rebuildList) list.replaceChildren(...galleryItems(visible, grouping, card, emptyText));
    const hiddenChosen = [...checked].filter((k) => !visible.some((e) => e.key === k)).length;
    summary.textContent = checked.size === 0 ? "No bid chosen yet: tick the bids to compare." : `${checked.size} bid${checked.size === 1 ? "" : "s"} chosen${hiddenChosen ? ` (${hiddenChosen} hidden by the filter)` : ""}.`;
    clearButton.disabled = checked.size === 0;
  }

  select.addEventListener("change", () => {
    filter = select.value;
    render();
  });
  groupSelect.addEventListener("change", () => {
    grouping = groupSelect.value as GalleryGrouping;
    render();
  });
  clearButton.addEventListener("click", () => {
    checked.clear();
    render();
    onChange();
  });

  const element = h("div", { class: "ap-gallery-view" }, galleryControls(select, filterId, groupSelect, groupingId), h("div", { class: "ap-row ap-row-between" }, summary, clearButton), list);
  fillFilter();
  render();

  return {
    element,
    addImported(items) {
      const keys: string[] = [];
      for (const { template, fileName } of items) {
        importCount += 1;
        const key = `import:${importCount}:${template.id}`;
        entries.push({ key, template, importedFrom: fileName });
        checked.add(key);
        keys.push(key);
      }
      fillFilter();
      render();
      onChange();
      return keys;
    },
    chosen() {
      return entries.filter((e) => checked.has(e.key));
    },
    setAsOf(day) {
      asOf = day;
      render();
    },
    setShipped(templates) {
      const imported = entries.filter((e) => e.importedFrom !== undefined);
      entries.splice(0, entries.length, ...templates.map((template) => ({ key: `gallery:${template.id}`, template })), ...imported);
      emptyText = "No template uses this pricing model.";
      fillFilter();
      render();
    },
    setShippedStatus(status) {
      emptyText = status === "loading" ? "Loading the gallery's templates…" : `The gallery's templates could not be loaded (${status.failed}). Import bid files below, or reload the pane.`;
      render();
    },
    setChosen(keys) {
      checked.clear();
      for (const k of keys) if (entries.some((e) => e.key === k)) checked.add(k);
      render();
      onChange();
    },
  };
}
