import { describe, expect, it } from "vitest";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { crashCell } from "../support/workers/cell-storage.ts";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import { subscribe } from "../support/workers/socket.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

/**
 * A client waiting on its judgment while the cell's instance dies: the Worker's call into the dead
 * instance is rejected by the platform, and the Worker asks once more (src/objects/call-again.ts).
 * The fresh instance resumes the judgment from storage and the client gets it, not a 500.
 */
describe("a client waiting when its cell crashes", () => {
  it("gets the resumed judgment, each pair stored before the crash asked only once", async () => {
    const cellId = uniqueName("crash-wait");
    const marker = `crash while waiting ${cellId}`;
    const stream = await subscribe(cellId);
    let storedBefore: string[];
    let startedId: unknown;
    const waiting = postJson("/v1/judgments", { cell_id: cellId, content: marker, judge: "slow-steps" });
    try {
      // One call per dimension, three at a time, 150 ms each: about two seconds of scoring.
      await stream.until(() => stream.frames.filter(isType("dimension.scored")).length >= 3);
      await crashCell(cellId);
      // Frames are published after their outcome is stored, so these were stored before the crash.
      storedBefore = stream.frames.filter(isType("dimension.scored")).map((frame) => String(frame.dimension));
      startedId = stream.frames.find(isType("judgment.started"))?.judgment_id;
    } finally {
      stream.close();
    }
    const reply = await waiting;
    expect(reply.status).toBe(200);
    const judgment = await json<Judgment>(reply);
    expect(judgment.status).toBe("completed");
    expect(judgment.judgment_id).toBe(startedId);
    expect(Object.values(judgment.dimensions).filter((d) => d.status === "scored")).toHaveLength(35);

    const calls = answered(await fakeCalls(marker));
    expect(storedBefore.length).toBeGreaterThanOrEqual(3);
    for (const dimension of storedBefore) expect(calls.filter((c) => c.dimensions.includes(dimension)), dimension).toHaveLength(1);
    expect(new Set(calls.flatMap((c) => c.dimensions)).size).toBe(35);
  });
});
