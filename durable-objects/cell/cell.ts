import { DurableObject } from "cloudflare:workers";
import { ResumableRun } from "../../src/async/resumable-run.ts";
import { SharedWaits } from "../../src/async/shared-waits.ts";
import { Turnstile } from "../../src/async/turnstile.ts";
import { scoredPairs } from "../../src/cells/jury-view.ts";
import { configOf, judgeChoice, type JudgeChoice } from "../../src/config.ts";
import type { Rubric } from "../../src/judge/types.ts";
import type { CellReading, CellRefusal, CellReply, CellSubmission, ReconcileOutcome } from "../../src/objects/cell.ts";
import { log } from "../../src/observability/log.ts";
import { countDimensions } from "../../src/rubrics/count-dimensions.ts";
import { builtInRubric } from "../../src/rubrics/ref.ts";
import { isUnfinished } from "../../src/schemas/judgment.ts";
import { splitObjectName } from "../../src/security/tenant.ts";
import { remainingCeiling } from "./judgment-run.ts";
import { budgetShortfall } from "../../src/judge/spend-guard.ts";
import type { QuotaHold } from "../../src/objects/quota.ts";
import { JurorStore } from "./juror-store.ts";
import { panelCeiling, type PanelCeiling } from "./panel-run.ts";
import { OutboxPusher } from "./outbox-pusher.ts";
import { stallMs } from "../../src/cells/run-bounds.ts";
import { QuotaHolds } from "../../src/quotas/quota-holds.ts";
import { CellShadow } from "./shadow.ts";
import { CellDocuments } from "./documents.ts";
import { runCell } from "./cell-run.ts";
import { slowestJudge } from "../../src/cells/panel-rules.ts";
import { newCellState } from "./new-state.ts";
import { CellStore, type CellState } from "./store.ts";
import { CellStream } from "./stream.ts";

/**
 * One Durable Object per cell: the single writer of that cell's judgment. It coalesces concurrent
 * requests onto one in-flight judgment, persists progress as it goes, and pushes the result to Turso
 * off the client's path.
 */
export class CellDurableObject extends DurableObject<Env> {
  readonly #store: CellStore;
  /** A panel's jurors and their (juror, dimension) outcomes; untouched by single-judge cells. */
  readonly #jurors: JurorStore;
  readonly #stream: CellStream;
  readonly #outbox: OutboxPusher;
  readonly #shadow: CellShadow;
  readonly #runner: ResumableRun;
  /** The run (judgment id and attempt) whose accepted state was pushed to Turso while it ran. */
  #announced = "";
  /** Requests waiting for the judgment: one timer for all of them, however many. */
  readonly #waits = new SharedWaits();
  /** While a starting request reserves quota (an await), others for this cell wait, then join its run. */
  readonly #admitting = new Turnstile();
  /** Quota reservations taken for this judgment's runs, stored until settled. */
  readonly #holds: QuotaHolds;
  readonly #documents: CellDocuments;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CellStore(ctx.storage.sql);
    this.#jurors = new JurorStore(ctx.storage.sql);
    this.#documents = new CellDocuments(this.#store, this.#jurors);
    this.#shadow = new CellShadow(ctx.storage.sql, env, this.#store.neverWritten);
    this.#holds = new QuotaHolds(ctx.storage, env, { kind: "cell", name: ctx.id.name ?? "" });
    this.#stream = new CellStream(ctx, { current: () => this.#store.currentSeq(), next: () => this.#store.nextSeq() }, () => configOf(env).cellMaxSockets);
    this.#outbox = new OutboxPusher({
      store: this.#store,
      env,
      document: (state) => this.#documents.document(state, false),
      rearm: () => this.#armAlarm(),
    });
    this.#runner = new ResumableRun({
      unfinished: () => {
        const state = this.#store.load();
        return state !== null && isUnfinished(state.status);
      },
      // The store replaces its state object at every write (scoring started, a batch recorded).
      progress: () => this.#store.load(),
      run: (resumed) =>
        runCell(
          {
            ctx: this.ctx,
            env: this.env,
            store: this.#store,
            jurors: this.#jurors,
            stream: this.#stream,
            documents: this.#documents,
            holds: this.#holds,
            outbox: this.#outbox,
            shadow: this.#shadow,
            incarnation: () => this.#runner.incarnation,
            armAlarm: (soonest) => this.#armAlarm(soonest),
          },
          resumed,
        ),
      watchdogMs: () => slowestJudge(this.env, this.#store.load()?.request, stallMs),
      heartbeatMs: () => configOf(this.env).cellHeartbeatMs,
    });
  }

  /**
   * WebSocket subscriptions: the Worker forwards the raw upgrade request here (hibernation needs it).
   * The object is named by its tenant and cell id (`idFromName`), so a cell nobody asked yet still knows its id.
   */
  override async fetch(request: Request): Promise<Response> {
    this.#runner.resumeIfInterrupted();
    const cellId = splitObjectName(this.ctx.id.name ?? "").id;
    const state = this.#store.load();
    const panel = state?.request.panel;
    const scored = panel ? scoredPairs(this.#jurors.outcomes()) : Object.values(this.#store.dimensions()).filter((outcome) => outcome.status === "scored").length;
    const finished = state?.status === "completed" || state?.status === "failed";
    return this.#stream.accept(state?.cellId ?? cellId, {
      status: state?.status ?? "none",
      done: scored,
      total: state ? countDimensions(state.request.rubric) * (panel ? panel.members.length : 1) : 0,
      ...(state && finished ? { judgment: this.#documents.document(state, state.status === "completed") } : {}),
    }, request.headers.get("sec-websocket-protocol"));
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#stream.onMessage(socket, message);
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.#stream.onClose(socket, code, reason);
  }

  override webSocketError(): void {
    // Nothing to do: the socket is gone and the judgment does not depend on it.
  }

  /**
   * Judges the cell once: returns the stored judgment, joins the one in flight, or starts it. A refusal
   * is returned as data (errors cross RPC as plain Errors and would lose their facts).
   */
  async submit(received: CellSubmission): Promise<CellReply> {
    this.#runner.resumeIfInterrupted();
    const refused = (refusal: CellRefusal): CellReply => ({ kind: "refused", refusal });
    await this.#admitting.pass();
    const rubric = typeof received.rubric === "string" ? builtInRubric(received.rubric) : received.rubric;
    if (!rubric) return refused({ reason: "unknown_rubric", rubric: String(received.rubric) });
    const submission = { ...received, rubric };
    const state = this.#store.load();
    // Even a failed judgment keeps its id: other content under it would pass for what was asked first.
    if (state && state.contentDigest !== submission.contentDigest) return refused({ reason: "conflict", cellId: submission.cellId });
    if (state?.status === "completed") return this.#documents.reply(state, true);
    const fresh = !state;
    const starts = !this.#runner.running && (fresh || state.status === "failed");
    let hold: QuotaHold | null = null;
    let release: (() => void) | null = null;
    let running: Promise<void>;
    try {
      if (fresh || starts) {
        const judge = judgeChoice(configOf(this.env), submission.profile);
        if (!judge) return refused({ reason: "unknown_profile", profile: submission.profile });
        // Only a request that would start scoring is held to its budget; joining or reading costs nothing.
        // A retried judgment's budget covers what its earlier attempts spent too.
        const ceiling = judge.kind === "panel"
          ? panelCeiling(judge.panel, submission, fresh ? {} : this.#jurors.outcomes())
          : remainingCeiling(judge.profile, submission, fresh ? {} : this.#store.dimensions());
        const spentUsd = fresh || !state ? 0 : this.#documents.spentUsd(state);
        const shortfall = starts ? budgetShortfall(ceiling, spentUsd, submission.budgetUsd) : null;
        if (shortfall) return refused({ reason: "budget_too_low", ...shortfall, ...("members" in ceiling ? { members: (ceiling as PanelCeiling).members } : {}) });
        if (starts && submission.quota) {
          // Held until the run has started: requests arriving meanwhile join it instead of starting (and paying for) another.
          release = this.#admitting.hold();
          const decision = await this.#holds.reserve(submission.quota, ceiling.usd, spentUsd);
          if (!decision.ok) return refused({ reason: "quota_exceeded", ...decision.refusal });
          hold = decision.hold;
        }
        if (fresh) this.#create(submission, judge);
        if (starts) this.#store.setBudget(submission.budgetUsd);
      }
      running = this.#ensureRunning();
    } finally {
      release?.();
    }
    // Bounded waiters (CELL_MAX_WAITERS, default 2,000: a stampede of 1,000 identical requests fits).
    const maxWaiters = configOf(this.env).cellMaxWaiters;
    if (submission.waitMs > 0 && this.#waits.size >= maxWaiters) {
      return refused({ reason: "overloaded", maxWaiters, retryAfterSeconds: 1 });
    }
    // A failed run is read from the store below, like a finished one.
    if (submission.waitMs > 0) await this.#waits.wait(running, submission.waitMs);
    const reply = this.#documents.reply(this.#store.load()!, false);
    return hold && reply.kind === "judgment" ? { ...reply, quota: hold.standing } : reply;
  }

  /** The cell's judgment as it stands, as JSON text, or null for a cell never asked. */
  async read(): Promise<CellReading | null> {
    this.#runner.resumeIfInterrupted();
    const state = this.#store.load();
    return state ? { status: state.status, contentDigest: state.contentDigest, text: this.#documents.text(state, state.status === "completed") } : null;
  }

  /**
   * The key's quota object asks about reservations of this cell open long after they were taken: those
   * of a judgment that ended (or was never created) are settled now; the ids still held are returned.
   */
  async settleQuotaHolds(): Promise<string[]> {
    this.#runner.resumeIfInterrupted();
    await this.#admitting.pass();
    const state = this.#store.load();
    return this.#holds.settleIfEnded(this.#ended(state), state ? this.#documents.spentUsd(state) : 0);
  }

  /** No judgment runs or is left to resume here: what its holds cost is final. */
  #ended(state: CellState | null): boolean {
    return !this.#runner.running && !(state && isUnfinished(state.status));
  }

  /**
   * Pushes the cell's current state to Turso now (tests and operators use it); resolves to 1 when the
   * push did not land (it stays in the outbox for the alarm), 0 when it did or there is no judgment.
   */
  async resync(): Promise<number> {
    this.#runner.resumeIfInterrupted();
    if (!this.#store.load()) return 0;
    this.#store.enqueueSync(Date.now());
    await this.#outbox.flush();
    return this.#store.pendingSync() ? 1 : 0;
  }

  /**
   * The heartbeat of a running judgment, the watchdog of a stuck one, and retries of pushes to Turso.
   * While a judgment is unfinished this fires every `CELL_HEARTBEAT_MS`: a runner alive in this
   * instance is left alone (its accepted state is pushed to Turso once); a judgment with no runner
   * here was interrupted (crash, restart, eviction) and resumes now; a live runner that has stored
   * nothing for longer than a model call may take is stuck, and the object resets itself so that a
   * fresh instance resumes from what was stored.
   * Alarms are retried only a few times when they throw, so this never throws: it re-arms instead.
   */
  override async alarm(): Promise<void> {
    try {
      const now = Date.now();
      const wake = this.#runner.wake(now);
      if (wake === "stuck") return await this.#reset(now);
      const state = this.#store.load();
      const run = state ? `${state.judgmentId}/${state.attempts}` : "";
      if (wake === "alive" && run !== this.#announced) {
        this.#announced = run;
        this.#store.enqueueSync(now);
      }
      // Holds a dead instance left on a judgment that has ended since (or was never created).
      if (!this.#admitting.busy && this.#ended(state)) await this.#holds.settleAll(state ? this.#documents.spentUsd(state) : 0);
      await this.#outbox.flush();
      await this.#shadow.runDue(this.#store.load());
    } catch (error) {
      log("cell.alarm_error", { error: String(error) });
    }
    await this.#armAlarm().catch((error: unknown) => log("cell.alarm_error", { error: String(error) }));
  }

  /** A stuck runner: reset the object (its promises die with it); the next wake-up resumes from storage. */
  async #reset(now: number): Promise<void> {
    const state = this.#store.load();
    if (state) log("cell.runner_stuck", { cell_id: state.cellId, judgment_id: state.judgmentId });
    await this.ctx.storage.setAlarm(now + configOf(this.env).cellHeartbeatMs);
    this.ctx.abort("the judgment's runner was stuck past its watchdog");
  }

  /**
   * Cron reconciliation found this cell's Turso row unfinished past its deadline: resume a judgment
   * nobody runs, or push a finished one whose push never landed.
   */
  async reconcile(): Promise<ReconcileOutcome> {
    const resumed = this.#runner.resumeIfInterrupted();
    const state = this.#store.load();
    if (!state) return "missing";
    if (isUnfinished(state.status)) return resumed ? "resumed" : "running";
    this.#store.enqueueSync(Date.now());
    await this.#outbox.flush();
    return "repaired";
  }

  #create(submission: CellSubmission & { rubric: Rubric }, choice: JudgeChoice): void {
    const state = newCellState(submission, choice, configOf(this.env).juryDisagreement);
    const replaced = this.#store.load() !== null;
    this.#store.create(state);
    // A cell written by an older build, where a failed judgment could be replaced, leaves none behind.
    if (replaced) this.#jurors.clear();
  }

  /** The one in-flight judgment of this cell; started if none runs (first request or retry). */
  #ensureRunning(): Promise<void> {
    const state = this.#store.load();
    if (!state || state.status === "completed") return Promise.resolve();
    return this.#runner.ensure();
  }

  /**
   * Keeps an alarm set while there is work (an unfinished judgment: its heartbeat; a pending push), and
   * only then.
   */
  async #armAlarm(soonest?: number): Promise<void> {
    const pending = this.#store.pendingSync();
    const candidates = [pending?.nextAttemptAt, soonest, this.#shadow.due(), this.#runner.nextWakeUp(Date.now())].filter((at): at is number => typeof at === "number");
    const at = candidates.length > 0 ? Math.min(...candidates) : null;
    if (at !== null) await this.ctx.storage.setAlarm(Math.max(at, Date.now() + 10));
    // Nothing left to do: no wake-up for a cell that is done (one alarm per judgment saved).
    else await this.ctx.storage.deleteAlarm();
  }
}
