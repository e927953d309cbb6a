/**
 * `aiprice compare`: every bid in the files priced for one month of the scenario, each at its own
 * performance, ranked by blended cost per conversation; the risk view over three-point estimates; and
 * the cheapest bid by resolution rate. `--json` prints one object whose field names are a contract.
 *
 * The work is linear in the number of bids (no pairwise block); at most MAX_CLI_BIDS bids are compared.
 */
import { Bid, bidScenario, chargeFigures, checkScenario, LowHigh, PRICING_MODEL_NAMES, Scenario, TokenUsage } from "../engine/bid";
import { BidRisk, DEFAULT_DRAWS, DEFAULT_SEED, drawTrials, summarizeTrials, Trials } from "../engine/bid-risk";
import { cheapestByResolutionRate, compareBids, RankedBid } from "../engine/compare";
import { DEFAULT_QUALIFYING_SHARE } from "../engine/defaults";
import { monthlyPlan, nextMonth, planCsv } from "../engine/finance";
import { InputReading, parseCount, parseMoney, parseNumberInput, parseTokens } from "../engine/inputs";
import { isPricingProblem } from "../engine/problems";
import { MAX_DRAWS } from "../engine/risk";
import { BidTerm, compareTerm, DEFAULT_TERM, MAX_TERM_MONTHS, TermComparison, TermSettings, termSettings } from "../engine/term";
import type { ChargeTerm } from "../engine/term-charges";
import type { BidTemplate } from "../templates/template";
import { freshnessWords, isIsoDate, PricesInEffect, pricesInEffect, STALE_AFTER_DAYS, templateAt, termPrices, todayIso, UNDATED } from "../templates/versions";
import { EXIT_INVALID, EXIT_OK, Output, UsageError } from "./args";
import { FileResult, readFile, reportFile } from "./files";
import { negotiate, Negotiation, NEGOTIATE_HELP, NEGOTIATE_OPTIONS, NegotiationJson, negotiationJson, negotiationText, pairOption, rateCorrelationOption, trialsCsv } from "./negotiate";
import { RATE_RULE_HELP, rateReading, readRate } from "./rates";
import { writeOutputFile } from "./write-file";

/** More bids than this are refused with a clear message (the work stays linear below it). */
export const MAX_CLI_BIDS = 1000;

export const COMPARE_OPTIONS = new Set([
  "conversations",
  "resolution-rate",
  "human-cost",
  "qualifying-share",
  "input-tokens",
  "output-tokens",
  "cached-input-tokens",
  "attempts",
  "token-factor",
  "draws",
  "seed",
  "as-of",
  "term-months",
  "growth",
  "seasonal",
  "discount-rate",
  "ramp",
  "escalator",
  "focus-csv",
  "first-month",
  ...NEGOTIATE_OPTIONS,
]);
export const COMPARE_FLAGS = new Set(["json"]);

/** The first month a plan may start in and the last it may end by (FOCUS dates have four-digit years). */
export const FIRST_PLAN_MONTH = "1900-01";
export const LAST_PLAN_MONTH = "9999-12";

export const COMPARE_HELP = `Scenario (compare):
  --conversations N|LOW,LIKELY,HIGH
                             conversations per month (V), e.g. 100000 or 80000,100000,130000
                             (a three-point value takes no thousands separators)
  --resolution-rate R|LOW,LIKELY,HIGH
                             share resolved by the AI without a human (r): 90% or 0.9 (a %
                             sign makes a percentage; without one, a fraction: see below). A
                             bid's own rate in its file comes first; a three-point value applies
                             to every bid without a range of its own, around its likely rate
  --human-cost H|LOW,LIKELY,HIGH
                             fully loaded cost of a conversation a human handles (h), e.g. 3
  --qualifying-share Q       share of AI resolutions that meet an outcome condition (q), read
                             as R is; default 100% (every AI resolution qualifies)
  --input-tokens N           tokens per conversation, for per-token bids that do not state
  --output-tokens N          their own (input tokens include the cached ones)
  --cached-input-tokens N
  --attempts N               calls per conversation (retries, agent steps); default 1
  --token-factor LOW,HIGH    the range of tokens per conversation as a share of what each bid
                             states, e.g. 0.8,1.5
  --draws N                  scenarios drawn for the risk figures (default ${DEFAULT_DRAWS}, at most ${MAX_DRAWS.toLocaleString("en-US")})
  --seed S                   seed of the draws (default ${DEFAULT_SEED}); the same seed gives the same figures
  --as-of YYYY-MM-DD         the comparison date (default today, your local date): each bid is priced at the
                             version of its prices in effect that day; a price read more than
                             ${STALE_AFTER_DAYS} days before it is marked stale
  --json                     one JSON object: the scenario, every bid with its figures and risk,
                             which prices it used and when they were read, and the cheapest bid
                             by resolution rate (and its term, see below)
Without ranges, the risk figures are the point figures.
${NEGOTIATE_HELP}

Over the contract term (each bid priced month by month, see docs/term.md; the term starts on the
--as-of date, and each month is priced at the version of the bid's prices in effect on its first day):
  --term-months M            months of the term, 1 to ${MAX_TERM_MONTHS}: adds each bid's total contract
                             value, NPV, commitment left unused, credits expired and the month
                             from which it is the cheapest (--json: "term" on each bid)
  --growth G                 growth of conversations per month, e.g. 2% or -1% (default 0%);
                             month 1 has --conversations
  --seasonal F1,...,F12      twelve seasonal factors for months 1 to 12 (then again), relative
                             to month 1, e.g. 1,1,1.2,1,1,0.8,0.8,1,1,1.1,1.3,1.5
  --discount-rate D          discount rate per month for the NPV (Excel's NPV: month 1 is
                             discounted once), e.g. 0.5% (default ${DEFAULT_TERM.discountRate * 100}%)
  --ramp START,MONTHS        each bid starts at START of its own resolution rate (e.g. 50%) and
                             reaches it after MONTHS months (default 100%,0: no ramp)
  --escalator E              price escalator per year for bids whose contract states none
                             (default 0%)
  --focus-csv FILE           also writes the monthly plan to FILE as CSV, one row per bid and
                             month, in FinOps FOCUS columns (BilledCost, EffectiveCost,
                             ChargePeriodStart, ProviderName, ...) and x_ columns for the rest
                             (commitment true-ups, credits, the buyer's own and human costs);
                             an existing FILE is replaced; text cells are quoted and never start
                             a formula, whatever separator the spreadsheet reads with
  --first-month YYYY-MM      the contract's first month, for the plan's dates (default: the month
                             after today, your local date), from ${FIRST_PLAN_MONTH}; the plan ends by ${LAST_PLAN_MONTH}
A file written (--focus-csv, --trials-csv) is never one of the input files, a folder, a pipe or a
link; it is written to a temporary file in the same folder, then renamed into place.

${RATE_RULE_HELP}`;

const READERS: Record<string, (text: string) => InputReading> = {
  conversations: parseCount,
  "resolution-rate": (t) => rateReading("resolution-rate", t),
  "human-cost": parseMoney,
  "qualifying-share": (t) => rateReading("qualifying-share", t),
  "input-tokens": parseTokens,
  "output-tokens": parseTokens,
  "cached-input-tokens": parseTokens,
  attempts: (t) => parseNumberInput(t, { min: 1, example: "1" }),
  "token-factor": (t) => parseNumberInput(t, { min: 0, example: "0.8" }),
  draws: (t) => parseNumberInput(t, { min: 1, example: "2000" }),
  seed: (t) => parseNumberInput(t, { min: 0, example: "1" }),
};

/** One value of an option, read as the pane reads the same field. */
function read(name: string, raw: string): number {
  const r = READERS[name](raw);
  if (!r.ok) {
    const typed = raw.trim();
    throw new UsageError(`--${name}: ${r.problem}${typed && r.problem.includes(typed) ? "" : ` (got "${raw}")`}`);
  }
  return r.value;
}

function numberOption(options: Map<string, string>, name: string, required: boolean): number | undefined {
  const raw = options.get(name);
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  return read(name, raw);
}

/**
 * A value or a three-point estimate LOW,LIKELY,HIGH (the likely value is the scenario's). Thousands
 * separators are not allowed in a three-point value: its commas separate the three.
 */
function estimateOption(options: Map<string, string>, name: string): { likely: number; range?: LowHigh } | undefined {
  const raw = options.get(name);
  if (raw === undefined) return undefined;
  const parts = raw.split(",");
  // 100,000 and 1,000,000 are one number with thousands separators, not a range.
  const grouped = parts.length > 1 && parts.slice(1).every((p) => /^\d{3}(\.\d*)?$/.test(p.trim())) && READERS[name](raw).ok;
  if (parts.length < 3 || grouped) return { likely: read(name, raw) };
  if (parts.length !== 3) throw new UsageError(`--${name} takes one value or three, LOW,LIKELY,HIGH (got "${raw}")`);
  const [low, likely, high] = parts.map((p) => read(name, p));
  if (!(low <= likely && likely <= high)) throw new UsageError(`--${name}: LOW,LIKELY,HIGH must be in that order (got "${raw}")`);
  return { likely, range: { low, high } };
}

const FLAG_OF: Record<string, string> = {
  conversations: "--conversations",
  resolution_rate: "--resolution-rate",
  human_cost: "--human-cost",
  qualifying_share: "--qualifying-share",
  tokens: "--token-factor",
};

export function scenarioFrom(options: Map<string, string>): Scenario {
  const required = (name: string) => {
    const e = estimateOption(options, name);
    if (!e) throw new UsageError(`--${name} is required`);
    return e;
  };
  const v = required("conversations");
  const r = required("resolution-rate");
  const h = required("human-cost");
  const scenario: Scenario = {
    conversations: v.likely,
    resolutionRate: r.likely,
    humanCost: h.likely,
    qualifyingShare: numberOption(options, "qualifying-share", false) ?? DEFAULT_QUALIFYING_SHARE,
  };
  const ranges: Scenario["ranges"] = {};
  if (v.range) ranges.conversations = v.range;
  if (r.range) ranges.resolutionRate = r.range;
  if (h.range) ranges.humanCost = h.range;
  const factor = options.get("token-factor");
  if (factor !== undefined) {
    const parts = factor.split(",");
    if (parts.length !== 2) throw new UsageError(`--token-factor takes LOW,HIGH, e.g. 0.8,1.5 (got "${factor}")`);
    const [low, high] = parts.map((p) => read("token-factor", p));
    if (!(low <= 1 && 1 <= high)) throw new UsageError(`--token-factor: LOW must be at most 1 and HIGH at least 1 (got "${factor}")`);
    ranges.tokens = { low, high };
  }
  if (Object.keys(ranges).length > 0) scenario.ranges = ranges;
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

/** The term's settings from --term-months and its companions; null when no --term-months is given. */
export function termOptions(options: Map<string, string>): TermSettings | null {
  const companions = ["growth", "seasonal", "discount-rate", "ramp", "escalator"].filter((k) => options.has(k));
  const raw = options.get("term-months");
  if (raw === undefined) {
    if (companions.length) throw new UsageError(`--${companions[0]} describes the contract term: give --term-months too`);
    return null;
  }
  const months = parseNumberInput(raw, { min: 1, max: MAX_TERM_MONTHS, integer: true, example: "24" });
  if (!months.ok) throw new UsageError(`--term-months: ${months.problem}`);
  const given: Partial<TermSettings> = { months: months.value };
  if (options.has("growth")) given.growth = readRate("growth", options.get("growth")!);
  if (options.has("escalator")) given.escalator = readRate("escalator", options.get("escalator")!);
  if (options.has("discount-rate")) given.discountRate = readRate("discount-rate", options.get("discount-rate")!);
  if (options.has("seasonal")) {
    const parts = options.get("seasonal")!.split(",");
    if (parts.length !== 12) throw new UsageError(`--seasonal takes twelve factors separated by commas, one per month of a year (got ${parts.length})`);
    given.seasonal = parts.map((p, i) => {
      const f = parseNumberInput(p, { example: "1.2" });
      if (!f.ok || f.value <= 0) throw new UsageError(`--seasonal: factor ${i + 1} must be a number above 0 (got "${p.trim()}")`);
      return f.value;
    });
  }
  if (options.has("ramp")) {
    const parts = options.get("ramp")!.split(",");
    if (parts.length !== 2) throw new UsageError(`--ramp takes START,MONTHS, e.g. 50%,6 (got "${options.get("ramp")}")`);
    const start = rateReading("ramp", parts[0]);
    if (!start.ok) throw new UsageError(`--ramp: the start ${start.problem}`);
    const k = parseNumberInput(parts[1], { min: 0, max: MAX_TERM_MONTHS, integer: true, example: "6" });
    if (!k.ok) throw new UsageError(`--ramp: the months ${k.problem}`);
    given.rampStart = start.value;
    given.rampMonths = k.value;
  }
  try {
    return termSettings(given);
  } catch (e) {
    if (!isPricingProblem(e)) throw e;
    throw new UsageError(`the term: ${e.message}`);
  }
}

const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;

/**
 * --focus-csv FILE and --first-month YYYY-MM: the monthly plan's file and first month (with --term-months
 * only). The month is a real one, from 1900-01, and the plan's last period must end by 9999-12.
 */
export function planOptions(options: Map<string, string>, withTerm: boolean, today = new Date(), months = 1): { csvFile?: string; firstMonth: string } {
  const csvFile = options.get("focus-csv");
  const first = options.get("first-month");
  if (!withTerm && (csvFile !== undefined || first !== undefined)) throw new UsageError(`--${csvFile !== undefined ? "focus-csv" : "first-month"} writes the plan of the contract term: give --term-months too`);
  if (first !== undefined && csvFile === undefined) throw new UsageError("--first-month dates the monthly plan: give --focus-csv FILE too");
  if (first !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(first.trim())) throw new UsageError(`--first-month: write the month as YYYY-MM, e.g. 2027-01 (got "${first}")`);
  const firstMonth = first?.trim() ?? nextMonth(today);
  const latest = monthIndex(LAST_PLAN_MONTH) - months;
  if (monthIndex(firstMonth) < monthIndex(FIRST_PLAN_MONTH) || monthIndex(firstMonth) > latest) {
    throw new UsageError(`--first-month: the plan runs from ${FIRST_PLAN_MONTH} and ends by ${LAST_PLAN_MONTH}; with ${months} month${months === 1 ? "" : "s"} the first month is at most ${monthOf(latest)} (got "${firstMonth}")`);
  }
  return { csvFile, firstMonth };
}

function riskOptions(options: Map<string, string>): { draws: number; seed: number; rateCorrelation: number } {
  const draws = numberOption(options, "draws", false) ?? DEFAULT_DRAWS;
  const seed = numberOption(options, "seed", false) ?? DEFAULT_SEED;
  if (!Number.isInteger(draws) || draws < 1 || draws > MAX_DRAWS) throw new UsageError(`--draws must be a whole number from 1 to ${MAX_DRAWS.toLocaleString("en-US")} (got ${draws})`);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number of 0 or more (got ${seed})`);
  return { draws, seed, rateCorrelation: rateCorrelationOption(options) };
}

// ---------------------------------------------------------------------------------------------
// Output.

function fixed(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function percent(x: number): string {
  return `${(x * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
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

/** Short labels for the tables: the template id, numbered when two files share one. */
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

function describeScenario(s: Scenario, currency: string, risk: { draws: number; seed: number; rateCorrelation: number }): string {
  const range = (r: LowHigh | undefined, f: (x: number) => string) => (r ? ` (from ${f(r.low)} to ${f(r.high)})` : "");
  const parts = [
    `${fixed(s.conversations, 0)} conversations a month${range(s.ranges?.conversations, (x) => fixed(x, 0))}`,
    `resolution rate ${percent(s.resolutionRate)}${range(s.ranges?.resolutionRate, percent)}`,
    `human cost ${fixed(s.humanCost, 2)} ${currency} per conversation${range(s.ranges?.humanCost, (x) => fixed(x, 2))}`,
    `qualifying share ${percent(s.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE)}`,
  ];
  if (s.tokens) {
    parts.push(
      `tokens per conversation ${fixed(s.tokens.input, 0)} input${s.tokens.cachedInput !== undefined ? ` (${fixed(s.tokens.cachedInput, 0)} cached)` : ""}, ${fixed(s.tokens.output, 0)} output${s.tokens.attempts !== undefined ? `, ${s.tokens.attempts} attempts` : ""}`,
    );
  }
  if (s.ranges?.tokens) parts.push(`tokens from ${percent(s.ranges.tokens.low)} to ${percent(s.ranges.tokens.high)} of each bid's`);
  return `Scenario: ${parts.join("; ")}. Risk: ${risk.draws.toLocaleString("en-US")} drawn scenarios, seed ${risk.seed}, bids' resolution rates correlated ${fixed(risk.rateCorrelation, 2)} (rank correlation; 1: a hard month is hard for every vendor alike).\n`;
}

/** A bid over the contract term, in `compare --json` (with --term-months). */
export interface TermJson {
  months: number;
  /** The total contract value: every month's cost (vendor, the buyer's own, the human fallback). */
  total: number;
  /** Excel's NPV of the monthly totals at the monthly discount rate. */
  npv: number;
  unusedCommitment: number;
  expiredCredits: number;
  /** From this month to the end of the term its cumulative cost is the lowest; null if never. */
  cheapestFromMonth: number | null;
  /** The months in which a commitment's shortfall is billed, and how much. */
  commitmentTrueUps: { month: number; amount: number }[];
  /**
   * Only when the term spans more than one version of the bid's prices: from which month each version
   * prices the months ("undated" or the version's first day), in order.
   */
  priceVersions?: { fromMonth: number; version: string }[];
  /**
   * A bid by charges: each charge with a term shape (its own escalator, prepaid units, commitment) over
   * the term: what it bills (escalated, packs in), its true-ups, its commitment left unused, its units expired.
   */
  charges?: { label: string; billed: number; commitmentTrueUps: { month: number; amount: number }[]; unusedCommitment: number; expiredUnits: number }[];
}

/** One charge of a bid by charges in `compare --json`: its month's units (in `unit`) and fee. */
export interface ChargeJson {
  label: string;
  meter: string;
  units: number;
  unit: string;
  fee: number;
}

/** The JSON contract of `compare --json`. */
export interface CompareJson {
  scenario: Scenario & { draws: number; seed: number; rateCorrelation: number };
  /** The term's settings, with --term-months only. */
  term?: TermSettings;
  bids: {
    file: string;
    id: string;
    vendor: string;
    name: string;
    model: string;
    rank: number | null;
    resolutionRate: number | null;
    aiCostPerConversation: number | null;
    costPerResolution: number | null;
    blendedCost: number | null;
    monthlyTotal: number | null;
    risk: BidRisk | null;
    problem?: string;
    /** With --term-months: the bid over the term (null when it cannot be priced over it). */
    term?: TermJson | null;
    /** A bid by charges: each charge's units and fee for the month (null when it cannot be priced). */
    charges?: ChargeJson[] | null;
  }[];
  cheapestByResolutionRate: { from: number; to: number; bid: string }[];
}

/** The comparison date and, per bid, which version of its prices was used (added to CompareJson). */
export interface CompareJsonPrices {
  asOf: string;
  bids: {
    /**
     * version: "undated" (the file's own prices) or the first day of the dated version used; readOn:
     * the oldest date its sources were read (null: no public source); stale: read more than 90 days
     * before asOf.
     */
    prices: { version: string; effectiveFrom: string | null; effectiveUntil: string | null; readOn: string | null; stale: boolean };
  }[];
}

/** The --as-of option: a date written YYYY-MM-DD, or today. */
export function asOfOption(options: Map<string, string>): string {
  const raw = options.get("as-of");
  if (raw === undefined) return todayIso();
  if (!isIsoDate(raw.trim())) throw new UsageError(`--as-of takes a date written YYYY-MM-DD, e.g. 2026-05-18 (got "${raw}")`);
  return raw.trim();
}

/** What the command line asks for: the scenario and the options of the risk view, the date, the term and the plan's file. */
interface Request {
  scenario: Scenario;
  risk: ReturnType<typeof riskOptions>;
  asOf: string;
  termSet: TermSettings | null;
  csvFile?: string;
  firstMonth: string;
  /** --pair LEADER,RIVAL as typed, and --trials-csv FILE. */
  pair?: string;
  trialsFile?: string;
}

/** The bids read from the files, as of the comparison date, in one currency. */
interface Loaded {
  entries: Entry[];
  /** Each template with all its dated versions (for the prices in effect each month of the term). */
  dated: BidTemplate[];
  prices: PricesInEffect[];
  currency: string;
  bids: Bid[];
}

/** Every figure of the comparison, as the engine computes it. */
interface Priced {
  rows: RankedBid[];
  risks: (BidRisk | null)[];
  byRate: ReturnType<typeof cheapestByResolutionRate>;
  ranges: { from: number; to: number; bid: string }[];
  term: TermComparison | null;
  /** The drawn scenarios behind the risk figures, and the negotiation (docs/spec.md#decide-and-negotiate). */
  trials: Trials;
  negotiation: Negotiation;
}

export function compare(files: string[], options: Map<string, string>, flags: Set<string>, io: Output): number {
  if (files.length === 0) throw new UsageError("compare needs at least one FILE");
  const request = readRequest(options);
  const loaded = loadBids(files, request.asOf, flags, io);
  if (typeof loaded === "number") return loaded;
  const priced = priceBids(loaded, request);
  let csvNote = "";
  if (priced.term && request.csvFile !== undefined) {
    const note = writePlan(loaded, priced.term, request, files, io);
    if (note === null) return EXIT_INVALID;
    if (flags.has("json")) io.err(note);
    else csvNote = `\n${note}`;
  }
  if (request.trialsFile !== undefined) {
    const note = writeTrials(loaded, priced, request.trialsFile, files, io);
    if (note === null) return EXIT_INVALID;
    if (flags.has("json")) io.err(note);
    else csvNote += `\n${note}`;
  }
  if (flags.has("json")) {
    printJson(request, loaded, priced, io);
    return EXIT_OK;
  }
  printText(request, loaded, priced, io);
  if (csvNote) io.out(csvNote);
  return EXIT_OK;
}

/** The options, checked before any file is read. */
function readRequest(options: Map<string, string>): Request {
  const scenario = scenarioFrom(options);
  const risk = riskOptions(options);
  const asOf = asOfOption(options);
  const termSet = termOptions(options);
  const { csvFile, firstMonth } = planOptions(options, termSet !== null, undefined, termSet?.months);
  return { scenario, risk, asOf, termSet, csvFile, firstMonth, pair: options.get("pair"), trialsFile: options.get("trials-csv") };
}

/** Reads and checks the files; each template as of the comparison date. An exit status when they cannot be compared. */
function loadBids(files: string[], asOf: string, flags: Set<string>, io: Output): Loaded | number {
  const results = files.map(readFile);
  const invalid = results.filter((r) => r.problems.length > 0);
  if (invalid.length > 0) {
    for (const r of invalid) reportFile(r, flags.has("json") ? { out: io.err, err: io.err } : io);
    io.err(`\n${invalid.length} file${invalid.length === 1 ? " is" : "s are"} invalid: nothing compared.\n`);
    return EXIT_INVALID;
  }
  // Each template as of the comparison date: the version of its prices in effect then.
  const prices: PricesInEffect[] = [];
  const dated = labelled(results);
  const entries = dated.map((e) => {
    prices.push(pricesInEffect(e.template, asOf));
    return { ...e, template: templateAt(e.template, asOf) };
  });
  if (entries.length > MAX_CLI_BIDS) {
    io.err(`The files hold ${entries.length.toLocaleString("en-US")} bids; compare takes at most ${MAX_CLI_BIDS.toLocaleString("en-US")} at a time: compare them in groups.\n`);
    return EXIT_INVALID;
  }
  const currencies = [...new Set(entries.map((e) => e.template.bid.currency))];
  if (currencies.length > 1) {
    io.err(`The bids are in different currencies (${currencies.join(", ")}): convert them to one currency before comparing.\n`);
    return EXIT_INVALID;
  }
  return { entries, dated: dated.map((e) => e.template), prices, currency: currencies[0], bids: entries.map((e) => e.template.bid) };
}

function priceBids(loaded: Loaded, request: Request): Priced {
  const { bids, entries } = loaded;
  const { scenario, risk, termSet } = request;
  const byRate = cheapestByResolutionRate(bids, scenario);
  const trials = drawTrials(bids, scenario, risk);
  const labels = entries.map((e) => e.label);
  return {
    rows: compareBids(bids, scenario),
    risks: summarizeTrials(trials),
    byRate,
    ranges: byRate.ranges.map((x) => ({ from: x.from, to: x.to, bid: entries[x.bid].label })),
    // Over the term, each month at the prices in effect that month (the term starts on the comparison date).
    term: termSet
      ? compareTerm(
          bids,
          scenario,
          termSet,
          [],
          loaded.dated.map((t) => termPrices(t, request.asOf, termSet.months)),
        )
      : null,
    trials,
    negotiation: negotiate(bids, scenario, trials, risk, pairOption(request.pair, labels), labels),
  };
}

/** Writes the drawn scenarios to --trials-csv FILE, as safely as the plan: the note to print, or null when nothing was written. */
function writeTrials(loaded: Loaded, priced: Priced, file: string, files: string[], io: Output): string | null {
  const written = writeOutputFile(
    file,
    trialsCsv(
      priced.trials,
      loaded.entries.map((e) => e.label),
    ),
    files,
  );
  if (!written.ok) {
    io.err(`--trials-csv: ${file} ${written.problem}; nothing was written.\n`);
    return null;
  }
  return `Wrote the ${priced.trials.count.toLocaleString("en-US")} drawn scenarios to ${file} (one row per trial: the drawn inputs and each priced bid's resolution rate and monthly total).\n`;
}

/**
 * Writes the monthly plan to --focus-csv FILE (never over an input file, a folder, a pipe or through a
 * link; a temporary file renamed into place): the note to print, or null when nothing was written.
 */
function writePlan(loaded: Loaded, term: TermComparison, request: Request, files: string[], io: Output): string | null {
  const csvFile = request.csvFile as string;
  const plan = monthlyPlan(
    loaded.bids,
    loaded.entries.map((e) => e.label),
    term,
    request.firstMonth,
  );
  const written = writeOutputFile(csvFile, planCsv(plan), files);
  if (!written.ok) {
    io.err(`--focus-csv: ${csvFile} ${written.problem}; nothing was written.\n`);
    return null;
  }
  return `Wrote the monthly plan to ${csvFile}: ${plan.length.toLocaleString("en-US")} rows (one per bid and month, FinOps FOCUS columns), from ${request.firstMonth}.\n`;
}

function termJson(term: TermComparison | null, i: number): TermJson | null {
  const t = term?.bids[i];
  if (!term || !t) return null;
  const changes = priceChanges(t);
  return {
    months: term.settings.months,
    total: t.total,
    npv: t.npv,
    unusedCommitment: t.unusedCommitment,
    expiredCredits: t.expiredCredits,
    cheapestFromMonth: term.cheapestFromMonth[i],
    commitmentTrueUps: trueUps(t),
    ...(changes.length > 1 ? { priceVersions: changes } : {}),
    ...(t.charges ? { charges: t.charges.map(chargeTermJson) } : {}),
  };
}

function chargeTermJson(c: ChargeTerm): NonNullable<TermJson["charges"]>[number] {
  return {
    label: c.label,
    billed: c.spend.reduce((x, y) => x + y, 0),
    commitmentTrueUps: c.trueUp.flatMap((amount, i) => (amount > 0 ? [{ month: i + 1, amount }] : [])),
    unusedCommitment: c.unusedCommitment,
    expiredUnits: c.expiredUnits,
  };
}

function printJson(request: Request, loaded: Loaded, priced: Priced, io: Output): void {
  const { scenario, risk, asOf } = request;
  const { entries, prices } = loaded;
  const { rows, risks, ranges, term } = priced;
  const termOf = (i: number) => termJson(term, i);
  const negotiation = negotiationJson(
    priced.negotiation,
    entries.map((e) => e.label),
  );
  const json: CompareJson & CompareJsonPrices & Pick<NegotiationJson, "decides"> = {
    scenario: { ...scenario, ...risk },
    ...(term ? { term: term.settings } : {}),
    bids: rows.map((r, i) => ({
      file: entries[i].file,
      id: entries[i].label,
      vendor: r.bid.vendor,
      name: r.bid.name,
      model: r.bid.pricing.model,
      rank: r.rank,
      resolutionRate: r.figures?.resolutionRate ?? null,
      aiCostPerConversation: r.figures?.aiCostPerConversation ?? null,
      costPerResolution: r.figures?.costPerResolution ?? null,
      blendedCost: r.figures?.blendedCostPerConversation ?? null,
      monthlyTotal: r.figures?.monthlyTotal ?? null,
      risk: risks[i],
      prices: {
        version: prices[i].version,
        effectiveFrom: prices[i].effectiveFrom,
        effectiveUntil: prices[i].effectiveUntil,
        readOn: prices[i].readOn,
        stale: prices[i].stale,
      },
      ...(r.problem ? { problem: r.problem.message } : {}),
      ...(term ? { term: termOf(i) } : {}),
      ...(r.bid.pricing.model === "charges" ? { charges: chargesJson(r.bid, scenario) } : {}),
      ...negotiation.bids[i],
    })),
    cheapestByResolutionRate: ranges,
    decides: negotiation.decides,
    asOf,
  };
  io.out(`${JSON.stringify(json, null, 2)}\n`);
}

/** A bid by charges: each charge's units and fee for the scenario's month (the bid's own rate in place). */
function chargesJson(bid: Bid, scenario: Scenario): ChargeJson[] | null {
  if (bid.pricing.model !== "charges") return null;
  try {
    return chargeFigures(bid.pricing, bidScenario(bid, scenario)).map((c) => ({ label: c.label, meter: c.meter, units: c.units, unit: c.unitName, fee: c.fee }));
  } catch (e) {
    if (isPricingProblem(e)) return null;
    throw e;
  }
}

function printText(request: Request, loaded: Loaded, priced: Priced, io: Output): void {
  const { scenario, risk, asOf } = request;
  const { entries, prices, currency } = loaded;
  const { rows, risks, byRate, ranges, term } = priced;
  const order = rows.map((_, i) => i).sort((x, y) => (rows[x].rank ?? Infinity) - (rows[y].rank ?? Infinity) || x - y);
  io.out(describeScenario(scenario, currency, risk));
  const stale = order.filter((i) => prices[i].stale);
  io.out(`Prices as of ${asOf}${stale.length ? `; STALE (read more than ${STALE_AFTER_DAYS} days before): ${stale.map((i) => entries[i].label).join(", ")}` : ""}.\n`);
  io.out(`Figures in ${currency}; per conversation unless stated. Each bid at its own resolution rate (r). Rank 1 has the lowest blended cost (AI plus the humans who take what it does not resolve).\n\n`);
  io.out(
    table(
      ["rank", "bid", "model", "r", "vendor fee/conv", "AI cost/conv", "cost/resolution", "blended/conv", "monthly total"],
      order.map((i) => figureRow(entries[i], rows[i])),
      [true, false, false, true, true, true, true, true, true],
    ),
  );

  io.out(`\nWho bears the risk (monthly total over the drawn scenarios; exposure = P90 - P50):\n`);
  io.out(
    table(
      ["bid", "P10", "P50", "P90", "exposure", "chance cheapest", "cost/resolution P50"],
      order.map((i) => {
        const k = risks[i];
        if (!k) return [entries[i].label, "not priced", "-", "-", "-", "-", "-"];
        return [
          entries[i].label,
          fixed(k.monthlyTotal.p10, 0),
          fixed(k.monthlyTotal.p50, 0),
          fixed(k.monthlyTotal.p90, 0),
          fixed(k.exposure, 0),
          percent(k.chanceCheapest),
          k.costPerResolution ? fixed(k.costPerResolution.p50, 4) : "resolves nothing",
        ];
      }),
      [false, true, true, true, true, true, true],
    ),
  );

  io.out("\nCheapest bid by resolution rate (every bid at the same rate):\n");
  for (const x of ranges) io.out(`  from r = ${percent(x.from)} to ${percent(x.to)}: ${x.bid}\n`);
  const changes = byRate.crossings.map((c, k) => ({ c, k })).filter((x) => x.c !== null);
  if (changes.length) {
    io.out(`  the winner changes at r = ${changes.map((x) => `${fixed(x.c, 4)} (${entries[byRate.winners[x.k - 1] as number].label} to ${entries[byRate.winners[x.k] as number].label})`).join(", ")}\n`);
  }

  io.out(
    negotiationText(
      priced.negotiation,
      entries.map((e) => e.label),
      risks,
      risk.rateCorrelation,
    ),
  );

  if (term) io.out(termText(term, entries, currency));

  io.out("\nBids:\n");
  for (const i of order) {
    const e = entries[i];
    io.out(`  ${e.label}: ${e.template.bid.vendor}, ${e.template.bid.name} (${e.file}); prices: ${prices[i].words}, ${freshnessWords(prices[i], asOf)}\n`);
  }

  io.out(notPricedText(order, rows, term, entries));

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
}

/**
 * The bids that are not priced, each with its reason named once: in the scenario's month (then in no
 * view), or over the term only (priced in the month, but some month of the term cannot be priced).
 */
function notPricedText(order: number[], rows: RankedBid[], term: TermComparison | null, entries: Entry[]): string {
  const lines: string[] = [];
  for (const i of order) {
    const p = rows[i].problem ?? term?.problems[i] ?? null;
    if (!p) continue;
    const hint = p.argument === "tokens" ? " (give --input-tokens and --output-tokens)" : "";
    lines.push(`  ${entries[i].label}: ${rows[i].problem ? "" : "over the contract term: "}${p.message}${hint}\n`);
  }
  return lines.length ? `\nNot priced (not ranked, charted or totalled where it cannot be priced; the other bids are compared without it):\n${lines.join("")}` : "";
}

/** The versions of the prices over the term, each with the month it starts pricing. */
function priceChanges(t: BidTerm): { fromMonth: number; version: string }[] {
  const out: { fromMonth: number; version: string }[] = [];
  for (const m of t.months) if (m.priceVersion !== null && m.priceVersion !== out[out.length - 1]?.version) out.push({ fromMonth: m.month, version: m.priceVersion });
  return out;
}

function trueUps(t: BidTerm): { month: number; amount: number }[] {
  return t.months.filter((m) => m.commitmentTrueUp > 0).map((m) => ({ month: m.month, amount: m.commitmentTrueUp }));
}

/** The term in words and a table, bids in order of their total contract value. */
function termText(term: TermComparison, entries: Entry[], currency: string): string {
  const s = term.settings;
  const parts = [`${s.months} months`, `conversations growing ${percent(s.growth)} a month`];
  if (s.seasonal) parts.push(`seasonal factors ${s.seasonal.join(", ")}`);
  if (s.rampMonths > 0 && s.rampStart < 1) parts.push(`each bid starting at ${percent(s.rampStart)} of its resolution rate, reaching it after ${s.rampMonths} months`);
  if (s.escalator !== 0) parts.push(`prices escalating ${percent(s.escalator)} a year where the contract states no escalator`);
  parts.push(`NPV at ${percent(s.discountRate)} a month`);
  const order = term.bids.map((_, i) => i).sort((x, y) => (term.bids[x]?.total ?? Infinity) - (term.bids[y]?.total ?? Infinity) || x - y);
  const rows = order.map((i) => {
    const t = term.bids[i];
    if (!t) return [entries[i].label, "not priced", "-", "-", "-", "-"];
    const from = term.cheapestFromMonth[i];
    return [entries[i].label, fixed(t.total, 0), fixed(t.npv, 0), fixed(t.unusedCommitment, 0), fixed(t.expiredCredits, 0), from === null ? "never" : `month ${from}`];
  });
  return (
    `\nOver the contract term (${parts.join("; ")}), in ${currency}. One-time costs fall in month 1; a commitment's shortfall is billed in the last month of its period:\n` +
    table(["bid", "contract value", "NPV", "commitment unused", "credits expired", "cheapest from"], rows, [false, true, true, true, true, false]) +
    order
      .filter((i) => term.bids[i] && trueUps(term.bids[i]!).length > 0)
      .map(
        (i) =>
          `  ${entries[i].label}: commitment true-up ${trueUps(term.bids[i]!)
            .map((x) => `${fixed(x.amount, 0)} in month ${x.month}`)
            .join(", ")}\n`,
      )
      .join("") +
    order
      .filter((i) => term.bids[i] && priceChanges(term.bids[i]!).length > 1)
      .map(
        (i) =>
          `  ${entries[i].label}: prices in effect each month: ${priceChanges(term.bids[i]!)
            .map((x) => `${x.version === UNDATED ? "the file's undated prices" : `the version from ${x.version}`} from month ${x.fromMonth}`)
            .join(", ")}\n`,
      )
      .join("")
  );
}

function figureRow(e: Entry, r: RankedBid): string[] {
  const f = r.figures;
  const model = PRICING_MODEL_NAMES[r.bid.pricing.model];
  if (!f) return [r.rank === null ? "-" : String(r.rank), e.label, model, "-", "-", "-", "-", "-", "-"];
  return [
    String(r.rank),
    e.label,
    model,
    percent(f.resolutionRate),
    fixed(f.vendorFeePerConversation, 4),
    fixed(f.aiCostPerConversation, 4),
    f.costPerResolution === null ? "resolves nothing" : fixed(f.costPerResolution, 4),
    fixed(f.blendedCostPerConversation, 4),
    fixed(f.monthlyTotal, 2),
  ];
}
