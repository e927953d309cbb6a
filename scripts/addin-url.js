/*
 * Where the add-in is served from, and the Content-Security-Policy of its pages: one place for the
 * build (webpack.config.js, scripts/build-help.js) and the tests.
 *
 * Development (`npm start`, the workbench, the tests): https://localhost:<port>/, office.js and the
 * custom functions runtime served locally from node_modules/@microsoft/office-js/dist at /office-js/.
 * A deployment (`ADDIN_URL=https://host/path/ npm run build`): every URL under ADDIN_URL, office.js
 * and the custom functions runtime from Microsoft's CDN, as Microsoft requires of deployed add-ins.
 */
"use strict";
const pkg = require("../package.json");

const DEV_PORT = Number(pkg.config.dev_server_port || 3000);
/** The development address: what manifest.xml and the functions' @helpurl tags name. */
const DEV_BASE = `https://localhost:${DEV_PORT}/`;
/** Microsoft's Office.js CDN: its origin, and the two scripts as Microsoft documents them. */
const OFFICE_CDN = "https://appsforoffice.microsoft.com";
const CDN_OFFICE_JS = `${OFFICE_CDN}/lib/1/hosted/office.js`;
const CDN_CUSTOM_FUNCTIONS_RUNTIME = `${OFFICE_CDN}/lib/1/hosted/custom-functions-runtime.js`;

/**
 * ADDIN_URL as the base every URL hangs from: https, no query or fragment, ending in "/" (added when
 * missing). Throws with words a person can act on.
 */
function parseAddinUrl(raw) {
  const text = String(raw).trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`ADDIN_URL "${text}" is not an address: give the https address the files of dist/ will be served from, e.g. https://addins.example.com/aiprice/`);
  }
  if (url.protocol !== "https:") throw new Error(`ADDIN_URL must be an https address (Office loads add-ins only over HTTPS); got "${text}"`);
  if (url.search || url.hash) throw new Error(`ADDIN_URL must be a folder address without ? or #; got "${text}"`);
  if (url.username || url.password) throw new Error(`ADDIN_URL must not carry a user name or password; got "${text}"`);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

/**
 * The deployment named by the environment (ADDIN_URL) or webpack's --env addinUrl=..., or null for
 * development.
 */
function deploymentFrom(env = {}) {
  const raw = env.addinUrl || process.env.ADDIN_URL;
  if (!raw) return null;
  const base = parseAddinUrl(raw);
  return { base, origin: new URL(base).origin };
}

/**
 * The workbench page gets the strict policy too once its own code (src/workbench) sets no style
 * attribute: until then its grid's cell styles need 'unsafe-inline' for styles (scripts stay strict).
 * Set this to true when src/workbench is CSP-clean; test/e2e/csp.test.ts then expects it.
 */
const WORKBENCH_STRICT_CSP = true;

/**
 * The Content-Security-Policy of the add-in's pages (task pane, functions page, workbench): scripts,
 * workers and styles from the add-in's own origin only, no inline script or style attribute, no eval, no plugins;
 * a deployment adds Microsoft's Office.js origin for scripts, nothing else. `inlineStyles` is for the
 * workbench until it is CSP-clean (WORKBENCH_STRICT_CSP).
 */
function pageCsp({ officeCdn = false, inlineStyles = false } = {}) {
  const script = ["'self'"];
  if (officeCdn) script.push(OFFICE_CDN);
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    // The task pane's Web Worker (dist/replay-worker.js), from the add-in's own origin only.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The help page's: no script at all, its stylesheet and images from its own origin. */
function helpCsp() {
  return ["default-src 'none'", "style-src 'self'", "img-src 'self'", "base-uri 'none'", "form-action 'none'"].join("; ");
}

module.exports = { WORKBENCH_STRICT_CSP, DEV_PORT, DEV_BASE, OFFICE_CDN, CDN_OFFICE_JS, CDN_CUSTOM_FUNCTIONS_RUNTIME, parseAddinUrl, deploymentFrom, pageCsp, helpCsp };
