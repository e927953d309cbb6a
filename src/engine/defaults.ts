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
 * How a three-point estimate follows its value until the analyst types ends of their own: volumes and
 * human costs as shares of the value, the resolution rate in points from it (likelier to fall short, by
 * 15 points, than to beat it, by 5), each rounded to its value's precision; a rate stays within 0 to 1.
 */
export const RANGE_RULES = {
  conversations: { by: "share", low: 0.8, high: 1.2, digits: 0 },
  resolutionRate: { by: "points", low: -0.15, high: 0.05, digits: 6 },
  humanCost: { by: "share", low: 0.85, high: 1.2, digits: 2 },
} as const;

export type FollowingRange = keyof typeof RANGE_RULES;
export type RangeRule = (typeof RANGE_RULES)[FollowingRange];

/** One end of a range that follows `value` by its rule. */
export function followingEnd(rule: RangeRule, value: number, end: "low" | "high"): number {
  const scale = 10 ** rule.digits;
  if (rule.by === "share") return Math.round(value * rule[end] * scale) / scale;
  return Math.min(1, Math.max(0, Math.round((value + rule[end]) * scale) / scale));
}

/**
 * The three-point estimates the pane starts from, around a scenario's values, for the risk view (the
 * analyst sees them and changes them): each follows its value by RANGE_RULES; tokens per conversation
 * run from 80% to 150% of what each bid states (prompts grow in production).
 */
export function defaultRanges(s: Pick<Scenario, "conversations" | "resolutionRate" | "humanCost">): Required<ScenarioRanges> {
  const follow = (key: FollowingRange) => ({ low: followingEnd(RANGE_RULES[key], s[key], "low"), high: followingEnd(RANGE_RULES[key], s[key], "high") });
  return {
    conversations: follow("conversations"),
    resolutionRate: follow("resolutionRate"),
    humanCost: follow("humanCost"),
    tokens: { low: 0.8, high: 1.5 },
  };
}

/** The ranges a scenario gives as the usual range around their value: they follow it (on the sheet too). */
export function followingRanges(s: Scenario): FollowingRange[] {
  const usual = defaultRanges(s);
  return (Object.keys(RANGE_RULES) as FollowingRange[]).filter((key) => {
    const given = s.ranges?.[key];
    return given !== undefined && given.low === usual[key].low && given.high === usual[key].high;
  });
}

/** The scenario with new values, each range that follows its value moved with it (as on the sheet). */
export function withValues(s: Scenario, values: Partial<Scenario>): Scenario {
  const next: Scenario = { ...s, ...values };
  if (!s.ranges) return next;
  const moved = defaultRanges(next);
  const ranges = { ...s.ranges };
  for (const key of followingRanges(s)) ranges[key] = moved[key];
  return { ...next, ranges };
}

/** Scenarios the risk view draws unless told otherwise (docs/spec.md#risk). */
export const DEFAULT_DRAWS = 2000;
/** The sheet's draws run along a row; this many fit with room to spare in Excel's 16,384 columns. */
export const MAX_SHEET_DRAWS = 10000;
/** The seed of the risk view's draws unless told otherwise. */
export const DEFAULT_SEED = 1;
