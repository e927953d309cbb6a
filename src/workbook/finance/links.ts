/**
 * Where the finance sheet finds the comparison's figures when it is built from a comparison sheet
 * (docs/spec.md "The pane and the sheet share one set of inputs": the finance sheet's figures are
 * formulas of the comparison's inputs). The cells are located through the comparison's own layout (its
 * keyed rows, planned again at the places they have on the sheet now), never by fixed addresses; the
 * finance sheet's formulas then refer to the bid's price inputs on the comparison and to the term's
 * month rows on its calculation sheet, so an edit there (volume, growth, a rate, a price, the term)
 * flows into the finance sheet live.
 */
import { cellAddress, parseCell, parseRange, parseSheetReference, quoteSheetName } from "../a1";
import { planComparison } from "../plan";
import { sameSheetName, WorkbookPort } from "../port";
import type { ComparisonLayout } from "../sheet-plan";
import { mapSheet, readNotes } from "../update";

/** A row of the term's months on a sheet: month m is in column first + m - 1 (0-based row and columns). */
export interface MonthRow {
  sheet: string;
  row: number;
  first: number;
}

/** One bid's cells on the comparison (its inputs) and its month rows on the calculation sheet. */
export interface BidLinks {
  /** Its price per resolution or per qualifying outcome (an input cell), when it has one. */
  price: string | null;
  oneTimeFee: string | null;
  commitment: { amount: string; periodMonths: string } | null;
  rate: MonthRow;
  vendorFee: MonthRow;
  commitmentTrueUp: MonthRow;
  supplied: MonthRow;
  oneTime: MonthRow;
  humanFallback: MonthRow;
  total: MonthRow;
  /** Its billable units month by month, for the models that bill units one by one. */
  units: MonthRow | null;
  /** Its prepaid credits month by month (bought, drawn from, expired), when it buys credit packs. */
  credits: { bought: MonthRow; used: MonthRow; expired: MonthRow } | null;
  /** The cell of the title of its month by month on the calculation sheet (moved by an update of the comparison: not there). */
  title: { cell: string } | null;
}

export interface FinanceLinks {
  /** The comparison sheet's name. */
  comparison: string;
  /** The term typed on the comparison (months), a qualified cell. */
  termMonths: string;
  conversations: MonthRow;
  /** In the order of the comparison's bids (the finance request's templates). */
  bids: BidLinks[];
}

/** Month m's cell of a month row, qualified by its sheet's name (absolute). */
export function monthCell(r: MonthRow, m: number): string {
  return `${quoteSheetName(r.sheet)}!${cellAddress({ row: r.row, col: r.first + m - 1 }, true)}`;
}

/** A cell of the layout, qualified by its sheet's name (the comparison's when it has none), absolute. */
function qualified(address: string, comparison: string): string {
  const ref = parseSheetReference(address);
  const sheet = ref ? ref.sheet : comparison;
  return `${quoteSheetName(sheet)}!${cellAddress(parseCell(ref ? ref.address : address), true)}`;
}

/** A row range of the layout (`'Bid comparison calc'!B40:BI40`) as a month row. */
function monthRow(range: string, comparison: string): MonthRow {
  const ref = parseSheetReference(range);
  const r = parseRange(ref ? ref.address : range);
  return { sheet: ref ? ref.sheet : comparison, row: r.start.row, first: r.start.col };
}

const PRICE_PATH: Record<string, string> = { "per-resolution": "pricing.pricePerResolution", "outcome-based": "pricing.pricePerOutcome" };

/** The links of a comparison's layout; null when the layout has no term block. */
export function linksOf(layout: ComparisonLayout, comparison: string): FinanceLinks | null {
  const term = layout.term;
  if (!term || layout.scenario.TermMonths === undefined) return null;
  const input = (b: ComparisonLayout["bids"][number], path: string | undefined) => (path !== undefined && b.inputs[path] !== undefined ? qualified(b.inputs[path], comparison) : null);
  const bids: BidLinks[] = [];
  for (const b of layout.bids) {
    if (!b.term) return null;
    const m = b.term.months;
    const row = (range: string) => monthRow(range, comparison);
    const amount = input(b, "charges.commitment.amount");
    const period = input(b, "charges.commitment.periodMonths");
    bids.push({
      price: input(b, PRICE_PATH[b.model]),
      oneTimeFee: input(b, "charges.oneTimeFee"),
      commitment: amount && period ? { amount, periodMonths: period } : null,
      rate: row(m.rate),
      vendorFee: row(m.vendorFee),
      commitmentTrueUp: row(m.commitmentTrueUp),
      supplied: row(m.supplied),
      oneTime: row(m.oneTime),
      humanFallback: row(m.humanFallback),
      total: row(m.total),
      units: m.units ? row(m.units) : null,
      credits: m.creditsBought && m.creditsUsed && m.creditsExpired ? { bought: row(m.creditsBought), used: row(m.creditsUsed), expired: row(m.creditsExpired) } : null,
      title: b.term.title ? { cell: qualified(b.term.title, comparison) } : null,
    });
  }
  return { comparison, termMonths: qualified(layout.scenario.TermMonths, comparison), conversations: monthRow(term.conversations, comparison), bids };
}

/**
 * The links of the add-in's comparison sheet as it stands, or why there are none (then the finance
 * sheet takes its figures as values): a sheet built by an earlier release (no calculation sheet, rows
 * or a calculation sheet of another layout) must be updated first. The workbook is only read.
 */
export async function comparisonLinks(port: WorkbookPort, sheetName: string): Promise<{ links: FinanceLinks } | { why: string }> {
  const update = `update “${sheetName}” (Update in the pane) and build the finance sheet again for live formulas`;
  const sheets = (await port.sheets()).map((s) => s.name);
  const snapshot = await port.snapshot(sheetName);
  const meta = readNotes(snapshot, sheetName);
  const calc = meta.calc;
  if (!calc || !sheets.some((n) => sameSheetName(n, calc))) return { why: `“${sheetName}” has no calculation sheet: ${update}` };
  const map = mapSheet(snapshot);
  if (map.missingColumns.length > 0) return { why: `columns of “${sheetName}” were deleted: its figures are taken as values` };
  let missing = false;
  const rowOf = (keys: readonly string[]) =>
    new Map(
      keys.map((k) => {
        const r = map.rowOf.get(k);
        if (r === undefined) missing = true;
        return [k, r ?? 0];
      }),
    );
  const plan = planComparison(meta.request, sheets, { sheetName, id: meta.id, calcSheet: calc, placement: { rowOf, columnOf: (c) => map.columnOf(c) as number } });
  // Rows of this release the sheet lacks, or a calculation sheet written in another layout: not where the plan has them.
  if (missing || JSON.stringify(plan.calc?.written ?? []) !== JSON.stringify(meta.calcWritten ?? [])) return { why: `“${sheetName}” was built by an earlier release: ${update}` };
  const links = linksOf(plan.layout, sheetName);
  return links ? { links } : { why: `“${sheetName}” has no term block: ${update}` };
}
