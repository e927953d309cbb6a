/** PERT quantiles and stratified draws, the chance of being cheapest, PERCENTILE.INC (src/engine/risk.ts). */
import { columnLetters } from "../../src/workbook/a1";
import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { betaCdf, chanceCheapest, clearRiskCaches, MAX_DRAWS, mulberry32, percentileInc, pertDraws, pertQuantile, pertRanks, pertShape, stratumProbability } from "../../src/engine";
import { problemOf } from "../support/problem-of";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** The Beta quantile by plain bisection on betaCdf, to the last bit: slow, independent of the solver. */
function bisectQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const m = (lo + hi) / 2;
    if (m <= lo || m >= hi) break;
    if (betaCdf(m, a, b) < p) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

/** I_x(a, b) for whole a, b: a binomial sum, exact to rounding. */
function binomialCdf(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let c = 1;
  let s = 0;
  for (let j = 0; j <= n; j++) {
    if (j >= a) s += c * x ** j * (1 - x) ** (n - j);
    c = (c * (n - j)) / (j + 1);
  }
  return s;
}

const PROBABILITIES = [1e-12, 1e-9, 1e-6, 0.00025, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.99975, 1 - 1e-9];

describe("pertQuantile", () => {
  test("shape: α = 1 + 4 (likely - low) / (high - low), β = 1 + 4 (high - likely) / (high - low)", () => {
    expect(pertShape(0.3, 0.6, 0.8)).toEqual({ alpha: 1 + (4 * (0.6 - 0.3)) / (0.8 - 0.3), beta: 1 + (4 * (0.8 - 0.6)) / (0.8 - 0.3) });
    expect(pertShape(0, 0, 1)).toEqual({ alpha: 1, beta: 5 });
  });

  test("likely = low is Beta(1, 5), whose quantile is 1 - (1 - p)^(1/5); likely = high is Beta(5, 1), p^(1/5): 1e-12 relative", () => {
    for (const p of PROBABILITIES) {
      expect(rel(pertQuantile(0, 0, 1, p), -Math.expm1(Math.log1p(-p) / 5))).toBeLessThan(1e-12);
      expect(rel(pertQuantile(0, 1, 1, p), Math.pow(p, 1 / 5))).toBeLessThan(1e-12);
    }
  });

  test("whole shapes (2, 4), (3, 3), (4, 2): the distribution function at the quantile gives p back", () => {
    for (const [likely, a] of [
      [0.25, 2],
      [0.5, 3],
      [0.75, 4],
    ] as const) {
      for (const p of PROBABILITIES) {
        const x = pertQuantile(0, likely, 1, p);
        // The error in p that a quantile error of 1e-13 relative (to x or to 1 - x) would make.
        const slack = 1e-13 * Math.min(x, 1 - x) * 30 + 1e-15 * p;
        expect(Math.abs(binomialCdf(x, a, 6 - a) - p)).toBeLessThanOrEqual(slack);
      }
    }
  });

  test("scales to [low, high]; p = 0 is low and p = 1 is high; the median of a symmetric PERT is its mode", () => {
    expect(pertQuantile(0.3, 0.6, 0.8, 0)).toBe(0.3);
    expect(pertQuantile(0.3, 0.6, 0.8, 1)).toBe(0.8);
    expect(pertQuantile(10, 20, 30, 0.5)).toBeCloseTo(20, 12);
    const x = pertQuantile(0, 0.6, 1, 0.37);
    expect(rel(pertQuantile(1000, 1000 + 0.6 * 500, 1500, 0.37), 1000 + 500 * x)).toBeLessThan(1e-14);
  });

  test("agrees with HyperFormula's BETA.INV (as a native Excel copy computes it) to 1e-8", () => {
    const cases = [
      [0.3, 0.6, 0.8],
      [0, 0, 1],
      [1000, 50000, 51000],
      [0.2, 0.21, 0.99],
    ];
    const ps = [0.00025, 0.1, 0.5, 0.9, 0.99975];
    const rows: string[][] = [];
    for (const [l, m, h] of cases) {
      const { alpha, beta } = pertShape(l, m, h);
      for (const p of ps) rows.push([`=BETA.INV(${p}, ${alpha}, ${beta}, ${l}, ${h})`]);
    }
    const hf = HyperFormula.buildFromArray(rows, { licenseKey: "gpl-v3", smartRounding: false });
    let i = 0;
    for (const [l, m, h] of cases) {
      for (const p of ps) expect(rel(hf.getCellValue({ sheet: 0, row: i++, col: 0 }) as number, pertQuantile(l, m, h, p))).toBeLessThan(1e-8);
    }
    hf.destroy();
  });

  test("bad estimates: not low <= likely <= high, or not finite, is #NUM!; so is p outside 0..1", () => {
    expect(problemOf(() => pertQuantile(0.5, 0.4, 0.8, 0.5)).kind).toBe("num");
    expect(problemOf(() => pertQuantile(0.5, 0.9, 0.8, 0.5)).kind).toBe("num");
    expect(problemOf(() => pertQuantile(NaN, 0.5, 0.8, 0.5)).kind).toBe("num");
    expect(problemOf(() => pertQuantile(-Infinity, 0.5, 0.8, 0.5)).kind).toBe("num");
    expect(problemOf(() => pertQuantile(-1e308, 0, 1e308, 0.5)).kind).toBe("num");
    expect(problemOf(() => pertQuantile(0, 0.5, 1, 1.5)).argument).toBe("p");
  });

  test("low = high: every quantile is that value", () => {
    expect(pertQuantile(0.7, 0.7, 0.7, 0.3)).toBe(0.7);
  });
});

describe("pertRanks: the order of the draws", () => {
  test("a permutation of 1..count", () => {
    for (const n of [1, 2, 3, 10, 2000]) {
      const r = pertRanks(n, 5);
      expect([...r].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  });
  test("fixed by (seed, count): the documented first ten ranks of seed 1", () => {
    // docs/functions.md prints these, so that a copy made without the add-in can be checked.
    expect(pertRanks(10, 1)).toEqual([8, 9, 4, 3, 2, 6, 10, 5, 1, 7]);
    expect(pertRanks(10)).toEqual(pertRanks(10, 1));
  });
  test("mulberry32 then Fisher-Yates, as documented (a second implementation from the description)", () => {
    for (const [n, seed] of [
      [10, 1],
      [2000, 0],
      [777, 4294967295],
      [5, 123456],
    ]) {
      const next = mulberry32(seed);
      const a = Array.from({ length: n }, (_, i) => i + 1);
      for (let i = n - 1; i >= 1; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      expect(pertRanks(n, seed)).toEqual(a);
    }
  });
  test("mulberry32 is the published generator (bryc's public-domain JavaScript, copied verbatim)", () => {
    /* eslint-disable no-var -- copied verbatim from the published source */
    function reference(a: number) {
      return function () {
        var t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    /* eslint-enable no-var */
    for (const seed of [0, 1, 2, 123456, 4294967295]) {
      const ours = mulberry32(seed);
      const theirs = reference(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(theirs());
    }
  });
  test("different seeds give unrelated orders (rank correlation near 0 over 2,000 draws)", () => {
    const n = 2000;
    const a = pertRanks(n, 1);
    for (const seed of [2, 3, 1000]) {
      const b = pertRanks(n, seed);
      let d2 = 0;
      for (let i = 0; i < n; i++) d2 += (a[i] - b[i]) ** 2;
      const spearman = 1 - (6 * d2) / (n * (n * n - 1));
      expect(Math.abs(spearman)).toBeLessThan(0.1);
    }
  });
  test("count outside 1..100,000, or not whole, and a seed that is not a whole number from 0 to 2^32 - 1, are #NUM!", () => {
    for (const count of [0, -1, 2.5, MAX_DRAWS + 1, NaN, Infinity]) expect(problemOf(() => pertRanks(count, 1)).argument).toBe("count");
    for (const seed of [-1, 1.5, 4294967296, NaN]) expect(problemOf(() => pertRanks(10, seed)).argument).toBe("seed");
    expect(pertRanks(MAX_DRAWS, 0)).toHaveLength(MAX_DRAWS);
  });
});

describe("pertDraws", () => {
  test("row i holds the quantile at the middle of the stratum of its rank, (rank - 0.5) / count", () => {
    const n = 500;
    const draws = pertDraws(0.3, 0.6, 0.8, n, 7);
    const ranks = pertRanks(n, 7);
    draws.forEach((x, i) => expect(rel(x, pertQuantile(0.3, 0.6, 0.8, stratumProbability(ranks[i], n)))).toBeLessThan(1e-13));
  });

  test("the k-th smallest draw lies in [Q((k-1)/n), Q(k/n)]", () => {
    const n = 400;
    const sorted = pertDraws(0.2, 0.21, 0.99, n, 3).sort((a, b) => a - b);
    sorted.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(pertQuantile(0.2, 0.21, 0.99, i / n));
      expect(x).toBeLessThanOrEqual(pertQuantile(0.2, 0.21, 0.99, (i + 1) / n));
    });
  });

  test("accurate to 1e-12 relative against plain bisection, in both tails, for several shapes and sizes", () => {
    for (const [low, likely, high] of [
      [0.3, 0.6, 0.8],
      [0, 0, 1],
      [0, 1, 1],
      [1000, 50000, 51000],
      [0.5, 0.5, 0.5000001],
    ]) {
      const { alpha, beta } = pertShape(low, likely, high);
      for (const n of [1, 2, 7, 2000, 20000]) {
        clearRiskCaches();
        const draws = pertDraws(low, likely, high, n, 3);
        const ranks = pertRanks(n, 3);
        const step = Math.max(1, Math.floor(n / 120));
        for (let i = 0; i < n; i += step) {
          const expected = low + (high - low) * bisectQuantile((ranks[i] - 0.5) / n, alpha, beta);
          expect(rel(draws[i], expected)).toBeLessThan(1e-12);
        }
      }
    }
  });

  test("common random numbers: columns with the same seed and count have the same ranks, whatever their estimates", () => {
    const n = 2000;
    const a = pertDraws(0.3, 0.6, 0.8, n, 11);
    const b = pertDraws(50000, 80000, 150000, n, 11);
    const order = (xs: number[]) =>
      xs
        .map((x, i) => [x, i] as const)
        .sort((p, q) => p[0] - q[0])
        .map(([, i]) => i);
    expect(order(a)).toEqual(order(b));
    // The same row is the same uniform u: the hardest month for one is the hardest for the other.
    expect(a.indexOf(Math.min(...a))).toBe(b.indexOf(Math.min(...b)));
  });

  test("the same arguments always give the same column; a warm cache gives the very same numbers as a cold one", () => {
    clearRiskCaches();
    const cold = pertDraws(0.3, 0.6, 0.8, 2000, 1);
    const warm = pertDraws(0.3, 0.6, 0.8, 2000, 1);
    expect(warm).toEqual(cold);
    // Many other shapes in between push it out of the cache; it comes back the same.
    for (let i = 0; i < 300; i++) pertDraws(0, i / 300, 1, 50, 1);
    expect(pertDraws(0.3, 0.6, 0.8, 2000, 1)).toEqual(cold);
  });

  test("low = high gives a constant column", () => {
    expect(pertDraws(0.9, 0.9, 0.9, 5, 2)).toEqual([0.9, 0.9, 0.9, 0.9, 0.9]);
  });

  test("2,000 draws have PERT's mean (low + 4 likely + high) / 6 and stay inside [low, high]", () => {
    const draws = pertDraws(0.3, 0.6, 0.8, 2000);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeCloseTo((0.3 + 4 * 0.6 + 0.8) / 6, 5);
    expect(Math.min(...draws)).toBeGreaterThan(0.3);
    expect(Math.max(...draws)).toBeLessThan(0.8);
  });

  test("bad arguments are #NUM! naming the argument", () => {
    expect(problemOf(() => pertDraws(0.5, 0.4, 0.8, 10)).kind).toBe("num");
    expect(problemOf(() => pertDraws(0.3, 0.6, 0.8, 0)).argument).toBe("count");
    expect(problemOf(() => pertDraws(0.3, 0.6, 0.8, 100001)).argument).toBe("count");
    expect(problemOf(() => pertDraws(0.3, 0.6, 0.8, 10, -1)).argument).toBe("seed");
  });

  test("property: sorted, the draws are the stratum quantiles; each lies in [low, high]", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 4294967295 }),
        (low, t, width, n, seed) => {
          const high = low + width;
          const likely = Math.min(high, low + t * width);
          const draws = pertDraws(low, likely, high, n, seed);
          const sorted = [...draws].sort((a, b) => a - b);
          for (let k = 1; k <= n; k++) {
            const q = pertQuantile(low, likely, high, (k - 0.5) / n);
            if (Math.abs(sorted[k - 1] - q) > 1e-12 * Math.max(Math.abs(q), width)) return false;
            if (sorted[k - 1] < low || sorted[k - 1] > high) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("chanceCheapest", () => {
  test("the share of rows in which each column is the lowest", () => {
    expect(
      chanceCheapest([
        [1, 2, 3],
        [3, 1, 2],
        [1, 5, 5],
        [2, 3, 1],
      ]),
    ).toEqual([0.5, 0.25, 0.25]);
  });
  test("k columns tied for the lowest share that row equally", () => {
    expect(
      chanceCheapest([
        [1, 1, 2],
        [2, 2, 2],
      ]),
    ).toEqual([0.5 * (0.5 + 1 / 3), 0.5 * (0.5 + 1 / 3), 0.5 * (1 / 3)]);
  });
  test("rows holding an error or text (null) are left out", () => {
    expect(
      chanceCheapest([
        [1, 2],
        [null, 1],
        [3, null],
        [5, 4],
      ]),
    ).toEqual([0.5, 0.5]);
  });
  test("when no row is left: #N/A", () => {
    expect(problemOf(() => chanceCheapest([[null, 1]])).kind).toBe("na");
    expect(problemOf(() => chanceCheapest([])).kind).toBe("na");
    expect(problemOf(() => chanceCheapest([[]])).kind).toBe("na");
  });
  test("a negative or infinite cost is #NUM! naming its row and column", () => {
    const p = problemOf(() =>
      chanceCheapest([
        [1, 2],
        [3, -1],
      ]),
    );
    expect(p.kind).toBe("num");
    expect(p.message).toContain("row 2, column 2");
  });
  test("one column: it is always the cheapest", () => {
    expect(chanceCheapest([[5], [7], [null]])).toEqual([1]);
  });
  test("property: shares lie in [0, 1] and sum to 1; reordering columns reorders the shares; rows' order does not matter", () => {
    const cost = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((w) => fc.array(fc.array(cost, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 40 })),
        (rows) => {
          if (!rows.some((r) => r.every((x) => x !== null))) return problemOf(() => chanceCheapest(rows)).kind === "na";
          const shares = chanceCheapest(rows);
          const total = shares.reduce((s, x) => s + x, 0);
          if (Math.abs(total - 1) > 1e-12 || shares.some((x) => x < 0 || x > 1)) return false;
          const reversedColumns = chanceCheapest(rows.map((r) => [...r].reverse()));
          const reversedRows = chanceCheapest([...rows].reverse());
          return reversedColumns.every((x, j) => Math.abs(x - shares[shares.length - 1 - j]) < 1e-12) && reversedRows.every((x, j) => Math.abs(x - shares[j]) < 1e-12);
        },
      ),
      { numRuns: 1000 },
    );
  });
  test("2,000 scenarios for 30 bids drawn with common random numbers", () => {
    const n = 2000;
    // Each bid's rate estimates are the previous bid's, 0.5 points higher: the same shape, shifted.
    const rates = Array.from({ length: 30 }, (_, b) => pertDraws(0.3 + b * 0.005, 0.6 + b * 0.005, 0.8 + b * 0.005, n, 1));
    const costs = Array.from({ length: n }, (_, i) => rates.map((r) => 100000 * ((1 - r[i]) * 3 + 0.5)));
    const shares = chanceCheapest(costs);
    expect(shares).toHaveLength(30);
    // With the same ranks in every column, the best bid is the best in every drawn world.
    expect(shares[29]).toBe(1);
    // Drawn with independent orders instead, it would win only part of the time.
    const independent = Array.from({ length: 30 }, (_, b) => pertDraws(0.3 + b * 0.005, 0.6 + b * 0.005, 0.8 + b * 0.005, n, b + 1));
    const mixed = chanceCheapest(Array.from({ length: n }, (_, i) => independent.map((r) => (1 - r[i]) * 3 + 0.5)));
    expect(mixed[29]).toBeLessThan(0.5);
  });
});

describe("percentileInc is Excel's PERCENTILE.INC", () => {
  test("linear interpolation between order statistics at p x (n - 1)", () => {
    expect(percentileInc([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileInc([4, 1, 3, 2], 0.1)).toBeCloseTo(1.3, 14);
    expect(percentileInc([7], 0.9)).toBe(7);
    expect(percentileInc([1, 2, 3], 1)).toBe(3);
    expect(percentileInc([1, 2, 3], 0)).toBe(1);
  });
  test("does not modify the values", () => {
    const values = [3, 1, 2];
    percentileInc(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
  test("no values, p outside 0..1, or a value that is not finite: #NUM!", () => {
    expect(problemOf(() => percentileInc([], 0.5)).kind).toBe("num");
    expect(problemOf(() => percentileInc([1], 1.1)).kind).toBe("num");
    expect(problemOf(() => percentileInc([1, NaN], 0.5)).kind).toBe("num");
  });
  test("gives the very figure HyperFormula's PERCENTILE.INC gives, over random data (P10, P50, P90 and others)", () => {
    // 150 random data sets, one per column of one sheet, each with its percentiles below it.
    const sets = fc.sample(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), { numRuns: 150, seed: 42 });
    const ps = [0, 0.1, 0.25, 0.5, 0.9, 0.999, 1];
    const column = columnLetters;
    const rows: (number | string | null)[][] = Array.from({ length: 60 + ps.length }, () => new Array(sets.length).fill(null));
    sets.forEach((values, j) => {
      values.forEach((v, i) => (rows[i][j] = v));
      ps.forEach((p, k) => (rows[60 + k][j] = `=PERCENTILE.INC(${column(j)}1:${column(j)}${values.length}, ${p})`));
    });
    const hf = HyperFormula.buildFromArray(rows, { licenseKey: "gpl-v3", smartRounding: false });
    sets.forEach((values, j) => {
      ps.forEach((p, k) => {
        const theirs = hf.getCellValue({ sheet: 0, row: 60 + k, col: j });
        const ours = percentileInc(values, p);
        expect(theirs === ours || (theirs === 0 && ours === 0)).toBe(true);
      });
    });
    hf.destroy();
  });
});
