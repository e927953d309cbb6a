/**
 * The "Pilot replay" sheet: a history priced under each chosen bid, planned as keyed-row blocks
 * (./replay/blocks) and written on a new, plain sheet (never offered for an update or an export). Its
 * figures are the CLI's replayReport, its totals and rates formulas over them; text from the file only
 * ever goes into text cells (docs/replay.md).
 */
import { columnLetters } from "./a1";
import { collectRows, composeSheet, Locator, SheetBlock, sequentialPlacement } from "./layout";
import type { WorkbookPort } from "./port";
import type { PlainSheetPlan } from "./sheet-plan";
import { checkSheetName, freeSheetName } from "./comparison/request";
import { allCol, ReplayContext, replayContext } from "./replay/context";
import { HISTORY_ROWS, ROW, SPREAD_COL, SPREAD_ROWS, SUMMARY_COL } from "./replay/keys";
import { billsBlock, chartBlock } from "./replay/blocks/bills";
import { historyBlock } from "./replay/blocks/history";
import { columnsBlock, inputsBlock, titleBlock } from "./replay/blocks/inputs";
import { problemsBlock } from "./replay/blocks/problems";
import { spreadBlock } from "./replay/blocks/spread";
import { summaryBlock } from "./replay/blocks/summary";
import type { HistoryAggregate } from "../replay/monthly-aggregation";
import type { CanonicalColumn } from "../replay/columns";
import { ReplayOptions, ReplayReport, replayReport, RowsSummary } from "../replay/replay";
import type { BidTemplate } from "../templates/template";

export const REPLAY_SHEET_NAME = "Pilot replay";
/** As on a comparison sheet. */
export const MAX_REPLAY_BIDS = 60;

export interface ReplaySheetRequest {
  /** The history file's name, as the analyst picked it. */
  file: string;
  history: HistoryAggregate;
  rows: RowsSummary;
  /** Canonical column -> the file's header it was read from (null: not in the file). */
  columns: Record<CanonicalColumn, string | null>;
  templates: BidTemplate[];
  /** humanCost (revenue-share bids), qualifyingShare (outcome-based bids); `tokens` follows the columns. */
  options?: Omit<ReplayOptions, "tokens">;
  /** YYYY-MM-DD, for the subtitle; default today. */
  date?: string;
}

/** Where the figures are (A1 addresses), for the tests and the pane's message. */
export interface ReplayLayout {
  /** history row -> its "All months" cell. */
  history: Record<string, string>;
  months: string[];
  bids: {
    key: string;
    name: string;
    priced: boolean;
    /** Each month's bill cell. */
    bills: string[];
    total: string;
    perConversation: string;
    perResolution: string;
    vendorResolutions: string;
    buyerResolutions: string;
    exposure: string;
    rank: string;
  }[];
  /** spread row -> its P10 / P50 / P90 cells. */
  spread: Record<string, { p10: string; p50: string; p90: string }>;
}

/** The sheet, block by block, top to bottom. */
export const REPLAY_BLOCKS: readonly SheetBlock<ReplayContext>[] = [titleBlock, inputsBlock, summaryBlock, chartBlock, billsBlock, historyBlock, spreadBlock, columnsBlock, problemsBlock];

/** A request that cannot be replayed, in the analyst's words (nothing is written). */
export class ReplayProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayProblem";
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The replay as the CLI computes it: `replayReport` with the same options (tokens: the file has the token columns). */
export function replayOf(request: ReplaySheetRequest): ReplayReport {
  const tokens = request.columns.input_tokens !== null && request.columns.output_tokens !== null;
  return replayReport(
    request.history,
    request.rows,
    request.templates.map((t) => ({ file: typeof t.id === "string" ? t.id : "", bid: t.bid })),
    { ...request.options, tokens },
  );
}

export function planReplaySheet(request: ReplaySheetRequest, existingSheetNames: readonly string[]): { plan: PlainSheetPlan; report: ReplayReport; layout: ReplayLayout } {
  if (request.templates.length === 0) throw new ReplayProblem("Choose at least one bid in step 2 to price the history under.");
  if (request.templates.length > MAX_REPLAY_BIDS) throw new ReplayProblem(`At most ${MAX_REPLAY_BIDS} bids fit on one sheet; ${request.templates.length} are chosen.`);
  if (request.history.months.length === 0) throw new ReplayProblem("The history has no conversation that could be read: there is nothing to replay.");
  const sheetName = freeSheetName(existingSheetNames, REPLAY_SHEET_NAME);
  checkSheetName(sheetName);
  const report = replayOf(request);
  const options: ReplayOptions = { ...request.options };
  const ctx = replayContext({ file: request.file, date: request.date ?? today(), report, templates: request.templates, columns: request.columns, options });
  const { perBlock, rows } = collectRows(ctx, REPLAY_BLOCKS);
  const placement = sequentialPlacement(rows.keys, 0);
  const at = new Locator(placement);
  const sheet = composeSheet(ctx, REPLAY_BLOCKS, perBlock, at, placement);
  const width = Math.max(allCol(ctx) + 1, SUMMARY_COL.note + 1);
  const plan: PlainSheetPlan = {
    sheetName,
    blocks: sheet.blocks,
    names: sheet.names,
    // Wide enough for the labels (A), the summary's vendors and pricing models (B, C), and the months.
    columnWidths: Array.from({ length: width }, (_, c) => ({ column: columnLetters(c), points: c === 0 ? 260 : c === 1 ? 150 : c === 2 ? 120 : 92 })),
    hiddenColumns: [],
    hiddenRows: [],
    charts: sheet.charts,
  };
  return { plan, report, layout: layoutOf(ctx, at) };
}

function layoutOf(ctx: ReplayContext, at: Locator): ReplayLayout {
  const all = allCol(ctx);
  return {
    history: Object.fromEntries(HISTORY_ROWS.map((r) => [r, at.cell(ROW.history(r), all)])),
    months: ctx.months.map((m) => m.month),
    bids: ctx.bids.map((b) => {
      const s = (col: number) => at.cell(ROW.summary(b.key), col);
      return {
        key: b.key,
        name: b.template.bid.name,
        priced: b.priced,
        bills: ctx.months.map((_, k) => at.cell(ROW.bill(b.key), 1 + k)),
        total: s(SUMMARY_COL.total),
        perConversation: s(SUMMARY_COL.perConversation),
        perResolution: s(SUMMARY_COL.perResolution),
        vendorResolutions: s(SUMMARY_COL.vendorResolutions),
        buyerResolutions: s(SUMMARY_COL.buyerResolutions),
        exposure: s(SUMMARY_COL.exposure),
        rank: s(SUMMARY_COL.rank),
      };
    }),
    spread: Object.fromEntries(SPREAD_ROWS.map((r) => [r, { p10: at.cell(ROW.spread(r), SPREAD_COL.p10), p50: at.cell(ROW.spread(r), SPREAD_COL.p50), p90: at.cell(ROW.spread(r), SPREAD_COL.p90) }])),
  };
}

/** Plans the sheet and writes it on a new sheet (one read of the sheet names, one write). */
export async function buildReplaySheet(port: WorkbookPort, request: ReplaySheetRequest): Promise<{ sheetName: string; report: ReplayReport; layout: ReplayLayout }> {
  const sheets = await port.sheets();
  const { plan, report, layout } = planReplaySheet(
    request,
    sheets.map((s) => s.name),
  );
  await port.apply(plan);
  return { sheetName: plan.sheetName, report, layout };
}
