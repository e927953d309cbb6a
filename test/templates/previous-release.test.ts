/**
 * Export for sharing (src/templates/previous-release.ts): a bid by charges that a pricing model holds is
 * written in that model's shape (the previous release reads it) with the same figures and its sources
 * pointed at the fields they back; any other is written as it is, and the export says plainly that the
 * previous release cannot read it, and why.
 */
import { bidFigures, PRICING_MODELS, type Bid, type Scenario } from "../../src/engine";
import { gallery } from "../../src/templates/gallery";
import { exportForSharing, forPreviousRelease, PREVIOUS_RELEASE_NOTE } from "../../src/templates/previous-release";
import type { BidTemplate } from "../../src/templates/template";
import { readTemplateFile } from "../../src/templates/validate";

const S: Scenario = { conversations: 40000, resolutionRate: 0.62, humanCost: 4, qualifyingShare: 0.8, tokens: { input: 5000, output: 400 } };

const template = (bid: Bid, rest: Partial<BidTemplate> = {}): BidTemplate => ({ format: "aiprice-bid", version: 1, id: "shared-bid", bid, sources: [], questions: [], ...rest });

const perConversationByCharges = template(
  { vendor: "Decagon", name: "Per conversation", currency: "USD", pricing: { model: "charges", charges: [{ label: "Conversations", meter: "conversations", unitPrice: 0.6, includedUnits: 1000 }] } },
  { sources: [{ field: "pricing.charges[0].unitPrice", title: "Quote", asOf: "2026-12-01" }] },
);

describe("a bid by charges that a pricing model holds", () => {
  test("one charge per conversation with units included: a per-conversation bid with an allowance, the source on the overage price", () => {
    const { template: t, note } = forPreviousRelease(perConversationByCharges);
    expect(note).toEqual({ id: "shared-bid", readable: true, rewritten: true });
    expect(t.bid.pricing).toEqual({ model: "per-conversation", pricePerConversation: 0 });
    expect(t.bid.charges).toEqual({ allowance: { included: 1000, overagePrice: 0.6 } });
    expect(t.sources).toEqual([{ field: "charges.allowance.overagePrice", title: "Quote", asOf: "2026-12-01" }]);
    // (40,000 - 1,000) x 0.6 a month either way.
    expect(bidFigures(t.bid, S).monthlyAiCost).toBeCloseTo(23400, 9);
    expect(bidFigures(t.bid, S)).toEqual(bidFigures(perConversationByCharges.bid, S));
  });

  test("the file reads back as the same bid, in the model's shape", () => {
    const { text, notes } = exportForSharing([perConversationByCharges]);
    const back = readTemplateFile(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.templates[0].bid.pricing.model).toBe("per-conversation");
    expect(text).not.toContain('"charges": [');
    expect(notes).toEqual([{ id: "shared-bid", readable: true, rewritten: true }]);
  });

  test("dated versions by charges are written in the model's shape too", () => {
    const t = template(
      { vendor: "V", name: "n", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 1 } },
      {
        versions: [
          {
            effectiveFrom: "2026-11-01",
            pricing: { model: "charges", charges: [{ label: "Resolutions", meter: "resolutions", unitPrice: 0.9 }] },
            sources: [{ field: "pricing.charges[0].unitPrice", title: "Price list", asOf: "2026-11-01" }],
          },
        ],
      },
    );
    const { template: out, note } = forPreviousRelease(t);
    expect(note.readable).toBe(true);
    expect(out.versions?.[0].pricing).toEqual({ model: "per-resolution", pricePerResolution: 0.9 });
    expect(out.versions?.[0].sources[0].field).toBe("pricing.pricePerResolution");
    expect(readTemplateFile(exportForSharing([out]).text).ok).toBe(true);
  });
});

describe("a bid by charges the previous release cannot read", () => {
  const fin = gallery.find((t) => t.id === "intercom-fin-outcomes")!;

  test("Intercom Fin's outcomes and qualified leads: written as they are, the reason said, and in the file's notes once", () => {
    const { text, notes } = exportForSharing([fin, perConversationByCharges]);
    expect(notes[0]).toEqual({ id: fin.id, readable: false, rewritten: false, reason: "the bid has 2 charges; the previous format holds one price" });
    const back = readTemplateFile(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.templates[0].bid).toEqual(fin.bid);
    expect(back.templates[0].notes).toContain(`${PREVIOUS_RELEASE_NOTE} the bid has 2 charges; the previous format holds one price.`);
    // Exported again: the line is not repeated.
    const again = exportForSharing(back.templates).text;
    expect(again.split(PREVIOUS_RELEASE_NOTE).length).toBe(2);
  });

  test("a dated version by charges that no model holds names the version", () => {
    const t = template(
      { vendor: "V", name: "n", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 1 } },
      { versions: [{ effectiveFrom: "2026-11-01", pricing: { model: "charges", charges: [{ label: "Minutes", meter: "voice-minutes", minutesPerConversation: 2, unitPrice: 0.05 }] }, sources: [] }] },
    );
    expect(forPreviousRelease(t).note).toEqual({
      id: "shared-bid",
      readable: false,
      rewritten: false,
      reason: 'the prices from 2026-11-01: charge "Minutes" is on voice-minutes, a meter the previous format does not have',
    });
  });
});

describe("the whole gallery exported for sharing", () => {
  const { text, notes } = exportForSharing(gallery);
  const back = readTemplateFile(text);

  test("reads back, one bid per template, every bid with the same figures as before", () => {
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.templates).toHaveLength(gallery.length);
    back.templates.forEach((t, i) => {
      expect(t.id).toBe(gallery[i].id);
      const before = bidFigures(gallery[i].bid, S);
      const after = bidFigures(t.bid, S);
      if (notes[i].rewritten) for (const k of Object.keys(before) as (keyof typeof before)[]) expect([k, after[k]]).toEqual([k, expect.closeTo(before[k] as number, 9)]);
      else expect(after).toEqual(before);
    });
  });

  test("every bid the previous release is said to read is in one of its pricing models; the others say why", () => {
    if (!back.ok) throw new Error("not read back");
    const previous: string[] = PRICING_MODELS.filter((m) => m !== "charges");
    back.templates.forEach((t, i) => {
      const models = [t.bid.pricing.model, ...(t.versions ?? []).map((v) => v.pricing.model)];
      if (notes[i].readable) expect(models.every((m) => previous.includes(m))).toBe(true);
      else {
        expect(notes[i].reason).toMatch(/\S/);
        expect(t.notes).toContain(PREVIOUS_RELEASE_NOTE);
      }
    });
    // The gallery has both: bids by charges written in a model's shape, and bids only this release reads.
    expect(notes.filter((n) => n.rewritten).length).toBeGreaterThan(0);
    expect(notes.filter((n) => !n.readable).length).toBeGreaterThan(0);
  });
});
