import { DurableObject } from "cloudflare:workers";
import { evaluationReport, type PairItem, type ScoredItem } from "../../src/evaluation/report.ts";
import { resolveRubric } from "../../src/rubrics/registry.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";
import type { EvaluationStart } from "../../src/objects/evaluation.ts";
import type { Evaluation } from "../../src/schemas/evaluation.ts";
import { batchIdOf, batchSpecOf, describeBatch, readOutcomes } from "./batch-items.ts";
import { batchStub } from "../../src/objects/batch.ts";
import { EvaluationStore, type EvaluationItem, type EvaluationSettings, type StoredItem } from "./store.ts";
import { log } from "../../src/observability/log.ts";

/** While the batch runs, the object checks on it this often; a fresh instance resumes at its first wake. */
const HEARTBEAT_MS = 2_000;

/**
 * One Durable Object per evaluation: it keeps the labelled items in its SQLite and has them judged by
 * ordinary cells, off the client's request, as a batch (./batch-items.ts: the batch's own runner,
 * concurrency, recovery and budget; pairs as comparison items). An evaluation started before pairs ran
 * as a batch needs nothing else: its batch asks the same cells, and those already compared answer from
 * their record. It computes the report when the batch has ended.
 */
export class EvaluationRun extends DurableObject<Env> {
  readonly #store: EvaluationStore;
  #round: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new EvaluationStore(ctx.storage.sql);
  }

  /** Records the evaluation and starts it; starting one twice changes nothing. */
  async start(start: EvaluationStart): Promise<string> {
    if (this.#store.create(start.evaluationId, start.tenant, start.request, start.createdAt)) {
      const { items, ...settings } = start.request;
      // Created here so the batch starts at once; if this fails, the alarm creates it (creating is idempotent).
      await this.#createBatch(start.evaluationId, { ...settings, tenant: start.tenant }, items).catch(() => undefined);
      await this.ctx.storage.setAlarm(Date.now());
    }
    return this.read() as Promise<string>;
  }

  /** The evaluation's progress, and its report once completed, as JSON text; null if never started. */
  async read(): Promise<string | null> {
    const header = this.#store.header();
    if (!header) return null;
    if (header.status === "running" && !this.#round) this.ctx.waitUntil(this.#ensureAlarm());
    const counts = await this.#progress(header.evaluationId, header.status);
    const evaluation: Evaluation = {
      evaluation_id: header.evaluationId,
      status: header.status,
      total: counts.total,
      done: counts.done,
      failed: counts.failed,
      judge: header.settings.judge,
      ...(header.report ? { report: header.report } : {}),
      created_at: new Date(header.createdAt).toISOString(),
      completed_at: header.completedAt === null ? null : new Date(header.completedAt).toISOString(),
      links: {
        self: `/v1/evaluations/${encodeURIComponent(header.evaluationId)}`,
        batch: `/v1/batches/${batchIdOf(header.evaluationId)}`,
      },
    };
    return JSON.stringify(evaluation);
  }

  /** One round: the due items through their cells, then the next wake-up or the report. Never throws. */
  override async alarm(): Promise<void> {
    try {
      this.#round ??= this.#runRound().finally(() => {
        this.#round = null;
      });
      await this.#round;
    } catch (error) {
      log("evaluation.alarm_error", { error: String(error) });
    } finally {
      await this.#ensureAlarm({ afterAlarm: true });
    }
  }

  /** Items settled so far: the batch's counts while it runs, the evaluation's own once read back. */
  async #progress(evaluationId: string, status: "running" | "completed"): Promise<{ total: number; done: number; failed: number }> {
    const counts = this.#store.counts();
    const batch = status === "running" ? await describeBatch(this.env, this.#store.header()?.settings.tenant ?? OPEN_TENANT, evaluationId).catch(() => null) : null;
    if (batch) return { total: batch.total, done: batch.completed + batch.failed + batch.skipped, failed: batch.failed + batch.skipped };
    return { total: counts.total, done: counts.done + counts.failed, failed: counts.failed };
  }

  /** A round: create the batch if it is missing, read its outcomes back once it has ended. */
  async #batchRound(evaluationId: string, settings: EvaluationSettings): Promise<void> {
    const tenant = settings.tenant ?? OPEN_TENANT;
    const batch = await describeBatch(this.env, tenant, evaluationId);
    if (!batch) return this.#createBatch(evaluationId, settings, this.#store.all().map((stored) => stored.item));
    if (batch.status === "running") return;
    await readOutcomes(this.env, tenant, evaluationId, (index, settled, result) => this.#store.settle(index, settled, result));
    await this.#complete();
  }

  async #createBatch(evaluationId: string, settings: EvaluationSettings, items: readonly EvaluationItem[]): Promise<void> {
    const spec = batchSpecOf(evaluationId, settings, items);
    await batchStub(this.env, spec.tenant, spec.batchId).create(spec);
  }

  async #runRound(): Promise<void> {
    const header = this.#store.header();
    if (!header || header.status !== "running") return;
    await this.#batchRound(header.evaluationId, header.settings);
  }

  async #complete(): Promise<void> {
    const header = this.#store.header()!;
    // Resolved again here rather than stored: a custom rubric's versions are immutable.
    const { verdicts } = await resolveRubric(this.env, header.settings.tenant ?? OPEN_TENANT, header.settings.rubric);
    const items = this.#store.all();
    const threshold = header.settings.threshold;
    const pairs = items.every((stored) => "a" in stored.item);
    const report = pairs
      ? evaluationReport({ kind: "pair", threshold, items: items.map(pairItem) })
      : evaluationReport({ kind: "score", threshold, bands: verdicts, items: items.map(scoredItem) });
    this.#store.complete(report, Date.now());
  }

  /**
   * Keeps the heartbeat armed. Inside the alarm handler, the alarm that is running may still read back
   * as set, and it is deleted when the handler returns: there the next one is always set.
   */
  async #ensureAlarm(options: { afterAlarm?: boolean } = {}): Promise<void> {
    const header = this.#store.header();
    if (!header || header.status !== "running") {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    // The batch runs on its own alarms: this one only checks on it every heartbeat.
    const at = Date.now() + HEARTBEAT_MS;
    // Never later than one already set: a client polling every second would otherwise keep pushing it away.
    const set = options.afterAlarm ? null : await this.ctx.storage.getAlarm();
    if (set === null || set > at) await this.ctx.storage.setAlarm(at);
  }
}

function scoredItem(stored: StoredItem): ScoredItem {
  const item = stored.item as { content: string; label: ScoredItem["label"] };
  const result = stored.result?.kind === "score" ? stored.result : null;
  return { label: item.label, q_score: result?.q_score ?? null, verdict: result?.verdict ?? null, length: item.content.length };
}

function pairItem(stored: StoredItem): PairItem {
  const item = stored.item as { a: string; b: string; label: PairItem["label"] };
  const result = stored.result?.kind === "pair" ? stored.result : null;
  return { label: item.label, winner: result?.winner ?? null, position_consistency: result?.position_consistency ?? null, a_length: item.a.length, b_length: item.b.length };
}
