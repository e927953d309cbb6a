/**
 * What the pane's finance view asks for, loaded when first used (in the builder's chunk, so the pane
 * opens without it): the finance sheet written through the workbook port, and the monthly plan as CSV.
 */
import { monthlyPlan, planCsv } from "../../engine/finance";
import { compareTerm } from "../../engine/term";
import { bidKeys } from "../comparison/keys";
import { ComparisonProblem } from "../comparison/request";
import type { WorkbookPort } from "../port";
import { FinanceRequest, planFinance } from "./plan";

export { comparisonAsItStands } from "../builder";
export { comparisonLinks } from "./links";

/** Writes the finance sheet on a new sheet; returns its name. Nothing is written when it cannot be planned. */
export async function buildFinanceSheet(port: WorkbookPort, request: FinanceRequest): Promise<{ sheetName: string; schedules: number }> {
  const existing = (await port.sheets()).map((s) => s.name);
  const { plan, layout } = planFinance(request, existing);
  await port.apply(plan);
  return { sheetName: plan.sheetName, schedules: layout.schedules.length };
}

/** The monthly plan as CSV (FinOps FOCUS columns), and a file name for it. */
export function financeCsv(request: FinanceRequest): { fileName: string; text: string; rows: number } {
  if (request.templates.length === 0) throw new ComparisonProblem(["choose at least one bid"]);
  const bids = request.templates.map((t) => t.bid);
  const term = compareTerm(bids, request.scenario, request.term ?? {});
  const unpriced = term.problems.map((p, i) => (p ? `"${bids[i].name}" cannot be priced over the term: ${p.message}` : null)).filter((x): x is string => x !== null);
  if (unpriced.length) throw new ComparisonProblem(unpriced);
  const rows = monthlyPlan(bids, bidKeys(request.templates.map((t) => t.id)), term, request.start);
  return { fileName: `aiprice-monthly-plan-${request.start}-${term.settings.months}m.csv`, text: planCsv(rows), rows: rows.length };
}
