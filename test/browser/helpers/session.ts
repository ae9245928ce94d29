import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, openPage, VIEWPORTS, type WatchedPage } from "./browser.ts";
import { startTestStack, type TestStack } from "./stack.ts";

export interface DashboardSession {
  /** The running stack; valid once the file's `beforeAll` has run. */
  stack(): TestStack;
  /** A page whose console errors, page errors and CSP violations the test asserts at its end; closed after the file. */
  watched(viewport?: { width: number; height: number }): Promise<WatchedPage>;
}

/**
 * One stack (`wrangler dev` with `vars`) and one Chromium for a test file: started before its tests,
 * with every page opened through `watched`, and all of it stopped after them.
 */
export function useDashboardSession(vars: Parameters<typeof startTestStack>[0] = {}): DashboardSession {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(vars), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(opened.map((page) => page.close().catch(() => undefined)));
    await browser?.close();
    await stack?.stop();
  });

  return {
    stack: () => {
      if (!stack) throw new Error("the stack is not started: call stack() inside a test");
      return stack;
    },
    watched: async (viewport = VIEWPORTS.desktop) => {
      if (!browser) throw new Error("the browser is not launched: call watched() inside a test");
      const page = await openPage(browser, viewport);
      opened.push(page);
      return page;
    },
  };
}
