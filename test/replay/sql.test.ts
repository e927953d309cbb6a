/**
 * The warehouse SQL: it runs as printed on DuckDB over a typed canonical table and gives the streaming
 * path's aggregates; it keeps to the dialect subset it documents; and its result, saved as CSV, replays
 * (--aggregated) to the same figures as the history itself.
 */
import * as fs from "fs";
import * as path from "path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Bid } from "../../src/engine/bid";
import { historyFromAggregated } from "../../src/replay/aggregated-input";
import { aggregateCsv } from "../../src/replay/history-node";
import { replayBid } from "../../src/replay/replay";
import { fillSql, monthlyAggregateSql, sqlTemplate } from "../../src/replay/sql";
import { parse } from "csv-parse/sync";
import { tempDir } from "./support";

const ROOT = path.join(__dirname, "../..");
const SAMPLE = path.join(ROOT, "samples/pilot-history.csv");
let tmp: string;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function withDuck<T>(f: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    return await f(async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** The sample's readable rows as a typed table, as a warehouse holds them (built here, not by the product's view). */
const TYPED_TABLE = (unreadable: string[]) => `
CREATE TABLE conversations AS
SELECT conversation_id,
  CAST(timezone('UTC', CAST(started_at AS TIMESTAMPTZ)) AS TIMESTAMP) AS started_at,
  CAST(input_tokens AS BIGINT) AS input_tokens, CAST(cached_input_tokens AS BIGINT) AS cached_input_tokens,
  CAST(output_tokens AS BIGINT) AS output_tokens, CAST(ai_resolved AS BOOLEAN) AS ai_resolved,
  CAST(timezone('UTC', CAST(reopened_at AS TIMESTAMPTZ)) AS TIMESTAMP) AS reopened_at,
  CAST(csat AS DOUBLE) AS csat, CAST(human_handled AS BOOLEAN) AS human_handled
FROM read_csv('${SAMPLE}', all_varchar = true)
WHERE conversation_id NOT IN (${unreadable.map((id) => `'${id}'`).join(", ")})`;

describe("monthly-aggregate.sql", () => {
  it("runs as printed on DuckDB over a typed table and gives the streaming path's aggregates", async () => {
    for (const definition of [
      { windowDays: 7, csatThreshold: 4 },
      { windowDays: 0, csatThreshold: 4.5 },
    ]) {
      const js = await aggregateCsv(SAMPLE, { definition });
      const ids = js.problems.listed.map((p) => `c-${String(p.row - 1).padStart(6, "0")}`);
      const rows = await withDuck(async (run) => {
        await run(TYPED_TABLE(ids));
        expect((await run("SELECT count(*) AS n FROM conversations"))[0].n).toBe(String(js.read));
        return run(monthlyAggregateSql(definition));
      });
      const parsed = historyFromAggregated([Object.keys(rows[0]), ...rows.map((r) => Object.values(r).map(String))]);
      if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
      expect(parsed.history).toEqual(js.history);
    }
  });

  it("keeps to the dialect subset it documents (no DuckDB-only functions or casts)", () => {
    const sql = sqlTemplate()
      .split("\n")
      .filter((l) => !l.trim().startsWith("--"))
      .join("\n");
    for (const word of ["strftime", "date_trunc", "epoch", "::", "timezone(", "DOUBLE", "VARCHAR", "INT64", "FORMAT_TIMESTAMP", "date_format", "QUALIFY", "FILTER ("]) {
      expect([word, sql.includes(word)]).toEqual([word, false]);
    }
    expect(sql).toContain("INTERVAL {{window_days}} DAY");
    expect(fillSql(sql, { windowDays: 30, csatThreshold: 3.5 })).not.toMatch(/\{\{|\}\}/);
  });

  it("round-trips: its result saved as CSV replays (--aggregated) to the history's own figures", async () => {
    const definition = { windowDays: 7, csatThreshold: 4 };
    const js = await aggregateCsv(SAMPLE, { definition });
    const ids = js.problems.listed.map((p) => `c-${String(p.row - 1).padStart(6, "0")}`);
    const out = path.join(tmp, "monthly.csv");
    await withDuck(async (run) => {
      await run(TYPED_TABLE(ids));
      await run(`COPY (${monthlyAggregateSql(definition)}) TO '${out}' (HEADER, DELIMITER ',')`);
    });
    const parsed = historyFromAggregated(parse(fs.readFileSync(out)) as string[][]);
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.definitionInFile).toBe(true);
    expect(parsed.history).toEqual(js.history);
    const bid: Bid = { vendor: "V", name: "B", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 0.99 }, charges: { platformFeeMonthly: 49, allowance: { included: 50, overagePrice: 0.99 } } };
    expect(replayBid(bid, parsed.history)).toEqual(replayBid(bid, js.history));
  });
});

describe("historyFromAggregated", () => {
  const header = ["month", "conversations", "vendor_resolutions", "buyer_resolutions", "input_tokens", "cached_input_tokens", "output_tokens", "window_days", "csat_threshold"];
  it("refuses a file aggregated with another definition than the one asked for", () => {
    const r = historyFromAggregated([header, ["2025-01", "10", "5", "4", "100", "0", "10", "7", "4"]], { windowDays: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).toMatch(/reopen window of 7 days, not 3/);
  });

  it("names each bad row and value", () => {
    const r = historyFromAggregated([header, ["2025-1", "10", "5", "4", "100", "0", "10", "7", "4"], ["2025-02", "10", "11", "4", "100", "0", "10", "7", "4"], ["2025-03", "10", "5", "6", "1.5", "0", "10", "7", "4"]]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual(['row 2: month must be YYYY-MM (got "2025-1")', "row 3: vendor_resolutions (11) exceed conversations (10)", 'row 4: input_tokens must be a whole number of 0 or more (got "1.5")']);
    }
  });

  it("needs the definition from the file or the command line, and the required columns", () => {
    const r = historyFromAggregated([header.slice(0, 7), ["2025-01", "10", "5", "4", "100", "0", "10"]]);
    expect(r.ok).toBe(false);
    const s = historyFromAggregated([header.slice(0, 7), ["2025-01", "10", "5", "4", "100", "0", "10"]], { windowDays: 7, csatThreshold: 4 });
    expect(s.ok).toBe(true);
    const t = historyFromAggregated([
      ["month", "conversations"],
      ["2025-01", "10"],
    ]);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.problems[0]).toMatch(/vendor_resolutions, buyer_resolutions are missing/);
  });
});
