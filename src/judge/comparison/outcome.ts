import { axiomWeight, roundTo } from "../math.ts";
import type { Reality, Rubric } from "../types.ts";

/**
 * The math of a pairwise comparison (docs/judgment-model.md, "Comparisons"), pure: every dimension is
 * asked in both orders, the answers are mapped back from positions to `a`/`b`, and a dimension whose two
 * orders disagree counts as a tie marked inconsistent, so a judge's position bias cannot pick a winner.
 */

/** What the judge answered for one dimension with one order of the two contents. */
export type Preference = "first" | "second" | "tie";
/** `ab`: `a` shown first; `ba`: `b` shown first. */
export type Order = "ab" | "ba";
export type Side = "a" | "b" | "tie";

export interface PreferenceAnswer {
  prefer: Preference;
  rationale: string;
}

/** The two answers of one dimension; a missing order means that call failed. */
export interface DimensionAnswers {
  ab?: PreferenceAnswer;
  ba?: PreferenceAnswer;
}

export interface DimensionComparison {
  winner: Side;
  consistent: boolean;
  rationale: string;
}

export interface ComparisonSummary {
  winner: Side;
  /** Weighted a-wins minus b-wins over the total weight, in [−1, 1]; positive favours `a`. */
  margin: number;
  /** Dimensions whose two orders agree ÷ dimensions compared. */
  position_consistency: number;
  /** Answers preferring whichever was shown first ÷ all non-tie answers; null when every answer was a tie. */
  first_position_rate: number | null;
  dimensions: Record<string, DimensionComparison>;
  axioms: Record<string, { a_wins: number; b_wins: number; ties: number }>;
  /** Dimensions left out because one of their orders has no answer. */
  failed: string[];
}

/** |margin| below this is a tie: a few dimensions of light weight do not make a winner. */
export const TIE_MARGIN = 0.05;

/**
 * Which of `a`/`b` an answer preferred, given the order it was shown in.
 *
 * @example
 * sideOf("first", "ba"); // "b"
 */
export function sideOf(prefer: Preference, order: Order): Side {
  if (prefer === "tie") return "tie";
  const first = order === "ab" ? "a" : "b";
  const second = order === "ab" ? "b" : "a";
  return prefer === "first" ? first : second;
}

/** One dimension: the mapped winners must agree, or the dimension is an inconsistent tie. */
export function compareDimension(ab: PreferenceAnswer, ba: PreferenceAnswer): DimensionComparison {
  const fromAb = sideOf(ab.prefer, "ab");
  const fromBa = sideOf(ba.prefer, "ba");
  const consistent = fromAb === fromBa;
  return {
    winner: consistent ? fromAb : "tie",
    consistent,
    rationale: consistent ? ab.rationale : `order ab: ${ab.rationale} | order ba: ${ba.rationale}`,
  };
}

/**
 * Summarizes a comparison over the rubric, weighting each dimension by its position weight times its
 * axiom's weight under `reality` (1 when none), exactly like a judgment's Q-score weighs them.
 *
 * @example
 * const summary = summarizeComparison(CYNIC_36, answers, "CODE");
 * summary.winner; // "a" | "b" | "tie"
 */
export function summarizeComparison(
  rubric: Rubric,
  answers: Record<string, DimensionAnswers>,
  reality?: Reality,
): ComparisonSummary {
  const dimensions: Record<string, DimensionComparison> = {};
  const axioms: ComparisonSummary["axioms"] = {};
  const failed: string[] = [];
  let totalWeight = 0;
  let balance = 0;
  let consistentCount = 0;
  let compared = 0;
  let firstAnswers = 0;
  let decisiveAnswers = 0;
  for (const axiom of rubric.axioms) {
    const tally = { a_wins: 0, b_wins: 0, ties: 0 };
    const weightOfAxiom = axiomWeight(rubric, axiom.id, reality);
    for (const dimension of axiom.dimensions) {
      const { ab, ba } = answers[dimension.id] ?? {};
      if (!ab || !ba) {
        failed.push(dimension.id);
        continue;
      }
      const outcome = compareDimension(ab, ba);
      dimensions[dimension.id] = outcome;
      compared += 1;
      if (outcome.consistent) consistentCount += 1;
      for (const answer of [ab, ba]) {
        if (answer.prefer === "tie") continue;
        decisiveAnswers += 1;
        if (answer.prefer === "first") firstAnswers += 1;
      }
      const weight = dimension.weight * weightOfAxiom;
      totalWeight += weight;
      if (outcome.winner === "a") {
        balance += weight;
        tally.a_wins += 1;
      } else if (outcome.winner === "b") {
        balance -= weight;
        tally.b_wins += 1;
      } else {
        tally.ties += 1;
      }
    }
    axioms[axiom.id] = tally;
  }
  const margin = totalWeight > 0 ? roundTo(balance / totalWeight, 3) : 0;
  return {
    winner: Math.abs(margin) < TIE_MARGIN ? "tie" : margin > 0 ? "a" : "b",
    margin,
    position_consistency: compared > 0 ? roundTo(consistentCount / compared, 3) : 0,
    first_position_rate: decisiveAnswers > 0 ? roundTo(firstAnswers / decisiveAnswers, 3) : null,
    dimensions,
    axioms,
    failed,
  };
}
