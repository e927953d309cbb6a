/**
 * Reading and checking bid template files, the same code in the pane and the CLI: the text, the data, the
 * JSON Schema, then the rules the schema cannot express, every problem reported by field path in plain
 * words (docs/modules.md#bid-files-checked). No Office, DOM or Node: results are data.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { visit } from "jsonc-parser";
import type { Charges, Pricing } from "../engine/bid";
import { checkUnitCharges, PRICING_MODELS, unitChargeShapes } from "../engine/bid";
import { tokenCost } from "../engine/measures";
import { isPricingProblem } from "../engine/problems";
import { checkTiers, Tier } from "../engine/tiers";
import schema from "./bid-template.schema.json";
import * as compiledSchema from "./bid-template.validator";
import type { BidTemplate } from "./template";
import { chargeListProblems, chargePath } from "./charge-problems";

/** The format of a file holding several templates (what export writes for more than one bid). */
export const COLLECTION_FORMAT = "aiprice-bids";
export const COLLECTION_VERSION = 1;

export interface BidCollection {
  format: typeof COLLECTION_FORMAT;
  version: typeof COLLECTION_VERSION;
  bids: BidTemplate[];
}

/** Largest template file read: 256 KB (a template is a few KB; the gallery's largest is under 5 KB). */
export const MAX_FILE_BYTES = 256 * 1024;
/** Deepest nesting of objects and lists in a file (a valid template nests 6 deep). */
export const MAX_DEPTH = 32;
/** At most this many problems are listed per file; the rest are counted. */
export const MAX_PROBLEMS = 100;

export interface TemplateProblem {
  /** Where, as an analyst reads it: `bid.pricing.pricePerResolution`, `bids[2].bid.charges.tiers.tiers[0].price`. */
  path: string;
  /** What is wrong, in plain English: "must be 0 or more (got -1)". */
  message: string;
}

export type TemplateResult = { ok: true; template: BidTemplate } | { ok: false; problems: TemplateProblem[] };

/** A file holds one template or several; `templates` lists them in file order. */
/**
 * A file holds one template (`kind` "single": `template`) or several (`kind` "collection": no
 * `template`, so code that reads only one bid cannot silently drop the others); `templates` lists
 * every bid in file order either way.
 */
export type TemplateFileResult = { ok: true; kind: "single"; template: BidTemplate; templates: BidTemplate[] } | { ok: true; kind: "collection"; templates: BidTemplate[] } | { ok: false; problems: TemplateProblem[] };

/** The path shown for a problem with the file as a whole. */
export const TOP_LEVEL = "(top level)";

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// ---------------------------------------------------------------------------------------------
// The schema, compiled at build time: scripts/build-validator.js writes ./bid-template.validator.ts
// (ajv's standalone code, with the options used here ever since: allErrors, verbose, discriminator,
// useDefaults, strict). Nothing is compiled at run time, so no `new Function`: the task pane runs
// under a strict Content-Security-Policy, and ajv's compiler stays out of its bundle.

function validators(): { template: ValidateFunction; collection: ValidateFunction } {
  return compiledSchema as unknown as { template: ValidateFunction; collection: ValidateFunction };
}

// ---------------------------------------------------------------------------------------------
// Paths and words.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `bid` + `pricing` -> `bid.pricing`; `tiers` + 2 -> `tiers[2]`; odd keys quoted: `bid["my key"]`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${quoteText(key)}]`;
}

/**
 * Text from the file as a message quotes it: in double quotes, with invisible and direction-changing
 * characters written as \uXXXX, so that a quoted key or value shows as it is stored (never reversed
 * by a U+202E it carries) and the message around it stays in order.
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(/[\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** An ajv instance path (JSON pointer) as a field path, against the data it points into. */
function pointerToPath(pointer: string, data: unknown, base: string): string {
  let path = base;
  let node: unknown = data;
  if (pointer === "") return path;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(key);
      const item: unknown = node[index];
      // A charge is named by its label as well as its place in the list.
      path = path.endsWith("pricing.charges") && item !== null && typeof item === "object" ? chargePath(path, index, (item as Record<string, unknown>).label) : joinPath(path, index);
      node = item;
    } else {
      path = joinPath(path, key);
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

function shown(path: string): string {
  return path === "" ? TOP_LEVEL : path;
}

/** A value as the message quotes it: (got -1), (got text "90%"), (got a list). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "string") {
    const cut = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `text ${quoteText(cut)}`;
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a group of fields";
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  integer: "a whole number",
  string: "text (in double quotes)",
  boolean: "true or false",
  array: "a list [ ... ]",
  object: "a group of fields { ... }",
  null: "null",
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  if (types.length === 2 && types.includes("number") && types.includes("null")) return "a number, or null for no limit";
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

function formatNumber(n: number): string {
  return Math.abs(n) >= 10000 ? n.toLocaleString("en-US") : String(n);
}

/** Edit distance, for "did you mean" on a misspelt field. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

function suggestion(unknown: string, allowed: string[]): string {
  let best = "";
  let bestDistance = Infinity;
  for (const name of allowed) {
    const d = distance(unknown, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const close = bestDistance <= Math.max(2, Math.floor(unknown.length / 3)) || best.toLowerCase() === unknown.toLowerCase();
  return best && close ? `; did you mean "${best}"?` : `; the fields here are: ${allowed.join(", ")}`;
}

type SchemaNode = Record<string, unknown> & { properties?: Record<string, unknown> };

/** One ajv error as a problem in the analyst's words; null when another error already says it. */
function wordError(e: ErrorObject, data: unknown, base: string): TemplateProblem | null {
  const at = pointerToPath(e.instancePath, data, base);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const got = ` (got ${describeValue(e.data)})`;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required": {
      const field = String(params.missingProperty);
      return { path: shown(joinPath(at, field)), message: "is missing: this field is required" };
    }
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      return { path: shown(joinPath(at, field)), message: `is not a field of this format${suggestion(field, allowed)}` };
    }
    case "type":
      return { path: shown(at), message: `must be ${typeWords(params.type)}${got}` };
    case "const": {
      const expected = params.allowedValue;
      if (e.instancePath === "/format" || e.instancePath === "/version") return wordHeader(e, base, at);
      return { path: shown(at), message: `must be ${JSON.stringify(expected)}${got}` };
    }
    case "enum": {
      const values = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(" or ");
      return { path: shown(at), message: `must be ${values}${got}` };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      if (parent.minimum === 0 && parent.maximum === 1) {
        return { path: shown(at), message: `must be a fraction from 0 to 1, e.g. 0.9 for 90%${got}` };
      }
      const limit = Number(params.limit);
      const whole = parent.type === "integer" ? "a whole number, " : "";
      if (e.keyword === "minimum") return { path: shown(at), message: `must be ${whole}${formatNumber(limit)} or more${got}` };
      if (e.keyword === "maximum") return { path: shown(at), message: `must be ${whole}at most ${formatNumber(limit)}${got}` };
      return { path: shown(at), message: `is out of range${got}` };
    }
    case "pattern":
      return { path: shown(at), message: `${typeof parent["x-message"] === "string" ? parent["x-message"] : "is not written in the expected form"}${got}` };
    case "minLength":
      return { path: shown(at), message: Number(params.limit) <= 1 ? "must not be empty" : `must be at least ${params.limit} characters long` };
    case "maxLength":
      return { path: shown(at), message: `must be at most ${params.limit} characters long (it has ${String(e.data).length})` };
    case "minItems":
      return { path: shown(at), message: `must list at least ${params.limit} ${Number(params.limit) === 1 ? "entry" : "entries"}` };
    case "maxItems":
      return { path: shown(at), message: `may list at most ${params.limit} entries (it has ${(e.data as unknown[]).length})` };
    case "discriminator": {
      if (params.tag === "meter") return meterTagProblem(e, at);
      if (params.error === "tag" && !(e.data && typeof e.data === "object" && "model" in (e.data as object))) return null; // "required" says it
      const models = (schema.definitions.pricing.oneOf as { $ref: string }[]).map((r) => modelOf(r.$ref));
      return { path: shown(joinPath(at, "model")), message: `must be one of the pricing models ${models.map((m) => JSON.stringify(m)).join(", ")} (got ${describeValue((e.data as Record<string, unknown>)?.model)})` };
    }
    case "oneOf":
    case "allOf":
    case "anyOf":
    case "if":
      return null; // the errors of the branch say what is wrong
    default:
      return { path: shown(at), message: `${e.message ?? "is not valid"}${got}` };
  }
}

/** A charge whose meter is missing (the "required" error says it) or not one of the meters. */
function meterTagProblem(e: ErrorObject, at: string): TemplateProblem | null {
  const data = e.data as Record<string, unknown> | null;
  if (!(data && typeof data === "object" && "meter" in data)) return null;
  const meters = (schema.definitions.charge.oneOf as { $ref: string }[]).map((r) => modelOf(r.$ref, "meter"));
  return { path: shown(joinPath(at, "meter")), message: `must be one of the meters ${meters.map((m) => JSON.stringify(m)).join(", ")} (got ${describeValue(data.meter)})` };
}

function modelOf(ref: string, tag: "model" | "meter" = "model"): string {
  const name = ref.split("/").pop() ?? "";
  const def = (schema.definitions as unknown as Record<string, { properties?: Record<string, { const?: unknown }> }>)[name];
  const value = def?.properties?.[tag]?.const;
  return typeof value === "string" ? value : name;
}

/** The file's own header: a wrong format or version gets a message that says what the file is. */
function wordHeader(e: ErrorObject, base: string, at: string): TemplateProblem {
  const params = e.params as Record<string, unknown>;
  if (e.instancePath === "/format") {
    return {
      path: shown(at),
      message: `must be ${JSON.stringify(params.allowedValue)} (got ${describeValue(e.data)}): this is not a bid template file, or not one this add-in reads`,
    };
  }
  const got = typeof e.data === "number" ? `this file is version ${e.data} of the format; this add-in reads version ${params.allowedValue}` : `must be ${params.allowedValue} (got ${describeValue(e.data)})`;
  return { path: shown(at), message: got };
}

// ---------------------------------------------------------------------------------------------
// Text that would show in another order than it is stored.

/** Embeddings, overrides and isolates: they reorder the text around them wherever they are. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** Marks: they change the direction of the characters next to them. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/;
const BIDI_MARKS_ALL = /[\u200e\u200f\u061c]/g;
/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation forms), by block. */
const RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud803[\udc00-\udeff]|\ud83a[\udc00-\udfff]|\ud83b[\udc00-\udeff]/;

const BIDI_NAMES: Record<string, string> = {
  "\u202a": "left-to-right embedding",
  "\u202b": "right-to-left embedding",
  "\u202c": "pop directional formatting",
  "\u202d": "left-to-right override",
  "\u202e": "right-to-left override",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
  "\u200e": "left-to-right mark",
  "\u200f": "right-to-left mark",
  "\u061c": "Arabic letter mark",
};

/**
 * Why a text would display in another order than it is stored, or null. As code review tools flag
 * "Trojan Source" text (CVE-2021-42574): every embedding, override and isolate (U+202A-U+202E,
 * U+2066-U+2069) is refused, whatever surrounds it. The marks U+200E, U+200F and U+061C are how
 * right-to-left text is written properly, so they are refused only in text without a right-to-left
 * letter, where all they can do is move the characters around them.
 */
export function bidiProblem(text: string): string | null {
  let at = text.search(BIDI_CONTROLS);
  if (at === -1 && !RTL_LETTERS.test(text.replace(BIDI_MARKS_ALL, ""))) at = text.search(BIDI_MARKS);
  if (at === -1) return null;
  const c = text[at];
  const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const why = BIDI_MARKS.test(c) ? ", in text without right-to-left letters," : "";
  return `holds an invisible ${BIDI_NAMES[c]} (${code}) at character ${at + 1}${why} which makes the text show in another order than it is stored: remove it`;
}

// ---------------------------------------------------------------------------------------------
// The data before the schema: reserved keys, depth, plain JSON data only.

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Walks the value without recursion and returns a deep copy made only of JSON data (objects with a
 * null-free standard prototype, lists, text, finite numbers, true/false, null), or the problems found.
 * -0 becomes 0, so that a template written back to a file reads back equal.
 */
function copyPlainData(value: unknown, base: string): { copy: unknown; problems: TemplateProblem[]; fatal: boolean } {
  const problems: TemplateProblem[] = [];
  let fatal = false;
  const seen = new Set<object>();
  type Job = { value: unknown; path: string; depth: number; put: (v: unknown) => void };
  let root: unknown;
  const stack: Job[] = [{ value, path: base, depth: 0, put: (v) => (root = v) }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const job = stack.pop() as Job;
    const v = job.value;
    if (typeof v === "string") {
      const bidi = bidiProblem(v);
      if (bidi) problems.push({ path: shown(job.path), message: bidi });
      job.put(v);
    } else if (v === null || typeof v === "boolean") {
      job.put(v);
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) problems.push({ path: shown(job.path), message: `must be a finite number (got ${String(v)})` });
      job.put(v === 0 ? 0 : v);
    } else if (typeof v === "object") {
      if (job.depth >= MAX_DEPTH) {
        problems.push({ path: shown(job.path), message: `is nested too deeply (more than ${MAX_DEPTH} levels): this is not a bid template` });
        fatal = true;
        continue;
      }
      if (seen.has(v)) {
        problems.push({ path: shown(job.path), message: "refers back to itself: a template must be plain data" });
        fatal = true;
        continue;
      }
      seen.add(v);
      if (Array.isArray(v)) {
        const out: unknown[] = new Array(v.length);
        job.put(out);
        for (let i = v.length - 1; i >= 0; i--) {
          stack.push({ value: v[i], path: joinPath(job.path, i), depth: job.depth + 1, put: (x) => (out[i] = x) });
        }
      } else if (!isPlainObject(v)) {
        problems.push({ path: shown(job.path), message: "must be plain data (a group of fields), not another kind of object" });
        fatal = true;
      } else {
        const out: Record<string, unknown> = {};
        job.put(out);
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          const at = joinPath(job.path, key);
          if (RESERVED_KEYS.has(key)) {
            problems.push({ path: at, message: `is not allowed: "${key}" is a reserved name, never a field of this format` });
            continue;
          }
          const bidi = bidiProblem(key);
          if (bidi) problems.push({ path: at, message: `is a field name that ${bidi}` });
          let child: unknown;
          try {
            child = (v as Record<string, unknown>)[key];
          } catch {
            problems.push({ path: at, message: "could not be read" });
            fatal = true;
            continue;
          }
          if (child === undefined) continue; // as JSON does: an undefined field is an absent field
          stack.push({ value: child, path: at, depth: job.depth + 1, put: (x) => Object.defineProperty(out, key, { value: x, enumerable: true, writable: true, configurable: true }) });
        }
      }
    } else if (v === undefined) {
      problems.push({ path: shown(job.path), message: "holds nothing: there is no template here" });
      fatal = true;
    } else {
      problems.push({ path: shown(job.path), message: `must be plain data, not ${describeValue(v)}` });
      fatal = true;
    }
  }
  if (stack.length > 0) fatal = true;
  // Problems were found depth-first from the end; list them in document order.
  problems.reverse();
  return { copy: root, problems, fatal };
}

// ---------------------------------------------------------------------------------------------
// Rules beyond the schema, decided by the engine where they are pricing rules.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900;
}

/** The value at a source's field path ("pricing.tiers[0].price") inside the bid, or undefined. */
function valueAtField(bid: unknown, field: string): unknown {
  let node: unknown = bid;
  for (const part of field.split(".")) {
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\[(\d+)\])?$/.exec(part);
    if (!m || node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, m[1])) return undefined;
    node = (node as Record<string, unknown>)[m[1]];
    if (m[2] !== undefined) {
      if (!Array.isArray(node)) return undefined;
      node = node[Number(m[2])];
    }
  }
  return node;
}

/** Where the tiers break the engine's rules: the first tier at fault and the words for it. */
function tierProblem(tiers: Tier[], base: string): TemplateProblem | null {
  try {
    checkTiers(tiers);
    return null;
  } catch (e) {
    if (!isPricingProblem(e)) throw e;
  }
  // The engine decides; find the first tier it rejects by checking ever longer runs of tiers.
  for (let n = 1; n <= tiers.length; n++) {
    try {
      checkTiers(tiers.slice(0, n));
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      const i = n - 1;
      if (i > 0 && tiers[i - 1].upTo === null) {
        return { path: joinPath(joinPath(base, i - 1), "upTo"), message: "is null (no limit), so this must be the last tier: only the last tier may have no upper bound" };
      }
      if (tiers[i].upTo !== null && i > 0) {
        return { path: joinPath(joinPath(base, i), "upTo"), message: `must be above the previous tier's upper bound (${tiers[i - 1].upTo}): bounds ascend (got ${tiers[i].upTo})` };
      }
      return { path: joinPath(base, i), message: e.message };
    }
  }
  return { path: base, message: "are not valid tiers" };
}

type Data = Record<string, unknown>;

function isObject(v: unknown): v is Data {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isAmount(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

function isOptionalAmount(v: unknown): v is number | undefined {
  return v === undefined || isAmount(v);
}

const MODELS = new Set<string>(PRICING_MODELS);

/** A per-token rate card's own rules: rows ascending, shares of calls and of cache writes within all of them. */
function rateCardProblems(pricing: Data, base: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const rows = pricing.contextRows;
  if (Array.isArray(rows)) {
    let previous = 0;
    rows.forEach((row: unknown, i: number) => {
      if (!isObject(row) || !isAmount(row.fromInputTokens)) return;
      if (!(row.fromInputTokens > previous)) {
        problems.push({
          path: `${base}.contextRows[${i}].fromInputTokens`,
          message: `must be above ${i === 0 ? "0, where the first row (the prices above) starts" : `the previous row's (${previous})`}: rows ascend by prompt size (got ${row.fromInputTokens})`,
        });
      }
      previous = Math.max(previous, row.fromInputTokens);
    });
  }
  const share = (x: unknown) => (isObject(x) && typeof x.share === "number" && x.share >= 0 && x.share <= 1 ? x.share : 0);
  const batch = share(pricing.batch);
  const priority = share(pricing.priority);
  if (batch + priority > 1 + 1e-12) {
    problems.push({ path: `${base}.priority.share`, message: `and the batch share (${batch}) add up to more than all of the calls (${priority} + ${batch}): a call is sent in batch or at priority, not both` });
  }
  const writes = isObject(pricing.cacheWrites) ? share(pricing.cacheWrites.fiveMinute) + share(pricing.cacheWrites.oneHour) : 0;
  if (writes > 1 + 1e-12) problems.push({ path: `${base}.cacheWrites`, message: `write more than all of the input tokens: the shares add up to ${Number(writes.toPrecision(12))}` });
  const t = pricing.tokens;
  const n = (x: number) => Number(x.toPrecision(12));
  if (isObject(t) && isAmount(t.input) && writes <= 1) {
    const cached = isAmount(t.cachedInput) ? t.cachedInput : 0;
    if (writes > 0 && cached <= t.input && cached + writes * t.input > t.input * (1 + 1e-12)) {
      problems.push({ path: `${base}.tokens.cachedInput`, message: `(${cached}) and the tokens written to the caches (${n(writes * t.input)}) add up to more than the input tokens (${t.input})` });
    }
    const l = t.longPrompts;
    if (isObject(l) && isAmount(l.input)) {
      const lc = isAmount(l.cachedInput) ? l.cachedInput : 0;
      if (lc > l.input) problems.push({ path: `${base}.tokens.longPrompts.cachedInput`, message: `must not be more than their input tokens (${l.input}): cached tokens are part of the input tokens (got ${lc})` });
      else if (writes > 0 && lc + writes * l.input > l.input * (1 + 1e-12)) {
        problems.push({ path: `${base}.tokens.longPrompts.cachedInput`, message: `(${lc}) and the tokens written to the caches (${n(writes * l.input)}) add up to more than their input tokens (${l.input})` });
      }
    }
  }
  return problems;
}

function pricingProblems(pricing: unknown, base: string): TemplateProblem[] {
  if (!isObject(pricing) || pricing.model !== "per-token") return [];
  const card = rateCardProblems(pricing, base);
  if (!isObject(pricing.tokens)) return card;
  const t = pricing.tokens;
  const numbers = [t.input, t.output, pricing.inputPricePerMTok, pricing.outputPricePerMTok];
  const optional = [t.cachedInput, pricing.cachedInputPricePerMTok, t.attempts];
  if (!numbers.every(isAmount) || !optional.every(isOptionalAmount)) return card; // the schema reports these
  try {
    tokenCost(
      t.input as number,
      t.output as number,
      pricing.inputPricePerMTok as number,
      pricing.outputPricePerMTok as number,
      t.cachedInput as number | undefined,
      pricing.cachedInputPricePerMTok as number | undefined,
      t.attempts as number | undefined,
    );
    return card;
  } catch (e) {
    if (!isPricingProblem(e)) throw e;
    if (e.argument === "cached_input_tokens") {
      return [{ path: `${base}.tokens.cachedInput`, message: `must not be more than the input tokens (${t.input}): cached tokens are part of the input tokens (got ${t.cachedInput})` }, ...card];
    }
    return [{ path: `${base}.tokens`, message: e.message }, ...card];
  }
}

function isTier(v: unknown): v is Tier {
  return isObject(v) && (v.upTo === null || isAmount(v.upTo)) && isAmount(v.price);
}

function chargeProblems(pricing: unknown, charges: unknown, base: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!isObject(charges)) return problems;
  if (isObject(pricing) && typeof pricing.model === "string" && MODELS.has(pricing.model)) {
    try {
      checkUnitCharges(pricing as unknown as Pricing, charges as Charges);
    } catch (e) {
      if (!isPricingProblem(e)) throw e;
      const shapes = unitChargeShapes(charges as Charges);
      if (shapes.length > 1) {
        problems.push({ path: base, message: `has ${shapes.join(" and ")}: price usage with one of allowance, tiers or package, not several` });
      } else {
        problems.push({
          path: `${base}.${shapes[0]}`,
          message: `cannot apply to a ${pricing.model} bid: ${pricing.model === "per-token" ? "token prices price its usage" : "the share of savings prices it"}; use platformFeeMonthly, minimumMonthly or oneTimeFee instead`,
        });
      }
    }
  }
  problems.push(...termChargeProblems(pricing, charges, base));
  const tiers = isObject(charges.tiers) ? charges.tiers.tiers : undefined;
  if (Array.isArray(tiers) && tiers.length > 0 && tiers.length <= 50 && tiers.every(isTier)) {
    const p = tierProblem(tiers, `${base}.tiers.tiers`);
    if (p) problems.push(p);
  }
  return problems;
}

/** The charges of the contract term (docs/term.md): where they apply, and months in order. */
function termChargeProblems(pricing: unknown, charges: Data, base: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const model = isObject(pricing) && typeof pricing.model === "string" ? pricing.model : null;
  if (isObject(charges.creditPacks)) {
    // A credit is one of the bid's billable units (a credit; a prepaid resolution, outcome, conversation or seat).
    if (model === "per-token" || model === "revenue-share" || model === "charges") {
      problems.push({ path: `${base}.creditPacks`, message: `apply only to a bid billed unit by unit (credits, resolutions, outcomes, conversations or seats); a ${model} bid has no such units` });
    }
    if (charges.tiers !== undefined || charges.allowance !== undefined || charges.package !== undefined) {
      problems.push({ path: `${base}.creditPacks`, message: "cannot be combined with tiers, an allowance or packages: which units the credits replace would not be defined" });
    }
    const months = charges.creditPacks.boughtInMonths;
    if (Array.isArray(months) && months.every((m) => typeof m === "number") && months.some((m, i) => i > 0 && (m as number) <= (months[i - 1] as number))) {
      problems.push({ path: `${base}.creditPacks.boughtInMonths`, message: `must list the months in ascending order (got ${months.join(", ")})` });
    }
  }
  if (charges.reopenWindowDays !== undefined && model !== null && model !== "per-resolution" && model !== "outcome-based") {
    problems.push({ path: `${base}.reopenWindowDays`, message: `applies only to per-resolution and outcome-based bids, whose fees a reopened resolution reverses; a ${model} bid has none` });
  }
  return problems;
}

/** A bid's three-point resolution rate must be in order: low <= likely <= high. */
function performanceProblems(performance: unknown, base: string): TemplateProblem[] {
  if (!isObject(performance) || !isObject(performance.resolutionRate)) return [];
  const { low, likely, high } = performance.resolutionRate;
  if (![low, likely, high].every((x) => typeof x === "number" && x >= 0 && x <= 1)) return []; // the schema reports these
  if ((low as number) <= (likely as number) && (likely as number) <= (high as number)) return [];
  return [{ path: `${base}.resolutionRate`, message: `must have low <= likely <= high (got low ${low}, likely ${likely}, high ${high})` }];
}

/** A template's sources: each names a field of the bid as priced (`bid`), on a date that exists. */
function sourceProblems(sources: unknown, bid: Data, base: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!Array.isArray(sources)) return problems;
  sources.forEach((s: unknown, i: number) => {
    if (!isObject(s)) return;
    if (typeof s.field === "string" && valueAtField(bid, s.field) === undefined) {
      problems.push({ path: `${base}[${i}].field`, message: `names no field of this bid (got ${quoteText(s.field)}); write the path inside "bid", e.g. "pricing.pricePerResolution"` });
    }
    if (typeof s.asOf === "string" && DATE.test(s.asOf) && !isCalendarDate(s.asOf)) {
      problems.push({ path: `${base}[${i}].asOf`, message: `is not a date that exists (got ${quoteText(s.asOf)})` });
    }
  });
  return problems;
}

/** Dated versions: real dates in order, one version per first day, and each version's prices checked as the bid's are. */
function versionProblems(versions: unknown, bid: Data, base: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!Array.isArray(versions)) return problems;
  const firstDays = new Map<string, number>();
  versions.forEach((v: unknown, i: number) => {
    if (!isObject(v)) return;
    const at = `${base}[${i}]`;
    for (const key of ["effectiveFrom", "effectiveUntil"] as const) {
      const d = v[key];
      if (typeof d === "string" && DATE.test(d) && !isCalendarDate(d)) problems.push({ path: `${at}.${key}`, message: `is not a date that exists (got ${quoteText(d)})` });
    }
    const from = v.effectiveFrom;
    const until = v.effectiveUntil;
    if (typeof from === "string" && typeof until === "string" && isCalendarDate(from) && isCalendarDate(until) && until < from) {
      problems.push({ path: `${at}.effectiveUntil`, message: `is before the version takes effect (${from}): the last day comes after the first (got ${quoteText(until)})` });
    }
    if (typeof from === "string") {
      const first = firstDays.get(from);
      if (first !== undefined) problems.push({ path: `${at}.effectiveFrom`, message: `is the first day of versions[${first}] too (${quoteText(from)}): which prices apply that day would be unclear; give each version its own first day` });
      else firstDays.set(from, i);
    }
    problems.push(...pricingProblems(v.pricing, `${at}.pricing`), ...chargeProblems(v.pricing, v.charges, `${at}.charges`));
    const priced: Data = { ...bid, pricing: v.pricing };
    if (v.charges !== undefined) priced.charges = v.charges;
    else delete priced.charges;
    problems.push(...sourceProblems(v.sources, priced, `${at}.sources`));
  });
  return problems;
}

/**
 * Rules the schema cannot express. They run on any data, whatever the schema said, so that every
 * problem is listed at once; each rule looks only at parts well-formed enough for it.
 */
function semanticProblems(t: unknown, base: string): TemplateProblem[] {
  if (!isObject(t)) return [];
  const at = (p: string) => (base ? `${base}.${p}` : p);
  const bid = isObject(t.bid) ? t.bid : {};
  const problems: TemplateProblem[] = [
    ...pricingProblems(bid.pricing, at("bid.pricing")),
    ...chargeListProblems(bid.pricing, at("bid.pricing.charges")),
    ...chargeProblems(bid.pricing, bid.charges, at("bid.charges")),
    ...performanceProblems(bid.performance, at("bid.performance")),
  ];
  if (Array.isArray(bid.supplied)) {
    bid.supplied.forEach((item: unknown, i: number) => {
      if (isObject(item) && typeof item.label === "string" && item.perConversation === undefined && item.fixedMonthly === undefined && item.oneTime === undefined) {
        problems.push({ path: at(`bid.supplied[${i}]`), message: `(${quoteText(item.label)}) needs at least one amount: perConversation, fixedMonthly or oneTime` });
      }
    });
  }
  if (isObject(t.bid)) problems.push(...sourceProblems(t.sources, bid, at("sources")));
  else if (Array.isArray(t.sources)) problems.push(...sourceProblems(t.sources, {}, at("sources")).filter((p) => !p.path.endsWith(".field")));
  problems.push(...versionProblems(t.versions, bid, at("versions")));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Public entry points.

function cap(problems: TemplateProblem[]): TemplateProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), { path: TOP_LEVEL, message: `and ${rest} more problem${rest === 1 ? "" : "s"} not listed` }];
}

function dedupe(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The data's own problems first; the schema's only where the data did not already speak. */
function merge(dataProblems: TemplateProblem[], schemaProblems: TemplateProblem[]): TemplateProblem[] {
  const paths = new Set(dataProblems.map((p) => p.path));
  return dedupe([...dataProblems, ...schemaProblems.filter((p) => !paths.has(p.path))]);
}

/** Validates plain data already copied; base prefixes every path (e.g. "bids[2]"). */
function validateCopy(data: unknown, base: string): TemplateProblem[] {
  const validate = validators().template;
  const problems: TemplateProblem[] = [];
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      const p = wordError(e, data, base);
      if (p) problems.push(p);
    }
  }
  return merge(problems, semanticProblems(data, base));
}

/** Checks one template given as data (for example parsed JSON). Never throws. */
export function validateTemplate(value: unknown): TemplateResult {
  try {
    const { copy, problems, fatal } = copyPlainData(value, "");
    if (fatal) return { ok: false, problems: cap(dedupe(problems)) };
    const found = merge(problems, validateCopy(copy, ""));
    return found.length ? { ok: false, problems: cap(found) } : { ok: true, template: copy as BidTemplate };
  } catch (e) {
    return { ok: false, problems: [{ path: TOP_LEVEL, message: `could not be checked: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

function isCollection(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>).format === COLLECTION_FORMAT;
}

/**
 * Checks parsed file data: one template, a collection `{ "format": "aiprice-bids", "version": 1, "bids": [...] }`,
 * or a plain list of templates. Problems of the n-th bid are under `bids[n].` (or `[n].` for a plain list).
 */
export function validateTemplateData(value: unknown): TemplateFileResult {
  try {
    const { copy, problems, fatal } = copyPlainData(value, "");
    if (fatal) return { ok: false, problems: cap(dedupe(problems)) };
    if (!isCollection(copy) && !Array.isArray(copy)) {
      const found = merge(problems, validateCopy(copy, ""));
      const template = copy as BidTemplate;
      return found.length ? { ok: false, problems: cap(found) } : { ok: true, kind: "single", template, templates: [template] };
    }
    let list: unknown[];
    let base: (i: number) => string;
    const found: TemplateProblem[] = [];
    if (Array.isArray(copy)) {
      list = copy;
      base = (i) => `[${i}]`;
      if (list.length === 0) found.push({ path: TOP_LEVEL, message: "is an empty list: the file holds no bid" });
      if (list.length > 200) found.push({ path: TOP_LEVEL, message: `may list at most 200 bids (it has ${list.length})` });
    } else {
      const check = validators().collection;
      if (!check(copy)) {
        for (const e of check.errors ?? []) {
          const p = wordError(e, copy, "");
          if (p) found.push(p);
        }
      }
      const bids = copy.bids;
      list = Array.isArray(bids) && bids.length <= 200 ? bids : [];
      base = (i) => `bids[${i}]`;
    }
    const ids = new Map<string, number>();
    list.forEach((item, i) => {
      const own = validateCopy(item, base(i));
      found.push(...own);
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === "string") {
        const first = ids.get(id);
        if (first !== undefined) found.push({ path: `${base(i)}.id`, message: `is the same as the id of ${base(first)} (${quoteText(id)}): each bid in a file needs its own id` });
        else ids.set(id, i);
      }
    });
    const all = merge(problems, found);
    return all.length ? { ok: false, problems: cap(all) } : { ok: true, kind: "collection", templates: list as BidTemplate[] };
  } catch (e) {
    return { ok: false, problems: [{ path: TOP_LEVEL, message: `could not be checked: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/** Size of a text in UTF-8 bytes; a text with more characters than the limit has at least that many bytes. */
function utf8Bytes(text: string): number {
  if (text.length > MAX_FILE_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;
}

/** Line and column (1-based) of a character position in the text. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * The deepest nesting of [ and { in the text, outside strings; counting stops past `limit`. The
 * visitor below descends recursively, so it only walks text no deeper than the data may be.
 */
function nesting(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

/** Where the text first stops being JSON, as jsonc-parser finds it (strict: no comments, no trailing commas). */
function firstSyntaxError(text: string): number | null {
  if (nesting(text, MAX_DEPTH) > MAX_DEPTH) return null;
  let first: number | null = null;
  try {
    visit(
      text,
      {
        onError: (_error, offset) => {
          if (first === null) first = offset;
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch {
    return null;
  }
  return first;
}

/**
 * Where JSON.parse stopped: V8 names the position in some messages ("in JSON at position 7"), and
 * other messages quote the text instead ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"),
 * so the message is read for a position only and is never shown; otherwise jsonc-parser finds it.
 */
function errorPosition(message: string, text: string): number | null {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  if (/end of (JSON )?(input|data)/i.test(message)) return text.length;
  return firstSyntaxError(text);
}

/**
 * Plain words for the usual reasons a hand-edited file is not JSON, from the text at the error. The
 * file's own words are never quoted (a file may be anything, a password file through a link, say):
 * only JSON's punctuation is named.
 */
function jsonHint(text: string, position: number): string {
  const ch = text[position];
  const before = text.slice(0, position).replace(/\s+$/, "");
  if (position >= text.length) return "the file ends too early: a closing } or ] or a quote is missing";
  if ((ch === "}" || ch === "]") && before.endsWith(",")) return "a comma before a closing bracket is not allowed in JSON";
  if (ch === "'") return 'JSON needs double quotes " around text and field names, not single quotes';
  if (ch === "/" && (text[position + 1] === "/" || text[position + 1] === "*")) return "JSON files cannot hold comments";
  if (/[A-Za-z_]/.test(ch ?? "")) return "a word without double quotes: text and field names need double quotes, and only true, false and null are written bare";
  if (ch === '"' && /["\]}0-9el]$/.test(before)) return "a comma is missing between two entries";
  if (/^[!-/:-@[-`{-~]$/.test(ch)) return `unexpected character ${JSON.stringify(ch)}`;
  return "unexpected character";
}

/** Parses JSON text, with problems that give the line and column in plain words, never the text itself. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problems: TemplateProblem[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const position = errorPosition(e instanceof Error ? e.message : String(e), text);
    if (position === null) return { ok: false, problems: [{ path: TOP_LEVEL, message: "the file is not valid JSON" }] };
    const { line, column } = lineAndColumn(text, position);
    return { ok: false, problems: [{ path: TOP_LEVEL, message: `the file is not valid JSON: at line ${line}, column ${column}, ${jsonHint(text, position)}` }] };
  }
}

function positions(text: string, offsets: number[]): string {
  const at = offsets.map((o) => {
    const { line, column } = lineAndColumn(text, o);
    return `line ${line}, column ${column}`;
  });
  return at.length === 2 ? `at ${at[0]} and again at ${at[1]}` : `at ${at.slice(0, -1).join("; ")} and ${at[at.length - 1]}`;
}

/**
 * Fields given more than once in the same group: JSON.parse keeps the last silently, so the file
 * would not mean what it shows. Found with jsonc-parser's visitor over the text (JSON.parse stays the
 * strict parser); each named by its path and the line and column of every occurrence.
 */
export function duplicateKeys(text: string): TemplateProblem[] {
  if (nesting(text, MAX_DEPTH) > MAX_DEPTH) return []; // the data check reports the depth
  type Group = Map<string, { offsets: number[]; path: string }>;
  const groups: Group[] = [];
  const found: { first: number; problem: TemplateProblem }[] = [];
  const close = (group: Group | undefined) => {
    for (const [key, { offsets, path }] of group ?? []) {
      if (offsets.length < 2) continue;
      const times = offsets.length === 2 ? "twice" : `${offsets.length} times`;
      found.push({ first: offsets[0], problem: { path, message: `is given ${times} in one group of fields (${quoteText(key)} ${positions(text, offsets)}): JSON would keep only the last, so keep one` } });
    }
  };
  try {
    visit(
      text,
      {
        onObjectBegin: () => {
          groups.push(new Map());
        },
        onObjectProperty: (key, offset, _length, _line, _character, pathSupplier) => {
          const group = groups[groups.length - 1];
          const seen = group?.get(key);
          if (seen) seen.offsets.push(offset);
          else group?.set(key, { offsets: [offset], path: "" });
          if (seen && seen.offsets.length === 2)
            seen.path = joinPath(
              pathSupplier().reduce<string>((p, k) => joinPath(p, k), ""),
              key,
            );
        },
        onObjectEnd: () => close(groups.pop()),
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch {
    return [];
  }
  return found.sort((a, b) => a.first - b.first).map((f) => f.problem);
}

/**
 * Reads a template file's text: one template, or several (`{ "format": "aiprice-bids", ... }` or a list).
 * Never throws. `fileName` only words the size problem.
 */
export function readTemplateFile(text: string, fileName?: string): TemplateFileResult {
  const name = fileName ? quoteText(fileName) : "the file";
  if (typeof text !== "string") return { ok: false, problems: [{ path: TOP_LEVEL, message: `${name} could not be read as text` }] };
  const bytes = utf8Bytes(text);
  if (bytes > MAX_FILE_BYTES) {
    return { ok: false, problems: [{ path: TOP_LEVEL, message: `${name} is ${kb(bytes)}; a template file may be at most ${kb(MAX_FILE_BYTES)}` }] };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte-order mark from Windows editors
  if (body.trim() === "") return { ok: false, problems: [{ path: TOP_LEVEL, message: `${name} is empty` }] };
  const parsed = parseJsonText(body);
  if (!parsed.ok) return parsed;
  const twice = duplicateKeys(body);
  if (twice.length) return { ok: false, problems: cap(twice) };
  return validateTemplateData(parsed.value);
}
