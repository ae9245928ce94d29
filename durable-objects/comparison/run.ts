import { configOf, type JudgeProfile } from "../../src/config.ts";
import { addCost } from "../../src/judge/cost.ts";
import type { PreferenceAnswer } from "../../src/judge/comparison/outcome.ts";
import { summarizeComparison, type Order } from "../../src/judge/comparison/outcome.ts";
import { createComparisonProvider, type ComparisonInput } from "../../src/judge/comparison/provider.ts";
import { SpendGuard } from "../../src/judge/spend-guard.ts";
import { fenceTag } from "../../src/security/fence-tag.ts";
import type { BatchError } from "../../src/judge/provider.ts";
import { planBatches } from "../../src/judge/scoring.ts";
import type { DimensionSpec, Rubric } from "../../src/judge/types.ts";
import { admitToEndpoint, releaseToEndpoint } from "../../src/objects/gate-admission.ts";
import type { ComparisonEvent } from "../../src/schemas/stream.ts";
import type { ComparisonRequestRecord, ComparisonState, ComparisonStore } from "./store.ts";

export const ORDERS: readonly Order[] = ["ab", "ba"];

/** (order, dimension) pairs of a rubric: every dimension is asked in both orders. */
export function countPairs(rubric: Rubric): number {
  return 2 * rubric.axioms.reduce((sum, axiom) => sum + axiom.dimensions.length, 0);
}

/** The calls still to make: per order, the batches of its unanswered dimensions. */
export function pendingCalls(request: ComparisonRequestRecord, strategy: JudgeProfile["batch"], answered: ComparisonStore["answers"] extends () => infer A ? A : never) {
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
 * Asks what is missing of a comparison, both orders in parallel within the endpoint's permits,
 * recording each call's answers as it ends, then ends it: `completed` when at least one dimension was
 * answered in both orders and the endpoint never failed, else `failed`. Never throws for a judge's failure.
 */
export async function runComparison({ env, store, publish, profile, state, leaseMs, incarnation }: ComparisonRunContext): Promise<void> {
  const { request } = state;
  store.markScoring(Date.now());
  const total = countPairs(request.rubric);
  publish({ type: "comparison.started", run_id: state.runId, rubric: { id: request.rubric.id, version: request.rubric.version }, total });
  const queue = pendingCalls(request, profile.batch, store.answers());
  const admission = await admitToEndpoint(env, profile, { holder: state.cellId, incarnation }, queue.length, leaseMs);
  if ("refused" in admission) {
    const { code, message, retryAfterSeconds } = admission.refused;
    store.finish("failed", { code, message, retry_after_seconds: retryAfterSeconds }, Date.now());
    return;
  }
  const provider = createComparisonProvider(profile);
  const contents = await fencedContents(env, request);
  let usage = store.load()!.usage;
  const guard = new SpendGuard(store.budgetUsd() ?? configOf(env).budgetUsd, usage.cost_usd);
  let done = store.answeredCount();
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
      store.recordAnswers(call.order, result.error ? {} : answered, usage);
      for (const dimension of call.dimensions) {
        const outcome = result.outcomes[dimension.id];
        if (outcome?.status === "answered" && !result.error) {
          done += 1;
          publish({ type: "comparison.answered", order: call.order, dimension: dimension.id, prefer: outcome.prefer, done, total });
        } else if (outcome?.status === "failed") {
          publish({ type: "comparison.unanswered", order: call.order, dimension: dimension.id, error: outcome.error });
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(admission.concurrency, queue.length)) }, lane));
  } finally {
    if (admission.granted) await releaseToEndpoint(env, profile, admission.granted.grantId, calls);
  }
  const completedAt = Date.now();
  if (endpointError) {
    const { code, message, retryAfterSeconds } = endpointError;
    store.finish("failed", { code, message, ...(retryAfterSeconds ? { retry_after_seconds: retryAfterSeconds } : {}) }, completedAt);
    return;
  }
  const summary = summarizeComparison(request.rubric, store.answers(), request.reality);
  if (Object.keys(summary.dimensions).length === 0) {
    store.finish("failed", { code: "insufficient_scores", message: "no dimension could be compared in both orders" }, completedAt);
  } else {
    store.finish("completed", null, completedAt);
  }
}
