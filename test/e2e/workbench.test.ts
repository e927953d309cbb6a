/**
 * The workbench in a real browser (Debian's Chromium), served from the built dist/ as `npm start`
 * serves it: the real task pane beside the embedded workbook. What an analyst does, through the page:
 * pick the guide's bids, build, read the figures in the grid, change a scenario cell, type a formula,
 * import a bad file, build again, export. No console errors anywhere.
 */
import * as fs from "fs";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { readTemplateFile } from "../../src/templates/validate";
import { artifactPath } from "./browser";
import { useServedBrowser } from "./served-browser";
import { bidName, CALC, chooseGuideBids, clickCell, col, expectClean, figures, find, findBid, row, SHEET, shown, typeInto } from "./workbench-page";

const e2e = useServedBrowser();

describe("the workbench in Chromium", () => {
  test("loads with no console errors, and the task pane renders the gallery", async () => {
    const w = await e2e.openWorkbench();
    const cards = await w.page.$$eval(".ap-card", (els) => els.map((e) => e.querySelector(".ap-vendor")?.textContent));
    const { gallery } = await import("../../src/templates/gallery");
    expect(cards).toEqual(gallery.map((t) => t.bid.vendor));
    // Each card shows its as-of date and source, as text.
    const firstSource = await w.page.textContent(".ap-card .ap-card-source");
    expect(firstSource).toMatch(/As of \d{4}-\d{2}-\d{2}|Private quote/);
    expect(await w.page.textContent(".wb-tab-active")).toBe("Sheet1");
    expectClean(w);
  });

  test("picking the guide's bids A, B and C and building gives the worked example's figures in the grid", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await chooseGuideBids(page);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    expect(await page.textContent(".ap-message-success")).toContain(`“${SHEET}”`);

    // The worked example (docs/spec.md#worked-example) (r = 0.90, h = 3.00), as the grid shows it (4 decimals, in USD).
    expect(await figures(page, "guide-bid-a-per-token")).toEqual({ ai: "$0.4600", perResolution: "$0.5111", blended: "$0.7600" });
    expect(await figures(page, "guide-bid-b-per-resolution")).toEqual({ ai: "$0.8910", perResolution: "$0.9900", blended: "$1.1910" });
    expect(await figures(page, "guide-bid-c-revenue-share")).toEqual({ ai: "$0.8375", perResolution: "$0.9306", blended: "$1.1375" });
    // And at full precision, from the workbook behind the grid.
    const exact = await page.evaluate((names) => {
      const wb = window.aipriceWorkbench!.workbook;
      const out: number[][] = [];
      for (const name of names) {
        const values = wb.values("Bid comparison", "A1:P120");
        // The bids table (the summary above it names the bids too).
        const head = values.findIndex((line) => line.includes("Cost per resolution (a / r)"));
        const r = values.findIndex((line, k) => k > head && line[1] === name);
        const c = (label: string) => values[head].indexOf(label);
        out.push([values[r][c("AI cost per conversation (a)")], values[r][c("Cost per resolution (a / r)")], values[r][c("Blended cost per conversation")]] as number[]);
      }
      return out;
    }, GUIDE_BID_IDS.map(bidName));
    const spec = [
      [0.46, 0.46 / 0.9, 0.76],
      [0.891, 0.99, 1.191],
      [0.8375, 0.8375 / 0.9, 1.1375],
    ];
    exact.forEach((line, i) => line.forEach((v, j) => expect(v).toBeCloseTo(spec[i][j], 12)));
    // Every figure is a formula the analyst can read: the formula bar shows it.
    await clickCell(page, `${col(await find(page, "Cost per resolution (a / r)"))}${row(await findBid(page, bidName("guide-bid-a-per-token")))}`);
    expect(await page.inputValue(".wb-formula")).toMatch(/^=IF\(.*AIPRICE\.COST_PER_RESOLUTION\(/);
    await page.screenshot({ path: artifactPath("workbench-comparison-figures.png") });

    // The chart of cost per resolution, drawn from the sheet.
    const bars = await page.$$eval('.wb-chart[data-chart="cost-per-resolution"] rect[data-value]', (els) => els.map((e) => Number(e.getAttribute("data-value"))));
    expect(bars.map((b) => b.toFixed(4))).toEqual(["0.5111", "0.9900", "0.9306"]);

    // Numbers are never cut by their cell's edge (Excel rounds General to fit, or shows ####).
    expect(await page.$$eval("td.wb-number", (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.dataset.address))).toEqual([]);
    expect(await page.$$eval("td.wb-number", (tds) => tds.filter((td) => td.textContent!.startsWith("#")).length)).toBe(0);

    await clickCell(page, "A2");
    await page.screenshot({ path: artifactPath("workbench-comparison.png") });
    expectClean(w);
  });

  test("changing the resolution rate cell recomputes cost per resolution", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await chooseGuideBids(page);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    const rateCell = `B${row(await find(page, "Resolution rate (r)"))}`;
    expect(await shown(page, rateCell)).toBe("90.0%");
    await typeInto(page, rateCell, "80%");
    await page.waitForFunction((a) => document.querySelector(`td[data-address="${a}"]`)?.textContent === "80.0%", rateCell);
    // r = 0.8: A 0.46 / 0.8; B stays 0.99 per resolution; C (0.50 + 0.15 x 2.50 x 0.8) / 0.8 = 1.00.
    expect((await figures(page, "guide-bid-a-per-token")).perResolution).toBe("$0.5750");
    expect((await figures(page, "guide-bid-b-per-resolution")).perResolution).toBe("$0.9900");
    expect((await figures(page, "guide-bid-c-revenue-share")).perResolution).toBe("$1.0000");
    expect((await figures(page, "guide-bid-a-per-token")).blended).toBe("$1.0600");
    await page.screenshot({ path: artifactPath("workbench-rate-80.png") });
    expectClean(w);
  });

  test("a formula typed in a cell computes and spills", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await typeInto(page, "A1", "=AIPRICE.COST_PER_RESOLUTION(0.46, SEQUENCE(6, 1, 0.5, 0.1))");
    await page.waitForFunction(() => document.querySelector('td[data-address="A1"]')?.textContent === "0.92");
    const exact = [0.46 / 0.5, 0.46 / 0.6, 0.46 / 0.7, 0.46 / 0.8, 0.46 / 0.9, 0.46 / 1.0];
    const column: string[] = [];
    for (let r = 1; r <= 7; r++) column.push(await shown(page, `A${r}`));
    expect(column[6]).toBe("");
    // As Excel's General shows them in a default-width column: as many digits as fit, the last rounded.
    expect([column[0], column[3], column[5]]).toEqual(["0.92", "0.575", "0.46"]);
    column.slice(0, 6).forEach((text, i) => {
      const decimals = (text.split(".")[1] ?? "").length;
      expect(decimals).toBeGreaterThanOrEqual(exact[i] === Number(exact[i].toFixed(3)) ? 0 : 5);
      expect(Math.abs(Number(text) - exact[i])).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-15);
    });
    // No number is cut by its cell's edge.
    expect(await page.$$eval("td.wb-number", (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.dataset.address))).toEqual([]);
    expect(await page.getAttribute('td[data-address="A2"]', "class")).toContain("wb-spilled");
    // The formula bar shows a spilled cell's value at full precision.
    await page.click('td[data-address="A2"]');
    expect(Number(await page.inputValue(".wb-formula"))).toBe(exact[1]);
    // A bad argument shows Excel's error, with its message as the tooltip.
    await typeInto(page, "C1", "=AIPRICE.COST_PER_RESOLUTION(0.46, 1.5)");
    await page.waitForFunction(() => document.querySelector('td[data-address="C1"]')?.textContent === "#NUM!");
    expect(await page.getAttribute('td[data-address="C1"]', "title")).toMatch(/^#NUM! .*resolution_rate/);
    // The formula bar shows the formula of the selected cell.
    await page.click('td[data-address="A1"]');
    expect(await page.inputValue(".wb-formula")).toBe("=AIPRICE.COST_PER_RESOLUTION(0.46, SEQUENCE(6, 1, 0.5, 0.1))");
    await page.screenshot({ path: artifactPath("workbench-spill.png") });
    expectClean(w);
  });

  test("importing a malformed template shows the field errors and leaves the workbook unchanged", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await chooseGuideBids(page);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    const snapshot = () => page.evaluate(() => JSON.stringify([window.aipriceWorkbench!.workbook.sheetNames(), window.aipriceWorkbench!.workbook.hf.getAllSheetsSerialized()]));
    const before = await snapshot();
    const cardsBefore = await page.$$eval(".ap-card", (e) => e.length);

    const bad = {
      format: "aiprice-bid",
      version: 1,
      id: "Quote From Acme",
      bid: { vendor: "Acme <b>AI</b>", name: "Acme agent", currency: "USD", pricing: { model: "per-resolution", pricePerResolution: -0.5 } },
      sources: [],
      questions: [],
    };
    await page.setInputFiles('input[type="file"]', [
      { name: "acme-quote.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad, null, 2)) },
      { name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{ "format": "aiprice-bid", ') },
    ]);
    const message = page.locator('.ap-message-error[aria-label="Import result"]');
    await message.waitFor();
    const text = (await message.textContent()) ?? "";
    expect(text).toContain("Nothing was added and the workbook is unchanged");
    expect(text).toContain("acme-quote.json");
    expect(text).toContain("broken.json");
    const paths = await message.locator(".ap-path").allTextContents();
    expect(paths).toEqual(expect.arrayContaining(["id", "bid.pricing.pricePerResolution"]));
    expect(text).toMatch(/line \d+, column \d+/);
    expect(await snapshot()).toBe(before);
    expect(await page.$$eval(".ap-card", (e) => e.length)).toBe(cardsBefore);
    await page.locator(".ap-import").scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("workbench-import-errors.png") });
    expectClean(w);
  });

  test("text from an imported file is shown as text and written to cells as text, never run", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    const base = galleryTemplate(GUIDE_BID_IDS[1])!;
    const hostile = {
      ...base,
      id: "hostile-text",
      bid: { ...base.bid, vendor: '<img src=x onerror="window.__pwned=1">Acme', name: "=1+1" },
      sources: [{ field: "pricing.pricePerResolution", title: "<b>Price list</b>", url: "https://example.com/prices", asOf: "2026-01-15" }],
    };
    await page.setInputFiles('input[type="file"]', [{ name: "hostile.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(hostile)) }]);
    await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
    const card = page.locator('.ap-card:has(input[data-template-id="hostile-text"])');
    expect(await card.locator(".ap-vendor").textContent()).toBe(hostile.bid.vendor);
    expect(await card.locator(".ap-offer").textContent()).toBe("=1+1");
    expect(await card.locator("a.ap-link").textContent()).toBe("<b>Price list</b>");
    expect(await card.locator("a.ap-link").getAttribute("href")).toBe("https://example.com/prices");
    expect(await card.locator(".ap-badge-imported").textContent()).toBe("Imported: hostile.json");
    expect(await page.$$("#pane img, #pane b")).toHaveLength(0);
    // Imported bids are chosen at once; build with it alone.
    expect(await page.isChecked('input[data-template-id="hostile-text"]')).toBe(true);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    const nameCell = await findBid(page, "=1+1");
    expect(await page.evaluate((a) => window.aipriceWorkbench!.workbook.cell("Bid comparison", a).formula, nameCell)).toBeNull();
    await find(page, hostile.bid.vendor);
    expect(await page.$$("#sheet img")).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expectClean(w);
  });

  test("building again asks first: a new sheet, or update only the add-in's own sheet; export writes the bids", async () => {
    const w = await e2e.openWorkbench();
    const { page } = w;
    await typeInto(page, "A1", "my own note");
    await chooseGuideBids(page);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);

    // Build again: the pane asks inline (no window.confirm), and nothing is written before the answer.
    page.on("dialog", (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    await page.uncheck(`input[data-template-id="${GUIDE_BID_IDS[2]}"]`);
    await page.click('button[data-action="build"]');
    const confirm = page.locator(".ap-confirm");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`“${SHEET}”`);
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames())).toEqual(["Sheet1", SHEET, CALC]);
    await page.click('button[data-action="update"]');
    // Removing bid C deletes its rows: the pane lists them and asks before anything changes.
    const conflicts = page.locator('[data-role="update-conflicts"] li');
    await conflicts.first().waitFor();
    expect((await conflicts.allTextContents()).join("\n")).toMatch(/no longer part of the comparison/);
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames())).toEqual(["Sheet1", SHEET, CALC]);
    await page.click('button[data-action="update-anyway"]');
    await page.waitForSelector(".ap-message-success >> text=Updated");
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames())).toEqual(["Sheet1", SHEET, CALC]);
    await expect(find(page, bidName(GUIDE_BID_IDS[2]))).rejects.toThrow();

    // Escape (or Cancel) answers "neither": nothing is built.
    await page.click('button[data-action="build"]');
    await confirm.waitFor();
    await page.keyboard.press("Escape");
    await page.waitForSelector('.ap-message-info >> text="Nothing was built."');
    expect(await page.$(".ap-confirm")).toBeNull();
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames())).toEqual(["Sheet1", SHEET, CALC]);

    await page.click('button[data-action="build"]');
    await page.click('button[data-action="new-sheet"]');
    await page.waitForSelector(".ap-message-success >> text=Built");
    const names = await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames());
    // A second comparison, with its own calculation sheet.
    expect(names).toHaveLength(5);
    expect(names.slice(0, 3)).toEqual(["Sheet1", SHEET, CALC]);
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.value("Sheet1", "A1"))).toBe("my own note");

    // Export the bids of the first comparison sheet to a file that imports again.
    await page.selectOption('select[data-role="export-sheet"]', SHEET);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[data-action="export"]')]);
    const file = await download.path();
    const result = readTemplateFile(fs.readFileSync(file!, "utf8"), download.suggestedFilename());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.templates.map((t) => t.id)).toEqual(GUIDE_BID_IDS.slice(0, 2));
    expectClean(w);
  });

  test("the task pane is keyboard usable, labelled, and readable 320 px wide", async () => {
    const w = await e2e.openWorkbench({ width: 320, height: 900 });
    const { page } = w;
    // Let the whole page scroll (the pane stacked under the grid), through the CSSOM: the page's strict
    // policy refuses a <style> tag.
    await page.evaluate(() => {
      for (const el of [document.documentElement, document.body]) {
        el.style.setProperty("overflow", "auto");
        el.style.setProperty("height", "auto");
      }
      document.querySelector<HTMLElement>(".wb-right")?.style.setProperty("max-height", "none", "important");
    });
    // Every control has a label (its accessible name).
    const unlabelled = await page.$$eval("#pane input, #pane select, #pane button", (els) =>
      els
        .filter((e) => {
          const c = e as HTMLInputElement;
          return !(c.labels && c.labels.length > 0) && !c.getAttribute("aria-label") && !(c.tagName === "BUTTON" && c.textContent?.trim());
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // Nothing is wider than the pane.
    const overflow = await page.$eval("#pane .ap-pane", (pane) => pane.scrollWidth - pane.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Keyboard only: tick a bid with Space, reach Build with Tab, press Enter.
    await page.focus(`input[data-template-id="${GUIDE_BID_IDS[1]}"]`);
    await page.keyboard.press("Space");
    expect(await page.isChecked(`input[data-template-id="${GUIDE_BID_IDS[1]}"]`)).toBe(true);
    for (let i = 0; i < 200; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action === "build")) break;
      await page.keyboard.press("Tab");
    }
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    // A wrong scenario value is said in plain words next to its field, and nothing is built.
    await page.fill('input[data-field="resolutionRate"]', "150");
    await page.click('button[data-action="build"]');
    const problem = page.locator('.ap-message-error[aria-label="Build result"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain("Resolution rate: enter a percentage from 0 to 100");
    expect(await page.getAttribute('input[data-field="resolutionRate"]', "aria-invalid")).toBe("true");
    expect(await page.evaluate(() => window.aipriceWorkbench!.workbook.sheetNames())).toEqual(["Sheet1", SHEET, CALC]);
    await page.fill('input[data-field="resolutionRate"]', "90");
    expect(await page.getAttribute('input[data-field="resolutionRate"]', "aria-invalid")).toBeNull();
    await page.locator("#pane").screenshot({ path: artifactPath("taskpane-320px.png") });
    expectClean(w);
  });
});

describe("the task pane page, loaded as Excel loads it", () => {
  test("office.js comes from the package, not a CDN, and the page initialises without errors", async () => {
    const w = await e2e.open({ width: 360, height: 700 });
    const officeJs: number[] = [];
    w.page.on("response", (res) => {
      if (new URL(res.url()).pathname === "/office-js/office.js") officeJs.push(res.status());
    });
    await w.page.goto(`${e2e.served.url}/taskpane.html`);
    await w.page.waitForSelector(".ap-outside h1");
    await w.page.waitForLoadState("networkidle");
    expect(officeJs).toEqual([200]);
    expect(await w.page.evaluate(() => typeof Office !== "undefined" && typeof Office.onReady === "function")).toBe(true);
    expect(await w.page.textContent(".ap-outside")).toContain("runs inside Excel");
    expect(await w.page.getAttribute(".ap-outside a", "href")).toBe(`${e2e.served.url}/workbench.html`);
    await w.page.screenshot({ path: artifactPath("taskpane-outside-excel.png") });
    expectClean(w);
  });
});
