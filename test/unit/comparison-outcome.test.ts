import { describe, expect, it } from "vitest";
import { parsePreferences, preferenceSchema } from "../../src/judge/comparison/answers.ts";
import { buildComparisonMessages } from "../../src/judge/comparison/prompt.ts";
import { compareDimension, sideOf, summarizeComparison, type DimensionAnswers, type Preference } from "../../src/judge/comparison/outcome.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import type { Rubric } from "../../src/judge/types.ts";

const answer = (prefer: Preference) => ({ prefer, rationale: prefer });

/** Every dimension of cynic-36 answered the same way in each order. */
function everyDimension(ab: Preference, ba: Preference): Record<string, DimensionAnswers> {
  return Object.fromEntries(
    CYNIC_36.axioms.flatMap((axiom) => axiom.dimensions.map((d) => [d.id, { ab: answer(ab), ba: answer(ba) }])),
  );
}

const TWO_DIMENSIONS: Rubric = {
  id: "pair",
  version: 1,
  description: "two dimensions of unequal weight",
  axioms: [
    {
      id: "FORM",
      description: "form",
      dimensions: [
        { id: "HEAVY", axiom: "FORM", description: "heavy", weight: 2, threshold: 50 },
        { id: "LIGHT", axiom: "FORM", description: "light", weight: 1, threshold: 50 },
      ],
    },
  ],
  realityWeights: {},
  verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 },
};

describe("comparison outcome", () => {
  it("maps positions back to a and b for each order", () => {
    expect(sideOf("first", "ab")).toBe("a");
    expect(sideOf("second", "ab")).toBe("b");
    expect(sideOf("first", "ba")).toBe("b");
    expect(sideOf("second", "ba")).toBe("a");
    expect(sideOf("tie", "ba")).toBe("tie");
  });

  it("makes a dimension whose two orders disagree an inconsistent tie", () => {
    expect(compareDimension(answer("first"), answer("first"))).toMatchObject({ winner: "tie", consistent: false });
    expect(compareDimension(answer("first"), answer("second"))).toMatchObject({ winner: "a", consistent: true });
    expect(compareDimension(answer("tie"), answer("tie"))).toMatchObject({ winner: "tie", consistent: true });
  });

  it("a judge that always prefers the first position: every dimension inconsistent, a tie, first_position_rate 1", () => {
    const summary = summarizeComparison(CYNIC_36, everyDimension("first", "first"));
    expect(summary).toMatchObject({ winner: "tie", margin: 0, position_consistency: 0, first_position_rate: 1, failed: [] });
    expect(Object.values(summary.dimensions).every((d) => d.winner === "tie" && !d.consistent)).toBe(true);
    expect(summary.axioms.PHI).toEqual({ a_wins: 0, b_wins: 0, ties: 7 });
  });

  it("a judge that prefers b in both orders: consistent, b wins with margin −1", () => {
    const summary = summarizeComparison(CYNIC_36, everyDimension("second", "first"), "CODE");
    expect(summary).toMatchObject({ winner: "b", margin: -1, position_consistency: 1, first_position_rate: 0.5 });
    expect(summary.axioms.VERIFY).toEqual({ a_wins: 0, b_wins: 7, ties: 0 });
  });

  it("weighs each dimension by its position weight: 2 for a against 1 for b is a margin of 0.333", () => {
    const summary = summarizeComparison(TWO_DIMENSIONS, {
      HEAVY: { ab: answer("first"), ba: answer("second") },
      LIGHT: { ab: answer("second"), ba: answer("first") },
    });
    expect(summary).toMatchObject({ winner: "a", margin: 0.333, position_consistency: 1 });
  });

  it("calls a margin under 0.05 a tie, and leaves out a dimension missing an order", () => {
    const answers: Record<string, DimensionAnswers> = everyDimension("tie", "tie");
    answers.ELEGANCE = { ab: answer("first"), ba: answer("second") }; // weight φ⁻¹ of ≈ 31.7 in all
    answers.KENOSIS = { ab: answer("first") };
    const summary = summarizeComparison(CYNIC_36, answers);
    expect(summary.margin).toBeGreaterThan(0);
    expect(summary.margin).toBeLessThan(0.05);
    expect(summary.winner).toBe("tie");
    expect(summary.failed).toEqual(["KENOSIS"]);
    expect(summary.dimensions.KENOSIS).toBeUndefined();
    expect(summary.first_position_rate).toBe(0.5);
  });

  it("has no first_position_rate when every answer is a tie", () => {
    expect(summarizeComparison(CYNIC_36, everyDimension("tie", "tie")).first_position_rate).toBeNull();
  });
});

describe("comparison answers", () => {
  it("asks for exactly the call's dimension ids, each a preference and a rationale", () => {
    const schema = preferenceSchema([{ id: "COHERENCE" }, { id: "ELEGANCE" }]) as { required: string[]; properties: Record<string, { properties: { prefer: { enum: string[] } } }> };
    expect(schema.required).toEqual(["COHERENCE", "ELEGANCE"]);
    expect(Object.keys(schema.properties)).toEqual(["COHERENCE", "ELEGANCE"]);
    expect(schema.properties.COHERENCE!.properties.prefer.enum).toEqual(["first", "second", "tie"]);
  });

  it("reads fenced answers, fails an unknown preference alone and never turns it into a tie", () => {
    const parsed = parsePreferences('```json\n{"COHERENCE":{"prefer":"First","rationale":"x"},"ELEGANCE":{"prefer":"both"}}\n```', ["COHERENCE", "ELEGANCE", "HARMONY"]);
    expect(parsed.outcomes.COHERENCE).toEqual({ status: "answered", prefer: "first", rationale: "x" });
    expect(parsed.outcomes.ELEGANCE).toMatchObject({ status: "failed" });
    expect(parsed.outcomes.HARMONY).toEqual({ status: "failed", error: "missing from the answer" });
    expect(parsed.problems).toHaveLength(2);
  });

  it("fails every dimension of an answer holding no JSON", () => {
    expect(parsePreferences("I prefer the first one.", ["COHERENCE"]).outcomes.COHERENCE).toMatchObject({ status: "failed" });
  });

  it("fences each content with its own tag and never names a or b", () => {
    const dimensions = CYNIC_36.axioms[0]!.dimensions;
    const [system, user] = buildComparisonMessages({
      dimensions,
      first: { content: "alpha", tag: "TAGONE" },
      second: { content: "beta", tag: "TAGTWO" },
      structured: "json",
    });
    expect(user!.content).toContain("<<<TAGONE>>>\nalpha\n<<<END TAGONE>>>");
    expect(user!.content).toContain("<<<TAGTWO>>>\nbeta\n<<<END TAGTWO>>>");
    expect(user!.content.indexOf("alpha")).toBeLessThan(user!.content.indexOf("beta"));
    expect(system!.content).toContain('"enum":["first","second","tie"]');
    expect(`${system!.content}${user!.content}`).not.toMatch(/\b[Cc]ontent [AB]\b/);
  });
});
