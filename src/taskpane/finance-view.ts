/**
 * The finance view: a finance sheet for the scenario and the chosen bids over a term (how each bid's cost
 * is recognized, the expense schedules of per-resolution and outcome bids, the monthly plan), and the
 * monthly plan as a CSV file in FinOps FOCUS columns. More: docs/modules.md#taskpane-finance-view.
 */
import { nextLocalMonth } from "../engine/today";
import type { BidTemplate } from "../templates/template";
import type { Scenario } from "../engine/bid";
import type { WorkbookPort } from "../workbook/port";
import type { FinanceRequest } from "../workbook/finance/plan";
import { h, listSheets, newId } from "./dom";
import { Field, numberField, rateField } from "./fields";
import { errorWords, messageArea, plural } from "./messages";

export interface FinanceView {
  element: HTMLElement;
  setBusy(busy: boolean): void;
  /** The add-in's comparison sheets, the finance sheet's figures taken from the one chosen. */
  setSheets(sheets: readonly string[], select?: string): void;
  /** The term set here (months, growth), for Build and Update too: one set of inputs for pane and sheet. */
  readTerm(): { ok: true; term: { months: number; growth: number } } | { ok: false; problems: string[] };
  /** Sets the term's fields from these request fields ("term.months", "term.growth"); others are left alone. */
  setTerm(values: ReadonlyMap<string, number>): void;
}

export interface FinanceViewOptions {
  /** The scenario and the chosen bids, checked; the problems in the analyst's words otherwise. */
  readRequest(): { ok: true; request: { scenario: Scenario; templates: BidTemplate[] } } | { ok: false; problems: string[] };
  download(fileName: string, text: string): void;
  onBuilt(sheetName: string): void | Promise<void>;
}

/** The finance planner, in the builder's chunk (loaded on demand). */
const planner = () => import(/* webpackChunkName: "taskpane-builder" */ "../workbook/finance/pane");

/** The source of the finance figures that is no sheet: the pane's own scenario and bids. */
const FROM_PANE = "";

/** What the finance view makes its figures from: the pane's inputs, the term, the first month, the reopen rate. */
type FinanceInputs = FinanceRequest & { term: { months: number; growth: number } };

/**
 * The request with the figures of the chosen comparison sheet as it stands, when one is chosen. For the
 * finance sheet (`linked`), its figures are then formulas of that sheet's cells, when it can be located
 * (a sheet of an earlier release: values, and the reason in `values`).
 */
async function fromSource(port: WorkbookPort, sheet: string, req: FinanceInputs, p: Awaited<ReturnType<typeof planner>>, linked = false): Promise<{ request: FinanceInputs; from: string; values?: string }> {
  if (sheet === FROM_PANE) return { request: req, from: "the pane's scenario and bids" };
  const now = await p.comparisonAsItStands(port, sheet);
  const months = now.term.months ?? req.term.months;
  const request = { ...req, scenario: now.scenario, templates: now.templates, term: { ...now.term, months, growth: now.term.growth ?? req.term.growth } };
  const from = `sheet “${sheet}” as it stands`;
  if (!linked) return { request, from };
  const found = await p.comparisonLinks(port, sheet);
  return "links" in found ? { request: { ...request, links: found.links }, from } : { request, from, values: found.why };
}

/** Where the finance figures come from: a comparison sheet as it stands, or the pane's scenario and bids. */
function figuresSource(): { element: HTMLElement; select: HTMLSelectElement; setSheets(sheets: readonly string[], select?: string): void } {
  const id = newId("finance-source");
  const select = h("select", { id, class: "ap-select", "data-role": "finance-source" });
  // The analyst chose the pane's scenario over the sheets: kept until they choose a sheet again.
  let panePicked = false;
  select.addEventListener("change", () => (panePicked = select.value === FROM_PANE));
  /** The comparison sheets as sources (a new one chosen), and the pane's scenario and bids last. */
  function setSheets(sheets: readonly string[], choose?: string): void {
    const was = select.value;
    listSheets(select, sheets, choose);
    if (!sheets.length) select.replaceChildren();
    select.append(h("option", { value: FROM_PANE }, "The pane's scenario and chosen bids"));
    if (choose !== undefined && sheets.includes(choose)) panePicked = false;
    select.value = panePicked ? FROM_PANE : sheets.includes(choose ?? was) ? (choose ?? was) : (sheets[0] ?? FROM_PANE);
  }
  setSheets([]);
  const hint = "A comparison sheet as it stands (your edits there included; its term too): the finance sheet's figures are then formulas of it, and follow your edits there. Or the pane's scenario and bids.";
  const element = h("div", { class: "ap-field" }, h("label", { for: id, class: "ap-label" }, "Figures from"), h("div", { class: "ap-hint" }, hint), select);
  return { element, select, setSheets };
}

/** The term's months and growth (Build and Update take them too), read and set as one. */
function termFields() {
  const months = numberField({ key: "term-months", label: "Term (months)", value: 12, min: 1, max: 60, integer: true, example: "36", compact: true });
  const growth = rateField({ key: "term-growth", label: "Growth / month", name: "Growth of conversations per month", value: 0, plausibleFrom: 0, compact: true });
  function readTerm(): ReturnType<FinanceView["readTerm"]> {
    const m = months.read();
    const g = growth.read();
    const problems = [m, g].flatMap((v) => (v.ok ? [] : [v.problem]));
    if (!m.ok || !g.ok) return { ok: false, problems };
    return { ok: true, term: { months: m.value, growth: g.value } };
  }
  function setTerm(values: ReadonlyMap<string, number>): void {
    const m = values.get("term.months");
    const g = values.get("term.growth");
    if (m !== undefined) months.set(m);
    if (g !== undefined) growth.set(g);
  }
  return { months, growth, readTerm, setTerm };
}

export function createFinanceView(port: WorkbookPort, options: FinanceViewOptions): FinanceView {
  const { months, growth, readTerm, setTerm } = termFields();
  const reopen = rateField({ key: "reopen-rate", label: "Reopen rate", name: "Expected reopen rate", value: 0.05, plausibleFrom: 0, compact: true });
  const fields: Field[] = [months, growth, reopen];
  const startId = newId("first-month");
  const startHintId = `${startId}-hint`;
  const start = h("input", { id: startId, type: "month", class: "ap-input", value: nextLocalMonth(), "data-field": "first-month", "aria-describedby": startHintId });
  const sheetButton = h("button", { type: "button", class: "ap-button", "data-action": "finance-sheet" }, "Build finance sheet");
  const csvButton = h("button", { type: "button", class: "ap-button", "data-action": "finance-csv" }, "Download monthly plan (.csv)");
  const status = messageArea("Finance result");
  const source = figuresSource();
  const setSheets = source.setSheets;
  let busy = false;

  function read() {
    status.clear();
    const problems: string[] = [];
    const values = fields.map((f) => f.read());
    for (const v of values) if (!v.ok) problems.push(v.problem);
    const first = start.value.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(first)) problems.push("First month: choose the contract's first month (e.g. 2027-01).");
    const r = options.readRequest();
    if (!r.ok) problems.push(...r.problems);
    if (problems.length || !r.ok || values.some((v) => !v.ok)) {
      status.show("error", "Please fix this first; nothing was made:", problems);
      return null;
    }
    const [m, g, e] = values.map((v) => (v.ok ? v.value : 0));
    return { ...r.request, term: { months: m, growth: g }, start: first, reopenRate: e };
  }

  async function run(what: "sheet" | "csv"): Promise<void> {
    if (busy) return;
    const pane = read();
    if (!pane) return;
    setBusy(true);
    try {
      const p = await planner();
      const { request: req, from, values } = await fromSource(port, source.select.value, pane, p, what === "sheet");
      if (what === "sheet") {
        const { sheetName, schedules } = await p.buildFinanceSheet(port, req);
        await options.onBuilt(sheetName);
        const live = req.links ? ` Its figures are formulas of “${req.links.comparison}”: they follow your edits there.` : values ? ` Its figures are values: ${values}.` : "";
        status.show(
          "success",
          `Built the finance view on sheet “${sheetName}” from ${from}: ${plural(req.templates.length, "bid")}, ${req.scenario.conversations.toLocaleString("en-US")} conversations in month 1, ${req.term.months} months, ${plural(schedules, "expense schedule")}.${live}`,
        );
      } else {
        const { fileName, text, rows } = p.financeCsv(req);
        options.download(fileName, text);
        status.show("success", `Saved ${fileName} from ${from}: ${plural(rows, "row")}, one per bid and month, in FinOps FOCUS columns.`);
      }
    } catch (e) {
      const { title, items } = errorWords(e);
      status.show("error", items.length ? "Nothing was made:" : `${title.replace(/\.$/, "")}. Nothing was made.`, items);
    } finally {
      setBusy(false);
    }
  }
  sheetButton.addEventListener("click", () => void run("sheet"));
  csvButton.addEventListener("click", () => void run("csv"));

  function setBusy(on: boolean): void {
    busy = on;
    sheetButton.disabled = on;
    csvButton.disabled = on;
  }

  return {
    readTerm,
    setSheets,
    setTerm,
    element: h(
      "div",
      { "data-role": "finance" },
      h(
        "p",
        { class: "ap-hint" },
        "For finance: how each bid's cost is recognized and booked, the expense schedules of per-resolution and outcome bids, and the monthly plan over the term (1 to 60 months; conversations growing each month; the reopen rate the accruals expect). The term set here also goes into Build and Update of the comparison.",
      ),
      source.element,
      h("div", { class: "ap-token-grid" }, months.element, growth.element, reopen.element),
      h("div", { class: "ap-field" }, h("label", { for: startId, class: "ap-label" }, "First month"), h("div", { class: "ap-hint", id: startHintId }, "The contract's first month: the plan's dates."), start),
      h("div", { class: "ap-row" }, sheetButton, csvButton),
      status.element,
    ),
    setBusy,
  };
}
