import { DurableObject } from "cloudflare:workers";
import { waitAtMost } from "../../src/async/wait-at-most.ts";
import type { BreakerOptions, GateDecision, GateHolder, GateRequest, GateStatus } from "../../src/objects/gate.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { GrantHolders } from "./grant-holders.ts";
import { PermitPool } from "./permit-pool.ts";

/** Waiters per permit before the queue is full: enough to absorb a burst, bounded so it never grows. */
const QUEUE_PER_PERMIT = 32;

/**
 * The gate of one model endpoint (one object per provider + base URL + model), shared by every cell,
 * or one shard of it (src/objects/gate-shards.ts: its cells are those whose id hashes to it, `limit`
 * is its share of the endpoint's, and its breaker opens on its own faults; docs/scaling.md says why):
 * at most `limit` calls in flight, a bounded FIFO queue beyond that (full → `overloaded`), and a
 * circuit breaker that fails fast with `provider_unavailable` while the endpoint keeps failing. State
 * is in memory on purpose: it is about the next minute, and a restart only forgets leases that expire.
 */
export class ProviderGate extends DurableObject<Env> {
  #pool: PermitPool | null = null;
  #breaker = new CircuitBreaker();
  #breakerOptions = "";
  readonly #probes = new Set<string>();
  readonly #holders = new GrantHolders();
  #granted = 0;

  #poolFor(limit: number): PermitPool {
    if (!this.#pool || this.#pool.limit !== limit) this.#pool = new PermitPool({ limit, maxQueue: limit * QUEUE_PER_PERMIT });
    return this.#pool;
  }

  /** The breaker, rebuilt only if the profile's breaker settings changed (a redeploy). */
  #breakerFor(options: BreakerOptions): CircuitBreaker {
    const key = `${options.threshold}/${options.coolDownMs}`;
    if (key !== this.#breakerOptions) {
      this.#breaker = new CircuitBreaker(options);
      this.#breakerOptions = key;
    }
    return this.#breaker;
  }

  async acquire(request: GateRequest): Promise<GateDecision> {
    const now = Date.now();
    this.#reclaimOrphans(request, now);
    const admission = this.#breakerFor(request.breaker).admit(now);
    if (!admission.allowed) {
      this.#holders.settleRefused(request);
      return {
        ok: false,
        code: "provider_unavailable",
        message: "the model endpoint keeps failing; its circuit breaker is open",
        retryAfterSeconds: Math.ceil(admission.retryAfterMs / 1000),
      };
    }
    const pool = this.#poolFor(request.limit);
    const pending = pool.acquire(admission.probe ? 1 : request.wanted, request.leaseMs, now);
    if (!pending) {
      this.#holders.settleRefused(request);
      if (admission.probe) this.#breaker.record({ faults: 0, successes: 0, probe: true }, now);
      return { ok: false, code: "overloaded", message: "too many judgments are waiting for the model endpoint", retryAfterSeconds: 2 };
    }
    const grant = await waitAtMost(pending.promise, request.waitMs);
    if (!grant) {
      // Granted at the very moment the wait ran out: hand the permits straight back.
      if (!pending.cancel()) pool.release((await pending.promise).id, Date.now());
      this.#holders.settleRefused(request);
      if (admission.probe) this.#breaker.record({ faults: 0, successes: 0, probe: true }, now);
      return { ok: false, code: "overloaded", message: `no capacity at the model endpoint within ${request.waitMs} ms`, retryAfterSeconds: 2 };
    }
    if (!this.#holders.add(request, grant.id)) {
      // A newer instance of this holder asked while this one waited: this one is gone.
      pool.release(grant.id, Date.now());
      if (admission.probe) this.#breaker.record({ faults: 0, successes: 0, probe: true }, now);
      return { ok: false, code: "overloaded", message: "the holder restarted while it waited", retryAfterSeconds: 2 };
    }
    if (admission.probe) this.#probes.add(grant.id);
    this.#granted += 1;
    return { ok: true, grantId: grant.id, permits: grant.permits, probe: admission.probe };
  }

  /**
   * Several holders' requests in one round trip (a panel's jurors that share this endpoint): each is
   * decided as `acquire` decides it, in order, so they share the limit, the queue and the breaker
   * exactly as separate requests would (a half-open breaker lets one of them probe).
   */
  async acquireAll(requests: GateRequest[]): Promise<GateDecision[]> {
    return Promise.all(requests.map((request) => this.acquire(request)));
  }

  /** Returns several grants in one round trip, each with how its calls went (see `release`). */
  async releaseAll(releases: { grantId: string; outcome: { faults: number; successes: number } }[]): Promise<void> {
    for (const { grantId, outcome } of releases) await this.release(grantId, outcome);
  }

  /** Returns a grant and how its calls went: the breaker counts endpoint faults, answers reset it. */
  async release(grantId: string, outcome: { faults: number; successes: number }): Promise<void> {
    const now = Date.now();
    const probe = this.#forget(grantId, now);
    this.#breaker.record({ ...outcome, probe }, now);
  }

  /**
   * A holder resumed its work in a new instance (its cell restarted): the grants its older instances
   * still hold come back now, not when their lease expires. Resolves to the permits taken back.
   */
  async reclaim(holder: GateHolder): Promise<number> {
    const permits = this.#reclaimOrphans(holder, Date.now());
    // Nothing held by the new instance yet: nothing to remember of it.
    this.#holders.settleRefused(holder);
    return permits;
  }

  /** Takes back the grants of the holder's other incarnations; returns how many permits they held. */
  #reclaimOrphans(holder: GateHolder, now: number): number {
    let permits = 0;
    for (const grantId of this.#holders.supersede(holder)) {
      permits += this.#pool?.permitsOf(grantId) ?? 0;
      // A crashed probe's grant: its breaker may let the next probe through.
      if (this.#forget(grantId, now)) this.#breaker.record({ faults: 0, successes: 0, probe: true }, now);
    }
    return permits;
  }

  /** Takes a grant back; true when it was the half-open probe. */
  #forget(grantId: string, now: number): boolean {
    this.#holders.remove(grantId);
    this.#pool?.release(grantId, now);
    return this.#probes.delete(grantId);
  }

  async status(): Promise<GateStatus> {
    const now = Date.now();
    this.#pool?.reclaimExpired(now);
    return {
      breaker: this.#breaker.state(now),
      consecutive_faults: this.#breaker.consecutiveFaults,
      in_flight: this.#pool?.inUse ?? 0,
      queued: this.#pool?.queued ?? 0,
      limit: this.#pool?.limit ?? 0,
      granted: this.#granted,
    };
  }
}
