// Offline checks of manifest.xml (office-addin-manifest validate needs the web). Run after `npm run build`.
import * as fs from "fs";
import * as path from "path";
import { XMLParser, XMLValidator } from "fast-xml-parser";

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist");
const xml = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const port = require(path.join(root, "package.json")).config.dev_server_port;
const origin = `https://localhost:${port}`;

type Node = Record<string, unknown>;
const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(xml) as Node;
const app = doc.OfficeApp as Node;
const overrides = app.VersionOverrides as Node;
const resources = overrides.Resources as Node;

/** Every [key, value] pair in the tree, attributes included, with element-array order kept. */
function entries(node: unknown, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(node)) node.forEach((n) => entries(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      out.push([k, v]);
      entries(v, out);
    }
  }
  return out;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Resources by id: bt:Images, bt:Urls, bt:ShortStrings, bt:LongStrings. */
function resourceIds(group: string, item: string): string[] {
  return list((resources[group] as Node | undefined)?.[item] as Node | Node[]).map((n) => String(n["@_id"]));
}
const resourceGroups = {
  image: resourceIds("bt:Images", "bt:Image"),
  url: resourceIds("bt:Urls", "bt:Url"),
  short: resourceIds("bt:ShortStrings", "bt:String"),
  long: resourceIds("bt:LongStrings", "bt:String"),
};

function resource(id: string): string {
  for (const [k, v] of entries(resources)) {
    if (k.startsWith("bt:") && v && typeof v === "object") {
      for (const n of list(v as Node | Node[])) if (n["@_id"] === id) return String(n["@_DefaultValue"]);
    }
  }
  throw new Error(`resource ${id} not defined`);
}

const urls = entries(doc)
  .map(([, v]) => v)
  .filter((v): v is string => typeof v === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim()));

const customFunctions = (((overrides.Hosts as Node).Host as Node).AllFormFactors as Node).ExtensionPoint as Node;
const cfUrl = (part: string) => resource(String(((customFunctions[part] as Node).SourceLocation as Node)["@_resid"]));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString("ascii", 12, 16)).toBe("IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test("manifest.xml is well-formed XML", () => {
  expect(XMLValidator.validate(xml)).toBe(true);
});

test("root and VersionOverrides use the add-in only manifest namespaces", () => {
  expect(app["@_xmlns"]).toBe("http://schemas.microsoft.com/office/appforoffice/1.1");
  expect(app["@_xmlns:bt"]).toBe("http://schemas.microsoft.com/office/officeappbasictypes/1.0");
  expect(app["@_xmlns:xsi"]).toBe("http://www.w3.org/2001/XMLSchema-instance");
  expect(app["@_xsi:type"]).toBe("TaskPaneApp");
  expect(overrides["@_xmlns"]).toBe("http://schemas.microsoft.com/office/taskpaneappversionoverrides");
  expect(overrides["@_xsi:type"]).toBe("VersionOverridesV1_0");
});

test("Id is a GUID; the add-in targets Excel workbooks", () => {
  expect(String(app.Id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  expect(((app.Hosts as Node).Host as Node)["@_Name"]).toBe("Workbook");
  expect((app.DisplayName as Node)["@_DefaultValue"]).toBe("AI Pricing Workbench");
});

test("every resid used is defined exactly once in Resources, in the right group", () => {
  const all = Object.values(resourceGroups).flat();
  expect(new Set(all).size).toBe(all.length);
  const used = entries(overrides.Hosts).filter(([k]) => k === "@_resid");
  expect(used.length).toBeGreaterThan(0);
  for (const [, id] of used) {
    expect(all).toContain(id);
    expect(String(id).length).toBeLessThanOrEqual(32);
  }
  // SourceLocation/LearnMoreUrl take Urls, bt:Image takes Images, the namespace a ShortString.
  for (const [k, v] of entries(overrides.Hosts)) {
    for (const n of list(v as Node | Node[])) {
      if (!n || typeof n !== "object" || !("@_resid" in n)) continue;
      const id = String(n["@_resid"]);
      if (k === "SourceLocation" || k === "LearnMoreUrl") expect(resourceGroups.url).toContain(id);
      if (k === "bt:Image") expect(resourceGroups.image).toContain(id);
      if (k === "Namespace" || k === "Label" || k === "Title") expect(resourceGroups.short).toContain(id);
    }
  }
});

test("all URLs are https on one origin (the dev server's)", () => {
  expect(urls.length).toBeGreaterThan(5);
  for (const u of urls) {
    if (u.startsWith("http://schemas.microsoft.com/") || u === "http://www.w3.org/2001/XMLSchema-instance") continue;
    expect(new URL(u).protocol).toBe("https:");
    expect(new URL(u).origin).toBe(origin);
  }
});

test("the custom functions namespace is AIPRICE", () => {
  expect(resource(String((customFunctions.Namespace as Node)["@_resid"]))).toBe("AIPRICE");
  expect(customFunctions["@_xsi:type"]).toBe("CustomFunctions");
});

test("requires CustomFunctionsRuntime 1.1 and not the shared runtime", () => {
  const sets = list(((app.Requirements as Node).Sets as Node).Set as Node | Node[]);
  expect(sets).toContainEqual(expect.objectContaining({ "@_Name": "CustomFunctionsRuntime", "@_MinVersion": "1.1" }));
  expect(xml).not.toMatch(/SharedRuntime/i);
  expect(entries(doc).some(([k]) => k === "Runtimes" || k === "Runtime")).toBe(false);
});

test("the task pane button shows the task pane", () => {
  const action = entries(overrides.Hosts).find(([k]) => k === "Action")?.[1] as Node;
  expect(action["@_xsi:type"]).toBe("ShowTaskpane");
  expect(String(action.TaskpaneId).length).toBeGreaterThan(0);
  expect(new URL(resource(String((action.SourceLocation as Node)["@_resid"]))).pathname).toBe("/taskpane.html");
});

describe("the build emits every file the manifest names", () => {
  beforeAll(() => {
    if (!fs.existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });

  test("Script, Page, Metadata and task pane URLs", () => {
    expect(new URL(cfUrl("Script")).pathname).toBe("/functions.js");
    expect(new URL(cfUrl("Page")).pathname).toBe("/functions.html");
    expect(new URL(cfUrl("Metadata")).pathname).toBe("/functions.json");
    const source = ((app.DefaultSettings as Node).SourceLocation as Node)["@_DefaultValue"];
    expect(new URL(String(source)).pathname).toBe("/taskpane.html");
  });

  test("each URL on the origin is a file in dist/", () => {
    for (const u of urls.filter((x) => x.startsWith(origin))) {
      const p = new URL(u).pathname;
      if (p === "/") continue; // AppDomain
      expect(fs.existsSync(path.join(dist, decodeURIComponent(p)))).toBe(true);
    }
  });

  test("functions.json describes functions that functions.js associates", () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8"));
    expect(meta.functions.length).toBeGreaterThan(0);
    const js = fs.readFileSync(path.join(dist, "functions.js"), "utf8");
    for (const f of meta.functions) expect(js).toContain(`CustomFunctions.associate("${f.id}"`);
  });
});

test("icons exist in assets/ with the pixel sizes the manifest gives them", () => {
  const icon = (u: string) => path.join(root, "assets", path.basename(new URL(u).pathname));
  for (const [k, v] of entries(overrides.Hosts)) {
    if (k !== "bt:Image") continue;
    for (const n of list(v as Node | Node[])) {
      const size = Number(n["@_size"]);
      expect(pngSize(icon(resource(String(n["@_resid"]))))).toEqual([size, size]);
    }
  }
  expect(pngSize(icon(String((app.IconUrl as Node)["@_DefaultValue"])))).toEqual([32, 32]);
  expect(pngSize(icon(String((app.HighResolutionIconUrl as Node)["@_DefaultValue"])))).toEqual([64, 64]);
});
