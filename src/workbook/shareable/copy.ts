/**
 * The shareable copy as a sheet plan: a pure function from what a comparison sheet holds now (its
 * contents as typed, its values, its names, and the add-in's plan of it for the formats) to a new
 * sheet with the same layout, labels and formats in which every AIPRICE call is native Excel (or, on
 * request, every formula is its value). The inputs stay live; the add-in's bookkeeping (the hidden id
 * row, the key column and its notes) is left out, and the copy is not one of the add-in's sheets.
 */
import { cellAddress, parseSheetReference, parseRange } from "../a1";
import { CellContent, CellValue, isCellError, sameSheetName } from "../port";
import { planCells, PlainSheetPlan, PlanBlock, PlanCell, PlanName, SheetPlan, StyleName } from "../sheet-plan";
import type { ComparisonLayout } from "../sheet-plan";
import { givesOnlyNumbers, KeepValue, NameTarget, Translation, Translator, Workings } from "./translate";

export interface CopySource {
  sheetName: string;
  /** Contents as typed, [row][col] from A1: formulas "=...", constants, null for empty. */
  contents: CellContent[][];
  /** Values now, [row][col] from A1 (at least as far as the contents). */
  values: CellValue[][];
  /** The names the sheet can use: its own (`sheet` = its name) and the workbook's (`sheet` null). */
  names: { name: string; sheet: string | null; refersTo: string }[];
  /** The add-in's bookkeeping: its hidden id row and its key column (left out of the copy). */
  marker: { row: number; col: number };
  /** The add-in's plan of the sheet at its current rows and columns (formats, styles, widths, charts), or null. */
  plan: SheetPlan | null;
  /** The workbook's sheets (the copy takes a name none of them has). */
  existingSheets: readonly string[];
}

export interface CopyOptions {
  /** Every formula replaced by its value (errors stay errors). */
  valuesOnly?: boolean;
  /** The date the copy is made, YYYY-MM-DD. */
  date: string;
}

export interface CopyResult {
  /** A plain sheet (never marked as the add-in's own comparison: an update or an export never touches it). */
  plan: PlainSheetPlan;
  /** The comparison's cells, at the same addresses in the copy. */
  layout: ComparisonLayout;
  /** Formulas written (native), and cells kept as values with why. */
  formulas: number;
  kept: { cell: string; reason: string }[];
}

/** A free sheet name for the copy: "<name> (shareable)", at most 31 characters. */
export function shareableSheetName(source: string, existing: readonly string[]): string {
  const taken = (n: string) => existing.some((e) => sameSheetName(e, n));
  for (let k = 1; k < 1000; k++) {
    const suffix = k === 1 ? " (shareable)" : ` (shareable ${k})`;
    const name = `${source.slice(0, 31 - suffix.length)}${suffix}`;
    if (!taken(name)) return name;
  }
  throw new Error("no free sheet name for the copy");
}

const isFormula = (c: CellContent): c is string => typeof c === "string" && c.startsWith("=") && c.length > 1;

/** A value as a cell of the plan: text stays text; an error stays an error (a formula giving it). */
function valueCell(v: CellValue, decor: Decor | undefined): PlanCell | null {
  const d = { ...(decor?.format ? { format: decor.format } : {}), ...(decor?.style ? { style: decor.style } : {}) };
  if (v === null) return null;
  if (isCellError(v)) return { kind: "formula", formula: errorFormula(v.error), ...d };
  if (typeof v === "number") return { kind: "number", value: v, ...d };
  if (typeof v === "boolean") return { kind: "boolean", value: v, ...d };
  return { kind: "text", value: v, ...d };
}

const KNOWN_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);
function errorFormula(code: string): string {
  return `=${KNOWN_ERRORS.has(code) ? code : "#VALUE!"}`;
}

interface Decor {
  format?: string;
  style?: StyleName;
}

export function planShareableCopy(src: CopySource, options: CopyOptions): CopyResult {
  const sheetName = shareableSheetName(src.sheetName, src.existingSheets);
  const decor = new Map<string, Decor>();
  const key = (r: number, c: number) => `${r},${c}`;
  if (src.plan) {
    for (const { row, col, cell } of planCells(src.plan)) decor.set(key(row, col), { format: cell.format, style: cell.style });
  }
  const bookkeeping = (r: number, c: number) => r === src.marker.row || c === src.marker.col;
  const content = (r: number, c: number): CellContent => (bookkeeping(r, c) ? null : (src.contents[r]?.[c] ?? null));
  const value = (r: number, c: number): CellValue => src.values[r]?.[c] ?? null;

  // Names: the sheet's own single-cell names are made again on the copy (formulas keep them); the
  // workbook's keep working from any sheet. The add-in's marker names are left out.
  const targets = new Map<string, NameTarget & { scope: "sheet" | "workbook" }>();
  const copyNames: PlanName[] = [];
  const comments = new Map((src.plan?.names ?? []).map((n) => [n.name.toUpperCase(), n.comment]));
  for (const n of src.names) {
    if (/^AIPRICE_Comparison/i.test(n.name)) continue;
    const ref = parseSheetReference(n.refersTo);
    if (!ref) continue;
    let range;
    try {
      range = parseRange(ref.address.replace(/\$/g, ""));
    } catch {
      continue;
    }
    const scope = n.sheet !== null && sameSheetName(n.sheet, src.sheetName) ? "sheet" : n.sheet === null ? "workbook" : null;
    if (scope === null) continue;
    const upper = n.name.toUpperCase();
    if (scope === "sheet" || !targets.has(upper)) targets.set(upper, { sheet: ref.sheet, range, scope });
    const single = range.start.row === range.end.row && range.start.col === range.end.col;
    if (scope === "sheet" && single && sameSheetName(ref.sheet, src.sheetName)) copyNames.push({ name: n.name, address: cellAddress(range.start), comment: comments.get(upper) ?? "" });
  }
  const kept = new Set(copyNames.map((n) => n.name.toUpperCase()));

  const rows = src.contents.length;
  const base = {
    sheet: src.sheetName,
    content,
    value,
    name: (n: string) => targets.get(n.toUpperCase()) ?? null,
    keepsName: (n: string) => kept.has(n.toUpperCase()) || targets.get(n.toUpperCase())?.scope === "workbook",
    rowLabel: (r: number) => {
      const c = src.contents[r]?.[0];
      return typeof c === "string" && !isFormula(c) ? c : "";
    },
  };

  // Which cells compute numbers: formulas that give only numbers, and the cells they spill into.
  const numeric = new Set<string>();
  const firstPass = new Translator({ ...base, isNumeric: (r, c) => numeric.has(key(r, c)) }, new Workings(1_000_000));
  const width = Math.max(0, ...src.contents.map((r) => r.length));
  const formulaCells: { row: number; col: number; text: string }[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < width; c++) {
      const x = content(r, c);
      if (isFormula(x)) formulaCells.push({ row: r, col: c, text: x });
    }
  for (const f of formulaCells) if (givesOnlyNumbers(f.text)) numeric.add(key(f.row, f.col));
  for (const f of formulaCells) {
    if (!numeric.has(key(f.row, f.col))) continue;
    const t = firstPass.formula(f.text, f.row, f.col);
    const spill = t.kind === "formula" ? t.spill : null;
    if (spill) for (let i = 0; i < spill.rows; i++) for (let j = 0; j < spill.cols; j++) numeric.add(key(f.row + i, f.col + j));
  }

  // The workings start two rows below the sheet's last row: a heading, a note, a blank row, then the rows.
  const headingRow = rows + 1;
  const workings = new Workings(headingRow + 3);
  const translator = new Translator({ ...base, isNumeric: (r, c) => numeric.has(key(r, c)) }, workings);

  const out = new Map<string, PlanCell>();
  const covered = new Set<string>();
  const keptValues: { cell: string; reason: string }[] = [];
  let formulas = 0;
  const place = (r: number, c: number, cell: PlanCell | null) => {
    if (cell) out.set(key(r, c), cell);
  };

  if (options.valuesOnly) {
    const h = src.values.length;
    for (let r = 0; r < h; r++) {
      const line = src.values[r] ?? [];
      for (let c = 0; c < line.length; c++) {
        if (bookkeeping(r, c)) continue;
        place(r, c, valueCell(line[c], decor.get(key(r, c))));
      }
    }
  } else {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < width; c++) {
        if (covered.has(key(r, c))) continue;
        const x = content(r, c);
        if (x === null || x === "") continue;
        const d = decor.get(key(r, c));
        const styled = { ...(d?.format ? { format: d.format } : {}), ...(d?.style ? { style: d.style } : {}) };
        if (!isFormula(x)) {
          place(r, c, typeof x === "number" ? { kind: "number", value: x, ...styled } : typeof x === "boolean" ? { kind: "boolean", value: x, ...styled } : { kind: "text", value: x, ...styled });
          continue;
        }
        const t: Translation = translator.formula(x, r, c);
        if (t.kind === "formula") {
          formulas++;
          place(r, c, { kind: "formula", formula: t.formula, ...styled, ...(t.spill ? { spill: t.spill } : {}) });
          if (t.spill) for (let i = 0; i < t.spill.rows; i++) for (let j = 0; j < t.spill.cols; j++) if (i || j) covered.add(key(r + i, c + j));
        } else if (t.kind === "numbers") {
          t.values.forEach((line, i) =>
            line.forEach((v, j) => {
              place(r + i, c + j, { kind: "number", value: v, ...styled });
              if (i || j) covered.add(key(r + i, c + j));
            }),
          );
        } else {
          place(r, c, valueCell(value(r, c), d));
          keptValues.push({ cell: cellAddress({ row: r, col: c }), reason: t.reason });
        }
      }
  }

  // The subtitle says what the copy is.
  const title = src.plan?.blocks.find((b) => b.id === "title");
  const what = options.valuesOnly
    ? `Values-only copy of “${src.sheetName}”, made ${options.date} from the AIPRICE add-in's comparison: every figure is the value it had then (nothing recomputes). Opens in any spreadsheet without the add-in.`
    : `Shareable copy of “${src.sheetName}”, made ${options.date}: native Excel formulas (Excel 2016 and later) compute the same figures as the AIPRICE add-in, so it opens without the add-in. Orange cells are inputs: change any of them and every figure recomputes. How it works: the rows at the bottom.`;
  if (title) {
    const at = parseRange(title.topLeft).start;
    place(at.row + 1, at.col, { kind: "text", value: what, style: "subtitle" });
  }

  // The workings: a heading, what they are, their rows, then the notes.
  const notes: string[] = [];
  if (!options.valuesOnly) {
    const fixedSeeds = [...workings.shared.keys()].map((k) => k.split("|")).map(([count, seed]) => `seed ${seed} (${Number(count).toLocaleString("en-US")} draws)`);
    if (fixedSeeds.length > 0) notes.push(`The drawn scenarios use the ranks written in the workings for ${[...new Set(fixedSeeds)].join(", ")}: the seed and the number of draws are fixed in this copy (the add-in reorders the draws for another seed; here a draw whose seed or count changes shows #N/A).`);
    for (const k of keptValues) notes.push(`${k.cell} holds the value it had on ${options.date}, not a formula: ${k.reason}.`);
  }
  const head: [number, PlanCell][] = [
    [headingRow, { kind: "text", value: options.valuesOnly ? "About this copy" : "How this copy computes without the add-in", style: "section" }],
    [
      headingRow + 1,
      {
        kind: "text",
        value: options.valuesOnly
          ? `Made from “${src.sheetName}” on ${options.date}. Every cell holds a value: to recompute, open the add-in's comparison sheet, or make a shareable copy with formulas.`
          : `Each AIPRICE function of “${src.sheetName}” is written here in Excel's own functions (IF, BETA.INV, SUMPRODUCT, COUNTIF ...) with the same checks: where the add-in shows #NUM! or #DIV/0!, so does this copy. Formulas that spill are array formulas over fixed ranges. The rows below are the workings these formulas refer to.`,
        style: "note",
      },
    ],
  ];
  for (const [r, cell] of head) place(r, 0, cell);
  for (const w of workings.rows) {
    if (w.label) place(w.row, 0, { kind: "text", value: w.label, style: "note" });
    for (const [c, cell] of w.cells) place(w.row, c, cell);
  }
  const notesRow = workings.end + 1;
  notes.forEach((n, i) => place(notesRow + i, 0, { kind: "text", value: n, style: "warning" }));

  const plan: PlainSheetPlan = {
    sheetName,
    blocks: blocksOf(out),
    names: copyNames,
    columnWidths: src.plan?.columnWidths ?? [{ column: "A", points: 230 }],
    hiddenColumns: src.plan?.hiddenColumns ?? [],
    hiddenRows: src.plan?.hiddenRows ?? [src.marker.row],
    charts: src.plan?.charts.map((c) => ({ ...c })) ?? [],
  };
  const layout = src.plan?.layout ?? (EMPTY_LAYOUT as ComparisonLayout);
  return { plan, layout, formulas, kept: options.valuesOnly ? [] : keptValues };
}

const EMPTY_LAYOUT = {
  scenario: {},
  bids: [],
  rates: { rates: "", count: 0, first: 0, step: 0, cheapest: "", changes: "", rangeFrom: "", rangeTo: "", rangeBid: "" },
  draws: { count: 0, conversations: "", humanCost: "", tokens: "" },
  questions: [],
  meta: "",
};

/** The cells as blocks: each row's runs of cells (a gap of more than 8 empty cells starts a new block). */
function blocksOf(cells: Map<string, PlanCell>): PlanBlock[] {
  const byRow = new Map<number, [number, PlanCell][]>();
  for (const [k, cell] of cells) {
    const [r, c] = k.split(",").map(Number);
    let line = byRow.get(r);
    if (!line) byRow.set(r, (line = []));
    line.push([c, cell]);
  }
  const blocks: PlanBlock[] = [];
  for (const r of [...byRow.keys()].sort((a, b) => a - b)) {
    const line = byRow.get(r)!.sort((a, b) => a[0] - b[0]);
    let start = 0;
    for (let i = 1; i <= line.length; i++) {
      if (i < line.length && line[i][0] - line[i - 1][0] <= 9) continue;
      const first = line[start][0];
      const run: (PlanCell | null)[] = [];
      for (let k = start; k < i; k++) run[line[k][0] - first] = line[k][1];
      for (let k = 0; k < run.length; k++) run[k] ??= null;
      blocks.push({ id: "shareable", topLeft: cellAddress({ row: r, col: first }), cells: [run] });
      start = i;
    }
  }
  return blocks;
}

export { KeepValue };
