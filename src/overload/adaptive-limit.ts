/**
 * An adaptive concurrency limit, AIMD on latency (after TCP congestion control and Netflix's
 * concurrency-limits): while admitted requests start within `targetMs`, the limit grows by about one
 * per limit's worth of samples; when one takes longer, or is dropped for capacity, the limit is cut by
 * `backoff`, at most once per `cooldownMs` (a burst of slow replies is one signal). Requests past the
 * limit are refused at once, so under overload the queue stays short and the admitted stay fast. Pure:
 * time is passed in.
 */
export interface AdaptiveLimitOptions {
  initial: number;
  min: number;
  max: number;
  /** Start latency above this counts as congestion. */
  targetMs: number;
  /** Factor applied to the limit on congestion. */
  backoff: number;
  /** Least time between two cuts. */
  cooldownMs: number;
}

export const DEFAULT_LIMIT_OPTIONS: AdaptiveLimitOptions = { initial: 32, min: 4, max: 10_000, targetMs: 1_000, backoff: 0.8, cooldownMs: 250 };

export type SampleOutcome = "ok" | "dropped";

export class AdaptiveLimit {
  readonly #options: AdaptiveLimitOptions;
  #limit: number;
  #inFlight = 0;
  #lastCutAt = -Infinity;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.#options = { ...DEFAULT_LIMIT_OPTIONS, ...options };
    this.#limit = Math.min(this.#options.max, Math.max(this.#options.min, this.#options.initial));
  }

  get limit(): number {
    return Math.floor(this.#limit);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The least the limit may be cut to. */
  get min(): number {
    return this.#options.min;
  }

  /** Takes a slot, or false when the limit is reached (the caller refuses the request). */
  tryAcquire(): boolean {
    if (this.#inFlight >= this.limit) return false;
    this.#inFlight += 1;
    return true;
  }

  /** Gives a slot back with what it measured. */
  release(now: number, latencyMs: number, outcome: SampleOutcome): void {
    this.free();
    this.sample(now, latencyMs, outcome);
  }

  /** Gives a slot back without a measurement (the request outlived the start phase, or is not comparable). */
  free(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  /** Adjusts the limit to one measurement. */
  sample(now: number, latencyMs: number, outcome: SampleOutcome): void {
    const { targetMs, backoff, min, max, cooldownMs } = this.#options;
    if (outcome === "dropped" || latencyMs > targetMs) {
      if (now - this.#lastCutAt >= cooldownMs) {
        this.#limit = Math.max(min, this.#limit * backoff);
        this.#lastCutAt = now;
      }
    } else if (this.#inFlight + 1 >= this.#limit / 2) {
      // Grow only while the limit is actually in use: an idle limit says nothing about capacity.
      this.#limit = Math.min(max, this.#limit + 1 / this.#limit);
    }
  }
}
