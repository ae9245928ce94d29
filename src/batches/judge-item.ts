import { cellIdentity } from "../cells/identity.ts";
import { refusalProblem } from "../cells/outcome-problem.ts";
import { configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { worstCaseUsd } from "../judge/estimate.ts";
import { cellStub } from "../objects/cell.ts";
import type { QuotaCharge } from "../objects/quota.ts";
import { builtInRubric, formatRubricRef } from "../rubrics/ref.ts";
import { resolveRubric } from "../rubrics/registry.ts";
import type { Judgment, JudgmentRequest } from "../schemas/judgment.ts";
import type { ItemError } from "../schemas/batch.ts";
import { exceedsUtf8Bytes } from "../http/utf8-length.ts";

/** What became of one attempt at an item. */
export type ItemAttempt =
  | { kind: "completed"; cellId: string; text: string; judgment: Judgment }
  | { kind: "failed"; cellId: string | null; error: ItemError }
  /** The cell or the model endpoint is saturated: try again after the delay, nothing was spent. */
  | { kind: "overloaded"; cellId: string | null; retryAfterMs: number }
  /** Still scoring after the wait: asking again joins the same judgment. */
  | { kind: "running"; cellId: string }
  /** The cell would have to start a judgment that does not fit the budget it was given. */
  | { kind: "over_budget"; cellId: string; error: ItemError };

/** A prepared item: its cell and the worst case a new judgment of it may cost. */
export interface PreparedItem {
  cellId: string;
  contentDigest: string;
  worstCaseUsd: number;
  request: JudgmentRequest;
  rubricRef: string | Awaited<ReturnType<typeof resolveRubric>>;
}

const failed = (cellId: string | null, code: string, message: string): ItemAttempt => ({ kind: "failed", cellId, error: { code, message } });

/**
 * Resolves what the create-judgment route resolves for a tenant's request: the profile, the rubric, the cell's
 * identity, and the worst-case cost of judging it from scratch.
 */
export async function prepareItem(env: Env, tenant: string, request: JudgmentRequest): Promise<PreparedItem | ItemError> {
  const config = configOf(env);
  const profile = config.profiles[request.judge];
  if (!profile) return { code: "invalid_request", message: `unknown judge profile "${request.judge}"` };
  if (exceedsUtf8Bytes(request.content, config.maxContentBytes)) {
    return { code: "payload_too_large", message: `content exceeds ${config.maxContentBytes} bytes` };
  }
  let rubric;
  try {
    rubric = await resolveRubric(env, tenant, request.rubric);
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  const { cellId, contentDigest } = await cellIdentity(
    { content: request.content, context: request.context, reality: request.reality, rubric, profile },
    request.cell_id,
  );
  const ref = formatRubricRef(rubric);
  return { cellId, contentDigest, worstCaseUsd: worstCaseUsd(profile, rubric, request.content, request.context), request, rubricRef: builtInRubric(ref) ? ref : rubric };
}

/** Asks the item's cell for its judgment, waiting up to `waitMs`; duplicates join or read the same cell. */
export async function submitItem(env: Env, tenant: string, item: PreparedItem, budgetUsd: number, waitMs: number, quota?: QuotaCharge): Promise<ItemAttempt> {
  const { request, cellId } = item;
  const reply = await cellStub(env, tenant, cellId).submit({
    tenant,
    cellId,
    contentDigest: item.contentDigest,
    content: request.content,
    context: request.context,
    reality: request.reality,
    rubric: item.rubricRef,
    profile: request.judge,
    budgetUsd,
    waitMs,
    receivedAt: Date.now(),
    quota,
  });
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
  const judgment = JSON.parse(reply.text) as Judgment;
  if (reply.status === "completed") return { kind: "completed", cellId, text: reply.text, judgment };
  const error = judgment.error ?? { code: "internal", message: "the judgment failed" };
  if (error.code === "overloaded") return { kind: "overloaded", cellId, retryAfterMs: (error.retry_after_seconds ?? 1) * 1000 };
  return failed(cellId, error.code, error.message);
}
