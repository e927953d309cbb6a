/**
 * Loads the AIPRICE functions the way Excel does: from the BUILT add-in in dist/, not from the sources.
 *
 *  - `functions.json` is the metadata Excel reads (ids, names, parameters, help URLs);
 *  - `functions.js` is the bundle Excel runs in the JavaScript-only custom functions runtime. It is run
 *    with a `CustomFunctions` stand-in (`createCustomFunctionsShim()` from src/embedded) that records
 *    every `CustomFunctions.associate` call. By default it runs in this realm, with this process's
 *    built-ins, so it runs as fast as it would in Excel; `{ isolated: true }` runs it in a fresh V8
 *    context whose only global is the stand-in, so a bundle that needs a DOM, `window` or Node fails to
 *    load, as it would in Excel (global look-ups in such a context are several times slower: use it
 *    to check the bundle, not to time it).
 *
 * Used by the tests in test/functions, the formula engine helper (./formula-engine.ts), the benchmark
 * (bench/run.ts) and anyone who needs the real functions outside Excel. Build first: `npm run build` (npm test and npm run bench do).
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { createCustomFunctionsShim, CustomFunction, CustomFunctionsShim } from "../../src/embedded/custom-functions-shim";
import type { FunctionsMetadata, Implementations } from "../../src/embedded/hyperformula-aiprice";

/** The built add-in: dist/ of this repository, or the folder named by AIPRICE_DIST (another build). */
export const DIST = process.env.AIPRICE_DIST ? path.resolve(process.env.AIPRICE_DIST) : path.join(__dirname, "..", "..", "dist");

/** What a built add-in offers Excel. */
export interface BuiltFunctions {
  /** dist/functions.json, parsed. */
  metadata: FunctionsMetadata;
  /** Function id (upper case) -> the implementation the bundle associated with it. */
  implementations: Implementations;
  /** The stand-in the bundle ran against (its `associated` map, its `Error` class). */
  shim: CustomFunctionsShim;
  /** The bundle's source, as shipped. */
  source: string;
}

function readBuilt(dist: string, file: string): string {
  const p = path.join(dist, file);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: build the add-in first (npm run build)`);
  }
  return fs.readFileSync(p, "utf8");
}

export interface LoadOptions {
  /** Run the bundle in a fresh context whose only global is CustomFunctions (default false). */
  isolated?: boolean;
}

/**
 * Reads dist/functions.json and runs dist/functions.js against a fresh `CustomFunctions` stand-in.
 * Each call loads the bundle anew (no state is shared between callers). Throws if the files are
 * missing, the metadata is not JSON or the bundle throws while loading.
 */
export function loadBuiltFunctions(dist: string = DIST, options: LoadOptions = {}): BuiltFunctions {
  const metadata = JSON.parse(readBuilt(dist, "functions.json")) as FunctionsMetadata;
  const source = readBuilt(dist, "functions.js");
  const shim = createCustomFunctionsShim();
  const filename = path.join(dist, "functions.js");
  if (options.isolated) {
    // Only what the JavaScript-only runtime guarantees: the language itself and CustomFunctions.
    vm.runInContext(source, vm.createContext({ CustomFunctions: shim }), { filename });
  } else {
    // The bundle's own scope, with CustomFunctions as its one free name beyond the built-ins.
    const run = vm.runInThisContext(`(function (CustomFunctions) {\n${source}\n})`, { filename }) as (cf: CustomFunctionsShim) => void;
    run(shim);
  }
  const implementations: Implementations = {};
  shim.associated.forEach((fn: CustomFunction, id: string) => {
    implementations[id] = fn;
  });
  return { metadata, implementations, shim, source };
}

let cached: BuiltFunctions | null = null;

/** The built functions, loaded once per process (tests and benchmarks that only call them). */
export function builtFunctions(): BuiltFunctions {
  if (!cached) cached = loadBuiltFunctions();
  return cached;
}

/**
 * What is wrong with a build, in words (empty when nothing is): a bundle that is empty or associates
 * nothing, a function in the metadata with no implementation, an implementation the metadata does
 * not declare, a function of the contract (`required`, by name) missing from the metadata.
 */
export function buildProblems(built: BuiltFunctions, required: readonly string[]): string[] {
  const problems: string[] = [];
  if (built.source.trim().length === 0) problems.push("functions.js is empty");
  if (built.shim.associated.size === 0) problems.push("functions.js associates no function with CustomFunctions");
  const declared = new Set<string>();
  for (const f of built.metadata.functions ?? []) {
    declared.add(f.id.toUpperCase());
    if (typeof built.implementations[f.id.toUpperCase()] !== "function") problems.push(`${f.id} is in functions.json but functions.js does not associate it`);
  }
  for (const id of Object.keys(built.implementations)) {
    if (!declared.has(id)) problems.push(`functions.js associates ${id}, which functions.json does not declare`);
  }
  for (const name of required) {
    if (!built.metadata.functions?.some((f) => f.name === name)) problems.push(`${name} is missing from functions.json`);
  }
  return problems;
}
