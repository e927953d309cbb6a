/**
 * What the add-in wrote on a comparison's calculation sheet (./calc-sheet), as the comparison's notes keep
 * it: each cell's fingerprint by row, and the spills. An update reads them to tell the add-in's cells from
 * the analyst's (./update-calc), as it does on the comparison sheet with the notes' `cells` and `spills`.
 *
 * A row's cells are kept as runs: `c:fp` one cell, `c1-c2:fp` a run of cells with the same fingerprint
 * (one formula across a row of the timeline), `c1-c2#h` a long run of different constants (the order of the
 * drawn rates, thousands wide) by one hash of their fingerprints, so that the notes stay small.
 */
import { fingerprint, writtenContent } from "./plan";
import { planCells, PlanBlock, PlanCell } from "./sheet-plan";

/** The calculation sheet's cells as the notes keep them: row (0-based) -> runs; spills [row, col, rows, cols]. */
export interface CalcNotes {
  calcCells: Record<string, string>;
  calcSpills: [number, number, number, number][];
}

/** A run of constants longer than this, each different, is kept by one hash. */
const GROUP_RUN = 32;

/** The notes of the calculation sheet's blocks as planned (at their places there). */
export function calcNotes(blocks: readonly PlanBlock[]): CalcNotes {
  const byRow = new Map<number, { col: number; fp: string; constant: boolean }[]>();
  const calcSpills: CalcNotes["calcSpills"] = [];
  for (const { row, col, cell } of planCells({ blocks: blocks as PlanBlock[] })) {
    let line = byRow.get(row);
    if (!line) byRow.set(row, (line = []));
    line.push({ col, fp: fingerprint(writtenContent(cell)), constant: cell.kind !== "formula" });
    if (cell.kind === "formula" && cell.spill && (cell.spill.rows > 1 || cell.spill.cols > 1)) calcSpills.push([row, col, cell.spill.rows, cell.spill.cols]);
  }
  const calcCells: Record<string, string> = {};
  for (const [row, line] of [...byRow].sort((a, b) => a[0] - b[0])) {
    line.sort((a, b) => a.col - b.col);
    const runs: string[] = [];
    for (let i = 0; i < line.length;) {
      let j = i + 1;
      while (j < line.length && line[j].col === line[j - 1].col + 1 && line[j].fp === line[i].fp) j++;
      let k = i + 1;
      while (k < line.length && line[k].col === line[k - 1].col + 1 && line[k].constant && line[i].constant) k++;
      if (k - i > GROUP_RUN && j - i < k - i) {
        runs.push(`${line[i].col}-${line[k - 1].col}#${groupHash(line.slice(i, k).map((x) => x.fp))}`);
        i = k;
        continue;
      }
      runs.push(j - i === 1 ? `${line[i].col}:${line[i].fp}` : `${line[i].col}-${line[j - 1].col}:${line[i].fp}`);
      i = j;
    }
    calcCells[String(row)] = runs.join(" ");
  }
  return { calcCells, calcSpills };
}

/** One hash of a run's fingerprints. */
export function groupHash(fingerprints: readonly string[]): string {
  return fingerprint(fingerprints.join(","));
}

/** The notes read back: each cell's fingerprint by position, the long runs kept by hash, the cells spills fill. */
export interface CalcWritten {
  /** "row,col" -> fingerprint. */
  cells: Map<string, string>;
  groups: { row: number; from: number; to: number; hash: string }[];
  /** "row,col" of the cells the add-in's spills filled (their first cells left out). */
  spilled: Set<string>;
}

export const at = (row: number, col: number) => `${row},${col}`;

export function readCalcNotes(notes: CalcNotes): CalcWritten {
  const cells = new Map<string, string>();
  const groups: CalcWritten["groups"] = [];
  for (const [r, list] of Object.entries(notes.calcCells)) {
    const row = Number(r);
    for (const run of list.split(" ")) {
      const m = /^(\d+)(?:-(\d+))?([:#])(.*)$/.exec(run);
      if (!m || !Number.isInteger(row)) continue;
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (m[3] === "#") groups.push({ row, from, to, hash: m[4] });
      else for (let c = from; c <= to; c++) cells.set(at(row, c), m[4]);
    }
  }
  const spilled = new Set<string>();
  for (const [row, col, rows, cols] of notes.calcSpills) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i || j) spilled.add(at(row + i, col + j));
  return { cells, groups, spilled };
}

/** The fingerprint of a planned cell (as the notes keep it). */
export function plannedFingerprint(cell: PlanCell): string {
  return fingerprint(writtenContent(cell));
}
