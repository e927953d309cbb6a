/**
 * Work done in steps: a generator that yields between its steps. Run at once (runSteps) it is a plain
 * function; run in a page (runStepsAsync) it gives the event loop a turn whenever a time budget is
 * spent, so that the page draws and answers input meanwhile. Both run the same code, so both give the
 * same result.
 */

/** A computation that yields (nothing) between steps and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Lets the page draw and handle input: a macrotask (setTimeout 0; setImmediate where there is one). */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/** Milliseconds of steps run in one go before the event loop gets a turn. */
export const STEP_BUDGET_MS = 40;

/**
 * Runs the steps, pausing (`pause`, a macrotask by default) whenever `budgetMs` of them have run since
 * the last pause.
 */
export async function runStepsAsync<T>(steps: Steps<T>, options: { budgetMs?: number; pause?: () => Promise<void> } = {}): Promise<T> {
  const budget = options.budgetMs ?? STEP_BUDGET_MS;
  const pause = options.pause ?? yieldToEventLoop;
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= budget) {
      await pause();
      since = performance.now();
    }
  }
}
