/**
 * CSV cells neutral in every separator convention (src/engine/csv.ts, the FOCUS plan's writer): the
 * rule on hostile text, a property over any text (whatever character a reader splits at, no cell it
 * sees starts a formula, and a comma reader gets the text back), and the plan written by
 * `aiprice compare --focus-csv` for a vendor named `Acme;=3+3`, opened by LibreOffice with `,`, `;` and
 * tab as separators and formulas evaluated: every cell is text, none a formula.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { csvCell, neutralText } from "../../src/engine/csv";
import { csvField } from "../../src/engine/finance";
import { compare } from "../../src/cli/compare";
import { galleryTemplate } from "../../src/templates/gallery";
import { findSoffice } from "../support/libreoffice";

const FORMULA_START = /^[=+\-@\uff1d\uff0b\uff0d\uff20\t\r\n]/;

/** The cells a reader that splits at `sep` (and at line breaks) sees in a written field, spaces trimmed, its own quoting undone once. */
function cellsSplitAt(field: string, sep: string): string[] {
  return field.split(new RegExp(`[${sep}\\r\\n]`)).map((piece) =>
    piece
      .replace(/^[ \u00a0]+/, "")
      .replace(/^"(?!")/, "")
      .replace(/^[ \u00a0]+/, ""),
  );
}

describe("the rule", () => {
  test.each([
    ["plain", '"plain"'],
    ["Acme;=3+3", `"'Acme;'=3+3"`],
    ["Acme,=4+4", `"'Acme,'=4+4"`],
    ["Acme\t@SUM(A1)", `"'Acme\t'@SUM(A1)"`],
    ["x;=1+1;", `"'x;'=1+1;"`],
    ["a; -1", `"'a;' -1"`],
    ["=1+1", `"'=1+1"`],
    [" =1+1", `"' =1+1"`],
    ["+1", `"'+1"`],
    ["-1", `"'-1"`],
    ["@x", `"'@x"`],
    ["\tx", `"'\tx"`],
    ["\rx", `"'\rx"`],
    ["\uff1d1+1", `"'\uff1d1+1"`],
    ["line\n=2+2", `"'line\n'=2+2"`],
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
    ["Acme - Pro", '"Acme - Pro"'],
    ["a;b, c", '"a;b, c"'],
    ["", '""'],
  ])("%j is written %s", (text, written) => {
    expect(csvCell(text)).toBe(written);
    expect(csvField(text)).toBe(written);
  });

  test("numbers unquoted in full; non-finite ones empty", () => {
    expect(csvCell(-0.5)).toBe("-0.5");
    expect(csvCell(1e21)).toBe("1e+21");
    expect(csvCell(Infinity)).toBe("");
    expect(csvCell(NaN)).toBe("");
  });

  test("property: any text, split at ; , tab or | (and line breaks), never gives a cell that starts a formula, and reads back whole with commas", () => {
    const hostile = fc.constantFrom("=", "+", "-", "@", ";", ",", "\t", "|", "\r", "\n", " ", '"', "'", "\uff1d", "A", "1", "(", ")");
    const text = fc.oneof(
      fc.string(),
      fc.array(hostile, { maxLength: 24 }).map((xs) => xs.join("")),
    );
    fc.assert(
      fc.property(text, (s) => {
        const field = csvCell(s);
        for (const sep of [";", ",", "\t", "|"]) {
          for (const cell of cellsSplitAt(field, sep)) if (FORMULA_START.test(cell)) return false;
        }
        const [[back]] = parse(`${field}\r\n`, { relax_quotes: false }) as string[][];
        // What a comma reader gets: the text, apostrophes added only where a formula could start.
        return back === neutralText(s) && back.replace(/'/g, "") === s.replace(/'/g, "");
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the plan written by aiprice compare --focus-csv, opened by LibreOffice", () => {
  const soffice = findSoffice();
  const run = soffice ? test : test.skip;
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-csv-sep-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** The file opened with the separator given (formulas evaluated), as flat ODF XML: its formulas and its texts. */
  function open(file: string, separator: number, name: string): { formulas: string[]; texts: string[] } {
    const out = path.join(tmp, `out-${name}`);
    const profile = path.join(tmp, "profile");
    const filter = `CSV:${separator},34,76,1,,0,false,true,false,false,false,false,true`;
    execFileSync(soffice!, [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--nologo", `--infilter=${filter}`, "--convert-to", "fods", "--outdir", out, file], { timeout: 180_000, stdio: "pipe" });
    const xml = fs.readFileSync(path.join(out, `${path.basename(file, ".csv")}.fods`), "utf8");
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    return {
      formulas: [...xml.matchAll(/table:formula="([^"]*)"/g)].map((m) => unescape(m[1])),
      texts: [...xml.matchAll(/<text:p>([^<]*)<\/text:p>/g)].map((m) => unescape(m[1])),
    };
  }

  run("a vendor Acme;=3+3 (and x;=1+1;|=4+4|, -2+2 as the bid's name) is text with , ; tab and | as separators; the unneutralized file is not (the control)", () => {
    const t = JSON.parse(JSON.stringify(galleryTemplate("guide-bid-b-per-resolution")));
    t.bid.vendor = "Acme;=3+3";
    t.bid.name = "x;=1+1;|=4+4|, -2+2";
    const bidFile = path.join(tmp, "hostile.json");
    fs.writeFileSync(bidFile, JSON.stringify(t));
    const plan = path.join(tmp, "plan.csv");
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const options = new Map(Object.entries({ conversations: "60000", "resolution-rate": "0.9", "human-cost": "3", draws: "50", "term-months": "2", "focus-csv": plan, "first-month": "2027-01" }));
    expect({ status: compare([bidFile], options, new Set(), io), out: out.join("").slice(-300) }).toEqual({ status: 0, out: expect.stringContaining("Wrote the monthly plan") });
    const written = fs.readFileSync(plan, "utf8");
    expect(written).toContain(`"'Acme;'=3+3"`);
    // Control: the same row as the old writer wrote it (a leading prefix and quotes only where needed).
    const control = path.join(tmp, "control.csv");
    fs.writeFileSync(control, 'ProviderName,ServiceName\r\nAcme;=3+3,"x;=1+1;|=4+4|, -2+2"\r\n');
    const semicolonControl = open(control, 59, "control");
    expect(semicolonControl.formulas.length).toBeGreaterThan(0);

    for (const [separator, name] of [
      [44, "comma"],
      [59, "semicolon"],
      [9, "tab"],
      [124, "pipe"],
    ] as const) {
      const opened = open(plan, separator, name);
      expect({ name, formulas: opened.formulas }).toEqual({ name, formulas: [] });
      expect(opened.texts.some((x) => x.includes("Acme"))).toBe(true);
      if (separator === 44) expect(opened.texts).toContain("'Acme;'=3+3");
      if (separator === 59) expect(opened.texts).toContain("'=3+3\",\"'Acme");
    }
  });
});
