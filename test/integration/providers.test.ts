import { describe, expect, it } from "vitest";
import { deterministicScore } from "../../scripts/fake-model/behaviour.ts";
import { summarize } from "../../src/judge/math.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import type { DimensionOutcome } from "../../src/judge/types.ts";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

const AXIOM_DIMENSIONS = CYNIC_36.axioms.map((axiom) => axiom.dimensions.map((d) => d.id));

async function judge(judgeName: string, extra: Record<string, unknown> = {}) {
  const marker = uniqueName(judgeName);
  const reply = await postJson("/v1/judgments", { content: `const answer = 42; // ${marker}`, judge: judgeName, ...extra });
  return { marker, status: reply.status, timing: reply.headers.get("server-timing") ?? "", judgment: await json<Judgment>(reply) };
}

/** The judgment's own figures, recomputed from its dimension scores with the model's math. */
function expectExactMath(judgment: Judgment, reality?: "CODE") {
  const outcomes: Record<string, DimensionOutcome> = Object.fromEntries(
    Object.entries(judgment.dimensions).map(([id, d]) => [
      id,
      d.status === "scored" ? { status: "scored", score: d.score!, rationale: d.rationale! } : { status: "failed", error: d.error! },
    ]),
  );
  const result = summarize(CYNIC_36, outcomes, reality);
  if (!result.ok) throw new Error(result.message);
  const { q_score, verdict, confidence, axioms, unnameable, weakest, flags } = judgment;
  expect({ q_score, verdict, confidence, axioms, unnameable, weakest, flags }).toEqual(result.summary);
}

describe.each([
  ["ollama", "ollama_format"],
  ["openai", "json_schema"],
] as const)("the %s provider", (provider, structured) => {
  it("judges with one call per axiom whose schema holds exactly that axiom's dimensions", async () => {
    const { marker, status, timing, judgment } = await judge(provider, { reality: "CODE" });
    expect(status).toBe(200);
    // Where the time went: the cell's call, the model's scoring inside it, the whole request.
    expect(timing).toMatch(/cell;dur=\d+/);
    expect(timing).toMatch(/model;dur=\d+;desc="scoring in the cell"/);
    expect(timing).toMatch(/total;dur=\d+/);
    expect(judgment).toMatchObject({ status: "completed", judge: { provider, model: expect.stringContaining("fake") } });
    const calls = await fakeCalls(marker);
    expect(calls).toHaveLength(5);
    expect(calls.every((call) => call.provider === provider && call.structured === structured && call.status === 200)).toBe(true);
    expect(calls.map((call) => call.dimensions).sort()).toEqual([...AXIOM_DIMENSIONS].sort());
    expect(judgment.usage.llm_calls).toBe(5);
    expect(judgment.usage.input_tokens).toBeGreaterThan(0);
    expect(judgment.usage.output_tokens).toBeGreaterThan(0);
  });

  it("keeps the model's scores and rationales, and derives every figure with the exact math", async () => {
    const { marker, judgment } = await judge(provider, { reality: "CODE" });
    const calls = await fakeCalls(marker);
    for (const [id, dimension] of Object.entries(judgment.dimensions)) {
      const call = calls.find((c) => c.dimensions.includes(id))!;
      expect(dimension).toMatchObject({ status: "scored", score: deterministicScore(id, call.user) });
      expect(dimension.rationale).toContain(`fake model: ${id}`);
    }
    expectExactMath(judgment, "CODE");
  });
});

describe("the offline heuristic judge", () => {
  it("answers without a model call, and its figures follow the exact math", async () => {
    const marker = uniqueName("heuristic");
    const reply = await postJson("/v1/judgments", { content: `// ${marker}\nexport const add = (a, b) => a + b;`, reality: "CODE" });
    const judgment = await json<Judgment>(reply);
    expect(judgment).toMatchObject({ status: "completed", judge: { provider: "heuristic" }, usage: { llm_calls: 0, cost_usd: 0 } });
    expect(Object.values(judgment.dimensions).every((d) => d.status === "scored")).toBe(true);
    expect(await fakeCalls(marker)).toHaveLength(0);
    expectExactMath(judgment, "CODE");
  });
});

describe("batch strategies", () => {
  it.each([
    ["openai-all", 1, 35],
    ["openai-dimension", 35, 1],
  ])("%s makes %i calls of %i dimensions", async (profile, calls, size) => {
    const { marker, judgment } = await judge(profile);
    expect(judgment.status).toBe("completed");
    const made = await fakeCalls(marker);
    expect(made).toHaveLength(calls);
    expect(made.every((call) => call.dimensions.length === size)).toBe(true);
    expect(new Set(made.flatMap((call) => call.dimensions)).size).toBe(35);
    expectExactMath(judgment);
  });
});

describe("reading answers defensively", () => {
  it.each(["fenced", "prose"])("reads JSON %s without a repair call", async (profile) => {
    const { marker, judgment } = await judge(profile);
    expect(judgment.status).toBe("completed");
    expect(Object.values(judgment.dimensions).every((d) => d.status === "scored")).toBe(true);
    expect((await fakeCalls(marker)).every((call) => !call.repair)).toBe(true);
  });

  it.each(["garbage-once", "truncated-once"])("repairs %s with one more call per batch", async (profile) => {
    const { marker, status, judgment } = await judge(profile);
    expect(status).toBe(200);
    expect(judgment.status).toBe("completed");
    const calls = await fakeCalls(marker);
    expect(calls).toHaveLength(10);
    expect(calls.filter((call) => call.repair)).toHaveLength(5);
    expect(judgment.usage.llm_calls).toBe(10);
  });

  it("fails only the dimension a model keeps leaving out, and lowers the confidence", async () => {
    const { judgment } = await judge("missing-first");
    expect(judgment.status).toBe("completed");
    const failed = Object.entries(judgment.dimensions).filter(([, d]) => d.status === "failed");
    expect(failed.map(([id]) => id).sort()).toEqual(AXIOM_DIMENSIONS.map((ids) => ids[0]).sort());
    for (const [, dimension] of failed) {
      expect(dimension).toMatchObject({ score: null, error: "missing from the answer" });
    }
    expectExactMath(judgment);
  });

  it("falls back to json_object with the schema in the prompt when json_schema is refused", async () => {
    const { marker, judgment } = await judge("no-schema");
    expect(judgment.status).toBe("completed");
    const calls = await fakeCalls(marker);
    expect(calls.filter((call) => call.status === 400).every((call) => call.structured === "json_schema")).toBe(true);
    const fallback = answered(calls);
    expect(fallback.length).toBeGreaterThanOrEqual(5);
    expect(fallback.every((call) => call.structured === "json_object" && call.dimensions.length === 7)).toBe(true);
  });
});
