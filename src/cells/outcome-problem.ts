import { ApiError } from "../errors.ts";
import type { CellRefusal } from "../objects/cell.ts";
import type { Comparison } from "../schemas/comparison.ts";
import type { Judgment } from "../schemas/judgment.ts";

/**
 * The one place a cell's domain outcomes become HTTP problem details (codes in src/errors.ts, contract
 * in the README's error table): the cell returns facts, the Worker decides status, detail, extensions
 * and `Retry-After`.
 */

/** The problem a refused submission is answered with. */
export function refusalProblem(refusal: CellRefusal): ApiError {
  switch (refusal.reason) {
    case "unknown_rubric":
      return new ApiError("invalid_request", `unknown rubric ${refusal.rubric}`);
    case "unknown_profile":
      return new ApiError("invalid_request", `unknown judge profile "${refusal.profile}"`);
    case "conflict":
      return new ApiError("cell_conflict", `cell ${refusal.cellId} already holds a judgment of different content`);
    case "budget_too_low": {
      const members = refusal.members?.map((member) => ({ profile: member.profile, estimated_usd: member.estimatedUsd, calls: member.calls }));
      const perJuror = members ? `; per juror: ${members.map((member) => `${member.profile} $${member.estimated_usd}`).join(", ")}` : "";
      const spent = refusal.spentUsd ? `, $${refusal.spentUsd} of it already spent by earlier attempts` : "";
      return new ApiError(
        "budget_too_low",
        `the judgment may cost up to $${refusal.estimatedUsd} (${refusal.calls} calls${spent}), above the budget of $${refusal.budgetUsd} (budget_usd, at most JUDGE_BUDGET_USD)${perJuror}`,
        {
          extensions: {
            estimated_usd: refusal.estimatedUsd,
            budget_usd: refusal.budgetUsd,
            calls: refusal.calls,
            ...(refusal.spentUsd ? { spent_usd: refusal.spentUsd } : {}),
            ...(members ? { members } : {}),
          },
        },
      );
    }
    case "overloaded":
      return new ApiError(
        "overloaded",
        `more than ${refusal.maxWaiters} requests are waiting for this cell; ask again shortly or send Prefer: respond-async`,
        { retryAfterSeconds: refusal.retryAfterSeconds },
      );
    case "quota_exceeded":
      return new ApiError(
        "quota_exceeded",
        refusal.limit === "judgments_per_minute"
          ? `this key started its ${refusal.standing.policy.judgments_per_minute} judgments for this minute`
          : `this key's spend for today would pass its $${refusal.standing.policy.usd_per_day} (left: $${refusal.standing.usdRemaining})`,
        { retryAfterSeconds: refusal.retryAfterSeconds, extensions: { limit: refusal.limit } },
      );
  }
}

/** The API error a failed judgment is answered with: capacity, a broken run, its budget, or the model. */
function failureCode(judgmentCode: string | undefined): "overloaded" | "internal" | "budget_exhausted" | "provider_unavailable" {
  if (judgmentCode === "overloaded" || judgmentCode === "internal" || judgmentCode === "budget_exhausted") return judgmentCode;
  return "provider_unavailable";
}

/** A judgment stopped by its budget is retried only with a larger one: asking again soon will not help. */
const retryAfterOf = (error: { code?: string; retry_after_seconds?: number | undefined } | null | undefined): number | undefined =>
  error?.code === "budget_exhausted" ? undefined : (error?.retry_after_seconds ?? 5);

/**
 * The problem a failed judgment is answered with, the judgment attached. Not final: the next request
 * for the cell retries what is missing, so it says when to come back.
 */
export function failedJudgmentProblem(judgment: Judgment): ApiError {
  return new ApiError(failureCode(judgment.error?.code), `the judgment failed: ${judgment.error?.message ?? "unknown error"}`, {
    retryAfterSeconds: retryAfterOf(judgment.error),
    extensions: { judgment },
  });
}

/** The problem a failed comparison is answered with, the comparison attached; retried like a judgment. */
export function failedComparisonProblem(comparison: Comparison): ApiError {
  return new ApiError(failureCode(comparison.error?.code), `the comparison failed: ${comparison.error?.message ?? "unknown error"}`, {
    retryAfterSeconds: retryAfterOf(comparison.error),
    extensions: { comparison },
  });
}
