/**
 * Export of a sheet's dated prices (./term-versions.ts): an edited input of a version of a bid's prices
 * (`term.prices.<version>.<field>`: its first or last day, or one of its prices) is written into that
 * version of the template (the undated prices: the template's own bid), with a source that says it was
 * edited on the sheet, when, and what was quoted. Inputs not edited change nothing.
 */
import type { BidTemplate, PriceSource, PriceVersion } from "../../templates/template";
import { isIsoDate, UNDATED } from "../../templates/versions";

const PREFIX = "term.prices.";

/** Per template being exported: the versions whose first day an edit moved, by the id the sheet knows them by. */
const renamed = new WeakMap<BidTemplate, Map<string, PriceVersion>>();

/** Is the input one of a version's (its dates or prices)? */
export function isVersionInput(path: string): boolean {
  return path.startsWith(PREFIX);
}

/** A whole number yyyymmdd as YYYY-MM-DD, or null when it is no day. */
function isoDay(n: unknown): string | null {
  if (typeof n !== "number" || !Number.isInteger(n)) return null;
  const s = String(n);
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return s.length === 8 && isIsoDate(iso) ? iso : null;
}

function setField(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const parts = path.split(".");
  if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) return false;
  let node: unknown = target;
  for (const p of parts.slice(0, -1)) {
    if (!node || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[p];
  }
  if (!node || typeof node !== "object") return false;
  (node as Record<string, unknown>)[parts[parts.length - 1]] = value;
  return true;
}

/**
 * Writes an edited version input into the template. Returns a problem in words, or null.
 * `edit`: the sheet's name, what the add-in wrote, and the day the edit was found.
 */
export function exportVersionEdit(template: BidTemplate, path: string, value: unknown, edit: { sheetName: string; was: unknown; found: string }): string | null {
  const rest = path.slice(PREFIX.length);
  const id = rest.startsWith(`${UNDATED}.`) ? UNDATED : rest.slice(0, 10);
  const field = rest.slice(id.length + 1);
  // A version whose first day was edited keeps its id on the sheet (the day it was built with).
  const moved = renamed.get(template);
  const version: PriceVersion | undefined = id === UNDATED ? undefined : (moved?.get(id) ?? (template.versions ?? []).find((v) => v.effectiveFrom === id));
  if (id !== UNDATED && !version) return `(${path}) names a version of the prices that the bid does not have; rebuild the sheet`;
  let shown: unknown = value;
  if (field === "effectiveFrom" || field === "effectiveUntil") {
    if (!version) return `(${path}) names a date of the undated prices; rebuild the sheet`;
    const day = value === null && field === "effectiveUntil" ? null : isoDay(value);
    if (day === null && !(value === null && field === "effectiveUntil")) return `(${path}) must be a date typed as yyyymmdd, e.g. 20260831 (it holds ${JSON.stringify(value)})`;
    if (field === "effectiveFrom" && day !== null && day !== version.effectiveFrom) {
      if (!renamed.has(template)) renamed.set(template, new Map());
      renamed.get(template)!.set(id, version);
    }
    if (day === null) delete version.effectiveUntil;
    else version[field] = day;
    shown = day ?? "no last day";
  } else if (!setField((version ?? template.bid) as unknown as Record<string, unknown>, field, value)) {
    return `(${path}) names a field that the bid's prices do not have; rebuild the sheet`;
  }
  const words = `Edited on the comparison sheet “${edit.sheetName}”: ${String(shown)} in place of the quoted ${String(edit.was)}`;
  if (version && (field === "effectiveFrom" || field === "effectiveUntil")) {
    // A date is no price: the version's notes say it was edited.
    version.notes = [`${field === "effectiveFrom" ? "First day" : "Last day"} ${words} (${edit.found}).`, version.notes].filter((n) => typeof n === "string" && n.trim() !== "").join(" ");
    return null;
  }
  const owner: { sources: PriceSource[] } = version ?? (template as { sources: PriceSource[] });
  owner.sources = [...(Array.isArray(owner.sources) ? owner.sources.filter((s) => s.field !== field) : []), { field, title: words, asOf: edit.found }];
  return null;
}
