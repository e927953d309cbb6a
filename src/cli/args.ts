/**
 * The command line's options: `--name value`, `--name=value`, flags without a value, `--` before file
 * names that start with dashes. Every problem is a UsageError (exit status 2).
 */

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export class UsageError extends Error {}

export interface Parsed {
  files: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** Parses the arguments after the command: `allowed` options take a value, `flags` take none. */
export function parseArgs(args: string[], allowed: ReadonlySet<string>, flags: ReadonlySet<string> = new Set()): Parsed {
  const files: string[] = [];
  const options = new Map<string, string>();
  const set = new Set<string>();
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyFiles || !a.startsWith("--") || a === "--") {
      if (a === "--" && !onlyFiles) onlyFiles = true;
      else files.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (flags.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      set.add(name);
      continue;
    }
    if (!allowed.has(name)) throw new UsageError(`unknown option --${name}`);
    let value: string | undefined;
    if (eq !== -1) value = a.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    options.set(name, value);
  }
  return { files, options, flags: set };
}
