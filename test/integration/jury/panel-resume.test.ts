import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../../src/objects/cell.ts";
import { answered, juryCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe } from "../../support/workers/socket.ts";
import type { JuryJudgment } from "./trio-rubric.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

/** (juror, dimension) pairs a judgment holds a juror's score for. */
function scoredPairs(judgment: JuryJudgment): string[] {
  return Object.entries(judgment.dimensions).flatMap(([dimension, result]) =>
    Object.entries(result.jurors ?? {}).filter(([, score]) => score !== null).map(([juror]) => `${juror}/${dimension}`),
  );
}

const JUROR_OF_MODEL: Record<string, string> = {
  "fake+latency=150+score=60": "juror-slow-a",
  "fake+latency=150+score=70+auth=sk-test": "juror-slow-b",
  "fake+latency=150+score=80": "juror-slow-c",
};

describe("a panel cell that crashes mid-judgment", () => {
  it("is resumed by its alarm, asking each juror only for the pairs it had not scored", async () => {
    const cellId = uniqueName("jury-crash");
    const marker = `panel resume ${cellId}`;
    const first = await subscribe(cellId);
    try {
      // 35 dimensions per juror, one call each, two at a time, 150 ms a call: seconds of scoring.
      const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: marker, judge: "jury-slow" }, { prefer: "respond-async" });
      expect(accepted.status).toBe(202);
      await accepted.arrayBuffer();
      await first.until(() => first.frames.filter(isType("dimension.scored")).length >= 6);
      await runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => state.abort("simulated crash")).catch(() => undefined);
    } finally {
      first.close();
    }
    const before = await json<JuryJudgment>(await call(`/v1/judgments/${cellId}`));
    expect(before.status).toBe("scoring");
    const persisted = scoredPairs(before);
    expect(persisted.length).toBeGreaterThanOrEqual(6);
    expect(persisted.length).toBeLessThan(105);

    const second = await subscribe(cellId);
    try {
      const [snapshot] = await second.until(isType("snapshot"));
      expect(snapshot).toMatchObject({ status: "scoring", done: persisted.length, total: 105 });
      await runDurableObjectAlarm(cellStub(env, OPEN_TENANT, cellId));
      await second.until(isType("judgment.completed"));
      const after = await json<JuryJudgment>(await call(`/v1/judgments/${cellId}`));
      expect(after).toMatchObject({ status: "completed", judgment_id: before.judgment_id });
      expect(scoredPairs(after)).toHaveLength(105);
      expect(after.jury!.members.every((member) => member.status === "completed")).toBe(true);
      // Every juror scores every dimension alike (60, 70, 80): the median is 70, α is below 0.
      expect(Object.values(after.dimensions).every((d) => d.score === 70)).toBe(true);

      const calls = answered(await juryCalls(marker)).map((c) => `${JUROR_OF_MODEL[c.model]}/${c.dimensions.join(",")}`);
      for (const pair of persisted) expect(calls.filter((c) => c === pair), pair).toHaveLength(1);
      expect(new Set(calls).size).toBe(105);
      const resumed = second.frames.filter(isType("dimension.scored")).map((frame) => `${frame.juror}/${frame.dimension}`);
      for (const pair of persisted) expect(resumed).not.toContain(pair);
      expect(second.frames.filter(isType("dimension.scored")).at(-1)).toMatchObject({ done: 105, total: 105 });
    } finally {
      second.close();
    }
  });
});
