/**
 * The finance sheet's figures as formulas of the comparison it is built from (./links.ts): the expense
 * schedules' price and billable units, and the monthly plan's money and quantity columns, each the
 * engine's arithmetic (monthlyPlan in src/engine/finance.ts) over the term's month rows on the
 * comparison's calculation sheet. Text columns (ids, names, dates) stay values.
 *
 * Months past the term typed on the comparison: the contract has ended, so the plan's figures are
 * blank and the schedules bill no units (their true-ups of earlier months still fall due). A bid the
 * comparison cannot price is "not priced" in every figure, as on the comparison.
 */
import { PLAN_COLUMNS, PlanColumn, PlanRow } from "../../engine/finance";
import { cellAddress } from "../a1";
import type { Formats } from "../comparison/cells";
import { formula, num, text } from "../comparison/cells";
import type { PlanCell } from "../sheet-plan";
import { BidLinks, FinanceLinks, monthCell } from "./links";

/** The note the finance sheet shows when its figures are formulas of a comparison. */
export function liveNote(links: FinanceLinks, months: number): string {
  return `The figures are formulas of the comparison “${links.comparison}” and its calculations: change its inputs (volume, growth, a rate, a price, the term) there and they follow. This sheet shows the ${months} months of the term it was built with: a month past the term typed on the comparison is blank in the monthly plan, and bills no units in the expense schedules (the true-ups of earlier months still fall due); for a longer term, build the finance sheet again.`;
}

/** A cell that says so when the comparison's term is now longer than the months this sheet shows. */
export function longerTermWarning(links: FinanceLinks, months: number): PlanCell {
  return formula(`IF(${links.termMonths}>${months}, "The comparison's term is now "&${links.termMonths}&" months; this sheet shows ${months}: build the finance sheet again to see the rest.", "")`, undefined, "note");
}

/**
 * A cell that says so when the comparison's calculations moved (an update that added or removed bids
 * rewrites its calculation sheet): each bid's month by month is no longer where this sheet refers to.
 */
export function movedWarning(links: FinanceLinks, names: readonly string[]): PlanCell {
  const checks = links.bids.flatMap((b, i) => stillThere(b, names[i]) ?? []);
  const all = checks.length ? `AND(${checks.join(", ")})` : "TRUE()";
  return formula(`IF(${all}, "", "The comparison was updated and its calculations moved: build the finance sheet again, these figures no longer follow it.")`, undefined, "note");
}

/** The schedule's price: the bid's price input on the comparison. */
export function linkedPrice(bid: BidLinks, formats: Formats): PlanCell | null {
  return bid.price ? formula(bid.price, formats.price, "figure") : null;
}

/**
 * Is the bid's month by month still where this sheet refers to? Its title there starts with the name in
 * `name`, a cell of this sheet (no text of a file inside a formula).
 */
function stillThere(bid: BidLinks, name: string): string | null {
  return bid.title ? `IFERROR(LEFT(${bid.title.cell}, LEN(${name})+3)=${name}&" - ", FALSE())` : null;
}

/**
 * The schedule's billable units of month m: the term's, 0 past the term typed on the comparison; #N/A
 * once the comparison's calculations moved (movedWarning), so that the schedule shows no other bid's units.
 */
export function linkedUnits(bid: BidLinks, m: number, formats: Formats, name: string): PlanCell | null {
  if (!bid.units) return null;
  const cell = monthCell(bid.units, m);
  const units = `IF(${cell}="", 0, ${cell})`;
  const there = stillThere(bid, name);
  return formula(there ? `IF(${there}, ${units}, NA())` : units, formats.count, "figure");
}

/** The formula of each plan column over the month's cells, for bid b in month m (null: the value stays). */
function columnFormulas(bid: BidLinks, links: FinanceLinks, m: number, own: (c: PlanColumn) => string): Partial<Record<PlanColumn, string>> {
  const at = (r: BidLinks["rate"]) => monthCell(r, m);
  const month = own("x_ContractMonth");
  const T = links.termMonths;
  const fee = bid.oneTimeFee ? `IF(${month}=1, ${bid.oneTimeFee}, 0)` : "0";
  const c = bid.commitment;
  // The commitment's period that ends this month (a last, shorter period commits its share).
  const start = c ? `(${month}-MOD(${month}-1, ${c.periodMonths}))` : "";
  const end = c ? `MIN(${start}+${c.periodMonths}-1, ${T})` : "";
  return {
    PricingQuantity: bid.units ? at(bid.units) : undefined,
    ConsumedQuantity: at(links.conversations),
    BilledCost: `${at(bid.vendorFee)}+${at(bid.commitmentTrueUp)}+${own("x_OneTimeFee")}`,
    EffectiveCost: `${at(bid.vendorFee)}+${at(bid.commitmentTrueUp)}${bid.oneTimeFee ? `+${bid.oneTimeFee}/${T}` : ""}`,
    ListCost: own("BilledCost"),
    ContractedCost: own("BilledCost"),
    x_ResolutionRate: at(bid.rate),
    x_VendorFee: at(bid.vendorFee),
    x_CommittedAmount: c ? `IF(${month}=${end}, (${end}-${start}+1)/${c.periodMonths}*${c.amount}, 0)` : "0",
    x_CommitmentTrueUp: at(bid.commitmentTrueUp),
    x_OneTimeFee: fee,
    x_BuyerSuppliedCost: `${at(bid.supplied)}+(${at(bid.oneTime)}-${own("x_OneTimeFee")})`,
    x_CreditsBought: bid.credits ? at(bid.credits.bought) : "0",
    x_CreditsUsed: bid.credits ? at(bid.credits.used) : "0",
    x_CreditsExpired: bid.credits ? at(bid.credits.expired) : "0",
    x_HumanFallbackCost: at(bid.humanFallback),
    x_TotalCost: at(bid.total),
  };
}

/**
 * One row of the monthly plan (sheet row `row`, 0-based; its columns from A) for bid b: the figures as
 * formulas over the comparison's cells, blank past the term typed there; when the bid's month is not a
 * number there ("not priced", or an error), what the comparison shows; the text columns, the contract
 * month as the engine has them.
 */
export function linkedPlanRow(plan: PlanRow, row: number, b: number, links: FinanceLinks, format: (c: PlanColumn) => string): PlanCell[] {
  const own = (c: PlanColumn) => cellAddress({ row, col: PLAN_COLUMNS.indexOf(c) });
  const m = plan.x_ContractMonth as number;
  const bid = links.bids[b];
  const formulas = columnFormulas(bid, links, m, own);
  const total = monthCell(bid.total, m);
  // Blank when the comparison's calculations moved (movedWarning): its cells there are another bid's now.
  const name = own("ServiceName");
  const there = stillThere(bid, name);
  const here = (f: string) => (there ? `IF(${there}, ${f}, "")` : f);
  return PLAN_COLUMNS.map((c): PlanCell => {
    const f = formulas[c];
    if (f !== undefined) return formula(here(`IF(${own("x_ContractMonth")}>${links.termMonths}, "", IF(ISNUMBER(${total}), ${f}, ${total}))`), format(c));
    const v = plan[c];
    return typeof v === "number" ? num(v, format(c)) : text(String(v));
  });
}
