import { describe, expect, it } from "vitest";
import { shardOf } from "../../src/objects/gate-shards.ts";
import type { EndpointHealth, Health } from "../../src/schemas/health.ts";
import type { Problem } from "../../src/schemas/problem.ts";
import { fakeCalls, maxOverlap } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";

type Endpoint = EndpointHealth;

async function endpointOf(profile: string): Promise<Endpoint> {
  const health = await json<Health>(await call("/v1/health"));
  const endpoint = health.endpoints.find((candidate) => candidate.profiles.includes(profile));
  if (!endpoint) throw new Error(`no endpoint for profile ${profile} in /v1/health`);
  return endpoint;
}

/** A fresh cell id that hashes to `shard` of `shards`. */
function cellOnShard(shard: number, shards: number): string {
  for (;;) {
    const id = uniqueName(`shard${shard}`);
    if (shardOf(id, shards) === shard) return id;
  }
}

describe("an endpoint's gate split over shards (JUDGE_GATE_SHARDS, a profile's gate_shards)", () => {
  it("keeps the calls in flight within the endpoint's limit in total, and spreads cells over the shards", async () => {
    const before = await endpointOf("sharded");
    expect(before.shards.map((shard) => shard.limit)).toEqual([3, 2]);

    const marker = uniqueName("sharded");
    const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => postJson("/v1/judgments", { content: `${marker} #${i}`, judge: "sharded" })));
    const bodies = await Promise.all(replies.map((reply) => json<Problem>(reply)));
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(bodies.filter((_, i) => statuses[i] === 503).every((body) => body.code === "overloaded")).toBe(true);
    const judged = statuses.filter((status) => status === 200).length;
    expect(judged).toBeGreaterThan(0);

    const calls = await fakeCalls(marker);
    expect(calls.length).toBeGreaterThan(0);
    expect(maxOverlap(calls)).toBeLessThanOrEqual(5);

    const after = await endpointOf("sharded");
    const grants = after.shards.map((shard, i) => shard.granted - before.shards[i]!.granted);
    expect(grants.every((count) => count > 0), `grants per shard: ${grants.join(", ")}`).toBe(true);
    expect(grants.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(judged);
    expect(after.in_flight).toBe(0);
  }, 60_000);

  it("opens one shard's breaker on that shard's faults; the other shard's cells still reach the endpoint", async () => {
    const first = cellOnShard(0, 2);
    const failed = await postJson("/v1/judgments", { content: `${first} content`, cell_id: first, judge: "sharded-breaker" });
    expect(failed.status).toBe(503);
    expect((await json<Problem>(failed)).detail).not.toContain("circuit breaker");

    const opened = await endpointOf("sharded-breaker");
    expect(opened.shards.map((shard) => shard.breaker)).toEqual(["open", "closed"]);
    expect(opened.breaker).toBe("open");

    // Another cell of the open shard fails fast without calling the endpoint.
    const sameShard = cellOnShard(0, 2);
    const fast = await postJson("/v1/judgments", { content: `${sameShard} content`, cell_id: sameShard, judge: "sharded-breaker" });
    expect(fast.status).toBe(503);
    const fastBody = await json<Problem>(fast);
    expect(fastBody.code).toBe("provider_unavailable");
    expect(fastBody.detail).toContain("circuit breaker is open");
    expect(await fakeCalls(sameShard)).toHaveLength(0);

    // A cell of the closed shard still calls the endpoint, whose fault then opens that shard too.
    const otherShard = cellOnShard(1, 2);
    const reached = await postJson("/v1/judgments", { content: `${otherShard} content`, cell_id: otherShard, judge: "sharded-breaker" });
    expect(reached.status).toBe(503);
    expect((await json<Problem>(reached)).detail).not.toContain("circuit breaker");
    expect((await fakeCalls(otherShard)).length).toBeGreaterThan(0);
    expect((await endpointOf("sharded-breaker")).shards.map((shard) => shard.breaker)).toEqual(["open", "open"]);
  });
});
