import { roundTo } from "../judge/math.ts";
import type { Verdict } from "../judge/types.ts";
import { cohenKappa, quantile } from "./statistics.ts";

/**
 * How far a candidate judge drifts from the current one over the cells both judged (a shadow
 * judge): the absolute Q difference, how often the verdicts agree (and κ over the four bands, which
 * discounts agreement by chance), and the mean signed difference per axiom (candidate − current).
 */

export interface JudgedPair {
  current: { q_score: number; verdict: Verdict; axioms: Record<string, number> };
  candidate: { q_score: number; verdict: Verdict; axioms: Record<string, number> };
}

export interface DriftReport {
  n: number;
  q_abs_diff: { mean: number | null; p95: number | null };
  verdict_agreement: number | null;
  kappa: number | null;
  axes: Record<string, number>;
}

const BANDS: readonly Verdict[] = ["BARK", "GROWL", "WAG", "HOWL"];

/**
 * @example
 * driftReport(pairs).q_abs_diff.mean; // 3.4
 */
export function driftReport(pairs: readonly JudgedPair[]): DriftReport {
  if (pairs.length === 0) return { n: 0, q_abs_diff: { mean: null, p95: null }, verdict_agreement: null, kappa: null, axes: {} };
  const diffs = pairs.map((pair) => Math.abs(pair.candidate.q_score - pair.current.q_score)).sort((a, b) => a - b);
  const agreeing = pairs.filter((pair) => pair.candidate.verdict === pair.current.verdict).length;
  const kappa = cohenKappa(
    pairs.map((pair) => BANDS.indexOf(pair.candidate.verdict)),
    pairs.map((pair) => BANDS.indexOf(pair.current.verdict)),
    BANDS.length,
  );
  const sums: Record<string, { total: number; count: number }> = {};
  for (const { current, candidate } of pairs) {
    for (const [axis, score] of Object.entries(candidate.axioms)) {
      const base = current.axioms[axis];
      if (base === undefined) continue;
      const entry = (sums[axis] ??= { total: 0, count: 0 });
      entry.total += score - base;
      entry.count += 1;
    }
  }
  return {
    n: pairs.length,
    q_abs_diff: {
      mean: roundTo(diffs.reduce((sum, diff) => sum + diff, 0) / diffs.length, 2),
      p95: roundTo(quantile(diffs, 0.95), 2),
    },
    verdict_agreement: roundTo(agreeing / pairs.length, 3),
    kappa: kappa === null ? null : roundTo(kappa, 3),
    axes: Object.fromEntries(Object.entries(sums).map(([axis, { total, count }]) => [axis, roundTo(total / count, 2)])),
  };
}

/**
 * Whether a cell is shadowed: the first 8 hex chars of SHA-256 of its id, as a fraction of 2^32, fall
 * below `sample`. Deterministic, so the shadowed set is known in advance and the same on every instance.
 *
 * @example
 * isShadowed("9f86d081…", 0.1); // false: 0x9f86d081 / 2^32 ≈ 0.62
 */
export function isShadowed(cellIdSha256Hex: string, sample: number): boolean {
  return Number.parseInt(cellIdSha256Hex.slice(0, 8), 16) / 2 ** 32 < sample;
}
