/**
 * A real formula engine (HyperFormula) with the BUILT AIPRICE functions registered as `AIPRICE.*`
 * from dist/functions.json and dist/functions.js (src/embedded/hyperformula-aiprice.ts), so that
 * formulas typed into cells call exactly what Excel would call.
 *
 * HyperFormula is GPL-3.0: a development dependency for tests, benchmarks and the workbench, never
 * part of the add-in bundles. Build first: `npm run build`.
 */
import { ConfigParams, HyperFormula, RawCellContent, Sheets } from "hyperformula";
import { registerAiprice } from "../../src/embedded/hyperformula-aiprice";
import { BuiltFunctions, builtFunctions } from "./load-functions";

export const HYPERFORMULA_LICENSE = "gpl-v3";

/** Registers the built AIPRICE functions in HyperFormula, for engines built afterwards. */
export function registerBuiltFunctions(built: BuiltFunctions = builtFunctions()): void {
  registerAiprice(built.metadata, built.implementations);
}

/**
 * A HyperFormula engine with the built AIPRICE functions. `sheets` maps sheet names to rows of raw
 * cell contents: numbers, text, booleans, null for a blank, "=..." for a formula.
 */
export function aipriceEngine(sheets: Sheets = { Sheet1: [] }, config: Partial<ConfigParams> = {}): HyperFormula {
  registerBuiltFunctions();
  return HyperFormula.buildFromSheets(sheets, { licenseKey: HYPERFORMULA_LICENSE, ...config });
}

/** A one-sheet engine ("Sheet1", id 0) from rows of cells: the common case in tests. */
export function aipriceSheet(rows: RawCellContent[][], config: Partial<ConfigParams> = {}): HyperFormula {
  return aipriceEngine({ Sheet1: rows }, config);
}
