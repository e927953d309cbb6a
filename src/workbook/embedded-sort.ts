/**
 * The order in which the embedded formula engine (HyperFormula 3.x) computes the cells a change reaches,
 * found with flat marks. HyperFormula sorts those cells (Tarjan's algorithm over its graph of who depends
 * on whom) keeping its marks in plain arrays indexed by each cell's id in the whole graph: on a 60-bid
 * comparison the ids run to 861,000, so each mark of the 10,000 cells an edit reaches is a write far into
 * an empty array (a slow dictionary), and each cell's list of dependents is filtered anew three times
 * (each a look-up in the graph's list of nodes, itself a dictionary: 20,000 of 861,000 are left). This is
 * the same algorithm, step for step (the same order, the same cycles, the same calls, in the same
 * sequence), with its marks in typed arrays kept between runs and cleared after each, and each cell's
 * dependents listed once per run. Used by the embedded workbook only (the workbench and the tests).
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- HyperFormula's internals are untyped */

/** HyperFormula's graph: its nodes and, for each, the ids of the nodes that depend on it (both by id). */
interface Graph {
  nodesSparseArray: unknown[];
  edgesSparseArray: (number | undefined)[][];
  getTopSortedWithSccSubgraphFrom(modified: { idInGraph?: number }[], compute: (node: unknown) => boolean, onCycle: (node: unknown) => void): { sorted: unknown[]; cycled: unknown[] };
}

/** A node's state in the depth-first search (0: not reached). */
const ON_STACK = 1;
const PROCESSED = 2;
const POPPED = 3;
/** Flags of a node. */
const IN_SCC = 1;
const ON_A_CYCLE = 2;
const TO_UPDATE = 4;

/** The marks of one run, by node id; every entry a run sets is set back to 0 when it ends. */
class Marks {
  /** Entrance time + 1 (0: not entered), lowest time reached + 1, parent's id + 1 (0: none). */
  readonly entrance: Int32Array;
  readonly low: Int32Array;
  readonly parent: Int32Array;
  readonly status: Uint8Array;
  readonly flags: Uint8Array;
  /** Where a node's dependents in the graph lie in `dependents`: set when it is entered (read only after). */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** The dependents of the nodes entered in this run, each node's in a stretch of its own. */
  dependents = new Int32Array(4096);
  listed = 0;
  /** The ids whose marks this run set. */
  touched: number[] = [];

  constructor(readonly size: number) {
    this.entrance = new Int32Array(size);
    this.low = new Int32Array(size);
    this.parent = new Int32Array(size);
    this.status = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
  }

  /** Lists node u's dependents that are in the graph (HyperFormula's getAdjacentNodeIds), read once per run. */
  list(u: number, edges: readonly (number | undefined)[], nodes: readonly unknown[]): void {
    this.from[u] = this.listed;
    for (let i = 0; i < edges.length; i++) {
      const t = edges[i];
      if (t === undefined || !nodes[t]) continue;
      if (this.listed === this.dependents.length) {
        const grown = new Int32Array(this.dependents.length * 2);
        grown.set(this.dependents);
        this.dependents = grown;
      }
      this.dependents[this.listed++] = t;
    }
    this.to[u] = this.listed;
  }

  /** Notes that `id`'s marks are set (once: when its status or flags first change from 0). */
  touch(id: number): void {
    if (this.status[id] === 0 && this.flags[id] === 0) this.touched.push(id);
  }

  clear(): void {
    for (const id of this.touched) this.entrance[id] = this.low[id] = this.parent[id] = this.status[id] = this.flags[id] = 0;
    this.touched = [];
    this.listed = 0;
  }
}

/** One run of the sort: HyperFormula's TopSort, its marks in `marks`. */
class Run {
  private time = 0;
  readonly order: number[] = [];

  constructor(
    private readonly nodes: unknown[],
    private readonly edges: (number | undefined)[][],
    private readonly marks: Marks,
  ) {}

  /**
   * Calls `each` for the nodes that depend on `id` and are in the graph (HyperFormula's getAdjacentNodeIds),
   * as listed when `id` was entered: nothing changes the graph while it is sorted and its cells computed.
   */
  private adjacent(id: number, each: (t: number) => void): void {
    const m = this.marks;
    const end = m.to[id];
    for (let i = m.from[id]; i < end; i++) each(m.dependents[i]);
  }

  search(v: number): void {
    const m = this.marks;
    if (m.status[v] !== 0) return;
    m.touch(v);
    m.status[v] = ON_STACK;
    const dfs = [v];
    const scc: number[] = [];
    while (dfs.length > 0) {
      const u = dfs[dfs.length - 1];
      const status = m.status[u];
      if (status === ON_STACK) this.enter(u, scc, dfs);
      else if (status === PROCESSED) this.leave(u, scc, dfs);
      else if (status === POPPED) dfs.pop(); // a shadow copy of a node already done
    }
  }

  private enter(u: number, scc: number[], dfs: number[]): void {
    const m = this.marks;
    m.entrance[u] = m.low[u] = ++this.time;
    m.list(u, this.edges[u], this.nodes);
    scc.push(u);
    this.adjacent(u, (t) => {
      if (m.entrance[t] === 0) {
        m.touch(t);
        dfs.push(t);
        m.parent[t] = u + 1;
        m.status[t] = ON_STACK;
      }
    });
    m.status[u] = PROCESSED;
  }

  private leave(u: number, scc: number[], dfs: number[]): void {
    const m = this.marks;
    let low = m.entrance[u];
    this.adjacent(u, (t) => {
      if (m.flags[t] & IN_SCC) return;
      low = Math.min(low, m.parent[t] === u + 1 ? m.low[t] : m.entrance[t]);
    });
    m.low[u] = low;
    if (low === m.entrance[u]) {
      const component: number[] = [];
      do component.push(scc.pop()!);
      while (component[component.length - 1] !== u);
      for (const t of component) m.flags[t] |= IN_SCC;
      for (const t of component) this.order.push(t);
      if (component.length > 1) for (const t of component) m.flags[t] |= ON_A_CYCLE;
    }
    dfs.pop();
    m.status[u] = POPPED;
  }

  /** HyperFormula's postprocess: computes each node in order whose input changed; those on a cycle get onCycle. */
  finish(seeds: number[], compute: (node: unknown) => boolean, onCycle: (node: unknown) => void): { sorted: unknown[]; cycled: unknown[] } {
    const m = this.marks;
    const update = (s: number) => {
      m.touch(s);
      m.flags[s] |= TO_UPDATE;
    };
    seeds.forEach(update);
    const sorted: unknown[] = [];
    const cycled: unknown[] = [];
    this.order.reverse();
    for (const t of this.order) {
      const node = this.nodes[t];
      let selfLoop = false;
      this.adjacent(t, (s) => {
        if (s === t) selfLoop = true;
      });
      if (m.flags[t] & ON_A_CYCLE || selfLoop) {
        cycled.push(node);
        onCycle(node);
        this.adjacent(t, update);
      } else {
        sorted.push(node);
        if (m.flags[t] & TO_UPDATE && compute(node)) this.adjacent(t, update);
      }
    }
    return { sorted, cycled };
  }
}

/**
 * Has the engine's graph sort with flat marks (see above); an engine whose graph is not as expected is
 * left as it is. The marks are the engine's own, sized to its graph (grown when it grows).
 */
export function sortWithFlatMarks(hf: unknown): void {
  const graph = (hf as any)?.dependencyGraph?.graph as Graph | undefined;
  if (!graph || typeof graph.getTopSortedWithSccSubgraphFrom !== "function" || !Array.isArray(graph.nodesSparseArray) || !Array.isArray(graph.edgesSparseArray)) return;
  let kept: Marks | null = null;
  let running = false;
  graph.getTopSortedWithSccSubgraphFrom = function (this: Graph, modified, compute, onCycle) {
    const nodes = this.nodesSparseArray;
    const size = Math.max(nodes.length, this.edgesSparseArray.length);
    if (!kept || kept.size < size) kept = new Marks(Math.max(size, Math.ceil((kept?.size ?? 0) * 1.5), 1024));
    // A sort started while one runs (HyperFormula starts none; a defence) gets marks of its own.
    const marks = running ? new Marks(size) : kept;
    const outer = !running;
    running = true;
    const seeds = modified.map((node) => node.idInGraph).filter((id): id is number => id !== undefined);
    seeds.reverse();
    const run = new Run(nodes, this.edgesSparseArray, marks);
    try {
      for (const id of seeds) run.search(id);
      return run.finish(seeds, compute, onCycle);
    } finally {
      marks.clear();
      if (outer) running = false;
    }
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
