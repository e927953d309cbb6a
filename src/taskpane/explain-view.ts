/**
 * "Explain this cell": the selected cell's AIPRICE functions, each argument as Excel passed it, the
 * result, and the message in the analyst's words (Excel shows the message of #VALUE! and #N/A only;
 * #NUM! and #DIV/0! come bare). The explainer and the functions load when first used. Text only.
 */
import type { CellValue, WorkbookPort } from "../workbook/port";
import type { ArgumentExplanation, CallExplanation, Explanation, ValueSummary } from "../workbook/shareable/explain";
import { h } from "./dom";
import { errorWords, messageArea } from "./messages";

export interface ExplainView {
  element: HTMLElement;
}

/** A value as the pane shows it. */
function shown(v: CellValue | undefined): string {
  if (v === undefined || v === null) return "(blank)";
  if (typeof v === "object") return v.error;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”`;
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? v.toLocaleString("en-US") : String(Number(v.toPrecision(10)));
}

function valueWords(s: ValueSummary, inSpill: boolean): string {
  const plural = (n: number, w: string) => `${n.toLocaleString("en-US")} ${w}${n === 1 ? "" : "s"}`;
  if (s.rows === 1 && s.cols === 1) return shown(s.first[0]);
  const total = s.rows * s.cols;
  const more = total > s.first.length ? ", …" : "";
  const atCell = s.atCell !== undefined && inSpill ? `; at this cell: ${shown(s.atCell)}` : "";
  return `a range of ${plural(s.rows, "row")} × ${plural(s.cols, "column")}: ${s.first.map(shown).join(", ")}${more}${atCell}`;
}

function argumentItem(a: ArgumentExplanation, inSpill: boolean): HTMLElement {
  const name = h("span", { class: "ap-path" }, a.name);
  if (a.text === null) return h("li", {}, name, a.optional ? " (omitted: its default)" : " (omitted)");
  if (a.unknown || !a.value) return h("li", {}, name, " = ", h("code", {}, a.text), `: the pane cannot evaluate it (${a.unknown ?? "unknown"})`);
  const literal = a.value.rows === 1 && a.value.cols === 1 && a.text === shown(a.value.first[0]);
  return h("li", {}, name, " = ", h("code", {}, a.text), literal ? "" : ` → ${valueWords(a.value, inSpill)}`);
}

function callBlock(c: CallExplanation, inSpill: boolean): HTMLElement {
  const result = c.result
    ? `Result: ${valueWords(c.result, inSpill)}${c.result.atCell !== undefined && isError(c.result.atCell) && c.result.atCell.message ? ` (${c.result.atCell.message})` : ""}`
    : `Not evaluated: ${c.unknown ?? "an argument cannot be evaluated in the pane"}.`;
  return h(
    "div",
    { class: "ap-questions-group", "data-role": "explain-call" },
    h("h3", { class: "ap-label" }, `AIPRICE.${c.name}`),
    h("ul", { class: "ap-questions" }, ...c.args.map((a) => argumentItem(a, inSpill))),
    h("p", { class: "ap-hint" }, result),
  );
}

function isError(v: CellValue): v is { error: string; message?: string } {
  return typeof v === "object" && v !== null;
}

export function render(x: Explanation): HTMLElement {
  const inSpill = x.position !== null;
  const where = `${x.sheet}!${x.address}`;
  return h(
    "div",
    // Formulas and ranges are long words: they wrap anywhere rather than widen a 320 px pane.
    { "data-role": "explanation", style: "overflow-wrap: anywhere" },
    h("p", { class: "ap-hint" }, `${where} shows ${shown(x.value)}.`),
    x.formula ? h("p", { class: "ap-hint" }, inSpill ? `Spilled from ${x.formulaCell}: ` : "Formula: ", h("code", { "data-role": "explain-formula" }, x.formula)) : null,
    h("p", { class: "ap-message-title", "data-role": "explain-summary" }, x.summary),
    ...x.calls.map((c) => callBlock(c, inSpill)),
  );
}

export function createExplainView(port: WorkbookPort): ExplainView {
  const button = h("button", { type: "button", class: "ap-button", "data-action": "explain" }, "Explain this cell");
  const status = messageArea("Explanation");
  const out = h("div", { "aria-live": "polite", "aria-label": "Explanation of the selected cell" });
  let running = false;
  button.addEventListener("click", () => void explain());

  async function explain(): Promise<void> {
    if (running) return;
    running = true;
    button.disabled = true;
    status.clear();
    try {
      const selected = await port.selection();
      if (!selected) {
        out.replaceChildren();
        status.show("info", "Select a cell in the workbook first.");
        return;
      }
      const [{ explainCell }, { addinFunctions }, inspection] = await Promise.all([
        import(/* webpackChunkName: "taskpane-explain" */ "../workbook/shareable/explain"),
        import(/* webpackChunkName: "taskpane-explain" */ "../workbook/shareable/explain-functions"),
        port.inspectCell(selected.sheet, selected.address),
      ]);
      const x = await explainCell(inspection, (sheet, range) => port.readValues(sheet, range), addinFunctions);
      out.replaceChildren(render(x));
    } catch (e) {
      out.replaceChildren();
      const { title, items } = errorWords(e);
      status.show("error", items.length ? "Could not explain the cell:" : `Could not explain the cell: ${title}`, items);
    } finally {
      running = false;
      button.disabled = false;
    }
  }

  return {
    element: h(
      "div",
      {},
      h("p", { class: "ap-hint" }, "Select a cell with an AIPRICE function, then ask: each argument as the function received it, the result, and why it is an error (Excel does not say why for #NUM! and #DIV/0!)."),
      button,
      status.element,
      out,
    ),
  };
}
