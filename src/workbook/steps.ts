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

/**
 * Lets the page draw and handle input, then goes on: scheduler.yield() where the browser has it (the
 * rest runs before other queued work), else a macrotask (setImmediate in Node, a MessageChannel
 * message in a page: not held back 4 ms as nested timers are; setTimeout 0 as a last resort).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void; scheduler?: { yield?: () => Promise<void> }; MessageChannel?: typeof MessageChannel };
  if (typeof g.scheduler?.yield === "function") return g.scheduler.yield();
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  if (g.MessageChannel) {
    return new Promise((resolve) => {
      const channel = new g.MessageChannel!();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
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
