import type { CellRefusal, Submission } from "./cell.ts";
import type { QuotaStanding } from "./quota.ts";
import { tenantObjectName } from "../security/tenant.ts";

/**
 * What the Worker sees of a comparison cell (durable-objects/comparison/): the stub and the shapes that
 * cross the RPC boundary. One object per tenant and comparison id, named by both.
 */

/** What the Worker asks of a comparison cell: the pair. */
export interface ComparisonSubmission extends Submission {
  a: string;
  b: string;
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
