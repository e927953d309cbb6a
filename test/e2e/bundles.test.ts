/**
 * The add-in bundles Excel loads (functions.js, taskpane.js) hold no HyperFormula code: it is GPL-3.0
 * and belongs to the workbench page only. The workbench bundle is the control: the same markers are
 * found there, so the search would see HyperFormula if it leaked.
 */
import * as fs from "fs";
import * as path from "path";
import { DIST } from "./browser";

// Strings minification keeps: public method names, its documentation host and its licence key check.
const MARKERS = ["buildFromSheets", "hyperformula.handsontable.com", "gpl-v3"];

function bundle(name: string): string {
  const p = path.join(DIST, name);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first`);
  return fs.readFileSync(p, "utf8");
}

describe("HyperFormula stays out of the add-in bundles", () => {
  test("the workbench bundle has it (the markers find it)", () => {
    const wb = bundle("workbench.js");
    for (const m of MARKERS) expect(wb).toContain(m);
  });

  test.each(["functions.js", "taskpane.js"])("%s has none of it", (name) => {
    const js = bundle(name);
    for (const m of MARKERS) expect(js.includes(m)).toBe(false);
    expect(/hyperformula/i.test(js)).toBe(false);
  });

  test("Excel's pages load only their own bundle", () => {
    expect(bundle("taskpane.html")).not.toMatch(/workbench\.js/);
    expect(bundle("functions.html")).not.toMatch(/workbench\.js|taskpane\.js/);
    const manifest = fs.readFileSync(path.join(DIST, "..", "manifest.xml"), "utf8");
    expect(manifest).not.toMatch(/workbench/);
  });
});
