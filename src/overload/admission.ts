import { AdaptiveLimit, type SampleOutcome } from "./adaptive-limit.ts";
import { LagProbe } from "./lag-probe.ts";

/** A slot for one judgment request; released exactly once with what was measured. */
export interface Admission {
  release(latencyMs: number, outcome: SampleOutcome | "ignored"): void;
}

const NO_SLOT: Admission = { release: () => undefined };

/**
 * Admission control for new judgments in this isolate (docs/runbook.md "Overload"): an adaptive limit
 * on the requests that may start one, cut while the isolate's event loop has a persistent queue (a
 * start admitted then would wait in it, and so would every refusal after it: the thread is kept just
 * short of saturation), and a memory of cells seen completed, which are reads and never shed. Per
 * isolate on purpose: it measures this isolate's own queueing, needs no coordination, and answers a
 * refusal without any I/O.
 */
export class JudgmentAdmission {
  readonly #limit: AdaptiveLimit;
  readonly #completed = new Set<string>();
  /** Cells with an admitted request in flight here: more requests for them join it at the cell. */
  readonly #starting = new Set<string>();
  readonly #maxRemembered: number;

  readonly #freeAfterMs: number;
  readonly #lag: LagProbe | null;

  constructor(limit = new AdaptiveLimit(), options: { freeAfterMs?: number; maxRemembered?: number; lag?: LagProbe } = {}) {
    this.#limit = limit;
    this.#freeAfterMs = options.freeAfterMs ?? 1_000;
    this.#maxRemembered = options.maxRemembered ?? 50_000;
    this.#lag = options.lag ?? null;
  }

  get limit(): AdaptiveLimit {
    return this.#limit;
  }

  /**
   * A slot; a free pass for a cell known completed or already being started here (coalesced at the
   * cell, it starts nothing); or null: refuse at once with 503 `overloaded`. The slot covers the start
   * of a judgment, not its scoring: it is freed when the reply comes or after the target latency,
   * whichever is first, so a slow model does not cap how many judgments run. `keepAlive` is handed the
   * lag measurement this call started, if any, to keep the request alive until it ends.
   */
  admit(cellId: string, keepAlive: (work: Promise<void>) => void = () => undefined): Admission | null {
    if (this.#completed.has(cellId) || this.#starting.has(cellId)) return NO_SLOT;
    const now = Date.now();
    const probing = this.#lag?.probe(now);
    if (probing) keepAlive(probing);
    // A queue that does not drain is congestion, whatever the starts measure: the limit is cut (once
    // per cooldown) rather than every start refused while it lasts, which would leave the thread idle
    // once the queue drained, and work this isolate did not start (a batch's pushes, a neighbour)
    // still lets it admit a few.
    if (this.#lag?.congested(now)) this.#limit.sample(now, this.#lag.lastLagMs, "dropped");
    if (!this.#limit.tryAcquire()) return null;
    this.#starting.add(cellId);
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      clearTimeout(timer);
      this.#starting.delete(cellId);
      this.#limit.free();
    };
    const timer = setTimeout(free, this.#freeAfterMs);
    let sampled = false;
    return {
      release: (latencyMs, outcome) => {
        free();
        if (sampled || outcome === "ignored") return;
        sampled = true;
        this.#limit.sample(Date.now(), latencyMs, outcome);
      },
    };
  }

  /** Remembers a completed cell: its judgment is final, so asking again is a read. */
  completed(cellId: string): void {
    if (this.#completed.size >= this.#maxRemembered) this.#completed.clear();
    this.#completed.add(cellId);
  }
}

let isolateAdmission: JudgmentAdmission | null = null;

/**
 * This isolate's admission control (module state holds no I/O object, so it may outlive a request),
 * made on first use with the configured initial limit; null when `OVERLOAD=off`.
 */
export function judgmentAdmission(options: { enabled: boolean; initialLimit: number; targetMs: number }): JudgmentAdmission | null {
  if (!options.enabled) return null;
  isolateAdmission ??= new JudgmentAdmission(new AdaptiveLimit({ initial: options.initialLimit, targetMs: options.targetMs }), {
    freeAfterMs: options.targetMs,
    lag: new LagProbe(),
  });
  return isolateAdmission;
}
