import type { JudgeProfile } from "../../config.ts";
import { addUsage, NO_USAGE, type BatchError, type Usage } from "../provider.ts";
import { repairMessages, type ChatMessage } from "../prompt.ts";
import { BudgetExhaustedError, type SpendGuard } from "../spend-guard.ts";
import type { DimensionSpec } from "../types.ts";
import { chatCall } from "./chat-call.ts";
import { ProviderCallError, type HttpCallOptions } from "./http-call.ts";
import type { ChatAnswer, ChatWire } from "./wire.ts";

/**
 * The engine every model judge (scoring or comparing) runs a batch through: one call with the batch's
 * JSON Schema as structured output, JSON mode once when the endpoint refuses the schema (HTTP 400), one
 * repair call when the answer cannot be read, and failures reported as failed dimensions with the reason,
 * never as answers. The judges differ only in the schema, the messages and how an answer is read.
 */

/** `schema`: the JSON Schema is sent as structured output; `json`: only JSON is promised, the schema is in the prompt. */
export type Structured = "schema" | "json";

export type FailedOutcome = { status: "failed"; error: string };

export interface ParsedAnswer<Outcome> {
  outcomes: Record<string, Outcome>;
  /** What was wrong, for the repair message; empty when every dimension was read. */
  problems: string[];
}

export interface SchemaCallSpec<Outcome extends { status: string }> {
  wire: ChatWire;
  profile: JudgeProfile;
  /** Injected in tests: the HTTP layer's fetch and sleep. */
  http?: Pick<HttpCallOptions, "fetch" | "sleep"> | undefined;
  dimensions: DimensionSpec[];
  schema: Record<string, unknown>;
  /**
   * Endpoints (base URL + model) that refused this judge's schema: later calls go straight to JSON mode.
   * A capability, not state: losing it on restart costs one extra call.
   */
  schemaRefused: Set<string>;
  messages(structured: Structured): ChatMessage[];
  parse(answer: ChatAnswer): ParsedAnswer<Outcome>;
  /** What each dimension's key holds, restated by the repair call (default: a score). */
  valueShape?: string | undefined;
}

export interface SchemaCallResult<Outcome> {
  outcomes: Record<string, Outcome>;
  usage: Usage;
  error?: BatchError;
}

function failAll<Outcome>(dimensions: DimensionSpec[], error: string): Record<string, Outcome> {
  return Object.fromEntries(dimensions.map((d) => [d.id, { status: "failed", error }])) as Record<string, Outcome>;
}

/** A batch stopped before a call that could have passed the judgment's budget; what it spent counts. */
export function budgetExhausted<Outcome>(dimensions: DimensionSpec[], usage: Usage, error: BudgetExhaustedError): SchemaCallResult<Outcome> & { error: BatchError } {
  return { outcomes: failAll(dimensions, error.message), usage, error: { code: "budget_exhausted", message: error.message, endpointFault: false } };
}

/** Keeps the first readable answer of each dimension: a repair only fills what the first answer lacked. */
function merge<Outcome extends { status: string }>(first: Record<string, Outcome>, repaired: Record<string, Outcome>): Record<string, Outcome> {
  const merged: Record<string, Outcome> = { ...first };
  for (const [id, outcome] of Object.entries(repaired)) if (merged[id] === undefined || merged[id].status === "failed") merged[id] = outcome;
  return merged;
}

/**
 * Runs one batch through the endpoint.
 *
 * @throws only what is not a provider failure (a bug); endpoint failures, refusals and the budget are outcomes.
 */
export async function schemaCall<Outcome extends { status: string }>(spec: SchemaCallSpec<Outcome | FailedOutcome>, signal?: AbortSignal, guard?: SpendGuard): Promise<SchemaCallResult<Outcome | FailedOutcome>> {
  const { wire, profile, dimensions } = spec;
  const endpoint = `${wire.url(profile)}\u0000${profile.model}`;
  const call = (messages: ChatMessage[], structured: Structured) =>
    chatCall(wire, profile, messages, structured === "schema" ? spec.schema : null, dimensions.length, { signal, guard, http: spec.http });
  let usage: Usage = NO_USAGE;
  let structured: Structured = spec.schemaRefused.has(endpoint) ? "json" : "schema";
  try {
    let answer: ChatAnswer;
    try {
      answer = await call(spec.messages(structured), structured);
    } catch (error) {
      if (!(error instanceof ProviderCallError) || error.status !== 400 || structured === "json") throw error;
      spec.schemaRefused.add(endpoint);
      structured = "json";
      answer = await call(spec.messages(structured), structured);
    }
    usage = addUsage(usage, answer.usage);
    if (answer.refusal) {
      const message = `the model refused: ${answer.refusal.slice(0, 200)}`;
      return { outcomes: failAll(dimensions, message), usage, error: { code: "provider_refused", message, endpointFault: false } };
    }
    const first = spec.parse(answer);
    if (first.problems.length === 0) return { outcomes: first.outcomes, usage };
    const repaired = await call(repairMessages(spec.messages(structured), answer.content, first.problems, dimensions, spec.valueShape), structured);
    usage = addUsage(usage, repaired.usage);
    return { outcomes: merge(first.outcomes, spec.parse(repaired).outcomes), usage };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) return budgetExhausted(dimensions, usage, error);
    if (!(error instanceof ProviderCallError)) throw error;
    const message = `${wire.provider} ${error.message}${error.attempts > 1 ? ` (after ${error.attempts} attempts)` : ""}`;
    return {
      outcomes: failAll(dimensions, message),
      usage,
      error: { code: "provider_unavailable", message, endpointFault: error.endpointFault, retryAfterSeconds: error.retryAfterSeconds },
    };
  }
}
