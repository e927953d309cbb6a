/**
 * The scenario form: conversations per month, resolution rate, human cost per conversation,
 * qualifying share and tokens per conversation. Rates are typed as percentages and handed on as
 * fractions (90% -> 0.9, as Excel stores it). Defaults are the guide's worked example.
 */
import type { Scenario } from "../engine/bid";
import { h, newId } from "./dom";

interface FieldSpec {
  key: "conversations" | "resolutionRate" | "humanCost" | "qualifyingShare" | "input" | "output" | "cachedInput";
  label: string;
  /** The name used in messages, when the label alone is too short (the token fields). */
  name?: string;
  hint: string;
  value: string;
  unit?: string;
  /** "count": whole number >= 1 or >= 0; "percent": 0..100; "money": >= 0 */
  kind: "count" | "count0" | "percent" | "money";
}

export const SCENARIO_DEFAULTS = {
  conversations: 100000,
  resolutionRatePercent: 90,
  humanCost: 3,
  qualifyingSharePercent: 80,
  tokens: { input: 20000, output: 6000, cachedInput: 0 },
};

const MAIN_FIELDS: FieldSpec[] = [
  { key: "conversations", label: "Conversations per month", hint: "All conversations, AI and human.", value: SCENARIO_DEFAULTS.conversations.toLocaleString("en-US"), kind: "count" },
  { key: "resolutionRate", label: "Resolution rate", hint: "Share the AI resolves without a human.", value: String(SCENARIO_DEFAULTS.resolutionRatePercent), unit: "%", kind: "percent" },
  { key: "humanCost", label: "Human cost per conversation", hint: "Fully loaded cost of a conversation a person handles.", value: SCENARIO_DEFAULTS.humanCost.toFixed(2), kind: "money" },
  { key: "qualifyingShare", label: "Qualifying share", hint: "Share of AI resolutions that meet an outcome condition (e.g. CSAT 4+).", value: String(SCENARIO_DEFAULTS.qualifyingSharePercent), unit: "%", kind: "percent" },
];

const TOKEN_FIELDS: FieldSpec[] = [
  { key: "input", label: "Input", name: "Input tokens", hint: "", value: SCENARIO_DEFAULTS.tokens.input.toLocaleString("en-US"), kind: "count0" },
  { key: "output", label: "Output", name: "Output tokens", hint: "", value: SCENARIO_DEFAULTS.tokens.output.toLocaleString("en-US"), kind: "count0" },
  { key: "cachedInput", label: "Cached input", name: "Cached input tokens", hint: "", value: String(SCENARIO_DEFAULTS.tokens.cachedInput), kind: "count0" },
];

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

export interface ScenarioView {
  element: HTMLElement;
  /** Reads and checks the form; marks the fields at fault. */
  read(): ScenarioResult;
}

/** A number as an analyst may type it: "100,000", "90%", " 3.00 ". Null when it is not one. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[\s,]/g, "").replace(/%$/, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function check(spec: FieldSpec, text: string): { value: number } | { problem: string } {
  const n = parseNumber(text);
  const name = spec.name ?? spec.label;
  if (n === null) return { problem: `${name}: enter a number${spec.unit === "%" ? " from 0 to 100" : ""}.` };
  switch (spec.kind) {
    case "count":
      if (n < 1) return { problem: `${name}: enter at least 1 (costs are spread over the conversations).` };
      return { value: n };
    case "count0":
      if (n < 0) return { problem: `${name}: cannot be negative.` };
      return { value: n };
    case "percent":
      if (n < 0 || n > 100) return { problem: `${name}: enter a percentage from 0 to 100 (you typed ${text.trim()}).` };
      return { value: n / 100 };
    case "money":
      if (n < 0) return { problem: `${name}: cannot be negative.` };
      return { value: n };
  }
  return { problem: `${name}: not understood.` };
}

export function createScenarioView(): ScenarioView {
  const inputs = new Map<FieldSpec["key"], { spec: FieldSpec; input: HTMLInputElement; error: HTMLElement }>();

  function field(spec: FieldSpec, compact: boolean): HTMLElement {
    const id = newId(`scenario-${spec.key}`);
    const hintId = spec.hint ? `${id}-hint` : "";
    const errorId = `${id}-error`;
    const input = h("input", {
      id,
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      class: spec.unit ? "ap-input ap-input-unit" : "ap-input",
      value: spec.value,
      "data-field": spec.key,
      "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
    });
    const error = h("div", { id: errorId, class: "ap-field-error", hidden: true });
    inputs.set(spec.key, { spec, input, error });
    // A field marked wrong is checked again as it is corrected, so the message goes once it is right.
    input.addEventListener("input", () => {
      if (input.getAttribute("aria-invalid") !== "true") return;
      if (!("problem" in check(spec, input.value))) {
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        error.hidden = true;
      }
    });
    return h(
      "div",
      { class: compact ? "ap-field ap-field-compact" : "ap-field" },
      h("label", { for: id, class: "ap-label" }, spec.label),
      spec.hint ? h("div", { id: hintId, class: "ap-hint" }, spec.hint) : null,
      h("div", { class: "ap-input-wrap" }, input, spec.unit ? h("span", { class: "ap-unit", "aria-hidden": "true" }, spec.unit) : null),
      error,
    );
  }

  const element = h(
    "div",
    { class: "ap-scenario" },
    ...MAIN_FIELDS.map((f) => field(f, false)),
    h(
      "fieldset",
      { class: "ap-fieldset" },
      h("legend", { class: "ap-label" }, "Tokens per conversation"),
      h("div", { class: "ap-hint" }, "For per-token bids that do not state their own."),
      h("div", { class: "ap-token-grid" }, ...TOKEN_FIELDS.map((f) => field(f, true))),
    ),
  );

  function read(): ScenarioResult {
    const problems: string[] = [];
    const values = new Map<FieldSpec["key"], number>();
    for (const { spec, input, error } of inputs.values()) {
      const r = check(spec, input.value);
      if ("problem" in r) {
        problems.push(r.problem);
        input.setAttribute("aria-invalid", "true");
        error.textContent = r.problem;
        error.hidden = false;
      } else {
        values.set(spec.key, r.value);
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        error.hidden = true;
      }
    }
    const input = values.get("input");
    const cached = values.get("cachedInput");
    if (input !== undefined && cached !== undefined && cached > input) {
      const problem = "Cached input tokens: cannot exceed the input tokens (cached tokens are part of the input).";
      problems.push(problem);
      const c = inputs.get("cachedInput")!;
      c.input.setAttribute("aria-invalid", "true");
      c.error.textContent = problem;
      c.error.hidden = false;
    }
    if (problems.length) return { ok: false, problems };
    return {
      ok: true,
      scenario: {
        conversations: values.get("conversations")!,
        resolutionRate: values.get("resolutionRate")!,
        humanCost: values.get("humanCost")!,
        qualifyingShare: values.get("qualifyingShare")!,
        tokens: { input: values.get("input")!, output: values.get("output")!, cachedInput: values.get("cachedInput")! },
      },
    };
  }

  return { element, read };
}
