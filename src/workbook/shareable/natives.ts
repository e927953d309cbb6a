/**
 * Each AIPRICE function that works cell by cell (src/functions/cells.ts `cellwise`), written in native
 * Excel: IF, ISTEXT, ISLOGICAL, UPPER, TRIM, INT, arithmetic and comparisons, which every Excel since
 * 2016 has, and all of which work element by element over arrays. So the same text computes one value
 * from single values, or a whole row from rows inside an array formula, broadcasting as the function
 * does (a single value, row or column stretches; cells beyond a shorter range are #N/A).
 * How the native form reads and checks its arguments in the function's order: docs/sharing.md#native-forms-cell-by-cell.
 */
import { bin, bool, call, err, Expr, IF, num, str, sum, unparen } from "./formula";

/** One argument of a call: its expression (null when omitted), and whether it surely is a number or an error. */
export interface NativeArg {
  expr: Expr | null;
  /**
   * The expression always gives a number or an error (arithmetic, an AIPRICE result, a reference to a
   * cell computing one), never text, a blank or TRUE/FALSE: it needs no coercion.
   */
  numeric: boolean;
}

export type ParamKind = "number" | "flag";

export interface NativeParam {
  name: string;
  kind: ParamKind;
  optional: boolean;
}

const NUM = "#NUM!";
const DIV0 = "#DIV/0!";
const VALUE = "#VALUE!";

const p = (name: string, kind: ParamKind = "number", optional = false): NativeParam => ({ name, kind, optional });
const opt = (name: string, kind: ParamKind = "number"): NativeParam => p(name, kind, true);

/**
 * The value of a number argument as the function reads it: blank (or "") -> the default (0 for a
 * required one), text -> #VALUE!, TRUE/FALSE -> 1/0, an error stays.
 */
export function numberValue(a: NativeArg, fallback: Expr = num(0)): Expr {
  const e = a.expr === null ? null : unparen(a.expr);
  if (e === null) return fallback;
  switch (e.type) {
    case "number":
    case "error":
      return a.expr!;
    case "boolean":
      return num(e.value ? 1 : 0);
    case "string":
      return e.value === "" ? fallback : err(VALUE);
    default:
      break;
  }
  if (a.numeric) return a.expr!;
  const x = a.expr!;
  return IF(bin("=", x, str("")), fallback, IF(call("ISTEXT", x), err(VALUE), bin("+", x, num(0))));
}

/** The value of a TRUE/FALSE argument: a number is TRUE unless 0, "TRUE"/"FALSE" as text count, other text is #VALUE!. */
export function flagValue(a: NativeArg, fallback: Expr): Expr {
  const e = a.expr === null ? null : unparen(a.expr);
  if (e === null) return fallback;
  switch (e.type) {
    case "boolean":
    case "error":
      return a.expr!;
    case "number":
      return bool(e.value !== 0);
    case "string": {
      const t = e.value.trim().toUpperCase();
      return e.value === "" ? fallback : t === "TRUE" ? bool(true) : t === "FALSE" ? bool(false) : err(VALUE);
    }
    default:
      break;
  }
  const x = a.expr!;
  const word = call("UPPER", call("TRIM", x));
  return IF(bin("=", x, str("")), fallback, IF(call("ISLOGICAL", x), x, IF(call("ISTEXT", x), IF(bin("=", word, str("TRUE")), bool(true), IF(bin("=", word, str("FALSE")), bool(false), err(VALUE))), bin("<>", x, num(0)))));
}

const lt0 = (x: Expr) => bin("<", x, num(0));
/** x < 0 or x > 1 (not a fraction), as a sum of TRUE/FALSE. */
const notFraction = (x: Expr) => bin("+", bin("<", x, num(0)), bin(">", x, num(1)));
/** A term that only carries an argument's error into the first test (0 otherwise). */
const carry = (x: Expr) => bin("*", num(0), x);

/**
 * A native function: its parameters, the checks whose failures are #NUM! (one expression per
 * argument, in argument order; null: that argument has none), the checks after them in order, and the
 * result. `v` are the arguments' values as the function reads them.
 */
interface CellwiseNative {
  params: NativeParam[];
  /** Per argument: its defaults when omitted or blank (for optional ones), given the values before it. */
  defaults?: (v: Expr[]) => (Expr | undefined)[];
  numChecks(v: Expr[]): (Expr | null)[];
  later?(v: Expr[]): [Expr, string][];
  result(v: Expr[]): Expr;
}

const MILLION = num(1e6);

/**
 * The native forms, by function name. Each follows its engine function line by line (same checks, same
 * order, same arithmetic in the same order, so the same floating-point result).
 */
export const CELLWISE: Record<string, CellwiseNative> = {
  TOKEN_COST: {
    params: [p("input_tokens"), p("output_tokens"), p("input_price_per_mtok"), p("output_price_per_mtok"), opt("cached_input_tokens"), opt("cached_input_price_per_mtok"), opt("attempts")],
    // cached price defaults to the input price; attempts to 1.
    defaults: (v) => [undefined, undefined, undefined, undefined, num(0), v[2], num(1)],
    numChecks: ([i, o, ip, op, c, cp, a]) => [lt0(i), lt0(o), lt0(ip), lt0(op), lt0(c), lt0(cp), bin("+", lt0(a), bin(">", c, i))],
    // attempts x ((input - cached) x input price + cached x cached price + output x output price) / 1e6
    result: ([i, o, ip, op, c, cp, a]) => bin("/", bin("*", a, sum([bin("*", bin("-", i, c), ip), bin("*", c, cp), bin("*", o, op)])), MILLION),
  },
  SEAT_COST: {
    params: [p("price_per_seat"), p("seats"), p("conversations")],
    numChecks: ([pr, s, v]) => [lt0(pr), lt0(s), lt0(v)],
    later: ([, , v]) => [[bin("=", v, num(0)), DIV0]],
    result: ([pr, s, v]) => bin("/", bin("*", pr, s), v),
  },
  RESOLUTION_FEE: {
    params: [p("price_per_resolution"), p("resolution_rate")],
    numChecks: ([pr, r]) => [lt0(pr), notFraction(r)],
    result: ([pr, r]) => bin("*", pr, r),
  },
  OUTCOME_FEE: {
    params: [p("price_per_outcome"), p("resolution_rate"), p("qualifying_share")],
    numChecks: ([pr, r, q]) => [lt0(pr), notFraction(r), notFraction(q)],
    result: ([pr, r, q]) => bin("*", bin("*", pr, r), q),
  },
  SLA_GATE: {
    params: [p("amount"), p("measured"), p("threshold"), opt("higher_is_better", "flag"), opt("credit_share")],
    defaults: () => [undefined, undefined, undefined, bool(true), num(1)],
    numChecks: ([a, , , , cs]) => [lt0(a), null, null, null, notFraction(cs)],
    result: ([a, m, t, hib, cs]) => IF(IF(hib, bin(">=", m, t), bin("<", m, t)), a, bin("*", a, bin("-", num(1), cs))),
  },
  REVSHARE_FEE: {
    params: [p("baseline_cost"), p("ai_cost"), p("resolution_rate"), p("share")],
    numChecks: ([b, ai, r, s]) => [lt0(b), lt0(ai), notFraction(r), notFraction(s)],
    result: ([b, ai, r, s]) => revshareFee(b, ai, r, s),
  },
  REVSHARE_NET: {
    params: [p("baseline_cost"), p("ai_cost"), p("resolution_rate"), p("share"), opt("buyer_pays_ai_cost", "flag")],
    defaults: () => [undefined, undefined, undefined, undefined, bool(true)],
    numChecks: ([b, ai, r, s]) => [lt0(b), lt0(ai), notFraction(r), notFraction(s), null],
    // (ai_cost if the buyer pays it, else 0) + the fee
    result: ([b, ai, r, s, pays]) => bin("+", IF(pays, ai, num(0)), revshareFee(b, ai, r, s)),
  },
  TCO_PER_CONVERSATION: {
    params: [p("vendor_cost"), opt("supplied_cost"), opt("fixed_monthly_cost"), opt("conversations"), opt("one_time_cost"), opt("term_months")],
    // An omitted conversations counts as 0: either way fixed or one-time costs cannot be spread (#DIV/0!).
    defaults: () => [undefined, num(0), num(0), num(0), num(0), num(12)],
    numChecks: ([vc, s, f, v, i, m]) => [lt0(vc), lt0(s), lt0(f), lt0(v), lt0(i), lt0(m)],
    // Without fixed or one-time costs nothing is spread (conversations are not needed); else
    // conversations of 0 (or omitted) cannot spread them, and one-time costs need a term.
    result: ([vc, s, f, v, i, m]) =>
      IF(
        bin("*", bin("=", f, num(0)), bin("=", i, num(0))),
        bin("+", vc, s),
        IF(bin("=", v, num(0)), err(DIV0), IF(bin("*", bin(">", i, num(0)), bin("=", m, num(0))), err(DIV0), bin("+", bin("+", vc, s), bin("/", IF(bin(">", i, num(0)), bin("+", f, bin("/", i, m)), f), v)))),
      ),
  },
  COST_PER_RESOLUTION: {
    params: [p("cost_per_conversation"), p("resolution_rate")],
    numChecks: ([c, r]) => [lt0(c), notFraction(r)],
    later: ([, r]) => [[bin("=", r, num(0)), DIV0]],
    result: ([c, r]) => bin("/", c, r),
  },
  BLENDED_COST: {
    params: [p("ai_cost_per_conversation"), p("resolution_rate"), p("human_cost")],
    numChecks: ([a, r, h]) => [lt0(a), notFraction(r), lt0(h)],
    result: ([a, r, h]) => bin("+", a, bin("*", bin("-", num(1), r), h)),
  },
  BREAKEVEN_RESOLUTION_RATE: {
    params: [p("price_per_conversation"), p("price_per_resolution")],
    numChecks: ([pc, pr]) => [lt0(pc), lt0(pr)],
    later: ([, pr]) => [[bin("=", pr, num(0)), DIV0]],
    result: ([pc, pr]) => bin("/", pc, pr),
  },
  BREAKEVEN_VOLUME: {
    params: [p("fixed_cost"), p("variable_cost"), p("alternative_variable_cost")],
    numChecks: ([f, v, alt]) => [lt0(f), lt0(v), bin("+", lt0(alt), bin("<=", alt, v))],
    result: ([f, v, alt]) => bin("/", f, bin("-", alt, v)),
  },
  ALLOWANCE_COST: {
    params: [p("quantity"), p("included"), p("overage_price"), opt("platform_fee")],
    defaults: () => [undefined, undefined, undefined, num(0)],
    numChecks: ([q, inc, o, fee]) => [lt0(q), lt0(inc), lt0(o), lt0(fee)],
    // platform_fee + max(0, quantity - included) x overage_price (max written as IF: it works per element)
    result: ([q, inc, o, fee]) => bin("+", fee, bin("*", IF(bin("<", bin("-", q, inc), num(0)), num(0), bin("-", q, inc)), o)),
  },
  CHARGE_COST: {
    params: [p("units"), p("unit_price"), opt("included_units"), opt("package_size"), opt("minimum_charge")],
    // No package size reads as "" (text no number equals): "no packages", where a typed 0 is #NUM!.
    defaults: () => [undefined, undefined, num(0), str(""), num(0)],
    numChecks: ([u, pr, inc, size, min]) => [lt0(u), lt0(pr), lt0(inc), IF(noPackages(size), bool(false), bin("<=", size, num(0))), lt0(min)],
    result: ([u, pr, inc, size, min]) => chargeCost(u, pr, inc, size, min),
  },
  DISPUTE_EXPOSURE: {
    params: [p("billed_resolutions"), p("verified_share"), p("price_per_resolution")],
    numChecks: ([b, v, pr]) => [lt0(b), notFraction(v), lt0(pr)],
    result: ([b, v, pr]) => bin("*", bin("*", b, bin("-", num(1), v)), pr),
  },
  ESCALATED_PRICE: {
    params: [p("price"), p("annual_rate"), p("month"), opt("every_months")],
    defaults: () => [undefined, undefined, undefined, num(12)],
    // month and every_months: whole numbers of 1 or more
    numChecks: ([pr, rate, month, every]) => [lt0(pr), bin("<", rate, num(-1)), notWholeMonths(month), notWholeMonths(every)],
    // price x (1 + rate)^floor((month - 1) / every); Excel's 0^0 is #NUM! where JavaScript's is 1, so no step is x 1
    result: ([pr, rate, month, every]) => {
      const steps = call("INT", bin("/", bin("-", month, num(1)), every));
      return bin("*", pr, IF(bin("=", steps, num(0)), num(1), bin("^", bin("+", num(1), rate), steps)));
    },
  },
};

function revshareFee(b: Expr, ai: Expr, r: Expr, s: Expr): Expr {
  // share x max(0, (baseline - ai_cost) x r)
  const saving = bin("*", bin("-", b, ai), r);
  return bin("*", s, IF(bin("<", saving, num(0)), num(0), saving));
}

const noPackages = (size: Expr) => bin("=", size, str(""));

/** CHARGE_COST as the engine computes it (src/engine/measures.ts chargeCost and wholePackages). */
function chargeCost(u: Expr, pr: Expr, inc: Expr, size: Expr, min: Expr): Expr {
  const over = bin("-", u, inc);
  const billable = IF(bin("<", over, num(0)), num(0), over);
  // Omitted (a literal default), the package size and the minimum need no test: the formula stays short.
  const literal = (x: Expr) => unparen(x);
  const s = literal(size);
  const noSize = s.type === "string" && s.value === "";
  // n = INT(q + 0.5); n + (q - n > 1e-9 x n): the whole packages (TRUE counts 1).
  const q = bin("/", billable, size);
  const n = call("INT", bin("+", q, num(0.5)));
  const packages = bin("+", n, bin(">", bin("-", q, n), bin("*", num(1e-9), n)));
  const charge = bin("*", noSize ? billable : IF(noPackages(size), billable, packages), pr);
  const m = literal(min);
  return m.type === "number" && m.value === 0 ? charge : IF(bin("<", charge, min), min, charge);
}

function notWholeMonths(x: Expr): Expr {
  return bin("+", bin("<", x, num(1)), bin("<>", x, call("INT", x)));
}

export function isCellwise(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CELLWISE, name);
}

/** The parameters of a cellwise function (for the translator's shapes and the explainer). */
export function cellwiseParams(name: string): NativeParam[] {
  return CELLWISE[name].params;
}

/**
 * The values of a call's arguments as the function reads them (coerced, defaults filled in), for
 * native forms built by hand (PERT_DRAWS, TIERED_COST, CONTEXT_TOKEN_COST).
 */
export function readArgs(params: NativeParam[], args: NativeArg[], defaults: (v: Expr[]) => (Expr | undefined)[] = () => []): Expr[] {
  const v: Expr[] = [];
  params.forEach((param, k) => {
    const a = args[k] ?? { expr: null, numeric: false };
    const d = defaults(v)[k];
    v.push(param.kind === "flag" ? flagValue(a, d ?? bool(true)) : numberValue(a, d ?? num(0)));
  });
  return v;
}

/**
 * The first test of a native form: the #NUM! checks of every argument, summed in argument order (an
 * argument without one carries only its error). TRUE when any check fails; an error when an argument
 * holds one (the first in order).
 */
export function firstTest(values: Expr[], checks: (Expr | null)[]): Expr {
  return sum(values.map((v, k) => checks[k] ?? carry(v)));
}

/** The native formula of a cellwise AIPRICE function over its arguments' expressions. */
export function cellwiseNative(name: string, args: NativeArg[]): Expr {
  const spec = CELLWISE[name];
  if (!spec) throw new Error(`internal: ${name} is not a cellwise AIPRICE function`);
  if (args.length > spec.params.length) return err(VALUE); // Excel would not accept the formula
  const v = readArgs(spec.params, args, spec.defaults);
  let body = spec.result(v);
  for (const [cond, code] of [...(spec.later?.(v) ?? [])].reverse()) body = IF(cond, err(code), body);
  return IF(firstTest(v, spec.numChecks(v)), err(NUM), body);
}
