import type { BreakerOptions, BreakerState } from "../../src/objects/gate.ts";

/**
 * A circuit breaker for one model endpoint, pure (time is passed in). Closed: calls go through and
 * endpoint faults are counted; `threshold` consecutive faults open it. Open: calls fail fast until the
 * cool-down has passed. Half-open: one probe goes through; its success closes the breaker, its fault
 * opens it again.
 */

export type { BreakerOptions, BreakerState } from "../../src/objects/gate.ts";

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 5, coolDownMs: 30_000 };

export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

export class CircuitBreaker {
  readonly #options: BreakerOptions;
  #state: BreakerState = "closed";
  #consecutiveFaults = 0;
  #openedAt = 0;
  #probing = false;

  constructor(options: BreakerOptions = DEFAULT_BREAKER) {
    this.#options = options;
  }

  /** The state as of `now` (an open breaker past its cool-down reads as half-open). */
  state(now: number): BreakerState {
    if (this.#state === "open" && now - this.#openedAt >= this.#options.coolDownMs) return "half_open";
    return this.#state;
  }

  get consecutiveFaults(): number {
    return this.#consecutiveFaults;
  }

  /**
   * Whether a call may start now. In half-open state only one probe is admitted at a time.
   *
   * @example
   * const admission = breaker.admit(Date.now());
   * if (!admission.allowed) throw overloaded(admission.retryAfterMs);
   */
  admit(now: number): Admission {
    const state = this.state(now);
    if (state === "closed") return { allowed: true, probe: false };
    if (state === "half_open" && !this.#probing) {
      this.#state = "half_open";
      this.#probing = true;
      return { allowed: true, probe: true };
    }
    const remaining = this.#options.coolDownMs - (now - this.#openedAt);
    return { allowed: false, retryAfterMs: Math.max(1_000, remaining) };
  }

  /** Records how the calls of an admission went: `faults` endpoint faults, `successes` answered calls. */
  record(outcome: { faults: number; successes: number; probe: boolean }, now: number): void {
    if (outcome.probe) this.#probing = false;
    if (outcome.faults === 0) {
      if (outcome.successes > 0) {
        this.#consecutiveFaults = 0;
        this.#state = "closed";
      }
      return;
    }
    this.#consecutiveFaults += outcome.faults;
    if (outcome.probe || this.#state === "half_open" || this.#consecutiveFaults >= this.#options.threshold) {
      this.#state = "open";
      this.#openedAt = now;
    }
  }
}
