/*
 * Writes dist/help.html (and its stylesheet help.css), the functions' help page, from docs/functions.md
 * (run after webpack by `npm run build`), under the same strict Content-Security-Policy as the add-in's
 * pages, with no script at all. Each function's section gets the id its @helpurl names
 * (https://localhost:3000/help.html#token_cost); other headings get GitHub's ids, so the links inside
 * docs/functions.md work on both. Fails when a function in dist/functions.json has no section.
 *
 *   node scripts/build-help.js [--docs docs/functions.md] [--dist dist]
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const { helpCsp } = require("./addin-url");

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens (TOKEN_COST -> token_cost). */
function headingId(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z0-9#]+;/g, "")
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .trim()
    .replace(/ /g, "-");
}

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; font-size: 15px;
         line-height: 1.5; color: #1f1f1f; background: #fff; margin: 0; }
  main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
  h1 { font-size: 1.8rem; font-weight: 600; margin: 0.5rem 0 1rem; }
  h2 { font-size: 1.35rem; font-weight: 600; margin: 2.5rem 0 0.75rem; padding-top: 0.75rem; border-top: 1px solid #e1e1e1; }
  h3 { font-size: 1.1rem; font-weight: 600; }
  a { color: #0f6cbd; }
  code { font-family: Consolas, "Cascadia Mono", "Courier New", monospace; font-size: 0.92em; background: #f3f3f3;
         padding: 0.05em 0.3em; border-radius: 3px; }
  table { border-collapse: collapse; margin: 0.75rem 0 1rem; display: block; overflow-x: auto; }
  th, td { border: 1px solid #d6d6d6; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
  th { background: #f5f5f5; font-weight: 600; }
  :target { scroll-margin-top: 1rem; }
  h2:target { background: #eef6ff; }
`;

async function main() {
  const docs = option("--docs", path.join(ROOT, "docs", "functions.md"));
  const dist = option("--dist", path.join(ROOT, "dist"));
  const { Marked } = await import("marked");
  const seen = new Set();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        const html = this.parser.parseInline(tokens);
        let id = headingId(html);
        for (let n = 1; seen.has(id); n++) id = `${headingId(html)}-${n}`;
        seen.add(id);
        return `<h${depth} id="${id}">${html}</h${depth}>\n`;
      },
    },
  });
  const markdown = fs.readFileSync(docs, "utf8");
  const body = marked.parse(markdown);
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${helpCsp()}">
<title>AIPRICE function reference</title>
<link rel="stylesheet" href="help.css">
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
  // Every function's help URL must land on its section.
  const metadataFile = path.join(dist, "functions.json");
  if (fs.existsSync(metadataFile)) {
    const { functions } = JSON.parse(fs.readFileSync(metadataFile, "utf8"));
    const missing = functions.map((f) => (f.helpUrl || "").split("#")[1]).filter((anchor) => !anchor || !seen.has(anchor));
    if (missing.length) {
      throw new Error(`docs/functions.md has no section for ${missing.join(", ")} (the functions' help URLs point there)`);
    }
  }
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, "help.html"), page);
  // A stylesheet of its own: the page's Content-Security-Policy allows no inline style.
  fs.writeFileSync(path.join(dist, "help.css"), STYLE.replace(/^\n/, ""));
  console.log(`help.html and help.css written to ${path.relative(ROOT, dist) || dist}/ from ${path.relative(ROOT, docs)} (${seen.size} sections)`);
}

main().catch((e) => {
  console.error(`build-help: ${e.message}`);
  process.exit(1);
});
