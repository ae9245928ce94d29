/**
 * Permits for calls in flight to one endpoint, with a bounded FIFO queue of waiters. Pure bookkeeping:
 * the caller owns time and timers. A grant may be partial (at least one permit), so a judgment of many
 * batches runs with what is free instead of waiting for all of it.
 */

export interface Grant {
  id: string;
  permits: number;
  /** After this instant the grant is presumed lost (its holder crashed) and reclaimed. */
  expiresAt: number;
}

/** A queued request; `cancel` withdraws it when its caller stops waiting. */
export interface PendingGrant {
  promise: Promise<Grant>;
  cancel(): boolean;
}

interface Waiter {
  wanted: number;
  leaseMs: number;
  resolve: (grant: Grant) => void;
}

export class PermitPool {
  readonly #limit: number;
  readonly #maxQueue: number;
  readonly #grants = new Map<string, Grant>();
  readonly #queue: Waiter[] = [];
  #inUse = 0;
  #nextId = 1;

  constructor(options: { limit: number; maxQueue: number }) {
    this.#limit = options.limit;
    this.#maxQueue = options.maxQueue;
  }

  get inUse(): number {
    return this.#inUse;
  }

  get queued(): number {
    return this.#queue.length;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Permits a grant holds (0 once it is released or reclaimed). */
  permitsOf(id: string): number {
    return this.#grants.get(id)?.permits ?? 0;
  }

  #grant(wanted: number, leaseMs: number, now: number): Grant {
    const permits = Math.min(wanted, this.#limit - this.#inUse);
    const grant: Grant = { id: `g${this.#nextId++}`, permits, expiresAt: now + leaseMs };
    this.#inUse += permits;
    this.#grants.set(grant.id, grant);
    return grant;
  }

  /**
   * Grants up to `wanted` permits now, or queues the request; null when the queue is full.
   *
   * @example
   * const pending = pool.acquire(5, 60_000, Date.now());
   * if (pending === null) throw overloaded();
   * const { id, permits } = await pending.promise;
   */
  acquire(wanted: number, leaseMs: number, now: number): PendingGrant | null {
    this.reclaimExpired(now);
    const asked = Math.max(1, wanted);
    if (this.#inUse < this.#limit && this.#queue.length === 0) {
      return { promise: Promise.resolve(this.#grant(asked, leaseMs, now)), cancel: () => false };
    }
    if (this.#queue.length >= this.#maxQueue) return null;
    let waiter!: Waiter;
    const promise = new Promise<Grant>((resolve) => {
      waiter = { wanted: asked, leaseMs, resolve };
      this.#queue.push(waiter);
    });
    return {
      promise,
      cancel: () => {
        const index = this.#queue.indexOf(waiter);
        if (index < 0) return false;
        this.#queue.splice(index, 1);
        return true;
      },
    };
  }

  /** Gives a grant's permits back and serves waiters in order. Unknown ids (already reclaimed) are ignored. */
  release(id: string, now: number): void {
    const grant = this.#grants.get(id);
    if (!grant) return;
    this.#grants.delete(id);
    this.#inUse -= grant.permits;
    this.#serve(now);
  }

  /** Takes back grants whose holders outlived their lease. */
  reclaimExpired(now: number): void {
    for (const grant of this.#grants.values()) {
      if (grant.expiresAt <= now) {
        this.#grants.delete(grant.id);
        this.#inUse -= grant.permits;
      }
    }
    this.#serve(now);
  }

  #serve(now: number): void {
    while (this.#queue.length > 0 && this.#inUse < this.#limit) {
      const waiter = this.#queue.shift()!;
      waiter.resolve(this.#grant(waiter.wanted, waiter.leaseMs, now));
    }
  }
}
