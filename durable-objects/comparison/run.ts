import { configOf, type JudgeProfile } from "../../src/config.ts";
import { addCost, type CostedUsage } from "../../src/judge/cost.ts";
import { summarizeComparison, type Order, type PreferenceAnswer } from "../../src/judge/comparison/outcome.ts";
import { createComparisonProvider, type ComparisonInput } from "../../src/judge/comparison/provider.ts";
import { SpendGuard } from "../../src/judge/spend-guard.ts";
import { fenceTag } from "../../src/security/fence-tag.ts";
import type { BatchError } from "../../src/judge/provider.ts";
import { planBatches } from "../../src/judge/scoring.ts";
import type { DimensionSpec, Rubric } from "../../src/judge/types.ts";
import { admitToEndpoint, releaseToEndpoint } from "../../src/objects/gate-admission.ts";
import type { ComparisonEvent } from "../../src/schemas/stream.ts";
import type { GateHolder } from "../../src/objects/gate.ts";
import type { Answers, ComparisonError, ComparisonRequestRecord, ComparisonState, ComparisonStore } from "./store.ts";

export const ORDERS: readonly Order[] = ["ab", "ba"];

/** (order, dimension) pairs of a rubric: every dimension is asked in both orders. */
export function countPairs(rubric: Rubric): number {
  return 2 * rubric.axioms.reduce((sum, axiom) => sum + axiom.dimensions.length, 0);
}

/** The calls still to make: per order, the batches of its unanswered dimensions. */
export function pendingCalls(request: Pick<ComparisonRequestRecord, "rubric">, strategy: JudgeProfile["batch"], answered: Answers) {
  const calls: { order: Order; dimensions: DimensionSpec[] }[] = [];
  for (const order of ORDERS) {
    const pending = new Set(request.rubric.axioms.flatMap((axiom) => axiom.dimensions.map((d) => d.id)).filter((id) => !answered[id]?.[order]));
    for (const dimensions of planBatches(request.rubric, strategy, pending)) calls.push({ order, dimensions });
  }
  return calls;
}

/** The two contents with their fence tags, made under the deployment's secret. */
async function fencedContents(env: Env, request: ComparisonRequestRecord) {
  const secret = configOf(env).fenceSecret;
  return {
    a: { content: request.a, tag: await fenceTag(secret, [request.a, request.context]) },
    b: { content: request.b, tag: await fenceTag(secret, [request.b, request.context]) },
  };
}

/** The two contents in the order a call shows them, each in its own fence. */
function inputFor(request: ComparisonRequestRecord, order: Order, { a, b }: Awaited<ReturnType<typeof fencedContents>>): ComparisonInput {
  return {
    first: order === "ab" ? a : b,
    second: order === "ab" ? b : a,
    context: request.context,
    axioms: Object.fromEntries(request.rubric.axioms.map((axiom) => [axiom.id, axiom.description])),
  };
}

/** Where one judge's answers go: the comparison's own table, or a panel juror's rows. */
export interface AnswerSink {
  /** Set for a panel's juror: its frames name it. */
  juror?: string;
  answered(): Answers;
  usage(): CostedUsage;
  record(order: Order, answers: Readonly<Record<string, PreferenceAnswer>>, usage: CostedUsage): void;
}

export interface AskContext {
  env: Env;
  request: ComparisonRequestRecord;
  profile: JudgeProfile;
  sink: AnswerSink;
  /** The gate's holder of this judge's permits, and the object's live incarnation. */
  holder: GateHolder;
  leaseMs: number;
  publish: (event: ComparisonEvent) => void;
  /** (judge, order, dimension) triples answered so far, and how many there are in all. */
  progress: { done: number; total: number };
  /** The comparison's budget: both orders (and a panel's jurors) draw on the one guard. */
  guard: SpendGuard;
}


/**
 * Asks one judge for what it has not answered yet, both orders in parallel within its endpoint's
 * permits, recording each call's answers as it ends. Resolves to the gate's refusal or the endpoint's
 * last failure, null when neither happened. Never throws for a judge's failure.
 */
export async function askPairs({ env, request, profile, sink, holder, leaseMs, publish, progress, guard }: AskContext): Promise<ComparisonError | null> {
  const queue = pendingCalls(request, profile.batch, sink.answered());
  const admission = await admitToEndpoint(env, profile, holder, queue.length, leaseMs);
  if ("refused" in admission) {
    const { code, message, retryAfterSeconds } = admission.refused;
    return { code, message, retry_after_seconds: retryAfterSeconds };
  }
  const provider = createComparisonProvider(profile);
  const juror = sink.juror === undefined ? {} : { juror: sink.juror };
  const contents = await fencedContents(env, request);
  let usage = sink.usage();
  let endpointError: BatchError | undefined;
  const calls = { faults: 0, successes: 0 };
  const lane = async () => {
    for (let call = queue.shift(); call; call = queue.shift()) {
      const result = await provider.compareBatch(inputFor(request, call.order, contents), call.dimensions, undefined, guard);
      usage = addCost(usage, result.usage, profile);
      if (result.error?.endpointFault) calls.faults += 1;
      else calls.successes += 1;
      if (result.error) endpointError = result.error;
      const answered: Record<string, PreferenceAnswer> = {};
      for (const [dimension, outcome] of Object.entries(result.outcomes)) {
        if (outcome.status === "answered") answered[dimension] = { prefer: outcome.prefer, rationale: outcome.rationale };
      }
      // Pairs a failing endpoint never answered stay unrecorded, so a retry asks for them again.
      sink.record(call.order, result.error ? {} : answered, usage);
      for (const dimension of call.dimensions) {
        const outcome = result.outcomes[dimension.id];
        if (outcome?.status === "answered" && !result.error) {
          progress.done += 1;
          publish({ type: "comparison.answered", ...juror, order: call.order, dimension: dimension.id, prefer: outcome.prefer, done: progress.done, total: progress.total });
        } else if (outcome?.status === "failed") {
          publish({ type: "comparison.unanswered", ...juror, order: call.order, dimension: dimension.id, error: outcome.error });
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(admission.concurrency, queue.length)) }, lane));
  } finally {
    if (admission.granted) await releaseToEndpoint(env, profile, admission.granted.grantId, calls);
  }
  if (!endpointError) return null;
  const { code, message, retryAfterSeconds } = endpointError;
  return { code, message, ...(retryAfterSeconds ? { retry_after_seconds: retryAfterSeconds } : {}) };
}

/** The guard of a run: the budget stored by the request that started it, what the comparison already spent. */
export function comparisonGuard(env: Env, store: ComparisonStore, spentUsd: number): SpendGuard {
  return new SpendGuard(store.budgetUsd() ?? configOf(env).budgetUsd, spentUsd);
}

export interface ComparisonRunContext {
  env: Env;
  store: ComparisonStore;
  publish: (event: ComparisonEvent) => void;
  profile: JudgeProfile;
  state: ComparisonState;
  leaseMs: number;
  /** The live instance of the comparison's object: the gate takes back grants of older ones. */
  incarnation: string;
}

/**
 * Runs a single judge's comparison to its end: `completed` when at least one dimension was answered in
 * both orders and the endpoint never failed, else `failed`. Never throws for a judge's failure.
 */
export async function runComparison({ env, store, publish, profile, state, leaseMs, incarnation }: ComparisonRunContext): Promise<void> {
  const { request } = state;
  store.markScoring(Date.now());
  const progress = { done: store.answeredCount(), total: countPairs(request.rubric) };
  publish({ type: "comparison.started", run_id: state.runId, rubric: { id: request.rubric.id, version: request.rubric.version }, total: progress.total });
  const sink: AnswerSink = {
    answered: () => store.answers(),
    usage: () => store.load()!.usage,
    record: (order, answers, usage) => store.recordAnswers(order, answers, usage),
  };
  const guard = comparisonGuard(env, store, store.load()!.usage.cost_usd);
  const error = await askPairs({ env, request, profile, sink, holder: { holder: state.cellId, incarnation }, leaseMs, publish, progress, guard });
  const completedAt = Date.now();
  if (error) return store.finish("failed", error, completedAt);
  const summary = summarizeComparison(request.rubric, store.answers(), request.reality);
  if (Object.keys(summary.dimensions).length === 0) {
    store.finish("failed", { code: "insufficient_scores", message: "no dimension could be compared in both orders" }, completedAt);
  } else {
    store.finish("completed", null, completedAt);
  }
}
