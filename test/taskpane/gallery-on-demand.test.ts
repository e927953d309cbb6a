/**
 * The shipped gallery is loaded on demand (src/taskpane/shipped-gallery.ts): a chunk of its own, not in
 * the pane's first bundle, that gives the very templates of src/templates/gallery in their order; while
 * it loads the list says so, a bid imported meanwhile stays chosen after the shipped ones, and a failed
 * load leaves the import working. The browser part runs on the built workbench page (npm run build).
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser, Route } from "playwright-core";
import { gallery, GALLERY_FILES, GUIDE_BID_IDS, galleryTemplate } from "../../src/templates/gallery";
import { loadShippedGallery } from "../../src/taskpane/shipped-gallery";
import { checkPrerequisites, DIST, launchChromium, openPage, Served, serveDist, WatchedPage } from "../e2e/browser";

const cardIds = (w: WatchedPage) => w.page.$$eval("li.ap-card input[data-template-id]", (els) => els.map((e) => e.getAttribute("data-template-id")));

test("the loader gives the gallery's templates, in its order, once per page", async () => {
  const loaded = await loadShippedGallery();
  expect(loaded.map((t) => t.id)).toEqual(GALLERY_FILES.map((f) => (f.data as { id: string }).id));
  expect(loaded).toEqual(gallery);
  expect(await loadShippedGallery()).toBe(loaded);
});

test("the pane's first bundle holds none of the gallery's text; its chunk does", () => {
  const pane = fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8");
  const chunk = fs.readFileSync(path.join(DIST, "taskpane-gallery.js"), "utf8");
  for (const t of gallery) {
    expect(pane.includes(t.id)).toBe(false);
    expect(chunk.includes(t.id)).toBe(true);
  }
});

describe("in the workbench page", () => {
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

  afterEach(async () => {
    await w?.context.close();
  });

  /** Opens the workbench with the gallery's chunk held back until `release` is called (or failed). */
  async function openHeld(): Promise<{ release: () => Promise<void>; fail: () => Promise<void> }> {
    w = await openPage(browser, served, { width: 1200, height: 900 });
    let held: Route | null = null;
    const arrived = new Promise<void>((resolve) => {
      void w.page.route("**/taskpane-gallery.js", (route) => {
        held = route;
        resolve();
      });
    });
    await w.page.goto(`${served.url}/workbench.html`);
    await arrived;
    return { release: async () => held!.continue(), fail: async () => held!.abort("failed") };
  }

  const bidFile = (id: string) => {
    const base = galleryTemplate(GUIDE_BID_IDS[1])!;
    const t = { ...base, id, bid: { ...base.bid, name: `Imported ${id}` } };
    return { name: `${id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(t, null, 2)) };
  };

  test("says it is loading; a bid imported meanwhile stays chosen, after the shipped templates", async () => {
    const { release } = await openHeld();
    const { page } = w;
    await page.waitForSelector(".ap-gallery .ap-empty");
    expect(await page.textContent(".ap-gallery .ap-empty")).toBe("Loading the gallery's templates…");
    await page.setInputFiles('input[type="file"]', [bidFile("early-import")]);
    await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
    expect(await cardIds(w)).toEqual(["early-import"]);

    await release();
    await page.waitForFunction((n) => document.querySelectorAll("li.ap-card").length === n, gallery.length + 1);
    expect(await cardIds(w)).toEqual([...gallery.map((t) => t.id), "early-import"]);
    expect(await page.isChecked('input[data-template-id="early-import"]')).toBe(true);
    expect(await page.textContent(".ap-gallery-view .ap-hint")).toMatch(/^1 bid chosen/);
    expect(w.errors).toEqual([]);
  });

  test("a gallery that cannot be loaded is said in the list; importing still works", async () => {
    const { fail } = await openHeld();
    const { page } = w;
    await fail();
    await page.waitForSelector(".ap-gallery .ap-empty:has-text('could not be loaded')");
    await page.setInputFiles('input[type="file"]', [bidFile("after-failure")]);
    await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
    expect(await cardIds(w)).toEqual(["after-failure"]);
    expect(await page.isChecked('input[data-template-id="after-failure"]')).toBe(true);
  });
});
