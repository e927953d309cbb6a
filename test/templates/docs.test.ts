/**
 * docs/templates.md, the page for the analyst who writes a quote file by hand: its field reference is
 * the schema's (scripts/build-template-docs.js), every field of the schema is in it with a meaning, a
 * unit and an example, and every example file on the page is a valid template.
 */
import * as fs from "fs";
import * as path from "path";
import { PRICING_MODELS } from "../../src/engine/bid";
import schema from "../../src/templates/bid-template.schema.json";
import { readTemplateFile } from "../../src/templates/validate";
import type { Json } from "../support/json";

const docs = require("../../scripts/build-template-docs.js") as {
  render(schema: unknown): string;
  page(schema: unknown, text: string): string;
  schemaFields(schema: unknown): [string, string][];
  groups(schema: unknown): { title: string; rows: { path: string; meaning: string; unit: string; example: string }[] }[];
};

const DOC = path.join(__dirname, "../../docs/templates.md");
const text = fs.readFileSync(DOC, "utf8");

test("the field reference on the page is the schema's (run node scripts/build-template-docs.js after a schema change)", () => {
  expect(docs.page(schema, text)).toBe(text);
  expect(text).toContain(docs.render(schema));
});

test("every field of the schema is documented, with its meaning, unit and an example", () => {
  const rows = docs.groups(schema).flatMap((g) => g.rows);
  const documented = new Set(rows.map((r) => r.path.split(".").pop()!.replace("[]", "")));
  const missing = docs.schemaFields(schema).filter(([, field]) => !documented.has(field));
  expect(missing).toEqual([]);
  for (const r of rows) {
    expect(text).toContain(`| \`${r.path}\` |`);
    expect({ path: r.path, meaning: r.meaning.length > 0, unit: r.unit.length > 0, example: r.example.length > 0 }).toEqual({ path: r.path, meaning: true, unit: true, example: true });
  }
  // Each pricing model's fields have a table of their own.
  for (const model of PRICING_MODELS) expect(text).toContain(`### \`bid.pricing\` when \`model\` is "${model}"`);
});

test("every example file on the page is a valid template, and there is one per pricing model", () => {
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(PRICING_MODELS.length + 2);
  const models = new Set<string>();
  for (const block of blocks) {
    const read = readTemplateFile(block, "example.json");
    if (!read.ok) throw new Error(`an example on the page is not valid: ${JSON.stringify(read.problems)}\n${block}`);
    for (const t of read.templates) models.add(t.bid.pricing.model);
  }
  expect([...models].sort()).toEqual([...PRICING_MODELS].sort());
});

test("the errors listed on the page are the messages the checks give", () => {
  const base = { format: "aiprice-bid", version: 1, id: "my-quote", bid: { vendor: "Acme", name: "Agent", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.9 } } };
  const problems = (change: (t: Json) => void) => {
    const t: Json = JSON.parse(JSON.stringify(base));
    change(t);
    const read = readTemplateFile(JSON.stringify(t), "q.json");
    return read.ok ? [] : read.problems.map((p) => `\`${p.path}\` ${p.message}`);
  };
  const listed = (message: string) => expect(text).toContain(message);
  listed(problems((t) => delete t.bid.pricing.pricePerResolution)[0]);
  listed(problems((t) => (t.bid.pricing.pricePerResolution = -1))[0]);
  listed(problems((t) => (t.bid.pricing.price = 1))[0]);
  listed(problems((t) => (t.bid.performance = { resolutionRate: 90 }))[0]);
  listed(problems((t) => (t.bid.charges = { allowance: { included: 1, overagePrice: 1 }, package: { size: 10, price: 5 } }))[0]);
  listed(problems((t) => (t.bid.pricing = { model: "credits", creditsPerAction: 20, actionsPerConversation: 6, packPrice: 500, creditsPerPack: 0 }))[0]);
  expect(
    problems(
      (t) =>
        (t.versions = [
          { effectiveFrom: "2026-05-18", pricing: t.bid.pricing },
          { effectiveFrom: "2026-05-18", pricing: t.bid.pricing },
        ]),
    )[0],
  ).toMatch(/^`versions\[1\]\.effectiveFrom` is the first day of versions\[0\] too/);
});
