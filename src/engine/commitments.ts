/**
 * Contract shapes over a term (docs/spec.md#contract-term; COMMIT_TRUE_UP, CREDIT_BURN and
 * ESCALATED_PRICE in "More functions"): a spend commitment trued up at the end of each period,
 * prepaid credits that expire, and a price escalator.
 */
import { finite, nonNegative, PricingProblem } from "./problems";
import { MAX_SCHEDULE_MONTHS } from "./schedule";

/** The column names of COMMIT_TRUE_UP's table (its header row), in order. */
export const COMMIT_COLUMNS = ["month", "spend", "true_up", "billed", "cumulative_billed"] as const;
/** The column names of CREDIT_BURN's table (its header row), in order. */
export const CREDIT_COLUMNS = ["month", "bought", "used", "from_credits", "overage", "expired", "balance"] as const;

export const DEFAULT_PERIOD_MONTHS = 12;
export const DEFAULT_ESCALATION_MONTHS = 12;

export interface CommitRow {
  month: number;
  spend: number;
  trueUp: number;
  billed: number;
  cumulativeBilled: number;
}

export interface CreditRow {
  month: number;
  bought: number;
  used: number;
  fromCredits: number;
  overage: number;
  expired: number;
  balance: number;
}

/** A whole number of months, 1 or more. */
function wholeMonths(name: string, x: number): number {
  if (!(Number.isInteger(x) && x >= 1)) {
    throw new PricingProblem("num", name, `${name} must be a whole number of months, 1 or more (got ${Number.isNaN(x) ? "not a number" : x})`);
  }
  return x;
}

function checkMonths(name: string, xs: readonly number[]): void {
  if (xs.length === 0) throw new PricingProblem("value", name, `${name} must list at least one month`);
  if (xs.length > MAX_SCHEDULE_MONTHS) {
    throw new PricingProblem("num", name, `${name} has ${xs.length} months, more than a worksheet holds below a header row (${MAX_SCHEDULE_MONTHS})`);
  }
  xs.forEach((x, i) => nonNegative(`${name}[${i + 1}]`, x));
}

/**
 * A spend commitment trued up at the end of each period. Periods are months 1..p, p+1..2p, ...; a
 * last, shorter period commits commitment x (its months / p). In a period's last month the true-up is
 * max(0, the period's commitment - its spend), else 0; billed = spend + true-up.
 */
export function commitTrueUp(spendByMonth: number[], commitment: number, periodMonths = DEFAULT_PERIOD_MONTHS): CommitRow[] {
  checkMonths("spend_by_month", spendByMonth);
  nonNegative("commitment", commitment);
  wholeMonths("period_months", periodMonths);
  const n = spendByMonth.length;
  const rows: CommitRow[] = new Array(n);
  let periodSpend = 0;
  let cumulative = 0;
  for (let m = 0; m < n; m++) {
    const spend = spendByMonth[m];
    periodSpend += spend;
    const periodStart = m - (m % periodMonths);
    const periodEnd = Math.min(periodStart + periodMonths, n) - 1;
    let trueUp = 0;
    if (m === periodEnd) {
      const months = periodEnd - periodStart + 1;
      const committed = months === periodMonths ? commitment : (commitment * months) / periodMonths;
      trueUp = Math.max(0, committed - periodSpend);
      periodSpend = 0;
    }
    const billed = spend + trueUp;
    cumulative += billed;
    rows[m] = { month: m + 1, spend, trueUp, billed, cumulativeBilled: cumulative };
  }
  return rows;
}

/**
 * Prepaid credits. Credits bought in month m can be used in months m .. m + expiryMonths - 1 (never
 * expire when expiryMonths is undefined); use draws on the oldest credits first; use beyond the
 * credits available is overage; credits left when their last month ends expire (shown in that month).
 * balance is what is left after the month's use and expiry.
 */
export function creditBurn(usedByMonth: number[], boughtByMonth: number[], expiryMonths?: number): CreditRow[] {
  checkMonths("credits_used_by_month", usedByMonth);
  checkMonths("credits_bought_by_month", boughtByMonth);
  if (usedByMonth.length !== boughtByMonth.length) {
    throw new PricingProblem("value", "credits_bought_by_month", `credits_used_by_month has ${usedByMonth.length} months but credits_bought_by_month has ${boughtByMonth.length}; they must match`);
  }
  if (expiryMonths !== undefined) wholeMonths("expiry_months", expiryMonths);
  const n = usedByMonth.length;
  // Lots still holding credits, oldest first: what is left of each month's purchase.
  const left = new Float64Array(n);
  let oldest = 0; // the first lot that may still hold credits
  let balance = 0;
  const rows: CreditRow[] = new Array(n);
  for (let m = 0; m < n; m++) {
    const bought = boughtByMonth[m];
    const used = usedByMonth[m];
    left[m] = bought;
    balance += bought;
    let need = used;
    let fromCredits = 0;
    while (need > 0 && oldest <= m) {
      const take = Math.min(need, left[oldest]);
      left[oldest] -= take;
      fromCredits += take;
      need -= take;
      if (left[oldest] === 0) oldest++;
      else break; // need is met
    }
    balance -= fromCredits;
    const overage = need > 0 ? need : 0;
    let expired = 0;
    if (expiryMonths !== undefined) {
      // Lots whose last usable month is m: bought in month m - expiryMonths + 1, or earlier (all used).
      const lastLot = m - expiryMonths + 1;
      while (oldest <= lastLot) {
        expired += left[oldest];
        left[oldest] = 0;
        oldest++;
      }
    }
    balance -= expired;
    if (balance < 0) balance = 0; // rounding only: credits are never borrowed
    rows[m] = { month: m + 1, bought, used, fromCredits, overage, expired, balance };
  }
  return rows;
}

/**
 * The price in contract month `month` (1, 2, ...) under an escalator:
 * price x (1 + annualRate)^floor((month - 1) / everyMonths). annualRate may be negative down to -1.
 */
export function escalatedPrice(price: number, annualRate: number, month: number, everyMonths = DEFAULT_ESCALATION_MONTHS): number {
  nonNegative("price", price);
  finite("annual_rate", annualRate);
  if (annualRate < -1) {
    throw new PricingProblem("num", "annual_rate", `annual_rate must be -1 or more (a discount of at most 100%; got ${annualRate})`);
  }
  wholeMonths("month", month);
  wholeMonths("every_months", everyMonths);
  const steps = Math.floor((month - 1) / everyMonths);
  return price * Math.pow(1 + annualRate, steps);
}
