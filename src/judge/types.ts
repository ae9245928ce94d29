/**
 * Shapes shared by the judge's pure domain code (rubric, math, heuristic, prompt, parsing) and the cell
 * that drives it. Nothing here does I/O.
 */

export const REALITIES = ["CODE", "SOLANA", "MARKET", "SOCIAL", "HUMAN", "CYNIC", "COSMOS"] as const;
export type Reality = (typeof REALITIES)[number];

export const VERDICTS = ["HOWL", "WAG", "GROWL", "BARK"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One dimension a model (or the heuristic) is asked to score, 0..100. */
export interface DimensionSpec {
  /** Upper-snake id, unique within the rubric, e.g. `COHERENCE`. */
  id: string;
  /** Id of the axiom this dimension belongs to. */
  axiom: string;
  /** What the dimension asks, in words a model can act on. */
  description: string;
  /** Position weight inside its axiom (φ, φ⁻¹, 1, … for cynic-36). */
  weight: number;
  /** Scores strictly below this are flagged. */
  threshold: number;
}

export interface AxiomSpec {
  id: string;
  description: string;
  /** In rubric order: the order sets nothing by itself, weights are explicit. */
  dimensions: DimensionSpec[];
}

/** Minimum Q for each verdict; anything below `GROWL` is `BARK`. */
export interface VerdictBands {
  HOWL: number;
  WAG: number;
  GROWL: number;
}

export interface Rubric {
  id: string;
  version: number;
  description: string;
  axioms: AxiomSpec[];
  /** Axiom weights per reality; a reality missing here (or no reality) weighs every axiom 1. */
  realityWeights: Partial<Record<Reality, Record<string, number>>>;
  verdicts: VerdictBands;
}

/** The outcome of scoring one dimension. A failure is never a number. */
export type DimensionOutcome =
  | {
      status: "scored";
      score: number;
      rationale: string;
      /** With probability-weighted scoring: the number the model wrote (`score` is then the expectation). */
      raw_score?: number;
      /** How `score` was obtained, recorded only when the profile asked for probability-weighted scores. */
      scoring?: "logprobs" | "direct";
    }
  | { status: "failed"; error: string };

/** Everything the math derives from the dimension outcomes. */
export interface JudgmentSummary {
  q_score: number;
  verdict: Verdict;
  confidence: number;
  axioms: Record<string, number>;
  unnameable: number;
  weakest: { axiom: string; score: number; drag: number };
  flags: string[];
}

export type SummaryResult =
  | { ok: true; summary: JudgmentSummary }
  | { ok: false; code: "insufficient_scores"; message: string; axioms: string[] };
