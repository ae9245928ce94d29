import { DurableObject } from "cloudflare:workers";
import { ResumableRun } from "../../src/async/resumable-run.ts";
import { Turnstile } from "../../src/async/turnstile.ts";
import { waitAtMost } from "../../src/async/wait-at-most.ts";
import { comparisonDocument, type ComparisonAnswers } from "../../src/cells/comparison-document.ts";
import { configOf, judgeChoice, type JudgeChoice } from "../../src/config.ts";
import { comparisonCeiling } from "../../src/judge/comparison/estimate.ts";
import { budgetShortfall } from "../../src/judge/spend-guard.ts";
import type { Rubric } from "../../src/judge/types.ts";
import type { ReconcileOutcome } from "../../src/objects/cell.ts";
import type { ComparisonReply, ComparisonSubmission } from "../../src/objects/comparison.ts";
import { log } from "../../src/observability/log.ts";
import { builtInRubric } from "../../src/rubrics/ref.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { ComparisonEvent } from "../../src/schemas/stream.ts";
import { SocketHub } from "../../src/streams/socket-hub.ts";
import { slowestJudge, storedPanel } from "../../src/cells/panel-rules.ts";
import { judgeRecord } from "../../src/cells/judge-record.ts";
import { pendingRun } from "../../src/cells/pending-run.ts";
import { leaseMs, stallMs } from "../../src/cells/run-bounds.ts";
import type { QuotaHold } from "../../src/objects/quota.ts";
import { QuotaHolds } from "../../src/quotas/quota-holds.ts";
import { ComparisonJurorStore } from "./juror-answers.ts";
import { panelComparisonCeiling, runPanelComparison } from "./panel-run.ts";
import { countPairs, pendingCalls, runComparison } from "./run.ts";
import { ComparisonStore, type ComparisonState } from "./store.ts";
import { splitObjectName } from "../../src/security/tenant.ts";
import { ComparisonSync } from "./turso-sync.ts";

const unfinished = (state: ComparisonState | null) => state?.status === "pending" || state?.status === "scoring";

/**
 * One Durable Object per comparison: the single writer of one pairwise comparison, exactly as a cell is
 * of one judgment. It coalesces concurrent requests onto one run, records each (order, dimension)
 * answer as it lands (each juror's, for a panel), resumes an interrupted run through the same
 * heartbeat and watchdog as a cell (src/async/resumable-run.ts), streams `comparison.*` frames and
 * keeps its Turso row in step.
 */
export class ComparisonCell extends DurableObject<Env> {
  readonly #store: ComparisonStore;
  readonly #jurors: ComparisonJurorStore;
  readonly #hub: SocketHub<ComparisonEvent>;
  readonly #sync: ComparisonSync;
  readonly #runner: ResumableRun;
  /** Quota reservations taken for this comparison's runs, stored until settled. */
  readonly #holds: QuotaHolds;
  /** While a starting request reserves quota (an await), others for this comparison wait, then join it. */
  readonly #admitting = new Turnstile();
  #waiters = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new ComparisonStore(ctx.storage.sql);
    this.#jurors = new ComparisonJurorStore(ctx.storage.sql);
    this.#holds = new QuotaHolds(ctx.storage, env, { kind: "comparison", name: ctx.id.name ?? "" });
    this.#hub = new SocketHub(ctx, { current: () => this.#store.currentSeq(), next: () => this.#store.nextSeq() }, { maxSockets: () => configOf(env).cellMaxSockets });
    this.#sync = new ComparisonSync(this.#store, env, splitObjectName(ctx.id.name ?? "").tenant, (state) => this.#document(state, { cached: false, swapped: false }));
    this.#runner = new ResumableRun({
      unfinished: () => unfinished(this.#store.load()),
      progress: () => this.#store.writes + this.#jurors.writes,
      run: (resumed) => this.#run(resumed),
      watchdogMs: () => slowestJudge(this.env, this.#store.load()?.request, stallMs),
      heartbeatMs: () => configOf(this.env).cellHeartbeatMs,
    });
  }

  override async fetch(request: Request): Promise<Response> {
    this.#runner.resumeIfInterrupted();
    const state = this.#store.load();
    const finished = state?.status === "completed" || state?.status === "failed";
    const panel = state?.request.panel;
    return this.#hub.accept(splitObjectName(this.ctx.id.name ?? "").id, {
      status: state?.status ?? "none",
      done: panel ? this.#jurors.answeredCount() : this.#store.answeredCount(),
      total: state ? countPairs(state.request.rubric) * (panel ? panel.members.length : 1) : 0,
      ...(state && finished ? { comparison: this.#document(state, { cached: true, swapped: false }) } : {}),
    }, request.headers.get("sec-websocket-protocol"));
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#runner.resumeIfInterrupted();
    this.#hub.onMessage(socket, message);
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.#hub.onClose(socket, code, reason);
  }

  /** Compares once: returns the stored comparison, joins the run in flight, or starts it. */
  async submit(received: ComparisonSubmission): Promise<ComparisonReply> {
    this.#runner.resumeIfInterrupted();
    await this.#admitting.pass();
    const rubric = typeof received.rubric === "string" ? builtInRubric(received.rubric) : received.rubric;
    if (!rubric) return { kind: "refused", refusal: { reason: "unknown_rubric", rubric: String(received.rubric) } };
    const choice = judgeChoice(configOf(this.env), received.profile);
    if (!choice) return { kind: "refused", refusal: { reason: "unknown_profile", profile: received.profile } };
    const submission = { ...received, rubric };
    const state = this.#store.load();
    // Even a failed comparison keeps its id: another pair under it would pass for what was asked first.
    if (state && state.contentDigest !== submission.contentDigest) {
      return { kind: "refused", refusal: { reason: "conflict", cellId: submission.cellId } };
    }
    const swapped = state !== null && state.contentDigest === submission.contentDigest && state.request.a !== submission.a;
    if (state?.status === "completed") return this.#reply(state, { cached: true, swapped });
    const fresh = !state;
    const starts = !this.#runner.running && (fresh || state?.status === "failed");
    let hold: QuotaHold | null = null;
    let release: (() => void) | null = null;
    let running: Promise<void>;
    try {
      if (starts) {
        // Only a request that would start comparing is held to its budget and charged to a quota; joining
        // or reading costs nothing. A retried comparison's budget covers what its earlier attempts spent too.
        const spentUsd = fresh ? 0 : state!.usage.cost_usd;
        const ceiling = this.#ceiling(choice, fresh ? submission : state!.request, fresh);
        const shortfall = budgetShortfall(ceiling, spentUsd, submission.budgetUsd);
        if (shortfall) return { kind: "refused", refusal: { reason: "budget_too_low", ...shortfall } };
        if (submission.quota) {
          // Held until the run has started: requests arriving meanwhile join it instead of paying for another.
          release = this.#admitting.hold();
          const decision = await this.#holds.reserve(submission.quota, ceiling.usd, spentUsd);
          if (!decision.ok) return { kind: "refused", refusal: { reason: "quota_exceeded", ...decision.refusal } };
          hold = decision.hold;
        }
      }
      if (fresh) this.#create(submission, choice);
      if (starts) this.#store.setBudget(submission.budgetUsd);
      running = this.#ensureRunning();
    } finally {
      release?.();
    }
    const maxWaiters = configOf(this.env).cellMaxWaiters;
    if (submission.waitMs > 0 && this.#waiters >= maxWaiters) {
      return { kind: "refused", refusal: { reason: "overloaded", maxWaiters, retryAfterSeconds: 1 } };
    }
    this.#waiters += 1;
    try {
      if (submission.waitMs > 0) await waitAtMost(running.catch(() => undefined), submission.waitMs);
    } finally {
      this.#waiters -= 1;
    }
    const reply = this.#reply(this.#store.load()!, { cached: false, swapped: fresh ? false : swapped });
    return hold && reply.kind === "comparison" ? { ...reply, quota: hold.standing } : reply;
  }

  /**
   * The key's quota object asks about reservations of this comparison open long after they were taken:
   * those of a run that ended (or never started) are settled now; the ids still held are returned.
   */
  async settleQuotaHolds(): Promise<string[]> {
    this.#runner.resumeIfInterrupted();
    await this.#admitting.pass();
    const state = this.#store.load();
    return this.#holds.settleIfEnded(this.#ended(state), state?.usage.cost_usd ?? 0);
  }

  /** No run goes on or is left to resume here: what its holds cost is final. */
  #ended(state: ComparisonState | null): boolean {
    return !this.#runner.running && !unfinished(state);
  }

  /** The comparison as it stands, as JSON text, or null for a comparison never asked. */
  async read(): Promise<string | null> {
    this.#runner.resumeIfInterrupted();
    const state = this.#store.load();
    return state ? JSON.stringify(this.#document(state, { cached: state.status === "completed", swapped: false })) : null;
  }

  /**
   * Waits for the push to Turso in progress, if any, and says whether Turso now has the latest state
   * (tests and operators use it; a push that failed is retried by the alarm).
   */
  async flushed(): Promise<boolean> {
    await this.#sync.push();
    return this.#store.unsynced() === null;
  }

  /**
   * Cron reconciliation found this comparison's Turso row unfinished past its deadline: resume a run
   * nobody runs, or push a finished one whose push never landed.
   */
  async reconcile(): Promise<ReconcileOutcome> {
    const resumed = this.#runner.resumeIfInterrupted();
    const state = this.#store.load();
    if (!state) return "missing";
    if (unfinished(state)) return resumed ? "resumed" : "running";
    this.#store.touch();
    await this.#sync.push();
    return "repaired";
  }

  /**
   * The heartbeat of a running comparison, its watchdog, and retries of the Turso push. Never throws:
   * alarms are retried only a few times, so it re-arms instead.
   */
  override async alarm(): Promise<void> {
    try {
      if (this.#runner.wake(Date.now()) === "stuck") {
        const state = this.#store.load()!;
        log("comparison.runner_stuck", { cell_id: state.cellId, run_id: state.runId });
        await this.ctx.storage.setAlarm(Date.now() + configOf(this.env).cellHeartbeatMs);
        this.ctx.abort("the comparison's runner was stuck past its watchdog");
        return;
      }
      await this.#sync.push();
      // Holds a dead instance left on a run that has ended since (or was never created).
      const state = this.#store.load();
      if (!this.#admitting.busy && this.#ended(state)) await this.#holds.settleAll(state?.usage.cost_usd ?? 0);
    } catch (error) {
      log("comparison.alarm_error", { error: String(error) });
    }
    await this.#arm().catch((error: unknown) => log("comparison.alarm_error", { error: String(error) }));
  }

  /** An alarm while there is a run to watch over or a push to retry. */
  async #arm(): Promise<void> {
    const now = Date.now();
    // While a run is alive its heartbeat pushes (once it has changed), so a fast run costs one push, at its end.
    const times = [this.#runner.nextWakeUp(now), this.#runner.running ? null : this.#sync.retryAt(now)].filter((at): at is number => at !== null);
    if (times.length > 0) await this.ctx.storage.setAlarm(Math.max(now + 1, Math.min(...times)));
    else await this.ctx.storage.deleteAlarm();
  }

  /** The worst case of what is still to ask: every juror's, for a panel. */
  #ceiling(choice: JudgeChoice, request: ComparisonState["request"] | (ComparisonSubmission & { rubric: Rubric }), fresh: boolean) {
    if (choice.kind === "panel") return panelComparisonCeiling(choice.panel, request, fresh ? {} : this.#jurors.answers());
    const calls = pendingCalls(request, choice.profile.batch, fresh ? {} : this.#store.answers());
    const axioms = Object.fromEntries(request.rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
    return comparisonCeiling(choice.profile, calls, { ...request, axioms });
  }

  #create(submission: ComparisonSubmission & { rubric: Rubric }, choice: JudgeChoice): void {
    const panel = choice.kind === "panel" ? storedPanel(choice.panel, configOf(this.env).juryDisagreement) : undefined;
    this.#store.create({
      cellId: submission.cellId,
      runId: `cmpr_${crypto.randomUUID().replaceAll("-", "")}`,
      contentDigest: submission.contentDigest,
      request: { a: submission.a, b: submission.b, context: submission.context, reality: submission.reality, rubric: submission.rubric, judge: judgeRecord(choice), ...(panel ? { panel } : {}) },
      ...pendingRun(submission.receivedAt),
    });
    // A failed comparison replaced by one of another pair leaves no juror's answer behind.
    this.#jurors.clear();
  }

  #ensureRunning(): Promise<void> {
    const state = this.#store.load();
    if (!state || state.status === "completed") return Promise.resolve();
    return this.#runner.ensure();
  }

  async #run(resumed: boolean): Promise<void> {
    const state = this.#store.load();
    if (!state || state.status === "completed") return;
    if (resumed) log("comparison.resumed", { cell_id: state.cellId, run_id: state.runId });
    await this.#arm();
    const publish = (event: ComparisonEvent) => this.#hub.publish(state.cellId, event);
    const context = { env: this.env, store: this.#store, publish, state, leaseMs: slowestJudge(this.env, state.request, leaseMs), incarnation: this.#runner.incarnation };
    try {
      const { panel } = state.request;
      if (panel) {
        await runPanelComparison({ ...context, jurors: this.#jurors, panel });
      } else {
        const profile = configOf(this.env).profiles[state.request.judge.profile];
        if (!profile) throw new Error(`judge profile ${state.request.judge.profile} is no longer configured`);
        await runComparison({ ...context, profile });
      }
    } catch (error) {
      log("comparison.run_error", { cell_id: state.cellId, error: String(error) });
      this.#store.finish("failed", { code: "internal", message: "the comparison could not be run" }, Date.now());
    }
    const finished = this.#store.load()!;
    if (finished.status === "completed") {
      publish({ type: "comparison.completed", comparison: this.#document(finished, { cached: false, swapped: false }) });
    } else if (finished.error) {
      publish({ type: "comparison.failed", error: finished.error });
    }
    // Every hold this comparison's runs took, this one's and any a dead instance left.
    this.ctx.waitUntil(this.#holds.settleAll(finished.usage.cost_usd));
    // Off the reply's path: a waiting client is answered from storage, Turso hears of it meanwhile.
    this.ctx.waitUntil(this.#sync.push().then(() => this.#arm()));
  }

  #document(state: ComparisonState, options: { cached: boolean; swapped: boolean }): Comparison {
    const answers: ComparisonAnswers = state.request.panel
      ? { kind: "panel", answers: this.#jurors.answers(), records: this.#jurors.records() }
      : { kind: "single", answers: this.#store.answers() };
    return comparisonDocument(state, answers, options);
  }

  #reply(state: ComparisonState, options: { cached: boolean; swapped: boolean }): ComparisonReply {
    const scoringMs = !options.cached && state.startedAt !== null && state.completedAt !== null ? state.completedAt - state.startedAt : null;
    return { kind: "comparison", status: state.status, text: JSON.stringify(this.#document(state, options)), scoringMs };
  }
}
