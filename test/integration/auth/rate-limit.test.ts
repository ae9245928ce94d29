import { describe, expect, it } from "vitest";
import { call, json, postJson } from "../../support/workers/http.ts";
import { expectProblem } from "../../support/workers/assertions.ts";
import { TEST_KEYS, TEST_LIMITS } from "./keys.ts";

/**
 * Runs in the `workers-auth` project: each key may make TEST_LIMITS requests per 60 s window. Windows
 * are fixed and aligned to the clock, so a run may straddle two: sending 2 × limit + 1 requests is
 * certain to exceed one window, whatever the timing.
 */

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function statuses(count: number, send: () => Promise<Response>): Promise<Response[]> {
  const replies: Response[] = [];
  for (let i = 0; i < count; i++) replies.push(await send());
  return replies;
}

describe("rate limits per API key", () => {
  it("answers 429 rate_limited with Retry-After once a key's read budget is spent", async () => {
    const replies = await statuses(2 * TEST_LIMITS.reads + 1, () => call("/v1/rubrics", { headers: bearer(TEST_KEYS.reads) }));
    const limited = replies.filter((reply) => reply.status === 429);
    for (const reply of replies.filter((r) => r.status !== 429)) expect({ status: reply.status, body: await json(reply) }).toMatchObject({ status: 200 });
    expect(limited.length).toBeGreaterThan(0);
    for (const reply of limited) {
      expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
      await expectProblem(reply, 429, "rate_limited", [TEST_KEYS.reads]);
    }
  });

  // Writes are what changes state by request (a rubric, a batch). Asking for a judgment is a read: a
  // cached one calls no model, and one that does is charged by the cost quota (test/integration/quotas).
  it("counts writes against their own, smaller budget", async () => {
    const replies = await statuses(2 * TEST_LIMITS.writes + 1, () => postJson("/v1/rubrics", {}, bearer(TEST_KEYS.writes)));
    const codes = await Promise.all(replies.map(async (reply) => (await json(reply)).code));
    expect(codes).toContain("rate_limited");
    expect(new Set(codes)).toEqual(new Set(["invalid_request", "rate_limited"]));
    const limited = replies.find((reply) => reply.status === 429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("keeps budgets apart: spent writes leave reads, and other keys, untouched", async () => {
    await statuses(2 * TEST_LIMITS.writes + 1, async () => {
      const reply = await postJson("/v1/rubrics", {}, bearer(TEST_KEYS.separateBudgets));
      await reply.arrayBuffer();
      return reply;
    });
    const read = await call("/v1/rubrics/cynic-36", { headers: bearer(TEST_KEYS.separateBudgets) });
    expect({ status: read.status, body: await json(read) }).toMatchObject({ status: 200, body: { id: "cynic-36" } });
    const otherKey = await call("/v1/rubrics/cynic-36", { headers: bearer(TEST_KEYS.rotationNext) });
    expect({ status: otherKey.status, body: await json(otherKey) }).toMatchObject({ status: 200 });
  });

  it("never limits the open routes", async () => {
    const replies = await statuses(2 * TEST_LIMITS.reads + 1, () => call("/health"));
    const seen = await Promise.all(replies.map(async (reply) => (await reply.arrayBuffer(), reply.status)));
    expect(new Set(seen)).toEqual(new Set([200]));
  });
});
