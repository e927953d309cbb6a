/**
 * The task pane in headless Chromium (Debian's, as the end-to-end tests drive it), on the built dist/
 * served over HTTPS as `npm start` serves it:
 *  - the task pane's first render: from mounting the pane to the first frame drawn with it (the real
 *    pane on the embedded workbook port, in the workbench page);
 *  - the workbench's build of the guide's three bids: from pressing "Build comparison" to the sheet
 *    shown in the grid (plan, write into the formula engine, recalculate, draw);
 *  - the gzipped size of dist/taskpane.js, what Excel downloads for the pane.
 * Each time is the median of several fresh page loads; the fastest and slowest are in the detail.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { Browser } from "playwright-core";
import { GUIDE_BID_IDS } from "../src/templates/gallery";
import type {} from "../src/workbench/workbench"; // window.aipriceWorkbench
import { checkPrerequisites, DIST, launchChromium, openPage, serveDist, Served } from "../test/e2e/browser";
import { median } from "./measure";
import { Figure, Section } from "./sections";

const LOADS = 7;

async function oneLoad(browser: Browser, served: Served): Promise<{ render: number; build: number }> {
  const w = await openPage(browser, served);
  try {
    const { page } = w;
    await page.goto(`${served.url}/workbench.html`);
    await page.waitForFunction(() => window.aipriceWorkbench?.timings.paneFirstRender != null);
    const render = await page.evaluate(() => window.aipriceWorkbench!.timings.paneFirstRender!);
    for (const id of GUIDE_BID_IDS) await page.check(`input[data-template-id="${id}"]`);
    const build = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const button = document.querySelector<HTMLButtonElement>('button[data-action="build"]')!;
          const t0 = performance.now();
          button.click();
          const until = t0 + 30000;
          const check = () => {
            if (document.querySelector('.wb-tab-active[data-sheet="Bid comparison"]') && document.querySelector(".wb-chart")) {
              // One more frame: the sheet is drawn.
              requestAnimationFrame(() => resolve(performance.now() - t0));
            } else if (performance.now() > until) reject(new Error("the comparison did not appear within 30 s"));
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    if (w.errors.length) throw new Error(`the page reported errors: ${w.errors.join("; ")}`);
    return { render, build };
  } finally {
    await w.context.close();
  }
}

export const taskPane: Section = {
  name: "Task pane and workbench (headless Chromium)",
  async run(): Promise<Figure[]> {
    checkPrerequisites();
    const served = await serveDist();
    const browser = await launchChromium();
    const renders: number[] = [];
    const builds: number[] = [];
    try {
      await oneLoad(browser, served); // warm-up: the browser's caches and compiler
      for (let i = 0; i < LOADS; i++) {
        const r = await oneLoad(browser, served);
        renders.push(r.render);
        builds.push(r.build);
      }
    } finally {
      await browser.close();
      await served.close();
    }
    const range = (xs: number[]) => `fastest ${Math.min(...xs).toFixed(1)} ms, slowest ${Math.max(...xs).toFixed(1)} ms, median of ${xs.length} page loads`;
    const raw = fs.readFileSync(path.join(DIST, "taskpane.js"));
    const gz = zlib.gzipSync(raw, { level: 9 });
    return [
      { label: "Task pane first render (mount to first frame drawn)", value: median(renders), unit: "ms", target: 150, detail: range(renders) },
      { label: "Workbench build of the guide's bids A, B and C (click to sheet drawn)", value: median(builds), unit: "ms", target: 1000, detail: range(builds) },
      {
        label: "dist/taskpane.js, gzipped (level 9)",
        value: gz.length / 1024,
        unit: "KB",
        target: 40,
        detail: `${(raw.length / 1024).toFixed(1)} KB minified, ${gz.length} bytes gzipped (no HyperFormula: test/e2e/bundles.test.ts)`,
      },
    ];
  },
};

if (require.main === module) {
  (async () => {
    for (const f of await taskPane.run()) console.log(`${f.label}: ${f.value.toFixed(1)} ${f.unit} (target <= ${f.target}) ${f.detail ?? ""}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
