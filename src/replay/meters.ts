/**
 * A bid by charges on a month of the history: each charge's meter counted from the history where a
 * column gives it, else the bid's own figure per conversation; the month is then priced by the engine as
 * any month is (`vendorMonthly`). Pure (the pane's worker replays with it as the CLI does). What comes
 * from where, per meter: docs/replay.md#meters-counted-from-the-history.
 */
import type { Bid } from "../engine/bid";
import type { Charge, MeterKind } from "../engine/meters";
import type { MonthAggregate } from "./monthly-aggregation";
import { actionKey, outcomeKey } from "./meter-columns";

/** Where one quantity of a charge came from in the replay. */
export interface MeterSource {
  /** The charge's label. */
  charge: string;
  meter: MeterKind;
  /** What was counted or assumed, in words, e.g. "voice minutes", "outcome: qualified lead". */
  what: string;
  /** "history": counted from the history's rows; "bid": the bid's own figure per conversation, assumed. */
  from: "history" | "bid";
  /** The history's column it was counted from; null for the bid's figure. */
  column: string | null;
}

/** What the history counts: its meter columns' keys (HistoryAggregate.counts) and whether it has token columns. */
export interface HistoryCounts {
  counts: readonly string[];
  tokens: boolean;
}

const scratch = new DataView(new ArrayBuffer(8));
/** The neighbouring double of x (x > 0) upward (+1) or downward (-1). */
function nextDouble(x: number, direction: 1 | -1): number {
  scratch.setFloat64(0, x);
  scratch.setBigUint64(0, scratch.getBigUint64(0) + BigInt(direction));
  return scratch.getFloat64(0);
}

/**
 * count / total, nudged by a few ulps (staying at most `max`) when needed so that total x it === count:
 * the engine counts the month's units as V x the figure, and packages (rounded up) must see the
 * history's own count, not 10000.000000000002.
 */
export function nudgedQuotient(count: number, total: number, max = Infinity): number {
  const x0 = count / total;
  if (x0 * total === count || count === 0 || !(x0 > 0)) return x0;
  for (const direction of [1, -1] as const) {
    let x = x0;
    for (let i = 0; i < 4; i++) {
      x = nextDouble(x, direction);
      if (x * total === count && x <= max) return x;
    }
  }
  return x0;
}

/** count / total as a figure per conversation (nudgedQuotient). */
export function perConversation(count: number, total: number): number {
  return nudgedQuotient(count, total);
}

type Sources = MeterSource[];

function counted(m: MonthAggregate, key: string): number {
  return m.meters?.[key] ?? 0;
}

/** One charge on the month: the charge with the history's counts in place, and where each came from. */
function chargeOnMonth(c: Charge, m: MonthAggregate, h: HistoryCounts, sources: Sources): Charge {
  const src = (what: string, column: string | null) => sources.push({ charge: c.label, meter: c.meter, what, from: column === null ? "bid" : "history", column });
  const has = (key: string) => h.counts.includes(key);
  const V = m.conversations;
  switch (c.meter) {
    case "conversations":
      src("conversations", "started_at");
      return c;
    case "resolutions":
      src("resolutions", "ai_resolved");
      return c;
    case "handoffs":
      src("handoffs (conversations the AI did not resolve)", "ai_resolved");
      return c;
    case "outcomes":
      return {
        ...c,
        outcomes: c.outcomes.map((o) => {
          if (has("outcome")) {
            src(`outcome: ${o.type}`, "outcome");
            return { type: o.type, share: perConversation(counted(m, outcomeKey(o.type)), V) };
          }
          if (o.of === "resolutions" || o.of === "handoffs") src(`outcome: ${o.type}`, "ai_resolved");
          else src(`outcome: ${o.type}${o.of ? " (resolutions that qualify: the qualifying share is the bid's)" : ""}`, o.of ? "ai_resolved" : null);
          return o;
        }),
      };
    case "sessions":
      if (!has(c.counts)) {
        src(c.counts, null);
        return c;
      }
      src(c.counts, c.counts);
      return { ...c, perConversation: perConversation(counted(m, c.counts), V) };
    case "voice-minutes":
      if (!has("voice_minutes")) {
        src("voice minutes", null);
        return c;
      }
      src("voice minutes", "voice_minutes");
      return { ...c, minutesPerConversation: perConversation(counted(m, "voice_minutes"), V) };
    case "actions":
      return {
        ...c,
        actions: c.actions.map((a) => {
          const key = actionKey(a.type);
          if (!has(key)) {
            src(`actions: ${a.type}`, null);
            return a;
          }
          src(`actions: ${a.type}`, key.replace(":", "_"));
          return { ...a, perConversation: perConversation(counted(m, key), V) };
        }),
      };
    case "tokens":
      if (!h.tokens) {
        src("tokens", null);
        return c;
      }
      src("tokens", "input_tokens, cached_input_tokens, output_tokens");
      return withoutOwnTokens(c);
    case "seats":
      src(c.pool ? `seats and ${c.pool.counts} per conversation` : "seats", null);
      return c;
    case "revenue":
      if (c.basis === "savings") src("savings (resolutions counted; the human cost given)", "ai_resolved");
      else src("revenue per conversation", null);
      return c;
  }
}

/** A token charge priced at the month's tokens (the scenario's), the history counting every call. */
function withoutOwnTokens(c: Extract<Charge, { meter: "tokens" }>): Charge {
  const { tokens: _own, ...rest } = c;
  return rest;
}

/**
 * The bid on a month of the history: for a bid by charges, its charges with the history's counts, and
 * where each quantity came from; any other bid as it is, with no sources.
 */
export function meteredBid(bid: Bid, m: MonthAggregate, h: HistoryCounts): { bid: Bid; sources: MeterSource[] } {
  const p = bid.pricing;
  if (p.model !== "charges" || m.conversations === 0) return { bid, sources: [] };
  const sources: MeterSource[] = [];
  const charges = p.charges.map((c) => chargeOnMonth(c, m, h, sources));
  return { bid: { ...bid, pricing: { ...p, charges } }, sources };
}

/** The sources in words for a report: what was counted from the history, and what was assumed from the bid. */
export function sourcesInWords(sources: readonly MeterSource[]): { counted: string[]; assumed: string[] } {
  const counted = sources.filter((s) => s.from === "history").map((s) => `${s.charge}: ${s.what} (from ${s.column})`);
  const assumed = sources.filter((s) => s.from === "bid").map((s) => `${s.charge}: ${s.what} (the bid's figure)`);
  return { counted, assumed };
}
