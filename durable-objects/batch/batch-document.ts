import { summarize } from "../../src/batches/summary.ts";
import type { Batch } from "../../src/schemas/batch.ts";
import type { BatchCounts } from "../../src/schemas/stream.ts";
import type { BatchStore } from "./batch-store.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Where a batch's parts are found. */
export function batchLinks(batchId: string): Batch["links"] {
  return { self: `/v1/batches/${batchId}`, results: `/v1/batches/${batchId}/results`, stream: `/v1/batches/${batchId}/stream` };
}

/** The batch's counters, as progress frames carry them. */
export function batchCounts(store: BatchStore): BatchCounts {
  const meta = store.meta()!;
  const counts = store.counts();
  return { status: meta.status, total: meta.total, completed: counts.completed, failed: counts.failed, skipped: counts.skipped };
}

/** The batch object of the API (README "Judge a dataset: batches"), as it stands. */
export function batchDocument(store: BatchStore): Batch {
  const meta = store.meta()!;
  const attempts = meta.webhook_status ? store.attempts() : [];
  return {
    batch_id: meta.batch_id,
    ...batchCounts(store),
    budget_usd: meta.budget_usd,
    usage: store.usage(),
    summary: summarize(store.scores(), store.winners()),
    metadata: meta.metadata ? (JSON.parse(meta.metadata) as Record<string, unknown>) : null,
    webhook: meta.webhook_status
      ? {
          status: meta.webhook_status,
          attempts: attempts.length,
          last_status: attempts.at(-1)?.status ?? null,
          delivered_at: iso(meta.webhook_delivered_at),
        }
      : null,
    created_at: iso(meta.created_at)!,
    completed_at: iso(meta.completed_at),
    links: batchLinks(meta.batch_id),
  };
}
