/** One figure on the sheet against the engine's: a number within 1e-9 relative (absolute below 1), else a thrown error naming it. */
export function close(actual: unknown, expected: number, what: string): void {
  if (typeof actual !== "number" || !(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what} is ${JSON.stringify(actual)}, the engine says ${expected}`);
  }
}
