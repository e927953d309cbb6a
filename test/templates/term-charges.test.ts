/**
 * The template fields of the contract term (docs/term.md): a spend commitment per period, an escalator,
 * prepaid credit packs with their expiry, and a per-resolution bid's reopen window. Each is checked by
 * the schema and the rules beside it, every problem named by its field.
 */
import { readTemplateFile, validateTemplate } from "../../src/templates/validate";

import type { Json } from "../support/json";

function base(): Json {
  return {
    format: "aiprice-bid",
    version: 1,
    id: "acme-committed",
    bid: {
      vendor: "Acme AI",
      name: "Support agent, committed",
      currency: "USD",
      pricing: { model: "per-resolution", pricePerResolution: 0.9 },
      charges: { commitment: { amount: 1000000, periodMonths: 12 }, escalator: { annualRate: 0.05, everyMonths: 12 }, reopenWindowDays: 7 },
    },
    sources: [{ field: "charges.commitment.amount", title: "Order form", asOf: "2026-05-02" }],
  };
}

function problems(t: Json): { path: string; message: string }[] {
  const r = validateTemplate(t);
  return r.ok ? [] : r.problems;
}

function change(f: (t: Json) => void): Json {
  const t = base();
  f(t);
  return t;
}

describe("the term's charge fields", () => {
  test("a commitment, an escalator and a reopen window are valid; periods and steps default to 12 months", () => {
    expect(problems(base())).toEqual([]);
    expect(problems(change((t) => (t.bid.charges = { commitment: { amount: 5000 }, escalator: { annualRate: -0.1 } })))).toEqual([]);
    const r = readTemplateFile(JSON.stringify(base()));
    expect(r.ok && r.kind === "single" && r.template.bid.charges).toEqual(base().bid.charges);
  });

  test.each<[string, (t: Json) => void, string, RegExp]>([
    ["a negative commitment", (t) => (t.bid.charges.commitment.amount = -1), "bid.charges.commitment.amount", /0 or more/],
    ["a commitment without its amount", (t) => delete t.bid.charges.commitment.amount, "bid.charges.commitment.amount", /is missing/],
    ["a period of half a month", (t) => (t.bid.charges.commitment.periodMonths = 0.5), "bid.charges.commitment.periodMonths", /whole number/],
    ["an escalator below -100%", (t) => (t.bid.charges.escalator.annualRate = -1.5), "bid.charges.escalator.annualRate", /-1 or more/],
    ["an escalator written as a percentage", (t) => (t.bid.charges.escalator.annualRate = 500), "bid.charges.escalator.annualRate", /at most 10/],
    ["an escalator every 0 months", (t) => (t.bid.charges.escalator.everyMonths = 0), "bid.charges.escalator.everyMonths", /1 or more/],
    ["a misspelt escalator field", (t) => (t.bid.charges.escalator.rate = 0.05), "bid.charges.escalator.rate", /not a field/],
    ["a reopen window of -1 day", (t) => (t.bid.charges.reopenWindowDays = -1), "bid.charges.reopenWindowDays", /0 or more/],
  ])("rejects %s, naming the field", (_, edit, path, message) => {
    const found = problems(change(edit));
    expect(found.map((p) => p.path)).toContain(path);
    expect(found.find((p) => p.path === path)!.message).toMatch(message);
  });

  test("a reopen window belongs to per-resolution and outcome-based bids only", () => {
    const conv = change((t) => (t.bid.pricing = { model: "per-conversation", pricePerConversation: 0.5 }));
    expect(problems(conv)).toEqual([{ path: "bid.charges.reopenWindowDays", message: expect.stringMatching(/only to per-resolution and outcome-based bids/) }]);
    const outcome = change((t) => (t.bid.pricing = { model: "outcome-based", pricePerOutcome: 1.2 }));
    expect(problems(outcome)).toEqual([]);
  });

  test("credit packs: described fully, on a bid billed unit by unit (a prepaid resolution here), refused where no units are billed or tiers, allowances or packages bill them", () => {
    const packs = { creditsPerPack: 10000, pricePerPack: 900, packs: 5, boughtInMonths: [1, 13], expiryMonths: 12 };
    const t = change((x) => {
      x.bid.charges = { creditPacks: packs };
      x.sources = [];
    });
    expect(problems(t)).toEqual([]);
    const tokens = change((x) => {
      x.bid.pricing = { model: "per-token", inputPricePerMTok: 3, outputPricePerMTok: 15, tokens: { input: 1000, output: 100 } };
      x.bid.charges = { creditPacks: packs };
      x.sources = [];
    });
    expect(problems(tokens)).toEqual([{ path: "bid.charges.creditPacks", message: expect.stringMatching(/apply only to a bid billed unit by unit .*a per-token bid has no such units/) }]);
    const tiered = change((x) => {
      x.bid.charges = { creditPacks: packs, package: { size: 1000, price: 900 } };
      x.sources = [];
    });
    expect(problems(tiered)).toEqual([{ path: "bid.charges.creditPacks", message: expect.stringMatching(/cannot be combined with tiers, an allowance or packages/) }]);
    const unordered = change((x) => (x.bid.charges = { creditPacks: { ...packs, boughtInMonths: [13, 1] } }));
    expect(problems(unordered).map((p) => p.path)).toContain("bid.charges.creditPacks.boughtInMonths");
    const noMonths = change((x) => (x.bid.charges = { creditPacks: { ...packs, boughtInMonths: [] } }));
    expect(problems(noMonths).map((p) => p.path)).toContain("bid.charges.creditPacks.boughtInMonths");
    const month61 = change((x) => (x.bid.charges = { creditPacks: { ...packs, boughtInMonths: [61] } }));
    expect(problems(month61).map((p) => p.path)).toContain("bid.charges.creditPacks.boughtInMonths[0]");
  });

  test("a source may back a term field", () => {
    const t = change((x) => (x.sources = [{ field: "charges.escalator.annualRate", title: "Order form, section 4", asOf: "2026-05-02" }]));
    expect(problems(t)).toEqual([]);
  });
});
