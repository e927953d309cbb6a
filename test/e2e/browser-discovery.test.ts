/**
 * Which browser the end-to-end tests drive, on each platform, with a fake file system (this machine is
 * Linux; the choice for Windows and macOS is checked here, not run there). Never a download.
 */
import { BROWSER_ENV, browserCandidates, findBrowser, installAdvice } from "./browser";

const only =
  (...files: string[]) =>
  (f: string) =>
    files.includes(f);
const WIN_ENV = { "ProgramFiles(x86)": "C:\\Program Files (x86)", ProgramFiles: "C:\\Program Files", LOCALAPPDATA: "C:\\Users\\ana\\AppData\\Local" };

describe("Windows: Edge, else Chrome", () => {
  const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
  const edgeUser = "C:\\Users\\ana\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe";
  const chrome = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";

  test("Edge where Windows installs it, with Windows paths built from the environment", () => {
    expect(findBrowser({ platform: "win32", env: WIN_ENV, home: "C:\\Users\\ana", exists: only(edge, chrome) })).toEqual({ ok: true, executable: edge, why: "installed on this win32 machine" });
  });

  test("Edge installed for the user only", () => {
    expect(findBrowser({ platform: "win32", env: WIN_ENV, home: "C:\\Users\\ana", exists: only(edgeUser) })).toMatchObject({ ok: true, executable: edgeUser });
  });

  test("Chrome when Edge is absent", () => {
    expect(findBrowser({ platform: "win32", env: WIN_ENV, home: "C:\\Users\\ana", exists: only(chrome) })).toMatchObject({ ok: true, executable: chrome });
  });

  test("without the usual variables, the default folders (and no POSIX path)", () => {
    const candidates = browserCandidates("win32", {}, "C:\\Users\\ana");
    expect(candidates[0]).toBe(edge);
    expect(candidates).toContain("C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe");
    for (const c of candidates) expect(c).not.toContain("/");
  });

  test("none found: says to reinstall Edge or set AIPRICE_BROWSER, and names where it looked", () => {
    const r = findBrowser({ platform: "win32", env: WIN_ENV, home: "C:\\Users\\ana", exists: () => false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(edge);
    expect(r.message).toMatch(/Microsoft Edge comes with Windows/);
    expect(r.message).toContain(BROWSER_ENV);
    expect(r.message).toMatch(/No browser is ever downloaded/);
  });
});

describe("macOS: Chrome, else Edge", () => {
  const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
  const edge = "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge";
  const userChrome = "/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";

  test("Chrome before Edge", () => {
    expect(findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: only(chrome, edge) })).toMatchObject({ ok: true, executable: chrome });
  });
  test("Edge when Chrome is absent; Chrome in the user's Applications folder", () => {
    expect(findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: only(edge) })).toMatchObject({ ok: true, executable: edge });
    expect(findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: only(userChrome) })).toMatchObject({ ok: true, executable: userChrome });
  });
  test("none found: says to install Chrome or Edge", () => {
    const r = findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: () => false });
    expect(r).toMatchObject({ ok: false });
    expect(installAdvice("darwin")).toMatch(/install Google Chrome .* or Microsoft Edge/);
  });
});

describe("Linux: Debian's Chromium first", () => {
  test("/usr/bin/chromium, else Ubuntu's chromium-browser, else Chrome or Edge", () => {
    expect(findBrowser({ platform: "linux", env: {}, home: "/home/ana", exists: only("/usr/bin/chromium", "/usr/bin/google-chrome") })).toMatchObject({ ok: true, executable: "/usr/bin/chromium" });
    expect(findBrowser({ platform: "linux", env: {}, home: "/home/ana", exists: only("/usr/bin/chromium-browser") })).toMatchObject({ ok: true, executable: "/usr/bin/chromium-browser" });
    expect(findBrowser({ platform: "linux", env: {}, home: "/home/ana", exists: only("/usr/bin/microsoft-edge") })).toMatchObject({ ok: true, executable: "/usr/bin/microsoft-edge" });
  });
  test("none found: says how to install Chromium with apt-get", () => {
    const r = findBrowser({ platform: "linux", env: {}, home: "/home/ana", exists: () => false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/sudo apt-get install chromium/);
  });
});

describe(`${BROWSER_ENV} names the browser on any platform`, () => {
  test("it wins over the installed ones", () => {
    const mine = "D:\\Tools\\chrome-win\\chrome.exe";
    expect(findBrowser({ platform: "win32", env: { ...WIN_ENV, [BROWSER_ENV]: mine }, home: "C:\\Users\\ana", exists: () => true })).toEqual({ ok: true, executable: mine, why: BROWSER_ENV });
  });
  test("a path that does not exist is said plainly (no silent fallback)", () => {
    const r = findBrowser({ platform: "linux", env: { [BROWSER_ENV]: "/opt/nothing/chrome" }, home: "/home/ana", exists: only("/usr/bin/chromium") });
    expect(r).toEqual({ ok: false, message: expect.stringContaining("/opt/nothing/chrome, which does not exist") });
  });
});

test("on this machine the tests find a browser (the real file system)", () => {
  const r = findBrowser();
  expect(r).toMatchObject({ ok: true });
});
