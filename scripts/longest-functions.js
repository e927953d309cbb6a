/*
 * The longest functions in src/ (TypeScript compiler API): `node scripts/longest-functions.js [count]`
 * prints the longest five (or count) as file:line, name and length in lines. A function's length is
 * from its first line to its last, the functions nested in it included. test/build/function-length.test.ts
 * holds every function in src/ to 100 lines.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.join(__dirname, "..");
const SRC = path.join(ROOT, "src");
/** Generated sources, not written by hand (see .gitignore). */
const GENERATED = new Set([path.join(SRC, "templates", "bid-template.validator.ts")]);

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !GENERATED.has(p)) out.push(p);
  }
  return out.sort();
}

/** The name a reader would look for: `createGrid`, `Class.method`, `termBlock.fill`, `(anonymous)`. */
function nameOf(node) {
  const own = (n) => (n && n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name) || ts.isPrivateIdentifier(n.name)) ? n.name.text : undefined);
  if (ts.isConstructorDeclaration(node)) return `${own(node.parent) ?? "(class)"}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isPropertyAssignment(node.parent)) {
    const member = ts.isPropertyAssignment(node.parent) ? own(node.parent) : own(node);
    const holder = ts.isClassLike(node.parent) ? node.parent : node.parent.parent;
    let owner = own(holder);
    if (!owner && holder && ts.isObjectLiteralExpression(holder)) owner = ownerOfObject(holder);
    return owner ? `${owner}.${member}` : (member ?? "(anonymous)");
  }
  if (own(node)) return own(node);
  if (ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent)) return own(node.parent) ?? "(anonymous)";
  return "(anonymous)";
}

/** The variable an object literal is assigned to, through `as`/`satisfies` and a call's first argument. */
function ownerOfObject(object) {
  let n = object.parent;
  while (n && (ts.isAsExpression(n) || ts.isSatisfiesExpression?.(n) || ts.isParenthesizedExpression(n) || ts.isCallExpression(n))) n = n.parent;
  return n && ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) ? n.name.text : undefined;
}

/** Every function in src/: { file (relative), line, name, lines }. */
function functionLengths(root = ROOT) {
  const found = [];
  for (const file of sourceFiles(path.join(root, "src"))) {
    const text = fs.readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        found.push({ file: path.relative(root, file).split(path.sep).join("/"), line: first + 1, name: nameOf(node), lines: last - first + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

module.exports = { functionLengths };

if (require.main === module) {
  const count = Number(process.argv[2] ?? 5);
  const all = functionLengths();
  const over = all.filter((f) => f.lines > 100).length;
  console.log(`${all.length} functions in src/, ${over} over 100 lines. The longest ${count}:`);
  for (const f of all.slice(0, count)) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}`);
}
