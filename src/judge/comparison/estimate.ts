import type { JudgeProfile } from "../../config.ts";
import { batchCeiling, sumEstimates, type CostEstimate } from "../estimate.ts";
import { FENCE_TAG_PLACEHOLDER } from "../prompt.ts";
import type { DimensionSpec } from "../types.ts";
import { buildComparisonMessages } from "./prompt.ts";

/**
 * The most a comparison's remaining calls can cost: each call's ceiling (src/judge/estimate.ts
 * `batchCeiling`: first call, schema fallback and repair, each with its retries) with both contents in
 * its prompt. What the comparison's budget is checked against before it starts.
 *
 * @example
 * comparisonCeiling(profile, [{ dimensions }], { a, b }).usd; // 0.0081
 */
export function comparisonCeiling(
  profile: JudgeProfile,
  calls: readonly { dimensions: DimensionSpec[] }[],
  request: { a: string; b: string; context?: string | undefined; axioms?: Readonly<Record<string, string>> },
): CostEstimate {
  const first = { content: request.a, tag: FENCE_TAG_PLACEHOLDER };
  const second = { content: request.b, tag: FENCE_TAG_PLACEHOLDER };
  return sumEstimates(calls.map(({ dimensions }) =>
    batchCeiling(profile, (structured) => buildComparisonMessages({ dimensions, axiomDescriptions: request.axioms, first, second, context: request.context, structured }), dimensions.length)));
}
