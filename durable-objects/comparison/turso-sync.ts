import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { comparisonRow, upsertComparison } from "../../src/db/comparison-push.ts";
import { log } from "../../src/observability/log.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { ComparisonState, ComparisonStore } from "./store.ts";

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;

/**
 * Keeps a comparison's Turso row (the system of record across objects) in step with its object: every
 * stored change bumps a version (./store.ts); a push sends the current document and marks its version
 * synced once it lands. A push that fails is retried from the object's alarm with capped, jittered
 * backoff, and cron reconciliation nudges comparisons whose row stays unfinished.
 */
export class ComparisonSync {
  readonly #store: ComparisonStore;
  readonly #env: Env;
  readonly #document: (state: ComparisonState) => Comparison;
  #pushing: Promise<void> | null = null;
  #failures = 0;
  #retryAt = 0;

  constructor(store: ComparisonStore, env: Env, document: (state: ComparisonState) => Comparison) {
    this.#store = store;
    this.#env = env;
    this.#document = document;
  }

  /** Pushes the current state if Turso lacks it; concurrent callers share the push in progress. */
  push(): Promise<void> {
    this.#pushing ??= this.#push().finally(() => {
      this.#pushing = null;
    });
    return this.#pushing;
  }

  /** When the alarm should try again: null when Turso has the latest state. */
  retryAt(now: number): number | null {
    if (this.#store.unsynced() === null) return null;
    return Math.max(now, this.#retryAt);
  }

  async #push(): Promise<void> {
    for (let version = this.#store.unsynced(); version !== null; version = this.#store.unsynced()) {
      const state = this.#store.load();
      if (!state) return;
      try {
        await upsertComparison(createDatabase(configOf(this.#env)), comparisonRow(this.#document(state), state.runId, state.contentDigest, Date.now()));
        this.#store.synced(version);
        this.#failures = 0;
      } catch (error) {
        this.#failures += 1;
        const delay = Math.min(BACKOFF_BASE_MS * 2 ** (this.#failures - 1), BACKOFF_MAX_MS);
        this.#retryAt = Date.now() + delay * (0.5 + Math.random() / 2);
        log("comparison.sync_failed", { cell_id: state.cellId, attempts: this.#failures, error: String(error) });
        return;
      }
    }
  }
}
