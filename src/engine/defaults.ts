/**
 * Scenario defaults, defined once: the task pane fills its fields with them, the command line and the
 * engine fall back on them, and the sheet's scenario cells start from them.
 */
import type { Scenario, ScenarioRanges, TokenUsage } from "./bid";

/**
 * q, the share of AI resolutions that meet a bid's outcome condition (CSAT 4+, say), when the analyst
 * does not say: every resolution qualifies. That is the conservative assumption for the buyer's cost
 * (an outcome-based bid is charged on every resolution), and what the engine and the CLI document.
 */
export const DEFAULT_QUALIFYING_SHARE = 1;

/** Tokens per conversation the pane starts from: the guide's worked example (bid A). */
export const DEFAULT_TOKENS: Readonly<Required<Pick<TokenUsage, "input" | "output" | "cachedInput">>> = Object.freeze({ input: 20000, output: 6000, cachedInput: 0 });

/**
 * The scenario the pane starts from: the guide's worked example (100,000 conversations a month, 90%
 * resolved by the AI, $3 for a conversation a person handles), with every qualifying resolution.
 */
export const DEFAULT_SCENARIO: Readonly<Required<Omit<Scenario, "tokens" | "ranges">>> & { readonly tokens: typeof DEFAULT_TOKENS } = Object.freeze({
  conversations: 100000,
  resolutionRate: 0.9,
  humanCost: 3,
  qualifyingShare: DEFAULT_QUALIFYING_SHARE,
  tokens: DEFAULT_TOKENS,
});

/**
 * The three-point estimates the pane starts from, around a scenario's values, for the risk view: the
 * analyst sees them and changes them. Volumes and human costs vary by a fifth either way at most; the
 * resolution rate is likelier to fall short of the value expected (15 points) than to beat it (5);
 * tokens per conversation run from 80% to 150% of what each bid states (prompts grow in production).
 */
export function defaultRanges(s: Pick<Scenario, "conversations" | "resolutionRate" | "humanCost">): Required<ScenarioRanges> {
  return {
    conversations: { low: Math.round(s.conversations * 0.8), high: Math.round(s.conversations * 1.2) },
    resolutionRate: { low: Math.max(0, Math.round((s.resolutionRate - 0.15) * 1e6) / 1e6), high: Math.min(1, Math.round((s.resolutionRate + 0.05) * 1e6) / 1e6) },
    humanCost: { low: Math.round(s.humanCost * 0.85 * 100) / 100, high: Math.round(s.humanCost * 1.2 * 100) / 100 },
    tokens: { low: 0.8, high: 1.5 },
  };
}

/** Scenarios the risk view draws unless told otherwise (docs/spec.md#risk). */
export const DEFAULT_DRAWS = 2000;
/** The sheet's draws run along a row; this many fit with room to spare in Excel's 16,384 columns. */
export const MAX_SHEET_DRAWS = 10000;
/** The seed of the risk view's draws unless told otherwise. */
export const DEFAULT_SEED = 1;
