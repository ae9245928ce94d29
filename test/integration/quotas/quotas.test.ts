import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { quotaStub } from "../../../src/objects/quota.ts";
import { sha256Hex } from "../../../src/cells/identity.ts";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { expectThirdPerMinuteRefused } from "./expect-refusals.ts";
import { QUOTA_KEYS, QUOTA_LIMITS } from "./keys.ts";

/**
 * Runs in the `workers-quotas` project: wrangler.toml's own request budgets (600 reads, 60 writes per
 * 10 s per client) and QUOTAS per key (keys.ts).
 */
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
type Judgment = { cell_id: string; cached: boolean; usage: { cost_usd: number; llm_calls: number } };

describe("quotas follow cost, not requests", () => {
  it("answers a stampede of 200 identical requests from one client 200, with the default budgets", { timeout: 120_000 }, async () => {
    const content = uniqueName("stampede");
    const replies = await Promise.all(
      Array.from({ length: 200 }, () => postJson("/v1/judgments", { content, judge: "openai-all" }, bearer(QUOTA_KEYS.stampede))),
    );
    const statuses = await Promise.all(replies.map(async (reply) => [reply.status, (await json<{ code?: string }>(reply)).code ?? "ok"]));
    expect(statuses.filter(([status]) => status !== 200)).toEqual([]);
    expect(answered(await fakeCalls(content))).toHaveLength(1);
    expect(replies[0]!.headers.get("ratelimit-policy")).toContain('"reads";q=600;w=10');
    expect(replies[0]!.headers.get("ratelimit")).toMatch(/"reads";r=\d+;t=\d+/);
  });

  it("puts RateLimit-Policy and RateLimit on every /v1 reply: reads, writes and refusals", { timeout: 120_000 }, async () => {
    const key = bearer(QUOTA_KEYS.stampede);
    const replies = {
      reads: await call("/v1/judgments", { headers: key }),
      writes: await postJson("/v1/batches", { items: [] }, key),
    };
    expect(replies.writes.status).toBe(400);
    for (const [budget, reply] of Object.entries(replies)) {
      await reply.arrayBuffer();
      const window = budget === "reads" ? "q=600;w=10" : "q=60;w=10";
      expect(reply.headers.get("ratelimit-policy"), budget).toContain(`"${budget}";${window}`);
      expect(reply.headers.get("ratelimit"), budget).toMatch(new RegExp(`"${budget}";r=\\d+;t=\\d+`));
    }
  });

  it("charges only judgments that call a model: past judgments_per_minute 429 quota_exceeded, cached reads never", async () => {
    const key = bearer(QUOTA_KEYS.perMinute);
    const marker = uniqueName("minute");
    const first = await postJson("/v1/judgments", { content: `${marker} 1` }, key);
    const firstJudgment = await json<Judgment>(first);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toContain('"judgments";q=2;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/"judgments";r=1;t=\d+/);
    const second = await postJson("/v1/judgments", { content: `${marker} 2` }, key);
    await second.arrayBuffer();
    // A minute is a fixed window: if it rolled over between the two, the third is still allowed.
    const third = await postJson("/v1/judgments", { content: `${marker} 3` }, key);
    await expectThirdPerMinuteRefused(third);
    // The cell already judged is a read: asked again and again, never charged, never refused.
    for (let i = 0; i < 5; i++) {
      const again = await postJson("/v1/judgments", { content: `${marker} 1` }, key);
      const judgment = await json<Judgment>(again);
      expect([again.status, judgment.cached, judgment.cell_id]).toEqual([200, true, firstJudgment.cell_id]);
    }
  });

  it("reserves the worst case at start and settles the day's spend to the actual cost", async () => {
    const content = uniqueName("spend");
    const reply = await postJson("/v1/judgments", { content, judge: "penny" }, bearer(QUOTA_KEYS.spend));
    const judgment = await json<Judgment>(reply);
    expect(reply.status).toBe(200);
    expect(judgment.usage.cost_usd).toBeGreaterThan(0);
    // While it ran, the worst case was held: the reply's remaining spend is below the actual cost's.
    const during = /"usd-cents";r=(\d+)/.exec(reply.headers.get("ratelimit") ?? "")?.[1];
    expect(Number(during)).toBeLessThan(Math.floor((QUOTA_LIMITS.spend.usd_per_day - judgment.usage.cost_usd) * 100));
    const stub = quotaStub(env, `key:${await sha256Hex(QUOTA_KEYS.spend)}`);
    const policy = { judgments_per_minute: 1_000, usd_per_day: QUOTA_LIMITS.spend.usd_per_day };
    // Settling happens as the judgment ends, just after the reply: wait for it on the object itself.
    const standing = await vi.waitFor(async () => {
      const current = await stub.standing(policy);
      if (current.usdRemaining !== null && current.usdRemaining < Number(during) / 100 + 0.005) throw new Error("not settled yet");
      return current;
    });
    expect(standing.usdRemaining).toBeCloseTo(QUOTA_LIMITS.spend.usd_per_day - judgment.usage.cost_usd, 6);

    // Two identical new requests at once: one judgment, charged once (the second waits for the first's
    // reservation, then joins its run).
    const twin = uniqueName("spend-twin");
    const twins = await Promise.all([0, 1].map(() => postJson("/v1/judgments", { content: twin, judge: "penny" }, bearer(QUOTA_KEYS.spend))));
    const [one, other] = await Promise.all(twins.map((twinReply) => json<Judgment>(twinReply)));
    expect([twins[0]!.status, twins[1]!.status, other!.cell_id]).toEqual([200, 200, one!.cell_id]);
    expect(answered(await fakeCalls(twin))).toHaveLength(one!.usage.llm_calls);
    const expected = standing.usdRemaining! - one!.usage.cost_usd;
    const afterTwins = await vi.waitFor(async () => {
      const current = await stub.standing(policy);
      if (current.usdRemaining === null || current.usdRemaining > expected + 1e-6) throw new Error(`not settled yet: ${current.usdRemaining}`);
      return current;
    }, { timeout: 30_000, interval: 50 });
    expect(afterTwins.usdRemaining).toBeCloseTo(expected, 6);
  });
});
