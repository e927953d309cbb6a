/**
 * The comparison sheet as data: a pure function from the scenario and the chosen bids to a SheetPlan.
 * More: docs/modules.md#workbook-plan.
 */
import { cellAddress, columnLetters, parseCell } from "./a1";
import { guardInputs } from "./input-rules";
import { CalcNotes, calcNotes } from "./calc-notes";
import { CALC_FIRST_ROW, calcAwaySheet, calcSheetName, CalcSheetPlan, onCalcSheet, planCalcSheetSteps } from "./calc-sheet";
import { collectRows, ComposedSheet, composeSheetSteps, Locator, SheetBlock, sequentialPlacement } from "./layout";
import { runSteps, runStepsAsync, Steps } from "./steps";
import { bidsBlock } from "./comparison/blocks/bids";
import { chargesBlock } from "./comparison/blocks/charges";
import { decideBlock } from "./comparison/blocks/decide";
import { drawsBlock } from "./comparison/blocks/draws";
import { priceToMatchBlock } from "./comparison/blocks/price-to-match";
import { inputsBlock } from "./comparison/blocks/inputs";
import { questionGroups, questionsBlock } from "./comparison/blocks/questions";
import { ORDER_COL, ORDER_ROW, orderRow, rateOrderBlock } from "./comparison/blocks/rate-order";
import { ratesBlock } from "./comparison/blocks/rates";
import { riskBlock } from "./comparison/blocks/risk";
import { scenarioBlock } from "./comparison/blocks/scenario";
import { monthRow, termBlock } from "./comparison/blocks/term";
import { termPricesBlock } from "./comparison/blocks/term-prices";
import { TERM_CREDITS_ROW, TERM_UNITS_ROW } from "./comparison/blocks/term-units";
import { titleBlock } from "./comparison/blocks/title";
import { termChartLinesBlock } from "./comparison/blocks/term-chart";
import { summaryBlock } from "./comparison/blocks/summary";
import { ComparisonContext, comparisonContext, inputCell } from "./comparison/context";
import { BID_COL, CHARGE_COL, DRAWS_COLUMN, ID_ROW, KEY_COLUMN, RATES_COL, RISK_COL, ROW, SUMMARY_COL, TERM_COL, TERM_MONTH_COL } from "./comparison/keys";
import { SUMMARY_VIEWS } from "./comparison/blocks/summary";
import { checkComparisonRequest, checkSheetName, ComparisonProblem, ComparisonRequest, freeSheetName } from "./comparison/request";
import { sameSheetName } from "./port";
import { BidLayout, COMPARISON_FORMAT, COMPARISON_VERSION, ComparisonLayout, META_CHUNK, PlanBlock, PlanCell, PlannedInput, SheetPlan } from "./sheet-plan";
import { RATE_GRID } from "../engine/compare";
import { MAX_TERM_MONTHS } from "../engine/term";

export { BidFormulas } from "./comparison/bid-formulas";
export { formatsFor } from "./comparison/cells";
export type { Formats } from "./comparison/cells";
export { SCENARIO_NAMES } from "./comparison/context";
export type { InputKind } from "./sheet-plan";
export { checkComparisonRequest, checkSheetName, ComparisonProblem, DEFAULT_SHEET_NAME, freeSheetName, MAX_BIDS } from "./comparison/request";
export type { ComparisonRequest, RiskSettings } from "./comparison/request";

/** The comparison sheet, block by block, top to bottom. */
export const COMPARISON_BLOCKS: readonly SheetBlock<ComparisonContext>[] = [
  titleBlock,
  summaryBlock,
  scenarioBlock,
  bidsBlock,
  riskBlock,
  ratesBlock,
  termBlock,
  termChartLinesBlock,
  termPricesBlock,
  chargesBlock,
  inputsBlock,
  questionsBlock,
  decideBlock,
  priceToMatchBlock,
  drawsBlock,
  rateOrderBlock,
];

/**
 * Where the rows and columns go on a sheet that already exists (an update): each key's sheet row, and
 * each planned column's sheet column. A new sheet lays its rows out one after another.
 */
export interface Placement {
  rowOf(keys: readonly string[]): Map<string, number>;
  columnOf?(col: number): number;
}

export interface PlanOptions {
  /** Use this sheet name (when updating the add-in's own sheet) instead of finding a free one. */
  sheetName?: string;
  placement?: Placement;
  /** The add-in's notes carried from an earlier version of the sheet (edits found). */
  edits?: ComparisonMeta["edits"];
  /** The sheet's id: an update keeps its sheet's; a new sheet's is made from its name and request. */
  id?: string;
  /** The calculation sheet's name (an update keeps its sheet's); a new one is "<sheet name> calc", free. */
  calcSheet?: string;
  /**
   * Plan every row on the comparison sheet, the draws and the term's months at its bottom, as the
   * release before the calculation sheet did (no calculation sheet): what the tests of an update from
   * such a sheet build first.
   */
  oneSheet?: boolean;
}

/** The add-in's notes on its sheet, kept beside the marker (hidden row 1). */
export interface ComparisonMeta {
  format: string;
  version: number;
  /** The sheet's id: the marker name's comment names it too. */
  id: string;
  /** What the sheet was built from, with the edits carried over applied. */
  request: ComparisonRequest;
  /** Each keyed row's add-in cells: "col:fingerprint" pairs, separated by spaces. */
  cells: Record<string, string>;
  /** Spilled results of the add-in: [row key, planned column, rows, columns]. */
  spills: [string, number, number, number][];
  inputs: PlannedInput[];
  charts: string[];
  names: string[];
  /** Inputs the analyst edited on the sheet, found by an update or an export: the record for provenance. */
  edits: { bid?: string; path: string; was: unknown; now: unknown; found: string }[];
  /**
   * The calculation sheet beside it (./calc-sheet: the draws and the term's months); absent on a sheet
   * built before it had one (its draws and months were at its bottom).
   */
  calc?: string;
  /** The ranges the add-in wrote on the calculation sheet (an update clears them before writing it again). */
  calcWritten?: string[];
  /** Each cell the add-in wrote on the calculation sheet and its spills (./calc-notes): an update tells the analyst's cells from them. */
  calcCells?: CalcNotes["calcCells"];
  calcSpills?: CalcNotes["calcSpills"];
}

/** A cell's content as the plan writes it, in the form a port reads it back. */
export function writtenContent(cell: PlanCell): number | boolean | string {
  switch (cell.kind) {
    case "number":
    case "boolean":
    case "text":
      return cell.value;
    case "formula":
      return cell.formula;
  }
}

/**
 * A fingerprint of a cell's content that survives the moves Excel makes: references in a formula are
 * left out (they change when rows are inserted above), case and spaces outside quotes too. A number,
 * a flag or a text is itself. Two contents with the same fingerprint are "the same as written".
 */
export function fingerprint(content: number | boolean | string | null | undefined): string {
  if (content === null || content === undefined || content === "") return "";
  if (typeof content === "number") return hash(`n${content}`);
  if (typeof content === "boolean") return hash(`b${content}`);
  if (!content.startsWith("=")) return hash(`t${content}`);
  let shape = "";
  const parts = content.split('"');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      shape += `"${part}"`;
      return;
    }
    shape += part
      .toUpperCase()
      .replace(/\s+/g, "")
      .replace(/(?:'[^']*'|[A-Z0-9_.]+)!/g, "S!")
      .replace(/(?<![A-Z0-9_.$])\$?[A-Z]{1,3}\$?\d+(?![A-Z0-9_.(])/g, "R");
  });
  return hash(`f${shape}`);
}

/** FNV-1a, 32 bits, in base 36. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The whole comparison sheet as data. Throws ComparisonProblem when the request cannot be built. */
export function planComparison(request: ComparisonRequest, existingSheetNames: readonly string[], options: PlanOptions = {}): SheetPlan {
  return runSteps(planComparisonSteps(request, existingSheetNames, options));
}

/**
 * planComparison in a page: the same plan, planned in steps between which the event loop gets a turn
 * (./steps: a block at a time), so that a large comparison does not freeze the page while it is planned.
 */
export function planComparisonInSteps(request: ComparisonRequest, existingSheetNames: readonly string[], options: PlanOptions = {}, run: { budgetMs?: number; pause?: () => Promise<void> } = {}): Promise<SheetPlan> {
  return runStepsAsync(planComparisonSteps(request, existingSheetNames, options), run);
}

/** Where the rows go: the context, the keyed rows of both sheets and the Locator that finds them. */
interface Placed {
  sheetName: string;
  calcName: string;
  ctx: ComparisonContext;
  perBlock: string[][];
  /** The comparison sheet's keys, top to bottom. */
  keys: string[];
  placement: Map<string, number>;
  everywhere: Map<string, number>;
  columnOf: (c: number) => number;
  at: Locator;
}

/** The request checked, the sheets named, every block's rows placed. Throws ComparisonProblem. */
function* placeRows(request: ComparisonRequest, existingSheetNames: readonly string[], options: PlanOptions): Steps<Placed> {
  const problems = checkComparisonRequest(request);
  if (problems.length > 0) throw new ComparisonProblem(problems);
  yield;
  const sheetName = options.sheetName ?? freeSheetName(existingSheetNames);
  checkSheetName(sheetName);
  if (options.sheetName === undefined && existingSheetNames.some((n) => sameSheetName(n, sheetName))) {
    throw new ComparisonProblem([`a sheet named "${sheetName}" already exists`]);
  }
  const calcName = options.calcSheet ?? calcSheetName(sheetName, existingSheetNames);
  const ctx = comparisonContext(request);
  yield;
  const { perBlock, rows: all } = collectRows(ctx, COMPARISON_BLOCKS);
  // The comparison sheet's rows, and the calculation sheet's (./calc-sheet), laid out one after another there.
  const away = options.oneSheet ? () => false : onCalcSheet;
  const keys = all.keys.filter((k) => !away(k));
  const calcKeys = all.keys.filter(away);
  const placement = options.placement ? options.placement.rowOf(keys) : sequentialPlacement(keys, ID_ROW + 1);
  const everywhere = new Map([...placement, ...sequentialPlacement(calcKeys, CALC_FIRST_ROW)]);
  const columnOf = options.placement?.columnOf ?? ((c: number) => c);
  const at = new Locator(everywhere, columnOf, { ...calcAwaySheet(calcName), has: away });
  return { sheetName, calcName, ctx, perBlock, keys, placement, everywhere, columnOf, at };
}

/** The hidden key column (every keyed row's key, in runs of adjacent rows) and the hidden id row (the add-in's column ids). */
function keysAndIds(p: Placed): PlanBlock[] {
  const { at, columnOf } = p;
  const keyCol = columnOf(KEY_COLUMN);
  const blocks: PlanBlock[] = [];
  const keyed = p.keys.map((key) => ({ row: at.row(key), key })).sort((a, b) => a.row - b.row);
  for (let i = 0; i < keyed.length;) {
    let j = i + 1;
    while (j < keyed.length && keyed[j].row === keyed[j - 1].row + 1) j++;
    const run = keyed.slice(i, j).map(({ key }): (PlanCell | null)[] => [{ kind: "text", value: key, style: "meta" }]);
    blocks.push({ id: "keys", topLeft: cellAddress({ row: keyed[i].row, col: keyCol }), cells: run });
    i = j;
  }
  // The id row: an update finds columns the analyst inserted by them.
  for (let c = 0; c < KEY_COLUMN;) {
    let d = c + 1;
    while (d < KEY_COLUMN && columnOf(d) === columnOf(d - 1) + 1) d++;
    const run = Array.from({ length: d - c }, (_, k): PlanCell => ({ kind: "number", value: c + k + 1, style: "meta" }));
    blocks.push({ id: "ids", topLeft: cellAddress({ row: ID_ROW, col: columnOf(c) }), cells: [run] });
    c = d;
  }
  return blocks;
}

/** The notes: what an update needs to know of this sheet as written, in the hidden row beside the marker. */
function* notesBlock(p: Placed, request: ComparisonRequest, options: PlanOptions, sheet: ComposedSheet, calc: CalcSheetPlan): Steps<{ meta: ComparisonMeta; block: PlanBlock }> {
  const { cells, spills } = yield* writtenCells(sheet.blocks, p.placement, p.columnOf, p.ctx.draws);
  const onCalc = options.oneSheet ? {} : { calc: p.calcName, calcWritten: calc.written, ...calcNotes(calc.blocks) };
  yield;
  const meta: ComparisonMeta = {
    format: COMPARISON_FORMAT,
    version: COMPARISON_VERSION,
    id: options.id ?? hash(`${p.sheetName}\n${JSON.stringify(request)}`),
    request: { scenario: request.scenario, templates: request.templates, ...(request.risk ? { risk: request.risk } : {}), ...(request.term ? { term: request.term } : {}), asOf: p.ctx.asOf },
    cells,
    spills,
    inputs: sheet.inputs,
    charts: sheet.charts.map((c) => c.id),
    names: sheet.names.map((n) => n.name),
    edits: options.edits ?? [],
    ...onCalc,
  };
  const json = JSON.stringify(meta);
  const notes: (PlanCell | null)[] = [{ kind: "text", value: COMPARISON_FORMAT, style: "meta" }];
  for (let k = 0; k < json.length; k += META_CHUNK) notes.push({ kind: "text", value: json.slice(k, k + META_CHUNK), style: "meta" });
  return { meta, block: { id: "notes", topLeft: cellAddress({ row: ID_ROW, col: p.columnOf(KEY_COLUMN) }), cells: [notes] } };
}

/** The comparison's column widths: the labels, the bids table, and the term's 60 months (and the rates grid). */
function comparisonWidths(columnOf: (c: number) => number): SheetPlan["columnWidths"] {
  const widths: [number, number][] = [
    [0, 230],
    [1, 200],
    [2, 170],
    [3, 120],
    ...Array.from({ length: BID_COL.referenceNote - 4 }, (_, k) => [4 + k, 92] as [number, number]),
    [BID_COL.referenceNote, 320],
    [BID_COL.prices, 150],
    // The rest of the term's 60 months (and the rates grid): wide enough for a contract total in every month.
    ...Array.from({ length: TERM_MONTH_COL.first + MAX_TERM_MONTHS - BID_COL.status }, (_, k) => [BID_COL.status + k, 92] as [number, number]),
  ];
  return widths.map(([c, points]) => ({ column: columnLetters(columnOf(c)), points }));
}

/** planComparison as steps (./steps): the rows placed, each block filled, the calculation sheet, the notes, the layout. */
export function* planComparisonSteps(request: ComparisonRequest, existingSheetNames: readonly string[], options: PlanOptions = {}): Steps<SheetPlan> {
  const p = yield* placeRows(request, existingSheetNames, options);
  const { sheetName, calcName, ctx, at } = p;
  yield;
  const sheet = yield* composeSheetSteps(ctx, COMPARISON_BLOCKS, p.perBlock, at, p.everywhere);
  guardInputs(sheet.blocks, sheet.inputs, (row, col) => at.cell(row, col));
  yield;
  const calc = yield* planCalcSheetSteps(calcName, sheetName, sheet.away, sheet.names);
  const blocks: PlanBlock[] = [...sheet.blocks, ...keysAndIds(p)];
  yield;
  const { meta, block: notes } = yield* notesBlock(p, request, options, sheet, calc);
  blocks.push(notes);
  yield;
  const layout = comparisonLayout(ctx, at, sheet.names);
  return {
    sheetName,
    sheetId: meta.id,
    blocks,
    names: sheet.names,
    columnWidths: comparisonWidths(p.columnOf),
    hiddenColumns: [columnLetters(p.columnOf(KEY_COLUMN))],
    hiddenRows: [ID_ROW],
    charts: sheet.charts,
    marker: { cell: cellAddress({ row: ID_ROW, col: p.columnOf(KEY_COLUMN) }), format: COMPARISON_FORMAT, version: COMPARISON_VERSION },
    rowKeys: p.keys.map((key) => ({ row: at.row(key), key })),
    inputs: sheet.inputs,
    layout: { ...layout, ...(options.oneSheet ? {} : { calcSheet: calcName }) },
    ...(options.oneSheet ? {} : { calc }),
  };
}

/** Each keyed row's add-in cells ("col:fingerprint" pairs) and the add-in's spills, as the notes keep them: a step per block. */
function* writtenCells(written: readonly PlanBlock[], placement: Map<string, number>, columnOf: (c: number) => number, draws: number): Steps<Pick<ComparisonMeta, "cells" | "spills">> {
  const cells: Record<string, string> = {};
  const spills: ComparisonMeta["spills"] = [];
  const keyAt = new Map<number, string>();
  for (const [k, r] of placement) keyAt.set(r, k); // the comparison sheet's rows only
  const colToPlanned = new Map<number, number>();
  for (let c = 0; c < DRAWS_COLUMN + draws + 1; c++) colToPlanned.set(columnOf(c), c);
  for (const block of written) {
    const origin = parseCell(block.topLeft);
    block.cells.forEach((line, i) => {
      const key = keyAt.get(origin.row + i) as string;
      line.forEach((cell, j) => {
        if (!cell) return;
        const col = colToPlanned.get(origin.col + j) as number;
        cells[key] = `${cells[key] ? `${cells[key]} ` : ""}${col}:${fingerprint(writtenContent(cell))}`;
        if (cell.kind === "formula" && cell.spill) spills.push([key, col, cell.spill.rows, cell.spill.cols]);
      });
    });
    yield;
  }
  return { cells, spills };
}

/** Where one bid's cells are: its row of the table, of the risk view, of the rates block, its inputs and its term. */
function bidLayout(ctx: ComparisonContext, at: Locator, i: number): BidLayout {
  const t = ctx.templates[i];
  const t_ = (key: string, col: number) => at.cell(ROW.termBid(key), col);
  const termRow = (key: string) => monthRow(at, key).replace(/\$/g, "");
  const key = ctx.keys[i];
  const c = (col: number) => at.cell(ROW.bid(key), col);
  const r = (col: number) => at.cell(ROW.risk(key), col);
  const drawRow = (k: string) => at.range(k, DRAWS_COLUMN, k, DRAWS_COLUMN + ctx.draws - 1);
  const inputs: Record<string, string> = {};
  for (const row of ctx.inputs[i]) {
    inputs[row.path] = inputCell(ctx, at, i, row.path).replace(/\$/g, "");
    if (row.second) inputs[row.second.path] = inputCell(ctx, at, i, row.second.path).replace(/\$/g, "");
  }
  return {
    key,
    templateId: typeof t.id === "string" ? t.id : "",
    name: t.bid.name,
    vendor: t.bid.vendor,
    model: t.bid.pricing.model,
    row: at.row(ROW.bid(key)) + 1,
    cells: {
      rank: c(BID_COL.rank),
      name: c(BID_COL.name),
      resolutionRate: c(BID_COL.resolutionRate),
      qualifyingShare: c(BID_COL.qualifyingShare),
      assist: c(BID_COL.assist),
      vendorFee: c(BID_COL.vendorFee),
      suppliedPerConversation: c(BID_COL.suppliedPerConversation),
      suppliedFixedMonthly: c(BID_COL.suppliedFixedMonthly),
      suppliedOneTime: c(BID_COL.suppliedOneTime),
      aiCost: c(BID_COL.aiCost),
      costPerResolution: c(BID_COL.costPerResolution),
      blended: c(BID_COL.blended),
      monthlyAiCost: c(BID_COL.monthlyAiCost),
      monthlyTotal: c(BID_COL.monthlyTotal),
      monthlySavings: c(BID_COL.monthlySavings),
      prices: c(BID_COL.prices),
      status: c(BID_COL.status),
      ...(t.reference ? { reference: c(BID_COL.reference), referenceNote: c(BID_COL.referenceNote) } : {}),
    },
    risk: {
      rateLow: r(RISK_COL.rateLow),
      rateLikely: r(RISK_COL.rateLikely),
      rateHigh: r(RISK_COL.rateHigh),
      totalP10: r(RISK_COL.totalP10),
      totalP50: r(RISK_COL.totalP50),
      totalP90: r(RISK_COL.totalP90),
      costPerResolutionP10: r(RISK_COL.cprP10),
      costPerResolutionP50: r(RISK_COL.cprP50),
      costPerResolutionP90: r(RISK_COL.cprP90),
      chanceCheapest: r(RISK_COL.chance),
      exposure: r(RISK_COL.exposure),
      draws: {
        rate: drawRow(ROW.drawsRate(key)),
        total: drawRow(ROW.drawsTotal(key)),
        costPerResolution: drawRow(ROW.drawsPerResolution(key)),
      },
    },
    rates: {
      blended: at.range(ROW.ratesBlended(key), RATES_COL.first, ROW.ratesBlended(key), RATES_COL.first + RATE_GRID.count - 1),
      costPerResolution: at.range(ROW.ratesCpr(key), RATES_COL.first + 1, ROW.ratesCpr(key), RATES_COL.first + RATE_GRID.count - 1),
    },
    inputs,
    ...(t.bid.pricing.model === "charges" && at.has(ROW.charge(key, 0))
      ? {
          charges: t.bid.pricing.charges.map((ch, k) => {
            const on = (col: number) => at.cell(ROW.charge(key, k), col);
            return { label: ch.label, cells: { label: on(CHARGE_COL.label), units: on(CHARGE_COL.units), fee: on(CHARGE_COL.fee) } };
          }),
        }
      : {}),
    term: !at.has(ROW.termBid(key))
      ? undefined
      : {
          rampStart: t_(key, TERM_COL.rampStart),
          rampMonths: t_(key, TERM_COL.rampMonths),
          escalator: t_(key, TERM_COL.escalator),
          escalatorEvery: t_(key, TERM_COL.escalatorEvery),
          total: t_(key, TERM_COL.total),
          npv: t_(key, TERM_COL.npv),
          unusedCommitment: t_(key, TERM_COL.unusedCommitment),
          expiredCredits: t_(key, TERM_COL.expiredCredits),
          cheapestFrom: t_(key, TERM_COL.cheapestFrom),
          rank: t_(key, TERM_COL.rank),
          months: {
            rate: termRow(ROW.termDetail(key, "rate")),
            vendorFee: termRow(ROW.termDetail(key, "vendor")),
            commitmentTrueUp: termRow(ROW.termDetail(key, "true-up")),
            supplied: termRow(ROW.termDetail(key, "supplied")),
            oneTime: termRow(ROW.termDetail(key, "one-time")),
            humanFallback: termRow(ROW.termDetail(key, "human")),
            total: termRow(ROW.termDetail(key, "total")),
            cumulative: termRow(ROW.termCumulative(key)),
            ...(at.has(TERM_UNITS_ROW(key)) ? { units: termRow(TERM_UNITS_ROW(key)) } : {}),
            ...(at.has(TERM_CREDITS_ROW.bought(key)) ? { creditsBought: termRow(TERM_CREDITS_ROW.bought(key)), creditsUsed: termRow(TERM_CREDITS_ROW.used(key)), creditsExpired: termRow(TERM_CREDITS_ROW.expired(key)) } : {}),
          },
          title: at.cell(ROW.termDetail(key, "title"), TERM_MONTH_COL.label),
        },
  };
}

/** Where the summary's cells are. */
function summaryLayout(ctx: ComparisonContext, at: Locator): ComparisonLayout["summary"] {
  if (!at.has(ROW.summaryHead)) return undefined;
  const s = (key: string, col: number) => at.cell(key, col);
  return {
    winners: Object.fromEntries(SUMMARY_VIEWS.map((v) => [v, { name: s(ROW.summaryWinner(v), SUMMARY_COL.winner), figure: s(ROW.summaryWinner(v), SUMMARY_COL.figure) }])) as NonNullable<ComparisonLayout["summary"]>["winners"],
    why: s(ROW.summaryWhy, SUMMARY_COL.winner),
    warnings: [0, 1, 2].map((k) => s(ROW.summaryWarning(k), SUMMARY_COL.winner)),
    ranked: ctx.keys.map((_, j) => ({
      rank: s(ROW.summaryRanked(j), SUMMARY_COL.rank),
      name: s(ROW.summaryRanked(j), SUMMARY_COL.name),
      blended: s(ROW.summaryRanked(j), SUMMARY_COL.blended),
      status: s(ROW.summaryRanked(j), SUMMARY_COL.status),
    })),
  };
}

/** Where everything is, for readers of the sheet (tests, the workbench, export). */
function comparisonLayout(ctx: ComparisonContext, at: Locator, names: { name: string; address: string }[]): ComparisonLayout {
  const termRow = (key: string) => monthRow(at, key).replace(/\$/g, "");
  const bids: BidLayout[] = ctx.templates.map((_, i) => bidLayout(ctx, at, i));
  const rateRow = (k: string) => at.range(k, RATES_COL.first, k, RATES_COL.first + RATE_GRID.count - 1);
  const drawRow = (k: string) => at.range(k, DRAWS_COLUMN, k, DRAWS_COLUMN + ctx.draws - 1);
  return {
    summary: summaryLayout(ctx, at),
    scenario: Object.fromEntries(names.map((x) => [x.name, x.address])),
    bids,
    rates: {
      rates: rateRow(ROW.ratesColumns),
      count: RATE_GRID.count,
      first: RATE_GRID.first,
      step: RATE_GRID.step,
      cheapest: rateRow(ROW.ratesCheapest),
      changes: rateRow(ROW.ratesChanges),
      rangeFrom: rateRow(ROW.ratesRangeFrom),
      rangeTo: rateRow(ROW.ratesRangeTo),
      rangeBid: rateRow(ROW.ratesRangeBid),
    },
    draws: {
      count: ctx.draws,
      conversations: drawRow(ROW.draws("conversations")),
      humanCost: drawRow(ROW.draws("human-cost")),
      tokens: drawRow(ROW.draws("tokens")),
      ...(at.has(ORDER_ROW.status) ? { order: { status: at.cell(ORDER_ROW.status, ORDER_COL.status), positions: ctx.keys.map((_, i) => orderRow(ctx, at, i).replace(/\$/g, "")) } } : {}),
    },
    questions: questionGroups(ctx).map((g) => ({ heading: g.heading, bids: g.bids, cells: g.questions.map((_, k) => at.cell(ROW.question(g.id, k), 0)) })),
    meta: cellAddress({ row: ID_ROW, col: at.col(KEY_COLUMN) }),
    term: !at.has(ROW.termMonths)
      ? undefined
      : {
          months: termRow(ROW.termMonths),
          seasonal: at.range(ROW.termSeasonal, TERM_MONTH_COL.first, ROW.termSeasonal, TERM_MONTH_COL.first + 11),
          conversations: termRow(ROW.termConversations),
          lowestCumulative: termRow(ROW.termLowest),
          cheapestToDate: termRow(ROW.termCheapest),
          builtMonths: ctx.term.months,
        },
  };
}
