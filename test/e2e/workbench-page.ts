/**
 * Helpers for the workbench's end-to-end tests: open the page, pick the guide's bids, find a cell by its
 * text, read what the grid shows (scrolling the cell into view first: the grid draws only what is in
 * view), click and type into cells.
 */
import type { Browser, Page } from "playwright-core";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { cellAddress } from "../../src/workbook/a1";
import type {} from "../../src/workbench/workbench"; // window.aipriceWorkbench
import { openPage, Served, WatchedPage } from "./browser";

export const SHEET = "Bid comparison";
/** The comparison's calculation sheet (its drawn scenarios and the months of the term). */
export const CALC = `${SHEET} calc`;

/** The workbench page, loaded and ready (the caller closes it: prefer useServedBrowser().openWorkbench, which does). */
export async function openWorkbench(browser: Browser, served: Served, viewport?: { width: number; height: number }): Promise<WatchedPage> {
  const w = await openPage(browser, served, viewport);
  await loadWorkbench(w.page, served);
  return w;
}

/** Loads the workbench into a page and waits until it is ready (the pane rendered, the workbook handle in place). */
export async function loadWorkbench(page: Page, served: Served): Promise<void> {
  await page.goto(`${served.url}/workbench.html`);
  await page.waitForSelector(".ap-card");
  await page.waitForFunction(() => !!window.aipriceWorkbench);
}

export function expectClean(w: WatchedPage): void {
  expect(w.errors).toEqual([]);
  expect(w.failed).toEqual([]);
  expect(w.offsite).toEqual([]);
}

export const bidName = (id: string) => galleryTemplate(id)!.bid.name;

export async function chooseGuideBids(page: Page): Promise<void> {
  for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
}

/**
 * The shown text of a cell of the active sheet. The grid draws only the cells in view (and a margin),
 * so the cell is scrolled into view first, as a user would.
 */
export async function shown(page: Page, address: string): Promise<string> {
  await page.evaluate((a) => window.aipriceWorkbench!.grid.reveal(a), address);
  return (await page.textContent(`td[data-address="${address}"]`)) ?? "";
}

/** The address of the first cell (by rows, then columns) of the active sheet whose value is the text `text`. */
export async function find(page: Page, text: string): Promise<string> {
  return findBelow(page, text, null);
}

/** A bid's name in the bids table (the summary above it names the bids too, sorted by rank). */
export async function findBid(page: Page, name: string): Promise<string> {
  return findBelow(page, name, "Bids on one footing");
}

/** The first cell whose value is `text`, below the first cell whose value is `below` (anywhere when null). */
async function findBelow(page: Page, text: string, below: string | null): Promise<string> {
  const hit = await page.evaluate(
    ([t, b]) => {
      const { workbook, grid } = window.aipriceWorkbench!;
      const cells = workbook.usedCells(grid.activeSheet());
      const top = b === null ? -1 : Math.min(...cells.filter((c) => c.value === b).map((c) => c.row));
      const hits = cells.filter((c) => c.value === t && c.row > top);
      hits.sort((a, b) => a.row - b.row || a.col - b.col);
      return hits.length === 0 ? null : { row: hits[0].row, col: hits[0].col };
    },
    [text, below] as const,
  );
  if (!hit) throw new Error(`no cell shows "${text}"`);
  // The address is written here, by the add-in's own helper (the page holds no copy of it).
  return cellAddress(hit);
}

export const col = (address: string) => address.replace(/\d+$/, "");
export const row = (address: string) => address.replace(/^[A-Z]+/, "");

/** The figures a bid's row shows under the three normalized headings, as text. */
export async function figures(page: Page, id: string): Promise<{ ai: string; perResolution: string; blended: string }> {
  const r = row(await findBid(page, bidName(id)));
  return {
    ai: await shown(page, `${col(await find(page, "AI cost per conversation (a)"))}${r}`),
    perResolution: await shown(page, `${col(await find(page, "Cost per resolution (a / r)"))}${r}`),
    blended: await shown(page, `${col(await find(page, "Blended cost per conversation"))}${r}`),
  };
}

/** Scrolls a cell into view and clicks it. */
export async function clickCell(page: Page, address: string): Promise<void> {
  await page.evaluate((a) => window.aipriceWorkbench!.grid.reveal(a), address);
  await page.click(`td[data-address="${address}"]`);
}

/** Selects a cell by clicking it, types as a user types, and presses Enter. */
export async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await clickCell(page, address);
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}
