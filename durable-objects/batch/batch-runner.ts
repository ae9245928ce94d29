import { effectiveBudgetUsd } from "../../src/judge/spend-guard.ts";
import { prepareItem, submitItem, type PreparedItem } from "../../src/batches/judge-item.ts";
import { configOf } from "../../src/config.ts";
import type { QuotaCharge } from "../../src/objects/quota.ts";
import type { BatchItemRequest } from "../../src/schemas/batch.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { BatchStore, ItemFinish } from "./batch-store.ts";
import { log } from "../../src/observability/log.ts";
import { ZERO_COST } from "../../src/judge/cost.ts";

/** Told of every item that ends, in the order they end. */
export type ItemListener = (idx: number, outcome: ItemFinish) => void;

/** Attempts at an item refused for capacity before it ends `failed` with `overloaded`. */
const MAX_OVERLOADED_ATTEMPTS = 30;
/** Attempts at an item whose cell could not be reached (an exception, not an answer) before it fails. */
const MAX_BROKEN_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorText = (code: string, message: string) => JSON.stringify({ code, message });

/**
 * Drives a batch's items through their cells, `concurrency` at a time, in item order. Each item is an
 * ordinary cell request, so asking twice (a duplicate, or a retry after a crash) judges nothing twice.
 * The batch's budget is kept by reserving each new judgment's worst case before it starts and settling
 * to what it cost; an item that would not fit is given only what is left, so a cached or running cell
 * still answers and only a judgment that would have to start ends `skipped`.
 */
export class BatchRunner {
  readonly #store: BatchStore;
  readonly #env: Env;
  readonly #onItem: ItemListener;
  #stopped = false;
  #pausedUntil = 0;
  #spent = 0;
  #reserved = 0;
  readonly #broken = new Map<number, number>();

  constructor(store: BatchStore, env: Env, onItem: ItemListener) {
    this.#store = store;
    this.#env = env;
    this.#onItem = onItem;
  }

  /** Asks the workers to stop claiming items; those running finish. */
  stop(): void {
    this.#stopped = true;
  }

  /** Runs items until none is left, `deadline` passes, or `stop()`; resolves once every worker is idle. */
  async drive(deadline: number): Promise<void> {
    this.#stopped = false;
    // Whatever a previous instance left running goes back to the queue: it asks its cell again.
    this.#store.requeueRunning();
    this.#spent = this.#store.usage().cost_usd;
    this.#reserved = 0;
    const concurrency = configOf(this.#env).batchConcurrency;
    await Promise.all(Array.from({ length: concurrency }, () => this.#work(deadline)));
  }

  async #work(deadline: number): Promise<void> {
    while (!this.#stopped && Date.now() < deadline) {
      const pause = this.#pausedUntil - Date.now();
      if (pause > 0) {
        await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
        continue;
      }
      const claimed = this.#store.claimNext();
      if (!claimed) return;
      await this.#runItem(claimed.idx, claimed.request);
    }
  }

  async #runItem(idx: number, request: BatchItemRequest): Promise<void> {
    try {
      const prepared = await prepareItem(this.#env, this.#store.tenant(), request);
      const outcome = "code" in prepared
        ? { state: "failed" as const, cellId: null, result: errorText(prepared.code, prepared.message) }
        : await this.#judge(prepared);
      if (outcome === null) return this.#store.requeue(idx);
      this.#store.finish(idx, outcome);
      this.#onItem(idx, outcome);
    } catch (error) {
      const broken = (this.#broken.get(idx) ?? 0) + 1;
      this.#broken.set(idx, broken);
      log("batch.item_error", { idx, attempt: broken, error: String(error) });
      if (broken < MAX_BROKEN_ATTEMPTS) return this.#store.requeue(idx);
      const outcome = { state: "failed" as const, cellId: null, result: errorText("internal", "the item's cell could not be reached") };
      this.#store.finish(idx, outcome);
      this.#onItem(idx, outcome);
    }
  }

  /** The item's outcome, or null when it must go back to the queue (stopped while waiting for capacity). */
  async #judge(item: PreparedItem): Promise<ItemFinish | null> {
    const budget = this.#budgetFor(item);
    this.#reserved += budget.reserved;
    try {
      const waitMs = Math.max(1_000, configOf(this.#env).waitMs);
      for (let overloaded = 0; ; ) {
        const attempt = await submitItem(this.#env, this.#store.tenant(), item, budget.forCell, waitMs, this.#quota());
        switch (attempt.kind) {
          case "running":
            continue; // asking again joins the same judgment
          case "overloaded":
            if ((overloaded += 1) >= MAX_OVERLOADED_ATTEMPTS) {
              return { state: "failed", cellId: attempt.cellId, result: errorText("overloaded", "capacity stayed exhausted; submit the item again") };
            }
            // Every worker backs off, not only this one: the stack said it is saturated.
            this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + attempt.retryAfterMs);
            if (this.#stopped) return null;
            await sleep(attempt.retryAfterMs);
            continue;
          case "over_budget":
            return budget.limitedByBatch
              ? { state: "skipped", cellId: attempt.cellId, result: errorText("budget_exhausted", "the batch's budget_usd cannot cover this item's worst case") }
              : { state: "failed", cellId: attempt.cellId, result: errorText(attempt.error.code, attempt.error.message) };
          case "failed":
            return { state: "failed", cellId: attempt.cellId, result: errorText(attempt.error.code, attempt.error.message) };
          case "completed":
            return this.#completed(attempt.cellId, attempt.text, attempt.outcome);
        }
      }
    } finally {
      this.#reserved -= budget.reserved;
    }
  }

  #completed(cellId: string, text: string, outcome: Judgment | Comparison): ItemFinish {
    // The batch pays for a judgment it caused, once: not for a cell judged before it, nor for a
    // duplicate item. Caused is read from the outcome, not from how this attempt was answered: an item
    // asked again after a crash finds the judgment its first attempt started already completed, and
    // `cached`, but made after the batch was.
    const caused = !outcome.cached || Date.parse(outcome.created_at) >= (this.#store.meta()?.created_at ?? Infinity);
    const charged = caused && !this.#store.cellCharged(cellId) ? outcome.usage : ZERO_COST;
    this.#spent += charged.cost_usd;
    const headline = "winner" in outcome ? { winner: outcome.winner } : { qScore: outcome.q_score, verdict: outcome.verdict };
    return { state: "completed", cellId, result: text, ...headline, charged };
  }

  /** The submitter's quota charge, stored with the batch. */
  #quota(): QuotaCharge | undefined {
    const stored = this.#store.meta()?.quota;
    return stored ? (JSON.parse(stored) as QuotaCharge) : undefined;
  }

  /** What the item may spend, given the batch's budget left after what is spent and reserved. */
  #budgetFor(item: PreparedItem): { forCell: number; reserved: number; limitedByBatch: boolean } {
    const own = effectiveBudgetUsd(item.request.budget_usd, configOf(this.#env).budgetUsd);
    const batchBudget = this.#store.meta()?.budget_usd ?? null;
    if (batchBudget === null) return { forCell: own, reserved: 0, limitedByBatch: false };
    const left = Math.max(0, batchBudget - this.#spent - this.#reserved);
    const reserved = item.worstCaseUsd <= Math.min(left, own) ? item.worstCaseUsd : 0;
    return { forCell: Math.min(own, left), reserved, limitedByBatch: left < own };
  }
}
