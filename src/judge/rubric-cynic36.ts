import { PHI, PHI2, PHI3, PHI_INV, POSITION_WEIGHTS } from "./golden-ratio.ts";
import type { AxiomSpec, Rubric } from "./types.ts";

/**
 * The built-in `cynic-36` rubric (docs/judgment-model.md): five axioms of seven dimensions, weights by
 * position, thresholds of 50 unless noted. The 36th dimension, THE_UNNAMEABLE, is computed by the math
 * (`unnameable`) and never asked of a judge, so it is not listed here.
 */

type DimensionRow = [id: string, description: string, threshold?: number];

function axiom(id: string, description: string, rows: DimensionRow[]): AxiomSpec {
  return {
    id,
    description,
    dimensions: rows.map(([dimension, text, threshold = 50], position) => ({
      id: dimension,
      axiom: id,
      description: text,
      weight: POSITION_WEIGHTS[position]!,
      threshold,
    })),
  };
}

const AXIOMS: AxiomSpec[] = [
  axiom("PHI", "Form: how well the work is shaped.", [
    ["COHERENCE", "Its parts agree with one another; nothing contradicts anything else."],
    ["ELEGANCE", "It reaches its aim by the simplest means that work, without needless machinery."],
    ["STRUCTURE", "Its organization is clear: a reader can find their way through it."],
    ["HARMONY", "Its parts are in balance; no part crowds out or starves another."],
    ["PRECISION", "It is exact and unambiguous in what it says or does."],
    ["COMPLETENESS", "It covers everything its purpose requires, with no gaps left open."],
    ["PROPORTION", "Its size and effort fit how much the matter is worth."],
  ]),
  axiom("VERIFY", "Evidence: whether its claims and behaviour can be trusted.", [
    ["ACCURACY", "What it claims, or how it behaves, is correct.", 60],
    ["PROVENANCE", "Where it comes from, and its sources, are identified."],
    ["INTEGRITY", "It is unaltered and hides no behaviour or intent.", 60],
    ["VERIFIABILITY", "Its claims can be checked, through tests, references or reproducible steps.", 60],
    ["TRANSPARENCY", "Its reasoning and method are visible, not just its conclusions."],
    ["REPRODUCIBILITY", "Someone else following it would get the same results.", 55],
    ["CONSENSUS", "It agrees with established knowledge or accepted practice, or says why not."],
  ]),
  axiom("CULTURE", "Fit: how it stands among people and prior work.", [
    ["AUTHENTICITY", "It is genuine work, not imitation or boilerplate."],
    ["RESONANCE", "It speaks to its intended audience in terms they can take up.", 45],
    ["NOVELTY", "It brings something new rather than restating the known.", 40],
    ["ALIGNMENT", "It follows the conventions of the ecosystem it belongs to."],
    ["RELEVANCE", "It addresses the matter at hand, not something beside it."],
    ["IMPACT", "It is likely to matter to someone once it exists.", 45],
    ["LINEAGE", "It builds on prior work and credits it.", 45],
  ]),
  axiom("BURN", "Value: what it gives against what it costs.", [
    ["UTILITY", "It is useful for what it is for."],
    ["SUSTAINABILITY", "It can be maintained and kept healthy over time."],
    ["EFFICIENCY", "It uses time, compute, money or attention well."],
    ["VALUE_CREATION", "It creates more value than it consumes."],
    ["SACRIFICE", "It gives rather than extracts; its author bears real cost for others' benefit.", 60],
    ["CONTRIBUTION", "It adds to a shared good beyond its author."],
    ["IRREVERSIBILITY", "The commitments it makes are real and lasting, not easily walked back."],
  ]),
  axiom("FIDELITY", "Honesty: whether it is true to itself and to others.", [
    ["COMMITMENT", "It stays loyal to its declared purpose."],
    ["ATTUNEMENT", "It responds to feedback and to the needs of those it serves."],
    ["CANDOR", "It states hard truths, its limits and its risks plainly."],
    ["CONGRUENCE", "It says what it does and does what it says."],
    ["ACCOUNTABILITY", "Its decisions are owned and can be traced to who made them and why."],
    ["VIGILANCE", "It watches for its own drift, errors and failure modes."],
    ["KENOSIS", "It is free of ego and lets go of what is not needed."],
  ]),
];

/** Axiom weights per reality (docs/judgment-model.md, step 3); no reality weighs every axiom 1. */
const REALITY_WEIGHTS: Rubric["realityWeights"] = {
  CODE: { PHI, VERIFY: PHI2, CULTURE: 1, BURN: PHI, FIDELITY: PHI_INV },
  SOLANA: { PHI: 1, VERIFY: PHI3, CULTURE: PHI, BURN: PHI_INV, FIDELITY: PHI2 },
  MARKET: { PHI: PHI2, VERIFY: PHI, CULTURE: 1, BURN: PHI_INV, FIDELITY: PHI },
  SOCIAL: { PHI, VERIFY: 1, CULTURE: PHI2, BURN: PHI_INV, FIDELITY: PHI },
  HUMAN: { PHI, VERIFY: 1, CULTURE: PHI2, BURN: PHI_INV, FIDELITY: PHI3 },
  CYNIC: { PHI: PHI2, VERIFY: PHI2, CULTURE: 1, BURN: PHI, FIDELITY: PHI },
  COSMOS: { PHI: PHI2, VERIFY: 1, CULTURE: PHI3, BURN: PHI_INV, FIDELITY: PHI },
};

export const CYNIC_36: Rubric = Object.freeze({
  id: "cynic-36",
  version: 1,
  description:
    "Five axioms (form, evidence, fit, value, honesty) of seven dimensions each, golden-ratio weights, " +
    "a geometric-mean Q-score and dog verdicts; THE_UNNAMEABLE is computed, never asked.",
  axioms: AXIOMS,
  realityWeights: REALITY_WEIGHTS,
  verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 },
});
