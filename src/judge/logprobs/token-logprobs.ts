/**
 * Token probabilities as the two wire formats return them, read into one shape. Pure.
 *
 * - OpenAI-compatible: `choices[0].logprobs.content: [{token, logprob, bytes, top_logprobs: [{token,
 *   logprob, bytes}]}]` (https://platform.openai.com/docs/api-reference/chat/object).
 * - Ollama `/api/chat` (≥ 0.12.11): top-level `logprobs: [{token, logprob, top_logprobs: [{token,
 *   logprob}]}]` (https://github.com/ollama/ollama/blob/main/docs/api.md).
 */

export interface TokenAlternative {
  token: string;
  logprob: number;
}

/** One generated token and the most likely tokens the model could have put in its place. */
export interface TokenLogprob extends TokenAlternative {
  top: TokenAlternative[];
}

/** How many alternatives the judge asks for at each token (the most either API allows). */
export const TOP_LOGPROBS = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function alternative(value: unknown): TokenAlternative | null {
  if (!isRecord(value) || typeof value.token !== "string" || typeof value.logprob !== "number" || !Number.isFinite(value.logprob)) return null;
  return { token: value.token, logprob: value.logprob };
}

/** The entries of a logprobs array, or null when any is unreadable (a partial list would misalign text). */
export function readTokenList(value: unknown): TokenLogprob[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const tokens: TokenLogprob[] = [];
  for (const entry of value) {
    const sampled = alternative(entry);
    if (!sampled || !isRecord(entry)) return null;
    const top = Array.isArray(entry.top_logprobs) ? entry.top_logprobs.map(alternative).filter((alt): alt is TokenAlternative => alt !== null) : [];
    tokens.push({ ...sampled, top });
  }
  return tokens;
}

/** `choices[0].logprobs.content` of an OpenAI-compatible reply, or null when absent. */
export function openAiTokenLogprobs(reply: unknown): TokenLogprob[] | null {
  if (!isRecord(reply) || !Array.isArray(reply.choices)) return null;
  const choice: unknown = reply.choices[0];
  if (!isRecord(choice) || !isRecord(choice.logprobs)) return null;
  return readTokenList(choice.logprobs.content);
}

/** The top-level `logprobs` of an Ollama chat reply, or null when absent. */
export function ollamaTokenLogprobs(reply: unknown): TokenLogprob[] | null {
  return isRecord(reply) ? readTokenList(reply.logprobs) : null;
}
