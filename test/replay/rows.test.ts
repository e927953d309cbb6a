/**
 * One row read and checked, and the monthly aggregation: UTC month boundaries, the reopen window's edge,
 * the CSAT threshold's edge, unrated conversations, and unreadable rows counted and listed by number.
 */
import { MonthlyAggregator } from "../../src/replay/monthly-aggregation";
import { mapColumns } from "../../src/replay/columns";
import fc from "fast-check";
import { parseTimestamp, parseTimestampByPattern, REASONS, RowProblems, RowReader } from "../../src/replay/rows";
import { aggregateLines, D7T4, HEADER, line } from "./support";

function instant(text: string): { ms: number; us: number } | string {
  const into = { ms: 0, us: 0 };
  const r = parseTimestamp(text, into);
  return r === "ok" ? into : r;
}

describe("parseTimestamp", () => {
  it("reads ISO 8601 in UTC, with offsets, fractions to the microsecond and date-only forms", () => {
    expect(instant("2025-03-01T10:00:05Z")).toEqual({ ms: Date.UTC(2025, 2, 1, 10, 0, 5), us: 0 });
    expect(instant("2025-03-01 10:00:05")).toEqual({ ms: Date.UTC(2025, 2, 1, 10, 0, 5), us: 0 });
    expect(instant("2025-03-01T10:00")).toEqual({ ms: Date.UTC(2025, 2, 1, 10, 0), us: 0 });
    expect(instant("2025-03-01")).toEqual({ ms: Date.UTC(2025, 2, 1), us: 0 });
    expect(instant("2025-03-01T10:00:05+02:00")).toEqual({ ms: Date.UTC(2025, 2, 1, 8, 0, 5), us: 0 });
    expect(instant("2025-03-01T10:00:05+0200")).toEqual({ ms: Date.UTC(2025, 2, 1, 8, 0, 5), us: 0 });
    expect(instant("2025-03-01T10:00:05+02")).toEqual({ ms: Date.UTC(2025, 2, 1, 8, 0, 5), us: 0 });
    expect(instant("2025-03-01T10:00:05-05:30")).toEqual({ ms: Date.UTC(2025, 2, 1, 15, 30, 5), us: 0 });
    // Digits beyond the microsecond are cut, not rounded (as DuckDB does).
    expect(instant("2025-03-01T10:00:05.9999995Z")).toEqual({ ms: Date.UTC(2025, 2, 1, 10, 0, 5, 999), us: 999 });
    expect(instant("2025-03-01T10:00:05.12Z")).toEqual({ ms: Date.UTC(2025, 2, 1, 10, 0, 5, 120), us: 0 });
    expect(instant("2024-02-29T00:00:00Z")).toEqual({ ms: Date.UTC(2024, 1, 29), us: 0 });
  });

  it("tells a text that is not ISO 8601 from a date that does not exist", () => {
    for (const bad of ["2025-13-01", "25-03-01", "2025/03/01", "2025-03-01T24:00:00", "2025-03-01T10:00Z", "2025-03-01T10:00:00 Z", "03/01/2025", "tomorrow", "2025-03-01T10:00:00+25:00"]) {
      expect([bad, instant(bad)]).toEqual([bad, "format"]);
    }
    for (const bad of ["2025-02-29", "2025-04-31T00:00:00Z", "1900-02-29"]) expect([bad, instant(bad)]).toEqual([bad, "date"]);
  });
});

describe("parseTimestamp's fast path", () => {
  it("reads YYYY-MM-DDTHH:MM:SS(.fff)Z as the pattern does, valid or not", () => {
    const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((x) => String(x).padStart(n, "0"));
    const shaped = fc
      .tuple(d(4), d(2), d(2), fc.constantFrom("T", " ", "t", "_"), d(2), d(2), d(2), fc.option(d(3)), fc.constantFrom("Z", "z", "+"), fc.constantFrom("-", "/"))
      .map(([y, mo, da, sep, h, mi, se, frac, z, dash]) => `${y}${dash}${mo}${dash}${da}${sep}${h}:${mi}:${se}${frac === null ? "" : "." + frac}${z}`);
    const plausible = fc
      .tuple(
        fc.integer({ min: 1000, max: 2999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.integer({ min: 0, max: 999 })),
      )
      .map(
        ([y, mo, da, h, mi, se, ms]) =>
          `${y}-${String(mo).padStart(2, "0")}-${String(da).padStart(2, "0")}T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:${String(se).padStart(2, "0")}${ms === null ? "" : "." + String(ms).padStart(3, "0")}Z`,
      );
    fc.assert(
      fc.property(fc.oneof(shaped, plausible), (text) => {
        const a = { ms: -1, us: -1 };
        const b = { ms: -1, us: -1 };
        const ra = parseTimestamp(text, a);
        const rb = parseTimestampByPattern(text, b);
        expect([text, ra]).toEqual([text, rb]);
        if (ra === "ok") expect(a).toEqual(b);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("RowReader", () => {
  const headers = HEADER.split(",");
  const m = mapColumns(headers);
  if (!m.ok) throw new Error(m.message);
  const reader = () => new RowReader(m.mapping, headers.length);

  it("reads booleans, blanks, tokens and CSAT by the documented rules", () => {
    const r = reader();
    const row = r.read(" c1 ,2025-03-01T10:00:00Z, 1200 ,,12.0,YES,,4.5,0".split(","), 2);
    expect(row).toMatchObject({ aiResolved: true, humanHandled: false, inputTokens: 1200, cachedInputTokens: 0, outputTokens: 12, csat: 4.5, reopened: false });
    expect(r.read("c2,2025-03-01T10:00:00Z,,,,false,,,No".split(","), 3)).toMatchObject({ inputTokens: 0, outputTokens: 0, csat: null, aiResolved: false });
    expect(r.problems.skipped).toBe(0);
  });

  it("counts and lists each unreadable row with its number, column, reason and value", () => {
    const r = reader();
    const rows = [
      "c1,2025-03-01T10:00:00Z,100,0,10,true,,,false,extra",
      ",2025-03-01T10:00:00Z,100,0,10,true,,,false",
      "c3,,100,0,10,true,,,false",
      "c4,2025-02-30T10:00:00Z,100,0,10,true,,,false",
      "c5,2025-03-01T10:00:00Z,1.5,0,10,true,,,false",
      "c6,2025-03-01T10:00:00Z,100,101,10,true,,,false",
      "c7,2025-03-01T10:00:00Z,100,0,10,,,,false",
      "c8,2025-03-01T10:00:00Z,100,0,10,sure,,,false",
      "c9,2025-03-01T10:00:00Z,100,0,10,true,2025-02-28T10:00:00Z,,false",
      "c10,2025-03-01T10:00:00Z,100,0,10,true,,101,false",
      "c11,2025-03-01T10:00:00Z,100,0,10,true,,,",
      "c12,2025-03-01T10:00:00Z,1000000001,0,10,true,,,false",
    ];
    rows.forEach((l, i) => expect(r.read(l.split(","), i + 2)).toBeNull());
    expect(r.problems.skipped).toBe(rows.length);
    expect(r.problems.listed).toEqual([
      { row: 2, column: null, reason: REASONS.fieldCount, value: "10 fields" },
      { row: 3, column: "conversation_id", reason: "conversation_id is blank", value: "" },
      { row: 4, column: "started_at", reason: "started_at is blank", value: "" },
      { row: 5, column: "started_at", reason: "started_at is not a date that exists", value: "2025-02-30T10:00:00Z" },
      { row: 6, column: "input_tokens", reason: "input_tokens is not a whole number from 0 to 1,000,000,000", value: "1.5" },
      { row: 7, column: "cached_input_tokens", reason: "cached_input_tokens exceed input_tokens", value: "101" },
      { row: 8, column: "ai_resolved", reason: "ai_resolved is blank", value: "" },
      { row: 9, column: "ai_resolved", reason: "ai_resolved is not true or false", value: "sure" },
      { row: 10, column: "reopened_at", reason: "reopened_at is before started_at", value: "2025-02-28T10:00:00Z" },
      { row: 11, column: "csat", reason: "csat is not a number from 0 to 100", value: "101" },
      { row: 12, column: "human_handled", reason: "human_handled is blank", value: "" },
      { row: 13, column: "input_tokens", reason: "input_tokens is not a whole number from 0 to 1,000,000,000", value: "1000000001" },
    ]);
    expect(r.problems.reasons()[0]).toEqual({ reason: "input_tokens is not a whole number from 0 to 1,000,000,000", count: 2 });
  });

  it("keeps the list bounded and still counts every unreadable row", () => {
    const lines = [HEADER];
    for (let i = 0; i < 5000; i++) lines.push(line({ id: `c${i}`, started: i % 2 ? "not a date" : "2025-01-01T00:00:00Z" }));
    const { problems, read } = aggregateLines(lines, D7T4, 100);
    expect(read).toBe(2500);
    expect(problems.skipped).toBe(2500);
    expect(problems.listed).toHaveLength(100);
    expect(problems.listed[99].row).toBe(201);
    expect(problems.byReason.get("started_at is not an ISO 8601 date and time")).toBe(2500);
  });

  it("cuts long values in the list", () => {
    const p = new RowProblems();
    p.add(2, "csat", REASONS.notCsat, "x".repeat(500));
    expect(p.listed[0].value).toHaveLength(60);
  });
});

describe("MonthlyAggregator", () => {
  it("puts each conversation in the UTC calendar month of its start, whatever offset it was written with", () => {
    const { history } = aggregateLines([
      HEADER,
      line({ started: "2025-01-31T23:59:59.999999Z" }),
      line({ started: "2025-02-01T00:30:00+01:00" }), // 2025-01-31 23:30 UTC
      line({ started: "2025-01-31T23:30:00-01:00" }), // 2025-02-01 00:30 UTC
      line({ started: "2025-02-01T00:00:00Z" }),
      line({ started: "2024-12-31T23:00:00-02:00" }), // 2025-01-01 01:00 UTC
      line({ started: "2025-12-31T23:59:59Z" }),
    ]);
    expect(history.months.map((m) => [m.month, m.conversations])).toEqual([
      ["2025-01", 3],
      ["2025-02", 2],
      ["2025-12", 1],
    ]);
  });

  it("counts a reopen exactly D days after the start against the buyer, and one a microsecond later not", () => {
    const { history } = aggregateLines(
      [
        HEADER,
        line({ started: "2025-03-01T10:00:00.000001Z", reopened: "2025-03-08T10:00:00.000001Z" }), // exactly 7 days: against
        line({ started: "2025-03-01T10:00:00.000001Z", reopened: "2025-03-08T10:00:00.000002Z" }), // 7 days + 1 us: counts
        line({ started: "2025-03-01T10:00:00Z", reopened: "2025-03-01T10:00:00Z" }), // reopened at once: against
        line({ started: "2025-03-01T10:00:00+02:00", reopened: "2025-03-08T08:00:00Z" }), // 7 days, across offsets: against
        line({ started: "2025-03-01T10:00:00Z", reopened: "2025-03-09T10:00:00Z" }), // 8 days: counts
        line({ started: "2025-03-01T10:00:00Z", ai: "false", reopened: "2025-03-02T10:00:00Z" }), // not the AI's: neither
      ],
      D7T4,
    );
    expect(history.months[0]).toMatchObject({ conversations: 6, vendorResolutions: 5, buyerResolutions: 2, reopenedWithinWindow: 3 });
  });

  it("applies the reopen window in whole days, including 0 (only a reopen at the very start counts against)", () => {
    const lines = [HEADER, line({ started: "2025-03-01T10:00:00Z", reopened: "2025-03-01T10:00:00Z" }), line({ started: "2025-03-01T10:00:00Z", reopened: "2025-03-01T10:00:01Z" })];
    expect(aggregateLines(lines, { windowDays: 0, csatThreshold: 4 }).history.months[0].buyerResolutions).toBe(1);
    expect(aggregateLines(lines, { windowDays: 1, csatThreshold: 4 }).history.months[0].buyerResolutions).toBe(0);
  });

  it("accepts a rated resolution at the CSAT threshold and rejects one just below; unrated ones count", () => {
    const { history } = aggregateLines([
      HEADER,
      line({ started: "2025-03-01T10:00:00Z", csat: 4 }),
      line({ started: "2025-03-01T10:00:00Z", csat: "3.999" }),
      line({ started: "2025-03-01T10:00:00Z", csat: "" }),
      line({ started: "2025-03-01T10:00:00Z", csat: 5 }),
      line({ started: "2025-03-01T10:00:00Z", csat: 1, ai: "false" }),
    ]);
    expect(history.months[0]).toMatchObject({
      conversations: 5,
      vendorResolutions: 4,
      buyerResolutions: 3,
      rated: 4,
      csatSum: 4 + 3.999 + 5 + 1,
      ratedBelowThreshold: 1,
    });
  });

  it("rejects a resolution both reopened and rated low once, and counts both reasons", () => {
    const { history } = aggregateLines([HEADER, line({ started: "2025-03-01T10:00:00Z", reopened: "2025-03-02T10:00:00Z", csat: 1 })]);
    expect(history.months[0]).toMatchObject({ vendorResolutions: 1, buyerResolutions: 0, reopenedWithinWindow: 1, ratedBelowThreshold: 1 });
  });

  it("sums tokens and counts human-handled conversations by month", () => {
    const { history } = aggregateLines([HEADER, line({ started: "2025-03-01T10:00:00Z", input: 1000, cached: 400, output: 100, human: "true" }), line({ started: "2025-03-02T10:00:00Z", input: 3000, cached: 0, output: 300, human: "false" })]);
    expect(history.months[0]).toMatchObject({ inputTokens: 4000, cachedInputTokens: 400, outputTokens: 400, humanHandled: 1 });
  });

  it("refuses a window that is not a whole number of days, or a threshold beyond 0..100", () => {
    expect(() => new MonthlyAggregator({ windowDays: 1.5, csatThreshold: 4 })).toThrow(/whole number of days/);
    expect(() => new MonthlyAggregator({ windowDays: 7, csatThreshold: 101 })).toThrow(/0 to 100/);
  });
});
