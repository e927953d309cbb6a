/**
 * Node only: temporary folders that are removed on every exit: when the reading ends (its `finally`),
 * when the process exits, and on Ctrl+C (SIGINT), SIGTERM or SIGHUP, after which the signal is raised
 * again so that the process ends as it would have. The signal handlers are installed only while a
 * folder exists, so that they change nothing for the rest of the program.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const live = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function removeAll(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", removeAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.removeListener("exit", removeAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** A new private folder under the system's temporary folder, removed on every exit. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (live.size === 0) install();
  live.add(dir);
  return dir;
}

/** Removes a folder made by makeTempDir. */
export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  if (live.delete(dir) && live.size === 0) uninstall();
}
