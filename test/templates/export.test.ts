/**
 * Export and import: what export writes, readTemplateFile reads back equal (fast-check generates the
 * templates, every pricing model and charge shape), and an invalid bid is never written.
 */
import fc from "fast-check";
import type { Bid, Charges, Pricing, SuppliedItem } from "../../src/engine/bid";
import { ExportProblem, exportFileName, exportTemplates } from "../../src/templates/export";
import { gallery } from "../../src/templates/gallery";
import type { BidTemplate, PriceSource, PriceVersion } from "../../src/templates/template";
import { templateAt, versionAt } from "../../src/templates/versions";
import { readTemplateFile, validateTemplate } from "../../src/templates/validate";

/** A double; -0 is written and read back as 0, as a spreadsheet would, so it is generated as 0. */
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((v) => (v === 0 ? 0 : v));
const money = num(0, 1e6);
const fraction = num(0, 1);
// eslint-disable-next-line no-control-regex -- a line of text holds no control characters
const line = fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).filter((s) => /\S/.test(s) && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s));
const text = fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" });
const id = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/);
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const url = fc.stringMatching(/^https:\/\/[a-z0-9-]{1,10}\.[a-z]{2,5}(\/[A-Za-z0-9._~%-]{1,10}){0,3}$/);

const tokens = fc
  .record({ input: fc.integer({ min: 0, max: 200000 }), output: fc.integer({ min: 0, max: 50000 }), cachedShare: fraction, attempts: fc.option(num(1, 10), { nil: undefined }) }, { requiredKeys: ["input", "output", "cachedShare"] })
  .map(({ input, output, cachedShare, attempts }) => ({ input, output, cachedInput: Math.floor(input * cachedShare), ...(attempts === undefined ? {} : { attempts }) }));

const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  fc.record({ model: fc.constant("per-token" as const), inputPricePerMTok: money, outputPricePerMTok: money, cachedInputPricePerMTok: money, tokens }, { requiredKeys: ["model", "inputPricePerMTok", "outputPricePerMTok"] }),
  fc.record({ model: fc.constant("per-seat" as const), pricePerSeat: money, seats: fc.integer({ min: 1, max: 100000 }) }),
  fc.record({ model: fc.constant("per-conversation" as const), pricePerConversation: money }),
  fc.record({ model: fc.constant("per-resolution" as const), pricePerResolution: money }),
  fc.record(
    {
      model: fc.constant("outcome-based" as const),
      pricePerOutcome: money,
      serviceLevel: fc.record({ metric: line, threshold: num(-100, 100), higherIsBetter: fc.boolean(), creditShare: fraction, expected: num(-100, 100) }),
    },
    { requiredKeys: ["model", "pricePerOutcome"] },
  ),
  fc.record({ model: fc.constant("revenue-share" as const), share: fraction, aiRunCost: money, buyerPaysAiCost: fc.boolean() }),
  fc.record({
    model: fc.constant("credits" as const),
    creditsPerAction: fc.integer({ min: 0, max: 1000 }),
    actionsPerConversation: num(0, 50),
    packPrice: money,
    creditsPerPack: fc.integer({ min: 1, max: 1e7 }),
  }),
  // A per-token rate card: prompt-size rows, cache writes, service tiers, uplifts and per-call fees.
  fc
    .record({
      base: fc.record({ inputPricePerMTok: money, outputPricePerMTok: money, cachedInputPricePerMTok: money }),
      rows: fc.array(fc.record({ step: fc.integer({ min: 1, max: 300000 }), inputPricePerMTok: money, outputPricePerMTok: money, cachedInputPricePerMTok: fc.option(money, { nil: undefined }) }), { maxLength: 3 }),
      writes: fc.record({ fiveMinute: fc.record({ multiplier: num(1, 3), share: num(0, 0.3) }), oneHour: fc.record({ multiplier: num(1, 3), share: num(0, 0.3) }) }, { requiredKeys: [] }),
      batch: fc.option(fc.record({ discount: fraction, share: num(0, 0.5) }), { nil: undefined }),
      priority: fc.option(fc.record({ multiplier: num(1, 5), share: num(0, 0.5) }), { nil: undefined }),
      regional: fc.option(fc.record({ multiplier: num(1, 2), share: fraction }), { nil: undefined }),
      callFees: fc.array(fc.record({ label: line, pricePerCall: money, callsPerConversation: num(0, 10) }), { maxLength: 2 }),
    })
    .map(({ base, rows, writes, batch, priority, regional, callFees }) => {
      let from = 0;
      const p: Pricing = { model: "per-token", ...base };
      if (rows.length) p.contextRows = rows.map(({ step, cachedInputPricePerMTok, ...r }) => ({ fromInputTokens: (from += step), ...r, ...(cachedInputPricePerMTok === undefined ? {} : { cachedInputPricePerMTok }) }));
      if (Object.keys(writes).length) p.cacheWrites = writes;
      if (batch) p.batch = batch;
      if (priority) p.priority = priority;
      if (regional) p.regional = regional;
      if (callFees.length) p.callFees = callFees;
      return p;
    }),
);

/** Ascending bounds, the last one blank (no limit) or not. */
const tiers = fc.record({ steps: fc.array(fc.integer({ min: 1, max: 100000 }), { minLength: 0, maxLength: 6 }), prices: fc.array(money, { minLength: 7, maxLength: 7 }), open: fc.boolean() }).map(({ steps, prices, open }) => {
  let bound = 0;
  const list = steps.map((s, i) => ({ upTo: (bound += s), price: prices[i] }));
  list.push({ upTo: open ? (null as unknown as number) : bound + 1, price: prices[6] });
  return list.map((t) => ({ upTo: t.upTo as number | null, price: t.price }));
});

const unitShape = fc.oneof(
  fc.constant({}),
  fc.record({ allowance: fc.record({ included: fc.integer({ min: 0, max: 1e6 }), overagePrice: money }) }),
  fc.record({ tiers: fc.record({ mode: fc.constantFrom("graduated" as const, "volume" as const), tiers }) }),
  fc.record({ package: fc.record({ size: fc.integer({ min: 1, max: 1e6 }), price: money }) }),
);

const fees = fc.record({ platformFeeMonthly: money, minimumMonthly: money, oneTimeFee: money }, { requiredKeys: [] });

const supplied: fc.Arbitrary<SuppliedItem[]> = fc.array(
  fc.record({ label: line, perConversation: money, fixedMonthly: money, oneTime: money }, { requiredKeys: ["label"] }).filter((s) => s.perConversation !== undefined || s.fixedMonthly !== undefined || s.oneTime !== undefined),
  { maxLength: 4 },
);

const bid: fc.Arbitrary<Bid> = fc
  .record(
    { vendor: line, name: line, currency: fc.constantFrom("USD", "EUR", "GBP", "JPY"), pricing, fees, unitShape, supplied, termMonths: fc.integer({ min: 1, max: 120 }) },
    { requiredKeys: ["vendor", "name", "currency", "pricing", "fees", "unitShape"] },
  )
  .map(({ fees, unitShape, pricing, ...rest }) => {
    const takesUnits = pricing.model !== "per-token" && pricing.model !== "revenue-share";
    const charges: Charges = { ...fees, ...(takesUnits ? unitShape : {}) };
    return { ...rest, pricing, ...(Object.keys(charges).length ? { charges } : {}) };
  });

/** Dated versions: each its own first day, the last day (when given) on or after it. */
const versions: fc.Arbitrary<PriceVersion[]> = fc.uniqueArray(
  fc
    .record(
      {
        effectiveFrom: date,
        days: fc.integer({ min: 0, max: 400 }),
        label: line,
        pricing,
        fees,
        sources: fc.array(fc.record({ field: fc.constantFrom("pricing", "pricing.model", "vendor"), title: line, url, asOf: date }, { requiredKeys: ["field", "title", "asOf"] }), { maxLength: 2 }),
        notes: fc.string({ maxLength: 100 }),
      },
      { requiredKeys: ["effectiveFrom", "pricing", "sources"] },
    )
    .map(({ days, fees, ...v }) => {
      const out: PriceVersion = { ...v, sources: v.sources as PriceSource[] };
      if (days !== undefined) out.effectiveUntil = new Date(Date.parse(v.effectiveFrom) + days * 86400000).toISOString().slice(0, 10);
      if (fees !== undefined && Object.keys(fees).length) out.charges = fees;
      return out;
    }),
  { maxLength: 3, selector: (v) => v.effectiveFrom },
);

const template: fc.Arbitrary<BidTemplate> = fc
  .record(
    {
      id,
      bid,
      versions,
      sources: fc.array(fc.record({ field: fc.constantFrom("pricing", "pricing.model", "vendor", "currency"), title: line, url, asOf: date }, { requiredKeys: ["field", "title", "asOf"] }), { maxLength: 3 }),
      questions: fc.array(text, { maxLength: 4 }),
      notes: fc.string({ maxLength: 300 }),
      reference: fc.record({ label: line, value: num(-1000, 1000), note: line }),
    },
    { requiredKeys: ["id", "bid", "sources", "questions"] },
  )
  .map(({ versions: vs, ...t }) => ({ format: "aiprice-bid" as const, version: 1 as const, ...t, sources: t.sources as PriceSource[], ...(vs && vs.length ? { versions: vs } : {}) }));

describe("export then import gives the same bids", () => {
  it("for any one template", () => {
    fc.assert(
      fc.property(template, (t) => {
        const checked = validateTemplate(t);
        if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
        const read = readTemplateFile(exportTemplates([t]));
        if (!read.ok) throw new Error(JSON.stringify(read.problems));
        expect(read.kind).toBe("single");
        expect(read.templates).toEqual([t]);
      }),
      { numRuns: 300 },
    );
  });

  it("for several templates in one file, in order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(template, { minLength: 2, maxLength: 6, selector: (t) => t.id }), (ts) => {
        const read = readTemplateFile(exportTemplates(ts));
        if (!read.ok) throw new Error(JSON.stringify(read.problems));
        expect(read.kind).toBe("collection");
        expect(read.templates).toEqual(ts);
      }),
      { numRuns: 100 },
    );
  });

  it("with every dated version, and each day's prices are those of the version in effect then", () => {
    fc.assert(
      fc.property(template, date, (t, day) => {
        const read = readTemplateFile(exportTemplates([t]));
        if (!read.ok) throw new Error(JSON.stringify(read.problems));
        expect(read.templates[0].versions).toEqual(t.versions);
        const k = versionAt(read.templates[0], day);
        const inEffect = (t.versions ?? []).filter((v) => v.effectiveFrom <= day && (v.effectiveUntil === undefined || day <= v.effectiveUntil));
        if (k === null) {
          expect(inEffect).toEqual([]);
          expect(templateAt(read.templates[0], day).bid.pricing).toEqual(t.bid.pricing);
        } else {
          expect(t.versions![k].effectiveFrom).toBe(
            inEffect
              .map((v) => v.effectiveFrom)
              .sort()
              .pop(),
          );
          expect(templateAt(read.templates[0], day).bid.pricing).toEqual(t.versions![k].pricing);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("for the whole shipped gallery", () => {
    const textOut = exportTemplates(gallery);
    const read = readTemplateFile(textOut, exportFileName(gallery));
    expect(read.ok && read.templates).toEqual(gallery);
    expect(JSON.parse(textOut)).toMatchObject({ format: "aiprice-bids", version: 1 });
    expect(textOut.endsWith("}\n")).toBe(true);
  });
});

describe("export refuses what would not import", () => {
  it("lists the problems of each bid and writes nothing", () => {
    const bad = { ...gallery[0], bid: { ...gallery[0].bid, currency: "dollars" } } as BidTemplate;
    const twin = { ...gallery[1], id: gallery[2].id };
    let thrown: unknown;
    try {
      exportTemplates([bad, gallery[2], twin]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ExportProblem);
    expect((thrown as ExportProblem).problems.map((p) => p.path)).toEqual(["bids[0].bid.currency", "bids[2].id"]);
  });

  it("has nothing to write for no bids", () => {
    expect(() => exportTemplates([])).toThrow(/no bid to export/);
  });

  it("names the file after the bid, or counts the bids", () => {
    expect(exportFileName([gallery[0]])).toBe(`${gallery[0].id}.json`);
    expect(exportFileName(gallery.slice(0, 3))).toBe("aiprice-bids-3.json");
  });
});

describe("any text at all", () => {
  it("is read without throwing, and a rejection always names a path and says why", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
          fc.string({ maxLength: 200 }),
        ),
        (input) => {
          const r = readTemplateFile(input);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.problems.length).toBeGreaterThan(0);
            for (const p of r.problems) {
              expect(typeof p.path).toBe("string");
              expect(p.path.length).toBeGreaterThan(0);
              expect(p.message.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a valid template with any one price made negative is rejected at that price's path", () => {
    const priceFields: Record<string, string[]> = {
      "per-token": ["inputPricePerMTok", "outputPricePerMTok"],
      "per-seat": ["pricePerSeat"],
      "per-conversation": ["pricePerConversation"],
      "per-resolution": ["pricePerResolution"],
      "outcome-based": ["pricePerOutcome"],
      "revenue-share": ["aiRunCost"],
      credits: ["packPrice", "creditsPerAction", "actionsPerConversation"],
    };
    fc.assert(
      fc.property(template, fc.double({ min: -1e6, max: -1e-9, noNaN: true }), fc.nat(), (t, negative, pick) => {
        const fields = priceFields[t.bid.pricing.model];
        const field = fields[pick % fields.length];
        const broken = JSON.parse(JSON.stringify(t));
        broken.bid.pricing[field] = negative;
        const r = readTemplateFile(JSON.stringify(broken));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems).toContainEqual({ path: `bid.pricing.${field}`, message: `must be 0 or more (got ${negative})` });
      }),
      { numRuns: 200 },
    );
  });
});
