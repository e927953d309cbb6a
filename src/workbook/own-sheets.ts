/**
 * The add-in's own comparison sheets, in workbook order: what the pane lists for an update and for
 * export. A module of its own, so that the pane can ask without loading the builder.
 */
import type { WorkbookPort } from "./port";

export async function comparisonSheets(port: WorkbookPort): Promise<string[]> {
  return (await port.sheets()).filter((s) => s.ownComparison).map((s) => s.name);
}
