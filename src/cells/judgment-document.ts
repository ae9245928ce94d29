import type { DimensionOutcome } from "../judge/types.ts";
import type { DimensionResult, Judgment, JudgmentStatus } from "../schemas/judgment.ts";
import type { JuryView } from "./jury-view.ts";

/** What the document is built from: the cell's stored state (see durable-objects/cell/store.ts). */
export interface JudgmentSource {
  cellId: string;
  contentDigest: string;
  judgmentId: string;
  status: JudgmentStatus;
  request: {
    reality?: Judgment["reality"] | undefined;
    rubric: { id: string; version: number; axioms: { id: string; dimensions: { id: string }[] }[] };
    judge: Judgment["judge"];
  };
  summary: Pick<Judgment, "q_score" | "verdict" | "confidence" | "axioms" | "unnameable" | "weakest" | "flags"> | null;
  error: Judgment["error"] | null;
  usage: Judgment["usage"];
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
}

function dimensionResult(axiom: string, outcome: DimensionOutcome): DimensionResult {
  if (outcome.status === "failed") return { axiom, score: null, rationale: null, status: "failed", error: outcome.error };
  return {
    axiom,
    score: outcome.score,
    rationale: outcome.rationale,
    status: "scored",
    ...(outcome.scoring ? { scoring: outcome.scoring, raw_score: outcome.raw_score ?? outcome.score } : {}),
  };
}

function dimensionResults(
  source: JudgmentSource,
  outcomes: Record<string, DimensionOutcome>,
  jury: JuryView | undefined,
): Record<string, DimensionResult> {
  const results: Record<string, DimensionResult> = {};
  for (const axiom of source.request.rubric.axioms) {
    for (const { id } of axiom.dimensions) {
      const panel = jury?.dimensions[id];
      const outcome = jury ? panel?.outcome : outcomes[id];
      if (!outcome) continue;
      results[id] = panel ? { ...dimensionResult(axiom.id, outcome), jurors: panel.jurors } : dimensionResult(axiom.id, outcome);
    }
  }
  return results;
}

/**
 * Dimensions a probability-weighted judge scored without usable probabilities (each juror's, for a
 * panel); undefined when no judge involved scores that way.
 */
function scoringFallbacks(outcomes: Iterable<DimensionOutcome>): number | undefined {
  let weighted = false;
  let fallbacks = 0;
  for (const outcome of outcomes) {
    if (outcome.status !== "scored" || !outcome.scoring) continue;
    weighted = true;
    if (outcome.scoring === "direct") fallbacks += 1;
  }
  return weighted ? fallbacks : undefined;
}

/** Elapsed times; `queued_ms` is receipt → first scoring, `scoring_ms` is the last attempt's duration. */
function timing(source: JudgmentSource) {
  const { createdAt, startedAt, completedAt } = source;
  return {
    queued_ms: startedAt === null ? null : startedAt - createdAt,
    scoring_ms: startedAt === null || completedAt === null ? null : completedAt - startedAt,
    total_ms: completedAt === null ? null : completedAt - createdAt,
  };
}

/**
 * Builds the judgment object of the API (`JudgmentSchema` in src/schemas/judgment.ts) from a cell's state.
 *
 * @example
 * const judgment = judgmentDocument(state, store.dimensions(), { cached: true });
 */
export function judgmentDocument(
  source: JudgmentSource,
  outcomes: Record<string, DimensionOutcome>,
  options: { cached: boolean; jury?: { view: JuryView; jurorOutcomes: Iterable<DimensionOutcome> } | undefined },
): Judgment {
  const fallbacks = scoringFallbacks(options.jury ? options.jury.jurorOutcomes : Object.values(outcomes));
  const summary = source.status === "completed" ? source.summary : null;
  const self = `/v1/judgments/${encodeURIComponent(source.cellId)}`;
  return {
    cell_id: source.cellId,
    content_digest: source.contentDigest,
    judgment_id: source.judgmentId,
    status: source.status,
    cached: options.cached,
    rubric: { id: source.request.rubric.id, version: source.request.rubric.version },
    reality: source.request.reality ?? null,
    judge: fallbacks === undefined ? source.request.judge : { ...source.request.judge, scoring_fallbacks: fallbacks },
    q_score: summary?.q_score ?? null,
    verdict: summary?.verdict ?? null,
    confidence: summary?.confidence ?? null,
    axioms: summary?.axioms ?? {},
    dimensions: dimensionResults(source, outcomes, options.jury?.view),
    unnameable: summary?.unnameable ?? null,
    weakest: summary?.weakest ?? null,
    flags: summary?.flags ?? [],
    usage: source.usage,
    ...(options.jury ? { jury: options.jury.view.jury } : {}),
    timing: timing(source),
    ...(source.error ? { error: source.error } : {}),
    created_at: new Date(source.createdAt).toISOString(),
    completed_at: source.completedAt === null ? null : new Date(source.completedAt).toISOString(),
    links: { self, stream: `/v1/cells/${encodeURIComponent(source.cellId)}/stream` },
  };
}
