/**
 * The code cites the docs by section ("docs/spec.md#risk", "docs/modules.md#workbook-plan"): every such
 * citation in src/ names a page of docs/ and an anchor on it (an explicit `<a id>` or a heading's slug).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchors(page: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, "docs", page), "utf8");
  const ids = [...text.matchAll(/<a id="([^"]+)"/g)].map((m) => m[1]);
  const heads = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]));
  return new Set([...ids, ...heads]);
}

test("every docs/<page>.md#<section> cited in src/ exists", () => {
  const pages = new Map<string, Set<string>>();
  const missing: string[] = [];
  for (const file of files(path.join(ROOT, "src"))) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/docs\/([a-z-]+\.md)#([A-Za-z0-9_-]+)/g)) {
      const [, page, anchor] = m;
      if (!fs.existsSync(path.join(ROOT, "docs", page))) {
        missing.push(`${path.relative(ROOT, file)}: docs/${page} does not exist`);
        continue;
      }
      if (!pages.has(page)) pages.set(page, anchors(page));
      if (!pages.get(page)!.has(anchor)) missing.push(`${path.relative(ROOT, file)}: docs/${page}#${anchor}`);
    }
  }
  expect(missing).toEqual([]);
});
