/**
 * "Today" is the analyst's local date everywhere (src/engine/today.ts): the CLI's comparison date and
 * first month, the pane's comparison date (scenario view) and first month (finance view). Pinned with two
 * time zones either side of the date line at instants where the local date and the UTC date differ:
 *  - 2026-12-31T20:00Z: already 2027-01-01 in Kiritimati (UTC+14); the case where the pane showed
 *    2027-02 against 2027-01;
 *  - 2027-01-01T05:00Z: still 2026-12-31 in Pago Pago (UTC-11), where the CLI applied a price that takes
 *    effect tomorrow.
 * The CLI runs in a child process with TZ set and the clock stopped (test/support/fixed-clock.js); the
 * pane in Chromium with the context's time zone and Playwright's clock.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { galleryTemplate } from "../../src/templates/gallery";
import type { BidTemplate } from "../../src/templates/template";
import { useServedBrowser } from "./served-browser";

const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/aiprice.js");
const CLOCK = path.join(ROOT, "test/support/fixed-clock.js");

const CASES = [
  { zone: "Pacific/Kiritimati", now: "2026-12-31T20:00:00Z", today: "2027-01-01", nextMonth: "2027-02", utcToday: "2026-12-31" },
  { zone: "Pacific/Pago_Pago", now: "2027-01-01T05:00:00Z", today: "2026-12-31", nextMonth: "2027-01", utcToday: "2027-01-01" },
];

/** Node in a child process, in the time zone, with the clock stopped at the instant. */
function node(zone: string, now: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["-r", CLOCK, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000, env: { ...process.env, TZ: zone, AIPRICE_TEST_NOW: now } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(CASES)("in $zone at $now (local $today, UTC $utcToday)", ({ zone, now, today, nextMonth, utcToday }) => {
  test("the one helper, the versions' todayIso and the engine's nextMonth give the local date", () => {
    const script = `require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
      const t = require("./src/engine/today"); const v = require("./src/templates/versions"); const f = require("./src/engine/finance");
      process.stdout.write(JSON.stringify({ local: t.localDate(), todayIso: v.todayIso(), next: f.nextMonth(), nextLocal: t.nextLocalMonth(), utc: new Date().toISOString().slice(0, 10) }));`;
    const r = node(zone, now, ["-e", script]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ local: today, todayIso: today, next: nextMonth, nextLocal: nextMonth, utc: utcToday });
  });

  test("aiprice compare: the comparison date and the version of the prices in effect are the local day's; the plan starts the month after", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-today-"));
    try {
      const t: BidTemplate = JSON.parse(JSON.stringify(galleryTemplate("guide-bid-b-per-resolution")));
      t.versions = [{ effectiveFrom: "2027-01-01", label: "New year prices", pricing: { model: "per-resolution", pricePerResolution: 1.5 }, sources: [] }];
      const file = path.join(dir, "dated.json");
      fs.writeFileSync(file, JSON.stringify(t));
      const plan = path.join(dir, "plan.csv");
      const r = node(zone, now, [BIN, "compare", file, "--conversations", "1000", "--resolution-rate", "0.9", "--human-cost", "3", "--draws", "20", "--term-months", "2", "--focus-csv", plan, "--json"]);
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.asOf).toBe(today);
      expect(json.bids[0].prices.version).toBe(today === "2027-01-01" ? "2027-01-01" : "undated");
      expect(r.stderr).toMatch(new RegExp(`from ${nextMonth}\\.`));
      expect(fs.readFileSync(plan, "utf8")).toContain(`${nextMonth}-01T00:00:00Z`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the pane: the scenario view's comparison date and the finance view's first month agree", () => {
  const e2e = useServedBrowser();

  test.each(CASES)("in $zone at $now: $today and $nextMonth", async ({ zone, now, today, nextMonth }) => {
    const context = await e2e.newContext({ ignoreHTTPSErrors: true, timezoneId: zone });
    const origin = new URL(e2e.served.url).origin;
    await context.route(
      (url) => !url.href.startsWith(origin),
      (route) => route.abort(),
    );
    await context.clock.setFixedTime(new Date(now));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${e2e.served.url}/workbench.html`);
    await page.waitForSelector('input[data-field="asOf"]');
    await page.waitForSelector('input[data-field="first-month"]');
    expect(await page.evaluate(() => new Date().toISOString())).toBe(new Date(now).toISOString());
    expect(await page.inputValue('input[data-field="asOf"]')).toBe(today);
    expect(await page.inputValue('input[data-field="first-month"]')).toBe(nextMonth);
    expect(errors).toEqual([]);
  });
});
