import { describe, expect, it } from "vitest";
import { majorityOf, memberStatusOf, panelAgreement, panelDimensions, panelResult, type PanelRule } from "../../src/judge/jury/panel-result.ts";
import type { DimensionOutcome, Rubric } from "../../src/judge/types.ts";

/** One axiom of three dimensions at equal weights: the panel math by hand. */
const RUBRIC: Rubric = {
  id: "trio",
  version: 1,
  description: "three dimensions",
  axioms: [
    {
      id: "FORM",
      description: "form",
      dimensions: ["A", "B", "C"].map((id) => ({ id, axiom: "FORM", description: id, weight: 1, threshold: 50 })),
    },
  ],
  realityWeights: {},
  verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 },
};

const scored = (score: number, rationale = `said ${score}`): DimensionOutcome => ({ status: "scored", score, rationale });
const failed: DimensionOutcome = { status: "failed", error: "HTTP 500" };

const rule = (aggregate: PanelRule["aggregate"], quorum = 2, weights = {}): PanelRule => ({ members: ["a", "b", "c"], aggregate, quorum, weights });

const jurors = {
  a: { A: scored(70), B: scored(40), C: scored(90) },
  b: { A: scored(74), B: scored(50), C: scored(20) },
  c: { A: scored(78), B: failed, C: scored(60) },
};

describe("panelDimensions", () => {
  it("aggregates each dimension over the jurors that scored it and lists every juror", () => {
    const dimensions = panelDimensions(RUBRIC, rule("median"), jurors);
    expect(dimensions.A).toEqual({ jurors: { a: 70, b: 74, c: 78 }, outcome: { status: "scored", score: 74, rationale: "b: said 74" } });
    expect(dimensions.B!.jurors).toEqual({ a: 40, b: 50, c: null });
    expect(dimensions.B!.outcome).toMatchObject({ score: 45 });
    expect(dimensions.C!.outcome).toMatchObject({ score: 60, rationale: "c: said 60" });
  });

  it("per strategy, on the same jurors", () => {
    const score = (aggregate: PanelRule["aggregate"], weights = {}) =>
      Object.values(panelDimensions(RUBRIC, rule(aggregate, 2, weights), jurors)).map((d) => (d.outcome.status === "scored" ? d.outcome.score : null));
    expect(score("mean")).toEqual([74, 45, 56.67]);
    expect(score("trimmed_mean")).toEqual([74, 45, 60]);
    // c weighs 3: A (70 + 74 + 234) / 5, B (40 + 50) / 2, C (90 + 20 + 180) / 5
    expect(score("weighted", { c: 3 })).toEqual([75.6, 45, 58]);
  });

  it("a dimension nobody could score is failed, a dimension nobody answered is absent", () => {
    const dimensions = panelDimensions(RUBRIC, rule("median"), { a: { A: failed }, b: {}, c: {} });
    expect(dimensions.A).toEqual({ jurors: { a: null, b: null, c: null }, outcome: { status: "failed", error: "no juror could score this dimension" } });
    expect(dimensions.B).toBeUndefined();
  });
});

describe("panelAgreement and panelResult", () => {
  it("α over the dimensions × jurors matrix, mean spread and disagreements in rubric order", () => {
    const dimensions = panelDimensions(RUBRIC, rule("median"), jurors);
    // units A (70, 74, 78), B (40, 50), C (90, 20, 60): Dₒ·n = 192/2 + 200/1 + 14800/2 = 7696;
    // pooled n = 8, Σ = 482, Σv² = 32660 → Dₑ·n = 2(8·32660 − 482²)/7 = 8273.14; α = 1 − 7696/8273.14
    const { agreement, disagreements } = panelAgreement(RUBRIC, rule("median"), dimensions, 25);
    expect(agreement).toEqual({ alpha: 0.07, mean_spread: 29.3 });
    expect(disagreements).toEqual(["C"]);
  });

  it("completes on quorum with the panel confidence, fails below it", () => {
    const dimensions = panelDimensions(RUBRIC, rule("median"), jurors);
    const result = panelResult(RUBRIC, rule("median"), { a: "completed", b: "completed", c: "failed" }, dimensions, 0.07);
    // axiom FORM = mean(74, 45, 60) = 59.7; Q 59.7; single confidence 0.549 (0.5485 rounded) × (0.5 + 0.035) = 0.2937
    expect(result).toMatchObject({ ok: true, summary: { q_score: 59.7, verdict: "WAG", confidence: 0.294, flags: ["B"] } });
    const below = panelResult(RUBRIC, rule("median", 3), { a: "completed", b: "completed", c: "failed" }, dimensions, 0.07);
    expect(below).toEqual({ ok: false, code: "insufficient_scores", message: "2 of 3 jurors completed, below the quorum of 3 (failed: c)" });
  });

  it("a juror completes when it scored every axiom and its endpoint held", () => {
    expect(memberStatusOf(RUBRIC, jurors.c, false)).toBe("completed");
    expect(memberStatusOf(RUBRIC, jurors.c, true)).toBe("failed");
    expect(memberStatusOf(RUBRIC, { A: failed }, false)).toBe("failed");
  });

  it("majority quorum", () => {
    expect([2, 3, 4, 5, 6, 7].map(majorityOf)).toEqual([2, 2, 3, 3, 4, 4]);
  });
});
