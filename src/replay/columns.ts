/**
 * The columns of a pilot history (one row per conversation) and how a file's headers map to them.
 *
 * Pure data and functions (no Node, no DOM): the task pane's Web Worker uses them as the CLI does.
 * The mapping is an object the pane can show and the analyst can change; `mapColumns` proposes one
 * from the headers, recognizing the canonical names and common alternatives.
 */

import { findMeterColumns, type MeterColumn } from "./meter-columns";

export type CanonicalColumn = "conversation_id" | "started_at" | "input_tokens" | "cached_input_tokens" | "output_tokens" | "ai_resolved" | "reopened_at" | "csat" | "human_handled";

export interface ColumnSpec {
  name: CanonicalColumn;
  /** Without it the history cannot be replayed. */
  required: boolean;
  /** What the column holds, in the analyst's words. */
  description: string;
  /** What a missing optional column means for the replay. */
  whenMissing?: string;
  /** Other header names recognized for it, in order of preference (compared after `normalizeHeader`). */
  alternatives: readonly string[];
}

/** The canonical columns, in the order of docs/spec.md#pilot-replay and the SQL. */
export const COLUMNS: readonly ColumnSpec[] = [
  {
    name: "conversation_id",
    required: true,
    description: "the conversation's id (any text, not blank)",
    alternatives: ["id", "conversation", "conversationid", "ticket_id", "ticketid", "ticket", "case_id", "chat_id", "session_id", "thread_id"],
  },
  {
    name: "started_at",
    required: true,
    description: "when the conversation started (ISO 8601; UTC when no offset is given)",
    alternatives: ["created_at", "createdat", "start_time", "started", "start", "timestamp", "created", "opened_at", "date", "datetime"],
  },
  {
    name: "input_tokens",
    required: false,
    description: "AI input tokens of the conversation, cached ones included (blank: 0)",
    whenMissing: "per-token bids cannot be priced",
    alternatives: ["prompt_tokens", "tokens_in", "input_token_count", "prompt_token_count"],
  },
  {
    name: "cached_input_tokens",
    required: false,
    description: "the input tokens read from the cache (part of input_tokens; blank: 0)",
    whenMissing: "no input token is counted as cached",
    alternatives: ["cached_tokens", "cache_read_tokens", "cache_read_input_tokens", "cached_prompt_tokens", "cached_input"],
  },
  {
    name: "output_tokens",
    required: false,
    description: "AI output tokens of the conversation (blank: 0)",
    whenMissing: "per-token bids cannot be priced",
    alternatives: ["completion_tokens", "tokens_out", "output_token_count", "completion_token_count"],
  },
  {
    name: "ai_resolved",
    required: true,
    description: "did the AI resolve it, by the vendor's definition (true/false, yes/no, 1/0)",
    alternatives: ["resolved_by_ai", "ai_resolution", "automated_resolution", "bot_resolved", "resolved", "is_resolved"],
  },
  {
    name: "reopened_at",
    required: false,
    description: "when the conversation was reopened (ISO 8601; blank if never)",
    whenMissing: "no conversation counts as reopened",
    alternatives: ["reopened", "reopen_time", "reopened_time", "reopen_at", "reopened_date"],
  },
  {
    name: "csat",
    required: false,
    description: "the customer's satisfaction score, 0 to 100 on the survey's own scale (blank if unrated)",
    whenMissing: "every conversation counts as unrated",
    alternatives: ["satisfaction", "csat_score", "satisfaction_score", "customer_satisfaction", "rating"],
  },
  {
    name: "human_handled",
    required: false,
    description: "did a human take the conversation (true/false, yes/no, 1/0)",
    whenMissing: "human-handled conversations are not counted",
    alternatives: ["handled_by_human", "escalated_to_human", "escalated", "human_handoff", "handoff", "transferred", "agent_handled", "human"],
  },
];

export const COLUMN_NAMES: readonly CanonicalColumn[] = COLUMNS.map((c) => c.name);

export function columnSpec(name: CanonicalColumn): ColumnSpec {
  const spec = COLUMNS.find((c) => c.name === name);
  if (!spec) throw new Error(`no column ${name}`);
  return spec;
}

export function isCanonicalColumn(name: string): name is CanonicalColumn {
  return (COLUMN_NAMES as readonly string[]).includes(name);
}

/**
 * Which header (by its position in the file, from 0) holds each canonical column; null when none does.
 * Positions rather than names, so that two headers with the same name stay distinct.
 */
export type ColumnMapping = Record<CanonicalColumn, number | null>;

/** A header as compared: lower case, runs of anything but letters and digits as one "_", trimmed of "_". */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export type MappingResult =
  | {
      ok: true;
      mapping: ColumnMapping;
      /** Optional columns without a header, with what that means. */
      missing: { column: CanonicalColumn; meaning: string }[];
      /** The meter columns the headers hold beside the canonical ones (./meter-columns.ts). */
      meters: MeterColumn[];
    }
  | { ok: false; message: string };

function quoteList(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(", ");
}

/** How the file's headers are listed in a message (long header rows are cut). */
export function describeHeaders(headers: readonly string[]): string {
  if (headers.length === 0) return "The file has no header row.";
  const shown = headers.slice(0, 40).map((h) => (h.length > 60 ? h.slice(0, 60) + "..." : h));
  return `Its headers are: ${quoteList(shown)}${headers.length > shown.length ? ` and ${headers.length - shown.length} more` : ""}.`;
}

/**
 * Proposes a mapping from the headers: a header named as the canonical column wins, then the first
 * alternative (in the column's order of preference) found; each header serves one column at most.
 * `overrides` (canonical column -> header name, or null for "none") come first: the analyst's choice.
 * Fails, saying which column and which headers the file has, when a required column has no header
 * or an override names a header the file does not have.
 */
export function mapColumns(headers: readonly string[], overrides: Partial<Record<CanonicalColumn, string | null>> = {}): MappingResult {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const mapping = {} as ColumnMapping;
  for (const c of COLUMN_NAMES) mapping[c] = null;

  for (const [column, header] of Object.entries(overrides) as [CanonicalColumn, string | null][]) {
    if (!isCanonicalColumn(column)) {
      return { ok: false, message: `There is no column called ${JSON.stringify(column)} to map. The columns are: ${COLUMN_NAMES.join(", ")}.` };
    }
    if (header === null) continue;
    let at = headers.indexOf(header);
    if (at === -1) at = normalized.indexOf(normalizeHeader(header));
    if (at === -1) {
      return { ok: false, message: `The header ${JSON.stringify(header)} given for ${column} is not in the file. ${describeHeaders(headers)}` };
    }
    if (used.has(at)) {
      return { ok: false, message: `The header ${JSON.stringify(headers[at])} is given for two columns; each header can hold one column.` };
    }
    mapping[column] = at;
    used.add(at);
  }

  mapByName(normalized, mapping, used, new Set(Object.keys(overrides)));

  const absent = COLUMNS.filter((c) => c.required && mapping[c.name] === null);
  if (absent.length > 0) {
    const what = absent.map((c) => `${c.name} (${c.description}; also recognized as ${c.alternatives.join(", ")})`).join("; ");
    return {
      ok: false,
      message: `The history has no column for ${what}. ${describeHeaders(headers)} Rename the header, or map it (aiprice backtest --column ${absent[0].name}=HEADER).`,
    };
  }
  const missing = COLUMNS.filter((c) => !c.required && mapping[c.name] === null).map((c) => ({ column: c.name, meaning: c.whenMissing ?? "" }));
  return { ok: true, mapping, missing, meters: findMeterColumns(headers, used) };
}

/**
 * Maps the columns not in `skip` by the headers' names: exact canonical names first, for every column,
 * so that an alternative never takes a header that another column is named by (a "resolved" column
 * must not hide an "ai_resolved" one, and so on); then the first alternative found, in order.
 */
function mapByName(normalized: readonly string[], mapping: ColumnMapping, used: Set<number>, skip: ReadonlySet<string>): void {
  const pick = (name: string): number | null => {
    for (let i = 0; i < normalized.length; i++) if (normalized[i] === name && !used.has(i)) return i;
    return null;
  };
  for (const spec of COLUMNS) {
    if (skip.has(spec.name)) continue;
    const at = pick(spec.name);
    if (at !== null) {
      mapping[spec.name] = at;
      used.add(at);
    }
  }
  for (const spec of COLUMNS) {
    if (skip.has(spec.name) || mapping[spec.name] !== null) continue;
    for (const alt of spec.alternatives) {
      const at = pick(alt);
      if (at !== null) {
        mapping[spec.name] = at;
        used.add(at);
        break;
      }
    }
  }
}

/**
 * The mapping the headers suggest, as mapColumns proposes it, whether or not every required column is
 * found: the task pane shows it for the analyst to complete (null where no header was recognized).
 */
export function proposeMapping(headers: readonly string[]): ColumnMapping {
  const mapping = {} as ColumnMapping;
  for (const c of COLUMN_NAMES) mapping[c] = null;
  mapByName(headers.map(normalizeHeader), mapping, new Set(), new Set());
  return mapping;
}

/** The mapping by header name, for display and JSON: canonical column -> the file's header, or null. */
export function mappingByName(mapping: ColumnMapping, headers: readonly string[]): Record<CanonicalColumn, string | null> {
  const out = {} as Record<CanonicalColumn, string | null>;
  for (const c of COLUMN_NAMES) out[c] = mapping[c] === null ? null : (headers[mapping[c] as number] ?? null);
  return out;
}
