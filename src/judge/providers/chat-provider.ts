import type { JudgeProfile } from "../../config.ts";
import { dimensionSchema } from "../dimension-schema.ts";
import { weightScores } from "../logprobs/expected-score.ts";
import { parseScores } from "../parse-scores.ts";
import type { BatchResult, JudgeInput, JudgeProvider } from "../provider.ts";
import { buildMessages, type ChatMessage } from "../prompt.ts";
import type { SpendGuard } from "../spend-guard.ts";
import type { DimensionOutcome, DimensionSpec } from "../types.ts";
import type { HttpCallOptions } from "./http-call.ts";
import { schemaCall, type Structured } from "./schema-call.ts";
import type { ChatAnswer, ChatWire } from "./wire.ts";

/** Endpoints that refused the scores' JSON Schema: later scoring calls put the schema in the prompt. */
const schemaRefused = new Set<string>();

/**
 * Prompts built for one judgment's input, by form and batch. A panel's jurors batching alike ask the
 * same prompts, and all their calls leave in one turn of the cell's one thread: built once, each prompt
 * (and its token ceiling, counted per prompt in src/judge/estimate.ts) no longer delays the later
 * jurors' calls. An input is one judgment's, of one rubric, so a batch's ids name its dimensions.
 */
const promptsByInput = new WeakMap<JudgeInput, Map<string, ChatMessage[]>>();

function promptFor(input: JudgeInput, dimensions: DimensionSpec[], structured: Structured): ChatMessage[] {
  let prompts = promptsByInput.get(input);
  if (!prompts) promptsByInput.set(input, (prompts = new Map()));
  const key = `${structured} ${dimensions.map((dimension) => dimension.id).join(" ")}`;
  let messages = prompts.get(key);
  if (!messages) {
    messages = buildMessages({ dimensions, axiomDescriptions: input.axioms, content: input.content, context: input.context, fence: input.fence, structured });
    prompts.set(key, messages);
  }
  return messages;
}

export interface ChatProviderOptions {
  /** Injected in tests: the HTTP layer's fetch and sleep. */
  http?: Pick<HttpCallOptions, "fetch" | "sleep">;
}

/**
 * A model behind an HTTP chat endpoint (Ollama or OpenAI-compatible, per `wire`) asked for scores: one
 * schema call per batch (src/judge/providers/schema-call.ts), each answer's scores weighted by its token
 * probabilities for profiles that score so.
 */
export class ChatProvider implements JudgeProvider {
  readonly provider: string;
  readonly model: string;
  readonly #wire: ChatWire;
  readonly #profile: JudgeProfile;
  readonly #http: ChatProviderOptions["http"];

  constructor(wire: ChatWire, profile: JudgeProfile, options: ChatProviderOptions = {}) {
    this.#wire = wire;
    this.#profile = profile;
    this.provider = wire.provider;
    this.model = profile.model;
    this.#http = options.http;
  }

  /** Each answer's scores weighted by its own token probabilities, for profiles that score so. */
  #weighted(outcomes: Record<string, DimensionOutcome>, answer: ChatAnswer): Record<string, DimensionOutcome> {
    if (this.#profile.scoring !== "logprobs") return outcomes;
    return weightScores(outcomes, answer.tokens ?? null).outcomes;
  }

  /** How many kept scores fell back to the sampled number: reported, never silent. */
  #fallbacks(outcomes: Record<string, DimensionOutcome>): { scoringFallbacks?: number } {
    if (this.#profile.scoring !== "logprobs") return {};
    return { scoringFallbacks: Object.values(outcomes).filter((outcome) => outcome.status === "scored" && outcome.scoring === "direct").length };
  }

  async scoreBatch(input: JudgeInput, dimensions: DimensionSpec[], signal?: AbortSignal, guard?: SpendGuard): Promise<BatchResult> {
    const ids = dimensions.map((d) => d.id);
    const result = await schemaCall<DimensionOutcome>(
      {
        wire: this.#wire,
        profile: this.#profile,
        http: this.#http,
        dimensions,
        schema: dimensionSchema(dimensions),
        schemaRefused,
        messages: (structured) => promptFor(input, dimensions, structured),
        parse: (answer) => {
          const { outcomes, problems } = parseScores(answer.content, ids);
          return { outcomes: this.#weighted(outcomes, answer), problems };
        },
      },
      signal,
      guard,
    );
    return result.error ? result : { ...result, ...this.#fallbacks(result.outcomes) };
  }
}
