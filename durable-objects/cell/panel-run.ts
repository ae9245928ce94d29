import type { StreamEvent } from "../../src/schemas/stream.ts";
import { ruleOf, scoredPairs, type StoredPanel } from "../../src/cells/jury-view.ts";
import { jurorProfiles, panelUsage } from "../../src/cells/panel-rules.ts";
import { type JudgeProfile, type PanelJudge } from "../../src/config.ts";
import { addCost, ZERO_COST } from "../../src/judge/cost.ts";
import { estimateCost, type PromptMemo } from "../../src/judge/estimate.ts";
import { memberStatusOf, panelResult, type MemberStatus } from "../../src/judge/jury/panel-result.ts";
import { summarize } from "../../src/judge/math.ts";
import type { BatchError, JudgeInput } from "../../src/judge/provider.ts";
import type { SpendGuard } from "../../src/judge/spend-guard.ts";
import { createProvider } from "../../src/judge/providers/index.ts";
import { planBatches, scoreBatches } from "../../src/judge/scoring.ts";
import type { DimensionOutcome, DimensionSpec } from "../../src/judge/types.ts";
import { log } from "../../src/observability/log.ts";
import { countDimensions } from "../../src/rubrics/count-dimensions.ts";
import { admitJurors, type JurorAdmission } from "../../src/objects/juror-admission.ts";
import type { GateHolder } from "../../src/objects/gate.ts";
import { fencedInput, judgeInput, logJudgment, pendingDimensions, spendGuardOf } from "./judgment-run.ts";
import type { JurorStore } from "./juror-store.ts";
import type { CellRequest, CellState, CellStore } from "./store.ts";
import type { CellStream } from "./stream.ts";

/**
 * A panel's judgment: every juror in parallel, each through its own endpoint's gate and breaker, each
 * (juror, dimension) outcome persisted as it lands, so a restart or a retry asks only for the missing
 * pairs. A juror that fails does not fail the panel while the quorum holds.
 */

export interface PanelCeiling {
  usd: number;
  calls: number;
  /** Each juror's worst case for what it still has to score. */
  members: { profile: string; estimatedUsd: number; calls: number }[];
}

/** The worst case of the whole panel: every juror's missing pairs (src/judge/estimate.ts). */
export function panelCeiling(
  panel: PanelJudge,
  request: Pick<CellRequest, "content" | "context" | "rubric">,
  done: Readonly<Record<string, Record<string, DimensionOutcome>>>,
): PanelCeiling {
  const input = judgeInput(request);
  const prompts: PromptMemo = new Map();
  const members = panel.members.map((member) => {
    const batches = planBatches(request.rubric, member.batch, pendingDimensions(request.rubric, done[member.name] ?? {}));
    const estimate = estimateCost(member, batches, input, prompts);
    return { profile: member.name, estimatedUsd: estimate.usd, calls: estimate.calls };
  });
  // Sum in micro-dollars: each estimate is already a ceiling at 1e-6.
  const usd = Math.round(members.reduce((sum, member) => sum + member.estimatedUsd * 1e6, 0)) / 1e6;
  return { usd, calls: members.reduce((sum, member) => sum + member.calls, 0), members };
}

export interface PanelRunContext {
  env: Env;
  /** The whole panel's budget: every juror's calls draw on it. */
  guard: SpendGuard;
  store: CellStore;
  jurors: JurorStore;
  stream: CellStream;
  state: CellState;
  panel: StoredPanel;
  leaseMs: number;
  /** The cell's live instance, as the gate knows it: each juror holds permits as `<cell id>#<juror>`. */
  holder: GateHolder;
}

/** A juror ready to run: its profile, its missing batches and its endpoint's permits. */
interface JurorStart {
  juror: string;
  profile: JudgeProfile;
  batches: DimensionSpec[][];
  permits: JurorAdmission;
}

/** Runs one juror to its end; never throws (an unexpected error fails this juror only). */
async function runJuror(context: PanelRunContext, { juror, profile, batches, permits }: JurorStart, progress: { done: number; total: number }, input: JudgeInput): Promise<void> {
  const { jurors, stream, state, guard } = context;
  const { rubric } = state.request;
  const { admission } = permits;
  let endpointError: BatchError | undefined;
  const calls = { faults: 0, successes: 0 };
  try {
    if ("refused" in admission) return jurors.finishJuror(juror, "failed", { code: admission.refused.code, message: admission.refused.message });
    let usage = jurors.records()[juror]?.usage ?? ZERO_COST;
    await scoreBatches({
      provider: createProvider(profile),
      input,
      batches,
      concurrency: admission.concurrency,
      budget: guard,
      onBatch: (batch, result) => {
        usage = addCost(usage, result.usage, profile);
        if (result.error?.endpointFault) calls.faults += 1;
        else calls.successes += 1;
        if (result.error) endpointError = result.error;
        // Pairs a failing endpoint never answered stay unrecorded, so a retry asks for them again.
        // The juror's row holds its usage; the cell's total is written once, at the end.
        jurors.recordBatch(juror, result.error ? {} : result.outcomes, usage);
        const frames: StreamEvent[] = [];
        for (const dimension of batch) {
          const outcome = result.outcomes[dimension.id];
          if (!outcome) continue;
          if (outcome.status === "scored") progress.done += 1;
          frames.push(
            outcome.status === "scored"
              ? { type: "dimension.scored", juror, dimension: dimension.id, axiom: dimension.axiom, score: outcome.score, done: progress.done, total: progress.total }
              : { type: "dimension.failed", juror, dimension: dimension.id, error: outcome.error },
          );
        }
        stream.publishAll(state.cellId, frames);
      },
    });
  } catch (error) {
    log("cell.juror_error", { cell_id: state.cellId, juror, error: String(error) });
    return jurors.finishJuror(juror, "failed", { code: "internal", message: "the juror could not be run" });
  } finally {
    // Whatever happened: jurors sharing a gate release together, when the last of them gets here.
    await permits.release(calls);
  }
  const outcomes = jurors.outcomes()[juror] ?? {};
  const status = memberStatusOf(rubric, outcomes, endpointError !== undefined);
  if (status === "completed") return jurors.finishJuror(juror, status, null);
  const summary = summarize(rubric, outcomes);
  const error = endpointError ?? { code: "insufficient_scores", message: summary.ok ? "no score" : summary.message };
  jurors.finishJuror(juror, status, { code: error.code, message: error.message });
}

/**
 * Scores every juror's missing pairs, then ends the judgment: `completed` when at least `quorum`
 * jurors completed and every axiom has an aggregated score, else `failed` `insufficient_scores`.
 */
export async function runPanel(context: Omit<PanelRunContext, "guard">): Promise<void> {
  const { env, store, jurors, stream, state, panel } = context;
  const { rubric } = state.request;
  // The cell marked it scoring before its first await (durable-objects/cell/cell.ts).
  const startedAt = store.load()!.startedAt ?? Date.now();
  const names = panel.members.map((member) => member.profile);
  jurors.startScoring(names);
  const progress = { done: scoredPairs(jurors.outcomes()), total: countDimensions(rubric) * names.length };
  stream.publish(state.cellId, { type: "judgment.started", judgment_id: state.judgmentId, rubric: { id: rubric.id, version: rubric.version }, total: progress.total });
  const profiles = jurorProfiles(env, panel);
  const input = await fencedInput(env, state.request);
  const guarded = { ...context, guard: spendGuardOf(env, state, panelUsage(jurors.records()).cost_usd) };
  const planned = names.flatMap((juror) => {
    const profile = profiles.get(juror);
    if (!profile) {
      jurors.finishJuror(juror, "failed", { code: "invalid_request", message: `judge profile "${juror}" is no longer configured` });
      return [];
    }
    return [{ juror, profile, batches: planBatches(rubric, profile.batch, pendingDimensions(rubric, jurors.outcomes()[juror] ?? {})) }];
  });
  // Each juror holds permits of its own endpoint's gate: one slow or broken endpoint limits only itself.
  // Jurors sharing a gate ask it together (src/objects/juror-admission.ts).
  const admitted = await admitJurors(env, planned.map(({ juror, profile, batches }) => ({ profile, holder: { holder: `${context.holder.holder}#${juror}`, incarnation: context.holder.incarnation }, wanted: batches.length })), context.leaseMs);
  await Promise.all(planned.map((start, index) => runJuror(guarded, { ...start, permits: admitted[index]! }, progress, input)));
  const records = jurors.records();
  const view = jurors.view(rubric, panel);
  const statuses: Record<string, MemberStatus> = Object.fromEntries(names.map((juror) => [juror, records[juror]?.status ?? "failed"]));
  const result = panelResult(rubric, ruleOf(panel), statuses, view.dimensions, view.jury.agreement.alpha, state.request.reality);
  jurors.saveFinished();
  store.recordBatch({}, panelUsage(records));
  const completedAt = Date.now();
  // A panel that fell short because a juror stopped at the budget says so: a larger budget is the fix.
  const stopped = Object.values(records).find((record) => record.error?.code === "budget_exhausted")?.error;
  if (result.ok) store.finish("completed", { summary: result.summary }, completedAt);
  else store.finish("failed", { error: stopped ? { code: stopped.code, message: stopped.message } : { code: result.code, message: result.message } }, completedAt);
  logJudgment(env, store.load()!, completedAt - startedAt);
}
