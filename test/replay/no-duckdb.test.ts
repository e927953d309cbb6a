/**
 * Where DuckDB's native module cannot be loaded, a CSV is still replayed by the streaming reader (and
 * says so), and a Parquet file gets a clear error.
 */
import * as path from "path";
import { readHistory } from "../../src/replay/read-history";
import { D7T4 } from "./support";

jest.mock("@duckdb/node-api", () => {
  throw new Error("no native binding for this platform");
});

const SAMPLE = path.join(__dirname, "../../samples/pilot-history.csv");

it("reads a CSV with the streaming reader and says why", async () => {
  const r = await readHistory(SAMPLE, { definition: D7T4 });
  expect(r.engine).toBe("js");
  expect(r.read).toBe(4025);
  expect(r.notes).toEqual(["DuckDB cannot be loaded here (no native binding for this platform); the file was read by the streaming reader."]);
});

it("refuses a Parquet file with what to do", async () => {
  // Any file that starts as Parquet does: the format is told from the first bytes.
  const fs = await import("fs");
  const os = await import("os");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-noduck-")), "h.parquet");
  fs.writeFileSync(file, "PAR1....PAR1");
  await expect(readHistory(file, { definition: D7T4 })).rejects.toThrow(/only DuckDB reads, and DuckDB cannot be loaded here .*export it as CSV/);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
