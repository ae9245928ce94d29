import { DurableObject } from "cloudflare:workers";
import { holdOwnerStub } from "../../src/objects/quota.ts";
import { log } from "../../src/observability/log.ts";
import {
  emptyLedger,
  nextCheckAt,
  overdueOwners,
  postponeOverdue,
  reserve,
  settle,
  standing,
  type HoldOwner,
  type LedgerState,
  type QuotaPolicy,
  type QuotaStanding,
  type Reservation,
} from "../../src/quotas/ledger.ts";

/** Owners asked at once by one alarm: a mass crash leaves many, and each question is one RPC. */
const OWNERS_PER_ROUND = 32;

/**
 * One Durable Object per key: the single writer of that key's quota ledger (src/quotas/ledger.ts), so
 * concurrent judgments from one key anywhere are counted against one total. The ledger is one row in
 * its SQLite, written synchronously on every change (a restart forgets nothing). Its alarm asks the
 * owner of a reservation still open long after it was taken to settle it (src/quotas/quota-holds.ts).
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
   * the reservation (it stores the id first, to settle it whatever happens) and itself, its owner;
   * asking again with an id already held changes nothing.
   */
  async reserve(policy: QuotaPolicy, worstCaseUsd: number, id: string = `q_${crypto.randomUUID()}`, owner?: HoldOwner): Promise<Reservation> {
    const [state, result] = reserve(this.#load(), policy, worstCaseUsd, Date.now(), id, owner);
    this.#save(state);
    // A new reservation's check is the latest of all: an alarm already set is due sooner.
    if (owner && result.ok && (await this.ctx.storage.getAlarm()) === null) await this.#arm();
    return result;
  }

  /** Settles a reservation to the judgment's actual cost. */
  async settle(reservationId: string, actualUsd: number): Promise<void> {
    this.#save(settle(this.#load(), reservationId, actualUsd, Date.now()));
  }

  async standing(policy: QuotaPolicy): Promise<QuotaStanding> {
    return standing(this.#load(), policy, Date.now());
  }

  /**
   * Asks each owner of a reservation open past its check to settle what has ended (it calls `settle`
   * meanwhile). A reservation its owner does not hold was never charged to a run (its owner died
   * before storing it, or settled it already) and is released. Owners still running, or that did not
   * answer, are asked again later.
   */
  override async alarm(): Promise<void> {
    try {
      const now = Date.now();
      const owners = overdueOwners(this.#load(), now);
      for (let start = 0; start < owners.length; start += OWNERS_PER_ROUND) {
        await Promise.all(owners.slice(start, start + OWNERS_PER_ROUND).map((owner) => this.#ask(owner, now)));
      }
      this.#save(postponeOverdue(this.#load(), Date.now()));
    } finally {
      await this.#arm();
    }
  }

  async #ask(owner: HoldOwner, now: number): Promise<void> {
    try {
      const held = new Set(await holdOwnerStub(this.env, owner).settleQuotaHolds());
      for (const [id, reservation] of Object.entries(this.#load().reservations)) {
        const overdue = reservation.checkAt !== undefined && reservation.checkAt <= now;
        if (overdue && reservation.owner?.kind === owner.kind && reservation.owner.name === owner.name && !held.has(id)) await this.settle(id, 0);
      }
    } catch (error) {
      log("quota_hold_unanswered", { owner: owner.name, error: String(error) });
    }
  }

  async #arm(): Promise<void> {
    const at = nextCheckAt(this.#load());
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(at, Date.now() + 1));
  }
}
