/**
 * What a comparison is built from (the scenario, the chosen bids and the risk view's settings), and
 * every check that must pass before anything is written: each problem in the analyst's words.
 */
import { Bid, bidFigures, checkPerformance, checkScenario, PricingModel, PRICING_MODELS, Scenario } from "../../engine/bid";
import { MAX_SHEET_DRAWS } from "../../engine/bid-risk";
import { isPricingProblem } from "../../engine/problems";
import { bidTerm, TermSettings, termSettings } from "../../engine/term";
import type { BidTemplate } from "../../templates/template";
import { validateTemplate } from "../../templates/validate";
import { isIsoDate, templateAt, todayIso } from "../../templates/versions";
import { sameSheetName } from "../port";

export interface RiskSettings {
  /** Scenarios drawn for the risk view (default 2,000; at most MAX_SHEET_DRAWS on a sheet). */
  draws?: number;
  /** Seed of the draws (an integer of 0 or more; default 1). */
  seed?: number;
  /** Rank correlation of the bids' resolution rates, 0..1 (default 1: common random numbers). */
  rateCorrelation?: number;
  /**
   * The correlation the sheet's cell holds when the analyst typed their own there (an update keeps it):
   * the draws are ordered at it, while the notes keep rateCorrelation as the value the pane asked for.
   */
  rateCorrelationOnSheet?: number;
  /** Likewise the seed the sheet's cell holds when the analyst typed their own there (the order of the drawn rates follows it). */
  seedOnSheet?: number;
}

/** The contract term's inputs (src/engine/term.ts); each absent one is its default. */
export type TermRequest = Partial<TermSettings>;

export interface ComparisonRequest {
  scenario: Scenario;
  /** The templates as chosen, with every dated version of their prices. */
  templates: BidTemplate[];
  risk?: RiskSettings;
  /**
   * The comparison date, YYYY-MM-DD (default today): each bid is priced at the version of its prices
   * in effect that day, and a price read more than 90 days before it is marked stale.
   */
  asOf?: string;
  /** Over the contract term: months, growth or seasons, the ramp, the escalator, the discount rate. */
  term?: TermRequest;
}

/** A request that cannot be built: every problem, in the analyst's words. Nothing is written. */
export class ComparisonProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `The comparison cannot be built:\n- ${problems.join("\n- ")}`);
    this.name = "ComparisonProblem";
  }
}

export const DEFAULT_SHEET_NAME = "Bid comparison";
/** At most this many bids on one sheet (beyond it the sheet is no longer readable). */
export const MAX_BIDS = 60;

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function describeBid(t: BidTemplate, i: number): string {
  const bid = t && typeof t === "object" ? (t as { bid?: Partial<Bid> }).bid : undefined;
  const name = bid && typeof bid.name === "string" ? bid.name : "";
  const vendor = bid && typeof bid.vendor === "string" ? bid.vendor : "";
  return `bid ${i + 1}${name ? ` "${name}"` : ""}${vendor ? ` (${vendor})` : ""}`;
}

/** The checks of one bid's fields: each failed one adds a problem naming the bid and the field. */
interface FieldChecks {
  num(path: string, v: unknown, optional?: boolean): void;
  flag(path: string, v: unknown): void;
  text(path: string, v: unknown): void;
  problem(message: string): void;
}

function fieldChecks(where: string, problems: string[]): FieldChecks {
  return {
    num: (path, v, optional = false) => {
      if (v === undefined && optional) return;
      if (!isNumber(v)) problems.push(`${where}: ${path} must be a number (got ${JSON.stringify(v)})`);
    },
    flag: (path, v) => {
      if (typeof v !== "boolean") problems.push(`${where}: ${path} must be true or false (got ${JSON.stringify(v)})`);
    },
    text: (path, v) => {
      if (typeof v !== "string") problems.push(`${where}: ${path} must be text (got ${JSON.stringify(v)})`);
    },
    problem: (message) => problems.push(`${where}: ${message}`),
  };
}

/** Numbers where the sheet writes numbers, booleans where it writes TRUE/FALSE; collects problems. */
function checkFieldTypes(bid: Bid, where: string, problems: string[]): void {
  const check = fieldChecks(where, problems);
  check.text("vendor", bid.vendor);
  check.text("name", bid.name);
  check.text("currency", bid.currency);
  const p = bid.pricing as unknown as Record<string, unknown> | undefined;
  if (!p || typeof p !== "object" || !PRICING_MODELS.includes(p.model as PricingModel)) {
    check.problem(`pricing.model must be one of ${PRICING_MODELS.join(", ")}`);
    return;
  }
  checkPricingFields(bid.pricing, check);
  checkChargeFields(bid.charges, check);
  checkSuppliedFields(bid.supplied, check);
  check.num("termMonths", bid.termMonths, true);
  checkPerformanceFields(bid.performance, check);
}

type PerTokenPricing = Extract<Bid["pricing"], { model: "per-token" }>;

function checkPricingFields(pr: Bid["pricing"], check: FieldChecks): void {
  const { num, flag, text } = check;
  switch (pr.model) {
    case "per-token":
      checkPerTokenFields(pr, check);
      break;
    case "credits":
      num("pricing.creditsPerAction", pr.creditsPerAction);
      num("pricing.actionsPerConversation", pr.actionsPerConversation);
      num("pricing.packPrice", pr.packPrice);
      num("pricing.creditsPerPack", pr.creditsPerPack);
      break;
    case "per-seat":
      num("pricing.pricePerSeat", pr.pricePerSeat);
      num("pricing.seats", pr.seats);
      break;
    case "per-conversation":
      num("pricing.pricePerConversation", pr.pricePerConversation);
      break;
    case "per-resolution":
      num("pricing.pricePerResolution", pr.pricePerResolution);
      break;
    case "outcome-based":
      num("pricing.pricePerOutcome", pr.pricePerOutcome);
      if (pr.serviceLevel !== undefined) {
        text("pricing.serviceLevel.metric", pr.serviceLevel.metric);
        num("pricing.serviceLevel.threshold", pr.serviceLevel.threshold);
        num("pricing.serviceLevel.expected", pr.serviceLevel.expected);
        num("pricing.serviceLevel.creditShare", pr.serviceLevel.creditShare);
        flag("pricing.serviceLevel.higherIsBetter", pr.serviceLevel.higherIsBetter);
      }
      break;
    case "revenue-share":
      num("pricing.share", pr.share);
      num("pricing.aiRunCost", pr.aiRunCost);
      flag("pricing.buyerPaysAiCost", pr.buyerPaysAiCost);
      break;
  }
}

function checkPerTokenFields(pr: PerTokenPricing, { num, text }: FieldChecks): void {
  num("pricing.inputPricePerMTok", pr.inputPricePerMTok);
  num("pricing.outputPricePerMTok", pr.outputPricePerMTok);
  num("pricing.cachedInputPricePerMTok", pr.cachedInputPricePerMTok, true);
  for (const k of ["fiveMinute", "oneHour"] as const) {
    const w = pr.cacheWrites?.[k];
    if (w !== undefined) {
      num(`pricing.cacheWrites.${k}.multiplier`, w.multiplier);
      num(`pricing.cacheWrites.${k}.share`, w.share);
    }
  }
  (pr.contextRows ?? []).forEach((r, i) => {
    num(`pricing.contextRows[${i}].fromInputTokens`, r.fromInputTokens);
    num(`pricing.contextRows[${i}].inputPricePerMTok`, r.inputPricePerMTok);
    num(`pricing.contextRows[${i}].outputPricePerMTok`, r.outputPricePerMTok);
    num(`pricing.contextRows[${i}].cachedInputPricePerMTok`, r.cachedInputPricePerMTok, true);
  });
  if (pr.batch !== undefined) {
    num("pricing.batch.discount", pr.batch.discount);
    num("pricing.batch.share", pr.batch.share);
  }
  for (const k of ["priority", "regional"] as const) {
    const u = pr[k];
    if (u !== undefined) {
      num(`pricing.${k}.multiplier`, u.multiplier);
      num(`pricing.${k}.share`, u.share);
    }
  }
  (pr.callFees ?? []).forEach((f, i) => {
    text(`pricing.callFees[${i}].label`, f.label);
    num(`pricing.callFees[${i}].pricePerCall`, f.pricePerCall);
    num(`pricing.callFees[${i}].callsPerConversation`, f.callsPerConversation);
  });
  if (pr.tokens !== undefined) {
    num("pricing.tokens.input", pr.tokens.input);
    num("pricing.tokens.output", pr.tokens.output);
    num("pricing.tokens.cachedInput", pr.tokens.cachedInput, true);
    num("pricing.tokens.attempts", pr.tokens.attempts, true);
    num("pricing.tokens.reasoning", pr.tokens.reasoning, true);
    const l = pr.tokens.longPrompts;
    if (l !== undefined) {
      num("pricing.tokens.longPrompts.share", l.share);
      num("pricing.tokens.longPrompts.input", l.input);
      num("pricing.tokens.longPrompts.cachedInput", l.cachedInput, true);
      num("pricing.tokens.longPrompts.output", l.output, true);
    }
  }
}

function checkChargeFields(c: Bid["charges"], { num, problem }: FieldChecks): void {
  if (c === undefined) return;
  num("charges.platformFeeMonthly", c.platformFeeMonthly, true);
  num("charges.minimumMonthly", c.minimumMonthly, true);
  num("charges.oneTimeFee", c.oneTimeFee, true);
  if (c.allowance !== undefined) {
    num("charges.allowance.included", c.allowance.included);
    num("charges.allowance.overagePrice", c.allowance.overagePrice);
  }
  if (c.package !== undefined) {
    num("charges.package.size", c.package.size);
    num("charges.package.price", c.package.price);
  }
  if (c.tiers !== undefined) {
    if (c.tiers.mode !== "graduated" && c.tiers.mode !== "volume") problem(`charges.tiers.mode must be "graduated" or "volume"`);
    if (!Array.isArray(c.tiers.tiers)) problem(`charges.tiers.tiers must be a list`);
    else
      c.tiers.tiers.forEach((t, i) => {
        if (t.upTo !== null) num(`charges.tiers.tiers[${i}].upTo`, t.upTo);
        num(`charges.tiers.tiers[${i}].price`, t.price);
      });
  }
}

function checkSuppliedFields(supplied: Bid["supplied"], { num, text, problem }: FieldChecks): void {
  if (supplied === undefined) return;
  if (!Array.isArray(supplied)) problem(`supplied must be a list`);
  else
    supplied.forEach((s, i) => {
      text(`supplied[${i}].label`, s.label);
      num(`supplied[${i}].perConversation`, s.perConversation, true);
      num(`supplied[${i}].fixedMonthly`, s.fixedMonthly, true);
      num(`supplied[${i}].oneTime`, s.oneTime, true);
    });
}

function checkPerformanceFields(performance: Bid["performance"], { num, problem }: FieldChecks): void {
  const perf = performance as Record<string, unknown> | undefined;
  if (perf === undefined) return;
  if (!perf || typeof perf !== "object") problem(`performance must be an object`);
  else {
    const r = perf.resolutionRate as unknown;
    if (r !== undefined && !isNumber(r)) {
      const t = r as Record<string, unknown> | null;
      if (!t || typeof t !== "object") problem(`performance.resolutionRate must be a number or a low, likely, high estimate`);
      else for (const k of ["low", "likely", "high"]) num(`performance.resolutionRate.${k}`, t[k]);
    }
    num("performance.qualifyingShare", perf.qualifyingShare, true);
    num("performance.assist", perf.assist, true);
  }
}

/**
 * Everything that stops the request from being built, in the analyst's words; empty when it can be.
 * Each bid is priced by the engine in the scenario: a bid that cannot be priced is a problem here.
 */
export function checkComparisonRequest(request: ComparisonRequest): string[] {
  const problems: string[] = [];
  if (!request || typeof request !== "object") return ["the request must give a scenario and the bids"];
  const { scenario, templates } = request;
  if (!scenario || typeof scenario !== "object") problems.push("the scenario is missing");
  else checkScenarioFields(scenario, problems);
  if (request.asOf !== undefined && !isIsoDate(request.asOf)) problems.push(`the comparison date must be a date written YYYY-MM-DD, e.g. 2026-05-02 (got ${JSON.stringify(request.asOf)})`);
  const asOf = isIsoDate(request.asOf) ? request.asOf : todayIso();
  if (!Array.isArray(templates) || templates.length === 0) {
    problems.push("choose at least one bid");
    return problems;
  }
  if (templates.length > MAX_BIDS) problems.push(`at most ${MAX_BIDS} bids fit on one comparison sheet (got ${templates.length})`);
  const scenarioOk = problems.length === 0;
  templates.forEach((t, i) => checkBid(t, i, { scenario, asOf, scenarioOk }, problems));
  if (request.risk !== undefined) checkRiskSettings(request.risk, problems);
  if (request.term !== undefined) checkTermRequest(request.term, problems);
  if (problems.length === 0) {
    // Each bid over the term, as the term block prices it.
    const settings = termSettings(request.term);
    templates.forEach((t, i) => {
      try {
        bidTerm(templateAt(t, asOf).bid, scenario, settings);
      } catch (e) {
        if (!isPricingProblem(e)) throw e;
        problems.push(`${describeBid(t, i)} cannot be priced over the term: ${e.message}`);
      }
    });
  }
  const currencies = [...new Set(templates.map((t) => t?.bid?.currency).filter((c): c is string => typeof c === "string"))];
  if (currencies.length > 1) {
    problems.push(`the bids are in different currencies (${currencies.join(", ")}); convert them to one currency before comparing`);
  }
  return problems;
}

/** The scenario's numbers (each a number; the optional ones may be absent), then the engine's checks. */
function checkScenarioFields(scenario: Scenario, problems: string[]): void {
  const fields: [string, unknown, boolean][] = [
    ["conversations", scenario.conversations, false],
    ["resolution rate", scenario.resolutionRate, false],
    ["human cost", scenario.humanCost, false],
    ["qualifying share", scenario.qualifyingShare, true],
  ];
  if (scenario.tokens !== undefined) {
    fields.push(
      ["tokens: input", scenario.tokens?.input, false],
      ["tokens: output", scenario.tokens?.output, false],
      ["tokens: cached input", scenario.tokens?.cachedInput, true],
      ["tokens: calls per conversation", scenario.tokens?.attempts, true],
      ["tokens: reasoning", scenario.tokens?.reasoning, true],
    );
    const l = scenario.tokens?.longPrompts;
    if (l !== undefined) {
      fields.push(["long prompts: share", l?.share, false], ["long prompts: input tokens", l?.input, false], ["long prompts: cached input tokens", l?.cachedInput, true], ["long prompts: output tokens", l?.output, true]);
    }
  }
  const ranges = scenario.ranges as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
  if (ranges !== undefined) {
    for (const [key, label] of [
      ["conversations", "conversations"],
      ["resolutionRate", "resolution rate"],
      ["humanCost", "human cost"],
      ["tokens", "tokens factor"],
    ] as const) {
      const r = ranges?.[key];
      if (r === undefined) continue;
      fields.push([`${label} (low)`, r?.low, false], [`${label} (high)`, r?.high, false]);
    }
  }
  const before = problems.length;
  for (const [name, v, optional] of fields) {
    if (v === undefined && optional) continue;
    if (!isNumber(v)) problems.push(`scenario: ${name} must be a number (got ${JSON.stringify(v)})`);
  }
  if (problems.length === before) {
    try {
      checkScenario(scenario);
    } catch (e) {
      problems.push(`scenario: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** One chosen bid: the template format's checks, the sheet's field types, then the engine prices it. */
function checkBid(t: BidTemplate, i: number, at: { scenario: Scenario; asOf: string; scenarioOk: boolean }, problems: string[]): void {
  const where = describeBid(t, i);
  if (!t || typeof t !== "object" || !t.bid || typeof t.bid !== "object") {
    problems.push(`${where}: the template has no bid`);
    return;
  }
  const before = problems.length;
  // The template format's own checks (the same as an import's), then what the sheet needs.
  const valid = validateTemplate(t);
  if (!valid.ok) {
    for (const p of valid.problems) problems.push(`${where}: ${p.path} ${p.message}`);
    return;
  }
  // The prices in effect on the comparison date are the ones the sheet is built from.
  const dated = templateAt(t, at.asOf);
  checkFieldTypes(dated.bid, where, problems);
  if (t.reference !== undefined && (!isNumber(t.reference.value) || typeof t.reference.note !== "string" || typeof t.reference.label !== "string")) {
    problems.push(`${where}: reference needs a label, a number and a note`);
  }
  if (!Array.isArray(t.sources ?? [])) problems.push(`${where}: sources must be a list`);
  if (!Array.isArray(t.questions ?? [])) problems.push(`${where}: questions must be a list`);
  if (problems.length > before || !at.scenarioOk) return;
  try {
    checkPerformance(dated.bid.performance);
    bidFigures(dated.bid, at.scenario);
  } catch (e) {
    if (!isPricingProblem(e)) throw e;
    problems.push(`${where} cannot be priced in this scenario: ${e.message}`);
  }
}

function checkRiskSettings(risk: RiskSettings, problems: string[]): void {
  const draws = risk.draws;
  if (draws !== undefined && !(Number.isInteger(draws) && draws >= 1 && draws <= MAX_SHEET_DRAWS)) {
    problems.push(`the risk view draws from 1 to ${MAX_SHEET_DRAWS.toLocaleString("en-US")} scenarios (got ${JSON.stringify(draws)})`);
  }
  for (const seed of [risk.seed, risk.seedOnSheet]) {
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) problems.push(`the risk view's seed must be a whole number of 0 or more (got ${JSON.stringify(seed)})`);
  }
  for (const rho of [risk.rateCorrelation, risk.rateCorrelationOnSheet]) {
    if (rho !== undefined && !(typeof rho === "number" && rho >= 0 && rho <= 1)) problems.push(`the correlation of the bids' resolution rates must be a fraction from 0 to 1 (got ${JSON.stringify(rho)})`);
  }
}

function checkTermRequest(term: TermRequest, problems: string[]): void {
  const t = term as Record<string, unknown> | null;
  if (!t || typeof t !== "object") problems.push("the term must give its months, growth, discount rate and the like");
  else {
    const bad = Object.entries(t).filter(([k, v]) => v !== undefined && (k === "seasonal" ? v !== null && !(Array.isArray(v) && v.every(isNumber)) : !isNumber(v)));
    for (const [k] of bad) problems.push(`the term's ${k} must be ${k === "seasonal" ? "twelve numbers" : "a number"} (got ${JSON.stringify(t[k])})`);
    if (bad.length === 0) {
      try {
        termSettings(term);
      } catch (e) {
        if (!isPricingProblem(e)) throw e;
        problems.push(`the term: ${e.message}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sheet names

const INVALID_SHEET_CHARS = /[\\/?*[\]:]/;

/** A sheet name that no existing sheet has (Excel compares names without regard to case). */
export function freeSheetName(existing: readonly string[], base = DEFAULT_SHEET_NAME): string {
  const taken = (name: string) => existing.some((e) => sameSheetName(e, name));
  if (!taken(base)) return base;
  for (let k = 2; ; k++) {
    const name = `${base} ${k}`;
    if (!taken(name)) return name;
  }
}

export function checkSheetName(name: string): void {
  if (typeof name !== "string" || name.trim() === "" || name.length > 31 || INVALID_SHEET_CHARS.test(name) || /^'|'$/.test(name)) {
    throw new ComparisonProblem([`"${name}" cannot be a sheet name (1 to 31 characters, none of \\ / ? * [ ] :, not starting or ending with ')`]);
  }
}
