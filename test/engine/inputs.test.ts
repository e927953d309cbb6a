/**
 * Reading what the analyst types (src/engine/inputs.ts), as the pane and the CLI share it: rates read
 * 90, 90% and 0.9 alike, thousands separators and currency symbols are understood, and anything that
 * would be misread is a problem in words rather than a silent other number.
 */
import fc from "fast-check";
import { DEFAULT_QUALIFYING_SHARE, DEFAULT_SCENARIO } from "../../src/engine/defaults";
import { formatPercent, InputReading, parseCount, parseMoney, parseNumberInput, parseRate, parseTokens, PARSERS } from "../../src/engine/inputs";

function value(r: InputReading): number {
  if (!r.ok) throw new Error(`expected a value, got the problem "${r.problem}"`);
  return r.value;
}

function problem(r: InputReading): string {
  if (r.ok) throw new Error(`expected a problem, got ${r.value}`);
  return r.problem;
}

describe("rates and shares", () => {
  it.each([
    ["90", 0.9],
    ["90%", 0.9],
    ["0.9", 0.9],
    [" 90 % ", 0.9],
    ["+90%", 0.9],
    ["100", 1],
    ["100%", 1],
    ["1", 1],
    ["0", 0],
    ["0%", 0],
    [".5", 0.5],
    ["50.5", 0.505],
    ["1.5", 0.015],
    ["0.5%", 0.005],
    ["12.34%", 0.1234],
    ["2.5e1", 0.25],
  ])("reads %j as %d", (text, expected) => {
    expect(value(parseRate(text))).toBeCloseTo(expected, 12);
  });

  it("says what it understood, as a percentage", () => {
    expect(parseRate("0.9")).toEqual({ ok: true, value: 0.9, understood: "90%" });
    expect(parseRate("90")).toEqual({ ok: true, value: 0.9, understood: "90%" });
    expect(parseRate("1")).toEqual({ ok: true, value: 1, understood: "100%" });
    expect(parseRate("33.3333")).toMatchObject({ understood: "33.3333%" });
    expect(parseRate("0.07")).toMatchObject({ understood: "7%" });
  });

  it("warns below 1% (rarely meant) without refusing, and suggests the reading that was probably meant", () => {
    const r = parseRate("0.9%");
    expect(r).toMatchObject({ ok: true, value: 0.009, understood: "0.9%" });
    expect(r.ok && r.warning).toBe("0.9% is below 1%: is that what you meant? For 90%, type 90 or 0.9.");
    expect(parseRate("0.005")).toMatchObject({ ok: true, value: 0.005, warning: "0.5% is below 1%: is that what you meant?" });
    expect(parseRate("0")).toMatchObject({ ok: true, value: 0, warning: "0% is below 1%: is that what you meant?" });
    expect(parseRate("1%")).toEqual({ ok: true, value: 0.01, understood: "1%" });
    expect(parseRate("0.5%", { plausibleFrom: 0.001 })).toEqual({ ok: true, value: 0.005, understood: "0.5%" });
  });

  it.each([
    ["150", /^enter a percentage from 0 to 100 \(150 reads as 150%/],
    ["150%", /^enter a percentage from 0 to 100 \(150% reads as 150%/],
    ["100.01", /^enter a percentage from 0 to 100/],
    ["-5", /^cannot be negative/],
    ["-0.5%", /^cannot be negative/],
    ["", /^is empty: enter a percentage, e\.g\. 90%, 90 or 0\.9/],
    ["   ", /^is empty/],
    ["ninety", /^enter a percentage, e\.g\. 90%/],
    ["90%%", /percent sign once/],
    ["%90", /percent sign once|enter a percentage/],
    ["0,9", /^write decimals with a point/],
    ["9 0", /^is not a number as written/],
    ["$90", /^enter a percentage/],
    ["NaN", /^enter a percentage/],
    ["Infinity", /^enter a percentage/],
    ["1e999", /too large/],
  ])("refuses %j in words", (text, message) => {
    expect(problem(parseRate(text))).toMatch(message);
  });

  it("reads every percentage from 0% to 100% back as the fraction it names, typed with or without the sign", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (hundredths) => {
        const pct = hundredths / 100;
        const fraction = pct / 100;
        expect(value(parseRate(`${pct}%`))).toBeCloseTo(fraction, 12);
        if (pct > 1) expect(value(parseRate(String(pct)))).toBeCloseTo(fraction, 12);
        expect(value(parseRate(String(fraction)))).toBeCloseTo(fraction, 12);
        // What the pane shows back reads as the same value.
        expect(value(parseRate(formatPercent(fraction)))).toBeCloseTo(fraction, 12);
      }),
    );
  });
});

describe("counts, tokens, money and plain numbers", () => {
  it("accepts the analyst's thousands separators, one kind per number, in groups of three", () => {
    for (const t of ["100000", "100,000", "100 000", "100\u00a0000", "100\u202f000", "100'000", "100_000", "1e5", "1,000,000.5"]) {
      expect(value(parseCount(t))).toBe(t.startsWith("1,000,000") ? 1000000.5 : 100000);
    }
    expect(parseCount("1e5")).toEqual({ ok: true, value: 100000, understood: "100,000" });
    expect(problem(parseCount("100,00"))).toMatch(/write decimals with a point/);
    expect(problem(parseCount("1,00,000"))).toMatch(/groups of three/);
    expect(problem(parseCount("100,000 000"))).toMatch(/groups of three/);
    expect(problem(parseCount("10,0000"))).toMatch(/groups of three/);
  });

  it("reads every whole number written with en-US grouping back as itself", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(value(parseCount(n.toLocaleString("en-US")))).toBe(n);
        expect(value(parseTokens(n.toLocaleString("en-US")))).toBe(n);
      }),
    );
  });

  it("keeps conversations at 1 or more and tokens at 0 or more", () => {
    expect(problem(parseCount("0"))).toBe("enter at least 1 (costs are spread over the conversations)");
    expect(problem(parseCount("lots"))).toBe("enter a number, e.g. 100,000");
    expect(value(parseTokens("0"))).toBe(0);
    expect(problem(parseTokens("-1"))).toBe("cannot be negative (you typed -1)");
    expect(problem(parseTokens("20k"))).toBe("enter a number, e.g. 20,000");
  });

  it("reads money with a currency symbol before or after, never a negative amount", () => {
    for (const t of ["3.5", "$3.50", "$ 3.50", "US$3.50", "3.50 €", "3.50€", "£3.5", "+$3.50"]) expect(value(parseMoney(t))).toBe(3.5);
    expect(parseMoney("$1,250")).toEqual({ ok: true, value: 1250, understood: "1,250.00" });
    expect(problem(parseMoney("-$3"))).toBe("cannot be negative (you typed -$3)");
    expect(problem(parseMoney("$-3"))).toBe("cannot be negative (you typed $-3)");
    expect(problem(parseMoney("$$3"))).toMatch(/^enter a number/);
    expect(problem(parseMoney("3,50"))).toMatch(/^write decimals with a point, e\.g\. 3\.50/);
    // A currency symbol only where money is meant.
    expect(problem(parseCount("$100"))).toMatch(/^enter a number/);
  });

  it("bounds a plain number as asked", () => {
    expect(value(parseNumberInput("2", { min: 1, integer: true }))).toBe(2);
    expect(problem(parseNumberInput("0", { min: 1 }))).toBe("enter 1 or more (you typed 0)");
    expect(problem(parseNumberInput("1.5", { integer: true }))).toBe("enter a whole number (you typed 1.5)");
    expect(problem(parseNumberInput("11", { max: 10 }))).toBe("enter at most 10 (you typed 11)");
    expect(value(PARSERS.number("-0"))).toBe(0);
    expect(Object.is(value(PARSERS.number("-0")), -0)).toBe(false);
  });
});

describe("the scenario defaults, defined once", () => {
  it("every AI resolution qualifies unless the analyst says otherwise", () => {
    expect(DEFAULT_QUALIFYING_SHARE).toBe(1);
    expect(DEFAULT_SCENARIO.qualifyingShare).toBe(DEFAULT_QUALIFYING_SHARE);
  });

  it("are the guide's worked example, and frozen", () => {
    expect(DEFAULT_SCENARIO).toEqual({ conversations: 100000, resolutionRate: 0.9, humanCost: 3, qualifyingShare: 1, tokens: { input: 20000, output: 6000, cachedInput: 0 } });
    expect(Object.isFrozen(DEFAULT_SCENARIO) && Object.isFrozen(DEFAULT_SCENARIO.tokens)).toBe(true);
  });
});
