import type { BatchItemRequest } from "../../src/schemas/batch.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";
import { BATCH_SCHEMA, type BatchRow, type ItemRow, type ItemState } from "./batch-schema.ts";
import { ZERO_COST } from "../../src/judge/cost.ts";

export type { BatchRow, ItemRow, ItemState } from "./batch-schema.ts";

/** A finished item as stored: its judgment text (completed) or its error as JSON (failed, skipped). */
export interface ItemFinish {
  state: Exclude<ItemState, "queued" | "running">;
  cellId: string | null;
  result: string;
  qScore?: number | null;
  verdict?: string | null;
  /** A comparison item's winner (kept in its stored comparison; carried here for the stream). */
  winner?: "a" | "b" | "tie" | null;
  /** What this item made the batch spend: zero for a cached cell or one another item already paid for. */
  charged?: { llm_calls: number; input_tokens: number; output_tokens: number; cost_usd: number };
}

export interface BatchCreate {
  tenant: string;
  batchId: string;
  budgetUsd: number | null;
  callbackUrl: string | null;
  metadata: string | null;
  quota: string | null;
  createdAt: number;
  items: readonly BatchItemRequest[];
}

/** Whether an item's stored request is a comparison (`a` and `b`) rather than a judgment (`content`). */
const IS_COMPARISON = "json_type(request, '$.a') IS NOT NULL";

/** A statement binds at most 100 values in a Durable Object's SQLite: 50 item rows of 2. */
const ROWS_PER_INSERT = 50;

/**
 * The batch's SQLite. Every write is synchronous and durable before the next await, so whatever a
 * crash interrupts, a fresh instance finds each item either finished or still to do.
 */
export class BatchStore {
  readonly #sql: SqlStorage;
  readonly #storage: DurableObjectStorage;
  #meta: BatchRow | null | undefined;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
  }

  create(batch: BatchCreate): void {
    this.#storage.transactionSync(() => {
      this.#sql.exec(BATCH_SCHEMA);
      this.#sql.exec(
        `INSERT INTO batch (singleton, batch_id, status, total, budget_usd, callback_url, metadata, quota, tenant, created_at)
         VALUES (1, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
        batch.batchId, batch.items.length, batch.budgetUsd, batch.callbackUrl, batch.metadata, batch.quota, batch.tenant, batch.createdAt,
      );
      for (let start = 0; start < batch.items.length; start += ROWS_PER_INSERT) {
        const chunk = batch.items.slice(start, start + ROWS_PER_INSERT);
        this.#sql.exec(
          `INSERT INTO item (idx, request) VALUES ${chunk.map(() => "(?, ?)").join(", ")}`,
          ...chunk.flatMap((item, offset) => [start + offset, JSON.stringify(item)]),
        );
      }
    });
    this.#meta = undefined;
  }

  /** Whose batch it is. */
  tenant(): string {
    return this.meta()?.tenant ?? OPEN_TENANT;
  }

  /** The batch row, or null for an object no batch was created in. */
  meta(): BatchRow | null {
    if (this.#meta === undefined) {
      const exists = this.#sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batch'").toArray().length > 0;
      this.#meta = exists ? (this.#sql.exec<BatchRow>("SELECT * FROM batch WHERE singleton = 1").toArray()[0] ?? null) : null;
    }
    return this.#meta;
  }

  /** Updates the batch row; every change but the frame counter marks it for the next push to Turso. */
  update(change: Partial<Omit<BatchRow, "batch_id" | "version">>): void {
    const entries = Object.entries(change);
    if (entries.length === 0) return;
    const touchesDocument = entries.some(([key]) => key !== "seq" && key !== "synced_version");
    this.#sql.exec(
      `UPDATE batch SET ${entries.map(([key]) => `${key} = ?`).join(", ")}${touchesDocument ? ", version = version + 1" : ""} WHERE singleton = 1`,
      ...entries.map(([, value]) => value as SqlStorageValue),
    );
    this.#meta = undefined;
  }

  /** Marks the batch changed (an item finished) so the next sync pushes it. */
  touch(): void {
    this.#sql.exec("UPDATE batch SET version = version + 1 WHERE singleton = 1");
    if (this.#meta) this.#meta = { ...this.#meta, version: this.#meta.version + 1 };
  }

  nextSeq(): number {
    const seq = (this.meta()?.seq ?? 0) + 1;
    this.#sql.exec("UPDATE batch SET seq = ? WHERE singleton = 1", seq);
    if (this.#meta) this.#meta = { ...this.#meta, seq };
    return seq;
  }

  /** Takes the next queued item, in item order, and marks it running. */
  claimNext(): { idx: number; request: BatchItemRequest } | null {
    const row = this.#sql
      .exec<{ idx: number; request: string }>(
        "UPDATE item SET state = 'running' WHERE idx = (SELECT idx FROM item WHERE state = 'queued' ORDER BY idx LIMIT 1) RETURNING idx, request",
      )
      .toArray()[0];
    return row ? { idx: row.idx, request: JSON.parse(row.request) as BatchItemRequest } : null;
  }

  /** Puts an item back in the queue (it was interrupted, or must wait for capacity). */
  requeue(idx: number): void {
    this.#sql.exec("UPDATE item SET state = 'queued' WHERE idx = ? AND state = 'running'", idx);
  }

  /** Items a crash left running go back to the queue: their cells keep whatever was already judged. */
  requeueRunning(): number {
    return this.#sql.exec("UPDATE item SET state = 'queued' WHERE state = 'running'").rowsWritten;
  }

  finish(idx: number, outcome: ItemFinish): void {
    const charged = outcome.charged ?? ZERO_COST;
    this.#sql.exec(
      `UPDATE item SET state = ?, cell_id = ?, result = ?, q_score = ?, verdict = ?, llm_calls = ?, input_tokens = ?,
         output_tokens = ?, cost_usd = ? WHERE idx = ?`,
      outcome.state, outcome.cellId, outcome.result, outcome.qScore ?? null, outcome.verdict ?? null,
      charged.llm_calls, charged.input_tokens, charged.output_tokens, charged.cost_usd, idx,
    );
    this.touch();
  }

  /** Whether another item of this batch already paid for the cell's judgment. */
  cellCharged(cellId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM item WHERE cell_id = ? AND (cost_usd > 0 OR llm_calls > 0) LIMIT 1", cellId).toArray().length > 0;
  }

  /** Ends every queued item as `skipped` with the given error; returns how many. */
  skipQueued(error: { code: string; message: string }): number {
    const written = this.#sql.exec("UPDATE item SET state = 'skipped', result = ? WHERE state = 'queued'", JSON.stringify(error)).rowsWritten;
    this.touch();
    return written;
  }

  counts(): Record<ItemState, number> {
    const counts: Record<ItemState, number> = { queued: 0, running: 0, completed: 0, failed: 0, skipped: 0 };
    for (const row of this.#sql.exec<{ state: ItemState; n: number }>("SELECT state, count(*) AS n FROM item GROUP BY state")) counts[row.state] = row.n;
    return counts;
  }

  usage(): { llm_calls: number; input_tokens: number; output_tokens: number; cost_usd: number } {
    const row = this.#sql
      .exec<{ llm_calls: number; input_tokens: number; output_tokens: number; cost_usd: number }>(
        `SELECT coalesce(sum(llm_calls), 0) AS llm_calls, coalesce(sum(input_tokens), 0) AS input_tokens,
           coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cost_usd), 0) AS cost_usd FROM item`,
      )
      .one();
    return { ...row, cost_usd: Math.round(row.cost_usd * 1e6) / 1e6 };
  }

  scores(): { verdict: string | null; q: number | null }[] {
    return this.#sql.exec<{ verdict: string | null; q: number | null }>("SELECT verdict, q_score AS q FROM item WHERE state = 'completed'").toArray();
  }

  /** Completed comparison items per winner, read from their stored comparisons. */
  winners(): { winner: string | null; n: number }[] {
    return this.#sql
      .exec<{ winner: string | null; n: number }>(
        `SELECT json_extract(result, '$.winner') AS winner, count(*) AS n FROM item
         WHERE state = 'completed' AND ${IS_COMPARISON} GROUP BY winner`,
      )
      .toArray();
  }

  /** Up to `limit` items after `afterIdx`, in item order, optionally of the given states. */
  page(afterIdx: number, limit: number, states: readonly ItemState[] | null): ItemRow[] {
    const filter = states ? ` AND state IN (${states.map(() => "?").join(", ")})` : "";
    return this.#sql
      .exec<ItemRow>(
        `SELECT idx, state, cell_id, result, ${IS_COMPARISON} AS comparison FROM item WHERE idx > ?${filter} ORDER BY idx LIMIT ?`,
        afterIdx, ...(states ?? []), limit,
      )
      .toArray();
  }

  recordAttempt(attempt: { at: number; status: number | null; error: string | null; durationMs: number }): number {
    const n = this.#sql.exec<{ n: number }>("SELECT coalesce(max(n), 0) + 1 AS n FROM webhook_attempt").one().n;
    this.#sql.exec("INSERT INTO webhook_attempt (n, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?)", n, attempt.at, attempt.status, attempt.error, attempt.durationMs);
    return n;
  }

  /** When the first delivery attempt was made (the 24 h of retries count from it), or null before any. */
  firstAttemptAt(): number | null {
    return this.#sql.exec<{ at: number | null }>("SELECT min(at) AS at FROM webhook_attempt").one().at;
  }

  attempts(): { n: number; at: number; status: number | null; error: string | null; duration_ms: number }[] {
    return this.#sql.exec<{ n: number; at: number; status: number | null; error: string | null; duration_ms: number }>("SELECT * FROM webhook_attempt ORDER BY n").toArray();
  }
}
