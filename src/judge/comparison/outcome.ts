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

/** Each dimension's verdict as the judge (or a panel) gave it: what the weighing step needs. */
export type DimensionVerdicts = Readonly<Record<string, { winner: Side }>>;

/** The rubric's dimensions compared in both orders, and the counts behind the position figures. */
export interface ComparedDimensions {
  dimensions: Record<string, DimensionComparison>;
  failed: string[];
  consistent: number;
  /** Non-tie answers, and those of them that preferred the content shown first. */
  decisive: number;
  first: number;
}

/** Every dimension with both orders answered, mapped back to a/b; the others are listed as failed. */
export function compareDimensions(rubric: Rubric, answers: Readonly<Record<string, DimensionAnswers>>): ComparedDimensions {
  const compared: ComparedDimensions = { dimensions: {}, failed: [], consistent: 0, decisive: 0, first: 0 };
  for (const dimension of rubric.axioms.flatMap((axiom) => axiom.dimensions)) {
    const { ab, ba } = answers[dimension.id] ?? {};
    if (!ab || !ba) {
      compared.failed.push(dimension.id);
      continue;
    }
    const outcome = compareDimension(ab, ba);
    compared.dimensions[dimension.id] = outcome;
    if (outcome.consistent) compared.consistent += 1;
    for (const answer of [ab, ba]) {
      if (answer.prefer === "tie") continue;
      compared.decisive += 1;
      if (answer.prefer === "first") compared.first += 1;
    }
  }
  return compared;
}

/**
 * The weighted winner of dimension verdicts: each dimension weighs its position weight times its
 * axiom's weight under `reality` (1 when none), exactly like a judgment's Q-score weighs them.
 */
export function weighVerdicts(rubric: Rubric, verdicts: DimensionVerdicts, reality?: Reality): Pick<ComparisonSummary, "winner" | "margin" | "axioms"> {
  const axioms: ComparisonSummary["axioms"] = {};
  let totalWeight = 0;
  let balance = 0;
  for (const axiom of rubric.axioms) {
    const tally = { a_wins: 0, b_wins: 0, ties: 0 };
    const weightOfAxiom = axiomWeight(rubric, axiom.id, reality);
    for (const dimension of axiom.dimensions) {
      const verdict = verdicts[dimension.id];
      if (!verdict) continue;
      const weight = dimension.weight * weightOfAxiom;
      totalWeight += weight;
      if (verdict.winner === "a") {
        balance += weight;
        tally.a_wins += 1;
      } else if (verdict.winner === "b") {
        balance -= weight;
        tally.b_wins += 1;
      } else {
        tally.ties += 1;
      }
    }
    axioms[axiom.id] = tally;
  }
  const margin = totalWeight > 0 ? roundTo(balance / totalWeight, 3) : 0;
  return { winner: Math.abs(margin) < TIE_MARGIN ? "tie" : margin > 0 ? "a" : "b", margin, axioms };
}

/** The position figures of compared dimensions (a panel sums its jurors' counts first). */
export function positionFigures(counts: { compared: number; consistent: number; decisive: number; first: number }) {
  return {
    position_consistency: counts.compared > 0 ? roundTo(counts.consistent / counts.compared, 3) : 0,
    first_position_rate: counts.decisive > 0 ? roundTo(counts.first / counts.decisive, 3) : null,
  };
}

/**
 * Summarizes a single judge's comparison over the rubric.
 *
 * @example
 * const summary = summarizeComparison(CYNIC_36, answers, "CODE");
 * summary.winner; // "a" | "b" | "tie"
 */
export function summarizeComparison(
  rubric: Rubric,
  answers: Readonly<Record<string, DimensionAnswers>>,
  reality?: Reality,
): ComparisonSummary {
  const compared = compareDimensions(rubric, answers);
  return {
    ...weighVerdicts(rubric, compared.dimensions, reality),
    ...positionFigures({ ...compared, compared: Object.keys(compared.dimensions).length }),
    dimensions: compared.dimensions,
    failed: compared.failed,
  };
}
