import { PHI_INV } from "./golden-ratio.ts";
import type { DimensionOutcome, JudgmentSummary, Reality, Rubric, SummaryResult, Verdict, VerdictBands } from "./types.ts";

/**
 * The judgment math of docs/judgment-model.md, pure and exact: each step rounds only where the model says,
 * and later steps use the rounded values of earlier ones.
 */

/**
 * Rounds half away from zero to `decimals` places, exactly for decimal inputs: shifting through the
 * decimal exponent avoids the binary drift of `Math.round(x * 10) / 10` (e.g. 1.005 → 1.01).
 *
 * @example
 * roundTo(60.65, 1); // 60.7
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const text = String(magnitude);
  const shifted = text.includes("e") ? magnitude * 10 ** decimals : Number(`${text}e${decimals}`);
  const rounded = Math.round(shifted);
  const result = text.includes("e") ? rounded / 10 ** decimals : Number(`${rounded}e-${decimals}`);
  return value < 0 && result !== 0 ? -result : result;
}

/** Step 2: weighted arithmetic mean of the scored dimensions, or null when none was scored. */
export function axiomScore(weightsAndScores: { weight: number; score: number }[]): number | null {
  let weightSum = 0;
  let total = 0;
  for (const { weight, score } of weightsAndScores) {
    weightSum += weight;
    total += weight * score;
  }
  return weightSum > 0 ? roundTo(total / weightSum, 1) : null;
}

/** Step 3: weighted geometric mean of the rounded axiom scores; any zero axiom makes Q zero. */
export function qScore(axioms: { score: number; weight: number }[]): number {
  if (axioms.some((axiom) => axiom.score <= 0)) return 0;
  let weightSum = 0;
  let logSum = 0;
  for (const { score, weight } of axioms) {
    weightSum += weight;
    logSum += weight * Math.log(score);
  }
  return roundTo(Math.exp(logSum / weightSum), 1);
}

/** Step 4: the verdict band the (rounded) Q falls in. */
export function verdictOf(q: number, bands: VerdictBands): Verdict {
  if (q >= bands.HOWL) return "HOWL";
  if (q >= bands.WAG) return "WAG";
  if (q >= bands.GROWL) return "GROWL";
  return "BARK";
}

/** Step 5: distance from the undecided middle, capped at φ⁻¹, scaled by how much was scored. */
export function confidenceOf(q: number, coverage: number): number {
  return roundTo(Math.min(0.5 + Math.abs(q - 50) / 200, PHI_INV) * coverage, 3);
}

/** Step 6: 100 when every dimension scores alike, falling to 0 as their spread reaches 50. */
export function unnameableOf(scores: number[]): number {
  if (scores.length === 0) return 0;
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const variance = scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / scores.length;
  return roundTo(100 * (1 - Math.min(Math.sqrt(variance) / 50, 1)), 1);
}

/**
 * Step 7: the lowest axiom (the first in rubric order on ties) and how far the mean of the others sits
 * above Q. A rubric of one axiom has no others, so its drag is 0.
 */
export function weakestOf(axioms: { id: string; score: number }[], q: number): JudgmentSummary["weakest"] {
  let weakest = axioms[0]!;
  for (const axiom of axioms) if (axiom.score < weakest.score) weakest = axiom;
  const others = axioms.filter((axiom) => axiom !== weakest);
  const drag = others.length === 0 ? 0 : others.reduce((sum, axiom) => sum + axiom.score, 0) / others.length - q;
  return { axiom: weakest.id, score: weakest.score, drag: roundTo(drag, 1) };
}

/** The weight of each axiom under `reality`: 1 when no reality is named or the rubric leaves it out. */
export function axiomWeight(rubric: Rubric, axiomId: string, reality: Reality | undefined): number {
  if (!reality) return 1;
  return rubric.realityWeights[reality]?.[axiomId] ?? 1;
}

/**
 * Derives every figure of a judgment from its dimension outcomes. Failed or missing dimensions are left
 * out of every mean (never counted as 0 or 50); an axiom with nothing scored fails the judgment.
 *
 * @example
 * const result = summarize(CYNIC_36, outcomes, "CODE");
 * if (result.ok) result.summary.q_score; // e.g. 73.1
 */
export function summarize(
  rubric: Rubric,
  outcomes: Record<string, DimensionOutcome>,
  reality?: Reality,
): SummaryResult {
  const axioms: { id: string; score: number; weight: number }[] = [];
  const unscored: string[] = [];
  const scores: number[] = [];
  const flags: string[] = [];
  let dimensionCount = 0;
  for (const axiom of rubric.axioms) {
    const scored: { weight: number; score: number }[] = [];
    for (const dimension of axiom.dimensions) {
      dimensionCount += 1;
      const outcome = outcomes[dimension.id];
      if (outcome?.status !== "scored") continue;
      scored.push({ weight: dimension.weight, score: outcome.score });
      scores.push(outcome.score);
      if (outcome.score < dimension.threshold) flags.push(dimension.id);
    }
    const score = axiomScore(scored);
    if (score === null) unscored.push(axiom.id);
    else axioms.push({ id: axiom.id, score, weight: axiomWeight(rubric, axiom.id, reality) });
  }
  if (unscored.length > 0) {
    return {
      ok: false,
      code: "insufficient_scores",
      message: `no dimension of ${unscored.join(", ")} could be scored`,
      axioms: unscored,
    };
  }
  const q = qScore(axioms);
  return {
    ok: true,
    summary: {
      q_score: q,
      verdict: verdictOf(q, rubric.verdicts),
      confidence: confidenceOf(q, scores.length / dimensionCount),
      axioms: Object.fromEntries(axioms.map((axiom) => [axiom.id, axiom.score])),
      unnameable: unnameableOf(scores),
      weakest: weakestOf(axioms, q),
      flags,
    },
  };
}
