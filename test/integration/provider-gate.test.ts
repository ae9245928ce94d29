import { describe, expect, it } from "vitest";
import { fakeCalls, maxOverlap } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Health } from "../../src/schemas/health.ts";
import type { Problem } from "../../src/schemas/problem.ts";

async function judge(judgeName: string, content: string) {
  const reply = await postJson("/v1/judgments", { content, judge: judgeName });
  return { reply, body: await json<Problem & { status?: string }>(reply) };
}

async function breakerOf(profile: string): Promise<string | undefined> {
  const health = await json<Health>(await call("/v1/health"));
  return health.endpoints.find((endpoint) => endpoint.profiles.includes(profile))?.breaker;
}

describe("the circuit breaker of a model endpoint", () => {
  it("opens after consecutive failures and then fails fast without calling the endpoint", async () => {
    const first = await judge("breaker", `first ${uniqueName("breaker")}`);
    expect(first.reply.status).toBe(503);
    expect(await breakerOf("breaker")).toBe("open");

    const marker = uniqueName("fail-fast");
    const second = await judge("breaker", `second ${marker}`);
    expect(second.reply.status).toBe(503);
    expect(second.body.code).toBe("provider_unavailable");
    expect(second.body.detail).toContain("circuit breaker is open");
    expect(Number(second.reply.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(await fakeCalls(marker)).toHaveLength(0);
  });

  it("half-opens after its cool-down: one probe at a time, closed again by a success", async () => {
    const a = `a ${uniqueName("probe")}`;
    expect((await judge("breaker-probe", a)).reply.status).toBe(503);
    // A cool-down of 0: the open breaker reads half-open at once.
    expect(await breakerOf("breaker-probe")).toBe("half_open");

    const b = `b ${uniqueName("probe")}`;
    expect((await judge("breaker-probe", b)).reply.status).toBe(503);
    const probeCalls = await fakeCalls(b);
    expect(probeCalls).toHaveLength(5);
    expect(maxOverlap(probeCalls)).toBe(1);

    // A's second attempt succeeds at the fake (modes 500, then ok): the probe closes the breaker.
    const retried = await judge("breaker-probe", a);
    expect(retried.reply.status).toBe(200);
    expect(await breakerOf("breaker-probe")).toBe("closed");
  });
});

describe("the concurrency gate of a model endpoint", () => {
  it("keeps calls in flight within the endpoint's limit across cells, and sheds what cannot wait", async () => {
    const marker = uniqueName("narrow");
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => postJson("/v1/judgments", { content: `${marker} #${i}`, judge: "narrow" })));
    const statuses = replies.map((reply) => reply.status);
    const bodies = await Promise.all(replies.map((reply) => json<Problem>(reply)));
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    const shed = replies.filter((reply) => reply.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    expect(shed.every((reply) => Number(reply.headers.get("retry-after")) > 0)).toBe(true);
    expect(bodies.filter((_, i) => statuses[i] === 503).every((body) => body.code === "overloaded")).toBe(true);
    expect(maxOverlap(await fakeCalls(marker))).toBe(1);
  });
});
