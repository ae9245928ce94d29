import { summarizeComparison, type Side } from "../judge/comparison/outcome.ts";
import type { Reality, Rubric } from "../judge/types.ts";
import type { Comparison } from "../schemas/comparison.ts";

/** What a comparison document is built from: the comparison cell's stored state and answers. */
export interface ComparisonSource {
  cellId: string;
  contentDigest: string;
  status: Comparison["status"];
  request: { reality?: Reality | undefined; rubric: Rubric; judge: Comparison["judge"] };
  error: Comparison["error"] | null;
  usage: Comparison["usage"];
  createdAt: number;
  completedAt: number | null;
}

const SWAP: Record<Side, Side> = { a: "b", b: "a", tie: "tie" };

/**
 * The comparison as the API returns it. A comparison cell answers (a, b) and (b, a) alike; `swapped`
 * turns the stored orientation into the asker's, so `a` is always what this request called `a`.
 *
 * @example
 * comparisonDocument(state, store.answers(), { cached: true, swapped: false }).winner; // "a"
 */
export function comparisonDocument(
  source: ComparisonSource,
  answers: Parameters<typeof summarizeComparison>[1],
  options: { cached: boolean; swapped: boolean },
): Comparison {
  const finished = source.status === "completed";
  const summary = finished ? summarizeComparison(source.request.rubric, answers, source.request.reality) : null;
  const side = (value: Side) => (options.swapped ? SWAP[value] : value);
  const id = encodeURIComponent(source.cellId);
  return {
    comparison_id: source.cellId,
    content_digest: source.contentDigest,
    status: source.status,
    cached: options.cached,
    rubric: { id: source.request.rubric.id, version: source.request.rubric.version },
    reality: source.request.reality ?? null,
    judge: source.request.judge,
    winner: summary ? side(summary.winner) : null,
    margin: summary ? (options.swapped && summary.margin !== 0 ? -summary.margin : summary.margin) : null,
    position_consistency: summary?.position_consistency ?? null,
    first_position_rate: summary?.first_position_rate ?? null,
    dimensions: summary
      ? Object.fromEntries(Object.entries(summary.dimensions).map(([dimension, outcome]) => [dimension, { ...outcome, winner: side(outcome.winner) }]))
      : {},
    axioms: summary
      ? Object.fromEntries(
          Object.entries(summary.axioms).map(([axiom, tally]) => [axiom, options.swapped ? { a_wins: tally.b_wins, b_wins: tally.a_wins, ties: tally.ties } : tally]),
        )
      : {},
    usage: source.usage,
    ...(source.error ? { error: source.error } : {}),
    created_at: new Date(source.createdAt).toISOString(),
    completed_at: source.completedAt === null ? null : new Date(source.completedAt).toISOString(),
    links: { self: `/v1/comparisons/${id}`, stream: `/v1/comparisons/${id}/stream` },
  };
}
