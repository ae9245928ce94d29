import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plannedExpectation } from "../../scripts/fake-model/logprobs.ts";
import { startFakeModelServer, type FakeModelServer } from "../../scripts/fake-model/server.ts";
import { parseConfig } from "../../src/config.ts";
import { FENCE_TAG_PLACEHOLDER } from "../../src/judge/prompt.ts";
import { createProvider } from "../../src/judge/providers/index.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

/** The chat provider against the fake model server, both wire formats, with probability-weighted scoring. */
let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(() => fake.close());

const dimensions = CYNIC_36.axioms[0]!.dimensions.slice(0, 3);
const profileOf = (provider: "ollama" | "openai", model: string, scoring = "logprobs") =>
  parseConfig({ JUDGE_PROFILES: JSON.stringify({ p: { provider, base_url: provider === "openai" ? `${fake.url}/v1` : fake.url, model, scoring } }) }).profiles.p!;

describe("probability-weighted scoring through the chat provider", () => {
  it.each(["openai", "ollama"] as const)("%s: each score is the expected value, the sampled number kept as raw_score", async (provider) => {
    const model = "fake+score=60+scores=COHERENCE:98,ELEGANCE:3";
    const result = await createProvider(profileOf(provider, model)).scoreBatch({ content: `marker-lp-${provider}`, fence: FENCE_TAG_PLACEHOLDER }, dimensions);
    expect(result.outcomes.COHERENCE).toMatchObject({ status: "scored", score: plannedExpectation(98), raw_score: 98, scoring: "logprobs" });
    expect(result.outcomes.ELEGANCE).toMatchObject({ score: plannedExpectation(3), raw_score: 3, scoring: "logprobs" });
    expect(result.outcomes.STRUCTURE).toMatchObject({ score: 60.79, raw_score: 60, scoring: "logprobs" });
    expect(result.scoringFallbacks).toBe(0);
    const calls = fake.calls.filter((call) => call.user.includes(`marker-lp-${provider}`));
    expect(calls.map((call) => call.logprobs)).toEqual([true]);
  });

  it("an endpoint without probabilities falls back to the sampled number, and says so per dimension", async () => {
    const result = await createProvider(profileOf("openai", "fake+score=60+nologprobs")).scoreBatch({ content: "marker-lp-none", fence: FENCE_TAG_PLACEHOLDER }, dimensions);
    expect(result.outcomes.COHERENCE).toMatchObject({ score: 60, raw_score: 60, scoring: "direct" });
    expect(result.scoringFallbacks).toBe(3);
  });

  it("a direct profile neither asks for probabilities nor records how it scored", async () => {
    const result = await createProvider(profileOf("ollama", "fake+score=60", "direct")).scoreBatch({ content: "marker-lp-direct", fence: FENCE_TAG_PLACEHOLDER }, dimensions);
    expect(result.outcomes.COHERENCE).toEqual({ status: "scored", score: 60, rationale: "fake model: COHERENCE judged 60" });
    expect(result.scoringFallbacks).toBeUndefined();
    expect(fake.calls.find((call) => call.user.includes("marker-lp-direct"))!.logprobs).toBe(false);
  });
});
