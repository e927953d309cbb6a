/**
 * A deployment build, as docs/deploy.md tells an administrator to make it:
 * `ADDIN_URL=https://addins.contoso.example/aiprice npm run build`, here into a temporary folder (dist/
 * belongs to the other tests), then checked offline:
 *  - the manifest passes every check the development manifest passes (test/support/manifest-checks),
 *    with every URL under ADDIN_URL and every resource id resolving to a built file;
 *  - no "localhost" anywhere; office.js and the custom functions runtime from Microsoft's CDN;
 *  - the pages' policy is the strict one plus the CDN's origin for scripts, nothing else;
 *  - the workbench (and HyperFormula, GPL) is not part of a deployment;
 *  - the task pane, loaded from the build with office.js answered at the CDN's address by a stand-in,
 *    mounts under that policy and imports a bid file with no violation.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser } from "playwright-core";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { EXCEL_API_VERSION } from "../../src/taskpane/requirements";
import { fakeOfficeJs, findBrowser, launchChromium, openPage, recordViolations, serveDist, violations } from "../e2e/browser";
import { manifestTests } from "../support/manifest-checks";

const addin = require("../../scripts/addin-url.js") as {
  CDN_OFFICE_JS: string;
  CDN_CUSTOM_FUNCTIONS_RUNTIME: string;
  OFFICE_CDN: string;
  DEV_BASE: string;
  parseAddinUrl(raw: string): string;
  pageCsp(o?: { officeCdn?: boolean }): string;
  helpCsp(): string;
};

const ROOT = path.join(__dirname, "..", "..");
const ADDIN_URL = "https://addins.contoso.example/aiprice"; // without the final "/": the build adds it
const BASE = `${ADDIN_URL}/`;
let out: string;

/** Every file of the build, relative, with "/" separators. */
function files(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}
const read = (f: string) => fs.readFileSync(path.join(out, f), "utf8");

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-deploy-"));
  const env = { ...process.env, ADDIN_URL };
  const steps: Array<[string, string[]]> = [
    ["webpack", [path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), "--mode", "production", "--env", `dist=${out}`]],
    ["help page", [path.join(ROOT, "scripts", "build-help.js"), "--dist", out]],
  ];
  for (const [what, args] of steps) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8", timeout: 240000 });
    if (r.status !== 0) throw new Error(`the deployment build's ${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}, 300000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe("the deployment manifest (<temporary folder>/manifest.xml)", () => {
  manifestTests(() => ({ xml: read("manifest.xml"), base: BASE, dist: out }));

  test("keeps the development manifest's identity: same Id, version, names and resources", () => {
    const dev = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    // Only the addresses differ.
    const normalize = (xml: string, base: string) =>
      xml
        .split(base)
        .join("<BASE>/")
        .split(`<AppDomain>${new URL(base).origin}</AppDomain>`)
        .join("<AppDomain><ORIGIN></AppDomain>");
    expect(normalize(read("manifest.xml"), BASE)).toBe(normalize(dev, addin.DEV_BASE));
    // And manifest.xml at the root is still the development manifest.
    expect(dev).toContain(addin.DEV_BASE);
  });
});

describe("the deployed files", () => {
  test("name no localhost anywhere, and no development path to office.js", () => {
    for (const f of files(out).filter((x) => /\.(html|js|json|css|xml|txt)$/.test(x))) {
      const text = read(f);
      expect({ f, localhost: /localhost|127\.0\.0\.1/i.test(text) }).toEqual({ f, localhost: false });
      expect({ f, localOfficeJs: text.includes("office-js/") }).toEqual({ f, localOfficeJs: false });
    }
  });

  test("load office.js and the custom functions runtime from Microsoft's CDN", () => {
    expect(read("taskpane.html")).toContain(`<script src=${addin.CDN_OFFICE_JS}></script>`);
    expect(read("functions.html")).toContain(`<script src=${addin.CDN_CUSTOM_FUNCTIONS_RUNTIME}></script>`);
    expect(addin.CDN_OFFICE_JS).toBe("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
  });

  test("pages: the strict policy plus Microsoft's office.js origin for scripts, nothing else", () => {
    const prod = addin.pageCsp({ officeCdn: true });
    expect(prod).toBe(addin.pageCsp().replace("script-src 'self'", `script-src 'self' ${addin.OFFICE_CDN}`));
    for (const page of ["taskpane.html", "functions.html"]) expect(read(page)).toContain(`content="${prod}"`);
    expect(read("help.html")).toContain(`content="${addin.helpCsp()}"`);
  });

  test("the workbench and HyperFormula (GPL) are not deployed", () => {
    expect(files(out).filter((f) => f.startsWith("workbench"))).toEqual([]);
    for (const f of files(out).filter((x) => x.endsWith(".js"))) expect(read(f)).not.toMatch(/hyperformula/i);
  });

  test("what Excel loads: the files the manifest names and their assets, nothing else", () => {
    // The pane's parts loaded when first used (builder, export, template validator, shareable copy,
    // explain this cell, the Office.js workbook port) and the parts they share: webpack names a shared part after the parts that use
    // it (webpack.config.js), so those names follow the code; each is a taskpane-*.js and nothing else.
    const onDemand = /^taskpane-[a-z]+(~taskpane-[a-z]+)*\.js$/;
    const parts = files(out).filter((f) => onDemand.test(f));
    for (const part of ["builder", "explain", "export", "office", "share", "validate"]) {
      expect(parts.some((f) => f.split(/[~.]/).includes(`taskpane-${part}`))).toBe(true);
    }
    expect(
      files(out)
        .filter((f) => !onDemand.test(f))
        .sort(),
    ).toEqual(
      [
        "assets/icon-128.png",
        "assets/icon-16.png",
        "assets/icon-32.png",
        "assets/icon-64.png",
        "assets/icon-80.png",
        "functions.html",
        "functions.js",
        "functions.json",
        "help.css",
        "help.html",
        "manifest.xml",
        // The pilot replay, loaded by the pane when a history file is picked: its views, its Web
        // Worker, and ExcelJS for XLSX histories (with the licence notices the minifier keeps).
        "replay-exceljs.js",
        "replay-exceljs.js.LICENSE.txt",
        "replay-view.js",
        "replay-worker.js",
        "taskpane.css",
        "taskpane.html",
        "taskpane.js",
      ].sort(),
    );
  });
});

describe("ADDIN_URL", () => {
  test("gets its final slash; must be https, without query, fragment or credentials", () => {
    expect(addin.parseAddinUrl("https://addins.contoso.example/aiprice")).toBe(BASE);
    expect(addin.parseAddinUrl(" https://addins.contoso.example/ ")).toBe("https://addins.contoso.example/");
    expect(() => addin.parseAddinUrl("http://addins.contoso.example/")).toThrow(/must be an https address/);
    expect(() => addin.parseAddinUrl("https://addins.contoso.example/?v=2")).toThrow(/without \? or #/);
    expect(() => addin.parseAddinUrl("https://me:secret@addins.contoso.example/")).toThrow(/user name or password/);
    expect(() => addin.parseAddinUrl("addins.contoso.example")).toThrow(/is not an address/);
  });

  test("a bad ADDIN_URL stops the build with the reason", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), "--mode", "production", "--env", `dist=${path.join(out, "never")}`], {
      cwd: ROOT,
      env: { ...process.env, ADDIN_URL: "http://addins.contoso.example/" },
      encoding: "utf8",
      timeout: 60000,
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/ADDIN_URL must be an https address/);
    expect(fs.existsSync(path.join(out, "never"))).toBe(false);
  });
});

describe("the deployed task pane in a browser, office.js answered at the CDN's address", () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  test("mounts under the production policy and imports a bid file, with no violation", async () => {
    const choice = findBrowser();
    if (!choice.ok) throw new Error(choice.message);
    browser = await launchChromium();
    const served = await serveDist(out);
    try {
      const w = await openPage(browser, served, { width: 360, height: 900 });
      await recordViolations(w.page);
      await w.page.route(addin.CDN_OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: fakeOfficeJs(EXCEL_API_VERSION) }));
      await w.page.goto(`${served.url}/taskpane.html`);
      await w.page.waitForSelector(".ap-card");
      const base = galleryTemplate(GUIDE_BID_IDS[0])!;
      await w.page.setInputFiles('input[type="file"]', [{ name: "bid.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...base, id: "deployed-import" })) }]);
      await w.page.waitForSelector('.ap-message-success[aria-label="Import result"]');
      expect(await violations(w.page)).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(w.failed).toEqual([]);
      // The only request off the add-in's own origin: office.js at Microsoft's CDN (answered here).
      expect(w.offsite).toEqual([addin.CDN_OFFICE_JS]);
      await w.context.close();
    } finally {
      await served.close();
    }
  });
});
