/**
 * The canonical columns and how a file's headers are mapped to them: exact names first, then the
 * common alternatives, the analyst's overrides before both, and a clear message for a missing one.
 */
import { COLUMN_NAMES, mapColumns, mappingByName, normalizeHeader } from "../../src/replay/columns";

describe("mapColumns", () => {
  it("maps the canonical headers to themselves and reports nothing missing", () => {
    const m = mapColumns([...COLUMN_NAMES]);
    if (!m.ok) throw new Error(m.message);
    COLUMN_NAMES.forEach((c, i) => expect(m.mapping[c]).toBe(i));
    expect(m.missing).toEqual([]);
  });

  it("recognizes common alternative names, whatever their case and punctuation", () => {
    const headers = ["Ticket ID", "Created At", "prompt_tokens", "Cached Tokens", "completion_tokens", "Resolved by AI", "Reopened", "Satisfaction", "Escalated"];
    const m = mapColumns(headers);
    if (!m.ok) throw new Error(m.message);
    expect(mappingByName(m.mapping, headers)).toEqual({
      conversation_id: "Ticket ID",
      started_at: "Created At",
      input_tokens: "prompt_tokens",
      cached_input_tokens: "Cached Tokens",
      output_tokens: "completion_tokens",
      ai_resolved: "Resolved by AI",
      reopened_at: "Reopened",
      csat: "Satisfaction",
      human_handled: "Escalated",
    });
  });

  it("lets a canonical name win over an alternative that could also match", () => {
    // "resolved" is an alternative for ai_resolved, but the file names ai_resolved itself.
    const headers = ["id", "timestamp", "resolved", "ai_resolved"];
    const m = mapColumns(headers);
    if (!m.ok) throw new Error(m.message);
    expect(m.mapping.ai_resolved).toBe(3);
    expect(m.mapping.conversation_id).toBe(0);
    expect(m.mapping.started_at).toBe(1);
  });

  it("lists the optional columns that are missing with what that means", () => {
    const m = mapColumns(["conversation_id", "started_at", "ai_resolved"]);
    if (!m.ok) throw new Error(m.message);
    expect(m.missing.map((x) => x.column)).toEqual(["input_tokens", "cached_input_tokens", "output_tokens", "reopened_at", "csat", "human_handled"]);
    expect(m.missing.find((x) => x.column === "csat")?.meaning).toMatch(/unrated/);
  });

  it("says which required column is missing and which headers the file has", () => {
    const m = mapColumns(["conversation_id", "when", "ai_resolved"]);
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.message).toContain("no column for started_at");
    expect(m.message).toContain('"conversation_id", "when", "ai_resolved"');
    expect(m.message).toContain("--column started_at=HEADER");
  });

  it("takes the analyst's overrides first, by exact or normalized header, and null for none", () => {
    const headers = ["conversation_id", "when", "started_at", "ai_resolved", "csat"];
    const m = mapColumns(headers, { started_at: "WHEN", csat: null });
    if (!m.ok) throw new Error(m.message);
    expect(m.mapping.started_at).toBe(1);
    expect(m.mapping.csat).toBeNull();
  });

  it("refuses an override naming a header the file does not have, or one header for two columns", () => {
    const headers = ["conversation_id", "started_at", "ai_resolved"];
    const a = mapColumns(headers, { reopened_at: "reopen" });
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toContain('"reopen" given for reopened_at is not in the file');
    const b = mapColumns(headers, { started_at: "started_at", reopened_at: "started_at" });
    expect(b.ok).toBe(false);
  });

  it("keeps two headers of the same name apart (by position)", () => {
    const headers = ["conversation_id", "started_at", "ai_resolved", "csat", "csat"];
    const m = mapColumns(headers, { csat: null });
    if (!m.ok) throw new Error(m.message);
    expect(m.mapping.csat).toBeNull();
    const n = mapColumns(headers);
    if (!n.ok) throw new Error(n.message);
    expect(n.mapping.csat).toBe(3);
  });

  it("normalizes headers to lower-case words joined by _", () => {
    expect(normalizeHeader("  Started At (UTC) ")).toBe("started_at_utc");
    expect(normalizeHeader("CSAT")).toBe("csat");
  });
});
