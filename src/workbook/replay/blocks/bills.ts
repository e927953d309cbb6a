/**
 * What each bid costs month by month: the bill as the vendor would invoice it (values from the pricing
 * engine, as `aiprice backtest` computes them), what the buyer supplies beside the vendor and the two
 * together (only when some bid supplies anything), each with its total over the months as a formula;
 * and a line chart of the monthly cost of each bid.
 */
import type { SheetBlock, Locator } from "../../layout";
import type { ChartPlan, PlanCell } from "../../sheet-plan";
import { formula, num, text } from "../../comparison/cells";
import { allCol, FIRST_MONTH_COL, LABEL_COL, monthCol, ReplayBidContext, ReplayContext } from "../context";
import { ROW } from "../keys";

/** Money with cents, in the bid's currency. */
export const moneyFormat = (b: ReplayBidContext) => b.formats.monthly.replace("#,##0", "#,##0.00");

export function chartRows(n: number): number {
  return Math.max(18, 14 + Math.ceil(n / 2));
}

/** The row whose months make a bid's monthly cost: the bill, or bill plus supplied when the sheet has both. */
export const costRow = (ctx: ReplayContext, b: ReplayBidContext) => (ctx.supplied ? ROW.cost(b.key) : ROW.bill(b.key));

function monthsHeader(ctx: ReplayContext, first: string, last: string): (PlanCell | null)[] {
  return [text(first, "header"), ...ctx.months.map((m) => text(m.month, "header")), text(last, "header")];
}

function table(ctx: ReplayContext, at: Locator, row: (key: string) => string, month: (b: ReplayBidContext, k: number) => PlanCell): (PlanCell | null)[][] {
  const all = allCol(ctx);
  return ctx.bids.map((b) => {
    const line: (PlanCell | null)[] = [];
    line[LABEL_COL] = text(b.template.bid.name);
    if (!b.priced) {
      line[FIRST_MONTH_COL] = text("not priced on this history: see the note in the table below", "warning");
      return line;
    }
    ctx.months.forEach((_, k) => (line[monthCol(k)] = month(b, k)));
    line[all] = formula(`SUM(${at.range(row(b.key), FIRST_MONTH_COL, row(b.key), all - 1)})`, moneyFormat(b), "figure");
    return line;
  });
}

export const billsBlock: SheetBlock<ReplayContext> = {
  id: "bills",
  rows: (ctx) => [
    ROW.billsHead,
    ROW.billsMonths,
    ...ctx.bids.map((b) => ROW.bill(b.key)),
    ROW.billsNote,
    ROW.space("bills"),
    ...(ctx.supplied ? [ROW.suppliedHead, ROW.suppliedMonths, ...ctx.bids.map((b) => ROW.supplied(b.key)), ROW.space("supplied"), ROW.costHead, ROW.costMonths, ...ctx.bids.map((b) => ROW.cost(b.key)), ROW.space("cost")] : []),
  ],
  fill: (ctx, at) => {
    const cells: (PlanCell | null)[][] = [
      [text("The bill month by month, as each vendor would invoice it", "section")],
      monthsHeader(ctx, "Bid", "Total billed"),
      ...table(ctx, at, ROW.bill, (b, k) => num(b.replay.months[k].bill, moneyFormat(b))),
      [text("From the pricing engine, month by month, as aiprice backtest computes it: usage (with its allowance, tiers or packages), the platform fee and the true-up to a minimum commitment; the vendor's one-time fee in the first month.", "note")],
      [],
    ];
    if (ctx.supplied) {
      cells.push(
        [text("What you supply beside the vendor, month by month (not on the invoice)", "section")],
        monthsHeader(ctx, "Bid", "Total supplied"),
        ...table(ctx, at, ROW.supplied, (b, k) => num(b.replay.months[k].supplied, moneyFormat(b))),
        [],
        [text("Monthly cost: the bill plus what you supply", "section")],
        monthsHeader(ctx, "Bid", "Total cost"),
        ...table(ctx, at, ROW.cost, (b, k) => formula(`${at.cell(ROW.bill(b.key), monthCol(k))}+${at.cell(ROW.supplied(b.key), monthCol(k))}`, moneyFormat(b), "figure")),
        [],
      );
    }
    return { cells };
  },
};

/** The line chart of each priced bid's monthly cost, right below the summary. */
export const chartBlock: SheetBlock<ReplayContext> = {
  id: "chart",
  rows: (ctx) => [...Array.from({ length: chartRows(ctx.bids.length) }, (_, i) => ROW.chart(i)), ROW.space("chart")],
  fill: (ctx, at) => {
    const all = allCol(ctx);
    const n = chartRows(ctx.bids.length);
    const priced = ctx.bids.filter((b) => b.priced);
    const charts: ChartPlan[] =
      priced.length === 0
        ? []
        : [
            {
              id: "monthly-cost",
              type: "line",
              title: `Monthly cost of each bid${ctx.supplied ? ", bill plus what you supply" : ", as billed"}${ctx.currency ? ` (${ctx.currency})` : ""}`,
              categories: at.range(ROW.billsMonths, FIRST_MONTH_COL, ROW.billsMonths, all - 1),
              series: priced.map((b) => ({ name: b.template.bid.name, values: at.range(costRow(ctx, b), FIRST_MONTH_COL, costRow(ctx, b), all - 1) })),
              valueFormat: ctx.currency ? moneyFormat(priced[0]).replace(".00", "") : undefined,
              topLeft: at.cell(ROW.chart(0), 0),
              bottomRight: at.cell(ROW.chart(n - 1), Math.max(6, Math.min(all, 9))),
            },
          ];
    return { cells: [...Array.from({ length: n }, () => []), []], charts };
  },
};
