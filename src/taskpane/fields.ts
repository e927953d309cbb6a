/**
 * The pane's input fields, one small component per kind of input (count, money, rate or share, tokens,
 * number), each reading its text with the CLI's reader (src/engine/inputs.ts) and saying, as the analyst
 * types, what it understood, what will fail and what is rarely meant (docs/modules.md#the-panes-input-fields).
 * UI only: plain DOM, text as text.
 */
import { formatNumber, formatPercent, InputReading, NumberOptions, parseCount, parseMoney, parseNumberInput, parseRate, parseTokens, RateOptions } from "../engine/inputs";
import { h, newId } from "./dom";

/** What a field holds: its value (with a warning when the value is rarely meant), or what is wrong. */
export type FieldReading = { ok: true; value: number; warning?: string } | { ok: false; problem: string };

export interface Field {
  /** The whole field: label, hint, input, what it understood, its message. */
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  /** Reads the field and marks it; a problem or warning starts with the field's name. */
  read(): FieldReading;
  /** Shows a value as the analyst would type it (0.9 as 90%, 100000 as 100,000). */
  set(value: number): void;
  /** Called on every edit with the new reading; returns a function that stops it. */
  onChange(listener: (reading: FieldReading) => void): () => void;
  /**
   * A problem the caller finds across fields (cached tokens above input tokens), shown as the field's
   * own while its text reads well; null clears it.
   */
  flag(problem: string | null): void;
}

export interface FieldOptions {
  /** The label shown above the input. */
  label: string;
  /** The name used in messages, when the label alone is too short ("Input" -> "Input tokens"). */
  name?: string;
  hint?: string;
  /** The starting value. */
  value: number;
  /** `data-field`, for tests and for the caller's own look-ups. */
  key?: string;
  /** A small field in a grid (the token counts). */
  compact?: boolean;
}

interface Kind {
  parse(text: string): InputReading;
  /** The value as the analyst would type it. */
  show(value: number): string;
  /** Show what was understood beside the field for this text? */
  readout(text: string, reading: InputReading & { ok: true }): boolean;
  /** The id prefix, e.g. "rate". */
  name: string;
}

/** For kinds other than rates: the reading is shown only when the text is not plainly the number. */
const whenWrittenOddly = (text: string) => /e/i.test(text);

function createField(kind: Kind, options: FieldOptions): Field {
  const id = newId(`field-${options.key ?? kind.name}`);
  const hintId = options.hint ? `${id}-hint` : "";
  const readoutId = `${id}-understood`;
  const messageId = `${id}-message`;
  const name = options.name ?? options.label;
  const input = h("input", {
    id,
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
    class: "ap-input",
    value: kind.show(options.value),
    "data-field": options.key,
    "data-kind": kind.name,
    "aria-describedby": [hintId, readoutId, messageId].filter(Boolean).join(" "),
  });
  const readout = h("span", { id: readoutId, class: kind.name === "rate" ? "ap-readout ap-readout-kept" : "ap-readout" });
  const message = h("div", { id: messageId, class: "ap-field-message", "aria-live": "polite" });
  const element = h(
    "div",
    { class: options.compact ? "ap-field ap-field-compact" : "ap-field" },
    h("label", { for: id, class: "ap-label" }, options.label),
    options.hint ? h("div", { id: hintId, class: "ap-hint" }, options.hint) : null,
    h("div", { class: "ap-input-wrap" }, input, readout),
    message,
  );
  const listeners = new Set<(r: FieldReading) => void>();
  let flagged: string | null = null;

  function evaluate(): FieldReading {
    const text = input.value;
    const r = kind.parse(text);
    let reading: FieldReading;
    if (!r.ok) reading = { ok: false, problem: `${name}: ${r.problem}` };
    else if (flagged) reading = { ok: false, problem: flagged };
    else reading = r.warning ? { ok: true, value: r.value, warning: `${name}: ${r.warning}` } : { ok: true, value: r.value };
    readout.textContent = r.ok && kind.readout(text, r) ? `= ${r.understood}` : "";
    if (!reading.ok) {
      input.setAttribute("aria-invalid", "true");
      show(reading.problem, "error");
    } else {
      input.removeAttribute("aria-invalid");
      show(reading.warning ?? "", reading.warning ? "warning" : "");
    }
    return reading;
  }

  function show(text: string, tone: "error" | "warning" | ""): void {
    if (message.textContent !== text) message.textContent = text;
    message.className = tone ? `ap-field-message ap-field-${tone}` : "ap-field-message";
  }

  input.addEventListener("input", () => {
    const reading = evaluate();
    for (const l of listeners) l(reading);
  });
  evaluate();

  return {
    element,
    input,
    read: evaluate,
    set(value: number) {
      input.value = kind.show(value);
      evaluate();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flag(problem) {
      if (flagged === problem) return;
      flagged = problem;
      evaluate();
    },
  };
}

/** A rate or share from 0% to 100%: 90, 90% and 0.9 are all 90%; the value is a fraction. */
export function rateField(options: FieldOptions & RateOptions): Field {
  return createField({ name: "rate", parse: (t) => parseRate(t, options), show: formatPercent, readout: () => true }, options);
}

/** Conversations per month: 1 or more, thousands separators welcome. */
export function countField(options: FieldOptions): Field {
  return createField({ name: "count", parse: parseCount, show: (v) => formatNumber(v), readout: whenWrittenOddly }, options);
}

/** Tokens per conversation: 0 or more. */
export function tokensField(options: FieldOptions): Field {
  return createField({ name: "tokens", parse: parseTokens, show: (v) => formatNumber(v), readout: whenWrittenOddly }, options);
}

/** An amount of money, 0 or more, with or without a currency symbol. */
export function moneyField(options: FieldOptions): Field {
  const show = (v: number) => v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4, useGrouping: false });
  return createField({ name: "money", parse: parseMoney, show, readout: whenWrittenOddly }, options);
}

/** A plain number, bounded as asked (0 or more by default). */
export function numberField(options: FieldOptions & NumberOptions): Field {
  return createField({ name: "number", parse: (t) => parseNumberInput(t, options), show: (v) => formatNumber(v), readout: whenWrittenOddly }, options);
}
