/** The "Pilot replay" sheet's row keys: every block finds the cells of the others through them. */
export const ROW = {
  title: "title",
  subtitle: "subtitle",
  space: (after: string) => `space:${after}`,
  inputsHead: "inputs:head",
  input: (name: string) => `input:${name}`,
  columnsHead: "inputs:columns",
  column: (name: string) => `column:${name}`,
  historyHead: "history:head",
  historyMonths: "history:months",
  history: (name: string) => `history:${name}`,
  historyNote: "history:note",
  billsHead: "bills:head",
  billsMonths: "bills:months",
  bill: (bid: string) => `bill:${bid}`,
  billsNote: "bills:note",
  suppliedHead: "supplied:head",
  suppliedMonths: "supplied:months",
  supplied: (bid: string) => `supplied:${bid}`,
  costHead: "cost:head",
  costMonths: "cost:months",
  cost: (bid: string) => `cost:${bid}`,
  chart: (i: number) => `chart:${i}`,
  summaryHead: "summary:head",
  summaryColumns: "summary:columns",
  summary: (bid: string) => `summary:${bid}`,
  summaryNote: "summary:note",
  spreadHead: "spread:head",
  spreadColumns: "spread:columns",
  spread: (name: string) => `spread:${name}`,
  spreadNote: "spread:note",
  problemsHead: "problems:head",
  problemsColumns: "problems:columns",
  reason: (k: number) => `problems:reason:${k}`,
  listHead: "problems:list-head",
  listColumns: "problems:list-columns",
  problem: (k: number) => `problems:row:${k}`,
  problemsMore: "problems:more",
} as const;

/** The rows of the history block, in order: key, label, and how its month cells are made. */
export const HISTORY_ROWS = [
  "conversations",
  "vendorResolutions",
  "buyerResolutions",
  "rejected",
  "reopenedWithinWindow",
  "ratedBelowThreshold",
  "vendorRate",
  "buyerRate",
  "humanHandled",
  "rated",
  "meanCsat",
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "inputPerConversation",
  "cachedPerConversation",
  "outputPerConversation",
] as const;
export type HistoryRow = (typeof HISTORY_ROWS)[number];

/** The summary table's columns. */
export const SUMMARY_COL = {
  name: 0,
  vendor: 1,
  model: 2,
  total: 3,
  perConversation: 4,
  perResolution: 5,
  vendorResolutions: 6,
  buyerResolutions: 7,
  rejected: 8,
  exposure: 9,
  rank: 10,
  note: 11,
} as const;

/** The spread block: label, P10, P50, P90. */
export const SPREAD_COL = { label: 0, p10: 1, p50: 2, p90: 3 } as const;
export const SPREAD_ROWS = ["conversations", "vendorRate", "buyerRate", "inputPerConversation", "cachedPerConversation", "outputPerConversation"] as const;
