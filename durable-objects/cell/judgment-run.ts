import type { StreamEvent } from "../../src/schemas/stream.ts";
import { configOf, type JudgeProfile } from "../../src/config.ts";
import { addCost } from "../../src/judge/cost.ts";
import { estimateCost } from "../../src/judge/estimate.ts";
import { summarize } from "../../src/judge/math.ts";
import type { BatchError, JudgeInput } from "../../src/judge/provider.ts";
import { createProvider } from "../../src/judge/providers/index.ts";
import { planBatches, scoreBatches } from "../../src/judge/scoring.ts";
import { SpendGuard } from "../../src/judge/spend-guard.ts";
import type { DimensionOutcome, Rubric } from "../../src/judge/types.ts";
import { fenceTag } from "../../src/security/fence-tag.ts";
import type { GateHolder } from "../../src/objects/gate.ts";
import { admitToEndpoint, reclaimAtEndpoint, releaseToEndpoint } from "../../src/objects/gate-admission.ts";
import { log } from "../../src/observability/log.ts";
import { countDimensions } from "../../src/rubrics/count-dimensions.ts";
import type { CellRequest, CellState, CellStore } from "./store.ts";
import type { CellStream } from "./stream.ts";

/** What a judge sees of a cell's request, but the fence tag (what a cost estimate needs). */
export function judgeInput(request: Pick<CellRequest, "content" | "context" | "rubric">): Omit<JudgeInput, "fence"> {
  return {
    content: request.content,
    context: request.context,
    axioms: Object.fromEntries(request.rubric.axioms.map((axiom) => [axiom.id, axiom.description])),
  };
}

/** What a judge sees of a cell's request, its content fenced under the deployment's secret. */
export async function fencedInput(env: Env, request: Pick<CellRequest, "content" | "context" | "rubric">): Promise<JudgeInput> {
  return { ...judgeInput(request), fence: await fenceTag(configOf(env).fenceSecret, [request.content, request.context]) };
}

/** The guard of a judgment's spend: its budget (the server's maximum for cells of earlier builds) and what it spent. */
export function spendGuardOf(env: Env, state: Pick<CellState, "budgetUsd">, spentUsd: number): SpendGuard {
  return new SpendGuard(state.budgetUsd ?? configOf(env).budgetUsd, spentUsd);
}

/** Dimensions not yet scored: a resumed or retried judgment asks only for these. */
export function pendingDimensions(rubric: Rubric, done: Record<string, DimensionOutcome>): Set<string> {
  return new Set(rubric.axioms.flatMap((axiom) => axiom.dimensions.map((d) => d.id)).filter((id) => done[id]?.status !== "scored"));
}

/** The worst-case cost of what is still to score (src/judge/estimate.ts): what a quota reserves. */
export function remainingCeiling(
  profile: JudgeProfile,
  request: Pick<CellRequest, "content" | "context" | "rubric">,
  done: Record<string, DimensionOutcome>,
): { usd: number; calls: number } {
  const batches = planBatches(request.rubric, profile.batch, pendingDimensions(request.rubric, done));
  return estimateCost(profile, batches, judgeInput(request));
}

export interface JudgmentRunContext {
  env: Env;
  store: CellStore;
  stream: CellStream;
  profile: JudgeProfile;
  state: CellState;
  /** How long the judgment may hold the endpoint's permits before they are presumed lost. */
  leaseMs: number;
  /** The cell and its live instance, as the gate knows them. */
  holder: GateHolder;
  /** True when this run takes over one a previous instance of the cell left unfinished. */
  resumed: boolean;
}

/**
 * Scores what is missing of a cell's judgment, persisting and streaming each batch as it ends, then
 * ends it: `completed` when every axiom has a score, else `failed` (the endpoint's error when the endpoint
 * failed, `insufficient_scores` when its answers could not be read). Never throws for a judge's failure.
 */
export async function runJudgment({ env, store, stream, profile, state, leaseMs, holder, resumed }: JudgmentRunContext): Promise<void> {
  const { rubric } = state.request;
  // The cell marked it scoring before its first await (durable-objects/cell/cell.ts).
  const startedAt = store.load()!.startedAt ?? Date.now();
  const total = countDimensions(rubric);
  stream.publish(state.cellId, { type: "judgment.started", judgment_id: state.judgmentId, rubric: { id: rubric.id, version: rubric.version }, total });
  const pending = pendingDimensions(rubric, store.dimensions());
  const batches = planBatches(rubric, profile.batch, pending);
  // The permits the crashed instance held come back before this one asks for its own.
  if (resumed) await reclaimAtEndpoint(env, profile, holder);
  const admission = await admitToEndpoint(env, profile, holder, batches.length, leaseMs);
  if ("refused" in admission) {
    const { code, message, retryAfterSeconds } = admission.refused;
    store.finish("failed", { error: { code, message, retry_after_seconds: retryAfterSeconds } }, Date.now());
    return logJudgment(env, store.load()!, Date.now() - startedAt);
  }
  let usage = state.usage;
  let done = total - pending.size;
  let endpointError: BatchError | undefined;
  const calls = { faults: 0, successes: 0 };
  try {
    await scoreBatches({
      provider: createProvider(profile),
      input: await fencedInput(env, state.request),
      batches,
      concurrency: admission.concurrency,
      budget: spendGuardOf(env, state, usage.cost_usd),
      onBatch: (batch, result) => {
        usage = addCost(usage, result.usage, profile);
        if (result.error?.endpointFault) calls.faults += 1;
        else calls.successes += 1;
        if (result.error) endpointError = result.error;
        // Dimensions a failing endpoint never answered stay unrecorded, so a retry asks for them again.
        store.recordBatch(result.error ? {} : result.outcomes, usage);
        const frames: StreamEvent[] = [];
        for (const dimension of batch) {
          const outcome = result.outcomes[dimension.id];
          if (!outcome) continue;
          if (outcome.status === "scored") done += 1;
          frames.push(
            outcome.status === "scored"
              ? { type: "dimension.scored", dimension: dimension.id, axiom: dimension.axiom, score: outcome.score, done, total }
              : { type: "dimension.failed", dimension: dimension.id, error: outcome.error },
          );
        }
        stream.publishAll(state.cellId, frames);
      },
    });
  } finally {
    if (admission.granted) await releaseToEndpoint(env, profile, admission.granted.grantId, calls);
  }
  const result = summarize(rubric, store.dimensions(), state.request.reality);
  const completedAt = Date.now();
  if (endpointError) {
    const { code, message, retryAfterSeconds } = endpointError;
    store.finish("failed", { error: { code, message, ...(retryAfterSeconds ? { retry_after_seconds: retryAfterSeconds } : {}) } }, completedAt);
  }
  else if (result.ok) store.finish("completed", { summary: result.summary }, completedAt);
  else store.finish("failed", { error: { code: result.code, message: result.message } }, completedAt);
  logJudgment(env, store.load()!, completedAt - startedAt);
}

/** One structured line per finished judgment (model calls, tokens, cost, outcome; docs/runbook.md "Reading the logs"). */
export function logJudgment(env: Env, state: CellState, scoringMs: number): void {
  if (!configOf(env).requestLogs) return;
  log("judgment", {
    cell_id: state.cellId,
    judgment_id: state.judgmentId,
    status: state.status,
    error_code: state.error?.code ?? null,
    attempts: state.attempts,
    profile: state.request.judge.profile,
    provider: state.request.judge.provider,
    model: state.request.judge.model,
    ...state.usage,
    scoring_ms: scoringMs,
  });
}
