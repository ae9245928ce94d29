import { DurableObject } from "cloudflare:workers";
import { judgmentDocument } from "../src/cells/judgment-document.ts";
import { configOf, type JudgeProfile } from "../src/config.ts";
import { createDatabase } from "../src/db/client.ts";
import { ApiError, type ErrorCode } from "../src/errors.ts";
import { addCost } from "../src/judge/cost.ts";
import { summarize } from "../src/judge/math.ts";
import { PROMPT_VERSION } from "../src/judge/prompt-version.ts";
import { createProvider } from "../src/judge/providers/index.ts";
import { planBatches, scoreBatches } from "../src/judge/scoring.ts";
import type { Reality, Rubric } from "../src/judge/types.ts";
import type { Judgment } from "../src/schemas/judgment.ts";
import { CellStore, type CellState } from "./cell-store.ts";
import { CellStream } from "./cell-stream.ts";
import { outboxLedger } from "./outbox-ledger.ts";
import { pushJudgment } from "./turso-sync.ts";

/** What the Worker asks of a cell: everything is already validated and resolved. */
export interface CellSubmission {
  cellId: string;
  contentDigest: string;
  content: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  rubric: Rubric;
  profile: string;
  /** How long to wait for the judgment before answering with its current state (0 = async). */
  waitMs: number;
  receivedAt: number;
}

export type CellReply =
  | { kind: "judgment"; judgment: Judgment }
  | { kind: "problem"; code: ErrorCode; detail: string };

/** Watchdog slack beyond the longest a judgment's calls may take, before the alarm resumes it. */
const WATCHDOG_SLACK_MS = 10_000;
const SYNC_BACKOFF_BASE_MS = 1_000;
const SYNC_BACKOFF_MAX_MS = 60_000;

/**
 * One Durable Object per cell: the single writer of that cell's judgment. It coalesces concurrent
 * requests onto one in-flight judgment, persists progress as it goes, and pushes the result to Turso
 * off the client's path.
 */
export class CellDurableObject extends DurableObject<Env> {
  readonly #store: CellStore;
  readonly #stream: CellStream;
  #inflight: Promise<void> | null = null;
  #flushing: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CellStore(ctx.storage.sql);
    this.#stream = new CellStream(ctx, { current: () => this.#store.currentSeq(), next: () => this.#store.nextSeq() });
  }

  /** WebSocket subscriptions: the Worker forwards the raw upgrade request here (hibernation needs it). */
  override async fetch(request: Request): Promise<Response> {
    const cellId = request.headers.get("x-cell-id") ?? "";
    const state = this.#store.load();
    const total = state ? countDimensions(state.request.rubric) : 0;
    const done = Object.keys(this.#store.dimensions()).length;
    const finished = state?.status === "completed" || state?.status === "failed";
    return this.#stream.accept(state?.cellId ?? cellId, {
      status: state?.status ?? "none",
      done,
      total,
      ...(state && finished ? { judgment: this.#document(state, state.status === "completed") } : {}),
    });
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

  /** Judges the cell once: returns the stored judgment, joins the one in flight, or starts it. */
  async submit(submission: CellSubmission): Promise<CellReply> {
    try {
      return await this.#submit(submission);
    } catch (error) {
      // Errors cross RPC as plain Errors: hand typed ones back as data so the Worker keeps their code.
      if (error instanceof ApiError) return { kind: "problem", code: error.code, detail: error.message };
      throw error;
    }
  }

  async #submit(submission: CellSubmission): Promise<CellReply> {
    const state = this.#store.load();
    if (state && state.contentDigest !== submission.contentDigest && state.status !== "failed") {
      return {
        kind: "problem",
        code: "cell_conflict",
        detail: `cell ${submission.cellId} already holds a judgment of different content`,
      };
    }
    if (state?.status === "completed") return { kind: "judgment", judgment: this.#document(state, true) };
    if (!state || state.contentDigest !== submission.contentDigest) this.#create(submission);
    const inflight = this.#ensureRunning();
    await waitAtMost(inflight, submission.waitMs);
    return { kind: "judgment", judgment: this.#document(this.#store.load()!, false) };
  }

  /** The cell's judgment as it stands, or null for a cell never asked. */
  async read(): Promise<Judgment | null> {
    const state = this.#store.load();
    return state ? this.#document(state, state.status === "completed") : null;
  }

  /**
   * Pushes whatever the outbox holds to Turso now (reconciliation and tests use it);
   * resolves to the number of outbox entries still pending afterwards.
   */
  async resync(): Promise<number> {
    await this.#flush();
    return this.#store.pendingSync() ? 1 : 0;
  }

  /**
   * Resumes a judgment interrupted by a restart and retries pushes to Turso. Alarms are retried only a
   * few times when they throw, so this never throws: it re-arms itself with backoff instead.
   */
  override async alarm(): Promise<void> {
    try {
      const state = this.#store.load();
      if (state && (state.status === "pending" || state.status === "scoring")) await this.#ensureRunning();
      await this.#flush();
    } catch (error) {
      console.error(JSON.stringify({ event: "cell.alarm_error", error: String(error) }));
    } finally {
      await this.#armAlarm();
    }
  }

  #create(submission: CellSubmission): void {
    const profile = this.#profile(submission.profile);
    const provider = createProvider(profile);
    const state: CellState = {
      cellId: submission.cellId,
      judgmentId: `j_${crypto.randomUUID().replaceAll("-", "")}`,
      status: "pending",
      contentDigest: submission.contentDigest,
      request: {
        content: submission.content,
        context: submission.context,
        reality: submission.reality,
        rubric: submission.rubric,
        judge: { profile: profile.name, provider: provider.provider, model: provider.model, prompt_version: PROMPT_VERSION },
      },
      summary: null,
      error: null,
      usage: { llm_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 },
      createdAt: submission.receivedAt,
      startedAt: null,
      completedAt: null,
      attempts: 0,
    };
    this.#store.create(state);
  }

  /** The one in-flight judgment of this cell; started if none runs (first request, retry or resume). */
  #ensureRunning(): Promise<void> {
    if (this.#inflight) return this.#inflight;
    const state = this.#store.load();
    if (!state || state.status === "completed") return Promise.resolve();
    this.#inflight = this.#run(state).finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #run(state: CellState): Promise<void> {
    const profile = this.#profile(state.request.judge.profile);
    const rubric = state.request.rubric;
    this.#store.markScoring(Date.now());
    const total = countDimensions(rubric);
    this.#stream.publish(state.cellId, {
      type: "judgment.started",
      judgment_id: state.judgmentId,
      rubric: { id: rubric.id, version: rubric.version },
      total,
    });
    await this.ctx.storage.setAlarm(Date.now() + watchdogMs(profile));
    try {
      const provider = createProvider(profile);
      const scored = this.#store.dimensions();
      const pending = new Set(
        rubric.axioms.flatMap((axiom) => axiom.dimensions.map((d) => d.id)).filter((id) => !scored[id]),
      );
      let usage = state.usage;
      let done = total - pending.size;
      await scoreBatches({
        provider,
        input: { content: state.request.content, context: state.request.context },
        batches: planBatches(rubric, profile.batch, pending),
        concurrency: profile.concurrency,
        onBatch: (batch, result) => {
          usage = addCost(usage, result.usage, profile);
          this.#store.recordBatch(result.outcomes, usage);
          for (const dimension of batch) {
            const outcome = result.outcomes[dimension.id];
            if (!outcome) continue;
            done += 1;
            this.#stream.publish(
              state.cellId,
              outcome.status === "scored"
                ? { type: "dimension.scored", dimension: dimension.id, axiom: dimension.axiom, score: outcome.score, done, total }
                : { type: "dimension.failed", dimension: dimension.id, error: outcome.error },
            );
          }
        },
      });
      const result = summarize(rubric, this.#store.dimensions(), state.request.reality);
      if (result.ok) this.#store.finish("completed", { summary: result.summary }, Date.now());
      else this.#store.finish("failed", { error: { code: result.code, message: result.message } }, Date.now());
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError("internal", "the judgment could not be run");
      if (!(error instanceof ApiError)) console.error(JSON.stringify({ event: "cell.run_error", error: String(error) }));
      this.#store.finish("failed", { error: { code: failure.code, message: failure.message } }, Date.now());
    }
    this.#publishOutcome();
    // The push to Turso runs after the waiting requests are answered; the alarm retries it if it fails.
    this.ctx.waitUntil(this.#flush().catch(() => undefined));
  }

  /** Pushes the cell's state to Turso until the outbox is empty, one push at a time. */
  #flush(): Promise<void> {
    this.#flushing ??= this.#drainOutbox().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #drainOutbox(): Promise<void> {
    for (let pending = this.#store.pendingSync(); pending; pending = this.#store.pendingSync()) {
      const state = this.#store.load();
      if (!state) return this.#store.syncDone(pending.upTo);
      try {
        const db = createDatabase(configOf(this.env));
        await pushJudgment(db, this.#document(state, false), state.contentDigest, Date.now());
        this.#store.syncDone(pending.upTo);
        if (pending.attempts > 0) await this.#reportToLedger(state.cellId, false, 0);
      } catch (error) {
        const delay = Math.min(SYNC_BACKOFF_BASE_MS * 2 ** pending.attempts, SYNC_BACKOFF_MAX_MS);
        const next = Date.now() + delay * (0.5 + Math.random() / 2);
        this.#store.syncFailed(pending.upTo, String(error), next);
        console.warn(JSON.stringify({ event: "cell.sync_failed", cell_id: state.cellId, attempts: pending.attempts + 1, error: String(error) }));
        await this.#reportToLedger(state.cellId, true, pending.attempts + 1);
        await this.#armAlarm();
        return;
      }
    }
  }

  async #reportToLedger(cellId: string, pending: boolean, attempts: number): Promise<void> {
    try {
      await outboxLedger(this.env).report(cellId, pending, attempts);
    } catch (error) {
      // The ledger only feeds /health and reconciliation; the outbox itself is the source of truth.
      console.warn(JSON.stringify({ event: "cell.ledger_unreachable", cell_id: cellId, error: String(error) }));
    }
  }

  /** Keeps an alarm set while there is work: an unfinished judgment or a pending push. */
  async #armAlarm(): Promise<void> {
    const state = this.#store.load();
    const pending = this.#store.pendingSync();
    let at: number | null = pending ? pending.nextAttemptAt : null;
    if (state && (state.status === "pending" || state.status === "scoring")) {
      const watchdog = Date.now() + watchdogMs(this.#profile(state.request.judge.profile));
      at = at === null ? watchdog : Math.min(at, watchdog);
    }
    if (at !== null) await this.ctx.storage.setAlarm(Math.max(at, Date.now() + 10));
  }

  #publishOutcome(): void {
    const state = this.#store.load();
    if (!state) return;
    if (state.status === "completed") {
      this.#stream.publish(state.cellId, { type: "judgment.completed", judgment: this.#document(state, false) });
    } else if (state.error) {
      this.#stream.publish(state.cellId, { type: "judgment.failed", error: state.error });
    }
  }

  #document(state: CellState, cached: boolean): Judgment {
    return judgmentDocument(state, this.#store.dimensions(), { cached });
  }

  #profile(name: string): JudgeProfile {
    const profile = configOf(this.env).profiles[name];
    if (!profile) throw new ApiError("invalid_request", `unknown judge profile "${name}"`);
    return profile;
  }
}

function countDimensions(rubric: Rubric): number {
  return rubric.axioms.reduce((sum, axiom) => sum + axiom.dimensions.length, 0);
}

/** How long a judgment may run before the watchdog alarm assumes it was interrupted. */
function watchdogMs(profile: JudgeProfile): number {
  return profile.timeout_ms * (profile.retries + 1) * 2 + WATCHDOG_SLACK_MS;
}

/** Resolves when `work` settles or after `ms`, whichever is first; never rejects. */
async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  if (ms <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
