import type { BatchItemRequest } from "../schemas/batch.ts";
import type { QuotaCharge } from "./quota.ts";
import { tenantObjectName } from "../security/tenant.ts";

/**
 * What the Worker sees of a batch's Durable Object (durable-objects/batch/): the stub and the shapes
 * that cross the RPC boundary.
 */

/** A new batch, validated and with every item's defaults applied. */
export interface BatchSpec {
  /** Whose batch it is: its items go to this tenant's cells (src/security/tenant.ts). */
  tenant: string;
  batchId: string;
  items: BatchItemRequest[];
  budgetUsd: number | null;
  callbackUrl: string | null;
  metadata: Record<string, unknown> | null;
  /** Whom the items' new judgments are charged to (the submitter), when quotas are configured. */
  quota: QuotaCharge | null;
}

/** One page of result lines (JSON text each) and the index of the last item in it (-1 when empty). */
export interface ResultsPage {
  lines: string[];
  last: number;
}

/** The Durable Object that owns a tenant's batch: one per (tenant, batch id), named by both. */
export function batchStub(env: Env, tenant: string, batchId: string) {
  return env.BATCH.get(env.BATCH.idFromName(tenantObjectName(tenant, batchId)));
}

/** A new batch id: `b_` and 128 random bits in hex. */
export const newBatchId = (): string => `b_${crypto.randomUUID().replaceAll("-", "")}`;
