/**
 * Writing a file the analyst named on the command line (`--focus-csv FILE`): never over an input, never
 * through a link or into a folder, pipe or device, and all at once (a temporary file renamed over the
 * target). Why each rule: docs/modules.md#files-written-from-the-command-line.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

export type WriteResult = { ok: true } | { ok: false; problem: string };

/** What a path that exists is, when it may not be written over; null for a regular file. */
function refusal(stat: fs.Stats): string | null {
  if (stat.isSymbolicLink()) return "is a symbolic link: name the file it leads to, or a new file";
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return "is a folder: name a file in it";
  if (stat.isFIFO()) return "is a pipe (FIFO), not a file: name a regular file";
  if (stat.isSocket()) return "is a socket, not a file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "is a device, not a file";
  return "is not a regular file";
}

/** The identity of a file (device and inode), or null when it cannot be found. */
function identity(file: string): string | null {
  try {
    const s = fs.statSync(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return "no such folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a folder";
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EROFS") return "the disk is read-only";
  return code ?? String(e);
}

/** Why the target may not be written, or null when it may (checked just before the write and again before the rename). */
export function targetProblem(target: string, inputs: readonly string[]): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    return `cannot be checked (${reason(e)})`;
  }
  const what = refusal(stat);
  if (what) return what;
  const own = `${stat.dev}:${stat.ino}`;
  const input = inputs.find((f) => identity(f) === own);
  if (input !== undefined) return `is the input file ${input}: name another file for what is written`;
  return null;
}

/**
 * Writes the text to the target as described above. The result says why nothing was written; the
 * target is then as it was.
 */
export function writeOutputFile(target: string, text: string, inputs: readonly string[]): WriteResult {
  const before = targetProblem(target, inputs);
  if (before) return { ok: false, problem: before };
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o666);
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    try {
      fs.chmodSync(temp, fs.statSync(target).mode & 0o777); // an existing file keeps its permissions
    } catch {
      // a new file: the umask's permissions
    }
    const now = targetProblem(target, inputs);
    if (now) throw Object.assign(new Error(now), { refusal: now });
    fs.renameSync(temp, target);
    return { ok: true };
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    const refused = (e as { refusal?: string }).refusal;
    return { ok: false, problem: refused ?? `cannot be written (${reason(e)})` };
  }
}
