/**
 * Fuzzing the AIPRICE functions in the formula engine (HyperFormula, the built functions registered):
 * formulas with hostile literals, array constants and references, loaded with a sheet and typed into a
 * live one. The engine must never throw, and every cell must hold a finite number, text, a boolean, a
 * blank or an error. (The functions called directly as Excel calls them: fuzz.test.ts.)
 */
import fc from "fast-check";
import { DetailedCellError, HyperFormula } from "hyperformula";
import { aipriceSheet } from "../support/formula-engine";
import { builtFunctions } from "../support/load-functions";

const built = builtFunctions();

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

  const ROWS = [
    [0.5, "x", null],
    [null, true, 3],
    [5, 6, 7],
  ];
  /** What is wrong with the sheet's values, or null. */
  function badSheet(hf: HyperFormula, formula: string): string | null {
    for (const r of hf.getSheetValues(0)) {
      for (const x of r) {
        const ok = x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean" || x instanceof DetailedCellError;
        if (!ok) return `${formula}: a cell holds ${String(x)}`;
        if (typeof x === "number" && !Number.isFinite(x)) return `${formula}: ${x}`;
      }
    }
    return null;
  }

  test.each(built.metadata.functions.map((f) => [f.name, f.parameters.length] as const))("%s: 200 formulas (30 loaded with the sheet, 170 typed into it), the engine never throws", (name, arity) => {
    const formulas = fc.array(formulaArg, { minLength: 1, maxLength: arity + 1 }).map((args) => `=AIPRICE.${name}(${args.join(", ")})`);
    // Loaded with the sheet: the spill is sized while the sheet's graph is built.
    fc.assert(
      fc.property(formulas, (formula) => {
        const hf = aipriceSheet([...ROWS, [formula]]);
        try {
          const bad = badSheet(hf, formula);
          if (bad) throw new Error(bad);
        } finally {
          hf.destroy();
        }
      }),
      { numRuns: 30 },
    );
    // Typed into a live sheet: the spill is sized with every other cell computed.
    const hf = aipriceSheet(ROWS);
    try {
      fc.assert(
        fc.property(formulas, (formula) => {
          hf.setCellContents({ sheet: 0, row: 3, col: 0 }, [[formula]]);
          const bad = badSheet(hf, formula);
          hf.setCellContents({ sheet: 0, row: 3, col: 0 }, [[null]]);
          if (bad) throw new Error(bad);
        }),
        { numRuns: 170 },
      );
    } finally {
      hf.destroy();
    }
  });
});
