/**
 * The pane's gallery grouped (Chromium, on the built workbench page): by vendor and by what the
 * templates charge for, each card saying what it charges for; a bid chosen in one grouping stays chosen
 * in another. Needs dist/ (npm run build).
 */
import type { Browser } from "playwright-core";
import { gallery } from "../../src/templates/gallery";
import { groupGallery } from "../../src/taskpane/gallery-groups";
import { checkPrerequisites, launchChromium, openPage, Served, serveDist, WatchedPage } from "../e2e/browser";

const GROUPING = 'select[data-role="gallery-grouping"]';
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
});

afterEach(async () => {
  expect(w.errors).toEqual([]);
  await w.context.close();
});

test("groups the gallery by vendor and by what it charges for; a choice survives the regrouping", async () => {
  const { page } = w;
  const headings = () => page.$$eval(".ap-gallery-group-title", (els) => els.map((e) => e.textContent));
  const cardIds = () => page.$$eval("li.ap-card input[data-template-id]", (els) => els.map((e) => e.getAttribute("data-template-id")));
  expect(await headings()).toEqual([]);
  expect((await cardIds()).length).toBe(gallery.length);

  await page.check(`input[data-template-id="hubspot-breeze-customer-agent-credits"]`);
  await page.selectOption(GROUPING, "vendor");
  const byVendor = groupGallery(gallery, (t) => t, "vendor");
  expect(await headings()).toEqual(byVendor.map((g) => `${g.label} (${g.items.length})`));
  const zendesk = await page.$$eval('li.ap-gallery-group[data-group="Zendesk"] input[data-template-id]', (els) => els.map((e) => e.getAttribute("data-template-id")));
  expect(zendesk).toEqual(["zendesk-automated-resolutions-committed", "zendesk-automated-resolutions-payg", "zendesk-resolution-tiers-and-copilot"]);
  expect(await page.isChecked(`input[data-template-id="hubspot-breeze-customer-agent-credits"]`)).toBe(true);

  await page.selectOption(GROUPING, "meter");
  const byMeter = groupGallery(gallery, (t) => t, "meter");
  expect(await headings()).toEqual(byMeter.map((g) => `${g.label} (${g.items.length})`));
  expect((await cardIds()).sort()).toEqual(gallery.map((t) => t.id).sort());
  expect(await page.textContent(`${card("zendesk-resolution-tiers-and-copilot")} [data-role="charges-for"]`)).toBe("Charges for: outcomes of a type, seats");
  expect(await page.isChecked(`input[data-template-id="hubspot-breeze-customer-agent-credits"]`)).toBe(true);
  expect(await page.textContent(".ap-gallery-view .ap-hint")).toMatch(/^1 bid chosen/);
});
