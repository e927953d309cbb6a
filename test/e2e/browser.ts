/**
 * End-to-end harness: the built dist/ served over HTTPS on a free localhost port (scripts/serve.js,
 * the same server `npm start` runs), and a Chromium-family browser already installed on the machine,
 * driven by playwright-core (never a downloaded browser): AIPRICE_BROWSER when set, else Edge on
 * Windows, Chrome (or Edge) on macOS, Debian's Chromium (or Chrome, Edge) on Linux. Pages record
 * console errors, page errors and failed requests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Server } from "https";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

const { startServer } = require("../../scripts/serve.js") as {
  startServer(o: { port: number; host?: string; key: Buffer; cert: Buffer; dist?: string }): Promise<{ server: Server; port: number; url: string }>;
};
const { ensureCertificates } = require("../../scripts/start.js") as {
  ensureCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }>;
};

export const ROOT = path.join(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const ARTIFACTS = path.join(ROOT, "test-artifacts");
export const BROWSER_ENV = "AIPRICE_BROWSER";

/** Where a browser is looked for, in order, on each platform (Windows paths from the environment). */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === "win32") {
    const win = path.win32;
    const roots = [env["ProgramFiles(x86)"] ?? "C:\\Program Files (x86)", env.ProgramFiles ?? "C:\\Program Files", env.LOCALAPPDATA ?? win.join(home, "AppData", "Local")];
    return [...roots.map((r) => win.join(r, "Microsoft", "Edge", "Application", "msedge.exe")), ...roots.map((r) => win.join(r, "Google", "Chrome", "Application", "chrome.exe"))];
  }
  if (platform === "darwin") {
    const apps = ["/Applications", path.posix.join(home, "Applications")];
    return [
      ...apps.map((a) => path.posix.join(a, "Google Chrome.app", "Contents", "MacOS", "Google Chrome")),
      ...apps.map((a) => path.posix.join(a, "Microsoft Edge.app", "Contents", "MacOS", "Microsoft Edge")),
      ...apps.map((a) => path.posix.join(a, "Chromium.app", "Contents", "MacOS", "Chromium")),
    ];
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/usr/bin/microsoft-edge", "/usr/bin/microsoft-edge-stable", "/snap/bin/chromium"];
}

/** What to install, and how, when no browser is found. */
export function installAdvice(platform: NodeJS.Platform): string {
  const or = `or set ${BROWSER_ENV} to the path of a Chromium-family browser (Chrome, Edge, Chromium)`;
  if (platform === "win32") return `Microsoft Edge comes with Windows: reinstall it from https://www.microsoft.com/edge, ${or}`;
  if (platform === "darwin") return `install Google Chrome (https://www.google.com/chrome) or Microsoft Edge (https://www.microsoft.com/edge) in /Applications, ${or}`;
  return `install Chromium: \`sudo apt-get install chromium\` on Debian (\`chromium-browser\` on Ubuntu; .ci/run installs it), ${or}`;
}

export type BrowserChoice = { ok: true; executable: string; why: string } | { ok: false; message: string };

/**
 * The browser the tests drive: AIPRICE_BROWSER when set (and it must exist), else the first installed
 * candidate for the platform. Never a download. `exists` and the platform are parameters so that the
 * choice is tested for every platform on any machine.
 */
export function findBrowser(options: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; home?: string; exists?: (file: string) => boolean } = {}): BrowserChoice {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const exists = options.exists ?? ((f: string) => fs.existsSync(f));
  const home = options.home ?? os.homedir();
  const named = env[BROWSER_ENV]?.trim();
  if (named) {
    return exists(named) ? { ok: true, executable: named, why: `${BROWSER_ENV}` } : { ok: false, message: `${BROWSER_ENV} names ${named}, which does not exist: give the full path of a Chromium-family browser (Chrome, Edge, Chromium), or unset it.` };
  }
  const candidates = browserCandidates(platform, env, home);
  const found = candidates.find((c) => exists(c));
  if (found) return { ok: true, executable: found, why: `installed on this ${platform} machine` };
  return { ok: false, message: `No browser for the end-to-end tests: none of ${candidates.join(", ")} exists. To run them: ${installAdvice(platform)}. No browser is ever downloaded.` };
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Fails early, in words, when the build or the browser is missing. */
export function checkPrerequisites(): void {
  const missing = ["workbench.html", "workbench.js", "taskpane.html", "taskpane.js", "functions.json"].filter((f) => !fs.existsSync(path.join(DIST, f)));
  if (missing.length) throw new Error(`dist/ lacks ${missing.join(", ")}: run \`npm run build\` first (npm test does).`);
  const browser = findBrowser();
  if (!browser.ok) throw new Error(browser.message);
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/ (or another built folder) over HTTPS on a free port, with a development certificate made in a temporary folder. */
export async function serveDist(dist?: string): Promise<Served> {
  const dir = path.join(os.tmpdir(), `aiprice-e2e-certs-${process.getuid?.() ?? "user"}`);
  const certs = await ensureCertificates(dir);
  const { server, url } = await startServer({ port: 0, host: "localhost", key: fs.readFileSync(certs.key), cert: fs.readFileSync(certs.cert), dist });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Launches the installed browser (findBrowser), headless. */
export function launchChromium(): Promise<Browser> {
  const browser = findBrowser();
  if (!browser.ok) throw new Error(browser.message);
  return chromium.launch({ executablePath: browser.executable, args: CHROMIUM_ARGS, headless: true });
}
export const launchBrowser = launchChromium;

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught page errors, in order. */
  errors: string[];
  /** Requests that went to another host than the served one (a CDN, say). */
  offsite: string[];
  /** Requests that failed, or answered 4xx/5xx. */
  failed: string[];
}

/** The options of every test page's context: the development certificate accepted, one pixel a pixel. */
export const pageContextOptions = (viewport = { width: 1400, height: 900 }): BrowserContextOptions => ({ ignoreHTTPSErrors: true, viewport, deviceScaleFactor: 1 });

/** A page in its own context (the caller closes it: prefer useServedBrowser().open, which does). */
export async function openPage(browser: Browser, served: Served, viewport = { width: 1400, height: 900 }): Promise<WatchedPage> {
  return watchPage(await browser.newContext(pageContextOptions(viewport)), served);
}

/** A new page of `context`, its errors, offsite and failed requests recorded, anything offsite blocked. */
export async function watchPage(context: BrowserContext, served: Served): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  const failed: string[] = [];
  const origin = new URL(served.url).origin;
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) offsite.push(u);
  });
  page.on("requestfailed", (req) => failed.push(`${req.url()}: ${req.failure()?.errorText ?? "failed"}`));
  page.on("response", (res) => {
    if (res.status() >= 400) failed.push(`${res.url()}: HTTP ${res.status()}`);
  });
  // Block anything offsite, so a test never depends on the network (and a CDN load shows as `offsite`).
  await context.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort(),
  );
  return { context, page, errors, offsite, failed };
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** office.js as Excel of ExcelApi `level` would answer the pane (host Excel, isSetSupported). */
export function fakeOfficeJs(level: string): string {
  return `(() => {
  const level = ${JSON.stringify(level)}.split(".").map(Number);
  const atLeast = (v) => { const w = String(v).split(".").map(Number); for (let i = 0; i < 2; i++) { if ((level[i] || 0) !== (w[i] || 0)) return (level[i] || 0) > (w[i] || 0); } return true; };
  const info = { host: "Excel", platform: "OfficeOnline" };
  window.Office = {
    HostType: { Excel: "Excel" },
    context: { requirements: { isSetSupported: (name, v) => name === "ExcelApi" && atLeast(v || "1.1") } },
    onReady: (cb) => { setTimeout(() => cb && cb(info), 0); return Promise.resolve(info); },
  };
  window.Excel = { run: () => Promise.reject(new Error("the stand-in Excel has no workbook")) };
})();`;
}

/** Records CSP violations from the first script on (an init script is not subject to the page's policy). */
export async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`), true);
  });
}

export const violations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
