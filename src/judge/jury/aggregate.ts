import { roundTo } from "../math.ts";

/**
 * How a panel turns its jurors' scores of one dimension into the dimension's score. Pure: the cell
 * calls it with whatever jurors have scored, and the Part 1 math then runs on the results unchanged.
 */

export const AGGREGATES = ["mean", "median", "trimmed_mean", "weighted"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One juror's score of one dimension. */
export interface JurorScore {
  juror: string;
  score: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Drops one lowest and one highest score when there are at least three; the mean of the rest. */
function trimmedMean(values: number[]): number {
  if (values.length < 3) return mean(values);
  const sorted = [...values].sort((a, b) => a - b);
  return mean(sorted.slice(1, -1));
}

function weightedMean(scores: JurorScore[], weights: Readonly<Record<string, number>>): number {
  let total = 0;
  let weightSum = 0;
  for (const { juror, score } of scores) {
    const weight = weights[juror] ?? 1;
    total += weight * score;
    weightSum += weight;
  }
  return total / weightSum;
}

/**
 * The aggregate of the jurors that scored a dimension, rounded to 0.01 (the precision of a
 * probability-weighted score, so a mean of three does not print as 70.333333333), or null when none did.
 *
 * @example
 * aggregateScores("median", [{ juror: "a", score: 70 }, { juror: "b", score: 74 }, { juror: "c", score: 90 }]); // 74
 */
export function aggregateScores(strategy: Aggregate, scores: JurorScore[], weights: Readonly<Record<string, number>> = {}): number | null {
  if (scores.length === 0) return null;
  const values = scores.map((entry) => entry.score);
  switch (strategy) {
    case "mean":
      return roundTo(mean(values), 2);
    case "median":
      return roundTo(median(values), 2);
    case "trimmed_mean":
      return roundTo(trimmedMean(values), 2);
    case "weighted":
      return roundTo(weightedMean(scores, weights), 2);
  }
}
