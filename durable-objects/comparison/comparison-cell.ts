import { DurableObject } from "cloudflare:workers";
import { waitAtMost } from "../../src/async/wait-at-most.ts";
import { comparisonDocument } from "../../src/cells/comparison-document.ts";
import { configOf, type JudgeProfile } from "../../src/config.ts";
import { HEURISTIC_MODEL } from "../../src/judge/heuristic/index.ts";
import { comparisonCeiling } from "../../src/judge/comparison/estimate.ts";
import { budgetShortfall } from "../../src/judge/spend-guard.ts";
import { PROMPT_VERSION } from "../../src/judge/prompt-version.ts";
import type { Rubric } from "../../src/judge/types.ts";
import type { ComparisonReply, ComparisonSubmission } from "../../src/objects/comparison.ts";
import { builtInRubric } from "../../src/rubrics/ref.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { ComparisonEvent } from "../../src/schemas/stream.ts";
import { SocketHub } from "../../src/streams/socket-hub.ts";
import { countPairs, pendingCalls, runComparison } from "./run.ts";
import { ComparisonStore, type ComparisonState } from "./store.ts";
import { log } from "../../src/observability/log.ts";

/** While a comparison runs, its object wakes this often: a fresh instance finding it unfinished resumes it. */
const HEARTBEAT_MS = 5_000;

const unfinished = (state: ComparisonState | null) => state?.status === "pending" || state?.status === "scoring";

/**
 * One Durable Object per comparison: the single writer of one pairwise comparison, exactly as a cell is
 * of one judgment. It coalesces concurrent requests onto one run, records each (order, dimension)
 * answer as it lands, resumes an interrupted run from its heartbeat alarm or from the next request,
 * and streams `comparison.*` frames.
 */
export class ComparisonCell extends DurableObject<Env> {
  readonly #store: ComparisonStore;
  readonly #hub: SocketHub<ComparisonEvent>;
  #inflight: Promise<void> | null = null;
  /** This instance, towards the gate (src/objects/gate.ts: GateHolder). */
  readonly #incarnation = crypto.randomUUID();
  #waiters = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new ComparisonStore(ctx.storage.sql);
    this.#hub = new SocketHub(ctx, { current: () => this.#store.currentSeq(), next: () => this.#store.nextSeq() }, { maxSockets: () => configOf(env).cellMaxSockets });
  }

  override async fetch(request: Request): Promise<Response> {
    const state = this.#resumeIfInterrupted();
    const finished = state?.status === "completed" || state?.status === "failed";
    return this.#hub.accept(this.ctx.id.name ?? "", {
      status: state?.status ?? "none",
      done: this.#store.answeredCount(),
      total: state ? countPairs(state.request.rubric) : 0,
      ...(state && finished ? { comparison: this.#document(state, { cached: true, swapped: false }) } : {}),
    }, request.headers.get("sec-websocket-protocol"));
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#hub.onMessage(socket, message);
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.#hub.onClose(socket, code, reason);
  }

  /** Compares once: returns the stored comparison, joins the run in flight, or starts it. */
  async submit(received: ComparisonSubmission): Promise<ComparisonReply> {
    const rubric = typeof received.rubric === "string" ? builtInRubric(received.rubric) : received.rubric;
    if (!rubric) return { kind: "refused", refusal: { reason: "unknown_rubric", rubric: String(received.rubric) } };
    const profile = configOf(this.env).profiles[received.profile];
    if (!profile) return { kind: "refused", refusal: { reason: "unknown_profile", profile: received.profile } };
    const submission = { ...received, rubric };
    let state = this.#store.load();
    if (state && state.contentDigest !== submission.contentDigest && state.status !== "failed") {
      return { kind: "refused", refusal: { reason: "conflict", cellId: submission.cellId } };
    }
    const swapped = state !== null && state.contentDigest === submission.contentDigest && state.request.a !== submission.a;
    if (state?.status === "completed") return this.#reply(state, { cached: true, swapped });
    const fresh = !state || state.contentDigest !== submission.contentDigest;
    const starts = !this.#inflight && (fresh || state?.status === "failed");
    if (starts) {
      const request = fresh ? { ...submission, judge: judgeOf(profile) } : state!.request;
      const calls = pendingCalls(request, profile.batch, fresh ? {} : this.#store.answers());
      const axioms = Object.fromEntries(request.rubric.axioms.map((axiom) => [axiom.id, axiom.description]));
      // A retried comparison's budget covers what its earlier attempts spent too.
      const spentUsd = fresh ? 0 : state!.usage.cost_usd;
      const shortfall = budgetShortfall(comparisonCeiling(profile, calls, { ...request, axioms }), spentUsd, submission.budgetUsd);
      if (shortfall) return { kind: "refused", refusal: { reason: "budget_too_low", ...shortfall } };
    }
    if (fresh) state = this.#create(submission, profile);
    if (starts) this.#store.setBudget(submission.budgetUsd);
    const running = this.#ensureRunning();
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
    return this.#reply(this.#store.load()!, { cached: false, swapped: fresh ? false : swapped });
  }

  /** The comparison as it stands, as JSON text, or null for a comparison never asked. */
  async read(): Promise<string | null> {
    const state = this.#resumeIfInterrupted();
    return state ? JSON.stringify(this.#document(state, { cached: state.status === "completed", swapped: false })) : null;
  }

  /** The heartbeat: a run alive in this instance re-arms; one left by a previous instance is resumed. */
  override async alarm(): Promise<void> {
    try {
      const running = unfinished(this.#store.load()) && !this.#inflight ? this.#ensureRunning() : null;
      await running;
    } catch (error) {
      log("comparison.alarm_error", { error: String(error) });
    } finally {
      await this.#armHeartbeat();
    }
  }

  /** Any entry into a fresh instance resumes an interrupted run at once: nobody waits for the alarm. */
  #resumeIfInterrupted(): ComparisonState | null {
    const state = this.#store.load();
    if (unfinished(state) && !this.#inflight) this.ctx.waitUntil(this.#ensureRunning());
    return state;
  }

  #create(submission: ComparisonSubmission & { rubric: Rubric }, profile: JudgeProfile): ComparisonState {
    const state: ComparisonState = {
      cellId: submission.cellId,
      runId: `cmpr_${crypto.randomUUID().replaceAll("-", "")}`,
      status: "pending",
      contentDigest: submission.contentDigest,
      request: { a: submission.a, b: submission.b, context: submission.context, reality: submission.reality, rubric: submission.rubric, judge: judgeOf(profile) },
      error: null,
      usage: { llm_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 },
      createdAt: submission.receivedAt,
      startedAt: null,
      completedAt: null,
      attempts: 0,
    };
    this.#store.create(state);
    return state;
  }

  #ensureRunning(): Promise<void> {
    if (this.#inflight) return this.#inflight;
    const state = this.#store.load();
    if (!state || state.status === "completed") return Promise.resolve();
    this.#inflight = this.#run(state).finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #run(state: ComparisonState): Promise<void> {
    const profile = configOf(this.env).profiles[state.request.judge.profile];
    await this.#armHeartbeat(true);
    try {
      if (!profile) throw new Error(`judge profile ${state.request.judge.profile} is no longer configured`);
      const publish = (event: ComparisonEvent) => this.#hub.publish(state.cellId, event);
      await runComparison({ env: this.env, store: this.#store, publish, profile, state, leaseMs: profile.timeout_ms * (profile.retries + 1) * 2 + 10_000, incarnation: this.#incarnation });
    } catch (error) {
      log("comparison.run_error", { cell_id: state.cellId, error: String(error) });
      this.#store.finish("failed", { code: "internal", message: "the comparison could not be run" }, Date.now());
    }
    const finished = this.#store.load()!;
    if (finished.status === "completed") {
      this.#hub.publish(finished.cellId, { type: "comparison.completed", comparison: this.#document(finished, { cached: false, swapped: false }) });
    } else if (finished.error) {
      this.#hub.publish(finished.cellId, { type: "comparison.failed", error: finished.error });
    }
    await this.#armHeartbeat();
  }

  /** An alarm only while there is a run to watch over. */
  async #armHeartbeat(running = false): Promise<void> {
    if (running || unfinished(this.#store.load())) await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_MS);
    else await this.ctx.storage.deleteAlarm();
  }

  #document(state: ComparisonState, options: { cached: boolean; swapped: boolean }): Comparison {
    return comparisonDocument(state, this.#store.answers(), options);
  }

  #reply(state: ComparisonState, options: { cached: boolean; swapped: boolean }): ComparisonReply {
    const scoringMs = !options.cached && state.startedAt !== null && state.completedAt !== null ? state.completedAt - state.startedAt : null;
    return { kind: "comparison", status: state.status, text: JSON.stringify(this.#document(state, options)), scoringMs };
  }
}

function judgeOf(profile: JudgeProfile) {
  return {
    profile: profile.name,
    provider: profile.provider,
    model: profile.provider === "heuristic" ? HEURISTIC_MODEL : profile.model,
    prompt_version: PROMPT_VERSION,
  };
}
