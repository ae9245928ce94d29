import { describe, expect, it } from "vitest";
import type { DimensionAnswers, Preference } from "../../src/judge/comparison/outcome.ts";
import { jurorComparisonStatus, panelComparison } from "../../src/judge/comparison/panel.ts";
import type { PanelRule } from "../../src/judge/jury/panel-result.ts";
import type { Rubric } from "../../src/judge/types.ts";

const THREE: Rubric = {
  id: "three",
  version: 1,
  description: "three dimensions, one axiom",
  axioms: [
    {
      id: "FORM",
      description: "form",
      dimensions: [
        { id: "X", axiom: "FORM", description: "x", weight: 1, threshold: 50 },
        { id: "Y", axiom: "FORM", description: "y", weight: 1, threshold: 50 },
        { id: "Z", axiom: "FORM", description: "z", weight: 1, threshold: 50 },
      ],
    },
  ],
  realityWeights: {},
  verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 },
};

const both = (ab: Preference, ba: Preference): DimensionAnswers => ({ ab: { prefer: ab, rationale: `ab ${ab}` }, ba: { prefer: ba, rationale: `ba ${ba}` } });
/** A consistent vote for a (first in ab, second in ba), for b, and a position-biased (inconsistent) answer. */
const FOR_A = both("first", "second");
const FOR_B = both("second", "first");
const BIASED = both("first", "first");

const rule = (overrides: Partial<PanelRule> = {}): PanelRule => ({ members: ["p", "q", "r"], aggregate: "median", quorum: 2, weights: {}, ...overrides });
const done = { p: "completed", q: "completed", r: "completed" } as const;

describe("a panel's comparison", () => {
  it("median is a majority vote per dimension; inconsistent jurors vote tie; agreement and splits are reported", () => {
    const answers = {
      p: { X: FOR_A, Y: FOR_A, Z: FOR_B },
      q: { X: FOR_A, Y: FOR_B, Z: BIASED },
      r: { X: FOR_B, Y: FOR_A, Z: BIASED },
    };
    const result = panelComparison(THREE, rule(), done, answers);
    if (!result.ok) throw new Error(result.message);
    const { summary } = result;
    expect(summary.dimensions.X).toMatchObject({ winner: "a", consistent: true, jurors: { p: "a", q: "a", r: "b" } });
    expect(summary.dimensions.X!.rationale).toBe("p: ab first");
    expect(summary.dimensions.Y).toMatchObject({ winner: "a", jurors: { p: "a", q: "b", r: "a" } });
    // Z: votes b, tie, tie → median tie; two jurors were position-biased there.
    expect(summary.dimensions.Z).toMatchObject({ winner: "tie", consistent: false, jurors: { p: "b", q: "tie", r: "tie" } });
    expect(summary).toMatchObject({ winner: "a", margin: 0.667, axioms: { FORM: { a_wins: 2, b_wins: 0, ties: 1 } } });
    // 7 of 9 (juror, dimension) pairs consistent; 18 answers, all decisive, 11 preferred the first shown.
    expect(summary.position_consistency).toBe(0.778);
    expect(summary.first_position_rate).toBe(0.611);
    expect(summary.disagreements).toEqual(["X", "Y"]);
    expect(summary.agreement.mean_spread).toBe(1.7);
    expect(summary.agreement.alpha).not.toBeNull();
    expect(summary.agreement.alpha!).toBeLessThan(0);
  });

  it("weights decide a split: a juror of weight 3 outvotes two of weight 1", () => {
    const answers = { p: { X: FOR_B, Y: FOR_B, Z: FOR_B }, q: { X: FOR_A, Y: FOR_A, Z: FOR_A }, r: { X: FOR_A, Y: FOR_A, Z: FOR_A } };
    const majority = panelComparison(THREE, rule(), done, answers);
    const weighted = panelComparison(THREE, rule({ aggregate: "weighted", weights: { p: 3 } }), done, answers);
    expect(majority.ok && majority.summary.winner).toBe("a");
    expect(weighted.ok && weighted.summary).toMatchObject({ winner: "b", margin: -1 });
  });

  it("unanimous jurors agree fully (α 1); below quorum the comparison fails", () => {
    const answers = { p: { X: FOR_A, Y: FOR_B, Z: FOR_A }, q: { X: FOR_A, Y: FOR_B, Z: FOR_A }, r: {} };
    const result = panelComparison(THREE, rule(), { p: "completed", q: "completed", r: "failed" }, answers);
    expect(result.ok && result.summary.agreement).toEqual({ alpha: 1, mean_spread: 0 });
    expect(result.ok && result.summary.dimensions.Y!.jurors).toEqual({ p: "b", q: "b", r: null });
    const short = panelComparison(THREE, rule({ quorum: 3 }), { p: "completed", q: "completed", r: "failed" }, answers);
    expect(short).toEqual({ ok: false, code: "insufficient_scores", message: "2 of 3 jurors completed, below the quorum of 3 (failed: r)" });
  });

  it("a juror completes when it compared a dimension in both orders and its endpoint held", () => {
    expect(jurorComparisonStatus(THREE, { X: FOR_A }, false)).toBe("completed");
    expect(jurorComparisonStatus(THREE, { X: { ab: FOR_A.ab } }, false)).toBe("failed");
    expect(jurorComparisonStatus(THREE, { X: FOR_A }, true)).toBe("failed");
  });
});
