/**
 * The one end-to-end fixture: `useServedBrowser()` serves the built dist/ (browser.ts's serveDist) and
 * launches the installed browser once for a file (or a describe block), and closes every browser context
 * a test opened after that test, passed or failed; contexts opened in a beforeAll close with the file.
 */
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { checkPrerequisites, launchChromium, pageContextOptions, serveDist, type Served, watchPage, type WatchedPage } from "./browser";
import { loadWorkbench } from "./workbench-page";

type Viewport = { width: number; height: number };

export interface ServedBrowser {
  /** The served dist/ (from beforeAll on). */
  readonly served: Served;
  /** The browser (from beforeAll on). */
  readonly browser: Browser;
  /** A watched page (browser.ts's WatchedPage) in a context of its own, closed for the caller. */
  open(viewport?: Viewport): Promise<WatchedPage>;
  /** The workbench page, loaded and ready, closed for the caller. */
  openWorkbench(viewport?: Viewport): Promise<WatchedPage>;
  /** A bare context, for a test that sets its context up itself (a time zone, say), closed for the caller. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * A page shared by the tests of the describe block this is called in: `open` makes it in the block's
   * beforeAll, and its context is closed in the block's afterAll. The page is `.w` inside the block.
   */
  pageForBlock<T extends WatchedPage>(open: () => Promise<T>): { readonly w: T };
}

/**
 * Registers the hooks that set up and tear down the server, the browser and the tests' contexts; call it
 * at the top of an end-to-end file (or of the describe block that needs a browser).
 */
export function useServedBrowser(options: { dist?: string } = {}): ServedBrowser {
  let served: Served | undefined;
  let browser: Browser | undefined;
  /** Contexts opened by the running test (null between tests), and those opened outside any test. */
  let ofTest: BrowserContext[] | null = null;
  const ofFile: BrowserContext[] = [];
  const closeAll = async (contexts: BrowserContext[]) => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  };

  beforeAll(async () => {
    checkPrerequisites();
    served = await serveDist(options.dist);
    browser = await launchChromium();
  });
  beforeEach(() => {
    ofTest = [];
  });
  afterEach(async () => {
    const contexts = ofTest ?? [];
    ofTest = null;
    await closeAll(contexts);
  });
  afterAll(async () => {
    await closeAll(ofFile);
    await browser?.close();
    await served?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useServedBrowser: the ${what} is not up yet (use it in a test or a hook)`);
    return value;
  };
  const fixture: ServedBrowser = {
    get served() {
      return ready(served, "server");
    },
    get browser() {
      return ready(browser, "browser");
    },
    async newContext(contextOptions) {
      const context = await fixture.browser.newContext(contextOptions);
      (ofTest ?? ofFile).push(context);
      return context;
    },
    async open(viewport) {
      return watchPage(await fixture.newContext(pageContextOptions(viewport)), fixture.served);
    },
    async openWorkbench(viewport) {
      const w = await fixture.open(viewport);
      await loadWorkbench(w.page, fixture.served);
      return w;
    },
    pageForBlock<T extends WatchedPage>(open: () => Promise<T>) {
      let shared: T | undefined;
      beforeAll(async () => {
        shared = await open();
      });
      afterAll(async () => {
        const context = shared?.context;
        shared = undefined;
        if (!context) return;
        const i = ofFile.indexOf(context);
        if (i >= 0) ofFile.splice(i, 1);
        await context.close().catch(() => undefined);
      });
      return {
        get w() {
          return ready(shared, "block's page");
        },
      };
    },
  };
  return fixture;
}
