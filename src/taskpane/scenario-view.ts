/**
 * The scenario form: conversations per month, resolution rate, human cost per conversation,
 * qualifying share and tokens per conversation, on the pane's fields (./fields.ts). Rates read 90,
 * 90% and 0.9 alike and are handed on as fractions (0.9, as Excel stores 90%). Starting values are
 * the shared scenario defaults (src/engine/defaults.ts), the guide's worked example.
 */
import type { Scenario, ScenarioRanges } from "../engine/bid";
import { DEFAULT_DRAWS, DEFAULT_SCENARIO, DEFAULT_SEED, defaultRanges, MAX_SHEET_DRAWS } from "../engine/defaults";
import { parseTokens } from "../engine/inputs";
import { isIsoDate, STALE_AFTER_DAYS, todayIso } from "../templates/versions";
import { countField, Field, FieldReading, moneyField, numberField, rateField, tokensField } from "./fields";
import { h } from "./dom";

/** The risk view's settings: how many scenarios to draw, with which seed. */
export interface RiskSettings {
  draws: number;
  seed: number;
}

/** asOf: the comparison date, YYYY-MM-DD: each bid is priced at the version of its prices in effect that day. */
export type ScenarioResult = { ok: true; scenario: Scenario; risk: RiskSettings; asOf: string; warnings: string[] } | { ok: false; problems: string[] };

export interface ScenarioView {
  element: HTMLElement;
  /** Reads and checks the form; marks the fields at fault. */
  read(): ScenarioResult;
  /** Fills the form with a scenario (rates as fractions). */
  set(scenario: Scenario): void;
  /** Called with the comparison date whenever the analyst changes it to a valid one. */
  onAsOfChange(listener: (asOf: string) => void): void;
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

  // The risk view's three-point estimates: low and high beside each uncertain input, starting from
  // sensible defaults around its value (src/engine/defaults.ts) and following it until the analyst
  // types an estimate of their own.
  const start = defaultRanges(d);
  const range = (key: "conversations" | "resolutionRate" | "humanCost", make: (end: "low" | "high", value: number) => Field) => ({ low: make("low", start[key].low), high: make("high", start[key].high), edited: false });
  const ranges = {
    conversations: range("conversations", (end, value) => countField({ key: `conversations-${end}`, label: end === "low" ? "Low" : "High", name: `Conversations per month (${end})`, value, compact: true })),
    resolutionRate: range("resolutionRate", (end, value) => rateField({ key: `resolutionRate-${end}`, label: end === "low" ? "Low" : "High", name: `Resolution rate (${end})`, value, compact: true })),
    humanCost: range("humanCost", (end, value) => moneyField({ key: `humanCost-${end}`, label: end === "low" ? "Low" : "High", name: `Human cost (${end})`, value, compact: true })),
  };
  const tokensLow = numberField({ key: "tokens-low", label: "Low ×", name: "Tokens per conversation (low, as a multiple of each bid's)", value: start.tokens.low, min: 0, max: 1, example: "0.8", compact: true });
  const tokensHigh = numberField({ key: "tokens-high", label: "High ×", name: "Tokens per conversation (high, as a multiple of each bid's)", value: start.tokens.high, min: 1, example: "1.5", compact: true });
  const draws = numberField({ key: "draws", label: "Drawn scenarios", hint: `How many scenarios the risk view draws (1 to ${MAX_SHEET_DRAWS.toLocaleString("en-US")}).`, value: DEFAULT_DRAWS, min: 1, max: MAX_SHEET_DRAWS, integer: true, example: "2000", compact: true });
  const seed = numberField({ key: "seed", label: "Seed", hint: "The same seed gives the same figures.", value: DEFAULT_SEED, min: 0, integer: true, example: "1", compact: true });
  const rangeFields = [...Object.values(ranges).flatMap((r) => [r.low, r.high]), tokensLow, tokensHigh];
  const riskFields = [draws, seed];
  const mains = { conversations, resolutionRate, humanCost };
  const names = { conversations: "Conversations per month", resolutionRate: "Resolution rate", humanCost: "Human cost" };

  /** low <= value <= high, said on the field at fault as soon as it is typed. */
  function checkRange(key: keyof typeof ranges): void {
    const v = mains[key].read();
    const r = ranges[key];
    const low = r.low.read();
    const high = r.high.read();
    const value = v.ok ? v.value : NaN;
    r.low.flag(low.ok && v.ok && low.value > value ? `${names[key]} (low): must not be above the value itself` : null);
    r.high.flag(high.ok && v.ok && high.value < value ? `${names[key]} (high): must not be below the value itself` : null);
  }
  for (const key of Object.keys(ranges) as (keyof typeof ranges)[]) {
    const r = ranges[key];
    r.low.onChange(() => {
      r.edited = true;
      checkRange(key);
    });
    r.high.onChange(() => {
      r.edited = true;
      checkRange(key);
    });
    mains[key].onChange((reading: FieldReading) => {
      // Until the analyst types an estimate of their own, it follows the value.
      if (!r.edited && reading.ok) {
        const next = defaultRanges({ ...d, [key]: reading.value })[key];
        r.low.set(next.low);
        r.high.set(next.high);
      }
      checkRange(key);
    });
  }

  // Cached tokens are part of the input tokens: checked as either is typed.
  function checkCached(): void {
    const i = parseTokens(input.input.value);
    const c = parseTokens(cachedInput.input.value);
    cachedInput.flag(i.ok && c.ok && c.value > i.value ? CACHED_ABOVE_INPUT : null);
  }
  input.onChange(checkCached);
  cachedInput.onChange(checkCached);

  // The comparison date (default today): which dated version of each bid's prices applies, and
  // which prices were read too long before it (stale).
  const asOfId = "ap-as-of";
  const asOfProblem = h("div", { class: "ap-field-message", id: `${asOfId}-problem`, "aria-live": "polite" });
  const asOfInput = h("input", { type: "date", id: asOfId, class: "ap-input", value: todayIso(), "data-field": "asOf", "aria-describedby": `${asOfId}-hint ${asOfId}-problem` });
  const asOfListeners: ((asOf: string) => void)[] = [];
  function readAsOf(): string | null {
    const v = asOfInput.value.trim();
    const ok = isIsoDate(v);
    if (ok) asOfInput.removeAttribute("aria-invalid");
    else asOfInput.setAttribute("aria-invalid", "true");
    asOfProblem.textContent = ok ? "" : "Compare prices as of: give a date, e.g. 2026-05-18.";
    return ok ? v : null;
  }
  asOfInput.addEventListener("change", () => {
    const v = readAsOf();
    if (v) for (const l of asOfListeners) l(v);
  });

  const element = h(
    "div",
    { class: "ap-scenario" },
    h(
      "div",
      { class: "ap-field" },
      h("label", { for: asOfId, class: "ap-label" }, "Compare prices as of"),
      h("div", { class: "ap-hint", id: `${asOfId}-hint` }, `Each bid is priced at its prices in effect that day; prices read more than ${STALE_AFTER_DAYS} days before it are marked stale.`),
      asOfInput,
      asOfProblem,
    ),
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
    h(
      "fieldset",
      { class: "ap-fieldset", "data-role": "ranges" },
      h("legend", { class: "ap-label" }, "Ranges for the risk view"),
      h(
        "div",
        { class: "ap-hint" },
        "How low and how high each input may plausibly be. The risk view draws scenarios between them (most often near the value itself) and shows what a bad month costs under each bid. A bid's own rate range goes on its row of the sheet.",
      ),
      h("div", { class: "ap-range-row" }, h("span", { class: "ap-range-name" }, "Conversations per month"), h("div", { class: "ap-token-grid" }, ranges.conversations.low.element, ranges.conversations.high.element)),
      h("div", { class: "ap-range-row" }, h("span", { class: "ap-range-name" }, "Resolution rate"), h("div", { class: "ap-token-grid" }, ranges.resolutionRate.low.element, ranges.resolutionRate.high.element)),
      h("div", { class: "ap-range-row" }, h("span", { class: "ap-range-name" }, "Human cost per conversation"), h("div", { class: "ap-token-grid" }, ranges.humanCost.low.element, ranges.humanCost.high.element)),
      h("div", { class: "ap-range-row" }, h("span", { class: "ap-range-name" }, "Tokens per conversation, as a multiple of each bid's"), h("div", { class: "ap-token-grid" }, tokensLow.element, tokensHigh.element)),
      h("div", { class: "ap-token-grid" }, draws.element, seed.element),
    ),
  );

  function read(): ScenarioResult {
    checkCached();
    for (const key of Object.keys(ranges) as (keyof typeof ranges)[]) checkRange(key);
    const readings = [...fields, ...rangeFields, ...riskFields].map((f) => f.read());
    const problems = readings.flatMap((r) => (r.ok ? [] : [r.problem]));
    const asOf = readAsOf();
    if (asOf === null) problems.push(asOfProblem.textContent as string);
    if (problems.length || asOf === null) return { ok: false, problems };
    const [v, r, hc, q, i, o, c, vLow, vHigh, rLow, rHigh, hLow, hHigh, tLow, tHigh, n, seedValue] = readings.map((x) => (x.ok ? x.value : NaN));
    const scenarioRanges: ScenarioRanges = {
      conversations: { low: vLow, high: vHigh },
      resolutionRate: { low: rLow, high: rHigh },
      humanCost: { low: hLow, high: hHigh },
      tokens: { low: tLow, high: tHigh },
    };
    return {
      ok: true,
      scenario: { conversations: v, resolutionRate: r, humanCost: hc, qualifyingShare: q, tokens: { input: i, output: o, cachedInput: c }, ranges: scenarioRanges },
      risk: { draws: n, seed: seedValue },
      asOf,
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
    const given = { ...defaultRanges(s), ...(s.ranges ?? {}) };
    for (const key of Object.keys(ranges) as (keyof typeof ranges)[]) {
      ranges[key].low.set(given[key].low);
      ranges[key].high.set(given[key].high);
      ranges[key].edited = s.ranges?.[key] !== undefined;
      checkRange(key);
    }
    tokensLow.set(given.tokens.low);
    tokensHigh.set(given.tokens.high);
  }

  return { element, read, set, onAsOfChange: (listener) => void asOfListeners.push(listener) };
}
