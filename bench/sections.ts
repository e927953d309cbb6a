/**
 * What a benchmark section reports. A section measures one thing and returns figures; run.ts prints
 * each with its target and says whether it is met.
 */
export interface Figure {
  /** What was measured, in words. */
  label: string;
  /** The figure itself: a ratio (subject / baseline), a size, a count. */
  value: number;
  unit: "x" | "KB" | "ms" | "syncs" | string;
  /** The most the figure may be (every target here is an upper bound). */
  target?: number;
  /** The measurements behind the figure, e.g. "AIPRICE 12.1 ms vs native 9.8 ms (median of 21)". */
  detail?: string;
}

export interface Section {
  name: string;
  /** Runs the measurement; may be async (a browser, a server). */
  run(): Figure[] | Promise<Figure[]>;
}
