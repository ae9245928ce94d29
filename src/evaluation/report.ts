import { roundTo, verdictOf } from "../judge/math.ts";
import type { Verdict, VerdictBands } from "../judge/types.ts";
import { bootstrapInterval } from "./bootstrap.ts";
import { accuracy, cohenKappa, confusionOf, meanAbsoluteError, pearson, ranks, spearman, type Confusion } from "./statistics.ts";

/**
 * The report of an evaluation (docs/judgment-model.md, "Evaluations"): how well a judge agrees with
 * labels, each figure with a seeded 95 % bootstrap interval, next to the same figures for a baseline
 * that only looks at length, so a judge that does not beat "longest wins" shows it.
 */

export type ScoreLabel = number | "pass" | "fail";
export type PairLabel = "a" | "b" | "tie";

/** One judged item: its label and what the judge said (null when its judgment failed). */
export interface ScoredItem {
  label: ScoreLabel;
  q_score: number | null;
  verdict: Verdict | null;
  /** Characters of the content: the baseline's only input. */
  length: number;
}

export interface PairItem {
  label: PairLabel;
  winner: PairLabel | null;
  position_consistency: number | null;
  a_length: number;
  b_length: number;
}

export interface Figure {
  value: number;
  ci95: [number, number] | null;
}

export interface AgreementFigures {
  spearman: Figure | null;
  pearson: Figure | null;
  mae: Figure | null;
  qwk: Figure | null;
  accuracy: Figure | null;
  kappa: Figure | null;
  confusion: Confusion | null;
  pairwise_accuracy: Figure | null;
  position_consistency: Figure | null;
}

export interface EvaluationReport extends AgreementFigures {
  /** Items with a usable judgment (failed ones are left out and counted in `failed`). */
  n: number;
  failed: number;
  threshold: number;
  baseline: AgreementFigures & { judge: "length" };
}

const BANDS_ORDER: readonly Verdict[] = ["BARK", "GROWL", "WAG", "HOWL"];

function figure<T>(items: readonly T[], statistic: (sample: readonly T[]) => number | null, seed: number): Figure | null {
  const value = statistic(items);
  if (value === null) return null;
  const interval = bootstrapInterval(items, statistic, { seed });
  return { value: roundTo(value, 3), ci95: interval && [roundTo(interval[0], 3), roundTo(interval[1], 3)] };
}

interface Judged {
  label: ScoreLabel;
  score: number;
  verdict: Verdict;
}

function passOf(label: ScoreLabel, threshold: number): boolean {
  return typeof label === "number" ? label >= threshold : label === "pass";
}

function scoreFigures(items: readonly Judged[], threshold: number, bands: VerdictBands, seed: number): AgreementFigures {
  const numeric = items.length > 0 && items.every((item) => typeof item.label === "number");
  const labels = (sample: readonly Judged[]) => sample.map((item) => item.label as number);
  const scores = (sample: readonly Judged[]) => sample.map((item) => item.score);
  const passes = (sample: readonly Judged[]) => sample.map((item) => item.score >= threshold);
  const truths = (sample: readonly Judged[]) => sample.map((item) => passOf(item.label, threshold));
  const bandIndex = (verdict: Verdict) => BANDS_ORDER.indexOf(verdict);
  const binary = (values: boolean[]) => values.map((value) => (value ? 1 : 0));
  return {
    spearman: numeric ? figure(items, (s) => spearman(scores(s), labels(s)), seed) : null,
    pearson: numeric ? figure(items, (s) => pearson(scores(s), labels(s)), seed + 1) : null,
    mae: numeric ? figure(items, (s) => meanAbsoluteError(scores(s), labels(s)), seed + 2) : null,
    qwk: numeric
      ? figure(
          items,
          (s) => cohenKappa(s.map((item) => bandIndex(item.verdict)), s.map((item) => bandIndex(verdictOf(item.label as number, bands))), 4, "quadratic"),
          seed + 3,
        )
      : null,
    accuracy: figure(items, (s) => accuracy(passes(s), truths(s)), seed + 4),
    kappa: figure(items, (s) => cohenKappa(binary(passes(s)), binary(truths(s)), 2), seed + 5),
    confusion: items.length > 0 ? confusionOf(passes(items), truths(items)) : null,
    pairwise_accuracy: null,
    position_consistency: null,
  };
}

function pairFigures(items: readonly { label: PairLabel; winner: PairLabel; consistency: number | null }[], seed: number): AgreementFigures {
  const consistent = items.filter((item) => item.consistency !== null);
  return {
    spearman: null,
    pearson: null,
    mae: null,
    qwk: null,
    accuracy: null,
    kappa: null,
    confusion: null,
    pairwise_accuracy: figure(items, (s) => accuracy(s.map((item) => item.winner), s.map((item) => item.label)), seed + 6),
    position_consistency: figure(
      consistent,
      (s) => (s.length === 0 ? null : s.reduce((sum, item) => sum + item.consistency!, 0) / s.length),
      seed + 7,
    ),
  };
}

/** The length baseline's score: the content's length percentile among the items, 0..100. */
export function lengthScores(lengths: readonly number[]): number[] {
  if (lengths.length === 1) return [50];
  const ranked = ranks(lengths);
  return ranked.map((rank) => (100 * (rank - 1)) / (lengths.length - 1));
}

/**
 * Builds the report of an evaluation of single items (numeric or pass/fail labels) or of pairs.
 *
 * @example
 * const report = evaluationReport({ kind: "score", items, threshold: 50, bands: CYNIC_36.verdicts });
 * report.kappa?.value; // 0.8
 */
export function evaluationReport(
  input:
    | { kind: "score"; items: readonly ScoredItem[]; threshold: number; bands: VerdictBands; seed?: number }
    | { kind: "pair"; items: readonly PairItem[]; threshold: number; seed?: number },
): EvaluationReport {
  const seed = input.seed ?? 1;
  if (input.kind === "score") {
    const usable = input.items.filter((item) => item.q_score !== null && item.verdict !== null);
    const judged = usable.map((item) => ({ label: item.label, score: item.q_score!, verdict: item.verdict! }));
    const baselineScores = lengthScores(usable.map((item) => item.length));
    const baseline = usable.map((item, i) => {
      const score = roundTo(baselineScores[i]!, 1);
      return { label: item.label, score, verdict: verdictOf(score, input.bands) };
    });
    return {
      n: usable.length,
      failed: input.items.length - usable.length,
      threshold: input.threshold,
      ...scoreFigures(judged, input.threshold, input.bands, seed),
      baseline: { judge: "length", ...scoreFigures(baseline, input.threshold, input.bands, seed) },
    };
  }
  const usable = input.items.filter((item) => item.winner !== null);
  const judged = usable.map((item) => ({ label: item.label, winner: item.winner!, consistency: item.position_consistency }));
  const baseline = usable.map((item) => ({
    label: item.label,
    winner: (item.a_length > item.b_length ? "a" : item.a_length < item.b_length ? "b" : "tie") as PairLabel,
    // Length does not depend on the order the two are shown in.
    consistency: 1,
  }));
  return {
    n: usable.length,
    failed: input.items.length - usable.length,
    threshold: input.threshold,
    ...pairFigures(judged, seed),
    baseline: { judge: "length", ...pairFigures(baseline, seed) },
  };
}
