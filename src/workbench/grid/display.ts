/** What a cell shows in the grid, as Excel shows it: its text, a tooltip, its kind and a format's colour. */
import type { CellDisplay } from "../../workbook/embedded-workbook";
import { isCellError } from "../../workbook/port";
import { formatValue } from "../number-format";
import { cellFont, textWidth } from "./metrics";

export interface ShownText {
  text: string;
  title?: string;
  kind: string;
  color?: string;
}

/**
 * What a cell shows, as Excel shows it in a column `room` pixels wide: General numbers get as many
 * digits as fit; a formatted number that does not fit shows ####; text runs on (or is cut).
 */
export function displayText(view: CellDisplay, room: number): ShownText {
  const v = view.value;
  if (isCellError(v)) return { text: v.error, title: v.message ? `${v.error} ${v.message}` : v.error, kind: "error" };
  if (v === null) return { text: "", kind: "empty" };
  const code = view.numberFormat ?? undefined;
  if (typeof v !== "number") {
    const f = formatValue(v, code);
    return { text: f.text, kind: typeof v, color: f.color };
  }
  const font = cellFont(view);
  const f = formatValue(v, code, Math.floor(room / textWidth("0", font)));
  if (textWidth(f.text, font) <= room) return { text: f.text, kind: "number", color: f.color };
  return { text: "#".repeat(Math.max(1, Math.floor(room / textWidth("#", font)))), kind: "number" };
}
