/*
 * `npm start`: run the add-in where it can run.
 *
 *   npm start                          Excel desktop when installed (Windows, macOS), else the workbench
 *   npm start -- https://...           Excel on the web: sideload into that workbook (its address)
 *   npm start -- --workbench           the workbench even where Excel is installed
 *   npm start -- --port 3100           another port for the workbench (Excel needs 3000: manifest.xml)
 *   npm start -- --no-build            serve dist/ as it is (fails if it was never built)
 *
 * Excel desktop and Excel on the web go through office-addin-debugging, as Microsoft's templates do.
 * The workbench (Linux, CI, any machine without Excel): build dist/ unless it is fresh, make a
 * development certificate in .certs/ (generated, never installed: no sudo, no prompt), serve dist/ over
 * HTTPS on localhost with office.js from node_modules, print the workbench's address and keep running
 * until Ctrl+C or `npm stop`. Every step that fails says what failed and how to fix it.
 *
 * Environment: AIPRICE_PORT (port), AIPRICE_CERT_DIR (certificate folder), AIPRICE_STATE_FILE (where
 * `npm stop` finds the running server).
 */
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const net = require("net");
const path = require("path");
const { X509Certificate } = require("crypto");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const MANIFEST = "manifest.xml";
const DEFAULT_PORT = 3000;
const stateFile = () => process.env.AIPRICE_STATE_FILE || path.join(ROOT, ".certs", "npm-start.json");
const certDir = () => process.env.AIPRICE_CERT_DIR || path.join(ROOT, ".certs");

/** The built files the workbench and the add-in need. */
const BUILT = ["functions.js", "functions.json", "functions.html", "taskpane.js", "taskpane.html", "taskpane.css", "workbench.js", "workbench.html", "help.html", "help.css"];
/** What the build reads: newer than dist/ means dist/ is stale. */
const SOURCES = ["src", "assets", "docs/functions.md", "webpack.config.js", "package.json", "tsconfig.json", "scripts/build-help.js", "scripts/build-validator.js", "scripts/addin-url.js", "scripts/schema-annotations-loader.js"];

class StepError extends Error {
  constructor(step, message, fix) {
    super(message);
    this.step = step;
    this.fix = fix;
  }
}

function parseArgs(argv) {
  const opts = { port: undefined, host: "localhost", build: true, mode: undefined, document: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") continue;
    else if (a === "--port") opts.port = argv[++i];
    else if (a.startsWith("--port=")) opts.port = a.slice(7);
    else if (a === "--no-build") opts.build = false;
    else if (a === "--workbench") opts.mode = "workbench";
    else if (a === "--desktop") opts.mode = "desktop";
    else if (a === "--web") opts.mode = "web";
    else if (a === "--document") opts.document = argv[++i];
    else if (a === "--help" || a === "-h") opts.help = true;
    else if (/^https:\/\//i.test(a)) opts.document = a;
    else throw new StepError("options", `unknown option "${a}"`, "run `npm start -- --help` for the options");
  }
  if (opts.document) opts.mode = opts.mode || "web";
  if (opts.mode === "web" && !opts.document) {
    throw new StepError("options", "Excel on the web needs the workbook's address", "run `npm start -- https://<your workbook's address>` (copy it from the browser's address bar)");
  }
  const rawPort = opts.port ?? process.env.AIPRICE_PORT ?? DEFAULT_PORT;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StepError("options", `"${rawPort}" is not a port number`, "give a whole number from 1 to 65535, e.g. `npm start -- --port 3100`");
  }
  opts.port = port;
  return opts;
}

/** Is Excel desktop installed here? Windows: Excel's App Paths registry key; macOS: the application. */
function excelDesktopInstalled() {
  if (process.platform === "darwin") {
    return fs.existsSync("/Applications/Microsoft Excel.app");
  }
  if (process.platform === "win32") {
    for (const hive of ["HKLM", "HKCU"]) {
      const r = spawnSync("reg", ["query", `${hive}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\excel.exe`], { stdio: "ignore", windowsHide: true });
      if (r.status === 0) return true;
    }
  }
  return false;
}

function chooseMode(opts) {
  if (opts.mode) return { mode: opts.mode, why: "" };
  if (excelDesktopInstalled()) return { mode: "desktop", why: "Excel desktop is installed" };
  const where = process.platform === "linux" ? "Linux" : process.platform;
  return { mode: "workbench", why: `no Excel desktop on this machine (${where})` };
}

function portFree(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (err) => resolve(err.code !== "EADDRINUSE" && err.code !== "EACCES" ? true : false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** dist/ holds every built file and none is older than the sources. */
function distIsFresh() {
  let oldest = Infinity;
  for (const f of BUILT) {
    try {
      oldest = Math.min(oldest, fs.statSync(path.join(DIST, f)).mtimeMs);
    } catch {
      return false;
    }
  }
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  return oldest >= newestSource;
}

/**
 * What `npm run build` does for the add-in: the schema's validator, webpack, then the functions' help
 * page (the CLI is not needed here). Always the development build: ADDIN_URL is for deployments.
 */
async function build() {
  const webpackCli = path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");
  if (!fs.existsSync(webpackCli)) {
    throw new StepError("build", "webpack is not installed (node_modules/webpack-cli is missing)", "run `npm install` (or `npm ci`) in this folder, then `npm start` again");
  }
  console.log("Building the add-in (webpack, production)...");
  await run("the schema's validator (scripts/build-validator.js)", [path.join(ROOT, "scripts", "build-validator.js")]);
  await run("webpack", [webpackCli, "--mode", "production"]);
  await run("the help page (scripts/build-help.js)", [path.join(ROOT, "scripts", "build-help.js")]);
}

function run(what, args) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.ADDIN_URL;
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (err) => reject(new StepError("build", `could not run ${what}: ${err.message}`, "check that Node and node_modules are installed (`npm ci`)")));
    child.on("close", (code) => {
      if (code === 0) return resolve();
      const tail = output.trim().split("\n").slice(-40).join("\n");
      reject(new StepError("build", `${what} failed (exit code ${code}):\n${tail}`, "fix the errors above (`npm run build` shows them too), then run `npm start` again"));
    });
  });
}

/** A certificate file that is valid for localhost for at least another day. */
function usableCertificate(certPath, keyPath) {
  try {
    const cert = new X509Certificate(fs.readFileSync(certPath));
    fs.readFileSync(keyPath);
    return Date.parse(cert.validTo) - Date.now() > 24 * 3600 * 1000 && cert.checkHost("localhost") !== undefined;
  } catch {
    return false;
  }
}

/**
 * The private key stays readable by its owner only: the folder is 0700 and the key 0600 (POSIX modes;
 * on Windows, files under the user's profile are private to the user already and chmod only sets the
 * read-only flag, so nothing is changed there).
 */
function keepPrivate(dir, key) {
  if (process.platform === "win32") return;
  fs.chmodSync(dir, 0o700);
  if (fs.existsSync(key)) fs.chmodSync(key, 0o600);
}

/** Makes (never installs) a development CA and a localhost certificate signed by it, in `dir`. */
async function ensureCertificates(dir) {
  const ca = path.join(dir, "ca.crt");
  const cert = path.join(dir, "localhost.crt");
  const key = path.join(dir, "localhost.key");
  if (!usableCertificate(cert, key)) {
    console.log(`Making a development certificate for localhost in ${path.relative(ROOT, dir) || dir}/ (not installed anywhere)...`);
    try {
      // The folder is private before the key is written into it.
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      keepPrivate(dir, key);
      for (const f of [ca, cert, key]) fs.rmSync(f, { force: true });
      const { generateCertificates } = require("office-addin-dev-certs");
      await generateCertificates(ca, cert, key, 30, ["127.0.0.1", "localhost"]);
    } catch (err) {
      throw new StepError("certificate", `could not make the development certificate: ${err.message}`, `check that ${dir} can be written (or set AIPRICE_CERT_DIR to a folder that can), delete it and run \`npm start\` again`);
    }
    if (!usableCertificate(cert, key)) {
      throw new StepError("certificate", `the certificate made in ${dir} is not usable`, `delete ${dir} and run \`npm start\` again`);
    }
  }
  // Also for a key made by an earlier version, which left it readable by everyone.
  try {
    keepPrivate(dir, key);
  } catch (err) {
    throw new StepError("certificate", `could not make ${key} readable by its owner only: ${err.message}`, `run \`chmod 600 ${key}\`, or delete ${dir} and run \`npm start\` again`);
  }
  return { ca, cert, key };
}

function writeState(state) {
  const file = stateFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + "\n");
}

function removeState() {
  try {
    const state = JSON.parse(fs.readFileSync(stateFile(), "utf8"));
    if (state.pid === process.pid) fs.rmSync(stateFile(), { force: true });
  } catch {
    /* nothing to remove */
  }
}

async function startWorkbench(opts) {
  if (!(await portFree(opts.port, opts.host))) {
    throw new StepError("port", `port ${opts.port} on ${opts.host} is in use (another \`npm start\`, or another server)`, `stop it with \`npm stop\`, or use another port: \`npm start -- --port ${opts.port === DEFAULT_PORT ? 3100 : opts.port + 1}\``);
  }
  if (!opts.build) {
    const missing = BUILT.filter((f) => !fs.existsSync(path.join(DIST, f)));
    if (missing.length) throw new StepError("build", `dist/ has no ${missing.join(", ")}`, "run `npm run build` (or `npm start` without --no-build)");
  } else if (distIsFresh()) {
    console.log("dist/ is up to date with the sources: not rebuilding.");
  } else {
    await build();
  }
  const certs = await ensureCertificates(certDir());
  const { startServer } = require("./serve");
  let served;
  try {
    served = await startServer({ port: opts.port, host: opts.host, key: fs.readFileSync(certs.key), cert: fs.readFileSync(certs.cert) });
  } catch (err) {
    if (err.code === "EADDRINUSE") {
      throw new StepError("port", `port ${opts.port} was taken while building`, `stop what uses it (\`npm stop\`), or run \`npm start -- --port ${opts.port + 1}\``);
    }
    throw new StepError("server", `could not serve on ${opts.host}:${opts.port}: ${err.message}`, "check the host and port, or try another port with `npm start -- --port 3100`");
  }
  const url = `${served.url}/workbench.html`;
  writeState({ mode: "workbench", pid: process.pid, port: served.port, url });
  const stop = () => {
    removeState();
    served.server.close();
    served.server.closeAllConnections?.();
    console.log("\nStopped the workbench server.");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("exit", removeState);
  console.log("");
  console.log(`Workbench: ${url}`);
  console.log(`Task pane (as Excel loads it): ${served.url}/taskpane.html`);
  console.log("");
  console.log(`The certificate is self-made: your browser will warn once. To trust it, import ${path.join(certDir(), "ca.crt")}`);
  console.log('as a certificate authority in the browser, or choose "Proceed to localhost".');
  console.log("Press Ctrl+C here, or run `npm stop`, to stop.");
}

/** Excel desktop or Excel on the web, through office-addin-debugging as Microsoft's templates do. */
async function startInExcel(opts) {
  if (!(await portFree(DEFAULT_PORT, "localhost"))) {
    throw new StepError("port", `port ${DEFAULT_PORT} is in use; manifest.xml points Excel at https://localhost:${DEFAULT_PORT}`, "stop what uses it (`npm stop`), then `npm start` again");
  }
  try {
    // Excel only loads add-ins from a trusted HTTPS origin: install the development CA (it may ask once).
    const devCerts = require("office-addin-dev-certs");
    await devCerts.ensureCertificatesAreInstalled();
    const home = path.join(require("os").homedir(), ".office-addin-dev-certs");
    fs.mkdirSync(certDir(), { recursive: true });
    for (const f of ["localhost.crt", "localhost.key", "ca.crt"]) fs.copyFileSync(path.join(home, f), path.join(certDir(), f));
    keepPrivate(certDir(), path.join(certDir(), "localhost.key"));
  } catch (err) {
    throw new StepError("certificate", `could not install the development certificate: ${err.message}`, "run `npx office-addin-dev-certs install` and accept the prompt, then `npm start` again");
  }
  const cli = path.join(ROOT, "node_modules", "office-addin-debugging", "cli.js");
  const args = [cli, "start", MANIFEST, opts.mode, "--dev-server", "npx webpack serve --mode development", "--dev-server-port", String(DEFAULT_PORT)];
  if (opts.mode === "web") args.push("--document", opts.document);
  writeState({ mode: opts.mode, pid: process.pid, port: DEFAULT_PORT });
  const code = await new Promise((resolve) => {
    const env = { ...process.env };
    delete env.ADDIN_URL; // the dev server serves the development build (https://localhost:3000)
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new StepError(
      "sideload",
      `office-addin-debugging could not start Excel ${opts.mode === "web" ? "on the web" : "desktop"} (exit code ${code})`,
      opts.mode === "web" ? "check the workbook's address and that you are signed in; or run `npm start -- --workbench`" : "check that Excel opens on its own; or run `npm start -- --workbench`",
    );
  }
  console.log("Excel is starting with the add-in. Run `npm stop` to end it.");
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(
      fs
        .readFileSync(__filename, "utf8")
        .split("*/")[0]
        .replace(/^\/\*\n?/, "")
        .replace(/^ \* ?/gm, ""),
    );
    return;
  }
  const { mode, why } = chooseMode(opts);
  if (mode === "workbench") {
    console.log(`Starting the workbench${why ? `: ${why}` : ""}.`);
    await startWorkbench(opts);
  } else {
    console.log(`Sideloading the add-in into Excel ${mode === "web" ? "on the web" : "desktop"}${why ? ` (${why})` : ""}.`);
    await startInExcel(opts);
  }
}

if (require.main === module) {
  main().catch((err) => {
    removeState();
    if (err instanceof StepError) {
      console.error(`\nnpm start failed at the ${err.step} step: ${err.message}`);
      console.error(`How to fix: ${err.fix}.`);
    } else {
      console.error(`\nnpm start failed: ${err && err.stack ? err.stack : err}`);
    }
    process.exit(1);
  });
}

module.exports = { parseArgs, chooseMode, distIsFresh, ensureCertificates, usableCertificate, keepPrivate, StepError };
