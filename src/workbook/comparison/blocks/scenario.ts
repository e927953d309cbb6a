/**
 * The scenario: one named input cell per quantity, with the low and high ends of its three-point
 * estimate beside it (the risk view's ranges). Without a range, the low and high cells follow the
 * value (the input is taken as certain); with the pane's usual range, they follow it by the range's
 * rule (input cells of their own: shares of the value, or points from it); in both cases until the
 * analyst types an end of their own.
 */
import type { LowHigh } from "../../../engine/bid";
import { DEFAULT_QUALIFYING_SHARE, FollowingRange, followingRanges, RANGE_RULES, RangeRule } from "../../../engine/defaults";
import type { SheetBlock } from "../../layout";
import type { PlanCell, PlanName, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { ComparisonContext, SCENARIO_NAMES } from "../context";
import { ROW, SCENARIO_COL } from "../keys";

interface ScenarioLine {
  name: string;
  label: string;
  meaning: string;
  value: number;
  format: string;
  /** The request field the value holds, e.g. "scenario.conversations". */
  path: string | null;
  /** A three-point estimate: its names and the range (absent: the value is taken as certain). */
  range?: { low: string; high: string; given: LowHigh | undefined; path: string; follows?: Following };
  /** The rule of a range that follows a value: its two input cells (shares of the value, or points from it). */
  rule?: { key: FollowingRange; low: string; high: string };
}

/** A range that follows its value by a rule, and the names of the rule's two cells. */
interface Following {
  rule: RangeRule;
  low: string;
  high: string;
}

/** The names of each following range's rule cells. */
const RULE_NAMES: Record<FollowingRange, { low: string; high: string; label: string }> = {
  conversations: { low: SCENARIO_NAMES.conversationsLowShare, high: SCENARIO_NAMES.conversationsHighShare, label: "Conversations: low and high as shares of the value" },
  resolutionRate: { low: SCENARIO_NAMES.resolutionRateLowStep, high: SCENARIO_NAMES.resolutionRateHighStep, label: "Resolution rate: low and high, points from the value" },
  humanCost: { low: SCENARIO_NAMES.humanCostLowShare, high: SCENARIO_NAMES.humanCostHighShare, label: "Human cost: low and high as shares of the value" },
};

/** The likely value's name of each range that may follow it. */
const SCENARIO_NAME_OF: Record<FollowingRange, string> = { conversations: SCENARIO_NAMES.conversations, resolutionRate: SCENARIO_NAMES.resolutionRate, humanCost: SCENARIO_NAMES.humanCost };

/** The rule lines of the ranges that follow their value. */
function ruleLines(ctx: ComparisonContext): ScenarioLine[] {
  return followingRanges(ctx.scenario).map((key) => ({
    name: `${key}RangeRule`,
    label: RULE_NAMES[key].label,
    meaning: "",
    value: 0,
    format: ctx.formats.rate,
    path: null,
    rule: { key, low: RULE_NAMES[key].low, high: RULE_NAMES[key].high },
  }));
}

/** A range end that follows the value by its rule: shares of it, or points from it within 0 to 1. */
function followFormula(f: Following, likely: string, end: "low" | "high"): string {
  const cell = f[end];
  if (f.rule.by === "share") return `=ROUND(${likely}*${cell},${f.rule.digits})`;
  return `=MAX(0,MIN(1,ROUND(${likely}+${cell},${f.rule.digits})))`;
}

function lines(ctx: ComparisonContext): ScenarioLine[] {
  const s = ctx.scenario;
  const formats = ctx.formats;
  const r = s.ranges ?? {};
  const out: ScenarioLine[] = [
    {
      name: SCENARIO_NAMES.conversations,
      label: "Conversations per month (V)",
      meaning: "",
      value: s.conversations,
      format: formats.count,
      path: "scenario.conversations",
      range: { low: SCENARIO_NAMES.conversationsLow, high: SCENARIO_NAMES.conversationsHigh, given: r.conversations, path: "scenario.ranges.conversations" },
    },
    {
      name: SCENARIO_NAMES.resolutionRate,
      label: "Resolution rate (r)",
      meaning: "share the AI resolves without a human; each bid may state its own",
      value: s.resolutionRate,
      format: formats.rate,
      path: "scenario.resolutionRate",
      range: { low: SCENARIO_NAMES.resolutionRateLow, high: SCENARIO_NAMES.resolutionRateHigh, given: r.resolutionRate, path: "scenario.ranges.resolutionRate" },
    },
    {
      name: SCENARIO_NAMES.humanCost,
      label: "Human cost per conversation (h)",
      meaning: "fully loaded",
      value: s.humanCost,
      format: formats.price,
      path: "scenario.humanCost",
      range: { low: SCENARIO_NAMES.humanCostLow, high: SCENARIO_NAMES.humanCostHigh, given: r.humanCost, path: "scenario.ranges.humanCost" },
    },
    {
      name: SCENARIO_NAMES.qualifyingShare,
      label: "Qualifying share (q)",
      meaning: "AI resolutions meeting the outcome condition; each bid may state its own",
      value: s.qualifyingShare ?? DEFAULT_QUALIFYING_SHARE,
      format: formats.rate,
      path: "scenario.qualifyingShare",
    },
  ];
  if (s.tokens) {
    out.push(
      { name: SCENARIO_NAMES.inputTokens, label: "Input tokens per conversation", meaning: "for per-token bids without their own", value: s.tokens.input, format: formats.tokens, path: "scenario.tokens.input" },
      { name: SCENARIO_NAMES.outputTokens, label: "Output tokens per conversation", meaning: "", value: s.tokens.output, format: formats.tokens, path: "scenario.tokens.output" },
      { name: SCENARIO_NAMES.cachedInputTokens, label: "Cached input tokens per conversation", meaning: "part of the input tokens", value: s.tokens.cachedInput ?? 0, format: formats.tokens, path: "scenario.tokens.cachedInput" },
      { name: SCENARIO_NAMES.attempts, label: "Model calls per conversation", meaning: "retries and agent steps", value: s.tokens.attempts ?? 1, format: formats.plain, path: "scenario.tokens.attempts" },
    );
    // Stated only when the scenario states them: a bid's formulas refer to them then.
    if (s.tokens.reasoning !== undefined) {
      out.push({ name: SCENARIO_NAMES.reasoningTokens, label: "Reasoning tokens per call", meaning: "billed as output tokens", value: s.tokens.reasoning, format: formats.tokens, path: "scenario.tokens.reasoning" });
    }
    const l = s.tokens.longPrompts;
    if (l) {
      out.push(
        { name: SCENARIO_NAMES.longPromptShare, label: "Long prompts: share of conversations", meaning: "conversations whose prompts are long", value: l.share, format: formats.rate, path: "scenario.tokens.longPrompts.share" },
        { name: SCENARIO_NAMES.longPromptInputTokens, label: "Long prompts: input tokens per call", meaning: "cached included; they choose a bid's prompt-size row", value: l.input, format: formats.tokens, path: "scenario.tokens.longPrompts.input" },
      );
      if (l.cachedInput !== undefined)
        out.push({
          name: SCENARIO_NAMES.longPromptCachedInputTokens,
          label: "Long prompts: cached input tokens per call",
          meaning: "part of their input tokens",
          value: l.cachedInput,
          format: formats.tokens,
          path: "scenario.tokens.longPrompts.cachedInput",
        });
      if (l.output !== undefined) out.push({ name: SCENARIO_NAMES.longPromptOutputTokens, label: "Long prompts: output tokens per call", meaning: "", value: l.output, format: formats.tokens, path: "scenario.tokens.longPrompts.output" });
    }
  }
  out.push({
    name: "",
    label: "Tokens per conversation, as stated",
    meaning: "the range is a factor on every bid's tokens (80% = a fifth fewer)",
    value: 1,
    format: formats.share,
    path: null,
    range: { low: SCENARIO_NAMES.tokensLow, high: SCENARIO_NAMES.tokensHigh, given: r.tokens, path: "scenario.ranges.tokens" },
  });
  for (const key of followingRanges(ctx.scenario)) {
    const range = out.find((l) => l.name === SCENARIO_NAME_OF[key])?.range;
    if (range) range.follows = { rule: RANGE_RULES[key], low: RULE_NAMES[key].low, high: RULE_NAMES[key].high };
  }
  out.push(...ruleLines(ctx));
  out.push({ name: SCENARIO_NAMES.seed, label: "Seed of the drawn scenarios", meaning: "", value: ctx.requestedSeed, format: formats.plain, path: "risk.seed" });
  out.push(rateCorrelationLine(ctx));
  return out;
}

/** The correlation of the bids' resolution rates (the draws block orders the bids' draws by it). */
function rateCorrelationLine(ctx: ComparisonContext): ScenarioLine {
  return {
    name: SCENARIO_NAMES.rateCorrelation,
    label: "Correlation of the bids' resolution rates",
    meaning: "0 to 1 (rank correlation): 1 = a hard month is hard for every vendor alike, 0 = independent",
    value: ctx.requestedRateCorrelation,
    format: ctx.formats.rate,
    path: "risk.rateCorrelation",
  };
}

/** The contract term's inputs (src/engine/term.ts), below the month's. */
function termLines(ctx: ComparisonContext): ScenarioLine[] {
  const t = ctx.term;
  const formats = ctx.formats;
  return [
    { name: SCENARIO_NAMES.termMonths, label: "Contract term (months)", meaning: "1 to 60; the term block prices each month", value: t.months, format: formats.months, path: "term.months" },
    { name: SCENARIO_NAMES.growth, label: "Growth in conversations per month", meaning: "month 1 has V conversations; the seasonal factors in the term block apply on top", value: t.growth, format: formats.rate, path: "term.growth" },
    { name: SCENARIO_NAMES.rampStart, label: "AI ramp: month-1 rate, as a share of each bid's r", meaning: "100% = no ramp; each bid's own is in the term block", value: t.rampStart, format: formats.rate, path: "term.rampStart" },
    { name: SCENARIO_NAMES.rampMonths, label: "AI ramp: months to reach each bid's r", meaning: "it reaches r in the month after", value: t.rampMonths, format: formats.months, path: "term.rampMonths" },
    { name: SCENARIO_NAMES.escalator, label: "Price escalator per year", meaning: "for bids whose contract states none", value: t.escalator, format: formats.rate, path: "term.escalator" },
    {
      name: SCENARIO_NAMES.discountRate,
      label: "Discount rate per month (for the NPV)",
      meaning: `${(((1 + t.discountRate) ** 12 - 1) * 100).toFixed(1)}% a year at the rate given here`,
      value: t.discountRate,
      format: "0.00%",
      path: "term.discountRate",
    },
  ];
}

/**
 * The cell beside a three-point estimate: its note while low <= likely <= high, and which triple is out
 * of order when it is not (the risk view cannot draw it), in one cell rather than #NUM! in every figure.
 */
function orderNote(note: string, low: string, likely: string, high: string): PlanCell {
  const quoted = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const wrong = "Out of order: this estimate's low, value and high must rise (low <= value <= high); the risk view cannot draw it";
  return formula(`IF(AND(${low}<=${likely}, ${likely}<=${high}), ${quoted(note)}, ${quoted(wrong)})`, undefined, "note");
}

/** The words beside a line: its names and meaning. */
function noteOf(ctx: ComparisonContext, l: ScenarioLine): string {
  if (l.name === SCENARIO_NAMES.seed) return `name: Seed; the risk view draws ${ctx.draws.toLocaleString("en-US")} scenarios with it (the same seed gives the same figures)`;
  if (l.rule) {
    const of = SCENARIO_NAME_OF[l.rule.key];
    return `names: ${l.rule.low}, ${l.rule.high}; ${of}Low and ${of}High follow ${of} by these until you type ends of your own`;
  }
  const follows = l.range?.follows ? `following the value by ${l.range.follows.low}, ${l.range.follows.high}` : "";
  return [l.name ? `name: ${l.name}` : "", l.range ? `${l.range.low}, ${l.range.high}` : "", follows, l.meaning].filter((x) => x !== "").join("; ");
}

export const scenarioBlock: SheetBlock<ComparisonContext> = {
  id: "scenario",
  rows: (ctx) => [ROW.scenarioHead, ROW.scenarioColumns, ...lines(ctx).map((l) => ROW.scenario(l.name || "Tokens")), ROW.baseline, ROW.scenarioTermHead, ...termLines(ctx).map((l) => ROW.scenario(l.name)), ROW.space("scenario")],
  fill: (ctx, at) => {
    const names: PlanName[] = [];
    const inputs: PlannedInput[] = [];
    const formats = ctx.formats;
    const line = (l: ScenarioLine) => {
      const key = ROW.scenario(l.name || "Tokens");
      const row: (PlanCell | null)[] = [text(l.label)];
      if (l.rule) {
        row[SCENARIO_COL.value] = null;
        for (const [end, col] of [
          ["low", SCENARIO_COL.low],
          ["high", SCENARIO_COL.high],
        ] as const) {
          const name = l.rule[end];
          row[col] = num(RANGE_RULES[l.rule.key][end], l.format, "input");
          names.push({ name, address: at.cell(key, col), comment: `${l.label}: the ${end} end follows the value by this` });
          inputs.push({ path: `rangeRules.${l.rule.key}.${end}`, row: key, col, kind: "number", written: RANGE_RULES[l.rule.key][end] });
        }
      } else if (l.path) {
        row[SCENARIO_COL.value] = num(l.value, l.format, "input");
        names.push({ name: l.name, address: at.cell(key, SCENARIO_COL.value), comment: l.meaning ? `${l.label}: ${l.meaning}` : l.label });
        inputs.push({ path: l.path, row: key, col: SCENARIO_COL.value, kind: "number", written: l.value });
      } else {
        row[SCENARIO_COL.value] = num(l.value, l.format, "figure");
      }
      if (l.range) {
        const follows = l.range.follows;
        const ends: [string, number, "low" | "high"][] = [
          [l.range.low, SCENARIO_COL.low, "low"],
          [l.range.high, SCENARIO_COL.high, "high"],
        ];
        for (const [name, col, end] of ends) {
          const given = follows ? undefined : l.range.given?.[end];
          const follow = follows ? followFormula(follows, l.name, end) : l.path ? `=${l.name}` : "=1";
          row[col] = given !== undefined ? num(given, l.format, "input") : formula(follow, l.format, "input");
          names.push({ name, address: at.cell(key, col), comment: `${l.label}: the ${end} end of its three-point estimate` });
          inputs.push({ path: `${l.range.path}.${end}`, row: key, col, kind: "number-or-formula", written: given !== undefined ? given : follow });
        }
      }
      const note = noteOf(ctx, l);
      row[SCENARIO_COL.note] = l.range ? orderNote(note, l.range.low, l.path ? l.name : at.cell(key, SCENARIO_COL.value), l.range.high) : text(note, "note");
      return row;
    };
    return {
      cells: [
        [text("Scenario", "section")],
        [text("Input", "header"), text("Likely value", "header"), text("Low", "header"), text("High", "header"), text("Names and meaning", "header")],
        ...lines(ctx).map(line),
        [text("All-human cost per month (h x V)"), formula(`${SCENARIO_NAMES.humanCost}*${SCENARIO_NAMES.conversations}`, formats.monthly, "figure"), null, null, text("the baseline every saving is measured against", "note")],
        [text("Over the contract term", "header"), text("Value", "header"), null, null, text("Names and meaning", "header")],
        ...termLines(ctx).map(line),
        [],
      ],
      names,
      inputs,
    };
  },
};
