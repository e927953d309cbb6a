/**
 * No function in src/ is over 100 lines (scripts/longest-functions.js measures them, nested functions
 * included): a longer one is split along its phases.
 */
const { functionLengths } = require("../../scripts/longest-functions.js") as {
  functionLengths(): { file: string; line: number; name: string; lines: number }[];
};

const LIMIT = 100;

/**
 * Functions being split now, as part of the changes that rewrite them. This list must be empty at
 * release: remove a name as soon as its function is split.
 */
const BEING_SPLIT = new Set<string>([]);

const all = functionLengths();

test("the measure finds the functions of src/, by name and place", () => {
  expect(all.length).toBeGreaterThan(1000);
  const mount = all.find((f) => f.name === "mountTaskPane");
  expect(mount).toMatchObject({ file: "src/taskpane/app.ts" });
  expect(all.find((f) => f.name === "ratesBlock.fill")?.file).toBe("src/workbook/comparison/blocks/rates.ts");
});

test(`no function in src/ is over ${LIMIT} lines`, () => {
  const long = all.filter((f) => f.lines > LIMIT && !BEING_SPLIT.has(f.name)).map((f) => `${f.name} (${f.file}:${f.line}): ${f.lines} lines`);
  expect(long).toEqual([]);
});

test("every name on the being-split list is still a long function (else: take it off the list)", () => {
  const stillLong = new Set(all.filter((f) => f.lines > LIMIT).map((f) => f.name));
  expect([...BEING_SPLIT].filter((name) => !stillLong.has(name))).toEqual([]);
});
