import { ruleOf, type StoredPanel } from "../../src/cells/jury-view.ts";
import { configOf, type JudgeProfile, type PanelJudge } from "../../src/config.ts";
import { panelComparison, jurorComparisonStatus } from "../../src/judge/comparison/panel.ts";
import { comparisonCeiling } from "../../src/judge/comparison/estimate.ts";
import { sumEstimates } from "../../src/judge/estimate.ts";
import type { SpendGuard } from "../../src/judge/spend-guard.ts";
import type { MemberStatus } from "../../src/judge/jury/panel-result.ts";
import { log } from "../../src/observability/log.ts";
import type { ComparisonEvent } from "../../src/schemas/stream.ts";
import { panelUsage } from "../../src/cells/panel-rules.ts";
import type { ComparisonJurorStore } from "./juror-answers.ts";
import { askPairs, comparisonGuard, countPairs, pendingCalls, type AnswerSink } from "./run.ts";
import type { Answers, ComparisonRequestRecord, ComparisonState, ComparisonStore } from "./store.ts";

/**
 * A panel's comparison: every juror compares in both orders, in parallel, each through its own
 * endpoint's gate, each (juror, order, dimension) answer persisted as it lands, so a restart asks each
 * juror only for its missing pairs. A juror that fails does not fail the panel while the quorum holds.
 */

/** The worst case of every juror's missing calls (src/judge/comparison/estimate.ts), summed. */
export function panelComparisonCeiling(panel: PanelJudge, request: Pick<ComparisonRequestRecord, "a" | "b" | "context" | "rubric">, answered: Readonly<Record<string, Answers>>) {
  const axioms = Object.fromEntries(request.rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
  return sumEstimates(panel.members.map((member) => comparisonCeiling(member, pendingCalls(request, member.batch, answered[member.name] ?? {}), { ...request, axioms })));
}

export interface PanelComparisonContext {
  env: Env;
  store: ComparisonStore;
  jurors: ComparisonJurorStore;
  publish: (event: ComparisonEvent) => void;
  state: ComparisonState;
  panel: StoredPanel;
  leaseMs: number;
  incarnation: string;
}

/** Runs one juror to its end; never throws (an unexpected error fails this juror only). */
async function runJuror(context: PanelComparisonContext, juror: string, profile: JudgeProfile | undefined, progress: { done: number; total: number }, guard: SpendGuard): Promise<void> {
  const { env, jurors, state } = context;
  const { request } = state;
  if (!profile) return jurors.finishJuror(juror, "failed", { code: "invalid_request", message: `judge profile "${juror}" is no longer configured` });
  const sink: AnswerSink = {
    juror,
    answered: () => jurors.answers()[juror] ?? {},
    usage: () => jurors.records()[juror]!.usage,
    record: (order, answers, usage) => jurors.recordAnswers(juror, order, answers, usage),
  };
  try {
    // Each juror holds permits of its own endpoint's gate: one slow or broken endpoint limits only itself.
    const holder = { holder: `${state.cellId}#${juror}`, incarnation: context.incarnation };
    const error = await askPairs({ env, request, profile, sink, holder, leaseMs: context.leaseMs, publish: context.publish, progress, guard });
    const status = jurorComparisonStatus(request.rubric, sink.answered(), error !== null);
    jurors.finishJuror(juror, status, status === "completed" ? null : (error ?? { code: "insufficient_scores", message: "no dimension could be compared in both orders" }));
  } catch (error) {
    log("comparison.juror_error", { cell_id: state.cellId, juror, error: String(error) });
    jurors.finishJuror(juror, "failed", { code: "internal", message: "the juror could not be run" });
  }
}

/**
 * Asks every juror for its missing pairs, then ends the comparison: `completed` when at least
 * `quorum` jurors completed and some dimension has a verdict, else `failed` `insufficient_scores`.
 */
export async function runPanelComparison(context: PanelComparisonContext): Promise<void> {
  const { env, store, jurors, state, panel } = context;
  const { rubric } = state.request;
  const names = panel.members.map((member) => member.profile);
  store.markScoring(Date.now());
  jurors.startComparing(names);
  const progress = { done: jurors.answeredCount(), total: countPairs(rubric) * names.length };
  context.publish({ type: "comparison.started", run_id: state.runId, rubric: { id: rubric.id, version: rubric.version }, total: progress.total });
  const profiles = configOf(env).profiles;
  // One budget for the whole panel: every juror's calls draw on it.
  const guard = comparisonGuard(env, store, panelUsage(jurors.records()).cost_usd);
  await Promise.all(names.map((juror) => runJuror(context, juror, profiles[juror], progress, guard)));
  const records = jurors.records();
  store.recordUsage(panelUsage(records));
  const statuses: Record<string, MemberStatus> = Object.fromEntries(names.map((juror) => [juror, records[juror]?.status ?? "failed"]));
  const result = panelComparison(rubric, ruleOf(panel), statuses, jurors.answers(), state.request.reality);
  if (result.ok) store.finish("completed", null, Date.now());
  else store.finish("failed", { code: result.code, message: result.message }, Date.now());
}
