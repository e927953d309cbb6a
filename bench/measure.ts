/**
 * Timing helpers for the benchmark: two workloads timed side by side in one process, so that a
 * ratio compares like with like on the same machine at the same moment.
 *
 * Each sample is a batch of consecutive runs, so that the garbage collection a workload causes is
 * paid inside its own batches (a forced collection between runs would leave background sweeping to
 * slow down whichever runs next). Batches of the two workloads alternate, and the ratio is the median
 * of the ratios of neighbouring batches, so drift in the machine's load falls on both.
 */
import { performance } from "perf_hooks";

export interface Timing {
  /** Median milliseconds per run. */
  median: number;
  /** Fastest batch, milliseconds per run. */
  best: number;
  /** Runs timed in all. */
  runs: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds per run of `f`, over `batch` consecutive runs. */
export function timeBatch(f: () => unknown, batch = 1): number {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) f();
  return (performance.now() - t0) / batch;
}

export interface CompareOptions {
  /** Samples of each workload (default 15). */
  rounds?: number;
  /** Runs per sample (default 5). */
  batch?: number;
  /** Untimed runs of each first, to let the compiler settle (default 5). */
  warmup?: number;
}

/** Times `subject` against `baseline`; `ratio` is subject / baseline. */
export function compare(subject: () => unknown, baseline: () => unknown, options: CompareOptions = {}): { subject: Timing; baseline: Timing; ratio: number } {
  const { rounds = 15, batch = 5, warmup = 5 } = options;
  for (let i = 0; i < warmup; i++) {
    subject();
    baseline();
  }
  const s: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let ts: number;
    let tb: number;
    if (i % 2 === 0) {
      ts = timeBatch(subject, batch);
      tb = timeBatch(baseline, batch);
    } else {
      tb = timeBatch(baseline, batch);
      ts = timeBatch(subject, batch);
    }
    s.push(ts);
    b.push(tb);
    ratios.push(ts / tb);
  }
  const timing = (xs: number[]): Timing => ({ median: median(xs), best: Math.min(...xs), runs: rounds * batch });
  return { subject: timing(s), baseline: timing(b), ratio: median(ratios) };
}
