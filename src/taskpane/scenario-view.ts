/**
 * The scenario form: conversations per month, resolution rate, human cost per conversation,
 * qualifying share and tokens per conversation, on the pane's fields (./fields.ts). Rates read 90,
 * 90% and 0.9 alike and are handed on as fractions (0.9, as Excel stores 90%). Starting values are
 * the shared scenario defaults (src/engine/defaults.ts), the guide's worked example.
 */
import type { Scenario } from "../engine/bid";
import { DEFAULT_SCENARIO } from "../engine/defaults";
import { parseTokens } from "../engine/inputs";
import { countField, Field, moneyField, rateField, tokensField } from "./fields";
import { h } from "./dom";

export type ScenarioResult = { ok: true; scenario: Scenario; warnings: string[] } | { ok: false; problems: string[] };

export interface ScenarioView {
  element: HTMLElement;
  /** Reads and checks the form; marks the fields at fault. */
  read(): ScenarioResult;
  /** Fills the form with a scenario (rates as fractions). */
  set(scenario: Scenario): void;
}

const CACHED_ABOVE_INPUT = "Cached input tokens: cannot exceed the input tokens (cached tokens are part of the input).";

export function createScenarioView(): ScenarioView {
  const d = DEFAULT_SCENARIO;
  const conversations = countField({ key: "conversations", label: "Conversations per month", hint: "All conversations, AI and human.", value: d.conversations });
  const resolutionRate = rateField({ key: "resolutionRate", label: "Resolution rate", hint: "Share the AI resolves without a human: 90, 90% or 0.9.", value: d.resolutionRate });
  const humanCost = moneyField({ key: "humanCost", label: "Human cost per conversation", hint: "Fully loaded cost of a conversation a person handles.", value: d.humanCost });
  const qualifyingShare = rateField({
    key: "qualifyingShare",
    label: "Qualifying share",
    hint: "Share of AI resolutions that meet an outcome condition (e.g. CSAT 4+); 100% unless your contract says otherwise.",
    value: d.qualifyingShare,
  });
  const input = tokensField({ key: "input", label: "Input", name: "Input tokens", value: d.tokens.input, compact: true });
  const output = tokensField({ key: "output", label: "Output", name: "Output tokens", value: d.tokens.output, compact: true });
  const cachedInput = tokensField({ key: "cachedInput", label: "Cached input", name: "Cached input tokens", value: d.tokens.cachedInput, compact: true });
  const fields: Field[] = [conversations, resolutionRate, humanCost, qualifyingShare, input, output, cachedInput];

  // Cached tokens are part of the input tokens: checked as either is typed.
  function checkCached(): void {
    const i = parseTokens(input.input.value);
    const c = parseTokens(cachedInput.input.value);
    cachedInput.flag(i.ok && c.ok && c.value > i.value ? CACHED_ABOVE_INPUT : null);
  }
  input.onChange(checkCached);
  cachedInput.onChange(checkCached);

  const element = h(
    "div",
    { class: "ap-scenario" },
    conversations.element,
    resolutionRate.element,
    humanCost.element,
    qualifyingShare.element,
    h(
      "fieldset",
      { class: "ap-fieldset" },
      h("legend", { class: "ap-label" }, "Tokens per conversation"),
      h("div", { class: "ap-hint" }, "For per-token bids that do not state their own."),
      h("div", { class: "ap-token-grid" }, input.element, output.element, cachedInput.element),
    ),
  );

  function read(): ScenarioResult {
    checkCached();
    const readings = fields.map((f) => f.read());
    const problems = readings.flatMap((r) => (r.ok ? [] : [r.problem]));
    if (problems.length) return { ok: false, problems };
    const [v, r, hc, q, i, o, c] = readings.map((x) => (x.ok ? x.value : NaN));
    return {
      ok: true,
      scenario: { conversations: v, resolutionRate: r, humanCost: hc, qualifyingShare: q, tokens: { input: i, output: o, cachedInput: c } },
      warnings: readings.flatMap((x) => (x.ok && x.warning ? [x.warning] : [])),
    };
  }

  function set(s: Scenario): void {
    conversations.set(s.conversations);
    resolutionRate.set(s.resolutionRate);
    humanCost.set(s.humanCost);
    qualifyingShare.set(s.qualifyingShare ?? DEFAULT_SCENARIO.qualifyingShare);
    const t = s.tokens ?? DEFAULT_SCENARIO.tokens;
    input.set(t.input);
    output.set(t.output);
    cachedInput.set(t.cachedInput ?? 0);
    checkCached();
  }

  return { element, read, set };
}
