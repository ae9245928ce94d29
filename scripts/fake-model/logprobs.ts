import type { Provider } from "./wire.ts";

/**
 * Token probabilities as the real servers return them when a request asks for `logprobs`:
 * OpenAI `choices[0].logprobs.content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]`
 * (https://platform.openai.com/docs/api-reference/chat/object), Ollama ≥ 0.12.11 a top-level
 * `logprobs: [{token, logprob, top_logprobs: [{token, logprob}]}]`.
 *
 * The fake cuts its answer into tokens (numbers, words, whitespace, punctuation runs), so every score
 * is a token of its own. Every token is certain (logprob 0) except a score s, planned as:
 *   s 0.6 · s+5 0.25 · s−5 0.1 · `"` 0.05
 * so a test knows the expected value exactly: the judge keeps the whole integers 0–100 among them
 * and renormalizes (for s = 70: (0.6·70 + 0.25·75 + 0.1·65) / 0.95 = 70.79).
 */

export const SCORE_ALTERNATIVES: ReadonlyArray<{ offset: number | null; p: number }> = [
  { offset: 0, p: 0.6 },
  { offset: 5, p: 0.25 },
  { offset: -5, p: 0.1 },
  { offset: null, p: 0.05 },
];

/** The expected value a judge should derive for a planned score s (whole integers 0–100 kept). */
export function plannedExpectation(score: number): number {
  let mass = 0;
  let total = 0;
  for (const { offset, p } of SCORE_ALTERNATIVES) {
    if (offset === null) continue;
    const value = score + offset;
    if (value < 0 || value > 100) continue;
    mass += p;
    total += p * value;
  }
  return Math.round((total / mass) * 100) / 100;
}

const TOKEN = /\d+|[A-Za-z_]+|\s+|[^\dA-Za-z_\s]+/g;
/** A number right after `"score":` is a score. */
const AFTER_SCORE_KEY = /"score"\s*:\s*$/;

interface Alternative {
  token: string;
  logprob: number;
}

const bytesOf = (token: string) => [...new TextEncoder().encode(token)];

function alternativesAt(token: string, before: string): Alternative[] {
  if (!/^\d+$/.test(token) || !AFTER_SCORE_KEY.test(before)) return [{ token, logprob: 0 }];
  const score = Number(token);
  return SCORE_ALTERNATIVES.map(({ offset, p }) => ({ token: offset === null ? '"' : String(score + offset), logprob: Math.log(p) }));
}

/** The logprob structure of `content` in the provider's wire format, `top` alternatives per token. */
export function logprobsOf(provider: Provider, content: string, top: number): unknown[] {
  const entries: unknown[] = [];
  let offset = 0;
  for (const token of content.match(TOKEN) ?? []) {
    const alternatives = alternativesAt(token, content.slice(0, offset));
    const sampled = alternatives[0]!;
    const shown = alternatives.slice(0, top);
    entries.push(
      provider === "openai"
        ? { token, logprob: sampled.logprob, bytes: bytesOf(token), top_logprobs: shown.map((alt) => ({ ...alt, bytes: bytesOf(alt.token) })) }
        : { token, logprob: sampled.logprob, top_logprobs: shown },
    );
    offset += token.length;
  }
  return entries;
}
