/**
 * The trials travel (docs/spec.md#decide-and-negotiate): the drawn scenarios of the risk view as CSV, one row
 * per trial: every drawn input and every priced bid's resolution rate and monthly total, with a header
 * naming them, so @RISK, Crystal Ball or Python users can join them to their models. Text (the bids'
 * names in the header) is neutralized as the FOCUS CSV's is; every cell below the header is a number.
 */
import type { Bid, Scenario } from "./bid";
import { drawTrials, RiskOptions, Trials } from "./bid-risk";
import { csvField } from "./finance";

/** The trials CSV's header and rows: trial, the drawn inputs, each priced bid's rate and monthly total (CRLF lines). */
export function trialsCsv(trials: Trials, labels: readonly string[]): string {
  const priced = labels.map((_, b) => b).filter((b) => trials.totals[b] && trials.rates[b]);
  const head = ["trial", "conversations", "human_cost", "token_factor", ...priced.flatMap((b) => [`${labels[b]} resolution_rate`, `${labels[b]} monthly_total`])];
  const lines = [head.map(csvField).join(",")];
  for (let i = 0; i < trials.count; i++) {
    const row: number[] = [i + 1, trials.conversations[i], trials.humanCost[i], trials.tokenFactor[i]];
    for (const b of priced) row.push(trials.rates[b]![i], trials.totals[b]![i]);
    lines.push(row.map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The drawn scenarios of these bids as CSV, and how many trials and priced bids it holds. */
export function drawnScenariosCsv(bids: readonly Bid[], labels: readonly string[], scenario: Scenario, options: RiskOptions = {}): { text: string; trials: number; priced: number } {
  const trials = drawTrials(bids, scenario, options);
  return { text: trialsCsv(trials, labels), trials: trials.count, priced: trials.totals.filter((t) => t).length };
}
