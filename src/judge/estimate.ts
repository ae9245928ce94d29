import type { JudgeProfile } from "../config.ts";
import { maxOutputTokens } from "./dimension-schema.ts";
import { buildMessages, FENCE_TAG_PLACEHOLDER, type ChatMessage } from "./prompt.ts";
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

/** A chat template's own tokens around each message (role markers, separators): a generous ceiling. */
const TOKENS_PER_MESSAGE = 16;
/**
 * What a repair call adds to the prompt it repairs, in UTF-8 bytes: the unreadable answer it quotes
 * (at most 4,000 UTF-16 units, 3 bytes each) and the request to answer again.
 */
const REPAIR_EXTRA_BYTES = 4_000 * 3 + 2_000;

const encoder = new TextEncoder();
const free = (profile: JudgeProfile) => profile.price_in_per_mtok === 0 && profile.price_out_per_mtok === 0;

/**
 * Ceilings already counted, by prompt: a batch's JSON prompt is costed twice (its call and its repair),
 * and a panel's jurors share their prompts (estimateCost's `prompts`), so each is encoded once.
 */
const counted = new WeakMap<readonly ChatMessage[], number>();

/** Input tokens a prompt can cost at most: one per UTF-8 byte (no tokenizer makes a token of less). */
export function promptTokenCeiling(messages: readonly ChatMessage[], extraBytes = 0): number {
  let tokens = counted.get(messages);
  if (tokens === undefined) {
    tokens = messages.reduce((sum, message) => sum + encoder.encode(message.content).byteLength + TOKENS_PER_MESSAGE, 0);
    counted.set(messages, tokens);
  }
  return tokens + extraBytes;
}

/** The most one model call can cost: its prompt's token ceiling plus the output cap it is given. */
export function callCeiling(profile: JudgeProfile, messages: readonly ChatMessage[], dimensionCount: number, extraBytes = 0): CostEstimate {
  const inputTokens = promptTokenCeiling(messages, extraBytes);
  const outputTokens = maxOutputTokens(dimensionCount);
  const usd = free(profile) ? 0 : ceilUsd((inputTokens * profile.price_in_per_mtok + outputTokens * profile.price_out_per_mtok) / 1e6);
  return { calls: 1, input_tokens: inputTokens, output_tokens: outputTokens, usd };
}

/** Several estimates as one (the USD summed in micro-dollars: each is already a ceiling at 1e-6). */
export const sumEstimates = (estimates: readonly CostEstimate[]): CostEstimate => ({
  calls: estimates.reduce((n, e) => n + e.calls, 0),
  input_tokens: estimates.reduce((n, e) => n + e.input_tokens, 0),
  output_tokens: estimates.reduce((n, e) => n + e.output_tokens, 0),
  usd: Math.round(estimates.reduce((n, e) => n + e.usd * 1e6, 0)) / 1e6,
});

/**
 * The most one batch can cost: its first call (with the schema), the fallback without it (the schema
 * spelled out in the prompt), and the repair of an unreadable answer, each tried up to `retries` more
 * times with every attempt billed (a timed-out call may still be billed). A ceiling, not a forecast:
 * a healthy call costs a small fraction of it.
 */
export function batchCeiling(profile: JudgeProfile, messagesFor: (structured: "schema" | "json") => ChatMessage[], dimensionCount: number): CostEstimate {
  const attempts = profile.retries + 1;
  const json = messagesFor("json");
  const calls = [callCeiling(profile, messagesFor("schema"), dimensionCount), callCeiling(profile, json, dimensionCount), callCeiling(profile, json, dimensionCount, REPAIR_EXTRA_BYTES)];
  return sumEstimates(Array.from({ length: attempts }, () => calls).flat());
}

/**
 * The most a judgment's remaining batches can cost before any call is made (batchCeiling of each), at
 * the profile's prices. Free judges cost nothing.
 *
 * @example
 * estimateCost(profile, batches, { content }).usd; // 0.004121
 */
export function estimateCost(profile: JudgeProfile, batches: DimensionSpec[][], input: Omit<JudgeInput, "fence">, prompts?: PromptMemo): CostEstimate {
  // The offline heuristic calls no model; a free model costs nothing but is still called.
  if (profile.provider === "heuristic") return { calls: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
  const build = (dimensions: DimensionSpec[], structured: "schema" | "json") =>
    buildMessages({ dimensions, axiomDescriptions: input.axioms, content: input.content, context: input.context, fence: FENCE_TAG_PLACEHOLDER, structured });
  return sumEstimates(batches.map((dimensions) =>
    batchCeiling(profile, (structured) => {
      if (!prompts) return build(dimensions, structured);
      const key = `${structured} ${dimensions.map((dimension) => dimension.id).join(" ")}`;
      let messages = prompts.get(key);
      if (!messages) prompts.set(key, (messages = build(dimensions, structured)));
      return messages;
    }, dimensions.length)));
}

/**
 * Prompts built for one input, by form and batch: the jurors of a panel batching alike ask the same
 * prompts of their models, so their estimates build and count each once.
 */
export type PromptMemo = Map<string, ChatMessage[]>;

/**
 * The most judging a content from scratch can cost: every dimension of the rubric, batched as the
 * profile batches them. What a batch reserves before it starts an item, and a quota before a judgment.
 */
export function worstCaseUsd(profile: JudgeProfile, rubric: Rubric, content: string, context?: string): number {
  const all = new Set(rubric.axioms.flatMap((axiom) => axiom.dimensions.map((dimension) => dimension.id)));
  const axioms = Object.fromEntries(rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
  return estimateCost(profile, planBatches(rubric, profile.batch, all), { content, context, axioms }).usd;
}
