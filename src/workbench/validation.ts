/**
 * The workbench honours the data validation of the sheet's input cells as Excel does
 * (docs/spec.md#one-model-one-answer, "Inputs are guarded where they are typed"): a typed constant that breaks the cell's rule is
 * refused with the stop alert, which names the allowed values, and the cell keeps what it held. A
 * formula, or emptying the cell, is not checked (Excel checks what is typed, not what a formula gives).
 */
import type { EmbeddedWorkbook } from "../workbook/embedded-workbook";
import { breaksRule, ruleAlert } from "../workbook/input-rules";

/**
 * What a typed text is, read as Excel reads it: a number ("150%" is 1.5; "1,000" and "$3" are numbers),
 * "formula", "blank", or "text".
 */
export function typedValue(text: string): number | "formula" | "blank" | "text" {
  const t = text.trim();
  if (t === "") return "blank";
  if (t.startsWith("=")) return "formula";
  if (t.startsWith("'")) return "text";
  const m = /^([+-]?)[$€£¥]?\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?\s*(%?)$/.exec(t);
  if (!m || (m[2].includes(",") && !/^[0-9]{1,3}(,[0-9]{3})*(\.[0-9]*)?$/.test(m[2]))) return "text";
  const x = Number(`${m[1]}${m[2].replace(/,/g, "")}${m[3] !== undefined ? `e${m[3]}` : ""}`);
  return m[4] === "%" ? x / 100 : x;
}

/** Why the workbench refuses `text` typed into the cell (its stop alert), or null when the cell takes it. */
export function refusal(workbook: Pick<EmbeddedWorkbook, "validationAt">, sheet: string, address: string, text: string): string | null {
  const rule = workbook.validationAt(sheet, address);
  if (!rule) return null;
  const v = typedValue(text);
  if (v === "formula" || v === "blank") return null;
  if (v === "text") return ruleAlert(rule);
  return breaksRule(rule, v);
}
