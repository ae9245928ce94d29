import { describe, expect, it } from "vitest";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { subscribe } from "../support/workers/socket.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

describe("GET /v1/cells/{cell_id}/stream", () => {
  it("streams snapshot, started, every dimension and completed, with seq strictly increasing", async () => {
    const cellId = uniqueName("stream");
    const stream = await subscribe(cellId);
    try {
      await stream.until(isType("snapshot"));
      expect(stream.frames[0]).toMatchObject({ type: "snapshot", cell_id: cellId, status: "none", done: 0, seq: 0 });
      const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "let total = items.reduce((a, b) => a + b, 0);" });
      const judgment = await json(reply);
      const frames = await stream.until(isType("judgment.completed"));
      const types = frames.map((frame) => frame.type);
      expect(types[0]).toBe("snapshot");
      expect(types[1]).toBe("judgment.started");
      expect(types.filter((type) => type === "dimension.scored")).toHaveLength(35);
      expect(types.at(-1)).toBe("judgment.completed");
      expect(frames[1]).toMatchObject({ judgment_id: judgment.judgment_id, total: 35, rubric: { id: "cynic-36", version: 1 } });
      const dones = frames.filter(isType("dimension.scored")).map((frame) => frame.done);
      expect(dones).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
      const seqs = frames.map((frame) => frame.seq as number);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
      expect((frames.at(-1)!.judgment as Judgment).judgment_id).toBe(judgment.judgment_id);
    } finally {
      stream.close();
    }
  });

  it("gives a late subscriber a snapshot of the finished judgment", async () => {
    const cellId = uniqueName("late");
    const judgment = await json(await postJson("/v1/judgments", { cell_id: cellId, content: "late subscriber" }));
    const stream = await subscribe(cellId);
    try {
      const [snapshot] = await stream.until(isType("snapshot"));
      expect(snapshot).toMatchObject({ type: "snapshot", status: "completed", done: 35, total: 35 });
      expect((snapshot!.judgment as Judgment).judgment_id).toBe(judgment.judgment_id);
    } finally {
      stream.close();
    }
  });

  it("answers a ping with a pong", async () => {
    const stream = await subscribe(uniqueName("ping"));
    try {
      stream.socket.send(JSON.stringify({ type: "ping" }));
      await stream.until(isType("pong"));
      expect(stream.frames.map((frame) => frame.type)).toEqual(["snapshot", "pong"]);
    } finally {
      stream.close();
    }
  });

  it("refuses a plain GET without an upgrade", async () => {
    const reply = await call(`/v1/cells/${uniqueName("plain")}/stream`);
    expect(reply.status).toBe(400);
    expect((await json(reply)).code).toBe("invalid_request");
  });
});

describe("many subscribers", () => {
  it("all hear every frame, and one that goes away mid-judgment disturbs nothing", async () => {
    const cellId = uniqueName("crowd");
    const streams = await Promise.all(Array.from({ length: 5 }, () => subscribe(cellId)));
    const quitter = await subscribe(cellId);
    try {
      await Promise.all([...streams, quitter].map((stream) => stream.until(isType("snapshot"))));
      const reply = postJson("/v1/judgments", { cell_id: cellId, content: "watched by a crowd", judge: "slow-steps" });
      await quitter.until(isType("dimension.scored"));
      quitter.socket.close(1001, "going away");
      expect((await reply).status).toBe(200);
      const all = await Promise.all(streams.map((stream) => stream.until(isType("judgment.completed"))));
      for (const frames of all) {
        expect(frames.filter(isType("dimension.scored"))).toHaveLength(35);
        expect(frames.map((frame) => frame.seq)).toEqual(all[0]!.map((frame) => frame.seq));
      }
    } finally {
      for (const stream of [...streams, quitter]) stream.close();
    }
  });
});

describe("Prefer: respond-async", () => {
  it("answers 202 at once with Location and the stream link; the judgment completes behind it", async () => {
    const cellId = uniqueName("async");
    const stream = await subscribe(cellId);
    try {
      const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "no waiting", judge: "slow" }, { prefer: "respond-async" });
      expect(reply.status).toBe(202);
      expect(reply.headers.get("location")).toBe(`/v1/judgments/${cellId}`);
      expect(reply.headers.get("link")).toBe(`</v1/cells/${cellId}/stream>; rel="monitor"`);
      expect(await json(reply)).toMatchObject({ status: expect.stringMatching(/pending|scoring/), q_score: null, links: { stream: `/v1/cells/${cellId}/stream` } });
      await stream.until(isType("judgment.completed"));
      const done = await call(`/v1/judgments/${cellId}`);
      expect(done.status).toBe(200);
      expect(await json(done)).toMatchObject({ status: "completed", cached: true });
    } finally {
      stream.close();
    }
  });
});
