import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { maxOutputTokens } from "../../src/judge/dimension-schema.ts";
import { estimateCost } from "../../src/judge/estimate.ts";
import { buildMessages } from "../../src/judge/prompt.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

const priced = {
  ...parseConfig({ JUDGE_PROVIDER: "openai", JUDGE_BASE_URL: "https://m.test/v1", JUDGE_PRICE_IN_PER_MTOK: "2", JUDGE_PRICE_OUT_PER_MTOK: "8" }).profiles.default!,
};
const batches = CYNIC_36.axioms.map((axiom) => axiom.dimensions);

describe("estimateCost", () => {
  it("prices each call's prompt at characters ÷ 4 plus its output cap", () => {
    const input = { content: "x".repeat(4_000) };
    const estimate = estimateCost(priced, batches, input);
    const inputTokens = batches.reduce(
      (sum, dimensions) => sum + Math.ceil(buildMessages({ dimensions, content: input.content, structured: "json" }).reduce((n, m) => n + m.content.length, 0) / 4),
      0,
    );
    expect(estimate).toMatchObject({ calls: 5, input_tokens: inputTokens, output_tokens: 5 * maxOutputTokens(7) });
    expect(estimate.usd).toBeCloseTo((inputTokens * 2 + 5 * maxOutputTokens(7) * 8) / 1e6, 6);
    expect(estimate.usd).toBeGreaterThanOrEqual((inputTokens * 2 + 5 * maxOutputTokens(7) * 8) / 1e6);
  });

  it("costs nothing for the heuristic or free models", () => {
    expect(estimateCost(parseConfig({}).profiles.default!, batches, { content: "x" }).usd).toBe(0);
    expect(estimateCost({ ...priced, price_in_per_mtok: 0, price_out_per_mtok: 0 }, batches, { content: "x" }).usd).toBe(0);
  });
});
