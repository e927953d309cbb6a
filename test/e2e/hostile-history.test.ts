/**
 * Hostile .xlsx histories picked in the workbench (read with bounds after decompression):
 * the pane's Web Worker inflates the workbook with the browser's DecompressionStream and the pane's
 * limits before ExcelJS holds any of it, so a small file whose shared strings expand to gigabytes, or
 * whose first stored part is a 1 GB sheet declared as 2 KB, is refused with the file's name and the
 * limit, and a plain workbook is still read. The files are made by the test, small on disk.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { useServedBrowser } from "./served-browser";
import { realParts, repeatedPart, SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL, workbookWith } from "../replay/zip-bombs";

const e2e = useServedBrowser();
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-hostile-e2e-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("the pane refuses XLSX bombs with the file's name and the limit, and still reads a plain workbook", async () => {
  const header = ["conversation_id", "started_at", "ai_resolved"];
  const real = await realParts([header, ["a", "2025-05-01T10:00:00Z", "true"]]);
  const files: [string, Buffer, RegExp][] = [
    ["strings.xlsx", workbookWith(real, [{ ...repeatedPart("xl/sharedStrings.xml", SST_HEAD, "<si><t>x</t></si>", 200_000_000, SST_TAIL), size: 5000 }]), /^strings\.xlsx: its shared strings hold more than 1,000,000 texts/],
    [
      "early-sheet.xlsx",
      workbookWith(real, [{ ...repeatedPart("xl/worksheets/sheet1.xml", SHEET_HEAD, " ".repeat(1000), 1_000_000, SHEET_TAIL), size: 2000 }], ["xl/worksheets/sheet1.xml"]),
      /^early-sheet\.xlsx: the worksheet xl\/worksheets\/sheet1\.xml expands to more than 160 MB/,
    ],
  ];
  const w = await e2e.open();
  const { page } = w;
  await page.goto(`${e2e.served.url}/workbench.html`);
  await page.waitForSelector(".ap-card");
  for (const [name, bytes, expected] of files) {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
    await page.setInputFiles('input[data-role="history-file"]', file);
    const status = page.locator('div[role="alert"][aria-label="Reading the history"]');
    await status.filter({ hasText: name }).waitFor({ timeout: 120_000 });
    const text = ((await status.textContent()) ?? "").trim();
    expect(text).toMatch(expected);
    expect(text).not.toMatch(/Cannot read properties|out of memory|\n\s+at /);
  }
  // A plain workbook after them: its header is read and mapped.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Conversations");
  ws.addRow(header);
  ws.addRow(["a", "2025-05-01T10:00:00Z", "true"]);
  const plain = path.join(tmp, "plain.xlsx");
  await wb.xlsx.writeFile(plain);
  await page.setInputFiles('input[data-role="history-file"]', plain);
  await page.waitForSelector('select[data-column="started_at"]');
  expect(await page.$eval('select[data-column="started_at"]', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).toBe("started_at");
}, 300_000);
