/**
 * The AIPRICE functions as Excel meets them: the BUILT dist/functions.json and dist/functions.js, the
 * bundle run against a CustomFunctions stand-in that records `associate`, called the way Excel calls
 * them (every parameter is a matrix: a value comes as [[v]], a range as a 2-D array, an omitted
 * optional argument as null; cells hold numbers, text, booleans, blanks and error values).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExcelError } from "../../src/embedded/custom-functions-shim";
import { CONTRACT } from "../support/contract";
import { buildProblems, builtFunctions, DIST, loadBuiltFunctions } from "../support/load-functions";

const built = builtFunctions();
type Grid = unknown[][];

/** Calls a built function by name with Excel's arguments; missing trailing arguments are null (omitted). */
function call(name: string, ...args: unknown[]): Grid {
  const fn = built.implementations[name];
  if (!fn) throw new Error(`${name} is not associated`);
  const declared = built.metadata.functions.find((f) => f.id === name)!.parameters.length;
  const full = [...args];
  while (full.length < declared) full.push(null);
  return fn(...full) as Grid;
}
/** A value as Excel passes it to a matrix parameter. */
const v = (x: unknown): unknown[][] => [[x]];
/** One column. */
const col = (...xs: unknown[]): unknown[][] => xs.map((x) => [x]);
/** One row. */
const row = (...xs: unknown[]): unknown[][] => [xs];

/** The single value of a 1x1 result. */
function one(result: Grid): unknown {
  expect(result).toHaveLength(1);
  expect(result[0]).toHaveLength(1);
  return result[0][0];
}
/** An Excel error's code, or the value itself. */
const shown = (x: unknown): unknown => (x instanceof ExcelError ? x.code : x);
const shownGrid = (g: Grid) => g.map((r) => r.map(shown));
function errorOf(x: unknown): ExcelError {
  expect(x).toBeInstanceOf(ExcelError);
  return x as ExcelError;
}

describe("the build", () => {
  test("ships a non-empty bundle that associates every function of functions.json, and nothing else", () => {
    expect(
      buildProblems(
        built,
        CONTRACT.map((f) => f.name),
      ),
    ).toEqual([]);
    expect(built.source.length).toBeGreaterThan(1000);
    expect(Object.keys(built.implementations).sort()).toEqual(built.metadata.functions.map((f) => f.id).sort());
  });

  describe("a broken build fails this check", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-dist-"));
      for (const f of ["functions.js", "functions.json"]) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("an empty bundle", () => {
      fs.writeFileSync(path.join(dir, "functions.js"), "");
      const problems = buildProblems(
        loadBuiltFunctions(dir),
        CONTRACT.map((f) => f.name),
      );
      expect(problems).toContain("functions.js is empty");
      expect(problems).toContain("TOKEN_COST is in functions.json but functions.js does not associate it");
    });
    test("a function missing from the metadata", () => {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, "functions.json"), "utf8"));
      meta.functions = meta.functions.filter((f: { id: string }) => f.id !== "BLENDED_COST");
      fs.writeFileSync(path.join(dir, "functions.json"), JSON.stringify(meta));
      const problems = buildProblems(
        loadBuiltFunctions(dir),
        CONTRACT.map((f) => f.name),
      );
      expect(problems).toEqual(["functions.js associates BLENDED_COST, which functions.json does not declare", "BLENDED_COST is missing from functions.json"]);
    });
    test("a bundle that needs a browser's or Node's globals does not load", () => {
      fs.writeFileSync(path.join(dir, "functions.js"), "window.x = 1;");
      expect(() => loadBuiltFunctions(dir, { isolated: true })).toThrow(/window is not defined/);
      fs.writeFileSync(path.join(dir, "functions.js"), "process.exit(3);");
      expect(() => loadBuiltFunctions(dir, { isolated: true })).toThrow(/process is not defined/);
    });
  });

  test("the bundle runs with CustomFunctions as its only global, as in the JavaScript-only runtime", () => {
    const isolated = loadBuiltFunctions(DIST, { isolated: true });
    expect(
      buildProblems(
        isolated,
        CONTRACT.map((f) => f.name),
      ),
    ).toEqual([]);
    expect(one(isolated.implementations.COST_PER_RESOLUTION([[0.46]], [[0.9]]) as Grid)).toBeCloseTo(0.46 / 0.9, 12);
  });

  test("the bundle holds no HyperFormula (GPL)", () => {
    expect(built.source).not.toMatch(/hyperformula|gpl-v3/i);
  });
});

describe("functions.json keeps the function contract", () => {
  test.each(CONTRACT.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const meta = built.metadata.functions.find((f) => f.name === c.name);
    expect(meta).toBeDefined();
    expect(meta!.id).toBe(c.name);
    expect(meta!.parameters.map((p) => p.name)).toEqual(c.parameters);
    expect(meta!.parameters.filter((p) => p.optional).map((p) => p.name)).toEqual(c.optional);
    // Every parameter takes a value or a range; every result may spill.
    for (const p of meta!.parameters) {
      expect(p.type).toBe("any");
      expect(p.dimensionality).toBe("matrix");
      expect(p.description?.length).toBeGreaterThan(10);
    }
    expect(meta!.result?.dimensionality).toBe("matrix");
    expect(meta!.helpUrl).toBe(`https://localhost:3000/help.html#${c.name.toLowerCase()}`);
    expect(meta!.description?.length).toBeGreaterThan(20);
  });
});

describe("the contract's examples, called as Excel calls them", () => {
  test.each([
    ["TOKEN_COST", [v(20000), v(3000), v(3), v(15)], 0.105],
    ["SEAT_COST", [v(500), v(100), v(50000)], 1],
    ["RESOLUTION_FEE", [v(0.99), v(0.9)], 0.891],
    ["OUTCOME_FEE", [v(0.5), v(0.9), v(0.8)], 0.36],
    ["REVSHARE_FEE", [v(3), v(0.5), v(0.9), v(0.15)], 0.3375],
    ["REVSHARE_NET", [v(3), v(0.5), v(0.9), v(0.15)], 0.8375],
    ["TCO_PER_CONVERSATION", [v(0.11), v(0.35)], 0.46],
    ["TCO_PER_CONVERSATION", [v(0.11), v(0.35), v(2000), v(10000), v(24000), v(12)], 0.86],
    ["COST_PER_RESOLUTION", [v(0.46), v(0.9)], 0.511111111111],
    ["BLENDED_COST", [v(0.46), v(0.9), v(3)], 0.76],
    ["BREAKEVEN_RESOLUTION_RATE", [v(0.5), v(0.99)], 0.505050505051],
    ["BREAKEVEN_VOLUME", [v(50000), v(0), v(0.5)], 100000],
    ["TIERED_COST", [v(12000), col(1000, 10000, null), col(1, 0.8, 0.5)], 9200],
    ["TIERED_COST", [v(12000), col(1000, 10000, null), col(1, 0.8, 0.5), v("volume")], 6000],
    ["ALLOWANCE_COST", [v(120), v(50), v(0.99), v(49)], 118.3],
    ["DISPUTE_EXPOSURE", [v(10000), v(0.95), v(0.99)], 495],
    ["SLA_GATE", [v(100), v(3.9), v(4), null, v(0.25)], 75],
  ])("%s(%j) = %d", (name, args, expected) => {
    expect(one(call(name as string, ...(args as unknown[])))).toBeCloseTo(expected as number, 12);
  });

  test("plain values (not wrapped in a range) work as well", () => {
    expect(one(call("COST_PER_RESOLUTION", 0.46, 0.9))).toBeCloseTo(0.46 / 0.9, 12);
  });
});

describe("the guide's worked example, cell by cell (r = 0.90, h = 3.00)", () => {
  const r = v(0.9);
  const h = v(3);
  const figures = (a: number) => [a, one(call("COST_PER_RESOLUTION", v(a), r)), one(call("BLENDED_COST", v(a), r, h))] as number[];

  test("A, per-token: 0.11 of tokens + 0.20 infrastructure + 0.15 review = 0.46; 0.5111; 0.76", () => {
    const tokens = one(call("TOKEN_COST", v(20000), v(6000), v(2.5), v(10))) as number;
    expect(tokens).toBeCloseTo(0.11, 12);
    const a = one(call("TCO_PER_CONVERSATION", v(tokens), v(0.2 + 0.15))) as number;
    const [ai, perResolution, blended] = figures(a);
    expect(ai).toBeCloseTo(0.46, 12);
    expect(perResolution).toBeCloseTo(0.5111111111, 9);
    expect(blended).toBeCloseTo(0.76, 12);
  });
  test("B, per-resolution at 0.99: 0.891; 0.99; 1.191", () => {
    const [ai, perResolution, blended] = figures(one(call("RESOLUTION_FEE", v(0.99), r)) as number);
    expect(ai).toBeCloseTo(0.891, 12);
    expect(perResolution).toBeCloseTo(0.99, 12);
    expect(blended).toBeCloseTo(1.191, 12);
  });
  test("C, 15% revenue share, AI run cost 0.50: 0.8375 (not the guide's 0.16); 0.9306; 1.1375", () => {
    const [ai, perResolution, blended] = figures(one(call("REVSHARE_NET", h, v(0.5), r, v(0.15))) as number);
    expect(ai).toBeCloseTo(0.8375, 12);
    expect(perResolution).toBeCloseTo(0.930555555556, 12);
    expect(blended).toBeCloseTo(1.1375, 12);
  });
});

describe("ranges spill as Excel's own functions do", () => {
  test("a column of resolution rates gives a column of costs per resolution", () => {
    const out = call("COST_PER_RESOLUTION", v(0.46), col(0.5, 0.6, 0.9, 1));
    expect(out.map((r) => r.length)).toEqual([1, 1, 1, 1]);
    [0.92, 0.46 / 0.6, 0.46 / 0.9, 0.46].forEach((x, i) => expect(out[i][0]).toBeCloseTo(x, 12));
  });
  test("a row against a column makes a table (each value stretches)", () => {
    const out = call("BLENDED_COST", row(0.2, 0.4), col(0.5, 0.9), v(3));
    expect(out).toHaveLength(2);
    expect(out[0]).toHaveLength(2);
    expect(out[0][0]).toBeCloseTo(1.7, 12);
    expect(out[0][1]).toBeCloseTo(1.9, 12);
    expect(out[1][0]).toBeCloseTo(0.5, 12);
    expect(out[1][1]).toBeCloseTo(0.7, 12);
  });
  test("cells beyond a shorter range get #N/A with a message", () => {
    const out = call("COST_PER_RESOLUTION", col(1, 2, 3), col(0.5, 0.5));
    expect(shownGrid(out)).toEqual([[2], [4], ["#N/A"]]);
    expect(errorOf(out[2][0]).message).toMatch(/shorter range/);
  });
  test("an error in one cell stays in that cell", () => {
    const out = call("COST_PER_RESOLUTION", v(0.46), col(0.5, 0, "x", 1.5, 0.46));
    expect(shownGrid(out)).toEqual([[0.92], ["#DIV/0!"], ["#VALUE!"], ["#NUM!"], [1]]);
  });
  test("a 1x1 range is a single value; a scalar result is a 1x1 array", () => {
    expect(call("RESOLUTION_FEE", v(0.99), v(0.9))).toEqual([[expect.closeTo(0.891, 12)]]);
  });
  test("an optional argument may be a range too", () => {
    const out = call("TOKEN_COST", v(20000), v(3000), v(3), v(15), v(0), v(3), col(1, 2, 3));
    [0.105, 0.21, 0.315].forEach((x, i) => expect(out[i][0]).toBeCloseTo(x, 12));
  });
});

describe("cells of every kind", () => {
  test("text where a number belongs is #VALUE! with a message that names the argument", () => {
    const e = errorOf(one(call("RESOLUTION_FEE", v(0.99), v("ninety"))));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("resolution_rate");
    expect(e.message).toContain("ninety");
  });
  test("even text that looks like a number: never a guess ('1.000' is a thousand in some locales)", () => {
    for (const text of ["0.9", "90%", "1.000", "1,000", " 0.99 "]) {
      const e = errorOf(one(call("RESOLUTION_FEE", v(text), v(0.9))));
      expect(e.code).toBe("#VALUE!");
      expect(e.message).toContain("not text");
    }
  });
  test("booleans are 1 and 0 where a number belongs", () => {
    expect(one(call("RESOLUTION_FEE", v(0.99), v(true)))).toBe(0.99);
    expect(one(call("RESOLUTION_FEE", v(0.99), v(false)))).toBe(0);
  });
  test("an empty required argument counts as 0 (a blank cell, or empty text)", () => {
    expect(one(call("RESOLUTION_FEE", v(null), v(0.9)))).toBe(0);
    expect(one(call("RESOLUTION_FEE", v(""), v(0.9)))).toBe(0);
    expect(errorOf(one(call("COST_PER_RESOLUTION", v(0.46), v(null)))).code).toBe("#DIV/0!");
  });
  test("an omitted optional argument (null), or a blank cell, means its default", () => {
    expect(one(call("TCO_PER_CONVERSATION", v(0.11), null, null, null, null, null))).toBeCloseTo(0.11, 12);
    expect(one(call("TCO_PER_CONVERSATION", v(0.11), v(0.35), v(2000), v(10000), v(24000), v(null)))).toBeCloseTo(0.86, 12);
    expect(one(call("TOKEN_COST", v(20000), v(3000), v(3), v(15), v(10000), v(null), v(null)))).toBeCloseTo(0.105, 12);
    expect(one(call("REVSHARE_NET", v(3), v(0.5), v(0.9), v(0.15), null))).toBeCloseTo(0.8375, 12);
  });
  test("an error value passed in comes back out unchanged", () => {
    for (const code of ["#N/A", "#REF!", "#DIV/0!", "#NAME?"] as const) {
      const e = new ExcelError(code, "from the sheet");
      expect(one(call("COST_PER_RESOLUTION", v(e), v(0.9)))).toBe(e);
      expect(one(call("TIERED_COST", v(5), col(1000, e), col(1, 0.5)))).toBe(e);
      expect(one(call("EXPENSE_SCHEDULE", col(100, 200), v(e), v(0.1)))).toBe(e);
    }
  });
  test("flags: TRUE/FALSE, numbers, and the words TRUE and FALSE; anything else is #VALUE!", () => {
    expect(one(call("SLA_GATE", v(100), v(0.015), v(0.02), v(false)))).toBe(100);
    expect(one(call("SLA_GATE", v(100), v(0.015), v(0.02), v(0)))).toBe(100);
    expect(one(call("SLA_GATE", v(100), v(0.015), v(0.02), v("false")))).toBe(100);
    expect(one(call("SLA_GATE", v(100), v(0.015), v(0.02), v(true)))).toBe(0);
    const e = errorOf(one(call("SLA_GATE", v(100), v(0.015), v(0.02), v("maybe"))));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("higher_is_better");
  });
  test("out of range is #NUM! naming the argument; a rate of 0 to divide by is #DIV/0!", () => {
    const e = errorOf(one(call("OUTCOME_FEE", v(0.5), v(0.9), v(80))));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("qualifying_share");
    expect(errorOf(one(call("SEAT_COST", v(-500), v(100), v(50000)))).code).toBe("#NUM!");
    expect(errorOf(one(call("COST_PER_RESOLUTION", v(0.46), v(0)))).message).toContain("resolution_rate");
  });
  test("a result too large for a cell is #NUM!, never Infinity", () => {
    expect(errorOf(one(call("SEAT_COST", v(1e308), v(1e308), v(1)))).code).toBe("#NUM!");
  });
});

describe("TIERED_COST reads its tiers as whole lists", () => {
  const bounds = col(1000, 10000, null);
  const prices = col(1, 0.8, 0.5);
  test("bounds and prices as rows work as well as columns", () => {
    expect(one(call("TIERED_COST", v(12000), row(1000, 10000, null), row(1, 0.8, 0.5)))).toBe(9200);
  });
  test("the quantity spills; the tiers do not", () => {
    expect(shownGrid(call("TIERED_COST", col(500, 1000, 12000), bounds, prices, v("volume")))).toEqual([[500], [1000], [6000]]);
  });
  test("the mode's case does not matter; an unknown mode is #VALUE! naming mode", () => {
    expect(one(call("TIERED_COST", v(12000), bounds, prices, v("Volume")))).toBe(6000);
    const e = errorOf(one(call("TIERED_COST", v(12000), bounds, prices, v("stepped"))));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("mode");
  });
  test("bounds that do not ascend are #NUM!", () => {
    expect(errorOf(one(call("TIERED_COST", v(5), col(1000, 500, null), prices))).code).toBe("#NUM!");
  });
  test("bounds and prices of different lengths are #VALUE!", () => {
    expect(errorOf(one(call("TIERED_COST", v(5), col(1000, null), prices))).code).toBe("#VALUE!");
  });
  test("a block of several rows and columns is #VALUE!", () => {
    expect(
      errorOf(
        one(
          call(
            "TIERED_COST",
            v(5),
            [
              [1000, 2000],
              [3000, 4000],
            ],
            prices,
          ),
        ),
      ).code,
    ).toBe("#VALUE!");
  });
  test("trailing rows blank in both lists are ignored (a range selected a little too long)", () => {
    expect(one(call("TIERED_COST", v(12000), col(1000, 10000, null, null, null), col(1, 0.8, 0.5, null, null)))).toBe(9200);
  });
});

describe("EXPENSE_SCHEDULE spills a table", () => {
  const HEADER = ["month", "resolutions", "accrued", "true-up", "recognized", "cumulative recognized", "final billable"];
  test("a header row, then N + k rows of seven figures", () => {
    const out = call("EXPENSE_SCHEDULE", col(1000, 1200, 900), v(0.99), v(0.1), col(0.08, 0.12, null));
    expect(out[0]).toEqual(HEADER);
    expect(out).toHaveLength(1 + 3 + 1);
    const expected = [
      [1, 1000, 891, 0, 891, 891, 0],
      [2, 1200, 1069.2, 19.8, 1089, 1980, 910.8],
      [3, 900, 801.9, -23.76, 778.14, 2758.14, 1045.44],
      [4, 0, 0, 0, 0, 2758.14, 801.9],
    ];
    expected.forEach((line, i) => line.forEach((x, j) => expect(out[i + 1][j]).toBeCloseTo(x, 9)));
  });
  test("months as a row; a 60-day window adds two months", () => {
    const out = call("EXPENSE_SCHEDULE", row(100, 200), v(1), v(0.1), null, v(60));
    expect(out).toHaveLength(1 + 2 + 2);
  });
  test("a whole column (A:A, 1,048,576 rows) with three months filled gives three months", () => {
    const column: unknown[][] = Array.from({ length: 1048576 }, () => [null]);
    column[0][0] = 1000;
    column[1][0] = 1200;
    column[2][0] = 900;
    const out = call("EXPENSE_SCHEDULE", column, v(0.99), v(0.1));
    expect(out).toHaveLength(1 + 3 + 1);
    expect(out[4][6]).toBeCloseTo(801.9, 9);
  });
  test("bad input is one error cell, not a table", () => {
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(100, "many"), v(1), v(0.1)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(100), v(1), v(1.1)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(100), v(1), v(0.1), col(0.1, 0.2)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(100), v(1), v(0.1), null, v(1e12)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(100), col(1, 2), v(0.1)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("EXPENSE_SCHEDULE", col(2 ** 53), v(Number.MAX_VALUE), v(0)))).toEqual([["#NUM!"]]);
  });
});

describe("the contract's examples for the more functions, called as Excel calls them", () => {
  test.each([
    ["ESCALATED_PRICE", [v(0.99), v(0.05), v(13)], 1.0395],
    ["ESCALATED_PRICE", [v(0.99), v(0.05), v(12)], 0.99],
    ["CONTEXT_TOKEN_COST", [v(300000), v(2000), row(0, 272000), row(5, 10), row(30, 45)], 3.09],
    ["CONTEXT_TOKEN_COST", [v(200000), v(2000), col(0, 272000), col(5, 10), col(30, 45)], 1.06],
    ["CHARGE_COST", [v(120), v(0.99), v(50)], 69.3],
    ["CHARGE_COST", [v(40), v(0.99), v(50)], 0],
    ["CHARGE_COST", [v(1234), v(49), v(0), v(100)], 637],
    ["CHARGE_COST", [v(1200), v(49), v(0), v(100)], 588],
    ["CHARGE_COST", [v(10), v(2), v(null), v(null), v(100)], 100],
  ])("%s(%j) = %d", (name, args, expected) => {
    expect(one(call(name as string, ...(args as unknown[])))).toBeCloseTo(expected as number, 12);
  });

  test("COMMIT_TRUE_UP: spend {100, 200, 300, 50}, commitment 500, period 2 spills its table with a header row", () => {
    expect(call("COMMIT_TRUE_UP", col(100, 200, 300, 50), v(500), v(2))).toEqual([
      ["month", "spend", "true_up", "billed", "cumulative_billed"],
      [1, 100, 0, 100, 100],
      [2, 200, 200, 400, 500],
      [3, 300, 0, 300, 800],
      [4, 50, 150, 200, 1000],
    ]);
  });

  test("CREDIT_BURN: used {300 x 4}, bought {1000, 0, 0, 0}, expiry 3 spills its table with a header row", () => {
    expect(call("CREDIT_BURN", row(300, 300, 300, 300), row(1000, 0, 0, 0), v(3))).toEqual([
      ["month", "bought", "used", "from_credits", "overage", "expired", "balance"],
      [1, 1000, 300, 300, 0, 0, 700],
      [2, 0, 300, 300, 0, 0, 400],
      [3, 0, 300, 300, 0, 100, 0],
      [4, 0, 300, 0, 300, 0, 0],
    ]);
  });

  test("PERT_DRAWS returns a column of count draws inside [low, high], the same for the same arguments", () => {
    const out = call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), v(2000), v(1));
    expect(out).toHaveLength(2000);
    expect(out.every((r) => r.length === 1 && (r[0] as number) > 0.3 && (r[0] as number) < 0.8)).toBe(true);
    expect(call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), v(2000), null)).toEqual(out); // the default seed is 1
    const mean = out.reduce((s, r) => s + (r[0] as number), 0) / out.length;
    expect(mean).toBeCloseTo((0.3 + 4 * 0.6 + 0.8) / 6, 5);
  });

  test("CHANCE_CHEAPEST returns one row of shares that sum to 1", () => {
    const costs = [
      [1, 2, 3],
      [3, 1, 2],
      [1, 5, 5],
      [2, 3, 1],
    ];
    expect(call("CHANCE_CHEAPEST", costs)).toEqual([[0.5, 0.25, 0.25]]);
  });
});

describe("the more functions at the sizes users reach", () => {
  test("60 bids x 2,000 drawn scenarios: CHANCE_CHEAPEST over the built PERT_DRAWS columns", () => {
    const n = 2000;
    const columns = Array.from({ length: 60 }, (_, b) => call("PERT_DRAWS", v(0.3 + b * 0.002), v(0.6 + b * 0.002), v(0.8 + b * 0.002), v(n), v(1)));
    // Monthly total of bid b in scenario i: 100,000 conversations, fee 0.5 + b/1000, human 3 for the rest.
    const costs = Array.from({ length: n }, (_, i) => columns.map((c, b) => 100000 * (0.5 + b / 1000 + (1 - (c[i][0] as number)) * 3)));
    const [shares] = call("CHANCE_CHEAPEST", costs) as number[][];
    expect(shares).toHaveLength(60);
    expect(shares.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    // Common ranks: each bid is 0.2 points better and 0.1 cents dearer than the one before (0.6 cents
    // of rate are worth 0.1 cents at a human cost of 3): the last bid is cheapest in every world.
    expect(shares[59]).toBe(1);
  });
  test("PERT_DRAWS' largest column, 100,000 draws", () => {
    const out = call("PERT_DRAWS", v(50000), v(80000), v(150000), v(100000), v(3));
    expect(out).toHaveLength(100000);
    expect(new Set(out.map((r) => r[0])).size).toBe(100000);
  });
  test("60-month terms: a monthly commitment of 1,000 over a ramp, and credits bought each quarter", () => {
    const spend = Array.from({ length: 60 }, (_, m) => [Math.min(1500, 100 * (m + 1))]);
    const commit = call("COMMIT_TRUE_UP", spend, v(12000));
    expect(commit).toHaveLength(61);
    expect(commit[12][2]).toBe(12000 - spend.slice(0, 12).reduce((a, [x]) => a + x, 0));
    expect(commit[24][2]).toBe(0);
    const used = Array.from({ length: 60 }, () => [900]);
    const bought = Array.from({ length: 60 }, (_, m) => [m % 3 === 0 ? 3000 : 0]);
    const burn = call("CREDIT_BURN", used, bought, v(3));
    expect(burn).toHaveLength(61);
    // Each quarter's 3,000 credits: 2,700 used, 300 expire in its third month.
    expect(burn.slice(1).map((r) => r[5])).toEqual(Array.from({ length: 60 }, (_, m) => (m % 3 === 2 ? 300 : 0)));
  });
});

describe("the more functions: cells of every kind", () => {
  test("PERT_DRAWS' arguments are single values: a range gives #VALUE! naming the argument", () => {
    const e = errorOf(one(call("PERT_DRAWS", col(0.1, 0.2), v(0.6), v(0.8), v(10))));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("low");
    expect(errorOf(one(call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), row(10, 20)))).message).toContain("count");
  });
  test("PERT_DRAWS: not low <= likely <= high, or count outside 1..100,000, is #NUM!; low = high is a constant column", () => {
    expect(shownGrid(call("PERT_DRAWS", v(0.5), v(0.4), v(0.8), v(10)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), v(0)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), v(100001)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("PERT_DRAWS", v(0.3), v(0.6), v(0.8), v("ten")))).toEqual([["#VALUE!"]]);
    expect(call("PERT_DRAWS", v(2), v(2), v(2), v(3))).toEqual([[2], [2], [2]]);
  });
  test("CHANCE_CHEAPEST leaves out rows holding an error, text or a blank; none left is #N/A", () => {
    const na = new ExcelError("#N/A", "from the sheet");
    expect(
      call("CHANCE_CHEAPEST", [
        [1, 2],
        [na, 1],
        ["x", 0],
        [null, 0],
        [5, 4],
      ]),
    ).toEqual([[0.5, 0.5]]);
    const e = errorOf(
      one(
        call("CHANCE_CHEAPEST", [
          [na, 1],
          ["x", 2],
        ]),
      ),
    );
    expect(e.code).toBe("#N/A");
    expect(e.message).toContain("no row");
  });
  test("COMMIT_TRUE_UP and CREDIT_BURN with bad input give one error cell, not a table", () => {
    expect(shownGrid(call("COMMIT_TRUE_UP", col(100, "x"), v(500)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("COMMIT_TRUE_UP", col(100, 200), v(-5)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("COMMIT_TRUE_UP", col(100, 200), col(500, 600)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("CREDIT_BURN", col(1, 2, 3), col(1, 2)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("CREDIT_BURN", col(1), col(1), v(0)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("COMMIT_TRUE_UP", col(1e308, 1e308), v(0)))).toEqual([["#NUM!"]]);
  });
  test("blanks at the end of the months are ignored (a range selected too long); blanks inside count as 0", () => {
    const out = call("COMMIT_TRUE_UP", col(100, null, 300, null, null), v(500), v(2));
    expect(out).toHaveLength(1 + 3);
    expect(out[2]).toEqual([2, 0, 400, 400, 500]);
    expect(call("CREDIT_BURN", col(300, 300, null), col(1000, null, null), v(3))).toHaveLength(1 + 2);
  });
  test("ESCALATED_PRICE spills over a column of months; a month that is not a whole number of 1 or more is #NUM!", () => {
    const out = call("ESCALATED_PRICE", v(100), v(0.1), col(1, 12, 13, 25, 0));
    expect(shownGrid(out).map((r) => (typeof r[0] === "number" ? Math.round(r[0] * 1e9) / 1e9 : r[0]))).toEqual([100, 100, 110, 121, "#NUM!"]);
  });
  test("CONTEXT_TOKEN_COST: the request's sizes spill, the rate card does not; thresholds not from 0 or not ascending are #NUM!", () => {
    const out = call("CONTEXT_TOKEN_COST", col(200000, 300000), v(2000), col(0, 272000), col(5, 10), col(30, 45));
    expect(out.map((r) => r.length)).toEqual([1, 1]);
    expect(out[0][0]).toBeCloseTo(1.06, 12);
    expect(out[1][0]).toBeCloseTo(3.09, 12);
    expect(shownGrid(call("CONTEXT_TOKEN_COST", v(1), v(1), col(1000, 272000), col(5, 10), col(30, 45)))).toEqual([["#NUM!"]]);
    expect(shownGrid(call("CONTEXT_TOKEN_COST", v(1), v(1), col(0, 272000), col(5), col(30, 45)))).toEqual([["#VALUE!"]]);
    expect(shownGrid(call("CONTEXT_TOKEN_COST", v(1), v(1), col(0, 272000), col(5, null), col(30, 45)))).toEqual([["#VALUE!"]]);
  });
  test("CONTEXT_TOKEN_COST: a blank cached price is the row's input price; a single blank cell means the default", () => {
    const withBlank = one(call("CONTEXT_TOKEN_COST", v(280000), v(2000), col(0, 272000), col(5, 10), col(30, 45), v(200000), col(0.5, null)));
    const omitted = one(call("CONTEXT_TOKEN_COST", v(280000), v(2000), col(0, 272000), col(5, 10), col(30, 45), v(200000), null));
    expect(withBlank).toBeCloseTo(2.89, 12);
    expect(omitted).toBeCloseTo(2.89, 12);
    expect(one(call("CONTEXT_TOKEN_COST", v(280000), v(2000), col(0, 272000), col(5, 10), col(30, 45), v(200000), v(null)))).toBeCloseTo(2.89, 12);
  });
  test("CHARGE_COST spills over a column of units; a package size of 0 is #NUM!, a blank one means no packages", () => {
    const out = call("CHARGE_COST", col(40, 120, 1234), v(0.99), v(50));
    expect(shownGrid(out).map((r) => Math.round((r[0] as number) * 1e9) / 1e9)).toEqual([0, 69.3, 1172.16]);
    expect(shownGrid(call("CHARGE_COST", v(10), v(2), v(0), v(0)))).toEqual([["#NUM!"]]);
    expect(one(call("CHARGE_COST", v(10), v(2), v(0), v(null)))).toBe(20);
    expect(shownGrid(call("CHARGE_COST", v("ten"), v(2)))).toEqual([["#VALUE!"]]);
  });
  test("an error value passed in comes back out unchanged", () => {
    const e = new ExcelError("#REF!", "from the sheet");
    expect(one(call("CHARGE_COST", v(1), v(e)))).toBe(e);
    expect(one(call("PERT_DRAWS", v(e), v(0.6), v(0.8), v(10)))).toBe(e);
    expect(one(call("COMMIT_TRUE_UP", col(100, e), v(500)))).toBe(e);
    expect(one(call("CREDIT_BURN", col(100), col(e)))).toBe(e);
    expect(one(call("ESCALATED_PRICE", v(e), v(0.05), v(1)))).toBe(e);
    expect(one(call("CONTEXT_TOKEN_COST", v(1), v(1), col(0, e), col(5, 10), col(30, 45)))).toBe(e);
  });
});

describe("heavy input stays fast", () => {
  test("a spill of errors shares one error object per distinct error (a million #N/A cells are not a million objects)", () => {
    const costs = Array.from({ length: 5000 }, (_, i) => [0.1 + i / 10000]);
    const out = call("COST_PER_RESOLUTION", costs, col(0.5, 0.9));
    const beyond = out.slice(2).map((r) => r[0]);
    expect(shownGrid(out.slice(2, 4))).toEqual([["#N/A"], ["#N/A"]]);
    expect(new Set(beyond).size).toBe(1);
    // Different problems keep their own messages.
    const mixed = call("COST_PER_RESOLUTION", v(0.46), col(0, 2, 0, 2, -1));
    const errors = mixed.map((r) => errorOf(r[0]));
    expect(errors[0]).toBe(errors[2]);
    expect(errors[1]).toBe(errors[3]);
    expect(errors[1]).not.toBe(errors[0]);
    expect(errors[4]).not.toBe(errors[1]);
    expect(errors[4].message).toContain("-1");
  });

  test("repeated bad cells reuse their error, and never leak into the good cells between them", () => {
    const out = call("COST_PER_RESOLUTION", col(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), col("n/a", "n/a", 0.5, 1.5, 1.5, 0.5, undefined));
    expect(shownGrid(out)).toEqual([["#VALUE!"], ["#VALUE!"], [1], ["#NUM!"], ["#NUM!"], [1], ["#DIV/0!"]]);
    expect(out[0][0]).toBe(out[1][0]);
    expect(out[3][0]).toBe(out[4][0]);
  });

  test("a spill too large to return (a whole row against a whole column) is one #NUM! that says why, not a crash", () => {
    const column = Array.from({ length: 1048576 }, () => [0.46]);
    const rowOfRates = [Array.from({ length: 16384 }, () => 0.9)];
    const e = errorOf(one(call("COST_PER_RESOLUTION", column, rowOfRates)));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("1,048,576 rows x 16,384 columns");
    expect(e.message).toContain("10,000,000");
    // Ten columns of a million rows (10,485,760 cells) are over the cap too.
    expect(errorOf(one(call("COST_PER_RESOLUTION", column, [rowOfRates[0].slice(0, 10)]))).code).toBe("#NUM!");
  });

  test("a million-cell spill (a whole column) is returned in full", () => {
    const column = Array.from({ length: 1048576 }, (_, i) => [0.1 + (i % 100) / 100]);
    const out = call("COST_PER_RESOLUTION", column, v(0.5));
    expect(out).toHaveLength(1048576);
    expect(out[1048575][0]).toBeCloseTo((0.1 + 75 / 100) / 0.5, 12);
  });
});
