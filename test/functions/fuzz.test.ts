/**
 * Fuzzing the built functions with hostile arguments: NaN, Infinity, huge and negative numbers, text,
 * empty cells, booleans, error values, odd objects, and ranges of mismatched shapes. For every function,
 * at least 10,000 generated calls made as Excel makes them; each must return, never throw, either a
 * 2-D array of the shape Excel's broadcasting gives, holding finite numbers or Excel errors (with a
 * message, or exactly the error value passed in). Then formulas with hostile literals typed into the
 * formula engine: it must never throw either.
 */
import fc from "fast-check";
import { DetailedCellError } from "hyperformula";
import { ExcelError, ERROR_CODES } from "../../src/embedded/custom-functions-shim";
import { aipriceSheet } from "../support/formula-engine";
import { builtFunctions } from "../support/load-functions";

const built = builtFunctions();
const CALLS_PER_FUNCTION = 10_000;

/** Functions that read some arguments as whole lists and spill only over the others. */
const TABLE = "EXPENSE_SCHEDULE";
const TIERED = "TIERED_COST";

const errorValue = fc.constantFrom(...Object.values(ERROR_CODES)).map((code) => new ExcelError(code, `passed in: ${code}`));
const hostileNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 1e15, 1e10, 30, 60, 0.9),
  fc.double(),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: -1e6, max: 1e9 }),
);
const hostileText = fc.oneof(
  fc.constantFrom("", " ", "abc", "1e999", "-1e999", "NaN", "Infinity", "90%", "%", "-5", "0x10", "TRUE", "false", "volume", "Graduated", "1,000", "=1+1", "#N/A", "\u0000", "٣"),
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 2000 }).map((s) => s.repeat(2)),
);
/** One cell as Excel might hand it over, and a few things Excel never would. */
const cell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileNumber },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: errorValue },
  { weight: 1, arbitrary: fc.constantFrom({}, { code: 42 }, new Date(0), Symbol.iterator) },
);
const rectangle = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([h, w]) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: h, maxLength: h }));
/** An argument: a value, a value as a 1x1 range, a range of any shape, an empty range, or omitted. */
const argument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: cell.map((c) => [[c]]) },
  { weight: 2, arbitrary: cell },
  { weight: 3, arbitrary: rectangle },
  { weight: 1, arbitrary: fc.constantFrom([], [[]], null) },
);
/** Ranges Excel never passes: ragged rows, rows that are not arrays. Only "never throws" is checked. */
const malformed: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fc.array(cell, { maxLength: 4 }), { minLength: 2, maxLength: 4 }),
  fc.array(cell, { minLength: 1, maxLength: 4 }),
);

interface Shape {
  rows: number;
  cols: number;
}
function shapeOf(arg: unknown): Shape | null {
  if (!Array.isArray(arg)) return null;
  const first = arg[0];
  return { rows: arg.length, cols: Array.isArray(first) ? first.length : 0 };
}
/** Excel's broadcast shape of the arguments that spill. */
function broadcast(args: unknown[]): Shape {
  let rows = 1;
  let cols = 1;
  for (const a of args) {
    const s = shapeOf(a);
    if (s) {
      rows = Math.max(rows, s.rows);
      cols = Math.max(cols, s.cols);
    }
  }
  return { rows, cols };
}

const CODES = new Set<string>(Object.values(ERROR_CODES));

/** Every error value found in the arguments (they may come back out unchanged). */
function errorsIn(args: unknown[]): Set<unknown> {
  const found = new Set<unknown>();
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x instanceof ExcelError) found.add(x);
  };
  args.forEach(visit);
  return found;
}

/** What is wrong with one result cell, or null. */
function badCell(x: unknown, passedIn: Set<unknown>): string | null {
  if (typeof x === "number") return Number.isFinite(x) ? null : `a non-finite number ${x}`;
  if (x instanceof ExcelError) {
    if (passedIn.has(x)) return null;
    if (!CODES.has(x.code)) return `an unknown error code ${x.code}`;
    if (!x.message) return `${x.code} without a message`;
    if (/unexpected problem/.test(x.message)) return `an internal failure turned into ${x.code}: ${x.message}`;
    return null;
  }
  return `a cell of type ${typeof x}: ${String(x)}`;
}

/** Checks one call's result; returns what is wrong, or null. */
function check(name: string, args: unknown[], result: unknown, checkShape: boolean): string | null {
  if (!Array.isArray(result) || result.length === 0 || !result.every((r) => Array.isArray(r) && r.length > 0)) {
    return `not a 2-D array: ${JSON.stringify(result)}`;
  }
  const grid = result as unknown[][];
  const passedIn = errorsIn(args);
  const single = grid.length === 1 && grid[0].length === 1;
  if (name === TABLE) {
    if (single) return badCell(grid[0][0], passedIn);
    if (!grid.every((r) => r.length === 7)) return "a schedule row without seven columns";
    if (!grid[0].every((h) => typeof h === "string")) return "no header row";
    for (const r of grid.slice(1)) for (const x of r) if (typeof x !== "number" || !Number.isFinite(x)) return `a schedule cell ${String(x)}`;
    return null;
  }
  if (checkShape) {
    const expected = name === TIERED ? (single && grid[0][0] instanceof ExcelError ? null : broadcast([args[0]])) : broadcast(args);
    if (expected && (grid.length !== expected.rows || grid.some((r) => r.length !== expected.cols))) {
      return `shape ${grid.length}x${grid[0].length}, expected ${expected.rows}x${expected.cols}`;
    }
  }
  for (const r of grid) {
    for (const x of r) {
      const bad = badCell(x, passedIn);
      if (bad) return bad;
    }
  }
  return null;
}

function callSafely(fn: (...a: unknown[]) => unknown, args: unknown[]): { result?: unknown; thrown?: unknown } {
  try {
    return { result: fn(...args) };
  } catch (thrown) {
    return { thrown };
  }
}

describe.each(built.metadata.functions.map((f) => [f.id, f.parameters.length] as const))("%s", (id, arity) => {
  const fn = built.implementations[id];

  test(`${CALLS_PER_FUNCTION} calls with hostile arguments: never a throw, always numbers or Excel errors in the right shape`, () => {
    fc.assert(
      fc.property(fc.array(argument, { minLength: arity, maxLength: arity }), (args) => {
        const { result, thrown } = callSafely(fn, args);
        if (thrown !== undefined) throw new Error(`threw ${String(thrown)}`);
        const bad = check(id, args, result, true);
        if (bad) throw new Error(bad);
      }),
      { numRuns: CALLS_PER_FUNCTION },
    );
  });

  test("malformed ranges, missing and extra arguments: never a throw", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(argument, malformed), { minLength: 0, maxLength: arity + 2 }), (args) => {
        const { result, thrown } = callSafely(fn, args);
        if (thrown !== undefined) throw new Error(`threw ${String(thrown)}`);
        const bad = check(id, args, result, false);
        if (bad) throw new Error(bad);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("hostile formulas in the formula engine", () => {
  const literalCell = fc.oneof(
    fc.constantFrom("0", "1", "-1", "0.9", "1E+308", "-1E+308", "1E-300", "1/0", "NA()", "SQRT(-1)", '""', '"abc"', '"90%"', "TRUE", "FALSE", "A1", "A1:B3", "Z99"),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x).replace("e", "E")),
  );
  const arrayLiteral = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .chain(([h, w]) => fc.array(fc.array(fc.constantFrom("0", "0.5", "1", "-2", '"x"', "TRUE", "1000"), { minLength: w, maxLength: w }), { minLength: h, maxLength: h }))
    .map((rows) => `{${rows.map((r) => r.join(",")).join(";")}}`);
  const formulaArg = fc.oneof({ weight: 4, arbitrary: literalCell }, { weight: 2, arbitrary: arrayLiteral }, { weight: 1, arbitrary: fc.constant("") });

  test.each(built.metadata.functions.map((f) => [f.name, f.parameters.length] as const))("%s: 200 formulas, the engine never throws", (name, arity) => {
    fc.assert(
      fc.property(fc.array(formulaArg, { minLength: 1, maxLength: arity + 1 }), (args) => {
        const formula = `=AIPRICE.${name}(${args.join(", ")})`;
        const hf = aipriceSheet([
          [0.5, "x", null],
          [null, true, 3],
          [5, 6, 7],
          [formula],
        ]);
        try {
          for (const r of hf.getSheetValues(0)) {
            for (const x of r) {
              const ok = x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean" || x instanceof DetailedCellError;
              if (!ok) throw new Error(`${formula}: a cell holds ${String(x)}`);
              if (typeof x === "number" && !Number.isFinite(x)) throw new Error(`${formula}: ${x}`);
            }
          }
        } finally {
          hf.destroy();
        }
      }),
      { numRuns: 200 },
    );
  });
});
