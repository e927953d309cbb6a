/**
 * How much a chunk of a new sheet holds (EmbeddedWorkbook.chunkCells, chunkMs: ChunkPace): never more
 * than chunkCells by weight, less while chunks take longer than the aim, so that a slow or busy machine
 * still draws between them. And the formula engine's bookkeeping per change does not grow with the
 * changes already made in the batch (a chunk costs what it holds).
 */
import fc from "fast-check";
import { ChunkPace, EmbeddedWorkbook } from "../../src/workbook/embedded-workbook";
import { builtFunctions } from "../support/load-functions";

test("the budget: at most chunkCells; with an aim, what the chunks so far say takes that long", () => {
  expect(new ChunkPace(400).budget()).toBe(400);
  const paced = new ChunkPace(400, 50);
  expect(paced.budget()).toBe(400); // nothing measured yet
  paced.took(400, 200); // 0.5 ms per unit of weight
  expect(paced.budget()).toBe(100);
  paced.took(100, 50); // as aimed
  expect(paced.budget()).toBe(100);
  paced.took(100, 10); // faster: 0.1 ms per unit; the pace leans on the latest chunks
  expect(paced.budget()).toBe(166);
  // Without an aim, the measures change nothing.
  const fixed = new ChunkPace(97);
  fixed.took(97, 5000);
  expect(fixed.budget()).toBe(97);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 500 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1e5, noNaN: true })), { maxLength: 20 }), (most, aim, chunks) => {
      const pace = new ChunkPace(most, aim);
      for (const [w, ms] of chunks) {
        pace.took(w, ms);
        const b = pace.budget();
        expect(Number.isInteger(b)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(1);
        expect(b).toBeLessThanOrEqual(most);
      }
    }),
  );
});

test("a change in a batch does not look through the batch's earlier changes (no undo history kept)", () => {
  const wb = new EmbeddedWorkbook(builtFunctions());
  try {
    const hf = wb.hf;
    const sheet = hf.getSheetId(hf.addSheet("S"))!;
    const undoRedo = (hf as unknown as { _crudOperations: { undoRedo: { collectReferencedOldDataVersions: (...a: unknown[]) => Set<unknown> } } })._crudOperations.undoRedo;
    const collect = undoRedo.collectReferencedOldDataVersions.bind(undoRedo);
    let looks = 0;
    undoRedo.collectReferencedOldDataVersions = (...a: unknown[]) => {
      looks++;
      return collect(...a);
    };
    hf.batch(() => {
      for (let r = 0; r < 500; r++) hf.setCellContents({ sheet, row: r, col: 0 }, [[r, `=A${r + 1}*2`]]);
    });
    expect(looks).toBeLessThanOrEqual(2); // once when the batch is committed, not once per change
    expect(wb.value("S", "B500")).toBe(998);
    expect(hf.isThereSomethingToUndo()).toBe(false);
  } finally {
    wb.destroy();
  }
});
