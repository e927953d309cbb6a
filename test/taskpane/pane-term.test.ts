/**
 * One set of inputs for pane and sheet (src/taskpane/pane-term.ts): the term set in the pane's Finance
 * step goes into Build, Update and "Build a new sheet". A 36-month term set in the pane builds a 36-month
 * sheet; Update with the pane's term keeps a term the analyst typed on the sheet; a bad term in the pane
 * stops the build with its problem named as the Finance step's.
 */
import type { ComparisonRequest } from "../../src/workbook/builder";
import { applyUpdate, buildComparison, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { withPaneTerm } from "../../src/taskpane/pane-term";
import { builtFunctions } from "../support/load-functions";
import { GUIDE_SCENARIO, guideTemplates } from "../workbook/fixtures";

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

const paneRequest = (): ComparisonRequest => ({ scenario: GUIDE_SCENARIO, templates: guideTemplates(), risk: { draws: 50 } });

describe("the pane's term goes into the comparison's request", () => {
  test("the term's months and growth are in the request", () => {
    const r = withPaneTerm({ ok: true, request: paneRequest() }, { ok: true, term: { months: 36, growth: 0.02 } });
    expect(r.ok && r.request.term).toEqual({ months: 36, growth: 0.02 });
    if (r.ok) expect(r.request.templates).toHaveLength(3);
  });

  test("a bad term stops the build, named as the Finance step's; the request's own problems come first", () => {
    const r = withPaneTerm({ ok: false, problems: ["Choose at least one bid"] }, { ok: false, problems: ["Term (months): 1 to 60"] });
    expect(r).toEqual({ ok: false, problems: ["Choose at least one bid", "Finance step: Term (months): 1 to 60"] });
    const bad = withPaneTerm({ ok: true, request: paneRequest() }, { ok: false, problems: ["Term (months): 1 to 60"] });
    expect(bad).toEqual({ ok: false, problems: ["Finance step: Term (months): 1 to 60"] });
  });

  test("a 36-month term set in the pane builds a 36-month sheet; Update keeps a term typed on the sheet", async () => {
    const wb = workbook();
    const r = withPaneTerm({ ok: true, request: paneRequest() }, { ok: true, term: { months: 36, growth: 0 } });
    if (!r.ok) throw new Error(r.problems.join("; "));
    const { sheetName, layout } = await buildComparison(wb, r.request);
    expect(wb.value(sheetName, layout.scenario.TermMonths)).toBe(36);
    const months = wb.values(sheetName, layout.term!.months)[0];
    expect(months.filter((m) => typeof m === "number")).toHaveLength(36);

    // The analyst types 24 on the sheet; the pane still says 36: Update keeps the analyst's 24.
    wb.setCellInput(sheetName, layout.scenario.TermMonths, 24);
    const preview = await prepareUpdate(wb, sheetName, r.request, "2026-11-29");
    expect(preview.kept.map((k) => k.now)).toEqual([24]);
    const after = await applyUpdate(wb, preview);
    expect(wb.value(sheetName, after.layout.scenario.TermMonths)).toBe(24);
  });
});
