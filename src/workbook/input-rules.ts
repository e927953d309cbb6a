/**
 * Inputs guarded where they are typed (docs/spec.md#one-model-one-answer): every input cell of a
 * comparison sheet carries a data validation rule (its type and bounds, an input message, a stop alert
 * naming the allowed values). More: docs/modules.md#workbook-input-rules.
 */
import { MAX_TERM_MONTHS } from "../engine/term";
import { parseCell } from "./a1";
import type { PlanBlock, PlannedInput } from "./sheet-plan";

export interface InputRule {
  /** "whole": whole numbers only; "decimal": any number. */
  type: "decimal" | "whole";
  /** The lowest value allowed (inclusive unless minExclusive); none: no lower bound. */
  min?: number;
  minExclusive?: boolean;
  /** The highest value allowed (inclusive); none: no upper bound. */
  max?: number;
  /** The allowed values in the analyst's words, e.g. "a rate from 0% to 100%". */
  allowed: string;
}

/** Excel's limits: a validation title of at most 32 characters, a message of at most 255. */
export const RULE_TITLE = "Allowed values";
export const MAX_RULE_MESSAGE = 255;

const rate: InputRule = { type: "decimal", min: 0, max: 1, allowed: "a rate from 0% to 100% (type 90% or 0.9)" };
const amount: InputRule = { type: "decimal", min: 0, allowed: "a number of 0 or more" };
const anyNumber: InputRule = { type: "decimal", allowed: "a number" };

/** Rules by the last part of the field's path; the first that matches applies. */
const RULES: [RegExp, InputRule][] = [
  [/(^|\.)(effectiveFrom|effectiveUntil|startDate)$/, { type: "whole", min: 19000101, max: 99991231, allowed: "a date typed as yyyymmdd, e.g. 20260831 for 31 August 2026" }],
  [/(^|\.)term\.months$/, { type: "whole", min: 1, max: MAX_TERM_MONTHS, allowed: `a whole number of months from 1 to ${MAX_TERM_MONTHS}` }],
  [/(^|\.)(rampMonths)$/, { type: "whole", min: 0, max: MAX_TERM_MONTHS, allowed: `a whole number of months from 0 to ${MAX_TERM_MONTHS}` }],
  [/(^|\.)(everyMonths|escalatorEvery|periodMonths|termMonths)$/, { type: "whole", min: 1, max: 1200, allowed: "a whole number of months from 1 to 1,200" }],
  [/(^|\.)reopenWindowDays$/, { type: "whole", min: 0, allowed: "a whole number of days, 0 or more" }],
  [/(^|\.)rateCorrelation$/, { type: "decimal", min: 0, max: 1, allowed: "a correlation from 0 to 1 (1: a hard month is hard for every vendor alike)" }],
  [/(^|\.)seed$/, { type: "whole", min: 0, allowed: "a whole number of 0 or more" }],
  [/(^|\.)growth$/, { type: "decimal", min: -1, minExclusive: true, max: 10, allowed: "a growth per month above -100% and at most 1,000%" }],
  [/(^|\.)(escalator|annualRate)$/, { type: "decimal", min: -1, allowed: "a rate of -100% or more (a negative rate is a scheduled discount)" }],
  [/(^|\.)seasonal\.\d+$/, { type: "decimal", min: 0, minExclusive: true, allowed: "a factor above 0 (1 = as in month 1)" }],
  [/(^|\.)serviceLevel\.(threshold|expected)$/, anyNumber],
  [/(^|\.)ranges\.tokens\.(low|high)$/, { type: "decimal", min: 0, allowed: "a factor of 0 or more on each bid's tokens (1 = as stated)" }],
  [/(^|\.)(creditsPerPack|creditPack\.credits)$/, { type: "decimal", min: 1, allowed: "a number of credits in a pack, 1 or more" }],
  [/(^|\.)rangeRules\.resolutionRate\.(low|high)$/, { type: "decimal", min: -1, max: 1, allowed: "points from -100% to 100% added to the rate (type -15% or -0.15)" }],
  [/(^|\.)rangeRules\.\w+\.(low|high)$/, { type: "decimal", min: 0, allowed: "a share of the value, 0 or more (type 80% or 0.8)" }],
  [/(^|\.)(resolutionRate|qualifyingShare|assist|share|discount|creditShare|rampStart|rampStartRate|discountRate)(\.(low|likely|high))?$/, rate],
  [/(^|\.)priceSwing$/, { type: "decimal", min: 0, max: 1, allowed: "a share of each price from 0% to 100% (type 10% or 0.1)" }],
];

/** The rule of the input that holds the field at `path` (a PlannedInput's path); null: no number to guard. */
export function ruleForInput(path: string, written: unknown): InputRule | null {
  // TRUE/FALSE, text and blanks (an open last tier) are no numbers to guard.
  if (written === null || typeof written === "boolean" || (typeof written === "string" && !written.startsWith("="))) return null;
  if (/(^|\.)(mode|higherIsBetter|buyerPaysAiCost|label|metric)$/.test(path)) return null;
  for (const [pattern, rule] of RULES) if (pattern.test(path)) return rule;
  return amount;
}

/** The input message shown when the cell is selected: what the cell takes. */
export function rulePrompt(rule: InputRule): string {
  return `Type ${rule.allowed}.`.slice(0, MAX_RULE_MESSAGE);
}

/** The stop alert shown when a typed value breaks the rule: it names the allowed values. */
export function ruleAlert(rule: InputRule): string {
  return `This cell takes ${rule.allowed}.`.slice(0, MAX_RULE_MESSAGE);
}

/** The stop alert when `value` breaks the rule; null when it is allowed. */
export function breaksRule(rule: InputRule, value: number): string | null {
  const ok = Number.isFinite(value) && (rule.type === "decimal" || Number.isInteger(value)) && (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) && (rule.max === undefined || value <= rule.max);
  return ok ? null : ruleAlert(rule);
}

/**
 * Gives every planned input cell its rule (`validation`), found through the inputs the blocks planned:
 * each input's row key and column located on the sheet, then the block cell there. Changes the cells in place.
 */
export function guardInputs(blocks: readonly PlanBlock[], inputs: readonly PlannedInput[], cellAt: (row: string, col: number) => string): void {
  const origins = blocks.map((b) => parseCell(b.topLeft));
  for (const input of inputs) {
    const rule = ruleForInput(input.path, input.written);
    if (!rule) continue;
    const p = parseCell(cellAt(input.row, input.col));
    blocks.forEach((block, k) => {
      const cell = block.cells[p.row - origins[k].row]?.[p.col - origins[k].col];
      if (cell && (cell.kind === "number" || cell.kind === "formula")) cell.validation = rule;
    });
  }
}
