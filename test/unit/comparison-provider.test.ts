import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { ChatComparison, HeuristicComparison } from "../../src/judge/comparison/provider.ts";
import { openAiWire } from "../../src/judge/providers/openai-wire.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

const phi = CYNIC_36.axioms[0]!.dimensions;
const ids = phi.map((d) => d.id);

/** An OpenAI-compatible chat completion, as the public API returns it. */
function completion(content: string) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "judge",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

const profile = parseConfig({ JUDGE_PROVIDER: "openai", JUDGE_BASE_URL: "http://model.test/v1", JUDGE_MODEL: "judge", JUDGE_RETRIES: "0" }).profiles.default!;

describe("comparison providers", () => {
  it("the heuristic prefers the higher-scoring content whichever order it is shown in", async () => {
    const strong = "# Adds two numbers\n\nfunction add(a, b) {\n  // Sum of two numbers, tested below.\n  return a + b;\n}\n\ntest('add', () => expect(add(1, 2)).toBe(3));\n";
    const weak = "x";
    const judge = new HeuristicComparison();
    const ab = await judge.compareBatch({ first: { content: strong, tag: "A" }, second: { content: weak, tag: "B" } }, phi);
    const ba = await judge.compareBatch({ first: { content: weak, tag: "B" }, second: { content: strong, tag: "A" } }, phi);
    for (const id of ids) {
      const first = ab.outcomes[id]!;
      const second = ba.outcomes[id]!;
      expect(first.status).toBe("answered");
      if (first.status !== "answered" || second.status !== "answered") continue;
      const flipped = { first: "second", second: "first", tie: "tie" } as const;
      expect(second.prefer).toBe(flipped[first.prefer]);
    }
    expect(ab.usage.llm_calls).toBe(0);
  });

  it("asks a chat endpoint with the preference schema and repairs an unreadable answer once", async () => {
    const bodies: Record<string, unknown>[] = [];
    const answers = [
      JSON.stringify(Object.fromEntries(ids.map((id) => [id, { prefer: id === "COHERENCE" ? "both" : "first", rationale: "r" }]))),
      JSON.stringify({ COHERENCE: { prefer: "second", rationale: "fixed" } }),
    ];
    const fetch = (async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)) as Record<string, unknown>);
      return new Response(JSON.stringify(completion(answers[bodies.length - 1]!)), { headers: { "content-type": "application/json" } });
    }) as unknown as typeof globalThis.fetch;
    const judge = new ChatComparison(openAiWire, profile, { fetch });
    const result = await judge.compareBatch({ first: { content: "one", tag: "T1" }, second: { content: "two", tag: "T2" } }, phi);
    expect(bodies).toHaveLength(2);
    const format = bodies[0]!.response_format as { type: string; json_schema: { strict: boolean; schema: { required: string[] } } };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.required).toEqual(ids);
    expect(result.outcomes.COHERENCE).toEqual({ status: "answered", prefer: "second", rationale: "fixed" });
    expect(result.outcomes.ELEGANCE).toMatchObject({ status: "answered", prefer: "first" });
    expect(result.usage).toEqual({ llm_calls: 2, input_tokens: 200, output_tokens: 40 });
    expect(result.error).toBeUndefined();
  });

  it("reports an endpoint failure as failed dimensions, never as a preference", async () => {
    const fetch = (async () => new Response("upstream exploded", { status: 500 })) as unknown as typeof globalThis.fetch;
    const judge = new ChatComparison(openAiWire, profile, { fetch, sleep: async () => undefined });
    const result = await judge.compareBatch({ first: { content: "one", tag: "T1" }, second: { content: "two", tag: "T2" } }, phi);
    expect(result.error).toMatchObject({ code: "provider_unavailable", endpointFault: true });
    expect(Object.values(result.outcomes).every((outcome) => outcome.status === "failed")).toBe(true);
    expect(JSON.stringify(result)).not.toContain("exploded");
  });
});
