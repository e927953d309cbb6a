/**
 * One set of inputs for pane and sheet: the term set in the pane (the Finance step's months and growth)
 * goes into the comparison's Build, Update and "Build a new sheet". Pure, so it is tested without a page.
 */
import type { ComparisonRequest } from "../workbook/builder";

export type RequestReading = { ok: true; request: ComparisonRequest } | { ok: false; problems: string[] };
export type TermReading = { ok: true; term: { months: number; growth: number } } | { ok: false; problems: string[] };

/** The request with the pane's term in it; the term's problems (named as the Finance step's) otherwise. */
export function withPaneTerm(reading: RequestReading, term: TermReading): RequestReading {
  const problems = [...(reading.ok ? [] : reading.problems), ...(term.ok ? [] : term.problems.map((p) => `Finance step: ${p}`))];
  if (!reading.ok || !term.ok) return { ok: false, problems };
  return { ok: true, request: { ...reading.request, term: { ...reading.request.term, ...term.term } } };
}
