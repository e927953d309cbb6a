/**
 * A call over one row (a row of drawn scenarios) is computed straight from its rows where a cell's
 * arguments are all numbers (src/functions/broadcast.ts): every cell of it must be what the same function
 * gives for that cell's values passed alone. Over random rows of numbers (valid and not: negative, rates
 * over 1, zero divisors) with text, blanks, booleans and error values among them, rows as wide as the
 * result or one cell, and single values beside them.
 */
import fc from "fast-check";
import { ExcelError, ERROR_CODES } from "../../src/embedded/custom-functions-shim";
import { builtFunctions } from "../support/load-functions";

const built = builtFunctions();
/** The functions that compute cell by cell over their arguments. */
const CELLWISE = [
  "TOKEN_COST",
  "SEAT_COST",
  "RESOLUTION_FEE",
  "OUTCOME_FEE",
  "SLA_GATE",
  "REVSHARE_FEE",
  "REVSHARE_NET",
  "TCO_PER_CONVERSATION",
  "COST_PER_RESOLUTION",
  "BLENDED_COST",
  "BREAKEVEN_RESOLUTION_RATE",
  "BREAKEVEN_VOLUME",
  "ALLOWANCE_COST",
  "CHARGE_COST",
  "DISPUTE_EXPOSURE",
  "ESCALATED_PRICE",
];

const cell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0, 1, 0.5, 12, 36)) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 1.5, NaN, Infinity, 1e308) },
  { weight: 1, arbitrary: fc.constantFrom("", "abc", "12", null, undefined, true, false) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(ERROR_CODES)).map((code) => new ExcelError(code, `passed in: ${code}`)) },
);

/** A result cell as compared: a number, or an error by code and message. */
function shown(v: unknown): unknown {
  return v instanceof ExcelError ? `${v.code} ${v.message ?? ""}` : v;
}

describe.each(CELLWISE)("%s over one row", (id) => {
  const fn = built.implementations[id] as (...args: unknown[]) => unknown[][];
  const arity = built.metadata.functions.find((f) => f.id === id)!.parameters.length;
  // Each argument: a row as wide as the result, a row of one cell, or a single value.
  const argument = (width: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.array(cell, { minLength: width, maxLength: width }).map((row) => [row]) },
      fc.array(cell, { minLength: 1, maxLength: 1 }).map((row) => [row]),
      cell,
    );

  test("each cell is the function of that cell's values alone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((width) => fc.tuple(fc.constant(width), fc.array(argument(width), { minLength: arity, maxLength: arity }))),
        ([width, args]) => {
          if (!args.some((a) => Array.isArray(a) && a[0].length === width)) args[0] = [Array.from({ length: width }, () => 1)];
          const row = fn(...args);
          expect(row.length).toBe(1);
          expect(row[0].length).toBe(width);
          for (let j = 0; j < width; j++) {
            const alone = args.map((a) => (Array.isArray(a) ? (a[0].length === 1 ? a[0][0] : a[0][j]) : a));
            expect(shown(row[0][j])).toEqual(shown(fn(...alone)[0][0]));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
