import type { Reality, Rubric } from "../judge/types.ts";
import type { CellRefusal } from "./cell.ts";
import type { QuotaCharge, QuotaStanding } from "./quota.ts";
import { tenantObjectName } from "../security/tenant.ts";

/**
 * What the Worker sees of a comparison cell (durable-objects/comparison/): the stub and the shapes that
 * cross the RPC boundary. One object per tenant and comparison id, named by both.
 */

export interface ComparisonSubmission {
  cellId: string;
  contentDigest: string;
  a: string;
  b: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  /** A built-in rubric by reference (`id@version`), a custom one in full. */
  rubric: Rubric | string;
  profile: string;
  budgetUsd: number;
  waitMs: number;
  receivedAt: number;
  /** Whom a new comparison is charged to, when quotas are configured (a cached or joined request is not). */
  quota?: QuotaCharge | undefined;
}

export type ComparisonReply =
  | {
      kind: "comparison";
      status: "pending" | "scoring" | "completed" | "failed";
      text: string;
      scoringMs: number | null;
      /** The caller's quota after this request was charged (only a request that started a comparison is). */
      quota?: QuotaStanding | undefined;
    }
  | { kind: "refused"; refusal: CellRefusal };

/** A tenant's comparison object: one per (tenant, comparison id), named by both. */
export function comparisonStub(env: Env, tenant: string, comparisonId: string) {
  return env.COMPARISON.get(env.COMPARISON.idFromName(tenantObjectName(tenant, comparisonId)));
}
