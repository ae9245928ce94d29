import { describe, expect, it } from "vitest";
import type { Judgment } from "../../src/schemas/judgment.ts";
import { expectProblem } from "../support/workers/assertions.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";

/**
 * The Worker's per-isolate cache of completed judgments (src/cells/completed-judgments.ts). Whether a
 * reply came from it or from the cell shows in `Server-Timing`: `cache` for the one, `cell` for the other.
 */

type Source = "cache" | "cell";

/** Where a reply was answered from, by its `Server-Timing` entries. */
function answeredFrom(reply: Response): Source {
  const timing = reply.headers.get("server-timing") ?? "";
  const fromCache = /(^|, )cache;/.test(timing);
  const fromCell = /(^|, )cell;/.test(timing);
  if (fromCache === fromCell) throw new Error(`a reply answered by both or neither: Server-Timing "${timing}"`);
  return fromCache ? "cache" : "cell";
}

async function read(cellId: string): Promise<{ from: Source; status: number; text: string }> {
  const reply = await call(`/v1/judgments/${cellId}`);
  return { from: answeredFrom(reply), status: reply.status, text: await reply.text() };
}

describe("completed judgments answered without their cell", () => {
  it("answers a completed cell's repeat GET and POST from the isolate, byte for byte what the cell said", async () => {
    const body = { content: `const cached = 1; // ${uniqueName("held")}` };
    const first = await postJson("/v1/judgments", body);
    const judged = await json<Judgment>(first);
    expect(answeredFrom(first)).toBe("cell");
    expect(judged).toMatchObject({ status: "completed", cached: false });

    const fromCell = await read(judged.cell_id);
    expect(fromCell.from).toBe("cell");
    const fromCache = await read(judged.cell_id);
    expect(fromCache).toEqual({ ...fromCell, from: "cache" });
    expect(JSON.parse(fromCache.text)).toMatchObject({ judgment_id: judged.judgment_id, cached: true });

    const again = await postJson("/v1/judgments", body);
    expect([answeredFrom(again), again.status]).toEqual(["cache", 200]);
    expect(await again.text()).toBe(fromCell.text);
  });

  it("sends other content under a held cell id to the cell, which refuses it", async () => {
    const cellId = uniqueName("held-conflict");
    expect((await postJson("/v1/judgments", { content: "the original", cell_id: cellId })).status).toBe(200);
    expect((await read(cellId)).from).toBe("cell");
    expect((await read(cellId)).from).toBe("cache");
    const other = await postJson("/v1/judgments", { content: "other content", cell_id: cellId });
    expect(answeredFrom(other)).toBe("cell");
    await expectProblem(other, 409, "cell_conflict");
  });

  it("never holds a failed judgment: the cell is asked each time, and judges it again", async () => {
    const cellId = uniqueName("down-once");
    const body = { content: `if (x) { return y } // ${cellId}`, judge: "down-once", cell_id: cellId };
    expect((await postJson("/v1/judgments", body)).status).toBe(503);
    for (let i = 0; i < 2; i += 1) {
      const failed = await read(cellId);
      expect(failed.from).toBe("cell");
      expect(JSON.parse(failed.text)).toMatchObject({ status: "failed" });
    }
    const retried = await postJson("/v1/judgments", body);
    expect(answeredFrom(retried)).toBe("cell");
    expect(await json<Judgment>(retried)).toMatchObject({ status: "completed", cached: false });
    expect((await read(cellId)).from).toBe("cell");
    const held = await read(cellId);
    expect(held.from).toBe("cache");
    expect(JSON.parse(held.text)).toMatchObject({ status: "completed", cached: true });
  });

  it("never holds a judgment still scoring", async () => {
    const cellId = uniqueName("slow-held");
    const body = { content: `slow ${cellId}`, cell_id: cellId, judge: "slow" };
    const accepted = await postJson("/v1/judgments", body, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    const unfinished = await read(cellId);
    expect(unfinished.from).toBe("cell");
    expect(["pending", "scoring"]).toContain(JSON.parse(unfinished.text).status);
    // Joins the judgment in flight and waits for its end.
    const joined = await postJson("/v1/judgments", body);
    expect([answeredFrom(joined), (await json<Judgment>(joined)).status]).toEqual(["cell", "completed"]);
    expect((await read(cellId)).from).toBe("cell");
    expect((await read(cellId)).from).toBe("cache");
  });
});
