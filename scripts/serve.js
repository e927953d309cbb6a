/*
 * A small HTTPS static server for the built add-in: dist/ at the root and office.js (with the custom
 * functions runtime) at /office-js/, from node_modules/@microsoft/office-js/dist, as Excel would load
 * them. Used by `npm start` (the workbench) and by the end-to-end tests. Node built-ins only.
 *
 * It serves the analyst's own machine and nothing else, even to a page in their browser that tries to
 * read it through DNS rebinding (a hostile name that resolves to 127.0.0.1): a request whose Host is not
 * localhost, 127.0.0.1 or [::1] (with this server's port, if any) is answered 421 and nothing else. No
 * wildcard CORS: only an Office host's origin (Excel on the web loading the functions' metadata) gets
 * Access-Control-Allow-Origin, its own. Pages may be framed only by the server itself and the Office
 * hosts the add-in runs in (Content-Security-Policy: frame-ancestors; no X-Frame-Options: DENY, which
 * would stop Excel on the web from showing the task pane).
 *
 *   node scripts/serve.js [--port 3000] [--host localhost]   (uses .certs/localhost.{crt,key})
 */
"use strict";
const fs = require("fs");
const https = require("https");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const OFFICE_JS = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/** The host names a request may name: this machine's loopback names. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The origins that frame the add-in's pages and load its functions: Excel on the web and the Office
 * hosts. Wildcards as CSP writes them; the same list decides which origins get CORS.
 */
const OFFICE_ORIGINS = ["https://*.officeapps.live.com", "https://*.office.com", "https://*.office365.com", "https://*.office.net", "https://*.microsoft.com", "https://*.sharepoint.com", "https://*.cloud.microsoft", "https://*.live.com"];

/** The Content-Security-Policy header: who may frame the pages (the page's own meta CSP does the rest). */
const FRAME_POLICY = `frame-ancestors 'self' ${OFFICE_ORIGINS.join(" ")}`;

/** Does the Host header name this machine (and this server's port, when it names a port)? */
function hostAllowed(hostHeader, port, extraHost) {
  if (typeof hostHeader !== "string") return false;
  const m = hostHeader.trim().match(/^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/);
  if (!m) return false;
  const name = m[1].toLowerCase();
  if (m[2] !== undefined && Number(m[2]) !== port) return false;
  return LOOPBACK_HOSTS.has(name) || (extraHost !== undefined && name === extraHost.toLowerCase());
}

/** The origin, when it is one of the Office hosts (https, a subdomain of a listed domain); else null. */
function officeOrigin(origin) {
  if (typeof origin !== "string") return null;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.origin !== origin) return null;
  const ok = OFFICE_ORIGINS.some((pattern) => url.hostname.endsWith(pattern.slice("https://*".length)));
  return ok ? origin : null;
}

/**
 * The headers every answer carries (this server's and webpack's dev server for Excel, webpack.config.js):
 * who may frame the pages, no MIME sniffing, and CORS for an Office host's origin only (its own, never *).
 */
function securityHeaders(origin) {
  const headers = { "Content-Security-Policy": FRAME_POLICY, "X-Content-Type-Options": "nosniff", Vary: "Origin" };
  const office = officeOrigin(origin);
  if (office) headers["Access-Control-Allow-Origin"] = office;
  return headers;
}

/**
 * The file a URL path names under one of the mounts, or null when it names none (or escapes its folder).
 * `p` is the path module of the platform (path.win32 or path.posix in tests; a backslash is a
 * separator on Windows, so "..\" in a URL must not climb out there either).
 */
function resolveFile(urlPath, mounts, p = path) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  for (const { prefix, dir } of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length);
    const file = p.resolve(dir, "." + path.posix.normalize("/" + rel));
    if (file !== dir && !file.startsWith(dir + p.sep)) return null;
    return file;
  }
  return null;
}

/**
 * Starts serving. Options: port (0 = any free port), host, key, cert (PEM), dist, index (what "/" redirects to).
 * Resolves to { server, port, url } once listening; rejects with the listen error (e.g. EADDRINUSE).
 */
function startServer(options) {
  const dist = path.resolve(options.dist || DIST);
  const host = options.host || "localhost";
  const index = options.index || "/workbench.html";
  const mounts = [
    { prefix: "/office-js/", dir: path.resolve(options.officeJs || OFFICE_JS) },
    { prefix: "/", dir: dist },
  ];
  // A host other than the loopback names (e.g. a name of this machine given with --host) is allowed too.
  const extraHost = LOOPBACK_HOSTS.has(host) || host === "0.0.0.0" || host === "::" ? undefined : host;
  let port = 0;
  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    if (!hostAllowed(req.headers.host, port, extraHost)) {
      res.setHeader("Content-Security-Policy", FRAME_POLICY);
      res.writeHead(421, { "Content-Type": TYPES[".txt"] }).end("Misdirected request: this development server answers only to localhost\n");
      return;
    }
    for (const [name, value] of Object.entries(securityHeaders(req.headers.origin))) res.setHeader(name, value);
    const urlPath = (req.url || "/").split("?")[0].split("#")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    if (urlPath === "/") {
      res.writeHead(302, { Location: index }).end();
      return;
    }
    const file = resolveFile(urlPath, mounts);
    if (!file) {
      res.writeHead(400, { "Content-Type": TYPES[".txt"] }).end("Bad request\n");
      return;
    }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { "Content-Type": TYPES[".txt"] }).end(`Not found: ${urlPath}\n`);
        return;
      }
      res.writeHead(200, {
        "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
        "Content-Length": stat.size,
        "Cache-Control": "no-store",
      });
      if (req.method === "HEAD") res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once("error", onError);
    server.listen(options.port ?? 3000, host, () => {
      server.off("error", onError);
      port = server.address().port;
      resolve({ server, port, url: `https://${host}:${port}` });
    });
  });
}

module.exports = { startServer, resolveFile, hostAllowed, officeOrigin, securityHeaders, FRAME_POLICY, OFFICE_ORIGINS, DIST, OFFICE_JS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
  };
  const certDir = path.join(ROOT, ".certs");
  let key;
  let cert;
  try {
    key = fs.readFileSync(path.join(certDir, "localhost.key"));
    cert = fs.readFileSync(path.join(certDir, "localhost.crt"));
  } catch {
    console.error(`No certificate in ${certDir}. Run \`npm start\` once (it makes one), then retry.`);
    process.exit(1);
  }
  startServer({ port: Number(opt("--port", "3000")), host: opt("--host", "localhost"), key, cert }).then(
    ({ url }) => console.log(`Serving dist/ at ${url}/ (office.js at ${url}/office-js/)`),
    (err) => {
      console.error(`Cannot serve: ${err.message}`);
      process.exit(1);
    },
  );
}
