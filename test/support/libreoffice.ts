/**
 * LibreOffice Calc for the tests that recalculate an .xlsx the add-in wrote, in a spreadsheet program
 * nobody here wrote: finding soffice, one headless run that converts every sheet to CSV with
 * "recalculate on load" set in a private profile, and a file edited as another program would leave it.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { cellAddress, parseRange } from "../../src/workbook/a1";
import { setNames, type XlsxName } from "../../src/workbench/xlsx";

/** LibreOffice's command: $SOFFICE, or soffice / libreoffice on the PATH. */
export function findSoffice(): string | null {
  if (process.env.SOFFICE) return fs.existsSync(process.env.SOFFICE) ? process.env.SOFFICE : null;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["soffice", "libreoffice", "soffice.exe"]) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

/** CSV export options: comma, double quotes, UTF-8, values as stored (not as shown), every sheet to its own file. */
const CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

/**
 * LibreOffice's setting "Recalculation on file load: Always" (Tools > Options > Calc > Formula), for the
 * private profile: by default it shows an .xlsx file's cached values until something changes.
 */
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Converts the files with one soffice run; returns file -> sheet -> rows of cell texts. */
export function recalculate(soffice: string, files: string[], dir: string): Promise<Map<string, Map<string, string[][]>>> {
  const out = path.join(dir, "csv");
  const profile = path.join(dir, "profile");
  fs.mkdirSync(out, { recursive: true });
  fs.mkdirSync(path.join(profile, "user"), { recursive: true });
  fs.writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALCULATE);
  const args = [
    `-env:UserInstallation=file://${profile
      .split(path.sep)
      .join("/")
      .replace(/^([A-Za-z]:)/, "/$1")}`,
    "--headless",
    "--norestore",
    "--nologo",
    "--convert-to",
    CSV_FILTER,
    "--outdir",
    out,
    ...files,
  ];
  return new Promise((resolve, reject) => {
    execFile(soffice, args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`soffice failed: ${error.message}\n${stdout}\n${stderr}`));
      const result = new Map<string, Map<string, string[][]>>();
      for (const file of files) {
        const base = path.basename(file, ".xlsx");
        const sheets = new Map<string, string[][]>();
        for (const name of fs.readdirSync(out)) {
          if (!name.startsWith(`${base}-`) || !name.endsWith(".csv")) continue;
          sheets.set(name.slice(base.length + 1, -4), parse(fs.readFileSync(path.join(out, name), "utf8"), { relax_column_count: true }) as string[][]);
        }
        if (sheets.size === 0) return reject(new Error(`soffice wrote no CSV for ${file}:\n${stdout}\n${stderr}`));
        result.set(file, sheets);
      }
      resolve(result);
    });
  });
}

/**
 * The file edited as an analyst would in another program: one input changed, every cached value
 * dropped. (ExcelJS drops a name's sheet scope when it reads a file: the names are given back.)
 */
export async function editInFile(bytes: Uint8Array, names: XlsxName[], sheet: string, address: string, value: number): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  setNames(book, names);
  book.getWorksheet(sheet)!.getCell(address).value = value;
  for (const ws of book.worksheets) {
    const spilled: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as (ExcelJS.CellFormulaValue & { shareType?: string; ref?: string }) | null;
        if (!v || typeof v !== "object" || !("formula" in v) || !v.formula) return;
        cell.value = (v.shareType === "array" ? { formula: v.formula, shareType: "array", ref: v.ref } : { formula: v.formula }) as ExcelJS.CellFormulaValue;
        if (v.shareType === "array" && v.ref) {
          const r = parseRange(v.ref);
          for (let i = r.start.row; i <= r.end.row; i++) for (let j = r.start.col; j <= r.end.col; j++) if (i !== r.start.row || j !== r.start.col) spilled.push(cellAddress({ row: i, col: j }));
        }
      }),
    );
    for (const a of spilled) ws.getCell(a).value = null;
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
