/**
 * The comparison date (default today) in the scenario form: which dated version of each bid's prices
 * applies, and which prices were read too long before it (stale).
 */
import { isIsoDate, STALE_AFTER_DAYS, todayIso } from "../templates/versions";
import { h } from "./dom";

export interface AsOfField {
  element: HTMLElement;
  /** The date, YYYY-MM-DD; null (the field marked, its problem shown) when it is not a date. */
  read(): string | null;
  /** The problem shown, when read() gave null. */
  problem(): string;
  /** Called with the date whenever the analyst changes it to a valid one. */
  onChange(listener: (asOf: string) => void): void;
}

export function createAsOfField(): AsOfField {
  const id = "ap-as-of";
  const problem = h("div", { class: "ap-field-message", id: `${id}-problem`, "aria-live": "polite" });
  const input = h("input", { type: "date", id, class: "ap-input", value: todayIso(), "data-field": "asOf", "aria-describedby": `${id}-hint ${id}-problem` });
  const listeners: ((asOf: string) => void)[] = [];
  function read(): string | null {
    const v = input.value.trim();
    const ok = isIsoDate(v);
    if (ok) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
    problem.textContent = ok ? "" : "Compare prices as of: give a date, e.g. 2026-05-18.";
    return ok ? v : null;
  }
  input.addEventListener("change", () => {
    const v = read();
    if (v) for (const l of listeners) l(v);
  });
  const element = h(
    "div",
    { class: "ap-field" },
    h("label", { for: id, class: "ap-label" }, "Compare prices as of"),
    h("div", { class: "ap-hint", id: `${id}-hint` }, `Each bid is priced at its prices in effect that day; prices read more than ${STALE_AFTER_DAYS} days before it are marked stale.`),
    input,
    problem,
  );
  return { element, read, problem: () => problem.textContent ?? "", onChange: (l) => void listeners.push(l) };
}
