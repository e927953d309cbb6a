import ExcelJS from "exceljs";
import * as fs from "fs";
import { execFileSync } from "child_process";
import { parse } from "csv-parse/sync";
(async () => {
  const text = fs.readFileSync("/tmp/scratch/beta.csv", "utf8").split("\n").map((l) => JSON.parse("[" + l + "]") as string[]);
  const exp = JSON.parse(fs.readFileSync("/tmp/scratch/beta-expected.json", "utf8")) as number[][];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("S");
  text.forEach((row, i) => row.forEach((f, j) => { ws.getCell(i + 1, j + 1).value = { formula: f.slice(1).replace(/BETA\.INV/g, "_xlfn.BETA.INV") } as any; }));
  await wb.xlsx.writeFile("/tmp/scratch/beta.xlsx");
  fs.mkdirSync("/tmp/scratch/prof/user", { recursive: true });
  execFileSync("soffice", ["-env:UserInstallation=file:///tmp/scratch/prof", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", "/tmp/scratch/out", "/tmp/scratch/beta.xlsx"]);
  const got = parse(fs.readFileSync(fs.readdirSync("/tmp/scratch/out").map(f=>"/tmp/scratch/out/"+f).find(f=>f.includes("beta"))!, "utf8"), { relax_column_count: true }) as string[][];
  exp.forEach((row, i) => { let w = 0; row.forEach((x, j) => { w = Math.max(w, Math.abs(Number(got[i][j]) - x) / Math.max(Math.abs(x), 1e-300)); }); console.log(i, "LO max rel", w, got[i][0], row[0]); });
})();
