import type { JudgeProfile } from "../../config.ts";
import { dimensionSchema } from "../dimension-schema.ts";
import { weightScores } from "../logprobs/expected-score.ts";
import { parseScores } from "../parse-scores.ts";
import { addUsage, NO_USAGE, type BatchError, type BatchResult, type JudgeInput, type JudgeProvider, type Usage } from "../provider.ts";
import { buildMessages, repairMessages, type ChatMessage } from "../prompt.ts";
import type { DimensionOutcome, DimensionSpec } from "../types.ts";
import { BudgetExhaustedError, type SpendGuard } from "../spend-guard.ts";
import { chatCall } from "./chat-call.ts";
import { ProviderCallError, type HttpCallOptions } from "./http-call.ts";
import type { ChatAnswer, ChatWire } from "./wire.ts";

/**
 * Endpoints (base URL + model) that refused a JSON Schema: later calls go straight to JSON mode with the
 * schema in the prompt. A capability, not state: losing it on restart costs one extra call.
 */
const schemaRefused = new Set<string>();

type Structured = "schema" | "json";

export interface ChatProviderOptions {
  /** Injected in tests: the HTTP layer's fetch and sleep. */
  http?: Pick<HttpCallOptions, "fetch" | "sleep">;
}

function failAll(dimensions: DimensionSpec[], error: string): Record<string, DimensionOutcome> {
  return Object.fromEntries(dimensions.map((d) => [d.id, { status: "failed", error } as const]));
}

/** A batch stopped before a call that could have passed the judgment's budget; what it spent counts. */
export function budgetExhausted<Outcome>(dimensions: DimensionSpec[], usage: Usage, error: BudgetExhaustedError): { outcomes: Record<string, Outcome>; usage: Usage; error: BatchError } {
  const outcomes = Object.fromEntries(dimensions.map((d) => [d.id, { status: "failed", error: error.message }])) as Record<string, Outcome>;
  return { outcomes, usage, error: { code: "budget_exhausted", message: error.message, endpointFault: false } };
}

/** Keeps the first readable score of each dimension: a repair only fills what the first answer lacked. */
function merge(first: Record<string, DimensionOutcome>, repaired: Record<string, DimensionOutcome>): Record<string, DimensionOutcome> {
  const merged: Record<string, DimensionOutcome> = { ...first };
  for (const [id, outcome] of Object.entries(repaired)) if (merged[id]?.status !== "scored") merged[id] = outcome;
  return merged;
}

/**
 * A model behind an HTTP chat endpoint (Ollama or OpenAI-compatible, per `wire`): one call per batch,
 * the batch's JSON Schema as structured output, one repair call when the answer cannot be read, and
 * failures reported as failed dimensions, never as scores.
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

  get #endpointKey(): string {
    return `${this.#wire.url(this.#profile)}\u0000${this.#profile.model}`;
  }

  #call(messages: ChatMessage[], dimensions: DimensionSpec[], structured: Structured, signal?: AbortSignal, guard?: SpendGuard): Promise<ChatAnswer> {
    const schema = structured === "schema" ? dimensionSchema(dimensions) : null;
    return chatCall(this.#wire, this.#profile, messages, schema, dimensions.length, { signal, guard, http: this.#http });
  }

  /** The first call, falling back to JSON mode once when the server refuses the schema (HTTP 400). */
  async #firstCall(input: JudgeInput, dimensions: DimensionSpec[], signal?: AbortSignal, guard?: SpendGuard) {
    let structured: Structured = schemaRefused.has(this.#endpointKey) ? "json" : "schema";
    const messagesFor = (mode: Structured) =>
      buildMessages({ dimensions, axiomDescriptions: input.axioms, content: input.content, context: input.context, fence: input.fence, structured: mode });
    try {
      return { answer: await this.#call(messagesFor(structured), dimensions, structured, signal, guard), messages: messagesFor(structured), structured };
    } catch (error) {
      if (!(error instanceof ProviderCallError) || error.status !== 400 || structured === "json") throw error;
      schemaRefused.add(this.#endpointKey);
      structured = "json";
      return { answer: await this.#call(messagesFor(structured), dimensions, structured, signal, guard), messages: messagesFor(structured), structured };
    }
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
    let usage: Usage = NO_USAGE;
    try {
      const first = await this.#firstCall(input, dimensions, signal, guard);
      usage = addUsage(usage, first.answer.usage);
      if (first.answer.refusal) {
        const message = `the model refused: ${first.answer.refusal.slice(0, 200)}`;
        return { outcomes: failAll(dimensions, message), usage, error: { code: "provider_refused", message, endpointFault: false } };
      }
      const { problems, outcomes: firstOutcomes } = parseScores(first.answer.content, ids);
      const parsed = this.#weighted(firstOutcomes, first.answer);
      if (problems.length === 0) return { outcomes: parsed, usage, ...this.#fallbacks(parsed) };
      const repairedAnswer = await this.#call(repairMessages(first.messages, first.answer.content, problems, dimensions), dimensions, first.structured, signal, guard);
      usage = addUsage(usage, repairedAnswer.usage);
      const outcomes = merge(parsed, this.#weighted(parseScores(repairedAnswer.content, ids).outcomes, repairedAnswer));
      return { outcomes, usage, ...this.#fallbacks(outcomes) };
    } catch (error) {
      if (error instanceof BudgetExhaustedError) return budgetExhausted(dimensions, usage, error);
      if (!(error instanceof ProviderCallError)) throw error;
      const message = `${this.provider} ${error.message}${error.attempts > 1 ? ` (after ${error.attempts} attempts)` : ""}`;
      return {
        outcomes: failAll(dimensions, message),
        usage,
        error: { code: "provider_unavailable", message, endpointFault: error.endpointFault, retryAfterSeconds: error.retryAfterSeconds },
      };
    }
  }
}
