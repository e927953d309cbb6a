/**
 * The pane's update confirmation and the calculation sheet (issue 15, item 6), in Chromium: a figure the
 * analyst overwrote on "Bid comparison calc" is listed by the pane, by address and content, before
 * anything is written; their note typed in an empty place of that sheet is not listed and stays.
 */
import { useServedBrowser } from "./served-browser";
import { CALC, chooseGuideBids, expectClean, SHEET, typeInto } from "./workbench-page";

const e2e = useServedBrowser();

test("a figure overwritten on the calculation sheet is listed before the update; a note typed there stays", async () => {
  const w = await e2e.openWorkbench();
  const { page } = w;
  await chooseGuideBids(page);
  await page.click('button[data-action="build"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
  // A formula of the add-in's on the calculation sheet (column B, not a spilled cell), and an empty place past its columns.
  const { figure, empty } = await page.evaluate((calc) => {
    const wb = window.aipriceWorkbench!.workbook;
    const cell = wb.usedCells(calc).find((c) => c.col === 1 && c.formula !== null && c.spill === null)!;
    return { figure: `B${cell.row + 1}`, empty: `A${wb.sheetSize(calc).rows + 3}` };
  }, CALC);
  await page.click(`.wb-tab[data-sheet="${CALC}"]`);
  await page.waitForSelector(`.wb-tab-active[data-sheet="${CALC}"]`);
  await typeInto(page, figure, "123");
  await typeInto(page, empty, "my working");
  expect(await page.evaluate(([calc, a]) => window.aipriceWorkbench!.workbook.value(calc, a), [CALC, figure])).toBe(123);

  // Build again, update this sheet: the pane lists the figure they changed, and only it.
  await page.click('button[data-action="build"]');
  await page.locator(".ap-confirm").waitFor();
  await page.click('button[data-action="update"]');
  const conflicts = page.locator('[data-role="update-conflicts"] li');
  await conflicts.first().waitFor();
  expect(await conflicts.allTextContents()).toEqual([`'${CALC}'!${figure}: on the calculation sheet, you changed it to 123; the update would put the add-in's figure back`]);
  // Nothing written before the answer.
  expect(await page.evaluate(([calc, a]) => window.aipriceWorkbench!.workbook.value(calc, a), [CALC, figure])).toBe(123);
  await page.click('button[data-action="update-anyway"]');
  await page.waitForSelector(".ap-message-success >> text=Updated");
  const after = await page.evaluate(([calc, a, b]) => [window.aipriceWorkbench!.workbook.value(calc, a), window.aipriceWorkbench!.workbook.value(calc, b)], [CALC, figure, empty]);
  expect(after[0]).not.toBe(123);
  expect(after[1]).toBe("my working");
  expectClean(w);
});
