/**
 * The batch's `summary`: completed judgment items per verdict and the distribution of their Q-scores,
 * and completed comparison items per winner.
 */
export interface BatchSummary {
  verdicts: Record<string, number>;
  q_score: { mean: number | null; p50: number | null; p90: number | null };
  winners: { a: number; b: number; tie: number };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Nearest-rank percentile of sorted values (p in (0, 100]). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Summarizes the completed items: judgments by verdict and Q-score, comparisons by winner.
 *
 * @example
 * summarize([{ verdict: "WAG", q: 60 }, { verdict: "HOWL", q: 90 }]).q_score.mean; // 75
 * summarize([], [{ winner: "a", n: 3 }]).winners; // { a: 3, b: 0, tie: 0 }
 */
export function summarize(
  items: readonly { verdict: string | null; q: number | null }[],
  winners: readonly { winner: string | null; n: number }[] = [],
): BatchSummary {
  const byWinner = { a: 0, b: 0, tie: 0 };
  for (const { winner, n } of winners) if (winner === "a" || winner === "b" || winner === "tie") byWinner[winner] += n;
  const verdicts: Record<string, number> = {};
  const scores: number[] = [];
  for (const item of items) {
    if (item.verdict) verdicts[item.verdict] = (verdicts[item.verdict] ?? 0) + 1;
    if (item.q !== null) scores.push(item.q);
  }
  scores.sort((a, b) => a - b);
  const p50 = percentile(scores, 50);
  const p90 = percentile(scores, 90);
  return {
    verdicts,
    q_score: {
      mean: scores.length ? round(scores.reduce((sum, q) => sum + q, 0) / scores.length) : null,
      p50: p50 === null ? null : round(p50),
      p90: p90 === null ? null : round(p90),
    },
    winners: byWinner,
  };
}
