import { DurableObject } from "cloudflare:workers";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { upsertBatch } from "../../src/db/batch-rows.ts";
import type { Batch, BatchCreated, ItemStatus } from "../../src/schemas/batch.ts";
import type { BatchSpec, ResultsPage } from "../../src/objects/batch.ts";
import { batchCounts, batchDocument, batchLinks } from "./batch-document.ts";
import { resultLine } from "./result-line.ts";
import { BatchRunner } from "./batch-runner.ts";
import { BatchStore, type ItemFinish, type ItemState } from "./batch-store.ts";
import { BatchStream } from "./batch-stream.ts";
import { deliverWebhook } from "./webhook-delivery.ts";
import { log } from "../../src/observability/log.ts";

/** One alarm drives items for at most this long, then hands over to the next alarm. */
const SLICE_MS = 30_000;
/** Set before each slice: if the instance dies mid-slice, this alarm brings a fresh one back. */
const HEARTBEAT_MS = SLICE_MS + 15_000;
/** Pushes of progress to Turso while items finish, at most this often. */
const PROGRESS_SYNC_MS = 5_000;
/** Progress frames at most this often (each item still gets its own `item.completed`). */
const PROGRESS_FRAME_MS = 250;
const SYNC_RETRY_MS = 5_000;

const ITEM_STATES: Record<ItemStatus, ItemState[]> = {
  pending: ["queued", "running"],
  completed: ["completed"],
  failed: ["failed"],
  skipped: ["skipped"],
};

/**
 * One Durable Object per batch: it keeps the items and their outcomes in its SQLite and drives them
 * through their cells from its alarm, so nothing is judged on the submitting request's path and a
 * crash at any point resumes where storage says. It reports progress over a hibernatable WebSocket,
 * pushes its row to Turso for the list, and delivers the webhook when the batch ends.
 */
export class BatchDurableObject extends DurableObject<Env> {
  readonly #store: BatchStore;
  readonly #stream: BatchStream;
  readonly #runner: BatchRunner;
  #driving = false;
  #lastProgressFrame = 0;
  #lastProgressSync = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new BatchStore(ctx.storage);
    this.#stream = new BatchStream(ctx, { current: () => this.#store.meta()?.seq ?? 0, next: () => this.#store.nextSeq() }, () => configOf(env).cellMaxSockets);
    this.#runner = new BatchRunner(this.#store, env, (idx, outcome) => this.#itemEnded(idx, outcome));
    // A fresh instance with unfinished work (after a crash or an eviction) resumes at once.
    if (this.#hasWork()) void ctx.storage.setAlarm(Date.now());
  }

  /** Stores a new batch and starts it from the alarm; asking again with the same id changes nothing. */
  async create(spec: BatchSpec): Promise<BatchCreated> {
    if (!this.#store.meta()) {
      this.#store.create({
        tenant: spec.tenant,
        batchId: spec.batchId,
        budgetUsd: spec.budgetUsd,
        callbackUrl: spec.callbackUrl,
        metadata: spec.metadata ? JSON.stringify(spec.metadata) : null,
        quota: spec.quota ? JSON.stringify(spec.quota) : null,
        createdAt: Date.now(),
        items: spec.items,
      });
      await this.ctx.storage.setAlarm(Date.now());
      // Listed at once when Turso answers; otherwise the alarm pushes it later.
      await this.#sync();
    }
    const meta = this.#store.meta()!;
    return { batch_id: meta.batch_id, status: "running", total: meta.total, links: batchLinks(meta.batch_id) };
  }

  async describe(): Promise<Batch | null> {
    return this.#store.meta() ? batchDocument(this.#store) : null;
  }

  /** Up to `limit` result lines (JSON text) after item `afterIdx`, in item order; null for no batch. */
  async results(afterIdx: number, limit: number, status: ItemStatus | null): Promise<ResultsPage | null> {
    if (!this.#store.meta()) return null;
    const rows = this.#store.page(afterIdx, limit, status ? ITEM_STATES[status] : null);
    return { lines: rows.map(resultLine), last: rows.at(-1)?.idx ?? -1 };
  }

  /** Stops the batch: queued items end `skipped` (`cancelled`); those already running finish. */
  async cancel(): Promise<Batch | null> {
    const meta = this.#store.meta();
    if (!meta) return null;
    if (meta.status === "running") {
      this.#runner.stop();
      this.#store.skipQueued({ code: "cancelled", message: "the batch was cancelled before this item started" });
      this.#end("cancelled");
      await this.ctx.storage.setAlarm(Date.now());
    }
    return batchDocument(this.#store);
  }

  override async fetch(request: Request): Promise<Response> {
    const meta = this.#store.meta();
    if (!meta) return new Response(null, { status: 404 });
    return this.#stream.accept(meta.batch_id, batchCounts(this.#store), request.headers.get("sec-websocket-protocol"));
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#stream.onMessage(socket, message);
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.#stream.onClose(socket, code, reason);
  }

  override webSocketError(): void {
    // Nothing to do: the batch does not depend on its subscribers.
  }

  /**
   * Drives the batch for one slice, pushes to Turso, delivers the webhook. Alarms are retried only a
   * few times when they throw, so this never throws: it always re-arms while work remains.
   */
  override async alarm(): Promise<void> {
    let next: number | null = null;
    try {
      const meta = this.#store.meta();
      if (meta?.status === "running" && !this.#driving) {
        await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_MS);
        this.#driving = true;
        try {
          await this.#runner.drive(Date.now() + SLICE_MS);
        } finally {
          this.#driving = false;
        }
        const counts = this.#store.counts();
        if (this.#store.meta()?.status === "running" && counts.queued === 0 && counts.running === 0) this.#end("completed");
      }
      await this.#sync();
      next = await deliverWebhook(this.#store, this.env, () => JSON.stringify(batchDocument(this.#store)));
    } catch (error) {
      log("batch.alarm_error", { error: String(error) });
    } finally {
      await this.#arm(next);
    }
  }

  #hasWork(): boolean {
    const meta = this.#store.meta();
    return !!meta && (meta.status === "running" || meta.webhook_status === "pending" || meta.version !== meta.synced_version);
  }

  async #arm(webhookAt: number | null): Promise<void> {
    const meta = this.#store.meta();
    if (!meta) return;
    const now = Date.now();
    const candidates: number[] = [];
    if (meta.status === "running") candidates.push(this.#driving ? now + HEARTBEAT_MS : now);
    if (meta.version !== meta.synced_version) candidates.push(now + SYNC_RETRY_MS);
    if (webhookAt !== null) candidates.push(webhookAt);
    if (candidates.length) await this.ctx.storage.setAlarm(Math.max(now + 1, Math.min(...candidates)));
    else await this.ctx.storage.deleteAlarm();
  }

  #end(status: "completed" | "cancelled"): void {
    const meta = this.#store.meta()!;
    this.#store.update({
      status,
      completed_at: Date.now(),
      ...(meta.callback_url ? { webhook_status: "pending" as const, webhook_next_at: Date.now() } : {}),
    });
    const batch = batchDocument(this.#store);
    this.#stream.publish(meta.batch_id, { type: "batch.progress", ...batchCounts(this.#store) });
    this.#stream.publish(meta.batch_id, { type: "batch.completed", batch });
  }

  #itemEnded(idx: number, outcome: ItemFinish): void {
    const meta = this.#store.meta()!;
    if (this.#stream.listening) {
      const error = outcome.state === "completed" ? undefined : (JSON.parse(outcome.result) as { code: string; message: string });
      this.#stream.publish(meta.batch_id, {
        type: "item.completed",
        index: idx,
        cell_id: outcome.cellId,
        status: outcome.state,
        q_score: outcome.qScore ?? null,
        verdict: outcome.verdict ?? null,
        ...(outcome.winner !== undefined ? { winner: outcome.winner } : {}),
        ...(error ? { error } : {}),
      });
      const now = Date.now();
      if (now - this.#lastProgressFrame >= PROGRESS_FRAME_MS) {
        this.#lastProgressFrame = now;
        this.#stream.publish(meta.batch_id, { type: "batch.progress", ...batchCounts(this.#store) });
      }
    }
    if (Date.now() - this.#lastProgressSync >= PROGRESS_SYNC_MS) {
      this.#lastProgressSync = Date.now();
      this.ctx.waitUntil(this.#sync());
    }
  }

  /** Pushes the batch's row to Turso if it changed since the last push that landed. */
  async #sync(): Promise<void> {
    const meta = this.#store.meta();
    if (!meta || meta.version === meta.synced_version) return;
    const version = meta.version;
    const renderedAt = Date.now();
    try {
      await upsertBatch(createDatabase(configOf(this.env)), this.#store.tenant(), batchDocument(this.#store), renderedAt);
      if ((this.#store.meta()?.synced_version ?? 0) < version) this.#store.update({ synced_version: version });
    } catch (error) {
      log("batch.sync_error", { batch_id: meta.batch_id, error: String(error) });
    }
  }
}
