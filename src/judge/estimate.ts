import type { JudgeProfile } from "../config.ts";
import { maxOutputTokens } from "./dimension-schema.ts";
import { buildMessages } from "./prompt.ts";
import type { JudgeInput } from "./provider.ts";
import { planBatches } from "./scoring.ts";
import type { DimensionSpec, Rubric } from "./types.ts";

export interface CostEstimate {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  usd: number;
}

/** Rounds up to 1e-6 USD: an estimate that is a ceiling must never round down. */
const ceilUsd = (usd: number) => Math.ceil(usd * 1e6) / 1e6;

/**
 * The most a judgment's remaining calls can cost before any is made: per call, its prompt's
 * characters ÷ 4 as input tokens (prompts as sent in JSON mode, the longer form) plus the output cap
 * each call is given (`max_tokens` / `num_predict`), at the profile's prices. Free judges cost nothing.
 *
 * @example
 * estimateCost(profile, batches, { content }).usd; // 0.000412
 */
export function estimateCost(profile: JudgeProfile, batches: DimensionSpec[][], input: JudgeInput): CostEstimate {
  const free = profile.price_in_per_mtok === 0 && profile.price_out_per_mtok === 0;
  if (profile.provider === "heuristic" || free) return { calls: batches.length, input_tokens: 0, output_tokens: 0, usd: 0 };
  let inputTokens = 0;
  let outputTokens = 0;
  for (const dimensions of batches) {
    const messages = buildMessages({ dimensions, axiomDescriptions: input.axioms, content: input.content, context: input.context, structured: "json" });
    inputTokens += Math.ceil(messages.reduce((sum, message) => sum + message.content.length, 0) / 4);
    outputTokens += maxOutputTokens(dimensions.length);
  }
  const usd = (inputTokens * profile.price_in_per_mtok + outputTokens * profile.price_out_per_mtok) / 1e6;
  return { calls: batches.length, input_tokens: inputTokens, output_tokens: outputTokens, usd: ceilUsd(usd) };
}

/**
 * The most judging a content from scratch can cost: every dimension of the rubric, batched as the
 * profile batches them. What a batch reserves before it starts an item.
 */
export function worstCaseUsd(profile: JudgeProfile, rubric: Rubric, content: string, context?: string): number {
  const all = new Set(rubric.axioms.flatMap((axiom) => axiom.dimensions.map((dimension) => dimension.id)));
  const axioms = Object.fromEntries(rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
  return estimateCost(profile, planBatches(rubric, profile.batch, all), { content, context, axioms }).usd;
}
