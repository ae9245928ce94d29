interface Waiter {
  at: number;
  work: Promise<unknown>;
  resolve: () => void;
}

/**
 * Many callers each waiting for the same work, each for at most its own time: one timer for all of
 * them (set for the soonest deadline) and one settle handler per work, instead of a timer and a race
 * per caller. A hot cell's thousand coalesced requests cost a thousand entries in an array.
 *
 * @example
 * const waits = new SharedWaits();
 * await waits.wait(run, 25_000); // resolves when `run` settles (either way) or after 25 s
 */
export class SharedWaits {
  /** By deadline, soonest first (callers with one wait time arrive in deadline order: an append). */
  #waiters: Waiter[] = [];
  readonly #watched = new WeakSet<Promise<unknown>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  /** Callers waiting now. */
  get size(): number {
    return this.#waiters.length;
  }

  /** Resolves once `work` settles (resolved or rejected) or `ms` have passed, whichever is first. */
  wait(work: Promise<unknown>, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { at: Date.now() + Math.max(0, ms), work, resolve };
      let index = this.#waiters.length;
      while (index > 0 && this.#waiters[index - 1]!.at > waiter.at) index -= 1;
      this.#waiters.splice(index, 0, waiter);
      if (!this.#watched.has(work)) {
        this.#watched.add(work);
        const settled = () => this.#release((candidate) => candidate.work === work);
        work.then(settled, settled);
      }
      this.#arm();
    });
  }

  #release(done: (waiter: Waiter) => boolean): void {
    const kept: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (done(waiter)) waiter.resolve();
      else kept.push(waiter);
    }
    this.#waiters = kept;
    this.#arm();
  }

  /** Keeps the one timer set for the soonest deadline, and none when nobody waits. */
  #arm(): void {
    const soonest = this.#waiters[0]?.at ?? Number.POSITIVE_INFINITY;
    if (soonest === this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = soonest;
    if (soonest === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => {
      this.#timerAt = Number.POSITIVE_INFINITY;
      const now = Date.now();
      this.#release((waiter) => waiter.at <= now);
    }, Math.max(0, soonest - Date.now()));
  }
}
