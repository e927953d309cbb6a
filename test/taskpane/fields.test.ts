/**
 * The pane's scenario fields (src/taskpane/fields.ts) in Chromium, on the built workbench page: what
 * the analyst types is read as they mean it, what was understood is shown beside the field while
 * they type, and a value that will fail says so at once (aria-invalid, the message tied by
 * aria-describedby), before Build. Then Build hands the engine what the fields showed.
 */
import type { Browser, Page } from "playwright-core";
import { GUIDE_BID_IDS } from "../../src/templates/gallery";
import { artifactPath, checkPrerequisites, launchChromium, openPage, Served, serveDist, WatchedPage } from "../e2e/browser";

const SHEET = "Bid comparison";
const field = (key: string) => `#pane input[data-field="${key}"]`;

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

/** What assistive technology reads for the field: the text of every element named by aria-describedby, and aria-invalid. */
async function state(page: Page, key: string): Promise<{ invalid: string | null; understood: string; message: string; describedBy: string[] }> {
  return page.$eval(field(key), (input) => {
    const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    const texts = ids.map((id) => document.getElementById(id)?.textContent ?? "(missing)");
    const understood = ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains("ap-readout"))?.textContent ?? "";
    const message = ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains("ap-field-message"))?.textContent ?? "";
    return { invalid: input.getAttribute("aria-invalid"), understood, message, describedBy: texts };
  });
}

/** Puts text in a field as one edit (one input event, as a paste does). */
async function type(page: Page, key: string, text: string): Promise<void> {
  await page.fill(field(key), text);
}

/** Types into a field as a person does, key by key (each key fires an input event). */
async function typeKeys(page: Page, key: string, text: string): Promise<void> {
  await page.fill(field(key), "");
  await page.type(field(key), text);
}

/** The value in the built sheet's scenario cell beside a label, from the workbook behind the grid. */
async function scenarioCell(page: Page, label: string): Promise<unknown> {
  return page.evaluate(
    ([sheet, l]) => {
      const values = window.aipriceWorkbench!.workbook.values(sheet, "A1:E40");
      const line = values.find((r) => r[0] === l);
      return line ? line[1] : "(no such label)";
    },
    [SHEET, label],
  );
}

describe("the scenario's rate fields", () => {
  test("read 90, 90% and 0.9 as 90%, and show what they understood while the analyst types", async () => {
    const { page } = w;
    expect(await page.inputValue(field("resolutionRate"))).toBe("90%");
    expect((await state(page, "resolutionRate")).understood).toBe("= 90%");
    for (const text of ["90", "90%", "0.9", " 90 % "]) {
      await type(page, "resolutionRate", text);
      expect(await state(page, "resolutionRate")).toMatchObject({ invalid: null, understood: "= 90%", message: "" });
    }
    await type(page, "resolutionRate", "1");
    expect((await state(page, "resolutionRate")).understood).toBe("= 100%");
    await type(page, "resolutionRate", "1.5");
    expect((await state(page, "resolutionRate")).understood).toBe("= 1.5%");
  });

  test("warn below 1% without refusing, and say at once when a value will fail", async () => {
    const { page } = w;
    await type(page, "resolutionRate", "0.9%");
    const low = await state(page, "resolutionRate");
    expect(low).toMatchObject({ invalid: null, understood: "= 0.9%" });
    expect(low.message).toBe("Resolution rate: 0.9% is below 1%: is that what you meant? For 90%, type 90 or 0.9.");
    const width = await page.$eval(field("resolutionRate"), (el) => el.getBoundingClientRect().width);
    await page.locator("#pane .ap-scenario").screenshot({ path: artifactPath("taskpane-fields-warning.png") });

    // No click on Build: the message is there as soon as the text will fail, and goes once it is right.
    await typeKeys(page, "resolutionRate", "15");
    expect(await state(page, "resolutionRate")).toMatchObject({ invalid: null, understood: "= 15%" });
    await page.type(field("resolutionRate"), "0");
    const high = await state(page, "resolutionRate");
    expect(high.invalid).toBe("true");
    expect(high.message).toBe("Resolution rate: enter a percentage from 0 to 100 (150 reads as 150%, more than all of them)");
    expect(high.describedBy).toContain(high.message);
    expect(high.understood).toBe("");
    // The input keeps its width as the readout comes and goes.
    expect(await page.$eval(field("resolutionRate"), (el) => el.getBoundingClientRect().width)).toBe(width);
    await page.locator("#pane .ap-scenario").screenshot({ path: artifactPath("taskpane-fields-error.png") });
    await type(page, "resolutionRate", "ninety");
    expect(await state(page, "resolutionRate")).toMatchObject({ invalid: "true", message: "Resolution rate: enter a percentage, e.g. 90%, 90 or 0.9" });
    await type(page, "qualifyingShare", "-5");
    expect(await state(page, "qualifyingShare")).toMatchObject({ invalid: "true", message: expect.stringMatching(/^Qualifying share: cannot be negative/) });
    await type(page, "resolutionRate", "85");
    expect(await state(page, "resolutionRate")).toMatchObject({ invalid: null, understood: "= 85%", message: "" });
    expect(await page.getAttribute(field("qualifyingShare"), "aria-invalid")).toBe("true");
  });
});

describe("the scenario's numbers", () => {
  test("take thousands separators and a currency symbol, and check the cached tokens while typing", async () => {
    const { page } = w;
    expect(await page.inputValue(field("conversations"))).toBe("100,000");
    expect(await page.inputValue(field("humanCost"))).toBe("3.00");
    await type(page, "conversations", "250,000");
    expect(await state(page, "conversations")).toMatchObject({ invalid: null, understood: "", message: "" });
    await type(page, "conversations", "2.5e5");
    expect(await state(page, "conversations")).toMatchObject({ invalid: null, understood: "= 250,000" });
    await type(page, "conversations", "0");
    expect(await state(page, "conversations")).toMatchObject({ invalid: "true", message: "Conversations per month: enter at least 1 (costs are spread over the conversations)" });
    await type(page, "conversations", "250,000");
    await type(page, "humanCost", "$4.50");
    expect(await state(page, "humanCost")).toMatchObject({ invalid: null, message: "" });
    await type(page, "humanCost", "4,50");
    expect((await state(page, "humanCost")).message).toMatch(/^Human cost per conversation: write decimals with a point/);
    await type(page, "humanCost", "$4.50");

    await type(page, "cachedInput", "30,000");
    expect(await state(page, "cachedInput")).toMatchObject({ invalid: "true", message: "Cached input tokens: cannot exceed the input tokens (cached tokens are part of the input)." });
    await type(page, "input", "40,000");
    expect(await state(page, "cachedInput")).toMatchObject({ invalid: null, message: "" });
    await type(page, "cachedInput", "-1");
    expect((await state(page, "cachedInput")).message).toBe("Cached input tokens: cannot be negative (you typed -1)");
    await type(page, "cachedInput", "8,000");

    // Build hands on what the fields showed: 0.9 is 90% (not 0.9%), and every resolution qualifies by default.
    await type(page, "resolutionRate", "0.9");
    for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
    await page.click('button[data-action="build"]');
    await page.waitForSelector(`.wb-tab-active[data-sheet="${SHEET}"]`);
    expect(await scenarioCell(page, "Resolution rate (r)")).toBe(0.9);
    expect(await scenarioCell(page, "Qualifying share (q)")).toBe(1);
    expect(await scenarioCell(page, "Conversations per month (V)")).toBe(250000);
    expect(await scenarioCell(page, "Human cost per conversation (h)")).toBe(4.5);
  });
});
