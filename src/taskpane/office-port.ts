/**
 * The Office.js workbook port (src/workbook/office-workbook.ts), loaded with the pane's first call on
 * it, in a chunk of its own (taskpane-office.js) fetched from the add-in's own address: the pane's first
 * bundle draws the pane without it. A failed load rejects that call, which the pane reports as it reports
 * any failed call on the workbook.
 */
import type { WorkbookPort } from "../workbook/port";

/** A workbook port that loads the Office.js one on first use and hands every call to it. */
export function officePortOnDemand(): WorkbookPort {
  let loading: Promise<WorkbookPort> | null = null;
  const port = (): Promise<WorkbookPort> => {
    loading ??= import(/* webpackChunkName: "taskpane-office" */ "../workbook/office-workbook").then((m) => new m.OfficeWorkbook());
    // A failed load is tried again on the next call (the network may be back).
    loading.catch(() => (loading = null));
    return loading;
  };
  return {
    sheets: async () => (await port()).sheets(),
    apply: async (plan) => (await port()).apply(plan),
    readValues: async (sheet, range) => (await port()).readValues(sheet, range),
    snapshot: async (sheet) => (await port()).snapshot(sheet),
    update: async (sheet, changes) => (await port()).update(sheet, changes),
    selection: async () => (await port()).selection(),
    inspectCell: async (sheet, address) => (await port()).inspectCell(sheet, address),
    readFormulas: async (sheet, range) => (await port()).readFormulas(sheet, range),
    readCells: async (sheet, range) => (await port()).readCells(sheet, range),
  };
}
