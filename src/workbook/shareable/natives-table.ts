/**
 * Excel's own functions as the shareable copy sees them: which every Excel since 2016 has (the copy may
 * keep them), which of their parameters are read whole (a range summed, searched or ranked) and which
 * element by element (so a formula broadcasts over them), and which always give a number.
 */

/** How a parameter is read: element by element ("value") or as a whole range ("range"). */
export type NativeParamKind = "value" | "range";

/**
 * Functions whose every parameter is read whole: the result is one value whatever the ranges' shapes.
 */
const AGGREGATES = new Set([
  "SUM",
  "SUMPRODUCT",
  "SUMSQ",
  "MIN",
  "MAX",
  "COUNT",
  "COUNTA",
  "COUNTBLANK",
  "AVERAGE",
  "AVERAGEA",
  "MEDIAN",
  "PRODUCT",
  "AND",
  "OR",
  "STDEV",
  "STDEV.S",
  "STDEV.P",
  "VAR",
  "VAR.S",
  "VAR.P",
  "NPV",
  "IRR",
  "ROWS",
  "COLUMNS",
  "CONCATENATE",
]);

/** Functions with some parameters read whole: the kind of each (the last repeats). */
const MIXED: Record<string, NativeParamKind[]> = {
  "PERCENTILE.INC": ["range", "value"],
  "PERCENTILE.EXC": ["range", "value"],
  PERCENTILE: ["range", "value"],
  "QUARTILE.INC": ["range", "value"],
  QUARTILE: ["range", "value"],
  SMALL: ["range", "value"],
  LARGE: ["range", "value"],
  INDEX: ["range", "value", "value"],
  MATCH: ["value", "range", "value"],
  COUNTIF: ["range", "value"],
  SUMIF: ["range", "value", "range"],
  AVERAGEIF: ["range", "value", "range"],
  VLOOKUP: ["value", "range", "value", "value"],
  HLOOKUP: ["value", "range", "value", "value"],
  LOOKUP: ["value", "range", "range"],
  RANK: ["value", "range", "value"],
  "RANK.EQ": ["value", "range", "value"],
  "RANK.AVG": ["value", "range", "value"],
  COUNTIFS: ["range", "value"],
  SUMIFS: ["range", "range", "value"],
  AVERAGEIFS: ["range", "range", "value"],
};

/** Functions read element by element (every parameter a value). */
const ELEMENTWISE = new Set([
  "IF",
  "IFERROR",
  "IFNA",
  "ISERROR",
  "ISERR",
  "ISNA",
  "ISNUMBER",
  "ISTEXT",
  "ISBLANK",
  "ISLOGICAL",
  "ISNONTEXT",
  "NOT",
  "ABS",
  "ROUND",
  "ROUNDUP",
  "ROUNDDOWN",
  "INT",
  "TRUNC",
  "CEILING",
  "FLOOR",
  "CEILING.MATH",
  "FLOOR.MATH",
  "SQRT",
  "EXP",
  "LN",
  "LOG",
  "LOG10",
  "POWER",
  "MOD",
  "SIGN",
  "UPPER",
  "LOWER",
  "PROPER",
  "TRIM",
  "LEN",
  "LEFT",
  "RIGHT",
  "MID",
  "TEXT",
  "VALUE",
  "N",
  "NA",
  "PI",
  "TRUE",
  "FALSE",
  "BETA.INV",
  "BETA.DIST",
  "NORM.INV",
  "NORM.DIST",
  "NORM.S.INV",
  "NORM.S.DIST",
  "LOGNORM.INV",
  "LOGNORM.DIST",
  "CHOOSE",
  "DATE",
  "YEAR",
  "MONTH",
  "DAY",
  "EDATE",
  "EOMONTH",
  "SUBSTITUTE",
  "REPT",
  "EXACT",
  "TODAY",
  "NOW",
  "PMT",
  "PV",
  "FV",
]);

/** Functions that always give a number (or an error): a cell computing one needs no coercion when read. */
const NUMERIC = new Set([
  "SUM",
  "SUMPRODUCT",
  "SUMSQ",
  "MIN",
  "MAX",
  "COUNT",
  "COUNTA",
  "COUNTBLANK",
  "AVERAGE",
  "MEDIAN",
  "PRODUCT",
  "STDEV",
  "STDEV.S",
  "STDEV.P",
  "VAR",
  "VAR.S",
  "VAR.P",
  "NPV",
  "IRR",
  "ROWS",
  "COLUMNS",
  "PERCENTILE.INC",
  "PERCENTILE.EXC",
  "PERCENTILE",
  "QUARTILE.INC",
  "QUARTILE",
  "SMALL",
  "LARGE",
  "MATCH",
  "COUNTIF",
  "SUMIF",
  "COUNTIFS",
  "SUMIFS",
  "RANK",
  "RANK.EQ",
  "ABS",
  "ROUND",
  "ROUNDUP",
  "ROUNDDOWN",
  "INT",
  "TRUNC",
  "CEILING",
  "FLOOR",
  "SQRT",
  "EXP",
  "LN",
  "LOG",
  "LOG10",
  "POWER",
  "MOD",
  "SIGN",
  "LEN",
  "BETA.INV",
  "BETA.DIST",
  "NORM.INV",
  "NORM.DIST",
  "NORM.S.INV",
  "PMT",
  "PV",
  "FV",
]);

/** Does every Excel since 2016 have this function (the copy may use it)? */
export function isNative2016(name: string): boolean {
  return AGGREGATES.has(name) || name in MIXED || ELEMENTWISE.has(name) || name === "TRANSPOSE";
}

/** How a native function reads its k-th argument. */
export function paramKind(name: string, k: number): NativeParamKind {
  if (AGGREGATES.has(name)) return "range";
  const kinds = MIXED[name];
  if (kinds) {
    if (name === "COUNTIFS") return k % 2 === 0 ? "range" : "value";
    if (name === "SUMIFS" || name === "AVERAGEIFS") return k === 0 || k % 2 === 1 ? "range" : "value";
    return kinds[Math.min(k, kinds.length - 1)];
  }
  return "value";
}

export function givesNumber(name: string): boolean {
  return NUMERIC.has(name);
}
