import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { batchStub } from "../../../src/objects/batch.ts";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { call, uniqueName } from "../../support/workers/http.ts";
import { subscribeTo } from "../../support/workers/socket.ts";
import { isType, resultLines, submitBatch, untilEnded } from "./helpers.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";

describe("a batch whose object crashes mid-batch", () => {
  it("resumes on its own and finishes, no item judged twice", { timeout: 120_000 }, async () => {
    const marker = uniqueName("crash");
    const contents = Array.from({ length: 80 }, (_, i) => `${marker} ${i}`);
    const created = await submitBatch({ items: contents.map((content) => ({ content })), defaults: { judge: "slow-all" } });
    const stream = await subscribeTo(`/v1/batches/${created.batch_id}/stream`);
    try {
      await stream.until(() => stream.frames.filter(isType("item.completed")).length >= 5);
    } finally {
      stream.close();
    }
    // The crash: the object is reset at once, mid-slice, keeping only what it had stored.
    await runInDurableObject(batchStub(env, OPEN_TENANT, created.batch_id), (_, state) => state.abort("simulated crash")).catch(() => undefined);
    const during = await call(`/v1/batches/${created.batch_id}`);
    expect(during.status).toBe(200);
    await during.arrayBuffer();

    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ status: "completed", completed: 80, failed: 0, skipped: 0 });
    const calls = answered(await fakeCalls(marker));
    const perItem = new Map<string, number>();
    for (const c of calls) {
      const item = c.user.match(new RegExp(`${marker} (\\d+)`))?.[1] ?? "?";
      perItem.set(item, (perItem.get(item) ?? 0) + 1);
    }
    expect(perItem.size).toBe(80);
    expect([...perItem.values()].every((count) => count === 1)).toBe(true);
    // Items running when it crashed finished in their cells meanwhile; asked again, they are read
    // (cached) but still the batch's spend: usage counts every call the batch caused.
    expect(batch.usage.llm_calls).toBe(calls.length);
    const lines = await resultLines(created.batch_id);
    expect(lines.map((line) => line.index)).toEqual(contents.map((_, i) => i));
  });
});
