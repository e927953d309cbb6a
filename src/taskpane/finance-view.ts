/**
 * The finance view: a finance sheet for the scenario and the chosen bids over a term (how each bid's
 * cost is recognized, the expense schedules of per-resolution and outcome bids, the monthly plan), and
 * the monthly plan as a CSV file in FinOps FOCUS columns. Its own few inputs: the term's months, the
 * monthly growth, the first month and the expected reopen rate. Its figures come from a comparison sheet
 * as it stands (the analyst's edits there included: one set of inputs for sheet and finance) or, before
 * any is built, from the pane's scenario and bids. The planner is loaded when first used.
 * UI only: plain DOM, text as text.
 */
import { nextLocalMonth } from "../engine/today";
import type { BidTemplate } from "../templates/template";
import type { Scenario } from "../engine/bid";
import type { WorkbookPort } from "../workbook/port";
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

/** Where the figures come from: the comparison sheets (a new one chosen), and the pane's scenario and bids last. */
function sourcePicker(): { source: HTMLSelectElement; sourceId: string; setSheets(sheets: readonly string[], select?: string): void } {
  const sourceId = newId("finance-source");
  const source = h("select", { id: sourceId, class: "ap-select", "data-role": "finance-source" });
  // The analyst chose the pane's scenario over the sheets: kept until they choose a sheet again.
  let panePicked = false;
  source.addEventListener("change", () => (panePicked = source.value === FROM_PANE));
  function setSheets(sheets: readonly string[], select?: string): void {
    const was = source.value;
    listSheets(source, sheets, select);
    if (!sheets.length) source.replaceChildren();
    source.append(h("option", { value: FROM_PANE }, "The pane's scenario and chosen bids"));
    if (select !== undefined && sheets.includes(select)) panePicked = false;
    source.value = panePicked ? FROM_PANE : sheets.includes(select ?? was) ? (select ?? was) : (sheets[0] ?? FROM_PANE);
  }
  setSheets([]);
  return { source, sourceId, setSheets };
}

export function createFinanceView(port: WorkbookPort, options: FinanceViewOptions): FinanceView {
  const months = numberField({ key: "term-months", label: "Term (months)", value: 12, min: 1, max: 60, integer: true, example: "36", compact: true });
  const growth = rateField({ key: "term-growth", label: "Growth / month", name: "Growth of conversations per month", value: 0, plausibleFrom: 0, compact: true });
  const reopen = rateField({ key: "reopen-rate", label: "Reopen rate", name: "Expected reopen rate", value: 0.05, plausibleFrom: 0, compact: true });
  const fields: Field[] = [months, growth, reopen];
  const startId = newId("first-month");
  const startHintId = `${startId}-hint`;
  const start = h("input", { id: startId, type: "month", class: "ap-input", value: nextLocalMonth(), "data-field": "first-month", "aria-describedby": startHintId });
  const sheetButton = h("button", { type: "button", class: "ap-button", "data-action": "finance-sheet" }, "Build finance sheet");
  const csvButton = h("button", { type: "button", class: "ap-button", "data-action": "finance-csv" }, "Download monthly plan (.csv)");
  const status = messageArea("Finance result");
  const { source, sourceId, setSheets } = sourcePicker();
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

  /** The request with the figures of the chosen comparison sheet as it stands, when one is chosen. */
  async function fromSource(req: NonNullable<ReturnType<typeof read>>, p: Awaited<ReturnType<typeof planner>>): Promise<{ request: typeof req; from: string }> {
    const sheet = source.value;
    if (sheet === FROM_PANE) return { request: req, from: "the pane's scenario and bids" };
    const now = await p.comparisonAsItStands(port, sheet);
    const months = now.term.months ?? req.term.months;
    return { request: { ...req, scenario: now.scenario, templates: now.templates, term: { ...now.term, months, growth: now.term.growth ?? req.term.growth } }, from: `sheet “${sheet}” as it stands` };
  }

  async function run(what: "sheet" | "csv"): Promise<void> {
    if (busy) return;
    const pane = read();
    if (!pane) return;
    setBusy(true);
    try {
      const p = await planner();
      const { request: req, from } = await fromSource(pane, p);
      if (what === "sheet") {
        const { sheetName, schedules } = await p.buildFinanceSheet(port, req);
        await options.onBuilt(sheetName);
        status.show("success", `Built the finance view on sheet “${sheetName}” from ${from}: ${plural(req.templates.length, "bid")}, ${req.scenario.conversations.toLocaleString("en-US")} conversations in month 1, ${req.term.months} months, ${plural(schedules, "expense schedule")}.`);
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
    readTerm: () => readTerm(months, growth),
    setSheets,
    setTerm: (values) => setTerm(months, growth, values),
    element: h(
      "div",
      { "data-role": "finance" },
      h("p", { class: "ap-hint" }, "For finance: how each bid's cost is recognized and booked, the expense schedules of per-resolution and outcome bids, and the monthly plan over the term (1 to 60 months; conversations growing each month; the reopen rate the accruals expect). The term set here also goes into Build and Update of the comparison."),
      h("div", { class: "ap-field" }, h("label", { for: sourceId, class: "ap-label" }, "Figures from"), h("div", { class: "ap-hint" }, "A comparison sheet as it stands (your edits there included; its term too), or the pane's scenario and bids."), source),
      h("div", { class: "ap-token-grid" }, months.element, growth.element, reopen.element),
      h("div", { class: "ap-field" }, h("label", { for: startId, class: "ap-label" }, "First month"), h("div", { class: "ap-hint", id: startHintId }, "The contract's first month: the plan's dates."), start),
      h("div", { class: "ap-row" }, sheetButton, csvButton),
      status.element,
    ),
    setBusy,
  };
}

/** The term set in the Finance step (months, growth), for Build and Update too. */
function readTerm(months: Field, growth: Field): ReturnType<FinanceView["readTerm"]> {
  const m = months.read();
  const g = growth.read();
  const problems = [m, g].flatMap((v) => (v.ok ? [] : [v.problem]));
  if (!m.ok || !g.ok) return { ok: false, problems };
  return { ok: true, term: { months: m.value, growth: g.value } };
}

function setTerm(months: Field, growth: Field, values: ReadonlyMap<string, number>): void {
  const m = values.get("term.months");
  const g = values.get("term.growth");
  if (m !== undefined) months.set(m);
  if (g !== undefined) growth.set(g);
}
