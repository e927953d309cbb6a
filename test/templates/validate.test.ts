/**
 * Validation of template files: a corpus of malformed files, each rejected with the field path of
 * every problem in plain words, and the limits (size, depth, tiers, reserved keys) that keep an
 * untrusted file from doing harm.
 */
import { readTemplateFile, validateTemplate, validateTemplateData, MAX_FILE_BYTES, TOP_LEVEL } from "../../src/templates/validate";
import type { BidTemplate } from "../../src/templates/template";

import type { Json } from "../support/json";

/** A valid template that exercises most of the format; each case breaks one thing in a copy. */
function base(): Json {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "acme-tiered-resolutions",
    bid: {
      vendor: "Acme AI",
      name: "Support agent, tiered resolutions",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 1 },
      charges: {
        platformFeeMonthly: 500,
        tiers: {
          mode: "graduated",
          tiers: [
            { upTo: 1000, price: 1 },
            { upTo: 10000, price: 0.8 },
            { upTo: null, price: 0.5 },
          ],
        },
        minimumMonthly: 1000,
        oneTimeFee: 20000,
      },
      supplied: [{ label: "Integration", oneTime: 15000 }],
      termMonths: 24,
    },
    sources: [{ field: "pricing.pricePerResolution", title: "Acme price list", url: "https://acme.example.com/pricing", asOf: "2026-05-02" }],
    questions: ["Who certifies the resolution count?"],
    notes: "A private quote.",
  };
}

function perToken(): Json {
  const t = base();
  t.bid.pricing = { model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15, cachedInputPricePerMTok: 0.3, tokens: { input: 20000, output: 3000, cachedInput: 8000 } };
  delete t.bid.charges.tiers;
  t.sources[0].field = "pricing.inputPricePerMTok";
  return t;
}

function revenueShare(): Json {
  const t = base();
  t.bid.pricing = { model: "revenue-share", share: 0.15, aiRunCost: 0.5, buyerPaysAiCost: true };
  delete t.bid.charges.tiers;
  t.sources[0].field = "pricing.share";
  return t;
}

function outcome(): Json {
  const t = base();
  t.bid.pricing = { model: "outcome-based", pricePerOutcome: 0.5, serviceLevel: { metric: "CSAT", threshold: 4, higherIsBetter: true, creditShare: 1, expected: 4.2 } };
  t.sources[0].field = "pricing.pricePerOutcome";
  return t;
}

function seat(): Json {
  const t = base();
  t.bid.pricing = { model: "per-seat", pricePerSeat: 30, seats: 100 };
  delete t.bid.charges.tiers;
  t.sources[0].field = "pricing.pricePerSeat";
  return t;
}

function collection(...bids: Json[]): Json {
  return { format: "aiprice-bids", version: 1, bids };
}

function edit<T extends Json>(make: () => T, change: (t: T) => void): string {
  const t = make();
  change(t);
  return JSON.stringify(t, null, 2);
}

interface Case {
  name: string;
  text: string;
  /** Every one of these paths is reported. */
  paths: string[];
  message?: RegExp;
}

const cases: Case[] = [
  { name: "an unknown field at the top", text: edit(base, (t) => (t.vendor = "Acme")), paths: ["vendor"], message: /is not a field of this format/ },
  {
    name: "a misspelt price field",
    text: edit(base, (t) => {
      delete t.bid.pricing.pricePerResolution;
      t.bid.pricing.pricePerResoluton = 1;
    }),
    paths: ["bid.pricing.pricePerResoluton", "bid.pricing.pricePerResolution"],
    message: /did you mean "pricePerResolution"|is missing/,
  },
  { name: "no bid", text: edit(base, (t) => delete t.bid), paths: ["bid"], message: /is missing/ },
  { name: "no currency", text: edit(base, (t) => delete t.bid.currency), paths: ["bid.currency"], message: /is missing/ },
  { name: "another file format", text: edit(base, (t) => (t.format = "aiprice-quote")), paths: ["format"], message: /must be "aiprice-bid"/ },
  { name: "a later version of the format", text: edit(base, (t) => (t.version = 2)), paths: ["version"], message: /version 2 of the format; this add-in reads version 1/ },
  { name: "a negative price", text: edit(base, (t) => (t.bid.pricing.pricePerResolution = -0.99)), paths: ["bid.pricing.pricePerResolution"], message: /^must be 0 or more \(got -0\.99\)$/ },
  { name: "a price written as text", text: edit(base, (t) => (t.bid.pricing.pricePerResolution = "0.99")), paths: ["bid.pricing.pricePerResolution"], message: /must be a number \(got text "0\.99"\)/ },
  { name: "a share written as a percentage", text: edit(revenueShare, (t) => (t.bid.pricing.share = 15)), paths: ["bid.pricing.share"], message: /must be a fraction from 0 to 1, e\.g\. 0\.9 for 90% \(got 15\)/ },
  { name: "a negative share", text: edit(revenueShare, (t) => (t.bid.pricing.share = -0.1)), paths: ["bid.pricing.share"], message: /fraction from 0 to 1/ },
  { name: "a credit share above 1", text: edit(outcome, (t) => (t.bid.pricing.serviceLevel.creditShare = 1.5)), paths: ["bid.pricing.serviceLevel.creditShare"], message: /fraction from 0 to 1/ },
  { name: "an unknown pricing model", text: edit(base, (t) => (t.bid.pricing.model = "per-call")), paths: ["bid.pricing.model"], message: /one of the pricing models "per-token", .* \(got text "per-call"\)/ },
  { name: "no pricing model", text: edit(base, (t) => delete t.bid.pricing.model), paths: ["bid.pricing.model"], message: /is missing/ },
  { name: "a currency in lower case", text: edit(base, (t) => (t.bid.currency = "usd")), paths: ["bid.currency"], message: /three-letter currency code/ },
  { name: "an id with spaces and capitals", text: edit(base, (t) => (t.id = "Acme Bid")), paths: ["id"], message: /lower-case letters and digits/ },
  {
    name: "51 tiers",
    text: edit(base, (t) => (t.bid.charges.tiers.tiers = Array.from({ length: 51 }, (_, i) => ({ upTo: i === 50 ? null : (i + 1) * 10, price: 1 })))),
    paths: ["bid.charges.tiers.tiers"],
    message: /at most 50 entries \(it has 51\)/,
  },
  {
    name: "tier bounds that do not ascend",
    text: edit(
      base,
      (t) =>
        (t.bid.charges.tiers.tiers = [
          { upTo: 1000, price: 1 },
          { upTo: 5000, price: 0.9 },
          { upTo: 4000, price: 0.8 },
          { upTo: null, price: 0.5 },
        ]),
    ),
    paths: ["bid.charges.tiers.tiers[2].upTo"],
    message: /above the previous tier's upper bound \(5000\)/,
  },
  {
    name: "a tier without limit before the last",
    text: edit(
      base,
      (t) =>
        (t.bid.charges.tiers.tiers = [
          { upTo: null, price: 1 },
          { upTo: 5000, price: 0.9 },
        ]),
    ),
    paths: ["bid.charges.tiers.tiers[0].upTo"],
    message: /only the last tier may have no upper bound/,
  },
  { name: "a negative tier price", text: edit(base, (t) => (t.bid.charges.tiers.tiers[2].price = -0.5)), paths: ["bid.charges.tiers.tiers[2].price"], message: /0 or more/ },
  { name: "an unknown tier mode", text: edit(base, (t) => (t.bid.charges.tiers.mode = "stepped")), paths: ["bid.charges.tiers.mode"], message: /must be "graduated" or "volume"/ },
  { name: "no tiers in the tier list", text: edit(base, (t) => (t.bid.charges.tiers.tiers = [])), paths: ["bid.charges.tiers.tiers"], message: /at least 1 entry/ },
  { name: "an allowance and tiers together", text: edit(base, (t) => (t.bid.charges.allowance = { included: 50, overagePrice: 0.99 })), paths: ["bid.charges"], message: /one of allowance, tiers or package, not several/ },
  { name: "an allowance on a per-token bid", text: edit(perToken, (t) => (t.bid.charges.allowance = { included: 50, overagePrice: 0.99 })), paths: ["bid.charges.allowance"], message: /cannot apply to a per-token bid/ },
  { name: "tiers on a revenue-share bid", text: edit(revenueShare, (t) => (t.bid.charges.tiers = base().bid.charges.tiers)), paths: ["bid.charges.tiers"], message: /cannot apply to a revenue-share bid/ },
  { name: "more cached tokens than input tokens", text: edit(perToken, (t) => (t.bid.pricing.tokens.cachedInput = 25000)), paths: ["bid.pricing.tokens.cachedInput"], message: /not be more than the input tokens \(20000\)/ },
  { name: "no attempts at all", text: edit(perToken, (t) => (t.bid.pricing.tokens.attempts = 0)), paths: ["bid.pricing.tokens.attempts"], message: /must be 1 or more/ },
  { name: "half a seat", text: edit(seat, (t) => (t.bid.pricing.seats = 2.5)), paths: ["bid.pricing.seats"], message: /whole number/ },
  { name: "a term of 0 months", text: edit(base, (t) => (t.bid.termMonths = 0)), paths: ["bid.termMonths"], message: /1 or more/ },
  {
    name: "packages of 0 units",
    text: edit(base, (t) => {
      delete t.bid.charges.tiers;
      t.bid.charges.package = { size: 0, price: 100 };
    }),
    paths: ["bid.charges.package.size"],
    message: /1 or more/,
  },
  { name: "a negative minimum commitment", text: edit(base, (t) => (t.bid.charges.minimumMonthly = -1)), paths: ["bid.charges.minimumMonthly"], message: /0 or more/ },
  { name: "a __proto__ key at the top", text: edit(base, (t) => Object.defineProperty(t, "__proto__", { value: { polluted: true }, enumerable: true })), paths: ["__proto__"], message: /reserved name/ },
  { name: "a constructor key inside the pricing", text: edit(base, (t) => (t.bid.pricing.constructor = { prototype: {} })), paths: ["bid.pricing.constructor"], message: /reserved name/ },
  { name: "a prototype key in a source", text: edit(base, (t) => (t.sources[0].prototype = "x")), paths: ["sources[0].prototype"], message: /reserved name/ },
  { name: "a source on http", text: edit(base, (t) => (t.sources[0].url = "http://acme.example.com/pricing")), paths: ["sources[0].url"], message: /starting with https:\/\// },
  { name: "a javascript: address", text: edit(base, (t) => (t.sources[0].url = "javascript:alert(1)")), paths: ["sources[0].url"], message: /https:\/\// },
  { name: "a date that does not exist", text: edit(base, (t) => (t.sources[0].asOf = "2026-02-30")), paths: ["sources[0].asOf"], message: /not a date that exists/ },
  { name: "a date in words", text: edit(base, (t) => (t.sources[0].asOf = "May 2, 2026")), paths: ["sources[0].asOf"], message: /YYYY-MM-DD/ },
  { name: "a source for a field the bid does not have", text: edit(base, (t) => (t.sources[0].field = "pricing.pricePerConversation")), paths: ["sources[0].field"], message: /names no field of this bid/ },
  { name: "questions as one text", text: edit(base, (t) => (t.questions = "Who measures it?")), paths: ["questions"], message: /must be a list/ },
  { name: "an empty question", text: edit(base, (t) => (t.questions = [""])), paths: ["questions[0]"], message: /must not be empty/ },
  { name: "notes longer than 4000 characters", text: edit(base, (t) => (t.notes = "x".repeat(4001))), paths: ["notes"], message: /at most 4000 characters long \(it has 4001\)/ },
  { name: "a vendor name on two lines", text: edit(base, (t) => (t.bid.vendor = "Acme\nAI")), paths: ["bid.vendor"], message: /one line of text/ },
  { name: "a supplied item without an amount", text: edit(base, (t) => (t.bid.supplied = [{ label: "Observability" }])), paths: ["bid.supplied[0]"], message: /at least one amount/ },
  { name: "a negative supplied cost", text: edit(base, (t) => (t.bid.supplied[0].perConversation = -0.2)), paths: ["bid.supplied[0].perConversation"], message: /0 or more/ },
  { name: "a reference without its reason", text: edit(base, (t) => (t.reference = { label: "The guide's figure", value: 0.16 })), paths: ["reference.note"], message: /is missing/ },
  { name: "a service level without the expected level", text: edit(outcome, (t) => delete t.bid.pricing.serviceLevel.expected), paths: ["bid.pricing.serviceLevel.expected"], message: /is missing/ },
  { name: "a price too large to be real", text: JSON.stringify(base()).replace('"pricePerResolution":1', '"pricePerResolution":1e400'), paths: ["bid.pricing.pricePerResolution"], message: /finite number/ },
  { name: "a list of numbers", text: "[1, 2]", paths: ["[0]", "[1]"], message: /must be a group of fields/ },
  { name: "text instead of a template", text: '"hello"', paths: [TOP_LEVEL], message: /must be a group of fields \{ \.\.\. \} \(got text "hello"\)/ },
  { name: "two bids with the same id", text: JSON.stringify(collection(base(), base())), paths: ["bids[1].id"], message: /same as the id of bids\[0\]/ },
  {
    name: "a broken bid among several",
    text: JSON.stringify(collection(seat(), { ...base(), id: "second", bid: { ...base().bid, pricing: { model: "per-resolution", pricePerResolution: -1 } } })),
    paths: ["bids[1].bid.pricing.pricePerResolution"],
    message: /0 or more/,
  },
  { name: "a collection without bids", text: JSON.stringify(collection()), paths: ["bids"], message: /at least 1 entry/ },
  { name: "an unknown field in a collection", text: JSON.stringify({ ...collection(base()), owner: "me" }), paths: ["owner"], message: /not a field/ },
  { name: "a trailing comma", text: '{\n  "format": "aiprice-bid",\n  "version": 1,\n}', paths: [TOP_LEVEL], message: /not valid JSON: at line 4, column 1, a comma before a closing bracket/ },
  { name: "single quotes", text: "{'format': 'aiprice-bid'}", paths: [TOP_LEVEL], message: /line 1, column 2, JSON needs double quotes/ },
  { name: "a comment", text: '{\n  // the price\n  "format": "aiprice-bid"\n}', paths: [TOP_LEVEL], message: /line 2, column 3, JSON files cannot hold comments/ },
  { name: "a file cut short", text: '{"format": "aiprice-bid", "bid": {', paths: [TOP_LEVEL], message: /ends too early/ },
  { name: "an empty file", text: "  \n", paths: [TOP_LEVEL], message: /is empty/ },
  { name: "deep nesting", text: `${"[".repeat(5000)}${"]".repeat(5000)}`, paths: ["[0]".repeat(32)], message: /nested too deeply/ },
];

describe("malformed template files", () => {
  it("has a corpus of at least 30 kinds", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))("rejects %s, naming the field", (_name, c) => {
    const result = readTemplateFile(c.text, "quote.json");
    if (result.ok) throw new Error("accepted a malformed file");
    const paths = result.problems.map((p) => p.path);
    for (const path of c.paths) expect(paths).toContain(path);
    if (c.message) {
      const onPath = result.problems.filter((p) => c.paths.includes(p.path)).map((p) => p.message);
      expect(onPath.some((m) => c.message?.test(m))).toBe(true);
    }
    for (const p of result.problems) {
      expect(p.path.length).toBeGreaterThan(0);
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.message).not.toMatch(/must NOT|must match pattern|instancePath|\/bid\//); // ajv's own words never reach the analyst
    }
  });

  it("each base of the corpus is itself valid, so each case fails for its own reason", () => {
    for (const make of [base, perToken, revenueShare, outcome, seat]) {
      const r = readTemplateFile(JSON.stringify(make()));
      expect(r.ok ? [] : r.problems).toEqual([]);
    }
  });
});

describe("every problem at once", () => {
  it("lists schema problems and the engine's rules together", () => {
    const text = edit(base, (t) => {
      t.bid.currency = "dollars";
      t.bid.pricing.pricePerResolution = -1;
      t.bid.charges.tiers.tiers[1].upTo = 10;
      t.bid.charges.package = { size: 10, price: 5 };
      t.sources[0].asOf = "2026-04-31";
      t.extra = true;
    });
    const r = readTemplateFile(text);
    if (r.ok) throw new Error("accepted");
    expect(r.problems.map((p) => p.path).sort()).toEqual(["bid.charges", "bid.charges.tiers.tiers[1].upTo", "bid.currency", "bid.pricing.pricePerResolution", "extra", "sources[0].asOf"].sort());
  });

  it("caps a flood of problems and says how many more there are", () => {
    const t = base();
    t.questions = Array.from({ length: 50 }, () => 7);
    t.bid.supplied = Array.from({ length: 20 }, () => ({ label: 5, perConversation: "x", fixedMonthly: -1, oneTime: true }));
    const r = validateTemplate(t);
    if (r.ok) throw new Error("accepted");
    expect(r.problems).toHaveLength(101);
    expect(r.problems[100].message).toMatch(/^and \d+ more problems not listed$/);
  });
});

describe("limits", () => {
  it("rejects a file above 256 KB before reading it as JSON", () => {
    const big = JSON.stringify({ ...base(), notes: "x".repeat(MAX_FILE_BYTES) });
    const r = readTemplateFile(big, "huge.json");
    expect(r).toEqual({ ok: false, problems: [{ path: TOP_LEVEL, message: expect.stringMatching(/^"huge\.json" is 25[67] KB; a template file may be at most 256 KB$/) }] });
  });

  it("counts the size in bytes, as a file on disk has it", () => {
    const t = base();
    t.notes = "€".repeat(3000); // 3000 characters (within the notes limit), 9000 bytes in UTF-8
    const ok = readTemplateFile(JSON.stringify(t));
    expect(ok.ok).toBe(true);
    const many = collection(...Array.from({ length: 30 }, (_, i) => ({ ...base(), id: `bid-${i}`, notes: "€".repeat(3000) })));
    const text = JSON.stringify(many);
    expect(text.length).toBeLessThan(MAX_FILE_BYTES);
    const r = readTemplateFile(text);
    expect(r.ok ? "accepted" : r.problems[0].message).toMatch(/a template file may be at most 256 KB/);
  });

  it("reads a file that starts with a byte-order mark", () => {
    expect(readTemplateFile(`\ufeff${JSON.stringify(base())}`).ok).toBe(true);
  });

  it("never lets a __proto__ key touch an object's prototype", () => {
    const text = '{"format":"aiprice-bid","version":1,"id":"x","bid":{"vendor":"V","name":"N","currency":"USD","pricing":{"model":"per-resolution","pricePerResolution":1,"__proto__":{"isAdmin":true}}}}';
    const r = readTemplateFile(text);
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("isAdmin");
  });
});

describe("validateTemplate on values (not text)", () => {
  it("rejects what JSON cannot hold, without throwing", () => {
    const cyclic: Json = base();
    cyclic.bid.self = cyclic;
    const cases: [unknown, string, RegExp][] = [
      [undefined, TOP_LEVEL, /there is no template here/],
      [null, TOP_LEVEL, /must be a group of fields/],
      [{ ...base(), id: () => "x" }, "id", /must be plain data, not a function/],
      [{ ...base(), notes: new Date(0) }, "notes", /must be plain data/],
      [cyclic, "bid.self", /refers back to itself/],
      [{ ...base(), version: NaN }, "version", /finite number/],
      [{ ...base(), version: BigInt(1) }, "version", /must be plain data, not a bigint/],
    ];
    for (const [value, path, message] of cases) {
      const r = validateTemplate(value);
      if (r.ok) throw new Error(`accepted ${String(value)}`);
      expect(r.problems).toContainEqual({ path, message: expect.stringMatching(message) });
    }
  });

  it("copies: the caller's object is never changed, and the result is not the caller's object", () => {
    const t = base();
    delete t.sources;
    delete t.questions;
    const before = JSON.stringify(t);
    const r = validateTemplate(t);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(JSON.stringify(t)).toBe(before);
    expect(r.template).not.toBe(t);
    expect(r.template.sources).toEqual([]);
    expect(r.template.questions).toEqual([]);
  });

  it("reads one template as kind single and a collection or list as kind collection", () => {
    const one = validateTemplateData(base());
    expect(one.ok && one.kind).toBe("single");
    const two = validateTemplateData(collection(base(), { ...base(), id: "other" }));
    expect(two.ok && two.kind === "collection" && two.templates.map((t: BidTemplate) => t.id)).toEqual(["acme-tiered-resolutions", "other"]);
    const list = validateTemplateData([base()]);
    expect(list.ok && list.kind).toBe("collection");
    const bad = validateTemplateData([{ ...base(), id: "A" }]);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(["[0].id"]);
  });
});
