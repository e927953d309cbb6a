/**
 * docs/templates.md has one complete example file per meter kind (a kind added without its example
 * fails here), each a valid template whose charge is the meter's own docs example (src/engine/meters),
 * and says how the pricing models read as charges and what export writes for the previous release.
 */
import * as fs from "fs";
import * as path from "path";
import { METER_KINDS, METERS, type MeterKind } from "../../src/engine/meters";
import { readTemplateFile } from "../../src/templates/validate";

const text = fs.readFileSync(path.join(__dirname, "../../docs/templates.md"), "utf8");

/** The page's section of a meter: from its heading to the next heading. */
function section(kind: MeterKind): string {
  const heading = `### Meter "${kind}": ${METERS[kind].name}\n`;
  const at = text.indexOf(heading);
  if (at === -1) throw new Error(`docs/templates.md has no section "${heading.trim()}"`);
  const next = text.indexOf("\n#", at + heading.length);
  return text.slice(at, next === -1 ? undefined : next);
}

test.each(METER_KINDS)("the %s meter: a complete example file, valid, whose charge is the meter's docs example", (kind) => {
  const s = section(kind);
  expect(s).toContain(METERS[kind].docs.summary);
  const block = /```json\n([\s\S]*?)\n```/.exec(s);
  expect(block).not.toBeNull();
  const read = readTemplateFile(block![1], `${kind}.json`);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  const pricing = read.templates[0].bid.pricing;
  expect(pricing.model).toBe("charges");
  if (pricing.model !== "charges") return;
  expect(pricing.charges.map((c) => c.meter)).toContain(kind);
  expect(pricing.charges.find((c) => c.meter === kind)).toEqual(METERS[kind].docs.example);
});

test("the page says how each pricing model reads as charges, and what export writes for the previous release", () => {
  expect(text).toContain("## The pricing models as charges, and the previous release");
  for (const model of ["per-conversation", "per-resolution", "outcome-based", "per-seat", "per-token", "credits", "revenue-share"]) {
    expect(text).toMatch(new RegExp(`\\| \`${model}\` \\|`));
  }
});
