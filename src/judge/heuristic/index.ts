import { CYNIC_36 } from "../rubric-cynic36.ts";
import type { JudgeInput } from "../provider.ts";
import type { DimensionSpec } from "../types.ts";
import { extractFeatures, type TextFeatures } from "./features.ts";
import { RULES, type Rule } from "./rules.ts";

/**
 * The offline judge: deterministic scores from measurable text features (features.ts), one documented
 * rule per dimension (rules.ts). It needs no network and reports itself as `heuristic`, so nobody
 * mistakes it for a model's judgment.
 */

export const HEURISTIC_MODEL = "heuristic-v1";

export interface HeuristicScore {
  score: number;
  rationale: string;
}

const WORD = /[a-z]{3,}/g;
const keywords = (text: string) => new Set(text.toLowerCase().replaceAll("_", " ").match(WORD) ?? []);

const BUILT_IN_KEYWORDS = CYNIC_36.axioms.flatMap((axiom) =>
  axiom.dimensions.map((dimension) => ({ id: dimension.id, words: keywords(`${dimension.id} ${dimension.description}`) })),
);

/** Every built-in rule averaged: the overall surface quality, for a dimension nothing else fits. */
const overall: Rule = (f) => {
  const rules = Object.values(RULES);
  const mean = rules.reduce((sum, rule) => sum + evaluate(rule, f).score, 0) / rules.length;
  return { base: mean, drivers: [] };
};

/**
 * The rule for a dimension: its own for `cynic-36` ids; for a custom dimension, the built-in rule whose
 * id and description share the most words with it, else the overall mean.
 */
export function ruleFor(dimension: Pick<DimensionSpec, "id" | "description">): { rule: Rule; via: string | null } {
  const own = RULES[dimension.id];
  if (own) return { rule: own, via: null };
  const wanted = keywords(`${dimension.id} ${dimension.description}`);
  let best: { id: string; hits: number } = { id: "", hits: 0 };
  for (const candidate of BUILT_IN_KEYWORDS) {
    let hits = 0;
    for (const word of wanted) if (candidate.words.has(word)) hits += 1;
    if (hits > best.hits) best = { id: candidate.id, hits };
  }
  return best.hits > 0 ? { rule: RULES[best.id]!, via: best.id } : { rule: overall, via: "the mean of every built-in rule" };
}

const signed = (delta: number) => `${delta > 0 ? "+" : "−"}${Math.abs(Math.round(delta))}`;

function evaluate(rule: Rule, features: TextFeatures): HeuristicScore {
  const { base, drivers } = rule(features);
  const score = Math.round(Math.min(100, Math.max(0, base + drivers.reduce((sum, [, delta]) => sum + delta, 0))));
  const moved = drivers
    .filter(([, delta]) => Math.round(delta) !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 3)
    .map(([label, delta]) => `${label} (${signed(delta)})`);
  const because = moved.length > 0 ? moved.join("; ") : "no feature moved it from its neutral base";
  return { score, rationale: `offline heuristic, not a model: ${because}` };
}

let memo: { content: string; context: string | undefined; features: TextFeatures } | null = null;

/** Features of the last input, reused across the batches of one judgment. */
function featuresOf(input: Omit<JudgeInput, "fence">): TextFeatures {
  if (memo && memo.content === input.content && memo.context === input.context) return memo.features;
  memo = { content: input.content, context: input.context, features: extractFeatures(input.content, input.context) };
  return memo.features;
}

/**
 * Scores each dimension from the text's features; the same input always gives the same scores.
 *
 * @example
 * scoreHeuristically({ content: "function add(a, b) { return a + b }" }, CYNIC_36.axioms[0].dimensions);
 * // { COHERENCE: { score: 62, rationale: "offline heuristic, not a model: …" }, … }
 */
export function scoreHeuristically(input: Omit<JudgeInput, "fence">, dimensions: DimensionSpec[]): Record<string, HeuristicScore> {
  const features = featuresOf(input);
  const scores: Record<string, HeuristicScore> = {};
  for (const dimension of dimensions) {
    const { rule, via } = ruleFor(dimension);
    const result = evaluate(rule, features);
    scores[dimension.id] = via ? { ...result, rationale: `${result.rationale} (read as ${via})` } : result;
  }
  return scores;
}
