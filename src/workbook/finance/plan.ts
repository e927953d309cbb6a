/**
 * The finance sheet: a plain sheet (never one of the add-in's comparisons: no marker, never updated or
 * exported) that a finance reader takes from the pane, for the scenario, the term and the bids of the
 * comparison:
 *  - how each bid's cost is recognized (as incurred; accrued with a true-up when the window closes;
 *    measured savings with documented controls), with the journal entries it takes;
 *  - for per-resolution and outcome-based bids, the expense schedule over the term's months: the term's
 *    resolutions (or qualifying outcomes) by month, and AIPRICE.EXPENSE_SCHEDULE over them, the price, an
 *    expected reopen rate and the bid's reopen window, each an input the reader can change (the actual
 *    reopen rates are blank until known);
 *  - the monthly plan, one row per bid and month, in the columns of the CSV export (FinOps FOCUS).
 * The term's figures are the engine's at the time the sheet is built (values); the schedules are formulas.
 */
import { Bid, PRICING_MODEL_NAMES } from "../../engine/bid";
import { monthlyPlan, PLAN_COLUMNS, PlanRow, recognition } from "../../engine/finance";
import { DEFAULT_WINDOW_DAYS, monthsUntilFinal } from "../../engine/schedule";
import { compareTerm, TermComparison, TermSettings } from "../../engine/term";
import type { Scenario } from "../../engine/bid";
import type { BidTemplate } from "../../templates/template";
import { cellAddress, columnLetters } from "../a1";
import { formatsFor, num, text } from "../comparison/cells";
import { bidKeys } from "../comparison/keys";
import { checkSheetName, ComparisonProblem, freeSheetName } from "../comparison/request";
import type { PlanBlock, PlanCell, PlainSheetPlan } from "../sheet-plan";

export const FINANCE_SHEET_NAME = "Finance view";
/** The reopen rate a finance sheet starts from when the reader gives none: 5% of resolutions reopened. */
export const DEFAULT_REOPEN_RATE = 0.05;

export interface FinanceRequest {
  scenario: Scenario;
  templates: BidTemplate[];
  term?: Partial<TermSettings>;
  /** The first month of the contract, "YYYY-MM" (the plan's dates). */
  start: string;
  /** The expected reopen rate the schedules start from (the reader changes it on the sheet). */
  reopenRate?: number;
}

/** Where a bid's expense schedule is on the finance sheet. */
export interface ScheduleLayout {
  /** The bid's index among the templates. */
  bid: number;
  price: string;
  expectedReopenRate: string;
  windowDays: string;
  /** The column of resolutions by month (the term's), and of actual reopen rates (blank inputs). */
  resolutions: string;
  actualReopenRates: string;
  /** The cell holding EXPENSE_SCHEDULE, and the size of its table (header included). */
  table: string;
  rows: number;
}

export interface FinanceLayout {
  schedules: ScheduleLayout[];
  /** The monthly plan: its header row and its rows (one per bid and month). */
  plan: { header: string; rows: string; count: number };
  /** The recognition table's rows, one per bid: method in column C. */
  recognition: { first: number; count: number };
}

export interface FinancePlan {
  plan: PlainSheetPlan;
  layout: FinanceLayout;
  term: TermComparison;
  rows: PlanRow[];
}


/** The price per billable unit in month 1 (a per-resolution or outcome-based bid). */
function unitPrice(bid: Bid): number {
  const p = bid.pricing;
  if (p.model === "per-resolution") return p.pricePerResolution;
  if (p.model === "outcome-based") return p.pricePerOutcome;
  return 0;
}

/** Plans the finance sheet; throws ComparisonProblem when the request cannot be planned. */
export function planFinance(request: FinanceRequest, existingSheetNames: readonly string[]): FinancePlan {
  const { scenario, templates } = request;
  if (templates.length === 0) throw new ComparisonProblem(["choose at least one bid"]);
  const bids = templates.map((t) => t.bid);
  const ids = bidKeys(templates.map((t) => t.id));
  const term = compareTerm(bids, scenario, request.term ?? {});
  const unpriced = term.problems.map((p, i) => (p ? `"${bids[i].name}" cannot be priced over the term: ${p.message}` : null)).filter((x): x is string => x !== null);
  if (unpriced.length) throw new ComparisonProblem(unpriced);
  const rows = monthlyPlan(bids, ids, term, request.start);
  const sheetName = freeSheetName(existingSheetNames, FINANCE_SHEET_NAME);
  checkSheetName(sheetName);
  const F = formatsFor(bids[0].currency);
  const T = term.settings.months;
  const reopen = request.reopenRate ?? DEFAULT_REOPEN_RATE;

  const blocks: PlanBlock[] = [];
  let r = 0; // the next row, 0-based
  const put = (cells: (PlanCell | null)[][], col = 0) => {
    blocks.push({ id: "finance", topLeft: cellAddress({ row: r, col }), cells });
    r += cells.length;
  };

  put([
    [text("Finance view: how each bid's cost is recognized, month by month", "title")],
    [
      text(
        `${T} months from ${request.start}, in ${bids[0].currency}, for the scenario and term of the comparison (${scenario.conversations.toLocaleString("en-US")} conversations in month 1). The term's figures are values as of this sheet's build; the expense schedules are formulas over the orange inputs. Entries are those an accountant typically books: confirm the policy with your auditor.`,
        "subtitle",
      ),
    ],
    [],
  ]);

  // How each bid's cost is recognized, and the entries it takes.
  put([[text("How each bid's cost is recognized", "section")], [text("Bid", "header"), text("Pricing model", "header"), text("Recognized", "header"), text("In the guide's words, made plain", "header"), text("What the auditor will ask for", "header")]]);
  const recognitionFirst = r;
  put(
    bids.map((bid) => {
      const x = recognition(bid);
      return [text(bid.name), text(PRICING_MODEL_NAMES[bid.pricing.model]), text(x.method), text(x.summary, "note"), text(x.controls, "note")];
    }),
  );
  put([[], [text("Journal entries", "section")], [text("Bid", "header"), text("When", "header"), text("Debit", "header"), text("Credit", "header"), text("Amount", "header")]]);
  const entries: (PlanCell | null)[][] = [];
  bids.forEach((bid) => {
    const x = recognition(bid);
    for (const e of x.entries) entries.push([text(bid.name), text(e.when, "wrapped"), text(e.debit, "wrapped"), text(e.credit, "wrapped"), text(e.amount, "note")]);
    for (const c of x.charges) entries.push([text(bid.name), text("its other charges"), null, null, text(c, "note")]);
  });
  put(entries);
  put([[]]);

  // The expense schedules of per-resolution and outcome-based bids.
  const schedules: ScheduleLayout[] = [];
  const scheduled = bids.map((b, i) => i).filter((i) => bids[i].pricing.model === "per-resolution" || bids[i].pricing.model === "outcome-based");
  put([
    [text("Expense schedules over the term (per-resolution and outcome-based bids)", "section")],
    [
      text(
        "Billable units closed each month (the term's resolutions, or qualifying outcomes) accrue at the expected reopen rate; when the reopen window closes, the true-up books the difference from the actual rate (type it when known; blank = not yet known). AIPRICE.EXPENSE_SCHEDULE computes the table; recognized amounts always sum to the final billable ones. The price is month 1's: escalators, allowances and tiers change the amounts billed, not when they are recognized.",
        "note",
      ),
    ],
  ]);
  if (scheduled.length === 0) put([[text("No per-resolution or outcome-based bid among the bids: every cost here is recognized as incurred or from measured savings.", "note")]]);
  for (const i of scheduled) {
    const bid = bids[i];
    const t = term.bids[i]!;
    const unit = bid.pricing.model === "per-resolution" ? "resolution" : "qualifying outcome";
    const window = bid.charges?.reopenWindowDays ?? DEFAULT_WINDOW_DAYS;
    const k = monthsUntilFinal(window);
    put([[], [text(`${bid.name} - ${bid.vendor}`, "section")]]);
    const priceRow = r;
    put([
      [text(`Price per ${unit}`), num(unitPrice(bid), F.price, "input"), text("month 1's price", "note")],
      [text("Expected reopen rate"), num(reopen, F.rate, "input"), text("your best estimate: what the accrual assumes", "note")],
      [text("Reopen window (days)"), num(window, F.months, "input"), text(bid.charges?.reopenWindowDays === undefined ? "30 unless the contract says otherwise" : "as the contract states", "note")],
    ]);
    const price = cellAddress({ row: priceRow, col: 1 }, true);
    const expected = cellAddress({ row: priceRow + 1, col: 1 }, true);
    const windowCell = cellAddress({ row: priceRow + 2, col: 1 }, true);
    const headerRow = r;
    const first = headerRow + 1;
    const last = first + T - 1;
    const resolutions = `${cellAddress({ row: first, col: 1 }, true)}:${cellAddress({ row: last, col: 1 }, true)}`;
    const actual = `${cellAddress({ row: first, col: 2 }, true)}:${cellAddress({ row: last, col: 2 }, true)}`;
    const tableRows = T + k + 1;
    const header: (PlanCell | null)[] = [text("Month", "header"), text(`${unit[0].toUpperCase()}${unit.slice(1)}s (the term's)`, "header"), text("Actual reopen rate (type it when known)", "header"), null];
    header[4] = { kind: "formula", formula: `=AIPRICE.EXPENSE_SCHEDULE(${resolutions}, ${price}, ${expected}, ${actual}, ${windowCell})`, format: F.monthly, style: "figure", spill: { rows: tableRows, cols: 7 } };
    const body: (PlanCell | null)[][] = t.months.map((x) => [num(x.month, F.months), num(x.billableUnits ?? 0, F.count, "figure")]);
    for (let j = 0; j < k; j++) body.push([]);
    put([header, ...body]);
    schedules.push({
      bid: i,
      price: price.replace(/\$/g, ""),
      expectedReopenRate: expected.replace(/\$/g, ""),
      windowDays: windowCell.replace(/\$/g, ""),
      resolutions: resolutions.replace(/\$/g, ""),
      actualReopenRates: actual.replace(/\$/g, ""),
      table: cellAddress({ row: headerRow, col: 4 }),
      rows: tableRows,
    });
  }
  put([[]]);

  // The monthly plan, as the CSV export writes it.
  put([[text("Monthly plan, one row per bid and month (the columns of the CSV export: FinOps FOCUS, and x_ columns of this add-in)", "section")]]);
  const planHeader = r;
  put([PLAN_COLUMNS.map((c) => text(c, "header"))]);
  const money = new Set<string>(["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "x_VendorFee", "x_CommittedAmount", "x_CommitmentTrueUp", "x_OneTimeFee", "x_BuyerSuppliedCost", "x_HumanFallbackCost", "x_TotalCost"]);
  const planFirst = r;
  put(
    rows.map((row) =>
      PLAN_COLUMNS.map((c): PlanCell => {
        const v = row[c];
        if (typeof v === "number") return num(v, money.has(c) ? F.monthly : c === "x_ResolutionRate" ? F.rate : F.count);
        return text(v);
      }),
    ),
  );

  const widths: [number, number][] = [
    [0, 200],
    [1, 230],
    [2, 200],
    [3, 260],
    [4, 320],
    ...Array.from({ length: PLAN_COLUMNS.length - 5 }, (_, k) => [5 + k, 110] as [number, number]),
  ];
  return {
    plan: {
      sheetName,
      blocks,
      names: [],
      columnWidths: widths.map(([c, points]) => ({ column: columnLetters(c), points })),
      hiddenColumns: [],
      hiddenRows: [],
      charts: [],
    },
    layout: {
      schedules,
      plan: {
        header: `${cellAddress({ row: planHeader, col: 0 })}:${cellAddress({ row: planHeader, col: PLAN_COLUMNS.length - 1 })}`,
        rows: `${cellAddress({ row: planFirst, col: 0 })}:${cellAddress({ row: planFirst + Math.max(rows.length, 1) - 1, col: PLAN_COLUMNS.length - 1 })}`,
        count: rows.length,
      },
      recognition: { first: recognitionFirst + 1, count: bids.length },
    },
    term,
    rows,
  };
}
