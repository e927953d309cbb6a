/**
 * Meter columns of a pilot history: beside the canonical columns, one column per meter the bids by
 * charges bill (voice minutes, sessions, messages, requests, an outcome type, actions of a type), so each
 * charge is priced from the buyer's own history. Pure (the pane's worker reads them as the CLI does).
 * The columns and how they are read: docs/replay.md#meters-counted-from-the-history.
 */
import { normalizeHeader } from "./columns";

export type MeterColumnKind = "voice_minutes" | "sessions" | "messages" | "requests" | "outcome" | "actions";

export interface MeterColumn {
  kind: MeterColumnKind;
  /** The key its counts go by in a month: the kind, or `actions:<type>` (the type as normalizeHeader writes it). */
  key: string;
  /** The header's position in the file (from 0) and its text. */
  at: number;
  header: string;
}

/** Header names recognized for each counted kind (compared after normalizeHeader), in order of preference. */
export const METER_COLUMN_NAMES: Readonly<Record<Exclude<MeterColumnKind, "actions">, readonly string[]>> = {
  // Not "minutes" alone (a handling time, say) nor "messages" alone (often the transcript's text):
  // a column recognized here must hold a number on every row, or the row cannot be read.
  voice_minutes: ["voice_minutes", "call_minutes", "voice_duration_minutes", "talk_minutes"],
  sessions: ["sessions", "session_count", "ai_sessions"],
  messages: ["message_count", "messages_count", "ai_messages"],
  requests: ["requests", "request_count", "ai_requests"],
  outcome: ["outcome", "outcome_type", "ai_outcome", "billed_outcome"],
};

/** Headers of actions of a type: `actions_<type>` (or `action_<type>`). */
const ACTIONS_PREFIX = /^actions?_(.+)$/;

/** The most outcome types one history may hold (more is taken for a free-text column, not a type). */
export const MAX_OUTCOME_TYPES = 50;
/** The most a meter cell may count in one conversation. */
export const MAX_METER_COUNT = 1_000_000_000;

/** A name (an outcome or action type) as histories and bids are matched on it. */
export function meterName(name: string): string {
  return normalizeHeader(name);
}

/** The meter columns among the headers, skipping those the canonical columns hold (`used`). */
export function findMeterColumns(headers: readonly string[], used: ReadonlySet<number>): MeterColumn[] {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set(used);
  const found: MeterColumn[] = [];
  for (const [kind, names] of Object.entries(METER_COLUMN_NAMES) as [Exclude<MeterColumnKind, "actions">, readonly string[]][]) {
    for (const name of names) {
      const at = normalized.findIndex((n, i) => n === name && !taken.has(i));
      if (at === -1) continue;
      found.push({ kind, key: kind, at, header: headers[at] });
      taken.add(at);
      break;
    }
  }
  const actionKeys = new Set<string>();
  normalized.forEach((n, i) => {
    const m = ACTIONS_PREFIX.exec(n);
    if (!m || taken.has(i) || actionKeys.has(m[1])) return;
    actionKeys.add(m[1]);
    found.push({ kind: "actions", key: `actions:${m[1]}`, at: i, header: headers[i] });
  });
  return found;
}

/** The key of an outcome type's count in a month. */
export const outcomeKey = (type: string) => `outcome:${meterName(type)}`;
/** The key of an action type's count in a month. */
export const actionKey = (type: string) => `actions:${meterName(type)}`;
