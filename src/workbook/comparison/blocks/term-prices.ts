/**
 * Prices over the term are the prices in effect each month (docs/spec.md#one-model-one-answer; the engine:
 * termPrices in src/templates/versions.ts, bidTerm in src/engine/term.ts). More:
 * docs/modules.md#workbook-comparison-blocks-term-prices.
 */
import { MAX_TERM_MONTHS } from "../../../engine/term";
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell, PlannedInput } from "../../sheet-plan";
import { BidFormulas, Symbols } from "../bid-formulas";
import type { InputRow } from "../bid-inputs";
import { flag, formula, num, text } from "../cells";
import { bidFormulas, ComparisonContext, scenarioTokenCells } from "../context";
import { INPUT_COL, ROW, TERM_MONTH_COL } from "../keys";
import { DAY_FORMAT, dayNumber, inEffectFormula, monthDayFormula, pickFormula, TermVersion, termVersions, VERSION_PATH, VersionCells } from "../term-versions";

/** The block's rows, by what they are. */
export const TERM_PRICES_ROW = {
  head: "term-prices:head",
  start: "term-prices:start",
  day: "term-prices:day",
  title: (bid: string) => `term-prices:${bid}:title`,
  version: (bid: string, id: string) => `term-prices:${bid}:v:${id}`,
  input: (bid: string, id: string, path: string) => `term-prices:${bid}:v:${id}:${path}`,
  inEffect: (bid: string) => `term-prices:${bid}:in-effect`,
  label: (bid: string) => `term-prices:${bid}:label`,
} as const;
const R = TERM_PRICES_ROW;
const LAST = TERM_MONTH_COL.first + MAX_TERM_MONTHS - 1;

const cache = new WeakMap<ComparisonContext, (TermVersion[] | null)[]>();

/** Each bid's versions over the term (null: one version prices every month). */
export function bidVersions(ctx: ComparisonContext): (TermVersion[] | null)[] {
  let v = cache.get(ctx);
  if (!v) {
    v = (ctx.requested ?? ctx.templates).map((t) => termVersions(t, ctx.asOf, ctx.formats));
    cache.set(ctx, v);
  }
  return v;
}

/** The cells of bid i's versions: first and last day (input cells), label. */
function versionCells(ctx: ComparisonContext, at: Locator, i: number, versions: TermVersion[]): VersionCells[] {
  const key = ctx.keys[i];
  return versions.map((v) => {
    const row = R.version(key, v.id);
    return { from: v.from === null ? null : at.cell(row, INPUT_COL.value, true), until: v.from === null ? null : at.cell(row, INPUT_COL.second, true), label: at.cell(row, INPUT_COL.label, true) };
  });
}

/** The address of one of a version's own inputs (a field path of its bid). */
function versionInput(at: Locator, key: string, v: TermVersion, path: string): string {
  const row = v.rows.find((r) => r.path === path || r.second?.path === path);
  if (!row) throw new Error(`internal: the version ${v.id} of bid ${key} has no input ${path}`);
  return at.cell(R.input(key, v.id, row.path), row.path === path ? INPUT_COL.value : INPUT_COL.second, true);
}

/**
 * What the vendor bills for each month of the term (a row of 60, before the escalator), at the prices
 * of the version in effect that month: BidFormulas.monthlyBill of each version, picked by the month's
 * version. Bids whose prices do not change within the term: their own monthly bill.
 */
export function monthlyBillInEffect(ctx: ComparisonContext, at: Locator, i: number, s: Symbols): string {
  const versions = bidVersions(ctx)[i];
  const own = bidFormulas(ctx, at, i);
  if (!versions) return own.monthlyBill(s);
  const key = ctx.keys[i];
  const bills = versions.map((v) => {
    if (v.atStart) return own.monthlyBill(s);
    const fx = new BidFormulas(v.bid, (path) => versionInput(at, key, v, path), { perConversation: "0", fixedMonthly: "0", oneTime: "0" }, scenarioTokenCells(ctx));
    try {
      return fx.monthlyBill(s);
    } catch {
      // A version the scenario cannot price (a per-token version without tokens): its months are errors, as the engine's.
      return "NA()";
    }
  });
  const chosen = at.range(R.inEffect(key), TERM_MONTH_COL.first, R.inEffect(key), LAST, true);
  return pickFormula(
    chosen,
    versionCells(ctx, at, i, versions),
    bills,
    versions.findIndex((v) => v.atStart),
  );
}

function valueCell(row: InputRow, follows: string | null): PlanCell {
  if (row.fixed) return num(row.value as number, row.format, "figure");
  if (follows !== null) return formula(follows, row.format, "input");
  if (row.value === null) return text("", "input");
  if (typeof row.value === "boolean") return flag(row.value, "input");
  if (typeof row.value === "string") return text(row.value, "input");
  return num(row.value, row.format, "input");
}

/** One version: its name, first and last day (inputs), then its prices (inputs), or where they are. */
function versionLines(ctx: ComparisonContext, at: Locator, i: number, v: TermVersion, inputs: PlannedInput[]): (PlanCell | null)[][] {
  const key = ctx.keys[i];
  const head: (PlanCell | null)[] = [text(v.label, "header")];
  const where = v.atStart ? "in effect on the comparison date: priced by the bid's inputs (Prices and inputs by bid)" : "its prices below";
  if (v.from === null) {
    head[INPUT_COL.value] = text("undated", "figure");
    head[INPUT_COL.help] = text(`the file's own prices, when no dated version is in effect; ${where}`, "note");
  } else {
    const row = R.version(key, v.id);
    head[INPUT_COL.value] = num(dayNumber(v.from), DAY_FORMAT, "input");
    head[INPUT_COL.second] = v.until === null ? text("", "input") : num(dayNumber(v.until), DAY_FORMAT, "input");
    head[INPUT_COL.help] = text(`first day | last day (blank: until a later version), typed as yyyymmdd; ${where}`, "note");
    inputs.push({ path: VERSION_PATH.from(v.id), bid: key, row, col: INPUT_COL.value, kind: "number", written: dayNumber(v.from) });
    inputs.push({ path: VERSION_PATH.until(v.id), bid: key, row, col: INPUT_COL.second, kind: "number-or-blank", written: v.until === null ? null : dayNumber(v.until) });
  }
  const lines = [head];
  for (const r of v.rows) {
    const row = R.input(key, v.id, r.path);
    const follows = r.follows !== undefined ? `=${versionInput(at, key, v, r.follows)}` : null;
    const line: (PlanCell | null)[] = [text(r.label), valueCell(r, follows), null, text(r.help, "note")];
    if (!r.fixed) inputs.push({ path: VERSION_PATH.field(v.id, r.path), bid: key, row, col: INPUT_COL.value, kind: r.kind, written: follows ?? r.value });
    if (r.second) {
      line[INPUT_COL.second] = num(r.second.value, r.second.format, "input");
      inputs.push({ path: VERSION_PATH.field(v.id, r.second.path), bid: key, row, col: INPUT_COL.second, kind: r.second.kind, written: r.second.value });
    }
    lines.push(line);
  }
  return lines;
}

/** Month by month, the version in effect: its first day (0: the undated prices), then its name. */
function inEffectLines(ctx: ComparisonContext, at: Locator, i: number, versions: TermVersion[]): (PlanCell | null)[][] {
  const key = ctx.keys[i];
  const cells = versionCells(ctx, at, i, versions);
  const fallback = versions.findIndex((v) => v.atStart);
  const days: (PlanCell | null)[] = [text("Prices in effect from (the version's first day)")];
  const names: (PlanCell | null)[] = [text("Prices in effect", "header")];
  for (let k = 0; k < MAX_TERM_MONTHS; k++) {
    const col = TERM_MONTH_COL.first + k;
    const chosen = at.cell(R.inEffect(key), col);
    days[col] = formula(inEffectFormula(at.cell(R.day, col, true), cells), DAY_FORMAT, "figure");
    names[col] = formula(
      `IF(${chosen}="", "", ${pickFormula(
        chosen,
        cells,
        cells.map((c) => c.label),
        fallback,
      )})`,
      undefined,
      "figure",
    );
  }
  return [days, names];
}

function bidRows(ctx: ComparisonContext, i: number, versions: TermVersion[]): string[] {
  const key = ctx.keys[i];
  return [R.title(key), ...versions.flatMap((v) => [R.version(key, v.id), ...v.rows.map((r) => R.input(key, v.id, r.path))]), R.inEffect(key), R.label(key), ROW.space(`term-prices:${key}`)];
}

const NOTE =
  "Each month of the term is priced at the version of the bid's prices in effect that month: month 1 on the day the term starts, month m on the first day of the (m - 1)-th month after it. Orange cells are inputs: a version's first and last day, and its prices.";

export const termPricesBlock: SheetBlock<ComparisonContext> = {
  id: "term-prices",
  rows: (ctx) => {
    const all = bidVersions(ctx);
    if (all.every((v) => v === null)) return [];
    return [R.head, R.start, R.day, ...all.flatMap((v, i) => (v ? bidRows(ctx, i, v) : [])), ROW.space("term-prices")];
  },
  fill: (ctx, at) => {
    const all = bidVersions(ctx);
    if (all.every((v) => v === null)) return { cells: [] };
    const inputs: PlannedInput[] = [];
    const start = at.cell(R.start, INPUT_COL.value, true);
    inputs.push({ path: VERSION_PATH.start, row: R.start, col: INPUT_COL.value, kind: "number", written: dayNumber(ctx.asOf) });
    const months = at.range(ROW.termMonths, TERM_MONTH_COL.first, ROW.termMonths, LAST, true);
    const day: (PlanCell | null)[] = [text("Day whose prices price the month", "header")];
    day[TERM_MONTH_COL.first] = formula(`IF(${months}="", "", ${monthDayFormula(start, months)})`, DAY_FORMAT, "figure", { rows: 1, cols: MAX_TERM_MONTHS });
    const cells: (PlanCell | null)[][] = [
      [text("Prices over the term: the version in effect each month", "section"), null, null, text(NOTE, "note")],
      [text("The term starts on (the comparison date)"), num(dayNumber(ctx.asOf), DAY_FORMAT, "input"), null, text("typed as yyyymmdd, e.g. 20260815", "note")],
      day,
    ];
    all.forEach((versions, i) => {
      if (!versions) return;
      const bid = ctx.templates[i].bid;
      cells.push([text(`${bid.name} - ${bid.vendor}: its dated prices`, "section")]);
      for (const v of versions) cells.push(...versionLines(ctx, at, i, v, inputs));
      cells.push(...inEffectLines(ctx, at, i, versions), []);
    });
    cells.push([]);
    return { cells, inputs };
  },
};
