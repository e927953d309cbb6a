/**
 * Vendors' performance moves together, to a degree (docs/spec.md#decide-and-negotiate): the order of the bids'
 * drawn resolution rates across the drawn scenarios comes from a Gaussian copula with a given rank
 * correlation, imposed on the stratified PERT draws by Iman-Conover (each bid keeps exactly its own
 * draws; only which row holds which draw changes).
 * The method, step by step, so another program can reproduce the ranks:
 * docs/negotiate.md#the-correlated-ranks-step-by-step.
 */
import { mulberry32, pertRanks } from "./risk";
import { PricingProblem } from "./problems";

/** The seed of the bids' independent orders, as an offset from the analysis' seed (after bid-risk's 0..3). */
export const RATE_ORDER_SEED_OFFSET = 4;
/** Iman-Conover's sample correction is applied up to this many columns (the common one and one per bid). */
export const MAX_CORRECTED_COLUMNS = 101;
/** The default rank correlation of the bids' resolution rates: 1, the second edition's common random numbers. */
export const DEFAULT_RATE_CORRELATION = 1;

/** Checks a rank correlation of the bids' rates: a number from 0 to 1. */
export function checkRateCorrelation(rho: number): void {
  if (!(typeof rho === "number" && rho >= 0 && rho <= 1)) {
    throw new PricingProblem("num", "rate_correlation", `the correlation of the bids' resolution rates must be a fraction from 0 to 1 (got ${rho})`);
  }
}

/** Φ⁻¹(p) for 0 < p < 1 (Acklam's algorithm, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The Pearson correlation of normal scores whose rank correlation is rho: 2 sin(π rho / 6); 1 at 1 exactly. */
export function pearsonForRank(rho: number): number {
  if (rho >= 1) return 1;
  return 2 * Math.sin((Math.PI * rho) / 6);
}

function scores(n: number): Float64Array {
  const s = new Float64Array(n);
  for (let k = 1; k <= n; k++) s[k - 1] = normalQuantile(k / (n + 1));
  return s;
}

/** Steps 2 and 3: the common column and one independently ordered column per bid. */
function scoreColumns(n: number, bids: number, seed: number): Float64Array[] {
  const s = scores(n);
  const common = new Float64Array(n);
  const ranks = pertRanks(n, seed);
  for (let i = 0; i < n; i++) common[i] = s[ranks[i] - 1];
  const columns = [common];
  const next = mulberry32((seed + RATE_ORDER_SEED_OFFSET) >>> 0);
  for (let b = 0; b < bids; b++) {
    const col = Float64Array.from(s);
    for (let i = n - 1; i >= 1; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = col[i];
      col[i] = col[j];
      col[j] = t;
    }
    columns.push(col);
  }
  return columns;
}

/** Step 4: the columns (each of mean 0 and the same spread) made exactly uncorrelated, in place, by Gram-Schmidt. */
function decorrelate(columns: Float64Array[]): void {
  // Multiplying by the inverse transpose of the Cholesky factor of the sample correlation is, column by
  // column, Gram-Schmidt: each column loses its projection on the ones before it, then is rescaled to
  // the first column's length. Z0 (the first) is unchanged.
  const n = columns[0].length;
  const dot = (x: Float64Array, y: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * y[i];
    return s;
  };
  const length0 = Math.sqrt(dot(columns[0], columns[0]));
  const norms = [length0];
  for (let c = 1; c < columns.length; c++) {
    const col = columns[c];
    for (let e = 0; e < c; e++) {
      const k = dot(col, columns[e]) / (norms[e] * norms[e]);
      const base = columns[e];
      for (let i = 0; i < n; i++) col[i] -= k * base[i];
    }
    const len = Math.sqrt(dot(col, col));
    if (len > 0) {
      const scale = length0 / len;
      for (let i = 0; i < n; i++) col[i] *= scale;
    }
    norms.push(len > 0 ? length0 : 0);
  }
}

/** Ranks 1..n of the values (1 = smallest; equal values in row order). */
function ranksOfValues(values: Float64Array): Int32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // Each value's rank is its place in the sorted copy (found by bisection); equal values take the
  // places after the first in row order.
  const taken = new Int32Array(n);
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo + taken[lo]++ + 1;
  }
  return ranks;
}

/**
 * The rank (1 = smallest) of each bid's drawn resolution rate in each of `count` rows, for `bids` bids
 * whose rates have rank correlation `rho` (0..1). ranks[b][i] is bid b's rank in row i. rho = 1 gives
 * every bid pertRanks(count, seed).
 */
export function correlatedRanks(count: number, bids: number, rho: number, seed: number): Int32Array[] {
  checkRateCorrelation(rho);
  const common = Int32Array.from(pertRanks(count, seed));
  const p = pearsonForRank(rho);
  if (p >= 1 || bids === 0) return Array.from({ length: bids }, () => common);
  const columns = scoreColumns(count, bids, seed);
  if (columns.length <= MAX_CORRECTED_COLUMNS) decorrelate(columns);
  const shared = Math.sqrt(p);
  const own = Math.sqrt(1 - p);
  const z0 = columns[0];
  const out: Int32Array[] = [];
  const t = new Float64Array(count);
  for (let b = 1; b < columns.length; b++) {
    const s = columns[b];
    for (let i = 0; i < count; i++) t[i] = shared * z0[i] + own * s[i];
    out.push(ranksOfValues(t));
  }
  return out;
}

/** Spearman's rank correlation of two columns of equal length without ties in either. */
export function rankCorrelation(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const rx = ranksOfValues(Float64Array.from(x));
  const ry = ranksOfValues(Float64Array.from(y));
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (rx[i] - ry[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}
