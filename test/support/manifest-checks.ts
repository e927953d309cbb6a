/**
 * Offline checks of an add-in manifest (office-addin-manifest validate needs the web), shared by the
 * development manifest (test/manifest.test.ts: manifest.xml and dist/) and a deployment build's
 * (test/deploy/deploy.test.ts: <folder>/manifest.xml built with ADDIN_URL).
 */
import * as fs from "fs";
import * as path from "path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { CUSTOM_FUNCTIONS_RUNTIME_VERSION } from "../../src/taskpane/requirements";

export interface ManifestUnderTest {
  /** The manifest's text. */
  xml: string;
  /** The address every URL of the manifest hangs from, ending in "/": https://localhost:3000/. */
  base: string;
  /** The built folder served at `base`. */
  dist: string;
}

type Node = Record<string, unknown>;
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Every [key, value] pair in the tree, attributes included, with element-array order kept. */
export function entries(node: unknown, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(node)) node.forEach((n) => entries(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      out.push([k, v]);
      entries(v, out);
    }
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString("ascii", 12, 16)).toBe("IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** The manifest parsed, with its resources by id and every absolute URL in it. */
export function parseManifest(xml: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(xml) as Node;
  const app = doc.OfficeApp as Node;
  const overrides = app.VersionOverrides as Node;
  const resources = overrides.Resources as Node;
  const resourceIds = (group: string, item: string) => list((resources[group] as Node | undefined)?.[item] as Node | Node[]).map((n) => String(n["@_id"]));
  const groups = {
    image: resourceIds("bt:Images", "bt:Image"),
    url: resourceIds("bt:Urls", "bt:Url"),
    short: resourceIds("bt:ShortStrings", "bt:String"),
    long: resourceIds("bt:LongStrings", "bt:String"),
  };
  const resource = (id: string): string => {
    for (const [k, v] of entries(resources)) {
      if (k.startsWith("bt:") && v && typeof v === "object") {
        for (const n of list(v as Node | Node[])) if (n["@_id"] === id) return String(n["@_DefaultValue"]);
      }
    }
    throw new Error(`resource ${id} not defined`);
  };
  const urls = entries(doc)
    .map(([, v]) => v)
    .filter((v): v is string => typeof v === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim()));
  const customFunctions = (((overrides.Hosts as Node).Host as Node).AllFormFactors as Node).ExtensionPoint as Node;
  const cfUrl = (part: string) => resource(String(((customFunctions[part] as Node).SourceLocation as Node)["@_resid"]));
  return { doc, app, overrides, resources, groups, resource, urls, customFunctions, cfUrl };
}

const SCHEMA_URL = (u: string) => u.startsWith("http://schemas.microsoft.com/") || u === "http://www.w3.org/2001/XMLSchema-instance";

/** Defines the manifest's tests; `get` is called inside each test (the manifest may be built in a beforeAll). */
export function manifestTests(get: () => ManifestUnderTest): void {
  const m = () => {
    const under = get();
    return { ...under, ...parseManifest(under.xml) };
  };
  /** The file of dist/ a URL under `base` names. */
  const fileOf = (u: string) => {
    const { base, dist } = get();
    expect(u.startsWith(base)).toBe(true);
    return path.join(dist, decodeURIComponent(u.slice(base.length)));
  };

  test("is well-formed XML", () => {
    expect(XMLValidator.validate(m().xml)).toBe(true);
  });

  test("root and VersionOverrides use the add-in only manifest namespaces", () => {
    const { app, overrides } = m();
    expect(app["@_xmlns"]).toBe("http://schemas.microsoft.com/office/appforoffice/1.1");
    expect(app["@_xmlns:bt"]).toBe("http://schemas.microsoft.com/office/officeappbasictypes/1.0");
    expect(app["@_xmlns:xsi"]).toBe("http://www.w3.org/2001/XMLSchema-instance");
    expect(app["@_xsi:type"]).toBe("TaskPaneApp");
    expect(overrides["@_xmlns"]).toBe("http://schemas.microsoft.com/office/taskpaneappversionoverrides");
    expect(overrides["@_xsi:type"]).toBe("VersionOverridesV1_0");
  });

  test("Id is a GUID; the add-in targets Excel workbooks", () => {
    const { app } = m();
    expect(String(app.Id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(((app.Hosts as Node).Host as Node)["@_Name"]).toBe("Workbook");
    expect((app.DisplayName as Node)["@_DefaultValue"]).toBe("AI Pricing Workbench");
  });

  test("every resid used is defined exactly once in Resources, in the right group", () => {
    const { overrides, groups } = m();
    const all = Object.values(groups).flat();
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
        if (k === "SourceLocation" || k === "LearnMoreUrl") expect(groups.url).toContain(id);
        if (k === "bt:Image") expect(groups.image).toContain(id);
        if (k === "Namespace" || k === "Label" || k === "Title") expect(groups.short).toContain(id);
      }
    }
  });

  test("all URLs are https under the add-in's address; the AppDomain is its origin", () => {
    const { urls, base, app } = m();
    expect(urls.length).toBeGreaterThan(5);
    const origin = new URL(base).origin;
    for (const u of urls) {
      if (SCHEMA_URL(u)) continue;
      expect(new URL(u).protocol).toBe("https:");
      if (u === origin) continue; // the AppDomain
      expect(u.startsWith(base)).toBe(true);
    }
    expect(list((app.AppDomains as Node).AppDomain as string | string[])).toEqual([origin]);
    // The support and learn-more links go to the function reference.
    expect(String((app.SupportUrl as Node)["@_DefaultValue"])).toBe(`${base}help.html`);
  });

  test("the custom functions namespace is AIPRICE", () => {
    const { resource, customFunctions } = m();
    expect(resource(String((customFunctions.Namespace as Node)["@_resid"]))).toBe("AIPRICE");
    expect(customFunctions["@_xsi:type"]).toBe("CustomFunctions");
  });

  test(`requires CustomFunctionsRuntime ${CUSTOM_FUNCTIONS_RUNTIME_VERSION} (src/taskpane/requirements.ts) and not the shared runtime`, () => {
    const { app, xml, doc } = m();
    const sets = list(((app.Requirements as Node).Sets as Node).Set as Node | Node[]);
    expect(sets).toEqual([expect.objectContaining({ "@_Name": "CustomFunctionsRuntime", "@_MinVersion": CUSTOM_FUNCTIONS_RUNTIME_VERSION })]);
    expect(xml).not.toMatch(/SharedRuntime/i);
    expect(entries(doc).some(([k]) => k === "Runtimes" || k === "Runtime")).toBe(false);
  });

  test("the task pane button shows the task pane", () => {
    const { overrides, resource, base } = m();
    const action = entries(overrides.Hosts).find(([k]) => k === "Action")?.[1] as Node;
    expect(action["@_xsi:type"]).toBe("ShowTaskpane");
    expect(String(action.TaskpaneId).length).toBeGreaterThan(0);
    expect(resource(String((action.SourceLocation as Node)["@_resid"]))).toBe(`${base}taskpane.html`);
  });

  test("Script, Page, Metadata and task pane URLs name the built files", () => {
    const { cfUrl, app, base } = m();
    expect(cfUrl("Script")).toBe(`${base}functions.js`);
    expect(cfUrl("Page")).toBe(`${base}functions.html`);
    expect(cfUrl("Metadata")).toBe(`${base}functions.json`);
    expect(String(((app.DefaultSettings as Node).SourceLocation as Node)["@_DefaultValue"])).toBe(`${base}taskpane.html`);
  });

  test("each URL under the add-in's address is a file of the build", () => {
    const { urls, base, dist } = m();
    expect(fs.existsSync(dist)).toBe(true);
    const files = urls.filter((x) => x.startsWith(base));
    expect(files.length).toBeGreaterThan(5);
    for (const u of files) expect({ u, exists: fs.existsSync(fileOf(u)) }).toEqual({ u, exists: true });
  });

  test("functions.json describes functions that functions.js associates, each with its help link under the address", () => {
    const { dist, base } = m();
    const meta = JSON.parse(fs.readFileSync(path.join(dist, "functions.json"), "utf8"));
    expect(meta.functions.length).toBeGreaterThan(0);
    // Excel passes plain values to the functions (no data types): CustomFunctionsRuntime 1.3 suffices.
    expect(meta).not.toHaveProperty("allowCustomDataForDataTypeAny");
    const js = fs.readFileSync(path.join(dist, "functions.js"), "utf8");
    const help = fs.readFileSync(path.join(dist, "help.html"), "utf8");
    for (const f of meta.functions) {
      expect(js).toContain(`CustomFunctions.associate("${f.id}"`);
      expect(f.helpUrl).toBe(`${base}help.html#${f.id.toLowerCase()}`);
      expect(help).toContain(`id="${f.id.toLowerCase()}"`);
    }
  });

  test("icons are built with the pixel sizes the manifest gives them", () => {
    const { overrides, resource, app } = m();
    for (const [k, v] of entries(overrides.Hosts)) {
      if (k !== "bt:Image") continue;
      for (const n of list(v as Node | Node[])) {
        const size = Number(n["@_size"]);
        expect(pngSize(fileOf(resource(String(n["@_resid"]))))).toEqual([size, size]);
      }
    }
    expect(pngSize(fileOf(String((app.IconUrl as Node)["@_DefaultValue"])))).toEqual([32, 32]);
    expect(pngSize(fileOf(String((app.HighResolutionIconUrl as Node)["@_DefaultValue"])))).toEqual([64, 64]);
  });
}
