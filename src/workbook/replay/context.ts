/**
 * What every block of the "Pilot replay" sheet plans from: the replay as the CLI computes it (the same
 * `replayReport`), the history's months, the bids with their number formats, the row keys, and the
 * columns: labels in A, one column per month from B, then the column of all months.
 */
import { PRICING_MODEL_NAMES } from "../../engine/bid";
import { historyTotals, MonthAggregate } from "../../replay/monthly-aggregation";
import type { CanonicalColumn } from "../../replay/columns";
import type { BidReplay, ReplayOptions, ReplayReport } from "../../replay/replay";
import type { BidTemplate } from "../../templates/template";
import { Formats, formatsFor } from "../comparison/cells";
import { bidKeys } from "../comparison/keys";

export interface ReplayBidContext {
  key: string;
  template: BidTemplate;
  replay: BidReplay;
  formats: Formats;
  /** Priced on this history (else `replay.problem` says why). */
  priced: boolean;
  /** Does it supply anything beside the vendor (a row in the supplied table)? */
  supplies: boolean;
}

export interface ReplayContext {
  file: string;
  date: string;
  report: ReplayReport;
  months: MonthAggregate[];
  totals: ReturnType<typeof historyTotals>;
  columns: Record<CanonicalColumn, string | null>;
  options: ReplayOptions;
  bids: ReplayBidContext[];
  /** The bids' currency when they share one, else null (each row in its own). */
  currency: string | null;
  /** Does any bid supply something (then the supplied and monthly cost tables are on the sheet)? */
  supplied: boolean;
  /** Formats of counts, rates and tokens (currency-free). */
  formats: Formats;
}

/** Labels in column A; the months from column B; then the column of all months. */
export const LABEL_COL = 0;
export const FIRST_MONTH_COL = 1;
export const allCol = (ctx: ReplayContext) => FIRST_MONTH_COL + ctx.months.length;
export const monthCol = (k: number) => FIRST_MONTH_COL + k;

export function replayContext(input: { file: string; date: string; report: ReplayReport; templates: BidTemplate[]; columns: Record<CanonicalColumn, string | null>; options: ReplayOptions }): ReplayContext {
  const { report, templates } = input;
  const keys = bidKeys(templates.map((t) => (typeof t.id === "string" ? t.id : "")));
  const bids = templates.map((template, i): ReplayBidContext => ({
    key: keys[i],
    template,
    replay: report.bids[i],
    formats: formatsFor(report.bids[i].currency),
    priced: report.bids[i].problem === undefined && report.bids[i].total !== null,
    supplies: report.bids[i].months.some((m) => m.supplied !== 0),
  }));
  const currencies = [...new Set(templates.map((t) => t.bid.currency))];
  return {
    file: input.file,
    date: input.date,
    report,
    months: report.history.months,
    totals: historyTotals({ ...report.history }),
    columns: input.columns,
    options: input.options,
    bids,
    currency: currencies.length === 1 ? currencies[0] : null,
    supplied: bids.some((b) => b.priced && b.supplies),
    formats: formatsFor(currencies.length === 1 ? currencies[0] : ""),
  };
}

export const modelName = (b: ReplayBidContext) => PRICING_MODEL_NAMES[b.template.bid.pricing.model];
