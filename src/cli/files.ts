/**
 * Reading template files from the command line: only regular files, within the pane's size limit,
 * checked by the same validation as the pane; problems reported by field path.
 */
import * as fs from "fs";
import * as path from "path";
import type { BidTemplate } from "../templates/template";
import { MAX_FILE_BYTES, readTemplateFile, TemplateProblem } from "../templates/validate";
import type { Output } from "./args";

export interface FileResult {
  file: string;
  templates: BidTemplate[];
  problems: TemplateProblem[];
}

/** What a path that is not a regular file is, in words (stat of what it names, links followed). */
function notAFile(stat: fs.Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return "is a folder, not a file";
  if (stat.isFIFO()) return "is a pipe (FIFO), not a file: save what it carries to a file, then check that file";
  if (stat.isSocket()) return "is a socket, not a file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "is a device, not a file";
  return "is not a regular file";
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;
}

/**
 * Reads a template file: only a regular file (a link to one is fine), at most MAX_FILE_BYTES, the
 * pane's limit. The path is opened once, without waiting (a FIFO would block until a writer came)
 * and without becoming a terminal's controller; what was opened is checked on the open descriptor
 * (fstat), so it cannot be swapped between the check and the read; and no more than the limit and
 * one byte is ever read, whatever the size says (/dev/zero says 0 and never ends).
 */
export function readFile(file: string): FileResult {
  const fail = (message: string): FileResult => ({ file, templates: [], problems: [{ path: "(file)", message }] });
  const cannot = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "no such file";
    if (code === "EACCES" || code === "EPERM") return "cannot be read: permission denied";
    if (code === "ELOOP") return "is a link that leads back to itself";
    return `cannot be read (${code ?? String(e)})`;
  };
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
  let fd: number;
  try {
    fd = fs.openSync(file, flags);
  } catch (e) {
    // A socket cannot be opened at all (ENXIO): say what it is from its stat.
    try {
      const what = notAFile(fs.statSync(file));
      if (what) return fail(what);
    } catch {
      // the open's own reason follows
    }
    return fail(cannot(e));
  }
  let bytes: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    const what = notAFile(stat);
    if (what) return fail(what);
    if (stat.size > MAX_FILE_BYTES) return fail(`is ${kb(stat.size)}; a template file may be at most ${kb(MAX_FILE_BYTES)}`);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) return fail(`is more than ${kb(MAX_FILE_BYTES)} (it grew while being read); a template file may be at most ${kb(MAX_FILE_BYTES)}`);
    }
    bytes = buffer.subarray(0, length);
  } catch (e) {
    return fail(cannot(e));
  } finally {
    fs.closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("is not UTF-8 text: save it as UTF-8 (JSON files are UTF-8)");
  }
  const result = readTemplateFile(text, path.basename(file));
  return result.ok ? { file, templates: result.templates, problems: [] } : { file, templates: [], problems: result.problems };
}

export function reportFile(r: FileResult, io: Output): void {
  if (r.problems.length === 0) {
    io.out(`ok       ${r.file} (${r.templates.length} bid${r.templates.length === 1 ? "" : "s"})\n`);
    return;
  }
  const n = r.problems.length;
  io.out(`INVALID  ${r.file}: ${n} problem${n === 1 ? "" : "s"}\n`);
  for (const p of r.problems) io.out(`  ${p.path}: ${p.message}\n`);
}
