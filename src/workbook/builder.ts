/**
 * What the task pane calls: build a comparison sheet, list the add-in's own sheets, and read the bids
 * back from a sheet (prices the analyst edited included) for export. Works on any WorkbookPort.
 *
 * A build reads the workbook once (sheet names and which are the add-in's own) and writes once, so it
 * costs the same two round trips for any number of bids. It never touches a sheet that is not the
 * add-in's own, and replaces the add-in's own sheet only when the caller names it (after asking).
 */
import { bidFigures, Scenario } from "../engine/bid";
import { isPricingProblem } from "../engine/problems";
import type { BidTemplate } from "../templates/template";
import { validateTemplate } from "../templates/validate";
import { parseCell, rangeAddress } from "./a1";
import { checkComparisonRequest, ComparisonMeta, ComparisonProblem, ComparisonRequest, InputKind, planComparison } from "./plan";
import { CellValue, isCellError, sameSheetName, WorkbookPort } from "./port";
import { COMPARISON_FORMAT, COMPARISON_VERSION, META_COLUMN } from "./sheet-plan";

export { ComparisonProblem } from "./plan";
export type { ComparisonRequest } from "./plan";

export interface BuildOptions {
  /** Replace this sheet: it must be one of the add-in's own comparison sheets, and the user has confirmed. */
  replaceSheet?: string;
}

/** Builds the comparison sheet; returns its name. Throws ComparisonProblem (nothing written) when it cannot. */
export async function buildComparison(port: WorkbookPort, request: ComparisonRequest, options: BuildOptions = {}): Promise<{ sheetName: string }> {
  const problems = checkComparisonRequest(request);
  if (problems.length > 0) throw new ComparisonProblem(problems);
  const sheets = await port.sheets();
  let sheetName: string | undefined;
  if (options.replaceSheet !== undefined) {
    const target = sheets.find((s) => sameSheetName(s.name, options.replaceSheet!));
    if (!target) throw new ComparisonProblem([`there is no sheet named "${options.replaceSheet}" to update; nothing was changed`]);
    if (!target.ownComparison) {
      throw new ComparisonProblem([`"${target.name}" was not built by the add-in, so it is never overwritten; nothing was changed`]);
    }
    sheetName = target.name;
  }
  const plan = planComparison(
    request,
    sheets.map((s) => s.name),
    { sheetName },
  );
  await port.apply(plan, sheetName !== undefined ? { replace: sheetName } : {});
  return { sheetName: plan.sheetName };
}

/** The add-in's own comparison sheets, in workbook order (for the "update after confirming" choice). */
export async function comparisonSheets(port: WorkbookPort): Promise<string[]> {
  return (await port.sheets()).filter((s) => s.ownComparison).map((s) => s.name);
}

function show(v: CellValue): string {
  if (v === null) return "nothing";
  if (isCellError(v)) return v.error;
  return JSON.stringify(v);
}

const MAX_META_CHUNKS = 1000;

/** Reads and checks the hidden meta column of a comparison sheet. */
async function readMeta(port: WorkbookPort, sheetName: string): Promise<ComparisonMeta> {
  const notOurs = () => new ComparisonProblem([`"${sheetName}" is not a comparison sheet built by the add-in (its bids cannot be read back)`]);
  const head = await port.readValues(sheetName, `${META_COLUMN}1:${META_COLUMN}3`);
  const [format, version, count] = [head[0]?.[0], head[1]?.[0], head[2]?.[0]];
  if (format !== COMPARISON_FORMAT) throw notOurs();
  if (version !== COMPARISON_VERSION) {
    throw new ComparisonProblem([`"${sheetName}" was built by another version of the add-in (sheet format ${show(version ?? null)}); rebuild it to export its bids`]);
  }
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_META_CHUNKS) throw notOurs();
  const body = await port.readValues(sheetName, `${META_COLUMN}4:${META_COLUMN}${3 + count}`);
  const json = body.map((r) => r[0]).join("");
  let meta: ComparisonMeta;
  try {
    meta = JSON.parse(json) as ComparisonMeta;
  } catch {
    throw new ComparisonProblem([`the add-in's notes on "${sheetName}" (hidden column ${META_COLUMN}) were changed and cannot be read; rebuild the sheet`]);
  }
  const cellOk = (a: unknown) => typeof a === "string" && /^[A-Z]{1,3}[0-9]{1,7}$/.test(a);
  const ok =
    meta &&
    meta.format === COMPARISON_FORMAT &&
    Array.isArray(meta.bids) &&
    meta.scenario &&
    typeof meta.scenario === "object" &&
    Object.values(meta.scenario).every(cellOk) &&
    meta.bids.every(
      (b) =>
        b &&
        b.template &&
        typeof b.template === "object" &&
        b.template.bid &&
        typeof b.template.bid === "object" &&
        b.inputs &&
        typeof b.inputs === "object" &&
        Object.values(b.inputs).every((x) => x && cellOk(x.address) && ["number", "number-or-blank", "boolean", "tier-mode"].includes(x.kind)),
    );
  if (!ok) throw new ComparisonProblem([`the add-in's notes on "${sheetName}" (hidden column ${META_COLUMN}) were changed and cannot be read; rebuild the sheet`]);
  return meta;
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

/**
 * The bids of a comparison sheet as templates, with the prices as they stand on the sheet now (the
 * analyst may have edited them). Throws ComparisonProblem listing every cell that does not hold a valid
 * price; the workbook is only read.
 */
export async function exportBids(port: WorkbookPort, sheetName: string): Promise<BidTemplate[]> {
  const meta = await readMeta(port, sheetName);
  const addresses = [...Object.values(meta.scenario), ...meta.bids.flatMap((b) => Object.values(b.inputs).map((x) => x.address))];
  const positions = addresses.map(parseCell);
  const top = Math.min(...positions.map((p) => p.row));
  const left = Math.min(...positions.map((p) => p.col));
  const bottom = Math.max(...positions.map((p) => p.row));
  const right = Math.max(...positions.map((p) => p.col));
  const grid = await port.readValues(sheetName, rangeAddress({ start: { row: top, col: left }, end: { row: bottom, col: right } }));
  const at = (address: string): CellValue => {
    const p = parseCell(address);
    return grid[p.row - top]?.[p.col - left] ?? null;
  };

  const problems: string[] = [];
  const scenarioValue = (name: string, fallback?: number): number => {
    const address = meta.scenario[name];
    if (address === undefined && fallback !== undefined) return fallback;
    const v = address === undefined ? null : at(address);
    if (typeof v === "number" && Number.isFinite(v)) return v;
    problems.push(`scenario cell ${address ?? name} (${name}) must be a number (it holds ${show(v)})`);
    return NaN;
  };
  const scenario: Scenario = {
    conversations: scenarioValue("Conversations"),
    resolutionRate: scenarioValue("ResolutionRate"),
    humanCost: scenarioValue("HumanCost"),
    qualifyingShare: scenarioValue("QualifyingShare", 1),
  };
  if (meta.scenario.InputTokens) {
    scenario.tokens = {
      input: scenarioValue("InputTokens"),
      output: scenarioValue("OutputTokens"),
      cachedInput: scenarioValue("CachedInputTokens", 0),
      attempts: scenarioValue("CallsPerConversation", 1),
    };
  }

  const templates = meta.bids.map((entry, i) => {
    const template = JSON.parse(JSON.stringify(entry.template)) as BidTemplate;
    const label = `bid ${i + 1} "${String(template.bid?.name ?? "")}"`;
    for (const [path, { address, kind }] of Object.entries(entry.inputs)) {
      const read = readInput(at(address), kind);
      if ("problem" in read) {
        problems.push(`${label}: cell ${address} (${path}) ${read.problem}`);
        continue;
      }
      if (path === "termMonths" && entry.template.bid.termMonths === undefined && read.value === 12) continue;
      if (!setPath(template.bid as unknown as Record<string, unknown>, path, read.value)) {
        problems.push(`${label}: the add-in's notes name a field ${path} that the bid does not have; rebuild the sheet`);
      }
    }
    return template;
  });
  if (problems.length > 0) throw new ComparisonProblem(problems);
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
      bidFigures(t.bid, scenario);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      problems.push(`bid ${i + 1} "${t.bid.name}" cannot be priced as it stands on the sheet: ${e.message}`);
    }
  });
  if (problems.length > 0) throw new ComparisonProblem(problems);
  return checked;
}
