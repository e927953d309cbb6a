/**
 * Fuzzing the built functions with hostile arguments: NaN, Infinity, huge and negative numbers, text,
 * empty cells, booleans, error values, odd objects, and ranges of mismatched shapes. For every function,
 * at least 10,000 generated calls made as Excel makes them; each must return, never throw, either a
 * 2-D array of the shape Excel's broadcasting gives, holding finite numbers or Excel errors (with a
 * message, or exactly the error value passed in). Formulas with hostile literals typed into the
 * formula engine are in fuzz-formulas.test.ts.
 */
import fc from "fast-check";
import { ExcelError, ERROR_CODES } from "../../src/embedded/custom-functions-shim";
import { builtFunctions } from "../support/load-functions";

const built = builtFunctions();
const CALLS_PER_FUNCTION = 10_000;

/** Functions that spill a table with a header row: its number of columns. */
const TABLES: Record<string, number> = { EXPENSE_SCHEDULE: 7, COMMIT_TRUE_UP: 5, CREDIT_BURN: 7 };
/** Functions that read some arguments as whole lists and spill only over the others (their positions). */
const SPILLING_ARGUMENTS: Record<string, number[]> = { TIERED_COST: [0], CONTEXT_TOKEN_COST: [0, 1, 5, 7] };

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
const rectangle = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([h, w]) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: h, maxLength: h }));
/** An argument: a value, a value as a 1x1 range, a range of any shape, an empty range, or omitted. */
const argument: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: cell.map((c) => [[c]]) }, { weight: 2, arbitrary: cell }, { weight: 3, arbitrary: rectangle }, { weight: 1, arbitrary: fc.constantFrom([], [[]], null) });
/** Ranges Excel never passes: ragged rows, rows that are not arrays. Only "never throws" is checked. */
const malformed: fc.Arbitrary<unknown> = fc.oneof(fc.array(fc.array(cell, { maxLength: 4 }), { minLength: 2, maxLength: 4 }), fc.array(cell, { minLength: 1, maxLength: 4 }));

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
  const columns = TABLES[name];
  if (columns !== undefined) {
    if (single) return badCell(grid[0][0], passedIn);
    if (!grid.every((r) => r.length === columns)) return `a table row without ${columns} columns`;
    if (!grid[0].every((h) => typeof h === "string")) return "no header row";
    for (const r of grid.slice(1)) for (const x of r) if (typeof x !== "number" || !Number.isFinite(x)) return `a table cell ${String(x)}`;
    return null;
  }
  if (name === "PERT_DRAWS") {
    if (single) return badCell(grid[0][0], passedIn);
    if (!grid.every((r) => r.length === 1 && typeof r[0] === "number" && Number.isFinite(r[0]))) return "draws that are not one column of numbers";
    return null;
  }
  if (name === "CHANCE_CHEAPEST") {
    if (single && typeof grid[0][0] !== "number") return badCell(grid[0][0], passedIn);
    if (grid.length !== 1) return "shares in more than one row";
    const shares = grid[0];
    if (!shares.every((x) => typeof x === "number" && x >= 0 && x <= 1)) return `a share that is not a number from 0 to 1`;
    const total = (shares as number[]).reduce((a, b) => a + b, 0);
    return Math.abs(total - 1) <= 1e-9 ? null : `shares that sum to ${total}`;
  }
  if (checkShape) {
    const spilling = SPILLING_ARGUMENTS[name];
    const expected = spilling ? (single && grid[0][0] instanceof ExcelError ? null : broadcast(spilling.map((i) => args[i]))) : broadcast(args);
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
