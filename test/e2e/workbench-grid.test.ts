/**
 * The workbench's grid and charts in Chromium: fixed grid bugs (name box after Enter in the
 * formula bar, a new sheet opening at the old scroll position, column A under the row headings), the
 * three chart types drawn from the sheet and kept inside the grid, a sheet of 100,000 cells over 2,000
 * columns kept virtual, a 60-bid comparison edited, "Download .xlsx", and all of it under a strict
 * Content-Security-Policy (no inline style, no code evaluated).
 */
import { KEY_COLUMN } from "../../src/workbook/comparison/keys";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { cellAddress, columnIndex, columnLetters } from "../../src/workbook/a1";
import type { PlanCell, SheetPlan } from "../../src/workbook/sheet-plan";
import { artifactPath, WatchedPage } from "./browser";
import { useServedBrowser } from "./served-browser";
import { bidsFile } from "./sixty-bids";
import { bidName, chooseGuideBids, clickCell, col, expectClean, find, findBid, row, SHEET, shown, typeInto } from "./workbench-page";
import { gallery, GUIDE_BID_IDS } from "../../src/templates/gallery";

const e2e = useServedBrowser();

/** The scroller's scroll position and where a cell and the row headings are on screen. */
async function where(page: Page, address: string) {
  return page.evaluate((a) => {
    const s = document.querySelector<HTMLElement>(".wb-scroller")!;
    const td = document.querySelector(`td[data-address="${a}"]`)?.getBoundingClientRect();
    const head = document.querySelector("th.wb-rowhead")!.getBoundingClientRect();
    return { scrollLeft: s.scrollLeft, scrollTop: s.scrollTop, cellLeft: td?.left ?? null, rowHeadRight: head.right };
  }, address);
}

const gridStats = (page: Page) => page.evaluate(() => window.aipriceWorkbench!.grid.stats());
const tdCount = (page: Page) => page.$$eval("td[data-address]", (tds) => tds.length);

// ---------------------------------------------------------------------------------------------
// Charts of every type, drawn from a sheet written through the workbook port

const t = (value: string, style?: PlanCell["style"]): PlanCell => ({ kind: "text", value, ...(style ? { style } : {}) });
const num = (value: number, format?: string): PlanCell => ({ kind: "number", value, ...(format ? { format } : {}) });
const fx = (formula: string, format?: string): PlanCell => ({ kind: "formula", formula, ...(format ? { format } : {}) });

const P: [string, number, number, number][] = [
  ["Bid A", 90000, 100000, 125000],
  ["Bid B", 70000, 110000, 130000],
  ["Bid C", 95000, 98000, 101000],
  ["Bid D", 60000, 80000, 150000],
  ["Bid E", 85000, 90000, 99000],
];
const RATES = Array.from({ length: 21 }, (_, i) => i / 20);

/** A sheet with the data of three charts: cost per resolution (with an error and a 5e-324 price), P10-P90 ranges, and costs over rates. */
function chartsPlan(): SheetPlan {
  const rows: (PlanCell | null)[][] = [
    [t("Charts of every type", "title")],
    [],
    [
      t("Bid", "header"),
      t("P10", "header"),
      t("P50", "header"),
      t("P90", "header"),
      t("P50 - P10", "header"),
      t("P90 - P50", "header"),
      t("Cost per resolution", "header"),
      t("AI cost", "header"),
      null,
      null,
      t("Rate", "header"),
      t("Bid A", "header"),
      t("Bid B", "header"),
      t("Bid C", "header"),
    ],
    ...RATES.map((rate, i): (PlanCell | null)[] => {
      const r = 4 + i;
      const bid = P[i];
      const left: (PlanCell | null)[] = bid
        ? [t(bid[0]), num(bid[1], "$#,##0"), num(bid[2], "$#,##0"), num(bid[3], "$#,##0"), fx(`=C${r}-B${r}`), fx(`=D${r}-C${r}`), i === 2 ? fx("=1/0") : i === 3 ? num(5e-324, "$0.0000") : num(0.5 + i / 10, "$0.0000"), num(0.4 + i / 20, "$0.0000")]
        : [null, null, null, null, null, null, null, null];
      return [...left, null, null, num(rate, "0%"), fx(`=0.5+(1-K${r})*3`, "$0.00"), fx(`=0.99*K${r}+(1-K${r})*3`, "$0.00"), fx(`=0.2+(1-K${r})*2.5`, "$0.00")];
    }),
  ];
  const bids = `A4:A8`;
  return {
    sheetName: "Charts",
    blocks: [{ id: "data", topLeft: "A1", cells: rows }],
    names: [],
    columnWidths: [
      { column: "A", points: 90 },
      { column: "B", points: 80 },
      { column: "C", points: 80 },
      { column: "D", points: 80 },
      { column: "G", points: 110 },
    ],
    hiddenColumns: [],
    hiddenRows: [],
    sheetId: "test",
    rowKeys: [],
    inputs: [],
    charts: [
      {
        id: "clustered",
        type: "bar-clustered",
        title: "Cost per resolution and AI cost",
        categories: bids,
        series: [
          { name: "Cost per resolution", values: "G4:G8" },
          { name: "AI cost", values: "H4:H8" },
        ],
        valueFormat: "$#,##0.0000",
        topLeft: "A27",
        bottomRight: "H46",
      },
      {
        id: "range",
        type: "bar-stacked",
        title: "Monthly cost, P10 to P90 (P50 marked)",
        categories: bids,
        series: [
          { name: "P10", values: "B4:B8", hidden: true },
          { name: "P10 to P50", values: "E4:E8" },
          { name: "P50 to P90", values: "F4:F8" },
        ],
        valueFormat: "$#,##0",
        topLeft: "A48",
        bottomRight: "H66",
      },
      {
        id: "lines",
        type: "line",
        title: "Blended cost by resolution rate",
        categories: "K4:K24",
        series: [
          { name: "Bid A", values: "L4:L24" },
          { name: "Bid B", values: "M4:M24" },
          { name: "Bid C", values: "N4:N24" },
        ],
        valueFormat: "$0.00",
        categoryFormat: "0%",
        topLeft: "A68",
        bottomRight: "H88",
      },
    ],
    marker: { cell: "ZZ1", format: "charts-test", version: 1 },
    layout: {} as SheetPlan["layout"],
  };
}

async function applyChartsPlan(page: Page): Promise<void> {
  await page.evaluate(async (plan) => {
    const { workbook, grid } = window.aipriceWorkbench!;
    await workbook.apply(plan);
    grid.showSheet(plan.sheetName);
  }, chartsPlan());
}

/** Scrolls a chart into view and returns what it drew. */
async function chart(page: Page, id: string) {
  await page.evaluate((chartId) => {
    const c = window.aipriceWorkbench!.workbook.charts("Charts").find((x) => x.id === chartId)!;
    window.aipriceWorkbench!.grid.reveal(c.bottomRight);
    window.aipriceWorkbench!.grid.reveal(c.topLeft);
  }, id);
  await page.waitForSelector(`.wb-chart[data-chart="${id}"] svg`);
  return page.$eval(`.wb-chart[data-chart="${id}"]`, (fig) => {
    const svg = fig.querySelector("svg")!;
    const box = fig.getBoundingClientRect();
    const scroller = document.querySelector<HTMLElement>(".wb-scroller")!;
    const view = scroller.getBoundingClientRect();
    return {
      type: svg.dataset.type,
      bars: Array.from(svg.querySelectorAll("rect[data-value]")).map((r) => ({
        value: Number(r.getAttribute("data-value")),
        series: Number(r.getAttribute("data-series")),
        category: Number(r.getAttribute("data-category")),
        width: Number(r.getAttribute("width")),
      })),
      marks: Array.from(svg.querySelectorAll("line.wb-chart-mark")).map((m) => Number(m.getAttribute("data-value"))),
      lines: Array.from(svg.querySelectorAll("polyline.wb-chart-line")).map((l) => l.getAttribute("points")!.split(" ").length),
      errors: Array.from(svg.querySelectorAll("text.wb-chart-error")).map((e) => ({ text: e.childNodes[0].textContent, title: e.querySelector("title")?.textContent })),
      legend: Array.from(svg.querySelectorAll("text.wb-chart-legend")).map((e) => e.textContent),
      ticks: Array.from(svg.querySelectorAll("text.wb-chart-tick")).map((e) => e.textContent),
      values: Array.from(svg.querySelectorAll("text.wb-chart-value")).map((e) => e.textContent),
      markup: svg.outerHTML,
      right: box.right,
      viewRight: view.left + scroller.clientWidth,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Download .xlsx, and a strict Content-Security-Policy

async function download(page: Page): Promise<{ name: string; book: ExcelJS.Workbook }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click('button[data-action="download-xlsx"]')]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await file.path())!);
  return { name: file.suggestedFilename(), book };
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

/** The workbench served with a strict Content-Security-Policy header; its violations are recorded. */
async function openUnderCsp(viewport: { width: number; height: number }): Promise<WatchedPage & { violations: () => Promise<string[]> }> {
  const w = await e2e.open(viewport);
  await w.page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  await w.page.route("**/workbench.html", async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), "content-security-policy": CSP } });
  });
  await w.page.goto(`${e2e.served.url}/workbench.html`);
  await w.page.waitForFunction(() => !!window.aipriceWorkbench);
  return { ...w, violations: () => w.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) };
}

describe("the grid on one page: formula bar, scrolling, 100,000 cells", () => {
  const shared = e2e.pageForBlock(() => e2e.openWorkbench());
  // Each test starts from an empty Sheet1, A1 selected, at the top-left.
  beforeEach(async () => {
    await shared.w.page.evaluate(() => {
      const { workbook, grid } = window.aipriceWorkbench!;
      workbook.hf.clearSheet(workbook.hf.getSheetId("Sheet1")!);
      grid.showSheet("Sheet1");
    });
  });

  test("after Enter in the formula bar, the name box shows the cell the selection moved to", async () => {
    const { page } = shared.w;
    await page.click('td[data-address="B3"]');
    expect(await page.inputValue(".wb-namebox")).toBe("B3");
    await page.click(".wb-formula");
    await page.keyboard.type("=2*21");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector('td[data-address="B3"]')?.textContent === "42");
    expect(await page.inputValue(".wb-namebox")).toBe("B4");
    expect(await page.getAttribute('td[data-address="B4"]', "aria-selected")).toBe("true");
    // The formula bar follows the selection too: B4 is empty; back on B3 it shows the formula.
    expect(await page.inputValue(".wb-formula")).toBe("");
    await page.click('td[data-address="B3"]');
    expect(await page.inputValue(".wb-formula")).toBe("=2*21");
    expectClean(shared.w);
  });

  test("column A's left edge stays clear of the row headings after scrolling back to it", async () => {
    const { page } = shared.w;
    await typeInto(page, "A1", "=SEQUENCE(40, 30)");
    await page.click('td[data-address="B20"]');
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>(".wb-scroller")!;
      s.scrollLeft = 400;
      s.scrollTop = 200;
    });
    // The keyboard brings column A back into view: all of it, beside the row headings, not under them.
    await page.keyboard.press("ArrowLeft");
    expect(await page.inputValue(".wb-namebox")).toBe("A20");
    const at = await where(page, "A20");
    expect(at.cellLeft).not.toBeNull();
    expect(at.cellLeft!).toBeGreaterThanOrEqual(at.rowHeadRight - 0.5);
    // The name box too.
    await page.evaluate(() => (document.querySelector<HTMLElement>(".wb-scroller")!.scrollLeft = 700));
    await page.fill(".wb-namebox", "A3");
    await page.press(".wb-namebox", "Enter");
    const at3 = await where(page, "A3");
    expect(at3.cellLeft!).toBeGreaterThanOrEqual(at3.rowHeadRight - 0.5);
    expect(at3.scrollLeft).toBe(0);
    // Home, from far right: column A again, clear of the headings.
    await page.fill(".wb-namebox", "AC7");
    await page.press(".wb-namebox", "Enter");
    await page.keyboard.press("Home");
    expect(await page.inputValue(".wb-namebox")).toBe("A7");
    const at7 = await where(page, "A7");
    expect(at7.cellLeft!).toBeGreaterThanOrEqual(at7.rowHeadRight - 0.5);
    expectClean(shared.w);
  });

  test("100,000 cells over 2,000 columns: only the cells in view are drawn, scrolling and the keyboard reach them all", async () => {
    const { page } = shared.w;
    await typeInto(page, "A1", "=SEQUENCE(50, 2000)");
    await page.waitForFunction(() => document.querySelector('td[data-address="B2"]')?.textContent === "2002");
    const stats = await gridStats(page);
    expect(stats.cols).toBeGreaterThanOrEqual(2002);
    expect(stats.rows).toBeGreaterThanOrEqual(53);
    expect(await tdCount(page)).toBeLessThan(3000);
    expect(stats.cells).toBe(await tdCount(page));
    // Assistive technology is told the whole sheet's size, and where each drawn cell sits in it.
    expect(await page.getAttribute("table.wb-grid", "aria-colcount")).toBe(String(stats.cols + 1));
    expect(await page.getAttribute("table.wb-grid", "aria-rowcount")).toBe(String(stats.rows + 1));
    // The canvas is as wide as the 2,000 columns (72 px each), so the scroll bar is true.
    expect(await page.$eval(".wb-scroller", (s) => s.scrollWidth)).toBeGreaterThan(2000 * 72);

    // The name box jumps far right: the cell is drawn, shows its value, and its column heading sticks to the top.
    const far = { row: 39, col: columnIndex("BEX") };
    await page.fill(".wb-namebox", cellAddress(far));
    await page.press(".wb-namebox", "Enter");
    expect(await page.textContent(`td[data-address="${cellAddress(far)}"]`)).toBe(String(far.row * 2000 + far.col + 1));
    expect(await page.getAttribute(`td[data-address="${cellAddress(far)}"]`, "aria-colindex")).toBe(String(far.col + 2));
    expect(await page.getAttribute(`td[data-address="${cellAddress(far)}"]`, "aria-selected")).toBe("true");
    const heading = await page.evaluate((letters) => {
      const th = Array.from(document.querySelectorAll("thead th")).find((e) => e.textContent === letters)!;
      return { top: th.getBoundingClientRect().top, scrollerTop: document.querySelector(".wb-scroller")!.getBoundingClientRect().top, active: th.classList.contains("wb-head-active") };
    }, columnLetters(far.col));
    expect(heading.top).toBeCloseTo(heading.scrollerTop, 0);
    expect(heading.active).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    expect(far.col).toBe(1505);
    expect(await page.inputValue(".wb-namebox")).toBe(cellAddress({ row: far.row + 1, col: far.col + 1 }));
    expect(await page.inputValue(".wb-formula")).toBe(String((far.row + 1) * 2000 + far.col + 2));
    expect(await tdCount(page)).toBeLessThan(3000);

    // Scrolling to the last column draws it.
    const last = columnLetters(1999);
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>(".wb-scroller")!;
      s.scrollLeft = s.scrollWidth;
      s.scrollTop = 0;
    });
    await page.waitForSelector(`td[data-address="${last}1"]`);
    expect(await page.textContent(`td[data-address="${last}1"]`)).toBe("2000");

    // A change of every value repaints only the cells drawn.
    await page.evaluate(() => window.aipriceWorkbench!.workbook.setCellInput("Sheet1", "A1", "=SEQUENCE(50, 2000, 7)"));
    expect(await page.textContent(`td[data-address="${last}1"]`)).toBe("2006");
    const after = await gridStats(page);
    expect(after.lastUpdateCells).toBeLessThanOrEqual(after.cells);
    expect(after.lastUpdateCells).toBeGreaterThan(0);
    expect(await tdCount(page)).toBeLessThan(3000);
    await page.screenshot({ path: artifactPath("workbench-2000-columns.png") });
    expectClean(shared.w);
  });
});

describe("the guide's comparison at 1440 px: Download .xlsx, the chart inside the grid, a rebuilt sheet at the top-left", () => {
  const shared = e2e.pageForBlock(async () => {
    const w = await e2e.openWorkbench({ width: 1440, height: 900 });
    const { page } = w;
    await typeInto(page, "A1", "'=1+1");
    await typeInto(page, "B1", "=2*21");
    await chooseGuideBids(page);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    return w;
  });

  test("the button downloads the workbook: every sheet, formulas with their values, formats, widths, text as text", async () => {
    const { page } = shared.w;
    const { name, book } = await download(page);
    expect(name).toMatch(/^aiprice-workbench-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(await page.textContent(".wb-download-status")).toContain("Downloaded");
    // The comparison and its calculation sheet (the drawn scenarios and the months of the term).
    expect(book.worksheets.map((s) => s.name)).toEqual(["Sheet1", SHEET, `${SHEET} calc`]);
    const sheet1 = book.getWorksheet("Sheet1")!;
    expect(sheet1.getCell("A1").value).toBe("=1+1");
    expect(sheet1.getCell("A1").type).toBe(ExcelJS.ValueType.String);
    expect(sheet1.getCell("B1").value).toEqual({ formula: "2*21", result: 42 });

    const ws = book.getWorksheet(SHEET)!;
    const address = `${col(await find(page, "Cost per resolution (a / r)"))}${row(await findBid(page, bidName(GUIDE_BID_IDS[0])))}`;
    const cell = ws.getCell(address);
    expect(cell.formula).toMatch(/AIPRICE\.COST_PER_RESOLUTION\(/);
    expect(cell.result as number).toBeCloseTo(0.46 / 0.9, 12);
    const view = await page.evaluate((a) => window.aipriceWorkbench!.workbook.cell("Bid comparison", a), address);
    expect(cell.numFmt).toBe(view.numberFormat);
    const widths = await page.evaluate(() => window.aipriceWorkbench!.workbook.columnWidths("Bid comparison"));
    for (const [letters, points] of Object.entries(widths)) expect(ws.getColumn(letters).width).toBeCloseTo(((points * 96) / 72 - 5) / 7, 1);
    // The add-in's hidden key column and id row stay hidden; the title is the first row shown.
    expect(ws.getColumn(columnLetters(KEY_COLUMN)).hidden).toBe(true);
    expect(ws.getRow(1).hidden).toBe(true);
    expect(ws.getCell("A2").value).toBe("AI vendor bids on one footing");
    expectClean(shared.w);
  });

  test("the comparison's chart fits the grid at 1440 px wide", async () => {
    const { page } = shared.w;
    const fit = await page.evaluate(() => {
      const c = window.aipriceWorkbench!.workbook.charts("Bid comparison")[0];
      window.aipriceWorkbench!.grid.reveal(c.topLeft);
      const fig = document.querySelector(".wb-chart")!.getBoundingClientRect();
      const s = document.querySelector<HTMLElement>(".wb-scroller")!;
      return { right: fig.right, left: fig.left, viewLeft: s.getBoundingClientRect().left + 44, viewRight: s.getBoundingClientRect().left + s.clientWidth };
    });
    expect(fit.left).toBeGreaterThanOrEqual(fit.viewLeft - 0.5);
    expect(fit.right).toBeLessThanOrEqual(fit.viewRight + 0.5);
    expectClean(shared.w);
  });

  test("a new or updated comparison sheet opens at the top-left, whatever the scroll position before", async () => {
    const { page } = shared.w;
    const scrollAway = () =>
      page.evaluate(() => {
        const s = document.querySelector<HTMLElement>(".wb-scroller")!;
        s.scrollTop = 600;
        s.scrollLeft = 500;
        return [s.scrollTop, s.scrollLeft];
      });
    expect(await scrollAway()).toEqual([600, 500]);
    // Update the same sheet.
    await page.click('button[data-action="build"]');
    await page.click('button[data-action="update"]');
    await page.waitForSelector(".ap-message-success >> text=Updated");
    expect(await where(page, "A1")).toMatchObject({ scrollLeft: 0, scrollTop: 0 });
    // The first row shown: row 1 is the add-in's hidden id row.
    expect(await page.inputValue(".wb-namebox")).toBe("A2");
    // A new sheet.
    expect(await scrollAway()).toEqual([600, 500]);
    await page.click('button[data-action="build"]');
    await page.click('button[data-action="new-sheet"]');
    await page.waitForSelector(".ap-message-success >> text=Built");
    await page.waitForFunction((s) => document.querySelector(".wb-tab-active")?.textContent !== s, SHEET);
    expect(await where(page, "A1")).toMatchObject({ scrollLeft: 0, scrollTop: 0 });
    expectClean(shared.w);
  });
});

describe("the answer first, at 7 and at 60 bids, at 1440 x 900 beside the pane", () => {
  test.each([7, 60])(
    "%p bids: the winner under each view and why are in view when the sheet opens",
    async (n) => {
      const w = await e2e.openWorkbench({ width: 1440, height: 900 });
      const { page } = w;
      await page.setInputFiles('input[type="file"]', [bidsFile(n)]);
      await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
      await page.click('button[data-action="build"]');
      await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`, { timeout: 90_000 });
      // Drawn where the sheet opens (the grid draws only what is in view): the answer, each view's cheapest bid, why.
      for (const label of ["The answer", "Cheapest bid", "This month: blended cost per conversation", "A typical month (P50)", "The cautious buyer (P90)", "Why"]) {
        const at = await find(page, label);
        const box = await page.locator(`td[data-address="${at}"]`).boundingBox();
        expect([label, box !== null && box.y + box.height <= 900 && box.x + box.width <= 1440]).toEqual([label, true]);
      }
      const winner = `${col(await find(page, "Cheapest bid"))}${row(await find(page, "This month: blended cost per conversation"))}`;
      expect(await shown(page, winner)).not.toBe("");
      // Each view's cheapest bid and why show whole (a long name, names that tie, the line saying why wrap in their cell; nothing cut off).
      for (const label of ["This month: blended cost per conversation", "A typical month (P50)", "The cautious buyer (P90)", "Why"]) {
        const cell = `${col(await find(page, "Cheapest bid"))}${row(await find(page, label))}`;
        const fits = await page.$eval(`td[data-address="${cell}"]`, (td) => {
          const box = td.querySelector(".wb-wrapbox");
          return box !== null && box.textContent !== "" && box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
        });
        expect([label, fits]).toEqual([label, true]);
      }
      await page.screenshot({ path: artifactPath(`summary-${n}-bids.png`) });
      expectClean(w);
    },
    150_000,
  );
});

describe("at the size analysts reach", () => {
  test("60 bids: built, drawn in part, and a scenario edit updates the cells in view and the chart", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await page.setInputFiles('input[type="file"]', [bidsFile(60)]);
    await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`, { timeout: 90_000 });
    expect(await tdCount(page)).toBeLessThan(3000);
    const rateCell = `B${row(await find(page, "Resolution rate (r)"))}`;
    await typeInto(page, rateCell, "80%");
    await page.waitForFunction((a) => document.querySelector(`td[data-address="${a}"]`)?.textContent === "80.0%", rateCell);
    const stats = await gridStats(page);
    expect(stats.lastUpdateCells).toBeLessThanOrEqual(stats.cells);
    // The last bid's cost per resolution, as the grid shows it, is the engine's at r = 0.8.
    const perResolution = col(await find(page, "Cost per resolution (a / r)"));
    // The last of the 60 bids that copies the guide's bid A (the gallery repeats in order).
    const at = gallery.findIndex((t) => t.id === GUIDE_BID_IDS[0]) + 1;
    const lastCopy = at + gallery.length * Math.floor((60 - at) / gallery.length);
    const lastRow = row(await findBid(page, `${bidName(GUIDE_BID_IDS[0])} #${lastCopy}`));
    const address = `${perResolution}${lastRow}`;
    const exact = (await page.evaluate((a) => window.aipriceWorkbench!.workbook.value("Bid comparison", a), address)) as number;
    expect(exact).toBeCloseTo(0.46 / 0.8, 12);
    expect(Number((await shown(page, address)).replace(/[$,]/g, ""))).toBeCloseTo(exact, 4);
    // The chart of cost per resolution follows the edit.
    await page.evaluate(() => {
      const chart = window.aipriceWorkbench!.workbook.charts("Bid comparison")[0];
      window.aipriceWorkbench!.grid.reveal(chart.topLeft);
    });
    await page.waitForSelector(".wb-chart rect[data-value]");
    const bars = await page.$$eval(".wb-chart rect[data-value]", (els) => els.map((e) => Number(e.getAttribute("data-value"))));
    const values = await page.evaluate(() => window.aipriceWorkbench!.workbook.charts("Bid comparison")[0].data.series[0].values);
    expect(bars.length).toBe(values.filter((v) => v !== null).length);
    expect(bars).toEqual(values.filter((v): v is number => v !== null));
    expect(bars).toContain(exact);
    // With the calculation sheet in view, an edit on the comparison repaints the drawn cells in view (a
    // row of 2,000 draws changes as one spilled result).
    const calc = `${SHEET} calc`;
    await page.evaluate((s) => window.aipriceWorkbench!.grid.showSheet(s), calc);
    await page.waitForSelector(`.wb-tab-active[data-sheet="${calc}"]`);
    const drawn = await page.evaluate((s) => {
      const c = window.aipriceWorkbench!.workbook.usedCells(s).find((x) => typeof x.value === "string" && x.value.startsWith("Total per month: "));
      return `B${c!.row + 1}`;
    }, calc);
    const before = await shown(page, drawn);
    await page.evaluate(([s, a]) => window.aipriceWorkbench!.workbook.setCellInput(s, a, 0.6), [SHEET, rateCell]);
    await page.waitForFunction(([a, b]) => document.querySelector(`td[data-address="${a}"]`)?.textContent !== b, [drawn, before]);
    const now = (await page.evaluate(([s, a]) => window.aipriceWorkbench!.workbook.value(s, a), [calc, drawn])) as number;
    expect(Number((await shown(page, drawn)).replace(/[$,]/g, ""))).toBeCloseTo(now, 0);
    expectClean(w);
  }, 150_000);
});

describe("charts of every type, under a strict Content-Security-Policy (style-src 'self', script-src 'self')", () => {
  test("clustered bars, floating P10-P90 bars with P50 marked, and lines, drawn from the sheet and following it; editing and Download .xlsx; no violation", async () => {
    const w = await openUnderCsp({ width: 1440, height: 900 });
    const { page } = w;
    await typeInto(page, "A1", "=SEQUENCE(30, 40)");
    await page.waitForFunction(() => document.querySelector('td[data-address="B2"]')?.textContent === "42");
    await applyChartsPlan(page);

    const clustered = await chart(page, "clustered");
    expect(clustered.type).toBe("bar-clustered");
    // Two series; Bid C's cost per resolution is #DIV/0!: no bar for it, its error written instead.
    expect(clustered.bars.filter((b) => b.series === 0).map((b) => b.category)).toEqual([0, 1, 3, 4]);
    expect(clustered.bars.filter((b) => b.series === 1)).toHaveLength(5);
    expect(clustered.errors).toEqual([{ text: "#DIV/0!", title: "#DIV/0!" }]);
    expect(clustered.markup).not.toContain("#N/A");
    expect(clustered.markup).not.toMatch(/NaN|Infinity/);
    // Bid D's 5e-324 price: a bar of (almost) nothing, never NaN.
    expect(clustered.bars.find((b) => b.series === 0 && b.category === 3)!.width).toBeLessThan(1);
    expect(clustered.legend).toEqual(["Cost per resolution", "AI cost"]);
    expect(clustered.values.every((v) => /^\$\d\.\d{4}$/.test(v!))).toBe(true);

    const range = await chart(page, "range");
    expect(range.type).toBe("bar-stacked");
    expect(range.bars).toHaveLength(10); // two shown segments per bid, the hidden P10 segment not drawn
    expect(range.marks).toEqual(P.map((p) => p[2]));
    expect(range.values).toEqual(P.map((p) => `$${p[1].toLocaleString("en-US")} – $${p[3].toLocaleString("en-US")}`));
    expect(range.legend).toEqual(["P10 to P50", "P50 to P90"]);

    const lines = await chart(page, "lines");
    expect(lines.type).toBe("line");
    expect(lines.lines).toEqual([21, 21, 21]);
    expect(lines.legend).toEqual(["Bid A", "Bid B", "Bid C"]);
    expect(lines.ticks).toEqual(expect.arrayContaining(["0%", "50%", "100%", "$0.00"]));

    // Every chart fits inside the grid in view at 1440 px wide.
    for (const c of [clustered, range, lines]) expect(c.right).toBeLessThanOrEqual(c.viewRight + 0.5);
    await page.screenshot({ path: artifactPath("workbench-charts.png") });

    // Edit a P50 on the sheet: the chart follows (its mark moves); fix the error: a bar appears.
    await page.evaluate(() => {
      window.aipriceWorkbench!.workbook.setCellInput("Charts", "C4", 120000);
      window.aipriceWorkbench!.workbook.setCellInput("Charts", "G6", 0.75);
    });
    expect((await chart(page, "range")).marks[0]).toBe(120000);
    const fixed = await chart(page, "clustered");
    expect(fixed.errors).toEqual([]);
    expect(fixed.bars.filter((b) => b.series === 0).map((b) => b.category)).toEqual([0, 1, 2, 3, 4]);

    // Editing, scrolling and Download .xlsx, still under the policy.
    await clickCell(page, "C5");
    await page.keyboard.type("123000");
    await page.keyboard.press("Enter");
    expect(await shown(page, "C5")).toBe("$123,000");
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>(".wb-scroller")!;
      s.scrollTop = 900;
      s.scrollLeft = 300;
    });
    await page.waitForTimeout(50);
    const { book } = await download(page);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Sheet1", "Charts"]);
    expect(book.getWorksheet("Charts")!.getCell("C5").value).toBe(123000);
    expect(await w.violations()).toEqual([]);
    expectClean(w);
    // The policy is in force and its violations are seen: an inline style attribute is refused.
    await page.evaluate(() => document.body.setAttribute("style", "color: red"));
    await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0);
    // (Reported once per policy in force: the page's own and the header's.)
    const seen = await w.violations();
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(v).toMatch(/^style-src-attr inline /);
  });
});
