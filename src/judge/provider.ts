import type { SpendGuard } from "./spend-guard.ts";
import type { DimensionOutcome, DimensionSpec } from "./types.ts";

/** Token and call counts of one or more model calls. */
export interface Usage {
  llm_calls: number;
  input_tokens: number;
  output_tokens: number;
}

export const NO_USAGE: Usage = Object.freeze({ llm_calls: 0, input_tokens: 0, output_tokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    llm_calls: a.llm_calls + b.llm_calls,
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
  };
}

/** What is judged, as every provider sees it. */
export interface JudgeInput {
  content: string;
  context?: string | undefined;
  /** Axiom id → what it is about, so a model sees each dimension in its setting. */
  axioms?: Readonly<Record<string, string>> | undefined;
  /** The content fence's tag, made by the caller under the server's secret (src/security/fence-tag.ts). */
  fence: string;
}

/**
 * Why a whole batch could not be scored: the endpoint failed or refused, or its next call could have
 * passed the judgment's budget; not the answer's content.
 */
export interface BatchError {
  code: "provider_unavailable" | "provider_refused" | "budget_exhausted";
  message: string;
  /** The endpoint itself is failing (timeouts, 5xx, 429): what a circuit breaker counts. */
  endpointFault: boolean;
  retryAfterSeconds?: number | undefined;
}

/** The outcome of scoring one batch of dimensions: one outcome per dimension asked, never a guess. */
export interface BatchResult {
  outcomes: Record<string, DimensionOutcome>;
  usage: Usage;
  error?: BatchError;
  /** Dimensions of a probability-weighted profile left at their sampled number (no usable probabilities). */
  scoringFallbacks?: number;
}

/**
 * A judge that scores dimensions: the offline heuristic or a model behind an HTTP endpoint.
 * Implementations never throw for a bad answer: they return failed outcomes with a reason.
 */
export interface JudgeProvider {
  readonly provider: string;
  readonly model: string;
  /** `budget`: the judgment's spend guard, shared by all its calls (none: unlimited, e.g. in tests). */
  scoreBatch(input: JudgeInput, dimensions: DimensionSpec[], signal?: AbortSignal, budget?: SpendGuard): Promise<BatchResult>;
}
