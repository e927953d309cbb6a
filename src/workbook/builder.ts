/**
 * What the task pane calls: build a comparison sheet, update the add-in's own sheet without losing the
 * analyst's work (look first, then change), list the add-in's own sheets, and read the bids back from a
 * sheet (prices the analyst edited included, marked as edited) for export. Works on any WorkbookPort.
 *
 * A build reads the workbook once (sheet names and which are the add-in's own) and writes once, so it
 * costs the same two round trips for any number of bids. It never touches a sheet that is not the
 * add-in's own.
 */
import { bidFigures, Scenario } from "../engine/bid";
import type { TermSettings } from "../engine/term";
import { isPricingProblem } from "../engine/problems";
import type { BidTemplate, PriceSource, PriceVersion } from "../templates/template";
import { validateTemplate } from "../templates/validate";
import { templateAt, versionAt } from "../templates/versions";
import { bidKeys } from "./comparison/keys";
import { ComparisonMeta, fingerprint, planComparisonInSteps } from "./plan";
import { exportVersionEdit, isVersionInput } from "./comparison/term-versions-export";
import { checkComparisonRequest, ComparisonProblem, ComparisonRequest } from "./comparison/request";
import { cellAddress, rangeAddress } from "./a1";
import { CellContent, CellValue, isCellError, sameSheetName, WorkbookPort } from "./port";
import type { ComparisonLayout, InputKind, PlannedInput } from "./sheet-plan";
import { mapSheet, planUpdate, readNotes, UpdatePreview } from "./update";
import { withCalcSheet } from "./update-calc";
import { readRiskInputs, withSheetRiskValues } from "./sheet-inputs";

export { ComparisonProblem } from "./comparison/request";
export type { ComparisonRequest } from "./comparison/request";
export type { KeptEdit, UpdateConflict, UpdatePreview } from "./update";

/** Today as YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Builds the comparison on a new sheet; returns its name and layout. Throws ComparisonProblem (nothing
 * written). The sheet is planned in steps that give the event loop a turn (planComparisonInSteps: the
 * same plan as planComparison), so that the pane, and the workbench's page, answer meanwhile.
 */
export async function buildComparison(port: WorkbookPort, request: ComparisonRequest): Promise<{ sheetName: string; layout: ComparisonLayout }> {
  // The plan checks the request first (ComparisonProblem, nothing written).
  const sheets = await port.sheets();
  const plan = await planComparisonInSteps(
    request,
    sheets.map((s) => s.name),
  );
  await port.apply(plan);
  return { sheetName: plan.sheetName, layout: plan.layout };
}

/**
 * Looks at the add-in's own sheet and plans its update to the request, changing nothing: what it keeps
 * (inputs the analyst edited), what it cannot keep without asking (conflicts), the bids added and
 * removed. Throws ComparisonProblem when the sheet cannot be updated (then nothing changes either).
 */
export async function prepareUpdate(port: WorkbookPort, sheetName: string, request: ComparisonRequest, date = today()): Promise<UpdatePreview> {
  const problems = checkComparisonRequest(request);
  if (problems.length > 0) throw new ComparisonProblem(problems);
  const sheets = await port.sheets();
  const target = sheets.find((s) => sameSheetName(s.name, sheetName));
  if (!target) throw new ComparisonProblem([`there is no sheet named "${sheetName}" to update; nothing was changed`]);
  if (!target.ownComparison) throw new ComparisonProblem([`"${target.name}" was not built by the add-in, so it is never changed; nothing was changed`]);
  const snapshot = await port.snapshot(target.name);
  if (snapshot.protected) throw new ComparisonProblem([`"${target.name}" is protected: unprotect it (Review > Unprotect Sheet) and update again; nothing was changed`]);
  // A correlation or seed the analyst typed on the sheet stays, and the draws are ordered at it.
  const inEffect = withSheetRiskValues(request, await readRiskInputs(port, target.name, snapshot));
  const preview = planUpdate(
    snapshot,
    inEffect,
    target.name,
    sheets.map((s) => s.name).filter((n) => !sameSheetName(n, target.name)),
    date,
  );
  // The calculation sheet's cells of the analyst's: kept, or listed (./update-calc).
  return withCalcSheet(port, preview, snapshot);
}

/**
 * Carries out an update planned by prepareUpdate (after the analyst confirmed its conflicts, if any).
 * The sheet is looked at again first: if the analyst changed it after the preview (typed in a cell the
 * update would write, moved rows, changed an input), the changes confirmed are no longer the changes
 * that would be made, so nothing is written and the analyst is asked to look again.
 */
export async function applyUpdate(port: WorkbookPort, preview: UpdatePreview): Promise<{ sheetName: string; layout: ComparisonLayout }> {
  const now = await prepareUpdate(port, preview.sheetName, preview.request, preview.date);
  if (JSON.stringify([now.update, now.conflicts, now.kept]) !== JSON.stringify([preview.update, preview.conflicts, preview.kept])) {
    throw new ComparisonProblem([`"${preview.sheetName}" changed after the update was shown to you, so it was not updated; nothing was changed. Update again to see what it would do now.`]);
  }
  await port.update(now.sheetName, now.update);
  return { sheetName: now.sheetName, layout: now.plan.layout };
}

export { comparisonSheets } from "./own-sheets";

function show(v: CellValue): string {
  if (v === null) return "nothing";
  if (isCellError(v)) return v.error;
  return JSON.stringify(v);
}

/** The value at a dotted path in a plain object, or undefined. */
function fieldAt(target: unknown, path: string): unknown {
  let node: unknown = target;
  for (const part of path.split(".")) {
    if (!node || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets a value at a dotted path ("charges.tiers.tiers.0.upTo") in a plain object; the path must exist. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const parts = path.split(".");
  let node: unknown = target;
  for (let k = 0; k < parts.length - 1; k++) {
    if (!node || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[parts[k]];
  }
  if (!node || typeof node !== "object") return false;
  const key = parts[parts.length - 1];
  if (key === "__proto__" || key === "constructor" || key === "prototype") return false;
  (node as Record<string, unknown>)[key] = value;
  return true;
}

function readInput(v: CellValue, kind: InputKind): { value: unknown } | { problem: string } {
  switch (kind) {
    case "number":
    case "number-or-formula":
      return typeof v === "number" && Number.isFinite(v) ? { value: v } : { problem: `must be a number (it holds ${show(v)})` };
    case "number-or-blank":
      if (v === null || v === "") return { value: null };
      return typeof v === "number" && Number.isFinite(v) ? { value: v } : { problem: `must be a number or blank (it holds ${show(v)})` };
    case "boolean":
      return typeof v === "boolean" ? { value: v } : { problem: `must be TRUE or FALSE (it holds ${show(v)})` };
    case "tier-mode": {
      const m = typeof v === "string" ? v.trim().toLowerCase() : "";
      return m === "graduated" || m === "volume" ? { value: m } : { problem: `must be "graduated" or "volume" (it holds ${show(v)})` };
    }
  }
}

/** A field path as the template format writes it in a source ("supplied[0].perConversation"). */
function sourceField(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** An input's value and content as they stand on the sheet now. */
interface ReadInput {
  input: PlannedInput;
  address: string;
  value: CellValue;
  content: CellContent;
  edited: boolean;
}

/**
 * The bids of a comparison sheet as templates, with their inputs as they stand on the sheet now. A
 * price the analyst edited is marked as edited: its sources are replaced by one that says it was
 * edited on the sheet, when (the date the edit was first found), and what was quoted, and the notes
 * say so first. A template with dated versions of its prices keeps every version: the edits go to the
 * version in effect on the sheet's comparison date (its pricing and charges, and its sources). An
 * input the sheet shows with a default the template does not state (a term of 12 months, a cached
 * price that follows the input price) stays unstated unless the analyst edited it. Throws
 * ComparisonProblem listing every cell that does not hold a valid value; the workbook is only read.
 */
export async function exportBids(port: WorkbookPort, sheetName: string, date = today()): Promise<BidTemplate[]> {
  const { meta, read } = await readComparisonInputs(port, sheetName);
  const problems: string[] = [];
  const scenario = scenarioNow(meta, read, problems);
  const asOf = meta.request.asOf ?? date;
  const templates = meta.request.templates.map((original, i) => templateNow(original, i, meta, read, problems, { sheetName, asOf, date }));
  if (problems.length > 0) throw new ComparisonProblem(problems);
  return checkedTemplates(templates, scenario, asOf);
}

/**
 * A comparison's inputs as they stand on its sheet: the scenario, the term's settings and the bids
 * (with the analyst's edits) at the comparison date, for the views built from it (the finance sheet).
 * Throws ComparisonProblem as exportBids does; the workbook is only read.
 */
export async function comparisonAsItStands(port: WorkbookPort, sheetName: string, date = today()): Promise<{ scenario: Scenario; term: Partial<TermSettings>; templates: BidTemplate[]; asOf: string }> {
  const templates = await exportBids(port, sheetName, date);
  const { meta, read } = await readComparisonInputs(port, sheetName);
  const problems: string[] = [];
  const scenario = scenarioNow(meta, read, problems);
  const term: Partial<TermSettings> = { ...(meta.request.term ?? {}) };
  for (const r of read) {
    if (r.input.bid || !r.input.path.startsWith("term.")) continue;
    if (typeof r.value === "number" && Number.isFinite(r.value)) (term as Record<string, unknown>)[r.input.path.slice("term.".length)] = r.value;
    else problems.push(`term cell ${r.address} (${r.input.path.slice("term.".length)}) must be a number (it holds ${show(r.value)})`);
  }
  if (problems.length > 0) throw new ComparisonProblem(problems);
  const asOf = meta.request.asOf ?? date;
  return { scenario, term, templates: templates.map((t) => templateAt(t, asOf)), asOf };
}

/** The add-in's notes of a comparison sheet and each planned input (the bids' too) where it now is, with its value and whether it was edited. */
async function readComparisonInputs(port: WorkbookPort, sheetName: string): Promise<{ meta: ComparisonMeta; read: ReadInput[] }> {
  const snapshot = await port.snapshot(sheetName);
  const meta = readNotes(snapshot, sheetName);
  const map = mapSheet(snapshot);
  const located: { input: PlannedInput; row: number; col: number }[] = [];
  for (const input of meta.inputs) {
    const row = map.rowOf.get(input.row);
    const col = map.columnOf(input.col);
    if (row === undefined || col === undefined) {
      throw new ComparisonProblem([`the row or column of ${input.bid ? `a bid's input (${input.path})` : `the scenario's ${input.path}`} was deleted on "${sheetName}"; rebuild the sheet to export its bids`]);
    }
    located.push({ input, row, col });
  }
  const top = Math.min(...located.map((x) => x.row));
  const bottom = Math.max(...located.map((x) => x.row));
  const left = Math.min(...located.map((x) => x.col));
  const right = Math.max(...located.map((x) => x.col));
  const grid = await port.readValues(sheetName, rangeAddress({ start: { row: top, col: left }, end: { row: bottom, col: right } }));
  const read: ReadInput[] = located.map(({ input, row, col }) => {
    const content = snapshot.cells[row]?.[col] ?? null;
    return { input, address: cellAddress({ row, col }), value: grid[row - top]?.[col - left] ?? null, content, edited: fingerprint(content) !== fingerprint(input.written) };
  });
  return { meta, read };
}

/** One bid's template as the sheet has it: the analyst's edits in the prices in effect, marked as edited. */
function templateNow(original: BidTemplate, i: number, meta: ComparisonMeta, read: ReadInput[], problems: string[], at: { sheetName: string; asOf: string; date: string }): BidTemplate {
  const { sheetName, asOf, date } = at;
  const keys = bidKeys(meta.request.templates.map((t) => t.id));
  const template = JSON.parse(JSON.stringify(original)) as BidTemplate;
  const label = `bid ${i + 1} "${String(template.bid?.name ?? "")}"`;
  const mine = read.filter((r) => r.input.bid === keys[i]);
  const edits: { path: string; was: unknown; now: unknown; found: string }[] = [];
  // The prices the sheet shows are the version in effect on its comparison date: edits go there.
  const k = versionAt(original, asOf);
  const version: PriceVersion | null = k === null ? null : (template.versions as PriceVersion[])[k];
  const shown = templateAt(original, asOf).bid;
  const host = (path: string): Record<string, unknown> => (version && (path.startsWith("pricing.") || path.startsWith("charges.")) ? version : template.bid) as unknown as Record<string, unknown>;
  for (const r of mine) {
    // A dated version's dates and prices (the term's prices in effect each month): written into that version when edited.
    if (isVersionInput(r.input.path)) {
      const got = r.edited ? readInput(r.value, r.input.kind) : null;
      const problem = got && ("problem" in got ? `(${r.input.path}) ${got.problem}` : exportVersionEdit(template, r.input.path, got.value, { sheetName, was: r.input.written, found: date }));
      if (problem) problems.push(`${label}: cell ${r.address} ${problem}`);
      continue;
    }
    // The bid's performance is read below; the term's per-bid assumptions (term.*) are the analyst's, not the bid's.
    if (r.input.path.startsWith("performance.") || r.input.path.startsWith("term.")) continue;
    const got = readInput(r.value, r.input.kind);
    if ("problem" in got) {
      problems.push(`${label}: cell ${r.address} (${r.input.path}) ${got.problem}`);
      continue;
    }
    // A default the sheet shows for a field the prices shown leave out (term 12, a period of 12 months,
    // a cached price that follows the input price) stays out unless edited.
    if (!r.edited && fieldAt(shown, r.input.path) === undefined) continue;
    if (!setPath(host(r.input.path), r.input.path, got.value)) {
      problems.push(`${label}: the add-in's notes name a field ${r.input.path} that the bid does not have; rebuild the sheet`);
    }
    if (r.edited) edits.push({ path: r.input.path, was: r.input.written, now: got.value, found: foundDate(meta, keys[i], r.input.path, r.content, date) });
  }
  performanceNow(template, mine, label, problems);
  if (edits.length > 0) markEdited(template, edits, sheetName, version);
  return template;
}

/** The templates checked as an import checks them, each priced in the scenario as the sheet has it. */
function checkedTemplates(templates: BidTemplate[], scenario: Scenario, asOf: string): BidTemplate[] {
  const problems: string[] = [];
  // What leaves the workbook must be a valid template file: the same checks as an import.
  const checked = templates.map((t, i) => {
    const result = validateTemplate(t);
    if (result.ok) return result.template;
    for (const p of result.problems) problems.push(`bid ${i + 1} "${String(t.bid?.name ?? "")}": ${p.path} ${p.message}`);
    return t;
  });
  if (problems.length > 0) throw new ComparisonProblem(problems);
  checked.forEach((t, i) => {
    try {
      bidFigures(templateAt(t, asOf).bid, scenario);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      problems.push(`bid ${i + 1} "${t.bid.name}" cannot be priced as it stands on the sheet: ${e.message}`);
    }
  });
  if (problems.length > 0) throw new ComparisonProblem(problems);
  return checked;
}

/** When an edit was first found: an update's record of the same edit, or today. */
function foundDate(meta: ComparisonMeta, bid: string, path: string, now: CellContent, date: string): string {
  const e = meta.edits.find((x) => x.bid === bid && x.path === path && JSON.stringify(x.now) === JSON.stringify(now));
  return e?.found ?? date;
}

/** The scenario as it stands on the sheet (to check that the exported bids can be priced in it). */
function scenarioNow(meta: ComparisonMeta, read: ReadInput[], problems: string[]): Scenario {
  const scenario = JSON.parse(JSON.stringify(meta.request.scenario)) as Scenario;
  delete scenario.ranges;
  for (const r of read) {
    if (r.input.bid || !r.input.path.startsWith("scenario.") || r.input.path.startsWith("scenario.ranges.")) continue;
    if (typeof r.value !== "number" || !Number.isFinite(r.value)) {
      problems.push(`scenario cell ${r.address} (${r.input.path.slice("scenario.".length)}) must be a number (it holds ${show(r.value)})`);
      continue;
    }
    setPath(scenario as unknown as Record<string, unknown>, r.input.path.slice("scenario.".length), r.value);
  }
  return scenario;
}

/** The bid's own performance as the sheet has it: kept as the template had it unless the analyst edited it. */
function performanceNow(template: BidTemplate, mine: ReadInput[], label: string, problems: string[]): void {
  const perf = (path: string) => mine.find((r) => r.input.path === path);
  const number = (r: ReadInput | undefined): number | undefined => {
    if (!r) return undefined;
    if (typeof r.value === "number" && Number.isFinite(r.value)) return r.value;
    problems.push(`${label}: cell ${r.address} (${r.input.path}) must be a number (it holds ${show(r.value)})`);
    return undefined;
  };
  const bid = template.bid;
  const likely = perf("performance.resolutionRate");
  const low = perf("performance.resolutionRate.low");
  const high = perf("performance.resolutionRate.high");
  if (likely?.edited || low?.edited || high?.edited) {
    const l = number(likely);
    if (low?.edited || high?.edited) {
      const lo = number(low);
      const hi = number(high);
      if (l !== undefined && lo !== undefined && hi !== undefined) bid.performance = { ...bid.performance, resolutionRate: { low: lo, likely: l, high: hi } };
    } else if (l !== undefined) bid.performance = { ...bid.performance, resolutionRate: l };
  }
  for (const field of ["qualifyingShare", "assist"] as const) {
    const r = perf(`performance.${field}`);
    if (!r?.edited) continue;
    const v = number(r);
    if (v !== undefined) bid.performance = { ...bid.performance, [field]: v };
  }
}

/**
 * Marks the edited prices: their sources replaced by the edit's, and a first line in the notes. The
 * sources are those of the prices shown: the dated version in effect, when there is one.
 */
function markEdited(template: BidTemplate, edits: { path: string; was: unknown; now: unknown; found: string }[], sheetName: string, version: PriceVersion | null): void {
  const owner: { sources: PriceSource[] } = version ?? (template as { sources: PriceSource[] });
  let sources: PriceSource[] = Array.isArray(owner.sources) ? owner.sources : [];
  for (const e of edits) {
    const field = sourceField(e.path);
    const old = sources.filter((s) => s.field === e.path || s.field === field);
    const quotedFrom = old.length ? `; the quoted price came from ${old.map((s) => `${s.title}${s.asOf ? ` (read ${s.asOf})` : ""}`).join(", ")}` : "";
    sources = sources.filter((s) => !old.includes(s));
    owner.sources = sources;
    sources.push({ field, title: `Edited on the comparison sheet “${sheetName}”: ${String(e.now)} in place of the quoted ${String(e.was)}${quotedFrom}`, asOf: e.found });
  }
  const lines = edits.map((e) => `${e.path} ${String(e.now)} (quoted ${String(e.was)}), edited on the sheet by ${e.found}`);
  const first = `Edited on the comparison sheet “${sheetName}”: ${lines.join("; ")}. The notes that follow are about the prices as quoted.`;
  template.notes = template.notes ? `${first} ${template.notes}` : first;
}
