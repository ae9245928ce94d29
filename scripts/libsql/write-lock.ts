/**
 * A FIFO, asynchronous, single-holder lock: the server's stand-in for SQLite's write lock.
 *
 * The engine is synchronous and every connection runs with `busy_timeout = 0`, so a writer that
 * found SQLite's write lock taken would either fail with SQLITE_BUSY or (with a busy timeout) freeze
 * the whole event loop. Instead a stream takes this lock before it can start a write transaction and
 * keeps it until that transaction ends; waiters queue here without blocking anyone else.
 */

interface Waiter<Owner> {
  owner: Owner;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class WriteLock<Owner> {
  #holder: Owner | undefined = undefined;
  readonly #queue: Waiter<Owner>[] = [];

  /** The current holder, or undefined when the lock is free. */
  get holder(): Owner | undefined {
    return this.#holder;
  }

  /** How many owners are waiting. */
  get waiting(): number {
    return this.#queue.length;
  }

  isHeldBy(owner: Owner): boolean {
    return this.#holder === owner;
  }

  /**
   * Takes the lock now if it is free (or already ours) and nobody queues ahead; never waits.
   * Re-entrant, so a holder asking again can never deadlock on itself.
   */
  tryAcquire(owner: Owner): boolean {
    if (this.#holder === owner) return true;
    if (this.#holder !== undefined || this.#queue.length > 0) return false;
    this.#holder = owner;
    return true;
  }

  /** Resolves once `owner` holds the lock; waiters are served strictly in arrival order. */
  acquire(owner: Owner): Promise<void> {
    if (this.tryAcquire(owner)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ owner, resolve, reject });
    });
  }

  /**
   * Releases the lock if `owner` holds it and hands it straight to the next waiter: ownership moves
   * before the waiter's continuation runs, so no newcomer can slip in between.
   */
  release(owner: Owner): void {
    if (this.#holder !== owner) return;
    const next = this.#queue.shift();
    this.#holder = next?.owner;
    next?.resolve();
  }

  /** Drops `owner` from the queue (its waiting promise rejects) and releases the lock if held. */
  abandon(owner: Owner, error: Error): void {
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const waiter = this.#queue[i];
      if (waiter?.owner === owner) {
        this.#queue.splice(i, 1);
        waiter.reject(error);
      }
    }
    this.release(owner);
  }

  /** Rejects every waiter and frees the lock; used when the server shuts down. */
  rejectAll(error: Error): void {
    const waiters = this.#queue.splice(0);
    this.#holder = undefined;
    for (const waiter of waiters) waiter.reject(error);
  }
}
