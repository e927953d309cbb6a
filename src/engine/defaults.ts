/**
 * Scenario defaults, defined once: the task pane fills its fields with them, the command line and the
 * engine fall back on them, and the sheet's scenario cells start from them.
 */
import type { Scenario, TokenUsage } from "./bid";

/**
 * q, the share of AI resolutions that meet a bid's outcome condition (CSAT 4+, say), when the analyst
 * does not say: every resolution qualifies. That is the conservative assumption for the buyer's cost
 * (an outcome-based bid is charged on every resolution), and what the engine and the CLI document.
 */
export const DEFAULT_QUALIFYING_SHARE = 1;

/** Tokens per conversation the pane starts from: the guide's worked example (bid A). */
export const DEFAULT_TOKENS: Readonly<Required<Omit<TokenUsage, "attempts">>> = Object.freeze({ input: 20000, output: 6000, cachedInput: 0 });

/**
 * The scenario the pane starts from: the guide's worked example (100,000 conversations a month, 90%
 * resolved by the AI, $3 for a conversation a person handles), with every qualifying resolution.
 */
export const DEFAULT_SCENARIO: Readonly<Required<Omit<Scenario, "tokens">>> & { readonly tokens: typeof DEFAULT_TOKENS } = Object.freeze({
  conversations: 100000,
  resolutionRate: 0.9,
  humanCost: 3,
  qualifyingShare: DEFAULT_QUALIFYING_SHARE,
  tokens: DEFAULT_TOKENS,
});
