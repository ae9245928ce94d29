import type { Reality, Rubric } from "../judge/types.ts";
import type { QuotaCharge, QuotaStanding } from "./quota.ts";
import type { JudgmentStatus } from "../schemas/judgment.ts";
import { tenantObjectName } from "../security/tenant.ts";

/**
 * What the Worker sees of a cell's Durable Object (durable-objects/cell/): the stub and the shapes that
 * cross the RPC boundary. The object implements them; the Worker never imports the object itself.
 */

/** What the Worker asks of a cell or a comparison, besides what is judged: validated and resolved. */
export interface Submission {
  cellId: string;
  contentDigest: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  /** A built-in rubric by reference (`id@version`: nothing to copy across the RPC), a custom one in full. */
  rubric: Rubric | string;
  profile: string;
  /** Most this request lets the run cost in all (USD): its `budget_usd`, at most `JUDGE_BUDGET_USD`. */
  budgetUsd: number;
  /** How long to wait for the outcome before answering with the current state (0 = async). */
  waitMs: number;
  receivedAt: number;
  /** Whom a new run is charged to, when quotas are configured (a cached or joined request is not). */
  quota?: QuotaCharge | undefined;
}

/** What the Worker asks of a cell. */
export interface CellSubmission extends Submission {
  /** Whose cell it is (src/security/tenant.ts); the object's name holds it too. */
  tenant: string;
  content: string;
}

export type CellReply =
  | {
      kind: "judgment";
      status: JudgmentStatus;
      /** The judgment object as JSON text: built once for a completed judgment, sent as is. */
      text: string;
      /** The judgment was completed before this request came (`"cached": true` in the text). */
      cached: boolean;
      /** How long the last scoring took, for `Server-Timing` (null if it has not run or is cached). */
      scoringMs: number | null;
      /** The caller's quota after this request was charged (only a request that started a judgment is). */
      quota?: QuotaStanding | undefined;
    }
  | { kind: "refused"; refusal: CellRefusal };

/**
 * Why a cell would not take a submission, as domain facts: the cell knows nothing of HTTP, and
 * src/cells/outcome-problem.ts is the one place these become problem details.
 */
export type CellRefusal =
  | { reason: "unknown_rubric"; rubric: string }
  | { reason: "unknown_profile"; profile: string }
  /** The cell holds a judgment of other content (failed or not: its id stays bound to its content). */
  | { reason: "conflict"; cellId: string }
  /** Scoring what is missing may cost more, worst case, than the request allows. */
  | {
      reason: "budget_too_low";
      estimatedUsd: number;
      budgetUsd: number;
      calls: number;
      /** What earlier attempts of a retried judgment spent: part of `estimatedUsd`, and of the budget. */
      spentUsd?: number | undefined;
      /** Panels: each juror's worst case for what it still has to score. */
      members?: { profile: string; estimatedUsd: number; calls: number }[];
    }
  /** Too many requests already wait on this cell. */
  | { reason: "overloaded"; maxWaiters: number; retryAfterSeconds: number }
  /** The caller's quota cannot take another judgment now. */
  | { reason: "quota_exceeded"; limit: "judgments_per_minute" | "usd_per_day"; retryAfterSeconds: number; standing: QuotaStanding };

/** A cell's judgment as `read` answers it: its status and its JSON text (`cached: true` once completed). */
export interface CellReading {
  status: JudgmentStatus;
  contentDigest: string;
  text: string;
}

/** What a cell did when the cron reconciliation nudged it. */
export type ReconcileOutcome = "running" | "resumed" | "repaired" | "missing";

/** The Durable Object that owns a tenant's cell: one per (tenant, cell id), named by both. */
export function cellStub(env: Env, tenant: string, cellId: string) {
  return cellStubNamed(env, tenantObjectName(tenant, cellId));
}

/** A cell's object by its name (`tenantObjectName`), as the outbox ledger lists it. */
export function cellStubNamed(env: Env, name: string) {
  return env.CELL.get(env.CELL.idFromName(name));
}
