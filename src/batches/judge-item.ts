import { comparisonIdentity } from "../cells/comparison-identity.ts";
import { cellIdentity } from "../cells/identity.ts";
import { refusalProblem } from "../cells/outcome-problem.ts";
import { configOf, judgeChoice, type JudgeProfile } from "../config.ts";
import { ApiError } from "../errors.ts";
import { comparisonCeiling } from "../judge/comparison/estimate.ts";
import { worstCaseUsd } from "../judge/estimate.ts";
import { planBatches } from "../judge/scoring.ts";
import { cellStub, type CellReply } from "../objects/cell.ts";
import { comparisonStub, type ComparisonReply } from "../objects/comparison.ts";
import type { QuotaCharge } from "../objects/quota.ts";
import { builtInRubric, formatRubricRef } from "../rubrics/ref.ts";
import { resolveRubric } from "../rubrics/registry.ts";
import type { Rubric } from "../judge/types.ts";
import type { Comparison, ComparisonRequest } from "../schemas/comparison.ts";
import type { Judgment, JudgmentRequest } from "../schemas/judgment.ts";
import { isComparisonItem, type BatchItemRequest, type ItemError } from "../schemas/batch.ts";
import { exceedsUtf8Bytes } from "../http/utf8-length.ts";

/** What became of one attempt at an item. */
export type ItemAttempt =
  /** `outcome`: the judgment, or the comparison of a comparison item. */
  | { kind: "completed"; cellId: string; text: string; outcome: Judgment | Comparison }
  | { kind: "failed"; cellId: string | null; error: ItemError }
  /** The cell or the model endpoint is saturated: try again after the delay, nothing was spent. */
  | { kind: "overloaded"; cellId: string | null; retryAfterMs: number }
  /** Still scoring after the wait: asking again joins the same judgment. */
  | { kind: "running"; cellId: string }
  /** The cell would have to start a judgment that does not fit the budget it was given. */
  | { kind: "over_budget"; cellId: string; error: ItemError };

/** A prepared item: its cell and the worst case a new judgment (or comparison) of it may cost. */
export type PreparedItem = {
  cellId: string;
  contentDigest: string;
  worstCaseUsd: number;
  rubricRef: string | Awaited<ReturnType<typeof resolveRubric>>;
} & ({ kind: "judgment"; request: JudgmentRequest } | { kind: "comparison"; request: ComparisonRequest });

const failed = (cellId: string | null, code: string, message: string): ItemAttempt => ({ kind: "failed", cellId, error: { code, message } });

/** What comparing a pair from scratch may cost one judge: each dimension batch asked in both orders. */
function comparisonWorstCaseUsd(profile: JudgeProfile, rubric: Rubric, request: ComparisonRequest): number {
  const all = new Set(rubric.axioms.flatMap((axiom) => axiom.dimensions.map((dimension) => dimension.id)));
  const calls = planBatches(rubric, profile.batch, all).map((dimensions) => ({ dimensions }));
  const axioms = Object.fromEntries(rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
  return comparisonCeiling(profile, [...calls, ...calls], { a: request.a, b: request.b, context: request.context, axioms }).usd;
}

/** Every juror's worst case, summed in micro-dollars as a panel's cell sums them: each is a ceiling at 1e-6. */
const sumUsd = (amounts: readonly number[]): number => Math.round(amounts.reduce((sum, usd) => sum + usd * 1e6, 0)) / 1e6;

/**
 * Resolves what the create-judgment (or create-comparison) route resolves for a tenant's request: the
 * profile, the rubric, the cell's identity, and the worst-case cost of judging it from scratch.
 */
export async function prepareItem(env: Env, tenant: string, request: BatchItemRequest): Promise<PreparedItem | ItemError> {
  const config = configOf(env);
  const choice = judgeChoice(config, request.judge);
  if (!choice) return { code: "invalid_request", message: `unknown judge profile "${request.judge}"` };
  const texts = isComparisonItem(request) ? { a: request.a, b: request.b } : { content: request.content };
  for (const [field, text] of Object.entries(texts)) {
    if (exceedsUtf8Bytes(text, config.maxContentBytes)) {
      return { code: "payload_too_large", message: `${field} exceeds ${config.maxContentBytes} bytes` };
    }
  }
  let rubric;
  try {
    rubric = await resolveRubric(env, tenant, request.rubric);
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  const profile = choice.kind === "panel" ? choice.panel : choice.profile;
  // A panel may cost what each of its jurors may, all of them starting from scratch.
  const jurors = choice.kind === "panel" ? choice.panel.members : [choice.profile];
  const ref = formatRubricRef(rubric);
  const rubricRef = builtInRubric(ref) ? ref : rubric;
  if (isComparisonItem(request)) {
    const { a, b, context, reality } = request;
    const { cellId, contentDigest } = await comparisonIdentity({ a, b, context, reality, rubric, profile }, request.comparison_id);
    const worstCase = sumUsd(jurors.map((juror) => comparisonWorstCaseUsd(juror, rubric, request)));
    return { kind: "comparison", cellId, contentDigest, worstCaseUsd: worstCase, request, rubricRef };
  }
  const { cellId, contentDigest } = await cellIdentity(
    { content: request.content, context: request.context, reality: request.reality, rubric, profile },
    request.cell_id,
  );
  const worstCase = sumUsd(jurors.map((juror) => worstCaseUsd(juror, rubric, request.content, request.context)));
  return { kind: "judgment", cellId, contentDigest, worstCaseUsd: worstCase, request, rubricRef };
}

/** Asks the item's cell for its judgment, waiting up to `waitMs`; duplicates join or read the same cell. */
export async function submitItem(env: Env, tenant: string, item: PreparedItem, budgetUsd: number, waitMs: number, quota?: QuotaCharge): Promise<ItemAttempt> {
  const { cellId } = item;
  const common = { tenant, cellId, contentDigest: item.contentDigest, rubric: item.rubricRef, profile: item.request.judge, budgetUsd, waitMs, receivedAt: Date.now() };
  if (item.kind === "comparison") {
    const { a, b, context, reality } = item.request;
    return attemptOf(cellId, await comparisonStub(env, tenant, cellId).submit({ ...common, a, b, context, reality, quota }));
  }
  const { content, context, reality } = item.request;
  return attemptOf(cellId, await cellStub(env, tenant, cellId).submit({ ...common, content, context, reality, quota }));
}

/** What a cell's (or a comparison cell's) reply means for the item. */
function attemptOf(cellId: string, reply: CellReply | ComparisonReply): ItemAttempt {
  if (reply.kind === "refused") {
    const refusal = reply.refusal;
    if (refusal.reason === "overloaded") return { kind: "overloaded", cellId, retryAfterMs: refusal.retryAfterSeconds * 1000 };
    // A minute's judgments come back; a day's spend does not within the batch.
    if (refusal.reason === "quota_exceeded" && refusal.limit === "judgments_per_minute") {
      return { kind: "overloaded", cellId, retryAfterMs: refusal.retryAfterSeconds * 1000 };
    }
    const problem = refusalProblem(refusal);
    if (refusal.reason === "budget_too_low") return { kind: "over_budget", cellId, error: { code: problem.code, message: problem.message } };
    return failed(cellId, problem.code, problem.message);
  }
  if (reply.status === "pending" || reply.status === "scoring") return { kind: "running", cellId };
  const outcome = JSON.parse(reply.text) as Judgment | Comparison;
  if (reply.status === "completed") return { kind: "completed", cellId, text: reply.text, outcome };
  const error = outcome.error ?? { code: "internal", message: "the judgment failed" };
  if (error.code === "overloaded") return { kind: "overloaded", cellId, retryAfterMs: (error.retry_after_seconds ?? 1) * 1000 };
  return failed(cellId, error.code, error.message);
}
