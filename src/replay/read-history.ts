/**
 * Node only: a history file read by the right path. CSV and Parquet go to DuckDB by default; XLSX,
 * and CSV with `engine: "js"`, go through the streaming JavaScript path. A CSV that DuckDB cannot split
 * into rows (a row with the wrong number of fields, broken quoting) is read again by the JavaScript
 * path, which lists such rows by number instead of stopping at the first.
 */
import { aggregateWithDuckDb, DuckDbOptions, DuckDbUnavailable, isCsvStructureError } from "./duckdb";
import { aggregateCsv, aggregateXlsx, detectFormat, HistoryError, HistoryRead, readerMessage } from "./history-node";

export type Engine = "js" | "duckdb";

export interface HistoryReadWithNotes extends HistoryRead {
  /** What the reader wants the analyst to know (a fallback from DuckDB to the streaming path). */
  notes: string[];
}

/**
 * Reads a history by the right path. Every error names the user's file: a HistoryError, or a RangeError
 * for a buyer's definition out of range; anything else a reader throws is turned into a HistoryError
 * with its first line (never an internal path or a stack).
 */
export async function readHistory(file: string, options: DuckDbOptions & { engine?: Engine }): Promise<HistoryReadWithNotes> {
  try {
    return await readBy(file, options);
  } catch (e) {
    if (e instanceof HistoryError || e instanceof RangeError) throw e;
    throw new HistoryError(`${file}: cannot be read: ${readerMessage(e)}`);
  }
}

async function readBy(file: string, options: DuckDbOptions & { engine?: Engine }): Promise<HistoryReadWithNotes> {
  const format = detectFormat(file);
  const engine = options.engine ?? (format === "xlsx" ? "js" : "duckdb");
  if (format === "xlsx") {
    if (engine === "duckdb") throw new HistoryError(`${file}: is an XLSX workbook, which DuckDB does not read here: leave out --engine duckdb (the streaming reader reads XLSX)`);
    return { ...(await aggregateXlsx(file, options)), notes: [] };
  }
  if (format === "parquet") {
    if (engine === "js") throw new HistoryError(`${file}: is a Parquet file, which only DuckDB reads: leave out --engine js`);
    try {
      return { ...(await aggregateWithDuckDb(file, "parquet", options)), notes: [] };
    } catch (e) {
      if (e instanceof DuckDbUnavailable) throw new HistoryError(`${file}: is a Parquet file, which only DuckDB reads, and ${e.message}; export it as CSV`);
      throw e;
    }
  }
  if (engine === "js") return { ...(await aggregateCsv(file, options)), notes: [] };
  try {
    return { ...(await aggregateWithDuckDb(file, "csv", options)), notes: [] };
  } catch (e) {
    if (e instanceof DuckDbUnavailable) {
      return { ...(await aggregateCsv(file, options)), notes: [`${e.message}; the file was read by the streaming reader.`] };
    }
    if (!isCsvStructureError(e)) throw e;
    const first = String((e as { message: string }).message)
      .split("\n")
      .slice(0, 3)
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    const read = await aggregateCsv(file, options);
    return { ...read, notes: [`DuckDB could not split every line into fields (${first}); the file was read by the streaming reader instead, which lists such rows.`] };
  }
}
