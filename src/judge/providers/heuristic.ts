import { HEURISTIC_MODEL, scoreHeuristically } from "../heuristic/index.ts";
import type { BatchResult, JudgeInput, JudgeProvider } from "../provider.ts";
import type { DimensionOutcome, DimensionSpec } from "../types.ts";

/** The offline judge as a provider: no network, no tokens, same content → same scores. */
export class HeuristicProvider implements JudgeProvider {
  readonly provider = "heuristic";
  readonly model = HEURISTIC_MODEL;

  async scoreBatch(input: JudgeInput, dimensions: DimensionSpec[]): Promise<BatchResult> {
    const scores = scoreHeuristically(input, dimensions);
    const outcomes: Record<string, DimensionOutcome> = {};
    for (const dimension of dimensions) {
      const scored = scores[dimension.id];
      outcomes[dimension.id] = scored
        ? { status: "scored", score: scored.score, rationale: scored.rationale }
        : { status: "failed", error: "the heuristic produced no score for this dimension" };
    }
    return { outcomes, usage: { llm_calls: 0, input_tokens: 0, output_tokens: 0 } };
  }
}
