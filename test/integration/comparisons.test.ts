import { describe, expect, it } from "vitest";
import { BETTER_MARK } from "../../scripts/fake-model/preferences.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { askedPair, crashAndResumeComparison, CRASH_RESUME_TIMEOUT_MS } from "../support/workers/comparison-crash.ts";

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

describe("POST /v1/comparisons", () => {
  it("a judge that always prefers the first position: every dimension inconsistent, a tie, first_position_rate 1", async () => {
    const marker = uniqueName("biased");
    const reply = await postJson("/v1/comparisons", { a: `answer one ${marker}`, b: `answer two ${marker}`, judge: "first-biased" });
    expect(reply.status).toBe(200);
    const comparison = await json<Comparison>(reply);
    expect(comparison).toMatchObject({ status: "completed", cached: false, winner: "tie", margin: 0, position_consistency: 0, first_position_rate: 1 });
    expect(comparison.comparison_id).toMatch(/^cmp_[0-9a-f]{32}$/);
    expect(Object.keys(comparison.dimensions)).toHaveLength(35);
    expect(Object.values(comparison.dimensions).every((d) => d.winner === "tie" && !d.consistent)).toBe(true);
    // Five axiom batches, each asked in both orders.
    const calls = answered(await fakeCalls(marker));
    expect(calls).toHaveLength(10);
    expect(comparison.usage.llm_calls).toBe(10);
  });

  it("a judge that prefers the better content, whichever position it is in: consistent, and the right winner", async () => {
    const marker = uniqueName("marked");
    const reply = await postJson("/v1/comparisons", { a: `plain ${marker}`, b: `${BETTER_MARK} careful ${marker}`, judge: "marked", reality: "CODE" });
    const comparison = await json<Comparison>(reply);
    expect(reply.status).toBe(200);
    expect(comparison).toMatchObject({ winner: "b", margin: -1, position_consistency: 1, first_position_rate: 0.5 });
    expect(comparison.axioms.PHI).toEqual({ a_wins: 0, b_wins: 7, ties: 0 });
    expect(comparison.dimensions.COHERENCE).toMatchObject({ winner: "b", consistent: true });
  });

  it("(a, b) and (b, a) are one cell and one set of calls, each answered in its asker's orientation", async () => {
    const marker = uniqueName("pair");
    const better = `${BETTER_MARK} first ${marker}`;
    const worse = `second ${marker}`;
    const first = await json<Comparison>(await postJson("/v1/comparisons", { a: better, b: worse, judge: "marked" }));
    const reply = await postJson("/v1/comparisons", { a: worse, b: better, judge: "marked" });
    const second = await json<Comparison>(reply);
    expect(reply.status).toBe(200);
    expect(second.comparison_id).toBe(first.comparison_id);
    expect(first).toMatchObject({ winner: "a", margin: 1, cached: false });
    expect(second).toMatchObject({ winner: "b", margin: -1, cached: true });
    expect(second.axioms.BURN).toEqual({ a_wins: 0, b_wins: 7, ties: 0 });
    expect(answered(await fakeCalls(marker))).toHaveLength(10);
    const read = await json<Comparison>(await call(`/v1/comparisons/${first.comparison_id}`));
    expect(read).toMatchObject({ winner: "a", cached: true });
  });

  it("judges offline with the heuristic, position-consistent by construction", async () => {
    const reply = await postJson("/v1/comparisons", {
      a: "x",
      b: "# Sum\n\n```ts\n// Adds two numbers; tested below.\nexport function add(a: number, b: number) {\n  return a + b;\n}\n```\n\nSee the tests in add.test.ts.",
    });
    const comparison = await json<Comparison>(reply);
    expect(reply.status).toBe(200);
    expect(comparison).toMatchObject({ position_consistency: 1, judge: { provider: "heuristic" }, usage: { llm_calls: 0 } });
    expect(comparison.winner).toBe("b");
  });

  it("refuses bad input with problem details and creates nothing", async () => {
    const id = uniqueName("bad");
    const reply = await postJson("/v1/comparisons", { a: "only one", comparison_id: id });
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    expect(await json(reply)).toMatchObject({ code: "invalid_request" });
    const missing = await call(`/v1/comparisons/${id}`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("the same comparison_id with another pair is a conflict", async () => {
    const id = uniqueName("cmp-conflict");
    const first = await postJson("/v1/comparisons", { a: "one", b: "two", comparison_id: id });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const second = await postJson("/v1/comparisons", { a: "three", b: "four", comparison_id: id });
    expect(second.status).toBe(409);
    expect(await json(second)).toMatchObject({ code: "cell_conflict" });
  });
});

describe("a comparison cell that crashes mid-run", () => {
  it("streams comparison frames, and resumes from its alarm asking only the missing (order, dimension) pairs", async () => {
    const id = uniqueName("cmp-crash");
    const { location, answeredBefore, after } = await crashAndResumeComparison(id, "marked-slow", 6);
    expect(location).toBe(`/v1/comparisons/${id}`);
    const before = answeredBefore.map((frame) => `${String(frame.order)}:${String(frame.dimension)}`);
    const comparison = await json<Comparison>(await call(`/v1/comparisons/${id}`));
    expect(comparison).toMatchObject({ status: "completed", winner: "a", position_consistency: 1 });
    // Every (order, dimension) pair answered exactly once across both instances.
    const calls = answered(await fakeCalls(id));
    expect(calls).toHaveLength(70);
    const asked = calls.map((c) => askedPair(c, id));
    expect(new Set(asked).size).toBe(70);
    for (const pair of before) expect(asked.filter((p) => p === pair)).toHaveLength(1);
    const seqs = after.map((frame) => frame.seq as number);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(after.filter(isType("comparison.answered")).at(-1)).toMatchObject({ done: 70, total: 70 });
  }, CRASH_RESUME_TIMEOUT_MS);
});
