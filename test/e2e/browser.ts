/**
 * End-to-end harness: the built dist/ served over HTTPS on a free localhost port (scripts/serve.js,
 * the same server `npm start` runs), and Debian's Chromium driven by playwright-core (never a
 * downloaded browser). Pages record console errors, page errors and failed requests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Server } from "https";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer } = require("../../scripts/serve.js") as {
  startServer(o: { port: number; host?: string; key: Buffer; cert: Buffer }): Promise<{ server: Server; port: number; url: string }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureCertificates } = require("../../scripts/start.js") as {
  ensureCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }>;
};

export const ROOT = path.join(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const ARTIFACTS = path.join(ROOT, "test-artifacts");
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Fails early, in words, when the build or the browser is missing. */
export function checkPrerequisites(): void {
  const missing = ["workbench.html", "workbench.js", "taskpane.html", "taskpane.js", "functions.json"].filter((f) => !fs.existsSync(path.join(DIST, f)));
  if (missing.length) throw new Error(`dist/ lacks ${missing.join(", ")}: run \`npm run build\` first (npm test does).`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does).`);
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/ over HTTPS on a free port, with a development certificate made in a temporary folder. */
export async function serveDist(): Promise<Served> {
  const dir = path.join(os.tmpdir(), `aiprice-e2e-certs-${process.getuid?.() ?? "user"}`);
  const certs = await ensureCertificates(dir);
  const { server, url } = await startServer({ port: 0, host: "localhost", key: fs.readFileSync(certs.key), cert: fs.readFileSync(certs.cert) });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

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

export async function openPage(browser: Browser, served: Served, viewport = { width: 1400, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, deviceScaleFactor: 1 });
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
  await context.route((url) => !url.href.startsWith(origin), (route) => route.abort());
  return { context, page, errors, offsite, failed };
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
