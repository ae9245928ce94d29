import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pageReady, screenshot, VIEWPORTS, type WatchedPage } from "./helpers/browser.ts";
import { useDashboardSession } from "./helpers/session.ts";

/** The dashboard against a stack that requires API keys: the key is asked for, checked, kept per tab, never in a URL. */

const KEY = "dashboard-browser-key";
const { stack, watched } = useDashboardSession({ API_KEYS: createHash("sha256").update(KEY).digest("hex") });

/** What the tab keeps in its storages and cookies. */
async function stored(watch: WatchedPage) {
  const [session, local] = await watch.page.evaluate<[string, string]>(`[JSON.stringify(sessionStorage), JSON.stringify(localStorage)]`);
  return { session: JSON.parse(session) as Record<string, string>, local: JSON.parse(local) as Record<string, string>, cookies: await watch.context.cookies() };
}

describe("the dashboard, API keys required", { timeout: 90_000 }, () => {
  it("asks for a key before any request, refuses a wrong one with the server's reason, and loads with the right one", async () => {
    const judgment = await stack().judge({ content: "keyed content for the list", cell_id: "browser-keyed" }, KEY);
    const watch = await watched();
    const { page } = watch;
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    page.on("websocket", (socket) => urls.push(socket.url()));

    await page.goto(`${stack().apiUrl}/`);
    await page.waitForSelector("#key-prompt:not([hidden])");
    expect(await page.isVisible("#main")).toBe(false);
    expect(urls.filter((url) => url.includes("/v1/"))).toEqual([]);

    await page.getByLabel("API key", { exact: true }).fill("not-the-key");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#key-error:not([hidden])");
    expect(await page.textContent("#key-error")).toBe("That key was refused (401 unauthorized: the API key is not valid).");
    await screenshot(page, "key-prompt", "desktop");
    expect(await page.isVisible("#key-prompt")).toBe(true);
    expect((await stored(watch)).session).toEqual({});

    await page.getByLabel("API key", { exact: true }).fill(KEY);
    await page.keyboard.press("Enter");
    await pageReady(page);
    await page.waitForSelector(`tr[data-cell-id="${judgment.cell_id}"]`, { timeout: 30_000 });
    expect(await page.isVisible("#key-prompt")).toBe(false);
    expect(await page.isVisible("#key-state")).toBe(true);
    const { session, local, cookies } = await stored(watch);
    expect(Object.values(session)).toEqual([KEY]);
    expect(local).toEqual({});
    expect(cookies).toEqual([]);
    expect(urls.filter((url) => url.includes(KEY))).toEqual([]);
    // The refused attempt is logged by the browser as a failed resource; nothing else may be.
    expect(watch.problems.filter((line) => !line.includes("status of 401"))).toEqual([]);
    expect(watch.problems.length).toBeLessThanOrEqual(1);
  });

  it("uses the tab's key on the stream (bearer.<key> subprotocol): the live page fills 35/35 bars from frames", async () => {
    const watch = await watched();
    const { page } = watch;
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(`${stack().apiUrl}/live`);
    await page.getByLabel("API key", { exact: true }).fill(KEY);
    await page.keyboard.press("Enter");
    await pageReady(page);
    await page.fill("[name=cell_id]", "browser-keyed-live");
    await page.click("#live-form button[type=submit]");
    await page.waitForSelector("#live-form[data-state=done]", { timeout: 45_000 });
    expect(await page.getAttribute("#l-dimensions", "data-frames")).toBe("35");
    expect(await page.locator("[data-dimension][data-score]").count()).toBe(35);
    const api = await stack().get<{ q_score: number }>("/v1/judgments/browser-keyed-live", KEY);
    expect(await page.textContent("#l-summary [data-field=q_score]")).toBe(api.q_score.toFixed(1));
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    for (const url of sockets) expect(url).not.toContain(KEY);

    await page.goto(`${stack().apiUrl}/status`);
    await pageReady(page);
    expect(await page.isVisible("#key-prompt")).toBe(false);
    await page.click("#key-forget");
    await page.waitForSelector("#key-prompt:not([hidden])");
    expect((await stored(watch)).session).toEqual({});
    expect(watch.problems).toEqual([]);
  });

  it("shows the prompt usably at 390 px", async () => {
    const watch = await watched(VIEWPORTS.mobile);
    await watch.page.goto(`${stack().apiUrl}/status`);
    await watch.page.waitForSelector("#key-prompt:not([hidden])");
    await screenshot(watch.page, "key-prompt", "mobile");
    expect(watch.problems).toEqual([]);
  });
});
