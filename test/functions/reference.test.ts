/**
 * docs/functions.md, the users' function reference, against the built add-in: every function has its
 * section with its exact signature, every example gives the result the page shows (computed in the
 * formula engine through the built functions), and dist/help.html has an anchor for every help URL.
 */
import * as fs from "fs";
import * as path from "path";
import { DetailedCellError } from "hyperformula";
import { CONTRACT } from "../support/contract";
import { aipriceSheet } from "../support/formula-engine";
import { builtFunctions, DIST } from "../support/load-functions";

const DOCS = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "functions.md"), "utf8");
const built = builtFunctions();

/** The text of one `## NAME` section. */
function section(name: string): string {
  const start = DOCS.indexOf(`\n## ${name}\n`);
  if (start < 0) return "";
  const next = DOCS.indexOf("\n## ", start + 1);
  return DOCS.slice(start, next < 0 ? undefined : next);
}

interface Example {
  formula: string;
  shown: string;
}
/** Example rows `| `=formula` | result |`, and inline ones `` `=formula` = result `` (the guide's table). */
function examples(): Example[] {
  const found: Example[] = [];
  for (const m of DOCS.matchAll(/^\| `(=[^`]+)` \| ([^|]+) \|$/gm)) found.push({ formula: m[1], shown: m[2].trim() });
  for (const m of DOCS.matchAll(/`(=AIPRICE\.[^`]+)` = (-?[\d.]+)/g)) found.push({ formula: m[1], shown: m[2] });
  return found;
}

describe("docs/functions.md", () => {
  test.each(CONTRACT.map((c) => [c.name, c] as const))("has a section for %s with its exact signature", (name, c) => {
    const text = section(name);
    expect(text).not.toBe("");
    const signature = c.parameters.map((p) => (c.optional.includes(p) ? `[${p}]` : p)).join(", ");
    expect(text).toContain(`\`=AIPRICE.${name}(${signature})\``);
    for (const p of c.parameters) expect(text).toContain(`\`${p}\``);
    expect(text).toMatch(/\| example \| result \|/);
    expect(text).toMatch(/Errors/);
  });

  test("documents every function the build ships, and no other", () => {
    const documented = [...DOCS.matchAll(/^## ([A-Z_]+)$/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(built.metadata.functions.map((f) => f.name).sort());
  });

  const all = examples();
  test("has examples for every function", () => {
    for (const c of CONTRACT) expect(all.some((e) => e.formula.includes(`AIPRICE.${c.name}(`))).toBe(true);
    expect(all.length).toBeGreaterThan(50);
  });

  test.each(all.map((e) => [e.formula, e.shown] as const))("%s gives %s", (formula, shown) => {
    // B1: the guide's resolution rate, B2: its human cost (the worked example refers to them).
    // Excel's TRUE and FALSE are functions in HyperFormula: TRUE().
    const forEngine = formula.replace(/\b(TRUE|FALSE)\b(?!\()/g, "$1()");
    const hf = aipriceSheet([[null, 0.9], [null, 3], [forEngine]], { smartRounding: false });
    const value = hf.getCellValue({ sheet: 0, row: 2, col: 0 });
    if (shown.startsWith("#")) {
      expect(value).toBeInstanceOf(DetailedCellError);
      expect((value as DetailedCellError).value).toBe(shown);
      return;
    }
    expect(typeof value).toBe("number");
    const decimals = (shown.split(".")[1] ?? "").length;
    // The page shows the result rounded to the digits it prints.
    expect(Math.abs((value as number) - Number(shown))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  });

  test("explains why REVSHARE_NET does not give the guide's 0.16", () => {
    expect(DOCS).toMatch(/Why REVSHARE_NET does not give the guide's 0\.16/);
    expect(DOCS).toContain("0.50 + 0.3375 = 0.8375");
  });
});

describe("dist/help.html", () => {
  const file = path.join(DIST, "help.html");
  const html = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";

  test("is built (npm run build renders it from docs/functions.md)", () => {
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<title>AIPRICE function reference</title>");
  });

  test.each(built.metadata.functions.map((f) => [f.id, f.helpUrl ?? ""] as const))("has the anchor of %s's help URL", (id, helpUrl) => {
    const url = new URL(helpUrl);
    expect(url.origin).toBe("https://localhost:3000");
    expect(url.pathname).toBe("/help.html");
    expect(url.hash).toBe(`#${id.toLowerCase()}`);
    expect(html).toContain(`<h2 id="${id.toLowerCase()}">${id}</h2>`);
  });

  test("every link inside the page lands on a heading of the page", () => {
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(CONTRACT.length);
    for (const l of links) expect(ids.has(l)).toBe(true);
  });
});

describe("README.md", () => {
  const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };

  const shownResults = [...README.matchAll(/`(=AIPRICE\.[^`]+)` → (-?[\d.]+)/g)].map((m) => [m[1], m[2]] as const);
  test("shows results for its example formulas", () => {
    expect(shownResults.length).toBeGreaterThanOrEqual(5);
  });
  test.each(shownResults)("%s gives %s", (formula, shown) => {
    const hf = aipriceSheet([[null, 0.9], [null, 3], [formula]], { smartRounding: false });
    const value = hf.getCellValue({ sheet: 0, row: 2, col: 0 }) as number;
    const decimals = (shown.split(".")[1] ?? "").length;
    expect(Math.abs(value - Number(shown))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  });
  test("every npm command it names exists", () => {
    const named = new Set([...README.matchAll(/`npm (?:run )?([a-z:]+)/g)].map((m) => m[1]).filter((s) => s !== "install"));
    for (const s of named) expect(Object.keys(pkg.scripts)).toContain(s);
    expect([...named].sort()).toEqual(expect.arrayContaining(["bench", "start", "stop", "test", "validate"]));
  });
  test("every file it links to exists", () => {
    for (const m of README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
      if (/^https?:/.test(m[1])) continue;
      expect(fs.existsSync(path.join(__dirname, "..", "..", m[1]))).toBe(true);
    }
  });
});
