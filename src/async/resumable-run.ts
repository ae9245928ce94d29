/**
 * The runner of a Durable Object's long work (a cell's judgment; a batch's), built on one fact of the
 * platform: an object has at most one live instance. Work its storage says is unfinished, found by an
 * instance that is not running it, was left by an instance that is gone (a crash, a deploy, an
 * eviction), so it is resumed at once, by whatever enters the object first:
 *
 * - every entry point (a request, an RPC, a socket message, the cron's nudge) calls
 *   `resumeIfInterrupted()` first;
 * - while work is unfinished the object keeps an alarm at most `heartbeatMs` away (`nextWakeUp`), so
 *   with nobody asking, a restarted object is woken within a heartbeat and resumes (`wake`);
 * - a runner alive in this instance is left alone at each wake-up (the alarm is only re-armed) while
 *   it makes progress; one that has stored nothing new for longer than `watchdogMs` (the longest one
 *   step may take) is `stuck`, and the object resets itself (`ctx.abort()`), so a fresh instance
 *   resumes from what was stored.
 *
 * `incarnation` names this instance towards shared objects: a gate that holds grants of an older
 * incarnation of the same holder knows that holder is gone and takes its grants back.
 *
 * The work itself must be resumable: persist each step before the next await, and on `run` do only
 * what storage says is missing. Pure bookkeeping: no platform calls, so it is tested directly.
 *
 * @example
 * // In a Durable Object:
 * readonly #runner = new ResumableRun({
 *   unfinished: () => this.#store.load()?.status === "running",
 *   progress: () => this.#store.load(), // a new object after every stored step
 *   run: (resumed) => this.#runBatch(resumed),
 *   watchdogMs: () => 300_000,
 *   heartbeatMs: () => configOf(this.env).cellHeartbeatMs,
 * });
 * async submit(job) { this.#runner.resumeIfInterrupted(); ... this.#runner.ensure(); ... }
 * async alarm() { if (this.#runner.wake(Date.now()) === "stuck") { ...; this.ctx.abort("stuck") } ... }
 * // and when arming the alarm: at = min(at, this.#runner.nextWakeUp(Date.now()))
 */

export type WakeUp =
  /** No unfinished work. */
  | "idle"
  /** The work runs in this instance, within its watchdog. */
  | "alive"
  /** The work was interrupted and has just been resumed in this instance. */
  | "resumed"
  /** The work runs in this instance but has stored nothing new for longer than its watchdog: reset the object. */
  | "stuck";

export interface ResumableRunOptions {
  /** Whether the stored work is unfinished (read from the object's storage, which survives a crash). */
  unfinished(): boolean;
  /**
   * A marker of the stored progress, compared by identity at each wake-up (e.g. the state object the
   * store replaces at every write): unchanged for longer than `watchdogMs` means stuck.
   */
  progress(): unknown;
  /** Runs the stored work to its end, doing only what is missing; `resumed` when taking over a lost run. */
  run(resumed: boolean): Promise<void>;
  /** The longest one step of a run may take (a model call with its retries) before it counts as stuck. */
  watchdogMs(): number;
  /** How often an object with unfinished work is woken (the longest a crash leaves it unattended). */
  heartbeatMs(): number;
  /** The clock of a run's start (tests pass their own). */
  now?: () => number;
}

export class ResumableRun {
  readonly incarnation: string = crypto.randomUUID();
  readonly #options: ResumableRunOptions;
  #inflight: Promise<void> | null = null;
  #progress: unknown;
  #progressAt = 0;

  constructor(options: ResumableRunOptions) {
    this.#options = options;
  }

  /** Whether the work runs in this instance now. */
  get running(): boolean {
    return this.#inflight !== null;
  }

  /** The one run in flight; started (not resumed) if none runs in this instance. */
  ensure(): Promise<void> {
    return this.#start(false);
  }

  /**
   * Call first at every entry into the object: resumes unfinished work nobody runs. Returns the resumed
   * run, or null when there was nothing to resume.
   */
  resumeIfInterrupted(): Promise<void> | null {
    if (this.#inflight || !this.#options.unfinished()) return null;
    return this.#start(true);
  }

  /** At each alarm: resumes an interrupted run, or says whether the one in this instance is stuck. */
  wake(now: number): WakeUp {
    if (!this.#options.unfinished()) return "idle";
    if (!this.#inflight) {
      void this.#start(true);
      return "resumed";
    }
    const progress = this.#options.progress();
    if (progress !== this.#progress) {
      this.#progress = progress;
      this.#progressAt = now;
      return "alive";
    }
    return now - this.#progressAt > this.#options.watchdogMs() ? "stuck" : "alive";
  }

  /** When the object must be woken next for this work: within a heartbeat while it is unfinished. */
  nextWakeUp(now: number): number | null {
    return this.#options.unfinished() ? now + this.#options.heartbeatMs() : null;
  }

  #start(resumed: boolean): Promise<void> {
    if (this.#inflight) return this.#inflight;
    this.#progress = this.#options.progress();
    this.#progressAt = (this.#options.now ?? Date.now)();
    const inflight = this.#options.run(resumed).finally(() => {
      this.#inflight = null;
    });
    // A caller that does not wait (a wake-up, an entry that only reads) must not leave a rejection
    // unhandled: the run reports its own failures.
    inflight.catch(() => undefined);
    this.#inflight = inflight;
    return inflight;
  }
}
