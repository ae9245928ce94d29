import { describe, expect, it } from "vitest";
import { PHI_INV } from "../../src/judge/golden-ratio.ts";
import { confidenceOf, qScore, roundTo, summarize, unnameableOf, verdictOf, weakestOf } from "../../src/judge/math.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import { REALITIES, type DimensionOutcome, type Rubric } from "../../src/judge/types.ts";

const scored = (score: number): DimensionOutcome => ({ status: "scored", score, rationale: "r" });
const failed: DimensionOutcome = { status: "failed", error: "model said nothing" };

/** Every dimension of an axiom at one score. */
function outcomesByAxiom(scores: Record<string, number>): Record<string, DimensionOutcome> {
  return Object.fromEntries(
    CYNIC_36.axioms.flatMap((axiom) => axiom.dimensions.map((d) => [d.id, scored(scores[axiom.id] ?? 50)])),
  );
}

function summaryOf(outcomes: Record<string, DimensionOutcome>, reality?: (typeof REALITIES)[number]) {
  const result = summarize(CYNIC_36, outcomes, reality);
  if (!result.ok) throw new Error(result.message);
  return result.summary;
}

describe("roundTo", () => {
  it("rounds half away from zero without binary drift", () => {
    expect(roundTo(60.65, 1)).toBe(60.7);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.5525, 3)).toBe(0.553);
    expect(roundTo(-0.05, 1)).toBe(-0.1);
    expect(roundTo(-0.04, 1)).toBe(0);
    expect(roundTo(1e-9, 1)).toBe(0);
  });
});

describe("the worked examples of docs/judgment-model.md", () => {
  it("PHI 80, VERIFY 80, CULTURE 80, BURN 20, FIDELITY 80 → Q 60.6, WAG, confidence 0.553", () => {
    const summary = summaryOf(outcomesByAxiom({ PHI: 80, VERIFY: 80, CULTURE: 80, BURN: 20, FIDELITY: 80 }));
    expect(summary).toMatchObject({ q_score: 60.6, verdict: "WAG", confidence: 0.553 });
    expect(summary.weakest).toEqual({ axiom: "BURN", score: 20, drag: 19.4 });
  });

  it("all 35 dimensions at 70 → every axiom 70, Q 70, WAG, unnameable 100", () => {
    const summary = summaryOf(outcomesByAxiom({ PHI: 70, VERIFY: 70, CULTURE: 70, BURN: 70, FIDELITY: 70 }));
    expect(summary.axioms).toEqual({ PHI: 70, VERIFY: 70, CULTURE: 70, BURN: 70, FIDELITY: 70 });
    expect(summary).toMatchObject({ q_score: 70, verdict: "WAG", unnameable: 100, flags: [] });
  });

  it("reality CODE with FIDELITY 60, PHI 70, VERIFY 80, CULTURE 50, BURN 90 → Q 73.1", () => {
    const summary = summaryOf(outcomesByAxiom({ FIDELITY: 60, PHI: 70, VERIFY: 80, CULTURE: 50, BURN: 90 }), "CODE");
    expect(summary.q_score).toBe(73.1);
  });
});

describe("axiom scores", () => {
  it("weigh dimensions by position and round to 0.1", () => {
    // PHI: COHERENCE (φ) 100, everything else 0 → 100·φ / Σweights.
    const outcomes = outcomesByAxiom({});
    for (const d of CYNIC_36.axioms[0]!.dimensions) outcomes[d.id] = scored(d.id === "COHERENCE" ? 100 : 0);
    const weights = CYNIC_36.axioms[0]!.dimensions.map((d) => d.weight);
    const expected = Math.round((1000 * weights[0]!) / weights.reduce((a, b) => a + b, 0)) / 10;
    expect(summaryOf(outcomes).axioms.PHI).toBe(expected);
    expect(expected).toBe(25); // φ·100 / 4φ: the seven position weights sum to 4φ
  });

  it("leave a failed dimension out of the mean instead of counting it as 0 or 50", () => {
    const outcomes = outcomesByAxiom({ PHI: 80 });
    outcomes.ELEGANCE = failed;
    outcomes.HARMONY = failed;
    const summary = summaryOf(outcomes);
    expect(summary.axioms.PHI).toBe(80);
    expect(summary.confidence).toBe(roundTo(Math.min(0.5 + Math.abs(summary.q_score - 50) / 200, PHI_INV) * (33 / 35), 3));
  });

  it("fail the judgment with insufficient_scores when an axiom has nothing scored", () => {
    const outcomes = outcomesByAxiom({});
    for (const d of CYNIC_36.axioms[2]!.dimensions) outcomes[d.id] = failed;
    delete outcomes.UTILITY;
    const result = summarize(CYNIC_36, outcomes);
    expect(result).toMatchObject({ ok: false, code: "insufficient_scores", axioms: ["CULTURE"] });
  });
});

describe("Q-score", () => {
  it("is 0 when any axiom scores 0", () => {
    expect(summaryOf(outcomesByAxiom({ PHI: 90, VERIFY: 0, CULTURE: 90, BURN: 90, FIDELITY: 90 }))).toMatchObject({ q_score: 0, verdict: "BARK" });
    expect(qScore([{ score: 0, weight: 1 }, { score: 100, weight: 1 }])).toBe(0);
  });

  it.each(REALITIES)("uses the axiom weights of reality %s", (reality) => {
    const axioms = { PHI: 90, VERIFY: 40, CULTURE: 70, BURN: 60, FIDELITY: 30 };
    const weights = CYNIC_36.realityWeights[reality]!;
    const logMean =
      Object.entries(axioms).reduce((sum, [id, score]) => sum + weights[id]! * Math.log(score), 0) /
      Object.values(weights).reduce((a, b) => a + b, 0);
    const summary = summaryOf(outcomesByAxiom(axioms), reality);
    expect(summary.q_score).toBe(roundTo(Math.exp(logMean), 1));
    expect(summary.q_score).not.toBe(summaryOf(outcomesByAxiom(axioms)).q_score);
  });
});

describe("verdicts", () => {
  it.each([
    [100, "HOWL"], [80, "HOWL"], [79.9, "WAG"], [50, "WAG"], [49.9, "GROWL"], [38.2, "GROWL"], [38.1, "BARK"], [0, "BARK"],
  ] as const)("Q %s is %s", (q, verdict) => {
    expect(verdictOf(q, CYNIC_36.verdicts)).toBe(verdict);
  });
});

describe("confidence", () => {
  it("never exceeds φ⁻¹ and scales with coverage", () => {
    expect(confidenceOf(100, 1)).toBe(0.618);
    expect(confidenceOf(0, 1)).toBe(0.618);
    expect(confidenceOf(50, 1)).toBe(0.5);
    expect(confidenceOf(50, 0.5)).toBe(0.25);
    expect(confidenceOf(60.6, 1)).toBe(0.553);
  });
});

describe("unnameable, weakest and flags", () => {
  it("measures evenness: 100 for equal scores, 0 once σ reaches 50", () => {
    expect(unnameableOf([70, 70, 70])).toBe(100);
    expect(unnameableOf([0, 100])).toBe(0);
    expect(unnameableOf([40, 60])).toBe(80);
  });

  it("picks the first lowest axiom in rubric order on ties, with drag to one decimal", () => {
    const axioms = [{ id: "A", score: 50 }, { id: "B", score: 40 }, { id: "C", score: 40 }];
    expect(weakestOf(axioms, 43.3)).toEqual({ axiom: "B", score: 40, drag: 1.7 });
    expect(weakestOf([{ id: "ONLY", score: 70 }], 70)).toEqual({ axiom: "ONLY", score: 70, drag: 0 });
  });

  it("flags scored dimensions strictly below their thresholds, in rubric order", () => {
    const outcomes = outcomesByAxiom({ PHI: 70, VERIFY: 59, CULTURE: 45, BURN: 70, FIDELITY: 70 });
    outcomes.ACCURACY = failed;
    const summary = summaryOf(outcomes);
    // VERIFY at 59: the thresholds of 60 flag (ACCURACY failed, so not it); 55 and 50 do not.
    // CULTURE at 45: only the thresholds of 50 flag; 45 and 40 do not.
    expect(summary.flags).toEqual(["INTEGRITY", "VERIFIABILITY", "AUTHENTICITY", "ALIGNMENT", "RELEVANCE"]);
  });
});

describe("custom rubrics use the same math with their own bands", () => {
  it("applies custom verdict bands and a one-axiom rubric", () => {
    const rubric: Rubric = {
      id: "strict",
      version: 1,
      description: "",
      axioms: [{ id: "ONLY", description: "", dimensions: [{ id: "ONE", axiom: "ONLY", description: "d", weight: 2, threshold: 90 }] }],
      realityWeights: {},
      verdicts: { HOWL: 95, WAG: 85, GROWL: 70 },
    };
    const result = summarize(rubric, { ONE: scored(88) }, "CODE");
    expect(result).toMatchObject({ ok: true, summary: { q_score: 88, verdict: "WAG", flags: ["ONE"], weakest: { axiom: "ONLY", drag: 0 } } });
  });
});
