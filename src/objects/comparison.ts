import type { Reality, Rubric } from "../judge/types.ts";
import type { CellRefusal } from "./cell.ts";
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
}

export type ComparisonReply =
  | { kind: "comparison"; status: "pending" | "scoring" | "completed" | "failed"; text: string; scoringMs: number | null }
  | { kind: "refused"; refusal: CellRefusal };

/** A tenant's comparison object: one per (tenant, comparison id), named by both. */
export function comparisonStub(env: Env, tenant: string, comparisonId: string) {
  return env.COMPARISON.get(env.COMPARISON.idFromName(tenantObjectName(tenant, comparisonId)));
}
