/**
 * The bid template validator is compiled at build time (scripts/build-validator.js, ajv's standalone
 * code), so that the task pane never builds code at run time (`new Function` breaks under the pages'
 * Content-Security-Policy) and ajv's compiler stays out of taskpane.js. It is generated, not kept in git:
 * generation must be deterministic, so every build of the same schema gives the same bytes.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readTemplateFile } from "../../src/templates/validate";

const ROOT = path.join(__dirname, "..", "..");
const builder = require("../../scripts/build-validator.js") as { generate(schema: object): string; SCHEMA: string; OUT: string };
const { strip } = require("../../scripts/schema-annotations-loader.js") as { strip(schema: object): object };
const schema = JSON.parse(fs.readFileSync(builder.SCHEMA, "utf8"));
const generated = fs.readFileSync(builder.OUT, "utf8");

test("generation is deterministic: the schema compiles to the same bytes twice, and in another process", () => {
  const first = builder.generate(schema);
  const second = builder.generate(JSON.parse(fs.readFileSync(builder.SCHEMA, "utf8")));
  expect(second === first).toBe(true);
  // The module on disk (written by jest's global setup or the build) is that text ...
  expect(generated === first).toBe(true);
  // ... and a separate run of the script finds it current and leaves it byte for byte.
  const out = execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-validator.js")], { encoding: "utf8" });
  expect(out).toMatch(/up to date/);
  expect(fs.readFileSync(builder.OUT, "utf8") === first).toBe(true);
});

test("the generated validator is not kept in git (it is built)", () => {
  const ignored = fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8").split(/\r?\n/);
  expect(ignored).toContain("src/templates/bid-template.validator.ts");
});

test("the validator evaluates no code at run time and loads only ajv's small run-time helpers", () => {
  expect(generated).not.toMatch(/new Function|\beval\s*\(|\brequire\s*\(/);
  const imports = Array.from(generated.matchAll(/^import .* from "([^"]+)";$/gm), (m) => m[1]);
  expect(imports).toEqual(["./bid-template.schema.json", ...imports.filter((i) => i.startsWith("ajv/dist/runtime/"))]);
});

test("validate.ts takes only types from ajv (no compiler at run time)", () => {
  const source = fs.readFileSync(path.join(ROOT, "src", "templates", "validate.ts"), "utf8");
  const fromAjv = source.split("\n").filter((l) => /from "ajv(\/[^"]*)?"/.test(l));
  expect(fromAjv.length).toBeGreaterThan(0);
  for (const line of fromAjv) expect(line).toMatch(/^import type /);
  expect(source).not.toMatch(/new Ajv\(|\.compile\(|addSchema\(/);
});

test("the validator does not depend on the schema's annotations (the bundle drops them)", () => {
  const stripped = strip(schema);
  expect(JSON.stringify(stripped).length).toBeLessThan(JSON.stringify(schema).length * 0.6);
  expect(JSON.stringify(stripped)).not.toMatch(/"description":"/);
  // The same code either way: the code reads the schema's constraints, never its words.
  expect(builder.generate(stripped) === builder.generate(schema)).toBe(true);
  // Data values are kept whole: defaults and constants.
  const text = JSON.stringify(stripped);
  for (const m of JSON.stringify(schema).matchAll(/"(const|default)":("[^"]*"|\d+|true|false)/g)) expect(text).toContain(m[0]);
});

test("the compiled validator gives the messages and paths it gave when compiled at run time", () => {
  const bad = {
    format: "aiprice-bid",
    version: 1,
    id: "Quote From Acme",
    bid: { vendor: "Acme", name: "Acme agent", currency: "usd", pricing: { model: "per-resolution", pricePerResolution: -0.5, extra: 1 } },
    sources: [],
    questions: [],
  };
  const r = readTemplateFile(JSON.stringify(bad), "acme.json");
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.problems.map((p) => p.path).sort()).toEqual(["bid.currency", "bid.pricing.extra", "bid.pricing.pricePerResolution", "id"]);
  expect(r.problems.find((p) => p.path === "bid.pricing.pricePerResolution")?.message).toBe("must be 0 or more (got -0.5)");
});
