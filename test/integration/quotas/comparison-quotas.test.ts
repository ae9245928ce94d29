import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../../src/cells/identity.ts";
import { quotaStub } from "../../../src/objects/quota.ts";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { untilEnded } from "../batches/helpers.ts";
import { expectThirdPerMinuteRefused } from "./expect-refusals.ts";
import { QUOTA_KEYS, QUOTA_LIMITS } from "./keys.ts";

/**
 * Runs in the `workers-quotas` project: comparisons, on their own and as batch items, are charged to
 * the caller's quota exactly like judgments, only when they call a model.
 */
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
type Comparison = { comparison_id: string; cached: boolean; usage: { cost_usd: number } };

/** The key's remaining spend once it reaches `expected` (settling happens just after the reply). */
async function settledSpend(key: string, usdPerDay: number, expected: number): Promise<number | null> {
  const stub = quotaStub(env, `key:${await sha256Hex(key)}`);
  const policy = { judgments_per_minute: null, usd_per_day: usdPerDay };
  const standing = await vi.waitFor(async () => {
    const current = await stub.standing(policy);
    if (current.usdRemaining === null || Math.abs(current.usdRemaining - expected) > 1e-6) throw new Error(`remaining ${current.usdRemaining}, expected ${expected}`);
    return current;
  }, { timeout: 30_000, interval: 50 });
  return standing.usdRemaining;
}

describe("comparisons follow cost, as judgments do", () => {
  it("charges new comparisons to judgments_per_minute and never refuses a cached one", { timeout: 60_000 }, async () => {
    const key = bearer(QUOTA_KEYS.comparisonMinute);
    const marker = uniqueName("cmp-minute");
    const first = await postJson("/v1/comparisons", { a: `${marker} a1`, b: `${marker} b1` }, key);
    const compared = await json<Comparison>(first);
    expect(first.status, JSON.stringify(compared)).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toContain('"judgments";q=2;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/"judgments";r=1;t=\d+/);
    // A comparison is a read of the request budget, like a judgment.
    expect(first.headers.get("ratelimit-policy")).toContain('"reads";q=600;w=10');
    const second = await postJson("/v1/comparisons", { a: `${marker} a2`, b: `${marker} b2` }, key);
    await second.arrayBuffer();
    // A minute is a fixed window: if it rolled over between the two, the third is still allowed.
    const third = await postJson("/v1/comparisons", { a: `${marker} a3`, b: `${marker} b3` }, key);
    await expectThirdPerMinuteRefused(third);
    // Refused before anything was asked of the model.
    if (third.status !== 200) expect(answered(await fakeCalls(`${marker} a3`))).toEqual([]);
    // The comparison already made is a read, in either order: never charged, never refused.
    for (const [a, b] of [[`${marker} a1`, `${marker} b1`], [`${marker} b1`, `${marker} a1`]] as const) {
      const again = await postJson("/v1/comparisons", { a, b }, key);
      const reread = await json<Comparison>(again);
      expect([again.status, reread.cached, reread.comparison_id]).toEqual([200, true, compared.comparison_id]);
      expect(again.headers.get("ratelimit") ?? "").not.toContain('"judgments"');
    }
  });

  it("reserves a comparison's worst case and settles to its cost, on its own and as a batch item", { timeout: 120_000 }, async () => {
    const key = bearer(QUOTA_KEYS.comparisonSpend);
    const limit = QUOTA_LIMITS.comparisonSpend.usd_per_day;
    const marker = uniqueName("cmp-spend");
    const reply = await postJson("/v1/comparisons", { a: `${marker} a`, b: `${marker} b`, judge: "penny" }, key);
    const compared = await json<Comparison>(reply);
    expect(reply.status, JSON.stringify(compared)).toBe(200);
    expect(compared.usage.cost_usd).toBeGreaterThan(0);
    // While it ran, the worst case was held: the reply's remaining spend is below the actual cost's.
    const during = Number(/"usd-cents";r=(\d+)/.exec(reply.headers.get("ratelimit") ?? "")?.[1]);
    expect(during).toBeLessThan(Math.floor((limit - compared.usage.cost_usd) * 100));
    const afterOne = limit - compared.usage.cost_usd;
    expect(await settledSpend(QUOTA_KEYS.comparisonSpend, limit, afterOne)).toBeCloseTo(afterOne, 6);

    // A batch's comparison item is charged to the key that submitted the batch; its duplicate is not.
    const items = [{ a: `${marker} batch a`, b: `${marker} batch b` }, { a: `${marker} batch b`, b: `${marker} batch a` }];
    const submitted = await postJson("/v1/batches", { items, defaults: { judge: "penny" } }, key);
    const created = await json<{ batch_id: string }>(submitted);
    expect(submitted.status, JSON.stringify(created)).toBe(202);
    const batch = await untilEnded(created.batch_id, key);
    expect(batch).toMatchObject({ status: "completed", completed: 2, failed: 0 });
    expect(batch.usage.cost_usd).toBeGreaterThan(0);
    const afterBatch = afterOne - batch.usage.cost_usd;
    expect(await settledSpend(QUOTA_KEYS.comparisonSpend, limit, afterBatch)).toBeCloseTo(afterBatch, 6);
  });
});
