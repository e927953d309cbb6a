import { formatGeneral, formatValue } from "../../src/workbench/number-format";

const f = (v: number | string | boolean | null, code?: string) => formatValue(v, code).text;

describe("Excel number formats in the workbench grid", () => {
  test.each([
    [0.4599999999, "0.00", "0.46"],
    [0.51111111, "0.0000", "0.5111"],
    [1.1375, "0.000", "1.138"],
    [1.0005, "0.000", "1.001"], // Excel rounds the decimal it shows, half up
    [100000, "#,##0", "100,000"],
    [-1234567.891, "#,##0.00", "-1,234,567.89"],
    [0.9, "0%", "90%"],
    [0.905, "0.0%", "90.5%"],
    [0.8375, "$#,##0.00", "$0.84"],
    [-0.8375, "$#,##0.00", "-$0.84"],
    [-5, "#,##0.00;(#,##0.00)", "(5.00)"],
    [0, '#,##0.00;-#,##0.00;"-"', "-"],
    [1234, '0.00 "per month"', "1234.00 per month"],
    [12000, "#,##0,\\k", "12k"],
    [0.5, "#.##", ".5"],
    [3, "0.0#", "3.0"],
    [3.14159, "0.0#", "3.14"],
    [123456, "0.00E+00", "1.23E+05"],
    [1.5, "[$€-407] #,##0.00", "€ 1.50"],
    [2, "[Red]0.00", "2.00"],
    [42, "General", "42"],
    [0.1 + 0.2, "General", "0.3"],
    [1 / 3, undefined, "0.333333333"],
  ])("%p with %p shows %p", (value, code, shown) => {
    expect(f(value, code)).toBe(shown);
  });

  test("text, booleans and blanks", () => {
    expect(f("Bid A", "0.00")).toBe("Bid A");
    expect(f("x", '"Note: "@')).toBe("Note: x");
    expect(f(true, "0.00")).toBe("TRUE");
    expect(f(null, "0.00")).toBe("");
  });

  test("colours are reported, not printed", () => {
    expect(formatValue(-3, "0.00;[Red]-0.00")).toEqual({ text: "-3.00", color: "red" });
  });

  test("General shows as many digits as the column has room for, rounding the last", () => {
    expect(formatGeneral(0.46 / 0.6, 8)).toBe("0.766667");
    expect(formatGeneral(0.46 / 0.7, 8)).toBe("0.657143");
    expect(formatGeneral(-0.46 / 0.6, 8)).toBe("-0.76667");
    expect(formatGeneral(1234567.891, 8)).toBe("1234568");
    expect(formatGeneral(123456789, 6)).toBe("1E+08");
    expect(formatGeneral(123456789, 7)).toBe("1.2E+08");
    expect(formatGeneral(9.9999999, 4)).toBe("10");
    expect(formatGeneral(123456789, 3)).toBe("###");
    expect(formatValue(0.46 / 0.6, "General", 8).text).toBe("0.766667");
  });

  test("General keeps to about 11 characters", () => {
    expect(formatGeneral(123456789012)).toBe("1.23457E+11");
    expect(formatGeneral(0.000000000123)).toBe("1.23E-10");
    expect(formatGeneral(-2.5)).toBe("-2.5");
    expect(formatGeneral(1234567.891234)).toBe("1234567.891");
  });

  test("the largest numbers: all their digits, never exponent text inside a fixed format", () => {
    expect(f(1e21, "#,##0")).toBe("1,000,000,000,000,000,000,000");
    expect(f(1e22, "0.00")).toBe("10000000000000000000000.00");
    expect(f(Number.MAX_VALUE, "#,##0.00").replace(/[,.]/g, "")).toMatch(/^17976931348623157\d{292}00$/);
    // A percentage that overflows when scaled shows the number itself.
    expect(f(-Number.MAX_VALUE, "0%")).toBe(`-${formatGeneral(Number.MAX_VALUE)}`);
  });
});
