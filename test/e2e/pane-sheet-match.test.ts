/**
 * One set of inputs for pane and sheet, in the workbench (Chromium, the built dist/): the rate
 * correlation set in the pane's risk settings goes onto the sheet; a correlation typed on the sheet is
 * named by the pane ("The sheet's rate correlation is 0.2; the pane's is 0.5.") and kept by Update, which
 * orders the draws at it. A volume typed on the sheet is named too, and "Use the sheet's values" copies
 * it into the pane.
 */
import type { Page } from "playwright-core";
import { artifactPath } from "./browser";
import { useServedBrowser } from "./served-browser";
import { chooseGuideBids, col, expectClean, find, row, SHEET, typeInto } from "./workbench-page";

const e2e = useServedBrowser();

const value = (page: Page, address: string) => page.evaluate((a) => window.aipriceWorkbench!.workbook.value("Bid comparison", a), address);

/** The value cell of a scenario line (column B beside its label). */
async function scenarioCell(page: Page, label: string): Promise<string> {
  return `B${row(await find(page, label))}`;
}

/** The calculation sheet beside the comparison (the drawn scenarios and the order of the drawn rates). */
const CALC = `${SHEET} calc`;
const calcValue = (page: Page, address: string) => page.evaluate(([s, a]) => window.aipriceWorkbench!.workbook.value(s, a), [CALC, address] as const);

/** The status cell of the order of the drawn rates, on the calculation sheet (column D of its row). */
async function orderStatus(page: Page): Promise<string> {
  const r = await page.evaluate((s) => window.aipriceWorkbench!.workbook.usedCells(s).find((c) => c.value === "Written for the correlation and seed")?.row ?? null, CALC);
  if (r === null) throw new Error("no order status on the calculation sheet");
  return `D${r + 1}`;
}

async function build(page: Page): Promise<void> {
  await page.click('button[data-action="build"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
  await page.waitForSelector(".ap-message-success >> text=Built");
}

async function update(page: Page): Promise<void> {
  await page.click('button[data-action="build"]');
  await page.click('button[data-action="update"]');
  await page.waitForSelector(".ap-message-success >> text=Updated");
}

test("the pane's rate correlation goes onto the sheet; one typed on the sheet is named, kept by Update and orders the draws", async () => {
  const w = await e2e.openWorkbench({ width: 1440, height: 960 });
  const { page } = w;
  await chooseGuideBids(page);
  await page.fill('[data-field="rate-correlation"]', "0.5");
  await build(page);
  const rho = await scenarioCell(page, "Correlation of the bids' resolution rates");
  expect(await value(page, rho)).toBe(0.5);
  const status = await orderStatus(page);
  expect(await calcValue(page, status)).toMatch(/^Current/);

  // The analyst types 0.2 on the sheet: the order is out of date, and the pane says the two differ.
  await typeInto(page, rho, "0.2");
  expect(await calcValue(page, status)).toMatch(/^Out of date/);
  await page.click('button[data-action="check-sheet"]');
  const notice = page.locator('[data-role="sheet-match"]');
  await page.waitForSelector('[data-role="sheet-match"] >> text=rate correlation');
  expect(await notice.locator("li").allTextContents()).toEqual(["The sheet's rate correlation is 0.2; the pane's is 0.5."]);

  // Update keeps the analyst's 0.2 and orders the draws at it.
  await update(page);
  expect(await page.textContent('.ap-message-success[aria-label="Build result"]')).toMatch(/1 input you changed on the sheet kept its value/);
  expect(await value(page, rho)).toBe(0.2);
  expect(await calcValue(page, await orderStatus(page))).toMatch(/^Current/);
  expect(await calcValue(page, `B${row(await orderStatus(page))}`)).toBe(0.2);
  expectClean(w);
});

test("a volume typed on the sheet: the pane names the difference, and Use the sheet's values copies it into the pane", async () => {
  const w = await e2e.openWorkbench({ width: 1440, height: 960 });
  const { page } = w;
  await chooseGuideBids(page);
  await build(page);
  const volume = await scenarioCell(page, "Conversations per month (V)");
  expect(await value(page, volume)).toBe(100000);
  await page.click('button[data-action="check-sheet"]');
  await page.waitForSelector('[data-role="sheet-match"] >> text=matches the sheet');

  // Typed on the sheet: the workbook tells the pane, which looks again by itself.
  await typeInto(page, volume, "110000");
  await page.waitForSelector('[data-role="sheet-match"] >> text=no longer matches');
  const notice = page.locator('[data-role="sheet-match"]');
  expect(await notice.locator("li").allTextContents()).toEqual(["The sheet's volume is 110,000; the pane's is 100,000."]);
  await page.locator("#pane").screenshot({ path: artifactPath("pane-sheet-match.png") });

  await page.click('button[data-action="use-sheet-values"]');
  expect(await page.inputValue('input[data-field="conversations"]')).toBe("110,000");
  expect(await notice.textContent()).toMatch(/Copied 1 value of “Bid comparison” into the pane: volume/);
  await page.click('button[data-action="check-sheet"]');
  await page.waitForSelector('[data-role="sheet-match"] >> text=matches the sheet');

  // Update keeps the sheet's value (it is the analyst's cell), now the pane's too.
  await update(page);
  expect(await value(page, volume)).toBe(110000);
  expect(col(volume)).toBe("B");
  expectClean(w);
});
