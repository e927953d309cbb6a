/**
 * Over the contract term (docs/spec.md#contract-term): every bid priced month by month over a term of
 * 1 to 60 months, as volumes grow (or follow seasons), each bid's resolution rate ramps up to its own,
 * prices escalate, commitments are trued up and credit packs burn. The formulas, month by month:
 * docs/term.md#the-formulas-month-by-month.
 */
import { Bid, bidAssist, bidFigures, bidScenario, checkPerformance, CreditPacks, monthlyUnits, Scenario, SpendCommitment, suppliedTotals, vendorMonthly } from "./bid";
import { checkFigures } from "./compare";
import { commitTrueUp, creditBurn, DEFAULT_ESCALATION_MONTHS, DEFAULT_PERIOD_MONTHS, escalatedPrice } from "./commitments";
import { finite, fraction, isPricingProblem, nonNegative, PricingProblem } from "./problems";
import { ChargeTerm, chargeTerms } from "./term-charges";

export const MAX_TERM_MONTHS = 60;
export const SEASONS = 12;

/** The term's own inputs (the scenario's part; each bid's own are BidTermInputs). */
export interface TermSettings {
  /** T: months of the term, 1 .. 60. */
  months: number;
  /** g: growth of conversations per month, e.g. 0.02 for 2% a month (more than -1). */
  growth: number;
  /** Twelve seasonal factors, one per contract month 1..12 (repeating); null: every month alike. */
  seasonal: number[] | null;
  /** d: discount rate per month for the NPV, e.g. 0.005. */
  discountRate: number;
  /** Each bid's resolution rate in month 1 as a share of its own rate (1: no ramp). */
  rampStart: number;
  /** K: months the ramp takes; the bid reaches its own rate in month K + 1 (0: no ramp). */
  rampMonths: number;
  /** The escalator per year of bids whose contract states none (0: none). */
  escalator: number;
}

/**
 * The defaults, visible in the pane and on the sheet: a one-year term, volumes and rates as in the
 * steady month (no growth, no ramp, no escalator unless a contract states one), and a discount rate of
 * 0.5% a month (about 6.2% a year), a typical cost of capital.
 */
export const DEFAULT_TERM: Readonly<TermSettings> = Object.freeze({
  months: 12,
  growth: 0,
  seasonal: null,
  discountRate: 0.005,
  rampStart: 1,
  rampMonths: 0,
  escalator: 0,
});

/** A bid's own term inputs, where the analyst states them (the sheet's cells on the bid's row). */
export interface BidTermInputs {
  /** The bid's resolution rate in month 1 (a fraction); the term's ramp start x r_b when absent. */
  rampStartRate?: number;
  /** Months of its ramp; the term's when absent. */
  rampMonths?: number;
  /** Its escalator per year; its contract's (charges.escalator), else the term's, when absent. */
  escalator?: number;
  /** Months between rises; its contract's, else 12, when absent. */
  escalatorEvery?: number;
}

export interface TermMonth {
  month: number;
  conversations: number;
  resolutionRate: number;
  /** The escalator's factor on the vendor's prices this month (1 before the first rise). */
  priceFactor: number;
  /**
   * Which version of the bid's prices priced this month ("undated" or the version's first day), when
   * the term is priced at the prices in effect each month; null when the bid's own prices price every month.
   */
  priceVersion: string | null;
  /** Units billed (resolutions, outcomes, conversations, seats), for the models that count them; else null. */
  billableUnits: number | null;
  /** What the vendor bills for the month, escalated, one-time fees left out. */
  vendorFee: number;
  /** A spend commitment's shortfall, billed in the last month of its period. */
  commitmentTrueUp: number;
  /** What the buyer supplies: per conversation and fixed monthly. */
  supplied: number;
  /** One-time costs (vendor and buyer), in month 1. */
  oneTime: number;
  /** The humans who take the conversations the AI does not resolve. */
  humanFallback: number;
  total: number;
  cumulative: number;
  creditsBought: number;
  creditsUsed: number;
  creditsExpired: number;
}

export interface BidTerm {
  months: TermMonth[];
  /** The total contract value: every month's cost summed (vendor, buyer's own, humans). */
  total: number;
  /** Excel's NPV of the monthly totals at the monthly discount rate. */
  npv: number;
  /** Sum of the commitment true-ups: committed spend left unused. */
  unusedCommitment: number;
  /** Prepaid credits left to expire (0 without credit packs). */
  expiredCredits: number;
  /** What the vendor bills over the term (fees, true-ups, its one-time fee). */
  vendorBilled: number;
  /** The bid's own settings as used: ramp start rate and months, escalator and its step. */
  inputs: Required<BidTermInputs>;
  /** A bid by charges: its charges with a term shape (escalator, prepaid units, commitment), month by month. */
  charges?: ChargeTerm[];
}

export interface TermComparison {
  settings: TermSettings;
  /** Each bid's term, or null when it cannot be priced in some month. */
  bids: (BidTerm | null)[];
  problems: (PricingProblem | null)[];
  /** The lowest cumulative cost among the priced bids, month by month. */
  lowestCumulative: number[];
  /** The bid with the lowest cumulative cost in each month (the first listed among equals). */
  cheapestToDate: (number | null)[];
  /** Per bid: the month from which its cumulative cost stays the lowest to the end; null if none. */
  cheapestFromMonth: (number | null)[];
}

function wholeMonths(name: string, x: number, min: number, max: number): number {
  if (!(Number.isInteger(x) && x >= min && x <= max)) {
    throw new PricingProblem("num", name, `${name} must be a whole number of months from ${min} to ${max} (got ${Number.isNaN(x) ? "not a number" : x})`);
  }
  return x;
}

/** The settings with the defaults filled in, checked: a PricingProblem names the input at fault. */
export function termSettings(given: Partial<TermSettings> = {}): TermSettings {
  const s: TermSettings = { ...DEFAULT_TERM, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as TermSettings;
  wholeMonths("term_months", s.months, 1, MAX_TERM_MONTHS);
  finite("growth", s.growth);
  if (!(s.growth > -1 && s.growth <= 10)) throw new PricingProblem("num", "growth", `growth per month must be more than -100% and at most 1,000% (got ${s.growth})`);
  if (s.seasonal !== null) {
    if (!Array.isArray(s.seasonal) || s.seasonal.length !== SEASONS) {
      throw new PricingProblem("value", "seasonal", `give 12 seasonal factors, one per month of a year (got ${Array.isArray(s.seasonal) ? s.seasonal.length : "none"})`);
    }
    s.seasonal.forEach((f, i) => {
      if (!(Number.isFinite(f) && f > 0)) throw new PricingProblem("num", "seasonal", `seasonal factor ${i + 1} must be a number above 0 (got ${f})`);
    });
  }
  fraction("discount_rate", s.discountRate);
  fraction("ramp_start", s.rampStart);
  wholeMonths("ramp_months", s.rampMonths, 0, MAX_TERM_MONTHS);
  checkEscalator("escalator", s.escalator);
  return s;
}

function checkEscalator(name: string, rate: number): void {
  finite(name, rate);
  if (rate < -1) throw new PricingProblem("num", name, `${name} must be -100% or more (got ${rate})`);
}

/** V_m: the conversations of month m (1-based). */
export function termConversations(scenario: Scenario, settings: TermSettings, m: number): number {
  const f = settings.seasonal;
  const season = f ? f[(m - 1) % SEASONS] / f[0] : 1;
  return scenario.conversations * Math.pow(1 + settings.growth, m - 1) * season;
}

/** r_m on a ramp from `start` in month 1 to `rate` from month K + 1. */
export function rampedRate(start: number, rate: number, rampMonths: number, m: number): number {
  return m > rampMonths ? rate : start + ((rate - start) * (m - 1)) / rampMonths;
}

/** A bid's own term inputs as used: its own, else its contract's, else the term's. */
export function bidTermInputs(bid: Bid, scenario: Scenario, settings: TermSettings, own: BidTermInputs = {}): Required<BidTermInputs> {
  const rb = bidScenario(bid, scenario).resolutionRate;
  const contract = bid.charges?.escalator;
  const inputs: Required<BidTermInputs> = {
    rampStartRate: own.rampStartRate ?? rb * settings.rampStart,
    rampMonths: own.rampMonths ?? settings.rampMonths,
    escalator: own.escalator ?? contract?.annualRate ?? settings.escalator,
    escalatorEvery: own.escalatorEvery ?? contract?.everyMonths ?? DEFAULT_ESCALATION_MONTHS,
  };
  fraction("ramp start rate", inputs.rampStartRate);
  wholeMonths("ramp_months", inputs.rampMonths, 0, MAX_TERM_MONTHS);
  checkEscalator("escalator", inputs.escalator);
  wholeMonths("escalate every (months)", inputs.escalatorEvery, 1, 1200);
  return inputs;
}

/** Credit packs need a bid that bills its units one by one at a unit price; their figures are checked. */
function checkPacks(bid: Bid): void {
  const p = bid.charges!.creditPacks!;
  const c = bid.charges!;
  if (monthlyUnits(bid.pricing, { conversations: 1, resolutionRate: 1, humanCost: 0 }) === null) {
    throw new PricingProblem("value", "charges.creditPacks", `credit packs need a bid that bills units one by one (credits, resolutions, outcomes, conversations or seats); a ${bid.pricing.model} bid does not`);
  }
  if (c.tiers || c.allowance || c.package) {
    throw new PricingProblem("value", "charges.creditPacks", "credit packs cannot be combined with tiers, an allowance or packages: which units the credits replace would not be defined");
  }
  nonNegative("credits per pack", p.creditsPerPack);
  nonNegative("price per pack", p.pricePerPack);
  nonNegative("packs", p.packs);
  for (const m of p.boughtInMonths) wholeMonths("the month packs are bought", m, 1, 1200);
  if (p.expiryMonths !== undefined) wholeMonths("expiry months", p.expiryMonths, 1, 1200);
}

/**
 * The prices of one month of the term (docs/spec.md#one-model-one-answer: "Prices over the term are the prices in
 * effect each month"): the bid as priced that month (the pricing and charges of the version of its
 * prices in effect then) and which version that is. The month's usage, platform fee and monthly
 * minimum come from it; the contract's term-long shapes (spend commitment, credit packs, escalator,
 * one-time fee) stay those of the bid as of the comparison date.
 */
export interface MonthPrices {
  bid: Bid;
  /** The version's id: "undated" (the file's own prices) or the first day of the dated version. */
  version: string;
}

/** What bidTerm works on: the bid's settled inputs, shared by its phases. */
interface TermWork {
  bid: Bid;
  base: Scenario;
  settings: TermSettings;
  inputs: Required<BidTermInputs>;
  months: TermMonth[];
  /** The vendor's fee of each month (for the commitment's true-up). */
  fees: number[];
  unitsUsed: number[];
  unitPrices: number[];
  /** The bid as priced each month (the version in effect) and the month's scenario, for its charges' term shapes. */
  monthBids: Bid[];
  monthScenarios: Scenario[];
}

/** Month m priced: its volume and rate, its version's vendor fee escalated, what the buyer supplies, the humans. */
function priceMonth(w: TermWork, scenario: Scenario, m: number, prices: MonthPrices | undefined, oneTime: number): void {
  const bid = prices?.bid ?? w.bid;
  const conversations = termConversations(scenario, w.settings, m);
  const resolutionRate = rampedRate(w.inputs.rampStartRate, w.base.resolutionRate, w.inputs.rampMonths, m);
  const own: Scenario = { ...w.base, conversations, resolutionRate };
  const vendor = vendorMonthly(bid, own);
  w.monthBids[m - 1] = bid;
  w.monthScenarios[m - 1] = own;
  const priceFactor = escalatedPrice(1, w.inputs.escalator, m, w.inputs.escalatorEvery);
  const vendorFee = (vendor.total - vendor.oneTimeSpread) * priceFactor;
  const units = monthlyUnits(bid.pricing, own);
  if (units) {
    w.unitsUsed[m - 1] = units.units;
    w.unitPrices[m - 1] = units.unitPrice;
  }
  w.fees[m - 1] = vendorFee;
  const supplied = suppliedTotals(w.bid);
  w.months[m - 1] = {
    month: m,
    conversations,
    resolutionRate,
    priceFactor,
    priceVersion: prices?.version ?? null,
    billableUnits: units ? units.units : null,
    vendorFee,
    commitmentTrueUp: 0,
    supplied: supplied.perConversation * conversations + supplied.fixedMonthly,
    oneTime: m === 1 ? oneTime : 0,
    humanFallback: conversations * (1 - resolutionRate) * own.humanCost * (1 - bidAssist(w.bid)),
    total: 0,
    cumulative: 0,
    creditsBought: 0,
    creditsUsed: 0,
    creditsExpired: 0,
  };
}

/** Prepaid credit packs burnt month by month: packs billed when bought, units drawn from credits not billed. Returns the credits expired. */
function burnCredits(w: TermWork, packs: CreditPacks): number {
  let expiredCredits = 0;
  const bought = w.months.map((x) => (packs.boughtInMonths.includes(x.month) ? packs.packs * packs.creditsPerPack : 0));
  const burn = creditBurn(w.unitsUsed, bought, packs.expiryMonths);
  burn.forEach((row, i) => {
    const x = w.months[i];
    const packsCost = bought[i] > 0 ? packs.packs * packs.pricePerPack : 0;
    x.vendorFee += x.priceFactor * (packsCost - row.fromCredits * w.unitPrices[i]);
    x.creditsBought = row.bought;
    x.creditsUsed = row.fromCredits;
    x.creditsExpired = row.expired;
    w.fees[i] = x.vendorFee;
    expiredCredits += row.expired;
  });
  return expiredCredits;
}

/** A spend commitment's shortfall billed in the last month of each period. Returns the commitment left unused. */
function trueUpCommitment(w: TermWork, c: SpendCommitment): number {
  let unused = 0;
  const rows = commitTrueUp(w.fees, nonNegative("commitment amount", c.amount), c.periodMonths ?? DEFAULT_PERIOD_MONTHS);
  rows.forEach((row, i) => {
    w.months[i].commitmentTrueUp = row.trueUp;
    unused += row.trueUp;
  });
  return unused;
}

/**
 * A bid by charges: each charge's own escalator and prepaid units change the month's vendor fee; its
 * commitment's true-ups add to the month's (src/engine/term-charges.ts). Returns the charges' figures.
 */
function applyChargeTerms(w: TermWork): ChargeTerm[] {
  const months = w.months.map((x, i) => ({ bid: w.monthBids[i], scenario: w.monthScenarios[i], bidFactor: x.priceFactor }));
  const { charges, extraFee } = chargeTerms(w.bid, months);
  extraFee.forEach((e, i) => {
    w.months[i].vendorFee += e;
    w.fees[i] = w.months[i].vendorFee;
  });
  return charges;
}

/** The charges' true-ups added to the months' (after the bid's own commitment). Returns the commitment they leave unused. */
function addChargeTrueUps(w: TermWork, charges: readonly ChargeTerm[]): number {
  let unused = 0;
  for (const c of charges) {
    c.trueUp.forEach((x, i) => (w.months[i].commitmentTrueUp += x));
    unused += c.unusedCommitment;
  }
  return unused;
}

/** Each month's total and the running sum; the NPV and what the vendor bills. A month that cannot be computed (or is negative) is a problem. */
function sumMonths(w: TermWork): { total: number; npv: number; vendorBilled: number } {
  let cumulative = 0;
  let npv = 0;
  let vendorBilled = 0;
  const d = w.settings.discountRate;
  for (const x of w.months) {
    x.total = x.vendorFee + x.commitmentTrueUp + x.supplied + x.oneTime + x.humanFallback;
    if (!(x.total >= 0 && Number.isFinite(x.total))) throw new PricingProblem("num", "term", `month ${x.month}'s cost cannot be computed from the bid's inputs (got ${x.total}): check its prices and quantities`);
    cumulative += x.total;
    x.cumulative = cumulative;
    npv += x.total / Math.pow(1 + d, x.month);
    vendorBilled += x.vendorFee + x.commitmentTrueUp;
  }
  return { total: cumulative, npv, vendorBilled: vendorBilled + (w.bid.charges?.oneTimeFee ?? 0) };
}

/**
 * One bid over the term; throws a PricingProblem when a month cannot be priced. `prices`, when given,
 * holds the prices in effect in each month (MonthPrices, one per month); the bid's own otherwise.
 */
export function bidTerm(bid: Bid, scenario: Scenario, given: Partial<TermSettings> | TermSettings = {}, own: BidTermInputs = {}, prices?: readonly MonthPrices[]): BidTerm {
  const settings = termSettings(given);
  checkPerformance(bid.performance);
  const T = settings.months;
  if (prices && prices.length < T) throw new PricingProblem("value", "prices", `the prices of ${T} months are needed (got ${prices.length})`);
  const w: TermWork = {
    bid,
    base: bidScenario(bid, scenario),
    settings,
    inputs: bidTermInputs(bid, scenario, settings, own),
    months: new Array(T),
    fees: new Array(T),
    unitsUsed: new Array(T).fill(0),
    unitPrices: new Array(T).fill(0),
    monthBids: new Array(T),
    monthScenarios: new Array(T),
  };
  const supplied = suppliedTotals(bid);
  const charges = bid.charges ?? {};
  if (charges.creditPacks) checkPacks(bid);
  const oneTime = nonNegative("one-time fee", charges.oneTimeFee ?? 0) + supplied.oneTime;
  for (let m = 1; m <= T; m++) priceMonth(w, scenario, m, prices?.[m - 1], oneTime);
  const byCharges = applyChargeTerms(w);
  const expiredCredits = (charges.creditPacks ? burnCredits(w, charges.creditPacks) : 0) + byCharges.reduce((x, c) => x + c.expiredUnits, 0);
  const unusedCommitment = (charges.commitment ? trueUpCommitment(w, charges.commitment) : 0) + addChargeTrueUps(w, byCharges);
  const { total, npv, vendorBilled } = sumMonths(w);
  return { months: w.months, total, npv, unusedCommitment, expiredCredits, vendorBilled, inputs: w.inputs, ...(byCharges.length ? { charges: byCharges } : {}) };
}

/**
 * Every bid over the term, and when each becomes the cheapest for good. Bids that cannot be priced in
 * some month are left out of the comparison (null). Linear in bids x months.
 */
export function compareTerm(bids: readonly Bid[], scenario: Scenario, given: Partial<TermSettings> = {}, own: readonly (BidTermInputs | undefined)[] = [], prices: readonly (readonly MonthPrices[] | undefined)[] = []): TermComparison {
  const settings = termSettings(given);
  const terms: (BidTerm | null)[] = [];
  const problems: (PricingProblem | null)[] = [];
  bids.forEach((bid, i) => {
    try {
      // Not priced in the scenario is not priced over the term (never ranked, never a total).
      checkFigures(bidFigures(bid, scenario));
      terms.push(bidTerm(bid, scenario, settings, own[i] ?? {}, prices[i]));
      problems.push(null);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      terms.push(null);
      problems.push(e);
    }
  });
  const T = settings.months;
  const lowestCumulative: number[] = new Array(T).fill(Infinity);
  const cheapestToDate: (number | null)[] = new Array(T).fill(null);
  for (let m = 0; m < T; m++) {
    terms.forEach((t, b) => {
      if (t && t.months[m].cumulative < lowestCumulative[m]) {
        lowestCumulative[m] = t.months[m].cumulative;
        cheapestToDate[m] = b;
      }
    });
  }
  const cheapestFromMonth = terms.map((t) => {
    if (!t) return null;
    if (t.months[T - 1].cumulative > lowestCumulative[T - 1]) return null;
    let last = 0; // the last month in which it is not the lowest
    for (let m = 0; m < T; m++) if (t.months[m].cumulative > lowestCumulative[m]) last = m + 1;
    return last + 1;
  });
  return { settings, bids: terms, problems, lowestCumulative, cheapestToDate, cheapestFromMonth };
}
