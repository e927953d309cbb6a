/**
 * The answer first (docs/spec.md#workbook-as-a-model): at the top of the comparison sheet, the winner
 * under each view with its figure, why the views disagree, the warnings in one place, and the bids in
 * rank order. More: docs/modules.md#workbook-comparison-blocks-summary.
 */
import type { Locator, SheetBlock } from "../../layout";
import type { PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { ComparisonContext, SCENARIO_NAMES } from "../context";
import { BID_COL, RISK_COL, ROW, SUMMARY_COL, TERM_COL } from "../keys";
import { NONE_PRICED } from "./term";

/**
 * Rows of the bids by rank: room for at least this many, so that adding a bid to a small comparison
 * does not move the rows below (the bids table keeps its rows, as an update promises); blank beyond the bids.
 */
export const RANKED_ROWS_AT_LEAST = 8;

export function rankedRows(n: number): number {
  return Math.max(n, RANKED_ROWS_AT_LEAST);
}

export const SUMMARY_VIEWS = ["month", "p50", "p90", "total", "npv"] as const;
export type SummaryView = (typeof SUMMARY_VIEWS)[number];

/** A column of one row per bid in a block, absolute. */
function column(ctx: ComparisonContext, at: Locator, row: (key: string) => string, col: number): string {
  return at.range(row(ctx.keys[0]), col, row(ctx.keys[ctx.keys.length - 1]), col, true);
}

/** The winner under a view: its label, the range of the bids' figures, its format. */
function viewOf(ctx: ComparisonContext, at: Locator, view: SummaryView): { label: PlanCell; figures: string; format: string } {
  const formats = ctx.formats;
  const bid = (col: number) => column(ctx, at, ROW.bid, col);
  const risk = (col: number) => column(ctx, at, ROW.risk, col);
  const term = (col: number) => column(ctx, at, ROW.termBid, col);
  switch (view) {
    case "month":
      return { label: text("This month: blended cost per conversation", "header"), figures: bid(BID_COL.blended), format: formats.perUnit };
    case "p50":
      return { label: text("A typical month (P50)", "header"), figures: risk(RISK_COL.totalP50), format: formats.monthly };
    case "p90":
      return { label: text("The cautious buyer (P90)", "header"), figures: risk(RISK_COL.totalP90), format: formats.monthly };
    case "total":
      return { label: formula(`"Contract value over "&${SCENARIO_NAMES.termMonths}&" months"`, undefined, "header"), figures: term(TERM_COL.total), format: formats.monthly };
    case "npv":
      return { label: text("Net present value (NPV)", "header"), figures: term(TERM_COL.npv), format: formats.monthly };
  }
}

/** Is the view's block on the sheet (a planner given fewer blocks, as in a test of an older layout)? */
function present(ctx: ComparisonContext, at: Locator, view: SummaryView): boolean {
  const key = ctx.keys[0];
  if (view === "p50" || view === "p90") return at.has(ROW.risk(key));
  if (view === "total" || view === "npv") return at.has(ROW.termBid(key));
  return true;
}

/** A view's winner and its figure; this month's by the table's rank (a bid not priced has none). */
function winnerLine(ctx: ComparisonContext, at: Locator, view: SummaryView): (PlanCell | null)[] {
  if (!present(ctx, at, view)) return [text(view, "header"), text("not on this sheet", "note")];
  const v = viewOf(ctx, at, view);
  const names = column(ctx, at, ROW.bid, BID_COL.name);
  const line: (PlanCell | null)[] = [v.label];
  if (view === "month") {
    const ranks = column(ctx, at, ROW.bid, BID_COL.rank);
    line[SUMMARY_COL.winner] = formula(`IF(COUNT(${ranks})=0, "${NONE_PRICED}", ${winnerNames(names, ranks, `MIN(${ranks})`, ctx.keys.length)})`, undefined, "answer");
    line[SUMMARY_COL.figure] = formula(`IF(COUNT(${ranks})=0, "", INDEX(${v.figures}, MATCH(MIN(${ranks}), ${ranks}, 0)))`, v.format, "figure");
  } else {
    // The figures of bids not priced are their reasons (text): MIN and MATCH pass them by.
    line[SUMMARY_COL.winner] = formula(`IF(COUNT(${v.figures})=0, "${NONE_PRICED}", ${winnerNames(names, v.figures, `MIN(${v.figures})`, ctx.keys.length)})`, undefined, "answer");
    line[SUMMARY_COL.figure] = formula(`IF(COUNT(${v.figures})=0, "", MIN(${v.figures}))`, v.format, "figure");
  }
  return line;
}

/**
 * The winner's name, or the bids that tie for first ("A and B tie", "A, B and C tie", past three "A, B, C
 * and 4 more tie"; the figure they share is in the next cell, the same words in every view so that the line
 * saying why can compare them): the bids whose `key` (rank, or the view's figure) equals `best`. Text in
 * `keys` (a bid not priced) equals no number; `n` is the number of bids (the rows of `keys`). Functions
 * every Excel since 2016 has (no TEXTJOIN), so that the shareable copy keeps the formula.
 */
export function winnerNames(names: string, keys: string, best: string, n: number): string {
  const ties = `COUNTIF(${keys}, ${best})`;
  const nth = (k: string) => `INDEX(${names}, SMALL(IF(${keys}=${best}, SEQUENCE(${n}), ${n + 1}), ${k}))`;
  const rest = `IF(${ties}>3, ", "&${nth("3")}&" and "&(${ties}-3)&" more", " and "&${nth(ties)})`;
  return `IF(${ties}<2, INDEX(${names}, MATCH(${best}, ${keys}, 0)), ${nth("1")}&IF(${ties}=2, "", ", "&${nth("2")})&${rest}&" tie")`;
}

/** After a winner's cell: its words when it names bids that tie ("A and B tie"), else when it names one bid. */
function cheapestWords(winner: string, tied: string, one: string): string {
  return `IF(RIGHT(${winner}, 4)=" tie", "${tied}", "${one}")`;
}

/** One line: one answer, or who wins where and why the views differ (over the views on the sheet). */
function whyLine(ctx: ComparisonContext, at: Locator): (PlanCell | null)[] {
  const w = (view: SummaryView) => at.cell(ROW.summaryWinner(view), SUMMARY_COL.winner, true);
  const [m, p50, p90, total, npv] = SUMMARY_VIEWS.map(w);
  const differs: [SummaryView, string, string][] = [
    ["p50", `${p50}<>${m}`, `"; "&${p50}&" in a typical month (P50)"`],
    ["p90", `${p90}<>${m}`, `"; "&${p90}&" for the cautious buyer (P90): its bad months cost less"`],
    ["total", `${total}<>${m}`, `"; "&${total}&" over "&${SCENARIO_NAMES.termMonths}&" months: the term's ramps, escalators, commitments, credits and one-time costs change the order"`],
    ["npv", `${npv}<>${total}`, `"; "&${npv}&" by NPV: when the money is spent matters"`],
  ];
  const shown = differs.filter(([view]) => present(ctx, at, view));
  const same = shown.map(([view]) => `${w(view)}=${m}`);
  const line: (PlanCell | null)[] = [text("Why", "header")];
  line[SUMMARY_COL.winner] = formula(
    `IF(AND(${[`${m}=${m}`, ...same].join(", ")}), "One answer: "&${m}&${cheapestWords(m, " under every view.", " is the cheapest under every view.")}, ${m}&${cheapestWords(m, " per month", " is the cheapest per month")}&${shown.map(([, c, t]) => `IF(${c}, ${t}, "")`).join("&") || '""'}&".")`,
    undefined,
    "wrapped",
  );
  return line;
}

/** The warnings, in one place: bids not priced, drawn scenarios not priced, stale prices. */
function warningLines(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  const n = ctx.keys.length;
  const status = column(ctx, at, ROW.bid, BID_COL.status);
  const risk = present(ctx, at, "p50") ? column(ctx, at, ROW.risk, RISK_COL.status) : null;
  const stale = ctx.templates.filter((_, i) => ctx.prices[i].stale).map((t) => t.bid.name);
  const line = (label: string, f: PlanCell): (PlanCell | null)[] => {
    const l: (PlanCell | null)[] = [text(label, "header")];
    l[SUMMARY_COL.winner] = f;
    return l;
  };
  const count = (range: string) => `SUMPRODUCT((${range}<>"")*1)`;
  return [
    line("Bids not priced", formula(`IF(${count(status)}=0, "none: every bid is priced", ${count(status)}&" of ${n}: not ranked, charted nor totalled; why is beside each in 'Not priced because' below")`, undefined, "warning")),
    line(
      "Drawn scenarios not priced",
      risk === null ? text("no risk view on this sheet", "note") : formula(`IF(${count(risk)}=0, "none", ${count(risk)}&" of ${n} bids: see 'Not priced because' in the risk view (a range typed out of order?)")`, undefined, "warning"),
    ),
    line("Stale prices", text(stale.length === 0 ? "none" : `${stale.join(", ")}: read more than 90 days before the comparison date; check them`, stale.length === 0 ? undefined : "warning")),
  ];
}

/** The bids sorted by rank (ties in the table's order, bids not priced last), live. */
function rankedLines(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  const formats = ctx.formats;
  const n = ctx.keys.length;
  const bid = (col: number) => column(ctx, at, ROW.bid, col);
  const ranks = bid(BID_COL.rank);
  const risk = (col: number) => column(ctx, at, ROW.risk, col);
  const term = (col: number) => column(ctx, at, ROW.termBid, col);
  return Array.from({ length: rankedRows(n) }, (_, j) => {
    const helper = at.cell(ROW.summaryRanked(j), SUMMARY_COL.position);
    const pick = (range: string) => `IF(${helper}="", "", INDEX(${range}, ${helper}))`;
    const status = pick(bid(BID_COL.status));
    const priced = (range: string) => `IF(${status}="", ${pick(range)}, "")`;
    const line: (PlanCell | null)[] = [];
    line[SUMMARY_COL.rank] = formula(pick(ranks), formats.plain, "figure");
    line[SUMMARY_COL.name] = formula(pick(bid(BID_COL.name)), undefined, "figure");
    line[SUMMARY_COL.blended] = formula(priced(bid(BID_COL.blended)), formats.perUnit, "figure");
    line[SUMMARY_COL.monthly] = formula(priced(bid(BID_COL.monthlyTotal)), formats.monthly, "figure");
    const number = (range: string) => `IF(ISNUMBER(${pick(range)}), ${pick(range)}, "")`;
    line[SUMMARY_COL.p90] = present(ctx, at, "p90") ? formula(number(risk(RISK_COL.totalP90)), formats.monthly, "figure") : null;
    line[SUMMARY_COL.total] = present(ctx, at, "total") ? formula(number(term(TERM_COL.total)), formats.monthly, "figure") : null;
    line[SUMMARY_COL.status] = formula(status, undefined, "warning");
    // The j-th bid by rank: ranks in order, ties and bids not priced after them, in the table's order.
    // (n is the plan's number of bids, as every range over the bids' rows is; HyperFormula sizes SEQUENCE when entered.)
    line[SUMMARY_COL.place] = num(j + 1, formats.plain, "note");
    const place = at.cell(ROW.summaryRanked(j), SUMMARY_COL.place);
    line[SUMMARY_COL.position] = formula(`IF(${place}>ROWS(${ranks}), "", MOD(SMALL(IF(ISNUMBER(${ranks}), ${ranks}, ROWS(${ranks})+1)*ROWS(${ranks})+SEQUENCE(${n}), ${place})-1, ROWS(${ranks}))+1)`, formats.plain, "note");
    return line;
  });
}

export const summaryBlock: SheetBlock<ComparisonContext> = {
  id: "summary",
  rows: (ctx) => [
    ROW.summaryHead,
    ...SUMMARY_VIEWS.map(ROW.summaryWinner),
    ROW.summaryWhy,
    ...[0, 1, 2].map(ROW.summaryWarning),
    ROW.summaryRankedHead,
    ROW.summaryColumns,
    ...Array.from({ length: rankedRows(ctx.keys.length) }, (_, j) => ROW.summaryRanked(j)),
    ROW.space("summary"),
  ],
  fill: (ctx, at) => {
    const head: (PlanCell | null)[] = [text("The answer", "section")];
    head[SUMMARY_COL.winner] = text("Cheapest bid", "header");
    head[SUMMARY_COL.figure] = text("Its figure", "header");
    const columns: (PlanCell | null)[] = [];
    const heads: [number, string][] = [
      [SUMMARY_COL.rank, "Rank"],
      [SUMMARY_COL.name, "Bid"],
      [SUMMARY_COL.blended, "Blended cost (the deciding figure)"],
      [SUMMARY_COL.monthly, "Total per month"],
      [SUMMARY_COL.p90, "P90 per month"],
      [SUMMARY_COL.total, "Total contract value"],
      [SUMMARY_COL.status, "Not priced because"],
      [SUMMARY_COL.position, "Row in the bids table"],
      [SUMMARY_COL.place, "Place"],
    ];
    for (const [col, label] of heads) columns[col] = text(label, "header");
    return {
      cells: [
        head,
        ...SUMMARY_VIEWS.map((v) => winnerLine(ctx, at, v)),
        whyLine(ctx, at),
        ...warningLines(ctx, at),
        [text("The bids by rank (lowest blended cost first; a change on the sheet re-sorts them)", "section")],
        columns,
        ...rankedLines(ctx, at),
        [],
      ],
    };
  },
};
