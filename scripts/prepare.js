/*
 * `npm install` (and `npm ci`) run this as the package's `prepare` script: it compiles the command line
 * (src/cli, src/templates, src/engine -> lib/) so that `npx aiprice` works right after an install,
 * without `npm run build`. The add-in itself is built by `npm run build` / `npm start` / `npm test`.
 *
 * It first writes the sources the build generates (the template validator, scripts/build-validator.js),
 * which git does not hold. It skips the compile when lib/cli/aiprice.js is newer than every source it comes from, and when
 * TypeScript is not installed (an install without dev dependencies: then it says how to build).
 * Node built-ins only; runs the same on Windows, macOS and Linux.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "lib", "cli", "aiprice.js");
const SOURCES = ["src/cli", "src/templates", "src/engine", "tsconfig.cli.json", "tsconfig.json"].map((p) => path.join(ROOT, p));

/** The newest modification time under a file or folder (0 when it does not exist). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  return t;
}

function main() {
  require("./build-validator.js").ensure();
  let built = 0;
  try {
    built = fs.statSync(OUT).mtimeMs;
  } catch {
    /* not built yet */
  }
  if (built > 0 && SOURCES.every((s) => newest(s) < built)) {
    console.log("aiprice: lib/ is up to date with the sources.");
    return 0;
  }
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  } catch {
    console.log("aiprice: TypeScript is not installed (dev dependencies omitted): the command line is not compiled. Run `npm install` with dev dependencies, then `npm run build`.");
    return 0;
  }
  console.log("aiprice: compiling the command line (tsc -p tsconfig.cli.json)...");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.cli.json"], { cwd: ROOT, stdio: "inherit", windowsHide: true });
  if (r.status !== 0) {
    console.error("aiprice: the command line did not compile (errors above). Fix them, then run `npm run build`.");
    return r.status || 1;
  }
  console.log("aiprice: ready (`npx aiprice --help`).");
  return 0;
}

process.exitCode = main();
