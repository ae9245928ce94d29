import { configOf } from "../../src/config.ts";
import { createStorageClient } from "../../src/db/client.ts";
import { pushJudgment } from "../../src/db/judgment-push.ts";
import { outboxLedger } from "../../src/objects/ledger.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { CellState, CellStore } from "./store.ts";
import { log } from "../../src/observability/log.ts";
import { tenantObjectName } from "../../src/security/tenant.ts";
import { cellTenant } from "./schema.ts";

const SYNC_BACKOFF_BASE_MS = 1_000;
const SYNC_BACKOFF_MAX_MS = 60_000;

export interface OutboxPusherOptions {
  store: CellStore;
  env: Env;
  /** The judgment document as Turso stores it. */
  document: (state: CellState) => Judgment;
  /** Called after a failed push so the alarm retries it at the recorded time. */
  rearm: () => Promise<void>;
}

/**
 * Drains the cell's outbox to Turso: one push at a time (later ones wait for it), each push ONE libSQL
 * batch of the cell's current state, so a push that lands covers every entry queued before it. A failed
 * push stays in the outbox with capped, jittered backoff, and the ledger hears of it for /health.
 */
export class OutboxPusher {
  readonly #options: OutboxPusherOptions;
  #flushing: Promise<void> | null = null;

  constructor(options: OutboxPusherOptions) {
    this.#options = options;
  }

  /** Pushes until the outbox is empty or a push fails; concurrent callers share the one in progress. */
  flush(): Promise<void> {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    const { store, env } = this.#options;
    for (let pending = store.pendingSync(); pending; pending = store.pendingSync()) {
      const state = store.load();
      if (!state) return store.syncDone(pending.upTo);
      try {
        await pushJudgment(createStorageClient(configOf(env)), this.#options.document(state), { tenant: cellTenant(state), contentDigest: state.contentDigest }, Date.now());
        store.syncDone(pending.upTo);
        if (pending.attempts > 0) await this.#report(state, false, 0);
      } catch (error) {
        const delay = Math.min(SYNC_BACKOFF_BASE_MS * 2 ** pending.attempts, SYNC_BACKOFF_MAX_MS);
        store.syncFailed(pending.upTo, String(error), Date.now() + delay * (0.5 + Math.random() / 2));
        log("cell.sync_failed", { cell_id: state.cellId, attempts: pending.attempts + 1, error: String(error) });
        await this.#report(state, true, pending.attempts + 1);
        await this.#options.rearm();
        return;
      }
    }
  }

  /** The ledger knows the cell by its object's name, which is what reconciliation needs to reach it. */
  async #report(state: CellState, pending: boolean, attempts: number): Promise<void> {
    try {
      await outboxLedger(this.#options.env).report(tenantObjectName(cellTenant(state), state.cellId), pending, attempts);
    } catch (error) {
      // The ledger only feeds /health and reconciliation; the outbox itself is the source of truth.
      log("cell.ledger_unreachable", { cell_id: state.cellId, error: String(error) });
    }
  }
}
