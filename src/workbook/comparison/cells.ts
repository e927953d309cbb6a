/**
 * The cells a planner writes, and the number formats of a comparison sheet (in the bids' currency).
 */
import type { PlanCell, StyleName } from "../sheet-plan";

function currencyPrefix(currency: string): string {
  const symbols: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const s = symbols[currency.toUpperCase()];
  if (s) return `"${s}"`;
  const safe = currency
    .replace(/[^A-Za-z]/g, "")
    .slice(0, 5)
    .toUpperCase();
  return safe ? `"${safe} "` : "";
}

export interface Formats {
  /** Money per conversation or per resolution, e.g. $0.5111. */
  perUnit: string;
  price: string;
  monthly: string;
  rate: string;
  count: string;
  tokens: string;
  months: string;
  plain: string;
  /** A share shown whole, e.g. 35% (chances, rates on a chart). */
  share: string;
}

export function formatsFor(currency: string): Formats {
  const c = currencyPrefix(currency);
  return {
    perUnit: `${c}#,##0.0000`,
    price: `${c}#,##0.00##`,
    monthly: `${c}#,##0`,
    rate: "0.0%",
    count: "#,##0",
    tokens: "#,##0",
    months: "0",
    plain: "General",
    share: "0%",
  };
}

export const text = (value: string, style?: StyleName): PlanCell => ({ kind: "text", value, style });
export const num = (value: number, format: string, style?: StyleName): PlanCell => ({ kind: "number", value, format, style });
export const formula = (f: string, format?: string, style?: StyleName, spill?: { rows: number; cols: number }): PlanCell => ({
  kind: "formula",
  formula: f.startsWith("=") ? f : `=${f}`,
  format,
  style,
  spill,
});
export const flag = (value: boolean, style?: StyleName): PlanCell => ({ kind: "boolean", value, style });
