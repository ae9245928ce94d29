import { roundTo } from "../math.ts";

/**
 * How much a panel's jurors agree: Krippendorff's α with the interval metric over the dimensions ×
 * jurors matrix, the mean spread of the dimensions, and which dimensions the jurors disagree on.
 * https://repository.upenn.edu/asc_papers/43/ (Krippendorff, "Computing Krippendorff's Alpha-Reliability")
 */

/** One row per dimension (a unit), one entry per juror, null where that juror gave no score. */
export type ScoreMatrix = ReadonlyArray<ReadonlyArray<number | null>>;

/** Σ over ordered pairs i ≠ j of (vᵢ − vⱼ)² = 2 (m Σv² − (Σv)²), for m values. */
function pairedSquares(values: number[]): number {
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
  }
  return 2 * (values.length * squares - sum * sum);
}

/**
 * Krippendorff's α, interval metric: 1 − observed ÷ expected disagreement over the pairable values
 * (units with fewer than two values are left out). 1 when every pairable value is equal; null when no
 * unit has two values (agreement cannot be measured). Rounded to 0.001.
 *
 * @example
 * krippendorffAlpha([[70, 74, 78], [40, 50, null]]); // 0.891
 */
export function krippendorffAlpha(matrix: ScoreMatrix): number | null {
  const pooled: number[] = [];
  let observed = 0;
  for (const unit of matrix) {
    const values = unit.filter((value): value is number => value !== null);
    if (values.length < 2) continue;
    pooled.push(...values);
    observed += pairedSquares(values) / (values.length - 1);
  }
  const n = pooled.length;
  if (n < 2) return null;
  const expected = pairedSquares(pooled) / (n - 1);
  // Both sums are over n: Dₒ = observed / n and Dₑ = expected / n, so their ratio needs no division by n.
  if (expected <= 0) return 1;
  return roundTo(1 - observed / expected, 3);
}

/** max − min of a dimension's juror scores, or null when fewer than two jurors scored it. */
export function spreadOf(unit: ReadonlyArray<number | null>): number | null {
  const values = unit.filter((value): value is number => value !== null);
  if (values.length < 2) return null;
  return Math.max(...values) - Math.min(...values);
}

/** Mean over the dimensions two or more jurors scored of their spread, rounded to 0.1 (null if none). */
export function meanSpread(matrix: ScoreMatrix): number | null {
  const spreads = matrix.map(spreadOf).filter((spread): spread is number => spread !== null);
  if (spreads.length === 0) return null;
  return roundTo(spreads.reduce((sum, spread) => sum + spread, 0) / spreads.length, 1);
}

/** Ids of the dimensions whose spread reaches `threshold`, in the order given (rubric order). */
export function disagreementsOf(dimensions: readonly string[], matrix: ScoreMatrix, threshold: number): string[] {
  return dimensions.filter((_, index) => {
    const spread = spreadOf(matrix[index] ?? []);
    return spread !== null && spread >= threshold;
  });
}

/**
 * A panel's confidence: the single-judge confidence scaled by agreement, × (0.5 + 0.5 × max(0, α)),
 * rounded to 0.001. Agreement that cannot be measured (α null) counts as none: a panel never reports
 * more consensus than it showed.
 */
export function panelConfidence(singleConfidence: number, alpha: number | null): number {
  return roundTo(singleConfidence * (0.5 + 0.5 * Math.max(0, alpha ?? 0)), 3);
}
