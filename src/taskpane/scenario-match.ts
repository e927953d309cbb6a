/**
 * Does the pane's scenario still match the sheet's? The scenario's input cells as the sheet holds them
 * now (src/workbook/sheet-inputs.ts) against the values the pane would build from, each difference
 * said in the analyst's words ("The sheet's volume is 110,000; the pane's is 100,000"). Pure.
 */
import { formatNumber, formatPercent } from "../engine/inputs";
import type { ComparisonRequest } from "../workbook/comparison/request";
import type { CellValue } from "../workbook/port";

type Shown = "count" | "percent" | "money" | "number" | "months" | "factor";

/** The inputs the pane and the sheet share: the request field, its name in the analyst's words, how it is shown. */
export const SHARED_INPUTS: readonly { path: string; name: string; shown: Shown }[] = [
  { path: "scenario.conversations", name: "volume", shown: "count" },
  { path: "scenario.resolutionRate", name: "resolution rate", shown: "percent" },
  { path: "scenario.humanCost", name: "human cost per conversation", shown: "money" },
  { path: "scenario.qualifyingShare", name: "qualifying share", shown: "percent" },
  { path: "scenario.tokens.input", name: "input tokens per conversation", shown: "count" },
  { path: "scenario.tokens.output", name: "output tokens per conversation", shown: "count" },
  { path: "scenario.tokens.cachedInput", name: "cached input tokens per conversation", shown: "count" },
  ...(["low", "high"] as const).flatMap((end) => [
    { path: `scenario.ranges.conversations.${end}`, name: `${end} volume`, shown: "count" as const },
    { path: `scenario.ranges.resolutionRate.${end}`, name: `${end} resolution rate`, shown: "percent" as const },
    { path: `scenario.ranges.humanCost.${end}`, name: `${end} human cost`, shown: "money" as const },
    { path: `scenario.ranges.tokens.${end}`, name: `${end} tokens factor`, shown: "factor" as const },
  ]),
  { path: "risk.seed", name: "seed", shown: "number" },
  { path: "risk.rateCorrelation", name: "rate correlation", shown: "number" },
  { path: "term.months", name: "term", shown: "months" },
  { path: "term.growth", name: "monthly growth", shown: "percent" },
];

/** One input the sheet and the pane disagree on; `sheet` is null when the sheet's cell holds no number. */
export interface ScenarioDifference {
  path: string;
  sheet: number | null;
  pane: number;
  /** "The sheet's volume is 110,000; the pane's is 100,000." */
  words: string;
}

/** A value as the pane shows it. */
export function showValue(value: number, shown: Shown): string {
  switch (shown) {
    case "percent":
      return formatPercent(value);
    case "money":
      return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
    case "months":
      return `${formatNumber(value)} ${value === 1 ? "month" : "months"}`;
    case "factor":
      return `${formatNumber(value)}×`;
    default:
      return formatNumber(value);
  }
}

function showCell(value: CellValue): string {
  if (value === null || value === "") return "empty";
  if (typeof value === "object") return `the error ${value.error}`;
  return `“${String(value)}”`;
}

/** The field at a dotted path of an object, when it is a number. */
function numberAt(root: unknown, path: string): number | undefined {
  let at: unknown = root;
  for (const part of path.split(".")) at = at !== null && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === "number" ? at : undefined;
}

/** The values the pane builds from, by request field (the shared inputs only). */
export function paneValues(request: Pick<ComparisonRequest, "scenario" | "risk" | "term">): Map<string, number> {
  const out = new Map<string, number>();
  for (const { path } of SHARED_INPUTS) {
    const v = numberAt(request, path);
    if (v !== undefined) out.set(path, v);
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Every shared input whose sheet value is not the pane's, in the order of SHARED_INPUTS. */
export function scenarioDifferences(pane: ReadonlyMap<string, number>, sheet: readonly { path: string; value: CellValue; edited?: boolean }[]): ScenarioDifference[] {
  // A range's low or high the analyst did not type follows its value on the sheet, as in the pane: only the value differs.
  const onSheet = new Map(sheet.filter((s) => !s.path.startsWith("scenario.ranges.") || s.edited !== false).map((s) => [s.path, s.value]));
  const out: ScenarioDifference[] = [];
  for (const { path, name, shown } of SHARED_INPUTS) {
    const p = pane.get(path);
    if (p === undefined || !onSheet.has(path)) continue;
    const s = onSheet.get(path) ?? null;
    if (typeof s === "number" && Number.isFinite(s)) {
      if (!same(s, p)) out.push({ path, sheet: s, pane: p, words: `The sheet's ${name} is ${showValue(s, shown)}; the pane's is ${showValue(p, shown)}.` });
    } else {
      out.push({ path, sheet: null, pane: p, words: `The sheet's ${name} holds ${showCell(s)}, not a number; the pane's is ${showValue(p, shown)}.` });
    }
  }
  return out;
}
