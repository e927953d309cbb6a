/**
 * The embedded engine's sort with flat marks (src/workbook/embedded-sort.ts) is HyperFormula's own, step
 * for step: over random graphs (cycles, a node depending on itself, removed nodes, lists with gaps and
 * repeats) and random changed nodes, several sorts in a row on one graph give the same order, the same
 * cycles, and the same calls in the same sequence as HyperFormula's sort of the same graph.
 */
import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { sortWithFlatMarks } from "../../src/workbook/embedded-sort";

interface Node {
  id: number;
  idInGraph?: number;
}

/** HyperFormula's graph as the sort sees it. */
interface Graph {
  nodesSparseArray: (Node | undefined)[];
  edgesSparseArray: (number | undefined)[][];
  getTopSortedWithSccSubgraphFrom(seeds: Node[], compute: (node: Node) => boolean, onCycle: (node: Node) => void): { sorted: Node[]; cycled: Node[] };
}

/** A graph object with HyperFormula's own methods (the prototype of a real engine's graph) over these lists. */
function graphLike(proto: object, nodes: (Node | undefined)[], edges: (number | undefined)[][]): Graph {
  const g = Object.create(proto);
  g.nodesSparseArray = nodes;
  g.edgesSparseArray = edges;
  return g;
}

/** Sorts from `seeds`: the nodes in order, those on cycles, and every call made, in sequence. */
function sortOnce(graph: Graph, seeds: Node[], salt: number): { sorted: number[]; cycled: number[]; calls: string[] } {
  const calls: string[] = [];
  let n = 0;
  const compute = (node: Node) => {
    calls.push(`compute ${node.id}`);
    return (node.id * 7 + salt + n++) % 3 !== 0; // changed, or not (then what depends on it is not computed)
  };
  const onCycle = (node: Node) => void calls.push(`cycle ${node.id}`);
  const r = graph.getTopSortedWithSccSubgraphFrom(seeds, compute, onCycle);
  return { sorted: r.sorted.map((x) => x.id), cycled: r.cycled.map((x) => x.id), calls };
}

describe("the embedded engine's sort with flat marks", () => {
  const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
  const proto = Object.getPrototypeOf((hf as unknown as { dependencyGraph: { graph: object } }).dependencyGraph.graph);
  afterAll(() => hf.destroy());

  const size = 24;
  const graphs = fc.record({
    removed: fc.uniqueArray(fc.nat(size - 1), { maxLength: 4 }),
    edges: fc.array(fc.array(fc.oneof({ weight: 8, arbitrary: fc.nat(size - 1) }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxLength: 4 }), { minLength: size, maxLength: size }),
    runs: fc.array(fc.array(fc.oneof({ weight: 6, arbitrary: fc.nat(size - 1) }, { weight: 1, arbitrary: fc.constant(-1) }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
    salt: fc.nat(5),
  });

  test("gives HyperFormula's order, cycles and calls, run after run on one graph", () => {
    fc.assert(
      fc.property(graphs, ({ removed, edges, runs, salt }) => {
        const nodes: (Node | undefined)[] = Array.from({ length: size }, (_, id) => (removed.includes(id) ? undefined : { id, idInGraph: id }));
        const own = graphLike(proto, nodes, edges);
        const flat = graphLike(proto, nodes, edges);
        sortWithFlatMarks({ dependencyGraph: { graph: flat } });
        expect(flat.getTopSortedWithSccSubgraphFrom).not.toBe(own.getTopSortedWithSccSubgraphFrom);
        runs.forEach((ids, k) => {
          // A changed node that is no longer in the graph has no id (-1 here), as HyperFormula's removed vertices.
          const seeds = ids.map((id) => (id < 0 ? { id: -1 } : (nodes[id] ?? { id, idInGraph: id })));
          const available = seeds.filter((s) => s.idInGraph === undefined || nodes[s.idInGraph] !== undefined);
          expect(sortOnce(flat, available, salt + k)).toEqual(sortOnce(own, available, salt + k));
        });
      }),
      { numRuns: 500 },
    );
  });

  test("a whole sheet and an edit of it sort as HyperFormula sorts them (a cell on a cycle, one after it)", () => {
    const sheet = [
      [1, "=A1*2", "=B1+C2"],
      ["=C1", "=A2+1", "=B2"],
    ];
    const values = (patched: boolean) => {
      const engine = HyperFormula.buildFromArray(sheet, { licenseKey: "gpl-v3" });
      if (patched) sortWithFlatMarks(engine);
      try {
        engine.setCellContents({ sheet: 0, row: 0, col: 0 }, [[5]]);
        engine.setCellContents({ sheet: 0, row: 1, col: 2 }, [["=A2"]]); // A2, C1 and C2 now read each other
        return engine.getSheetValues(0).map((row) => row.map((v) => (v !== null && typeof v === "object" && "type" in v ? (v as { type: string }).type : v)));
      } finally {
        engine.destroy();
      }
    };
    expect(values(true)).toEqual(values(false));
    expect(values(true)[1][0]).toBe("CYCLE");
  });
});
