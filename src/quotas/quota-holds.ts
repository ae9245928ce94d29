import { quotaStub, type HoldOwner, type QuotaCharge, type QuotaHold, type QuotaReservation } from "../objects/quota.ts";
import { log } from "../observability/log.ts";

/**
 * The charged object's side of cost quotas (a cell's, or a comparison's): a run about to call a model
 * reserves its worst case with the caller's quota object, and settles to what it cost when it ends.
 * Only that object knows whether a request starts a run (a cached or coalesced one does not), so only
 * it charges.
 *
 * A hold is written to the object's storage before the quota object hears of it, and deleted once it
 * is settled: if the instance dies in between (a crash, an eviction, the stuck-runner reset), whichever
 * instance ends the run settles it. The reservation names its owner, so the quota object asks about one
 * still open long after it was taken (`settleIfEnded`): a hold whose run never started, or ended in an
 * instance that died before settling, is settled then rather than counted all day.
 */

export type QuotaDecision = { ok: true; hold: QuotaHold | null } | { ok: false; refusal: Extract<QuotaReservation, { ok: false }> };

/** A hold as stored: whose quota, and what the run had cost when the hold was taken. */
interface StoredHold {
  key: string;
  spentBeforeUsd: number;
}

const PREFIX = "quota_hold:";

export class QuotaHolds {
  readonly #storage: DurableObjectStorage;
  readonly #env: Env;
  readonly #owner: HoldOwner;
  /** Whether storage may hold a hold: a fresh instance may have inherited some, so it looks once. */
  #mayHold = true;

  constructor(storage: DurableObjectStorage, env: Env, owner: HoldOwner) {
    this.#storage = storage;
    this.#env = env;
    this.#owner = owner;
  }

  /**
   * Reserves with the key's quota object. An unreachable quota object lets the run through uncharged:
   * quotas protect spend, and an outage of the counter must not become an outage of the API. Its
   * stored hold stays: the reservation may have landed, and settling an unknown id is harmless.
   */
  async reserve(charge: QuotaCharge, worstCaseUsd: number, spentBeforeUsd: number): Promise<QuotaDecision> {
    const id = `q_${crypto.randomUUID()}`;
    this.#mayHold = true;
    await this.#storage.put<StoredHold>(PREFIX + id, { key: charge.key, spentBeforeUsd });
    try {
      const result = await quotaStub(this.#env, charge.key).reserve(charge.policy, worstCaseUsd, id, this.#owner);
      if (!result.ok) {
        await this.#storage.delete(PREFIX + id);
        return { ok: false, refusal: result };
      }
      return { ok: true, hold: { key: charge.key, reservationId: id, standing: result.standing } };
    } catch (error) {
      log("quota_unreachable", { error: String(error) });
      return { ok: true, hold: null };
    }
  }

  /**
   * Settles every stored hold to what the run cost since it was taken (`spentUsd` is its spend so far).
   * The holds are listed at once, before any other request can start a run and take a new one. A
   * settle that fails keeps its hold for the next call (the worst case stays counted meanwhile).
   */
  async settleAll(spentUsd: number): Promise<void> {
    if (!this.#mayHold) return;
    const holds = await this.#storage.list<StoredHold>({ prefix: PREFIX });
    this.#mayHold = false;
    for (const [name, hold] of holds) {
      try {
        await quotaStub(this.#env, hold.key).settle(name.slice(PREFIX.length), Math.max(0, spentUsd - hold.spentBeforeUsd));
        await this.#storage.delete(name);
      } catch (error) {
        this.#mayHold = true;
        log("quota_settle_failed", { key: hold.key.slice(0, 8), error: String(error) });
      }
    }
  }

  /**
   * The quota object's question about reservations still open past their check: settles them now if
   * the run has ended (or never started: `ended` with nothing spent), and answers with the ids still
   * held (a live run settles them when it ends). One the owner does not hold, it never will settle.
   */
  async settleIfEnded(ended: boolean, spentUsd: number): Promise<string[]> {
    if (ended) await this.settleAll(spentUsd);
    if (!this.#mayHold) return [];
    return [...(await this.#storage.list({ prefix: PREFIX })).keys()].map((name) => name.slice(PREFIX.length));
  }
}
