/**
 * One click fills the risk view's three-point estimates from a history's spread (P10 / P50 / P90 over
 * its months): conversations, the resolution rate and tokens per conversation; the human cost and the
 * qualifying share stay the analyst's. Pure. Which estimate takes which figure:
 * docs/modules.md#risk-estimates-from-a-history.
 */
import type { Scenario } from "../engine/bid";
import type { HistoryAggregate } from "../replay/monthly-aggregation";
import { percentileInc } from "../engine/risk";
import { historySpread } from "../replay/replay";

export interface FilledEstimates {
  scenario: Scenario;
  /** What was filled, and what was not, in the analyst's words. */
  said: string[];
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
const pct = (x: number) => `${(x * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const factor = (x: number) => `×${x.toLocaleString("en-US", { maximumFractionDigits: 3 })}`;

/**
 * The current scenario with the history's estimates in it. `tokens`: does the history have token
 * columns (without them the tokens stay as they are)?
 */
export function estimatesFromHistory(history: HistoryAggregate, current: Scenario, tokens: boolean): FilledEstimates | { problem: string } {
  const spread = historySpread(history);
  if (!spread.conversations || !spread.resolutionRate || spread.months === 0) return { problem: "The history has no month with conversations: there is nothing to fill the estimates from." };
  const said: string[] = [];
  const v = spread.conversations;
  const conversations = { low: Math.max(1, Math.round(v.p10)), likely: Math.max(1, Math.round(v.p50)), high: Math.max(1, Math.round(v.p90)) };
  const r = spread.resolutionRate;
  const rate = { low: round(r.p10, 4), likely: round(r.p50, 4), high: round(r.p90, 4) };
  said.push(`Conversations per month: ${n0(conversations.likely)} (low ${n0(conversations.low)}, high ${n0(conversations.high)}).`);
  const buyer = spread.buyerResolutionRate;
  said.push(`Resolution rate: ${pct(rate.likely)} (low ${pct(rate.low)}, high ${pct(rate.high)}), by the vendor's definition, as its bills count resolutions${buyer ? `; by yours, ${pct(buyer.p50)} in the median month` : ""}.`);
  const scenario: Scenario = {
    ...current,
    conversations: conversations.likely,
    resolutionRate: rate.likely,
    ranges: { ...current.ranges, conversations: { low: conversations.low, high: conversations.high }, resolutionRate: { low: rate.low, high: rate.high } },
  };
  const perConversation = history.months.filter((m) => m.conversations > 0).map((m) => (m.inputTokens + m.outputTokens) / m.conversations);
  const middle = perConversation.length ? percentileInc(perConversation, 0.5) : NaN;
  if (!tokens || !spread.inputTokens || !spread.outputTokens) {
    said.push("Tokens per conversation: not in the history (it has no token columns), so they stay as they were.");
  } else if (!(middle > 0)) {
    said.push("Tokens per conversation: the history counts none, so they stay as they were.");
  } else {
    const low = Math.min(1, round(percentileInc(perConversation, 0.1) / middle, 3));
    const high = Math.max(1, round(percentileInc(perConversation, 0.9) / middle, 3));
    const input = Math.round(spread.inputTokens.p50);
    const output = Math.round(spread.outputTokens.p50);
    const cachedInput = Math.min(input, Math.round(spread.cachedInputTokens?.p50 ?? 0));
    scenario.tokens = { ...current.tokens, input, output, cachedInput };
    scenario.ranges = { ...scenario.ranges, tokens: { low, high } };
    said.push(
      `Tokens per conversation: ${n0(input)} input (${n0(cachedInput)} of them cached) and ${n0(output)} output in the median month, for per-token bids that do not state their own; the risk view's factor on every bid's tokens from ${factor(low)} to ${factor(high)} (the months' input and output tokens per conversation against the median month).`,
    );
  }
  const h = current.ranges?.humanCost;
  said.push(
    `The human cost is not in the history: it stays as you set it (${current.humanCost.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}${h ? `, low ${h.low.toLocaleString("en-US", { minimumFractionDigits: 2 })}, high ${h.high.toLocaleString("en-US", { minimumFractionDigits: 2 })}` : ""}), and so does the qualifying share.`,
  );
  said.push(
    spread.months < 3
      ? `From only ${spread.months} month${spread.months === 1 ? "" : "s"} of history: so few months understate how far a year can swing; widen the ranges by hand if you expect more.`
      : `From ${spread.months} months of history: low is the 10th percentile of the months, likely the median, high the 90th.`,
  );
  return { scenario, said };
}
