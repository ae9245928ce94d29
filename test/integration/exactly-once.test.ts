import { describe, expect, it } from "vitest";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { Problem } from "../../src/schemas/problem.ts";

describe("exactly once per cell", () => {
  it("gives 100 concurrent requests for one new cell one judgment, each dimension scored once", async () => {
    const marker = uniqueName("stampede");
    const body = { content: `function race() {} // ${marker}`, judge: "slow" };
    const replies = await Promise.all(Array.from({ length: 100 }, () => postJson("/v1/judgments", body)));
    const judgments = await Promise.all(replies.map((reply) => json<Judgment>(reply)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(100).fill(200));
    expect(new Set(judgments.map((j) => j.judgment_id)).size).toBe(1);
    expect(judgments.every((j) => j.status === "completed")).toBe(true);

    const calls = answered(await fakeCalls(marker));
    const dimensions = calls.flatMap((c) => c.dimensions);
    expect(calls).toHaveLength(5);
    expect(dimensions).toHaveLength(35);
    expect(new Set(dimensions).size).toBe(35);

    const later = await json<Judgment>(await postJson("/v1/judgments", body));
    expect(later).toMatchObject({ judgment_id: judgments[0]!.judgment_id, cached: true, q_score: judgments[0]!.q_score });
    expect(answered(await fakeCalls(marker))).toHaveLength(5);
  });

  it("answers every one of a stampede of 1,000 identical requests with the one judgment", async () => {
    const marker = uniqueName("thousand");
    const body = { content: `stampede ${marker}`, judge: "slow" };
    const replies = await Promise.all(Array.from({ length: 1_000 }, () => postJson("/v1/judgments", body)));
    const ids = await Promise.all(replies.map(async (reply) => (await json<Judgment>(reply)).judgment_id));
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1);
    expect(answered(await fakeCalls(marker))).toHaveLength(5);
  });

  it("refuses other content for a cell while its judgment is in flight, and after", async () => {
    const cellId = uniqueName("busy");
    const body = { cell_id: cellId, content: "the first content", judge: "slow" };
    const accepted = await postJson("/v1/judgments", body, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    expect((await json<Judgment>(accepted)).status).toMatch(/pending|scoring/);
    const whileScoring = await postJson("/v1/judgments", { ...body, content: "different content" });
    expect(whileScoring.status).toBe(409);
    expect((await json<Problem>(whileScoring)).code).toBe("cell_conflict");
    // A request with the same content joins the judgment in flight and gets its result.
    const joined = await postJson("/v1/judgments", body);
    expect(joined.status).toBe(200);
    expect((await json<Judgment>(joined)).status).toBe("completed");
    const after = await postJson("/v1/judgments", { ...body, content: "different content" });
    expect(after.status).toBe(409);
    await after.arrayBuffer();
  });
});
