import { describe, expect, it } from "vitest";
import { driftReport, isShadowed } from "../../src/evaluation/drift.ts";
import { evaluationReport, lengthScores, type PairItem, type ScoredItem } from "../../src/evaluation/report.ts";
import { verdictOf } from "../../src/judge/math.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

const bands = CYNIC_36.verdicts;
const item = (label: ScoredItem["label"], q: number | null, length = 100): ScoredItem => ({
  label,
  q_score: q,
  verdict: q === null ? null : verdictOf(q, bands),
  length,
});

describe("evaluation report", () => {
  it("labels that agree perfectly: ρ = r = 1, mae 0, qwk and κ 1", () => {
    const items = [10, 30, 45, 60, 85, 20, 70, 90].map((q) => item(q, q));
    const report = evaluationReport({ kind: "score", items, threshold: 50, bands });
    expect(report.n).toBe(8);
    expect(report.spearman?.value).toBe(1);
    expect(report.pearson?.value).toBe(1);
    expect(report.mae?.value).toBe(0);
    expect(report.qwk?.value).toBe(1);
    expect(report.accuracy?.value).toBe(1);
    expect(report.kappa?.value).toBe(1);
    expect(report.confusion).toEqual({ tp: 4, fp: 0, fn: 0, tn: 4 });
    expect(report.spearman?.ci95).toEqual([1, 1]);
    expect(report.pairwise_accuracy).toBeNull();
  });

  it("labels in reverse order: ρ = −1", () => {
    const scores = [10, 20, 30, 40, 60, 70, 80, 90];
    const items = scores.map((q, i) => item(scores[scores.length - 1 - i]!, q));
    const report = evaluationReport({ kind: "score", items, threshold: 50, bands });
    expect(report.spearman?.value).toBe(-1);
    expect(report.kappa?.value).toBe(-1);
    expect(report.confusion).toEqual({ tp: 0, fp: 4, fn: 4, tn: 0 });
  });

  it("pass/fail labels: accuracy, κ and the confusion matrix; correlations do not apply", () => {
    // predicted pass: 70, 80, 40(no), 30(no), 90 ; labels pass, fail, pass, fail, pass
    const items = [item("pass", 70), item("fail", 80), item("pass", 40), item("fail", 30), item("pass", 90)];
    const report = evaluationReport({ kind: "score", items, threshold: 50, bands });
    expect(report.confusion).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(report.accuracy?.value).toBe(0.6);
    // po 0.6; pe = 0.6 × 0.6 + 0.4 × 0.4 = 0.52 → κ = 0.08 / 0.48
    expect(report.kappa?.value).toBe(0.167);
    expect(report.spearman).toBeNull();
    expect(report.mae).toBeNull();
  });

  it("leaves failed judgments out and counts them", () => {
    const report = evaluationReport({ kind: "score", items: [item(60, 60), item(40, null), item(30, 30)], threshold: 50, bands });
    expect(report).toMatchObject({ n: 2, failed: 1 });
  });

  it("the length baseline scores by length percentile, so a judge of length shows as one", () => {
    expect(lengthScores([30, 10, 20])).toEqual([100, 0, 50]);
    const items = [item(10, 50, 10), item(40, 50, 40), item(90, 50, 90), item(70, 50, 70)];
    const report = evaluationReport({ kind: "score", items, threshold: 50, bands });
    expect(report.baseline.judge).toBe("length");
    expect(report.baseline.spearman?.value).toBe(1);
    expect(report.spearman).toBeNull();
  });

  it("pairs: pairwise accuracy and mean position consistency, against longest-wins", () => {
    const pairs: PairItem[] = [
      { label: "a", winner: "a", position_consistency: 1, a_length: 10, b_length: 20 },
      { label: "b", winner: "b", position_consistency: 0.5, a_length: 30, b_length: 20 },
      { label: "a", winner: "tie", position_consistency: 0, a_length: 5, b_length: 5 },
      { label: "tie", winner: null, position_consistency: null, a_length: 1, b_length: 2 },
    ];
    const report = evaluationReport({ kind: "pair", items: pairs, threshold: 50 });
    expect(report).toMatchObject({ n: 3, failed: 1 });
    expect(report.pairwise_accuracy?.value).toBe(0.667);
    expect(report.position_consistency?.value).toBe(0.5);
    expect(report.baseline.pairwise_accuracy?.value).toBe(0);
    expect(report.spearman).toBeNull();
  });

  it("gives the same intervals on every run", () => {
    const items = Array.from({ length: 40 }, (_, i) => item((i * 37) % 100, (i * 53) % 100, i));
    const once = evaluationReport({ kind: "score", items, threshold: 50, bands });
    expect(evaluationReport({ kind: "score", items, threshold: 50, bands })).toEqual(once);
    expect(once.pearson?.ci95?.[0]).toBeLessThanOrEqual(once.pearson!.value);
  });
});

describe("shadow drift", () => {
  it("reports the Q difference, verdict agreement and per-axis mean difference", () => {
    const judged = (q: number, phi: number) => ({ q_score: q, verdict: verdictOf(q, bands), axioms: { PHI: phi } });
    const report = driftReport([
      { current: judged(60, 60), candidate: judged(64, 70) },
      { current: judged(45, 40), candidate: judged(45, 40) },
      { current: judged(82, 80), candidate: judged(70, 75) },
    ]);
    expect(report.n).toBe(3);
    expect(report.q_abs_diff.mean).toBe(5.33);
    expect(report.q_abs_diff.p95).toBe(11.2);
    expect(report.verdict_agreement).toBe(0.667);
    expect(report.axes).toEqual({ PHI: 1.67 });
    expect(driftReport([]).n).toBe(0);
  });

  it("selects a cell by the first 8 hex of its id's SHA-256 against the sample", () => {
    expect(isShadowed("00000000ffff", 0.1)).toBe(true);
    expect(isShadowed("19999999ffff", 0.1)).toBe(true);
    expect(isShadowed("1a000000ffff", 0.1)).toBe(false);
    expect(isShadowed("00000000", 0)).toBe(false);
  });
});
