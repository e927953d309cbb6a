/**
 * Importing a bid by charges: every meter's docs example validates; a problem on a charge names the
 * charge by its label and the field; the schema holds exactly the meters' own parts.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { METER_KINDS, METERS, type Charge } from "../../src/engine/meters";
import { validateTemplate } from "../../src/templates/validate";
import { FIN } from "../support/meter-bids";

const template = (charges: unknown[], discount?: number) => ({
  format: "aiprice-bid",
  version: 1,
  id: "charges",
  bid: { vendor: "V", name: "N", currency: "USD", pricing: { model: "charges", charges, ...(discount !== undefined ? { discount } : {}) } },
  sources: [],
  questions: [],
});
const problems = (t: unknown) => {
  const r = validateTemplate(t);
  return r.ok ? [] : r.problems;
};
const finCharges = () => JSON.parse(JSON.stringify((FIN.pricing as { charges: Charge[] }).charges)) as Record<string, unknown>[];

test("the schema holds the meters' definitions as their modules write them", () => {
  expect(() => execFileSync(process.execPath, [path.join(__dirname, "../../scripts/build-meter-schema.js"), "--check"], { stdio: "pipe" })).not.toThrow();
});

test.each(METER_KINDS)("the docs example of the %s meter validates", (kind) => {
  expect(problems(template([METERS[kind].docs.example]))).toEqual([]);
});

describe("a problem on a charge names it by its label and the field", () => {
  test("a negative price (the schema)", () => {
    const c = finCharges();
    c[1].unitPrice = -1;
    expect(problems(template(c))).toEqual([{ path: 'bid.pricing.charges[1] ("Qualified leads").unitPrice', message: "must be 0 or more (got -1)" }]);
  });
  test("a field the meter does not have", () => {
    const c = finCharges();
    c[0].seats = 3;
    expect(problems(template(c))).toEqual([expect.objectContaining({ path: 'bid.pricing.charges[0] ("Fin outcomes").seats' })]);
  });
  test("an unknown meter", () => {
    const p = problems(template([{ label: "Odd", meter: "minutes", unitPrice: 1 }]));
    expect(p).toEqual([expect.objectContaining({ path: 'bid.pricing.charges[0] ("Odd").meter' })]);
    expect(p[0].message).toContain('"voice-minutes"');
  });
  test("no price, or two (the engine's rule)", () => {
    expect(problems(template([{ label: "Free", meter: "resolutions" }]))).toEqual([expect.objectContaining({ path: 'bid.pricing.charges[0] ("Free").unitPrice' })]);
    expect(problems(template([{ label: "Both", meter: "resolutions", unitPrice: 1, creditPack: { price: 500, credits: 100000 } }]))[0].path).toBe('bid.pricing.charges[0] ("Both").unitPrice');
  });
  test('an outcome type with both a share and an "of"', () => {
    const p = problems(template([{ label: "O", meter: "outcomes", outcomes: [{ type: "r", share: 0.5, of: "resolutions" }], unitPrice: 1 }]));
    expect(p).toEqual([expect.objectContaining({ path: 'bid.pricing.charges[0] ("O").outcomes[0]' })]);
  });
  test("labels repeated, and outcome shares over 1 across charges", () => {
    const c = finCharges();
    c[1].label = "Fin outcomes";
    (c[1].outcomes as { share: number }[])[0].share = 0.5;
    const p = problems(template(c));
    expect(p).toContainEqual(expect.objectContaining({ path: 'bid.pricing.charges[1] ("Fin outcomes").label' }));
    expect(p).toContainEqual(expect.objectContaining({ path: "bid.pricing.charges", message: expect.stringContaining("add up to 1.2") }));
  });
  test("a discount of 150%", () => {
    expect(problems(template(finCharges(), 1.5))).toEqual([{ path: "bid.pricing.discount", message: "must be a fraction from 0 to 1, e.g. 0.9 for 90% (got 1.5)" }]);
  });
});
