/**
 * Over the contract term (docs/spec.md#contract-term; the engine's src/engine/term.ts computes the same
 * figures the same way). More: docs/modules.md#workbook-comparison-blocks-term.
 */
import { MAX_TERM_MONTHS, SEASONS } from "../../../engine/term";
import type { Locator, SheetBlock } from "../../layout";
import type { ChartPlan, PlanCell, PlannedInput } from "../../sheet-plan";
import { formula, num, text } from "../cells";
import { bidCell, ComparisonContext, inputCell, SCENARIO_NAMES } from "../context";
import type { Symbols } from "../bid-formulas";
import { TERM_CHART_ROW } from "./term-chart";
import { BID_COL, ROW, TERM_COL, TERM_DETAIL_ROWS, TERM_MONTH_COL, TermDetailRow } from "../keys";
import { isPriced, NOT_PRICED, notPricedReason } from "../priced";
import { monthlyBillInEffect } from "./term-prices";
import { termChargeExpired, termChargeLines, termChargeRowKeys, termChargeTrueUps, termChargeVendorExtra } from "./term-charges";
import { seatsAlong, termUnitsLines, termUnitsRowKeys } from "./term-units";

export const NEVER_CHEAPEST = "never";
export const NONE_PRICED = "no bid priced";

export function termChartRows(n: number): number {
  return Math.max(18, Math.ceil(n * 0.4) + 16);
}

const LAST = TERM_MONTH_COL.first + MAX_TERM_MONTHS - 1;

/** A month row of a key, absolute (all 60 months). */
export function monthRow(at: Locator, key: string): string {
  return at.range(key, TERM_MONTH_COL.first, key, LAST, true);
}

const DETAIL_LABEL: Record<Exclude<TermDetailRow, "title">, string> = {
  rate: "Resolution rate (its ramp)",
  vendor: "Vendor fee (escalated)",
  "true-up": "Commitment true-up",
  supplied: "Supplied by the buyer",
  "one-time": "One-time costs (vendor and buyer)",
  human: "Human fallback (conversations the AI does not resolve)",
  total: "Total cost",
};

/** The PlannedInput paths of a bid's own term inputs (not fields of the bid: export leaves them out). */
export const TERM_BID_PATHS = { rampStart: "term.rampStartRate", rampMonths: "term.rampMonths", escalator: "term.escalator", escalatorEvery: "term.escalatorEvery" } as const;

/** What every phase of the term block shares: the cells of the month rows and of each bid's summary. */
interface TermCells {
  ctx: ComparisonContext;
  at: Locator;
  T: string;
  months: string;
  conversations: string;
  inTerm: (f: string) => string;
  /** Each month of the row, or the term's last month past the term (term-charges.ts). */
  monthOrLast: string;
  detail: (key: string, what: TermDetailRow) => string;
  cumulative: (key: string) => string;
  lowest: string;
  summary: (i: number, col: number, absolute?: boolean) => string;
  /** Is bid i priced over the term (priced in the table, its month-1 rate within 0..1)? */
  priced: (i: number) => string;
  /** Why bid i is not priced over the term. */
  reason: (i: number) => string;
}

function termCells(ctx: ComparisonContext, at: Locator): TermCells {
  const months = monthRow(at, ROW.termMonths);
  const T = SCENARIO_NAMES.termMonths;
  const summary = (i: number, col: number, absolute = true) => at.cell(ROW.termBid(ctx.keys[i]), col, absolute);
  return {
    ctx,
    at,
    T,
    months,
    conversations: monthRow(at, ROW.termConversations),
    inTerm: (f: string) => `IF(${months}<=${T}, ${f}, "")`,
    monthOrLast: `IF(${months}<=${T}, ${months}, ${T})`,
    detail: (key, what) => monthRow(at, ROW.termDetail(key, what)),
    cumulative: (key) => monthRow(at, ROW.termCumulative(key)),
    lowest: monthRow(at, ROW.termLowest),
    summary,
    priced: (i) => `AND(${isPriced(ctx, at, i)}, ISNUMBER(${summary(i, TERM_COL.rampStart)}), ${summary(i, TERM_COL.rampStart)}>=0, ${summary(i, TERM_COL.rampStart)}<=1)`,
    reason: (i) => `IF(${isPriced(ctx, at, i)}, "${NOT_PRICED}: its resolution rate in month 1 is outside 0% to 100%", ${notPricedReason(ctx, at, i)})`,
  };
}

/**
 * A bid's prepaid credit packs (engine: bidTerm): its billable units month by month burned by
 * AIPRICE.CREDIT_BURN against the packs bought; the units drawn from credits are not billed at the
 * unit price, the packs are billed when bought. The packs' figures are the bid's input cells.
 */
function creditBurn(x: TermCells, i: number): { adjustment: string; expired: string; monthly: (col: number) => string } | null {
  const { ctx, at, T, months, conversations } = x;
  const bid = ctx.templates[i].bid;
  const packs = bid.charges?.creditPacks;
  if (!packs) return null;
  const rate = x.detail(ctx.keys[i], "rate");
  const V = `FILTER(${conversations}, ${months}<=${T})`;
  const r = `FILTER(${rate}, ${months}<=${T})`;
  const p = bid.pricing;
  let units: string;
  let unitPrice: string;
  if (p.model === "per-conversation") [units, unitPrice] = [V, inputCell(ctx, at, i, "pricing.pricePerConversation")];
  else if (p.model === "per-resolution") [units, unitPrice] = [`${V}*${r}`, inputCell(ctx, at, i, "pricing.pricePerResolution")];
  else if (p.model === "outcome-based") [units, unitPrice] = [`${V}*${r}*${bidCell(ctx, at, i, BID_COL.qualifyingShare)}`, inputCell(ctx, at, i, "pricing.pricePerOutcome")];
  else if (p.model === "per-seat") [units, unitPrice] = [seatsAlong(V, inputCell(ctx, at, i, "pricing.seats")), inputCell(ctx, at, i, "pricing.pricePerSeat")];
  else if (p.model === "credits")
    [units, unitPrice] = [`${V}*${inputCell(ctx, at, i, "pricing.actionsPerConversation")}*${inputCell(ctx, at, i, "pricing.creditsPerAction")}`, `${inputCell(ctx, at, i, "pricing.packPrice")}/${inputCell(ctx, at, i, "pricing.creditsPerPack")}`];
  else return null;
  // The packs' figures are input cells of the bid (inputs block): no number of the template in a formula.
  const pack = (k: string) => inputCell(ctx, at, i, `charges.creditPacks.${k}`);
  const boughtIn = (m: string) => `(${packs.boughtInMonths.map((_, k) => `(${m}=${pack(`boughtInMonths.${k}`)})`).join("+")})`;
  const bought = `FILTER(${boughtIn(months)}*${pack("packs")}*${pack("creditsPerPack")}, ${months}<=${T})`;
  const burn = `AIPRICE.CREDIT_BURN(${units}, ${bought}${packs.expiryMonths !== undefined ? `, ${pack("expiryMonths")}` : ""})`;
  return {
    /** Month by month (a row of 60): the packs billed less the units drawn from credits at the unit price. */
    adjustment: `${boughtIn(months)}*${pack("packs")}*${pack("pricePerPack")}-INDEX(${burn}, ${x.monthOrLast}+1, 4)*${unitPrice}`,
    expired: `SUM(INDEX(${burn}, SEQUENCE(${T})+1, 6))`,
    /** Month by month (a row of 60): a column of CREDIT_BURN's table (2 bought, 4 drawn from credits, 6 expired). */
    monthly: (col: number) => `INDEX(${burn}, ${x.monthOrLast}+1, ${col})`,
  };
}

const TABLE_HEADS: [number, string][] = [
  [TERM_COL.name, "Bid"],
  [TERM_COL.rampStart, "Resolution rate in month 1"],
  [TERM_COL.rampMonths, "Ramp (months)"],
  [TERM_COL.escalator, "Price escalator per step"],
  [TERM_COL.escalatorEvery, "Months between rises"],
  [TERM_COL.total, "Total contract value"],
  [TERM_COL.npv, "Net present value (NPV)"],
  [TERM_COL.unusedCommitment, "Commitment left unused"],
  [TERM_COL.expiredCredits, "Credits expired"],
  [TERM_COL.cheapestFrom, "Cheapest from month"],
  [TERM_COL.rank, "Rank by contract value"],
];

/** Bid i's term assumptions: inputs that follow the scenario's until typed. */
function termAssumptions(x: TermCells, i: number, line: (PlanCell | null)[], inputs: PlannedInput[]): void {
  const { ctx, at } = x;
  const formats = ctx.formats;
  const key = ctx.keys[i];
  const contract = ctx.templates[i].bid.charges?.escalator;
  const follow: [number, string, string, string][] = [
    [TERM_COL.rampStart, TERM_BID_PATHS.rampStart, `=${bidCell(ctx, at, i, BID_COL.resolutionRate)}*${SCENARIO_NAMES.rampStart}`, formats.rate],
    [TERM_COL.rampMonths, TERM_BID_PATHS.rampMonths, `=${SCENARIO_NAMES.rampMonths}`, formats.months],
    [TERM_COL.escalator, TERM_BID_PATHS.escalator, contract ? `=${inputCell(ctx, at, i, "charges.escalator.annualRate")}` : `=${SCENARIO_NAMES.escalator}`, formats.rate],
  ];
  for (const [col, path, f, format] of follow) {
    line[col] = formula(f, format, "input");
    inputs.push({ path, bid: key, row: ROW.termBid(key), col, kind: "number-or-formula", written: f });
  }
  if (contract) {
    const f = `=${inputCell(ctx, at, i, "charges.escalator.everyMonths")}`;
    line[TERM_COL.escalatorEvery] = formula(f, formats.months, "input");
    inputs.push({ path: TERM_BID_PATHS.escalatorEvery, bid: key, row: ROW.termBid(key), col: TERM_COL.escalatorEvery, kind: "number-or-formula", written: f });
  } else {
    line[TERM_COL.escalatorEvery] = num(12, formats.months, "input");
    inputs.push({ path: TERM_BID_PATHS.escalatorEvery, bid: key, row: ROW.termBid(key), col: TERM_COL.escalatorEvery, kind: "number-or-formula", written: 12 });
  }
}

/** The table of bids: their term assumptions, then the figures over the term (a bid not priced: its reason). */
function termTable(x: TermCells, inputs: PlannedInput[]): (PlanCell | null)[][] {
  const { ctx, at, T, months, lowest } = x;
  const formats = ctx.formats;
  const n = ctx.keys.length;
  const header: (PlanCell | null)[] = [];
  for (const [col, label] of TABLE_HEADS) header[col] = text(label, "header");
  const totals = at.range(ROW.termBid(ctx.keys[0]), TERM_COL.total, ROW.termBid(ctx.keys[n - 1]), TERM_COL.total, true);
  const table = ctx.templates.map((t, i) => {
    const key = ctx.keys[i];
    const line: (PlanCell | null)[] = [];
    const c = (col: number) => x.summary(i, col, false);
    const priced = (f: string) => `IF(${x.priced(i)}, ${f}, ${x.reason(i)})`;
    line[TERM_COL.name] = formula(bidCell(ctx, at, i, BID_COL.name));
    termAssumptions(x, i, line, inputs);
    const total = x.detail(key, "total");
    const cum = x.cumulative(key);
    line[TERM_COL.total] = formula(priced(`SUM(${total})`), formats.monthly, "figure");
    line[TERM_COL.npv] = formula(priced(`NPV(${SCENARIO_NAMES.discountRate}, ${total})`), formats.monthly, "figure");
    line[TERM_COL.unusedCommitment] = formula(priced(`SUM(${x.detail(key, "true-up")})`), formats.monthly, "figure");
    const burned = creditBurn(x, i);
    const expired = [burned?.expired, termChargeExpired(x, i)].filter((e): e is string => !!e);
    line[TERM_COL.expiredCredits] = formula(priced(expired.length ? expired.join("+") : "0"), formats.count, "figure");
    line[TERM_COL.cheapestFrom] = formula(priced(`IF(INDEX(${cum}, 1, ${T})>INDEX(${lowest}, 1, ${T}), "${NEVER_CHEAPEST}", MAX(IF(${months}<=${T}, (${cum}>${lowest})*${months}, 0))+1)`), formats.plain, "figure");
    line[TERM_COL.rank] = formula(`IF(ISNUMBER(${c(TERM_COL.total)}), 1+SUMPRODUCT(IFERROR(ISNUMBER(${totals})*(${totals}<${c(TERM_COL.total)}), 0)), "${NOT_PRICED}")`, formats.plain, "figure");
    return line;
  });
  return [header, ...table];
}

/** Month by month: the months, the seasons, the conversations, the lowest running total and whose it is. */
function monthLines(x: TermCells, inputs: PlannedInput[]): (PlanCell | null)[][] {
  const { ctx, at, T, months } = x;
  const formats = ctx.formats;
  const n = ctx.keys.length;
  const seasonal = at.range(ROW.termSeasonal, TERM_MONTH_COL.first, ROW.termSeasonal, TERM_MONTH_COL.first + SEASONS - 1, true);
  const monthsLine: (PlanCell | null)[] = [text("Month of the term", "header")];
  monthsLine[TERM_MONTH_COL.first] = formula(`IF(SEQUENCE(1, ${MAX_TERM_MONTHS})<=${T}, SEQUENCE(1, ${MAX_TERM_MONTHS}), "")`, formats.months, "header", { rows: 1, cols: MAX_TERM_MONTHS });
  const seasonalLine: (PlanCell | null)[] = [text("Seasonal factor (months 1 to 12, then again)")];
  const factors = ctx.term.seasonal ?? Array(SEASONS).fill(1);
  factors.forEach((f, k) => {
    seasonalLine[TERM_MONTH_COL.first + k] = num(f, "0.00", "input");
    inputs.push({ path: `term.seasonal.${k}`, row: ROW.termSeasonal, col: TERM_MONTH_COL.first + k, kind: "number", written: f });
  });
  const conversationsLine: (PlanCell | null)[] = [text("Conversations")];
  conversationsLine[TERM_MONTH_COL.first] = formula(x.inTerm(`${SCENARIO_NAMES.conversations}*(1+${SCENARIO_NAMES.growth})^(${months}-1)*INDEX(${seasonal}, 1, MOD(${months}-1, ${SEASONS})+1)/INDEX(${seasonal}, 1, 1)`), formats.count, "figure", {
    rows: 1,
    cols: MAX_TERM_MONTHS,
  });
  // The lowest running total each month among the bids priced, and whose it is (the names beside their own rows).
  const firstCum = ROW.termCumulative(ctx.keys[0]);
  const lastCum = ROW.termCumulative(ctx.keys[n - 1]);
  const names = at.range(firstCum, TERM_MONTH_COL.label, lastCum, TERM_MONTH_COL.label, true);
  const lowestLine: (PlanCell | null)[] = [text("Lowest cumulative cost", "note")];
  const cheapestLine: (PlanCell | null)[] = [text("Cheapest to date", "header")];
  for (let k = 0; k < MAX_TERM_MONTHS; k++) {
    const col = TERM_MONTH_COL.first + k;
    const month = at.cell(ROW.termMonths, col, true);
    const column = at.range(firstCum, col, lastCum, col, true);
    lowestLine[col] = formula(`IF(${month}="", "", IF(COUNT(${column})=0, "${NONE_PRICED}", MIN(${column})))`, formats.monthly, "note");
    cheapestLine[col] = formula(`IF(${month}="", "", IF(COUNT(${column})=0, "${NONE_PRICED}", INDEX(${names}, MATCH(${at.cell(ROW.termLowest, col, true)}, ${column}, 0))))`, undefined, "figure");
  }
  return [monthsLine, seasonalLine, conversationsLine, lowestLine, cheapestLine];
}

/**
 * Each bid's running total: the month before's (N of the cell to the left: the bid's name, 0, before
 * month 1) plus the month's total, the same formula across the row; the sums SUM from month 1 would give,
 * added in the same order, without reading every month again in each (a bid not priced: never a total).
 */
function cumulativeLines(x: TermCells): (PlanCell | null)[][] {
  const { ctx, at } = x;
  return ctx.templates.map((t, i) => {
    const key = ctx.keys[i];
    const total = ROW.termDetail(key, "total");
    const line: (PlanCell | null)[] = [formula(bidCell(ctx, at, i, BID_COL.name))];
    for (let k = 0; k < MAX_TERM_MONTHS; k++) {
      const col = TERM_MONTH_COL.first + k;
      const before = at.cell(ROW.termCumulative(key), col - 1);
      line[col] = formula(`IF(${at.cell(ROW.termMonths, col, true)}="", "", IF(${x.priced(i)}, N(${before})+${at.cell(total, col)}, "${NOT_PRICED}"))`, ctx.formats.monthly, "figure");
    }
    return line;
  });
}

/** The title of a bid's month by month: the finance sheet checks it still starts with the name and " - " (finance/live-cells.ts). */
function termMonthsTitle(bid: { name: string; vendor: string }): string {
  return `${bid.name} - ${bid.vendor}: month by month`;
}

/** Bid i month by month: its ramp, vendor fee, true-up, supplied, one-time, human fallback and total. */
function bidMonths(x: TermCells, i: number): (PlanCell | null)[][] {
  const { ctx, at, T, months, conversations } = x;
  const formats = ctx.formats;
  const key = ctx.keys[i];
  const bid = ctx.templates[i].bid;
  const b = (col: number) => bidCell(ctx, at, i, col);
  const own = (col: number) => x.summary(i, col);
  const rate = x.detail(key, "rate");
  const symbols: Symbols = { rate, qualifyingShare: b(BID_COL.qualifyingShare), conversations, humanCost: SCENARIO_NAMES.humanCost, tokenFactor: null, arrayed: true };
  const vendor = x.detail(key, "vendor");
  const commitment = bid.charges?.commitment;
  const burned = creditBurn(x, i);
  const oneTimeFee = bid.charges?.oneTimeFee !== undefined ? inputCell(ctx, at, i, "charges.oneTimeFee") : null;
  // A bid not priced shows "not priced" in every month: never a negative cost.
  const line = (what: Exclude<TermDetailRow, "title">, f: string, format: string) => {
    const r: (PlanCell | null)[] = [];
    r[TERM_MONTH_COL.first] = formula(x.inTerm(`IF(${x.priced(i)}, ${f}, "${NOT_PRICED}")`), format, "figure", { rows: 1, cols: MAX_TERM_MONTHS });
    r[TERM_MONTH_COL.label] = text(DETAIL_LABEL[what], what === "total" ? "header" : undefined);
    return r;
  };
  return [
    [text(termMonthsTitle(bid), "section")],
    line("rate", `IF(${months}>${own(TERM_COL.rampMonths)}, ${b(BID_COL.resolutionRate)}, ${own(TERM_COL.rampStart)}+(${b(BID_COL.resolutionRate)}-${own(TERM_COL.rampStart)})*(${months}-1)/${own(TERM_COL.rampMonths)})`, formats.rate),
    line(
      "vendor",
      `AIPRICE.ESCALATED_PRICE(1, ${own(TERM_COL.escalator)}, ${x.monthOrLast}, ${own(TERM_COL.escalatorEvery)})*(${monthlyBillInEffect(ctx, at, i, symbols)}${burned ? `+${burned.adjustment}` : ""})${termChargeVendorExtra(x, i)}`,
      formats.monthly,
    ),
    line(
      "true-up",
      (commitment ? `INDEX(AIPRICE.COMMIT_TRUE_UP(FILTER(${vendor}, ${months}<=${T}), ${inputCell(ctx, at, i, "charges.commitment.amount")}, ${inputCell(ctx, at, i, "charges.commitment.periodMonths")}), ${x.monthOrLast}+1, 3)` : "0") +
        termChargeTrueUps(x, i),
      formats.monthly,
    ),
    line("supplied", `${b(BID_COL.suppliedPerConversation)}*${conversations}+${b(BID_COL.suppliedFixedMonthly)}`, formats.monthly),
    line("one-time", `IF(${months}=1, ${oneTimeFee ? `${oneTimeFee}+` : ""}${b(BID_COL.suppliedOneTime)}, 0)`, formats.monthly),
    line("human", `${conversations}*(1-${rate})*${SCENARIO_NAMES.humanCost}*(1-${b(BID_COL.assist)})`, formats.monthly),
    line("total", `${vendor}+${x.detail(key, "true-up")}+${x.detail(key, "supplied")}+${x.detail(key, "one-time")}+${x.detail(key, "human")}`, formats.monthly),
  ];
}

const TERM_NOTE =
  "Total contract value: every month's cost (vendor, the buyer's own costs, the humans who take what the AI does not resolve). NPV: Excel's NPV of the monthly totals at the monthly discount rate (month 1 discounted once). Commitment left unused: the true-ups, committed spend that bought nothing. Cheapest from month m: from m to the end of the term the bid's cumulative cost is the lowest of all bids (\"never\": it is not the lowest at the end). One-time costs fall in month 1. Orange cells follow the scenario's term inputs until you type a bid's own. A bid not priced is never ranked nor totalled: its reason stands in its figures.";

function termChart(x: TermCells): ChartPlan {
  const { ctx, at } = x;
  // Every month of the longest term: the lines (./term-chart) stop at the term typed on the sheet.
  return {
    id: "cumulative-by-month",
    type: "line",
    title: `Cumulative cost over the term (${ctx.currency}): where two lines cross, the cheaper bid changes`,
    categories: at.range(ROW.termMonths, TERM_MONTH_COL.first, ROW.termMonths, LAST),
    series: ctx.keys.map((key, i) => ({ name: ctx.templates[i].bid.name, values: at.range(TERM_CHART_ROW(key), TERM_MONTH_COL.first, TERM_CHART_ROW(key), LAST) })),
    valueFormat: ctx.formats.monthly,
    topLeft: at.cell(ROW.chart("term", 0), 0),
    bottomRight: at.cell(ROW.chart("term", termChartRows(ctx.keys.length) - 1), 10),
  };
}

export const termBlock: SheetBlock<ComparisonContext> = {
  id: "term",
  rows: (ctx) => [
    ROW.termHead,
    ROW.termColumns,
    ...ctx.keys.map(ROW.termBid),
    ROW.termNote,
    ROW.space("term-table"),
    ROW.termMonths,
    ROW.termSeasonal,
    ROW.termConversations,
    ROW.termLowest,
    ROW.termCheapest,
    ROW.termCumulativeHead,
    ...ctx.keys.map(ROW.termCumulative),
    ROW.termChartNote,
    ...Array.from({ length: termChartRows(ctx.keys.length) }, (_, i) => ROW.chart("term", i)),
    ...ctx.keys.flatMap((key, i) => [...TERM_DETAIL_ROWS.map((what) => ROW.termDetail(key, what)), ...termChargeRowKeys(ctx, i), ...termUnitsRowKeys(ctx, i)]),
    ROW.space("term"),
  ],
  fill: (ctx, at) => {
    const x = termCells(ctx, at);
    const inputs: PlannedInput[] = [];
    const built = ctx.term.months;
    return {
      cells: [
        [text("Over the contract term", "section"), null, null, null, null, formula(`${SCENARIO_NAMES.termMonths}&" months (built with ${built}); change TermMonths (up to ${MAX_TERM_MONTHS}) and every figure follows"`, undefined, "note")],
        ...termTable(x, inputs),
        [text(TERM_NOTE, "note")],
        [],
        ...monthLines(x, inputs),
        [text("Cumulative cost by bid (running total of its monthly cost)", "header")],
        ...cumulativeLines(x),
        [text(`The chart follows the term typed on the sheet (TermMonths, up to ${MAX_TERM_MONTHS} months): each line stops at the term's last month.`, "note")],
        ...Array.from({ length: termChartRows(ctx.keys.length) }, () => []),
        ...ctx.templates.flatMap((_, i) => [...bidMonths(x, i), ...termChargeLines(x, i), ...termUnitsLines(x, i, creditBurn(x, i))]),
        [],
      ],
      charts: [termChart(x)],
      inputs,
    };
  },
};
