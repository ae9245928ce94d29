import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../src/objects/cell.ts";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { crashCell, storedCell } from "../support/workers/cell-storage.ts";
import { subscribe } from "../support/workers/socket.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

describe("a cell that crashes mid-judgment", () => {
  it("is resumed by the next subscription, scoring only what was missing", async () => {
    const cellId = uniqueName("crashed");
    const marker = `resume ${cellId}`;
    const first = await subscribe(cellId);
    try {
      // One call per dimension, three at a time, 150 ms each: about two seconds of scoring.
      const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: marker, judge: "slow-steps" }, { prefer: "respond-async" });
      expect(accepted.status).toBe(202);
      await accepted.arrayBuffer();
      await first.until(() => first.frames.filter(isType("dimension.scored")).length >= 6);
      // The crash: the object is reset at once, mid-call, keeping only what it had stored.
      await crashCell(cellId);
    } finally {
      first.close();
    }
    // Read in its storage: a read through the API would resume it (test/integration/interrupted.test.ts).
    const before = await storedCell(cellId);
    expect(before.status).toBe("scoring");
    const persisted = before.scored;
    expect(persisted.length).toBeGreaterThanOrEqual(6);
    expect(persisted.length).toBeLessThan(35);

    const second = await subscribe(cellId);
    try {
      const [snapshot] = await second.until(isType("snapshot"));
      expect(snapshot).toMatchObject({ status: "scoring", done: persisted.length, total: 35 });
      // The subscription has resumed it (any entry does); the alarm, run now by hand, finds it running
      // and only re-arms. A stub to an aborted object stays broken: use a new one.
      await runDurableObjectAlarm(cellStub(env, OPEN_TENANT, cellId));
      await second.until(isType("judgment.completed"));
      const after = await json<Judgment>(await call(`/v1/judgments/${cellId}`));
      expect(after.status).toBe("completed");
      expect(after.judgment_id).toBe(before.judgmentId);
      expect(Object.values(after.dimensions).filter((d) => d.status === "scored")).toHaveLength(35);

      const calls = answered(await fakeCalls(marker));
      for (const dimension of persisted) expect(calls.filter((c) => c.dimensions.includes(dimension)), dimension).toHaveLength(1);
      expect(new Set(calls.flatMap((c) => c.dimensions)).size).toBe(35);

      const frames = second.frames;
      const resumed = frames.filter(isType("dimension.scored"));
      expect(resumed.map((frame) => frame.dimension)).not.toContain(persisted[0]);
      expect(resumed.at(-1)).toMatchObject({ done: 35, total: 35 });
      const seqs = frames.map((frame) => frame.seq as number);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    } finally {
      second.close();
    }
  });
});

describe("a subscriber across an eviction", () => {
  it("keeps its hibernated socket and hears the judgment that follows", async () => {
    const cellId = uniqueName("hibernate");
    const stream = await subscribe(cellId);
    try {
      await stream.until(isType("snapshot"));
      await evictDurableObject(cellStub(env, OPEN_TENANT, cellId));
      const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "after the eviction" });
      const judgment = await json<Judgment>(reply);
      const frames = await stream.until(isType("judgment.completed"));
      expect(frames.map((frame) => frame.type).slice(0, 2)).toEqual(["snapshot", "judgment.started"]);
      expect(frames.at(-1)).toMatchObject({ judgment: { judgment_id: judgment.judgment_id } });
    } finally {
      stream.close();
    }
  });
});
