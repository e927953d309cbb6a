/**
 * Risk: three-point estimates as PERT distributions, stratified seeded draws, the chance that each bid
 * is the cheapest, and Excel's PERCENTILE.INC (docs/spec.md#risk, PERT_DRAWS and CHANCE_CHEAPEST).
 * The distribution, the stratified draws and their ranks: docs/internals.md#pert-draws.
 */
import { finite, fraction, PricingProblem } from "./problems";

/** The most draws PERT_DRAWS returns (docs/spec.md#more-functions: 1..100,000). */
export const MAX_DRAWS = 100_000;
/** The largest seed: seeds are whole numbers from 0 to 2^32 - 1 (mulberry32's state). */
export const MAX_SEED = 4294967295;

// ---------------------------------------------------------------------------------------------
// The Beta distribution: log-gamma, the regularized incomplete beta and its inverse.

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 1e-15 relative). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The continued fraction of the incomplete beta (modified Lentz), for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * I_x(a, b) - p, computed where it is precise: below the mean from I_x, above it from the complement
 * 1 - I_x = I_{1-x}(b, a), so that p near 1 loses nothing to 1 - (1 - ...).
 */
function cdfMinus(x: number, a: number, b: number, lnB: number, p: number): number {
  if (x <= 0) return -p;
  if (x >= 1) return 1 - p;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnB);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a - p;
  return 1 - p - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The regularized incomplete beta I_x(a, b): the Beta(a, b) distribution function at x. */
export function betaCdf(x: number, a: number, b: number): number {
  return cdfMinus(x, a, b, logBeta(a, b), 0);
}

/** A first guess at the Beta(a, b) quantile for a, b >= 1 (Numerical Recipes, invbetai). */
function firstGuess(p: number, a: number, b: number): number {
  const pp = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(pp));
  let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
  if (p < 0.5) x = -x;
  const al = (x * x - 3) / 6;
  const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
  const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
  const guess = a / (a + b * Math.exp(2 * w));
  return guess > 0 && guess < 1 ? guess : a / (a + b);
}

/** A Halley step this small (relative to the distance from 0 or 1) leaves an error far below 1e-12 relative: accept it. */
const CONVERGED = 1e-5;

/**
 * The Beta(a, b) quantile (a, b >= 1): the x in [0, 1] with I_x(a, b) = p. Halley's method on
 * I_x - p, safeguarded by bisection inside a bracket that every step narrows; `lo` is a known lower
 * bound (the previous stratum's quantile), `start` a first guess inside (lo, 1).
 */
function betaQuantile(p: number, a: number, b: number, lnB: number, lo = 0, start?: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let hi = 1;
  let x = start !== undefined && start > lo && start < hi ? start : firstGuess(p, a, b);
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  for (let i = 0; i < 100; i++) {
    const f = cdfMinus(x, a, b, lnB, p);
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
    let next: number;
    if (density > 0 && Number.isFinite(density)) {
      const step = f / density;
      const curvature = (a - 1) / x - (b - 1) / (1 - x);
      const halley = step / (1 - 0.5 * Math.min(1, step * curvature));
      next = x - (Number.isFinite(halley) ? halley : step);
    } else {
      next = NaN;
    }
    if (!(next > lo && next < hi)) {
      next = 0.5 * (lo + hi); // outside the bracket: bisect
    } else if (Math.abs(next - x) <= CONVERGED * Math.min(next, 1 - next)) {
      // Halley's method converges cubically: a step of relative size s leaves an error of order s^3.
      return next;
    }
    x = next;
    if (hi - lo <= 2.5e-16 * x) break;
  }
  return x;
}

/** PERT's shape parameters for [low, high] with mode `likely` (low < high). */
export function pertShape(low: number, likely: number, high: number): { alpha: number; beta: number } {
  const width = high - low;
  return { alpha: 1 + (4 * (likely - low)) / width, beta: 1 + (4 * (high - likely)) / width };
}

function checkThreePoint(low: number, likely: number, high: number): void {
  finite("low", low);
  finite("likely", likely);
  finite("high", high);
  if (!(low <= likely && likely <= high)) {
    throw new PricingProblem("num", "likely", `the estimates must satisfy low <= likely <= high (got low ${low}, likely ${likely}, high ${high})`);
  }
  if (!Number.isFinite(high - low)) throw new PricingProblem("num", "high", `high - low is too large to compute (low ${low}, high ${high})`);
}

/** The PERT quantile: the value below which a share p of the distribution lies. */
export function pertQuantile(low: number, likely: number, high: number, p: number): number {
  checkThreePoint(low, likely, high);
  fraction("p", p);
  if (low === high) return low;
  const { alpha, beta } = pertShape(low, likely, high);
  const x = betaQuantile(p, alpha, beta, logBeta(alpha, beta));
  return Math.min(high, Math.max(low, low + (high - low) * x));
}

// ---------------------------------------------------------------------------------------------
// Small bounded caches (least recently used first out).

class BoundedCache<V extends { length: number }> {
  private readonly entries = new Map<string, V>();
  private size = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxValues: number,
  ) {}
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.entries.set(key, v);
    this.size += v.length;
    for (const [k, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxValues) break;
      if (k === key) continue;
      this.entries.delete(k);
      this.size -= old.length;
    }
  }
  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}

/** Sorted standard-Beta stratum quantiles by (α, β, count): 30+ bids of 2,000 draws fit easily. */
const quantileCache = new BoundedCache<Float64Array>(256, 4_000_000);
/** Ranks by (seed, count). */
const rankCache = new BoundedCache<Int32Array>(64, 2_000_000);

/** Empties the draw caches (for tests and benchmarks that time a cold start). */
export function clearRiskCaches(): void {
  quantileCache.clear();
  rankCache.clear();
}

/** The stratum position of rank k of n: the middle probability (k - 0.5) / n. */
export function stratumProbability(rank: number, count: number): number {
  return (rank - 0.5) / count;
}

/** Standard Beta(α, β) quantiles at (k - 0.5) / n for k = 1..n, ascending; cached. */
function stratumQuantiles(alpha: number, beta: number, count: number): Float64Array {
  const key = `${alpha}|${beta}|${count}`;
  const cached = quantileCache.get(key);
  if (cached) return cached;
  const lnB = logBeta(alpha, beta);
  const q = new Float64Array(count);
  let previous = 0;
  for (let k = 1; k <= count; k++) {
    const p = stratumProbability(k, count);
    // The previous stratum's quantile bounds this one from below; extrapolating the previous ones
    // (quadratically once there are three) gives a first guess that one Halley step usually settles.
    let guess: number | undefined;
    if (k > 3) guess = 3 * previous - 3 * q[k - 3] + q[k - 4];
    else if (k > 1) guess = 2 * previous - (k > 2 ? q[k - 3] : 0);
    const x = betaQuantile(p, alpha, beta, lnB, previous, guess);
    q[k - 1] = x < previous ? previous : x;
    previous = q[k - 1];
  }
  quantileCache.set(key, q);
  return q;
}

function checkCount(count: number): void {
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_DRAWS)) {
    throw new PricingProblem("num", "count", `count must be a whole number from 1 to ${MAX_DRAWS.toLocaleString("en-US")} (got ${count})`);
  }
}

function checkSeed(seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    throw new PricingProblem("num", "seed", `seed must be a whole number from 0 to ${MAX_SEED} (got ${seed})`);
  }
}

/** mulberry32: a small, well-known 32-bit generator. Returns uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ranks as a typed array (shared with the cache: do not modify). */
function ranksOf(count: number, seed: number): Int32Array {
  const key = `${seed}|${count}`;
  const cached = rankCache.get(key);
  if (cached) return cached;
  const ranks = new Int32Array(count);
  for (let i = 0; i < count; i++) ranks[i] = i + 1;
  const next = mulberry32(seed);
  for (let i = count - 1; i >= 1; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = ranks[i];
    ranks[i] = ranks[j];
    ranks[j] = t;
  }
  rankCache.set(key, ranks);
  return ranks;
}

/**
 * The rank (1 = smallest) of the draw in each row of a column of `count` draws: a permutation of
 * 1..count fixed by (seed, count). Fisher-Yates over [1, 2, ..., count] driven by mulberry32(seed):
 * for i from count - 1 down to 1, swap item i with item floor(u x (i + 1)), u the next uniform.
 */
export function pertRanks(count: number, seed = 1): number[] {
  checkCount(count);
  checkSeed(seed);
  return Array.from(ranksOf(count, seed));
}

/**
 * A column of `count` stratified PERT draws on [low, high] with mode `likely`: row i holds
 * Q((rank_i - 0.5) / count), rank_i = pertRanks(count, seed)[i]. low = high gives a constant column.
 */
export function pertDraws(low: number, likely: number, high: number, count: number, seed = 1): number[] {
  checkThreePoint(low, likely, high);
  checkCount(count);
  checkSeed(seed);
  const out = new Array<number>(count);
  if (low === high) {
    for (let i = 0; i < count; i++) out[i] = low;
    return out;
  }
  return placeDraws(low, likely, high, ranksOf(count, seed), out);
}

/** Row i of `out` gets the stratified PERT draw of rank ranks[i] (low < high). */
function placeDraws(low: number, likely: number, high: number, ranks: ArrayLike<number>, out: number[]): number[] {
  const count = ranks.length;
  const { alpha, beta } = pertShape(low, likely, high);
  const q = stratumQuantiles(alpha, beta, count);
  const width = high - low;
  for (let i = 0; i < count; i++) {
    const x = low + width * q[ranks[i] - 1];
    out[i] = x > high ? high : x;
  }
  return out;
}

/**
 * The same stratified PERT draws as pertDraws, in the order given by `ranks` (a permutation of
 * 1..count: row i holds the draw of rank ranks[i]), e.g. the ranks of a copula (src/engine/copula.ts).
 */
export function pertDrawsInOrder(low: number, likely: number, high: number, ranks: ArrayLike<number>): number[] {
  checkThreePoint(low, likely, high);
  checkCount(ranks.length);
  const out = new Array<number>(ranks.length);
  if (low === high) return out.fill(low);
  return placeDraws(low, likely, high, ranks, out);
}

// ---------------------------------------------------------------------------------------------
// Summaries over drawn scenarios.

/**
 * For each column (bid), the share of rows (scenarios) in which it holds the lowest value; k columns
 * tied for the lowest share that row equally (1/k each). A row with a `null` (a cell holding an error
 * or text) is left out; when no row is left, a PricingProblem of kind "na". The shares sum to 1.
 */
export function chanceCheapest(costs: (number | null)[][]): number[] {
  let width = 0;
  for (const row of costs) if (row.length > width) width = row.length;
  if (width === 0) throw new PricingProblem("na", "costs", "costs holds no bid (no column)");
  const wins = new Float64Array(width);
  let kept = 0;
  for (let i = 0; i < costs.length; i++) {
    const row = costs[i];
    if (row.length < width) continue;
    let lowest = Infinity;
    let tied = 0;
    let usable = true;
    for (let j = 0; j < width; j++) {
      const x = row[j];
      if (x === null || x === undefined) {
        usable = false;
        break;
      }
      if (!(x >= 0) || x === Infinity) {
        throw new PricingProblem("num", "costs", `costs, row ${i + 1}, column ${j + 1}: a cost must be a number of 0 or more (got ${x})`);
      }
      if (x < lowest) {
        lowest = x;
        tied = 1;
      } else if (x === lowest) tied++;
    }
    if (!usable) continue;
    kept++;
    const share = 1 / tied;
    for (let j = 0; j < width; j++) if (row[j] === lowest) wins[j] += share;
  }
  if (kept === 0) throw new PricingProblem("na", "costs", "costs has no row of numbers (rows holding an error, text or a blank are left out)");
  return Array.from(wins, (w) => w / kept);
}

/**
 * Excel's PERCENTILE.INC: the p-th percentile with linear interpolation between the order statistics
 * at rank p x (n - 1). The values are not modified.
 */
export function percentileInc(values: readonly number[], p: number): number {
  return percentilesInc(values, [p])[0];
}

/**
 * PERCENTILE.INC at several p over the same values. Only the order statistics the ranks need are found
 * (a selection, not a whole sort: the risk view asks three percentiles of thousands of draws per bid);
 * each is the value a sort would put at that place, so the figures are those of sorting.
 */
export function percentilesInc(values: readonly number[], ps: readonly number[]): number[] {
  for (const p of ps) fraction("p", p);
  const n = values.length;
  if (n === 0) throw new PricingProblem("num", "values", "values must hold at least one number");
  const work = Float64Array.from(values);
  for (let i = 0; i < n; i++) if (!Number.isFinite(work[i])) finite(`values[${i + 1}]`, work[i]);
  const places = new Set<number>();
  for (const p of ps) {
    const lower = Math.floor(p * (n - 1));
    places.add(lower);
    if (lower + 1 < n) places.add(lower + 1);
  }
  const at = orderStatistics(
    work,
    [...places].sort((a, b) => a - b),
  );
  return ps.map((p) => interpolatedAtRank((place) => at.get(place)!, n, p));
}

/**
 * PERCENTILE.INC's interpolation: of n values whose k-th in ascending order is `valueAt(k)` (0-based),
 * the rank p x (n - 1) between its neighbours.
 */
export function interpolatedAtRank(valueAt: (place: number) => number, n: number, p: number): number {
  const rank = p * (n - 1);
  const lower = Math.floor(rank);
  const part = rank - lower;
  if (lower + 1 < n) return valueAt(lower) + part * (valueAt(lower + 1) - valueAt(lower));
  return valueAt(lower);
}

/**
 * PERCENTILE.INC at p of finite values, found by selection as percentilesInc finds it; `values` is
 * reordered (a work array the caller does not keep in order).
 */
export function percentileIncInPlace(values: Float64Array, p: number): number {
  const n = values.length;
  const lower = Math.floor(p * (n - 1));
  const at = orderStatistics(values, lower + 1 < n ? [lower, lower + 1] : [lower]);
  return interpolatedAtRank((place) => at.get(place)!, n, p);
}

/**
 * The values at the given places (ascending) of `a` as sorted ascending, by selection (Hoare's
 * quickselect with a median-of-three pivot, each place searched only right of the one before). `a` is
 * reordered. Small spans are sorted as Float64Array.sort sorts them.
 */
function orderStatistics(a: Float64Array, places: readonly number[]): Map<number, number> {
  const found = new Map<number, number>();
  let from = 0;
  for (const k of places) {
    let lo = from;
    let hi = a.length - 1;
    while (hi - lo > 16) {
      const mid = (lo + hi) >>> 1;
      const pivot = median3(a[lo], a[mid], a[hi]);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          const t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else break; // between j and i: every value there equals the pivot
    }
    if (hi - lo <= 16) a.subarray(lo, hi + 1).sort();
    found.set(k, a[k]);
    from = k;
  }
  return found;
}

const median3 = (x: number, y: number, z: number) => Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
