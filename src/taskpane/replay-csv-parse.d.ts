/**
 * csv-parse's browser build (package export "csv-parse/browser/esm"), which the project's TypeScript
 * settings (moduleResolution node10) do not resolve: the one class the pane's worker uses of it.
 */
declare module "csv-parse/browser/esm" {
  export const Parser: import("../replay/csv-chunks").CsvParserClass;
}
