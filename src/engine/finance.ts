/**
 * The finance view (docs/spec.md#contract-term): how each bid's cost is recognized, as the entries an
 * accountant books, and the monthly plan of the term as FinOps FOCUS rows (docs/term.md, "The monthly
 * plan as CSV"). Pure data and text: the pane writes the CSV, the finance sheet shows the same rows.
 */
import { Bid, PRICING_MODEL_NAMES, PricingModel } from "./bid";
import { csvCell } from "./csv";
import { nextLocalMonth } from "./today";
import type { BidTerm, TermComparison } from "./term";

export type RecognitionMethod = "as incurred" | "accrued with a true-up" | "measured savings with controls" | "prepaid, expensed as used";

/** One journal entry, as an accountant books it. */
export interface JournalEntry {
  /** When it is booked, e.g. "each month, when the resolutions close". */
  when: string;
  debit: string;
  credit: string;
  /** How the amount is found. */
  amount: string;
}

export interface Recognition {
  method: RecognitionMethod;
  /** The guide's words on this pricing model's recognition, made plain. */
  summary: string;
  entries: JournalEntry[];
  /** What the auditor will ask for. */
  controls: string;
  /** Entries the bid's other charges add (a commitment, a one-time fee, credit packs). */
  charges: string[];
}

const EXPENSE = "AI services expense";
const PAYABLE = "Accounts payable (the vendor's invoice)";
const ACCRUED = "Accrued liabilities";

const AS_INCURRED: Record<"per-token" | "per-conversation" | "per-seat", string> = {
  "per-token": "Expense as incurred: the tokens used in a month are that month's expense. Clear and simple.",
  "per-conversation": "Expense as incurred, as for tokens: a conversation is expensed when it completes, resolved or not.",
  "per-seat": "Expense as incurred over the month the seats cover (a subscription), used or not.",
};

/** How a bid's cost is recognized (the guide's "Revenue Recognition Implications", from the buyer's side). */
export function recognition(bid: Bid): Recognition {
  const model: PricingModel = bid.pricing.model;
  const charges = chargeEntries(bid);
  switch (model) {
    case "per-token":
    case "per-conversation":
    case "per-seat":
      return {
        method: "as incurred",
        summary: AS_INCURRED[model],
        entries: [{ when: "each month, on the vendor's invoice (or at month end, before it arrives)", debit: EXPENSE, credit: `${PAYABLE}; ${ACCRUED} until it arrives`, amount: "the month's usage as billed" }],
        controls: "Reconcile the invoiced usage (tokens, conversations, seats) to your own logs each month.",
        charges,
      };
    case "per-resolution":
    case "outcome-based": {
      const unit = model === "per-resolution" ? "resolutions" : "qualifying outcomes";
      const window = bid.charges?.reopenWindowDays ?? 30;
      return {
        method: "accrued with a true-up",
        summary:
          model === "per-resolution"
            ? `A resolution is final only when the customer has not reopened it within the window (${window} days here). Each month accrue the best estimate of what will be billed (probable and estimable, ASC 450); true it up when the window closes. Agree the definition of "resolved" with the CFO and the auditor before signing.`
            : `Billed per outcome that meets its condition (e.g. CSAT 4+), known only once measured. Each month accrue the best estimate of the qualifying outcomes (ASC 450); true it up when they are measured and the window closes. The auditor will ask how outcomes are measured.`,
        entries: [
          { when: `each month, for the ${unit} closed in it`, debit: EXPENSE, credit: ACCRUED, amount: `${unit} x (1 - expected reopen rate) x price (EXPENSE_SCHEDULE's accrued)` },
          {
            when: "when the window closes (k = ceil(window days / 30) months later)",
            debit: `${EXPENSE} (a credit to it when fewer reopen than expected)`,
            credit: ACCRUED,
            amount: `${unit} x (expected - actual reopen rate) x price (EXPENSE_SCHEDULE's true-up)`,
          },
          { when: "on the vendor's invoice", debit: ACCRUED, credit: PAYABLE, amount: "the final billable amount" },
        ],
        controls: `Who defines and who measures a ${model === "per-resolution" ? "resolution" : "qualifying outcome"}; the reopen rates from your own system, month by month; how disputed ${unit} are settled.`,
        charges,
      };
    }
    case "revenue-share":
      return {
        method: "measured savings with controls",
        summary:
          "The fee is a share of measured cost savings. Accrue the vendor's share of the estimated savings each month and true it up to the savings as measured and agreed. Your auditor will ask for controls over the measurement of the savings: clean data and a documented methodology (the baseline human cost, the resolutions counted).",
        entries: [
          { when: "each month", debit: EXPENSE, credit: ACCRUED, amount: "share x estimated savings ((h - AI run cost) x resolutions), plus the AI run cost where the buyer pays it" },
          { when: "when the savings are measured and agreed with the vendor", debit: `${EXPENSE} (or a credit to it)`, credit: ACCRUED, amount: "share x (measured - estimated savings)" },
          { when: "on the vendor's invoice", debit: ACCRUED, credit: PAYABLE, amount: "the agreed fee" },
        ],
        controls: "A documented methodology for the savings (baseline cost per conversation, what counts as resolved by the AI), controls over the data it uses, and evidence the vendor agreed each month's figure.",
        charges,
      };
    case "credits":
      return {
        method: "prepaid, expensed as used",
        summary:
          "Credits bought in packs are a prepaid asset: each month expense the credits the agent's actions used (actions x credits per action at the pack's price per credit), and expense the credits that expire when they expire. Credits billed as used (no pack bought ahead) are expensed as incurred.",
        entries: [
          { when: "when a pack is bought", debit: "Prepaid expenses (credits)", credit: PAYABLE, amount: "the pack's price" },
          { when: "each month", debit: EXPENSE, credit: "Prepaid expenses (credits)", amount: "credits used x price per credit" },
          { when: "when unused credits expire", debit: EXPENSE, credit: "Prepaid expenses (credits)", amount: "credits expired x price per credit" },
        ],
        controls: "Reconcile the credits used to the vendor's usage report (its digital wallet) and to your own count of actions each month; know when each pack's credits expire.",
        charges,
      };
    case "charges":
      return chargesRecognition(bid, charges);
  }
}

/** A bid by charges: as incurred, unless a charge bills resolutions or outcomes (final only when measured). */
function chargesRecognition(bid: Bid, charges: string[]): Recognition {
  const p = bid.pricing as Extract<Bid["pricing"], { model: "charges" }>;
  const measured = p.charges.filter((c) => c.meter === "resolutions" || c.meter === "outcomes" || c.meter === "revenue").map((c) => `"${c.label}"`);
  const lines = p.charges.map((c) => `${c.label} (${c.meter})`).join("; ");
  if (measured.length === 0) {
    return {
      method: "as incurred",
      summary: `Each charge (${lines}) is expensed in the month its units are used.`,
      entries: [{ when: "each month, on the vendor's invoice (or at month end, before it arrives)", debit: EXPENSE, credit: `${PAYABLE}; ${ACCRUED} until it arrives`, amount: "the month's charges as billed" }],
      controls: "Reconcile each charge's units (the vendor's usage report) to your own logs each month.",
      charges,
    };
  }
  return {
    method: "accrued with a true-up",
    summary: `Charges ${measured.join(", ")} bill what is known only once measured (resolutions, outcomes, savings or revenue): accrue the best estimate each month (ASC 450) and true it up when measured; the other charges (${lines}) are expensed as incurred.`,
    entries: [
      { when: "each month", debit: EXPENSE, credit: ACCRUED, amount: "each charge's estimated units x its price" },
      { when: "when the units are measured and agreed", debit: `${EXPENSE} (or a credit to it)`, credit: ACCRUED, amount: "measured - estimated, x price" },
      { when: "on the vendor's invoice", debit: ACCRUED, credit: PAYABLE, amount: "the final billable amount" },
    ],
    controls: `Who defines and measures the units of ${measured.join(", ")}; reconcile every charge's units to your own logs each month.`,
    charges,
  };
}

function chargeEntries(bid: Bid): string[] {
  const c = bid.charges ?? {};
  const out: string[] = [];
  if (c.commitment) {
    out.push(
      `Spend commitment (${c.commitment.amount.toLocaleString("en-US")} per ${c.commitment.periodMonths ?? 12} months): accrue the expected shortfall as soon as it is probable that the period's spend falls short (ASC 450), at the latest when it is billed in the period's last month: debit ${EXPENSE}, credit ${ACCRUED}.`,
    );
  }
  if (c.oneTimeFee !== undefined) {
    out.push(`One-time fee: expense when incurred, unless it is an implementation cost of a hosted (cloud) arrangement that may be capitalized (ASC 350-40): then debit Prepaid expenses and amortize it over the term. Ask your auditor which applies.`);
  }
  if (c.minimumMonthly !== undefined) out.push(`Monthly minimum: the top-up to the minimum is part of the month's expense (it is billed with the month).`);
  if (c.creditPacks) {
    out.push(`Prepaid credit packs: debit Prepaid expenses when bought; expense credits as they are used; expense credits that expire when they expire.`);
  }
  if (c.escalator) out.push(`Escalator: the higher prices apply from the month they take effect; no entry of their own.`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The monthly plan, in FOCUS columns.

/** The columns of the monthly plan, in order: FOCUS's where one fits, then custom `x_` columns. */
export const PLAN_COLUMNS = [
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "BillingCurrency",
  "ProviderName",
  "PublisherName",
  "InvoiceIssuerName",
  "ServiceName",
  "ServiceCategory",
  "ChargeCategory",
  "ChargeFrequency",
  "ChargeDescription",
  "PricingQuantity",
  "PricingUnit",
  "ConsumedQuantity",
  "ConsumedUnit",
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "CommitmentDiscountCategory",
  "CommitmentDiscountName",
  "x_BidId",
  "x_PricingModel",
  "x_ContractMonth",
  "x_ResolutionRate",
  "x_VendorFee",
  "x_CommittedAmount",
  "x_CommitmentTrueUp",
  "x_OneTimeFee",
  "x_CreditsBought",
  "x_CreditsUsed",
  "x_CreditsExpired",
  "x_BuyerSuppliedCost",
  "x_HumanFallbackCost",
  "x_TotalCost",
] as const;

export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export type PlanRow = Record<PlanColumn, string | number>;

const PRICING_UNIT: Partial<Record<PricingModel, string>> = {
  "per-conversation": "Conversations",
  "per-resolution": "Resolutions",
  "outcome-based": "Qualifying outcomes",
  "per-seat": "Seats",
};

/** The first day of the month `k` months after `start` ("YYYY-MM"), as FOCUS writes a date-time. */
export function monthStart(start: string, k: number): string {
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  if (!m) throw new Error(`the first month must be written YYYY-MM, e.g. 2027-01 (got "${start}")`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + k;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-01T00:00:00Z`;
}

/** The month after the analyst's today (their local date), "YYYY-MM": the default first month of a contract. */
export function nextMonth(today = new Date()): string {
  return nextLocalMonth(today);
}

/** What a bid's commitment commits for the period that ends in month m (1-based) of a T-month term; 0 in other months. */
function committedIn(bid: Bid, m: number, T: number): number {
  const c = bid.charges?.commitment;
  if (!c) return 0;
  const p = c.periodMonths ?? 12;
  const periodStart = m - ((m - 1) % p);
  const periodEnd = Math.min(periodStart + p - 1, T);
  if (m !== periodEnd) return 0;
  const months = periodEnd - periodStart + 1;
  return months === p ? c.amount : (c.amount * months) / p;
}

/**
 * One row per bid and month of the term. BilledCost is what the vendor invoices for the month (its fees,
 * a commitment's true-up, its one-time fee in month 1); EffectiveCost spreads the one-time fee evenly
 * over the term (FOCUS: amortized), so both sum to the same over the term. The buyer's own costs and the
 * human fallback are in x_ columns; x_TotalCost is the month's whole cost (the term block's total).
 * ListCost and ContractedCost equal BilledCost: a bid's prices are both its list and its contracted
 * prices (the add-in knows no discount off them). A spend commitment is FOCUS's "Spend" commitment
 * discount; its shortfall, billed in a period's last month, is x_CommitmentTrueUp.
 */
export function monthlyPlan(bids: readonly Bid[], ids: readonly string[], term: TermComparison, start: string): PlanRow[] {
  const rows: PlanRow[] = [];
  const T = term.settings.months;
  bids.forEach((bid, b) => {
    const t: BidTerm | null = term.bids[b];
    if (!t) return;
    const oneTimeFee = bid.charges?.oneTimeFee ?? 0;
    const unit = PRICING_UNIT[bid.pricing.model] ?? "";
    const commitment = bid.charges?.commitment;
    for (const x of t.months) {
      const m = x.month;
      const fee = m === 1 ? oneTimeFee : 0;
      const billed = x.vendorFee + x.commitmentTrueUp + fee;
      const parts = ["fees for the month"];
      if (x.commitmentTrueUp > 0) parts.push("commitment true-up");
      if (fee > 0) parts.push("one-time fee");
      rows.push({
        BillingPeriodStart: monthStart(start, m - 1),
        BillingPeriodEnd: monthStart(start, m),
        ChargePeriodStart: monthStart(start, m - 1),
        ChargePeriodEnd: monthStart(start, m),
        BillingCurrency: bid.currency,
        ProviderName: bid.vendor,
        PublisherName: bid.vendor,
        InvoiceIssuerName: bid.vendor,
        ServiceName: bid.name,
        ServiceCategory: "AI and Machine Learning",
        ChargeCategory: "Usage",
        ChargeFrequency: "Usage-Based",
        ChargeDescription: `${PRICING_MODEL_NAMES[bid.pricing.model]} bid, month ${m} of ${T}: ${parts.join(", ")}`,
        PricingQuantity: x.billableUnits ?? "",
        PricingUnit: x.billableUnits === null ? "" : unit,
        ConsumedQuantity: x.conversations,
        ConsumedUnit: "Conversations",
        BilledCost: billed,
        EffectiveCost: x.vendorFee + x.commitmentTrueUp + oneTimeFee / T,
        ListCost: billed,
        ContractedCost: billed,
        CommitmentDiscountCategory: commitment ? "Spend" : "",
        CommitmentDiscountName: commitment ? `${commitment.amount} ${bid.currency} per ${commitment.periodMonths ?? 12} months` : "",
        x_BidId: ids[b] ?? "",
        x_PricingModel: bid.pricing.model,
        x_ContractMonth: m,
        x_ResolutionRate: x.resolutionRate,
        x_VendorFee: x.vendorFee,
        x_CommittedAmount: committedIn(bid, m, T),
        x_CommitmentTrueUp: x.commitmentTrueUp,
        x_OneTimeFee: fee,
        x_CreditsBought: x.creditsBought,
        x_CreditsUsed: x.creditsUsed,
        x_CreditsExpired: x.creditsExpired,
        x_BuyerSuppliedCost: x.supplied + (m === 1 ? x.oneTime - oneTimeFee : 0),
        x_HumanFallbackCost: x.humanFallback,
        x_TotalCost: x.total,
      });
    }
  });
  return rows;
}

/**
 * A CSV field, neutral in every separator convention (src/engine/csv.ts): numbers in full, unquoted;
 * text always quoted, with an apostrophe wherever a spreadsheet could start a formula, so a vendor's
 * name never runs as a formula when the file is opened, whatever separator the reader uses.
 */
export function csvField(v: string | number): string {
  return csvCell(v);
}

/** The monthly plan as CSV: a header row of the column names, then one line per row (CRLF, as RFC 4180). */
export function planCsv(rows: readonly PlanRow[]): string {
  const lines = [PLAN_COLUMNS.join(",")];
  for (const r of rows) lines.push(PLAN_COLUMNS.map((c) => csvField(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
