import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (its own browser download cannot work offline), and a
 * page that records what a user would see in devtools: console errors, uncaught exceptions and
 * Content-Security-Policy violations.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

export const VIEWPORTS = {
  desktop: { width: 1280, height: 860 },
  mobile: { width: 390, height: 844 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and CSP violations so far, one line each. */
  problems: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  // Page-side code is given as text: this Node program has no DOM types.
  await context.addInitScript(`document.addEventListener("securitypolicyviolation", (event) => {
    console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " in " + event.sourceFile + ":" + event.lineNumber);
  });`);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  return { page, context, problems, close: () => context.close() };
}

/** Waits until the page's script has filled the page (it sets `data-ready` on `<body>`). */
export async function pageReady(page: Page): Promise<void> {
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
}

/** Writes `docs/screenshots/<name>-<desktop|mobile>.png` of the whole page. */
export async function screenshot(page: Page, name: string, size: keyof typeof VIEWPORTS): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: size === "desktop", animations: "disabled" });
}

/** Labels of form controls that have none (every control must have one). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll("input, select, textarea")]
    .filter((control) => control.type !== "hidden" && (control.labels?.length ?? 0) === 0 && !control.getAttribute("aria-label"))
    .map((control) => control.name || control.id)`);
}

/** The id (or class, when it has no id) of the focused element. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(`document.activeElement?.id || document.activeElement?.className || ""`);
}

/** Whether the page is wider than its viewport (a horizontal scroll bar). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`);
}
