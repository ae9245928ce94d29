import { describe, expect, it } from "vitest";
import { PHI } from "../../src/judge/golden-ratio.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import { REALITIES } from "../../src/judge/types.ts";

const ids = (axiom: number) => CYNIC_36.axioms[axiom]!.dimensions.map((d) => d.id);

describe("the built-in cynic-36 rubric", () => {
  it("has five axioms of seven dimensions in the model's order", () => {
    expect(CYNIC_36).toMatchObject({ id: "cynic-36", version: 1, verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 } });
    expect(CYNIC_36.axioms.map((a) => a.id)).toEqual(["PHI", "VERIFY", "CULTURE", "BURN", "FIDELITY"]);
    expect(ids(0)).toEqual(["COHERENCE", "ELEGANCE", "STRUCTURE", "HARMONY", "PRECISION", "COMPLETENESS", "PROPORTION"]);
    expect(ids(4)).toEqual(["COMMITMENT", "ATTUNEMENT", "CANDOR", "CONGRUENCE", "ACCOUNTABILITY", "VIGILANCE", "KENOSIS"]);
    expect(CYNIC_36.axioms.flatMap((a) => a.dimensions)).toHaveLength(35);
  });

  it("weighs positions φ, φ⁻¹, 1, φ, φ⁻², φ⁻¹, φ⁻¹ in every axiom", () => {
    for (const axiom of CYNIC_36.axioms) {
      expect(axiom.dimensions.map((d) => d.weight)).toEqual([PHI, 1 / PHI, 1, PHI, 1 / PHI ** 2, 1 / PHI, 1 / PHI]);
      expect(axiom.dimensions.every((d) => d.axiom === axiom.id && d.description.length > 20)).toBe(true);
    }
  });

  it("sets the thresholds the model notes, 50 elsewhere", () => {
    const thresholds = Object.fromEntries(CYNIC_36.axioms.flatMap((a) => a.dimensions.map((d) => [d.id, d.threshold])));
    expect(thresholds).toMatchObject({ ACCURACY: 60, INTEGRITY: 60, VERIFIABILITY: 60, REPRODUCIBILITY: 55, RESONANCE: 45, NOVELTY: 40, IMPACT: 45, LINEAGE: 45, SACRIFICE: 60 });
    const special = new Set(["ACCURACY", "INTEGRITY", "VERIFIABILITY", "REPRODUCIBILITY", "RESONANCE", "NOVELTY", "IMPACT", "LINEAGE", "SACRIFICE"]);
    expect(Object.entries(thresholds).filter(([id]) => !special.has(id)).every(([, t]) => t === 50)).toBe(true);
  });

  it("has axiom weights for every reality, per the model's table", () => {
    for (const reality of REALITIES) expect(Object.keys(CYNIC_36.realityWeights[reality]!).sort()).toEqual(["BURN", "CULTURE", "FIDELITY", "PHI", "VERIFY"]);
    expect(CYNIC_36.realityWeights.CODE).toEqual({ PHI, VERIFY: PHI ** 2, CULTURE: 1, BURN: PHI, FIDELITY: 1 / PHI });
    expect(CYNIC_36.realityWeights.COSMOS).toEqual({ PHI: PHI ** 2, VERIFY: 1, CULTURE: PHI ** 3, BURN: 1 / PHI, FIDELITY: PHI });
  });

  it("never asks for the computed meta dimension", () => {
    expect(CYNIC_36.axioms.flatMap((a) => a.dimensions).some((d) => d.id === "THE_UNNAMEABLE")).toBe(false);
  });
});
