/**
 * `aiprice`: template files checked and compared from the command line, on the same validation
 * (src/templates/validate.ts) and the same engine (src/engine) as the task pane.
 *
 *   aiprice validate FILE...
 *   aiprice compare FILE... --conversations N --resolution-rate R --human-cost H [options]
 *
 * Exit status: 0 when all is well, 1 when a file is invalid or the bids cannot be compared,
 * 2 when the command line itself is wrong.
 */
import * as fs from "fs";
import * as path from "path";
import { checkScenario, PRICING_MODEL_NAMES, Scenario, TokenUsage } from "../engine/bid";
import { breakEvenResolutionRates, compareBids, RankedBid } from "../engine/compare";
import { DEFAULT_QUALIFYING_SHARE } from "../engine/defaults";
import { formatPercent, InputReading, parseCount, parseMoney, parseNumberInput, parseRate, parseTokens } from "../engine/inputs";
import { isPricingProblem } from "../engine/problems";
import type { BidTemplate } from "../templates/template";
import { MAX_FILE_BYTES, readTemplateFile, TemplateProblem } from "../templates/validate";
import { backtestMain } from "./backtest";

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const HELP = `aiprice: check AI vendors' bid template files and compare them on one footing.

Usage:
  aiprice validate FILE...
  aiprice compare FILE... --conversations N --resolution-rate R --human-cost H [options]
  aiprice backtest HISTORY BIDS... [--window-days D] [--csat-threshold T] [--json] [options]
  aiprice --help

validate   Checks each file against the "aiprice-bid" format (one bid, or several in an
           "aiprice-bids" file) and lists every problem by field path.
compare    Prices every bid in the files for one month of the scenario and prints the
           normalized figures, the ranking (cheapest per resolution first) and the
           resolution rates at which two bids cost the same.
backtest   Prices a pilot's conversation history under every bid, month by month, with
           resolutions by the vendor's definition and yours (aiprice backtest --help).

Scenario (compare):
  --conversations N          conversations per month (V), e.g. 100000
  --resolution-rate R        share resolved by the AI without a human (r): 90%, 90 or 0.9
                             (a % sign, or a number above 1, is a percentage; 0 to 1 a fraction)
  --human-cost H             fully loaded cost of a conversation a human handles (h), e.g. 3
  --qualifying-share Q       share of AI resolutions that meet an outcome condition (q), read
                             as R is; default ${formatPercent(DEFAULT_QUALIFYING_SHARE)} (every AI resolution qualifies)
  --input-tokens N           tokens per conversation, for per-token bids that do not state
  --output-tokens N          their own (input tokens include the cached ones)
  --cached-input-tokens N
  --attempts N               calls per conversation (retries, agent steps); default 1

Exit status: 0 all files valid (and compared); 1 a file is invalid, cannot be read, or the
bids cannot be compared; 2 the command line is wrong.
`;

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Files.

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

function reportFile(r: FileResult, io: Output): void {
  if (r.problems.length === 0) {
    io.out(`ok       ${r.file} (${r.templates.length} bid${r.templates.length === 1 ? "" : "s"})\n`);
    return;
  }
  const n = r.problems.length;
  io.out(`INVALID  ${r.file}: ${n} problem${n === 1 ? "" : "s"}\n`);
  for (const p of r.problems) io.out(`  ${p.path}: ${p.message}\n`);
}

function validate(files: string[], io: Output): number {
  if (files.length === 0) throw new UsageError("validate needs at least one FILE");
  const results = files.map(readFile);
  for (const r of results) reportFile(r, io);
  const bad = results.filter((r) => r.problems.length > 0).length;
  io.out(`\n${results.length - bad} of ${results.length} file${results.length === 1 ? "" : "s"} valid${bad ? `, ${bad} invalid` : ""}.\n`);
  return bad ? EXIT_INVALID : EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// Options.

interface Parsed {
  files: string[];
  options: Map<string, string>;
}

const COMPARE_OPTIONS = new Set([
  "conversations",
  "resolution-rate",
  "human-cost",
  "qualifying-share",
  "input-tokens",
  "output-tokens",
  "cached-input-tokens",
  "attempts",
]);

function parseArgs(args: string[], allowed: Set<string>): Parsed {
  const files: string[] = [];
  const options = new Map<string, string>();
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
  return { files, options };
}

/**
 * How each numeric option is read: with the pane's readers (src/engine/inputs.ts), so that
 * `--resolution-rate 90%`, `90` and `0.9` all mean 90%, and `--conversations 100,000` is 100000.
 */
const OPTION_READERS: Record<string, (text: string) => InputReading> = {
  conversations: parseCount,
  "resolution-rate": (t) => parseRate(t),
  "human-cost": parseMoney,
  "qualifying-share": (t) => parseRate(t),
  "input-tokens": parseTokens,
  "output-tokens": parseTokens,
  "cached-input-tokens": parseTokens,
  attempts: (t) => parseNumberInput(t, { min: 1, example: "1" }),
};

/** A number from the command line, read as the pane reads the same field. */
function numberOption(options: Map<string, string>, name: string, required: boolean): number | undefined {
  const raw = options.get(name);
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  const read = OPTION_READERS[name](raw);
  if (!read.ok) {
    const typed = raw.trim();
    throw new UsageError(`--${name}: ${read.problem}${typed && read.problem.includes(typed) ? "" : ` (got "${raw}")`}`);
  }
  return read.value;
}

const FLAG_OF: Record<string, string> = {
  conversations: "--conversations",
  resolution_rate: "--resolution-rate",
  human_cost: "--human-cost",
  qualifying_share: "--qualifying-share",
};

function scenarioFrom(options: Map<string, string>): Scenario {
  const scenario: Scenario = {
    conversations: numberOption(options, "conversations", true) as number,
    resolutionRate: numberOption(options, "resolution-rate", true) as number,
    humanCost: numberOption(options, "human-cost", true) as number,
    qualifyingShare: numberOption(options, "qualifying-share", false) ?? DEFAULT_QUALIFYING_SHARE,
  };
  const input = numberOption(options, "input-tokens", false);
  const output = numberOption(options, "output-tokens", false);
  const cached = numberOption(options, "cached-input-tokens", false);
  const attempts = numberOption(options, "attempts", false);
  if (input !== undefined || output !== undefined || cached !== undefined || attempts !== undefined) {
    if (input === undefined || output === undefined) throw new UsageError("give both --input-tokens and --output-tokens (and --cached-input-tokens or --attempts only with them)");
    if (cached !== undefined && cached > input) throw new UsageError(`--cached-input-tokens (${cached}) are part of --input-tokens and cannot exceed them (${input})`);
    const tokens: TokenUsage = { input, output };
    if (cached !== undefined) tokens.cachedInput = cached;
    if (attempts !== undefined) tokens.attempts = attempts;
    scenario.tokens = tokens;
  }
  try {
    checkScenario(scenario);
  } catch (e) {
    if (!isPricingProblem(e)) throw e;
    const flag = FLAG_OF[e.argument] ?? e.argument;
    throw new UsageError(`${flag}: ${e.message}`);
  }
  return scenario;
}

// ---------------------------------------------------------------------------------------------
// The comparison table.

function fixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function table(head: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

interface Entry {
  label: string;
  template: BidTemplate;
  file: string;
}

/** Short labels for the table: the template id, numbered when two files share one. */
function labelled(results: FileResult[]): Entry[] {
  const count = new Map<string, number>();
  const entries: Entry[] = [];
  for (const r of results) {
    for (const template of r.templates) {
      const n = (count.get(template.id) ?? 0) + 1;
      count.set(template.id, n);
      entries.push({ label: n === 1 ? template.id : `${template.id}#${n}`, template, file: r.file });
    }
  }
  return entries;
}

function describeScenario(s: Scenario, currency: string): string {
  const parts = [
    `${fixed(s.conversations, 0)} conversations a month`,
    `resolution rate ${s.resolutionRate}`,
    `human cost ${fixed(s.humanCost, 2)} ${currency} per conversation`,
    `qualifying share ${s.qualifyingShare ?? 1}`,
  ];
  if (s.tokens) {
    parts.push(
      `tokens per conversation ${fixed(s.tokens.input, 0)} input${s.tokens.cachedInput !== undefined ? ` (${fixed(s.tokens.cachedInput, 0)} cached)` : ""}, ${fixed(s.tokens.output, 0)} output${s.tokens.attempts !== undefined ? `, ${s.tokens.attempts} attempts` : ""}`,
    );
  }
  return `Scenario: ${parts.join("; ")}.\n`;
}

function breakEvens(entries: Entry[], rows: RankedBid[], scenario: Scenario): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (!a.figures || !b.figures) continue;
      const pair = `${entries[i].label} vs ${entries[j].label}`;
      const rates = breakEvenResolutionRates(a.bid, b.bid, scenario);
      const diff = a.figures.aiCostPerConversation - b.figures.aiCostPerConversation;
      if (rates.length > 100 && Math.abs(diff) < 1e-12) {
        lines.push(`${pair}: the same cost at every resolution rate`);
      } else if (rates.length === 0) {
        const cheaper = diff < 0 ? entries[i].label : entries[j].label;
        lines.push(`${pair}: no break-even for r from 0 to 1; ${cheaper} costs less throughout`);
      } else {
        lines.push(`${pair}: the same cost per conversation at r = ${rates.map((r) => fixed(r, 4)).join(", ")}`);
      }
    }
  }
  return lines;
}

function compare(files: string[], options: Map<string, string>, io: Output): number {
  if (files.length === 0) throw new UsageError("compare needs at least one FILE");
  const scenario = scenarioFrom(options);
  const results = files.map(readFile);
  const invalid = results.filter((r) => r.problems.length > 0);
  if (invalid.length > 0) {
    for (const r of invalid) reportFile(r, io);
    io.err(`\n${invalid.length} file${invalid.length === 1 ? " is" : "s are"} invalid: nothing compared.\n`);
    return EXIT_INVALID;
  }
  const entries = labelled(results);
  const currencies = [...new Set(entries.map((e) => e.template.bid.currency))];
  if (currencies.length > 1) {
    io.err(`The bids are in different currencies (${currencies.join(", ")}): convert them to one currency before comparing.\n`);
    return EXIT_INVALID;
  }
  const currency = currencies[0];
  const rows = compareBids(
    entries.map((e) => e.template.bid),
    scenario,
  );
  const order = rows.map((_, i) => i).sort((x, y) => (rows[x].rank ?? Infinity) - (rows[y].rank ?? Infinity) || x - y);

  io.out(describeScenario(scenario, currency));
  io.out(`Figures in ${currency}; per conversation unless stated. Rank 1 is the cheapest per resolution.\n\n`);
  const head = ["rank", "bid", "model", "vendor fee/conv", "AI cost/conv", "cost/resolution", "blended/conv", "monthly total"];
  const body = order.map((i) => {
    const r = rows[i];
    const f = r.figures;
    const model = PRICING_MODEL_NAMES[r.bid.pricing.model];
    if (!f) return [r.rank === null ? "-" : String(r.rank), entries[i].label, model, "-", "-", "-", "-", "-"];
    return [
      String(r.rank),
      entries[i].label,
      model,
      fixed(f.vendorFeePerConversation, 4),
      fixed(f.aiCostPerConversation, 4),
      Number.isFinite(f.costPerResolution) ? fixed(f.costPerResolution, 4) : "n/a (r = 0)",
      fixed(f.blendedCostPerConversation, 4),
      fixed(f.monthlyTotal, 2),
    ];
  });
  io.out(table(head, body, [true, false, false, true, true, true, true, true]));

  io.out("\nBids:\n");
  for (const i of order) {
    const e = entries[i];
    io.out(`  ${e.label}: ${e.template.bid.vendor}, ${e.template.bid.name} (${e.file})\n`);
  }

  const unpriced = order.filter((i) => rows[i].problem);
  if (unpriced.length) {
    io.out("\nNot priced in this scenario:\n");
    for (const i of unpriced) {
      const p = rows[i].problem;
      const hint = p?.argument === "tokens" ? " (give --input-tokens and --output-tokens)" : "";
      io.out(`  ${entries[i].label}: ${p?.message}${hint}\n`);
    }
  }

  const references = order.filter((i) => entries[i].template.reference && rows[i].figures);
  if (references.length) {
    io.out("\nThe source's own figures:\n");
    for (const i of references) {
      const ref = entries[i].template.reference;
      const f = rows[i].figures;
      if (!ref || !f) continue;
      io.out(`  ${entries[i].label}: ${ref.label} is ${ref.value}; here the AI cost per conversation is ${fixed(f.aiCostPerConversation, 4)}. ${ref.note}\n`);
    }
  }

  const lines = breakEvens(entries, rows, scenario);
  if (lines.length) {
    io.out("\nBreak-even resolution rates (where two bids cost the same per conversation):\n");
    for (const l of lines) io.out(`  ${l}\n`);
  }
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// Entry points.

/** Runs the command line; returns the exit status (backtest: a promise of it). Never throws. */
export function main(argv: string[], io: Output): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === "backtest") return backtestMain(rest, io);
  try {
    if (command === undefined) {
      io.err(HELP);
      return EXIT_USAGE;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      io.out(HELP);
      return EXIT_OK;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (command === "validate") return validate(parseArgs(rest, new Set()).files, io);
    if (command === "compare") {
      const { files, options } = parseArgs(rest, COMPARE_OPTIONS);
      return compare(files, options, io);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`aiprice: ${e.message}\nRun "aiprice --help" for the commands and options.\n`);
      return EXIT_USAGE;
    }
    io.err(`aiprice: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INVALID;
  }
}

/** For bin/aiprice.js: runs with the process's arguments and sets its exit status. */
export function run(): void {
  // Output piped into a command that stops reading (`| head`) is not a failure of aiprice.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  void Promise.resolve(
    main(process.argv.slice(2), {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    }),
  ).then((code) => {
    process.exitCode = code;
  });
}
