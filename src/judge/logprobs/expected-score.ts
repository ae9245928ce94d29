import { roundTo } from "../math.ts";
import type { DimensionOutcome } from "../types.ts";
import { scoreSpans, type NumberSpan } from "./score-spans.ts";
import type { TokenAlternative, TokenLogprob } from "./token-logprobs.ts";

/**
 * Probability-weighted scores (G-Eval): at the token holding a dimension's score, the alternatives that
 * are whole integers 0–100 are renormalized and the score is their expected value. Pure.
 * https://arxiv.org/abs/2303.16634
 */

/** What is left of an alternative once the text around the number in the sampled token is removed. */
const WHOLE_SCORE = /^\s*(\d{1,3})[\s,}\]"]*$/;

function integerOf(token: string, prefix: string): number | null {
  const stripped = prefix && token.startsWith(prefix) ? token.slice(prefix.length) : token;
  const match = WHOLE_SCORE.exec(stripped);
  if (!match) return null;
  const value = Number(match[1]);
  return value <= 100 ? value : null;
}

/**
 * The expected score at the token holding `span`, rounded to 0.01; null when the probabilities cannot
 * say: the number is not one whole integer within one token (continued by the next token, or with a
 * fraction), or no alternative is a whole integer 0–100.
 */
export function expectedScoreAt(tokens: readonly TokenLogprob[], span: NumberSpan): number | null {
  if (!/^\d{1,3}$/.test(span.text)) return null;
  let offset = 0;
  for (const token of tokens) {
    const end = offset + token.token.length;
    if (span.start >= offset && span.start < end) {
      if (span.end > end) return null;
      const prefix = token.token.slice(0, span.start - offset);
      return expectation([token, ...token.top], prefix);
    }
    offset = end;
  }
  return null;
}

function expectation(candidates: TokenAlternative[], prefix: string): number | null {
  const seen = new Set<string>();
  let mass = 0;
  let weighted = 0;
  for (const { token, logprob } of candidates) {
    // The sampled token is usually among its own alternatives: count it once.
    if (seen.has(token)) continue;
    seen.add(token);
    const value = integerOf(token, prefix);
    if (value === null) continue;
    const p = Math.exp(logprob);
    mass += p;
    weighted += p * value;
  }
  return mass > 0 ? roundTo(weighted / mass, 2) : null;
}

export interface WeightedOutcomes {
  outcomes: Record<string, DimensionOutcome>;
  /** Scored dimensions left at their sampled number because the probabilities could not say. */
  fallbacks: number;
}

/**
 * Rescores the scored dimensions of one answer from its token probabilities. Each keeps its sampled
 * number as `raw_score` and says how it was scored; without usable probabilities it stays `direct`
 * and counts as a fallback, never silently.
 *
 * @example
 * weightScores(outcomes, answerText, tokens); // { outcomes: { COHERENCE: { score: 71.35, raw_score: 72, scoring: "logprobs", … } }, fallbacks: 0 }
 */
export function weightScores(outcomes: Record<string, DimensionOutcome>, tokens: readonly TokenLogprob[] | null): WeightedOutcomes {
  const text = tokens ? tokens.map((token) => token.token).join("") : "";
  const spans = tokens ? scoreSpans(text, Object.keys(outcomes)) : {};
  const weighted: Record<string, DimensionOutcome> = {};
  let fallbacks = 0;
  for (const [id, outcome] of Object.entries(outcomes)) {
    if (outcome.status !== "scored") {
      weighted[id] = outcome;
      continue;
    }
    const span = spans[id];
    const expected = tokens && span && Number(span.text) === outcome.score ? expectedScoreAt(tokens, span) : null;
    if (expected === null) fallbacks += 1;
    weighted[id] = expected === null
      ? { ...outcome, raw_score: outcome.score, scoring: "direct" }
      : { ...outcome, score: expected, raw_score: outcome.score, scoring: "logprobs" };
  }
  return { outcomes: weighted, fallbacks };
}
