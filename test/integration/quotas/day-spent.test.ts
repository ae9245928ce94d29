import { describe, expect, it } from "vitest";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { untilEnded, type ResultLine } from "../batches/helpers.ts";
import { QUOTA_KEYS } from "./keys.ts";

/**
 * Runs in the `workers-quotas` project: a key whose `usd_per_day` cannot cover a priced judgment's
 * worst case is refused before any model call, on its own and in a batch, where the item fails with
 * `quota_exceeded` and the batch goes on.
 */
const key = { authorization: `Bearer ${QUOTA_KEYS.daySpent}` };

describe("a key past its usd_per_day", () => {
  it("is refused 429 quota_exceeded until the UTC day ends, before any model call", { timeout: 60_000 }, async () => {
    const content = uniqueName("day-spent");
    const reply = await postJson("/v1/judgments", { content, judge: "penny" }, key);
    const problem = await json<{ code: string; limit: string }>(reply);
    expect([reply.status, problem.code, problem.limit]).toEqual([429, "quota_exceeded", "usd_per_day"]);
    const secondsToMidnight = Math.ceil((Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000 - Date.now()) / 1000);
    expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(secondsToMidnight - 60);
    expect(reply.headers.get("ratelimit")).toMatch(/"usd-cents";r=5;t=\d+/);
    expect(answered(await fakeCalls(content))).toEqual([]);
  });

  it("fails a batch's priced items with quota_exceeded and finishes the rest; ?status=failed lists only them", { timeout: 60_000 }, async () => {
    const marker = uniqueName("day-spent-batch");
    // The default judge (the offline heuristic) costs nothing, so it fits what is left.
    const items = [{ content: `${marker} priced`, judge: "penny" }, { content: `${marker} free` }, { content: `${marker} priced too`, judge: "penny" }];
    const submitted = await postJson("/v1/batches", { items }, key);
    const created = await json<{ batch_id: string }>(submitted);
    expect(submitted.status, JSON.stringify(created)).toBe(202);
    const batch = await untilEnded(created.batch_id, key);
    expect(batch).toMatchObject({ status: "completed", total: 3, completed: 1, failed: 2, skipped: 0 });
    const reply = await call(`/v1/batches/${created.batch_id}/results?status=failed`, { headers: key });
    const text = new TextDecoder().decode(await reply.arrayBuffer());
    expect(reply.status, text).toBe(200);
    const lines = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as ResultLine);
    expect(lines.map((line) => [line.index, line.status, line.error?.code])).toEqual([
      [0, "failed", "quota_exceeded"],
      [2, "failed", "quota_exceeded"],
    ]);
    expect(answered(await fakeCalls(marker))).toEqual([]);
  });
});
