/**
 * The shipped gallery: every file valid, priced by the engine without problems, sourced and dated,
 * and the guide's bids A, B and C giving the worked example's figures (docs/spec.md#worked-example) through their templates.
 */
import * as fs from "fs";
import * as path from "path";
import { bidFigures, PRICING_MODELS, Scenario } from "../../src/engine/bid";
import { compareBids } from "../../src/engine/compare";
import { gallery, GALLERY_FILES, galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { readTemplateFile, validateTemplate } from "../../src/templates/validate";
import { templateAt, versionAt } from "../../src/templates/versions";

const GALLERY_DIR = path.join(__dirname, "../../src/templates/gallery");

const scenario: Scenario = {
  conversations: 100000,
  resolutionRate: 0.9,
  humanCost: 3,
  qualifyingShare: 0.8,
  tokens: { input: 20000, output: 3000, cachedInput: 8000 },
};

describe("the gallery", () => {
  it("ships at least eleven templates, one per file in src/templates/gallery, with unique ids", () => {
    const files = fs.readdirSync(GALLERY_DIR).filter((f) => f.endsWith(".json")).sort();
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(GALLERY_FILES.map((f) => f.file).sort()).toEqual(files);
    const ids = gallery.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(GALLERY_FILES.map((f) => [f.file]))("%s is valid, read from its file as an analyst would import it", (file) => {
    const text = fs.readFileSync(path.join(GALLERY_DIR, file), "utf8");
    const read = readTemplateFile(text, file);
    if (!read.ok) throw new Error(`${file}: ${read.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    expect(read.kind).toBe("single");
    expect(read.templates).toHaveLength(1);
    expect(`${read.templates[0].id}.json`).toBe(file);
    expect(validateTemplate(galleryTemplate(read.templates[0].id)).ok).toBe(true);
  });

  it("prices every template with the engine without a problem", () => {
    const rows = compareBids(
      gallery.map((t) => t.bid),
      scenario,
    );
    for (const [i, row] of rows.entries()) {
      expect({ id: gallery[i].id, problem: row.problem?.message ?? null }).toEqual({ id: gallery[i].id, problem: null });
      expect(row.figures?.aiCostPerConversation).toBeGreaterThan(0);
      expect(row.rank).not.toBeNull();
    }
  });

  it("covers every pricing model and the charge shapes of real contracts", () => {
    const models = new Set(gallery.map((t) => t.bid.pricing.model));
    for (const m of PRICING_MODELS) expect(models).toContain(m);
    const perToken = gallery.filter((t) => t.bid.pricing.model === "per-token" && !t.id.startsWith("guide-"));
    expect(new Set(perToken.map((t) => t.bid.vendor)).size).toBeGreaterThanOrEqual(2);
    for (const t of perToken) expect(t.bid.pricing).toHaveProperty("cachedInputPricePerMTok");
    expect(gallery.some((t) => t.bid.pricing.model === "per-conversation" && t.bid.pricing.pricePerConversation === 2)).toBe(true);
    expect(gallery.some((t) => t.bid.pricing.model === "per-resolution" && t.bid.charges?.allowance)).toBe(true);
    const outcome = gallery.find((t) => t.bid.pricing.model === "outcome-based");
    expect(outcome?.bid.pricing).toMatchObject({ serviceLevel: { threshold: 4, higherIsBetter: true, creditShare: 1 } });
    for (const id of GUIDE_BID_IDS) expect(galleryTemplate(id)).toBeDefined();
  });

  it("dates and sources every public price; a template without sources says it is not a published offer", () => {
    for (const t of gallery) {
      if (t.sources.length === 0) {
        expect(t.notes).toMatch(/not a published offer|private quote/i);
        continue;
      }
      for (const s of t.sources) {
        expect(s.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (s.url === undefined) expect(s.title).toBe("Outcome-Based AI Pricing: A Buyer's Field Guide");
        else expect(s.url).toMatch(/^https:\/\//);
      }
      // A vendor's list price read from anywhere but the vendor's own page is flagged as indicative.
      if (!t.id.startsWith("guide-")) expect(t.notes).toMatch(/indicative|not a vendor's published price|not a published offer/i);
    }
  });

  it("shows the outcome gate at work: nothing is paid when CSAT is expected below 4", () => {
    const t = galleryTemplate("outcome-csat-gated");
    if (!t || t.bid.pricing.model !== "outcome-based" || !t.bid.pricing.serviceLevel) throw new Error("outcome template missing");
    const paid = bidFigures(t.bid, scenario);
    expect(paid.vendorFeePerConversation).toBeCloseTo(0.5 * 0.9 * 0.8, 12);
    const missed = { ...t.bid, pricing: { ...t.bid.pricing, serviceLevel: { ...t.bid.pricing.serviceLevel, expected: 3.9 } } };
    expect(bidFigures(missed, scenario).vendorFeePerConversation).toBe(0);
  });
});

describe("the guide's bids A, B and C through their templates (r = 0.90, h = 3.00, V = 100000)", () => {
  const guide: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3 };
  const expected = {
    "guide-bid-a-per-token": { a: 0.46, perResolution: 0.5111, blended: 0.76 },
    "guide-bid-b-per-resolution": { a: 0.891, perResolution: 0.99, blended: 1.191 },
    "guide-bid-c-revenue-share": { a: 0.8375, perResolution: 0.9306, blended: 1.1375 },
  } as const;

  it.each(Object.entries(expected))("%s", (id, want) => {
    const t = galleryTemplate(id);
    if (!t) throw new Error(`${id} is not in the gallery`);
    const f = bidFigures(t.bid, guide);
    expect(f.aiCostPerConversation).toBeCloseTo(want.a, 10);
    expect(f.costPerResolution).toBeCloseTo(want.perResolution, 4);
    expect(f.blendedCostPerConversation).toBeCloseTo(want.blended, 10);
  });

  it("ranks A cheapest, then C, then B, as the worked example does once C's arithmetic is right", () => {
    const rows = compareBids(
      GUIDE_BID_IDS.map((id) => (galleryTemplate(id) as NonNullable<ReturnType<typeof galleryTemplate>>).bid),
      guide,
    );
    expect(rows.map((r) => r.rank)).toEqual([1, 3, 2]);
  });

  it("keeps the guide's 0.16 for C as a reference with the one-line reason", () => {
    const c = galleryTemplate("guide-bid-c-revenue-share");
    expect(c?.reference?.value).toBe(0.16);
    expect(c?.reference?.note).toMatch(/adds to the buyer's cost/);
    expect(c?.reference?.note).toContain("0.8375");
    expect(c?.reference?.note).not.toMatch(/\n/);
  });
});

describe("a current gallery: every price sourced this year, every kind of real price list", () => {
  /** Every version of a template's prices: the undated one and each dated one, as a template of one version. */
  const everyVersion = (t: BidTemplate): BidTemplate[] => [templateAt(t, "1900-01-01"), ...(t.versions ?? []).map((v) => templateAt(t, v.effectiveFrom))];
  const numberPaths = (node: unknown, at: string): string[] => {
    if (typeof node === "number") return [at];
    if (!node || typeof node !== "object") return [];
    return Object.entries(node).flatMap(([k, v]) => numberPaths(v, Array.isArray(node) ? `${at}[${k}]` : `${at}.${k}`));
  };
  const covers = (field: string, path: string) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

  it("every price of every version has a source read this year (2026)", () => {
    for (const t of gallery) {
      for (const v of everyVersion(t)) {
        for (const s of v.sources) expect({ id: t.id, asOf: s.asOf.slice(0, 4) }).toEqual({ id: t.id, asOf: "2026" });
        const prices = [...numberPaths(v.bid.pricing, "pricing"), ...numberPaths(v.bid.charges ?? {}, "charges")].filter((p) => /price/i.test(p.split(".").pop() ?? ""));
        if (v.sources.length === 0) continue; // an illustrative deal, said so in its notes (above)
        for (const p of prices) expect({ id: t.id, price: p, sourced: v.sources.some((s) => covers(s.field, p)) }).toEqual({ id: t.id, price: p, sourced: true });
      }
    }
  });

  it("holds a per-token bid with the full rate card, an agent-assist seat offer, a credit bid and dated versions", () => {
    const gpt = galleryTemplate("openai-gpt-5-5")!.bid.pricing;
    expect(gpt).toMatchObject({ contextRows: [{ fromInputTokens: 272000, inputPricePerMTok: 10, cachedInputPricePerMTok: 1, outputPricePerMTok: 45 }], batch: { discount: 0.5 }, priority: { multiplier: 2.5 } });
    expect(galleryTemplate("anthropic-claude-sonnet-4-6")!.bid.pricing).toMatchObject({ inputPricePerMTok: 3, cachedInputPricePerMTok: 0.3, outputPricePerMTok: 15, cacheWrites: { fiveMinute: { multiplier: 1.25 }, oneHour: { multiplier: 2 } } });
    expect(galleryTemplate("anthropic-claude-opus-4-7")!.bid.pricing).toMatchObject({ inputPricePerMTok: 5, outputPricePerMTok: 25 });
    const assist = galleryTemplate("intercom-fin-ai-copilot")!;
    expect(assist.bid.pricing.model).toBe("per-seat");
    expect(assist.bid.performance).toMatchObject({ resolutionRate: 0 });
    expect(assist.bid.performance?.assist).toBeGreaterThan(0);
    expect(bidFigures(assist.bid, scenario).costPerResolution).toBeNull();
    expect(galleryTemplate("salesforce-agentforce-flex-credits")!.bid.pricing).toEqual({ model: "credits", creditsPerAction: 20, actionsPerConversation: 6, packPrice: 500, creditsPerPack: 100000 });
    expect(gallery.some((t) => t.id === "microsoft-365-copilot")).toBe(false);
    // Intercom's outcomes from 2026-03-12; Zendesk's tiers from 2026-05-18 bill only verified resolutions (q).
    expect(versionAt(galleryTemplate("intercom-fin-allowance")!, "2026-03-11")).toBeNull();
    expect(versionAt(galleryTemplate("intercom-fin-allowance")!, "2026-03-12")).toBe(0);
    const zendesk = galleryTemplate("zendesk-automated-resolutions-payg")!;
    expect(bidFigures(templateAt(zendesk, "2026-05-17").bid, scenario).vendorFeePerConversation).toBeCloseTo(2 * 0.9, 12);
    expect(bidFigures(templateAt(zendesk, "2026-05-18").bid, scenario).vendorFeePerConversation).toBeCloseTo(2 * 0.9 * 0.8, 12);
  });

  it("prices every version of every template with the engine", () => {
    for (const t of gallery) for (const v of everyVersion(t)) expect({ id: t.id, fee: bidFigures(v.bid, scenario).aiCostPerConversation > 0 }).toEqual({ id: t.id, fee: true });
  });
});
