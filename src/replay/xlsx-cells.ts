/**
 * An XLSX cell's value as ExcelJS gives it (in Node's streaming reader and in the browser's workbook
 * reader alike) turned into a plain cell for the row reader: rich text joined, a formula's result, a
 * link's text, an error as its text. Pure (no Node, no DOM): the CLI and the pane's Web Worker share it.
 */
import type { Cell } from "./rows";

export function xlsxCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    if ("result" in o) return xlsxCell(o.result);
    if ("formula" in o || "sharedFormula" in o) return null;
    if ("text" in o) return xlsxCell(o.text);
    if ("error" in o) return String(o.error);
  }
  return String(v);
}
