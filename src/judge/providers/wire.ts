import type { JudgeProfile } from "../../config.ts";
import { TOP_LOGPROBS } from "../logprobs/token-logprobs.ts";
import type { Usage } from "../provider.ts";
import type { TokenLogprob } from "../logprobs/token-logprobs.ts";
import type { ChatMessage } from "../prompt.ts";

/** What a chat endpoint answered, in provider-neutral terms. */
export interface ChatAnswer {
  content: string;
  usage: Usage;
  /** The model declined to answer (OpenAI `refusal`): asking again will not help. */
  refusal?: string;
  /** The answer's token probabilities, when the profile asked for them and the server gave them. */
  tokens?: TokenLogprob[] | null;
}

/**
 * One provider's public wire format: where to POST, what to send, how to read the answer.
 * `schema` is null when the server only promises JSON (the schema is then in the prompt).
 */
export interface ChatWire {
  readonly provider: "ollama" | "openai";
  url(profile: JudgeProfile): string;
  headers(profile: JudgeProfile): Record<string, string>;
  body(profile: JudgeProfile, messages: ChatMessage[], schema: Record<string, unknown> | null, maxTokens: number): unknown;
  /** @throws Error when the reply is not of the provider's shape. */
  read(reply: unknown): ChatAnswer;
}

/** Same seed for every call: with temperature 0 it makes a model's answers as repeatable as it allows. */
export const SEED = 1618;

/** `logprobs: true, top_logprobs: 20` for profiles that score by token probabilities (same in both APIs). */
export function logprobOptions(profile: JudgeProfile): { logprobs?: true; top_logprobs?: number } {
  return profile.scoring === "logprobs" ? { logprobs: true, top_logprobs: TOP_LOGPROBS } : {};
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A non-negative integer token count from a reply field, 0 when the server did not report it. */
export const tokenCount = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);

/** Joins a base URL and a path without doubling or dropping the slash. */
export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

/** `Authorization: Bearer <key>` when the profile has a key. */
export function bearer(profile: JudgeProfile): Record<string, string> {
  return profile.api_key ? { authorization: `Bearer ${profile.api_key}` } : {};
}
