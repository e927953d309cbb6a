/**
 * Every Office.js member the add-in's Excel-side code uses, with its requirement set, read from the
 * "[Api set: ...]" tags of @types/office-js (and @types/custom-functions-runtime for the functions).
 * The TypeScript type checker resolves each use to its declaration: property accesses and calls,
 * object literals typed by Office.js (`set({...})`, load options), and the property paths named in
 * `load("a, b/c")` strings. The test fails when the code uses a set above what the add-in declares and
 * checks (src/taskpane/requirements.ts), or a set that is not a numbered one every Excel shares
 * (ExcelApiOnline, ExcelApiDesktop, Preview).
 *
 * To use a member of a later set: raise EXCEL_API_VERSION (or CUSTOM_FUNCTIONS_RUNTIME_VERSION) in
 * src/taskpane/requirements.ts. The pane checks that level at start; manifest.xml declares the
 * functions' (test/manifest.test.ts compares).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { CUSTOM_FUNCTIONS_RUNTIME_VERSION, EXCEL_API_VERSION, EXCEL_VERSIONS } from "../src/taskpane/requirements";

const ROOT = path.join(__dirname, "..");

/** The code that runs in Excel: the task pane, the Office.js workbook port, the custom functions. */
const PANE_FILES = [path.join(ROOT, "src/workbook/office-workbook.ts"), ...listTs(path.join(ROOT, "src/taskpane"))];
const FUNCTION_FILES = listTs(path.join(ROOT, "src/functions"));

function listTs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f));
}

export interface Use {
  member: string; // Excel.Worksheet.protection
  set: string | null; // "ExcelApi 1.2"; null: no tag (Office's common API, OfficeExtension)
  where: string; // src/workbook/office-workbook.ts:155
}

type Version = number[];
const parseVersion = (v: string): Version => v.split(".").map(Number);
function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The set a declaration's tag names. A tag that names several versions ("ExcelApi 1.1 for getting the
 * name; 1.4 for setting it") counts as the highest: the test errs on the side of asking for more.
 */
function setOf(decl: ts.Declaration): string | null {
  const file = decl.getSourceFile();
  const leading = file.text.slice(decl.getFullStart(), decl.getStart(file));
  const tag = /\[Api set: ([^\]]*)\]/.exec(leading);
  if (!tag) return null;
  const name = /^\s*([A-Za-z]+)/.exec(tag[1])?.[1] ?? "?";
  const versions = Array.from(tag[1].matchAll(/\b(\d+\.\d+)\b/g), (m) => m[1]);
  if (/preview/i.test(tag[1])) return `${name} Preview`;
  if (!versions.length) return name;
  versions.sort((a, b) => compare(parseVersion(a), parseVersion(b)));
  return `${name} ${versions[versions.length - 1]}`;
}

const isOfficeTypes = (f: ts.SourceFile) => /[\\/]@types[\\/](office-js|custom-functions-runtime)[\\/]/.test(f.fileName);

/** A readable name for a member's declaration: Excel.Worksheet.protection. */
function memberName(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const decl = symbol.declarations?.[0];
  const parent = decl?.parent;
  let owner = "";
  if (parent && (ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isEnumDeclaration(parent) || ts.isModuleBlock(parent))) {
    const ownerSymbol = ts.isModuleBlock(parent) ? checker.getSymbolAtLocation(parent.parent.name) : parent.name && checker.getSymbolAtLocation(parent.name);
    if (ownerSymbol) owner = checker.getFullyQualifiedName(ownerSymbol);
  }
  return owner ? `${owner}.${symbol.getName()}` : checker.getFullyQualifiedName(symbol);
}

let shared: ts.Program | null = null;
/** One program for every file scanned, with only Office's type packages (the other @types are not needed). */
function program(): ts.Program {
  if (!shared) {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    shared = ts.createProgram([...PANE_FILES, ...FUNCTION_FILES], { ...parsed.options, noEmit: true, types: ["office-js", "custom-functions-runtime"] });
  }
  return shared;
}

/** Every use of an Office.js member in `files`, resolved by the type checker. */
export function officeApiUses(files: string[]): Use[] {
  const checker = program().getTypeChecker();
  const uses: Use[] = [];

  const record = (symbol: ts.Symbol | undefined, at: ts.Node, decl?: ts.Declaration) => {
    if (!symbol) return;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declarations = decl ? [decl] : (symbol.declarations ?? []);
    const office = declarations.filter((d) => isOfficeTypes(d.getSourceFile()));
    if (!office.length) return;
    // Overloads without a resolved signature: the highest set among them.
    const sets = office.map(setOf);
    const tagged = sets.filter((s): s is string => s !== null).sort((a, b) => compare(parseVersion(a.split(" ")[1] ?? "0"), parseVersion(b.split(" ")[1] ?? "0")));
    const file = at.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(at.getStart(file));
    uses.push({ member: memberName(symbol, checker), set: tagged.length ? tagged[tagged.length - 1] : null, where: `${path.relative(ROOT, file.fileName).split(path.sep).join("/")}:${line + 1}` });
  };

  /** The property paths a load string names ("items/name, protection/protected"), against `type`. */
  const recordLoadPaths = (type: ts.Type, text: string, at: ts.Node) => {
    for (const item of text.split(",")) {
      let t: ts.Type | undefined = type;
      for (const segment of item.trim().split("/")) {
        if (!t || !segment) break;
        const prop = checker.getPropertyOfType(checker.getApparentType(t), segment);
        if (!prop) {
          throw new Error(`${at.getSourceFile().fileName}: load path "${item.trim()}": ${checker.typeToString(t)} has no property "${segment}"`);
        }
        record(prop, at);
        t = checker.getTypeOfSymbolAtLocation(prop, at);
        const element = checker.getIndexTypeOfType(checker.getApparentType(t), ts.IndexKind.Number);
        if (element) t = element; // items/...: each item of a collection
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const nameNode = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
      let symbol = checker.getSymbolAtLocation(nameNode);
      if (!symbol && ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
        symbol = checker.getPropertyOfType(checker.getTypeAtLocation(node.expression), node.argumentExpression.text);
      }
      let decl: ts.Declaration | undefined;
      if (ts.isCallExpression(node.parent) && node.parent.expression === node) {
        decl = checker.getResolvedSignature(node.parent)?.declaration as ts.Declaration | undefined;
        if (decl && !isOfficeTypes(decl.getSourceFile())) decl = undefined;
      }
      record(symbol, node, decl);
      // x.load("a, b/c") and context.load(x, "a, b/c"): the named properties are used too.
      if (ts.isPropertyAccessExpression(node) && node.name.text === "load" && ts.isCallExpression(node.parent) && symbol && symbol.declarations?.some((d) => isOfficeTypes(d.getSourceFile()))) {
        const call = node.parent;
        const [first, second] = call.arguments;
        const target = second ? first : node.expression;
        const option = second ?? first;
        const strings = option && ts.isArrayLiteralExpression(option) ? option.elements : option ? [option] : [];
        for (const s of strings) if (ts.isStringLiteralLike(s)) recordLoadPaths(checker.getTypeAtLocation(target), s.text, s);
      }
    }
    // An enum member spelled as a type (`"#NUM!" as CustomFunctions.ErrorCode.invalidNumber`,
    // `"Line" as Excel.ChartType.line`): the code passes that value at run time.
    if (ts.isTypeReferenceNode(node) && ts.isQualifiedName(node.typeName)) {
      const symbol = checker.getSymbolAtLocation(node.typeName.right);
      if (symbol && symbol.flags & ts.SymbolFlags.EnumMember) record(symbol, node);
    }
    if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      if (contextual) {
        for (const p of node.properties) {
          if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !p.name) continue;
          const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : null;
          if (!name) continue;
          record(checker.getPropertyOfType(checker.getApparentType(contextual), name), p);
        }
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const f of files) {
    const source = program().getSourceFile(f);
    if (!source) throw new Error(`${f} is not in the program`);
    visit(source);
  }
  return uses;
}

/** The uses whose set is above `level` of `setName`, or of another set than the numbered ones allowed. */
function beyond(uses: Use[], allowed: Record<string, string>): Use[] {
  return uses.filter((u) => {
    if (u.set === null) return false;
    const [name, version] = u.set.split(" ");
    const level = allowed[name];
    if (!level || !version || !/^\d+(\.\d+)*$/.test(version)) return true;
    return compare(parseVersion(version), parseVersion(level)) > 0;
  });
}

/** One line per member: its set and where it is used (what a reviewer reads when a set goes up). */
function table(uses: Use[]): string {
  const byMember = new Map<string, { set: string | null; where: string[] }>();
  for (const u of uses) {
    const row = byMember.get(u.member) ?? { set: u.set, where: [] };
    row.where.push(u.where);
    byMember.set(u.member, row);
  }
  return [...byMember]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([member, { set, where }]) => `${member}: ${set ?? "(no set tag)"} (${where.length} use${where.length === 1 ? "" : "s"}, first ${where[0]})`)
    .join("\n");
}

describe("Office.js members the task pane uses (src/workbook/office-workbook.ts, src/taskpane/*)", () => {
  const uses = officeApiUses(PANE_FILES);

  test("the scanner finds the pane's Office.js calls, with their sets", () => {
    const sets = (member: string) => [...new Set(uses.filter((u) => u.member === member).map((u) => u.set))];
    // Known uses and their sets, as @types/office-js tags them: the scanner must see them.
    expect(sets("Excel.Worksheet.getRange")).toEqual(["ExcelApi 1.1"]);
    expect(sets("Excel.ChartType.barClustered")).toEqual(["ExcelApi 1.1"]);
    expect(sets("Excel.WorksheetCollection.getItemOrNullObject")).toEqual(["ExcelApi 1.4"]);
    expect(sets("Excel.Worksheet.protection")).toEqual(["ExcelApi 1.2"]);
    expect(sets("Excel.ChartSeriesCollection.add")).toEqual(["ExcelApi 1.7"]);
    expect(sets("Excel.ChartSeries.setValues")).toEqual(["ExcelApi 1.7"]);
    expect(sets("Office.Context.requirements")).toEqual([null]); // the common API: no set tag
    // A property named in a load string is a use too.
    expect(uses.some((u) => u.member === "Excel.WorksheetProtection.protected")).toBe(true);
    expect(uses.length).toBeGreaterThan(50);
  });

  test(`no member needs more than ExcelApi ${EXCEL_API_VERSION}, the level the pane checks at start`, () => {
    const over = beyond(uses, { ExcelApi: EXCEL_API_VERSION });
    if (over.length) {
      throw new Error(`These Office.js members need more than ExcelApi ${EXCEL_API_VERSION}:\n${table(over)}\n` + "Raise EXCEL_API_VERSION in src/taskpane/requirements.ts if the add-in may require that level.");
    }
    expect(over).toEqual([]);
  });

  test("the level the pane checks is the highest one its code uses (not raised for nothing), and its Excel versions are known", () => {
    const highest = uses
      .map((u) => u.set)
      .filter((s): s is string => !!s && s.startsWith("ExcelApi "))
      .map((s) => s.split(" ")[1])
      .sort((a, b) => compare(parseVersion(a), parseVersion(b)))
      .pop();
    expect(highest).toBe(EXCEL_API_VERSION);
    expect(EXCEL_VERSIONS[EXCEL_API_VERSION]).toBeDefined();
  });

  test("the list of members and sets (printed for review)", () => {
    const listing = table(uses);
    expect(listing).toMatch(/^Excel\.ChartSeries\.setValues: ExcelApi 1\.7 /m);
    if (process.env.AIPRICE_PRINT_OFFICE_API) console.log(listing);
  });
});

describe("CustomFunctions members the functions use (src/functions/*)", () => {
  const uses = officeApiUses(FUNCTION_FILES);

  test(`no member needs more than CustomFunctionsRuntime ${CUSTOM_FUNCTIONS_RUNTIME_VERSION}, declared in manifest.xml`, () => {
    expect(uses.some((u) => u.member === "CustomFunctions.Error")).toBe(true);
    const over = beyond(uses, { CustomFunctionsRuntime: CUSTOM_FUNCTIONS_RUNTIME_VERSION });
    expect(table(over)).toBe("");
  });

  test("the error codes (with their messages) are what needs 1.3; CustomFunctions.Error itself 1.2", () => {
    const sets = (member: string) => [...new Set(uses.filter((u) => u.member === member).map((u) => u.set))];
    expect(sets("CustomFunctions.Error")).toEqual(["CustomFunctionsRuntime 1.2"]);
    for (const code of ["invalidNumber", "invalidValue", "divisionByZero", "notAvailable"]) {
      expect(sets(`CustomFunctions.ErrorCode.${code}`)).toEqual([`CustomFunctionsRuntime ${CUSTOM_FUNCTIONS_RUNTIME_VERSION}`]);
    }
  });
});
