/**
 * The finance sheet: a plain sheet (never one of the add-in's comparisons: no marker, never updated or
 * exported) that a finance reader takes from the pane, for the scenario, the term and the bids of the
 * comparison:  - how each bid's cost is recognized (as incurred; accrued with a true-up when the window
 * closes. More: docs/modules.md#workbook-finance-plan.
 */
import { Bid, PRICING_MODEL_NAMES } from "../../engine/bid";
import { monthlyPlan, PLAN_COLUMNS, PlanRow, recognition } from "../../engine/finance";
import { DEFAULT_WINDOW_DAYS, monthsUntilFinal } from "../../engine/schedule";
import { compareTerm, TermComparison, TermMonth, TermSettings } from "../../engine/term";
import type { Scenario } from "../../engine/bid";
import type { BidTemplate } from "../../templates/template";
import { cellAddress, columnLetters } from "../a1";
import { formatsFor, num, text } from "../comparison/cells";
import { bidKeys } from "../comparison/keys";
import { checkSheetName, ComparisonProblem, freeSheetName } from "../comparison/request";
import type { PlanBlock, PlanCell, PlainSheetPlan } from "../sheet-plan";
import type { BidLinks, FinanceLinks } from "./links";
import { linkedPlanRow, linkedPrice, linkedUnits, liveNote, longerTermWarning, movedWarning } from "./live-cells";

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
  /**
   * The comparison sheet the figures come from, when built from one (./links.ts): the figures are then
   * formulas of its cells, and follow its edits. Without it (the pane's scenario and bids), values.
   */
  links?: FinanceLinks;
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

/** Where the next rows go: blocks of the sheet, written one below another. */
interface SheetRows {
  blocks: PlanBlock[];
  /** The next row, 0-based. */
  r: number;
  put(cells: (PlanCell | null)[][], col?: number): void;
}

function sheetRows(): SheetRows {
  const rows: SheetRows = {
    blocks: [],
    r: 0,
    put(cells, col = 0) {
      rows.blocks.push({ id: "finance", topLeft: cellAddress({ row: rows.r, col }), cells });
      rows.r += cells.length;
    },
  };
  return rows;
}

type Formats = ReturnType<typeof formatsFor>;

/** How each bid's cost is recognized, and the journal entries it takes; returns the recognition table's first row. */
function putRecognition(at: SheetRows, bids: Bid[]): number {
  at.put([
    [text("How each bid's cost is recognized", "section")],
    [text("Bid", "header"), text("Pricing model", "header"), text("Recognized", "header"), text("In the guide's words, made plain", "header"), text("What the auditor will ask for", "header")],
  ]);
  const first = at.r;
  at.put(
    bids.map((bid) => {
      const x = recognition(bid);
      return [text(bid.name), text(PRICING_MODEL_NAMES[bid.pricing.model]), text(x.method), text(x.summary, "note"), text(x.controls, "note")];
    }),
  );
  at.put([[], [text("Journal entries", "section")], [text("Bid", "header"), text("When", "header"), text("Debit", "header"), text("Credit", "header"), text("Amount", "header")]]);
  const entries: (PlanCell | null)[][] = [];
  bids.forEach((bid) => {
    const x = recognition(bid);
    for (const e of x.entries) entries.push([text(bid.name), text(e.when, "wrapped"), text(e.debit, "wrapped"), text(e.credit, "wrapped"), text(e.amount, "note")]);
    for (const c of x.charges) entries.push([text(bid.name), text("its other charges"), null, null, text(c, "note")]);
  });
  at.put(entries);
  at.put([[]]);
  return first;
}

/** The schedule's price line: the bid's price input on the comparison when linked to one, else month 1's price (an input). */
function schedulePrice(bid: Bid, unit: string, formats: Formats, link?: BidLinks): (PlanCell | null)[] {
  const linked = link && linkedPrice(link, formats);
  if (linked) return [text(`Price per ${unit}`), linked, text("the bid's price on the comparison: change it there", "note")];
  return [text(`Price per ${unit}`), num(unitPrice(bid), formats.price, "input"), text("month 1's price", "note")];
}

/**
 * One bid's expense schedule: its inputs, the term's billable units by month, and EXPENSE_SCHEDULE over
 * them. The table runs N + k months (N the term's, k the months until the last reopen window closes): the
 * k months after the term are labelled so (true-ups only, no new units). Months are shown as months,
 * units as counts, amounts as money.
 */
function putSchedule(at: SheetRows, i: number, bid: Bid, months: readonly TermMonth[], reopen: number, formats: Formats, link?: BidLinks & { name: string }): ScheduleLayout {
  const T = months.length;
  const unit = bid.pricing.model === "per-resolution" ? "resolution" : "qualifying outcome";
  const window = bid.charges?.reopenWindowDays ?? DEFAULT_WINDOW_DAYS;
  const k = monthsUntilFinal(window);
  at.put([[], [text(`${bid.name} - ${bid.vendor}`, "section")]]);
  const priceRow = at.r;
  at.put([
    schedulePrice(bid, unit, formats, link),
    [text("Expected reopen rate"), num(reopen, formats.rate, "input"), text("your best estimate: what the accrual assumes", "note")],
    [text("Reopen window (days)"), num(window, formats.count, "input"), text(bid.charges?.reopenWindowDays === undefined ? "30 unless the contract says otherwise" : "as the contract states", "note")],
  ]);
  const price = cellAddress({ row: priceRow, col: 1 }, true);
  const expected = cellAddress({ row: priceRow + 1, col: 1 }, true);
  const windowCell = cellAddress({ row: priceRow + 2, col: 1 }, true);
  const headerRow = at.r;
  const first = headerRow + 1;
  const last = first + T - 1;
  const resolutions = `${cellAddress({ row: first, col: 1 }, true)}:${cellAddress({ row: last, col: 1 }, true)}`;
  const actual = `${cellAddress({ row: first, col: 2 }, true)}:${cellAddress({ row: last, col: 2 }, true)}`;
  const tableRows = T + k + 1;
  const header: (PlanCell | null)[] = [text("Month", "header"), text(`${unit[0].toUpperCase()}${unit.slice(1)}s (the term's)`, "header"), text("Actual reopen rate (type it when known)", "header"), null];
  // EXPENSE_SCHEDULE's columns: month, resolutions, then five amounts.
  const columnFormats = [formats.months, formats.count, formats.monthly, formats.monthly, formats.monthly, formats.monthly, formats.monthly];
  header[4] = { kind: "formula", formula: `=AIPRICE.EXPENSE_SCHEDULE(${resolutions}, ${price}, ${expected}, ${actual}, ${windowCell})`, format: formats.monthly, style: "figure", spill: { rows: tableRows, cols: 7, columnFormats } };
  const body: (PlanCell | null)[][] = months.map((x) => [num(x.month, formats.months), (link && linkedUnits(link, x.month, formats, link.name)) || num(x.billableUnits ?? 0, formats.count, "figure")]);
  for (let j = 0; j < k; j++) body.push([text(`${T + j + 1}: after the term`, "note"), text(j === k - 1 ? "the last reopen windows close: true-ups only" : "reopen windows still open: true-ups only", "note")]);
  at.put([header, ...body]);
  return {
    bid: i,
    price: price.replace(/\$/g, ""),
    expectedReopenRate: expected.replace(/\$/g, ""),
    windowDays: windowCell.replace(/\$/g, ""),
    resolutions: resolutions.replace(/\$/g, ""),
    actualReopenRates: actual.replace(/\$/g, ""),
    table: cellAddress({ row: headerRow, col: 4 }),
    rows: tableRows,
  };
}

const PLAN_MONEY = new Set<string>(["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "x_VendorFee", "x_CommittedAmount", "x_CommitmentTrueUp", "x_OneTimeFee", "x_BuyerSuppliedCost", "x_HumanFallbackCost", "x_TotalCost"]);

/** The monthly plan, as the CSV export writes it: money as money, the contract month as a month, quantities as counts. */
function putMonthlyPlan(at: SheetRows, rows: PlanRow[], formats: Formats, links?: { links: FinanceLinks; keys: string[] }): FinanceLayout["plan"] {
  at.put([[text("Monthly plan, one row per bid and month (the columns of the CSV export: FinOps FOCUS, and x_ columns of this add-in)", "section")]]);
  const planHeader = at.r;
  at.put([PLAN_COLUMNS.map((c) => text(c, "header"))]);
  const planFirst = at.r;
  const format = (c: string) => (PLAN_MONEY.has(c) ? formats.monthly : c === "x_ResolutionRate" ? formats.rate : c === "x_ContractMonth" ? formats.months : formats.count);
  const valued = (row: PlanRow) => PLAN_COLUMNS.map((c): PlanCell => (typeof row[c] === "number" ? num(row[c] as number, format(c)) : text(String(row[c]))));
  at.put(rows.map((row, k) => (links ? linkedPlanRow(row, planFirst + k, links.keys.indexOf(String(row.x_BidId)), links.links, format) : valued(row))));
  return {
    header: `${cellAddress({ row: planHeader, col: 0 })}:${cellAddress({ row: planHeader, col: PLAN_COLUMNS.length - 1 })}`,
    rows: `${cellAddress({ row: planFirst, col: 0 })}:${cellAddress({ row: planFirst + Math.max(rows.length, 1) - 1, col: PLAN_COLUMNS.length - 1 })}`,
    count: rows.length,
  };
}

/** The finance sheet's column widths. */
function financeWidths(): { column: string; points: number }[] {
  const widths: [number, number][] = [[0, 200], [1, 230], [2, 200], [3, 260], [4, 320], ...Array.from({ length: PLAN_COLUMNS.length - 5 }, (_, k) => [5 + k, 110] as [number, number])];
  return widths.map(([c, points]) => ({ column: columnLetters(c), points }));
}

/** The term's figures for the bids; throws ComparisonProblem when a bid cannot be priced over it. */
function pricedTerm(request: FinanceRequest): TermComparison {
  if (request.templates.length === 0) throw new ComparisonProblem(["choose at least one bid"]);
  const bids = request.templates.map((t) => t.bid);
  const term = compareTerm(bids, request.scenario, request.term ?? {});
  const unpriced = term.problems.map((p, i) => (p ? `"${bids[i].name}" cannot be priced over the term: ${p.message}` : null)).filter((x): x is string => x !== null);
  if (unpriced.length) throw new ComparisonProblem(unpriced);
  return term;
}

/** Plans the finance sheet; throws ComparisonProblem when the request cannot be planned. */
export function planFinance(request: FinanceRequest, existingSheetNames: readonly string[]): FinancePlan {
  const { scenario, templates } = request;
  const term = pricedTerm(request);
  const bids = templates.map((t) => t.bid);
  const keys = bidKeys(templates.map((t) => t.id));
  const rows = monthlyPlan(bids, keys, term, request.start);
  const links = request.links && request.links.bids.length === bids.length ? request.links : undefined;
  const sheetName = freeSheetName(existingSheetNames, FINANCE_SHEET_NAME);
  checkSheetName(sheetName);
  const formats = formatsFor(bids[0].currency);
  const T = term.settings.months;
  const at = sheetRows();
  at.put([
    [text("Finance view: how each bid's cost is recognized, month by month", "title")],
    [
      text(
        `${T} months from ${request.start}, in ${bids[0].currency}, for the scenario and term of the comparison (${scenario.conversations.toLocaleString("en-US")} conversations in month 1${links ? " when built" : ""}). ${links ? "The expense schedules" : "The term's figures are values as of this sheet's build; the expense schedules"} are formulas over the orange inputs, and run past the term's last month until the last reopen window closes. Entries are those an accountant typically books: confirm the policy with your auditor.`,
        "subtitle",
      ),
    ],
  ]);
  if (links) at.put([[text(liveNote(links, T), "note")], [longerTermWarning(links, T)]]);
  // Whether the comparison's calculations are still where this sheet refers to: written once the bids' names (recognition table) have their rows.
  const movedRow = at.r;
  at.put(links ? [[], []] : [[]]);
  const recognitionFirst = putRecognition(at, bids);
  if (links)
    at.blocks.push({
      id: "finance",
      topLeft: cellAddress({ row: movedRow, col: 0 }),
      cells: [
        [
          movedWarning(
            links,
            bids.map((_, i) => cellAddress({ row: recognitionFirst + i, col: 0 })),
          ),
        ],
      ],
    });

  // The expense schedules of per-resolution and outcome-based bids.
  const scheduled = bids.map((b, i) => i).filter((i) => bids[i].pricing.model === "per-resolution" || bids[i].pricing.model === "outcome-based");
  at.put([
    [text("Expense schedules over the term (per-resolution and outcome-based bids)", "section")],
    [
      text(
        "Billable units closed each month (the term's resolutions, or qualifying outcomes) accrue at the expected reopen rate; when the reopen window closes, the true-up books the difference from the actual rate (type it when known; blank = not yet known). AIPRICE.EXPENSE_SCHEDULE computes the table; recognized amounts always sum to the final billable ones. The price is month 1's: escalators, allowances and tiers change the amounts billed, not when they are recognized.",
        "note",
      ),
    ],
  ]);
  if (scheduled.length === 0) at.put([[text("No per-resolution or outcome-based bid among the bids: every cost here is recognized as incurred or from measured savings.", "note")]]);
  const schedules = scheduled.map((i) => putSchedule(at, i, bids[i], term.bids[i]!.months, request.reopenRate ?? DEFAULT_REOPEN_RATE, formats, links && { ...links.bids[i], name: cellAddress({ row: recognitionFirst + i, col: 0 }) }));
  at.put([[]]);
  const plan = putMonthlyPlan(at, rows, formats, links && { links, keys });
  return {
    plan: { sheetName, blocks: at.blocks, names: [], columnWidths: financeWidths(), hiddenColumns: [], hiddenRows: [], charts: [] },
    layout: { schedules, plan, recognition: { first: recognitionFirst + 1, count: bids.length } },
    term,
    rows,
  };
}
