/**
 * Untrusted text in a template file: a JSON error names the position and never quotes the file (it
 * may be a password file through a link); text that would display in another order than it is stored
 * (Trojan Source's bidirectional controls) is refused naming the field; and a field given twice is
 * refused with its path and every position, rather than the last one winning silently.
 */
import fc from "fast-check";
import { galleryTemplate } from "../../src/templates/gallery";
import { bidiProblem, describeValue, duplicateKeys, quoteText, readTemplateFile, TemplateProblem, validateTemplate } from "../../src/templates/validate";

const guideB = () => JSON.parse(JSON.stringify(galleryTemplate("guide-bid-b-per-resolution")));

function problems(text: string): TemplateProblem[] {
  const r = readTemplateFile(text, "bid.json");
  if (r.ok) throw new Error("accepted");
  return r.problems;
}

describe("a file that is not JSON", () => {
  const secret = "root:$6$Zq4JbXfWm1$3bRkLw9pTq8sV0aNcYeD7u:19876:0:99999:7:::\ndaemon:*:19876:0:99999:7:::\n";

  it.each([
    ["a password file", secret, 1, 1],
    ["a shell script", "#!/bin/sh\nexport TOKEN=hunter2\n", 1, 1],
    ["a key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", 1, 2],
    ["a template with a bare word", '{\n  "format": "aiprice-bid",\n  "version": tru\n}', 3, 14],
    ["text after the JSON", '{"format": "aiprice-bid"}\nsk-live-0123456789', 2, 1],
    ["a number cut short", '{"version": 1.}', 1, 15],
  ])("%s: names the line and column, never the contents", (_label, text, line, column) => {
    const p = problems(text);
    expect(p).toHaveLength(1);
    expect(p[0].message).toMatch(new RegExp(`^the file is not valid JSON: at line ${line}, column ${column}, `));
    // Not one run of four characters of the file's own words appears in the message.
    const words = text.match(/[A-Za-z0-9$]{4,}/g) ?? [];
    for (const w of words.filter((x) => !["format", "aiprice", "version", "JSON"].some((k) => k.includes(x) || x.includes(k)))) {
      expect(p[0].message).not.toContain(w);
    }
  });

  it("never shows the JSON engine's own message, which quotes the text", () => {
    let engine = "";
    try {
      JSON.parse(secret);
    } catch (e) {
      engine = (e as Error).message;
    }
    expect(engine).toContain("root"); // what the fix is about: V8 quotes the start of the text
    expect(problems(secret)[0].message).toBe("the file is not valid JSON: at line 1, column 1, a word without double quotes: text and field names need double quotes, and only true, false and null are written bare");
  });

  it("names JSON's punctuation, and nothing else, as the unexpected character", () => {
    expect(problems('{"a": 1;}')[0].message).toBe('the file is not valid JSON: at line 1, column 8, unexpected character ";"');
    expect(problems('{"a": 1é}')[0].message).toBe("the file is not valid JSON: at line 1, column 8, unexpected character");
  });

  it("finds the position in any text that is not JSON, quickly, even nested deep or cut short", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const r = readTemplateFile(text);
        if (r.ok) return;
        for (const p of r.problems) if (p.message.startsWith("the file is not valid JSON")) expect(p.message).toMatch(/^the file is not valid JSON(: at line \d+, column \d+, .*)?$/);
      }),
    );
    expect(problems("[".repeat(200000))[0].message).toMatch(/at line 1, column 200001, the file ends too early/);
    expect(problems(`${"[".repeat(100000)}x${"]".repeat(100000)}`)[0].message).toMatch(/^the file is not valid JSON/);
  });
});

describe("text that shows in another order than it is stored", () => {
  it.each([
    ["\u202e", "right-to-left override (U+202E)"],
    ["\u202a", "left-to-right embedding (U+202A)"],
    ["\u202b", "right-to-left embedding (U+202B)"],
    ["\u202c", "pop directional formatting (U+202C)"],
    ["\u202d", "left-to-right override (U+202D)"],
    ["\u2066", "left-to-right isolate (U+2066)"],
    ["\u2067", "right-to-left isolate (U+2067)"],
    ["\u2068", "first strong isolate (U+2068)"],
    ["\u2069", "pop directional isolate (U+2069)"],
    ["\u200f", "right-to-left mark (U+200F)"],
    ["\u200e", "left-to-right mark (U+200E)"],
    ["\u061c", "Arabic letter mark (U+061C)"],
  ])("refuses a vendor name holding %j, naming the field and the character", (c, words) => {
    const t = guideB();
    t.bid.vendor = `Acme ${c}IA tseB`;
    const p = problems(JSON.stringify(t));
    expect(p).toEqual([
      {
        path: "bid.vendor",
        message: `holds an invisible ${words} at character 6${["\u200e", "\u200f", "\u061c"].includes(c) ? ", in text without right-to-left letters," : ""} which makes the text show in another order than it is stored: remove it`,
      },
    ]);
  });

  it("checks every text field and every field name, in single bids and in files of several", () => {
    const t = guideB();
    t.bid.name = "Fin\u2067";
    t.sources[0].title = "\u202dGuide";
    t.questions = ["Who measures it?", "Is \u202ethis fair?"];
    t.notes = "fine";
    (t as Record<string, unknown>)["n\u202eote"] = "x";
    const r = validateTemplate(t);
    if (r.ok) throw new Error("accepted");
    const bidi = r.problems.filter((p) => /another order/.test(p.message)).map((p) => p.path);
    expect(bidi.sort()).toEqual(["bid.name", "sources[0].title", "questions[1]", '["n\\u202eote"]'].sort());
    // The path quotes the odd name with the character written out, so the message itself reads in order.
    for (const p of r.problems) expect(`${p.path} ${p.message}`).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);

    const several = { format: "aiprice-bids", version: 1, bids: [guideB(), { ...guideB(), id: "second", bid: { ...guideB().bid, vendor: "Evil\u202e" } }] };
    expect(problems(JSON.stringify(several)).map((p) => p.path)).toEqual(["bids[1].bid.vendor"]);
  });

  it("accepts right-to-left names written properly, marks included, and every shipped template", () => {
    for (const vendor of ["שלום AI", "شركة الذكاء", "Acme \u200fשלום\u200f Ltd", "دعم\u061c 24/7", "Acme AI (\u05d0)\u200e"]) {
      const t = guideB();
      t.bid.vendor = vendor;
      expect(readTemplateFile(JSON.stringify(t)).ok).toBe(true);
    }
    expect(bidiProblem("plain text, 100% ASCII")).toBeNull();
    expect(bidiProblem("x\u200ey")).toMatch(/left-to-right mark \(U\+200E\) at character 2, in text without right-to-left letters/);
  });

  it("quotes text from the file with invisible and direction characters written out", () => {
    expect(quoteText("a\u202eb\u200bc\u2028d")).toBe('"a\\u202eb\\u200bc\\u2028d"');
    expect(describeValue("U\u202eSD")).toBe('text "U\\u202eSD"');
  });
});

describe("a field given twice", () => {
  it("is refused with its path and the line and column of each occurrence, not won by the last", () => {
    const text = [
      "{",
      '  "format": "aiprice-bid",',
      '  "version": 1,',
      '  "id": "guide-bid-b-per-resolution",',
      '  "bid": {',
      '    "vendor": "Intercom",',
      '    "name": "Fin",',
      '    "currency": "USD",',
      '    "pricing": { "model": "per-resolution", "pricePerResolution": 0.99, "pricePerResolution": 0.09 },',
      '    "vendor": "Someone else"',
      "  }",
      "}",
    ].join("\n");
    expect(JSON.parse(text).bid.pricing.pricePerResolution).toBe(0.09); // what JSON.parse alone would take
    expect(problems(text)).toEqual([
      { path: "bid.vendor", message: 'is given twice in one group of fields ("vendor" at line 6, column 5 and again at line 10, column 5): JSON would keep only the last, so keep one' },
      {
        path: "bid.pricing.pricePerResolution",
        message: 'is given twice in one group of fields ("pricePerResolution" at line 9, column 45 and again at line 9, column 73): JSON would keep only the last, so keep one',
      },
    ]);
  });

  it("counts a name written with escapes as the same name, and finds it in lists and files of several", () => {
    expect(duplicateKeys('[{"a": 1}, {"b": {"\\u0063": 1, "c": 2, "c": 3}}]')).toEqual([
      { path: "[1].b.c", message: 'is given 3 times in one group of fields ("c" at line 1, column 19; line 1, column 32 and line 1, column 40): JSON would keep only the last, so keep one' },
    ]);
    const several = JSON.stringify({ format: "aiprice-bids", version: 1, bids: [guideB(), { ...guideB(), id: "second" }] }).replace('"id":"second"', '"id":"second","id":"third"');
    expect(problems(several).map((p) => p.path)).toEqual(["bids[1].id"]);
  });

  it("allows the same name in different groups, and every shipped template", () => {
    expect(duplicateKeys('{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]}')).toEqual([]);
    const r = readTemplateFile(JSON.stringify(guideB(), null, 2));
    expect(r.ok).toBe(true);
  });
});
