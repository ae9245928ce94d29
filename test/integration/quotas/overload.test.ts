import { describe, expect, it } from "vitest";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { expectShedOrAccepted } from "./expect-refusals.ts";
import { QUOTA_KEYS } from "./keys.ts";

/**
 * Runs in the `workers-quotas` project, with the production default admission limit: more new
 * judgments at once than the limit are refused at once with 503 `overloaded`, never queued into a
 * timeout, and a cell already judged is answered whatever the load.
 */
const bearer = { authorization: `Bearer ${QUOTA_KEYS.stampede}` };

describe("graceful overload", () => {
  it("sheds new judgments past the adaptive limit with 503 overloaded and Retry-After, never cached ones", { timeout: 120_000 }, async () => {
    const marker = uniqueName("overload");
    const judged = await postJson("/v1/judgments", { content: `${marker} judged` }, bearer);
    expect(judged.status).toBe(200);
    await judged.arrayBuffer();
    // 120 new cells at once, each held for seconds by a slow model: far past the initial limit of 32.
    const burst = Array.from({ length: 120 }, (_, i) => postJson("/v1/judgments", { content: `${marker} ${i}`, judge: "crawl" }, { ...bearer, prefer: "respond-async" }));
    const cached = await Promise.all(Array.from({ length: 20 }, () => postJson("/v1/judgments", { content: `${marker} judged` }, bearer)));
    await expectShedOrAccepted(await Promise.all(burst));
    for (const reply of cached) {
      expect(reply.status).toBe(200);
      expect((await json<{ cached: boolean }>(reply)).cached).toBe(true);
    }
  });

  it("admits new comparisons through the same limit, never shedding a cached one", { timeout: 120_000 }, async () => {
    const marker = uniqueName("overload-cmp");
    const compared = await postJson("/v1/comparisons", { a: `${marker} a`, b: `${marker} b` }, bearer);
    expect(compared.status).toBe(200);
    await compared.arrayBuffer();
    const burst = Array.from({ length: 120 }, (_, i) => postJson("/v1/comparisons", { a: `${marker} a${i}`, b: `${marker} b${i}`, judge: "crawl" }, { ...bearer, prefer: "respond-async" }));
    const cached = await Promise.all(Array.from({ length: 20 }, () => postJson("/v1/comparisons", { a: `${marker} b`, b: `${marker} a` }, bearer)));
    await expectShedOrAccepted(await Promise.all(burst));
    for (const reply of cached) {
      expect(reply.status).toBe(200);
      expect((await json<{ cached: boolean }>(reply)).cached).toBe(true);
    }
  });
});
