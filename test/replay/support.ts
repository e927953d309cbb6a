/** Helpers for the replay tests: histories as text, aggregated by the pure modules or written to files. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BuyerDefinition, HistoryAggregate, MonthlyAggregator } from "../../src/replay/monthly-aggregation";
import { mapColumns } from "../../src/replay/columns";
import { RowProblems, RowReader } from "../../src/replay/rows";

export const HEADER = "conversation_id,started_at,input_tokens,cached_input_tokens,output_tokens,ai_resolved,reopened_at,csat,human_handled";
export const D7T4: BuyerDefinition = { windowDays: 7, csatThreshold: 4 };

/** Aggregates CSV lines (header first, no quoted commas) with the pure reader and aggregator. */
export function aggregateLines(lines: string[], definition: BuyerDefinition = D7T4, limit?: number): { history: HistoryAggregate; problems: RowProblems; read: number } {
  const headers = lines[0].split(",");
  const m = mapColumns(headers);
  if (!m.ok) throw new Error(m.message);
  const reader = new RowReader(m.mapping, headers.length, limit);
  const agg = new MonthlyAggregator(definition);
  let read = 0;
  lines.slice(1).forEach((line, i) => {
    const row = reader.read(line.split(","), i + 2);
    if (row) {
      agg.add(row);
      read++;
    }
  });
  return { history: agg.result(), problems: reader.problems, read };
}

/** A row in the canonical order with defaults. */
export function line(p: { id?: string; started: string; input?: number | string; cached?: number | string; output?: number | string; ai?: string; reopened?: string; csat?: string | number; human?: string }): string {
  return [p.id ?? "c", p.started, p.input ?? 100, p.cached ?? 0, p.output ?? 10, p.ai ?? "true", p.reopened ?? "", p.csat ?? "", p.human ?? "false"].join(",");
}

export function tempDir(prefix = "aiprice-replay-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
