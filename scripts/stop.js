/*
 * `npm stop`: end what `npm start` started. The workbench server: its process (recorded by start.js).
 * Excel desktop or on the web: office-addin-debugging stop, which ends the dev server and removes
 * the sideloaded add-in, as Microsoft's templates do.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const stateFile = process.env.AIPRICE_STATE_FILE || path.join(ROOT, ".certs", "npm-start.json");

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

async function waitForExit(pid, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/** How to end a process by hand, in the platform's own words. */
function killAdvice(pid, platform = process.platform) {
  return platform === "win32" ? `taskkill /PID ${pid} /F` : `kill ${pid}`;
}

function stopExcel() {
  const cli = path.join(ROOT, "node_modules", "office-addin-debugging", "cli.js");
  const r = spawnSync(process.execPath, [cli, "stop", "manifest.xml"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) {
    console.error("npm stop: office-addin-debugging could not stop the debugging session. Close Excel, then run `npm stop` again.");
    process.exitCode = 1;
  }
}

async function main() {
  let state = null;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  } catch {
    /* no record */
  }
  if (!state) {
    if (process.platform === "win32" || process.platform === "darwin") return stopExcel();
    console.log("Nothing to stop: no `npm start` is running from this folder.");
    return;
  }
  if (state.mode === "workbench") {
    const pid = Number(state.pid);
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
      fs.rmSync(stateFile, { force: true });
      console.log("The workbench server had already stopped.");
      return;
    }
    process.kill(pid, "SIGTERM");
    if (await waitForExit(pid, 5000)) {
      fs.rmSync(stateFile, { force: true });
      console.log(`Stopped the workbench server (process ${pid}, ${state.url || "port " + state.port}).`);
    } else {
      console.error(`npm stop: the workbench server (process ${pid}) did not stop within 5 s. End it with \`${killAdvice(pid)}\`.`);
      process.exitCode = 1;
    }
    return;
  }
  fs.rmSync(stateFile, { force: true });
  stopExcel();
}

module.exports = { killAdvice, alive };

if (require.main === module) {
  main().catch((err) => {
    console.error(`npm stop failed: ${err.message}`);
    process.exitCode = 1;
  });
}
