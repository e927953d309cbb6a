/**
 * The pages under their Content-Security-Policy, in a real browser: the built dist/ served as `npm start`
 * serves it, every `securitypolicyviolation` event and console error recorded, none allowed.
 *
 * In the task pane, Excel is played by a stand-in office.js (served where the page loads office.js
 * from) whose Office.onReady says "Excel" and whose requirement check answers as an Excel of a given
 * level would: the real pane code then mounts, and a template file is imported (the validator runs)
 * under the strict policy; on an older Excel the pane says which Excel it needs and offers no build.
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { galleryTemplate, GUIDE_BID_IDS } from "../../src/templates/gallery";
import { EXCEL_API_VERSION, excelNeeded } from "../../src/taskpane/requirements";
import { DIST, fakeOfficeJs, recordViolations, violations, WatchedPage } from "./browser";
import { useServedBrowser } from "./served-browser";

const { pageCsp, helpCsp, WORKBENCH_STRICT_CSP } = require("../../scripts/addin-url.js") as {
  pageCsp(o?: { officeCdn?: boolean; inlineStyles?: boolean }): string;
  helpCsp(): string;
  WORKBENCH_STRICT_CSP: boolean;
};

const e2e = useServedBrowser();

async function open(file: string, officeLevel?: string): Promise<WatchedPage> {
  const w = await e2e.open({ width: 360, height: 900 });
  await recordViolations(w.page);
  if (officeLevel) {
    await w.page.route(`${e2e.served.url}/office-js/office.js`, (route) => route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: fakeOfficeJs(officeLevel) }));
  }
  await w.page.goto(`${e2e.served.url}/${file}`);
  return w;
}

/** The policy the page declares in its meta element. */
const declaredPolicy = (page: Page) => page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");

/** The policy is in force: code from a string and a style attribute are both refused (then forgotten). */
async function expectEnforced(w: WatchedPage): Promise<void> {
  const { page } = w;
  const r = await page.evaluate(async () => {
    // From a timer, not from the evaluation itself (the test driver's own code is exempt from the policy).
    const evaluated = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          new Function("return 1")();
          resolve("allowed");
        } catch (e) {
          resolve((e as Error).name);
        }
      }, 0),
    );
    const probe = document.createElement("div");
    probe.setAttribute("style", "color: rgb(255, 0, 0)");
    document.body.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return { evaluated, color };
  });
  expect(r.evaluated).toBe("EvalError");
  expect(r.color).not.toBe("rgb(255, 0, 0)");
  await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length >= 2);
  const seen = await violations(page);
  expect(seen.some((v) => v.startsWith("script-src"))).toBe(true);
  expect(seen.some((v) => v.startsWith("style-src"))).toBe(true);
  await page.evaluate(() => ((window as unknown as { __cspViolations: string[] }).__cspViolations.length = 0));
  w.errors.length = 0; // the browser's own report of the refused probe
}

function expectClean(w: WatchedPage): void {
  expect(w.errors).toEqual([]);
  expect(w.failed).toEqual([]);
  expect(w.offsite).toEqual([]);
}

describe("the task pane under its policy", () => {
  test("declares the strict policy (no inline, no eval, no plugins; nothing from another origin in development)", async () => {
    const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
    expect(html).toContain(`content="${pageCsp()}"`);
    expect(pageCsp()).toMatch(/script-src 'self'; style-src 'self';/);
    expect(pageCsp()).toMatch(/object-src 'none'/);
    expect(pageCsp()).not.toMatch(/unsafe|https:/);
    // No inline script, no inline style, no style attribute in the page itself.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  test(`in Excel (ExcelApi ${EXCEL_API_VERSION}): the pane mounts, imports a bid file and reports a bad one, with no violation`, async () => {
    const w = await open("taskpane.html", EXCEL_API_VERSION);
    const { page } = w;
    await page.waitForSelector(".ap-card");
    expect(await declaredPolicy(page)).toBe(pageCsp());
    await expectEnforced(w);
    // The Office.js workbook port is a part of its own, loaded from the add-in's origin with the pane's first call on the workbook.
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => new URL(e.name).pathname.endsWith("/taskpane-office.js")));

    const base = galleryTemplate(GUIDE_BID_IDS[1])!;
    const good = { ...base, id: "csp-imported-bid", bid: { ...base.bid, name: "Imported under the policy" } };
    await page.setInputFiles('input[type="file"]', [{ name: "good.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(good, null, 2)) }]);
    await page.waitForSelector('.ap-message-success[aria-label="Import result"]');
    expect(await page.isChecked('input[data-template-id="csp-imported-bid"]')).toBe(true);

    const bad = { ...good, id: "Bad Id", bid: { ...good.bid, pricing: { model: "per-resolution", pricePerResolution: -1 } } };
    await page.setInputFiles('input[type="file"]', [{ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) }]);
    const message = page.locator('.ap-message-error[aria-label="Import result"]');
    await message.waitFor();
    expect(await message.locator(".ap-path").allTextContents()).toEqual(expect.arrayContaining(["id", "bid.pricing.pricePerResolution"]));

    expect(await violations(page)).toEqual([]);
    expectClean(w);
  });

  test(`in Excel (ExcelApi ${EXCEL_API_VERSION}): a pilot history is read in the pane's Web Worker, from the add-in's origin only (worker-src 'self')`, async () => {
    expect(pageCsp()).toMatch(/worker-src 'self';/);
    const w = await open("taskpane.html", EXCEL_API_VERSION);
    const { page } = w;
    await page.waitForSelector(".ap-card");
    await page.setInputFiles('input[data-role="history-file"]', path.join(__dirname, "../../samples/pilot-history.csv"));
    await page.waitForSelector('select[data-column="conversation_id"]');
    await page.click('button[data-action="read-history"]');
    await page.waitForSelector('[data-role="replay-actions"]:not([hidden])');
    expect(await page.textContent('[data-role="history-result"]')).toMatch(/Read 4,025 conversations over 9 months/);
    expect(await violations(page)).toEqual([]);
    // A worker made from anything but a script of the add-in's origin is refused (from a timer: the
    // test driver's own code is exempt from the policy).
    const blobWorker = await page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          setTimeout(() => {
            try {
              const url = URL.createObjectURL(new Blob(["postMessage(1)"], { type: "text/javascript" }));
              const worker = new Worker(url);
              worker.onmessage = () => resolve("ran");
              worker.onerror = () => resolve("refused");
              setTimeout(() => resolve("silent"), 2000);
            } catch (e) {
              resolve((e as Error).name);
            }
          }, 0),
        ),
    );
    expect(blobWorker).not.toBe("ran");
    await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length >= 1);
    expect((await violations(page)).some((v) => v.startsWith("worker-src"))).toBe(true);
    w.errors.length = 0; // the browser's own report of the refused worker
    expect(w.failed).toEqual([]);
    expect(w.offsite).toEqual([]);
  });

  test("in an older Excel: says which Excel is needed, and offers no build", async () => {
    const w = await open("taskpane.html", "1.4");
    const { page } = w;
    const alert = page.locator(".ap-older-excel[role=alert]");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("This Excel is too old for the comparison pane");
    expect(text).toContain(excelNeeded());
    expect(text).toMatch(/Version 1801 or later/);
    expect(await page.$$('button[data-action="build"], .ap-card')).toHaveLength(0);
    expect(await violations(page)).toEqual([]);
    expectClean(w);
  });

  test("outside Office (a plain browser, the real office.js served locally): the note, with no violation", async () => {
    const w = await open("taskpane.html");
    await w.page.waitForSelector(".ap-outside h1");
    expect(await violations(w.page)).toEqual([]);
    expectClean(w);
  });
});

describe("the other pages under their policies", () => {
  test("functions.html loads the custom functions runtime and functions.js with no violation", async () => {
    const w = await open("functions.html");
    expect(await declaredPolicy(w.page)).toBe(pageCsp());
    await w.page.waitForLoadState("load");
    await expectEnforced(w);
    expect(await violations(w.page)).toEqual([]);
    expect(w.failed).toEqual([]);
    expect(w.offsite).toEqual([]);
  });

  test("help.html: no script at all, its stylesheet applied", async () => {
    const w = await open("help.html#cost_per_resolution");
    expect(await declaredPolicy(w.page)).toBe(helpCsp());
    expect(helpCsp()).toMatch(/default-src 'none'/);
    expect(await w.page.$$("script")).toHaveLength(0);
    expect(await w.page.evaluate(() => getComputedStyle(document.querySelector("main")!).maxWidth)).toBe("960px");
    expect(await violations(w.page)).toEqual([]);
    expectClean(w);
  });

  test("workbench.html: builds the guide's comparison with no violation under the policy it declares", async () => {
    const w = await open("workbench.html");
    const { page } = w;
    expect(await declaredPolicy(page)).toBe(pageCsp({ inlineStyles: !WORKBENCH_STRICT_CSP }));
    await page.waitForSelector(".ap-card");
    for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
    await page.click('button[data-action="build"]');
    await page.waitForSelector('.wb-tab-active[data-sheet="Bid comparison"]');
    expect(await violations(page)).toEqual([]);
    expectClean(w);
  });

  // The workbench's own code (src/workbench) still sets style attributes on grid cells; until it does
  // not, its page allows inline styles (WORKBENCH_STRICT_CSP in scripts/addin-url.js) and this check of
  // the strict policy is expected to fail. When it passes, set WORKBENCH_STRICT_CSP to true.
  (WORKBENCH_STRICT_CSP ? test : test.failing)("workbench.html under the strict policy: no violation while building", async () => {
    const w = await e2e.open({ width: 1400, height: 900 });
    const { page } = w;
    await recordViolations(page);
    // The page as built, served with the strict policy as a header too (both policies then apply).
    await page.route(`${e2e.served.url}/workbench.html`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": pageCsp() } });
    });
    await page.goto(`${e2e.served.url}/workbench.html`);
    await page.waitForSelector(".ap-card");
    for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
    await page.click('button[data-action="build"]');
    await page.waitForSelector('.wb-tab-active[data-sheet="Bid comparison"]');
    const seen = await violations(page);
    expect(seen).toEqual([]);
  });
});
