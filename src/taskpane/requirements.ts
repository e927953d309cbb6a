/**
 * The Office requirement sets the add-in needs: one place, read by the task pane at start, by
 * manifest.xml's test, and by test/office-api.test.ts, which lists every Office.js member the source
 * uses with its set (from @types/office-js) and fails when one needs more than is declared here.
 *
 * To use an Office.js member of a later set (the test names it and its set): raise EXCEL_API_VERSION,
 * make sure EXCEL_VERSIONS has that level (the test checks), and run `npm test`. No other file changes.
 */

/** The Excel JavaScript API level the task pane needs (ChartSeries.setValues and series.add: 1.7). */
export const EXCEL_API_VERSION = "1.7";

/**
 * The custom functions' level, declared in manifest.xml (CustomFunctions.Error with a message: 1.3).
 * functions.json omits allowCustomDataForDataTypeAny (1.4): the functions read plain values.
 */
export const CUSTOM_FUNCTIONS_RUNTIME_VERSION = "1.3";

/**
 * Which Excel has each ExcelApi level, from Microsoft's "Excel JavaScript API requirement sets" table:
 * the Windows version (Microsoft 365 and retail Excel), the volume-licensed Excel, the Mac version.
 * Excel on the web has every level.
 */
export const EXCEL_VERSIONS: Readonly<Record<string, { windows: string; volumeLicensed: string; mac: string }>> = {
  "1.1": { windows: "1509", volumeLicensed: "2016", mac: "15.20" },
  "1.2": { windows: "1601", volumeLicensed: "2019", mac: "15.22" },
  "1.3": { windows: "1608", volumeLicensed: "2019", mac: "15.27" },
  "1.4": { windows: "1701", volumeLicensed: "2019", mac: "15.36" },
  "1.5": { windows: "1703", volumeLicensed: "2019", mac: "15.36" },
  "1.6": { windows: "1704", volumeLicensed: "2019", mac: "15.36" },
  "1.7": { windows: "1801", volumeLicensed: "2019", mac: "16.9" },
  "1.8": { windows: "1808", volumeLicensed: "2021", mac: "16.17" },
  "1.9": { windows: "1903", volumeLicensed: "2021", mac: "16.24" },
  "1.10": { windows: "1907", volumeLicensed: "2021", mac: "16.30" },
  "1.11": { windows: "2002", volumeLicensed: "2021", mac: "16.33" },
  "1.12": { windows: "2008", volumeLicensed: "2021", mac: "16.40" },
  "1.13": { windows: "2102", volumeLicensed: "2021", mac: "16.50" },
  "1.14": { windows: "2108", volumeLicensed: "2021", mac: "16.52" },
};

/** The Excel versions that have the pane's level, in words. */
export function excelNeeded(version: string = EXCEL_API_VERSION): string {
  const v = EXCEL_VERSIONS[version];
  if (!v) return `an Excel with the Excel JavaScript API ${version} (Microsoft 365, or Excel on the web)`;
  return `Excel for Windows Version ${v.windows} or later (Microsoft 365, or Excel ${v.volumeLicensed} or later), Excel for Mac ${v.mac} or later, or Excel on the web`;
}

/** What Office.context.requirements offers (a stand-in in tests). */
export interface RequirementCheck {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** Does this Excel have the task pane's ExcelApi level? */
export function excelApiSupported(requirements: RequirementCheck): boolean {
  return requirements.isSetSupported("ExcelApi", EXCEL_API_VERSION);
}

/** What the pane says on an older Excel, in plain words. */
export function olderExcelMessage(): { title: string; detail: string } {
  const needed = excelNeeded();
  return {
    title: "This Excel is too old for the comparison pane",
    detail: `Building a comparison sheet needs ${needed}. Update Excel (File > Account > Update Options > Update Now), or open the workbook in Excel on the web. The AIPRICE functions work wherever the add-in loads.`,
  };
}
