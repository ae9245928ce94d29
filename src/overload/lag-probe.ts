/**
 * Event-loop lag, the queue every request waits in before its handler runs: a timer due at once fires
 * only after the work queued ahead of it. An isolate whose judgments (and the objects it hosts) need
 * more CPU than it gets builds such a queue, and a refusal decided after it is no longer fast. After
 * CoDel (Nichols and Jacobson, "Controlling Queue Delay", 2012): the queue is persistent when even
 * the smallest lag seen over an interval exceeds the target; a burst that drains within the interval
 * is not congestion.
 */
export interface LagOptions {
  /** Lag a persistent queue may have, ms. */
  targetMs: number;
  /** The window whose smallest lag is judged, ms. */
  intervalMs: number;
}

/**
 * A refusal crosses the queue about three times (its arrival, its body, its reply), so its latency is
 * a few times the lag: 25 ms of standing queue is already ~75 ms of refusal. The window is short so
 * the limit is cut within a judgment's own duration, before the queue it builds has grown.
 */
export const DEFAULT_LAG_OPTIONS: LagOptions = { targetMs: 25, intervalMs: 200 };

/** A probe's timer never fired (its request was not kept alive, and the runtime dropped it): probe again. */
const LOST_PROBE_MS = 2_000;

export class LagProbe {
  readonly #options: LagOptions;
  #pendingSince: number | null = null;
  #windowStart = -Infinity;
  #windowMin = Infinity;
  #lastSampleAt = -Infinity;
  #congested = false;
  #lastLagMs = 0;

  constructor(options: Partial<LagOptions> = {}) {
    this.#options = { ...DEFAULT_LAG_OPTIONS, ...options };
  }

  /** The latest lag measured, ms. */
  get lastLagMs(): number {
    return this.#lastLagMs;
  }

  /** Whether the last full window had a persistent queue; a window with no sample says no. */
  congested(now: number): boolean {
    return this.#congested && now - this.#lastSampleAt < 2 * this.#options.intervalMs;
  }

  /**
   * Starts a measurement unless one is under way: a timer due now, and how late it runs. Returns the
   * measurement while it runs, for the request to be kept alive until it ends: a refusal answers in a
   * millisecond, and the runtime drops the timers of a request that has ended, exactly when the queue
   * is long (the probe would then be blind for `LOST_PROBE_MS`).
   */
  probe(now: number): Promise<void> | null {
    if (this.#pendingSince !== null && now - this.#pendingSince < LOST_PROBE_MS) return null;
    this.#pendingSince = now;
    return new Promise((resolve) => {
      setTimeout(() => {
        const firedAt = Date.now();
        this.record(firedAt - now, firedAt);
        this.#pendingSince = null;
        resolve();
      }, 0);
    });
  }

  /** One measurement: closes the window when its interval is over, judging it by its smallest lag. */
  record(lagMs: number, at: number): void {
    this.#lastLagMs = lagMs;
    this.#lastSampleAt = at;
    if (at - this.#windowStart >= this.#options.intervalMs) {
      if (Number.isFinite(this.#windowMin)) this.#congested = this.#windowMin > this.#options.targetMs;
      this.#windowStart = at;
      this.#windowMin = lagMs;
    } else {
      this.#windowMin = Math.min(this.#windowMin, lagMs);
    }
  }
}
