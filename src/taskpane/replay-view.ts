/**
 * The pilot replay in the task pane (loaded when the analyst picks a file): the file's columns mapped,
 * the buyer's definition, the rows read in a Web Worker (progress, Cancel, unreadable rows listed), then
 * the Pilot replay sheet or the risk view filled. The steps: docs/modules.md#the-pilot-replay-in-the-pane.
 * UI only: plain DOM, text as text (headers and values from the file included).
 */
import { checkDefinition, DEFAULT_CSAT_THRESHOLD, DEFAULT_BUYER_WINDOW_DAYS, MAX_WINDOW_DAYS, type BuyerDefinition, type HistoryAggregate } from "../replay/monthly-aggregation";
import { CanonicalColumn, ColumnMapping, COLUMNS, mappingByName } from "../replay/columns";
import type { ReplayReport, RowsSummary } from "../replay/replay";
import { buildReplaySheet, ReplayLayout } from "../workbook/replay-sheet";
import { h, newId } from "./dom";
import { numberField } from "./fields";
import { capital, errorWords, messageArea, plural } from "./messages";
import { HeaderAnswer, HistoryWorker, ReadingCancelled } from "./replay-client";
import type { ReplayHost } from "./replay-entry";
import { estimatesFromHistory } from "./replay-fill";
import { checkMapping, Progress } from "./replay-reading";

export interface ReplayView {
  open(file: File): void;
}

/** What was read, with what (a result is for that mapping and definition only). */
interface Reading {
  file: string;
  history: HistoryAggregate;
  rows: RowsSummary;
  columns: Record<CanonicalColumn, string | null>;
  definition: BuyerDefinition;
  tokens: boolean;
}

const NONE = "none";
const UNSET = "";

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-US")} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;
}

const shownValue = (v: string) => (v === "" ? "blank" : `“${v}”`);

/** The view's elements: the file, the mapping, the definition, reading, the result and its actions. */
function replayPane() {
  const fileLine = h("p", { class: "ap-replay-file", "data-role": "history-name" });
  const status = messageArea("Reading the history");
  const mappingBox = h("fieldset", { class: "ap-fieldset ap-mapping", "data-role": "mapping", hidden: true });
  const windowDays = numberField({
    key: "window-days",
    label: "Reopen window D (days)",
    hint: "A resolution reopened within this many days does not count as one by your definition.",
    value: DEFAULT_BUYER_WINDOW_DAYS,
    min: 0,
    max: MAX_WINDOW_DAYS,
    integer: true,
    example: "7",
  });
  const threshold = numberField({
    key: "csat-threshold",
    label: "CSAT threshold T",
    hint: "A rated conversation counts only with CSAT at or above this, on your survey's own scale (4 on a 1 to 5 survey). Unrated ones are not held against the vendor.",
    value: DEFAULT_CSAT_THRESHOLD,
    min: 0,
    max: 100,
    example: "4",
  });
  const definitionBox = h(
    "fieldset",
    { class: "ap-fieldset", "data-role": "definition", hidden: true },
    h("legend", { class: "ap-label" }, "Your definition of a resolution"),
    h("div", { class: "ap-hint" }, "Resolved by the AI (ai_resolved), not reopened within D days, and CSAT at least T where rated. The vendor's definition is ai_resolved alone."),
    windowDays.element,
    threshold.element,
  );
  const readButton = h("button", { type: "button", class: "ap-button ap-button-primary", "data-action": "read-history" }, "Read the history");
  const cancelButton = h("button", { type: "button", class: "ap-button ap-button-subtle", "data-action": "cancel-reading", hidden: true }, "Cancel");
  const progressId = newId("progress");
  const bar = h("progress", { class: "ap-progress", id: progressId, max: 1, value: 0, "aria-label": "Reading the history" });
  const progressText = h("div", { class: "ap-hint", "data-role": "progress-text", "aria-live": "off" });
  const progressBox = h("div", { class: "ap-progress-box", "data-role": "progress", hidden: true }, bar, progressText);
  const readRow = h("div", { class: "ap-row", hidden: true }, readButton, cancelButton);
  const resultBox = h("div", { class: "ap-replay-result", "data-role": "history-result" });
  const buildButton = h("button", { type: "button", class: "ap-button ap-button-primary ap-button-wide", "data-action": "build-replay" }, "Build the Pilot replay sheet");
  const fillButton = h("button", { type: "button", class: "ap-button ap-button-wide", "data-action": "fill-risk" }, "Fill the risk view from this history");
  const buildStatus = messageArea("Replay result");
  const fillStatus = messageArea("Risk view estimates");
  const actions = h(
    "div",
    { class: "ap-replay-actions", "data-role": "replay-actions", hidden: true },
    h("p", { class: "ap-hint" }, "Prices the history under the bids chosen in step 2 on a new sheet; your own sheets are never changed."),
    buildButton,
    buildStatus.element,
    h("p", { class: "ap-hint" }, "Puts the history's spread (its P10, median and P90 month) in step 1's estimates: conversations, resolution rate and tokens per conversation."),
    fillButton,
    fillStatus.element,
  );
  const elements = [fileLine, status.element, mappingBox, definitionBox, readRow, progressBox, resultBox, actions];
  return {
    elements,
    fileLine,
    status,
    mappingBox,
    windowDays,
    threshold,
    definitionBox,
    readButton,
    cancelButton,
    bar,
    progressText,
    progressBox,
    readRow,
    resultBox,
    buildButton,
    fillButton,
    buildStatus,
    fillStatus,
    actions,
    selects: new Map<CanonicalColumn, HTMLSelectElement>(),
  };
}

type ReplayPane = ReturnType<typeof replayPane>;

export function createReplayView(root: HTMLElement, host: ReplayHost): ReplayView {
  const worker = new HistoryWorker();
  let file: File | null = null;
  let header: HeaderAnswer | null = null;
  let reading: Reading | null = null;
  const ui = replayPane();
  root.replaceChildren(...ui.elements);

  ui.readButton.addEventListener("click", () => void readRows());
  ui.cancelButton.addEventListener("click", () => worker.cancel());
  ui.buildButton.addEventListener("click", () => void (reading && buildFromHistory(ui, host, reading)));
  ui.fillButton.addEventListener("click", () => reading && fillFromHistory(ui, host, reading));
  for (const f of [ui.windowDays, ui.threshold]) f.onChange(() => stale());

  /** Anything the result was read with changed: it must be read again. */
  function stale(): void {
    if (!reading) return;
    reading = null;
    ui.actions.hidden = true;
    ui.resultBox.replaceChildren(h("p", { class: "ap-message ap-message-info" }, "The columns or the definition changed: read the history again to apply them."));
  }

  function open(picked: File): void {
    file = picked;
    header = null;
    reading = null;
    resetPane(ui, picked);
    worker.open(picked).then(
      (answer) => {
        if (file !== picked) return;
        header = answer;
        ui.status.clear();
        showMapping(ui, answer, stale);
      },
      (e: unknown) => {
        if (file !== picked || e instanceof ReadingCancelled) return;
        ui.status.show("error", `${errorWords(e).title} Nothing was read.`);
      },
    );
  }

  async function readRows(): Promise<void> {
    if (!file || !header) return;
    ui.buildStatus.clear();
    ui.fillStatus.clear();
    const mapping = chosenMapping(ui.selects);
    const asked = readRequest(ui, mapping, header);
    if ("problems" in asked) {
      ui.resultBox.replaceChildren(errorBox("Nothing was read: please fix this first.", asked.problems));
      return;
    }
    const { definition } = asked;
    const picked = file;
    ui.resultBox.replaceChildren();
    ui.actions.hidden = true;
    setReading(ui, true);
    try {
      const answer = await worker.rows(picked, mapping, definition, (p) => showProgress(ui, p));
      if (file !== picked) return;
      reading = { file: picked.name, history: answer.history, rows: answer.rows, columns: mappingByName(mapping, header.headers), definition, tokens: mapping.input_tokens !== null && mapping.output_tokens !== null };
      showResult(ui, reading, answer.ms);
    } catch (e) {
      if (file !== picked) return;
      if (e instanceof ReadingCancelled) ui.resultBox.replaceChildren(infoBox("Reading cancelled: nothing was replayed. Read the history again when you are ready."));
      else ui.resultBox.replaceChildren(errorBox(`${errorWords(e).title} Nothing was replayed.`));
    } finally {
      if (file === picked) setReading(ui, false);
    }
  }

  return { open };
}

/** A new file: everything read from the last one is gone. */
function resetPane(ui: ReplayPane, picked: File): void {
  ui.actions.hidden = true;
  ui.mappingBox.hidden = true;
  ui.definitionBox.hidden = true;
  ui.readRow.hidden = true;
  ui.resultBox.replaceChildren();
  ui.buildStatus.clear();
  ui.fillStatus.clear();
  setReading(ui, false);
  ui.fileLine.textContent = `${picked.name} (${size(picked.size)})`;
  ui.status.show("info", "Reading its header…");
}

function setReading(ui: ReplayPane, on: boolean): void {
  ui.readButton.disabled = on;
  ui.readButton.textContent = on ? "Reading…" : "Read the history";
  ui.cancelButton.hidden = !on;
  ui.progressBox.hidden = !on;
  for (const s of ui.selects.values()) s.disabled = on;
  ui.windowDays.input.disabled = on;
  ui.threshold.input.disabled = on;
  if (on) {
    ui.bar.value = 0;
    ui.progressText.textContent = "Starting…";
  }
}

function showMapping(ui: ReplayPane, answer: HeaderAnswer, stale: () => void): void {
  const { selects, mappingBox } = ui;
  selects.clear();
  const counts = new Map<string, number>();
  for (const hd of answer.headers) counts.set(hd, (counts.get(hd) ?? 0) + 1);
  const optionText = (hd: string, i: number) => {
    const name = hd === "" ? `(column ${i + 1}, no header)` : hd.length > 60 ? `${hd.slice(0, 60)}…` : hd;
    return (counts.get(hd) ?? 0) > 1 ? `${name} (column ${i + 1})` : name;
  };
  const rows = COLUMNS.map((c) => {
    const id = newId(`column-${c.name}`);
    const proposed = answer.proposal.mapping[c.name];
    const select = h(
      "select",
      { id, class: "ap-select", "data-column": c.name, "aria-describedby": `${id}-hint` },
      c.required && proposed === null ? h("option", { value: UNSET }, "Choose the file's column…") : null,
      ...answer.headers.map((hd, i) => h("option", { value: String(i) }, optionText(hd, i))),
      c.required ? null : h("option", { value: NONE }, "not in the file"),
    );
    select.value = proposed === null ? (c.required ? UNSET : NONE) : String(proposed);
    const meaning = h("div", { class: "ap-hint", id: `${id}-hint` });
    const describe = () => {
      meaning.textContent = select.value === NONE && c.whenMissing ? `Not in the file: ${c.whenMissing}.` : capital(c.description);
      select.toggleAttribute("aria-invalid", c.required && select.value === UNSET);
    };
    describe();
    select.addEventListener("change", () => {
      describe();
      stale();
    });
    selects.set(c.name, select);
    return h("div", { class: "ap-mapping-row" }, h("label", { for: id, class: "ap-label" }, h("span", { class: "ap-path" }, c.name), c.required ? h("span", { class: "ap-badge ap-badge-required" }, "required") : null), select, meaning);
  });
  const format = answer.format.toUpperCase();
  mappingBox.replaceChildren(
    h("legend", { class: "ap-label" }, "Columns"),
    h(
      "div",
      { class: "ap-hint" },
      answer.proposal.message
        ? `This ${format} file has ${plural(answer.headers.length, "column")}. Some columns the replay needs were not recognized by their header: choose them below.`
        : `This ${format} file has ${plural(answer.headers.length, "column")}. Each column of the replay is read from the file's column chosen here; change any that is wrong.`,
    ),
    ...rows,
  );
  mappingBox.hidden = false;
  ui.definitionBox.hidden = false;
  ui.readRow.hidden = false;
}

function chosenMapping(selects: Map<CanonicalColumn, HTMLSelectElement>): ColumnMapping {
  const mapping = {} as ColumnMapping;
  for (const c of COLUMNS) {
    const v = selects.get(c.name)?.value ?? NONE;
    mapping[c.name] = v === NONE || v === UNSET ? null : Number(v);
  }
  return mapping;
}

function showProgress(ui: ReplayPane, p: Progress): void {
  const { bar, progressText } = ui;
  bar.max = Math.max(1, p.total);
  bar.value = p.done;
  const share = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
  progressText.textContent = p.unit === "bytes" ? `${size(p.done)} of ${size(p.total)} read (${share}%): ${plural(p.rows, "row")} so far` : `${plural(p.done, "row")} of ${p.total.toLocaleString("en-US")} read (${share}%)`;
}

function infoBox(title: string): HTMLElement {
  const m = messageArea("History read");
  m.show("info", title);
  return m.element;
}

function errorBox(title: string, items: string[] = []): HTMLElement {
  const m = messageArea("History read");
  m.show("error", title, items);
  return m.element;
}

function showResult(ui: ReplayPane, r: Reading, ms: number): void {
  const { resultBox } = ui;
  const months = r.history.months;
  const seconds = (ms / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 });
  if (r.rows.read === 0) {
    resultBox.replaceChildren(
      errorBox(
        `No conversation could be read: ${plural(r.rows.skipped, "row")} could not be read. Check the columns chosen above.`,
        r.rows.reasons.map((x) => `${plural(x.count, "row")}: ${x.reason}`),
      ),
    );
    return;
  }
  const summary = messageArea("History read");
  summary.show("success", `Read ${plural(r.rows.read, "conversation")} over ${plural(months.length, "month")} (${months[0].month} to ${months[months.length - 1].month}, UTC) in ${seconds} s.${r.rows.skipped ? "" : " Every row was read."}`);
  const parts: Node[] = [summary.element];
  if (r.rows.skipped) {
    const problems = messageArea("Rows that could not be read");
    problems.show(
      "warning",
      `${plural(r.rows.skipped, "row")} could not be read: ${r.rows.skipped === 1 ? "it is" : "they are"} left out of every figure, counted here and listed on the sheet.`,
      r.rows.reasons.map((x) => `${plural(x.count, "row")}: ${x.reason}`),
    );
    const shown = r.rows.problems.slice(0, 20);
    const list = h(
      "details",
      { class: "ap-details", "data-role": "bad-rows" },
      h("summary", {}, r.rows.skipped > shown.length ? `The first ${shown.length} of them, by row number` : "Each of them, by row number"),
      h("ul", { class: "ap-problems" }, ...shown.map((p) => h("li", {}, h("strong", {}, `Row ${p.row.toLocaleString("en-US")}`), `: ${p.reason}${p.column === null ? ` (${p.value})` : `: ${shownValue(p.value)}`}`))),
    );
    problems.element.append(list);
    parts.push(problems.element);
  }
  const counts = r.history.counts ?? [];
  if (counts.length) parts.push(h("p", { class: "ap-hint", "data-role": "meter-columns" }, `Meters counted for bids by charges: ${counts.map((k) => k.replace(":", " ")).join(", ")}.`));
  const missing = COLUMNS.filter((c) => !c.required && r.columns[c.name] === null);
  if (missing.length) parts.push(h("p", { class: "ap-hint" }, `Not in the file: ${missing.map((c) => `${c.name} (${c.whenMissing})`).join("; ")}.`));
  resultBox.replaceChildren(...parts);
  ui.actions.hidden = false;
}

async function buildFromHistory(ui: ReplayPane, host: ReplayHost, r: Reading): Promise<void> {
  const { buildStatus, buildButton } = ui;
  buildStatus.clear();
  const templates = host.chosen();
  const s = host.scenario.read();
  const problems: string[] = [];
  if (templates.length === 0) problems.push("Choose at least one bid in step 2 (tick its box): the history is priced under each bid chosen.");
  if (!s.ok) problems.push(...s.problems.map((p) => `Step 1: ${p}`));
  if (problems.length || !s.ok) {
    buildStatus.show("error", "Nothing was built: please fix this first.", problems);
    return;
  }
  buildButton.disabled = true;
  buildButton.textContent = "Building…";
  try {
    const { sheetName, report, layout } = await buildReplaySheet(host.port, {
      file: r.file,
      history: r.history,
      rows: r.rows,
      columns: r.columns,
      templates,
      options: { humanCost: s.scenario.humanCost, qualifyingShare: s.scenario.qualifyingShare },
    });
    await host.onBuilt?.(sheetName);
    const items = builtItems(report, layout);
    buildStatus.show("success", `Built “${sheetName}”: the history priced under ${plural(templates.length, "bid")}, month by month.`, items);
  } catch (e) {
    const { title, items } = errorWords(e);
    buildStatus.show("error", `${title.replace(/\.?$/, ".")} Nothing was changed in the workbook.`, items);
  } finally {
    buildButton.disabled = false;
    buildButton.textContent = "Build the Pilot replay sheet";
  }
}

function builtItems(report: ReplayReport, layout: ReplayLayout): string[] {
  const items: string[] = [];
  const priced = report.bids.map((b, i) => ({ b, name: layout.bids[i].name })).filter(({ b }) => b.total !== null);
  const money = (x: number, currency: string) => {
    try {
      return x.toLocaleString("en-US", { style: "currency", currency, maximumFractionDigits: 0 });
    } catch {
      return `${Math.round(x).toLocaleString("en-US")} ${currency}`;
    }
  };
  if (priced.length) {
    const cheapest = priced.reduce((a, c) => (c.b.total! < a.b.total! ? c : a));
    items.push(`Lowest total over the history: ${cheapest.name}, ${money(cheapest.b.total!, cheapest.b.currency)}.`);
  }
  const first = report.bids[0];
  items.push(`Resolutions: ${first.vendorResolutions.toLocaleString("en-US")} by the vendor's definition, ${first.buyerResolutions.toLocaleString("en-US")} by yours.`);
  for (const { b, name } of priced) if ((b.disputeExposure ?? 0) > 0) items.push(`${name}: dispute exposure ${money(b.disputeExposure!, b.currency)}.`);
  for (const [i, b] of report.bids.entries()) if (b.problem) items.push(`${layout.bids[i].name}: not priced on this history: ${b.problem}.`);
  items.push(...meterItems(report, layout));
  return items;
}

/** For each bid by charges: what was counted from the history, and what was the bid's own figure. */
function meterItems(report: ReplayReport, layout: ReplayLayout): string[] {
  const items: string[] = [];
  for (const [i, b] of report.bids.entries()) {
    if (!b.meters) continue;
    const from = (where: "history" | "bid") => b.meters!.filter((m) => m.from === where).map((m) => `${m.charge} (${m.what})`);
    const counted = from("history");
    const assumed = from("bid");
    const said = [counted.length ? `counted from your history: ${counted.join(", ")}` : "", assumed.length ? `the bid's own figures: ${assumed.join(", ")}` : ""].filter(Boolean);
    items.push(`${layout.bids[i].name}: ${said.join("; ")}.`);
  }
  return items;
}

function fillFromHistory(ui: ReplayPane, host: ReplayHost, r: Reading): void {
  const { fillStatus } = ui;
  fillStatus.clear();
  const s = host.scenario.read();
  if (!s.ok) {
    fillStatus.show("error", "Nothing was filled: step 1 has a problem to fix first.", s.problems);
    return;
  }
  const result = estimatesFromHistory(r.history, s.scenario, r.tokens);
  if ("problem" in result) {
    fillStatus.show("error", result.problem);
    return;
  }
  host.scenario.set(result.scenario);
  fillStatus.show("success", "Filled step 1's estimates from the history. Build the comparison (step 4) to see the risk view with them:", result.said);
}

/** The definition the analyst asked for, or what is wrong with it and the columns chosen. */
function readRequest(ui: ReplayPane, mapping: ColumnMapping, header: HeaderAnswer): { definition: BuyerDefinition } | { problems: string[] } {
  const problems: string[] = [];
  const mappingProblem = checkMapping(mapping, header.headers);
  if (mappingProblem) problems.push(mappingProblem);
  const d = ui.windowDays.read();
  const t = ui.threshold.read();
  if (!d.ok) problems.push(d.problem);
  if (!t.ok) problems.push(t.problem);
  const definition: BuyerDefinition = { windowDays: d.ok ? d.value : DEFAULT_BUYER_WINDOW_DAYS, csatThreshold: t.ok ? t.value : DEFAULT_CSAT_THRESHOLD };
  const definitionProblem = d.ok && t.ok ? checkDefinition(definition) : null;
  if (definitionProblem) problems.push(capital(definitionProblem));
  return problems.length ? { problems } : { definition };
}
