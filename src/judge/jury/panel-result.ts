import { summarize } from "../math.ts";
import type { DimensionOutcome, JudgmentSummary, Reality, Rubric } from "../types.ts";
import { aggregateScores, type Aggregate, type JurorScore } from "./aggregate.ts";
import { disagreementsOf, krippendorffAlpha, meanSpread, panelConfidence } from "./agreement.ts";

/**
 * From every juror's dimension outcomes to the panel's: each dimension's aggregate, the agreement
 * figures, and whether the panel reached its quorum. Pure; the cell persists the jurors' outcomes and
 * calls this to build (and re-build, after a restart) the panel's judgment.
 */

/** What a panel is, as the math needs it (the configuration's panel profile carries more). */
export interface PanelRule {
  /** Juror (member profile) names, in panel order. */
  members: readonly string[];
  aggregate: Aggregate;
  quorum: number;
  weights: Readonly<Record<string, number>>;
}

export type MemberStatus = "pending" | "scoring" | "completed" | "failed";

export interface PanelDimension {
  outcome: DimensionOutcome;
  /** Every juror's score of this dimension, null where it gave none. */
  jurors: Record<string, number | null>;
}

export interface PanelAgreement {
  alpha: number | null;
  mean_spread: number | null;
}

export type PanelResult =
  | { ok: true; summary: JudgmentSummary }
  | { ok: false; code: "insufficient_scores"; message: string };

/**
 * A finished juror is `completed` when it scored at least one dimension of every axiom (what a single
 * judge needs to complete), `failed` otherwise or when its endpoint failed.
 */
export function memberStatusOf(rubric: Rubric, outcomes: Record<string, DimensionOutcome>, endpointFailed: boolean): "completed" | "failed" {
  return !endpointFailed && summarize(rubric, outcomes).ok ? "completed" : "failed";
}

/** The panel's failure when fewer jurors completed than its quorum (failed jurors invent nothing), else null. */
export function belowQuorum(rule: PanelRule, statuses: Readonly<Record<string, MemberStatus>>): { ok: false; code: "insufficient_scores"; message: string } | null {
  const completed = rule.members.filter((juror) => statuses[juror] === "completed");
  if (completed.length >= rule.quorum) return null;
  const failed = rule.members.filter((juror) => statuses[juror] === "failed");
  return {
    ok: false,
    code: "insufficient_scores",
    message: `${completed.length} of ${rule.members.length} jurors completed, below the quorum of ${rule.quorum}${failed.length ? ` (failed: ${failed.join(", ")})` : ""}`,
  };
}

/**
 * The rationale closest to the panel's score (first juror in panel order on ties), so the text shown
 * with a dimension argues for the number shown with it.
 */
function closestRationale(scored: { juror: string; score: number; rationale: string }[], score: number): string {
  let best = scored[0]!;
  for (const entry of scored) if (Math.abs(entry.score - score) < Math.abs(best.score - score)) best = entry;
  return `${best.juror}: ${best.rationale}`;
}

/** Each dimension of the rubric, in rubric order, as the panel scored it. */
export function panelDimensions(rubric: Rubric, rule: PanelRule, jurors: Readonly<Record<string, Record<string, DimensionOutcome>>>): Record<string, PanelDimension> {
  const dimensions: Record<string, PanelDimension> = {};
  for (const axiom of rubric.axioms) {
    for (const { id } of axiom.dimensions) {
      const scored: (JurorScore & { rationale: string })[] = [];
      const byJuror: Record<string, number | null> = {};
      let answered = false;
      for (const juror of rule.members) {
        const outcome = jurors[juror]?.[id];
        if (outcome) answered = true;
        byJuror[juror] = outcome?.status === "scored" ? outcome.score : null;
        if (outcome?.status === "scored") scored.push({ juror, score: outcome.score, rationale: outcome.rationale });
      }
      if (!answered) continue;
      const score = aggregateScores(rule.aggregate, scored, rule.weights);
      dimensions[id] = {
        jurors: byJuror,
        outcome: score === null ? { status: "failed", error: "no juror could score this dimension" } : { status: "scored", score, rationale: closestRationale(scored, score) },
      };
    }
  }
  return dimensions;
}

/** α and the mean spread over the dimensions × jurors matrix, and the dimensions the jurors split on. */
export function panelAgreement(rubric: Rubric, rule: PanelRule, dimensions: Record<string, PanelDimension>, threshold: number) {
  const ids = rubric.axioms.flatMap((axiom) => axiom.dimensions.map((d) => d.id));
  const matrix = ids.map((id) => rule.members.map((juror) => dimensions[id]?.jurors[juror] ?? null));
  return {
    agreement: { alpha: krippendorffAlpha(matrix), mean_spread: meanSpread(matrix) } satisfies PanelAgreement,
    disagreements: disagreementsOf(ids, matrix, threshold),
  };
}

/**
 * The panel's judgment once its jurors are done: `insufficient_scores` below quorum (failed jurors
 * invent no score) or when an axiom has no aggregated score; otherwise the Part 1 math on the
 * aggregated scores, with the confidence scaled by agreement.
 */
export function panelResult(
  rubric: Rubric,
  rule: PanelRule,
  statuses: Readonly<Record<string, MemberStatus>>,
  dimensions: Record<string, PanelDimension>,
  alpha: number | null,
  reality?: Reality,
): PanelResult {
  const short = belowQuorum(rule, statuses);
  if (short) return short;
  const outcomes = Object.fromEntries(Object.entries(dimensions).map(([id, dimension]) => [id, dimension.outcome]));
  const result = summarize(rubric, outcomes, reality);
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  return { ok: true, summary: { ...result.summary, confidence: panelConfidence(result.summary.confidence, alpha) } };
}

/** Majority of a panel of `size`: more than half its jurors. */
export const majorityOf = (size: number) => Math.floor(size / 2) + 1;
