/**
 * The comparison sheet as data: a pure function from the scenario and the chosen bids to a SheetPlan.
 *
 * Every figure on the sheet is a formula built from the AIPRICE functions, referring to the scenario's
 * named input cells and to each bid's own price cells (written as editable inputs), so that changing any
 * input recomputes everything. The formulas follow the engine's arithmetic (src/engine/bid.ts) step by
 * step; the tests check that every figure on the sheet equals the engine's for the same scenario.
 *
 * Text that comes from templates (vendors, names, notes, questions, sources) only ever goes into text
 * cells, never into a formula.
 */
import { Bid, bidFigures, checkScenario, PricingModel, PRICING_MODEL_NAMES, PRICING_MODELS, Scenario } from "../engine/bid";
import { isPricingProblem } from "../engine/problems";
import { contractQuestions, GENERAL_QUESTIONS, STANDARD_QUESTIONS, standardQuestions } from "../templates/questions";
import type { BidTemplate } from "../templates/template";
import { validateTemplate } from "../templates/validate";
import { cellAddress, columnLetters, parseCell, rangeAddress, rangeFrom } from "./a1";
import { sameSheetName } from "./port";
import {
  BidLayout,
  ChartPlan,
  COMPARISON_FORMAT,
  COMPARISON_VERSION,
  ComparisonLayout,
  META_CHUNK,
  META_COLUMN,
  PlanBlock,
  PlanCell,
  PlanName,
  SheetPlan,
  StyleName,
} from "./sheet-plan";

export interface ComparisonRequest {
  scenario: Scenario;
  templates: BidTemplate[];
}

export interface PlanOptions {
  /** Use this sheet name (when replacing the add-in's own sheet) instead of finding a free one. */
  sheetName?: string;
}

/** A request that cannot be built: every problem, in the analyst's words. Nothing is written. */
export class ComparisonProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `The comparison cannot be built:\n- ${problems.join("\n- ")}`);
    this.name = "ComparisonProblem";
  }
}

export const DEFAULT_SHEET_NAME = "Bid comparison";
/** At most this many bids on one sheet (the pairwise break-even list grows with the square). */
export const MAX_BIDS = 60;

/** The sensitivity block: resolution rates from 50% to 100% in steps of 5%. */
export const SENSITIVITY = { first: 0.5, step: 0.05, count: 11 } as const;

/** Scenario names (sheet-scoped), in the analyst's words. */
export const SCENARIO_NAMES = {
  conversations: "Conversations",
  resolutionRate: "ResolutionRate",
  humanCost: "HumanCost",
  qualifyingShare: "QualifyingShare",
  inputTokens: "InputTokens",
  outputTokens: "OutputTokens",
  cachedInputTokens: "CachedInputTokens",
  attempts: "CallsPerConversation",
} as const;

const UNIT_LABEL: Partial<Record<PricingModel, string>> = {
  "per-conversation": "conversations",
  "per-resolution": "resolutions",
  "outcome-based": "qualifying outcomes",
  "per-seat": "seats",
};

export const NO_BREAK_EVEN = "none in 0-100%";
export const SAME_EVERYWHERE = "same cost at every rate";
export const PIECEWISE_NOTE =
  "a price here is piecewise in the resolution rate (allowance, tiers, packages or a minimum commitment): no closed formula; read the crossing off the sensitivity block";

// ---------------------------------------------------------------------------------------------
// Checking the request

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function describeBid(t: BidTemplate, i: number): string {
  const bid = t && typeof t === "object" ? (t as { bid?: Partial<Bid> }).bid : undefined;
  const name = bid && typeof bid.name === "string" ? bid.name : "";
  const vendor = bid && typeof bid.vendor === "string" ? bid.vendor : "";
  return `bid ${i + 1}${name ? ` "${name}"` : ""}${vendor ? ` (${vendor})` : ""}`;
}

/** Numbers where the sheet writes numbers, booleans where it writes TRUE/FALSE; collects problems. */
function checkFieldTypes(bid: Bid, where: string, problems: string[]): void {
  const num = (path: string, v: unknown, optional = false) => {
    if (v === undefined && optional) return;
    if (!isNumber(v)) problems.push(`${where}: ${path} must be a number (got ${JSON.stringify(v)})`);
  };
  const flag = (path: string, v: unknown) => {
    if (typeof v !== "boolean") problems.push(`${where}: ${path} must be true or false (got ${JSON.stringify(v)})`);
  };
  const text = (path: string, v: unknown) => {
    if (typeof v !== "string") problems.push(`${where}: ${path} must be text (got ${JSON.stringify(v)})`);
  };
  text("vendor", bid.vendor);
  text("name", bid.name);
  text("currency", bid.currency);
  const p = bid.pricing as unknown as Record<string, unknown> | undefined;
  if (!p || typeof p !== "object" || !PRICING_MODELS.includes(p.model as PricingModel)) {
    problems.push(`${where}: pricing.model must be one of ${PRICING_MODELS.join(", ")}`);
    return;
  }
  const pr = bid.pricing;
  switch (pr.model) {
    case "per-token":
      num("pricing.inputPricePerMTok", pr.inputPricePerMTok);
      num("pricing.outputPricePerMTok", pr.outputPricePerMTok);
      num("pricing.cachedInputPricePerMTok", pr.cachedInputPricePerMTok, true);
      if (pr.tokens !== undefined) {
        num("pricing.tokens.input", pr.tokens.input);
        num("pricing.tokens.output", pr.tokens.output);
        num("pricing.tokens.cachedInput", pr.tokens.cachedInput, true);
        num("pricing.tokens.attempts", pr.tokens.attempts, true);
      }
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
  const c = bid.charges;
  if (c !== undefined) {
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
      if (c.tiers.mode !== "graduated" && c.tiers.mode !== "volume") problems.push(`${where}: charges.tiers.mode must be "graduated" or "volume"`);
      if (!Array.isArray(c.tiers.tiers)) problems.push(`${where}: charges.tiers.tiers must be a list`);
      else
        c.tiers.tiers.forEach((t, i) => {
          if (t.upTo !== null) num(`charges.tiers.tiers[${i}].upTo`, t.upTo);
          num(`charges.tiers.tiers[${i}].price`, t.price);
        });
    }
  }
  if (bid.supplied !== undefined) {
    if (!Array.isArray(bid.supplied)) problems.push(`${where}: supplied must be a list`);
    else
      bid.supplied.forEach((s, i) => {
        text(`supplied[${i}].label`, s.label);
        num(`supplied[${i}].perConversation`, s.perConversation, true);
        num(`supplied[${i}].fixedMonthly`, s.fixedMonthly, true);
        num(`supplied[${i}].oneTime`, s.oneTime, true);
      });
  }
  num("termMonths", bid.termMonths, true);
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
  else {
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
      );
    }
    for (const [name, v, optional] of fields) {
      if (v === undefined && optional) continue;
      if (!isNumber(v)) problems.push(`scenario: ${name} must be a number (got ${JSON.stringify(v)})`);
    }
    if (problems.length === 0) {
      try {
        checkScenario(scenario);
      } catch (e) {
        problems.push(`scenario: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  if (!Array.isArray(templates) || templates.length === 0) {
    problems.push("choose at least one bid");
    return problems;
  }
  if (templates.length > MAX_BIDS) problems.push(`at most ${MAX_BIDS} bids fit on one comparison sheet (got ${templates.length})`);
  const scenarioOk = problems.length === 0;
  templates.forEach((t, i) => {
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
    checkFieldTypes(t.bid, where, problems);
    if (t.reference !== undefined && (!isNumber(t.reference.value) || typeof t.reference.note !== "string" || typeof t.reference.label !== "string")) {
      problems.push(`${where}: reference needs a label, a number and a note`);
    }
    if (!Array.isArray(t.sources ?? [])) problems.push(`${where}: sources must be a list`);
    if (!Array.isArray(t.questions ?? [])) problems.push(`${where}: questions must be a list`);
    if (problems.length > before || !scenarioOk) return;
    try {
      bidFigures(t.bid, scenario);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      problems.push(`${where} cannot be priced in this scenario: ${e.message}`);
    }
  });
  const currencies = [...new Set(templates.map((t) => t?.bid?.currency).filter((c): c is string => typeof c === "string"))];
  if (currencies.length > 1) {
    problems.push(`the bids are in different currencies (${currencies.join(", ")}); convert them to one currency before comparing`);
  }
  return problems;
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

// ---------------------------------------------------------------------------------------------
// Number formats

function currencyPrefix(currency: string): string {
  const symbols: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const s = symbols[currency.toUpperCase()];
  if (s) return `"${s}"`;
  const safe = currency.replace(/[^A-Za-z]/g, "").slice(0, 5).toUpperCase();
  return safe ? `"${safe} "` : "";
}

export interface Formats {
  perUnit: string;
  price: string;
  monthly: string;
  rate: string;
  count: string;
  tokens: string;
  months: string;
  plain: string;
}

export function formatsFor(currency: string): Formats {
  const c = currencyPrefix(currency);
  return {
    perUnit: `${c}#,##0.0000`,
    price: `${c}#,##0.00##`,
    monthly: `${c}#,##0`,
    rate: "0.0%",
    count: "#,##0",
    tokens: "#,##0",
    months: "0",
    plain: "General",
  };
}

// ---------------------------------------------------------------------------------------------
// Cells

const text = (value: string, style?: StyleName): PlanCell => ({ kind: "text", value, style });
const num = (value: number, format: string, style?: StyleName): PlanCell => ({ kind: "number", value, format, style });
const formula = (f: string, format?: string, style?: StyleName, spill?: { rows: number; cols: number }): PlanCell => ({
  kind: "formula",
  formula: f.startsWith("=") ? f : `=${f}`,
  format,
  style,
  spill,
});
const flag = (value: boolean, style?: StyleName): PlanCell => ({ kind: "boolean", value, style });

// ---------------------------------------------------------------------------------------------
// A bid's inputs

/** How an input cell is read back for export. */
export type InputKind = "number" | "number-or-blank" | "boolean" | "tier-mode";

interface InputRow {
  label: string;
  path: string;
  kind: InputKind;
  value: number | boolean | string | null;
  format: string;
  /** A second input in the next column (a tier's price). */
  second?: { path: string; kind: InputKind; value: number; format: string };
  help: string;
}

function inputRows(bid: Bid, f: Formats): InputRow[] {
  const rows: InputRow[] = [];
  const add = (label: string, path: string, value: number | boolean | string | null, format: string, help: string, kind: InputKind = "number") =>
    rows.push({ label, path, kind, value, format, help });
  const p = bid.pricing;
  const unit = UNIT_LABEL[p.model] ?? "units";
  switch (p.model) {
    case "per-token":
      add("Input price per million tokens", "pricing.inputPricePerMTok", p.inputPricePerMTok, f.price, "list price, per million input tokens");
      add("Output price per million tokens", "pricing.outputPricePerMTok", p.outputPricePerMTok, f.price, "list price, per million output tokens");
      if (p.cachedInputPricePerMTok !== undefined)
        add("Cached input price per million tokens", "pricing.cachedInputPricePerMTok", p.cachedInputPricePerMTok, f.price, "price of cached input tokens");
      if (p.tokens) {
        add("Input tokens per conversation", "pricing.tokens.input", p.tokens.input, f.tokens, "this bid's own token use, cached tokens included");
        add("Output tokens per conversation", "pricing.tokens.output", p.tokens.output, f.tokens, "this bid's own token use");
        if (p.tokens.cachedInput !== undefined)
          add("Cached input tokens per conversation", "pricing.tokens.cachedInput", p.tokens.cachedInput, f.tokens, "part of the input tokens");
        if (p.tokens.attempts !== undefined)
          add("Model calls per conversation", "pricing.tokens.attempts", p.tokens.attempts, f.plain, "retries and agent steps");
      }
      break;
    case "per-seat":
      add("Price per seat per month", "pricing.pricePerSeat", p.pricePerSeat, f.price, "monthly licence of one seat");
      add("Seats", "pricing.seats", p.seats, f.count, "seats bought");
      break;
    case "per-conversation":
      add("Price per conversation", "pricing.pricePerConversation", p.pricePerConversation, f.price, "paid for every conversation, resolved or not");
      break;
    case "per-resolution":
      add("Price per resolution", "pricing.pricePerResolution", p.pricePerResolution, f.price, "paid for each conversation the AI resolves");
      break;
    case "outcome-based":
      add("Price per qualifying outcome", "pricing.pricePerOutcome", p.pricePerOutcome, f.price, "paid for each resolution that meets the outcome condition");
      if (p.serviceLevel) {
        add("Service level: threshold", "pricing.serviceLevel.threshold", p.serviceLevel.threshold, f.plain, "the contract's level");
        add("Service level: expected measurement", "pricing.serviceLevel.expected", p.serviceLevel.expected, f.plain, "an assumption of this comparison");
        add("Service level: met when higher is better", "pricing.serviceLevel.higherIsBetter", p.serviceLevel.higherIsBetter, f.plain, "TRUE: met at or above the threshold; FALSE: met below it", "boolean");
        add("Service level: share credited when missed", "pricing.serviceLevel.creditShare", p.serviceLevel.creditShare, f.rate, "100% = nothing is paid when the level is missed");
      }
      break;
    case "revenue-share":
      add("Vendor's share of the savings", "pricing.share", p.share, f.rate, "share x max(0, (h - AI run cost) x r)");
      add("AI run cost per conversation", "pricing.aiRunCost", p.aiRunCost, f.price, "what running the AI costs per conversation");
      add("Buyer pays the AI run cost", "pricing.buyerPaysAiCost", p.buyerPaysAiCost, f.plain, "TRUE: the buyer pays it on top of the share", "boolean");
      break;
  }
  const c = bid.charges ?? {};
  if (c.platformFeeMonthly !== undefined) add("Platform fee per month", "charges.platformFeeMonthly", c.platformFeeMonthly, f.price, "fixed monthly fee");
  if (c.allowance) {
    add(`Allowance: ${unit} included per month`, "charges.allowance.included", c.allowance.included, f.count, "included in the platform fee");
    add(`Allowance: overage price per ${unit.replace(/s$/, "")}`, "charges.allowance.overagePrice", c.allowance.overagePrice, f.price, "each unit above the allowance");
  }
  if (c.tiers) {
    add("Tiers: mode", "charges.tiers.mode", c.tiers.mode, f.plain, "graduated: each unit at its tier's price; volume: all units at one tier's price", "tier-mode");
    c.tiers.tiers.forEach((t, i) =>
      rows.push({
        label: `Tier ${i + 1}: up to (${unit}; blank = no limit) | price per unit`,
        path: `charges.tiers.tiers.${i}.upTo`,
        kind: "number-or-blank",
        value: t.upTo,
        format: f.count,
        second: { path: `charges.tiers.tiers.${i}.price`, kind: "number", value: t.price, format: f.price },
        help: "inclusive upper bound, then the unit price",
      }),
    );
  }
  if (c.package) {
    add(`Package size (${unit})`, "charges.package.size", c.package.size, f.count, "units are bought in whole packages");
    add("Package price", "charges.package.price", c.package.price, f.price, "price of one package");
  }
  if (c.minimumMonthly !== undefined) add("Minimum commitment per month", "charges.minimumMonthly", c.minimumMonthly, f.price, "the vendor bills at least this (true-up)");
  if (c.oneTimeFee !== undefined) add("One-time vendor fee", "charges.oneTimeFee", c.oneTimeFee, f.price, "implementation or onboarding, spread over the term");
  add("Contract term (months)", "termMonths", bid.termMonths ?? 12, f.months, "one-time costs are spread over it");
  (bid.supplied ?? []).forEach((s, i) => {
    if (s.perConversation !== undefined) add(`Supplied by the buyer: ${s.label}, per conversation`, `supplied.${i}.perConversation`, s.perConversation, f.price, "buyer's own cost");
    if (s.fixedMonthly !== undefined) add(`Supplied by the buyer: ${s.label}, fixed per month`, `supplied.${i}.fixedMonthly`, s.fixedMonthly, f.price, "buyer's own cost");
    if (s.oneTime !== undefined) add(`Supplied by the buyer: ${s.label}, one-time`, `supplied.${i}.oneTime`, s.oneTime, f.price, "spread over the term");
  });
  return rows;
}

/** Is the AI cost per conversation a straight line in r (so a break-even has a closed formula)? */
export function linearInRate(bid: Bid): boolean {
  const c = bid.charges ?? {};
  const rateDependentUsage = bid.pricing.model === "per-resolution" || bid.pricing.model === "outcome-based" || bid.pricing.model === "revenue-share";
  const shaped = c.allowance !== undefined || c.tiers !== undefined || c.package !== undefined;
  return !(rateDependentUsage && (shaped || c.minimumMonthly !== undefined));
}

function hasCharges(bid: Bid): boolean {
  const c = bid.charges;
  if (!c) return false;
  return (
    c.platformFeeMonthly !== undefined ||
    c.allowance !== undefined ||
    c.tiers !== undefined ||
    c.package !== undefined ||
    c.minimumMonthly !== undefined ||
    c.oneTimeFee !== undefined
  );
}

/** Is the bid a bare per-conversation or per-resolution price (nothing else in its cost)? */
function barePrice(bid: Bid): "per-conversation" | "per-resolution" | null {
  if (hasCharges(bid) || (bid.supplied ?? []).some((s) => s.perConversation !== undefined || s.fixedMonthly !== undefined || s.oneTime !== undefined)) return null;
  return bid.pricing.model === "per-conversation" || bid.pricing.model === "per-resolution" ? bid.pricing.model : null;
}

/**
 * The bid's cost as formula text over a resolution-rate expression (a cell, a literal or a range):
 * `rate` is substituted where r appears, so the same formula spills over a range of rates.
 */
export class BidFormulas {
  constructor(
    private readonly bid: Bid,
    /** bid field path -> absolute address of its input cell */
    private readonly ref: (path: string) => string,
    private readonly supplied: { perConversation: string; fixedMonthly: string; oneTime: string },
    private readonly hasScenarioTokens: boolean,
  ) {}

  /** SPEC's f before charge shapes: the pricing model's fee per conversation. */
  modelFee(rate: string): string {
    const p = this.bid.pricing;
    const N = SCENARIO_NAMES;
    switch (p.model) {
      case "per-token": {
        const own = p.tokens !== undefined;
        if (!own && !this.hasScenarioTokens) throw new Error("a per-token bid needs tokens per conversation");
        const tin = own ? this.ref("pricing.tokens.input") : N.inputTokens;
        const tout = own ? this.ref("pricing.tokens.output") : N.outputTokens;
        const cached = own ? (p.tokens!.cachedInput !== undefined ? this.ref("pricing.tokens.cachedInput") : "0") : N.cachedInputTokens;
        const attempts = own ? (p.tokens!.attempts !== undefined ? this.ref("pricing.tokens.attempts") : "1") : N.attempts;
        const inPrice = this.ref("pricing.inputPricePerMTok");
        const cachedPrice = p.cachedInputPricePerMTok !== undefined ? this.ref("pricing.cachedInputPricePerMTok") : inPrice;
        return `AIPRICE.TOKEN_COST(${tin}, ${tout}, ${inPrice}, ${this.ref("pricing.outputPricePerMTok")}, ${cached}, ${cachedPrice}, ${attempts})`;
      }
      case "per-seat":
        return `AIPRICE.SEAT_COST(${this.ref("pricing.pricePerSeat")}, ${this.ref("pricing.seats")}, ${N.conversations})`;
      case "per-conversation":
        return this.ref("pricing.pricePerConversation");
      case "per-resolution":
        return `AIPRICE.RESOLUTION_FEE(${this.ref("pricing.pricePerResolution")}, ${rate})`;
      case "outcome-based": {
        const fee = `AIPRICE.OUTCOME_FEE(${this.ref("pricing.pricePerOutcome")}, ${rate}, ${N.qualifyingShare})`;
        if (!p.serviceLevel) return fee;
        const sl = (k: string) => this.ref(`pricing.serviceLevel.${k}`);
        return `AIPRICE.SLA_GATE(${fee}, ${sl("expected")}, ${sl("threshold")}, ${sl("higherIsBetter")}, ${sl("creditShare")})`;
      }
      case "revenue-share":
        return `AIPRICE.REVSHARE_NET(${N.humanCost}, ${this.ref("pricing.aiRunCost")}, ${rate}, ${this.ref("pricing.share")}, ${this.ref("pricing.buyerPaysAiCost")})`;
    }
  }

  /** Billable units of the month for charge shapes (engine: monthlyUnits). */
  private units(rate: string): string {
    const N = SCENARIO_NAMES;
    switch (this.bid.pricing.model) {
      case "per-conversation":
        return N.conversations;
      case "per-resolution":
        return `${N.conversations}*${rate}`;
      case "outcome-based":
        return `${N.conversations}*${rate}*${N.qualifyingShare}`;
      case "per-seat":
        return this.ref("pricing.seats");
      default:
        throw new Error(`a ${this.bid.pricing.model} bid cannot take an allowance, tiers or packages`);
    }
  }

  /**
   * SPEC's f: everything the vendor bills per conversation (engine: vendorMonthly / V).
   * `arrayed`: the rate is a range, so MAX (which would collapse it) is written as IF.
   */
  vendorFee(rate: string, arrayed: boolean): string {
    if (!hasCharges(this.bid)) return this.modelFee(rate);
    const c = this.bid.charges!;
    const V = SCENARIO_NAMES.conversations;
    const platform = c.platformFeeMonthly !== undefined ? this.ref("charges.platformFeeMonthly") : null;
    let usage: string;
    let platformIn = false;
    if (c.allowance) {
      usage = `AIPRICE.ALLOWANCE_COST(${this.units(rate)}, ${this.ref("charges.allowance.included")}, ${this.ref("charges.allowance.overagePrice")}${platform ? `, ${platform}` : ""})`;
      platformIn = platform !== null;
    } else if (c.tiers) {
      const n = c.tiers.tiers.length;
      const first = parseCell(this.ref("charges.tiers.tiers.0.upTo"));
      const bounds = rangeAddress(rangeFrom(first, n, 1), true);
      const prices = rangeAddress(rangeFrom({ row: first.row, col: first.col + 1 }, n, 1), true);
      usage = `AIPRICE.TIERED_COST(${this.units(rate)}, ${bounds}, ${prices}, ${this.ref("charges.tiers.mode")})`;
    } else if (c.package) {
      usage = `CEILING(${this.units(rate)}/${this.ref("charges.package.size")}, 1)*${this.ref("charges.package.price")}`;
    } else {
      usage = `${this.modelFee(rate)}*${V}`;
    }
    let billed = platform && !platformIn ? `${usage}+${platform}` : usage;
    if (c.minimumMonthly !== undefined) {
      const m = this.ref("charges.minimumMonthly");
      billed = arrayed ? `IF(${billed}<${m}, ${m}, ${billed})` : `MAX(${m}, ${billed})`;
    }
    const total = c.oneTimeFee !== undefined ? `${billed}+${this.ref("charges.oneTimeFee")}/${this.ref("termMonths")}` : billed;
    return `(${total})/${V}`;
  }

  /** SPEC's a = f + s + (F + I/M) / V, with f written inline (for the sensitivity and break-even helpers). */
  aiCost(rate: string, arrayed: boolean): string {
    return this.tco(this.vendorFee(rate, arrayed));
  }

  /** a from a vendor fee expression or cell. */
  tco(vendorFee: string): string {
    const s = this.supplied;
    return `AIPRICE.TCO_PER_CONVERSATION(${vendorFee}, ${s.perConversation}, ${s.fixedMonthly}, ${SCENARIO_NAMES.conversations}, ${s.oneTime}, ${this.ref("termMonths")})`;
  }
}

// ---------------------------------------------------------------------------------------------
// The plan

/** A source as one line of text: title, address when given, and the date it was read. */
function sourceLine(s: { title?: unknown; url?: unknown; asOf?: unknown }): string {
  const title = typeof s.title === "string" ? s.title : "";
  const url = typeof s.url === "string" && s.url !== "" ? ` - ${s.url}` : "";
  const asOf = typeof s.asOf === "string" ? ` (read ${s.asOf})` : "";
  return `${title}${url}${asOf}`;
}

interface Builder {
  blocks: PlanBlock[];
  row: number; // next free row, 0-based
}

function block(b: Builder, id: string, rows: (PlanCell | null)[][], col = 0): { top: number } {
  const top = b.row;
  b.blocks.push({ id, topLeft: cellAddress({ row: top, col }), cells: rows });
  b.row += rows.length;
  return { top };
}

/** The whole comparison sheet as data. Throws ComparisonProblem when the request cannot be built. */
export function planComparison(request: ComparisonRequest, existingSheetNames: readonly string[], options: PlanOptions = {}): SheetPlan {
  const problems = checkComparisonRequest(request);
  if (problems.length > 0) throw new ComparisonProblem(problems);
  const sheetName = options.sheetName ?? freeSheetName(existingSheetNames);
  checkSheetName(sheetName);
  if (options.sheetName === undefined && existingSheetNames.some((n) => sameSheetName(n, sheetName))) {
    throw new ComparisonProblem([`a sheet named "${sheetName}" already exists`]);
  }

  const { scenario, templates } = request;
  const bids = templates.map((t) => t.bid);
  const currency = bids[0].currency;
  const F = formatsFor(currency);
  const N = SCENARIO_NAMES;
  const b: Builder = { blocks: [], row: 0 };
  const names: PlanName[] = [];
  const n = bids.length;

  // Title
  block(b, "title", [
    [text("AI vendor bids on one footing", "title")],
    [
      text(
        `Built by the AIPRICE add-in from ${n} bid${n === 1 ? "" : "s"}. Orange cells are inputs: change any of them and every figure recomputes. Money in ${currency}; figures are per conversation unless named.`,
        "subtitle",
      ),
    ],
  ]);
  b.row += 1;

  // Scenario
  const scenarioCells: Record<string, string> = {};
  // [label, name, value, format, what it means]: labels short enough for column A, the meaning in the note.
  const scenarioRows: [string, string, number, string, string][] = [
    ["Conversations per month (V)", N.conversations, scenario.conversations, F.count, ""],
    ["Resolution rate (r)", N.resolutionRate, scenario.resolutionRate, F.rate, "share the AI resolves without a human"],
    ["Human cost per conversation (h)", N.humanCost, scenario.humanCost, F.price, "fully loaded"],
    ["Qualifying share (q)", N.qualifyingShare, scenario.qualifyingShare ?? 1, F.rate, "AI resolutions meeting the outcome condition"],
  ];
  if (scenario.tokens) {
    scenarioRows.push(
      ["Input tokens per conversation", N.inputTokens, scenario.tokens.input, F.tokens, "for per-token bids without their own"],
      ["Output tokens per conversation", N.outputTokens, scenario.tokens.output, F.tokens, ""],
      ["Cached input tokens per conversation", N.cachedInputTokens, scenario.tokens.cachedInput ?? 0, F.tokens, "part of the input tokens"],
      ["Model calls per conversation", N.attempts, scenario.tokens.attempts ?? 1, F.plain, "retries and agent steps"],
    );
  }
  const scenarioTop = b.row + 1;
  block(b, "scenario", [
    [text("Scenario", "section")],
    ...scenarioRows.map(([label, name, value, format, meaning]) => [
      text(label),
      num(value, format, "input"),
      text(meaning ? `name: ${name}; ${meaning}` : `name: ${name}`, "note"),
    ]),
    [text("All-human cost per month (h x V)"), formula(`${N.humanCost}*${N.conversations}`, F.monthly, "figure"), text("the baseline every saving is measured against", "note")],
  ]);
  scenarioRows.forEach(([label, name, , , meaning], i) => {
    const address = cellAddress({ row: scenarioTop + i, col: 1 });
    scenarioCells[name] = address;
    names.push({ name, address, comment: meaning ? `${label}: ${meaning}` : label });
  });
  b.row += 1;

  // Where each bid's inputs go: planned first (the table refers to them), placed after the break-evens.
  const rowsByBid = bids.map((bid) => inputRows(bid, F));

  // Bids table
  const tableHeader = [
    "Rank (1 = cheapest per resolution)",
    "Bid",
    "Vendor",
    "Pricing model",
    "Vendor fee (f)",
    "Supplied per conversation (s)",
    "Supplied fixed per month (F)",
    "Supplied one-time (I)",
    "AI cost per conversation (a)",
    "Cost per resolution (a / r)",
    "Blended cost per conversation",
    "AI cost per month",
    "Total per month (AI + humans)",
    "Savings per month vs all-human",
    "Figure stated by the source",
    "Why our figure differs",
  ];
  const tableSection = b.row;
  const firstBidRow = tableSection + 2; // 0-based row of bid 1
  const at = (row: number, c: number, abs = false) => cellAddress({ row, col: c }, abs);
  const blendedRange = `${at(firstBidRow, 10, true)}:${at(firstBidRow + n - 1, 10, true)}`;

  // The inputs block is laid out after the table, the chart, the sensitivity and the break-evens.
  const chartRows = Math.max(16, Math.ceil(n * 1.3) + 6);
  const sensitivityTop = firstBidRow + n + 2 + chartRows + 1; // section row
  const ratesTop = sensitivityTop + 2;
  const ratesRange = `${at(ratesTop, 0, true)}:${at(ratesTop + SENSITIVITY.count - 1, 0, true)}`;
  const breakTop = ratesTop + SENSITIVITY.count + 1; // section row
  const helperTop = breakTop + 2; // first bid's a(0)/a(1) row
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  const pairTop = helperTop + n + 1; // first pair row
  const inputsTop = pairTop + pairs.length + 1; // section row

  // Input cells: path -> address, per bid
  const inputRefs: Record<string, string>[] = [];
  const inputBlocks: { top: number; rows: (PlanCell | null)[][] }[] = [];
  {
    let r = inputsTop + 1;
    templates.forEach((t, i) => {
      const rows: (PlanCell | null)[][] = [];
      const refs: Record<string, string> = {};
      const top = r;
      const bid = t.bid;
      rows.push([text(`${bid.name} - ${bid.vendor} (${PRICING_MODEL_NAMES[bid.pricing.model]})`, "section")]);
      rows.push([text("Input", "header"), text("Value", "header"), text("Tier price", "header"), text("What it is", "header"), text("Source (date read)", "header")]);
      const sources = Array.isArray(t.sources) ? t.sources : [];
      const used = new Set<number>();
      for (const row of rowsByBid[i]) {
        const rowIndex = top + rows.length;
        refs[row.path] = at(rowIndex, 1);
        const valueCell: PlanCell | null =
          row.value === null
            ? null
            : typeof row.value === "boolean"
              ? flag(row.value, "input")
              : typeof row.value === "string"
                ? text(row.value, "input")
                : num(row.value, row.format, "input");
        // A blank input (a tier without an upper bound) is an empty text cell, styled as an input.
        const line: (PlanCell | null)[] = [text(row.label), valueCell ?? text("", "input"), null, text(row.help, "note")];
        if (row.second) {
          refs[row.second.path] = at(rowIndex, 2);
          line[2] = num(row.second.value, row.second.format, "input");
        }
        const pathKey = row.path.replace(/\.(\d+)\./g, "[$1].");
        const srcIndex = sources.findIndex((s, k) => !used.has(k) && s && (s.field === row.path || s.field === pathKey || (row.second && s.field === row.second.path)));
        if (srcIndex >= 0) {
          used.add(srcIndex);
          const s = sources[srcIndex];
          line[4] = text(sourceLine(s));
        }
        rows.push(line);
      }
      sources.forEach((s, k) => {
        if (used.has(k) || !s) return;
        rows.push([text(`Source for ${String(s.field)}`), null, null, null, text(sourceLine(s))]);
      });
      if (sources.length === 0) rows.push([text("Sources"), null, null, null, text("none listed: a private quote", "note")]);
      if (typeof t.notes === "string" && t.notes.trim() !== "") rows.push([text("Notes"), text(t.notes, "note")]);
      rows.push([]);
      inputRefs.push(refs);
      inputBlocks.push({ top, rows });
      r = top + rows.length;
    });
    b.row = r;
  }
  const inputsEnd = b.row;

  // Supplied sums and formulas for each bid
  const bidRow = (i: number) => firstBidRow + i;
  const formulas = templates.map((t, i) => {
    const refs = inputRefs[i];
    const ref = (path: string) => {
      const a = refs[path];
      if (!a) throw new Error(`internal: no input cell for ${path}`);
      const p = parseCell(a);
      return cellAddress(p, true);
    };
    const row = bidRow(i);
    return new BidFormulas(
      t.bid,
      ref,
      { perConversation: at(row, 5), fixedMonthly: at(row, 6), oneTime: at(row, 7) },
      scenario.tokens !== undefined,
    );
  });
  const suppliedSum = (i: number, key: "perConversation" | "fixedMonthly" | "oneTime"): PlanCell => {
    const cells = (templates[i].bid.supplied ?? [])
      .map((s, k) => (s[key] !== undefined ? cellAddress(parseCell(inputRefs[i][`supplied.${k}.${key}`]), true) : null))
      .filter((x): x is string => x !== null);
    const fmt = key === "perConversation" ? F.perUnit : F.monthly;
    return cells.length === 0 ? num(0, fmt, "figure") : formula(`SUM(${cells.join(", ")})`, fmt, "figure");
  };

  const bidLayouts: BidLayout[] = [];
  const tableRows: (PlanCell | null)[][] = [
    [text("Bids on one footing", "section")],
    tableHeader.map((h) => text(h, "header")),
  ];
  templates.forEach((t, i) => {
    const row = bidRow(i);
    const bid = t.bid;
    const fx = formulas[i];
    const c = (k: number) => at(row, k);
    const R = N.resolutionRate;
    const line: (PlanCell | null)[] = [
      formula(`IF(ISNUMBER(${c(10)}), 1+SUMPRODUCT(IFERROR(--(${blendedRange}<${c(10)}), 0)), "not priced")`, F.plain, "figure"),
      text(bid.name),
      text(bid.vendor),
      text(PRICING_MODEL_NAMES[bid.pricing.model]),
      formula(fx.vendorFee(R, false), F.perUnit, "figure"),
      suppliedSum(i, "perConversation"),
      suppliedSum(i, "fixedMonthly"),
      suppliedSum(i, "oneTime"),
      formula(fx.tco(c(4)), F.perUnit, "figure"),
      formula(`AIPRICE.COST_PER_RESOLUTION(${c(8)}, ${R})`, F.perUnit, "figure"),
      formula(`AIPRICE.BLENDED_COST(${c(8)}, ${R}, ${N.humanCost})`, F.perUnit, "figure"),
      formula(`${c(8)}*${N.conversations}`, F.monthly, "figure"),
      formula(`${c(10)}*${N.conversations}`, F.monthly, "figure"),
      formula(`(${N.humanCost}-${c(10)})*${N.conversations}`, F.monthly, "figure"),
    ];
    if (t.reference) {
      line.push(num(t.reference.value, F.perUnit), text(`${t.reference.label}: ${t.reference.note}`, "warning"));
    }
    tableRows.push(line);
    bidLayouts.push({
      templateId: typeof t.id === "string" ? t.id : "",
      name: bid.name,
      vendor: bid.vendor,
      model: bid.pricing.model,
      row: row + 1,
      cells: {
        rank: c(0),
        name: c(1),
        vendorFee: c(4),
        suppliedPerConversation: c(5),
        suppliedFixedMonthly: c(6),
        suppliedOneTime: c(7),
        aiCost: c(8),
        costPerResolution: c(9),
        blended: c(10),
        monthlyAiCost: c(11),
        monthlyTotal: c(12),
        monthlySavings: c(13),
        ...(t.reference ? { reference: c(14), referenceNote: c(15) } : {}),
        aiCostAtZero: at(helperTop + i, 1),
        aiCostAtOne: at(helperTop + i, 2),
      },
      inputs: inputRefs[i],
      sensitivity: at(ratesTop, 1 + i),
      linearInRate: linearInRate(bid),
    });
  });
  tableRows.push([
    text(
      "Rank 1 is the cheapest per resolution, which is also the cheapest blended (r is shared). Every figure is a formula: select a cell to read it.",
      "note",
    ),
  ]);
  b.blocks.push({ id: "bids", topLeft: at(tableSection, 0), cells: tableRows });

  // Chart of cost per resolution, below the table
  const chartTop = firstBidRow + n + 2;
  const charts: ChartPlan[] = [
    {
      id: "cost-per-resolution",
      type: "bar-clustered",
      title: `Cost per resolution by bid (${currency})`,
      categories: `${at(firstBidRow, 1)}:${at(firstBidRow + n - 1, 1)}`,
      series: [{ name: "Cost per resolution", values: `${at(firstBidRow, 9)}:${at(firstBidRow + n - 1, 9)}` }],
      valueFormat: F.perUnit,
      topLeft: at(chartTop, 0),
      bottomRight: at(chartTop + chartRows - 1, 5),
    },
  ];

  // Sensitivity block: one spilled formula for the rates, one per bid for its cost per resolution
  const sensRows: (PlanCell | null)[][] = [
    [text("Cost per resolution as the resolution rate varies", "section"), null, null, null, text("each column is one formula: the bid's own, spilled over the rates", "note")],
    [text("Resolution rate", "header"), ...templates.map((t) => text(t.bid.name, "header"))],
    [
      formula(`SEQUENCE(${SENSITIVITY.count}, 1, ${SENSITIVITY.first}, ${SENSITIVITY.step})`, F.rate, "figure", { rows: SENSITIVITY.count, cols: 1 }),
      ...formulas.map((fx) => formula(`AIPRICE.COST_PER_RESOLUTION(${fx.aiCost(ratesRange, true)}, ${ratesRange})`, F.perUnit, "figure", { rows: SENSITIVITY.count, cols: 1 })),
    ],
  ];
  b.blocks.push({ id: "sensitivity", topLeft: at(sensitivityTop, 0), cells: sensRows });

  // Break-even block
  const breakRows: (PlanCell | null)[][] = [
    [text("Break-even resolution rates", "section"), null, null, null, text("where two bids cost the same per conversation", "note")],
    [text("Bid", "header"), text("AI cost per conversation at r = 0%", "header"), text("at r = 100%", "header"), text("Price shape", "header")],
  ];
  templates.forEach((t, i) => {
    const fx = formulas[i];
    breakRows.push([
      formula(`${at(bidRow(i), 1, true)}`),
      formula(fx.aiCost("0", false), F.perUnit, "figure"),
      formula(fx.aiCost("1", false), F.perUnit, "figure"),
      text(linearInRate(t.bid) ? "a straight line in r" : "piecewise in r", "note"),
    ]);
  });
  breakRows.push([text("First bid", "header"), text("Second bid", "header"), text("Break-even r", "header"), text("Cheaper above it", "header"), text("Note", "header")]);
  const breakEvens: ComparisonLayout["breakEvens"] = [];
  pairs.forEach(([i, j], k) => {
    const row = pairTop + k;
    const a0i = at(helperTop + i, 1);
    const a1i = at(helperTop + i, 2);
    const a0j = at(helperTop + j, 1);
    const a1j = at(helperTop + j, 2);
    const cell = at(row, 2);
    const line: (PlanCell | null)[] = [formula(at(bidRow(i), 1, true)), formula(at(bidRow(j), 1, true))];
    const linear = linearInRate(bids[i]) && linearInRate(bids[j]);
    let note: string;
    if (!linear) {
      line.push(text("see the sensitivity block", "note"), null, text(PIECEWISE_NOTE, "note"));
      note = PIECEWISE_NOTE;
    } else {
      const bare = [barePrice(bids[i]), barePrice(bids[j])];
      let be: string;
      if (bare[0] === "per-conversation" && bare[1] === "per-resolution") {
        const x = `AIPRICE.BREAKEVEN_RESOLUTION_RATE(${inputRefs[i]["pricing.pricePerConversation"]}, ${inputRefs[j]["pricing.pricePerResolution"]})`;
        be = `IF(${x}<=1, ${x}, "${NO_BREAK_EVEN}")`;
        note = "per conversation against per resolution: BREAKEVEN_RESOLUTION_RATE";
      } else if (bare[0] === "per-resolution" && bare[1] === "per-conversation") {
        const x = `AIPRICE.BREAKEVEN_RESOLUTION_RATE(${inputRefs[j]["pricing.pricePerConversation"]}, ${inputRefs[i]["pricing.pricePerResolution"]})`;
        be = `IF(${x}<=1, ${x}, "${NO_BREAK_EVEN}")`;
        note = "per conversation against per resolution: BREAKEVEN_RESOLUTION_RATE";
      } else {
        const slope = `((${a1j}-${a0j})-(${a1i}-${a0i}))`;
        const x = `(${a0i}-${a0j})/${slope}`;
        be = `IF(${slope}=0, IF(${a0i}=${a0j}, "${SAME_EVERYWHERE}", "${NO_BREAK_EVEN}"), IF(AND(${x}>=0, ${x}<=1), ${x}, "${NO_BREAK_EVEN}"))`;
        note = "both costs are straight lines in r: where the lines from r = 0% to 100% cross";
      }
      line.push(
        formula(be, F.rate, "figure"),
        formula(`IF(ISNUMBER(${cell}), IF((${a1i}-${a0i})<(${a1j}-${a0j}), ${at(bidRow(i), 1, true)}, ${at(bidRow(j), 1, true)}), "")`),
        text(note, "note"),
      );
    }
    breakRows.push(line);
    breakEvens.push({ first: i, second: j, cell, cheaperAbove: at(row, 3), note: at(row, 4) });
  });
  b.blocks.push({ id: "break-even", topLeft: at(breakTop, 0), cells: breakRows });

  // Inputs block
  b.blocks.push({ id: "inputs-title", topLeft: at(inputsTop, 0), cells: [[text("Prices and inputs by bid", "section"), null, null, text("orange cells are the bids' prices as quoted: edit them to test a counter-offer", "note")]] });
  inputBlocks.forEach((ib, i) => b.blocks.push({ id: `inputs-${i + 1}`, topLeft: at(ib.top, 0), cells: ib.rows }));

  // Contract questions: the ones every bid raises, then each chosen pricing model's, then each bid's own
  b.row = inputsEnd + 1;
  const qTop = b.row;
  const qRows: (PlanCell | null)[][] = [[text("Questions to settle before signing", "section")]];
  const questionsLayout: ComparisonLayout["questions"] = [];
  const group = (heading: string, bidIndexes: number[], questions: readonly string[]) => {
    qRows.push([text(heading, "header")]);
    const cells: string[] = [];
    for (const q of questions) {
      cells.push(at(qTop + qRows.length, 0));
      qRows.push([text(q)]);
    }
    questionsLayout.push({ heading, bids: bidIndexes, cells });
  };
  group("Every bid", templates.map((_, i) => i), GENERAL_QUESTIONS);
  const models = [...new Set(bids.map((bid) => bid.pricing.model))];
  for (const model of models) {
    const which = bids.map((bid, i) => (bid.pricing.model === model ? i : -1)).filter((i) => i >= 0);
    group(`Priced ${PRICING_MODEL_NAMES[model]}: ${which.map((i) => bids[i].name).join("; ")}`, which, STANDARD_QUESTIONS[model] ?? []);
  }
  templates.forEach((t, i) => {
    const standard = new Set(standardQuestions(t.bid.pricing.model));
    const own = contractQuestions(t).filter((q) => !standard.has(q));
    if (own.length > 0) group(`${t.bid.name} - ${t.bid.vendor}: its own questions`, [i], own);
  });
  b.blocks.push({ id: "questions", topLeft: at(qTop, 0), cells: qRows });

  // Meta column: the templates and where their inputs are, for export
  const meta = {
    format: COMPARISON_FORMAT,
    version: COMPARISON_VERSION,
    scenario: scenarioCells,
    bids: templates.map((t, i) => ({
      template: t,
      inputs: Object.fromEntries(
        rowsByBid[i].flatMap((row) => {
          const out: [string, { address: string; kind: InputKind }][] = [[row.path, { address: inputRefs[i][row.path], kind: row.kind }]];
          if (row.second) out.push([row.second.path, { address: inputRefs[i][row.second.path], kind: row.second.kind }]);
          return out;
        }),
      ),
    })),
  };
  const json = JSON.stringify(meta);
  const chunks: string[] = [];
  for (let k = 0; k < json.length; k += META_CHUNK) chunks.push(json.slice(k, k + META_CHUNK));
  const metaCol = META_COLUMN;
  b.blocks.push({
    id: "meta",
    topLeft: `${metaCol}1`,
    cells: [[text(COMPARISON_FORMAT, "meta")], [num(COMPARISON_VERSION, F.plain, "meta")], [num(chunks.length, F.plain, "meta")], ...chunks.map((c) => [text(c, "meta")])],
  });

  const layout: ComparisonLayout = {
    scenario: scenarioCells,
    bids: bidLayouts,
    sensitivity: { rates: ratesRange.replace(/\$/g, ""), rateCount: SENSITIVITY.count, firstRate: SENSITIVITY.first, step: SENSITIVITY.step },
    breakEvens,
    questions: questionsLayout,
    meta: `${metaCol}1`,
  };

  const widths: [string, number][] = [
    ["A", 210],
    ["B", 200],
    ["C", 170],
    ["D", 120],
    ...Array.from({ length: 11 }, (_, k) => [columnLetters(4 + k), 92] as [string, number]),
    ["O", 92],
    ["P", 320],
  ];
  return {
    sheetName,
    blocks: b.blocks,
    names,
    columnWidths: widths.map(([column, points]) => ({ column, points })),
    hiddenColumns: [metaCol],
    charts,
    marker: { cell: `${metaCol}1`, format: COMPARISON_FORMAT, version: COMPARISON_VERSION },
    layout,
  };
}

/** The shape of the meta JSON kept in the hidden column. */
export interface ComparisonMeta {
  format: string;
  version: number;
  scenario: Record<string, string>;
  bids: { template: BidTemplate; inputs: Record<string, { address: string; kind: InputKind }> }[];
}
