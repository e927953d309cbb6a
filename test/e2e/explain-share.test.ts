/**
 * The pane's "Explain this cell" and "Make a shareable copy" in the workbench, as an analyst uses them
 * (docs/spec.md#sharing): bid A's resolution rate typed as 1.5, its cost per resolution selected in the grid, and the
 * pane says why AIPRICE.COST_PER_RESOLUTION refuses it (Excel shows #NUM! bare); then a shareable copy
 * and a values-only copy of the comparison, made from the pane with the keyboard.
 */
import { GUIDE_BID_IDS } from "../../src/templates/gallery";
import { cellAddress, columnLetters } from "../../src/workbook/a1";
import { artifactPath } from "./browser";
import { useServedBrowser } from "./served-browser";
import { bidName, chooseGuideBids, clickCell, col, expectClean, find, findBid, row, SHEET, typeInto } from "./workbench-page";

const e2e = useServedBrowser();

test("Explain this cell says why r = 1.5 is refused; the shareable copies are made from the pane", async () => {
  const w = await e2e.openWorkbench({ width: 1440, height: 960 });
  const { page } = w;
  await chooseGuideBids(page);
  await page.fill('input[data-field="draws"]', "300"); // a smaller risk view: the copy is quicker to make
  await page.click('button[data-action="build"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);

  // Bid A's resolution rate typed as 1.5 (150%): its cost per resolution shows #NUM!, bare.
  const r = row(await findBid(page, bidName(GUIDE_BID_IDS[0])));
  const costHead = await find(page, "Cost per resolution (a / r)");
  // The bids table's "Resolution rate (r)" (the scenario's comes first, in column A).
  const rateCol = await page.evaluate(
    (headRow) => {
      const { workbook, grid } = window.aipriceWorkbench!;
      const hit = workbook.usedCells(grid.activeSheet()).find((c) => c.value === "Resolution rate (r)" && c.row === headRow);
      return hit ? hit.col : null;
    },
    Number(row(costHead)) - 1,
  );
  expect(rateCol).not.toBeNull();
  const rateCell = `${columnLetters(rateCol!)}${r}`;
  const costCell = `${col(costHead)}${r}`;
  // Typed, 150% is refused by the cell's data validation, with a message naming the allowed values.
  await typeInto(page, rateCell, "1.5");
  expect(await page.textContent(".wb-message")).toMatch(/0%.*100%/);
  expect(await page.evaluate(([s, a]) => window.aipriceWorkbench!.workbook.value(s, a), [SHEET, rateCell] as const)).not.toBe(1.5);
  // Forced in through a formula (validation checks what is typed, as Excel's does), it reaches the figures.
  await typeInto(page, rateCell, "=1.5");
  const value = await page.evaluate(([s, a]) => window.aipriceWorkbench!.workbook.value(s, a), [SHEET, costCell] as const);
  expect(value).toMatchObject({ error: "#NUM!" });

  // Select the cell in the grid; ask the pane with the keyboard.
  await clickCell(page, costCell);
  await page.focus('button[data-action="explain"]');
  await page.keyboard.press("Enter");
  const summary = page.locator('[data-role="explain-summary"]');
  await summary.waitFor();
  const words = (await summary.textContent()) ?? "";
  expect(words).toMatch(/^AIPRICE\.COST_PER_RESOLUTION gives #NUM! here: /);
  expect(words).toMatch(/resolution_rate/);
  expect(words).toMatch(/1\.5/);
  const explanation = (await page.textContent('[data-role="explanation"]')) ?? "";
  expect(explanation).toContain(`${SHEET}!${costCell} shows #NUM!`);
  expect(explanation).toMatch(new RegExp(`resolution_rate = ${rateCell}\\s*→\\s*1\\.5`));
  await page.locator('[data-role="explanation"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifactPath("explain-r-1.5.png") });

  await typeInto(page, rateCell, "0.92");

  // A cell inside a spill of the rates block (a long nested formula), explained at its own column; the
  // explanation wraps inside a 320 px pane.
  const anchor = await page.evaluate(() => {
    const { workbook, grid } = window.aipriceWorkbench!;
    const c = workbook.usedCells(grid.activeSheet()).find((x) => x.formula?.startsWith("=AIPRICE.COST_PER_RESOLUTION(AIPRICE.TCO_PER_CONVERSATION("));
    return c ? { row: c.row, col: c.col } : null;
  });
  expect(anchor).not.toBeNull();
  const spillAddress = cellAddress({ row: anchor!.row, col: anchor!.col + 3 });
  const spill = {
    address: spillAddress,
    value: await page.evaluate((a) => window.aipriceWorkbench!.workbook.value(window.aipriceWorkbench!.grid.activeSheet(), a), spillAddress),
  };
  await clickCell(page, spill.address);
  await page.click('button[data-action="explain"]');
  await page.waitForFunction(() => /of the spill from/.test(document.querySelector('[data-role="explain-summary"]')?.textContent ?? ""));
  const spillWords = (await summary.textContent()) ?? "";
  expect(spillWords).toMatch(/^AIPRICE\.COST_PER_RESOLUTION computes [0-9.]+ here \(row 1, column 4 of the spill from [A-Z]+\d+\)/);
  expect(Number(/computes ([0-9.]+)/.exec(spillWords)![1])).toBeCloseTo(spill.value as number, 8);
  await page.setViewportSize({ width: 320, height: 900 });
  const wide = await page.$eval('[data-role="explanation"]', (el) => el.scrollWidth - el.clientWidth);
  expect(wide).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1440, height: 960 });

  // The shareable copy, then a values-only copy, from the pane.
  await page.selectOption('select[data-role="share-sheet"]', SHEET);
  await page.click('button[data-action="share"]');
  await page.waitForSelector(".ap-message-success >> text=Bid comparison (shareable)");
  const copy = await page.evaluate(
    ([a, b]) => {
      const wb = window.aipriceWorkbench!.workbook;
      const cells = wb.usedCells("Bid comparison (shareable)");
      return {
        sheets: wb.sheetNames(),
        aiprice: cells.filter((c) => c.formula && /AIPRICE/i.test(c.formula)).length,
        formulas: cells.filter((c) => c.formula).length,
        rate: wb.value("Bid comparison (shareable)", a),
        cost: wb.value("Bid comparison (shareable)", b),
      };
    },
    [rateCell, costCell] as const,
  );
  expect(copy.sheets).toContain("Bid comparison (shareable)");
  expect(copy.aiprice).toBe(0);
  expect(copy.formulas).toBeGreaterThan(100);
  expect(copy.rate).toBe(0.92);
  expect(copy.cost).toBeCloseTo(0.46 / 0.92, 12);

  await page.check('input[data-role="share-values-only"]');
  await page.click('button[data-action="share"]');
  await page.waitForSelector(".ap-message-success >> text=Bid comparison (shareable 2)");
  const values = await page.evaluate((b) => {
    const wb = window.aipriceWorkbench!.workbook;
    const cells = wb.usedCells("Bid comparison (shareable 2)");
    return { formulas: cells.filter((c) => c.formula && !/^=#/.test(c.formula)).length, cost: wb.value("Bid comparison (shareable 2)", b) };
  }, costCell);
  expect(values.formulas).toBe(0);
  expect(values.cost).toBeCloseTo(0.46 / 0.92, 12);
  expectClean(w);
}, 120_000);
