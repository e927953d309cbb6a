/**
 * The comparison sheet's row keys and columns, in one place: every block finds the cells of the others
 * through these (and the Locator), never by counting rows.
 *
 * A bid's key is its template id (numbered when the same template is chosen twice), so that it keeps
 * its rows when the sheet is updated with more bids or with bids in another order.
 */

/** Columns 0 .. KEY_COLUMN - 1 hold the sheet's blocks; the hidden key column comes after them. */
export const KEY_COLUMN = 70;
/** Draws run along their rows from here, to the right of the key column (spills never cross it). */
export const DRAWS_COLUMN = KEY_COLUMN + 1;
/** The hidden first row: the add-in's column ids, the marker and its notes. */
export const ID_ROW = 0;

export const ROW = {
  title: "title",
  subtitle: "subtitle",
  asOf: "as-of",
  space: (after: string) => `space:${after}`,
  summaryHead: "summary:head",
  summaryWinner: (view: string) => `summary:winner:${view}`,
  summaryWhy: "summary:why",
  summaryWarning: (k: number) => `summary:warning:${k}`,
  summaryRankedHead: "summary:ranked-head",
  summaryColumns: "summary:columns",
  /** The j-th bid by rank (0-based): keyed by place, not by bid, so that a change re-sorts the rows' content. */
  summaryRanked: (j: number) => `summary:ranked:${j}`,
  scenarioHead: "scenario:head",
  scenarioColumns: "scenario:columns",
  scenario: (name: string) => `scenario:${name}`,
  baseline: "scenario:baseline",
  scenarioTermHead: "scenario:term-head",
  bidsHead: "bids:head",
  bidsColumns: "bids:columns",
  bid: (bid: string) => `bid:${bid}`,
  bidsNote: "bids:note",
  chart: (block: string, i: number) => `${block}:chart:${i}`,
  riskHead: "risk:head",
  riskColumns: "risk:columns",
  risk: (bid: string) => `risk:${bid}`,
  riskNote: "risk:note",
  ratesHead: "rates:head",
  ratesColumns: "rates:columns",
  ratesBlended: (bid: string) => `rates:blended:${bid}`,
  ratesPriced: (bid: string) => `rates:priced:${bid}`,
  ratesWinnerIndex: "rates:winner-index",
  ratesCheapest: "rates:cheapest",
  ratesChanges: "rates:changes",
  ratesRangesHead: "rates:ranges-head",
  ratesRangeFrom: "rates:range-from",
  ratesRangeTo: "rates:range-to",
  ratesRangeBid: "rates:range-bid",
  ratesCprHead: "rates:cpr-head",
  ratesCpr: (bid: string) => `rates:cpr:${bid}`,
  inputsHead: "inputs:head",
  inputsTitle: (bid: string) => `inputs:${bid}:title`,
  inputsColumns: (bid: string) => `inputs:${bid}:columns`,
  inputsPrices: (bid: string) => `inputs:${bid}:prices`,
  input: (bid: string, path: string) => `input:${bid}:${path}`,
  inputsSource: (bid: string, k: number) => `inputs:${bid}:source:${k}`,
  inputsNoSources: (bid: string) => `inputs:${bid}:no-sources`,
  inputsNotes: (bid: string) => `inputs:${bid}:notes`,
  inputsSpace: (bid: string) => `inputs:${bid}:space`,
  chargesHead: "charges:head",
  chargesColumns: "charges:columns",
  chargesTitle: (bid: string) => `charges:${bid}:title`,
  /** The k-th charge (0-based, the order of the bid's charges) of a bid priced by charges. */
  charge: (bid: string, k: number) => `charge:${bid}:${k}`,
  questionsHead: "questions:head",
  questionsGroup: (group: string) => `questions:${group}`,
  question: (group: string, k: number) => `questions:${group}:${k}`,
  drawsHead: "draws:head",
  drawsNote: "draws:note",
  draws: (what: "conversations" | "human-cost" | "tokens") => `draws:${what}`,
  drawsRate: (bid: string) => `draws:rate:${bid}`,
  /** A bid's AI cost per conversation in each drawn scenario (its vendor fee and what the buyer supplies, spread). */
  drawsAiCost: (bid: string) => `draws:ai:${bid}`,
  drawsTotal: (bid: string) => `draws:total:${bid}`,
  drawsPerResolution: (bid: string) => `draws:cpr:${bid}`,
  termHead: "term:head",
  termColumns: "term:columns",
  termBid: (bid: string) => `term:bid:${bid}`,
  termNote: "term:note",
  termMonths: "term:months",
  termSeasonal: "term:seasonal",
  termConversations: "term:conversations",
  termLowest: "term:lowest",
  termCheapest: "term:cheapest",
  termCumulativeHead: "term:cumulative-head",
  termCumulative: (bid: string) => `term:cumulative:${bid}`,
  termChartNote: "term:chart-note",
  termDetail: (bid: string, what: TermDetailRow) => `term:${what}:${bid}`,
} as const;

/** The rows of each bid's month-by-month detail in the term block, top to bottom. */
export const TERM_DETAIL_ROWS = ["title", "rate", "vendor", "true-up", "supplied", "one-time", "human", "total"] as const;
export type TermDetailRow = (typeof TERM_DETAIL_ROWS)[number];

/** The term block's table of bids: its assumptions per bid, then its figures over the term. */
export const TERM_COL = {
  name: 0,
  rampStart: 1,
  rampMonths: 2,
  escalator: 3,
  escalatorEvery: 4,
  total: 5,
  npv: 6,
  unusedCommitment: 7,
  expiredCredits: 8,
  cheapestFrom: 9,
  rank: 10,
} as const;

/** The term block's month rows: the label column, then months 1 .. 60 (blank after the term). */
export const TERM_MONTH_COL = { label: 0, first: 1 } as const;

/** The summary's columns: a view's winner and its figure; the bids by rank. */
export const SUMMARY_COL = { label: 0, winner: 1, figure: 2, rank: 0, name: 1, blended: 2, monthly: 3, p90: 4, total: 5, status: 6, position: 7, place: 8 } as const;

/** The scenario block's columns. */
export const SCENARIO_COL = { label: 0, value: 1, low: 2, high: 3, note: 4 } as const;

/** The bids table's columns. */
export const BID_COL = {
  rank: 0,
  name: 1,
  vendor: 2,
  model: 3,
  resolutionRate: 4,
  qualifyingShare: 5,
  assist: 6,
  vendorFee: 7,
  suppliedPerConversation: 8,
  suppliedFixedMonthly: 9,
  suppliedOneTime: 10,
  aiCost: 11,
  costPerResolution: 12,
  blended: 13,
  monthlyAiCost: 14,
  monthlyTotal: 15,
  monthlySavings: 16,
  reference: 17,
  referenceNote: 18,
  /** When the bid's prices were read, marked stale past 90 days, and the version used. */
  prices: 19,
  /** Blank when the bid is priced; else "not priced" and why (./priced.ts): every block reads it. */
  status: 20,
} as const;

/** The risk block's columns. */
export const RISK_COL = {
  name: 0,
  rateLow: 1,
  rateLikely: 2,
  rateHigh: 3,
  totalP10: 4,
  totalP50: 5,
  totalP90: 6,
  cprP10: 7,
  cprP50: 8,
  cprP90: 9,
  chance: 10,
  exposure: 11,
  /** Chart helpers: the bars' middle and upper segments. */
  lowerSpan: 12,
  upperSpan: 13,
  /** Blank when the bid's drawn scenarios are priced; else "not priced" and why. */
  status: 14,
} as const;

/** The charges block's columns: a charge's label and meter, its units of the month, its fee. */
export const CHARGE_COL = { label: 0, meter: 1, units: 2, unit: 3, fee: 4, perConversation: 5 } as const;

/** The inputs block's columns. */
export const INPUT_COL = { label: 0, value: 1, second: 2, help: 3, source: 4 } as const;

/** The rates block: the label column, then one column per rate of the grid. */
export const RATES_COL = { label: 0, first: 1 } as const;

/**
 * Stable keys for the chosen bids: the template id, numbered from the second time the same id appears
 * (#2, #3...). `previous` keys (an update) are reused in order for the same ids.
 */
export function bidKeys(ids: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((raw) => {
    const id = raw.replace(/[^A-Za-z0-9._-]/g, "_") || "bid";
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  });
}
