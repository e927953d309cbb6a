/**
 * The rules of a bid by charges that the schema cannot express, in the analyst's words, each problem
 * naming the charge by its label and the field: the meter's own checks and the shape's (one price;
 * packages not with tiers; credits per unit only with a credit pack), labels unique within the bid, and
 * at most one outcome per conversation (the outcome types' shares sum to at most 1).
 */
import { checkCharges, METERS, type Charge } from "../engine/meters";
import { isPricingProblem } from "../engine/problems";

type Data = Record<string, unknown>;
const isObject = (v: unknown): v is Data => v !== null && typeof v === "object" && !Array.isArray(v);

/** A charge's path as a problem shows it: `bid.pricing.charges[1] ("Fin qualified leads")`. */
export function chargePath(base: string, index: number, label: unknown): string {
  return typeof label === "string" && label !== "" ? `${base}[${index}] (${JSON.stringify(label)})` : `${base}[${index}]`;
}

/** The field a PricingProblem about a charge names (`charge "X" unitPrice` -> `unitPrice`). */
function fieldOf(argument: string, label: string): string {
  const prefix = `charge ${JSON.stringify(label)}`.replace(/\\"/g, '"');
  const rest = argument.startsWith(`charge "${label}"`) ? argument.slice(`charge "${label}"`.length).trim() : argument.startsWith(prefix) ? argument.slice(prefix.length).trim() : "";
  return rest.replace(/\[(\d+)\]/g, (_m, n: string) => `[${Number(n) - 1}]`).replace(/ /g, ".");
}

function problemOf(e: unknown): { argument: string; message: string } | null {
  return isPricingProblem(e) ? { argument: e.argument, message: e.message } : null;
}

/** Problems of `pricing.charges` (base is the path of the list, e.g. "bid.pricing.charges"). */
export function chargeListProblems(pricing: unknown, base: string): { path: string; message: string }[] {
  if (!isObject(pricing) || pricing.model !== "charges" || !Array.isArray(pricing.charges)) return [];
  const list = pricing.charges as unknown[];
  const problems: { path: string; message: string }[] = [];
  const labels = new Map<string, number>();
  let shares = 0;
  list.forEach((c, i) => {
    if (!isObject(c) || typeof c.meter !== "string" || !(c.meter in METERS) || typeof c.label !== "string") return; // the schema says it
    const at = chargePath(base, i, c.label);
    const first = labels.get(c.label);
    if (first !== undefined) problems.push({ path: `${at}.label`, message: `is also the label of charge ${first + 1}: labels must be unique within a bid` });
    else labels.set(c.label, i);
    if (c.meter === "outcomes" && Array.isArray(c.outcomes)) for (const o of c.outcomes) if (isObject(o) && typeof o.share === "number") shares += o.share;
    try {
      checkCharges([c as unknown as Charge]);
    } catch (e) {
      const p = problemOf(e);
      if (!p) return; // malformed data the schema reports
      const field = fieldOf(p.argument, c.label);
      problems.push({ path: field ? `${at}.${field}` : at, message: p.message });
    }
  });
  if (shares > 1 + 1e-12) {
    problems.push({ path: base, message: `: the outcome types' shares add up to ${Number(shares.toPrecision(12))}; at most one outcome per conversation, so they may add up to at most 1` });
  }
  return problems;
}
