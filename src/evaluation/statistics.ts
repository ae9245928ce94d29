/**
 * Agreement statistics between a judge and labels, pure. Each returns null when it is undefined for
 * its input (too few pairs, no variance), never NaN, so a report never prints a number that means nothing.
 */

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Pearson's r.
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 6]); // 1
 */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length || x.length < 2) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]!.index] = rank;
    start = end + 1;
  }
  return result;
}

/** Spearman's ρ: Pearson's r of the ranks (ties averaged). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) return null;
  return pearson(ranks(x), ranks(y));
}

/** Mean absolute error. */
export function meanAbsoluteError(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length || x.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}

/** Share of equal pairs. */
export function accuracy<T>(predicted: readonly T[], actual: readonly T[]): number | null {
  if (predicted.length !== actual.length || predicted.length === 0) return null;
  let equal = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === actual[i]) equal += 1;
  return equal / predicted.length;
}

/**
 * Cohen's κ over `categories` count categories, with disagreement weights: `linear` none (plain κ,
 * every disagreement counts 1) or `quadratic` ((i − j)² / (k − 1)², for ordered bands). Items are
 * category indexes. Chance agreement of 1 (both raters constant) gives 1 when they agree, else null.
 *
 * @example
 * cohenKappa([0, 1, 1, 0], [0, 1, 0, 0], 2); // 0.5
 */
export function cohenKappa(
  predicted: readonly number[],
  actual: readonly number[],
  categories: number,
  weighting: "none" | "quadratic" = "none",
): number | null {
  const n = predicted.length;
  if (n !== actual.length || n === 0 || categories < 2) return null;
  const weight = (i: number, j: number) =>
    weighting === "quadratic" ? (i - j) ** 2 / (categories - 1) ** 2 : i === j ? 0 : 1;
  const rowTotals = new Array<number>(categories).fill(0);
  const columnTotals = new Array<number>(categories).fill(0);
  let observed = 0;
  for (let k = 0; k < n; k++) {
    const i = predicted[k]!;
    const j = actual[k]!;
    rowTotals[i]! += 1;
    columnTotals[j]! += 1;
    observed += weight(i, j);
  }
  let expected = 0;
  for (let i = 0; i < categories; i++) {
    for (let j = 0; j < categories; j++) expected += weight(i, j) * rowTotals[i]! * columnTotals[j]!;
  }
  observed /= n;
  expected /= n * n;
  if (expected === 0) return observed === 0 ? 1 : null;
  return 1 - observed / expected;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Pass/fail confusion matrix: the judge's pass is the prediction, the label's pass the truth. */
export function confusionOf(predictedPass: readonly boolean[], actualPass: readonly boolean[]): Confusion {
  const matrix = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < predictedPass.length; i++) {
    const predicted = predictedPass[i]!;
    const actual = actualPass[i]!;
    if (predicted && actual) matrix.tp += 1;
    else if (predicted) matrix.fp += 1;
    else if (actual) matrix.fn += 1;
    else matrix.tn += 1;
  }
  return matrix;
}

/** The value at quantile `q` (0..1) of sorted values, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
