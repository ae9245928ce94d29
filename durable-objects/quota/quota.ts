import { DurableObject } from "cloudflare:workers";
import { emptyLedger, reserve, settle, standing, type LedgerState, type QuotaPolicy, type QuotaStanding, type Reservation } from "../../src/quotas/ledger.ts";

/**
 * One Durable Object per key: the single writer of that key's quota ledger (src/quotas/ledger.ts), so
 * concurrent judgments from one key anywhere are counted against one total. The ledger is one row in
 * its SQLite, written synchronously on every change (a restart forgets nothing).
 */
export class QuotaDurableObject extends DurableObject<Env> {
  #state: LedgerState | null = null;

  #load(): LedgerState {
    if (this.#state) return this.#state;
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS ledger (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), state TEXT NOT NULL)");
    const row = this.ctx.storage.sql.exec<{ state: string }>("SELECT state FROM ledger WHERE singleton = 1").toArray()[0];
    this.#state = row ? (JSON.parse(row.state) as LedgerState) : emptyLedger();
    return this.#state;
  }

  #save(state: LedgerState): void {
    this.#state = state;
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO ledger (singleton, state) VALUES (1, ?)", JSON.stringify(state));
  }

  /**
   * Reserves one judgment and its worst case, or refuses with the quota that is spent. The caller names
   * the reservation (it stores the id first, to settle it whatever happens); asking again with an id
   * already held changes nothing.
   */
  async reserve(policy: QuotaPolicy, worstCaseUsd: number, id: string = `q_${crypto.randomUUID()}`): Promise<Reservation> {
    const [state, result] = reserve(this.#load(), policy, worstCaseUsd, Date.now(), id);
    this.#save(state);
    return result;
  }

  /** Settles a reservation to the judgment's actual cost. */
  async settle(reservationId: string, actualUsd: number): Promise<void> {
    this.#save(settle(this.#load(), reservationId, actualUsd, Date.now()));
  }

  async standing(policy: QuotaPolicy): Promise<QuotaStanding> {
    return standing(this.#load(), policy, Date.now());
  }
}
