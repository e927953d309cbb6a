/**
 * The scenario form: conversations per month, resolution rate, human cost per conversation,
 * qualifying share and tokens per conversation, on the pane's fields (./fields.ts). Rates read 90,
 * 90% and 0.9 alike and are handed on as fractions (0.9, as Excel stores 90%). Starting values are
 * the shared scenario defaults (src/engine/defaults.ts), the guide's worked example.
 */
import type { Scenario, ScenarioRanges } from "../engine/bid";
import { DEFAULT_DRAWS, DEFAULT_SCENARIO, DEFAULT_SEED, defaultRanges, MAX_SHEET_DRAWS } from "../engine/defaults";
import { DEFAULT_RATE_CORRELATION } from "../engine/copula";
import { parseTokens } from "../engine/inputs";
import { AsOfField, createAsOfField } from "./as-of-field";
import { countField, Field, FieldReading, moneyField, numberField, rateField, tokensField } from "./fields";
import { h } from "./dom";

/** The risk view's settings: how many scenarios to draw, with which seed, the bids' rates correlated how much. */
export interface RiskSettings {
  draws: number;
  seed: number;
  /** The rank correlation of the bids' resolution rates, 0 to 1 (1: a hard month is hard for every vendor alike). */
  rateCorrelation: number;
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
  /**
   * Sets the fields of these request fields ("scenario.conversations", "scenario.ranges.humanCost.low",
   * "risk.rateCorrelation"); a range set here is the analyst's own estimate (it no longer follows its value).
   */
  setValues(values: ReadonlyMap<string, number>): void;
}

const CACHED_ABOVE_INPUT = "Cached input tokens: cannot exceed the input tokens (cached tokens are part of the input).";

/** The scenario's own inputs, in the order they are read. */
interface MainFields {
  conversations: Field;
  resolutionRate: Field;
  humanCost: Field;
  qualifyingShare: Field;
  input: Field;
  output: Field;
  cachedInput: Field;
}

type RangeKey = "conversations" | "resolutionRate" | "humanCost";
/** A three-point estimate's low and high; `edited` once the analyst typed either. */
interface RangePair {
  low: Field;
  high: Field;
  edited: boolean;
}

/** The risk view's three-point estimates and its settings. */
interface RiskFields {
  ranges: Record<RangeKey, RangePair>;
  tokensLow: Field;
  tokensHigh: Field;
  draws: Field;
  seed: Field;
  correlation: Field;
}

const RANGE_KEYS: readonly RangeKey[] = ["conversations", "resolutionRate", "humanCost"];
const RANGE_NAMES: Record<RangeKey, string> = { conversations: "Conversations per month", resolutionRate: "Resolution rate", humanCost: "Human cost" };

function mainFields(d: typeof DEFAULT_SCENARIO): MainFields {
  const t = d.tokens;
  return {
    conversations: countField({ key: "conversations", label: "Conversations per month", hint: "All conversations, AI and human.", value: d.conversations }),
    resolutionRate: rateField({ key: "resolutionRate", label: "Resolution rate", hint: "Share the AI resolves without a human: 90, 90% or 0.9.", value: d.resolutionRate }),
    humanCost: moneyField({ key: "humanCost", label: "Human cost per conversation", hint: "Fully loaded cost of a conversation a person handles.", value: d.humanCost }),
    qualifyingShare: rateField({
      key: "qualifyingShare",
      label: "Qualifying share",
      hint: "Share of AI resolutions that meet an outcome condition (e.g. CSAT 4+); 100% unless your contract says otherwise.",
      value: d.qualifyingShare,
    }),
    input: tokensField({ key: "input", label: "Input", name: "Input tokens", value: t.input, compact: true }),
    output: tokensField({ key: "output", label: "Output", name: "Output tokens", value: t.output, compact: true }),
    cachedInput: tokensField({ key: "cachedInput", label: "Cached input", name: "Cached input tokens", value: t.cachedInput, compact: true }),
  };
}

/** Low and high beside each uncertain input, starting from sensible defaults around its value (src/engine/defaults.ts). */
function riskFields(d: Scenario): RiskFields {
  const start = defaultRanges(d);
  const end = (e: "low" | "high") => (e === "low" ? "Low" : "High");
  const pair = (make: (e: "low" | "high") => Field): RangePair => ({ low: make("low"), high: make("high"), edited: false });
  const ranges = {
    conversations: pair((e) => countField({ key: `conversations-${e}`, label: end(e), name: `Conversations per month (${e})`, value: start.conversations[e], compact: true })),
    resolutionRate: pair((e) => rateField({ key: `resolutionRate-${e}`, label: end(e), name: `Resolution rate (${e})`, value: start.resolutionRate[e], compact: true })),
    humanCost: pair((e) => moneyField({ key: `humanCost-${e}`, label: end(e), name: `Human cost (${e})`, value: start.humanCost[e], compact: true })),
  };
  return {
    ranges,
    tokensLow: numberField({ key: "tokens-low", label: "Low ×", name: "Tokens per conversation (low, as a multiple of each bid's)", value: start.tokens.low, min: 0, max: 1, example: "0.8", compact: true }),
    tokensHigh: numberField({ key: "tokens-high", label: "High ×", name: "Tokens per conversation (high, as a multiple of each bid's)", value: start.tokens.high, min: 1, example: "1.5", compact: true }),
    draws: numberField({
      key: "draws",
      label: "Drawn scenarios",
      hint: `How many scenarios the risk view draws (1 to ${MAX_SHEET_DRAWS.toLocaleString("en-US")}).`,
      value: DEFAULT_DRAWS,
      min: 1,
      max: MAX_SHEET_DRAWS,
      integer: true,
      example: "2000",
      compact: true,
    }),
    seed: numberField({ key: "seed", label: "Seed", hint: "The same seed gives the same figures.", value: DEFAULT_SEED, min: 0, integer: true, example: "1", compact: true }),
    correlation: numberField({
      key: "rate-correlation",
      label: "Rate correlation",
      hint: "How much the vendors' resolution rates move together, 0 to 1 (1: a hard month is hard for every vendor alike; 0: each vendor's month is its own). For the sheet's risk view and the drawn scenarios.",
      value: DEFAULT_RATE_CORRELATION,
      min: 0,
      max: 1,
      example: "0.5",
      compact: true,
    }),
  };
}

/** low <= value <= high, said on the field at fault as soon as it is typed. */
function checkRange(main: Field, r: RangePair, name: string): void {
  const v = main.read();
  const low = r.low.read();
  const high = r.high.read();
  const value = v.ok ? v.value : NaN;
  r.low.flag(low.ok && v.ok && low.value > value ? `${name} (low): must not be above the value itself` : null);
  r.high.flag(high.ok && v.ok && high.value < value ? `${name} (high): must not be below the value itself` : null);
}

/** Each range follows its value until the analyst types an estimate of their own; checked as either is typed. */
function followValues(mains: MainFields, risk: RiskFields, d: Scenario): void {
  for (const key of RANGE_KEYS) {
    const r = risk.ranges[key];
    const check = () => checkRange(mains[key], r, RANGE_NAMES[key]);
    const typed = () => {
      r.edited = true;
      check();
    };
    r.low.onChange(typed);
    r.high.onChange(typed);
    mains[key].onChange((reading: FieldReading) => {
      if (!r.edited && reading.ok) {
        const next = defaultRanges({ ...d, [key]: reading.value })[key];
        r.low.set(next.low);
        r.high.set(next.high);
      }
      check();
    });
  }
}

/** Cached tokens are part of the input tokens: checked as either is typed. */
function checkCached(mains: MainFields): void {
  const i = parseTokens(mains.input.input.value);
  const c = parseTokens(mains.cachedInput.input.value);
  mains.cachedInput.flag(i.ok && c.ok && c.value > i.value ? CACHED_ABOVE_INPUT : null);
}

function rangeRow(name: string, ...fields: Field[]): HTMLElement {
  return h("div", { class: "ap-range-row" }, h("span", { class: "ap-range-name" }, name), h("div", { class: "ap-token-grid" }, ...fields.map((f) => f.element)));
}

function rangesFieldset(risk: RiskFields): HTMLElement {
  const { ranges } = risk;
  return h(
    "fieldset",
    { class: "ap-fieldset", "data-role": "ranges" },
    h("legend", { class: "ap-label" }, "Ranges for the risk view"),
    h(
      "div",
      { class: "ap-hint" },
      "How low and how high each input may plausibly be. The risk view draws scenarios between them (most often near the value itself) and shows what a bad month costs under each bid. A bid's own rate range goes on its row of the sheet.",
    ),
    rangeRow("Conversations per month", ranges.conversations.low, ranges.conversations.high),
    rangeRow("Resolution rate", ranges.resolutionRate.low, ranges.resolutionRate.high),
    rangeRow("Human cost per conversation", ranges.humanCost.low, ranges.humanCost.high),
    rangeRow("Tokens per conversation, as a multiple of each bid's", risk.tokensLow, risk.tokensHigh),
    h("div", { class: "ap-token-grid" }, risk.draws.element, risk.seed.element, risk.correlation.element),
  );
}

function scenarioElement(asOf: AsOfField, mains: MainFields, risk: RiskFields): HTMLElement {
  return h(
    "div",
    { class: "ap-scenario" },
    asOf.element,
    mains.conversations.element,
    mains.resolutionRate.element,
    mains.humanCost.element,
    mains.qualifyingShare.element,
    h(
      "fieldset",
      { class: "ap-fieldset" },
      h("legend", { class: "ap-label" }, "Tokens per conversation"),
      h("div", { class: "ap-hint" }, "For per-token bids that do not state their own."),
      h("div", { class: "ap-token-grid" }, mains.input.element, mains.output.element, mains.cachedInput.element),
    ),
    rangesFieldset(risk),
  );
}

/** Every field in the order read() takes their values. */
function fieldsInOrder(mains: MainFields, risk: RiskFields): Field[] {
  const m = mains;
  const r = risk.ranges;
  return [m.conversations, m.resolutionRate, m.humanCost, m.qualifyingShare, m.input, m.output, m.cachedInput, ...RANGE_KEYS.flatMap((k) => [r[k].low, r[k].high]), risk.tokensLow, risk.tokensHigh, risk.draws, risk.seed, risk.correlation];
}

function readScenario(asOfField: AsOfField, mains: MainFields, risk: RiskFields): ScenarioResult {
  checkCached(mains);
  for (const key of RANGE_KEYS) checkRange(mains[key], risk.ranges[key], RANGE_NAMES[key]);
  const readings = fieldsInOrder(mains, risk).map((f) => f.read());
  const problems = readings.flatMap((r) => (r.ok ? [] : [r.problem]));
  const asOf = asOfField.read();
  if (asOf === null) problems.push(asOfField.problem());
  if (problems.length || asOf === null) return { ok: false, problems };
  const [v, r, hc, q, i, o, c, vLow, vHigh, rLow, rHigh, hLow, hHigh, tLow, tHigh, n, seedValue, rho] = readings.map((x) => (x.ok ? x.value : NaN));
  const scenarioRanges: ScenarioRanges = {
    conversations: { low: vLow, high: vHigh },
    resolutionRate: { low: rLow, high: rHigh },
    humanCost: { low: hLow, high: hHigh },
    tokens: { low: tLow, high: tHigh },
  };
  return {
    ok: true,
    scenario: { conversations: v, resolutionRate: r, humanCost: hc, qualifyingShare: q, tokens: { input: i, output: o, cachedInput: c }, ranges: scenarioRanges },
    risk: { draws: n, seed: seedValue, rateCorrelation: rho },
    asOf,
    warnings: readings.flatMap((x) => (x.ok && x.warning ? [x.warning] : [])),
  };
}

function setScenario(mains: MainFields, risk: RiskFields, s: Scenario): void {
  mains.conversations.set(s.conversations);
  mains.resolutionRate.set(s.resolutionRate);
  mains.humanCost.set(s.humanCost);
  mains.qualifyingShare.set(s.qualifyingShare ?? DEFAULT_SCENARIO.qualifyingShare);
  const t = s.tokens ?? DEFAULT_SCENARIO.tokens;
  mains.input.set(t.input);
  mains.output.set(t.output);
  mains.cachedInput.set(t.cachedInput ?? 0);
  checkCached(mains);
  const given = { ...defaultRanges(s), ...(s.ranges ?? {}) };
  for (const key of RANGE_KEYS) {
    const r = risk.ranges[key];
    r.low.set(given[key].low);
    r.high.set(given[key].high);
    r.edited = s.ranges?.[key] !== undefined;
    checkRange(mains[key], r, RANGE_NAMES[key]);
  }
  risk.tokensLow.set(given.tokens.low);
  risk.tokensHigh.set(given.tokens.high);
}

/** Each field by the request field it holds. */
function fieldsByPath(mains: MainFields, risk: RiskFields): Map<string, Field> {
  const m = mains;
  const out = new Map<string, Field>([
    ["scenario.conversations", m.conversations],
    ["scenario.resolutionRate", m.resolutionRate],
    ["scenario.humanCost", m.humanCost],
    ["scenario.qualifyingShare", m.qualifyingShare],
    ["scenario.tokens.input", m.input],
    ["scenario.tokens.output", m.output],
    ["scenario.tokens.cachedInput", m.cachedInput],
    ["scenario.ranges.tokens.low", risk.tokensLow],
    ["scenario.ranges.tokens.high", risk.tokensHigh],
    ["risk.draws", risk.draws],
    ["risk.seed", risk.seed],
    ["risk.rateCorrelation", risk.correlation],
  ]);
  for (const key of RANGE_KEYS) {
    out.set(`scenario.ranges.${key}.low`, risk.ranges[key].low);
    out.set(`scenario.ranges.${key}.high`, risk.ranges[key].high);
  }
  return out;
}

function setValues(mains: MainFields, risk: RiskFields, values: ReadonlyMap<string, number>): void {
  const fields = fieldsByPath(mains, risk);
  for (const [path, value] of values) fields.get(path)?.set(value);
  for (const key of RANGE_KEYS) {
    const value = values.get(`scenario.${key}`);
    if (values.has(`scenario.ranges.${key}.low`) || values.has(`scenario.ranges.${key}.high`)) risk.ranges[key].edited = true;
    else if (value !== undefined && !risk.ranges[key].edited) {
      // Until the analyst types an estimate of their own, it follows the value (as on the sheet).
      const next = defaultRanges({ ...DEFAULT_SCENARIO, [key]: value })[key];
      risk.ranges[key].low.set(next.low);
      risk.ranges[key].high.set(next.high);
    }
    checkRange(mains[key], risk.ranges[key], RANGE_NAMES[key]);
  }
  checkCached(mains);
}

export function createScenarioView(): ScenarioView {
  const d = DEFAULT_SCENARIO;
  const mains = mainFields(d);
  const risk = riskFields(d);
  followValues(mains, risk, d);
  mains.input.onChange(() => checkCached(mains));
  mains.cachedInput.onChange(() => checkCached(mains));
  const asOf = createAsOfField();
  return {
    element: scenarioElement(asOf, mains, risk),
    read: () => readScenario(asOf, mains, risk),
    set: (s) => setScenario(mains, risk, s),
    onAsOfChange: asOf.onChange,
    setValues: (values) => setValues(mains, risk, values),
  };
}
