/**
 * The embedded engine's stand-ins for HyperFormula's functions (src/embedded/) compared with its own, in
 * one engine: the same formulas under HyperFormula's names (sheet "Own") and under the stand-in's (sheet
 * "Fast"), over a sheet "Data", one formula every 8 rows so that spills up to 6 x 6 never meet.
 */
import { HyperFormula, RawCellContent } from "hyperformula";

/** A value as compared: errors by type and message. */
export function shown(v: unknown): unknown {
  return v !== null && typeof v === "object" && "type" in v ? `${(v as { type: string }).type}: ${(v as { message?: string }).message ?? ""}` : v;
}

/** The values of the formulas written with HyperFormula's names (`own`) and with the stand-in's (`fast`). */
export function ownAndFast<Names>(data: RawCellContent[][], formulas: ((names: Names) => string)[], own: Names, fast: Names): { own: unknown[][]; fast: unknown[][] } {
  const spaced = (names: Names) => formulas.flatMap((f) => [[f(names)], ...Array.from({ length: 7 }, () => [])]);
  const hf = HyperFormula.buildFromSheets({ Data: data, Own: spaced(own), Fast: spaced(fast) }, { licenseKey: "gpl-v3", useArrayArithmetic: true, smartRounding: false });
  try {
    const read = (name: string) => hf.getSheetValues(hf.getSheetId(name)!).map((row) => row.map(shown));
    return { own: read("Own"), fast: read("Fast") };
  } finally {
    hf.destroy();
  }
}
