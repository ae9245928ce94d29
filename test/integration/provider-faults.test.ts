import { describe, expect, it } from "vitest";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { Problem } from "../../src/schemas/problem.ts";

/** A failed judgment is answered with a problem that carries the judgment. */
type JudgmentProblem = Problem & { judgment?: Judgment };

async function judge(judgeName: string, marker = uniqueName(judgeName), cellId?: string) {
  const reply = await postJson("/v1/judgments", { content: `if (x) { return y } // ${marker}`, judge: judgeName, ...(cellId ? { cell_id: cellId } : {}) });
  return { marker, reply, body: await json<JudgmentProblem & Record<string, unknown>>(reply) };
}

/** A failed judgment: 503 provider_unavailable with Retry-After, and not one number anywhere. */
function expectFailedWithoutScores(reply: Response, body: JudgmentProblem, code: string) {
  expect(reply.status).toBe(503);
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(body.code).toBe("provider_unavailable");
  expect(body.judgment).toMatchObject({ status: "failed", q_score: null, verdict: null, axioms: {}, error: { code } });
  expect(Object.values(body.judgment!.dimensions).every((d) => d.status === "failed" && d.score === null)).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/Bearer|authorization|at .*\.ts:\d+/i);
}

describe("model endpoint faults", () => {
  it("retries 429 and 500 and then completes, billing only answered calls", async () => {
    const { marker, reply, body } = await judge("flaky");
    expect(reply.status).toBe(200);
    expect(body.status).toBe("completed");
    const calls = await fakeCalls(marker);
    expect(calls.map((call) => call.status).sort()).toEqual([...Array(5).fill(200), ...Array(5).fill(429), ...Array(5).fill(500)]);
    expect((body.usage as Judgment["usage"]).llm_calls).toBe(5);
  });

  it("gives up after the configured retries of 429 with a retryable error", async () => {
    const { marker, reply, body } = await judge("rate-limited");
    expectFailedWithoutScores(reply, body, "provider_unavailable");
    const calls = await fakeCalls(marker);
    expect(calls).toHaveLength(10);
    expect(calls.every((call) => call.status === 429)).toBe(true);
  });

  it("does not sit out a Retry-After longer than a call may wait", async () => {
    const { marker, reply, body } = await judge("long-retry-after");
    expectFailedWithoutScores(reply, body, "provider_unavailable");
    expect(await fakeCalls(marker)).toHaveLength(5);
  });

  it("times out a hanging endpoint per attempt", async () => {
    const { marker, reply, body } = await judge("hanging");
    expectFailedWithoutScores(reply, body, "provider_unavailable");
    expect(body.judgment!.error!.message).toContain("no answer within 200 ms");
    expect(await fakeCalls(marker)).toHaveLength(10);
  });

  it("does not retry a refused key", async () => {
    const { marker, reply, body } = await judge("wrong-key");
    expectFailedWithoutScores(reply, body, "provider_unavailable");
    const calls = await fakeCalls(marker);
    expect(calls).toHaveLength(5);
    expect(calls.every((call) => call.status === 401)).toBe(true);
  });

  it("retries a failed judgment on the next request, scoring each dimension once", async () => {
    const cellId = uniqueName("down-once");
    const first = await judge("down-once", cellId, cellId);
    expect(first.reply.status).toBe(503);
    const second = await judge("down-once", cellId, cellId);
    expect(second.reply.status).toBe(200);
    expect(second.body).toMatchObject({ status: "completed", cached: false });
    const calls = await fakeCalls(cellId);
    expect(answered(calls).flatMap((call) => call.dimensions).sort()).toHaveLength(35);
    expect(new Set(answered(calls).flatMap((call) => call.dimensions)).size).toBe(35);
  });
});

describe("answers that cannot be read never become scores", () => {
  it.each(["garbage", "ollama-nojson", "out-of-range", "wrong-types"])("%s: repaired once, then failed with insufficient_scores", async (profile) => {
    const { marker, reply, body } = await judge(profile);
    expectFailedWithoutScores(reply, body, "insufficient_scores");
    const calls = await fakeCalls(marker);
    expect(calls).toHaveLength(10);
    expect(calls.filter((call) => call.repair)).toHaveLength(5);
  });
});
