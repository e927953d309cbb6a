/**
 * Prices have dates, in the pane (Chromium, on the built workbench page): the comparison date field,
 * each gallery card shown as of that date (the version in effect, a stale mark past 90 days), and
 * Build handing the date to the sheet.
 */
import type { Browser } from "playwright-core";
import { GUIDE_BID_IDS } from "../../src/templates/gallery";
import { checkPrerequisites, launchChromium, openPage, Served, serveDist, WatchedPage } from "../e2e/browser";

const SHEET = "Bid comparison";
const AS_OF = 'input[data-field="asOf"]';
const card = (id: string) => `li.ap-card:has(input[data-template-id="${id}"])`;

let served: Served;
let browser: Browser;
let w: WatchedPage;

beforeAll(async () => {
  checkPrerequisites();
  served = await serveDist();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

beforeEach(async () => {
  w = await openPage(browser, served, { width: 1200, height: 900 });
  await w.page.goto(`${served.url}/workbench.html`);
  await w.page.waitForSelector(".ap-card");
  await w.page.waitForFunction(() => !!window.aipriceWorkbench);
});

afterEach(async () => {
  expect(w.errors).toEqual([]);
  await w.context.close();
});

test("the cards follow the comparison date: the version in effect, stale marks past 90 days; Build puts the date on the sheet", async () => {
  const { page } = w;
  expect(await page.inputValue(AS_OF)).toBe(new Date().toISOString().slice(0, 10));
  const badges = (id: string, role: string) => page.$$eval(`${card(id)} [data-role="${role}"]`, (els) => els.map((e) => e.textContent));

  // The guide's bids were read 2026-05-02: fresh on 2026-06-01 (30 days), stale on 2026-09-01 (122 days).
  await page.fill(AS_OF, "2026-06-01");
  expect(await badges("guide-bid-a-per-token", "stale")).toEqual([]);
  await page.fill(AS_OF, "2026-09-01");
  expect(await badges("guide-bid-a-per-token", "stale")).toEqual(["Stale: read 2026-05-02"]);

  // Zendesk's automated resolution tiers take effect on 2026-05-18.
  await page.fill(AS_OF, "2026-05-17");
  expect(await badges("zendesk-automated-resolutions-payg", "version")).toEqual([]);
  await page.fill(AS_OF, "2026-05-18");
  expect(await badges("zendesk-automated-resolutions-payg", "version")).toEqual(["Prices from 2026-05-18"]);

  await page.fill(AS_OF, "2026-09-01");
  for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
  await page.click('button[data-action="build"]');
  await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
  const title = await page.evaluate((sheet) => window.aipriceWorkbench!.workbook.values(sheet, "A1:A5").map((r) => r[0]), SHEET);
  expect(title).toContainEqual(expect.stringMatching(/^Prices as of 2026-09-01: .*3 bids have prices read more than 90 days before it, marked stale/));
});
