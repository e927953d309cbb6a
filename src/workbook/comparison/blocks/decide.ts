/**
 * What decides it, on the sheet (docs/spec.md#decide-and-negotiate): for the leader and its closest rival,
 * found live from the bids' blended costs, a tornado of the gap between their monthly totals (the rival's
 * minus the leader's), each input moved alone from its low to its high, the others at their likely values.
 * More: docs/modules.md#workbook-comparison-blocks-decide.
 */
import { bidPrices, PriceField } from "../../../engine/bid-prices";
import type { Bid } from "../../../engine/bid";
import { DEFAULT_PRICE_SWING } from "../../../engine/decide";
import type { Locator, SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import type { Symbols } from "../bid-formulas";
import { bidCell, bidFormulas, ComparisonContext, inputCell, ownSymbols, SCENARIO_NAMES } from "../context";
import { BID_COL, RISK_COL, ROW } from "../keys";

/** A bid's prices the sheet moves: at most this many (six columns each on the price row). */
export const MAX_PRICES = 11;

export const DECIDE_ROW = {
  head: "decide:head",
  note: "decide:note",
  swing: "decide:swing",
  /** The analyst's own pair (two bid numbers; blank: the leader and its closest rival). */
  pick: "decide:pick",
  pairColumns: "decide:pair-columns",
  pair: "decide:pair",
  columns: "decide:columns",
  /** The j-th bar of the tornado (0-based), largest effect first. */
  bar: (j: number) => `decide:bar:${j}`,
  chart: (i: number) => ROW.chart("decide", i),
  workHead: "decide:work-head",
  /** The k-th input of the pair in the engine's order (unsorted). */
  input: (k: number) => `decide:input:${k}`,
  bidColumns: "decide:bid-columns",
  bid: (key: string) => `decide:bid:${key}`,
  prices: (key: string) => `decide:prices:${key}`,
  space: "space:decide",
} as const;

/** The swing row and the pair row's columns. */
export const PAIR_COL = { label: 0, leader: 1, rival: 2, gap: 3, leaderIndex: 4, rivalIndex: 5, first: 6, second: 7, own: 8 } as const;
/** The tornado's columns (and the unsorted input rows'). */
export const BAR_COL = { input: 0, low: 1, high: 2, gapAtLow: 3, gapAtHigh: 4, flipsAt: 5, effect: 6, rank: 7 } as const;
/** Each bid's work row: its place, its total as it stands and with each input moved. */
export const MOVE_COL = { name: 0, place: 1, base: 2, volumeLow: 3, volumeHigh: 4, humanLow: 5, humanHigh: 6, tokensLow: 7, tokensHigh: 8, rateLow: 9, rateHigh: 10 } as const;
/** Each bid's price row: per price k, six columns from 1 + 6k. */
export const PRICE_COL = { words: 1, cap: 2, low: 3, high: 4, totalLow: 5, totalHigh: 6, width: 6 } as const;

/** The prices of bid i the sheet moves: the engine's bidPrices, those with an input cell of their own. */
export function movedPrices(ctx: ComparisonContext, i: number): PriceField[] {
  const bid: Bid = ctx.bids[i];
  // A rate card's prices are read as columns (one per prompt-size row): moving one cell is not the engine's move.
  if (bid.pricing.model === "per-token" && (bid.pricing.contextRows?.length ?? 0) > 0) return [];
  const rows = ctx.inputs[i];
  return bidPrices(bid)
    .filter((p) => rows.some((r) => r.path === p.path || r.second?.path === p.path))
    .slice(0, MAX_PRICES);
}

/** The largest number of prices a bid has on the sheet: the price rows of the tornado per side. */
function priceSlots(ctx: ComparisonContext): number {
  return Math.max(0, ...ctx.bids.map((_, i) => movedPrices(ctx, i).length));
}

/** The number of inputs of the pair: volume, human cost, tokens, the two rates, each side's prices. */
export function decideInputs(ctx: ComparisonContext): number {
  return 5 + 2 * priceSlots(ctx);
}

export function decideChartRows(ctx: ComparisonContext): number {
  return Math.max(14, decideInputs(ctx) + 6);
}

/** The leader's index among the bids (1-based; "" when fewer than two bids are priced). */
export function leaderIndexCell(at: Locator): string {
  return at.cell(DECIDE_ROW.pair, PAIR_COL.leaderIndex, true);
}

/** Bid i's monthly total over the symbols, its formulas reading `ref` for its inputs. */
export function monthlyTotalFormula(ctx: ComparisonContext, at: Locator, i: number, s: Symbols, ref?: (path: string) => string): string {
  return blendedTotalFormula(ctx, at, i, aiCostFormula(ctx, at, i, s, ref), s);
}

/** Bid i's AI cost per conversation under the symbols (its inputs through `ref`, the bids table's cells by default). */
export function aiCostFormula(ctx: ComparisonContext, at: Locator, i: number, s: Symbols, ref?: (path: string) => string): string {
  return bidFormulas(ctx, at, i, ref).aiCost(s);
}

/** Bid i's monthly total from its AI cost per conversation (a formula or a row of them) under the symbols. */
export function blendedTotalFormula(ctx: ComparisonContext, at: Locator, i: number, aiCost: string, s: Symbols): string {
  const assist = bidCell(ctx, at, i, BID_COL.assist);
  return `AIPRICE.BLENDED_COST(${aiCost}, ${s.rate}, ${s.humanCost}*(1-${assist}))*${s.conversations}`;
}

/** The leader and the rival: their names, the gap now, their indexes (headers row, then the pair row). */
function pairRows(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  const first = ctx.keys[0];
  const last = ctx.keys[ctx.keys.length - 1];
  const places = at.range(DECIDE_ROW.bid(first), MOVE_COL.place, DECIDE_ROW.bid(last), MOVE_COL.place, true);
  const names = at.range(ROW.bid(first), BID_COL.name, ROW.bid(last), BID_COL.name, true);
  const bases = at.range(DECIDE_ROW.bid(first), MOVE_COL.base, DECIDE_ROW.bid(last), MOVE_COL.base, true);
  const L = at.cell(DECIDE_ROW.pair, PAIR_COL.first, true);
  const R = at.cell(DECIDE_ROW.pair, PAIR_COL.second, true);
  const leader = at.cell(DECIDE_ROW.pair, PAIR_COL.leaderIndex, true);
  const rival = at.cell(DECIDE_ROW.pair, PAIR_COL.rivalIndex, true);
  const own = at.cell(DECIDE_ROW.pair, PAIR_COL.own, true);
  const [pick1, pick2] = [1, 2].map((c) => at.cell(DECIDE_ROW.pick, c, true));
  const heads: (PlanCell | null)[] = [];
  heads[PAIR_COL.label] = text("The pair", "header");
  heads[PAIR_COL.leader] = text("Leader (or your first bid)", "header");
  heads[PAIR_COL.rival] = text("Closest rival (or your second)", "header");
  heads[PAIR_COL.gap] = text("Gap now: second - first per month", "header");
  heads[PAIR_COL.leaderIndex] = text("Leader: bid #", "header");
  heads[PAIR_COL.rivalIndex] = text("Rival: bid #", "header");
  heads[PAIR_COL.first] = text("Pair shown: first #", "header");
  heads[PAIR_COL.second] = text("second #", "header");
  heads[PAIR_COL.own] = text("Your own pair?", "header");
  const pair: (PlanCell | null)[] = [];
  const typed = `OR(${pick1}<>"", ${pick2}<>"")`;
  pair[PAIR_COL.label] = formula(
    `IF(${R}="", "Fewer than two bids are priced: nothing to decide.", IF(${own}, "Your pair: what moves the gap between them", IF(${typed}, "Your pair is not two different priced bids (their # in the bids table): the leader and its closest rival are shown", "What moves the gap between them")))`,
    undefined,
    "note",
  );
  pair[PAIR_COL.leader] = formula(`IF(${L}="", "", INDEX(${names}, ${L}))`, undefined, "figure");
  pair[PAIR_COL.rival] = formula(`IF(${R}="", "", INDEX(${names}, ${R}))`, undefined, "figure");
  pair[PAIR_COL.gap] = formula(`IF(${R}="", "", INDEX(${bases}, ${R})-INDEX(${bases}, ${L}))`, ctx.formats.monthly, "figure");
  pair[PAIR_COL.leaderIndex] = formula(`IFERROR(MATCH(1, ${places}, 0), "")`, ctx.formats.plain, "figure");
  pair[PAIR_COL.rivalIndex] = formula(`IFERROR(MATCH(2, ${places}, 0), "")`, ctx.formats.plain, "figure");
  // The analyst's pair counts when it names two different bids, each priced (a number in its total).
  const priced = (p: string) => `ISNUMBER(IFERROR(INDEX(${bases}, ${p}), ""))`;
  pair[PAIR_COL.own] = formula(`IF(AND(ISNUMBER(${pick1}), ISNUMBER(${pick2})), IF(AND(${pick1}>=1, ${pick2}>=1, INT(${pick1})<>INT(${pick2})), AND(${priced(pick1)}, ${priced(pick2)}), FALSE()), FALSE())`, undefined, "figure");
  pair[PAIR_COL.first] = formula(`IF(${own}, INT(${pick1}), ${leader})`, ctx.formats.plain, "figure");
  pair[PAIR_COL.second] = formula(`IF(${own}, INT(${pick2}), ${rival})`, ctx.formats.plain, "figure");
  return [heads, pair];
}

/** The analyst's own pair: two bid numbers as inputs, blank unless they name one. */
function pickRow(): (PlanCell | null)[] {
  return [text("Your own pair: the # of two bids in the bids table"), text("", "input"), text("", "input"), text("blank: the leader and its closest rival; the price to match always ties the leader", "note")];
}

/** Bid i's work row: its place by blended cost, its total as it stands and with each scenario input moved. */
function moveRow(ctx: ComparisonContext, at: Locator, i: number): (PlanCell | null)[] {
  const formats = ctx.formats;
  const first = ctx.keys[0];
  const last = ctx.keys[ctx.keys.length - 1];
  const blended = bidCell(ctx, at, i, BID_COL.blended);
  const all = at.range(ROW.bid(first), BID_COL.blended, ROW.bid(last), BID_COL.blended, true);
  const above =
    i === 0
      ? ""
      : `+SUMPRODUCT(IFERROR(ISNUMBER(${at.range(ROW.bid(first), BID_COL.blended, ROW.bid(ctx.keys[i - 1]), BID_COL.blended, true)})*(${at.range(ROW.bid(first), BID_COL.blended, ROW.bid(ctx.keys[i - 1]), BID_COL.blended, true)}=${blended}), 0))`;
  const own = ownSymbols(ctx, at, i);
  const risk = (col: number) => at.cell(ROW.risk(ctx.keys[i]), col, true);
  const total = (s: Partial<Symbols>) => formula(`IFERROR(${monthlyTotalFormula(ctx, at, i, { ...own, ...s })}, "")`, formats.monthly, "figure");
  const line: (PlanCell | null)[] = [];
  line[MOVE_COL.name] = formula(bidCell(ctx, at, i, BID_COL.name));
  // 1 = the leader; ties go to the bid listed first (as the engine's leaderAndRival).
  line[MOVE_COL.place] = formula(`IF(ISNUMBER(${blended}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${all})*(${all}<${blended}), 0))${above}, "")`, formats.plain, "figure");
  line[MOVE_COL.base] = formula(`IF(ISNUMBER(${blended}), ${bidCell(ctx, at, i, BID_COL.monthlyTotal)}, "")`, formats.monthly, "figure");
  line[MOVE_COL.volumeLow] = total({ conversations: SCENARIO_NAMES.conversationsLow });
  line[MOVE_COL.volumeHigh] = total({ conversations: SCENARIO_NAMES.conversationsHigh });
  line[MOVE_COL.humanLow] = total({ humanCost: SCENARIO_NAMES.humanCostLow });
  line[MOVE_COL.humanHigh] = total({ humanCost: SCENARIO_NAMES.humanCostHigh });
  line[MOVE_COL.tokensLow] = total({ tokenFactor: SCENARIO_NAMES.tokensLow });
  line[MOVE_COL.tokensHigh] = total({ tokenFactor: SCENARIO_NAMES.tokensHigh });
  line[MOVE_COL.rateLow] = total({ rate: risk(RISK_COL.rateLow) });
  line[MOVE_COL.rateHigh] = total({ rate: risk(RISK_COL.rateHigh) });
  return line;
}

/** Bid i's price row: per price its words, its cap, its low and high (±PriceSwing) and the bid's total at each. */
function priceRow(ctx: ComparisonContext, at: Locator, i: number, swing: string): (PlanCell | null)[] {
  const formats = ctx.formats;
  const key = ctx.keys[i];
  const own = ownSymbols(ctx, at, i);
  const line: (PlanCell | null)[] = [];
  line[0] = formula(`"Prices of "&${bidCell(ctx, at, i, BID_COL.name)}`, undefined, "note");
  movedPrices(ctx, i).forEach((price, k) => {
    const c = (col: number) => col + PRICE_COL.width * k;
    const cell = (col: number) => at.cell(DECIDE_ROW.prices(key), c(col), true);
    const v = inputCell(ctx, at, i, price.path);
    line[c(PRICE_COL.words)] = text(price.words, "note");
    if (Number.isFinite(price.max)) line[c(PRICE_COL.cap)] = num(price.max, formats.plain, "note");
    line[c(PRICE_COL.low)] = formula(`${v}*(1-${swing})`, formats.price, "figure");
    const up = `${v}*(1+${swing})`;
    line[c(PRICE_COL.high)] = formula(Number.isFinite(price.max) ? `MIN(${cell(PRICE_COL.cap)}, ${up})` : up, formats.price, "figure");
    for (const [col, end] of [
      [PRICE_COL.totalLow, PRICE_COL.low],
      [PRICE_COL.totalHigh, PRICE_COL.high],
    ] as const) {
      const moved = (path: string) => (path === price.path ? cell(end) : inputCell(ctx, at, i, path));
      line[c(col)] = formula(`IFERROR(${monthlyTotalFormula(ctx, at, i, own, moved)}, "")`, formats.monthly, "figure");
    }
  });
  return line;
}

/** The formulas of one input of the pair: its label, low, high, and the gap at each. */
interface InputFormulas {
  label: string;
  low: string;
  high: string;
  gapAtLow: string;
  gapAtHigh: string;
  format: string;
}

/** The pair's inputs in the engine's order (src/engine/decide.ts moves()). */
function pairInputs(ctx: ComparisonContext, at: Locator): InputFormulas[] {
  const formats = ctx.formats;
  const first = ctx.keys[0];
  const last = ctx.keys[ctx.keys.length - 1];
  // The pair the tornado explains: the analyst's own when they name one, else the leader and its rival.
  const L = at.cell(DECIDE_ROW.pair, PAIR_COL.first, true);
  const R = at.cell(DECIDE_ROW.pair, PAIR_COL.second, true);
  const moveCol = (col: number) => at.range(DECIDE_ROW.bid(first), col, DECIDE_ROW.bid(last), col, true);
  const priceCol = (col: number) => at.range(DECIDE_ROW.prices(first), col, DECIDE_ROW.prices(last), col, true);
  const riskCol = (col: number) => at.range(ROW.risk(first), col, ROW.risk(last), col, true);
  const names = at.range(ROW.bid(first), BID_COL.name, ROW.bid(last), BID_COL.name, true);
  const of = (range: string, who: string) => `INDEX(${range}, ${who})`;
  const base = moveCol(MOVE_COL.base);
  const out: InputFormulas[] = [];
  const scenarioMove = (label: string, low: string, high: string, lowCol: number, highCol: number, format: string) =>
    out.push({
      label: `"${label}"`,
      low,
      high,
      gapAtLow: `${of(moveCol(lowCol), R)}-${of(moveCol(lowCol), L)}`,
      gapAtHigh: `${of(moveCol(highCol), R)}-${of(moveCol(highCol), L)}`,
      format,
    });
  scenarioMove("conversations per month", SCENARIO_NAMES.conversationsLow, SCENARIO_NAMES.conversationsHigh, MOVE_COL.volumeLow, MOVE_COL.volumeHigh, formats.count);
  scenarioMove("human cost per conversation", SCENARIO_NAMES.humanCostLow, SCENARIO_NAMES.humanCostHigh, MOVE_COL.humanLow, MOVE_COL.humanHigh, formats.price);
  scenarioMove("tokens per conversation (factor)", SCENARIO_NAMES.tokensLow, SCENARIO_NAMES.tokensHigh, MOVE_COL.tokensLow, MOVE_COL.tokensHigh, formats.share);
  // One side moved, the other at its likely total: the gap is rival - leader either way.
  const gap = (side: "leader" | "rival", moved: string) => (side === "leader" ? `${of(base, R)}-${of(moved, L)}` : `${of(moved, R)}-${of(base, L)}`);
  for (const [side, who] of [
    ["leader", L],
    ["rival", R],
  ] as const) {
    out.push({
      label: `"resolution rate of "&${of(names, who)}`,
      low: of(riskCol(RISK_COL.rateLow), who),
      high: of(riskCol(RISK_COL.rateHigh), who),
      gapAtLow: gap(side, moveCol(MOVE_COL.rateLow)),
      gapAtHigh: gap(side, moveCol(MOVE_COL.rateHigh)),
      format: formats.rate,
    });
  }
  const slots = priceSlots(ctx);
  for (const [side, who] of [
    ["leader", L],
    ["rival", R],
  ] as const) {
    for (let k = 0; k < slots; k++) {
      const col = (c: number) => priceCol(c + PRICE_COL.width * k);
      const words = of(col(PRICE_COL.words), who);
      out.push({
        label: `IF(${words}="", "", ${words}&" of "&${of(names, who)})`,
        low: of(col(PRICE_COL.low), who),
        high: of(col(PRICE_COL.high), who),
        gapAtLow: gap(side, col(PRICE_COL.totalLow)),
        gapAtHigh: gap(side, col(PRICE_COL.totalHigh)),
        format: formats.price,
      });
    }
  }
  return out;
}

/** The unsorted input rows: each input's figures, its effect (-1 when it has no range) and its rank. */
function inputRows(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  const formats = ctx.formats;
  const inputs = pairInputs(ctx, at);
  const effects = at.range(DECIDE_ROW.input(0), BAR_COL.effect, DECIDE_ROW.input(inputs.length - 1), BAR_COL.effect, true);
  return inputs.map((x, k) => {
    const c = (col: number) => at.cell(DECIDE_ROW.input(k), col);
    const [low, high, gLow, gHigh] = [c(BAR_COL.low), c(BAR_COL.high), c(BAR_COL.gapAtLow), c(BAR_COL.gapAtHigh)];
    const guard = (f: string) => `IFERROR(${f}, "")`;
    const valid = `AND(ISNUMBER(${low}), ISNUMBER(${high}), ISNUMBER(${gLow}), ISNUMBER(${gHigh}))`;
    const line: (PlanCell | null)[] = [];
    line[BAR_COL.input] = formula(guard(x.label), undefined, "note");
    line[BAR_COL.low] = formula(guard(x.low), x.format, "figure");
    line[BAR_COL.high] = formula(guard(x.high), x.format, "figure");
    line[BAR_COL.gapAtLow] = formula(guard(x.gapAtLow), formats.monthly, "figure");
    line[BAR_COL.gapAtHigh] = formula(guard(x.gapAtHigh), formats.monthly, "figure");
    // Where the gap crosses 0 between low and high (the straight line through the two ends).
    line[BAR_COL.flipsAt] = formula(`IF(NOT(${valid}), "", IF(${gLow}=0, ${low}, IF(${gHigh}=0, ${high}, IF(SIGN(${gLow})=SIGN(${gHigh}), "", (${low}*${gHigh}-${high}*${gLow})/(${gHigh}-${gLow})))))`, x.format, "figure");
    // An input without a range (low = high) is left out of the tornado: effect -1.
    line[BAR_COL.effect] = formula(`IFERROR(IF(AND(${valid}, ${low}<${high}), ABS(${gHigh}-${gLow}), -1), -1)`, formats.monthly, "figure");
    const earlier = k === 0 ? "" : `+SUMPRODUCT((${at.range(DECIDE_ROW.input(0), BAR_COL.effect, DECIDE_ROW.input(k - 1), BAR_COL.effect, true)}=${c(BAR_COL.effect)})*1)`;
    line[BAR_COL.rank] = formula(`IF(${c(BAR_COL.effect)}<0, "", 1+SUMPRODUCT((${effects}>${c(BAR_COL.effect)})*1)${earlier})`, formats.plain, "figure");
    return line;
  });
}

/** The tornado: bar j is the input of rank j + 1. */
function barRows(ctx: ComparisonContext, at: Locator): (PlanCell | null)[][] {
  const formats = ctx.formats;
  const n = decideInputs(ctx);
  const col = (c: number) => at.range(DECIDE_ROW.input(0), c, DECIDE_ROW.input(n - 1), c, true);
  return Array.from({ length: n }, (_, j) => {
    const which = at.cell(DECIDE_ROW.bar(j), BAR_COL.rank);
    const pick = (c: number, format?: string, style: "figure" | "note" = "figure") => formula(`IF(${which}="", "", INDEX(${col(c)}, ${which}))`, format, style);
    const line: (PlanCell | null)[] = [];
    line[BAR_COL.input] = pick(BAR_COL.input, undefined, "note");
    line[BAR_COL.low] = pick(BAR_COL.low, "#,##0.00##");
    line[BAR_COL.high] = pick(BAR_COL.high, "#,##0.00##");
    line[BAR_COL.gapAtLow] = pick(BAR_COL.gapAtLow, formats.monthly);
    line[BAR_COL.gapAtHigh] = pick(BAR_COL.gapAtHigh, formats.monthly);
    line[BAR_COL.flipsAt] = pick(BAR_COL.flipsAt, "#,##0.00##");
    line[BAR_COL.effect] = pick(BAR_COL.effect, formats.monthly);
    line[BAR_COL.rank] = formula(`IFERROR(MATCH(${j + 1}, ${col(BAR_COL.rank)}, 0), "")`, formats.plain, "note");
    return line;
  });
}

const BAR_HEADS: [number, string][] = [
  [BAR_COL.input, "Input moved alone"],
  [BAR_COL.low, "Low"],
  [BAR_COL.high, "High"],
  [BAR_COL.gapAtLow, "Gap at low"],
  [BAR_COL.gapAtHigh, "Gap at high"],
  [BAR_COL.flipsAt, "Winner changes at"],
  [BAR_COL.effect, "Effect |high - low|"],
  [BAR_COL.rank, "Row of the work table"],
];

function heads(list: [number, string][]): (PlanCell | null)[] {
  const line: (PlanCell | null)[] = [];
  for (const [col, label] of list) line[col] = text(label, "header");
  return line;
}

export const decideBlock: SheetBlock<ComparisonContext> = {
  id: "decide",
  rows: (ctx) => [
    DECIDE_ROW.head,
    DECIDE_ROW.note,
    DECIDE_ROW.swing,
    DECIDE_ROW.pick,
    DECIDE_ROW.pairColumns,
    DECIDE_ROW.pair,
    DECIDE_ROW.columns,
    ...Array.from({ length: decideInputs(ctx) }, (_, j) => DECIDE_ROW.bar(j)),
    ...Array.from({ length: decideChartRows(ctx) }, (_, i) => DECIDE_ROW.chart(i)),
    DECIDE_ROW.workHead,
    ...Array.from({ length: decideInputs(ctx) }, (_, k) => DECIDE_ROW.input(k)),
    DECIDE_ROW.bidColumns,
    ...ctx.keys.map(DECIDE_ROW.bid),
    ...ctx.keys.map(DECIDE_ROW.prices),
    DECIDE_ROW.space,
  ],
  fill: (ctx, at) => {
    const n = decideInputs(ctx);
    const swing = at.cell(DECIDE_ROW.swing, 1, true);
    const bars = at.range(DECIDE_ROW.bar(0), BAR_COL.input, DECIDE_ROW.bar(n - 1), BAR_COL.input);
    const series = (c: number) => at.range(DECIDE_ROW.bar(0), c, DECIDE_ROW.bar(n - 1), c);
    const charts: ChartPlan[] = [
      {
        id: "what-decides-it",
        type: "bar-clustered",
        title: `What decides it: the gap between the rival's and the leader's monthly totals, each input at its low and its high (${ctx.currency})`,
        categories: bars,
        series: [
          { name: "Gap at low", values: series(BAR_COL.gapAtLow) },
          { name: "Gap at high", values: series(BAR_COL.gapAtHigh) },
        ],
        valueFormat: ctx.formats.monthly,
        topLeft: at.cell(DECIDE_ROW.chart(0), 0),
        bottomRight: at.cell(DECIDE_ROW.chart(decideChartRows(ctx) - 1), 7),
      },
    ];
    const moveHeads = heads([
      [MOVE_COL.name, "Bid"],
      [MOVE_COL.place, "Place (1 = leader)"],
      [MOVE_COL.base, "Total per month"],
      [MOVE_COL.volumeLow, "at low volume"],
      [MOVE_COL.volumeHigh, "at high volume"],
      [MOVE_COL.humanLow, "at low human cost"],
      [MOVE_COL.humanHigh, "at high human cost"],
      [MOVE_COL.tokensLow, "at low tokens"],
      [MOVE_COL.tokensHigh, "at high tokens"],
      [MOVE_COL.rateLow, "at its low rate"],
      [MOVE_COL.rateHigh, "at its high rate"],
    ]);
    const swingRow: (PlanCell | null)[] = [text("Each price moves by (either way)"), num(DEFAULT_PRICE_SWING, ctx.formats.rate, "input"), null, text("the prices have no range of their own: each moves this far down and up", "note")];
    // The swing is the analyst's: an update keeps what they typed (an input of the sheet, not of a bid or the scenario).
    const inputs: PlannedInput[] = [
      { path: "decide.priceSwing", row: DECIDE_ROW.swing, col: 1, kind: "number", written: DEFAULT_PRICE_SWING },
      { path: "decide.pair.first", row: DECIDE_ROW.pick, col: 1, kind: "number-or-blank", written: null },
      { path: "decide.pair.second", row: DECIDE_ROW.pick, col: 2, kind: "number-or-blank", written: null },
    ];
    return {
      inputs,
      cells: [
        [text("What decides it", "section")],
        [
          text(
            "For the leader and its closest rival (or a pair of your own): each input moved alone from its low to its high, the others at their likely values, and the gap between their monthly totals (the rival's minus the leader's) at each end. A gap below 0 means the rival would win. The largest effect comes first; \"Winner changes at\" is the input's value where the gap is 0, blank when the winner stays within the range.",
            "note",
          ),
        ],
        swingRow,
        pickRow(),
        ...pairRows(ctx, at),
        heads(BAR_HEADS),
        ...barRows(ctx, at),
        ...Array.from({ length: decideChartRows(ctx) }, () => []),
        [text("What decides it: the work (the pair's inputs in order, then each bid's totals with one input moved)", "note")],
        ...inputRows(ctx, at),
        moveHeads,
        ...ctx.keys.map((_, i) => moveRow(ctx, at, i)),
        ...ctx.keys.map((_, i) => priceRow(ctx, at, i, swing)),
        [],
      ],
      charts,
    };
  },
};
