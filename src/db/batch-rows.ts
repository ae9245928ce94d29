import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { Batch } from "../schemas/batch.ts";
import type { Database } from "./client.ts";
import { batches } from "./schema.ts";

/** Where the previous page ended (newest first, then batch id descending). */
export interface BatchPosition {
  createdAt: number;
  batchId: string;
}

/**
 * Writes a batch's row; a push never goes back in time (a document rendered earlier but arriving
 * later than a newer one is ignored): pushes overlap when the alarm retries one.
 */
export async function upsertBatch(db: Database, tenant: string, batch: Batch, renderedAt: number): Promise<void> {
  const row = {
    batchId: batch.batch_id,
    tenant,
    status: batch.status,
    total: batch.total,
    completed: batch.completed,
    failed: batch.failed,
    skipped: batch.skipped,
    costUsd: batch.usage.cost_usd,
    document: JSON.stringify(batch),
    createdAt: Date.parse(batch.created_at),
    completedAt: batch.completed_at ? Date.parse(batch.completed_at) : null,
    updatedAt: renderedAt,
  };
  await db
    .insert(batches)
    .values(row)
    .onConflictDoUpdate({
      target: batches.batchId,
      set: { ...row, batchId: undefined, tenant: undefined, createdAt: undefined },
      setWhere: sql`${batches.updatedAt} <= ${renderedAt}`,
    });
}

/** One page of a tenant's batches, newest first (keyset pagination on the (tenant, created_at) index). */
export async function listBatches(db: Database, tenant: string, limit: number, after: BatchPosition | null): Promise<{ items: Batch[]; next: BatchPosition | null }> {
  const conditions: SQL[] = [eq(batches.tenant, tenant)];
  if (after) {
    conditions.push(or(lt(batches.createdAt, after.createdAt), and(eq(batches.createdAt, after.createdAt), lt(batches.batchId, after.batchId)))!);
  }
  const rows = await db
    .select({ document: batches.document, createdAt: batches.createdAt, batchId: batches.batchId })
    .from(batches)
    .where(and(...conditions))
    .orderBy(desc(batches.createdAt), desc(batches.batchId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => JSON.parse(row.document) as Batch),
    next: rows.length > limit && last ? { createdAt: last.createdAt, batchId: last.batchId } : null,
  };
}
