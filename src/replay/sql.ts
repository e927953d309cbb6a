/**
 * The monthly aggregation as SQL (src/replay/monthly-aggregate.sql), with the buyer's definition
 * filled in. Node only (it reads the file); the text it gives runs on DuckDB, Spark SQL and BigQuery.
 */
import * as fs from "fs";
import * as path from "path";
import { BuyerDefinition, checkDefinition } from "./monthly-aggregation";

export const SQL_FILE_NAME = "monthly-aggregate.sql";

/** The file beside this module (ts-node, jest) or, from the compiled CLI in lib/replay, in src/replay. */
export function sqlFilePath(): string {
  const candidates = [path.join(__dirname, SQL_FILE_NAME), path.join(__dirname, "..", "..", "src", "replay", SQL_FILE_NAME)];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${SQL_FILE_NAME} is missing (looked in ${candidates.join(" and ")})`);
  return found;
}

/** The SQL with its placeholders as they are in the file. */
export function sqlTemplate(): string {
  return fs.readFileSync(sqlFilePath(), "utf8");
}

/** Fills {{window_days}} and {{csat_threshold}} with number literals. */
export function fillSql(template: string, definition: BuyerDefinition): string {
  const problem = checkDefinition(definition);
  if (problem) throw new RangeError(problem);
  return template.replace(/\{\{window_days\}\}/g, String(definition.windowDays)).replace(/\{\{csat_threshold\}\}/g, String(definition.csatThreshold));
}

/** The query to run over a table `conversations` of the canonical columns. */
export function monthlyAggregateSql(definition: BuyerDefinition): string {
  return fillSql(sqlTemplate(), definition);
}
