import { aggregateScores } from "../jury/aggregate.ts";
import { disagreementsOf, krippendorffAlpha, meanSpread } from "../jury/agreement.ts";
import { belowQuorum, type MemberStatus, type PanelAgreement, type PanelRule } from "../jury/panel-result.ts";
import type { Reality, Rubric } from "../types.ts";
import { compareDimensions, positionFigures, weighVerdicts, type ComparisonSummary, type DimensionAnswers, type DimensionComparison, type Side } from "./outcome.ts";

/**
 * A panel's comparison, pure: every juror compares in both orders exactly as a single judge does, then
 * each dimension's verdict is the panel's aggregate of its jurors' votes (a = +1, tie or inconsistent =
 * 0, b = −1) under the panel's own rule, so `median` is a majority vote and `weighted` a weighted one.
 * Agreement is the jurors' Krippendorff α over the same votes; the winner is weighed as for one judge.
 */

export interface PanelComparisonDimension extends DimensionComparison {
  /** Each juror's verdict on this dimension, null where it did not compare it in both orders. */
  jurors: Record<string, Side | null>;
}

export interface PanelComparisonSummary extends ComparisonSummary {
  dimensions: Record<string, PanelComparisonDimension>;
  agreement: PanelAgreement;
  /** Dimensions some juror gave to a and another to b, in rubric order. */
  disagreements: string[];
}

export type PanelComparisonResult = { ok: true; summary: PanelComparisonSummary } | { ok: false; code: "insufficient_scores"; message: string };

const VOTE: Record<Side, number> = { a: 1, tie: 0, b: -1 };
/** A spread of 2 votes is one juror for a and another for b. */
const SPLIT = 2;

/** A juror is `completed` when its endpoint never failed and it compared at least one dimension in both orders. */
export function jurorComparisonStatus(rubric: Rubric, answers: Readonly<Record<string, DimensionAnswers>>, endpointFailed: boolean): "completed" | "failed" {
  return !endpointFailed && Object.keys(compareDimensions(rubric, answers).dimensions).length > 0 ? "completed" : "failed";
}

/** The rationale of the first juror (panel order) whose verdict is the panel's, else of the first that voted. */
function rationaleFor(winner: Side, votes: { juror: string; outcome: DimensionComparison }[]): string {
  const chosen = votes.find((vote) => vote.outcome.winner === winner) ?? votes[0]!;
  return `${chosen.juror}: ${chosen.outcome.rationale}`;
}

/**
 * @example
 * const result = panelComparison(rubric, rule, { "juror-a": "completed", "juror-b": "completed" }, answersByJuror);
 * if (result.ok) result.summary.winner; // "a" | "b" | "tie"
 */
export function panelComparison(
  rubric: Rubric,
  rule: PanelRule,
  statuses: Readonly<Record<string, MemberStatus>>,
  answers: Readonly<Record<string, Readonly<Record<string, DimensionAnswers>>>>,
  reality?: Reality,
): PanelComparisonResult {
  const short = belowQuorum(rule, statuses);
  if (short) return short;
  const byJuror = Object.fromEntries(rule.members.map((juror) => [juror, compareDimensions(rubric, answers[juror] ?? {})]));
  const counts = { compared: 0, consistent: 0, decisive: 0, first: 0 };
  for (const compared of Object.values(byJuror)) {
    counts.compared += Object.keys(compared.dimensions).length;
    counts.consistent += compared.consistent;
    counts.decisive += compared.decisive;
    counts.first += compared.first;
  }
  const ids = rubric.axioms.flatMap((axiom) => axiom.dimensions.map((dimension) => dimension.id));
  const dimensions: Record<string, PanelComparisonDimension> = {};
  const failed: string[] = [];
  for (const id of ids) {
    const votes = rule.members.flatMap((juror) => {
      const outcome = byJuror[juror]!.dimensions[id];
      return outcome ? [{ juror, outcome }] : [];
    });
    const value = aggregateScores(rule.aggregate, votes.map(({ juror, outcome }) => ({ juror, score: VOTE[outcome.winner] })), rule.weights);
    if (value === null) {
      failed.push(id);
      continue;
    }
    const winner: Side = value > 0 ? "a" : value < 0 ? "b" : "tie";
    dimensions[id] = {
      winner,
      consistent: votes.every((vote) => vote.outcome.consistent),
      rationale: rationaleFor(winner, votes),
      jurors: Object.fromEntries(rule.members.map((juror) => [juror, byJuror[juror]!.dimensions[id]?.winner ?? null])),
    };
  }
  if (Object.keys(dimensions).length === 0) return { ok: false, code: "insufficient_scores", message: "no dimension could be compared in both orders" };
  const matrix = ids.map((id) => rule.members.map((juror) => {
    const side = dimensions[id]?.jurors[juror];
    return side ? VOTE[side] : null;
  }));
  return {
    ok: true,
    summary: {
      ...weighVerdicts(rubric, dimensions, reality),
      ...positionFigures(counts),
      dimensions,
      failed,
      agreement: { alpha: krippendorffAlpha(matrix), mean_spread: meanSpread(matrix) },
      disagreements: disagreementsOf(ids, matrix, SPLIT),
    },
  };
}
