import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { maxOutputTokens } from "../../src/judge/dimension-schema.ts";
import { callCeiling, estimateCost } from "../../src/judge/estimate.ts";
import { buildMessages, FENCE_TAG_PLACEHOLDER } from "../../src/judge/prompt.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

const priced = {
  ...parseConfig({ JUDGE_PROVIDER: "openai", JUDGE_BASE_URL: "https://m.test/v1", JUDGE_PRICE_IN_PER_MTOK: "2", JUDGE_PRICE_OUT_PER_MTOK: "8" }).profiles.default!,
};
const batches = CYNIC_36.axioms.map((axiom) => axiom.dimensions);
const utf8 = (text: string) => new TextEncoder().encode(text).byteLength;

describe("estimateCost", () => {
  it("counts at least one token per UTF-8 byte of each prompt, never characters ÷ 4", () => {
    const content = "€".repeat(4_000); // 3 bytes a character
    const messages = buildMessages({ dimensions: batches[0]!, content, fence: FENCE_TAG_PLACEHOLDER, structured: "json" });
    const call = callCeiling(priced, messages, batches[0]!.length);
    expect(call.input_tokens).toBeGreaterThanOrEqual(messages.reduce((sum, m) => sum + utf8(m.content), 0));
    expect(call.input_tokens).toBeGreaterThan(12_000);
    expect(call.output_tokens).toBe(maxOutputTokens(batches[0]!.length));
  });

  it("counts per batch the first call, the schema fallback and the repair, each with its retries", () => {
    const estimate = estimateCost(priced, batches, { content: "x".repeat(4_000) });
    const attempts = priced.retries + 1;
    expect(estimate.calls).toBe(5 * 3 * attempts);
    expect(estimate.output_tokens).toBe(5 * 3 * attempts * maxOutputTokens(7));
    const firstCalls = batches.reduce((sum, dimensions) => {
      const messages = buildMessages({ dimensions, content: "x".repeat(4_000), fence: FENCE_TAG_PLACEHOLDER, structured: "json" });
      return sum + callCeiling(priced, messages, dimensions.length).usd;
    }, 0);
    // The repair call quotes the unreadable answer: each batch's ceiling is above three first calls.
    expect(estimate.usd).toBeGreaterThan(3 * attempts * firstCalls * 0.9);
    expect(estimate.usd).toBeCloseTo((estimate.input_tokens * 2 + estimate.output_tokens * 8) / 1e6, 4);
  });

  it("gives the same estimate when a panel's jurors share their prompts, each prompt built once", () => {
    const input = { content: "€ shared ".repeat(500), context: "ctx" };
    const prompts = new Map();
    const cheaper = { ...priced, price_in_per_mtok: 1, retries: 0 };
    expect(estimateCost(priced, batches, input, prompts)).toEqual(estimateCost(priced, batches, input));
    const built = [...prompts.values()];
    expect(built).toHaveLength(batches.length * 2);
    // A second juror batching alike reuses every prompt (same arrays), and still prices its own way.
    expect(estimateCost(cheaper, batches, input, prompts)).toEqual(estimateCost(cheaper, batches, input));
    expect([...prompts.values()]).toEqual(built);
    expect([...prompts.values()].every((messages, i) => messages === built[i])).toBe(true);
  });

  it("costs nothing for the heuristic or free models", () => {
    expect(estimateCost(parseConfig({}).profiles.default!, batches, { content: "x" }).usd).toBe(0);
    expect(estimateCost({ ...priced, price_in_per_mtok: 0, price_out_per_mtok: 0 }, batches, { content: "x" }).usd).toBe(0);
  });
});
