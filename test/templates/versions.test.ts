/**
 * Prices have dates (src/templates/versions.ts): the version in effect on a day, the template as of a
 * day, when its prices were read and whether they are stale; and the format's rules for versions.
 */
import { bidFigures, Scenario } from "../../src/engine";
import type { BidTemplate } from "../../src/templates/template";
import { validateTemplate } from "../../src/templates/validate";
import { daysBetween, freshnessWords, isIsoDate, pricesInEffect, STALE_AFTER_DAYS, templateAt, UNDATED, versionAt } from "../../src/templates/versions";

const S: Scenario = { conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 0.8 };

/** $2.00 per resolution, cut to $1.50 on 2026-05-18, with a summer promotion at $1.00 from 2026-07-01 to 2026-07-31. */
export function datedTemplate(): BidTemplate {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "dated-resolutions",
    bid: { vendor: "Acme", name: "Resolutions", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 2 }, termMonths: 12 },
    sources: [{ field: "pricing.pricePerResolution", title: "Acme price list, 2025", url: "https://acme.example.com/2025", asOf: "2026-01-10" }],
    questions: [],
    notes: "Standing notes.",
    versions: [
      {
        effectiveFrom: "2026-05-18",
        label: "Price cut",
        pricing: { model: "per-resolution", pricePerResolution: 1.5 },
        charges: { platformFeeMonthly: 1000 },
        sources: [
          { field: "pricing.pricePerResolution", title: "Acme price list, May 2026", url: "https://acme.example.com/2026", asOf: "2026-05-20" },
          { field: "charges.platformFeeMonthly", title: "Acme order form", asOf: "2026-04-30" },
        ],
      },
      {
        effectiveFrom: "2026-07-01",
        effectiveUntil: "2026-07-31",
        label: "Summer promotion",
        pricing: { model: "per-resolution", pricePerResolution: 1 },
        sources: [{ field: "pricing.pricePerResolution", title: "Acme promotion", url: "https://acme.example.com/summer", asOf: "2026-06-15" }],
        notes: "Promotion notes.",
      },
    ],
  };
}

describe("the version in effect on a day", () => {
  const t = datedTemplate();

  test.each([
    ["2026-05-17", null, 2],
    ["2026-05-18", 0, 1.5],
    ["2026-06-30", 0, 1.5],
    ["2026-07-01", 1, 1],
    ["2026-07-31", 1, 1],
    ["2026-08-01", 0, 1.5],
    ["2027-01-01", 0, 1.5],
  ])("as of %s: version %p, $%p per resolution", (day, k, price) => {
    expect(versionAt(t, day)).toBe(k);
    const dated = templateAt(t, day);
    expect(dated.bid.pricing).toEqual({ model: "per-resolution", pricePerResolution: price });
    expect(dated.versions).toBeUndefined();
    expect(bidFigures(dated.bid, S).vendorFeePerConversation).toBeCloseTo(price * 0.9 + (k === 0 ? 1000 / 100000 : 0), 12);
  });

  test("a dated version brings its charges, sources and notes, and replaces the bid's; the rest of the bid stays", () => {
    const cut = templateAt(t, "2026-06-01");
    expect(cut.bid.charges).toEqual({ platformFeeMonthly: 1000 });
    expect(cut.sources).toEqual(t.versions![0].sources);
    expect(cut.bid.termMonths).toBe(12);
    expect(cut.notes).toBe("Standing notes.");
    const promo = templateAt(t, "2026-07-15");
    expect(promo.bid.charges).toBeUndefined();
    expect(promo.notes).toBe("Promotion notes. Standing notes.");
    const before = templateAt(t, "2026-01-01");
    expect(before.bid).toEqual(t.bid);
    expect(before.sources).toEqual(t.sources);
  });

  test("a template without versions is itself on every day", () => {
    const { versions: _v, ...plain } = datedTemplate();
    expect(templateAt(plain, "1999-01-01")).toEqual(plain);
    expect(pricesInEffect(plain, "2026-01-20")).toMatchObject({ version: UNDATED, words: "the file's prices", readOn: "2026-01-10", stale: false });
  });
});

describe("when the prices were read, and stale prices", () => {
  const t = datedTemplate();

  test("a price confirmed again is as fresh as its latest reading; the prices are as old as their oldest field", () => {
    const t2 = datedTemplate();
    t2.versions![0].sources.push({ field: "charges.platformFeeMonthly", title: "Acme order form, confirmed", asOf: "2026-05-25" });
    expect(pricesInEffect(t2, "2026-06-01")).toMatchObject({ readOn: "2026-05-20" });
  });

  test("the oldest reading date among the sources of the version in effect", () => {
    expect(pricesInEffect(t, "2026-06-01")).toEqual({
      version: "2026-05-18",
      words: "Price cut, in effect from 2026-05-18",
      effectiveFrom: "2026-05-18",
      effectiveUntil: null,
      readOn: "2026-04-30",
      daysSinceRead: 32,
      stale: false,
    });
    expect(pricesInEffect(t, "2026-07-04")).toMatchObject({ version: "2026-07-01", words: "Summer promotion, in effect from 2026-07-01 to 2026-07-31", readOn: "2026-06-15" });
    expect(pricesInEffect(t, "2026-03-01")).toMatchObject({ version: UNDATED, words: "the file's undated prices (no dated version in effect)", readOn: "2026-01-10" });
  });

  test(`stale means read more than ${STALE_AFTER_DAYS} days before the comparison date: 90 days is not, 91 is`, () => {
    expect(daysBetween("2026-04-30", "2026-07-29")).toBe(90);
    expect(pricesInEffect(t, "2026-07-29")).toMatchObject({ version: "2026-07-01" }); // the promotion, read 2026-06-15
    const cut = { ...t, versions: [t.versions![0]] };
    expect(pricesInEffect(cut, "2026-07-29")).toMatchObject({ readOn: "2026-04-30", daysSinceRead: 90, stale: false });
    expect(pricesInEffect(cut, "2026-07-30")).toMatchObject({ daysSinceRead: 91, stale: true });
    expect(freshnessWords(pricesInEffect(cut, "2026-07-30"), "2026-07-30")).toBe("stale: read 2026-04-30, 91 days before 2026-07-30 (more than 90): check the price");
    expect(freshnessWords(pricesInEffect(cut, "2026-07-29"), "2026-07-29")).toBe("read 2026-04-30");
  });

  test("a private quote (no sources) has no reading date and is never stale; read after the comparison date is not stale", () => {
    const quote = { ...datedTemplate(), sources: [], versions: undefined };
    expect(pricesInEffect(quote, "2030-01-01")).toMatchObject({ readOn: null, daysSinceRead: null, stale: false });
    expect(freshnessWords(pricesInEffect(quote, "2030-01-01"), "2030-01-01")).toBe("no public source listed (a private quote)");
    expect(pricesInEffect(datedTemplate(), "2025-06-01")).toMatchObject({ readOn: "2026-01-10", stale: false });
  });

  test("dates: calendar days only, and day counts across months and leap years", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-5-18")).toBe(false);
    expect(isIsoDate(20260518)).toBe(false);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-12-31", "2026-01-01")).toBe(-364);
  });
});

describe("the format's rules for dated versions", () => {
  const problems = (t: unknown) => {
    const r = validateTemplate(t);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };

  test("a template with versions is valid, and reads back equal", () => {
    const r = validateTemplate(datedTemplate());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.template).toEqual(datedTemplate());
  });

  test("each problem is named by its path in the version", () => {
    const t = datedTemplate() as unknown as { versions: Record<string, unknown>[] };
    t.versions[0].effectiveUntil = "2026-05-01";
    t.versions[1].effectiveFrom = "2026-05-18";
    t.versions[1].sources = [{ field: "charges.platformFeeMonthly", title: "x", asOf: "2026-02-30" }];
    t.versions.push({ effectiveFrom: "2026-13-01", pricing: { model: "per-resolution", pricePerResolution: -1 }, sources: [] });
    t.versions.push({ effectiveFrom: "2026-9-01", pricing: { model: "per-resolution", pricePerResolution: 1 }, sources: [] });
    t.versions.push({ effectiveFrom: "2026-09-01", pricing: { model: "per-token", inputPricePerMTok: 1, outputPricePerMTok: 1 }, charges: { allowance: { included: 1, overagePrice: 1 } }, sources: [], colour: "red" });
    expect(problems(t)).toEqual([
      "versions[2].pricing.pricePerResolution: must be 0 or more (got -1)",
      'versions[3].effectiveFrom: must be a date written YYYY-MM-DD, e.g. "2026-05-18" (got text "2026-9-01")',
      "versions[4].colour: is not a field of this format; the fields here are: effectiveFrom, effectiveUntil, label, pricing, charges, sources, notes",
      'versions[0].effectiveUntil: is before the version takes effect (2026-05-18): the last day comes after the first (got "2026-05-01")',
      'versions[1].effectiveFrom: is the first day of versions[0] too ("2026-05-18"): which prices apply that day would be unclear; give each version its own first day',
      'versions[1].sources[0].field: names no field of this bid (got "charges.platformFeeMonthly"); write the path inside "bid", e.g. "pricing.pricePerResolution"',
      'versions[1].sources[0].asOf: is not a date that exists (got "2026-02-30")',
      'versions[2].effectiveFrom: is not a date that exists (got "2026-13-01")',
      "versions[4].charges.allowance: cannot apply to a per-token bid: token prices price its usage; use platformFeeMonthly, minimumMonthly or oneTimeFee instead",
    ]);
  });
});
