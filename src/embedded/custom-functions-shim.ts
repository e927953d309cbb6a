/**
 * A stand-in for Excel's `CustomFunctions` global, for running the AIPRICE functions outside Excel
 * (the embedded formula engine, the workbench, tests that load the built bundle). It records the
 * `associate` calls that custom-functions-metadata-plugin appends to the bundle.
 */
import { setStackTraceLimit } from "../engine/problems";

export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export type ExcelErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * An error value a function returns (a cell's #NUM!, #N/A ...): a value, never thrown, so no call stack is
 * recorded for it (a recalculation may return thousands, one per drawn scenario of a bid not priced).
 */
export class ExcelError extends Error {
  readonly code: ExcelErrorCode;
  constructor(code: ExcelErrorCode, message?: string) {
    const limit = setStackTraceLimit(0);
    try {
      super(message ?? "");
    } finally {
      setStackTraceLimit(limit);
    }
    this.code = code;
    this.name = "CustomFunctions.Error";
  }
}

export type CustomFunction = (...args: unknown[]) => unknown;

export interface CustomFunctionsShim {
  Error: typeof ExcelError;
  ErrorCode: typeof ERROR_CODES;
  associate(idOrMap: string | Record<string, CustomFunction>, fn?: CustomFunction): void;
  /** What `associate` recorded: function id (upper case) -> implementation. */
  associated: Map<string, CustomFunction>;
}

export function createCustomFunctionsShim(): CustomFunctionsShim {
  const associated = new Map<string, CustomFunction>();
  return {
    Error: ExcelError,
    ErrorCode: ERROR_CODES,
    associated,
    associate(idOrMap, fn) {
      if (typeof idOrMap === "string") {
        if (typeof fn !== "function") throw new TypeError(`associate(${idOrMap}) needs a function`);
        associated.set(idOrMap.toUpperCase(), fn);
      } else {
        for (const [id, f] of Object.entries(idOrMap)) associated.set(id.toUpperCase(), f);
      }
    },
  };
}

/** Installs the stand-in as the global `CustomFunctions` unless a real one is there; returns it. */
export function installCustomFunctionsShim(target: Record<string, unknown> = globalThis as never): CustomFunctionsShim {
  const existing = target.CustomFunctions as CustomFunctionsShim | undefined;
  if (existing && existing.associated instanceof Map) return existing;
  const shim = createCustomFunctionsShim();
  target.CustomFunctions = shim;
  return shim;
}
