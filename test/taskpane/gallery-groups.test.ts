/**
 * The pane's gallery groups: by vendor and by what a template charges for (its meters), over the
 * shipped gallery and over generated templates (fast-check): every template in exactly one group, in
 * its original order, the groups in a stable order.
 */
import fc from "fast-check";
import { METER_KINDS, type MeterKind } from "../../src/engine/meters";
import { PRICING_MODELS } from "../../src/engine/models";
import { gallery, galleryTemplate } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { chargesFor, groupGallery, meterLabel, type GalleryGrouping } from "../../src/taskpane/gallery-groups";

const byId = (t: BidTemplate) => t;

describe("what a template charges for", () => {
  it("is the one meter of a bid in one of the six pricing models, and each charge's meter of a bid by charges", () => {
    expect(chargesFor(galleryTemplate("openai-gpt-5-5")!)).toEqual(["tokens"]);
    expect(chargesFor(galleryTemplate("intercom-fin-ai-copilot")!)).toEqual(["seats"]);
    expect(chargesFor(galleryTemplate("salesforce-agentforce-per-conversation")!)).toEqual(["conversations"]);
    expect(chargesFor(galleryTemplate("guide-bid-b-per-resolution")!)).toEqual(["resolutions"]);
    expect(chargesFor(galleryTemplate("outcome-csat-gated")!)).toEqual(["outcomes"]);
    expect(chargesFor(galleryTemplate("guide-bid-c-revenue-share")!)).toEqual(["revenue"]);
    expect(chargesFor(galleryTemplate("salesforce-agentforce-flex-credits")!)).toEqual(["actions"]);
    // Main charge first, each meter once.
    expect(chargesFor(galleryTemplate("zendesk-resolution-tiers-and-copilot")!)).toEqual(["outcomes", "seats"]);
    expect(chargesFor(galleryTemplate("intercom-fin-outcomes")!)).toEqual(["outcomes"]);
    expect(chargesFor(galleryTemplate("google-ces-conversational-agents-and-agent-assist")!)).toEqual(["sessions", "voice-minutes", "handoffs"]);
  });

  it("names every meter in the analyst's words", () => {
    expect(meterLabel("outcomes")).toBe("Outcomes of a type");
    expect(meterLabel("voice-minutes")).toBe("Voice minutes");
    for (const k of METER_KINDS) expect(meterLabel(k)).toMatch(/^[A-Z][a-z ,]+$/);
  });

  it("covers every pricing model of the gallery with a known meter", () => {
    const models = new Set(gallery.map((t) => t.bid.pricing.model));
    for (const m of PRICING_MODELS) expect(models).toContain(m);
    for (const t of gallery) for (const k of chargesFor(t)) expect(METER_KINDS).toContain(k);
  });
});

describe("the shipped gallery in groups", () => {
  it("by vendor: one group per vendor, alphabetical, every Zendesk template under Zendesk", () => {
    const groups = groupGallery(gallery, byId, "vendor");
    const vendors = [...new Set(gallery.map((t) => t.bid.vendor))];
    expect(groups.map((g) => g.label)).toEqual([...vendors].sort((a, b) => a.localeCompare(b, "en")));
    const zendesk = groups.find((g) => g.key === "Zendesk")!;
    expect(zendesk.items.map((t) => t.id)).toEqual(["zendesk-automated-resolutions-committed", "zendesk-automated-resolutions-payg", "zendesk-resolution-tiers-and-copilot"]);
    const google = groups.find((g) => g.key === "Google")!;
    expect(google.items.map((t) => t.id).sort()).toEqual(["google-ces-conversational-agents-and-agent-assist", "google-gemini-3-1-pro-preview"]);
  });

  it("by what they charge for: groups in the meter table's order, each template under its main charge's meter", () => {
    const groups = groupGallery(gallery, byId, "meter");
    const order = groups.map((g) => METER_KINDS.indexOf(g.key as MeterKind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const tokens = groups.find((g) => g.key === "tokens")!;
    expect(tokens.label).toBe("Tokens");
    expect(tokens.items.every((t) => t.bid.pricing.model === "per-token")).toBe(true);
    const seats = groups.find((g) => g.key === "seats")!.items.map((t) => t.id);
    expect(seats).toContain("servicenow-now-assist-assists-example");
    expect(seats).not.toContain("zendesk-resolution-tiers-and-copilot"); // its main charge is on outcomes
    expect(groups.find((g) => g.key === "outcomes")!.items.map((t) => t.id)).toContain("zendesk-resolution-tiers-and-copilot");
  });

  it("without grouping: one group of every template in gallery order; nothing to group: no group", () => {
    expect(groupGallery(gallery, byId, "none")).toEqual([{ key: "all", label: "All templates", items: [...gallery] }]);
    expect(groupGallery([], byId, "vendor")).toEqual([]);
  });
});

describe("groups of any templates (fast-check)", () => {
  const template = fc.record({ vendor: fc.constantFrom("Zendesk", "HubSpot", "Google", "Ácme", "zeta"), i: fc.nat(gallery.length - 1) }).map(({ vendor, i }) => ({ ...gallery[i], bid: { ...gallery[i].bid, vendor } }) as BidTemplate);
  const grouping = fc.constantFrom<GalleryGrouping>("none", "vendor", "meter");

  it("puts every template in exactly one group, in its original order, under its vendor or main meter", () => {
    fc.assert(
      fc.property(fc.array(template, { maxLength: 30 }), grouping, (templates, by) => {
        const items = templates.map((t, n) => ({ n, t }));
        const groups = groupGallery(items, (x) => x.t, by);
        const flat = groups.flatMap((g) => g.items);
        expect(flat.map((x) => x.n).sort((a, b) => a - b)).toEqual(items.map((x) => x.n));
        for (const g of groups) {
          expect(g.items.length).toBeGreaterThan(0);
          expect(g.items.map((x) => x.n)).toEqual([...g.items.map((x) => x.n)].sort((a, b) => a - b));
          if (by === "vendor") for (const x of g.items) expect(x.t.bid.vendor).toBe(g.key);
          if (by === "meter") for (const x of g.items) expect(chargesFor(x.t)[0]).toBe(g.key);
        }
        expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
      }),
      { numRuns: 200 },
    );
  });
});
