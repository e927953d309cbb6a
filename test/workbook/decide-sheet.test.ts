/**
 * What decides it, on the comparison sheet (docs/spec.md#decide-and-negotiate), computed by the formula
 * engine (HyperFormula with the built AIPRICE functions): the leader and its rival are found from the
 * sheet's ranking, and every bar of the tornado (input, low, high, gap at each end, where the winner
 * changes, in order) equals the engine's whatDecides. After an input edit the tornado follows.
 */
import fc from "fast-check";
import { Bid, bidFigures, Scenario } from "../../src/engine";
import { whatDecides } from "../../src/engine/decide";
import { cellAddress } from "../../src/workbook/a1";
import { BAR_COL, DECIDE_ROW, decideInputs, PAIR_COL } from "../../src/workbook/comparison/blocks/decide";
import { comparisonContext } from "../../src/workbook/comparison/context";
import { applyUpdate, exportBids, prepareUpdate } from "../../src/workbook/builder";
import { EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { breaksRule, ruleForInput } from "../../src/workbook/input-rules";
import { planComparison } from "../../src/workbook/plan";
import type { SheetPlan } from "../../src/workbook/sheet-plan";
import type { BidTemplate } from "../../src/templates/template";
import { builtFunctions } from "../support/load-functions";
import { close } from "../support/close";
import { asTemplate, GUIDE_SCENARIO, guideTemplates } from "./fixtures";

const RANGED: Scenario = {
  ...GUIDE_SCENARIO,
  ranges: { conversations: { low: 80000, high: 130000 }, resolutionRate: { low: 0.7, high: 0.95 }, humanCost: { low: 2.5, high: 3.6 }, tokens: { low: 0.8, high: 1.5 } },
};

function workbook(): EmbeddedWorkbook {
  const { metadata, implementations } = builtFunctions();
  return new EmbeddedWorkbook({ metadata, implementations });
}

/** The address of a keyed row's planned column. */
export function at(plan: SheetPlan, key: string, col: number): string {
  const row = plan.rowKeys.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return cellAddress({ row: row.row, col });
}

async function built(templates: BidTemplate[], scenario: Scenario): Promise<{ wb: EmbeddedWorkbook; plan: SheetPlan }> {
  const wb = workbook();
  const plan = planComparison({ scenario, templates, risk: { draws: 200 } }, []);
  await wb.apply(plan);
  return { wb, plan };
}

/** The tornado on the sheet equals whatDecides on the bids as they stand (the templates' bids, edited by `bids`). */
function expectTornado(wb: EmbeddedWorkbook, plan: SheetPlan, bids: Bid[], scenario: Scenario): void {
  const s = plan.sheetName;
  const v = (key: string, col: number) => wb.value(s, at(plan, key, col));
  const names = bids.map((b) => b.name);
  const d = whatDecides(bids, scenario, { labels: names });
  if (!d) {
    expect(v(DECIDE_ROW.pair, PAIR_COL.rivalIndex)).toBe("");
    return;
  }
  expect(v(DECIDE_ROW.pair, PAIR_COL.leaderIndex)).toBe(d.pair[0] + 1);
  expect(v(DECIDE_ROW.pair, PAIR_COL.rivalIndex)).toBe(d.pair[1] + 1);
  close(v(DECIDE_ROW.pair, PAIR_COL.gap), d.gap, "the gap now");
  const n = plan.rowKeys.filter((r) => r.key.startsWith("decide:bar:")).length;
  // Bars whose effects are the same to 9 digits may come in either order: the sheet compares figures as a
  // spreadsheet does (to 15 significant digits), the engine to the last bit.
  const effect = (b: { gapAtLow: number; gapAtHigh: number }) => Math.abs(b.gapAtHigh - b.gapAtLow);
  const same = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const shown = d.inputs.map((_, j) => v(DECIDE_ROW.bar(j), BAR_COL.input));
  expect([...shown].sort()).toEqual(d.inputs.map((b) => b.input).sort());
  d.inputs.forEach((inOrder, j) => {
    const bar = d.inputs.find((b) => b.input === shown[j] && same(effect(b), effect(inOrder))) ?? inOrder;
    const what = `bar ${j + 1} (${bar.input})`;
    expect(v(DECIDE_ROW.bar(j), BAR_COL.input)).toBe(bar.input);
    close(v(DECIDE_ROW.bar(j), BAR_COL.low), bar.low, `${what}: low`);
    close(v(DECIDE_ROW.bar(j), BAR_COL.high), bar.high, `${what}: high`);
    close(v(DECIDE_ROW.bar(j), BAR_COL.gapAtLow), bar.gapAtLow, `${what}: gap at low`);
    close(v(DECIDE_ROW.bar(j), BAR_COL.gapAtHigh), bar.gapAtHigh, `${what}: gap at high`);
    if (bar.flipsAt === null) expect(v(DECIDE_ROW.bar(j), BAR_COL.flipsAt)).toBe("");
    else close(v(DECIDE_ROW.bar(j), BAR_COL.flipsAt), bar.flipsAt, `${what}: winner changes at`);
  });
  for (let j = d.inputs.length; j < n; j++) expect(v(DECIDE_ROW.bar(j), BAR_COL.input)).toBe("");
}

describe("what decides it on the sheet", () => {
  let wb: EmbeddedWorkbook | undefined;
  afterEach(() => {
    wb?.destroy();
    wb = undefined;
  });

  test("the guide's bids with ranges: the pair, every bar and where the winner changes equal whatDecides; B overtakes A where A re-priced ties", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const bids = templates.map((t) => t.bid);
    expectTornado(wb, b.plan, bids, RANGED);
    // The pair A (leader) and C (rival): A's resolution rate moves the gap most.
    const s = b.plan.sheetName;
    expect(wb.value(s, at(b.plan, DECIDE_ROW.bar(0), BAR_COL.input))).toBe(`resolution rate of ${bids[0].name}`);
    const flips = wb.value(s, at(b.plan, DECIDE_ROW.bar(0), BAR_COL.flipsAt)) as number;
    expect(typeof flips).toBe("number");
    // Checked by re-pricing: at that rate A costs as much as C.
    const a = bidFigures({ ...bids[0], performance: { resolutionRate: flips } }, GUIDE_SCENARIO).monthlyTotal;
    expect(a).toBeCloseTo(bidFigures(bids[2], GUIDE_SCENARIO).monthlyTotal, 6);
    expect(b.plan.charts.find((c) => c.id === "what-decides-it")).toBeDefined();
  });

  test("a pair of the analyst's own (C against B, by their # in the bids table): every bar equals whatDecides for that pair; the price to match still ties the leader", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const s = b.plan.sheetName;
    const bids = templates.map((t) => t.bid);
    const names = bids.map((x) => x.name);
    const leaderFirst = wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.leader));
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 1), 3);
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 2), 2);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.own))).toBe(true);
    expect([wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.leader)), wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.rival))]).toEqual([names[2], names[1]]);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.label))).toMatch(/^Your pair/);
    const d = whatDecides(bids, RANGED, { labels: names, pair: [2, 1] })!;
    close(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.gap)), d.gap, "the gap of the analyst's pair");
    d.inputs.forEach((bar, j) => {
      expect(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.input))).toBe(bar.input);
      close(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.gapAtLow)), bar.gapAtLow, `bar ${j} at low`);
      close(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.gapAtHigh)), bar.gapAtHigh, `bar ${j} at high`);
      if (bar.flipsAt === null) expect(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.flipsAt))).toBe("");
      else close(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.flipsAt)), bar.flipsAt, `bar ${j}: winner changes at`);
    });
    // The leader is still the leader (the price to match ties it).
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.leaderIndex))).toBe(whatDecides(bids, RANGED, { labels: names })!.pair[0] + 1);
    // Not two different bids: the leader and its rival again, and the note says why.
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 2), 3);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.own))).toBe(false);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.leader))).toBe(leaderFirst);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.label))).toMatch(/not two different priced bids/);
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 2), 7);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.own))).toBe(false);
    // Blank again: the leader and its closest rival.
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 1), "");
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.pick, 2), "");
    expectTornado(wb, b.plan, bids, RANGED);
  });

  test("no number typed inside a tornado formula but the rank it picks; the price swing is an input cell", async () => {
    const plan = planComparison({ scenario: RANGED, templates: guideTemplates(), risk: { draws: 200 } }, []);
    const swing = at(plan, DECIDE_ROW.swing, 1);
    const block = plan.blocks.find((x) => x.id === "decide")!;
    const formulas = block.cells
      .flat()
      .filter((c) => c?.kind === "formula")
      .map((c) => (c as { formula: string }).formula);
    expect(formulas.some((f) => f.includes(swing.replace(/(\D+)(\d+)/, "$$$1$$$2")))).toBe(true);
    expect(formulas.filter((f) => /[*+/-]\s*0?\.\d/.test(f))).toEqual([]);
    expect(decideInputs(comparisonContext({ scenario: RANGED, templates: guideTemplates() }))).toBeGreaterThanOrEqual(5);
  });

  test("after an input edit the tornado follows: the leader's price, the price swing, the range of volume", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const s = b.plan.sheetName;
    const bids = templates.map((t) => t.bid);
    // B's price per resolution cut to 0.5: B leads.
    const priceB = b.plan.layout.bids[1].inputs["pricing.pricePerResolution"];
    wb.setCellInput(s, priceB, 0.5);
    const cheaperB = bids.map((x, i) => (i === 1 ? { ...x, pricing: { model: "per-resolution" as const, pricePerResolution: 0.5 } } : x));
    expectTornado(wb, b.plan, cheaperB, RANGED);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.pair, PAIR_COL.leader))).toBe(bids[1].name);
    // Prices move ±25%.
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.swing, 1), 0.25);
    const d = whatDecides(cheaperB, RANGED, { labels: cheaperB.map((x) => x.name), priceSwing: 0.25 })!;
    const bars = d.inputs.map((_, j) => wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.gapAtHigh)));
    d.inputs.forEach((bar, j) => close(bars[j], bar.gapAtHigh, `bar ${j} at a swing of 25%`));
  });

  test("the price swing is the analyst's input: guarded from 0% to 100%, kept by an update with its tornado, read by no export", async () => {
    const templates = guideTemplates();
    const b = await built(templates, RANGED);
    wb = b.wb;
    const s = b.plan.sheetName;
    const input = b.plan.inputs.find((x) => x.path === "decide.priceSwing")!;
    expect(input).toMatchObject({ row: DECIDE_ROW.swing, col: 1, written: 0.1 });
    expect(breaksRule(ruleForInput(input.path, 0.1)!, 1.5)).toMatch(/0% to 100%/);
    wb.setCellInput(s, at(b.plan, DECIDE_ROW.swing, 1), 0.25);
    const preview = await prepareUpdate(wb, s, { scenario: RANGED, templates, risk: { draws: 200 } });
    expect(preview.conflicts).toEqual([]);
    expect(preview.kept.map((k) => k.now)).toEqual([0.25]);
    await applyUpdate(wb, preview);
    expect(wb.value(s, at(b.plan, DECIDE_ROW.swing, 1))).toBe(0.25);
    const bids = templates.map((t) => t.bid);
    const d = whatDecides(bids, RANGED, { labels: bids.map((x) => x.name), priceSwing: 0.25 })!;
    d.inputs.forEach((bar, j) => close(wb!.value(s, at(b.plan, DECIDE_ROW.bar(j), BAR_COL.gapAtLow)), bar.gapAtLow, `bar ${j} after the update`));
    const exported = await exportBids(wb, s);
    expect(exported.map((t) => t.bid)).toEqual(bids);
  });

  test("property: for random bid sets (per-conversation, per-resolution) the sheet's tornado equals whatDecides", async () => {
    const bidArb = fc.record({
      model: fc.constantFrom("per-conversation" as const, "per-resolution" as const),
      price: fc.double({ min: 0.2, max: 3, noNaN: true }),
      rate: fc.double({ min: 0.3, max: 0.95, noNaN: true }),
      supplied: fc.double({ min: 0, max: 0.5, noNaN: true }),
    });
    const toBid = (x: { model: "per-conversation" | "per-resolution"; price: number; rate: number; supplied: number }, k: number): Bid => ({
      vendor: `V${k}`,
      name: `Bid ${k}`,
      currency: "USD",
      pricing: x.model === "per-conversation" ? { model: "per-conversation", pricePerConversation: x.price } : { model: "per-resolution", pricePerResolution: x.price },
      performance: { resolutionRate: x.rate },
      supplied: x.supplied > 0 ? [{ label: "ops", perConversation: x.supplied }] : [],
    });
    await fc.assert(
      fc.asyncProperty(fc.array(bidArb, { minLength: 2, maxLength: 4 }), async (xs) => {
        const bids = xs.map(toBid);
        const b = await built(
          bids.map((bid, k) => asTemplate(`bid-${k}`, bid)),
          RANGED,
        );
        try {
          expectTornado(b.wb, b.plan, bids, RANGED);
        } finally {
          b.wb.destroy();
        }
      }),
      { numRuns: 6 },
    );
  });
});
