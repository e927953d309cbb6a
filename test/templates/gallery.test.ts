/**
 * The shipped gallery: every file valid, priced by the engine without problems, sourced and dated,
 * and the guide's bids A, B and C giving the worked example's figures (docs/spec.md#worked-example) through their templates.
 */
import * as fs from "fs";
import * as path from "path";
import { bidFigures, chargeFigures, PRICING_MODELS, Scenario } from "../../src/engine/bid";
import { METER_KINDS, meterOf } from "../../src/engine/meters";
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
    const files = fs
      .readdirSync(GALLERY_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort();
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

describe("a gallery of December 2026: the price lists vendors publish now", () => {
  const RELEASE = "2026-12-07";
  const daysBefore = (day: string, release: string) => (Date.parse(`${release}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86400000;
  const numberPaths = (node: unknown, at: string): string[] => {
    if (typeof node === "number") return [at];
    if (!node || typeof node !== "object") return [];
    return Object.entries(node).flatMap(([k, v]) => numberPaths(v, Array.isArray(node) ? `${at}[${k}]` : `${at}.${k}`));
  };
  const covers = (field: string, p: string) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`);
  const pricedPaths = (t: BidTemplate) => [...numberPaths(t.bid.pricing, "pricing"), ...numberPaths(t.bid.charges ?? {}, "charges")].filter((p) => /price/i.test(p.split(".").pop() ?? ""));
  /** The vendor's own web addresses: a price read anywhere else is secondary. */
  const VENDOR_SITES: Record<string, RegExp> = {
    Zendesk: /^https:\/\/([a-z]+\.)?zendesk\.com\//,
    Salesforce: /^https:\/\/([a-z]+\.)?salesforce\.com\//,
    Microsoft: /^https:\/\/learn\.microsoft\.com\//,
    Freshworks: /^https:\/\/([a-z]+\.)?freshworks\.com\//,
    HubSpot: /^https:\/\/([a-z]+\.)?hubspot\.com\//,
    Google: /^https:\/\/(cloud\.google\.com|ai\.google\.dev)\//,
    OpenAI: /^https:\/\/([a-z]+\.)?openai\.com\//,
    Anthropic: /^https:\/\/(platform\.claude\.com|docs\.anthropic\.com|www\.anthropic\.com)\//,
    Intercom: /^https:\/\/www\.intercom\.com\//,
  };
  const ISSUE_17 = {
    "zendesk-resolution-tiers-and-copilot": "Zendesk",
    "salesforce-agentforce-flex-actions-and-seats": "Salesforce",
    "microsoft-copilot-studio-credits": "Microsoft",
    "servicenow-now-assist-assists-example": "ServiceNow",
    "freshworks-freddy-ai-agent-sessions": "Freshworks",
    "hubspot-breeze-customer-agent-credits": "HubSpot",
    "google-ces-conversational-agents-and-agent-assist": "Google",
    "sierra-outcomes-and-commission-example": "Sierra",
    "decagon-per-resolution-example": "Decagon",
    "intercom-fin-outcomes": "Intercom",
  } as const;
  const PRIVATE_QUOTES = ["servicenow-now-assist-assists-example", "sierra-outcomes-and-commission-example", "decagon-per-resolution-example"];

  it("holds each current vendor price list as a bid by charges, and the model APIs' newest versions", () => {
    for (const [id, vendor] of Object.entries(ISSUE_17)) {
      const t = galleryTemplate(id);
      expect({ id, vendor: t?.bid.vendor, model: t?.bid.pricing.model }).toEqual({ id, vendor, model: "charges" });
    }
    for (const vendor of ["OpenAI", "Anthropic", "Google"]) expect(gallery.some((t) => t.bid.vendor === vendor && t.bid.pricing.model === "per-token")).toBe(true);
    expect(galleryTemplate("google-gemini-3-1-pro-preview")!.bid.pricing).toMatchObject({ inputPricePerMTok: 2, outputPricePerMTok: 12, contextRows: [{ fromInputTokens: 200001, inputPricePerMTok: 4, outputPricePerMTok: 18 }] });
  });

  it("every template is valid and every charge's meter is a known meter kind", () => {
    for (const t of gallery) {
      const r = validateTemplate(JSON.parse(JSON.stringify(t)));
      expect({ id: t.id, problems: r.ok ? [] : r.problems }).toEqual({ id: t.id, problems: [] });
      for (const v of [t, ...(t.versions ?? []).map((x) => templateAt(t, x.effectiveFrom))]) {
        const p = v.bid.pricing;
        if (p.model !== "charges") continue;
        for (const c of p.charges) {
          expect({ id: t.id, charge: c.label, known: METER_KINDS.includes(c.meter) }).toEqual({ id: t.id, charge: c.label, known: true });
          expect(meterOf(c).kind).toBe(c.meter);
        }
      }
    }
  });

  it("every public price in effect on the release date was read within 90 days of it, never after", () => {
    for (const t of gallery) {
      const v = templateAt(t, RELEASE);
      for (const s of v.sources) expect({ id: t.id, field: s.field, future: daysBefore(s.asOf, RELEASE) < 0 }).toEqual({ id: t.id, field: s.field, future: false });
      if (v.sources.length === 0) continue; // a private quote, said so in its notes
      for (const p of pricedPaths(v)) {
        const read = v.sources.filter((s) => covers(s.field, p));
        const online = read.filter((s) => s.url !== undefined);
        // The guide's worked example is a dated document without an address: its figures are the guide's.
        if (online.length === 0) {
          for (const s of read) expect(s.title).toBe("Outcome-Based AI Pricing: A Buyer's Field Guide");
          continue;
        }
        const newest = online
          .map((s) => s.asOf)
          .sort()
          .pop()!;
        expect({ id: t.id, price: p, newest, within90: daysBefore(newest, RELEASE) <= 90 }).toEqual({ id: t.id, price: p, newest, within90: true });
      }
    }
  });

  it("marks a price read only at secondary sources as indicative", () => {
    for (const t of gallery) {
      const site = VENDOR_SITES[t.bid.vendor];
      if (!site || t.sources.length === 0) continue;
      const v = templateAt(t, RELEASE);
      const secondaryOnly = pricedPaths(v).filter((p) => !v.sources.some((s) => covers(s.field, p) && s.url !== undefined && site.test(s.url)));
      if (secondaryOnly.length > 0) expect({ id: t.id, secondaryOnly, notes: /indicative/i.test(v.notes ?? "") }).toEqual({ id: t.id, secondaryOnly, notes: true });
    }
  });

  it("shows private-quote vendors as examples, marked so in name and notes, without a source", () => {
    for (const id of PRIVATE_QUOTES) {
      const t = galleryTemplate(id)!;
      expect(t.sources).toEqual([]);
      expect(t.id).toMatch(/-example$/);
      expect(t.bid.name).toMatch(/example: private quote/);
      expect(t.notes).toMatch(/not a published offer/);
      expect(t.notes).toMatch(/illustrative/);
    }
  });

  it("says in its notes what the format cannot hold where a price list has more than the format", () => {
    for (const id of ["zendesk-resolution-tiers-and-copilot", "hubspot-breeze-customer-agent-credits", "servicenow-now-assist-assists-example"]) {
      expect(galleryTemplate(id)!.notes).toMatch(/What the format cannot hold/);
    }
  });

  describe("figures checked by hand (V = 100,000, r = 0.90, q = 0.80)", () => {
    const byCharges = (id: string, s: Scenario) => {
      const p = galleryTemplate(id)!.bid.pricing;
      if (p.model !== "charges") throw new Error(`${id} is not a bid by charges`);
      return chargeFigures(p, s);
    };

    it("Agentforce: (4 x 20 + 0.5 x 30) credits x 100,000 at $500 per 100,000 = 47,500, and 20 seats x $125 = 2,500: 50,000 a month", () => {
      const [actions, seats] = byCharges("salesforce-agentforce-flex-actions-and-seats", scenario);
      expect(actions).toMatchObject({ meter: "actions", unitName: "credits" });
      expect(actions.units).toBeCloseTo(9500000, 6);
      expect(actions.fee).toBeCloseTo(47500, 6);
      expect(seats.fee).toBeCloseTo(2500, 9);
      expect(bidFigures(galleryTemplate("salesforce-agentforce-flex-actions-and-seats")!.bid, scenario).vendorFeePerConversation).toBeCloseTo(0.5, 12);
    });

    it("Freddy: 1.2 sessions x 100,000 = 120,000 sessions = 1,200 packs of 100 at $49 = 58,800; 100,050 conversations need 1,201 packs = 58,849", () => {
      const [sessions] = byCharges("freshworks-freddy-ai-agent-sessions", scenario);
      expect(sessions.units).toBeCloseTo(120000, 6);
      expect(sessions.fee).toBeCloseTo(58800, 6);
      const [more] = byCharges("freshworks-freddy-ai-agent-sessions", { ...scenario, conversations: 100050 });
      expect(more.fee).toBeCloseTo(58849, 6);
    });

    it("Zendesk: 100,000 x 0.9 x 0.8 = 72,000 verified resolutions x $1.50 = 108,000, and 20 agents x $50 = 1,000", () => {
      const [verified, addOn] = byCharges("zendesk-resolution-tiers-and-copilot", scenario);
      expect(verified.units).toBeCloseTo(72000, 6);
      expect(verified.fee).toBeCloseTo(108000, 6);
      expect(addOn.fee).toBeCloseTo(1000, 9);
    });

    it("ServiceNow example: 50 seats x $100 = 5,000; 300,000 assists against a pool of 25,000: 275,000 top-ups x $0.20 = 55,000", () => {
      const [seats] = byCharges("servicenow-now-assist-assists-example", scenario);
      expect(seats.fee).toBeCloseTo(60000, 6);
      // Below the pool (8,000 conversations x 3 = 24,000 assists): the seats alone.
      const [below] = byCharges("servicenow-now-assist-assists-example", { ...scenario, conversations: 8000 });
      expect(below.fee).toBeCloseTo(5000, 9);
    });
  });
});
