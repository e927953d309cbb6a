/**
 * Excel number format codes, for showing the embedded workbook's values as Excel would show them:
 * sections (positive;negative;zero;text), 0 # ? placeholders, thousands separators and scaling
 * commas, decimals, %, scientific E+00, quoted and escaped literals, [$€-407] currency tags,
 * [Red] colours and _x spacing. General shows up to 11 characters like Excel's default column.
 * Dates are not used by the comparison sheet; a date code shows the serial number as General.
 */

export interface Formatted {
  text: string;
  /** A colour named in the format ([Red] ...), lower case, if any. */
  color?: string;
}

interface Section {
  tokens: Token[];
  color?: string;
  condition?: { op: string; value: number };
}

type Token = { kind: "literal"; text: string } | { kind: "digit"; ch: "0" | "#" | "?" } | { kind: "point" } | { kind: "comma" } | { kind: "percent" } | { kind: "exp"; sign: "+" | "-" } | { kind: "text" };

const COLORS = new Set(["black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"]);

function splitSections(code: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && !quoted && i + 1 < code.length) {
      cur += ch + code[++i];
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseSection(src: string): Section {
  const tokens: Token[] = [];
  const section: Section = { tokens };
  const lit = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === "literal") last.text += text;
    else tokens.push({ kind: "literal", text });
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      lit(src.slice(i + 1, end < 0 ? src.length : end));
      i = end < 0 ? src.length : end;
    } else if (ch === "\\") {
      if (i + 1 < src.length) lit(src[++i]);
    } else if (ch === "[") {
      const end = src.indexOf("]", i + 1);
      const inner = src.slice(i + 1, end < 0 ? src.length : end);
      i = end < 0 ? src.length : end;
      const lower = inner.toLowerCase();
      const cond = /^(<=|>=|<>|<|>|=)\s*(-?[\d.]+)$/.exec(inner);
      if (COLORS.has(lower)) section.color = lower;
      else if (cond) section.condition = { op: cond[1], value: Number(cond[2]) };
      else if (inner.startsWith("$")) lit(inner.slice(1).split("-")[0]);
      // [h], [mm] and other tags: dates and times, not used here.
    } else if (ch === "_") {
      i++;
      lit(" ");
    } else if (ch === "*") {
      i++; // fill character: no column to fill here
    } else if (ch === "0" || ch === "#" || ch === "?") {
      tokens.push({ kind: "digit", ch });
    } else if (ch === ".") {
      tokens.push({ kind: "point" });
    } else if (ch === ",") {
      tokens.push({ kind: "comma" });
    } else if (ch === "%") {
      tokens.push({ kind: "percent" });
      lit("%");
    } else if ((ch === "E" || ch === "e") && (src[i + 1] === "+" || src[i + 1] === "-")) {
      tokens.push({ kind: "exp", sign: src[i + 1] as "+" | "-" });
      i++;
    } else if (ch === "@") {
      tokens.push({ kind: "text" });
    } else {
      lit(ch);
    }
  }
  return section;
}

/**
 * General: as many digits as fit in `maxChars` characters (11 at most, as Excel's General), rounding
 * the last one shown; scientific notation when the number is too large or too small to show so.
 * Returns "#" when not even that fits.
 */
export function formatGeneral(n: number, maxChars = 11): string {
  if (!Number.isFinite(n)) return "#NUM!";
  if (n === 0) return "0";
  const width = Math.max(1, Math.min(11, Math.floor(maxChars)));
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  const scientific = (): string => {
    const exp = Math.floor(Math.log10(abs));
    for (let digits = 5; digits >= 0; digits--) {
      let [m, e] = abs.toExponential(digits).split("e");
      if (Number(e) !== exp) {
        // rounding carried into the next power of ten (9.99 -> 10.0)
        [m, e] = (abs / 10).toExponential(digits).split("e");
      }
      const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
      const realExp = Number(e);
      const text = `${sign}${mant}E${realExp < 0 ? "-" : "+"}${String(Math.abs(realExp)).padStart(2, "0")}`;
      if (text.length <= width) return text;
    }
    return "#".repeat(width);
  };
  if (abs >= 1e11 || abs < 1e-9) return scientific();
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  if (sign.length + intDigits > width) return scientific();
  const room = width - sign.length - intDigits - 1; // decimals that fit beside the point
  let text = abs.toFixed(Math.max(0, Math.min(room, 9)));
  if (text.includes(".")) text = text.replace(/\.?0+$/, "");
  if (text.length + sign.length > width) text = abs.toFixed(0); // rounding carried a digit
  if (Number(text) === 0 || sign.length + text.length > width) {
    // too small to show in fixed notation here (or rounding overflowed): scientific, as Excel does
    return scientific();
  }
  return sign + text;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatNumberSection(value: number, section: Section): string {
  const t = section.tokens;
  const numeric = t.filter((x) => x.kind === "digit" || x.kind === "point" || x.kind === "exp");
  const percents = t.filter((x) => x.kind === "percent").length;
  let v = value * Math.pow(100, percents);
  if (numeric.length === 0) {
    // Only literals: the section is shown as its text (e.g. "-" for zero).
    return t.map((x) => (x.kind === "literal" ? x.text : "")).join("");
  }
  // Layout of the number part: integer placeholders, decimal placeholders, exponent.
  const firstNum = t.findIndex((x) => x.kind === "digit" || x.kind === "point");
  let lastNum = -1;
  t.forEach((x, i) => {
    if (x.kind === "digit" || x.kind === "point" || x.kind === "exp" || (x.kind === "comma" && i > firstNum)) lastNum = i;
  });
  const body = t.slice(firstNum, lastNum + 1);
  const pointAt = body.findIndex((x) => x.kind === "point");
  const expAt = body.findIndex((x) => x.kind === "exp");
  const intPart = body.slice(0, pointAt >= 0 ? pointAt : expAt >= 0 ? expAt : body.length);
  const fracPart = pointAt >= 0 ? body.slice(pointAt + 1, expAt >= 0 ? expAt : body.length) : [];
  const expPart = expAt >= 0 ? body.slice(expAt + 1) : [];
  // Commas right after the last integer digit scale by 1000 each; commas between digits group.
  let scaleCommas = 0;
  for (let i = intPart.length - 1; i >= 0 && intPart[i].kind === "comma"; i--) scaleCommas++;
  const intDigits = intPart.slice(0, intPart.length - scaleCommas);
  const grouping = intDigits.some((x) => x.kind === "comma");
  v = v / Math.pow(1000, scaleCommas);
  const minInt = intDigits.filter((x) => x.kind === "digit" && x.ch === "0").length;
  const fracDigits = fracPart.filter((x) => x.kind === "digit") as { kind: "digit"; ch: string }[];
  const maxFrac = fracDigits.length;
  const minFrac = (() => {
    let n = 0;
    fracDigits.forEach((d, i) => {
      if (d.ch === "0") n = i + 1;
    });
    return n;
  })();

  let exponentText = "";
  if (expAt >= 0) {
    const expToken = body[expAt] as { kind: "exp"; sign: "+" | "-" };
    const intSlots = Math.max(1, intDigits.filter((x) => x.kind === "digit").length);
    let exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
    exp = Math.floor(exp / intSlots) * intSlots;
    v = v / Math.pow(10, exp);
    const expDigits = Math.max(1, expPart.filter((x) => x.kind === "digit" && x.ch === "0").length);
    exponentText = `E${exp < 0 ? "-" : expToken.sign === "+" ? "+" : ""}${String(Math.abs(exp)).padStart(expDigits, "0")}`;
  }

  const abs = Math.abs(v);
  if (!Number.isFinite(abs)) return formatGeneral(value); // scaling (%) overflowed: no digits to place
  let fixed = abs.toFixed(maxFrac);
  // From 1e21 on, toFixed writes exponential notation; such a double is a whole number: its exact digits.
  if (abs >= 1e21) fixed = `${BigInt(abs).toString()}${maxFrac > 0 ? "." + "0".repeat(maxFrac) : ""}`;
  // toFixed rounds half away from zero on the binary value; Excel rounds the decimal it shows.
  const decimalRounded = Number(Math.round(Number(abs + "e" + maxFrac)) + "e-" + maxFrac);
  if (Number.isFinite(decimalRounded) && abs < 1e21) fixed = decimalRounded.toFixed(maxFrac);
  let [intText, fracText = ""] = fixed.split(".");
  if (intText === "0" && minInt === 0) intText = "";
  intText = intText.padStart(minInt, "0");
  if (grouping) intText = groupThousands(intText);
  while (fracText.length > minFrac && fracText.endsWith("0")) fracText = fracText.slice(0, -1);
  const showPoint = pointAt >= 0;
  const numberText = intText + (showPoint ? "." + fracText : "") + exponentText;

  const before = t
    .slice(0, firstNum)
    .map((x) => (x.kind === "literal" ? x.text : ""))
    .join("");
  const after = t
    .slice(lastNum + 1)
    .map((x) => (x.kind === "literal" ? x.text : ""))
    .join("");
  return before + numberText + after;
}

function conditionHolds(c: { op: string; value: number }, v: number): boolean {
  switch (c.op) {
    case "<":
      return v < c.value;
    case "<=":
      return v <= c.value;
    case ">":
      return v > c.value;
    case ">=":
      return v >= c.value;
    case "=":
      return v === c.value;
    case "<>":
      return v !== c.value;
  }
  return false;
}

const cache = new Map<string, Section[]>();

function sectionsOf(code: string): Section[] {
  let s = cache.get(code);
  if (!s) {
    s = splitSections(code).map(parseSection);
    cache.set(code, s);
  }
  return s;
}

/** A cell value shown with an Excel number format code. */
export function formatValue(value: number | string | boolean | null, code: string | undefined, generalChars = 11): Formatted {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  const format = (code ?? "").trim();
  if (typeof value === "string") {
    const sections = format ? sectionsOf(format) : [];
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => s.tokens.some((x) => x.kind === "text"));
    if (!textSection) return { text: value };
    return { text: textSection.tokens.map((x) => (x.kind === "literal" ? x.text : x.kind === "text" ? value : "")).join(""), color: textSection.color };
  }
  if (!Number.isFinite(value)) return { text: "#NUM!" };
  if (!format || /^general$/i.test(format) || /[dmyhs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "").replace(/E[+-]/gi, ""))) {
    return { text: formatGeneral(value, generalChars) };
  }
  const sections = sectionsOf(format);
  let section: Section;
  let v = value;
  const conditional = sections.some((s) => s.condition);
  if (conditional) {
    section = sections.find((s) => s.condition && conditionHolds(s.condition, value)) ?? sections.find((s) => !s.condition) ?? sections[0];
    return { text: (value < 0 && !section.condition ? "-" : "") + formatNumberSection(Math.abs(v), section), color: section.color };
  }
  if (sections.length === 1 || (value > 0 && sections.length >= 1) || (value === 0 && sections.length < 3)) {
    section = sections[0];
    const text = formatNumberSection(Math.abs(v), section);
    return { text: v < 0 ? `-${text}` : text, color: section.color };
  }
  if (value < 0) {
    section = sections[1];
    v = Math.abs(value);
    return { text: formatNumberSection(v, section), color: section.color };
  }
  section = sections[2];
  return { text: formatNumberSection(0, section), color: section.color };
}

/**
 * The smallest step between two numbers that a format code can show apart: 0.01 for "0.00", 0.001 for
 * "0.0%", 1000 for "#,##0,\k". 0 for General and scientific codes (any step shows). Used to keep a
 * chart's axis steps from being finer than its labels can show.
 */
export function formatStep(code: string | undefined): number {
  const format = (code ?? "").trim();
  if (!format || /^general$/i.test(format)) return 0;
  const section = sectionsOf(format)[0];
  if (!section || section.tokens.some((x) => x.kind === "exp")) return 0;
  const t = section.tokens;
  const digitAt = t.findIndex((x) => x.kind === "digit" || x.kind === "point");
  if (digitAt < 0) return 0;
  const pointAt = t.findIndex((x) => x.kind === "point");
  let decimals = 0;
  let scaleCommas = 0;
  if (pointAt >= 0) {
    for (let i = pointAt + 1; i < t.length && (t[i].kind === "digit" || t[i].kind === "comma"); i++) if (t[i].kind === "digit") decimals++;
  } else {
    // Commas right after the last integer digit scale by 1000 each.
    let last = -1;
    t.forEach((x, i) => {
      if (x.kind === "digit") last = i;
    });
    for (let i = last + 1; i < t.length && t[i].kind === "comma"; i++) scaleCommas++;
  }
  const percents = t.filter((x) => x.kind === "percent").length;
  return Number(`1e${scaleCommas * 3 - decimals - 2 * percents}`);
}
